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
    /// Matches the name or audience of a server, e.g. `Demo` or `api://demo`.
    q: Option<String>,
    /// Page size (default 25, Okta's maximum 200).
    limit: Option<Limit>,
    after: Option<After>,
}

fn list_auth_servers() -> ToolSpec {
    ToolSpec::new::<ListAuthServers>("okta_list_auth_servers", ToolKind::Read, Method::GET, "/api/v1/authorizationServers")
        .title("List authorization servers")
        .describe("List custom authorization servers (25 per page by default; pass nextCursor as `after` for more): id, name, audiences, issuer, status, signing key rotation.")
        .scope("okta.authorizationServers.read")
        .query(&["q", "limit", "after"])
        .default_limit(25)
}

/// Arguments naming an authorization server.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct AuthServerRef {
    /// Authorization server id (aus…), or `default` for the default custom server.
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
    .describe("Get one custom authorization server: name, description, audiences, issuer, issuerMode, status and signing credentials.")
    .scope("okta.authorizationServers.read")
}

/// Arguments of okta_create_auth_server.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CreateAuthServer {
    /// Display name, e.g. `Demo API`.
    name: String,
    /// Free-text description.
    description: Option<String>,
    /// The `aud` claim of its access tokens, e.g. `["api://demo"]`; Okta supports exactly one.
    audiences: Vec<String>,
    /// Issuer in tokens: ORG_URL, CUSTOM_URL or DYNAMIC (the last two need a custom domain).
    issuer_mode: Option<String>,
    /// Signing key settings, e.g. `{"signing": {"rotationMode": "AUTO"}}` (AUTO or MANUAL).
    credentials: Option<Map<String, Value>>,
    /// Encrypt access tokens: RSA-OAEP-256, RSA-OAEP-384 or RSA-OAEP-512 (needs `jwks` or `jwks_uri`).
    access_token_encrypted_response_algorithm: Option<String>,
    /// Public keys to encrypt access tokens with, as `{"keys": [JWK…]}`.
    jwks: Option<Map<String, Value>>,
    /// URL of a JWK Set to encrypt access tokens with, instead of `jwks`.
    #[serde(rename = "jwks_uri")]
    jwks_uri: Option<String>,
}

fn create_auth_server() -> ToolSpec {
    ToolSpec::new::<CreateAuthServer>("okta_create_auth_server", ToolKind::Create, Method::POST, "/api/v1/authorizationServers")
        .title("Create authorization server")
        .describe("Create a custom authorization server; it starts ACTIVE with its own signing keys. It issues no tokens until it has a policy with a rule (okta_create_auth_server_policy).")
        .scope("okta.authorizationServers.manage")
        .body(Body::Fields)
}

/// Arguments of okta_update_auth_server: the whole server, as okta_get_auth_server returns it.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct UpdateAuthServer {
    /// Authorization server id (aus…), or `default`.
    auth_server_id: String,
    /// Display name.
    name: String,
    /// Description; send the current one to keep it.
    description: Option<String>,
    /// The `aud` claim of its access tokens; Okta supports exactly one. Resource servers check it.
    audiences: Vec<String>,
    /// Issuer in tokens: ORG_URL, CUSTOM_URL or DYNAMIC.
    issuer_mode: Option<String>,
    /// Signing key settings, e.g. `{"signing": {"rotationMode": "MANUAL", "use": "sig"}}`.
    credentials: Option<Map<String, Value>>,
    /// Encrypt access tokens: RSA-OAEP-256, RSA-OAEP-384 or RSA-OAEP-512.
    access_token_encrypted_response_algorithm: Option<String>,
    /// Public keys to encrypt access tokens with, as `{"keys": [JWK…]}`.
    jwks: Option<Map<String, Value>>,
    /// URL of a JWK Set to encrypt access tokens with, instead of `jwks`.
    #[serde(rename = "jwks_uri")]
    jwks_uri: Option<String>,
}

fn update_auth_server() -> ToolSpec {
    ToolSpec::new::<UpdateAuthServer>("okta_update_auth_server", ToolKind::Update, Method::PUT, "/api/v1/authorizationServers/{authServerId}")
        .title("Update authorization server")
        .describe("Replace a custom authorization server (full PUT): send the whole object, fetched first with okta_get_auth_server, since fields left out are reset. Returns the server.")
        .scope("okta.authorizationServers.manage")
        .body(Body::Fields)
}

fn deactivate_auth_server() -> ToolSpec {
    ToolSpec::new::<AuthServerRef>("okta_deactivate_auth_server", ToolKind::Action, Method::POST, "/api/v1/authorizationServers/{authServerId}/lifecycle/deactivate")
        .title("Deactivate authorization server")
        .describe("Deactivate a custom authorization server (status INACTIVE): it stops issuing tokens, so every app that signs in or gets tokens through it fails until it is activated again.")
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
    .describe("Permanently delete a custom authorization server with its scopes, claims, policies and rules. Cannot be undone; okta_deactivate_auth_server is the reversible alternative.")
    .scope("okta.authorizationServers.manage")
}

fn rotate_body(_: &Map<String, Value>) -> Value {
    json!({ "use": "sig" })
}

fn rotate_auth_server_keys() -> ToolSpec {
    ToolSpec::new::<AuthServerRef>("okta_rotate_auth_server_keys", ToolKind::Action, Method::POST, "/api/v1/authorizationServers/{authServerId}/credentials/lifecycle/keyRotate")
        .title("Rotate authorization server keys")
        .describe("Rotate the signing keys now: the ACTIVE key becomes EXPIRED and the NEXT key signs new tokens. Clients that cache the JWKS must fetch it again. Returns the keys.")
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
    .describe("List the signing keys (public JWKs) of a custom authorization server: kid, status (ACTIVE, NEXT, EXPIRED), alg, use, n, e.")
    .scope("okta.authorizationServers.read")
}
