//! Applications: find, create, replace, activate, deactivate, delete.

use okta_mcp_core::params::{After, Limit};
use okta_mcp_core::{Body, Method, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::Deserialize;
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
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ListApps {
    /// Prefix of the app's name or label, e.g. `Sales`
    q: Option<String>,
    after: Option<After>,
    /// Return a subset of each app's properties (faster)
    use_optimization: Option<bool>,
    /// Include VPN notification settings even when none are set
    always_include_vpn_settings: Option<bool>,
    /// Page size (default 25, max 200)
    limit: Option<Limit>,
    /// e.g. `status eq "ACTIVE"` or `user.id eq "00u…"`
    filter: Option<String>,
    /// `user/{userId}` (with a user.id filter): embed assignment
    expand: Option<String>,
    /// Include inactive (not deleted) apps
    include_non_deleted: Option<bool>,
}

fn list_apps() -> ToolSpec {
    ToolSpec::new::<ListApps>("okta_list_apps", ToolKind::Read, Method::GET, "/api/v1/apps")
        .title("List apps")
        .describe("List or search app integrations: `q` matches name and label prefixes; `filter` does exact matches.")
        .scope("okta.apps.read")
        .query(&["q", "after", "useOptimization", "alwaysIncludeVpnSettings", "limit", "filter", "expand", "includeNonDeleted"])
        .default_limit(25)
}

/// Arguments of okta_get_app.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct GetApp {
    /// App id (0oa…)
    app_id: String,
    /// `user/{userId}` to embed that user's assignment
    expand: Option<String>,
}

fn get_app() -> ToolSpec {
    ToolSpec::new::<GetApp>(
        "okta_get_app",
        ToolKind::Read,
        Method::GET,
        "/api/v1/apps/{appId}",
    )
    .title("Get app")
    .describe("Get one app integration by id, with settings and credentials (signing kid).")
    .scope("okta.apps.read")
    .query(&["expand"])
}

/// Arguments of okta_create_app.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CreateApp {
    /// Display name, e.g. `Acme Wiki`
    label: String,
    /// SAML_2_0, OPENID_CONNECT, BOOKMARK, AUTO_LOGIN, BASIC_AUTH, BROWSER_PLUGIN, SECURE_PASSWORD_STORE, WS_FEDERATION or SAML_1_1
    sign_on_mode: String,
    /// Catalog key e.g. bookmark; none: custom SAML_2_0/AUTO_LOGIN
    name: Option<String>,
    /// `{"app":{"url":…}}` (bookmark), `{"signOn":{…}}` (SAML)
    settings: Option<Map<String, Value>>,
    /// OPENID_CONNECT: needs oauthClient.token_endpoint_auth_method
    credentials: Option<Map<String, Value>>,
    /// `selfService`, `errorRedirectUrl`, `loginRedirectUrl`
    accessibility: Option<Map<String, Value>>,
    /// Dashboard: `hide`, `autoSubmitToolbar`, `autoLaunch`
    visibility: Option<Map<String, Value>>,
    /// e.g. `{"seatCount": 100}`
    licensing: Option<Map<String, Value>>,
    /// Custom properties (OAuth 2.0 client apps only)
    profile: Option<Map<String, Value>>,
    /// Activate at once (default true)
    activate: Option<bool>,
}

fn create_app() -> ToolSpec {
    ToolSpec::new::<CreateApp>("okta_create_app", ToolKind::Create, Method::POST, "/api/v1/apps")
        .title("Create app")
        .describe("Create an app from label, signOnMode and mode settings; active unless activate=false. 400 E0000001 names the missing or invalid setting.")
        .scope("okta.apps.manage")
        .query(&["activate"])
        .body(Body::Fields)
}

/// Arguments of okta_update_app.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct UpdateApp {
    /// App id (0oa…)
    app_id: String,
    /// The whole app from okta_get_app, with your changes
    app: Map<String, Value>,
}

fn update_app() -> ToolSpec {
    ToolSpec::new::<UpdateApp>("okta_update_app", ToolKind::Update, Method::PUT, "/api/v1/apps/{appId}")
        .title("Update app")
        .describe("Replace an app (full PUT): send the whole object from okta_get_app with your changes; omitted fields are reset. label and signOnMode required.")
        .scope("okta.apps.manage")
        .body(Body::Field("app"))
        .hints(&[("E0000001", "send the whole app: fetch it with okta_get_app, change what you need and send all of it back (label and signOnMode are required)")])
        // A full replacement: a partial object silently resets the settings it leaves out.
        .destructive()
}

/// Arguments naming an app.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct AppRef {
    /// App id (0oa…)
    app_id: String,
}

fn activate_app() -> ToolSpec {
    ToolSpec::new::<AppRef>(
        "okta_activate_app",
        ToolKind::Action,
        Method::POST,
        "/api/v1/apps/{appId}/lifecycle/activate",
    )
    .title("Activate app")
    .describe("Activate an INACTIVE app so assigned users can sign in again.")
    .scope("okta.apps.manage")
    .idempotent()
}

fn deactivate_app() -> ToolSpec {
    ToolSpec::new::<AppRef>("okta_deactivate_app", ToolKind::Action, Method::POST, "/api/v1/apps/{appId}/lifecycle/deactivate")
        .title("Deactivate app")
        .describe("Deactivate an app: users lose access and it leaves dashboards; assignments are kept. Required before okta_delete_app.")
        .scope("okta.apps.manage")
        .destructive()
        .idempotent()
}

fn delete_app() -> ToolSpec {
    ToolSpec::new::<AppRef>("okta_delete_app", ToolKind::Delete, Method::DELETE, "/api/v1/apps/{appId}")
        .title("Delete app")
        .describe("Permanently delete an app and its assignments. Okta deletes only INACTIVE apps: deactivate first (else 403 E0000056).")
        .scope("okta.apps.manage")
        .hints(&[("E0000056", "the app is still ACTIVE: deactivate it first with okta_deactivate_app, then delete it")])
}
