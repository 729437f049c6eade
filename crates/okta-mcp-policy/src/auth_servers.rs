//! Custom authorization servers: list, get, create, replace, deactivate, delete; their signing keys.

use okta_mcp_core::params::{After, Limit};
use okta_mcp_core::{Body, Method, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Map, Value, json};

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
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ListAuthServers {
    /// Matches name or audience, e.g. `Demo` or `api://demo`
    q: Option<String>,
    /// Page size (default 25, max 200)
    limit: Option<Limit>,
    after: Option<After>,
}

fn list_auth_servers() -> ToolSpec {
    ToolSpec::new::<ListAuthServers>(
        "okta_list_auth_servers",
        ToolKind::Read,
        Method::GET,
        "/api/v1/authorizationServers",
    )
    .title("List authorization servers")
    .describe("List custom authorization servers (aus…) with audiences, issuer and status.")
    .scope("okta.authorizationServers.read")
    .query(&["q", "limit", "after"])
    .default_limit(25)
}

/// Arguments naming an authorization server.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct AuthServerRef {
    /// Authorization server id (aus…) or `default`
    auth_server_id: String,
}

fn get_auth_server() -> ToolSpec {
    ToolSpec::new::<AuthServerRef>(
        "okta_get_auth_server",
        ToolKind::Read,
        Method::GET,
        "/api/v1/authorizationServers/{authServerId}",
    )
    .title("Get authorization server")
    .describe("Get one custom authorization server: audiences, issuer, issuerMode, status, signing credentials.")
    .scope("okta.authorizationServers.read")
}

/// Arguments of okta_create_auth_server.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CreateAuthServer {
    /// Display name, e.g. `Demo API`
    name: String,
    description: Option<String>,
    /// Access-token `aud`, e.g. `["api://demo"]`; exactly one
    audiences: Vec<String>,
    /// ORG_URL, or CUSTOM_URL/DYNAMIC (need a custom domain)
    issuer_mode: Option<String>,
    /// e.g. `{"signing": {"rotationMode": "AUTO"}}` (or MANUAL)
    credentials: Option<Map<String, Value>>,
    /// RSA-OAEP-256, RSA-OAEP-384 or RSA-OAEP-512; needs jwks(_uri)
    access_token_encrypted_response_algorithm: Option<String>,
    /// Public keys to encrypt tokens with: `{"keys": [JWK…]}`
    jwks: Option<Map<String, Value>>,
    /// JWK Set URL to encrypt tokens with, instead of `jwks`
    #[serde(rename = "jwks_uri")]
    jwks_uri: Option<String>,
}

fn create_auth_server() -> ToolSpec {
    ToolSpec::new::<CreateAuthServer>("okta_create_auth_server", ToolKind::Create, Method::POST, "/api/v1/authorizationServers")
        .title("Create authorization server")
        .describe("Create a custom authorization server (ACTIVE, own signing keys). It issues no tokens until it has a policy with a rule.")
        .scope("okta.authorizationServers.manage")
        .body(Body::Fields)
}

/// Arguments of okta_update_auth_server: the whole server, as okta_get_auth_server returns it.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct UpdateAuthServer {
    /// Authorization server id (aus…) or `default`
    auth_server_id: String,
    /// Display name
    name: String,
    /// Send the current one to keep it
    description: Option<String>,
    /// Access-token `aud`; exactly one; resource servers check it
    audiences: Vec<String>,
    /// ORG_URL, CUSTOM_URL or DYNAMIC
    issuer_mode: Option<String>,
    /// e.g. `{"signing": {"rotationMode": "MANUAL", "use": "sig"}}`
    credentials: Option<Map<String, Value>>,
    /// RSA-OAEP-256, RSA-OAEP-384 or RSA-OAEP-512
    access_token_encrypted_response_algorithm: Option<String>,
    /// Public keys to encrypt tokens with: `{"keys": [JWK…]}`
    jwks: Option<Map<String, Value>>,
    /// JWK Set URL to encrypt tokens with, instead of `jwks`
    #[serde(rename = "jwks_uri")]
    jwks_uri: Option<String>,
}

fn update_auth_server() -> ToolSpec {
    ToolSpec::new::<UpdateAuthServer>("okta_update_auth_server", ToolKind::Update, Method::PUT, "/api/v1/authorizationServers/{authServerId}")
        .title("Update authorization server")
        .describe("Replace a custom authorization server (full PUT): send the whole object from okta_get_auth_server; omitted fields are reset.")
        .scope("okta.authorizationServers.manage")
        .body(Body::Fields)
}

fn deactivate_auth_server() -> ToolSpec {
    ToolSpec::new::<AuthServerRef>("okta_deactivate_auth_server", ToolKind::Action, Method::POST, "/api/v1/authorizationServers/{authServerId}/lifecycle/deactivate")
        .title("Deactivate authorization server")
        .describe("Deactivate a custom authorization server: it stops issuing tokens, so apps using it fail until it is activated again.")
        .scope("okta.authorizationServers.manage")
        .destructive()
        .idempotent()
}

fn delete_auth_server() -> ToolSpec {
    ToolSpec::new::<AuthServerRef>(
        "okta_delete_auth_server",
        ToolKind::Delete,
        Method::DELETE,
        "/api/v1/authorizationServers/{authServerId}",
    )
    .title("Delete authorization server")
    .describe("Permanently delete a custom authorization server with its scopes, claims, policies and rules. Irreversible; deactivating is reversible.")
    .scope("okta.authorizationServers.manage")
}

fn rotate_body(_: &Map<String, Value>) -> Value {
    json!({ "use": "sig" })
}

fn rotate_auth_server_keys() -> ToolSpec {
    ToolSpec::new::<AuthServerRef>("okta_rotate_auth_server_keys", ToolKind::Action, Method::POST, "/api/v1/authorizationServers/{authServerId}/credentials/lifecycle/keyRotate")
        .title("Rotate authorization server keys")
        .describe("Rotate signing keys now: the ACTIVE key becomes EXPIRED, NEXT signs new tokens. Clients caching the JWKS must refetch it. Returns the keys.")
        .scope("okta.authorizationServers.manage")
        .body(Body::Build(rotate_body))
        .destructive()
}

fn list_auth_server_keys() -> ToolSpec {
    ToolSpec::new::<AuthServerRef>(
        "okta_list_auth_server_keys",
        ToolKind::Read,
        Method::GET,
        "/api/v1/authorizationServers/{authServerId}/credentials/keys",
    )
    .title("List authorization server keys")
    .describe("List a custom authorization server's signing keys (public JWKs) with kid and status (ACTIVE, NEXT, EXPIRED).")
    .scope("okta.authorizationServers.read")
}
