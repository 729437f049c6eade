//! Custom token claims of a custom authorization server.

use okta_mcp_core::{Body, Method, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Map, Value};

pub fn tools() -> Vec<ToolSpec> {
    vec![
        list_claims(),
        get_claim(),
        create_claim(),
        update_claim(),
        delete_claim(),
    ]
}

/// Arguments of okta_list_claims.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ListClaims {
    /// Custom authorization server id (aus…)
    auth_server_id: String,
}

fn list_claims() -> ToolSpec {
    ToolSpec::new::<ListClaims>(
        "okta_list_claims",
        ToolKind::Read,
        Method::GET,
        "/api/v1/authorizationServers/{authServerId}/claims",
    )
    .title("List claims")
    .describe("List all token claims of a custom authorization server, system claims included.")
    .scope("okta.authorizationServers.read")
}

/// Arguments of okta_get_claim and okta_delete_claim.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ClaimRef {
    /// Custom authorization server id (aus…)
    auth_server_id: String,
    /// Claim id (ocl…)
    claim_id: String,
}

fn get_claim() -> ToolSpec {
    ToolSpec::new::<ClaimRef>(
        "okta_get_claim",
        ToolKind::Read,
        Method::GET,
        "/api/v1/authorizationServers/{authServerId}/claims/{claimId}",
    )
    .title("Get claim")
    .describe("Get one token claim: token type, value type, value and scope conditions.")
    .scope("okta.authorizationServers.read")
}

/// Arguments of okta_create_claim.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CreateClaim {
    /// Custom authorization server id (aus…)
    auth_server_id: String,
    /// Claim name in the token, e.g. `groups`
    name: String,
    /// `RESOURCE` (access token) or `IDENTITY` (ID token)
    claim_type: String,
    /// `EXPRESSION` (Okta EL) or `GROUPS` (group filter)
    value_type: String,
    /// EL (e.g. `user.department`), or for GROUPS the group name
    value: String,
    /// `ACTIVE` (default) or `INACTIVE`
    status: Option<String>,
    /// Always put in ID tokens, not only via /userinfo
    always_include_in_token: Option<bool>,
    /// Only these scopes: `{"scopes": ["profile"]}`; default all
    conditions: Option<Map<String, Value>>,
    /// With GROUPS: `STARTS_WITH`, `EQUALS`, `CONTAINS` or `REGEX`
    #[serde(rename = "group_filter_type")]
    group_filter_type: Option<String>,
    /// Okta-created; leave unset for your own claims
    system: Option<bool>,
}

fn create_claim() -> ToolSpec {
    ToolSpec::new::<CreateClaim>("okta_create_claim", ToolKind::Create, Method::POST, "/api/v1/authorizationServers/{authServerId}/claims")
        .title("Create claim")
        .describe("Add a custom claim to a custom authorization server's ID or access tokens. 400 E0000001 on a bad EL expression or duplicate name.")
        .scope("okta.authorizationServers.manage")
        .body(Body::Fields)
}

/// Arguments of okta_update_claim: the whole claim, as it should be.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct UpdateClaim {
    /// Custom authorization server id (aus…)
    auth_server_id: String,
    /// Claim id (ocl…)
    claim_id: String,
    /// Claim name in the token
    name: String,
    /// `RESOURCE` (access token) or `IDENTITY` (ID token)
    claim_type: String,
    /// `EXPRESSION`, `GROUPS` or, for system claims, `SYSTEM`
    value_type: String,
    /// EL expression, or for GROUPS the group name
    value: String,
    /// `ACTIVE` or `INACTIVE`
    status: Option<String>,
    /// Always put in ID tokens, not only via /userinfo
    always_include_in_token: Option<bool>,
    /// Only these scopes: `{"scopes": ["profile"]}`; default all
    conditions: Option<Map<String, Value>>,
    /// With GROUPS: `STARTS_WITH`, `EQUALS`, `CONTAINS` or `REGEX`
    #[serde(rename = "group_filter_type")]
    group_filter_type: Option<String>,
    /// Okta-created; keep the claim's current value
    system: Option<bool>,
}

fn update_claim() -> ToolSpec {
    ToolSpec::new::<UpdateClaim>("okta_update_claim", ToolKind::Update, Method::PUT, "/api/v1/authorizationServers/{authServerId}/claims/{claimId}")
        .title("Update claim")
        .describe("Replace a claim (full PUT): send the whole claim from okta_get_claim; omitted fields are reset.")
        .scope("okta.authorizationServers.manage")
        .body(Body::Fields)
}

fn delete_claim() -> ToolSpec {
    ToolSpec::new::<ClaimRef>("okta_delete_claim", ToolKind::Delete, Method::DELETE, "/api/v1/authorizationServers/{authServerId}/claims/{claimId}")
        .title("Delete claim")
        .describe("Permanently delete a custom claim; new tokens no longer carry it. System claims can't be deleted.")
        .scope("okta.authorizationServers.manage")
}
