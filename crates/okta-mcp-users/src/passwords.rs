//! Passwords: expire, reset, set.

use okta_mcp_core::{Body, Method, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Map, Value, json};

pub fn tools() -> Vec<ToolSpec> {
    vec![expire_password(), reset_password(), set_password()]
}

/// Arguments of okta_expire_password.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ExpirePassword {
    /// User id (00u…) or login
    user_id: String,
}

fn expire_password() -> ToolSpec {
    ToolSpec::new::<ExpirePassword>(
        "okta_expire_password",
        ToolKind::Action,
        Method::POST,
        "/api/v1/users/{userId}/lifecycle/expire_password",
    )
    .title("Expire password")
    .describe(
        "Expire a user's password: they must pick a new one at next sign-in (PASSWORD_EXPIRED).",
    )
    .scope("okta.users.manage")
}

/// Arguments of okta_reset_password.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ResetPassword {
    /// User id (00u…) or login
    user_id: String,
    /// true: email a reset link; false: return a one-time reset URL
    send_email: bool,
    /// Also end the user's sessions
    revoke_sessions: Option<bool>,
}

fn reset_password() -> ToolSpec {
    ToolSpec::new::<ResetPassword>("okta_reset_password", ToolKind::Action, Method::POST, "/api/v1/users/{userId}/lifecycle/reset_password")
        .title("Reset password")
        .describe("Start a password reset: the current password stops working; the user is in RECOVERY until they set a new one.")
        .scope("okta.users.manage")
        .query(&["sendEmail", "revokeSessions"])
        .destructive()
}

/// Arguments of okta_set_password.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct SetPassword {
    /// User id (00u…) or login
    user_id: String,
    /// New password; must satisfy the user's password policy
    password: String,
    /// Also check password history and minimum age
    strict: Option<bool>,
}

fn password_body(args: &Map<String, Value>) -> Value {
    json!({ "credentials": { "password": { "value": args.get("password") } } })
}

fn set_password() -> ToolSpec {
    ToolSpec::new::<SetPassword>("okta_set_password", ToolKind::Update, Method::POST, "/api/v1/users/{userId}")
        .title("Set password")
        .describe("Set a user's password as an admin, without the old one. E0000001 if the policy rejects it.")
        .scope("okta.users.manage")
        .query(&["strict"])
        .body(Body::Build(password_body))
        .destructive()
        .decision("Okta has no set-password endpoint: an admin sets one with a partial user update carrying credentials.password.value.")
}
