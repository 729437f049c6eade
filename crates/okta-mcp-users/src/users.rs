//! Finding, creating, updating and deleting users.

use okta_mcp_core::params::{After, Limit, has_members};
use okta_mcp_core::summary;
use okta_mcp_core::tool::ToolError;
use okta_mcp_core::{Decl, Route, ToolInput, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
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

// Okta's `sortOrder` for user searches: the spec's description names exactly these two.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
enum SortOrder {
    Asc,
    Desc,
}

/// Arguments of okta_list_users.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ListUsers {
    /// Exact attribute query, e.g. `profile.department eq "Sales"`
    #[arg(query)]
    search: Option<String>,
    /// On status, lastUpdated, id, profile login/email/names only
    #[arg(query)]
    filter: Option<String>,
    /// Prefix of first/last name or email
    #[arg(query)]
    q: Option<String>,
    #[arg(query)]
    after: Option<After>,
    /// Default 25, max 200
    #[arg(query)]
    limit: Option<Limit>,
    /// With `search` only, e.g. `profile.lastName`
    #[arg(query)]
    sort_by: Option<String>,
    /// With `sortBy`
    #[arg(query)]
    sort_order: Option<SortOrder>,
    /// e.g. `classification`
    #[arg(query)]
    expand: Option<String>,
}

fn list_users() -> ToolSpec {
    ToolSpec::new::<ListUsers>(Decl {
        name: "okta_list_users",
        title: "List users",
        description: "List or search users.",
        kind: ToolKind::Read,
        scope: "okta.users.read",
        route: Route::get("/api/v1/users"),
    })
    .default_limit(25)
    .summary(summary::USER)
    .okta_fields()
    .build()
}

/// Arguments of okta_get_user.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct GetUser {
    /// 00u… or login
    #[arg(path)]
    user_id: String,
    /// e.g. `blocks`
    #[arg(query)]
    expand: Option<String>,
}

fn get_user() -> ToolSpec {
    ToolSpec::new::<GetUser>(Decl {
        name: "okta_get_user",
        title: "Get user",
        description: "By id or login.",
        kind: ToolKind::Read,
        scope: "okta.users.read",
        route: Route::get("/api/v1/users/{userId}"),
    })
    .build()
}

/// Arguments of okta_create_user.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CreateUser {
    /// Default schema needs login, email, firstName, lastName
    #[arg(body)]
    profile: Map<String, Value>,
    /// `password` {"value":"…"}, `recovery_question`, `provider`
    #[arg(body, secret("password", "recovery_question.answer"))]
    credentials: Option<Map<String, Value>>,
    /// 00g… to add the user to
    #[arg(body)]
    group_ids: Option<Vec<String>>,
    /// `{"id": "oty…"}`, else the default type
    #[serde(rename = "type")]
    #[arg(body)]
    user_type: Option<Map<String, Value>>,
    #[arg(body)]
    realm_id: Option<String>,
    /// Default true: emails activation unless a password is set
    #[arg(query)]
    activate: Option<bool>,
    /// External credentials provider, no Okta password
    #[arg(query)]
    provider: Option<bool>,
    /// New password at first login; needs activate
    #[arg(query)]
    next_login: Option<NextLogin>,
}

// The one value Okta takes for `nextLogin`.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
enum NextLogin {
    #[serde(rename = "changePassword")]
    ChangePassword,
}

fn create_user() -> ToolSpec {
    ToolSpec::new::<CreateUser>(Decl {
        name: "okta_create_user",
        title: "Create user",
        description: "E0000001 if the login exists.",
        kind: ToolKind::Create { destructive: false },
        scope: "okta.users.manage",
        route: Route::post("/api/v1/users"),
    })
    .build()
}

/// Arguments of okta_update_user.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct UpdateUser {
    /// 00u… or login
    #[arg(path)]
    user_id: String,
    /// Attributes to change
    #[arg(body)]
    #[schemars(extend("minProperties" = 1))]
    profile: Option<Map<String, Value>>,
    /// Recovery question or provider
    #[arg(body, secret("password", "recovery_question.answer"))]
    #[schemars(extend("minProperties" = 1))]
    credentials: Option<Map<String, Value>>,
    /// `{"id": "oty…"}`
    #[serde(rename = "type")]
    #[arg(body)]
    #[schemars(extend("minProperties" = 1))]
    user_type: Option<Map<String, Value>>,
    #[arg(body)]
    realm_id: Option<String>,
    /// Check a new password against history and age rules
    #[arg(query)]
    strict: Option<bool>,
}

fn some_change(input: &mut UpdateUser) -> Result<(), ToolError> {
    ToolError::require_change(&[
        ("profile", has_members(input.profile.as_ref())),
        ("credentials", has_members(input.credentials.as_ref())),
        ("type", has_members(input.user_type.as_ref())),
        ("realmId", input.realm_id.is_some()),
    ])
}

fn update_user() -> ToolSpec {
    ToolSpec::new::<UpdateUser>(Decl {
        name: "okta_update_user",
        title: "Update user",
        description: "Partial: what is not sent is kept.",
        kind: ToolKind::Update { destructive: false },
        scope: "okta.users.manage",
        route: Route::post("/api/v1/users/{userId}"),
    })
    .prepare(some_change)
    .build()
}

/// Arguments of okta_delete_user.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct DeleteUser {
    /// 00u… or login
    #[arg(path)]
    user_id: String,
    /// Email admins (default false)
    #[arg(query)]
    send_email: Option<bool>,
}

fn delete_user() -> ToolSpec {
    ToolSpec::new::<DeleteUser>(Decl {
        name: "okta_delete_user",
        title: "Delete user",
        description: "A user not yet DEPROVISIONED is only deactivated: call again to delete. Irreversible.",
        kind: ToolKind::Delete,
        scope: "okta.users.manage",
        route: Route::delete("/api/v1/users/{userId}"),
    })
    .build()
}
