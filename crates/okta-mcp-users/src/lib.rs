//! `okta-mcp-users`: Okta users, their lifecycle, passwords, factors, sessions, groups, apps and roles.
//! The tools are data: each module declares its tools next to their input types.

mod factors;
mod lifecycle;
mod meta;
mod passwords;
mod relations;
mod sessions;
mod users;

use okta_mcp_core::{ServerSpec, ToolSpec};

/// Every tool of this server, in the order they are listed.
pub fn tools() -> Vec<ToolSpec> {
    [
        users::tools(),
        lifecycle::tools(),
        passwords::tools(),
        factors::tools(),
        sessions::tools(),
        relations::tools(),
        meta::tools(),
    ]
    .concat()
}

pub const SERVER: ServerSpec = ServerSpec {
    name: "okta-mcp-users",
    version: env!("CARGO_PKG_VERSION"),
    instructions: "Okta user administration: find, create, update and deactivate users; passwords, MFA factors, sessions; a user's groups, apps and admin roles. Ids: users 00u…, factors many prefixes, groups 00g…. List results page with nextCursor.",
    tools,
    requires_oauth: false,
};
