//! `okta-mcp-security`: the org's security configuration: org policies (sign-on, password, MFA
//! enrollment, access, profile enrollment…) with their rules and app mappings, network zones,
//! authenticators, device assurance policies, trusted origins and identity providers.
//! Not the authorization-server policies of `okta-mcp-policy`: tools here are named `org_policy`.
//! The tools are data: each module declares its tools next to their input types.

mod authenticators;
mod device_assurance;
mod identity_providers;
mod org_policies;
mod policy_rules;
mod trusted_origins;
mod zones;

use okta_mcp_core::{ServerSpec, ToolSpec};

/// Every tool of this server, in the order they are listed.
pub fn tools() -> Vec<ToolSpec> {
    [
        org_policies::tools(),
        policy_rules::tools(),
        zones::tools(),
        authenticators::tools(),
        device_assurance::tools(),
        trusted_origins::tools(),
        identity_providers::tools(),
    ]
    .concat()
}

pub const SERVER: ServerSpec = ServerSpec {
    name: "okta-mcp-security",
    version: env!("CARGO_PKG_VERSION"),
    instructions: "Okta org security: org policies of every type (sign-on, password, MFA enrollment, access, profile enrollment…) with their rules and app mappings; network zones; authenticators; device assurance; trusted origins; identity providers. These are org policies, not custom authorization server policies (okta-mcp-policy). List results page with nextCursor.",
    tools,
    requires_oauth: false,
};
