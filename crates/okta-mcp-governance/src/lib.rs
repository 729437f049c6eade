//! `okta-mcp-governance`: Okta Identity Governance (IGA): access certification campaigns, entitlements,
//! bundles and access requests. Okta's IGA APIs accept only OAuth 2.0 tokens, so this server refuses SSWS.
//! The tools are data: each module declares its tools next to their input types.

// Input types are read whole by serde (validation) and schemars (the schema), never field by field.
#![allow(dead_code)]

use okta_mcp_core::{ServerSpec, ToolSpec};

/// Every tool of this server, in the order they are listed.
pub fn tools() -> Vec<ToolSpec> {
    Vec::new()
}

pub const SERVER: ServerSpec = ServerSpec {
    name: "okta-mcp-governance",
    version: env!("CARGO_PKG_VERSION"),
    instructions: "Okta Identity Governance: certification campaigns and their review items, entitlements and bundles and who holds them, access requests. Needs an OAuth service app with the IGA scopes and admin roles.",
    tools,
    requires_oauth: true,
};
