//! `okta-mcp-admin`: Okta admin roles, the System Log, devices and event hooks.
//! The tools are data: each module declares its tools next to their input types.

// Input types are read whole by serde (validation) and schemars (the schema), never field by field.
#![allow(dead_code)]

use okta_mcp_core::{ServerSpec, ToolSpec};

/// Every tool of this server, in the order they are listed.
pub fn tools() -> Vec<ToolSpec> {
    Vec::new()
}

pub const SERVER: ServerSpec = ServerSpec {
    name: "okta-mcp-admin",
    version: env!("CARGO_PKG_VERSION"),
    instructions: "Okta admin roles, the System Log, devices and event hooks.",
    tools,
    requires_oauth: false,
};
