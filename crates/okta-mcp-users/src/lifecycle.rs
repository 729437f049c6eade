//! User lifecycle: activate, deactivate, suspend, unsuspend, unlock.

use okta_mcp_core::{Method, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::Deserialize;

pub fn tools() -> Vec<ToolSpec> {
    vec![
        activate_user(),
        deactivate_user(),
        suspend_user(),
        unsuspend_user(),
        unlock_user(),
    ]
}

/// Arguments of a lifecycle call that can email the user.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct LifecycleWithEmail {
    /// User id (00u…) or login
    user_id: String,
    /// Send Okta's email about the change
    send_email: Option<bool>,
}

/// Arguments of a lifecycle call.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Lifecycle {
    /// User id (00u…) or login
    user_id: String,
}

fn activate_user() -> ToolSpec {
    ToolSpec::new::<LifecycleWithEmail>("okta_activate_user", ToolKind::Action, Method::POST, "/api/v1/users/{userId}/lifecycle/activate")
        .title("Activate user")
        .describe("Activate a STAGED or DEPROVISIONED user. With sendEmail=false the result holds the activation link; 403 E0000016 if already active.")
        .scope("okta.users.manage")
        .query(&["sendEmail"])
}

fn deactivate_user() -> ToolSpec {
    ToolSpec::new::<LifecycleWithEmail>("okta_deactivate_user", ToolKind::Action, Method::POST, "/api/v1/users/{userId}/lifecycle/deactivate")
        .title("Deactivate user")
        .describe("Deactivate a user (DEPROVISIONED): sign-in stops and app assignments are deprovisioned. Undo only by activating again.")
        .scope("okta.users.manage")
        .query(&["sendEmail"])
        .destructive()
}

fn suspend_user() -> ToolSpec {
    ToolSpec::new::<Lifecycle>(
        "okta_suspend_user",
        ToolKind::Action,
        Method::POST,
        "/api/v1/users/{userId}/lifecycle/suspend",
    )
    .title("Suspend user")
    .describe(
        "Suspend an ACTIVE user: sign-in blocked, assignments kept. Undo with okta_unsuspend_user.",
    )
    .scope("okta.users.manage")
    .destructive()
}

fn unsuspend_user() -> ToolSpec {
    ToolSpec::new::<Lifecycle>(
        "okta_unsuspend_user",
        ToolKind::Action,
        Method::POST,
        "/api/v1/users/{userId}/lifecycle/unsuspend",
    )
    .title("Unsuspend user")
    .describe("Return a SUSPENDED user to ACTIVE.")
    .scope("okta.users.manage")
}

fn unlock_user() -> ToolSpec {
    ToolSpec::new::<Lifecycle>(
        "okta_unlock_user",
        ToolKind::Action,
        Method::POST,
        "/api/v1/users/{userId}/lifecycle/unlock",
    )
    .title("Unlock user")
    .describe("Unlock a LOCKED_OUT user so they can sign in with their current password.")
    .scope("okta.users.manage")
}
