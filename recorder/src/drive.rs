//! The recorder's one door to the server binaries: which servers there are (the combined binary's
//! [`okta_mcp::TOOLSETS`]), and starting, calling and replaying them through the shared stdio
//! driver (`okta-mcp-driver`), so the recorder depends on no test harness.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Stdio;

use mock_okta::{Cassette, Expect, MockOrg};
use okta_mcp_core::ToolSpec;
pub use okta_mcp_driver::{
    Client, TEST_CLIENT_ID, binary_path, fixtures_dir, summarize, test_key, workspace_root,
};
use rmcp::model::CallToolResult;
use serde_json::{Map, Value};

/// A server crate as the recorder needs it.
#[derive(Debug, Clone)]
pub struct ServerInfo {
    /// Fixture directory and toolset name (`users`).
    pub toolset: &'static str,
    /// The binary (`okta-mcp-users`).
    pub binary: &'static str,
    pub requires_oauth: bool,
    pub tools: BTreeMap<&'static str, ToolSpec>,
}

impl ServerInfo {
    /// Every server of the workspace.
    pub fn all() -> Vec<Self> {
        okta_mcp::TOOLSETS
            .iter()
            .map(|s| Self {
                toolset: s.toolset(),
                binary: s.name,
                requires_oauth: s.requires_oauth,
                tools: (s.tools)().into_iter().map(|t| (t.name, t)).collect(),
            })
            .collect()
    }
}

/// Starts a server binary with the given environment (nothing else is inherited but PATH) and
/// connects, with the server's stderr sent where the caller says.
pub async fn connect(binary: &Path, env: &[(&str, &str)], stderr: Stdio) -> Result<Client, String> {
    okta_mcp_driver::connect_with_stderr(binary, env, stderr)
        .await
        .map_err(|e| format!("{e:#}"))
}

/// Calls a tool; Err is a failure of the protocol, not a tool error (that is in the result).
pub async fn call(
    client: &Client,
    tool: &str,
    args: &Map<String, Value>,
) -> Result<CallToolResult, String> {
    okta_mcp_driver::call(client, tool, args)
        .await
        .map_err(|e| format!("{e:#}"))
}

/// Replays a recorded cassette against an API-token server: a strict mock org of its
/// interactions, the tool called over stdio, the expectation and every interaction checked.
/// Returns the summarized result. How a recording is shown to be a usable fixture.
pub async fn replay(binary: &Path, cassette: &Cassette) -> Result<Value, String> {
    let org = MockOrg::strict(cassette.interactions.clone()).await;
    let uri = org.uri();
    let env = [
        ("OKTA_ORG_URL", uri.as_str()),
        ("OKTA_API_TOKEN", "00mockSSWStokenForTheRecorderReplay"),
        ("OKTA_MCP_MAX_RETRIES", "0"),
    ];
    let client = connect(binary, &env, Stdio::null())
        .await
        .map_err(|e| format!("connect: {e}"))?;
    let result = call(&client, &cassette.tool, &cassette.arguments).await;
    let _ = client.cancel().await;
    let result = result.map_err(|e| format!("tools/call failed at the protocol level: {e}"))?;
    let summary = summarize(&result)?;
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
