//! The cassette harness: replays one cassette against a real server binary over stdio (started by
//! `okta-mcp-driver`) and a strict mock org, and reduces tools/list to what a snapshot records.
//! The servers under test are `okta_mcp::TOOLSETS`.

pub mod spec;

use std::path::Path;

use mock_okta::{Cassette, Expect, MockOrg};
use okta_mcp_driver as driver;
use rmcp::model::Tool;
use serde_json::Value;

/// Mounts a token endpoint on the org that accepts the test service app.
pub async fn mount_token_endpoint(org: &MockOrg) -> mock_okta::TokenEndpoint {
    let cfg = mock_okta::TokenConfig::new(
        driver::TEST_CLIENT_ID,
        &driver::test_key("test-only-rsa.pub.pem"),
    );
    mock_okta::TokenEndpoint::mount(org.server(), cfg).await
}

/// Replays one cassette: starts a strict mock org, runs the tool over stdio, checks the expectation
/// and that every interaction was used exactly once. Returns what to snapshot.
pub async fn run_cassette(
    binary: &Path,
    cassette: &Cassette,
    oauth: bool,
) -> Result<Value, String> {
    let org = MockOrg::strict(cassette.interactions.clone()).await;
    // Token requests go to the token endpoint, not the cassette: they are not Okta API calls under test.
    let env = if oauth {
        mount_token_endpoint(&org).await;
        driver::oauth_env(&org.uri())
    } else {
        driver::ssws_env(&org.uri())
    };
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let client = driver::connect(binary, &env)
        .await
        .map_err(|e| format!("connect: {e}"))?;
    let result = driver::call(&client, &cassette.tool, &cassette.arguments).await;
    let _ = client.cancel().await;
    let result = result.map_err(|e| format!("tools/call failed at the protocol level: {e}"))?;
    let summary = driver::summarize(&result)?;
    org.verify()
        .map_err(|e| format!("requests differ from the cassette:\n{e}\nresult: {summary}"))?;
    let is_error = summary["isError"].as_bool().unwrap_or(false);
    match (&cassette.expect, is_error) {
        (Expect::Success, true) => Err(format!(
            "expected success, got an error: {}",
            summary["text"]
        )),
        (Expect::Error, false) => Err(format!("expected an error, got success: {summary}")),
        _ => Ok(summary),
    }
}

/// tools/list as a snapshot records it.
pub fn tools_snapshot(tools: &[Tool]) -> Value {
    serde_json::to_value(tools).unwrap_or(Value::Null)
}
