//! An app's signing keys and the SAML metadata built from them.

use okta_mcp_core::{Decl, Route, ToolInput, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::Deserialize;

pub fn tools() -> Vec<ToolSpec> {
    vec![list_app_keys(), generate_app_key(), get_app_metadata()]
}

/// Arguments naming an app.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct AppRef {
    /// 0oa…
    #[arg(path)]
    app_id: String,
}

fn list_app_keys() -> ToolSpec {
    ToolSpec::new::<AppRef>(Decl {
        name: "okta_list_app_keys",
        title: "List app keys",
        description: "Signing keys as JWKs. The active one is credentials.signing.kid in okta_get_app.",
        kind: ToolKind::Read,
        scope: "okta.apps.read",
        route: Route::get("/api/v1/apps/{appId}/credentials/keys"),
    })
    .summary(&["kid", "kty", "use", "created", "expiresAt"])
    .build()
}

/// Arguments of okta_generate_app_key.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct GenerateAppKey {
    /// 0oa…
    #[arg(path)]
    app_id: String,
    /// Certificate validity, years
    #[schemars(range(min = 2, max = 10))]
    #[arg(query)]
    validity_years: u32,
}

fn generate_app_key() -> ToolSpec {
    ToolSpec::new::<GenerateAppKey>(Decl {
        name: "okta_generate_app_key",
        title: "Generate app key",
        description: "New X.509 signing key (JWK). Used only once credentials.signing.kid is set (okta_update_app).",
        kind: ToolKind::Create { destructive: false },
        scope: "okta.apps.manage",
        route: Route::post("/api/v1/apps/{appId}/credentials/keys/generate"),
    })
    .build()
}

/// Arguments of okta_get_app_metadata.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct GetAppMetadata {
    /// 0oa… of a SAML app
    #[arg(path)]
    app_id: String,
    /// From okta_list_app_keys
    #[arg(query)]
    kid: String,
}

fn get_app_metadata() -> ToolSpec {
    ToolSpec::new::<GetAppMetadata>(Decl {
        name: "okta_get_app_metadata",
        title: "Get app metadata",
        description: "IdP metadata XML (entityID, SSO URLs, `kid`'s certificate) as `text`.",
        kind: ToolKind::Read,
        scope: "okta.apps.read",
        route: Route::get("/api/v1/apps/{appId}/sso/saml/metadata"),
    })
    .accept("application/xml")
    .hints(&[("404", "check appId and kid: the app must be a SAML app and kid one of its keys from okta_list_app_keys")])
    .build()
}
