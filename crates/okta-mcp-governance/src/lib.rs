//! `okta-mcp-governance`: Okta Identity Governance (IGA): access certification campaigns, entitlements,
//! bundles and access requests. Okta's IGA APIs accept only OAuth 2.0 tokens, so this server refuses SSWS.
//! The tools are data: each module declares its tools next to their input types; the few that take
//! more than one call (the DECISION rows of endpoints.tsv) have a handler that sends the steps.

mod bundles;
mod campaign_settings;
mod campaigns;
mod catalogs;
mod entitlements;
pub mod filters;
mod grants;
pub mod orn;
mod requests;
mod reviews;
mod revoke;
mod steps;

use okta_mcp_core::{ServerSpec, ToolSpec};

/// Every tool of this server, in the order of the contract (conformance/endpoints.tsv).
pub fn tools() -> Vec<ToolSpec> {
    vec![
        campaigns::list_campaigns(),
        campaigns::get_campaign(),
        campaigns::create_campaign(),
        campaigns::launch_campaign(),
        campaigns::close_campaign(),
        reviews::list_campaign_items(),
        reviews::review_campaign_item(),
        entitlements::list_entitlements(),
        entitlements::get_entitlement(),
        entitlements::list_user_entitlements(),
        grants::assign_entitlement(),
        revoke::revoke_entitlement(),
        bundles::list_bundles(),
        bundles::get_bundle(),
        grants::assign_bundle_to_user(),
        revoke::remove_bundle_from_user(),
        requests::list_access_requests(),
        requests::create_access_request(),
        requests::approve_access_request(),
        requests::deny_access_request(),
        requests::revoke_access_request(),
        catalogs::list_catalog_entries(),
        catalogs::get_catalog_entry(),
        catalogs::list_user_catalog_entries(),
        catalogs::get_catalog_entry_request_fields(),
    ]
}

pub const SERVER: ServerSpec = ServerSpec {
    name: "okta-mcp-governance",
    version: env!("CARGO_PKG_VERSION"),
    instructions: "Okta Identity Governance: certification campaigns and their review items, entitlements and bundles and who holds them, access requests and the catalog they request from. Needs an OAuth service app with the IGA scopes and admin roles.",
    tools,
    requires_oauth: true,
};
