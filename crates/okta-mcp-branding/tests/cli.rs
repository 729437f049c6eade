//! The binary as a process: it refuses to start without configuration, with one clear line.

use assert_cmd::prelude::*;
use std::process::Command;

#[test]
fn missing_configuration_exits_nonzero_with_one_line() {
    let out = Command::cargo_bin("okta-mcp-branding")
        .expect("binary built")
        .env_clear()
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("OKTA_ORG_URL is not set"), "{stderr}");
    assert!(out.stdout.is_empty());
}
