//! Admin roles: the org's custom roles, and the admin roles assigned to users and groups.

use okta_mcp_core::params::After;
use okta_mcp_core::{Body, Method, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Map, Value};

pub fn tools() -> Vec<ToolSpec> {
    vec![
        list_roles(),
        list_user_admin_roles(),
        assign_admin_role_to_user(),
        remove_admin_role_from_user(),
        list_group_admin_roles(),
        assign_admin_role_to_group(),
    ]
}

/// Arguments of okta_list_roles.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ListRoles {
    after: Option<After>,
}

fn list_roles() -> ToolSpec {
    ToolSpec::new::<ListRoles>(
        "okta_list_roles",
        ToolKind::Read,
        Method::GET,
        "/api/v1/iam/roles",
    )
    .title("List custom roles")
    .describe(
        "List custom admin roles (cr0…). Built-in roles (SUPER_ADMIN, ORG_ADMIN…) are not listed.",
    )
    .scope("okta.roles.read")
    .query(&["after"])
    .list_in("roles")
}

/// Arguments of okta_list_user_admin_roles.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ListUserRoles {
    /// User id (00u…)
    user_id: String,
    /// `targets/groups` or `targets/catalog/apps` to add targets
    expand: Option<String>,
}

fn list_user_admin_roles() -> ToolSpec {
    ToolSpec::new::<ListUserRoles>("okta_list_user_admin_roles", ToolKind::Read, Method::GET, "/api/v1/users/{userId}/roles")
        .title("List user admin roles")
        .describe("List a user's admin role assignments: id (to remove it), type, status, assignmentType USER or GROUP. Empty for non-admins.")
        .scope("okta.roles.read")
        .query(&["expand"])
}

/// Arguments of okta_assign_admin_role_to_user.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct AssignRoleToUser {
    /// User id (00u…)
    user_id: String,
    /// SUPER_ADMIN, ORG_ADMIN, APP_ADMIN, USER_ADMIN, HELP_DESK_ADMIN, READ_ONLY_ADMIN, MOBILE_ADMIN, API_ACCESS_MANAGEMENT_ADMIN, REPORT_ADMIN, GROUP_MEMBERSHIP_ADMIN, WORKFLOWS_ADMIN, ACCESS_CERTIFICATIONS_ADMIN, ACCESS_REQUESTS_ADMIN or CUSTOM
    #[serde(rename = "type")]
    role_type: String,
    /// CUSTOM only, and required: custom role id (cr0…)
    role: Option<String>,
    /// CUSTOM only, and required: resource set id (iam…)
    resource_set: Option<String>,
    /// true: third-party admin, no admin emails (default false)
    disable_notifications: Option<bool>,
}

/// Arguments of okta_assign_admin_role_to_group.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct AssignRoleToGroup {
    /// Group id (00g…)
    group_id: String,
    /// SUPER_ADMIN, ORG_ADMIN, APP_ADMIN, USER_ADMIN, HELP_DESK_ADMIN, READ_ONLY_ADMIN, MOBILE_ADMIN, API_ACCESS_MANAGEMENT_ADMIN, REPORT_ADMIN, GROUP_MEMBERSHIP_ADMIN, WORKFLOWS_ADMIN, ACCESS_CERTIFICATIONS_ADMIN, ACCESS_REQUESTS_ADMIN or CUSTOM
    #[serde(rename = "type")]
    role_type: String,
    /// CUSTOM only, and required: custom role id (cr0…)
    role: Option<String>,
    /// CUSTOM only, and required: resource set id (iam…)
    resource_set: Option<String>,
    /// true: third-party admins, no admin emails (default false)
    disable_notifications: Option<bool>,
}

/// A custom role needs its role and resource set; a standard role takes neither.
fn check_role_fields(args: &mut Map<String, Value>) -> Result<(), String> {
    let custom = args.get("type").and_then(Value::as_str) == Some("CUSTOM");
    let given = |name: &str| args.get(name).is_some_and(|v| !v.is_null());
    match (custom, given("role"), given("resourceSet")) {
        (true, true, true) | (false, false, false) => Ok(()),
        (true, _, _) => Err("type CUSTOM needs both `role` (cr0…) and `resourceSet` (iam…)".into()),
        (false, _, _) => Err(
            "`role` and `resourceSet` go with type CUSTOM only; a standard role type takes neither"
                .into(),
        ),
    }
}

const ROLE_HINTS: &[(&str, &str)] = &[(
    "E0000001",
    "check `type` against the role types in this tool's schema; a custom role needs type CUSTOM with `role` (cr0…) and `resourceSet` (iam…)",
)];

/// Okta's names: `type`, `role` and the hyphenated `resource-set`.
fn role_body(args: &Map<String, Value>) -> Value {
    let mut body = Map::new();
    for (arg, field) in [
        ("type", "type"),
        ("role", "role"),
        ("resourceSet", "resource-set"),
    ] {
        if let Some(v) = args.get(arg).filter(|v| !v.is_null()) {
            body.insert(field.into(), v.clone());
        }
    }
    Value::Object(body)
}

fn assign_admin_role_to_user() -> ToolSpec {
    ToolSpec::new::<AssignRoleToUser>("okta_assign_admin_role_to_user", ToolKind::Create, Method::POST, "/api/v1/users/{userId}/roles")
        .title("Assign admin role to user")
        .describe("Grant a user an admin role: a standard type, or CUSTOM with role and resourceSet. Returns the assignment; its id removes it.")
        .scope("okta.roles.manage")
        .query(&["disableNotifications"])
        .body(Body::Build(role_body))
        .prepare(check_role_fields)
        .hints(ROLE_HINTS)
        .destructive()
}

/// Arguments of okta_remove_admin_role_from_user.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RemoveRoleFromUser {
    /// User id (00u…)
    user_id: String,
    /// Assignment `id` from okta_list_user_admin_roles (not type)
    role_assignment_id: String,
}

fn remove_admin_role_from_user() -> ToolSpec {
    ToolSpec::new::<RemoveRoleFromUser>("okta_remove_admin_role_from_user", ToolKind::Delete, Method::DELETE, "/api/v1/users/{userId}/roles/{roleAssignmentId}")
        .title("Remove admin role from user")
        .describe("Remove an admin role assigned directly to a user, by assignment id. A role held through a group stays until removed from the group.")
        .scope("okta.roles.manage")
        .hints(&[("404", "check both ids: roleAssignmentId is the `id` of an entry of okta_list_user_admin_roles with assignmentType USER")])
}

/// Arguments of okta_list_group_admin_roles.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ListGroupRoles {
    /// Group id (00g…)
    group_id: String,
    /// `targets/groups` or `targets/catalog/apps` to add targets
    expand: Option<String>,
}

fn list_group_admin_roles() -> ToolSpec {
    ToolSpec::new::<ListGroupRoles>("okta_list_group_admin_roles", ToolKind::Read, Method::GET, "/api/v1/groups/{groupId}/roles")
        .title("List group admin roles")
        .describe("List a group's admin role assignments (every member holds them): id, type, status; custom role and resource set.")
        .scope("okta.roles.read")
        .query(&["expand"])
}

fn assign_admin_role_to_group() -> ToolSpec {
    ToolSpec::new::<AssignRoleToGroup>("okta_assign_admin_role_to_group", ToolKind::Create, Method::POST, "/api/v1/groups/{groupId}/roles")
        .title("Assign admin role to group")
        .describe("Grant every member of a group an admin role: a standard type, or CUSTOM with role and resourceSet. Returns the assignment.")
        .scope("okta.roles.manage")
        .query(&["disableNotifications"])
        .body(Body::Build(role_body))
        .prepare(check_role_fields)
        .hints(ROLE_HINTS)
        .destructive()
}
