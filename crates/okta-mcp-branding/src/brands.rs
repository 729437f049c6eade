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
    /// Embed these in each brand
    #[arg(query)]
    expand: Option<Vec<Expand>>,
    /// Search brands by name
    #[arg(query)]
    q: Option<String>,
    #[arg(query)]
    after: Option<After>,
    /// Page size (default 20, max 200)
    #[arg(query)]
    limit: Option<Limit>,
}

fn list_brands() -> ToolSpec {
    ToolSpec::new::<ListBrands>(Decl {
        name: "okta_list_brands",
        title: "List brands",
        description: "List the org's brands: id, name, isDefault, locale, privacy policy, default app and email domain id.",
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
    /// Brand id (bnd…)
    #[arg(path)]
    brand_id: String,
    /// Embed these in the brand
    #[arg(query)]
    expand: Option<Vec<Expand>>,
}

fn get_brand() -> ToolSpec {
    ToolSpec::new::<GetBrand>(Decl {
        name: "okta_get_brand",
        title: "Get brand",
        description: "Get one brand with all its settings; expand embeds its themes, domains or email domain.",
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
    /// Unique brand name (not DRAPP_DOMAIN_BRAND)
    #[arg(body)]
    name: String,
}

fn create_brand() -> ToolSpec {
    ToolSpec::new::<CreateBrand>(Decl {
        name: "okta_create_brand",
        title: "Create brand",
        description: "Create a brand with Okta's default theme; link it to a custom domain to use it. A name already taken is refused (409).",
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
    /// App id (0oa…)
    #[serde(skip_serializing_if = "Option::is_none")]
    app_instance_id: Option<String>,
    /// The app's link name, for apps with several links
    #[serde(skip_serializing_if = "Option::is_none")]
    app_link_name: Option<String>,
    /// Classic orgs only: the app's URI
    #[serde(skip_serializing_if = "Option::is_none")]
    classic_application_uri: Option<String>,
}

/// Arguments of okta_update_brand.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct UpdateBrand {
    /// Brand id (bnd…)
    #[arg(path)]
    brand_id: String,
    /// Brand name
    #[arg(body)]
    name: String,
    /// Consent, required with customPrivacyPolicyUrl
    #[arg(body)]
    agree_to_custom_privacy_policy: Option<bool>,
    /// Custom privacy policy URL (needs agreeToCustomPrivacyPolicy true)
    #[arg(body)]
    custom_privacy_policy_url: Option<String>,
    #[arg(body)]
    default_app: Option<DefaultApp>,
    /// Email domain id (OeD…) the brand's emails are sent from
    #[arg(body)]
    email_domain_id: Option<String>,
    /// IETF BCP 47 language tag, e.g. en
    #[arg(body)]
    locale: Option<String>,
    /// Remove "Powered by Okta" and the Okta copyright
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
        description: "Replace a brand's settings (full PUT): settings left out return to their defaults. A custom privacy policy URL needs agreeToCustomPrivacyPolicy true (else 400).",
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
    /// Brand id (bnd…)
    #[arg(path)]
    brand_id: String,
}

fn delete_brand() -> ToolSpec {
    ToolSpec::new::<BrandRef>(Decl {
        name: "okta_delete_brand",
        title: "Delete brand",
        description: "Permanently delete a brand and its theme and customizations. The default brand, or one still linked to a domain, cannot be deleted (409).",
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
        description: "List the custom domains linked to a brand, with their validation status and DNS records.",
        kind: ToolKind::Read,
        scope: "okta.brands.read",
        route: Route::get("/api/v1/brands/{brandId}/domains"),
    })
    .list_in("domains")
    .summary(DOMAIN_SUMMARY)
    .build()
}
