//! Brands: the org's look and voice (name, locale, privacy policy, default app, email domain);
//! one is the org's default, others serve custom domains.

use okta_mcp_core::params::{After, Limit};
use okta_mcp_core::tool::ToolError;
use okta_mcp_core::{Decl, Route, ToolInput, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A custom domain as lists show it: enough to tell which domain, and whether it is verified.
pub(crate) const DOMAIN_SUMMARY: &[&str] = &[
    "id",
    "domain",
    "validationStatus",
    "certificateSourceType",
    "brandId",
];

pub fn tools() -> Vec<ToolSpec> {
    vec![
        list_brands(),
        get_brand(),
        create_brand(),
        update_brand(),
        delete_brand(),
        list_brand_domains(),
    ]
}

// What a brand read embeds (Okta's `expand`).
#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
enum Expand {
    Themes,
    Domains,
    EmailDomain,
}

/// Arguments of okta_list_brands.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ListBrands {
    #[arg(query)]
    expand: Option<Vec<Expand>>,
    /// Name search
    #[arg(query)]
    q: Option<String>,
    #[arg(query)]
    after: Option<After>,
    /// Default 20, max 200
    #[arg(query)]
    limit: Option<Limit>,
}

fn list_brands() -> ToolSpec {
    ToolSpec::new::<ListBrands>(Decl {
        name: "okta_list_brands",
        title: "List brands",
        description: "Id (bnd…), name, isDefault, locale.",
        kind: ToolKind::Read,
        scope: "okta.brands.read",
        route: Route::get("/api/v1/brands"),
    })
    .default_limit(20)
    .summary(&["id", "name", "isDefault", "locale"])
    .build()
}

/// Arguments of okta_get_brand.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct GetBrand {
    /// bnd…
    #[arg(path)]
    brand_id: String,
    #[arg(query)]
    expand: Option<Vec<Expand>>,
}

fn get_brand() -> ToolSpec {
    ToolSpec::new::<GetBrand>(Decl {
        name: "okta_get_brand",
        title: "Get brand",
        description: "With all its settings.",
        kind: ToolKind::Read,
        scope: "okta.brands.read",
        route: Route::get("/api/v1/brands/{brandId}"),
    })
    .build()
}

/// Arguments of okta_create_brand.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CreateBrand {
    /// Unique; not DRAPP_DOMAIN_BRAND
    #[arg(body)]
    name: String,
}

fn create_brand() -> ToolSpec {
    ToolSpec::new::<CreateBrand>(Decl {
        name: "okta_create_brand",
        title: "Create brand",
        description: "With the default theme; link a custom domain to use it. A name already taken is refused (409).",
        kind: ToolKind::Create { destructive: false },
        scope: "okta.brands.manage",
        route: Route::post("/api/v1/brands"),
    })
    .build()
}

// The app users land on after signing in on this brand's domain.
#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct DefaultApp {
    /// 0oa…
    #[serde(skip_serializing_if = "Option::is_none")]
    app_instance_id: Option<String>,
    /// For apps with several links
    #[serde(skip_serializing_if = "Option::is_none")]
    app_link_name: Option<String>,
    /// Classic only
    #[serde(skip_serializing_if = "Option::is_none")]
    classic_application_uri: Option<String>,
}

/// Arguments of okta_update_brand.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct UpdateBrand {
    /// bnd…
    #[arg(path)]
    brand_id: String,
    #[arg(body)]
    name: String,
    /// Must be true with customPrivacyPolicyUrl
    #[arg(body)]
    agree_to_custom_privacy_policy: Option<bool>,
    #[arg(body)]
    custom_privacy_policy_url: Option<String>,
    #[arg(body)]
    default_app: Option<DefaultApp>,
    /// OeD…, the sender domain
    #[arg(body)]
    email_domain_id: Option<String>,
    /// BCP 47, e.g. en
    #[arg(body)]
    locale: Option<String>,
    /// Hide "Powered by Okta" and Okta copyright
    #[arg(body)]
    remove_powered_by_okta: Option<bool>,
}

/// Okta refuses a custom privacy policy URL without the consent (400); said before sending.
fn check_update(input: &mut UpdateBrand) -> Result<(), ToolError> {
    if input.custom_privacy_policy_url.is_some()
        && input.agree_to_custom_privacy_policy != Some(true)
    {
        return Err(ToolError::Invalid(
            "customPrivacyPolicyUrl: pass agreeToCustomPrivacyPolicy: true with it".into(),
        ));
    }
    Ok(())
}

fn update_brand() -> ToolSpec {
    ToolSpec::new::<UpdateBrand>(Decl {
        name: "okta_update_brand",
        title: "Update brand",
        description: "Full PUT: settings left out return to their defaults.",
        kind: ToolKind::Update { destructive: true },
        scope: "okta.brands.manage",
        route: Route::put("/api/v1/brands/{brandId}"),
    })
    .prepare(check_update)
    .build()
}

/// Arguments naming a brand.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct BrandRef {
    /// bnd…
    #[arg(path)]
    brand_id: String,
}

fn delete_brand() -> ToolSpec {
    ToolSpec::new::<BrandRef>(Decl {
        name: "okta_delete_brand",
        title: "Delete brand",
        description: "With its theme and customizations. Refused (409) for the default brand or one linked to a domain.",
        kind: ToolKind::Delete,
        scope: "okta.brands.manage",
        route: Route::delete("/api/v1/brands/{brandId}"),
    })
    .build()
}

fn list_brand_domains() -> ToolSpec {
    ToolSpec::new::<BrandRef>(Decl {
        name: "okta_list_brand_domains",
        title: "List brand domains",
        description: "Custom domains linked to a brand, with validation status.",
        kind: ToolKind::Read,
        scope: "okta.brands.read",
        route: Route::get("/api/v1/brands/{brandId}/domains"),
    })
    .list_in("domains")
    .summary(DOMAIN_SUMMARY)
    .build()
}
