//! The hosted pages of a brand: the sign-in page (HTML, Content Security Policy, Sign-In Widget
//! labels and version) and the error page, each as Okta's default, the live (customized) page and
//! an unpublished preview; and where users land after signing out.

use okta_mcp_core::tool::{Prepare, ToolError};
use okta_mcp_core::{Decl, Route, ToolInput, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub fn tools() -> Vec<ToolSpec> {
    vec![
        get_page(
            "okta_get_customized_sign_in_page",
            "Get customized sign in page",
            "The LIVE page: pageContent (HTML, several KB), CSP, widget settings and version.",
            SIGN_IN_CUSTOMIZED,
        ),
        get_page(
            "okta_get_default_sign_in_page",
            "Get default sign in page",
            "Shown when none is customized: HTML, widget settings and version.",
            "/api/v1/brands/{brandId}/pages/sign-in/default",
        ),
        get_page(
            "okta_get_preview_sign_in_page",
            "Get preview sign in page",
            "Unpublished, at https://{org}/login/preview: HTML, widget settings and version.",
            SIGN_IN_PREVIEW,
        ),
        update_page(
            "okta_update_customized_sign_in_page",
            "Update customized sign in page",
            "LIVE page, full PUT: omitted parts revert to the default. Try the preview page first.",
            SIGN_IN_CUSTOMIZED,
            check_sign_in_page,
        ),
        update_page(
            "okta_update_preview_sign_in_page",
            "Update preview sign in page",
            "Full PUT: omitted parts revert to the default. At https://{org}/login/preview.",
            SIGN_IN_PREVIEW,
            check_sign_in_page,
        ),
        delete_page(
            "okta_delete_customized_sign_in_page",
            "Delete customized sign-in page",
            "The LIVE page reverts to Okta's default at once.",
            SIGN_IN_CUSTOMIZED,
        ),
        delete_page(
            "okta_delete_preview_sign_in_page",
            "Delete preview sign-in page",
            "The live page is unchanged.",
            SIGN_IN_PREVIEW,
        ),
        list_sign_in_widget_versions(),
        get_page(
            "okta_get_customized_error_page",
            "Get customized error page",
            "The LIVE page: pageContent (HTML, several KB) and CSP.",
            ERROR_CUSTOMIZED,
        ),
        get_page(
            "okta_get_default_error_page",
            "Get default error page",
            "Shown when none is customized: pageContent (HTML).",
            "/api/v1/brands/{brandId}/pages/error/default",
        ),
        get_page(
            "okta_get_preview_error_page",
            "Get preview error page",
            "Unpublished, at https://{org}/error/preview: HTML and CSP.",
            ERROR_PREVIEW,
        ),
        update_page(
            "okta_update_customized_error_page",
            "Update customized error page",
            "LIVE page, full PUT: omitted parts revert to the default. Try the preview page first.",
            ERROR_CUSTOMIZED,
            check_error_page,
        ),
        update_page(
            "okta_update_preview_error_page",
            "Update preview error page",
            "Full PUT: omitted parts revert to the default. At https://{org}/error/preview.",
            ERROR_PREVIEW,
            check_error_page,
        ),
        delete_page(
            "okta_delete_customized_error_page",
            "Delete customized error page",
            "The LIVE page reverts to Okta's default at once.",
            ERROR_CUSTOMIZED,
        ),
        delete_page(
            "okta_delete_preview_error_page",
            "Delete preview error page",
            "The live page is unchanged.",
            ERROR_PREVIEW,
        ),
        get_sign_out_page_settings(),
        update_sign_out_page_settings(),
    ]
}

const SIGN_IN_CUSTOMIZED: &str = "/api/v1/brands/{brandId}/pages/sign-in/customized";
const SIGN_IN_PREVIEW: &str = "/api/v1/brands/{brandId}/pages/sign-in/preview";
const ERROR_CUSTOMIZED: &str = "/api/v1/brands/{brandId}/pages/error/customized";
const ERROR_PREVIEW: &str = "/api/v1/brands/{brandId}/pages/error/preview";

/// Arguments naming a brand.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct BrandRef {
    /// bnd…
    #[arg(path)]
    brand_id: String,
}

fn get_page(
    name: &'static str,
    title: &'static str,
    description: &'static str,
    path: &'static str,
) -> ToolSpec {
    ToolSpec::new::<BrandRef>(Decl {
        name,
        title,
        description,
        kind: ToolKind::Read,
        scope: "okta.brands.read",
        route: Route::get(path),
    })
    .build()
}

fn delete_page(
    name: &'static str,
    title: &'static str,
    description: &'static str,
    path: &'static str,
) -> ToolSpec {
    ToolSpec::new::<BrandRef>(Decl {
        name,
        title,
        description,
        kind: ToolKind::Delete,
        scope: "okta.brands.manage",
        route: Route::delete(path),
    })
    .build()
}

#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
enum CspMode {
    Enforced,
    ReportOnly,
}

// The page's Content Security Policy.
#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CspSetting {
    /// report_only: report, don't block
    #[serde(skip_serializing_if = "Option::is_none")]
    mode: Option<CspMode>,
    /// Where browsers report violations
    #[serde(skip_serializing_if = "Option::is_none")]
    report_uri: Option<String>,
    /// URLs the page may load from
    #[serde(skip_serializing_if = "Option::is_none")]
    src_list: Option<Vec<String>>,
}

#[derive(Deserialize, Serialize, JsonSchema)]
enum WidgetGeneration {
    G2,
    G3,
}

/// Texts during an authenticator enrollment grace period
#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct GracePeriod {
    #[serde(skip_serializing_if = "Option::is_none")]
    grace_period_required_soon_description: Option<String>,
    /// Goes with gracePeriodRequiredSoonCustomLinkUrl: both or neither
    #[serde(skip_serializing_if = "Option::is_none")]
    grace_period_required_soon_custom_link_label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    grace_period_required_soon_custom_link_url: Option<String>,
}

/// "Stay signed in" prompt
#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct KeepMeSignedIn {
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    subtitle: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    accept_button_text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reject_button_text: Option<String>,
}

/// Sign-In Widget labels, links and switches
#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct WidgetCustomizations {
    #[serde(skip_serializing_if = "Option::is_none")]
    sign_in_label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    username_label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    username_info_tip: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    password_label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    password_info_tip: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    show_password_visibility_toggle: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    show_user_identifier: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    forgot_password_label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    forgot_password_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unlock_account_label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unlock_account_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    custom_link1_label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    custom_link1_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    custom_link2_label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    custom_link2_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    authenticator_page_custom_link_label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    authenticator_page_custom_link_url: Option<String>,
    /// Classic only
    #[serde(skip_serializing_if = "Option::is_none")]
    classic_footer_help_title: Option<String>,
    /// Classic only
    #[serde(skip_serializing_if = "Option::is_none")]
    classic_recovery_flow_email_or_username_label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    widget_generation: Option<WidgetGeneration>,
    #[serde(skip_serializing_if = "Option::is_none")]
    grace_period_required_soon: Option<GracePeriod>,
    #[serde(skip_serializing_if = "Option::is_none")]
    post_auth_keep_me_signed_in_prompt: Option<KeepMeSignedIn>,
}

/// Arguments of the sign-in page updates.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct UpdateSignInPage {
    /// bnd…
    #[arg(path)]
    brand_id: String,
    /// Whole HTML; must load the widget like the default page
    #[arg(body)]
    page_content: Option<String>,
    #[arg(body)]
    content_security_policy_setting: Option<CspSetting>,
    #[arg(body)]
    widget_customizations: Option<WidgetCustomizations>,
    /// `*` latest, `^7` latest 7.x, or `7.20` (okta_list_sign_in_widget_versions)
    #[arg(body)]
    #[schemars(extend("pattern" = r"^(?:\*|\^?\d+(?:\.\d+){0,2})$", "examples" = ["^7"]))]
    widget_version: Option<String>,
}

/// A PUT with nothing would reset the page; and the grace-period link is a label and a URL together.
fn check_sign_in_page(input: &mut UpdateSignInPage) -> Result<(), ToolError> {
    ToolError::require_change(&[
        ("pageContent", input.page_content.is_some()),
        (
            "contentSecurityPolicySetting",
            input.content_security_policy_setting.is_some(),
        ),
        (
            "widgetCustomizations",
            input.widget_customizations.is_some(),
        ),
        ("widgetVersion", input.widget_version.is_some()),
    ])?;
    if let Some(grace) = input
        .widget_customizations
        .as_ref()
        .and_then(|w| w.grace_period_required_soon.as_ref())
        && grace.grace_period_required_soon_custom_link_label.is_some()
            != grace.grace_period_required_soon_custom_link_url.is_some()
    {
        return Err(ToolError::Invalid(
            "widgetCustomizations.gracePeriodRequiredSoon: the custom link needs both gracePeriodRequiredSoonCustomLinkLabel and gracePeriodRequiredSoonCustomLinkUrl".into(),
        ));
    }
    Ok(())
}

/// A page update: a full PUT of the page (`T` says which parts it has), checked by `check`.
fn update_page<T: ToolInput>(
    name: &'static str,
    title: &'static str,
    description: &'static str,
    path: &'static str,
    check: Prepare<T>,
) -> ToolSpec {
    ToolSpec::new::<T>(Decl {
        name,
        title,
        description,
        kind: ToolKind::Update { destructive: true },
        scope: "okta.brands.manage",
        route: Route::put(path),
    })
    .prepare(check)
    .build()
}

/// Arguments of the error page updates.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct UpdateErrorPage {
    /// bnd…
    #[arg(path)]
    brand_id: String,
    /// Whole HTML
    #[arg(body)]
    page_content: Option<String>,
    #[arg(body)]
    content_security_policy_setting: Option<CspSetting>,
}

/// A PUT with nothing would reset the page rather than change it.
fn check_error_page(input: &mut UpdateErrorPage) -> Result<(), ToolError> {
    ToolError::require_change(&[
        ("pageContent", input.page_content.is_some()),
        (
            "contentSecurityPolicySetting",
            input.content_security_policy_setting.is_some(),
        ),
    ])
}

fn list_sign_in_widget_versions() -> ToolSpec {
    ToolSpec::new::<BrandRef>(Decl {
        name: "okta_list_sign_in_widget_versions",
        title: "List sign in widget versions",
        description: "E.g. \"7.20\", for widgetVersion.",
        kind: ToolKind::Read,
        scope: "okta.brands.read",
        route: Route::get("/api/v1/brands/{brandId}/pages/sign-in/widget-versions"),
    })
    .scalar_items()
    .build()
}

const SIGN_OUT: &str = "/api/v1/brands/{brandId}/pages/sign-out/customized";

fn get_sign_out_page_settings() -> ToolSpec {
    ToolSpec::new::<BrandRef>(Decl {
        name: "okta_get_sign_out_page_settings",
        title: "Get sign out page settings",
        description: "Where users land after signing out: OKTA_DEFAULT, or EXTERNALLY_HOSTED with url.",
        kind: ToolKind::Read,
        scope: "okta.brands.read",
        route: Route::get(SIGN_OUT),
    })
    .build()
}

#[derive(Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
enum HostedPageType {
    ExternallyHosted,
    OktaDefault,
}

/// Arguments of okta_update_sign_out_page_settings.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct UpdateSignOutPage {
    /// bnd…
    #[arg(path)]
    brand_id: String,
    /// OKTA_DEFAULT: Okta's sign-out page; EXTERNALLY_HOSTED: redirect to url
    #[arg(body = "type")]
    #[serde(rename = "type")]
    kind: HostedPageType,
    /// EXTERNALLY_HOSTED only, and required there
    #[arg(body)]
    url: Option<String>,
}

/// Okta's page needs no url, and an external one is nothing without it.
fn check_sign_out(input: &mut UpdateSignOutPage) -> Result<(), ToolError> {
    match (&input.kind, &input.url) {
        (HostedPageType::ExternallyHosted, None) => Err(ToolError::Invalid(
            "url: EXTERNALLY_HOSTED needs the url to redirect to".into(),
        )),
        (HostedPageType::OktaDefault, Some(_)) => Err(ToolError::Invalid(
            "url: only an EXTERNALLY_HOSTED sign-out page takes a url".into(),
        )),
        _ => Ok(()),
    }
}

fn update_sign_out_page_settings() -> ToolSpec {
    ToolSpec::new::<UpdateSignOutPage>(Decl {
        name: "okta_update_sign_out_page_settings",
        title: "Update sign out page settings",
        description: "Where users land after signing out (full PUT).",
        kind: ToolKind::Update { destructive: true },
        scope: "okta.brands.manage",
        route: Route::put(SIGN_OUT),
    })
    .prepare(check_sign_out)
    .build()
}
