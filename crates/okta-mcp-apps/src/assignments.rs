//! Who is assigned to an app: its users and its groups.

use okta_mcp_core::params::{After, Limit, has_members};
use okta_mcp_core::tool::ToolError;
use okta_mcp_core::{Decl, Route, ToolInput, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
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
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ListAppUsers {
    /// 0oa…
    #[arg(path)]
    app_id: String,
    #[arg(query)]
    after: Option<After>,
    /// Default 25, max 500
    #[arg(query)]
    limit: Option<Limit>,
    /// userName, first/last name or email prefix
    #[arg(query)]
    q: Option<String>,
    /// `user`: embed the Okta user
    #[arg(query)]
    expand: Option<String>,
}

fn list_app_users() -> ToolSpec {
    ToolSpec::new::<ListAppUsers>(Decl {
        name: "okta_list_app_users",
        title: "List app users",
        description: "Assigned users, scope USER (direct) or GROUP.",
        kind: ToolKind::Read,
        scope: "okta.apps.read",
        route: Route::get("/api/v1/apps/{appId}/users"),
    })
    .default_limit(25)
    .summary(&["id", "status", "scope", "syncState", "credentials.userName"])
    .build()
}

/// Arguments of okta_get_app_user.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct GetAppUser {
    /// 0oa…
    #[arg(path)]
    app_id: String,
    /// 00u…
    #[arg(path)]
    user_id: String,
    /// `user`: embed the Okta user
    #[arg(query)]
    expand: Option<String>,
}

fn get_app_user() -> ToolSpec {
    ToolSpec::new::<GetAppUser>(Decl {
        name: "okta_get_app_user",
        title: "Get app user",
        description: "404 E0000007 if not assigned.",
        kind: ToolKind::Read,
        scope: "okta.apps.read",
        route: Route::get("/api/v1/apps/{appId}/users/{userId}"),
    })
    .build()
}

/// Arguments of okta_assign_user_to_app.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct AssignUserToApp {
    /// 0oa…
    #[arg(path)]
    app_id: String,
    /// 00u…
    #[arg(body)]
    id: String,
    /// USER: direct; inferred if omitted
    #[arg(body)]
    scope: Option<AssignmentScope>,
    /// e.g. `{"userName":"…"}` (+`password`); default: template
    #[arg(body, secret("password"))]
    credentials: Option<Map<String, Value>>,
    /// App profile, e.g. `{"role": "Developer"}`
    #[arg(body)]
    profile: Option<Map<String, Value>>,
}

// Whether an assignment is direct or through a group (`AppUser.scope`).
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "UPPERCASE")]
enum AssignmentScope {
    User,
    Group,
}

fn assign_user_to_app() -> ToolSpec {
    ToolSpec::new::<AssignUserToApp>(Decl {
        name: "okta_assign_user_to_app",
        title: "Assign user to app",
        description: "A direct assignment. Provisioning apps may reject Okta-mapped profile values (403 E0000075).",
        kind: ToolKind::Create { destructive: false },
        scope: "okta.apps.manage",
        route: Route::post("/api/v1/apps/{appId}/users"),
    })
    .hints(&[("E0000075", "the attribute is mapped from the Okta user profile: leave it out of profile, or change it on the Okta user")])
    .build()
}

/// Arguments of okta_update_app_user.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct UpdateAppUser {
    /// 0oa…
    #[arg(path)]
    app_id: String,
    /// 00u…
    #[arg(path)]
    user_id: String,
    /// `userName` and/or `password` (`{"value": "…"}`) to change
    #[arg(body, secret("password"))]
    #[schemars(extend("minProperties" = 1))]
    credentials: Option<Map<String, Value>>,
    /// Attributes to change; others kept
    #[arg(body)]
    #[schemars(extend("minProperties" = 1))]
    profile: Option<Map<String, Value>>,
}

fn some_change(input: &mut UpdateAppUser) -> Result<(), ToolError> {
    ToolError::require_change(&[
        ("credentials", has_members(input.credentials.as_ref())),
        ("profile", has_members(input.profile.as_ref())),
    ])
}

fn update_app_user() -> ToolSpec {
    ToolSpec::new::<UpdateAppUser>(Decl {
        name: "okta_update_app_user",
        title: "Update app user",
        description: "400 E0000041 if the app's sign-on scheme takes no user credentials.",
        kind: ToolKind::Update { destructive: false },
        scope: "okta.apps.manage",
        route: Route::post("/api/v1/apps/{appId}/users/{userId}"),
    })
    .prepare(some_change)
    .hints(&[
        ("E0000041", "this app's sign-on scheme takes no per-user credentials: leave credentials out"),
        ("E0000075", "the attribute is mapped from the Okta user profile: leave it out of profile, or change it on the Okta user"),
    ])
    .build()
}

/// Arguments of okta_remove_user_from_app.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RemoveUserFromApp {
    /// 0oa…
    #[arg(path)]
    app_id: String,
    /// 00u…
    #[arg(path)]
    user_id: String,
    /// Email admins (default false)
    #[arg(query)]
    send_email: Option<bool>,
}

fn remove_user_from_app() -> ToolSpec {
    ToolSpec::new::<RemoveUserFromApp>(Decl {
        name: "okta_remove_user_from_app",
        title: "Remove user from app",
        description: "Direct assignments only (else remove group or membership); provisioning apps deactivate the account.",
        kind: ToolKind::Delete,
        scope: "okta.apps.manage",
        route: Route::delete("/api/v1/apps/{appId}/users/{userId}"),
    })
    .build()
}

/// Arguments of okta_list_app_groups.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ListAppGroups {
    /// 0oa…
    #[arg(path)]
    app_id: String,
    /// Group name prefix
    #[arg(query)]
    q: Option<String>,
    #[arg(query)]
    after: Option<After>,
    /// Default 25, max 200
    #[arg(query)]
    #[schemars(range(min = 20))]
    limit: Option<Limit>,
    /// `group` to embed each group, or `metadata`
    #[arg(query)]
    expand: Option<String>,
}

fn list_app_groups() -> ToolSpec {
    ToolSpec::new::<ListAppGroups>(Decl {
        name: "okta_list_app_groups",
        title: "List app groups",
        description: "Assigned groups (00g…).",
        kind: ToolKind::Read,
        scope: "okta.apps.read",
        route: Route::get("/api/v1/apps/{appId}/groups"),
    })
    .default_limit(25)
    .summary(&["id", "priority", "lastUpdated"])
    .build()
}

/// Arguments of okta_assign_group_to_app.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct AssignGroupToApp {
    /// 0oa…
    #[arg(path)]
    app_id: String,
    /// 00g…
    #[arg(path)]
    group_id: String,
    /// 0 is highest; decides a multi-group member's profile
    #[arg(body)]
    priority: Option<u32>,
    /// App profile for its members
    #[arg(body)]
    profile: Option<Map<String, Value>>,
}

fn assign_group_to_app() -> ToolSpec {
    ToolSpec::new::<AssignGroupToApp>(Decl {
        name: "okta_assign_group_to_app",
        title: "Assign group to app",
        description: "All members get the app; assigning again replaces priority and profile.",
        kind: ToolKind::Update { destructive: false },
        scope: "okta.apps.manage",
        route: Route::put("/api/v1/apps/{appId}/groups/{groupId}"),
    })
    .build()
}

/// Arguments naming a group assigned to an app.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct AppGroupRef {
    /// 0oa…
    #[arg(path)]
    app_id: String,
    /// 00g…
    #[arg(path)]
    group_id: String,
}

fn remove_group_from_app() -> ToolSpec {
    ToolSpec::new::<AppGroupRef>(Decl {
        name: "okta_remove_group_from_app",
        title: "Remove group from app",
        description: "Members lose the app unless assigned directly or via another group.",
        kind: ToolKind::Delete,
        scope: "okta.apps.manage",
        route: Route::delete("/api/v1/apps/{appId}/groups/{groupId}"),
    })
    .build()
}
