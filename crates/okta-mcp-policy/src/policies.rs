//! Access policies of a custom authorization server, and their rules.

use okta_mcp_core::{Body, Method, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Map, Value};

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

/// Sets a type Okta requires but allows only one value of, when the caller left it out.
fn default_type(args: &mut Map<String, Value>, value: &str) {
    if args.get("type").is_none_or(Value::is_null) {
        args.insert("type".into(), Value::String(value.into()));
    }
}

fn policy_type(args: &mut Map<String, Value>) -> Result<(), String> {
    default_type(args, "OAUTH_AUTHORIZATION_POLICY");
    Ok(())
}

fn rule_type(args: &mut Map<String, Value>) -> Result<(), String> {
    default_type(args, "RESOURCE_ACCESS");
    Ok(())
}

/// Arguments naming an authorization server.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct AuthServerRef {
    /// Authorization server id (aus…) or `default`
    auth_server_id: String,
}

fn list_auth_server_policies() -> ToolSpec {
    ToolSpec::new::<AuthServerRef>(
        "okta_list_auth_server_policies",
        ToolKind::Read,
        Method::GET,
        "/api/v1/authorizationServers/{authServerId}/policies",
    )
    .title("List authorization server policies")
    .describe("List a custom authorization server's access policies: status, priority (1 evaluated first), clients.")
    .scope("okta.authorizationServers.read")
}

/// Arguments of okta_create_auth_server_policy.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CreatePolicy {
    /// Authorization server id (aus…) or `default`
    auth_server_id: String,
    /// Policy name, 1-100 characters
    name: String,
    /// 1-255 characters
    description: String,
    /// `{"clients":{"include":["ALL_CLIENTS"]}}` or 0oa… ids
    conditions: Map<String, Value>,
    /// Evaluation order; 1 is first
    priority: Option<u32>,
    /// ACTIVE (default) or INACTIVE
    status: Option<String>,
    /// Always `OAUTH_AUTHORIZATION_POLICY` (sent if omitted)
    #[serde(rename = "type")]
    policy_type: Option<String>,
}

fn create_auth_server_policy() -> ToolSpec {
    ToolSpec::new::<CreatePolicy>("okta_create_auth_server_policy", ToolKind::Create, Method::POST, "/api/v1/authorizationServers/{authServerId}/policies")
        .title("Create authorization server policy")
        .describe("Create an access policy on a custom authorization server for all or listed clients. No tokens until it has a rule (okta_create_policy_rule).")
        .scope("okta.authorizationServers.manage")
        .body(Body::Fields)
        .prepare(policy_type)
}

/// Arguments of okta_update_auth_server_policy: the whole policy, as okta_list_auth_server_policies returns it.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct UpdatePolicy {
    /// Authorization server id (aus…) or `default`
    auth_server_id: String,
    /// Policy id (00p…)
    policy_id: String,
    /// Policy name, 1-100 characters
    name: String,
    /// 1-255 characters
    description: String,
    /// `{"clients":{"include":["ALL_CLIENTS"]}}` or 0oa… ids
    conditions: Map<String, Value>,
    /// Evaluation order; 1 is first
    priority: Option<u32>,
    /// ACTIVE or INACTIVE
    status: Option<String>,
    /// Always `OAUTH_AUTHORIZATION_POLICY` (sent if omitted)
    #[serde(rename = "type")]
    policy_type: Option<String>,
}

fn update_auth_server_policy() -> ToolSpec {
    ToolSpec::new::<UpdatePolicy>("okta_update_auth_server_policy", ToolKind::Update, Method::PUT, "/api/v1/authorizationServers/{authServerId}/policies/{policyId}")
        .title("Update authorization server policy")
        .describe("Replace an access policy (full PUT): send the whole policy from okta_list_auth_server_policies; omitted fields are reset.")
        .scope("okta.authorizationServers.manage")
        .body(Body::Fields)
        .prepare(policy_type)
}

/// Arguments naming one policy.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct PolicyRef {
    /// Authorization server id (aus…) or `default`
    auth_server_id: String,
    /// Policy id (00p…)
    policy_id: String,
}

fn delete_auth_server_policy() -> ToolSpec {
    ToolSpec::new::<PolicyRef>("okta_delete_auth_server_policy", ToolKind::Delete, Method::DELETE, "/api/v1/authorizationServers/{authServerId}/policies/{policyId}")
        .title("Delete authorization server policy")
        .describe("Delete an access policy and its rules; clients it covered get no tokens from this server unless another policy matches.")
        .scope("okta.authorizationServers.manage")
}

fn list_policy_rules() -> ToolSpec {
    ToolSpec::new::<PolicyRef>("okta_list_policy_rules", ToolKind::Read, Method::GET, "/api/v1/authorizationServers/{authServerId}/policies/{policyId}/rules")
        .title("List policy rules")
        .describe("List an access policy's rules: priority, status, allowed people, grant types, scopes, token lifetimes.")
        .scope("okta.authorizationServers.read")
}

/// Arguments of okta_create_policy_rule.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CreateRule {
    /// Authorization server id (aus…) or `default`
    auth_server_id: String,
    /// Policy id (00p…)
    policy_id: String,
    /// Rule name
    name: String,
    /// Required: people (groups.include 00g…/EVERYONE, users.include), grantTypes.include, scopes.include (e.g. ["*"])
    conditions: Map<String, Value>,
    /// e.g. `{"token": {"accessTokenLifetimeMinutes": 60}}`
    actions: Option<Map<String, Value>>,
    /// Evaluation order in the policy; 1 is first
    priority: Option<u32>,
    /// ACTIVE (default) or INACTIVE
    status: Option<String>,
    /// Always `RESOURCE_ACCESS` (sent if omitted)
    #[serde(rename = "type")]
    rule_type: Option<String>,
}

fn create_policy_rule() -> ToolSpec {
    ToolSpec::new::<CreateRule>("okta_create_policy_rule", ToolKind::Create, Method::POST, "/api/v1/authorizationServers/{authServerId}/policies/{policyId}/rules")
        .title("Create policy rule")
        .describe("Add a rule to an access policy: which people, grant types and scopes get tokens, and token lifetimes.")
        .scope("okta.authorizationServers.manage")
        .body(Body::Fields)
        .prepare(rule_type)
        .hints(&[("E0000001", "a rule needs conditions.people (users or groups include), conditions.grantTypes.include and conditions.scopes.include (`*` for all)")])
}

/// Arguments naming one rule.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RuleRef {
    /// Authorization server id (aus…) or `default`
    auth_server_id: String,
    /// Policy id (00p…)
    policy_id: String,
    /// Rule id (0pr…)
    rule_id: String,
}

fn delete_policy_rule() -> ToolSpec {
    ToolSpec::new::<RuleRef>("okta_delete_policy_rule", ToolKind::Delete, Method::DELETE, "/api/v1/authorizationServers/{authServerId}/policies/{policyId}/rules/{ruleId}")
        .title("Delete policy rule")
        .describe("Delete an access policy rule; requests it matched fall to the next rule or are denied. Okta-created (system) rules can't be deleted.")
        .scope("okta.authorizationServers.manage")
}
