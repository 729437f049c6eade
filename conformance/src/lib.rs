//! Drives the real server binaries over stdio with rmcp's client, against `mock-okta`.
//! Used by the conformance tests and by the demo.

pub mod soak;
pub mod spec;

use std::path::{Path, PathBuf};
use std::process::Stdio;

use mock_okta::{Cassette, Expect, MockOrg};
use rmcp::model::{CallToolRequestParams, CallToolResult, ContentBlock, Tool};
use rmcp::service::RunningService;
use rmcp::transport::{ConfigureCommandExt, TokioChildProcess};
use rmcp::{RoleClient, ServiceExt};
use serde_json::{Value, json};

/// A server crate: its fixture directory name and its tool table.
pub struct ServerUnderTest {
    /// Fixture directory and toolset name (`users`).
    pub toolset: &'static str,
    /// The binary (`okta-mcp-users`).
    pub binary: &'static str,
    pub tools: fn() -> Vec<okta_mcp_core::ToolSpec>,
    pub requires_oauth: bool,
}

/// Every server of the workspace.
pub fn servers() -> Vec<ServerUnderTest> {
    macro_rules! server {
        ($toolset:literal, $krate:ident) => {
            ServerUnderTest {
                toolset: $toolset,
                binary: $krate::SERVER.name,
                tools: $krate::tools,
                requires_oauth: $krate::SERVER.requires_oauth,
            }
        };
    }
    vec![
        server!("users", okta_mcp_users),
        server!("apps", okta_mcp_apps),
        server!("policy", okta_mcp_policy),
        server!("admin", okta_mcp_admin),
        server!("governance", okta_mcp_governance),
    ]
}

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

pub fn fixtures_dir() -> PathBuf {
    workspace_root().join("fixtures")
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

pub type Client = RunningService<RoleClient, ()>;

/// Starts a server binary with the given environment (nothing else is inherited but PATH) and connects.
pub async fn connect(binary: &Path, env: &[(&str, &str)]) -> anyhow::Result<Client> {
    connect_with_stderr(binary, env, Stdio::null()).await
}

/// Like [`connect`], with the server's stderr sent where the caller says (a file, to read its logs).
pub async fn connect_with_stderr(
    binary: &Path,
    env: &[(&str, &str)],
    stderr: Stdio,
) -> anyhow::Result<Client> {
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
    let (transport, _stderr) = TokioChildProcess::builder(cmd).stderr(stderr).spawn()?;
    Ok(().serve(transport).await?)
}

/// The service app the mock org's token endpoint trusts (its key pair is fixtures/keys/test-only-rsa*.pem).
pub const TEST_CLIENT_ID: &str = "0oa1serviceAppTest01";

/// Reads one of the test-only keys.
pub fn test_key(name: &str) -> String {
    std::fs::read_to_string(fixtures_dir().join("keys").join(name)).unwrap_or_default()
}

/// Mounts a token endpoint on the org that accepts the test service app.
pub async fn mount_token_endpoint(org: &MockOrg) -> mock_okta::TokenEndpoint {
    let cfg = mock_okta::TokenConfig::new(TEST_CLIENT_ID, &test_key("test-only-rsa.pub.pem"));
    mock_okta::TokenEndpoint::mount(org.server(), cfg).await
}

/// The environment that points a server at a mock org as the test OAuth service app.
pub fn oauth_env(org: &str) -> Vec<(&'static str, String)> {
    vec![
        ("OKTA_ORG_URL", org.to_owned()),
        ("OKTA_CLIENT_ID", TEST_CLIENT_ID.to_owned()),
        ("OKTA_PRIVATE_KEY", test_key("test-only-rsa.pem")),
        ("OKTA_KEY_ID", "test-only-key".to_owned()),
        ("OKTA_MCP_MAX_RETRIES", "0".to_owned()),
    ]
}

/// The environment that points a server at a mock org with an API token.
pub fn ssws_env(org: &str) -> Vec<(&'static str, String)> {
    vec![
        ("OKTA_ORG_URL", org.to_owned()),
        ("OKTA_API_TOKEN", "00mockSSWStokenForConformance".to_owned()),
        ("OKTA_MCP_MAX_RETRIES", "0".to_owned()),
    ]
}

pub async fn call(
    client: &Client,
    tool: &str,
    args: &serde_json::Map<String, Value>,
) -> anyhow::Result<CallToolResult> {
    Ok(client
        .call_tool(CallToolRequestParams::new(tool.to_owned()).with_arguments(args.clone()))
        .await?)
}

/// What a snapshot records of a tool result. For success, the text block must be the same JSON
/// as the structured content; that is checked here, and only the structure is kept.
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
        oauth_env(&org.uri())
    } else {
        ssws_env(&org.uri())
    };
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let client = connect(binary, &env)
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

/// tools/list as a snapshot records it.
pub fn tools_snapshot(tools: &[Tool]) -> Value {
    serde_json::to_value(tools).unwrap_or(Value::Null)
}
