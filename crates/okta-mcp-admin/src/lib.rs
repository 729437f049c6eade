//! `okta-mcp-admin`: Okta admin roles, the System Log, devices and event hooks.
//! The tools are data: each module declares its tools next to their input types.

mod devices;
mod event_hooks;
mod org;
mod roles;
mod system_log;

use okta_mcp_core::{ServerSpec, ToolSpec};

pub use system_log::ADMIN_EVENT_PREFIXES;

/// Every tool of this server, in the order they are listed.
pub fn tools() -> Vec<ToolSpec> {
    [
        roles::tools(),
        system_log::tools(),
        devices::tools(),
        event_hooks::tools(),
        org::tools(),
    ]
    .concat()
}

pub const SERVER: ServerSpec = ServerSpec {
    name: "okta-mcp-admin",
    version: env!("CARGO_PKG_VERSION"),
    instructions: "Okta org administration: admin role assignments, the System Log (audit trail), devices, event hooks and the org's settings. Ids: users 00u…, groups 00g…, custom roles cr0…, devices guo…, event hooks who…. Lists page with nextCursor; System Log calls return at most `limit` events.",
    tools,
    requires_oauth: false,
};

#[cfg(test)]
mod tests {
    #[test]
    fn descriptions_are_short() {
        for t in super::tools() {
            assert!(
                t.description.len() <= 300,
                "{}: {} bytes",
                t.name,
                t.description.len()
            );
        }
    }
}
