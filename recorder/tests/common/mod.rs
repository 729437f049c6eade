//! Shared by the recorder's integration tests.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::sync::OnceLock;

/// The okta-mcp-users binary, built once if this test run has not built it (`-p recorder` does
/// not build other packages' binaries).
pub fn users_binary() -> PathBuf {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| server_binary("okta-mcp-users")).clone()
}

/// The okta-mcp-security binary, built once if this test run has not built it.
pub fn security_binary() -> PathBuf {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| server_binary("okta-mcp-security"))
        .clone()
}

fn server_binary(name: &str) -> PathBuf {
    if let Ok(p) = recorder::drive::binary_path(name) {
        return p;
    }
    let status = std::process::Command::new(env!("CARGO"))
        .args(["build", "--quiet", "-p", name, "--bin", name])
        .current_dir(recorder::drive::workspace_root())
        .status()
        .expect("running cargo build");
    assert!(status.success(), "building {name} failed");
    recorder::drive::binary_path(name).unwrap_or_else(|_| panic!("{name} after building it"))
}

/// Every file under `dir`, with its text.
pub fn files_under(dir: &std::path::Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let text = String::from_utf8_lossy(&std::fs::read(&p).unwrap()).into_owned();
                out.push((p, text));
            }
        }
    }
    out
}
