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
        description: "List the org's custom domains: id, hostname, validation status, certificate source and brand (fields=* adds the DNS records to publish).",
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
    /// Custom domain id (OcD…)
    #[arg(path)]
    domain_id: String,
}

fn get_custom_domain() -> ToolSpec {
    ToolSpec::new::<DomainRef>(Decl {
        name: "okta_get_custom_domain",
        title: "Get custom domain",
        description: "Get one custom domain: hostname, brand, certificate source and expiry, validation status and DNS records.",
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
    /// Hostname, e.g. login.example.com
    #[arg(body)]
    domain: String,
    /// Who provides the TLS certificate: Okta, or you (okta_upsert_custom_domain_certificate)
    #[arg(body)]
    certificate_source_type: CertificateSource,
}

fn create_custom_domain() -> ToolSpec {
    ToolSpec::new::<CreateDomain>(Decl {
        name: "okta_create_custom_domain",
        title: "Create custom domain",
        description: "Add a custom domain; returns the DNS records to publish, then call okta_verify_custom_domain. Linked to the default brand until updated.",
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
    /// Custom domain id (OcD…)
    #[arg(path)]
    domain_id: String,
    /// Brand id (bnd…) the domain serves
    #[arg(body)]
    brand_id: String,
}

fn update_custom_domain() -> ToolSpec {
    ToolSpec::new::<UpdateDomain>(Decl {
        name: "okta_update_custom_domain",
        title: "Update custom domain",
        description: "Link a custom domain to another brand (the only thing that can change); its pages then show that brand.",
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
        description: "Permanently delete a custom domain: users signing in at that hostname can no longer reach Okta.",
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
        description: "Check the domain's DNS records now (Okta does not retry by itself); for OKTA_MANAGED it also gets the certificate. Returns the domain with its validation status.",
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
    /// Custom domain id (OcD…)
    #[arg(path)]
    domain_id: String,
    /// The leaf certificate, PEM
    #[arg(body, secret)]
    certificate: String,
    /// The intermediate certificates, PEM, concatenated
    #[arg(body, secret)]
    certificate_chain: String,
    /// The certificate's private key, PEM (RSA 2048, 3072 or 4096 bits)
    #[arg(body, secret)]
    private_key: String,
    /// PEM
    #[serde(rename = "type")]
    #[arg(body)]
    kind: CertificateType,
}

fn upsert_custom_domain_certificate() -> ToolSpec {
    ToolSpec::new::<UpsertCertificate>(Decl {
        name: "okta_upsert_custom_domain_certificate",
        title: "Upload custom domain certificate",
        description: "Install or renew the domain's own TLS certificate (PEM) with its chain and private key; an OKTA_MANAGED domain becomes MANUAL. The key is never echoed.",
        kind: ToolKind::Update { destructive: true },
        scope: "okta.domains.manage",
        route: Route::put("/api/v1/domains/{domainId}/certificate"),
    })
    .build()
}
