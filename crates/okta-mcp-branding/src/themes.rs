//! Themes: a brand's colors, its logo, favicon and background image, and which of them each page
//! (sign-in, dashboard, error, email, loading) uses. Okta keeps one theme per brand.

use okta_mcp_core::upload::{ImageType, Upload, UploadRule};
use okta_mcp_core::{Decl, Route, ToolInput, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub fn tools() -> Vec<ToolSpec> {
    vec![
        list_brand_themes(),
        get_brand_theme(),
        update_brand_theme(),
        upload(&LOGO),
        delete_image(&LOGO),
        upload(&FAVICON),
        delete_image(&FAVICON),
        upload(&BACKGROUND),
        delete_image(&BACKGROUND),
    ]
}

/// Arguments naming a brand.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct BrandRef {
    /// bnd…
    #[arg(path)]
    brand_id: String,
}

fn list_brand_themes() -> ToolSpec {
    ToolSpec::new::<BrandRef>(Decl {
        name: "okta_list_brand_themes",
        title: "List brand themes",
        description: "Exactly one per brand: id (thd…), colors, images, sign-in variant.",
        kind: ToolKind::Read,
        scope: "okta.brands.read",
        route: Route::get("/api/v1/brands/{brandId}/themes"),
    })
    .summary(&[
        "id",
        "logo",
        "favicon",
        "backgroundImage",
        "primaryColorHex",
        "secondaryColorHex",
        "signInPageTouchPointVariant",
    ])
    .build()
}

/// Arguments naming a theme.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ThemeRef {
    /// bnd…
    #[arg(path)]
    brand_id: String,
    /// thd… (okta_list_brand_themes)
    #[arg(path)]
    theme_id: String,
}

fn get_brand_theme() -> ToolSpec {
    ToolSpec::new::<ThemeRef>(Decl {
        name: "okta_get_brand_theme",
        title: "Get brand theme",
        description: "Colors, image URLs and each page's variant.",
        kind: ToolKind::Read,
        scope: "okta.brands.read",
        route: Route::get("/api/v1/brands/{brandId}/themes/{themeId}"),
    })
    .build()
}

#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
enum PageVariant {
    OktaDefault,
    BackgroundSecondaryColor,
    BackgroundImage,
}

#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
enum DashboardVariant {
    OktaDefault,
    WhiteLogoBackground,
    FullTheme,
    LogoOnFullWhiteBackground,
}

#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
enum EmailVariant {
    OktaDefault,
    FullTheme,
}

#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
enum LoadingVariant {
    OktaDefault,
    None,
}

/// Arguments of okta_update_brand_theme.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct UpdateTheme {
    /// bnd…
    #[arg(path)]
    brand_id: String,
    /// thd…
    #[arg(path)]
    theme_id: String,
    /// e.g. #1662dd
    #[arg(body)]
    primary_color_hex: String,
    /// e.g. #ebebed
    #[arg(body)]
    secondary_color_hex: String,
    /// Text on primary
    #[arg(body)]
    primary_color_contrast_hex: Option<String>,
    /// Text on secondary
    #[arg(body)]
    secondary_color_contrast_hex: Option<String>,
    #[arg(body)]
    sign_in_page_touch_point_variant: PageVariant,
    #[arg(body)]
    end_user_dashboard_touch_point_variant: DashboardVariant,
    #[arg(body)]
    error_page_touch_point_variant: PageVariant,
    #[arg(body)]
    email_template_touch_point_variant: EmailVariant,
    #[arg(body)]
    loading_page_touch_point_variant: Option<LoadingVariant>,
}

fn update_brand_theme() -> ToolSpec {
    ToolSpec::new::<UpdateTheme>(Decl {
        name: "okta_update_brand_theme",
        title: "Update brand theme",
        description: "Full PUT of colors (#rrggbb) and page variants; images are uploaded separately.",
        kind: ToolKind::Update { destructive: true },
        scope: "okta.brands.manage",
        route: Route::put("/api/v1/brands/{brandId}/themes/{themeId}"),
    })
    .build()
}

/// Arguments of an image upload.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct UploadImage {
    /// bnd…
    #[arg(path)]
    brand_id: String,
    /// thd…
    #[arg(path)]
    theme_id: String,
    /// Exactly one of path, contentBase64
    #[arg(file)]
    file: Upload,
}

/// One theme image: its tools and Okta's rules for it (from the operations' descriptions).
struct Image {
    rule: UploadRule,
    path: &'static str,
    upload_name: &'static str,
    upload_title: &'static str,
    upload_description: &'static str,
    delete_name: &'static str,
    delete_title: &'static str,
    delete_description: &'static str,
}

const LOGO: Image = Image {
    rule: UploadRule {
        what: "logo",
        types: &[ImageType::Png, ImageType::Jpeg, ImageType::Gif],
        max_bytes: 100 * 1024 - 1,
        limit_text: "less than 100 kB",
        square_max_px: None,
    },
    path: "/api/v1/brands/{brandId}/themes/{themeId}/logo",
    upload_name: "okta_upload_brand_theme_logo",
    upload_title: "Upload brand theme logo",
    upload_description: "Replaces it: PNG, JPG or GIF under 100 kB. Returns its URL.",
    delete_name: "okta_delete_brand_theme_logo",
    delete_title: "Delete theme logo",
    delete_description: "Okta's default logo is shown instead.",
};

const FAVICON: Image = Image {
    rule: UploadRule {
        what: "favicon",
        types: &[ImageType::Png, ImageType::Ico],
        // The spec states no byte limit for favicons; a 512 x 512 image is well under this.
        max_bytes: 2 * 1024 * 1024 - 1,
        limit_text: "no byte limit is published; this server reads at most 2 MB",
        square_max_px: Some(512),
    },
    path: "/api/v1/brands/{brandId}/themes/{themeId}/favicon",
    upload_name: "okta_upload_brand_theme_favicon",
    upload_title: "Upload brand theme favicon",
    upload_description: "Replaces it: square PNG or ICO, max 512 x 512. Returns its URL.",
    delete_name: "okta_delete_brand_theme_favicon",
    delete_title: "Delete theme favicon",
    delete_description: "Okta's default favicon is shown instead.",
};

const BACKGROUND: Image = Image {
    rule: UploadRule {
        what: "background image",
        types: &[ImageType::Png, ImageType::Jpeg, ImageType::Gif],
        max_bytes: 2 * 1024 * 1024 - 1,
        limit_text: "less than 2 MB",
        square_max_px: None,
    },
    path: "/api/v1/brands/{brandId}/themes/{themeId}/background-image",
    upload_name: "okta_upload_brand_theme_background_image",
    upload_title: "Upload brand theme background image",
    upload_description: "Replaces the sign-in page's background: PNG, JPG or GIF under 2 MB. Returns its URL.",
    delete_name: "okta_delete_brand_theme_background_image",
    delete_title: "Delete theme background image",
    delete_description: "Pages using it fall back to the default background.",
};

fn upload(image: &Image) -> ToolSpec {
    ToolSpec::new::<UploadImage>(Decl {
        name: image.upload_name,
        title: image.upload_title,
        description: image.upload_description,
        // Replaces one image, which uploading the old file again restores; the theme is untouched.
        kind: ToolKind::Update { destructive: false },
        scope: "okta.brands.manage",
        route: Route::post(image.path),
    })
    .upload(image.rule)
    .build()
}

fn delete_image(image: &Image) -> ToolSpec {
    ToolSpec::new::<ThemeRef>(Decl {
        name: image.delete_name,
        title: image.delete_title,
        description: image.delete_description,
        kind: ToolKind::Delete,
        scope: "okta.brands.manage",
        route: Route::delete(image.path),
    })
    .build()
}
