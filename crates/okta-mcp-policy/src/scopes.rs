//! Custom scopes of a custom authorization server.

use okta_mcp_core::params::{After, Limit};
use okta_mcp_core::{Decl, Route, ToolInput, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::Deserialize;

use crate::values::{Consent, MetadataPublish};

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
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ListScopes {
    /// aus…
    #[arg(path)]
    auth_server_id: String,
    /// Name match, e.g. `demo`
    #[arg(query)]
    q: Option<String>,
    #[arg(query)]
    filter: Option<String>,
    #[arg(query)]
    after: Option<After>,
    /// Default 25, max 200
    #[arg(query)]
    limit: Option<Limit>,
}

fn list_scopes() -> ToolSpec {
    ToolSpec::new::<ListScopes>(Decl {
        name: "okta_list_scopes",
        title: "List scopes",
        description: "System ones (openid, profile…) included.",
        kind: ToolKind::Read,
        scope: "okta.authorizationServers.read",
        route: Route::get("/api/v1/authorizationServers/{authServerId}/scopes"),
    })
    .default_limit(25)
    .summary(&["id", "name", "system", "default", "consent"])
    .build()
}

/// Arguments of okta_get_scope and okta_delete_scope.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ScopeRef {
    /// aus…
    #[arg(path)]
    auth_server_id: String,
    /// scp…
    #[arg(path)]
    scope_id: String,
}

fn get_scope() -> ToolSpec {
    ToolSpec::new::<ScopeRef>(Decl {
        name: "okta_get_scope",
        title: "Get scope",
        description: "Consent, default and metadata settings included.",
        kind: ToolKind::Read,
        scope: "okta.authorizationServers.read",
        route: Route::get("/api/v1/authorizationServers/{authServerId}/scopes/{scopeId}"),
    })
    .build()
}

/// Arguments of okta_create_scope.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CreateScope {
    /// aus…
    #[arg(path)]
    auth_server_id: String,
    /// e.g. `orders.read`; unique per server
    #[arg(body)]
    name: String,
    /// Shown in the consent dialog
    #[arg(body)]
    display_name: Option<String>,
    /// Shown in the consent dialog too
    #[arg(body)]
    description: Option<String>,
    /// Default IMPLICIT (no consent dialog)
    #[arg(body)]
    consent: Option<Consent>,
    /// Grant when a client requests no scope (default false)
    #[arg(body)]
    default: Option<bool>,
    /// Default NO_CLIENTS
    #[arg(body)]
    metadata_publish: Option<MetadataPublish>,
    /// User may skip consent for it (default false)
    #[arg(body)]
    optional: Option<bool>,
    /// Okta-created; leave unset
    #[arg(body)]
    system: Option<bool>,
}

fn create_scope() -> ToolSpec {
    ToolSpec::new::<CreateScope>(Decl {
        name: "okta_create_scope",
        title: "Create scope",
        description: "400 E0000001 if a scope of that name exists.",
        kind: ToolKind::Create { destructive: false },
        scope: "okta.authorizationServers.manage",
        route: Route::post("/api/v1/authorizationServers/{authServerId}/scopes"),
    })
    .build()
}

/// Arguments of okta_update_scope: the whole scope, as it should be.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct UpdateScope {
    /// aus…
    #[arg(path)]
    auth_server_id: String,
    /// scp…
    #[arg(path)]
    scope_id: String,
    /// e.g. `orders.read`; unique per server
    #[arg(body)]
    name: String,
    /// Shown in the consent dialog
    #[arg(body)]
    display_name: Option<String>,
    /// Shown in the consent dialog too
    #[arg(body)]
    description: Option<String>,
    #[arg(body)]
    consent: Option<Consent>,
    /// Grant when a client requests no scope
    #[arg(body)]
    default: Option<bool>,
    #[arg(body)]
    metadata_publish: Option<MetadataPublish>,
    /// User may skip consent for it
    #[arg(body)]
    optional: Option<bool>,
    /// Okta-created; keep its value
    #[arg(body)]
    system: Option<bool>,
}

fn update_scope() -> ToolSpec {
    ToolSpec::new::<UpdateScope>(Decl {
        name: "okta_update_scope",
        title: "Update scope",
        description: "Full PUT (scope from okta_get_scope): omitted fields reset to defaults.",
        kind: ToolKind::Update { destructive: false },
        scope: "okta.authorizationServers.manage",
        route: Route::put("/api/v1/authorizationServers/{authServerId}/scopes/{scopeId}"),
    })
    .build()
}

fn delete_scope() -> ToolSpec {
    ToolSpec::new::<ScopeRef>(Decl {
        name: "okta_delete_scope",
        title: "Delete scope",
        description: "Clients requesting it then fail. System scopes (openid, profile…) can't be deleted.",
        kind: ToolKind::Delete,
        scope: "okta.authorizationServers.manage",
        route: Route::delete("/api/v1/authorizationServers/{authServerId}/scopes/{scopeId}"),
    })
    .build()
}
