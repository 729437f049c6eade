//! The governance server refuses SSWS API tokens at start-up, and starts with OAuth.

use std::io::{Read, Write};
use std::process::{Command, Stdio};

use assert_cmd::prelude::*;

fn key_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/keys/test-only-rsa.pem")
}

#[test]
fn refuses_ssws_with_one_clear_line() {
    let out = Command::cargo_bin("okta-mcp-governance")
        .expect("binary built")
        .env_clear()
        .env("OKTA_ORG_URL", "https://example.okta.com")
        .env("OKTA_API_TOKEN", "00token")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("accept only OAuth 2.0") && stderr.contains("OKTA_CLIENT_ID"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn starts_with_oauth_and_answers_initialize_without_the_network() {
    let mut child = Command::cargo_bin("okta-mcp-governance")
        .expect("binary built")
        .env_clear()
        .env("OKTA_ORG_URL", "http://127.0.0.1:9")
        .env("OKTA_CLIENT_ID", "0oa1serviceAppTest01")
        .env("OKTA_PRIVATE_KEY_FILE", key_path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    writeln!(stdin, r#"{{"jsonrpc":"2.0","id":1,"method":"initialize","params":{{"protocolVersion":"2025-11-25","capabilities":{{}},"clientInfo":{{"name":"t","version":"1"}}}}}}"#).expect("write");
    drop(stdin);
    let status = child.wait().expect("wait");
    let mut out = String::new();
    child
        .stdout
        .take()
        .expect("stdout")
        .read_to_string(&mut out)
        .expect("read");
    let mut err = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut err)
        .expect("read");
    assert!(status.success(), "{err}");
    assert!(out.contains(r#""name":"okta-mcp-governance""#), "{out}");
    assert!(
        err.contains("Using OAuth 2.0 (client_id=0oa1serviceAppTest01"),
        "{err}"
    );
}
