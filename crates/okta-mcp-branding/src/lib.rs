//! `okta-mcp-branding`: how the org looks and speaks: brands and their themes (logo, favicon and
//! background image uploads), email templates and their customizations, custom domains, email
//! domains, and the hosted sign-in, error and sign-out pages.
//! The tools are data: each module declares its tools next to their input types.

mod brands;
mod custom_domains;
mod email_customizations;
mod email_domains;
mod email_templates;
mod pages;
mod themes;

use okta_mcp_core::{ServerSpec, ToolSpec};

/// Every tool of this server, in the order they are listed.
pub fn tools() -> Vec<ToolSpec> {
    [
        brands::tools(),
        themes::tools(),
        email_templates::tools(),
        email_customizations::tools(),
        custom_domains::tools(),
        email_domains::tools(),
        pages::tools(),
    ]
    .concat()
}

pub const SERVER: ServerSpec = ServerSpec {
    name: "okta-mcp-branding",
    version: env!("CARGO_PKG_VERSION"),
    instructions: "Okta branding and customization: brands and themes (logo, favicon, background image), email templates and customizations, custom domains, email domains, and the hosted sign-in, error and sign-out pages. Previews return rendered HTML. List results page with nextCursor.",
    tools,
    requires_oauth: false,
};
