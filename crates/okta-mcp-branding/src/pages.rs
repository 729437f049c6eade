use okta_mcp_core::ToolSpec;

pub fn tools() -> Vec<ToolSpec> {
    Vec::new()
}
