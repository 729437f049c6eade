//! Email customizations: a brand's own subject and HTML body for an email template, one per
//! language, exactly one of them the default (used for languages without their own).

use okta_mcp_core::params::{After, Limit};
use okta_mcp_core::{Decl, Route, ToolInput, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::Deserialize;

use crate::email_templates::TemplateRef;

pub fn tools() -> Vec<ToolSpec> {
    vec![
        list_email_customizations(),
        get_email_customization(),
        create_email_customization(),
        update_email_customization(),
        delete_email_customization(),
        delete_all_email_customizations(),
        preview_email_customization(),
    ]
}

const BASE: &str = "/api/v1/brands/{brandId}/templates/email/{templateName}/customizations";

/// Okta's answers to the default-customization rules, which depend on the template's other
/// customizations and so cannot be checked before sending.
const DEFAULT_RULES: &[(&str, &str)] = &[
    (
        "E0000182",
        "another customization is already the default: pass isDefault false, or make this one the default with okta_update_email_customization",
    ),
    (
        "E0000183",
        "this template already has a customization in that language: change it with okta_update_email_customization (okta_list_email_customizations finds it)",
    ),
    (
        "E0000184",
        "the default customization cannot be deleted alone: make another one the default first (okta_update_email_customization, isDefault true), or remove them all with okta_delete_all_email_customizations",
    ),
    (
        "E0000185",
        "the default customization cannot be un-defaulted: set isDefault true on another customization instead, which takes the default from this one",
    ),
];

/// Arguments of okta_list_email_customizations.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ListEmailCustomizations {
    /// bnd…
    #[arg(path)]
    brand_id: String,
    /// e.g. UserActivation (okta_list_email_templates)
    #[arg(path)]
    template_name: String,
    #[arg(query)]
    after: Option<After>,
    /// Default 20, max 200
    #[arg(query)]
    limit: Option<Limit>,
}

fn list_email_customizations() -> ToolSpec {
    ToolSpec::new::<ListEmailCustomizations>(Decl {
        name: "okta_list_email_customizations",
        title: "List email customizations",
        description: "Id (oel…), language, isDefault, subject (fields=* adds HTML bodies).",
        kind: ToolKind::Read,
        scope: "okta.templates.read",
        route: Route::get(BASE),
    })
    .default_limit(20)
    .summary(&["id", "language", "isDefault", "subject", "lastUpdated"])
    .build()
}

/// Arguments naming one customization.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CustomizationRef {
    /// bnd…
    #[arg(path)]
    brand_id: String,
    /// e.g. UserActivation (okta_list_email_templates)
    #[arg(path)]
    template_name: String,
    /// oel…
    #[arg(path)]
    customization_id: String,
}

const ONE: &str =
    "/api/v1/brands/{brandId}/templates/email/{templateName}/customizations/{customizationId}";

fn get_email_customization() -> ToolSpec {
    ToolSpec::new::<CustomizationRef>(Decl {
        name: "okta_get_email_customization",
        title: "Get email customization",
        description: "With subject and HTML body.",
        kind: ToolKind::Read,
        scope: "okta.templates.read",
        route: Route::get(ONE),
    })
    .build()
}

/// Arguments of okta_create_email_customization.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CreateEmailCustomization {
    /// bnd…
    #[arg(path)]
    brand_id: String,
    /// e.g. UserActivation (okta_list_email_templates)
    #[arg(path)]
    template_name: String,
    /// BCP 47, e.g. fr, pt-BR; one per language
    #[arg(body)]
    language: String,
    /// May use ${variables}, e.g. ${org.name}
    #[arg(body)]
    subject: String,
    /// HTML; must keep the template's required ${variables} (e.g. ${activationLink})
    #[arg(body)]
    body: String,
    /// Default for languages without their own; the first one is anyway
    #[arg(body)]
    is_default: Option<bool>,
}

fn create_email_customization() -> ToolSpec {
    ToolSpec::new::<CreateEmailCustomization>(Decl {
        name: "okta_create_email_customization",
        title: "Create email customization",
        description: "Own subject and HTML body in one language. 409 if that language is customized, or isDefault when a default exists.",
        kind: ToolKind::Create { destructive: false },
        scope: "okta.templates.manage",
        route: Route::post(BASE),
    })
    .hints(DEFAULT_RULES)
    .build()
}

/// Arguments of okta_update_email_customization.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct UpdateEmailCustomization {
    /// bnd…
    #[arg(path)]
    brand_id: String,
    /// e.g. UserActivation (okta_list_email_templates)
    #[arg(path)]
    template_name: String,
    /// oel…
    #[arg(path)]
    customization_id: String,
    /// BCP 47, e.g. fr, pt-BR
    #[arg(body)]
    language: String,
    /// May use ${variables}
    #[arg(body)]
    subject: String,
    /// HTML; must keep the template's required ${variables}
    #[arg(body)]
    body: String,
    /// true moves the default here; the default cannot be set false
    #[arg(body)]
    is_default: Option<bool>,
}

fn update_email_customization() -> ToolSpec {
    ToolSpec::new::<UpdateEmailCustomization>(Decl {
        name: "okta_update_email_customization",
        title: "Update email customization",
        description: "Full PUT.",
        kind: ToolKind::Update { destructive: true },
        scope: "okta.templates.manage",
        route: Route::put(ONE),
    })
    .hints(DEFAULT_RULES)
    .build()
}

fn delete_email_customization() -> ToolSpec {
    ToolSpec::new::<CustomizationRef>(Decl {
        name: "okta_delete_email_customization",
        title: "Delete email customization",
        description: "Its language falls back to the default one, which cannot be deleted itself (409).",
        kind: ToolKind::Delete,
        scope: "okta.templates.manage",
        route: Route::delete(ONE),
    })
    .hints(DEFAULT_RULES)
    .build()
}

fn delete_all_email_customizations() -> ToolSpec {
    ToolSpec::new::<TemplateRef>(Decl {
        name: "okta_delete_all_email_customizations",
        title: "Delete all email customizations",
        description: "EVERY language, the default included: Okta's content is sent again.",
        kind: ToolKind::Delete,
        scope: "okta.templates.manage",
        route: Route::delete(BASE),
    })
    .build()
}

fn preview_email_customization() -> ToolSpec {
    ToolSpec::new::<CustomizationRef>(Decl {
        name: "okta_preview_email_customization",
        title: "Preview email customization",
        description: "Rendered for the calling admin: {subject, body}, body HTML of tens of KB (fields=subject for the subject alone).",
        kind: ToolKind::Read,
        scope: "okta.templates.read",
        route: Route::get(
            "/api/v1/brands/{brandId}/templates/email/{templateName}/customizations/{customizationId}/preview",
        ),
    })
    .build()
}
