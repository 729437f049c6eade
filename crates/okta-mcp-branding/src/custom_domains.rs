//! Custom domains: the org's own hostnames (login.example.com) for Okta's hosted pages, each
//! linked to a brand, with a certificate Okta manages or one the admin provides.

use okta_mcp_core::params::NoArgs;
use okta_mcp_core::{Decl, Route, ToolInput, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub fn tools() -> Vec<ToolSpec> {
    vec![
        list_custom_domains(),
        get_custom_domain(),
        create_custom_domain(),
        update_custom_domain(),
        delete_custom_domain(),
        verify_custom_domain(),
        upsert_custom_domain_certificate(),
    ]
}

fn list_custom_domains() -> ToolSpec {
    ToolSpec::new::<NoArgs>(Decl {
        name: "okta_list_custom_domains",
        title: "List custom domains",
        description: "Id (OcD…), domain, validation status, certificate source, brandId (fields=* adds DNS records).",
        kind: ToolKind::Read,
        scope: "okta.domains.read",
        route: Route::get("/api/v1/domains"),
    })
    .list_in("domains")
    .summary(crate::brands::DOMAIN_SUMMARY)
    .build()
}

/// Arguments naming a custom domain.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct DomainRef {
    /// OcD…
    #[arg(path)]
    domain_id: String,
}

fn get_custom_domain() -> ToolSpec {
    ToolSpec::new::<DomainRef>(Decl {
        name: "okta_get_custom_domain",
        title: "Get custom domain",
        description: "With certificate expiry and DNS records.",
        kind: ToolKind::Read,
        scope: "okta.domains.read",
        route: Route::get("/api/v1/domains/{domainId}"),
    })
    .build()
}

#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
enum CertificateSource {
    OktaManaged,
    Manual,
}

/// Arguments of okta_create_custom_domain.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CreateDomain {
    /// e.g. login.example.com
    #[arg(body)]
    domain: String,
    /// MANUAL: you upload it (okta_upsert_custom_domain_certificate)
    #[arg(body)]
    certificate_source_type: CertificateSource,
}

fn create_custom_domain() -> ToolSpec {
    ToolSpec::new::<CreateDomain>(Decl {
        name: "okta_create_custom_domain",
        title: "Create custom domain",
        description: "Returns the DNS records to publish, then okta_verify_custom_domain. Serves the default brand until updated.",
        kind: ToolKind::Create { destructive: false },
        scope: "okta.domains.manage",
        route: Route::post("/api/v1/domains"),
    })
    .build()
}

/// Arguments of okta_update_custom_domain.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct UpdateDomain {
    /// OcD…
    #[arg(path)]
    domain_id: String,
    /// bnd… it serves
    #[arg(body)]
    brand_id: String,
}

fn update_custom_domain() -> ToolSpec {
    ToolSpec::new::<UpdateDomain>(Decl {
        name: "okta_update_custom_domain",
        title: "Update custom domain",
        description: "Links it to another brand, the only change allowed.",
        kind: ToolKind::Update { destructive: false },
        scope: "okta.domains.manage",
        route: Route::put("/api/v1/domains/{domainId}"),
    })
    .build()
}

fn delete_custom_domain() -> ToolSpec {
    ToolSpec::new::<DomainRef>(Decl {
        name: "okta_delete_custom_domain",
        title: "Delete custom domain",
        description: "Users at that hostname can no longer reach Okta.",
        kind: ToolKind::Delete,
        scope: "okta.domains.manage",
        route: Route::delete("/api/v1/domains/{domainId}"),
    })
    .build()
}

fn verify_custom_domain() -> ToolSpec {
    ToolSpec::new::<DomainRef>(Decl {
        name: "okta_verify_custom_domain",
        title: "Verify custom domain",
        description: "Checks its DNS records now (Okta does not retry); OKTA_MANAGED also gets its certificate. Returns validationStatus.",
        kind: ToolKind::Action {
            destructive: false,
            idempotent: true,
        },
        scope: "okta.domains.manage",
        route: Route::post("/api/v1/domains/{domainId}/verify"),
    })
    .build()
}

#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
enum CertificateType {
    Pem,
}

/// Arguments of okta_upsert_custom_domain_certificate. The key is a secret: never logged nor
/// repeated in a result or an error (no `Debug`).
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct UpsertCertificate {
    /// OcD…
    #[arg(path)]
    domain_id: String,
    /// Leaf, PEM
    #[arg(body, secret)]
    certificate: String,
    /// Intermediates, PEM, concatenated
    #[arg(body, secret)]
    certificate_chain: String,
    /// PEM, RSA 2048/3072/4096
    #[arg(body, secret)]
    private_key: String,
    #[serde(rename = "type")]
    #[arg(body)]
    kind: CertificateType,
}

fn upsert_custom_domain_certificate() -> ToolSpec {
    ToolSpec::new::<UpsertCertificate>(Decl {
        name: "okta_upsert_custom_domain_certificate",
        title: "Upload custom domain certificate",
        description: "Install or renew its own TLS certificate; an OKTA_MANAGED domain becomes MANUAL. The key is never echoed.",
        kind: ToolKind::Update { destructive: true },
        scope: "okta.domains.manage",
        route: Route::put("/api/v1/domains/{domainId}/certificate"),
    })
    .build()
}
