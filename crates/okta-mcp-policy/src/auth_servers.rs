//! Custom authorization servers: list, get, create, replace, deactivate, delete; their signing keys.

use okta_mcp_core::params::{After, Limit};
use okta_mcp_core::{Decl, Route, ToolInput, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Map, Value, json};

use crate::values::{IssuerMode, TokenEncryption};

pub fn tools() -> Vec<ToolSpec> {
    vec![
        list_auth_servers(),
        get_auth_server(),
        create_auth_server(),
        update_auth_server(),
        deactivate_auth_server(),
        delete_auth_server(),
        rotate_auth_server_keys(),
        list_auth_server_keys(),
    ]
}

/// Arguments of okta_list_auth_servers.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ListAuthServers {
    /// Name or audience, e.g. `api://demo`
    #[arg(query)]
    q: Option<String>,
    /// Default 25, max 200
    #[arg(query)]
    limit: Option<Limit>,
    #[arg(query)]
    after: Option<After>,
}

fn list_auth_servers() -> ToolSpec {
    ToolSpec::new::<ListAuthServers>(Decl {
        name: "okta_list_auth_servers",
        title: "List auth servers",
        description: "Custom authorization servers (aus…).",
        kind: ToolKind::Read,
        scope: "okta.authorizationServers.read",
        route: Route::get("/api/v1/authorizationServers"),
    })
    .default_limit(25)
    .summary(&["id", "name", "status", "audiences", "issuer"])
    .build()
}

/// Arguments naming an authorization server.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct AuthServerRef {
    /// aus… or default
    #[arg(path)]
    auth_server_id: String,
}

fn get_auth_server() -> ToolSpec {
    ToolSpec::new::<AuthServerRef>(Decl {
        name: "okta_get_auth_server",
        title: "Get auth server",
        description: "Signing credentials included.",
        kind: ToolKind::Read,
        scope: "okta.authorizationServers.read",
        route: Route::get("/api/v1/authorizationServers/{authServerId}"),
    })
    .build()
}

/// Arguments of okta_create_auth_server.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CreateAuthServer {
    /// e.g. `Demo API`
    #[arg(body)]
    name: String,
    #[arg(body)]
    description: Option<String>,
    /// Access-token `aud`, e.g. `["api://demo"]`; exactly one
    #[arg(body)]
    audiences: Vec<String>,
    /// CUSTOM_URL and DYNAMIC need a custom domain
    #[arg(body)]
    issuer_mode: Option<IssuerMode>,
    /// e.g. `{"signing": {"rotationMode": "AUTO"}}` (or MANUAL)
    #[arg(body)]
    credentials: Option<Map<String, Value>>,
    /// Encrypt access tokens; needs jwks(_uri)
    #[arg(body)]
    access_token_encrypted_response_algorithm: Option<TokenEncryption>,
    /// Encryption keys: `{"keys": [JWK…]}`
    #[arg(body)]
    jwks: Option<Map<String, Value>>,
    /// JWK Set URL, instead of `jwks`
    #[serde(rename = "jwks_uri")]
    #[arg(body)]
    jwks_uri: Option<String>,
}

fn create_auth_server() -> ToolSpec {
    ToolSpec::new::<CreateAuthServer>(Decl {
        name: "okta_create_auth_server",
        title: "Create auth server",
        description: "Created ACTIVE, with own signing keys; issues no tokens until it has a policy with a rule.",
        kind: ToolKind::Create { destructive: false },
        scope: "okta.authorizationServers.manage",
        route: Route::post("/api/v1/authorizationServers"),
    })
    .build()
}

/// Arguments of okta_update_auth_server: the whole server, as okta_get_auth_server returns it.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct UpdateAuthServer {
    /// aus… or default
    #[arg(path)]
    auth_server_id: String,
    #[arg(body)]
    name: String,
    #[arg(body)]
    description: Option<String>,
    /// Access-token `aud`; exactly one
    #[arg(body)]
    audiences: Vec<String>,
    /// CUSTOM_URL and DYNAMIC need a custom domain
    #[arg(body)]
    issuer_mode: Option<IssuerMode>,
    /// e.g. `{"signing": {"rotationMode": "MANUAL", "use": "sig"}}`
    #[arg(body)]
    credentials: Option<Map<String, Value>>,
    /// Encrypt access tokens; needs jwks(_uri)
    #[arg(body)]
    access_token_encrypted_response_algorithm: Option<TokenEncryption>,
    /// Encryption keys: `{"keys": [JWK…]}`
    #[arg(body)]
    jwks: Option<Map<String, Value>>,
    /// JWK Set URL, instead of `jwks`
    #[serde(rename = "jwks_uri")]
    #[arg(body)]
    jwks_uri: Option<String>,
}

fn update_auth_server() -> ToolSpec {
    ToolSpec::new::<UpdateAuthServer>(Decl {
        name: "okta_update_auth_server",
        title: "Update auth server",
        description: "Full PUT (object from okta_get_auth_server): omitted fields are reset.",
        kind: ToolKind::Update { destructive: false },
        scope: "okta.authorizationServers.manage",
        route: Route::put("/api/v1/authorizationServers/{authServerId}"),
    })
    .build()
}

fn deactivate_auth_server() -> ToolSpec {
    ToolSpec::new::<AuthServerRef>(Decl {
        name: "okta_deactivate_auth_server",
        title: "Deactivate authorization server",
        description: "It stops issuing tokens; apps using it fail until reactivated.",
        kind: ToolKind::Action {
            destructive: true,
            idempotent: true,
        },
        scope: "okta.authorizationServers.manage",
        route: Route::post("/api/v1/authorizationServers/{authServerId}/lifecycle/deactivate"),
    })
    .build()
}

fn delete_auth_server() -> ToolSpec {
    ToolSpec::new::<AuthServerRef>(Decl {
        name: "okta_delete_auth_server",
        title: "Delete authorization server",
        description: "Irreversible (deactivating is not); its scopes, claims, policies and rules go too.",
        kind: ToolKind::Delete,
        scope: "okta.authorizationServers.manage",
        route: Route::delete("/api/v1/authorizationServers/{authServerId}"),
    })
    .build()
}

fn rotate_body(_: &AuthServerRef) -> Value {
    json!({ "use": "sig" })
}

fn rotate_auth_server_keys() -> ToolSpec {
    ToolSpec::new::<AuthServerRef>(Decl {
        name: "okta_rotate_auth_server_keys",
        title: "Rotate auth server keys",
        description: "ACTIVE key becomes EXPIRED, NEXT signs new tokens; JWKS caches must refetch. Returns the keys.",
        kind: ToolKind::Action { destructive: true, idempotent: false },
        scope: "okta.authorizationServers.manage",
        route: Route::post("/api/v1/authorizationServers/{authServerId}/credentials/lifecycle/keyRotate"),
    })
    .body_from(rotate_body)
    .build()
}

fn list_auth_server_keys() -> ToolSpec {
    ToolSpec::new::<AuthServerRef>(Decl {
        name: "okta_list_auth_server_keys",
        title: "List auth server keys",
        description: "Public JWKs; status ACTIVE, NEXT or EXPIRED.",
        kind: ToolKind::Read,
        scope: "okta.authorizationServers.read",
        route: Route::get("/api/v1/authorizationServers/{authServerId}/credentials/keys"),
    })
    .summary(&["kid", "status", "use", "alg"])
    .build()
}
