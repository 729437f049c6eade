//! Drives a real server binary over stdio with rmcp's client: finds the binary, starts it with exactly
//! the environment given, calls tools, and reduces a result to what a snapshot or transcript records.
//! Shared by the conformance harness, the devtools (demo, bench, soak) and the recorder. It knows the
//! test-only service app (client id and key pair under fixtures/keys) because it is what a server
//! presents; the mock org's side of that app lives with the harness that mounts it.

use std::path::{Path, PathBuf};
use std::process::Stdio;

use rmcp::model::{CallToolRequestParams, CallToolResult, ContentBlock};
use rmcp::service::RunningService;
use rmcp::transport::{ConfigureCommandExt, TokioChildProcess};
use rmcp::{ClientHandler, Peer, RoleClient, ServiceExt};
use serde_json::{Value, json};

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
    Ok(connect_with_pid(binary, env, stderr).await?.0)
}

/// Like [`connect_with_stderr`], also returning the server's process id, for watching the process
/// (whether it is alive, its peak memory).
pub async fn connect_with_pid(
    binary: &Path,
    env: &[(&str, &str)],
    stderr: Stdio,
) -> anyhow::Result<(Client, Option<u32>)> {
    connect_as((), binary, env, stderr).await
}

/// Like [`connect_with_pid`], with the client's side played by `handler` (to watch the server's
/// notifications).
pub async fn connect_as<H: ClientHandler>(
    handler: H,
    binary: &Path,
    env: &[(&str, &str)],
    stderr: Stdio,
) -> anyhow::Result<(RunningService<RoleClient, H>, Option<u32>)> {
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
    let pid = transport.id();
    Ok((handler.serve(transport).await?, pid))
}

/// The service app the mock org's token endpoint trusts (its key pair is fixtures/keys/test-only-rsa*.pem).
pub const TEST_CLIENT_ID: &str = "0oa1serviceAppTest01";

/// Reads one of the test-only keys.
pub fn test_key(name: &str) -> String {
    std::fs::read_to_string(fixtures_dir().join("keys").join(name)).unwrap_or_default()
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

/// Calls a tool; any client's session will do (a `&Client` derefs to its peer). `{{fixtures}}` in
/// a string argument (an upload's file path) is the fixtures directory, so a cassette names its
/// files wherever the workspace is.
pub async fn call(
    client: &Peer<RoleClient>,
    tool: &str,
    args: &serde_json::Map<String, Value>,
) -> anyhow::Result<CallToolResult> {
    let args = match with_fixture_paths(&Value::Object(args.clone())) {
        Value::Object(m) => m,
        _ => args.clone(),
    };
    Ok(client
        .call_tool(CallToolRequestParams::new(tool.to_owned()).with_arguments(args))
        .await?)
}

/// `value` with `{{fixtures}}` in its strings replaced by the fixtures directory.
pub fn with_fixture_paths(value: &Value) -> Value {
    match value {
        Value::String(s) if s.contains("{{fixtures}}") => {
            Value::String(s.replace("{{fixtures}}", &fixtures_dir().to_string_lossy()))
        }
        Value::Array(items) => Value::Array(items.iter().map(with_fixture_paths).collect()),
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| (k.clone(), with_fixture_paths(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// The text blocks of a tool result, one per line.
pub fn text_of(result: &CallToolResult) -> String {
    result
        .content
        .iter()
        .filter_map(|c| match c {
            ContentBlock::Text(t) => Some(t.text.as_str()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n")
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
        return Ok(json!({ "isError": true, "text": text_of(result) }));
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
