//! The HTTP transport over real HTTP against the binary: a bearer secret on every address (from
//! OKTA_MCP_HTTP_BEARER, or generated and printed once), `--http-no-auth` on loopback only, and no
//! request from a foreign origin, whatever the secret.

// Helpers outside #[test] fns may unwrap too: a failure here is a failed test.
#![allow(clippy::unwrap_used)]

use std::process::Stdio;

use mock_okta::{Expect, MockOrg, load_all};
use okta_mcp_driver::{binary_path, call, connect, fixtures_dir, ssws_env};
use reqwest::{Method, StatusCode};
use rmcp::ServiceExt;
use rmcp::transport::StreamableHttpClientTransport;
use rmcp::transport::streamable_http_client::StreamableHttpClientTransportConfig;
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, BufReader};

const SECRET: &str = "s3cret-for-tests-0123456789abcdefghij";

struct Served {
    _child: tokio::process::Child,
    /// `http://127.0.0.1:<port>/mcp`, as announced on stderr.
    url: String,
    /// What the server printed at start, up to and including its announcement.
    announced: String,
}

/// Starts okta-mcp-users over HTTP on `bind` (port 0) and reads its announcement from stderr.
async fn serve(bind: &str, bearer: Option<&str>, args: &[&str], org: &str) -> Served {
    let mut cmd = tokio::process::Command::new(binary_path("okta-mcp-users").unwrap());
    cmd.env_clear()
        .envs(ssws_env(org))
        .args(["--transport", "http", "--bind", &format!("{bind}:0")])
        .args(args);
    if let Some(b) = bearer {
        cmd.env("OKTA_MCP_HTTP_BEARER", b);
    }
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let mut announced = String::new();
    let url = loop {
        let line = tokio::time::timeout(std::time::Duration::from_secs(30), lines.next_line())
            .await
            .expect("the server announces itself")
            .unwrap()
            .unwrap_or_else(|| panic!("stderr closed: {announced}"));
        announced.push_str(&line);
        announced.push('\n');
        if let Some(rest) = line.split_once("serving MCP over HTTP at ").map(|x| x.1) {
            break rest
                .split(|c: char| c == ';' || c.is_whitespace())
                .next()
                .unwrap()
                .to_owned();
        }
    };
    if announced.contains("generated for this run") {
        announced.push_str(&lines.next_line().await.unwrap().unwrap());
    }
    // Keep draining, so that the server never blocks on a full pipe.
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    Served {
        _child: child,
        url,
        announced,
    }
}

fn users_success_interactions() -> Vec<mock_okta::Interaction> {
    load_all(&fixtures_dir())
        .unwrap()
        .into_iter()
        .filter(|f| f.server == "users" && f.cassette.expect == Expect::Success)
        .flat_map(|f| f.cassette.interactions)
        .collect()
}

fn initialize() -> Value {
    json!({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}})
}

/// One raw request to `/mcp`; `session` is sent as `Mcp-Session-Id` when given.
async fn send(
    url: &str,
    method: Method,
    auth: Option<&str>,
    origin: Option<&str>,
    session: Option<&str>,
) -> reqwest::Response {
    let mut rb = reqwest::Client::new()
        .request(method.clone(), url)
        .header("Accept", "application/json, text/event-stream");
    if method == Method::POST {
        rb = rb.json(&initialize());
    }
    if let Some(a) = auth {
        rb = rb.header("Authorization", a);
    }
    if let Some(o) = origin {
        rb = rb.header("Origin", o);
    }
    if let Some(s) = session {
        rb = rb
            .header("Mcp-Session-Id", s)
            .header("MCP-Protocol-Version", "2025-11-25");
    }
    rb.send().await.unwrap()
}

/// GET, POST and DELETE without, with a wrong and with the right bearer, and with a foreign origin.
async fn every_method_needs_the_secret_and_the_own_origin(url: &str, secret: &str) {
    let right = format!("Bearer {secret}");
    let own_origin = url.trim_end_matches("/mcp");
    // A session to GET and DELETE, opened with the right secret from the server's own origin.
    let opened = send(url, Method::POST, Some(&right), Some(own_origin), None).await;
    assert_eq!(
        opened.status(),
        StatusCode::OK,
        "initialize with the secret"
    );
    let session = opened
        .headers()
        .get("mcp-session-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .expect("a session id");
    drop(opened);
    let wrong = format!("Bearer {}x", &secret[..secret.len() - 1]);
    for method in [Method::GET, Method::POST, Method::DELETE] {
        let sid = (method != Method::POST).then_some(session.as_str());
        for auth in [
            None,
            Some("Bearer wrong"),
            Some(wrong.as_str()),
            Some(secret),
        ] {
            let status = send(url, method.clone(), auth, None, sid).await.status();
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{method} {auth:?}");
        }
        for origin in [
            "http://evil.example",
            "null",
            &own_origin.replace("http://", "https://"),
        ] {
            let status = send(url, method.clone(), Some(&right), Some(origin), sid)
                .await
                .status();
            assert_eq!(status, StatusCode::FORBIDDEN, "{method} from {origin}");
        }
    }
    // The right secret is let through on every method to the MCP library, which answers by its
    // own rules (a GET without Last-Event-ID is 405 in this protocol version); DELETE last, it
    // ends the session.
    for method in [Method::POST, Method::GET, Method::DELETE] {
        let sid = (method != Method::POST).then_some(session.as_str());
        let status = send(url, method.clone(), Some(&right), None, sid)
            .await
            .status();
        assert!(
            status != StatusCode::UNAUTHORIZED && status != StatusCode::FORBIDDEN,
            "{method} with the secret: {status}"
        );
        if method == Method::POST {
            assert_eq!(status, StatusCode::OK);
        }
    }
}

#[tokio::test]
async fn a_generated_secret_is_printed_once_with_a_client_config_and_guards_loopback() {
    let org = MockOrg::strict(Vec::new()).await;
    let served = serve("127.0.0.1", None, &[], &org.uri()).await;
    let config_line = served
        .announced
        .lines()
        .find_map(|l| l.strip_prefix("[okta-mcp] client config: "))
        .unwrap_or_else(|| panic!("{}", served.announced));
    let config: Value = serde_json::from_str(config_line).unwrap();
    let server = &config["mcpServers"]["okta"];
    assert_eq!(server["url"], served.url.as_str());
    let secret = server["headers"]["Authorization"]
        .as_str()
        .unwrap()
        .strip_prefix("Bearer ")
        .unwrap()
        .to_owned();
    assert!(secret.len() >= 32, "{secret}");
    assert_eq!(
        served.announced.matches(&secret).count(),
        2,
        "the secret is shown once, with its client config: {}",
        served.announced
    );
    every_method_needs_the_secret_and_the_own_origin(&served.url, &secret).await;

    // Another run, another secret.
    let again = serve("127.0.0.1", None, &[], &org.uri()).await;
    assert!(!again.announced.contains(&secret));
}

#[tokio::test]
async fn a_configured_secret_guards_every_address() {
    let org = MockOrg::strict(Vec::new()).await;
    for bind in ["127.0.0.1", "0.0.0.0"] {
        let served = serve(bind, Some(SECRET), &[], &org.uri()).await;
        assert!(
            !served.announced.contains(SECRET),
            "a configured secret is never printed"
        );
        every_method_needs_the_secret_and_the_own_origin(&served.url, SECRET).await;
    }
}

#[tokio::test]
async fn no_auth_is_loopback_only_with_a_warning_and_short_secrets_are_refused() {
    for (bind, bearer, args, expect) in [
        ("0.0.0.0:0", None, &["--http-no-auth"][..], "loopback only"),
        (
            "127.0.0.1:0",
            Some("short"),
            &[][..],
            "OKTA_MCP_HTTP_BEARER",
        ),
    ] {
        let mut cmd = tokio::process::Command::new(binary_path("okta-mcp-users").unwrap());
        cmd.env_clear()
            .envs(ssws_env("http://127.0.0.1:9"))
            .args(["--transport", "http", "--bind", bind])
            .args(args);
        if let Some(b) = bearer {
            cmd.env("OKTA_MCP_HTTP_BEARER", b);
        }
        let out = cmd.output().await.unwrap();
        assert_eq!(out.status.code(), Some(2), "{bind} {args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(expect), "{err}");
    }

    let org = MockOrg::strict(Vec::new()).await;
    let served = serve("127.0.0.1", None, &["--http-no-auth"], &org.uri()).await;
    assert!(
        served.announced.contains("WITHOUT authentication"),
        "{}",
        served.announced
    );
    let status = send(&served.url, Method::POST, None, None, None)
        .await
        .status();
    assert_eq!(status, StatusCode::OK);
    // Without a secret, the origin check is what keeps web pages out.
    let status = send(
        &served.url,
        Method::POST,
        None,
        Some("http://evil.example"),
        None,
    )
    .await
    .status();
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn http_transport_serves_the_same_tools_and_calls_as_stdio() {
    let org = MockOrg::reusable(users_success_interactions(), None).await;
    for bind in ["127.0.0.1", "0.0.0.0"] {
        let served = serve(bind, Some(SECRET), &[], &org.uri()).await;
        let transport = StreamableHttpClientTransport::with_client(
            reqwest::Client::new(),
            StreamableHttpClientTransportConfig::with_uri(served.url.clone()).auth_header(SECRET),
        );
        let client = ().serve(transport).await.unwrap();
        let over_http = client.list_all_tools().await.unwrap();
        let r = call(
            &client,
            "okta_get_user",
            json!({"userId": "00ub0oNGTSWTBKOLGLNR"})
                .as_object()
                .unwrap(),
        )
        .await
        .unwrap();
        assert_eq!(r.is_error, Some(false));
        client.cancel().await.unwrap();

        let env = ssws_env("http://127.0.0.1:9");
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let stdio = connect(&binary_path("okta-mcp-users").unwrap(), &env)
            .await
            .unwrap();
        let over_stdio = stdio.list_all_tools().await.unwrap();
        stdio.cancel().await.unwrap();
        assert_eq!(over_http, over_stdio, "{bind}");
    }
}
