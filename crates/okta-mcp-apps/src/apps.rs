//! Applications: find, create, replace, activate, deactivate, delete.

use okta_mcp_core::params::{After, Limit};
use okta_mcp_core::summary;
use okta_mcp_core::tool::ToolError;
use okta_mcp_core::{Decl, Route, ToolInput, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub fn tools() -> Vec<ToolSpec> {
    vec![
        list_apps(),
        get_app(),
        create_app(),
        update_app(),
        activate_app(),
        deactivate_app(),
        delete_app(),
    ]
}

/// Arguments of okta_list_apps.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ListApps {
    /// Name or label prefix, e.g. `Sales`
    #[arg(query)]
    q: Option<String>,
    #[arg(query)]
    after: Option<After>,
    /// Fewer properties per app, faster
    #[arg(query)]
    use_optimization: Option<bool>,
    /// Even if none are set
    #[arg(query)]
    always_include_vpn_settings: Option<bool>,
    /// Default 25, max 200
    #[arg(query)]
    limit: Option<Limit>,
    /// e.g. `status eq "ACTIVE"` or `user.id eq "00u…"`
    #[arg(query)]
    filter: Option<String>,
    /// `user/{userId}` (with a user.id filter): embed assignment
    #[arg(query)]
    expand: Option<String>,
    /// Also INACTIVE apps
    #[arg(query)]
    include_non_deleted: Option<bool>,
}

fn list_apps() -> ToolSpec {
    ToolSpec::new::<ListApps>(Decl {
        name: "okta_list_apps",
        title: "List apps",
        description: "List or search app integrations.",
        kind: ToolKind::Read,
        scope: "okta.apps.read",
        route: Route::get("/api/v1/apps"),
    })
    .default_limit(25)
    .summary(summary::APP)
    .build()
}

/// Arguments of okta_get_app.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct GetApp {
    /// 0oa…
    #[arg(path)]
    app_id: String,
    /// `user/{userId}`: embed the assignment
    #[arg(query)]
    expand: Option<String>,
}

fn get_app() -> ToolSpec {
    ToolSpec::new::<GetApp>(Decl {
        name: "okta_get_app",
        title: "Get app",
        description: "With settings and credentials (signing kid).",
        kind: ToolKind::Read,
        scope: "okta.apps.read",
        route: Route::get("/api/v1/apps/{appId}"),
    })
    .build()
}

/// Arguments of okta_create_app.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CreateApp {
    /// e.g. `Acme Wiki`
    #[arg(body)]
    label: String,
    /// Decides which settings apply
    #[arg(body)]
    sign_on_mode: SignOnMode,
    /// Catalog key e.g. bookmark; none: custom SAML_2_0/AUTO_LOGIN
    #[arg(body)]
    name: Option<String>,
    /// `{"app":{"url":…}}` (bookmark), `{"signOn":{…}}` (SAML)
    #[arg(body)]
    settings: Option<Map<String, Value>>,
    /// OPENID_CONNECT: needs oauthClient.token_endpoint_auth_method
    #[arg(body, secret("oauthClient.client_secret", "password"))]
    credentials: Option<Map<String, Value>>,
    /// `selfService`, `errorRedirectUrl`, `loginRedirectUrl`
    #[arg(body)]
    accessibility: Option<Map<String, Value>>,
    /// Dashboard: `hide`, `autoSubmitToolbar`, `autoLaunch`
    #[arg(body)]
    visibility: Option<Map<String, Value>>,
    /// e.g. `{"seatCount": 100}`
    #[arg(body)]
    licensing: Option<Map<String, Value>>,
    /// OAuth 2.0 client apps only
    #[arg(body)]
    profile: Option<Map<String, Value>>,
    #[arg(query)]
    activate: Option<bool>,
}

// Okta's `ApplicationSignOnMode`.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
enum SignOnMode {
    AutoLogin,
    BasicAuth,
    Bookmark,
    BrowserPlugin,
    OpenidConnect,
    #[serde(rename = "SAML_1_1")]
    Saml11,
    #[serde(rename = "SAML_2_0")]
    Saml20,
    SecurePasswordStore,
    WsFederation,
}

fn create_app() -> ToolSpec {
    ToolSpec::new::<CreateApp>(Decl {
        name: "okta_create_app",
        title: "Create app",
        description: "Active unless activate=false. 400 E0000001 names a missing or invalid setting.",
        kind: ToolKind::Create { destructive: false },
        scope: "okta.apps.manage",
        route: Route::post("/api/v1/apps"),
    })
    .build()
}

/// Arguments of okta_update_app.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct UpdateApp {
    /// 0oa…
    #[arg(path)]
    app_id: String,
    /// The whole app from okta_get_app, with your changes
    #[arg(
        payload,
        secret("credentials.oauthClient.client_secret", "credentials.password")
    )]
    #[schemars(with = "WholeApp")]
    app: Map<String, Value>,
}

// The members Okta requires of a whole app, as the schema shows them; the argument itself stays a
// map, sent as given but for what Okta sets itself, and `replacement_only` refuses it without them.
#[derive(JsonSchema)]
#[schemars(rename_all = "camelCase")]
#[allow(dead_code)] // only its schema is used
struct WholeApp {
    label: String,
    sign_on_mode: SignOnMode,
}

/// The members of an app that Okta sets itself (`readOnly` in its spec). okta_get_app returns them
/// and a model sends them back; Okta's PUT does not take them.
const READ_ONLY: &[&str] = &[
    "id",
    "orn",
    "status",
    "created",
    "lastUpdated",
    "features",
    "expressConfiguration",
    "universalLogout",
    "_embedded",
    "_links",
];

/// A PUT replaces the whole app, so a partial object is refused before it resets anything; what
/// Okta sets itself is left out of the body.
fn replacement_only(input: &mut UpdateApp) -> Result<(), ToolError> {
    for member in ["label", "signOnMode"] {
        if input.app.get(member).is_none_or(Value::is_null) {
            return Err(ToolError::Invalid(format!(
                "app.{member} is missing: a PUT replaces the whole app, so send the object from okta_get_app with your changes"
            )));
        }
    }
    input.app.retain(|k, _| !READ_ONLY.contains(&k.as_str()));
    if let Some(Value::Object(settings)) = input.app.get_mut("settings") {
        settings.remove("emOptInStatus");
    }
    Ok(())
}

fn update_app() -> ToolSpec {
    ToolSpec::new::<UpdateApp>(Decl {
        name: "okta_update_app",
        title: "Update app",
        description: "Full PUT: omitted fields are reset.",
        // A full replacement: a partial object silently resets the settings it leaves out.
        kind: ToolKind::Update { destructive: true },
        scope: "okta.apps.manage",
        route: Route::put("/api/v1/apps/{appId}"),
    })
    .prepare(replacement_only)
    .hints(&[("E0000001", "send the whole app: fetch it with okta_get_app, change what you need and send all of it back (label and signOnMode are required)")])
    .build()
}

/// Arguments naming an app.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct AppRef {
    /// 0oa…
    #[arg(path)]
    app_id: String,
}

fn activate_app() -> ToolSpec {
    ToolSpec::new::<AppRef>(Decl {
        name: "okta_activate_app",
        title: "Activate app",
        description: "INACTIVE apps: assigned users can sign in again.",
        kind: ToolKind::Action {
            destructive: false,
            idempotent: true,
        },
        scope: "okta.apps.manage",
        route: Route::post("/api/v1/apps/{appId}/lifecycle/activate"),
    })
    .build()
}

fn deactivate_app() -> ToolSpec {
    ToolSpec::new::<AppRef>(Decl {
        name: "okta_deactivate_app",
        title: "Deactivate app",
        description: "Users lose access, it leaves dashboards; assignments kept. Required before okta_delete_app.",
        kind: ToolKind::Action { destructive: true, idempotent: true },
        scope: "okta.apps.manage",
        route: Route::post("/api/v1/apps/{appId}/lifecycle/deactivate"),
    })
    .build()
}

fn delete_app() -> ToolSpec {
    ToolSpec::new::<AppRef>(Decl {
        name: "okta_delete_app",
        title: "Delete app",
        description: "Irreversible, with assignments. Deactivate first (else 403 E0000056).",
        kind: ToolKind::Delete,
        scope: "okta.apps.manage",
        route: Route::delete("/api/v1/apps/{appId}"),
    })
    .hints(&[(
        "E0000056",
        "the app is still ACTIVE: deactivate it first with okta_deactivate_app, then delete it",
    )])
    .build()
}
