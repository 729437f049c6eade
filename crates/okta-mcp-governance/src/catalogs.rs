//! The access request catalog (v2): what can be requested, for whom, and what a request must say.
//! These lookups give okta_iga_create_access_request its `entryId` and `requesterFieldValues`.

use okta_mcp_core::params::{After, Limit};
use okta_mcp_core::tool::ToolError;
use okta_mcp_core::{Decl, Route, ToolInput, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::Deserialize;

use crate::filters;

const ROLE: &str = "ACCESS_REQUESTS_ADMIN";

/// Arguments of okta_iga_list_catalog_entries.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ListEntries {
    /// cen… whose children to list; omit for top level
    #[arg(local)]
    parent_id: Option<String>,
    /// Substring of name or description
    #[schemars(length(min = 3, max = 50))]
    #[arg(query)]
    r#match: Option<String>,
    #[arg(query)]
    after: Option<After>,
    /// Default 25, max 200
    #[arg(query)]
    limit: Option<Limit>,
    /// The parent filter Okta requires, built by the prepare step.
    #[serde(skip)]
    #[arg(query)]
    filter: Option<String>,
}

fn entries_filter(input: &mut ListEntries) -> Result<(), ToolError> {
    input.filter = Some(filters::catalog_parent(input.parent_id.as_deref())?);
    Ok(())
}

pub(crate) fn list_catalog_entries() -> ToolSpec {
    ToolSpec::new::<ListEntries>(Decl {
        name: "okta_iga_list_catalog_entries",
        title: "List catalog entries",
        description: "Access request catalog (v2, EA); requestable=true entries can be requested. Needs ACCESS_REQUESTS_ADMIN.",
        kind: ToolKind::Read,
        scope: "okta.accessRequests.catalog.read",
        route: Route::get("/governance/api/v2/catalogs/default/entries"),
    })
    .admin_role(ROLE)
    .default_limit(25)
    .list_in("data")
    .prepare(entries_filter)
    .summary(&["id", "name", "label", "requestable"])
    .build()
}

/// Arguments of okta_iga_get_catalog_entry.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct GetEntry {
    /// cen…
    #[arg(path)]
    entry_id: String,
}

pub(crate) fn get_catalog_entry() -> ToolSpec {
    ToolSpec::new::<GetEntry>(Decl {
        name: "okta_iga_get_catalog_entry",
        title: "Get catalog entry",
        description: "Access request catalog (v2, EA). Needs ACCESS_REQUESTS_ADMIN.",
        kind: ToolKind::Read,
        scope: "okta.accessRequests.catalog.read",
        route: Route::get("/governance/api/v2/catalogs/default/entries/{entryId}"),
    })
    .admin_role(ROLE)
    .build()
}

/// Arguments of okta_iga_list_user_catalog_entries.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ListUserEntries {
    /// 00u…
    #[arg(path)]
    user_id: String,
    /// cen… whose children to list; omit for top level
    #[arg(local)]
    parent_id: Option<String>,
    /// Substring of name or description
    #[schemars(length(min = 3, max = 50))]
    #[arg(query)]
    r#match: Option<String>,
    #[arg(query)]
    after: Option<After>,
    /// Default 25, max 200
    #[arg(query)]
    limit: Option<Limit>,
    /// The parent filter Okta requires, built by the prepare step.
    #[serde(skip)]
    #[arg(query)]
    filter: Option<String>,
}

fn user_entries_filter(input: &mut ListUserEntries) -> Result<(), ToolError> {
    input.filter = Some(filters::catalog_parent(input.parent_id.as_deref())?);
    Ok(())
}

pub(crate) fn list_user_catalog_entries() -> ToolSpec {
    ToolSpec::new::<ListUserEntries>(Decl {
        name: "okta_iga_list_user_catalog_entries",
        title: "List user catalog entries",
        description: "Those userId may request (v2). Needs ACCESS_REQUESTS_ADMIN.",
        kind: ToolKind::Read,
        scope: "okta.accessRequests.catalog.read",
        route: Route::get("/governance/api/v2/catalogs/default/user/{userId}/entries"),
    })
    .admin_role(ROLE)
    .default_limit(25)
    .list_in("data")
    .prepare(user_entries_filter)
    .summary(&["id", "name", "label", "requestable"])
    .build()
}

/// Arguments of okta_iga_get_catalog_entry_request_fields.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RequestFields {
    /// cen…
    #[arg(path)]
    entry_id: String,
    /// 00u…
    #[arg(path)]
    user_id: String,
}

pub(crate) fn get_catalog_entry_request_fields() -> ToolSpec {
    ToolSpec::new::<RequestFields>(Decl {
        name: "okta_iga_get_catalog_entry_request_fields",
        title: "Get catalog entry request fields",
        description: "What okta_iga_create_access_request's requesterFieldValues must fill (id, type, required, choices) for userId and entryId; any separation-of-duties risk. Needs ACCESS_REQUESTS_ADMIN.",
        kind: ToolKind::Read,
        scope: "okta.accessRequests.request.read",
        route: Route::get(
            "/governance/api/v2/catalogs/default/entries/{entryId}/users/{userId}/request-fields",
        ),
    })
    .admin_role(ROLE)
    .list_in("data")
    .summary(&["id", "type", "label", "required"])
    .build()
}
