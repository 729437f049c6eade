//! `okta-mcp-policy`: Okta custom authorization servers, their policies, rules, scopes and claims, and inline hooks.
//! The tools are data: each module declares its tools next to their input types.

mod auth_servers;
mod claims;
mod inline_hooks;
mod policies;
mod scopes;
mod values;

use okta_mcp_core::{ServerSpec, ToolSpec};

/// Every tool of this server, in the order they are listed.
pub fn tools() -> Vec<ToolSpec> {
    [
        auth_servers::tools(),
        policies::tools(),
        scopes::tools(),
        claims::tools(),
        inline_hooks::tools(),
    ]
    .concat()
}

pub const SERVER: ServerSpec = ServerSpec {
    name: "okta-mcp-policy",
    version: env!("CARGO_PKG_VERSION"),
    instructions: "Okta custom authorization servers, their policies, rules, scopes and claims, and inline hooks.",
    tools,
    requires_oauth: false,
};
