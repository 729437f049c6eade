use std::process::ExitCode;

fn main() -> ExitCode {
    okta_mcp_core::main(okta_mcp_branding::SERVER)
}
