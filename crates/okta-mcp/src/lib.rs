//! `okta-mcp`: every toolset in one process with one token cache; `--toolsets` picks some.
//! [`TOOLSETS`] is the workspace's one list of servers; everything else that needs the list (the
//! conformance harness, the devtools, the recorder) reads it here.

use okta_mcp_core::ServerSpec;

/// The combined binary and MCP server name.
pub const NAME: &str = "okta-mcp";

/// Every toolset, in the order `--toolsets all` serves them.
pub const TOOLSETS: [ServerSpec; 8] = [
    okta_mcp_users::SERVER,
    okta_mcp_apps::SERVER,
    okta_mcp_governance::SERVER,
    okta_mcp_policy::SERVER,
    okta_mcp_admin::SERVER,
    okta_mcp_security::SERVER,
    okta_mcp_groups::SERVER,
    okta_mcp_branding::SERVER,
];
