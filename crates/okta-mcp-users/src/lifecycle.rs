//! User lifecycle: activate, deactivate, suspend, unsuspend, unlock.

use okta_mcp_core::{Decl, Route, ToolInput, ToolKind, ToolSpec};
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
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct LifecycleWithEmail {
    /// 00u… or login
    #[arg(path)]
    user_id: String,
    /// Send Okta's email
    #[arg(query)]
    send_email: Option<bool>,
}

/// Arguments of a lifecycle call.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Lifecycle {
    /// 00u… or login
    #[arg(path)]
    user_id: String,
}

fn activate_user() -> ToolSpec {
    ToolSpec::new::<LifecycleWithEmail>(Decl {
        name: "okta_activate_user",
        title: "Activate user",
        description: "STAGED or DEPROVISIONED users. sendEmail=false returns the activation link; 403 E0000016 if active.",
        kind: ToolKind::Action { destructive: false, idempotent: false },
        scope: "okta.users.manage",
        route: Route::post("/api/v1/users/{userId}/lifecycle/activate"),
    })
    .build()
}

fn deactivate_user() -> ToolSpec {
    ToolSpec::new::<LifecycleWithEmail>(Decl {
        name: "okta_deactivate_user",
        title: "Deactivate user",
        description: "Becomes DEPROVISIONED: sign-in stops, app accounts deprovisioned. Undo: activate again.",
        kind: ToolKind::Action { destructive: true, idempotent: false },
        scope: "okta.users.manage",
        route: Route::post("/api/v1/users/{userId}/lifecycle/deactivate"),
    })
    .build()
}

fn suspend_user() -> ToolSpec {
    ToolSpec::new::<Lifecycle>(Decl {
        name: "okta_suspend_user",
        title: "Suspend user",
        description: "ACTIVE users: sign-in blocked, assignments kept. Undo: okta_unsuspend_user.",
        kind: ToolKind::Action {
            destructive: true,
            idempotent: false,
        },
        scope: "okta.users.manage",
        route: Route::post("/api/v1/users/{userId}/lifecycle/suspend"),
    })
    .build()
}

fn unsuspend_user() -> ToolSpec {
    ToolSpec::new::<Lifecycle>(Decl {
        name: "okta_unsuspend_user",
        title: "Unsuspend user",
        description: "SUSPENDED to ACTIVE.",
        kind: ToolKind::Action {
            destructive: false,
            idempotent: false,
        },
        scope: "okta.users.manage",
        route: Route::post("/api/v1/users/{userId}/lifecycle/unsuspend"),
    })
    .build()
}

fn unlock_user() -> ToolSpec {
    ToolSpec::new::<Lifecycle>(Decl {
        name: "okta_unlock_user",
        title: "Unlock user",
        description: "LOCKED_OUT users; the current password works again.",
        kind: ToolKind::Action {
            destructive: false,
            idempotent: false,
        },
        scope: "okta.users.manage",
        route: Route::post("/api/v1/users/{userId}/lifecycle/unlock"),
    })
    .build()
}
