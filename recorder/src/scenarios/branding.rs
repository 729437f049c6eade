//! The branding server's scenarios: a brand the run creates (its name under the run prefix) with
//! the theme Okta gives it, a custom domain and an email domain under the run prefix. Nothing
//! here touches the org's default brand or any brand, theme or domain the run did not create:
//! images are uploaded to and deleted from the run's brand's theme only.

use super::{Cleanup, Scenario, Step};

/// A brand owned by the run; no domain serves it, so no user sees it.
const RUN_BRAND: Step = Step {
    tool: "okta_create_brand",
    args: r#"{"name": "{{runPrefix}}-{{seq}}"}"#,
    bind: &[("brand", "/id"), ("brandName", "/name")],
};

/// The one theme Okta creates with the run's brand.
const RUN_THEME: Step = Step {
    tool: "okta_list_brand_themes",
    args: r#"{"brandId": "{{brand}}", "fields": "*"}"#,
    bind: &[("theme", "/items/0/id")],
};

/// A custom domain owned by the run, under the run prefix; never verified, so it serves nothing.
const RUN_DOMAIN: Step = Step {
    tool: "okta_create_custom_domain",
    args: r#"{"domain": "{{seq}}.{{runPrefix}}.example.com", "certificateSourceType": "MANUAL"}"#,
    bind: &[("domain", "/id"), ("domainName", "/domain")],
};

/// An email domain of the run's brand, under the run prefix; never verified, so it sends nothing.
const RUN_EMAIL_DOMAIN: Step = Step {
    tool: "okta_create_email_domain",
    args: r#"{"brandId": "{{brand}}", "domain": "{{seq}}.{{runPrefix}}.example.com",
        "displayName": "okta-mcp recording", "userName": "noreply"}"#,
    bind: &[("emailDomain", "/id"), ("emailDomainName", "/domain")],
};

const BRAND: &[(&str, &str)] = &[("/brandId", "{{brand}}")];
const THEME: &[(&str, &str)] = &[("/brandId", "{{brand}}"), ("/themeId", "{{theme}}")];
const DOMAIN: &[(&str, &str)] = &[("/domainId", "{{domain}}")];
const EMAIL_DOMAIN: &[(&str, &str)] = &[("/emailDomainId", "{{emailDomain}}")];
const RUN_HOST: (&str, &str) = ("/domain", "{{seq}}.{{runPrefix}}.example.com");

/// A scenario on the run's brand's theme, for each case given.
macro_rules! on_theme {
    ($tool:expr, $cases:expr) => {
        Scenario {
            tool: $tool,
            cases: $cases,
            steps: &[RUN_BRAND, RUN_THEME],
            inject: THEME,
        }
    };
}

/// A missing theme of the run's brand.
macro_rules! on_brand {
    ($tool:expr, $cases:expr) => {
        Scenario {
            tool: $tool,
            cases: $cases,
            steps: &[RUN_BRAND],
            inject: BRAND,
        }
    };
}

pub static SCENARIOS: &[Scenario] = &[
    // Brands.
    on_brand!("okta_get_brand", &["success"]),
    Scenario {
        tool: "okta_create_brand",
        cases: &["success"],
        steps: &[],
        inject: &[("/name", "{{runPrefix}}-{{seq}}")],
    },
    Scenario {
        // The name is taken (by the run's own brand), so Okta refuses it.
        tool: "okta_create_brand",
        cases: &["error_duplicate"],
        steps: &[RUN_BRAND],
        inject: &[("/name", "{{brandName}}")],
    },
    Scenario {
        tool: "okta_update_brand",
        cases: &["success"],
        steps: &[RUN_BRAND],
        inject: &[("/brandId", "{{brand}}"), ("/name", "{{brandName}}")],
    },
    on_brand!("okta_delete_brand", &["success"]),
    on_brand!("okta_list_brand_domains", &["success"]),
    // Themes and their images.
    on_brand!("okta_list_brand_themes", &["success"]),
    on_theme!("okta_get_brand_theme", &["success"]),
    on_brand!("okta_get_brand_theme", &["error_not_found"]),
    on_theme!(
        "okta_update_brand_theme",
        &["success", "error_invalid_color"]
    ),
    on_theme!("okta_upload_brand_theme_logo", &["success", "base64"]),
    on_brand!("okta_upload_brand_theme_logo", &["error_not_found"]),
    on_theme!("okta_delete_brand_theme_logo", &["success"]),
    on_brand!("okta_delete_brand_theme_logo", &["error_not_found"]),
    on_theme!("okta_upload_brand_theme_favicon", &["success", "base64"]),
    on_brand!("okta_upload_brand_theme_favicon", &["error_not_found"]),
    on_theme!("okta_delete_brand_theme_favicon", &["success"]),
    on_brand!("okta_delete_brand_theme_favicon", &["error_not_found"]),
    on_theme!(
        "okta_upload_brand_theme_background_image",
        &["success", "base64"]
    ),
    on_brand!(
        "okta_upload_brand_theme_background_image",
        &["error_not_found"]
    ),
    on_theme!("okta_delete_brand_theme_background_image", &["success"]),
    on_brand!(
        "okta_delete_brand_theme_background_image",
        &["error_not_found"]
    ),
    // Custom domains.
    Scenario {
        tool: "okta_get_custom_domain",
        cases: &["success"],
        steps: &[RUN_DOMAIN],
        inject: DOMAIN,
    },
    Scenario {
        tool: "okta_create_custom_domain",
        cases: &["success"],
        steps: &[],
        inject: &[RUN_HOST],
    },
    Scenario {
        tool: "okta_create_custom_domain",
        cases: &["error_duplicate"],
        steps: &[RUN_DOMAIN],
        inject: &[("/domain", "{{domainName}}")],
    },
    Scenario {
        tool: "okta_update_custom_domain",
        cases: &["success"],
        steps: &[RUN_BRAND, RUN_DOMAIN],
        inject: &[("/domainId", "{{domain}}"), ("/brandId", "{{brand}}")],
    },
    Scenario {
        tool: "okta_delete_custom_domain",
        cases: &["success"],
        steps: &[RUN_DOMAIN],
        inject: DOMAIN,
    },
    Scenario {
        tool: "okta_verify_custom_domain",
        cases: &["success"],
        steps: &[RUN_DOMAIN],
        inject: DOMAIN,
    },
    Scenario {
        // The test-only certificate does not match the key: Okta refuses it.
        tool: "okta_upsert_custom_domain_certificate",
        cases: &["error_invalid_certificate"],
        steps: &[RUN_DOMAIN],
        inject: DOMAIN,
    },
    // Email domains.
    Scenario {
        tool: "okta_get_email_domain",
        cases: &["success"],
        steps: &[RUN_BRAND, RUN_EMAIL_DOMAIN],
        inject: EMAIL_DOMAIN,
    },
    Scenario {
        tool: "okta_create_email_domain",
        cases: &["success"],
        steps: &[RUN_BRAND],
        inject: &[("/brandId", "{{brand}}"), RUN_HOST],
    },
    Scenario {
        tool: "okta_create_email_domain",
        cases: &["error_duplicate"],
        steps: &[RUN_BRAND, RUN_EMAIL_DOMAIN],
        inject: &[
            ("/brandId", "{{brand}}"),
            ("/domain", "{{emailDomainName}}"),
        ],
    },
    Scenario {
        tool: "okta_update_email_domain",
        cases: &["success"],
        steps: &[RUN_BRAND, RUN_EMAIL_DOMAIN],
        inject: EMAIL_DOMAIN,
    },
    Scenario {
        tool: "okta_delete_email_domain",
        cases: &["success"],
        steps: &[RUN_BRAND, RUN_EMAIL_DOMAIN],
        inject: EMAIL_DOMAIN,
    },
    Scenario {
        tool: "okta_verify_email_domain",
        cases: &["success"],
        steps: &[RUN_BRAND, RUN_EMAIL_DOMAIN],
        inject: EMAIL_DOMAIN,
    },
];

// Cleanups run newest first, so a run's email domain goes before the brand it belongs to.
pub static CLEANUPS: &[Cleanup] = &[
    Cleanup {
        create: "okta_create_brand",
        steps: &[("okta_delete_brand", r#"{"brandId": "{{id}}"}"#)],
    },
    Cleanup {
        create: "okta_create_custom_domain",
        steps: &[("okta_delete_custom_domain", r#"{"domainId": "{{id}}"}"#)],
    },
    Cleanup {
        create: "okta_create_email_domain",
        steps: &[("okta_delete_email_domain", r#"{"emailDomainId": "{{id}}"}"#)],
    },
];
