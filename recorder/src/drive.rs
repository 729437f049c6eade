//! The recorder's one door to the server binaries: which servers there are, where their binaries
//! are, how to start one over stdio and call a tool, and how to read its result.
//!
//! Everything the recorder needs from the servers goes through this module, so that it depends on
//! no test harness. The list of servers is the combined binary's ([`okta_mcp::TOOLSETS`]); the
//! stdio glue below (`binary_path`, `connect`, `call`, `summarize`, the test service app and
//! `replay`) is for now a copy of what `conformance` has, until a driver crate shared by both
//! exists: then this module becomes a few re-exports of that crate and nothing else changes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use mock_okta::{Cassette, Expect, MockOrg};
use okta_mcp_core::ToolSpec;
use rmcp::model::{CallToolRequestParams, CallToolResult, ContentBlock};
use rmcp::service::RunningService;
use rmcp::transport::{ConfigureCommandExt, TokioChildProcess};
use rmcp::{RoleClient, ServiceExt};
use serde_json::{Map, Value, json};

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

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

pub fn fixtures_dir() -> PathBuf {
    workspace_root().join("fixtures")
}

/// The service app the mock org's token endpoint trusts (its key pair is fixtures/keys/test-only-rsa*.pem).
pub const TEST_CLIENT_ID: &str = "0oa1serviceAppTest01";

/// Reads one of the test-only keys.
pub fn test_key(name: &str) -> String {
    std::fs::read_to_string(fixtures_dir().join("keys").join(name)).unwrap_or_default()
}

/// Finds a server binary: `$OKTA_MCP_BIN_DIR`, else the target directory this program runs from.
pub fn binary_path(name: &str) -> Result<PathBuf, String> {
    let dir = match std::env::var_os("OKTA_MCP_BIN_DIR") {
        Some(d) => PathBuf::from(d),
        None => {
            let exe = std::env::current_exe().map_err(|e| e.to_string())?;
            // target/<profile>/deps/<test> or target/<profile>/<bin>
            let mut dir = exe.parent().map(Path::to_path_buf).unwrap_or_default();
            if dir.ends_with("deps") {
                dir.pop();
            }
            dir
        }
    };
    let path = dir.join(name);
    if path.is_file() {
        Ok(path)
    } else {
        Err(format!(
            "{} not found: build the servers first (cargo build --workspace --bins)",
            path.display()
        ))
    }
}

/// A connection to one server process over its stdio.
pub type Client = RunningService<RoleClient, ()>;

/// Starts a server binary with the given environment (nothing else is inherited but PATH) and
/// connects, with the server's stderr sent where the caller says.
pub async fn connect(binary: &Path, env: &[(&str, &str)], stderr: Stdio) -> Result<Client, String> {
    let env: Vec<(String, String)> = env
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    let cmd = tokio::process::Command::new(binary).configure(move |c| {
        c.env_clear();
        if let Some(path) = std::env::var_os("PATH") {
            c.env("PATH", path);
        }
        c.envs(env);
    });
    let (transport, _stderr) = TokioChildProcess::builder(cmd)
        .stderr(stderr)
        .spawn()
        .map_err(|e| e.to_string())?;
    ().serve(transport).await.map_err(|e| e.to_string())
}

/// Calls a tool; Err is a failure of the protocol, not a tool error (that is in the result).
pub async fn call(
    client: &Client,
    tool: &str,
    args: &Map<String, Value>,
) -> Result<CallToolResult, String> {
    client
        .call_tool(CallToolRequestParams::new(tool.to_owned()).with_arguments(args.clone()))
        .await
        .map_err(|e| e.to_string())
}

/// A tool result as a snapshot records it: `{isError, text}` or `{isError, structuredContent}`.
/// For success, the text block must be the same JSON as the structured content.
pub fn summarize(result: &CallToolResult) -> Result<Value, String> {
    let texts: Vec<&str> = result
        .content
        .iter()
        .filter_map(|c| match c {
            ContentBlock::Text(t) => Some(t.text.as_str()),
            _ => None,
        })
        .collect();
    let is_error = result.is_error.unwrap_or(false);
    if is_error {
        return Ok(json!({ "isError": true, "text": texts.join("\n") }));
    }
    let Some(structured) = &result.structured_content else {
        return Err("success without structuredContent".into());
    };
    if !structured.is_object() {
        return Err("structuredContent is not an object".into());
    }
    let [text] = texts.as_slice() else {
        return Err(format!("expected one text block, got {}", texts.len()));
    };
    let parsed: Value =
        serde_json::from_str(text).map_err(|e| format!("text block is not JSON: {e}"))?;
    if &parsed != structured {
        return Err("text block differs from structuredContent".into());
    }
    Ok(json!({ "isError": false, "structuredContent": structured }))
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
