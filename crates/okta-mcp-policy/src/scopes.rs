//! Custom scopes of a custom authorization server.

use okta_mcp_core::params::{After, Limit};
use okta_mcp_core::{Body, Method, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::Deserialize;

pub fn tools() -> Vec<ToolSpec> {
    vec![
        list_scopes(),
        get_scope(),
        create_scope(),
        update_scope(),
        delete_scope(),
    ]
}

/// Arguments of okta_list_scopes.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ListScopes {
    /// Custom authorization server id (aus…)
    auth_server_id: String,
    /// Matches scope names, e.g. `demo`
    q: Option<String>,
    /// Okta filter expression
    filter: Option<String>,
    after: Option<After>,
    /// Page size (default 25, max 200)
    limit: Option<Limit>,
}

fn list_scopes() -> ToolSpec {
    ToolSpec::new::<ListScopes>(
        "okta_list_scopes",
        ToolKind::Read,
        Method::GET,
        "/api/v1/authorizationServers/{authServerId}/scopes",
    )
    .title("List scopes")
    .describe(
        "List a custom authorization server's scopes, system ones (openid, profile…) included.",
    )
    .scope("okta.authorizationServers.read")
    .query(&["q", "filter", "after", "limit"])
    .default_limit(25)
}

/// Arguments of okta_get_scope and okta_delete_scope.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ScopeRef {
    /// Custom authorization server id (aus…)
    auth_server_id: String,
    /// Scope id (scp…)
    scope_id: String,
}

fn get_scope() -> ToolSpec {
    ToolSpec::new::<ScopeRef>(
        "okta_get_scope",
        ToolKind::Read,
        Method::GET,
        "/api/v1/authorizationServers/{authServerId}/scopes/{scopeId}",
    )
    .title("Get scope")
    .describe("Get one scope: display name, consent, default and metadata settings.")
    .scope("okta.authorizationServers.read")
}

/// Arguments of okta_create_scope.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CreateScope {
    /// Custom authorization server id (aus…)
    auth_server_id: String,
    /// Name clients request, e.g. `orders.read`; unique per server
    name: String,
    /// Shown to the user in the consent dialog
    display_name: Option<String>,
    /// What it grants, shown in the consent dialog
    description: Option<String>,
    /// `REQUIRED`, `IMPLICIT` (default) or `FLEXIBLE`
    consent: Option<String>,
    /// Grant when a client requests no scope (default false)
    default: Option<bool>,
    /// List in metadata: `ALL_CLIENTS` or `NO_CLIENTS` (default)
    metadata_publish: Option<String>,
    /// User may skip consent for it (default false)
    optional: Option<bool>,
    /// Okta-created; leave unset for your own scopes
    system: Option<bool>,
}

fn create_scope() -> ToolSpec {
    ToolSpec::new::<CreateScope>("okta_create_scope", ToolKind::Create, Method::POST, "/api/v1/authorizationServers/{authServerId}/scopes")
        .title("Create scope")
        .describe("Create a custom scope on a custom authorization server. 400 E0000001 if a scope of that name exists.")
        .scope("okta.authorizationServers.manage")
        .body(Body::Fields)
}

/// Arguments of okta_update_scope: the whole scope, as it should be.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct UpdateScope {
    /// Custom authorization server id (aus…)
    auth_server_id: String,
    /// Scope id (scp…)
    scope_id: String,
    /// e.g. `orders.read`; unique per server
    name: String,
    /// Shown to the user in the consent dialog
    display_name: Option<String>,
    /// What it grants, shown in the consent dialog
    description: Option<String>,
    /// `REQUIRED`, `IMPLICIT` or `FLEXIBLE`
    consent: Option<String>,
    /// Grant when a client requests no scope
    default: Option<bool>,
    /// List in metadata: `ALL_CLIENTS` or `NO_CLIENTS`
    metadata_publish: Option<String>,
    /// User may skip consent for it
    optional: Option<bool>,
    /// Okta-created; keep the scope's current value
    system: Option<bool>,
}

fn update_scope() -> ToolSpec {
    ToolSpec::new::<UpdateScope>("okta_update_scope", ToolKind::Update, Method::PUT, "/api/v1/authorizationServers/{authServerId}/scopes/{scopeId}")
        .title("Update scope")
        .describe("Replace a scope (full PUT): send the whole scope from okta_get_scope; omitted fields reset to defaults.")
        .scope("okta.authorizationServers.manage")
        .body(Body::Fields)
}

fn delete_scope() -> ToolSpec {
    ToolSpec::new::<ScopeRef>("okta_delete_scope", ToolKind::Delete, Method::DELETE, "/api/v1/authorizationServers/{authServerId}/scopes/{scopeId}")
        .title("Delete scope")
        .describe("Permanently delete a custom scope; clients requesting it then fail. System scopes (openid, profile…) can't be deleted.")
        .scope("okta.authorizationServers.manage")
}
