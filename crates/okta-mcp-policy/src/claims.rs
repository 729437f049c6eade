//! Custom token claims of a custom authorization server.

use okta_mcp_core::{Decl, Route, ToolInput, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::values::{ClaimType, ClaimValueType, GroupFilterType, Status};

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
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ListClaims {
    /// aus…
    #[arg(path)]
    auth_server_id: String,
}

fn list_claims() -> ToolSpec {
    ToolSpec::new::<ListClaims>(Decl {
        name: "okta_list_claims",
        title: "List claims",
        description: "System claims included.",
        kind: ToolKind::Read,
        scope: "okta.authorizationServers.read",
        route: Route::get("/api/v1/authorizationServers/{authServerId}/claims"),
    })
    .summary(&[
        "id",
        "name",
        "status",
        "claimType",
        "valueType",
        "value",
        "system",
    ])
    .build()
}

/// Arguments of okta_get_claim and okta_delete_claim.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ClaimRef {
    /// aus…
    #[arg(path)]
    auth_server_id: String,
    /// ocl…
    #[arg(path)]
    claim_id: String,
}

fn get_claim() -> ToolSpec {
    ToolSpec::new::<ClaimRef>(Decl {
        name: "okta_get_claim",
        title: "Get claim",
        description: "With its value and scope conditions.",
        kind: ToolKind::Read,
        scope: "okta.authorizationServers.read",
        route: Route::get("/api/v1/authorizationServers/{authServerId}/claims/{claimId}"),
    })
    .build()
}

/// Arguments of okta_create_claim.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CreateClaim {
    /// aus…
    #[arg(path)]
    auth_server_id: String,
    /// In the token, e.g. `groups`
    #[arg(body)]
    name: String,
    /// RESOURCE: access token; IDENTITY: ID token
    #[arg(body)]
    claim_type: ClaimType,
    /// EXPRESSION: Okta EL; GROUPS: group filter; SYSTEM: Okta's own
    #[arg(body)]
    value_type: ClaimValueType,
    /// EL (e.g. `user.department`), or for GROUPS the group name
    #[arg(body)]
    value: String,
    /// Default ACTIVE
    #[arg(body)]
    status: Option<Status>,
    /// In ID tokens, not only via /userinfo
    #[arg(body)]
    always_include_in_token: Option<bool>,
    /// Only these scopes: `{"scopes": ["profile"]}`; default all
    #[arg(body)]
    conditions: Option<Map<String, Value>>,
    /// With GROUPS: how `value` matches group names
    #[serde(rename = "group_filter_type")]
    #[arg(body)]
    group_filter_type: Option<GroupFilterType>,
    /// Okta-created; leave unset
    #[arg(body)]
    system: Option<bool>,
}

fn create_claim() -> ToolSpec {
    ToolSpec::new::<CreateClaim>(Decl {
        name: "okta_create_claim",
        title: "Create claim",
        description: "For ID or access tokens. 400 E0000001 on a bad EL expression or duplicate name.",
        kind: ToolKind::Create { destructive: false },
        scope: "okta.authorizationServers.manage",
        route: Route::post("/api/v1/authorizationServers/{authServerId}/claims"),
    })
    .build()
}

/// Arguments of okta_update_claim: the whole claim, as it should be.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct UpdateClaim {
    /// aus…
    #[arg(path)]
    auth_server_id: String,
    /// ocl…
    #[arg(path)]
    claim_id: String,
    /// In the token
    #[arg(body)]
    name: String,
    /// RESOURCE: access token; IDENTITY: ID token
    #[arg(body)]
    claim_type: ClaimType,
    /// EXPRESSION: Okta EL; GROUPS: group filter; SYSTEM: Okta's own
    #[arg(body)]
    value_type: ClaimValueType,
    /// EL, or for GROUPS the group name
    #[arg(body)]
    value: String,
    #[arg(body)]
    status: Option<Status>,
    /// In ID tokens, not only via /userinfo
    #[arg(body)]
    always_include_in_token: Option<bool>,
    /// Only these scopes: `{"scopes": ["profile"]}`; default all
    #[arg(body)]
    conditions: Option<Map<String, Value>>,
    /// With GROUPS: how `value` matches group names
    #[serde(rename = "group_filter_type")]
    #[arg(body)]
    group_filter_type: Option<GroupFilterType>,
    /// Okta-created; keep its value
    #[arg(body)]
    system: Option<bool>,
}

fn update_claim() -> ToolSpec {
    ToolSpec::new::<UpdateClaim>(Decl {
        name: "okta_update_claim",
        title: "Update claim",
        description: "Full PUT (claim from okta_get_claim): omitted fields are reset.",
        kind: ToolKind::Update { destructive: false },
        scope: "okta.authorizationServers.manage",
        route: Route::put("/api/v1/authorizationServers/{authServerId}/claims/{claimId}"),
    })
    .build()
}

fn delete_claim() -> ToolSpec {
    ToolSpec::new::<ClaimRef>(Decl {
        name: "okta_delete_claim",
        title: "Delete claim",
        description: "New tokens no longer carry it. System claims can't be deleted.",
        kind: ToolKind::Delete,
        scope: "okta.authorizationServers.manage",
        route: Route::delete("/api/v1/authorizationServers/{authServerId}/claims/{claimId}"),
    })
    .build()
}
