//! The binary as a process: configuration errors, stdout purity, exit on stdin close.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::prelude::*;
use predicates::prelude::*;

fn server() -> Command {
    let mut cmd = Command::cargo_bin("okta-mcp-users").expect("binary built");
    cmd.env_clear();
    cmd
}

#[test]
fn missing_org_url_exits_nonzero_with_one_line() {
    let out = server()
        .env("OKTA_API_TOKEN", "x")
        .assert()
        .failure()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("OKTA_ORG_URL is not set"), "{stderr}");
    assert!(out.get_output().stdout.is_empty());
}

#[test]
fn invalid_org_url_and_missing_credentials_are_explained() {
    server()
        .env("OKTA_ORG_URL", "http://example.okta.com")
        .env("OKTA_API_TOKEN", "x")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("plain http").and(predicate::str::contains("https")));
    server()
        .env("OKTA_ORG_URL", "https://example.okta.com")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("OKTA_API_TOKEN"));
    server()
        .env("OKTA_ORG_URL", "https://example.okta.com")
        .env("OKTA_CLIENT_ID", "0oa1")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("OKTA_PRIVATE_KEY"));
}

#[test]
fn stdout_carries_only_json_rpc_and_the_process_exits_zero_when_stdin_closes() {
    let mut child = server()
        .env("OKTA_ORG_URL", "http://127.0.0.1:9")
        .env("OKTA_API_TOKEN", "00secretTOKENvalue")
        .env("OKTA_MCP_MAX_RETRIES", "0")
        .env("OKTA_MCP_LOG", "debug")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    let messages = [
        r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#,
        r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
        r#"{"jsonrpc":"2.0","id":2,"method":"tools/list"}"#,
        // Okta is unreachable: the call must still answer with a tool error, on stdout, as JSON-RPC.
        r#"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"okta_get_user","arguments":{"userId":"00u1"}}}"#,
        r#"{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"okta_get_user","arguments":{"userId":5}}}"#,
    ];
    for m in messages {
        writeln!(stdin, "{m}").expect("write");
    }
    stdin.flush().expect("flush");
    // Give the calls time to answer, then close stdin: the server must exit by itself.
    let mut stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stdout.read_to_string(&mut s);
        s
    });
    std::thread::sleep(Duration::from_millis(1500));
    drop(stdin);
    let started = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait") {
            break s;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "server did not exit after stdin closed"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "exit status {status}");
    let out = reader.join().expect("reader");
    let mut ids = Vec::new();
    for line in out.lines() {
        let v: serde_json::Value = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("not JSON on stdout: {line:?} ({e})"));
        assert_eq!(v["jsonrpc"], "2.0", "{line}");
        ids.push(
            v["id"]
                .as_u64()
                .expect("every message here is a response with an id"),
        );
    }
    // Calls run concurrently, so answers may come in any order; each comes exactly once.
    ids.sort_unstable();
    assert_eq!(ids, [1, 2, 3, 4]);
    assert!(out.contains("could not reach Okta"), "{out}");
    assert!(out.contains("userId: invalid type"), "{out}");
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr)
        .expect("stderr");
    assert!(!stderr.contains("00secretTOKENvalue") && !out.contains("00secretTOKENvalue"));
}
