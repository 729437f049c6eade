//! Who is assigned to an app: its users and its groups.

use okta_mcp_core::params::{After, Limit};
use okta_mcp_core::{Body, Method, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Map, Value};

pub fn tools() -> Vec<ToolSpec> {
    vec![
        list_app_users(),
        get_app_user(),
        assign_user_to_app(),
        update_app_user(),
        remove_user_from_app(),
        list_app_groups(),
        assign_group_to_app(),
        remove_group_from_app(),
    ]
}

/// Arguments of okta_list_app_users.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ListAppUsers {
    /// App id (0oa…)
    app_id: String,
    after: Option<After>,
    /// Page size (default 25, max 500)
    limit: Option<Limit>,
    /// Prefix of userName, firstName, lastName or email
    q: Option<String>,
    /// `user` to embed each Okta user
    expand: Option<String>,
}

fn list_app_users() -> ToolSpec {
    ToolSpec::new::<ListAppUsers>("okta_list_app_users", ToolKind::Read, Method::GET, "/api/v1/apps/{appId}/users")
        .title("List app users")
        .describe("List an app's assigned users: scope (USER direct or GROUP), status, app userName and app profile.")
        .scope("okta.apps.read")
        .query(&["after", "limit", "q", "expand"])
        .default_limit(25)
}

/// Arguments of okta_get_app_user.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct GetAppUser {
    /// App id (0oa…)
    app_id: String,
    /// User id (00u…)
    user_id: String,
    /// `user` to embed the Okta user
    expand: Option<String>,
}

fn get_app_user() -> ToolSpec {
    ToolSpec::new::<GetAppUser>(
        "okta_get_app_user",
        ToolKind::Read,
        Method::GET,
        "/api/v1/apps/{appId}/users/{userId}",
    )
    .title("Get app user")
    .describe("Get a user's assignment to an app: scope, status, syncState, app profile. 404 E0000007 if not assigned.")
    .scope("okta.apps.read")
    .query(&["expand"])
}

/// Arguments of okta_assign_user_to_app.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct AssignUserToApp {
    /// App id (0oa…)
    app_id: String,
    /// User id (00u…) to assign
    id: String,
    /// `USER` for a direct assignment; Okta infers it if omitted
    scope: Option<String>,
    /// e.g. `{"userName":"…"}` (+`password`); default: template
    credentials: Option<Map<String, Value>>,
    /// App profile attributes, e.g. `{"role": "Developer"}`
    profile: Option<Map<String, Value>>,
}

fn assign_user_to_app() -> ToolSpec {
    ToolSpec::new::<AssignUserToApp>("okta_assign_user_to_app", ToolKind::Create, Method::POST, "/api/v1/apps/{appId}/users")
        .title("Assign user to app")
        .describe("Assign a user directly to an app, optionally with app userName and profile. Provisioning apps may reject Okta-mapped profile values (403 E0000075).")
        .scope("okta.apps.manage")
        .body(Body::Fields)
        .hints(&[("E0000075", "the attribute is mapped from the Okta user profile: leave it out of profile, or change it on the Okta user")])
}

/// Arguments of okta_update_app_user.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct UpdateAppUser {
    /// App id (0oa…)
    app_id: String,
    /// User id (00u…)
    user_id: String,
    /// `userName` and/or `password` (`{"value": "…"}`) to change
    credentials: Option<Map<String, Value>>,
    /// App profile attributes to change; others are kept
    profile: Option<Map<String, Value>>,
}

fn update_app_user() -> ToolSpec {
    ToolSpec::new::<UpdateAppUser>(
        "okta_update_app_user",
        ToolKind::Update,
        Method::POST,
        "/api/v1/apps/{appId}/users/{userId}",
    )
    .title("Update app user")
    .describe("Change a user's app credentials or app profile. 400 E0000041 if the app's sign-on scheme takes no user credentials.")
    .scope("okta.apps.manage")
    .body(Body::Fields)
    .hints(&[
        ("E0000041", "this app's sign-on scheme takes no per-user credentials: leave credentials out"),
        ("E0000075", "the attribute is mapped from the Okta user profile: leave it out of profile, or change it on the Okta user"),
    ])
}

/// Arguments of okta_remove_user_from_app.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RemoveUserFromApp {
    /// App id (0oa…)
    app_id: String,
    /// User id (00u…)
    user_id: String,
    /// Email the admins about the deactivation (default false)
    send_email: Option<bool>,
}

fn remove_user_from_app() -> ToolSpec {
    ToolSpec::new::<RemoveUserFromApp>("okta_remove_user_from_app", ToolKind::Delete, Method::DELETE, "/api/v1/apps/{appId}/users/{userId}")
        .title("Remove user from app")
        .describe("Unassign a directly assigned user; provisioning apps deactivate the app account. Group assignments: remove the group or membership instead.")
        .scope("okta.apps.manage")
        .query(&["sendEmail"])
}

/// Arguments of okta_list_app_groups.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ListAppGroups {
    /// App id (0oa…)
    app_id: String,
    /// Prefix of the group name
    q: Option<String>,
    after: Option<After>,
    /// Page size (default 25, max 200)
    limit: Option<Limit>,
    /// `group` to embed each group, or `metadata`
    expand: Option<String>,
}

fn list_app_groups() -> ToolSpec {
    ToolSpec::new::<ListAppGroups>("okta_list_app_groups", ToolKind::Read, Method::GET, "/api/v1/apps/{appId}/groups")
        .title("List app groups")
        .describe("List the groups assigned to an app: id, priority, app profile. Use expand=group for group names.")
        .scope("okta.apps.read")
        .query(&["q", "after", "limit", "expand"])
        .default_limit(25)
}

/// Arguments of okta_assign_group_to_app.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct AssignGroupToApp {
    /// App id (0oa…)
    app_id: String,
    /// Group id (00g…)
    group_id: String,
    /// 0 is highest; decides a multi-group member's profile
    priority: Option<u32>,
    /// App profile attributes for the group's members
    profile: Option<Map<String, Value>>,
}

fn assign_group_to_app() -> ToolSpec {
    ToolSpec::new::<AssignGroupToApp>(
        "okta_assign_group_to_app",
        ToolKind::Update,
        Method::PUT,
        "/api/v1/apps/{appId}/groups/{groupId}",
    )
    .title("Assign group to app")
    .describe("Assign a group to an app so all its members get it; assigning again replaces priority and profile.")
    .scope("okta.apps.manage")
    .body(Body::Fields)
}

/// Arguments naming a group assigned to an app.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct AppGroupRef {
    /// App id (0oa…)
    app_id: String,
    /// Group id (00g…)
    group_id: String,
}

fn remove_group_from_app() -> ToolSpec {
    ToolSpec::new::<AppGroupRef>(
        "okta_remove_group_from_app",
        ToolKind::Delete,
        Method::DELETE,
        "/api/v1/apps/{appId}/groups/{groupId}",
    )
    .title("Remove group from app")
    .describe("Unassign a group from an app: members lose it unless assigned directly or via another group.")
    .scope("okta.apps.manage")
}
