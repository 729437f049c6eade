//! Entitlement bundles: named sets of an app's entitlement values.

use okta_mcp_core::params::{After, Limit};
use okta_mcp_core::{Decl, Route, ToolInput, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

const READ: &str = "okta.governance.entitlements.read";
const ROLE: &str = "APP_ADMIN";

// The one expansion Okta offers on bundles.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
enum Include {
    FullEntitlements,
}

/// Arguments of okta_iga_list_bundles.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ListBundles {
    /// e.g. `target.externalId eq "0oa…"` for an app's bundles
    #[arg(query)]
    filter: Option<String>,
    #[arg(query)]
    after: Option<After>,
    /// Default 25, max 200
    #[arg(query)]
    limit: Option<Limit>,
    /// e.g. `created desc` or `lastUpdated asc,id asc`
    #[arg(query)]
    order_by: Option<String>,
    /// Adds each bundle's entitlements and values
    #[arg(query)]
    include: Option<Include>,
}

pub(crate) fn list_bundles() -> ToolSpec {
    ToolSpec::new::<ListBundles>(Decl {
        name: "okta_iga_list_bundles",
        title: "List bundles",
        description: "Entitlement bundles (enb…). Needs APP_ADMIN.",
        kind: ToolKind::Read,
        scope: READ,
        route: Route::get("/governance/api/v1/entitlement-bundles"),
    })
    .admin_role(ROLE)
    .default_limit(25)
    .list_in("data")
    .summary(&["id", "name", "status", "description", "target"])
    .build()
}

/// Arguments of okta_iga_get_bundle.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct GetBundle {
    /// enb…
    #[arg(path)]
    entitlement_bundle_id: String,
    /// Adds entitlement names and values
    #[arg(query)]
    include: Option<Include>,
}

pub(crate) fn get_bundle() -> ToolSpec {
    ToolSpec::new::<GetBundle>(Decl {
        name: "okta_iga_get_bundle",
        title: "Get bundle",
        description: "With its entitlement and value ids. Needs APP_ADMIN.",
        kind: ToolKind::Read,
        scope: READ,
        route: Route::get("/governance/api/v1/entitlement-bundles/{entitlementBundleId}"),
    })
    .admin_role(ROLE)
    .build()
}
