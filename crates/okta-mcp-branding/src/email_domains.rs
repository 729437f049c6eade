//! Email domains: the org's own sender domains (noreply@example.com) for Okta's emails, verified
//! by DNS records and used by brands.

use okta_mcp_core::{Decl, Route, ToolInput, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub fn tools() -> Vec<ToolSpec> {
    vec![
        list_email_domains(),
        get_email_domain(),
        create_email_domain(),
        update_email_domain(),
        delete_email_domain(),
        verify_email_domain(),
    ]
}

// What an email domain read embeds.
#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
enum Expand {
    Brands,
}

/// Arguments of okta_list_email_domains.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ListEmailDomains {
    /// brands: embed brands using it
    #[arg(query)]
    expand: Option<Vec<Expand>>,
}

fn list_email_domains() -> ToolSpec {
    ToolSpec::new::<ListEmailDomains>(Decl {
        name: "okta_list_email_domains",
        title: "List email domains",
        description: "Id (OeD…), domain, sender, validationStatus.",
        kind: ToolKind::Read,
        scope: "okta.emailDomains.read",
        route: Route::get("/api/v1/email-domains"),
    })
    .summary(&[
        "id",
        "domain",
        "displayName",
        "userName",
        "validationStatus",
    ])
    .build()
}

/// Arguments naming an email domain.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct EmailDomainRef {
    /// OeD…
    #[arg(path)]
    email_domain_id: String,
    /// brands: embed brands using it
    #[arg(query)]
    expand: Option<Vec<Expand>>,
}

fn get_email_domain() -> ToolSpec {
    ToolSpec::new::<EmailDomainRef>(Decl {
        name: "okta_get_email_domain",
        title: "Get email domain",
        description: "With DNS records.",
        kind: ToolKind::Read,
        scope: "okta.emailDomains.read",
        route: Route::get("/api/v1/email-domains/{emailDomainId}"),
    })
    .build()
}

/// Arguments of okta_create_email_domain.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CreateEmailDomain {
    /// bnd… whose emails it sends
    #[arg(body)]
    brand_id: String,
    /// e.g. example.com
    #[arg(body)]
    domain: String,
    /// Sender name
    #[arg(body)]
    display_name: String,
    /// Sender address before @, e.g. noreply
    #[arg(body)]
    user_name: String,
    /// Default mail
    #[arg(body)]
    validation_subdomain: Option<String>,
    /// brands: embed brands using it
    #[arg(query)]
    expand: Option<Vec<Expand>>,
}

fn create_email_domain() -> ToolSpec {
    ToolSpec::new::<CreateEmailDomain>(Decl {
        name: "okta_create_email_domain",
        title: "Create email domain",
        description: "Returns the DNS records to publish, then okta_verify_email_domain. A domain already added is refused (409).",
        kind: ToolKind::Create { destructive: false },
        scope: "okta.emailDomains.manage",
        route: Route::post("/api/v1/email-domains"),
    })
    .build()
}

/// Arguments of okta_update_email_domain.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct UpdateEmailDomain {
    /// OeD…
    #[arg(path)]
    email_domain_id: String,
    /// Sender name
    #[arg(body)]
    display_name: String,
    /// Sender address before @
    #[arg(body)]
    user_name: String,
    /// brands: embed brands using it
    #[arg(query)]
    expand: Option<Vec<Expand>>,
}

fn update_email_domain() -> ToolSpec {
    ToolSpec::new::<UpdateEmailDomain>(Decl {
        name: "okta_update_email_domain",
        title: "Update email domain",
        description: "Sender name and address only.",
        kind: ToolKind::Update { destructive: false },
        scope: "okta.emailDomains.manage",
        route: Route::put("/api/v1/email-domains/{emailDomainId}"),
    })
    .build()
}

fn delete_email_domain() -> ToolSpec {
    ToolSpec::new::<EmailDomainRef>(Decl {
        name: "okta_delete_email_domain",
        title: "Delete email domain",
        description: "Refused (400) while a brand uses it.",
        kind: ToolKind::Delete,
        scope: "okta.emailDomains.manage",
        route: Route::delete("/api/v1/email-domains/{emailDomainId}"),
    })
    .build()
}

/// Arguments of okta_verify_email_domain.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct VerifyEmailDomain {
    /// OeD…
    #[arg(path)]
    email_domain_id: String,
}

fn verify_email_domain() -> ToolSpec {
    ToolSpec::new::<VerifyEmailDomain>(Decl {
        name: "okta_verify_email_domain",
        title: "Verify email domain",
        description: "Checks its DNS records now; validationStatus VERIFIED once found.",
        kind: ToolKind::Action {
            destructive: false,
            idempotent: true,
        },
        scope: "okta.emailDomains.manage",
        route: Route::post("/api/v1/email-domains/{emailDomainId}/verify"),
    })
    .build()
}
