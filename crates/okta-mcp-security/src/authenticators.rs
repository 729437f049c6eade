//! Authenticators (Okta Identity Engine): the org's sign-in factors (password, email, phone, Okta
//! Verify, WebAuthn…), their methods, and turning them on and off.

use okta_mcp_core::{Decl, Route, ToolInput, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::Deserialize;

pub fn tools() -> Vec<ToolSpec> {
    vec![
        list_authenticators(),
        get_authenticator(),
        activate_authenticator(),
        deactivate_authenticator(),
        list_authenticator_methods(),
    ]
}

/// No arguments.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields)]
struct NoArgs {}

fn list_authenticators() -> ToolSpec {
    ToolSpec::new::<NoArgs>(Decl {
        name: "okta_list_authenticators",
        title: "List authenticators",
        description: "OIE only: id (aut…), key (okta_password, okta_email, phone_number, okta_verify, webauthn…), status.",
        kind: ToolKind::Read,
        scope: "okta.authenticators.read",
        route: Route::get("/api/v1/authenticators"),
    })
    .summary(&["id", "key", "name", "type", "status"])
    .build()
}

/// Arguments naming an authenticator.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct AuthenticatorRef {
    /// aut…
    #[arg(path)]
    authenticator_id: String,
}

fn get_authenticator() -> ToolSpec {
    ToolSpec::new::<AuthenticatorRef>(Decl {
        name: "okta_get_authenticator",
        title: "Get authenticator",
        description: "OIE only.",
        kind: ToolKind::Read,
        scope: "okta.authenticators.read",
        route: Route::get("/api/v1/authenticators/{authenticatorId}"),
    })
    .build()
}

fn activate_authenticator() -> ToolSpec {
    ToolSpec::new::<AuthenticatorRef>(Decl {
        name: "okta_activate_authenticator",
        title: "Activate authenticator",
        description: "OIE only. Enrollment policies can then offer it.",
        kind: ToolKind::Action {
            destructive: false,
            idempotent: true,
        },
        scope: "okta.authenticators.manage",
        route: Route::post("/api/v1/authenticators/{authenticatorId}/lifecycle/activate"),
    })
    .build()
}

fn deactivate_authenticator() -> ToolSpec {
    ToolSpec::new::<AuthenticatorRef>(Decl {
        name: "okta_deactivate_authenticator",
        title: "Deactivate authenticator",
        description: "OIE only. Users can no longer enroll or verify with it. Refused while an enrollment or authentication policy uses it.",
        kind: ToolKind::Action {
            destructive: true,
            idempotent: true,
        },
        scope: "okta.authenticators.manage",
        route: Route::post("/api/v1/authenticators/{authenticatorId}/lifecycle/deactivate"),
    })
    .build()
}

fn list_authenticator_methods() -> ToolSpec {
    ToolSpec::new::<AuthenticatorRef>(Decl {
        name: "okta_list_authenticator_methods",
        title: "List authenticator methods",
        description: "OIE only. E.g. sms, voice (phone); push, totp, signed_nonce (Okta Verify); with status.",
        kind: ToolKind::Read,
        scope: "okta.authenticators.read",
        route: Route::get("/api/v1/authenticators/{authenticatorId}/methods"),
    })
    .summary(&["type", "status"])
    .build()
}
