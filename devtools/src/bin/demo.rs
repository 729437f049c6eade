//! `just demo`: starts the demo org, drives `okta-mcp-users` over stdio like an MCP client would,
//! and prints a readable transcript. No Okta account needed. `just demo --oauth` connects as an OAuth
//! service app instead, with the org demanding DPoP proofs and nonces as new Okta service apps do.

#![allow(
    clippy::print_stdout,
    reason = "the transcript on stdout is what `just demo` is for; no MCP session runs on this process's stdout"
)]

use anyhow::Context;
use mock_okta::{Expect, MockOrg, load_all};
use mock_okta::{TokenConfig, TokenEndpoint};
use okta_mcp_driver::{
    TEST_CLIENT_ID, binary_path, call, connect, fixtures_dir, oauth_env, ssws_env, test_key,
};
use rmcp::model::ContentBlock;
use serde_json::{Value, json};

fn show(v: &Value) -> String {
    let s = serde_json::to_string_pretty(v).unwrap_or_default();
    let lines: Vec<&str> = s.lines().collect();
    if lines.len() > 24 {
        format!(
            "{}\n    … ({} more lines)",
            lines[..24].join("\n"),
            lines.len() - 24
        )
    } else {
        s
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    let files = load_all(&fixtures_dir())?;
    let interactions: Vec<_> = files
        .iter()
        .filter(|f| f.cassette.expect == Expect::Success)
        .flat_map(|f| f.cassette.interactions.clone())
        .collect();
    let org = MockOrg::reusable(interactions, None).await;
    let oauth = std::env::args().any(|a| a == "--oauth");
    println!("== mock Okta org at {}", org.uri());
    let tokens = if oauth {
        let mut cfg = TokenConfig::new(TEST_CLIENT_ID, &test_key("test-only-rsa.pub.pem"));
        cfg.require_dpop = true;
        cfg.require_nonce = true;
        println!("== OAuth service app {TEST_CLIENT_ID}; the org requires DPoP with a nonce");
        Some(TokenEndpoint::mount(org.server(), cfg).await)
    } else {
        println!("== SSWS API token (run `just demo --oauth` for a service app with DPoP)");
        None
    };
    let bin = binary_path("okta-mcp-users").map_err(anyhow::Error::msg)?;
    let env = if oauth {
        oauth_env(&org.uri())
    } else {
        ssws_env(&org.uri())
    };
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let client = connect(&bin, &env)
        .await
        .context("starting okta-mcp-users")?;
    let info = client
        .peer_info()
        .and_then(|i| i.server_info.as_ref().map(|s| s.name.clone()))
        .unwrap_or_default();
    let tools = client.list_all_tools().await?;
    println!("== connected to {info} over stdio: {} tools", tools.len());
    let script: [(&str, &str, Value); 6] = [
        ("Who is in the org?", "okta_list_users", json!({"limit": 2})),
        (
            "Tell me about Isaac.",
            "okta_get_user",
            json!({"userId": "00ub0oNGTSWTBKOLGLNR"}),
        ),
        (
            "Which groups is he in?",
            "okta_get_user_groups",
            json!({"userId": "00ub0oNGTSWTBKOLGLNR"}),
        ),
        (
            "Where has he signed in?",
            "okta_list_user_sessions",
            json!({"userId": "00ub0oNGTSWTBKOLGLNR"}),
        ),
        (
            "Suspend Maria.",
            "okta_suspend_user",
            json!({"userId": "00u1f96ECLNVOKVMUSEA"}),
        ),
        (
            "Look up someone who does not exist.",
            "okta_get_user",
            json!({"userId": "00uNOTFOUND000000000"}),
        ),
    ];
    for (ask, tool, args) in script {
        println!("\n> {ask}\n  tools/call {tool} {args}");
        let r = call(
            &client,
            tool,
            args.as_object()
                .cloned()
                .as_ref()
                .unwrap_or(&Default::default()),
        )
        .await?;
        if r.is_error == Some(true) {
            for c in &r.content {
                if let ContentBlock::Text(t) = c {
                    println!("  isError: {}", t.text.replace('\n', "\n    "));
                }
            }
        } else if let Some(s) = &r.structured_content {
            println!("  {}", show(s).replace('\n', "\n  "));
        }
    }
    client.cancel().await?;
    if let Some(t) = tokens {
        let reqs = t.requests();
        println!(
            "\n== token endpoint: {} requests ({}), {} token issued for {} scopes: {}",
            reqs.len(),
            reqs.iter()
                .map(|r| match (&r.refused, r.dpop, &r.nonce) {
                    (Some(_), false, _) => "no proof: refused",
                    (Some(_), true, None) => "proof without nonce: nonce challenge",
                    (Some(_), true, Some(_)) => "refused",
                    (None, true, _) => "proof with nonce: DPoP token",
                    (None, false, _) => "bearer token",
                })
                .collect::<Vec<_>>()
                .join(" → "),
            t.issued(),
            reqs.last().map_or(0, |r| r.scopes.len()),
            reqs.last().map(|r| r.scopes.join(" ")).unwrap_or_default()
        );
    }
    println!("\n== done: the server exited when the client closed stdin");
    Ok(())
}
