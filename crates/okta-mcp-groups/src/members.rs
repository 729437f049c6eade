//! Who is in a group, and which apps it gives them.

use okta_mcp_core::params::{After, Limit};
use okta_mcp_core::summary;
use okta_mcp_core::{Decl, Route, ToolInput, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::Deserialize;

pub fn tools() -> Vec<ToolSpec> {
    vec![
        list_group_members(),
        add_user_to_group(),
        remove_user_from_group(),
        list_group_apps(),
    ]
}

/// Arguments of okta_list_group_members.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ListGroupMembers {
    /// 00g…
    #[arg(path)]
    group_id: String,
    #[arg(query)]
    after: Option<After>,
    /// Default 25 (≤200 advised)
    #[arg(query)]
    limit: Option<Limit>,
}

fn list_group_members() -> ToolSpec {
    ToolSpec::new::<ListGroupMembers>(Decl {
        name: "okta_list_group_members",
        title: "List group members",
        description: "Member users (00u…).",
        kind: ToolKind::Read,
        scope: "okta.groups.read",
        route: Route::get("/api/v1/groups/{groupId}/users"),
    })
    .default_limit(25)
    .summary(summary::USER)
    .build()
}

/// Arguments naming a group and a user.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Membership {
    /// 00g…
    #[arg(path)]
    group_id: String,
    /// 00u…
    #[arg(path)]
    user_id: String,
}

const APP_GROUP: &[(&str, &str)] = &[(
    "403",
    "only OKTA_GROUP memberships can be changed here (APP_GROUP members come from their app's imports); otherwise the credentials lack okta.groups.manage or a role over this group",
)];

fn add_user_to_group() -> ToolSpec {
    ToolSpec::new::<Membership>(Decl {
        name: "okta_add_user_to_group",
        title: "Add user to group",
        description: "OKTA_GROUP only; the user gets its apps and roles. Idempotent.",
        // A PUT of the membership: repeating it leaves the same membership.
        kind: ToolKind::Update { destructive: false },
        scope: "okta.groups.manage",
        route: Route::put("/api/v1/groups/{groupId}/users/{userId}"),
    })
    .hints(APP_GROUP)
    .build()
}

fn remove_user_from_group() -> ToolSpec {
    ToolSpec::new::<Membership>(Decl {
        name: "okta_remove_user_from_group",
        title: "Remove user from group",
        description: "OKTA_GROUP only; the user loses its apps and roles unless another assignment gives them.",
        kind: ToolKind::Delete,
        scope: "okta.groups.manage",
        route: Route::delete("/api/v1/groups/{groupId}/users/{userId}"),
    })
    .hints(APP_GROUP)
    .build()
}

/// Arguments of okta_list_group_apps.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ListGroupApps {
    /// 00g…
    #[arg(path)]
    group_id: String,
    #[arg(query)]
    after: Option<After>,
    /// Default 20
    #[arg(query)]
    limit: Option<Limit>,
}

fn list_group_apps() -> ToolSpec {
    ToolSpec::new::<ListGroupApps>(Decl {
        name: "okta_list_group_apps",
        title: "List group apps",
        description: "Apps assigned to the group (0oa…), which its members get.",
        kind: ToolKind::Read,
        scope: "okta.groups.read",
        route: Route::get("/api/v1/groups/{groupId}/apps"),
    })
    .default_limit(20)
    .summary(summary::APP)
    .build()
}
