//! A group's owners: the users and groups who own it.

use okta_mcp_core::params::{After, Limit};
use okta_mcp_core::{Decl, Route, ToolInput, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub fn tools() -> Vec<ToolSpec> {
    vec![
        list_group_owners(),
        assign_group_owner(),
        remove_group_owner(),
    ]
}

/// Arguments of okta_list_group_owners.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ListGroupOwners {
    /// 00g…
    #[arg(path)]
    group_id: String,
    /// e.g. `type eq "USER"`
    #[arg(query)]
    search: Option<String>,
    #[arg(query)]
    after: Option<After>,
    /// Default 25
    #[arg(query)]
    limit: Option<Limit>,
}

fn list_group_owners() -> ToolSpec {
    ToolSpec::new::<ListGroupOwners>(Decl {
        name: "okta_list_group_owners",
        title: "List group owners",
        description: "Owners: users or groups.",
        kind: ToolKind::Read,
        scope: "okta.groups.read",
        route: Route::get("/api/v1/groups/{groupId}/owners"),
    })
    .default_limit(25)
    .summary(&["id", "type", "displayName", "originType", "resolved"])
    .build()
}

// `GroupOwnerType`.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "UPPERCASE")]
enum OwnerType {
    User,
    Group,
}

/// Arguments of okta_assign_group_owner.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct AssignGroupOwner {
    /// 00g… to own
    #[arg(path)]
    group_id: String,
    /// 00u… or 00g…
    #[arg(body)]
    id: String,
    /// What `id` is
    #[serde(rename = "type")]
    #[arg(body)]
    owner_type: OwnerType,
}

fn assign_group_owner() -> ToolSpec {
    ToolSpec::new::<AssignGroupOwner>(Decl {
        name: "okta_assign_group_owner",
        title: "Assign group owner",
        description: "Owner: a user or a group.",
        kind: ToolKind::Create { destructive: false },
        scope: "okta.groups.manage",
        route: Route::post("/api/v1/groups/{groupId}/owners"),
    })
    .build()
}

/// Arguments of okta_remove_group_owner.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RemoveGroupOwner {
    /// 00g…
    #[arg(path)]
    group_id: String,
    /// 00u… or 00g…
    #[arg(path)]
    owner_id: String,
}

fn remove_group_owner() -> ToolSpec {
    ToolSpec::new::<RemoveGroupOwner>(Decl {
        name: "okta_remove_group_owner",
        title: "Remove group owner",
        description: "By owner id.",
        kind: ToolKind::Delete,
        scope: "okta.groups.manage",
        route: Route::delete("/api/v1/groups/{groupId}/owners/{ownerId}"),
    })
    .build()
}
