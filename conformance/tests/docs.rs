//! docs/tools.md is generated from the tool tables (`just docs`); a stale copy fails the suite.

// Helpers outside #[test] fns may unwrap too: a failure here is a failed test.
#![allow(clippy::unwrap_used)]

use okta_mcp_driver::{binary_path, workspace_root};

#[test]
fn the_tool_reference_is_fresh() {
    let out = std::process::Command::new(binary_path("okta-mcp").unwrap())
        .arg("docs")
        .env_clear()
        .output()
        .unwrap();
    assert!(out.status.success());
    let generated = String::from_utf8(out.stdout).unwrap();
    let committed =
        std::fs::read_to_string(workspace_root().join("docs/tools.md")).unwrap_or_default();
    let total: usize = okta_mcp::TOOLSETS.iter().map(|s| (s.tools)().len()).sum();
    assert!(generated.contains(&format!("{total} tools in all.")));
    assert!(
        committed == generated,
        "docs/tools.md is stale: run `just docs` and commit it"
    );
}
