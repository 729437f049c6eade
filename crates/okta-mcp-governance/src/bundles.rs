//! Entitlement bundles: named sets of an app's entitlement values.

use okta_mcp_core::params::{After, Limit};
use okta_mcp_core::{Method, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::Deserialize;

use crate::steps::list_page;

const READ: &str = "okta.governance.entitlements.read";
const ROLE: &str = "APP_ADMIN";

/// Arguments of okta_iga_list_bundles.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ListBundles {
    /// Okta filter on id, lastUpdated, targetResourceOrn, target.externalId, target.type, status or name, e.g. `target.externalId eq "0oa…" AND target.type eq "APPLICATION"`.
    filter: Option<String>,
    after: Option<After>,
    /// Page size (default 25, Okta's maximum 200).
    limit: Option<Limit>,
    /// Sort, e.g. `created desc` or `lastUpdated asc,id asc`.
    order_by: Option<String>,
    /// `full_entitlements` to include each bundle's entitlements and values.
    include: Option<String>,
}

pub(crate) fn list_bundles() -> ToolSpec {
    ToolSpec::new::<ListBundles>("okta_iga_list_bundles", ToolKind::Read, Method::GET, "/governance/api/v1/entitlement-bundles")
        .title("List entitlement bundles")
        .describe("List entitlement bundles (id enb…, name, status, app), 25 per page by default; pass nextCursor as `after` for more. include=full_entitlements adds their entitlements. Needs the APP_ADMIN role.")
        .scope(READ)
        .admin_role(ROLE)
        .query(&["filter", "after", "limit", "orderBy", "include"])
        .default_limit(25)
        .handler(list_page)
}

/// Arguments of okta_iga_get_bundle.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct GetBundle {
    /// Entitlement bundle id (enb…).
    entitlement_bundle_id: String,
    /// `full_entitlements` to include the entitlements' names and values, not only their ids.
    include: Option<String>,
}

pub(crate) fn get_bundle() -> ToolSpec {
    ToolSpec::new::<GetBundle>("okta_iga_get_bundle", ToolKind::Read, Method::GET, "/governance/api/v1/entitlement-bundles/{entitlementBundleId}")
        .title("Get entitlement bundle")
        .describe("Get one entitlement bundle: name, status, app, and its entitlements and value ids (names too with include=full_entitlements). Needs the APP_ADMIN role.")
        .scope(READ)
        .admin_role(ROLE)
        .query(&["include"])
}
