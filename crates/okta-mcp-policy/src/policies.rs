//! Access policies of a custom authorization server, and their rules.

use okta_mcp_core::summary;
use okta_mcp_core::{Decl, Route, ToolInput, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::values::{PolicyType, RuleType, Status};

pub fn tools() -> Vec<ToolSpec> {
    vec![
        list_auth_server_policies(),
        create_auth_server_policy(),
        update_auth_server_policy(),
        delete_auth_server_policy(),
        list_policy_rules(),
        create_policy_rule(),
        delete_policy_rule(),
    ]
}

/// Arguments naming an authorization server.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct AuthServerRef {
    /// aus… or default
    #[arg(path)]
    auth_server_id: String,
}

fn list_auth_server_policies() -> ToolSpec {
    ToolSpec::new::<AuthServerRef>(Decl {
        name: "okta_list_auth_server_policies",
        title: "List auth server policies",
        description: "Access policies (00p…); priority 1 is evaluated first.",
        kind: ToolKind::Read,
        scope: "okta.authorizationServers.read",
        route: Route::get("/api/v1/authorizationServers/{authServerId}/policies"),
    })
    .summary(summary::POLICY)
    .build()
}

/// Arguments of okta_create_auth_server_policy.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CreatePolicy {
    /// aus… or default
    #[arg(path)]
    auth_server_id: String,
    /// 1-100 chars
    #[arg(body)]
    name: String,
    /// 1-255 chars
    #[arg(body)]
    description: String,
    /// `{"clients":{"include":["ALL_CLIENTS"]}}` or 0oa… ids
    #[arg(body)]
    conditions: Map<String, Value>,
    /// 1 is evaluated first
    #[arg(body)]
    priority: Option<u32>,
    /// Default ACTIVE
    #[arg(body)]
    status: Option<Status>,
    #[serde(rename = "type", default)]
    #[arg(body)]
    policy_type: PolicyType,
}

fn create_auth_server_policy() -> ToolSpec {
    ToolSpec::new::<CreatePolicy>(Decl {
        name: "okta_create_auth_server_policy",
        title: "Create auth server policy",
        description: "Access policy for all or listed clients; no tokens until it has a rule (okta_create_policy_rule).",
        kind: ToolKind::Create { destructive: false },
        scope: "okta.authorizationServers.manage",
        route: Route::post("/api/v1/authorizationServers/{authServerId}/policies"),
    })
    .build()
}

/// Arguments of okta_update_auth_server_policy: the whole policy, as okta_list_auth_server_policies returns it.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct UpdatePolicy {
    /// aus… or default
    #[arg(path)]
    auth_server_id: String,
    /// 00p…
    #[arg(path)]
    policy_id: String,
    /// 1-100 chars
    #[arg(body)]
    name: String,
    /// 1-255 chars
    #[arg(body)]
    description: String,
    /// `{"clients":{"include":["ALL_CLIENTS"]}}` or 0oa… ids
    #[arg(body)]
    conditions: Map<String, Value>,
    /// 1 is evaluated first
    #[arg(body)]
    priority: Option<u32>,
    #[arg(body)]
    status: Option<Status>,
    #[serde(rename = "type", default)]
    #[arg(body)]
    policy_type: PolicyType,
}

fn update_auth_server_policy() -> ToolSpec {
    ToolSpec::new::<UpdatePolicy>(Decl {
        name: "okta_update_auth_server_policy",
        title: "Update auth server policy",
        description: "Full PUT (policy from okta_list_auth_server_policies): omitted fields are reset.",
        kind: ToolKind::Update { destructive: false },
        scope: "okta.authorizationServers.manage",
        route: Route::put("/api/v1/authorizationServers/{authServerId}/policies/{policyId}"),
    })
    .build()
}

/// Arguments naming one policy.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct PolicyRef {
    /// aus… or default
    #[arg(path)]
    auth_server_id: String,
    /// 00p…
    #[arg(path)]
    policy_id: String,
}

fn delete_auth_server_policy() -> ToolSpec {
    ToolSpec::new::<PolicyRef>(Decl {
        name: "okta_delete_auth_server_policy",
        title: "Delete authorization server policy",
        description: "With its rules; its clients get no tokens unless another policy matches.",
        kind: ToolKind::Delete,
        scope: "okta.authorizationServers.manage",
        route: Route::delete("/api/v1/authorizationServers/{authServerId}/policies/{policyId}"),
    })
    .build()
}

fn list_policy_rules() -> ToolSpec {
    ToolSpec::new::<PolicyRef>(Decl {
        name: "okta_list_policy_rules",
        title: "List policy rules",
        description: "An access policy's rules (0pr…).",
        kind: ToolKind::Read,
        scope: "okta.authorizationServers.read",
        route: Route::get("/api/v1/authorizationServers/{authServerId}/policies/{policyId}/rules"),
    })
    .summary(summary::POLICY)
    .build()
}

/// Arguments of okta_create_policy_rule.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CreateRule {
    /// aus… or default
    #[arg(path)]
    auth_server_id: String,
    /// 00p…
    #[arg(path)]
    policy_id: String,
    #[arg(body)]
    name: String,
    /// Required: people (groups.include 00g…/EVERYONE, users.include), grantTypes.include, scopes.include (e.g. ["*"])
    #[arg(body)]
    conditions: Map<String, Value>,
    /// e.g. `{"token": {"accessTokenLifetimeMinutes": 60}}`
    #[arg(body)]
    actions: Option<Map<String, Value>>,
    /// 1 is evaluated first
    #[arg(body)]
    priority: Option<u32>,
    /// Default ACTIVE
    #[arg(body)]
    status: Option<Status>,
    #[serde(rename = "type", default)]
    #[arg(body)]
    rule_type: RuleType,
}

fn create_policy_rule() -> ToolSpec {
    ToolSpec::new::<CreateRule>(Decl {
        name: "okta_create_policy_rule",
        title: "Create policy rule",
        description: "Which people, grant types and scopes get tokens, and token lifetimes.",
        kind: ToolKind::Create { destructive: false },
        scope: "okta.authorizationServers.manage",
        route: Route::post("/api/v1/authorizationServers/{authServerId}/policies/{policyId}/rules"),
    })
    .hints(&[("E0000001", "a rule needs conditions.people (users or groups include), conditions.grantTypes.include and conditions.scopes.include (`*` for all)")])
    .build()
}

/// Arguments naming one rule.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RuleRef {
    /// aus… or default
    #[arg(path)]
    auth_server_id: String,
    /// 00p…
    #[arg(path)]
    policy_id: String,
    /// 0pr…
    #[arg(path)]
    rule_id: String,
}

fn delete_policy_rule() -> ToolSpec {
    ToolSpec::new::<RuleRef>(Decl {
        name: "okta_delete_policy_rule",
        title: "Delete policy rule",
        description: "Requests it matched fall to the next rule or are denied. System rules can't be deleted.",
        kind: ToolKind::Delete,
        scope: "okta.authorizationServers.manage",
        route: Route::delete("/api/v1/authorizationServers/{authServerId}/policies/{policyId}/rules/{ruleId}"),
    })
    .build()
}
