//! `okta-mcp --dynamic-toolsets` over stdio: the session starts with a small discovery surface,
//! enabling a toolset sends `notifications/tools/list_changed` and makes its tools listed and
//! callable against the mock org, and `--read-only`/`--tools` still decide what can be enabled.

// Helpers outside #[test] fns may unwrap too: a failure here is a failed test.
#![allow(clippy::unwrap_used)]

use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use conformance::mount_token_endpoint;
use mock_okta::{Expect, MockOrg, load_all};
use okta_mcp::TOOLSETS;
use okta_mcp_core::{ServerSpec, ToolSpec, tool::scopes_of};
use okta_mcp_driver::{binary_path, call, connect_as, fixtures_dir, oauth_env, ssws_env};
use rmcp::service::{NotificationContext, RunningService};
use rmcp::{ClientHandler, RoleClient};
use serde_json::{Map, Value, json};
use tokio::sync::Notify;

/// A client that counts `notifications/tools/list_changed`.
#[derive(Clone, Default)]
struct Watcher {
    changes: Arc<AtomicUsize>,
    changed: Arc<Notify>,
}

impl ClientHandler for Watcher {
    async fn on_tool_list_changed(&self, _context: NotificationContext<RoleClient>) {
        self.changes.fetch_add(1, Ordering::SeqCst);
        self.changed.notify_one();
    }
}

type Session = RunningService<RoleClient, Watcher>;

async fn start(env: Vec<(&'static str, String)>) -> (Session, Watcher) {
    let mut env = env;
    env.push(("OKTA_MCP_DYNAMIC_TOOLSETS", "true".to_owned()));
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let watcher = Watcher::default();
    let bin = binary_path("okta-mcp").unwrap();
    let (client, _) = connect_as(watcher.clone(), &bin, &env, Stdio::null())
        .await
        .unwrap();
    (client, watcher)
}

fn args(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap()
}

fn toolset(name: &str) -> ServerSpec {
    TOOLSETS.into_iter().find(|s| s.toolset() == name).unwrap()
}

fn names(tools: &[rmcp::model::Tool]) -> Vec<String> {
    tools.iter().map(|t| t.name.to_string()).collect()
}

async fn structured(client: &Session, tool: &str, a: Value) -> Value {
    let r = call(client, tool, &args(a)).await.unwrap();
    assert_eq!(r.is_error, Some(false), "{tool}: {:?}", r.content);
    r.structured_content.unwrap()
}

const DISCOVERY: [&str; 3] = [
    "okta_list_toolsets",
    "okta_describe_toolset",
    "okta_enable_toolset",
];

#[tokio::test]
async fn a_session_starts_small_and_enables_a_toolset_on_demand() {
    let get_user = load_all(&fixtures_dir())
        .unwrap()
        .into_iter()
        .find(|f| f.cassette.tool == "okta_get_user" && f.cassette.expect == Expect::Success)
        .unwrap()
        .cassette;
    let org = MockOrg::strict(get_user.interactions.clone()).await;
    let (client, watcher) = start(ssws_env(&org.uri())).await;

    let first = client.list_all_tools().await.unwrap();
    assert_eq!(names(&first), DISCOVERY);
    let bytes = serde_json::to_vec(&first).unwrap().len();
    eprintln!("dynamic session start: tools/list {bytes} bytes");
    assert!(bytes <= 4096, "the discovery surface is {bytes} bytes");
    let caps = client
        .peer_info()
        .unwrap()
        .capabilities
        .tools
        .clone()
        .unwrap();
    assert_eq!(caps.list_changed, Some(true));
    // The instructions name the toolsets and the way in, not every toolset's own instructions;
    // beside them only the notes every server adds (`fields`, folded schemas, data not orders).
    let instructions = client.peer_info().unwrap().instructions.clone().unwrap();
    let notes = okta_mcp_core::server::DATA_NOT_INSTRUCTIONS.len()
        + okta_mcp_core::tool::FIELDS_NOTE.len()
        + okta_mcp_core::listing::SAME_AS_NOTE.len();
    assert!(
        instructions.contains("okta_enable_toolset") && instructions.len() < 300 + notes,
        "{instructions}"
    );

    // An API token: every toolset but the OAuth-only ones, with their table's tool counts.
    let listed = structured(&client, "okta_list_toolsets", json!({})).await;
    let offered: Vec<Value> = TOOLSETS
        .iter()
        .filter(|s| !s.requires_oauth)
        .map(|s| json!([s.toolset(), (s.tools)().len(), false]))
        .collect();
    let got: Vec<Value> = listed["toolsets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| json!([t["name"], t["tools"], t["enabled"]]))
        .collect();
    assert_eq!(got, offered);
    assert!(listed["toolsets"][0]["summary"].as_str().unwrap().len() > 10);

    let early = call(&client, "okta_get_user", &args(json!({"userId": "00u1"}))).await;
    let e = format!("{:?}", early.unwrap_err());
    assert!(e.contains("okta_enable_toolset"), "{e}");

    let users: Vec<String> = (toolset("users").tools)()
        .iter()
        .map(|t| t.name.to_owned())
        .collect();
    let described = structured(
        &client,
        "okta_describe_toolset",
        json!({"toolset": "users"}),
    )
    .await;
    let described: Vec<&str> = described["tools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(described, users);
    assert_eq!(
        client.list_all_tools().await.unwrap().len(),
        3,
        "describing enables nothing"
    );
    assert_eq!(watcher.changes.load(Ordering::SeqCst), 0);

    let enabled = structured(&client, "okta_enable_toolset", json!({"toolset": "users"})).await;
    assert_eq!(enabled["tools"].as_array().unwrap().len(), users.len());
    tokio::time::timeout(Duration::from_secs(10), watcher.changed.notified())
        .await
        .expect("notifications/tools/list_changed");
    let now = client.list_all_tools().await.unwrap();
    assert_eq!(names(&now)[..3], DISCOVERY);
    assert_eq!(names(&now)[3..], users);

    let got = structured(
        &client,
        "okta_get_user",
        Value::Object(get_user.arguments.clone()),
    )
    .await;
    assert_eq!(got["id"], get_user.arguments["userId"]);
    org.verify().unwrap();

    let _ = structured(&client, "okta_enable_toolset", json!({"toolset": "users"})).await;
    let _ = client.list_all_tools().await.unwrap();
    assert_eq!(
        watcher.changes.load(Ordering::SeqCst),
        1,
        "enabling twice announces once"
    );
    let refused = call(
        &client,
        "okta_enable_toolset",
        &args(json!({"toolset": "governance"})),
    )
    .await
    .unwrap();
    assert_eq!(
        refused.is_error,
        Some(true),
        "governance is not on offer with SSWS"
    );
    client.cancel().await.unwrap();
}

#[tokio::test]
async fn read_only_and_tool_selection_decide_what_can_be_enabled() {
    let org = MockOrg::strict(Vec::new()).await;
    let tokens = mount_token_endpoint(&org).await;
    let mut env = oauth_env(&org.uri());
    env.push(("OKTA_MCP_READ_ONLY", "true".to_owned()));
    let (client, watcher) = start(env).await;
    let all: Vec<ToolSpec> = TOOLSETS.iter().flat_map(|s| (s.tools)()).collect();
    let reads: Vec<&ToolSpec> = all.iter().filter(|t| t.kind.is_read()).collect();

    let _ = structured(&client, "okta_enable_toolset", json!({"toolset": "users"})).await;
    tokio::time::timeout(Duration::from_secs(10), watcher.changed.notified())
        .await
        .expect("notifications/tools/list_changed");
    let listed = client.list_all_tools().await.unwrap();
    let user_reads: Vec<String> = (toolset("users").tools)()
        .into_iter()
        .filter(|t| t.kind.is_read())
        .map(|t| t.name.to_owned())
        .collect();
    assert_eq!(names(&listed)[3..], user_reads);
    let hidden = call(
        &client,
        "okta_deactivate_user",
        &args(json!({"userId": "00u1"})),
    )
    .await;
    assert!(hidden.is_err(), "a write tool is not callable read-only");

    // The token asks for the read scopes of every toolset that may be enabled, governance too.
    let _ = call(&client, "okta_get_user", &args(json!({"userId": "00u1"}))).await;
    client.cancel().await.unwrap();
    let expected: Vec<String> = scopes_of(reads.iter().copied())
        .into_iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(tokens.requests()[0].scopes, expected);

    let mut env = ssws_env("http://127.0.0.1:9");
    env.push((
        "OKTA_MCP_TOOLS",
        "okta_get_user,okta_list_groups".to_owned(),
    ));
    let (client, _) = start(env).await;
    let listed = structured(&client, "okta_list_toolsets", json!({})).await;
    assert_eq!(
        listed["toolsets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| json!([t["name"], t["tools"]]))
            .collect::<Vec<_>>(),
        [json!(["users", 1]), json!(["groups", 1])],
        "a toolset --tools leaves empty is not offered"
    );
    client.cancel().await.unwrap();
}
