//! `okta-mcp`: every toolset in one process with one token cache; `--toolsets` picks some.

use okta_mcp_core::ServerSpec;

/// Every toolset, in the order `--toolsets all` serves them.
pub const TOOLSETS: [ServerSpec; 5] = [
    okta_mcp_users::SERVER,
    okta_mcp_apps::SERVER,
    okta_mcp_governance::SERVER,
    okta_mcp_policy::SERVER,
    okta_mcp_admin::SERVER,
];
