//! Admin roles: the org's custom roles, and the admin roles assigned to users and groups.

use okta_mcp_core::params::After;
use okta_mcp_core::summary;
use okta_mcp_core::tool::ToolError;
use okta_mcp_core::{Decl, Route, ToolInput, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

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
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ListRoles {
    #[arg(query)]
    after: Option<After>,
}

fn list_roles() -> ToolSpec {
    ToolSpec::new::<ListRoles>(Decl {
        name: "okta_list_roles",
        title: "List roles",
        description: "Only custom roles (cr0…), not SUPER_ADMIN, ORG_ADMIN…",
        kind: ToolKind::Read,
        scope: "okta.roles.read",
        route: Route::get("/api/v1/iam/roles"),
    })
    .list_in("roles")
    .summary(&["id", "label", "description"])
    .build()
}

/// Arguments of okta_list_user_admin_roles.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ListUserRoles {
    /// 00u…
    #[arg(path)]
    user_id: String,
    /// `targets/groups` or `targets/catalog/apps`
    #[arg(query)]
    expand: Option<String>,
}

fn list_user_admin_roles() -> ToolSpec {
    ToolSpec::new::<ListUserRoles>(Decl {
        name: "okta_list_user_admin_roles",
        title: "List user admin roles",
        description: "Assignment ids remove them; assignmentType USER or GROUP. Empty for non-admins.",
        kind: ToolKind::Read,
        scope: "okta.roles.read",
        route: Route::get("/api/v1/users/{userId}/roles"),
    })
    .summary(summary::ROLE_ASSIGNMENT)
    .build()
}

// Okta's `RoleType`: the standard admin roles, and CUSTOM for a custom role on a resource set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
enum RoleType {
    AccessCertificationsAdmin,
    AccessRequestsAdmin,
    ApiAccessManagementAdmin,
    AppAdmin,
    Custom,
    GroupMembershipAdmin,
    HelpDeskAdmin,
    OrgAdmin,
    ReadOnlyAdmin,
    ReportAdmin,
    SuperAdmin,
    UserAdmin,
    WorkflowsAdmin,
}

/// Arguments of okta_assign_admin_role_to_user.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct AssignRoleToUser {
    /// 00u…
    #[arg(path)]
    user_id: String,
    #[serde(rename = "type")]
    #[arg(body)]
    role_type: RoleType,
    /// cr0…; CUSTOM only, then required
    #[arg(body)]
    role: Option<String>,
    /// iam…; CUSTOM only, then required
    #[arg(body = "resource-set")]
    resource_set: Option<String>,
    /// Third-party admin: no admin emails (default false)
    #[arg(query)]
    disable_notifications: Option<bool>,
}

/// Arguments of okta_assign_admin_role_to_group.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct AssignRoleToGroup {
    /// 00g…
    #[arg(path)]
    group_id: String,
    #[serde(rename = "type")]
    #[arg(body)]
    role_type: RoleType,
    /// cr0…; CUSTOM only, then required
    #[arg(body)]
    role: Option<String>,
    /// iam…; CUSTOM only, then required
    #[arg(body = "resource-set")]
    resource_set: Option<String>,
    /// Third-party admin: no admin emails (default false)
    #[arg(query)]
    disable_notifications: Option<bool>,
}

/// A custom role needs its role and resource set; a standard role takes neither.
fn check_role(
    role_type: RoleType,
    role: Option<&String>,
    resource_set: Option<&String>,
) -> Result<(), ToolError> {
    match (
        role_type == RoleType::Custom,
        role.is_some(),
        resource_set.is_some(),
    ) {
        (true, true, true) | (false, false, false) => Ok(()),
        (true, _, _) => Err(ToolError::Invalid(
            "type CUSTOM needs both `role` (cr0…) and `resourceSet` (iam…)".into(),
        )),
        (false, _, _) => Err(ToolError::Invalid(
            "`role` and `resourceSet` go with type CUSTOM only; a standard role type takes neither"
                .into(),
        )),
    }
}

fn check_user_role(input: &mut AssignRoleToUser) -> Result<(), ToolError> {
    check_role(
        input.role_type,
        input.role.as_ref(),
        input.resource_set.as_ref(),
    )
}

fn check_group_role(input: &mut AssignRoleToGroup) -> Result<(), ToolError> {
    check_role(
        input.role_type,
        input.role.as_ref(),
        input.resource_set.as_ref(),
    )
}

const ROLE_HINTS: &[(&str, &str)] = &[(
    "E0000001",
    "check `type` against the role types in this tool's schema; a custom role needs type CUSTOM with `role` (cr0…) and `resourceSet` (iam…)",
)];

fn assign_admin_role_to_user() -> ToolSpec {
    ToolSpec::new::<AssignRoleToUser>(Decl {
        name: "okta_assign_admin_role_to_user",
        title: "Assign admin role to user",
        description: "Returns the assignment; its id removes it.",
        kind: ToolKind::Create { destructive: true },
        scope: "okta.roles.manage",
        route: Route::post("/api/v1/users/{userId}/roles"),
    })
    .prepare(check_user_role)
    .hints(ROLE_HINTS)
    .build()
}

/// Arguments of okta_remove_admin_role_from_user.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RemoveRoleFromUser {
    /// 00u…
    #[arg(path)]
    user_id: String,
    /// Assignment `id` from okta_list_user_admin_roles (not type)
    #[arg(path)]
    role_assignment_id: String,
}

fn remove_admin_role_from_user() -> ToolSpec {
    ToolSpec::new::<RemoveRoleFromUser>(Decl {
        name: "okta_remove_admin_role_from_user",
        title: "Remove admin role from user",
        description: "Direct assignments only; a role held via a group stays.",
        kind: ToolKind::Delete,
        scope: "okta.roles.manage",
        route: Route::delete("/api/v1/users/{userId}/roles/{roleAssignmentId}"),
    })
    .hints(&[("404", "check both ids: roleAssignmentId is the `id` of an entry of okta_list_user_admin_roles with assignmentType USER")])
    .build()
}

/// Arguments of okta_list_group_admin_roles.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ListGroupRoles {
    /// 00g…
    #[arg(path)]
    group_id: String,
    /// `targets/groups` or `targets/catalog/apps`
    #[arg(query)]
    expand: Option<String>,
}

fn list_group_admin_roles() -> ToolSpec {
    ToolSpec::new::<ListGroupRoles>(Decl {
        name: "okta_list_group_admin_roles",
        title: "List group admin roles",
        description: "Assignments every member holds.",
        kind: ToolKind::Read,
        scope: "okta.roles.read",
        route: Route::get("/api/v1/groups/{groupId}/roles"),
    })
    .summary(summary::ROLE_ASSIGNMENT)
    .build()
}

fn assign_admin_role_to_group() -> ToolSpec {
    ToolSpec::new::<AssignRoleToGroup>(Decl {
        name: "okta_assign_admin_role_to_group",
        title: "Assign admin role to group",
        description: "Every member gets it. Returns the assignment.",
        kind: ToolKind::Create { destructive: true },
        scope: "okta.roles.manage",
        route: Route::post("/api/v1/groups/{groupId}/roles"),
    })
    .prepare(check_group_role)
    .hints(ROLE_HINTS)
    .build()
}
