//! `okta-mcp-groups`: Okta groups, their members, owners and apps, and group rules.
//! The tools are data: each module declares its tools next to their input types.

mod groups;
mod members;
mod owners;
mod rules;

use okta_mcp_core::{ServerSpec, ToolSpec};

/// Every tool of this server, in the order they are listed.
pub fn tools() -> Vec<ToolSpec> {
    [
        groups::tools(),
        members::tools(),
        owners::tools(),
        rules::tools(),
    ]
    .concat()
}

pub const SERVER: ServerSpec = ServerSpec {
    name: "okta-mcp-groups",
    version: env!("CARGO_PKG_VERSION"),
    instructions: "Okta groups: find, create, update and delete groups; members, owners and assigned apps; group rules. Ids: groups 00g…, users 00u…, rules 0pr…. List results page with nextCursor.",
    tools,
    requires_oauth: false,
};
