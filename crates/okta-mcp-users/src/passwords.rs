//! Passwords: expire, reset, set.

use okta_mcp_core::{Decl, Route, ToolInput, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Value, json};

pub fn tools() -> Vec<ToolSpec> {
    vec![expire_password(), reset_password(), set_password()]
}

/// Arguments of okta_expire_password.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ExpirePassword {
    /// 00u… or login
    #[arg(path)]
    user_id: String,
}

fn expire_password() -> ToolSpec {
    ToolSpec::new::<ExpirePassword>(Decl {
        name: "okta_expire_password",
        title: "Expire password",
        description: "New one needed at next sign-in (PASSWORD_EXPIRED).",
        kind: ToolKind::Action {
            destructive: false,
            idempotent: false,
        },
        scope: "okta.users.manage",
        route: Route::post("/api/v1/users/{userId}/lifecycle/expire_password"),
    })
    .build()
}

/// Arguments of okta_reset_password.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ResetPassword {
    /// 00u… or login
    #[arg(path)]
    user_id: String,
    /// true: email a reset link; false: return a one-time URL
    #[arg(query)]
    send_email: bool,
    /// Also end their sessions
    #[arg(query)]
    revoke_sessions: Option<bool>,
}

fn reset_password() -> ToolSpec {
    ToolSpec::new::<ResetPassword>(Decl {
        name: "okta_reset_password",
        title: "Reset password",
        description: "Current password stops working; user is in RECOVERY until they set a new one.",
        kind: ToolKind::Action { destructive: true, idempotent: false },
        scope: "okta.users.manage",
        route: Route::post("/api/v1/users/{userId}/lifecycle/reset_password"),
    })
    .build()
}

/// Arguments of okta_set_password.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct SetPassword {
    /// 00u… or login
    #[arg(path)]
    user_id: String,
    #[arg(local, secret)]
    password: String,
    /// Also check password history and minimum age
    #[arg(query)]
    strict: Option<bool>,
}

fn password_body(input: &SetPassword) -> Value {
    json!({ "credentials": { "password": { "value": input.password } } })
}

fn set_password() -> ToolSpec {
    ToolSpec::new::<SetPassword>(Decl {
        name: "okta_set_password",
        title: "Set password",
        description: "As admin, without the old one. E0000001 if the password policy rejects it.",
        kind: ToolKind::Update { destructive: true },
        scope: "okta.users.manage",
        route: Route::post("/api/v1/users/{userId}"),
    })
    .body_from(password_body)
    .decision("Okta has no set-password endpoint: an admin sets one with a partial user update carrying credentials.password.value.")
    .build()
}
