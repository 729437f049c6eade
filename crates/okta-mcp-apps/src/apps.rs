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
    /// Prefix match on the app's `name` or `label`, e.g. `Sales`.
    q: Option<String>,
    after: Option<After>,
    /// Return only a subset of each app's properties, for faster listing.
    use_optimization: Option<bool>,
    /// Include each app's VPN notification settings even when none are configured.
    always_include_vpn_settings: Option<bool>,
    /// Page size (default 25, Okta's maximum 200).
    limit: Option<Limit>,
    /// Filter on id, status, name, credentials.signing.kid or settings.slo.enabled, e.g. `status eq "ACTIVE"` or `name eq "salesforce"`; also `user.id eq "00u…"` or `group.id eq "00g…"` for assigned apps.
    filter: Option<String>,
    /// `user/{userId}`, with the filter `user.id eq "{userId}"`, to embed that user's app assignment.
    expand: Option<String>,
    /// Include non-active (but not deleted) apps.
    include_non_deleted: Option<bool>,
}

fn list_apps() -> ToolSpec {
    ToolSpec::new::<ListApps>("okta_list_apps", ToolKind::Read, Method::GET, "/api/v1/apps")
        .title("List apps")
        .describe("List or search app integrations: id, name, label, status, signOnMode, settings (25 per page by default; pass nextCursor as `after` for more). `q` matches name and label prefixes; `filter` does exact matches.")
        .scope("okta.apps.read")
        .query(&["q", "after", "useOptimization", "alwaysIncludeVpnSettings", "limit", "filter", "expand", "includeNonDeleted"])
        .default_limit(25)
}

/// Arguments of okta_get_app.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct GetApp {
    /// App id (0oa…).
    app_id: String,
    /// `user/{userId}` to embed that user's assignment to this app under `_embedded`.
    expand: Option<String>,
}

fn get_app() -> ToolSpec {
    ToolSpec::new::<GetApp>("okta_get_app", ToolKind::Read, Method::GET, "/api/v1/apps/{appId}")
        .title("Get app")
        .describe("Get one app integration by id: name, label, status, signOnMode, credentials (signing kid), settings, visibility, accessibility.")
        .scope("okta.apps.read")
        .query(&["expand"])
}

/// Arguments of okta_create_app.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CreateApp {
    /// Display name of the app in Okta, e.g. `Acme Wiki`.
    label: String,
    /// Sign-on mode: SAML_2_0, OPENID_CONNECT, BOOKMARK, AUTO_LOGIN, BASIC_AUTH, BROWSER_PLUGIN, SECURE_PASSWORD_STORE, WS_FEDERATION, SAML_1_1.
    sign_on_mode: String,
    /// Catalog app key, e.g. `bookmark`, `oidc_client`, `salesforce`; leave out for a custom SAML_2_0 or AUTO_LOGIN app.
    name: Option<String>,
    /// Mode-specific settings, e.g. `{"app": {"url": "…"}}` for a bookmark or `{"signOn": {"ssoAcsUrl": "…", "audience": "…", …}}` for SAML.
    settings: Option<Map<String, Value>>,
    /// Credentials; required for OPENID_CONNECT: `{"oauthClient": {"token_endpoint_auth_method": "client_secret_basic"}}`.
    credentials: Option<Map<String, Value>>,
    /// Self-service and error/login redirect settings: `selfService`, `errorRedirectUrl`, `loginRedirectUrl`.
    accessibility: Option<Map<String, Value>>,
    /// Dashboard visibility: `hide` (`{"iOS": false, "web": false}`), `autoSubmitToolbar`, `autoLaunch`.
    visibility: Option<Map<String, Value>>,
    /// Licensing, e.g. `{"seatCount": 100}`.
    licensing: Option<Map<String, Value>>,
    /// Free-form custom properties (OAuth 2.0 client apps only).
    profile: Option<Map<String, Value>>,
    /// Activate the app at once (default true).
    activate: Option<bool>,
}

fn create_app() -> ToolSpec {
    ToolSpec::new::<CreateApp>("okta_create_app", ToolKind::Create, Method::POST, "/api/v1/apps")
        .title("Create app")
        .describe("Create an app integration from label, signOnMode and mode-specific settings; active at once unless activate=false. Returns the app with its new id. 400 E0000001 names the missing or invalid setting.")
        .scope("okta.apps.manage")
        .query(&["activate"])
        .body(Body::Fields)
}

/// Arguments of okta_update_app.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct UpdateApp {
    /// App id (0oa…).
    app_id: String,
    /// The whole Application object as okta_get_app returns it, with your changes; `label` and `signOnMode` are required. Fields left out are reset.
    app: Map<String, Value>,
}

fn update_app() -> ToolSpec {
    ToolSpec::new::<UpdateApp>("okta_update_app", ToolKind::Update, Method::PUT, "/api/v1/apps/{appId}")
        .title("Update app")
        .describe("Replace an app integration: send the whole app object (fetch it with okta_get_app first, change it, send it back); fields left out are reset. Returns the updated app.")
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
    /// App id (0oa…).
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
    .describe("Activate an INACTIVE app so assigned users can sign in to it again.")
    .scope("okta.apps.manage")
    .idempotent()
}

fn deactivate_app() -> ToolSpec {
    ToolSpec::new::<AppRef>("okta_deactivate_app", ToolKind::Action, Method::POST, "/api/v1/apps/{appId}/lifecycle/deactivate")
        .title("Deactivate app")
        .describe("Deactivate an app (status INACTIVE): users lose access to it and it leaves their dashboards; assignments are kept. Needed before okta_delete_app.")
        .scope("okta.apps.manage")
        .destructive()
        .idempotent()
}

fn delete_app() -> ToolSpec {
    ToolSpec::new::<AppRef>("okta_delete_app", ToolKind::Delete, Method::DELETE, "/api/v1/apps/{appId}")
        .title("Delete app")
        .describe("Permanently delete an app and its assignments. Okta deletes only INACTIVE apps: deactivate first with okta_deactivate_app (else 403 E0000056). Cannot be undone.")
        .scope("okta.apps.manage")
        .hints(&[("E0000056", "the app is still ACTIVE: deactivate it first with okta_deactivate_app, then delete it")])
}
