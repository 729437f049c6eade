//! What a user belongs to: groups, assigned apps, admin roles.

use okta_mcp_core::summary;
use okta_mcp_core::{Decl, Route, ToolInput, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::Deserialize;

pub fn tools() -> Vec<ToolSpec> {
    vec![get_user_groups(), get_user_apps(), get_user_roles()]
}

/// Arguments naming a user.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct UserRef {
    /// 00u… or login
    #[arg(path)]
    user_id: String,
}

fn get_user_groups() -> ToolSpec {
    ToolSpec::new::<UserRef>(Decl {
        name: "okta_get_user_groups",
        title: "Get user groups",
        description: "The user's groups (00g…).",
        kind: ToolKind::Read,
        scope: "okta.users.read",
        route: Route::get("/api/v1/users/{userId}/groups"),
    })
    .summary(summary::GROUP)
    .build()
}

fn get_user_apps() -> ToolSpec {
    ToolSpec::new::<UserRef>(Decl {
        name: "okta_get_user_apps",
        title: "Get user apps",
        description: "Assigned apps as dashboard links (appInstanceId 0oa…).",
        kind: ToolKind::Read,
        scope: "okta.users.read",
        route: Route::get("/api/v1/users/{userId}/appLinks"),
    })
    .summary(&[
        "appInstanceId",
        "appName",
        "label",
        "appAssignmentId",
        "hidden",
    ])
    .build()
}

/// Arguments of okta_get_user_roles.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct GetUserRoles {
    /// 00u…
    #[arg(path)]
    user_id: String,
    /// `targets/groups` or `targets/catalog/apps`
    #[arg(query)]
    expand: Option<String>,
}

fn get_user_roles() -> ToolSpec {
    ToolSpec::new::<GetUserRoles>(Decl {
        name: "okta_get_user_roles",
        title: "Get user roles",
        description: "Admin roles, direct (USER) or via GROUP. Empty for non-admins.",
        kind: ToolKind::Read,
        scope: "okta.roles.read",
        route: Route::get("/api/v1/users/{userId}/roles"),
    })
    .summary(summary::ROLE_ASSIGNMENT)
    .build()
}
