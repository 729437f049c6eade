//! The rules of an org policy: who and where (conditions), and what then (actions: allow, deny,
//! authenticators, session lifetimes). Not the rules of a custom authorization server's policies
//! (okta-mcp-policy's okta_*_policy_rule).

use okta_mcp_core::params::Limit;
use okta_mcp_core::summary;
use okta_mcp_core::tool::ToolError;
use okta_mcp_core::{Decl, Route, ToolInput, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::org_policies::Status;

pub fn tools() -> Vec<ToolSpec> {
    vec![
        list_org_policy_rules(),
        get_org_policy_rule(),
        create_org_policy_rule(),
        update_org_policy_rule(),
        delete_org_policy_rule(),
        activate_org_policy_rule(),
        deactivate_org_policy_rule(),
    ]
}

// Okta's `PolicyRuleType`, every value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
enum RuleType {
    AccessPolicy,
    DeviceSignalCollection,
    EntityRisk,
    IdpDiscovery,
    MfaEnroll,
    Password,
    PostAuthSession,
    ProfileEnrollment,
    SignOn,
    SessionViolationDetection,
    ClientUpdate,
    IdentityClaimSourcing,
}

// The rule types a policy takes more of: PROFILE_ENROLLMENT, POST_AUTH_SESSION, CLIENT_UPDATE and
// IDENTITY_CLAIM_SOURCING policies keep the rules Okta gave them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
enum NewRuleType {
    AccessPolicy,
    DeviceSignalCollection,
    EntityRisk,
    IdpDiscovery,
    MfaEnroll,
    Password,
    SignOn,
    SessionViolationDetection,
}

/// Arguments of okta_list_org_policy_rules.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ListRules {
    /// 00p… or rst…
    #[arg(path)]
    policy_id: String,
    /// Max rules
    #[arg(query)]
    limit: Option<Limit>,
}

fn list_org_policy_rules() -> ToolSpec {
    ToolSpec::new::<ListRules>(Decl {
        name: "okta_list_org_policy_rules",
        title: "List org policy rules",
        description: "By priority. Authorization server rules: okta_list_policy_rules.",
        kind: ToolKind::Read,
        scope: "okta.policies.read",
        route: Route::get("/api/v1/policies/{policyId}/rules"),
    })
    .summary(summary::POLICY)
    .build()
}

/// Arguments naming one rule of an org policy.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RuleRef {
    /// 00p… or rst…
    #[arg(path)]
    policy_id: String,
    /// 0pr… or rul…
    #[arg(path)]
    rule_id: String,
}

fn get_org_policy_rule() -> ToolSpec {
    ToolSpec::new::<RuleRef>(Decl {
        name: "okta_get_org_policy_rule",
        title: "Get org policy rule",
        description: "Its conditions and actions are the shape to copy for rules of that policy type.",
        kind: ToolKind::Read,
        scope: "okta.policies.read",
        route: Route::get("/api/v1/policies/{policyId}/rules/{ruleId}"),
    })
    .build()
}

/// Arguments of okta_create_org_policy_rule.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CreateRule {
    /// 00p… or rst…
    #[arg(path)]
    policy_id: String,
    #[arg(body)]
    name: String,
    /// The policy's type; SIGN_ON for OKTA_SIGN_ON
    #[serde(rename = "type")]
    #[arg(body)]
    rule_type: NewRuleType,
    /// 1 is first
    #[arg(body)]
    priority: Option<u32>,
    /// Per type, e.g. `{"people":{"groups":{"include":["00g…"]}}}`
    #[arg(body)]
    conditions: Option<Map<String, Value>>,
    /// Per type: ACCESS_POLICY `{"appSignOn":{"access":"ALLOW","verificationMethod":{…}}}`, SIGN_ON `{"signon":{"access":"ALLOW",…}}`
    #[arg(body)]
    actions: Option<Map<String, Value>>,
    /// Default true
    #[arg(query)]
    activate: Option<bool>,
}

fn create_org_policy_rule() -> ToolSpec {
    ToolSpec::new::<CreateRule>(Decl {
        name: "okta_create_org_policy_rule",
        title: "Create org policy rule",
        description: "ACTIVE unless activate=false. Conditions and actions depend on the policy type: copy a rule of the same policy (okta_get_org_policy_rule).",
        kind: ToolKind::Create { destructive: false },
        scope: "okta.policies.manage",
        route: Route::post("/api/v1/policies/{policyId}/rules"),
    })
    .hints(&[("E0000001", "conditions and actions depend on the policy type, and the rule type must match it (SIGN_ON for OKTA_SIGN_ON): read a rule of the same policy with okta_get_org_policy_rule and follow its shape")])
    .build()
}

/// Arguments of okta_update_org_policy_rule: the rule's writable fields, as okta_get_org_policy_rule returns them.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct UpdateRule {
    /// 00p… or rst…
    #[arg(path)]
    policy_id: String,
    /// 0pr… or rul…
    #[arg(path)]
    rule_id: String,
    #[arg(body)]
    name: String,
    /// Cannot change
    #[serde(rename = "type")]
    #[arg(body)]
    rule_type: RuleType,
    /// 1 is first
    #[arg(body)]
    priority: Option<u32>,
    #[arg(body)]
    status: Option<Status>,
    /// Whole object; none for PROFILE_ENROLLMENT, CLIENT_UPDATE, IDENTITY_CLAIM_SOURCING
    #[arg(body)]
    conditions: Option<Map<String, Value>>,
    /// Whole object
    #[arg(body)]
    actions: Option<Map<String, Value>>,
}

/// Okta's schema for these rule types has `conditions: null`; a rule across two fields.
fn check_update(input: &mut UpdateRule) -> Result<(), ToolError> {
    let without_conditions = matches!(
        input.rule_type,
        RuleType::ProfileEnrollment | RuleType::ClientUpdate | RuleType::IdentityClaimSourcing
    );
    if without_conditions && input.conditions.is_some() {
        return Err(ToolError::Invalid(
            "conditions: PROFILE_ENROLLMENT, CLIENT_UPDATE and IDENTITY_CLAIM_SOURCING rules take none; leave it out".into(),
        ));
    }
    Ok(())
}

fn update_org_policy_rule() -> ToolSpec {
    ToolSpec::new::<UpdateRule>(Decl {
        name: "okta_update_org_policy_rule",
        title: "Update org policy rule",
        description: "Full PUT: send every field as okta_get_org_policy_rule shows it, changed; omitted fields are reset.",
        // A full replacement: a partial rule silently resets the conditions or actions it leaves out.
        kind: ToolKind::Update { destructive: true },
        scope: "okta.policies.manage",
        route: Route::put("/api/v1/policies/{policyId}/rules/{ruleId}"),
    })
    .prepare(check_update)
    .hints(&[("E0000001", "send the whole rule: fetch it with okta_get_org_policy_rule, change what you need and send all of it back (name and type are required)")])
    .build()
}

fn delete_org_policy_rule() -> ToolSpec {
    ToolSpec::new::<RuleRef>(Decl {
        name: "okta_delete_org_policy_rule",
        title: "Delete org policy rule",
        description: "Sign-ins it matched fall to the next rule. System rules (e.g. catch-all) can't be deleted.",
        kind: ToolKind::Delete,
        scope: "okta.policies.manage",
        route: Route::delete("/api/v1/policies/{policyId}/rules/{ruleId}"),
    })
    .build()
}

fn activate_org_policy_rule() -> ToolSpec {
    ToolSpec::new::<RuleRef>(Decl {
        name: "okta_activate_org_policy_rule",
        title: "Activate org policy rule",
        description: "It matches sign-ins again.",
        kind: ToolKind::Action {
            destructive: false,
            idempotent: true,
        },
        scope: "okta.policies.manage",
        route: Route::post("/api/v1/policies/{policyId}/rules/{ruleId}/lifecycle/activate"),
    })
    .build()
}

fn deactivate_org_policy_rule() -> ToolSpec {
    ToolSpec::new::<RuleRef>(Decl {
        name: "okta_deactivate_org_policy_rule",
        title: "Deactivate org policy rule",
        description: "Sign-ins it matched fall to the next rule.",
        kind: ToolKind::Action {
            destructive: true,
            idempotent: true,
        },
        scope: "okta.policies.manage",
        route: Route::post("/api/v1/policies/{policyId}/rules/{ruleId}/lifecycle/deactivate"),
    })
    .build()
}
