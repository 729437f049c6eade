//! The security server's scenarios: the run's own app sign-in policy, its rules, its own network
//! zones, trusted origins and device assurance policies. Nothing here touches a policy, rule, zone
//! or origin the run did not create; no zone the run makes is a BLOCKLIST zone, no app is mapped
//! to the run's policy and no rule requires the run's device assurance policy, so none of them
//! changes anyone's sign-in. Authenticators and identity providers are the org's own: no scenario
//! activates or deactivates one (only the fixtures' missing ids are called).

use super::{Cleanup, Scenario, Step};

/// An app sign-in policy owned by the run. No app is mapped to it, so it changes no one's sign-in.
const ACCESS_POLICY: Step = Step {
    tool: "okta_create_org_policy",
    args: r#"{"name": "{{runPrefix}}-{{seq}}", "type": "ACCESS_POLICY", "description": "okta-mcp recording"}"#,
    bind: &[("policy", "/id")],
};

const DEACTIVATE_POLICY: Step = Step {
    tool: "okta_deactivate_org_policy",
    args: r#"{"policyId": "{{policy}}"}"#,
    bind: &[],
};

/// A rule of the run's policy (which governs no app).
const ACCESS_RULE: Step = Step {
    tool: "okta_create_org_policy_rule",
    args: r#"{"policyId": "{{policy}}", "name": "{{runPrefix}}-{{seq}}", "type": "ACCESS_POLICY",
        "conditions": {"network": {"connection": "ANYWHERE"}},
        "actions": {"appSignOn": {"access": "ALLOW", "verificationMethod": {"factorMode": "2FA", "type": "ASSURANCE", "reauthenticateIn": "PT2H"}}}}"#,
    bind: &[("rule", "/id")],
};

/// The same rule, created INACTIVE.
const INACTIVE_ACCESS_RULE: Step = Step {
    tool: "okta_create_org_policy_rule",
    args: r#"{"policyId": "{{policy}}", "name": "{{runPrefix}}-{{seq}}", "type": "ACCESS_POLICY", "activate": false,
        "conditions": {"network": {"connection": "ANYWHERE"}},
        "actions": {"appSignOn": {"access": "ALLOW", "verificationMethod": {"factorMode": "2FA", "type": "ASSURANCE", "reauthenticateIn": "PT2H"}}}}"#,
    bind: &[("rule", "/id")],
};

/// An IP zone of documentation addresses (TEST-NET-3) for policies, owned by the run: no policy
/// names it and it blocks nothing.
const IP_ZONE: Step = Step {
    tool: "okta_create_network_zone",
    args: r#"{"name": "{{runPrefix}}-{{seq}}", "type": "IP", "usage": "POLICY",
        "gateways": [{"type": "CIDR", "value": "203.0.113.0/24"}]}"#,
    bind: &[("zone", "/id")],
};

const DEACTIVATE_ZONE: Step = Step {
    tool: "okta_deactivate_network_zone",
    args: r#"{"zoneId": "{{zone}}"}"#,
    bind: &[],
};

/// A trusted origin owned by the run: ACTIVE, CORS only, its name and host carrying the run prefix.
const TRUSTED_ORIGIN: Step = Step {
    tool: "okta_create_trusted_origin",
    args: r#"{"name": "{{runPrefix}}-{{seq}}", "origin": "https://{{seq}}.{{runPrefix}}.example.com",
        "scopes": [{"type": "CORS"}]}"#,
    bind: &[("trustedOrigin", "/id"), ("originUrl", "/origin")],
};

const DEACTIVATE_ORIGIN: Step = Step {
    tool: "okta_deactivate_trusted_origin",
    args: r#"{"trustedOriginId": "{{trustedOrigin}}"}"#,
    bind: &[],
};

/// A macOS device assurance policy owned by the run, required by no rule.
const DEVICE_ASSURANCE: Step = Step {
    tool: "okta_create_device_assurance_policy",
    args: r#"{"policy": {"name": "{{runPrefix}}-{{seq}}", "platform": "MACOS", "osVersion": {"minimum": "14.0"}}}"#,
    bind: &[("deviceAssurance", "/id"), ("policyName", "/name")],
};

const RUN_NAME: (&str, &str) = ("/name", "{{runPrefix}}-{{seq}}");
const POLICY: &[(&str, &str)] = &[("/policyId", "{{policy}}")];
const POLICY_RULE: &[(&str, &str)] = &[("/policyId", "{{policy}}"), ("/ruleId", "{{rule}}")];
const ZONE: &[(&str, &str)] = &[("/zoneId", "{{zone}}")];
const TRUSTED_ORIGIN_ID: &[(&str, &str)] = &[("/trustedOriginId", "{{trustedOrigin}}")];
const DEVICE_ASSURANCE_ID: &[(&str, &str)] = &[("/deviceAssuranceId", "{{deviceAssurance}}")];

pub static SCENARIOS: &[Scenario] = &[
    Scenario {
        tool: "okta_get_org_policy",
        cases: &["success"],
        steps: &[ACCESS_POLICY],
        inject: POLICY,
    },
    Scenario {
        tool: "okta_create_org_policy",
        cases: &["success", "error_validation"],
        steps: &[],
        inject: &[RUN_NAME],
    },
    Scenario {
        tool: "okta_update_org_policy",
        cases: &["success"],
        steps: &[ACCESS_POLICY],
        inject: &[("/policyId", "{{policy}}"), RUN_NAME],
    },
    Scenario {
        // The blank name is the error: only the policy is the run's.
        tool: "okta_update_org_policy",
        cases: &["error_validation"],
        steps: &[ACCESS_POLICY],
        inject: POLICY,
    },
    Scenario {
        tool: "okta_delete_org_policy",
        cases: &["success"],
        steps: &[ACCESS_POLICY],
        inject: POLICY,
    },
    Scenario {
        tool: "okta_deactivate_org_policy",
        cases: &["success"],
        steps: &[ACCESS_POLICY],
        inject: POLICY,
    },
    Scenario {
        tool: "okta_activate_org_policy",
        cases: &["success"],
        steps: &[ACCESS_POLICY, DEACTIVATE_POLICY],
        inject: POLICY,
    },
    Scenario {
        tool: "okta_list_org_policy_mappings",
        cases: &["success"],
        steps: &[ACCESS_POLICY],
        inject: POLICY,
    },
    Scenario {
        tool: "okta_list_org_policy_rules",
        cases: &["success"],
        steps: &[ACCESS_POLICY, ACCESS_RULE],
        inject: POLICY,
    },
    Scenario {
        tool: "okta_get_org_policy_rule",
        cases: &["success"],
        steps: &[ACCESS_POLICY, ACCESS_RULE],
        inject: POLICY_RULE,
    },
    Scenario {
        tool: "okta_get_org_policy_rule",
        cases: &["error_not_found"],
        steps: &[ACCESS_POLICY],
        inject: POLICY,
    },
    Scenario {
        tool: "okta_create_org_policy_rule",
        cases: &["success", "error_validation"],
        steps: &[ACCESS_POLICY],
        inject: &[("/policyId", "{{policy}}"), RUN_NAME],
    },
    Scenario {
        tool: "okta_update_org_policy_rule",
        cases: &["success"],
        steps: &[ACCESS_POLICY, ACCESS_RULE],
        inject: &[
            ("/policyId", "{{policy}}"),
            ("/ruleId", "{{rule}}"),
            RUN_NAME,
        ],
    },
    Scenario {
        tool: "okta_update_org_policy_rule",
        cases: &["error_not_found"],
        steps: &[ACCESS_POLICY],
        inject: &[("/policyId", "{{policy}}"), RUN_NAME],
    },
    Scenario {
        tool: "okta_delete_org_policy_rule",
        cases: &["success"],
        steps: &[ACCESS_POLICY, ACCESS_RULE],
        inject: POLICY_RULE,
    },
    Scenario {
        tool: "okta_deactivate_org_policy_rule",
        cases: &["success"],
        steps: &[ACCESS_POLICY, ACCESS_RULE],
        inject: POLICY_RULE,
    },
    Scenario {
        tool: "okta_activate_org_policy_rule",
        cases: &["success"],
        steps: &[ACCESS_POLICY, INACTIVE_ACCESS_RULE],
        inject: POLICY_RULE,
    },
    Scenario {
        // A missing rule of the run's own policy.
        tool: "okta_delete_org_policy_rule",
        cases: &["error_not_found"],
        steps: &[ACCESS_POLICY],
        inject: POLICY,
    },
    Scenario {
        tool: "okta_activate_org_policy_rule",
        cases: &["error_not_found"],
        steps: &[ACCESS_POLICY],
        inject: POLICY,
    },
    Scenario {
        tool: "okta_deactivate_org_policy_rule",
        cases: &["error_not_found"],
        steps: &[ACCESS_POLICY],
        inject: POLICY,
    },
    // Network zones: POLICY zones of documentation addresses, never a BLOCKLIST zone.
    Scenario {
        tool: "okta_get_network_zone",
        cases: &["success"],
        steps: &[IP_ZONE],
        inject: ZONE,
    },
    Scenario {
        tool: "okta_create_network_zone",
        cases: &["success", "dynamic", "error_validation"],
        steps: &[],
        inject: &[RUN_NAME],
    },
    Scenario {
        tool: "okta_update_network_zone",
        cases: &["success"],
        steps: &[IP_ZONE],
        inject: &[("/zoneId", "{{zone}}"), RUN_NAME],
    },
    Scenario {
        // Identity Engine orgs delete only INACTIVE zones.
        tool: "okta_delete_network_zone",
        cases: &["success"],
        steps: &[IP_ZONE, DEACTIVATE_ZONE],
        inject: ZONE,
    },
    Scenario {
        tool: "okta_activate_network_zone",
        cases: &["success"],
        steps: &[IP_ZONE, DEACTIVATE_ZONE],
        inject: ZONE,
    },
    Scenario {
        tool: "okta_deactivate_network_zone",
        cases: &["success"],
        steps: &[IP_ZONE],
        inject: ZONE,
    },
    // Trusted origins: the run's own, on hosts under the run prefix.
    Scenario {
        tool: "okta_create_trusted_origin",
        cases: &["success"],
        steps: &[],
        inject: &[
            RUN_NAME,
            ("/origin", "https://{{seq}}.{{runPrefix}}.example.com"),
        ],
    },
    Scenario {
        // The origin is taken (by an origin of the run), so Okta refuses it.
        tool: "okta_create_trusted_origin",
        cases: &["error_duplicate"],
        steps: &[TRUSTED_ORIGIN],
        inject: &[RUN_NAME, ("/origin", "{{originUrl}}")],
    },
    Scenario {
        tool: "okta_get_trusted_origin",
        cases: &["success"],
        steps: &[TRUSTED_ORIGIN],
        inject: TRUSTED_ORIGIN_ID,
    },
    Scenario {
        tool: "okta_update_trusted_origin",
        cases: &["success"],
        steps: &[TRUSTED_ORIGIN],
        inject: &[
            ("/trustedOriginId", "{{trustedOrigin}}"),
            RUN_NAME,
            ("/origin", "{{originUrl}}"),
        ],
    },
    Scenario {
        tool: "okta_delete_trusted_origin",
        cases: &["success"],
        steps: &[TRUSTED_ORIGIN],
        inject: TRUSTED_ORIGIN_ID,
    },
    Scenario {
        tool: "okta_activate_trusted_origin",
        cases: &["success"],
        steps: &[TRUSTED_ORIGIN, DEACTIVATE_ORIGIN],
        inject: TRUSTED_ORIGIN_ID,
    },
    Scenario {
        tool: "okta_deactivate_trusted_origin",
        cases: &["success"],
        steps: &[TRUSTED_ORIGIN],
        inject: TRUSTED_ORIGIN_ID,
    },
    // Device assurance policies: the run's own, required by no authentication policy rule.
    Scenario {
        tool: "okta_create_device_assurance_policy",
        cases: &["success", "windows_dynamic"],
        steps: &[],
        inject: &[("/policy/name", "{{runPrefix}}-{{seq}}")],
    },
    Scenario {
        // The name is taken (by a policy of the run), so Okta refuses it.
        tool: "okta_create_device_assurance_policy",
        cases: &["error_validation"],
        steps: &[DEVICE_ASSURANCE],
        inject: &[("/policy/name", "{{policyName}}")],
    },
    Scenario {
        tool: "okta_get_device_assurance_policy",
        cases: &["success"],
        steps: &[DEVICE_ASSURANCE],
        inject: DEVICE_ASSURANCE_ID,
    },
    Scenario {
        tool: "okta_update_device_assurance_policy",
        cases: &["success"],
        steps: &[DEVICE_ASSURANCE],
        inject: &[
            ("/deviceAssuranceId", "{{deviceAssurance}}"),
            ("/policy/name", "{{runPrefix}}-{{seq}}"),
        ],
    },
    Scenario {
        tool: "okta_delete_device_assurance_policy",
        cases: &["success"],
        steps: &[DEVICE_ASSURANCE],
        inject: DEVICE_ASSURANCE_ID,
    },
];

pub static CLEANUPS: &[Cleanup] = &[
    Cleanup {
        create: "okta_create_org_policy",
        steps: &[
            ("okta_deactivate_org_policy", r#"{"policyId": "{{id}}"}"#),
            ("okta_delete_org_policy", r#"{"policyId": "{{id}}"}"#),
        ],
    },
    Cleanup {
        create: "okta_create_org_policy_rule",
        steps: &[(
            "okta_delete_org_policy_rule",
            r#"{"policyId": "{{args.policyId}}", "ruleId": "{{id}}"}"#,
        )],
    },
    Cleanup {
        create: "okta_create_network_zone",
        steps: &[
            ("okta_deactivate_network_zone", r#"{"zoneId": "{{id}}"}"#),
            ("okta_delete_network_zone", r#"{"zoneId": "{{id}}"}"#),
        ],
    },
    Cleanup {
        create: "okta_create_trusted_origin",
        steps: &[(
            "okta_delete_trusted_origin",
            r#"{"trustedOriginId": "{{id}}"}"#,
        )],
    },
    Cleanup {
        create: "okta_create_device_assurance_policy",
        steps: &[(
            "okta_delete_device_assurance_policy",
            r#"{"deviceAssuranceId": "{{id}}"}"#,
        )],
    },
];
