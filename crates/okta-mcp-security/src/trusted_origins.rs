//! Trusted origins: the web origins Okta allows to call it from a browser (CORS), to redirect to
//! after sign-in or sign-out, and to embed Okta pages in an iframe.

use okta_mcp_core::params::{After, Limit};
use okta_mcp_core::tool::ToolError;
use okta_mcp_core::{Decl, Route, ToolInput, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub fn tools() -> Vec<ToolSpec> {
    vec![
        list_trusted_origins(),
        get_trusted_origin(),
        create_trusted_origin(),
        update_trusted_origin(),
        delete_trusted_origin(),
        activate_trusted_origin(),
        deactivate_trusted_origin(),
    ]
}

// What an origin is trusted for (Okta's `TrustedOriginScope`).
#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Scope {
    #[serde(rename = "type")]
    kind: ScopeType,
    /// IFRAME_EMBED only; OKTA_ENDUSER adds the dashboard to sign-in pages
    #[serde(skip_serializing_if = "Option::is_none")]
    allowed_okta_apps: Option<Vec<OktaApp>>,
}

#[derive(Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
enum ScopeType {
    Cors,
    Redirect,
    IframeEmbed,
}

#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
enum OktaApp {
    OktaEnduser,
}

/// Okta ignores `allowedOktaApps` on other scope types; refusing it says the call means something else.
fn check_scopes(scopes: &[Scope]) -> Result<(), ToolError> {
    for (i, s) in scopes.iter().enumerate() {
        if s.allowed_okta_apps.is_some() && s.kind != ScopeType::IframeEmbed {
            return Err(ToolError::Invalid(format!(
                "scopes[{i}].allowedOktaApps: only an IFRAME_EMBED scope takes it"
            )));
        }
    }
    Ok(())
}

/// Arguments of okta_list_trusted_origins.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ListTrustedOrigins {
    /// Name or origin prefix
    #[arg(query)]
    q: Option<String>,
    /// On name, origin, status, type, e.g. `type eq "CORS"`
    #[arg(query)]
    filter: Option<String>,
    #[arg(query)]
    after: Option<After>,
    /// Default 20, max 200
    #[arg(query)]
    limit: Option<Limit>,
}

fn list_trusted_origins() -> ToolSpec {
    ToolSpec::new::<ListTrustedOrigins>(Decl {
        name: "okta_list_trusted_origins",
        title: "List trusted origins",
        description: "Name, origin, status and scopes (CORS, REDIRECT, IFRAME_EMBED).",
        kind: ToolKind::Read,
        scope: "okta.trustedOrigins.read",
        route: Route::get("/api/v1/trustedOrigins"),
    })
    .default_limit(20)
    .summary(&["id", "name", "origin", "status", "scopes"])
    .build()
}

/// Arguments naming a trusted origin.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct TrustedOriginRef {
    /// tos…
    #[arg(path)]
    trusted_origin_id: String,
}

fn get_trusted_origin() -> ToolSpec {
    ToolSpec::new::<TrustedOriginRef>(Decl {
        name: "okta_get_trusted_origin",
        title: "Get trusted origin",
        description: "By id.",
        kind: ToolKind::Read,
        scope: "okta.trustedOrigins.read",
        route: Route::get("/api/v1/trustedOrigins/{trustedOriginId}"),
    })
    .build()
}

/// Arguments of okta_create_trusted_origin.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CreateTrustedOrigin {
    #[arg(body)]
    name: String,
    /// scheme://host[:port], e.g. https://app.example.com
    #[arg(body)]
    origin: String,
    #[arg(body)]
    scopes: Vec<Scope>,
}

fn check_create(input: &mut CreateTrustedOrigin) -> Result<(), ToolError> {
    check_scopes(&input.scopes)
}

const DUPLICATE_ORIGIN: (&str, &str) = (
    "E0000001",
    "origin must be scheme://host[:port] without a path, and trusted once only: look for it with okta_list_trusted_origins (q = the origin) and update that one",
);

fn create_trusted_origin() -> ToolSpec {
    ToolSpec::new::<CreateTrustedOrigin>(Decl {
        name: "okta_create_trusted_origin",
        title: "Create trusted origin",
        description: "For CORS, redirects or iframe embedding. Created ACTIVE; an origin already trusted is refused (400).",
        kind: ToolKind::Create { destructive: false },
        scope: "okta.trustedOrigins.manage",
        route: Route::post("/api/v1/trustedOrigins"),
    })
    .prepare(check_create)
    .hints(&[DUPLICATE_ORIGIN])
    .build()
}

/// Arguments of okta_update_trusted_origin.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct UpdateTrustedOrigin {
    /// tos…
    #[arg(path)]
    trusted_origin_id: String,
    #[arg(body)]
    name: String,
    /// scheme://host[:port]
    #[arg(body)]
    origin: String,
    #[arg(body)]
    scopes: Vec<Scope>,
}

fn check_update(input: &mut UpdateTrustedOrigin) -> Result<(), ToolError> {
    check_scopes(&input.scopes)
}

fn update_trusted_origin() -> ToolSpec {
    ToolSpec::new::<UpdateTrustedOrigin>(Decl {
        name: "okta_update_trusted_origin",
        title: "Update trusted origin",
        description: "Full PUT; a scope left out is no longer trusted.",
        kind: ToolKind::Update { destructive: true },
        scope: "okta.trustedOrigins.manage",
        route: Route::put("/api/v1/trustedOrigins/{trustedOriginId}"),
    })
    .prepare(check_update)
    .hints(&[DUPLICATE_ORIGIN])
    .build()
}

fn delete_trusted_origin() -> ToolSpec {
    ToolSpec::new::<TrustedOriginRef>(Decl {
        name: "okta_delete_trusted_origin",
        title: "Delete trusted origin",
        description: "Its CORS, redirect and embedding access ends at once.",
        kind: ToolKind::Delete,
        scope: "okta.trustedOrigins.manage",
        route: Route::delete("/api/v1/trustedOrigins/{trustedOriginId}"),
    })
    .build()
}

fn activate_trusted_origin() -> ToolSpec {
    ToolSpec::new::<TrustedOriginRef>(Decl {
        name: "okta_activate_trusted_origin",
        title: "Activate trusted origin",
        description: "Okta trusts it again.",
        kind: ToolKind::Action {
            destructive: false,
            idempotent: true,
        },
        scope: "okta.trustedOrigins.manage",
        route: Route::post("/api/v1/trustedOrigins/{trustedOriginId}/lifecycle/activate"),
    })
    .build()
}

fn deactivate_trusted_origin() -> ToolSpec {
    ToolSpec::new::<TrustedOriginRef>(Decl {
        name: "okta_deactivate_trusted_origin",
        title: "Deactivate trusted origin",
        description: "Okta stops trusting it until it is activated again.",
        kind: ToolKind::Action {
            destructive: true,
            idempotent: true,
        },
        scope: "okta.trustedOrigins.manage",
        route: Route::post("/api/v1/trustedOrigins/{trustedOriginId}/lifecycle/deactivate"),
    })
    .build()
}
