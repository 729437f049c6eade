//! The security server's scenarios: the run's own app sign-in policy, its rules and its own
//! network zones. Nothing here touches a policy, rule or zone the run did not create; no zone
//! the run makes is a BLOCKLIST zone, and no app is mapped to the run's policy, so none of them
//! changes anyone's sign-in.

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

const RUN_NAME: (&str, &str) = ("/name", "{{runPrefix}}-{{seq}}");
const POLICY: &[(&str, &str)] = &[("/policyId", "{{policy}}")];
const POLICY_RULE: &[(&str, &str)] = &[("/policyId", "{{policy}}"), ("/ruleId", "{{rule}}")];
const ZONE: &[(&str, &str)] = &[("/zoneId", "{{zone}}")];

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
];
