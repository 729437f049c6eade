use std::process::ExitCode;

fn main() -> ExitCode {
    okta_mcp_core::main_multi(
        okta_mcp::NAME,
        env!("CARGO_PKG_VERSION"),
        &okta_mcp::TOOLSETS,
        Some(&okta_mcp::DEFAULT_TOOLSETS),
    )
}
