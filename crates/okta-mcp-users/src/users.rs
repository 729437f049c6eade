//! Finding, creating, updating and deleting users.

use okta_mcp_core::params::{After, Limit};
use okta_mcp_core::{Body, Method, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Map, Value};

pub fn tools() -> Vec<ToolSpec> {
    vec![
        list_users(),
        get_user(),
        create_user(),
        update_user(),
        delete_user(),
    ]
}

/// Arguments of okta_list_users.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ListUsers {
    /// Search expression, e.g. `profile.department eq "Sales"`
    search: Option<String>,
    /// Filter on status, lastUpdated, id, profile login/email/names
    filter: Option<String>,
    /// Prefix of first name, last name or email
    q: Option<String>,
    after: Option<After>,
    /// Page size (default 25, max 200)
    limit: Option<Limit>,
    /// Sort property (with `search` only), e.g. `profile.lastName`
    sort_by: Option<String>,
    /// `asc` or `desc` (with `sortBy`)
    sort_order: Option<String>,
    /// Okta expansion, e.g. `classification`
    expand: Option<String>,
}

fn list_users() -> ToolSpec {
    ToolSpec::new::<ListUsers>("okta_list_users", ToolKind::Read, Method::GET, "/api/v1/users")
        .title("List users")
        .describe("List or search users. `search` does exact attribute queries; `q` only matches name and email prefixes.")
        .scope("okta.users.read")
        .query(&["search", "filter", "q", "after", "limit", "sortBy", "sortOrder", "expand"])
        .default_limit(25)
}

/// Arguments of okta_get_user.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct GetUser {
    /// User id (00u…) or login
    user_id: String,
    /// Okta expansion, e.g. `blocks`
    expand: Option<String>,
}

fn get_user() -> ToolSpec {
    ToolSpec::new::<GetUser>(
        "okta_get_user",
        ToolKind::Read,
        Method::GET,
        "/api/v1/users/{userId}",
    )
    .title("Get user")
    .describe("Get one user by id or login.")
    .scope("okta.users.read")
    .query(&["expand"])
}

/// Arguments of okta_create_user.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CreateUser {
    /// login, email, firstName, lastName required by default schema
    profile: Map<String, Value>,
    /// `password` {"value":"…"}, `recovery_question`, `provider`
    credentials: Option<Map<String, Value>>,
    /// Group ids (00g…) to add the user to
    group_ids: Option<Vec<String>>,
    /// `{"id": "oty…"}`; default type if absent
    #[serde(rename = "type")]
    user_type: Option<Map<String, Value>>,
    /// Realm id, for orgs that use realms
    realm_id: Option<String>,
    /// Default true: emails activation unless a password is set
    activate: Option<bool>,
    /// Use an external credentials provider, not an Okta password
    provider: Option<bool>,
    /// `changePassword`: new password at 1st login; needs activate
    next_login: Option<String>,
}

fn create_user() -> ToolSpec {
    ToolSpec::new::<CreateUser>("okta_create_user", ToolKind::Create, Method::POST, "/api/v1/users")
        .title("Create user")
        .describe("Create a user, optionally with password and groups; activated unless activate=false. E0000001 if the login exists.")
        .scope("okta.users.manage")
        .query(&["activate", "provider", "nextLogin"])
        .body(Body::Fields)
}

/// Arguments of okta_update_user.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct UpdateUser {
    /// User id (00u…) or login
    user_id: String,
    /// Attributes to change; others keep their values
    profile: Option<Map<String, Value>>,
    /// Recovery question or provider to change
    credentials: Option<Map<String, Value>>,
    /// New type, `{"id": "oty…"}`
    #[serde(rename = "type")]
    user_type: Option<Map<String, Value>>,
    /// New realm id
    realm_id: Option<String>,
    /// Check a new password against history and age rules
    strict: Option<bool>,
}

fn update_user() -> ToolSpec {
    ToolSpec::new::<UpdateUser>(
        "okta_update_user",
        ToolKind::Update,
        Method::POST,
        "/api/v1/users/{userId}",
    )
    .title("Update user")
    .describe("Partially update a user: only the profile attributes sent change.")
    .scope("okta.users.manage")
    .query(&["strict"])
    .body(Body::Fields)
}

/// Arguments of okta_delete_user.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct DeleteUser {
    /// User id (00u…) or login
    user_id: String,
    /// Email the admins about the deactivation (default false)
    send_email: Option<bool>,
}

fn delete_user() -> ToolSpec {
    ToolSpec::new::<DeleteUser>("okta_delete_user", ToolKind::Delete, Method::DELETE, "/api/v1/users/{userId}")
        .title("Delete user")
        .describe("Permanently delete a user. A user not yet DEPROVISIONED is only deactivated: call again to delete. Irreversible.")
        .scope("okta.users.manage")
        .query(&["sendEmail"])
}
