//! Entitlement bundles: named sets of an app's entitlement values.

use okta_mcp_core::params::{After, Limit};
use okta_mcp_core::{Method, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::Deserialize;

const READ: &str = "okta.governance.entitlements.read";
const ROLE: &str = "APP_ADMIN";

/// Arguments of okta_iga_list_bundles.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ListBundles {
    /// e.g. `target.externalId eq "0oa…"` for an app's bundles
    filter: Option<String>,
    after: Option<After>,
    /// Page size (default 25, max 200)
    limit: Option<Limit>,
    /// e.g. `created desc` or `lastUpdated asc,id asc`
    order_by: Option<String>,
    /// `full_entitlements` to include entitlements and values
    include: Option<String>,
}

pub(crate) fn list_bundles() -> ToolSpec {
    ToolSpec::new::<ListBundles>(
        "okta_iga_list_bundles",
        ToolKind::Read,
        Method::GET,
        "/governance/api/v1/entitlement-bundles",
    )
    .title("List entitlement bundles")
    .describe("List entitlement bundles (enb…) with name, status and app. Needs APP_ADMIN.")
    .scope(READ)
    .admin_role(ROLE)
    .query(&["filter", "after", "limit", "orderBy", "include"])
    .default_limit(25)
    .list_in("data")
}

/// Arguments of okta_iga_get_bundle.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct GetBundle {
    /// Entitlement bundle id (enb…)
    entitlement_bundle_id: String,
    /// `full_entitlements` for entitlement names and values
    include: Option<String>,
}

pub(crate) fn get_bundle() -> ToolSpec {
    ToolSpec::new::<GetBundle>("okta_iga_get_bundle", ToolKind::Read, Method::GET, "/governance/api/v1/entitlement-bundles/{entitlementBundleId}")
        .title("Get entitlement bundle")
        .describe("Get one entitlement bundle with its entitlements and value ids (names with include=full_entitlements). Needs APP_ADMIN.")
        .scope(READ)
        .admin_role(ROLE)
        .query(&["include"])
}
