//! What a user belongs to: groups, assigned apps, admin roles.

use okta_mcp_core::{Method, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::Deserialize;

pub fn tools() -> Vec<ToolSpec> {
    vec![get_user_groups(), get_user_apps(), get_user_roles()]
}

/// Arguments naming a user.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct UserRef {
    /// User id (00u…) or login
    user_id: String,
}

fn get_user_groups() -> ToolSpec {
    ToolSpec::new::<UserRef>(
        "okta_get_user_groups",
        ToolKind::Read,
        Method::GET,
        "/api/v1/users/{userId}/groups",
    )
    .title("Get user groups")
    .describe("List a user's groups: id, type (OKTA_GROUP, APP_GROUP, BUILT_IN), name.")
    .scope("okta.users.read")
}

fn get_user_apps() -> ToolSpec {
    ToolSpec::new::<UserRef>(
        "okta_get_user_apps",
        ToolKind::Read,
        Method::GET,
        "/api/v1/users/{userId}/appLinks",
    )
    .title("Get user apps")
    .describe(
        "List a user's assigned apps as dashboard links: label, appName, appInstanceId, linkUrl.",
    )
    .scope("okta.users.read")
}

/// Arguments of okta_get_user_roles.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct GetUserRoles {
    /// User id (00u…)
    user_id: String,
    /// `targets/groups` or `targets/catalog/apps` to add targets
    expand: Option<String>,
}

fn get_user_roles() -> ToolSpec {
    ToolSpec::new::<GetUserRoles>("okta_get_user_roles", ToolKind::Read, Method::GET, "/api/v1/users/{userId}/roles")
        .title("Get user roles")
        .describe("List a user's admin roles (type, status, assignmentType USER or GROUP). Empty for non-admins.")
        .scope("okta.roles.read")
        .query(&["expand"])
}
