//! `okta-mcp-apps`: Okta applications, user and group assignments, signing keys and SAML metadata.
//! The tools are data: each module declares its tools next to their input types.

mod apps;
mod assignments;
mod credentials;

use okta_mcp_core::{ServerSpec, ToolSpec};

/// Every tool of this server, in the order they are listed.
pub fn tools() -> Vec<ToolSpec> {
    [apps::tools(), assignments::tools(), credentials::tools()].concat()
}

pub const SERVER: ServerSpec = ServerSpec {
    name: "okta-mcp-apps",
    version: env!("CARGO_PKG_VERSION"),
    instructions: "Okta app integrations: find, create, replace, activate, deactivate and delete apps; assign users and groups; signing keys and SAML metadata. Ids: apps 0oa…, users 00u…, groups 00g…. Delete needs an INACTIVE app. List results page with nextCursor.",
    tools,
    requires_oauth: false,
};
