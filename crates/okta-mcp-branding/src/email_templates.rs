//! Email templates: the emails Okta sends for a brand (activation, password reset, challenges…),
//! their default content and its rendered preview, who receives them, and a test send.
//! A template's customizations (its own content per language) are in `email_customizations`.

use okta_mcp_core::params::{After, Limit};
use okta_mcp_core::{Decl, Route, ToolInput, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub fn tools() -> Vec<ToolSpec> {
    vec![
        list_email_templates(),
        get_email_template(),
        get_email_default_content(),
        preview_email_default_content(),
        get_email_settings(),
        update_email_settings(),
        send_test_email(),
    ]
}

// What a template's answer embeds (`_embedded`) besides its name.
#[derive(Deserialize, Serialize, JsonSchema)]
enum Expand {
    #[serde(rename = "settings")]
    Settings,
    #[serde(rename = "customizationCount")]
    CustomizationCount,
}

/// Arguments of okta_list_email_templates.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ListEmailTemplates {
    /// bnd…
    #[arg(path)]
    brand_id: String,
    /// Adds recipients settings, customization count
    #[arg(query)]
    expand: Option<Vec<Expand>>,
    #[arg(query)]
    after: Option<After>,
    /// Default 20, max 200
    #[arg(query)]
    limit: Option<Limit>,
}

fn list_email_templates() -> ToolSpec {
    ToolSpec::new::<ListEmailTemplates>(Decl {
        name: "okta_list_email_templates",
        title: "List email templates",
        description: "Names (UserActivation, ForgotPassword, EmailChallenge…).",
        kind: ToolKind::Read,
        scope: "okta.templates.read",
        route: Route::get("/api/v1/brands/{brandId}/templates/email"),
    })
    .default_limit(20)
    .summary(&["name"])
    .build()
}

/// Arguments naming one email template of a brand.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct TemplateRef {
    /// bnd…
    #[arg(path)]
    brand_id: String,
    /// e.g. UserActivation (okta_list_email_templates)
    #[arg(path)]
    template_name: String,
}

/// Arguments of okta_get_email_template.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct GetEmailTemplate {
    /// bnd…
    #[arg(path)]
    brand_id: String,
    /// e.g. UserActivation (okta_list_email_templates)
    #[arg(path)]
    template_name: String,
    /// Adds recipients settings, customization count
    #[arg(query)]
    expand: Option<Vec<Expand>>,
}

fn get_email_template() -> ToolSpec {
    ToolSpec::new::<GetEmailTemplate>(Decl {
        name: "okta_get_email_template",
        title: "Get email template",
        description: "By name.",
        kind: ToolKind::Read,
        scope: "okta.templates.read",
        route: Route::get("/api/v1/brands/{brandId}/templates/email/{templateName}"),
    })
    .build()
}

/// Arguments naming a template, with the language of its content.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct TemplateInLanguage {
    /// bnd…
    #[arg(path)]
    brand_id: String,
    /// e.g. UserActivation (okta_list_email_templates)
    #[arg(path)]
    template_name: String,
    /// BCP 47, e.g. fr, pt-BR (default: the caller's)
    #[arg(query)]
    language: Option<String>,
}

fn get_email_default_content() -> ToolSpec {
    ToolSpec::new::<TemplateInLanguage>(Decl {
        name: "okta_get_email_default_content",
        title: "Get email default content",
        description: "Okta's subject and HTML body, ${variables} unfilled; tens of KB.",
        kind: ToolKind::Read,
        scope: "okta.templates.read",
        route: Route::get(
            "/api/v1/brands/{brandId}/templates/email/{templateName}/default-content",
        ),
    })
    .build()
}

fn preview_email_default_content() -> ToolSpec {
    ToolSpec::new::<TemplateInLanguage>(Decl {
        name: "okta_preview_email_default_content",
        title: "Preview email default content",
        description: "Rendered for the calling admin: {subject, body}, body HTML of tens of KB (fields=subject for the subject alone).",
        kind: ToolKind::Read,
        scope: "okta.templates.read",
        route: Route::get(
            "/api/v1/brands/{brandId}/templates/email/{templateName}/default-content/preview",
        ),
    })
    .build()
}

fn get_email_settings() -> ToolSpec {
    ToolSpec::new::<TemplateRef>(Decl {
        name: "okta_get_email_settings",
        title: "Get email settings",
        description: "Its recipients: ALL_USERS, ADMINS_ONLY or NO_USERS.",
        kind: ToolKind::Read,
        scope: "okta.templates.read",
        route: Route::get("/api/v1/brands/{brandId}/templates/email/{templateName}/settings"),
    })
    .build()
}

#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
enum Recipients {
    AllUsers,
    AdminsOnly,
    NoUsers,
}

/// Arguments of okta_update_email_settings.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct UpdateEmailSettings {
    /// bnd…
    #[arg(path)]
    brand_id: String,
    /// e.g. UserActivation (okta_list_email_templates)
    #[arg(path)]
    template_name: String,
    /// NO_USERS stops it being sent
    #[arg(body)]
    recipients: Recipients,
}

fn update_email_settings() -> ToolSpec {
    ToolSpec::new::<UpdateEmailSettings>(Decl {
        name: "okta_update_email_settings",
        title: "Update email settings",
        description: "Its recipients. Some templates refuse some values (422).",
        kind: ToolKind::Update { destructive: true },
        scope: "okta.templates.manage",
        route: Route::put("/api/v1/brands/{brandId}/templates/email/{templateName}/settings"),
    })
    .hints(&[
        (
            "E0000189",
            "this template does not take that recipients value: try another, or keep its current one (okta_get_email_settings)",
        ),
        (
            "E0000254",
            "another change to this template's settings is in progress: call again in a moment",
        ),
    ])
    .build()
}

fn send_test_email() -> ToolSpec {
    ToolSpec::new::<TemplateInLanguage>(Decl {
        name: "okta_send_test_email",
        title: "Send test email",
        description: "Sends a REAL email to the token user's primary and secondary addresses: the customization for `language`, else the default one, else Okta's content.",
        kind: ToolKind::Action {
            destructive: false,
            idempotent: false,
        },
        scope: "okta.templates.read",
        route: Route::post("/api/v1/brands/{brandId}/templates/email/{templateName}/test"),
    })
    .build()
}
