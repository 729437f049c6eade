//! Safety and reach over the real binaries: read-only mode, tool selection, confirmation of
//! destructive tools through elicitation and the combined binary (the HTTP transport: http_auth.rs).

// Helpers outside #[test] fns may unwrap too: a failure here is a failed test.
#![allow(clippy::unwrap_used)]

use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use conformance::mount_token_endpoint;
use mock_okta::{MockOrg, load_all};
use okta_mcp_driver::{
    binary_path, call, connect, connect_with_stderr, fixtures_dir, oauth_env, ssws_env,
    workspace_root,
};
use rmcp::model::{
    ClientCapabilities, ClientConfig, ElicitRequestParams, ElicitResult, ElicitationAction,
};
use rmcp::service::RequestContext;
use rmcp::transport::{ConfigureCommandExt, TokioChildProcess};
use rmcp::{ClientHandler, ErrorData, RoleClient, ServiceExt};
use serde_json::json;

fn okta_mcp_users_server() -> okta_mcp_core::ServerSpec {
    okta_mcp::TOOLSETS
        .into_iter()
        .find(|s| s.toolset() == "users")
        .unwrap()
}

fn env_ref<'a>(env: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    env.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

#[tokio::test]
async fn read_only_hides_and_refuses_every_non_read_tool_and_drops_manage_scopes() {
    let bin = binary_path("okta-mcp-users").unwrap();
    let org = MockOrg::strict(Vec::new()).await;
    let tokens = mount_token_endpoint(&org).await;
    let mut env = oauth_env(&org.uri());
    env.push(("OKTA_MCP_READ_ONLY", "true".into()));
    let log = std::env::temp_dir().join(format!("okta-mcp-ro-{}.log", std::process::id()));
    let client = connect_with_stderr(
        &bin,
        &env_ref(&env),
        Stdio::from(std::fs::File::create(&log).unwrap()),
    )
    .await
    .unwrap();
    let tools = client.list_all_tools().await.unwrap();
    let reads = (okta_mcp_users_server().tools)()
        .into_iter()
        .filter(|t| t.kind.is_read())
        .count();
    assert_eq!(tools.len(), reads, "only the users server's read tools");
    assert!(
        tools
            .iter()
            .all(|t| t.annotations.as_ref().and_then(|a| a.read_only_hint) == Some(true))
    );
    let refused = call(
        &client,
        "okta_delete_user",
        json!({"userId": "00u1"}).as_object().unwrap(),
    )
    .await;
    assert!(refused.is_err(), "a hidden tool is unknown, not callable");
    // A read call fetches a token: its scopes are the read tools' scopes only.
    let _ = call(
        &client,
        "okta_get_user",
        json!({"userId": "00u1"}).as_object().unwrap(),
    )
    .await
    .unwrap();
    client.cancel().await.unwrap();
    let scopes = &tokens.requests()[0].scopes;
    assert_eq!(
        scopes,
        &[
            "okta.logs.read",
            "okta.roles.read",
            "okta.schemas.read",
            "okta.userTypes.read",
            "okta.users.read"
        ]
    );
    let stderr = std::fs::read_to_string(&log).unwrap();
    assert!(
        stderr.contains("read-only") && !stderr.contains(".manage"),
        "{stderr}"
    );
    let _ = std::fs::remove_file(log);
}

#[tokio::test]
async fn excluded_tools_are_absent_and_tools_selects_by_glob() {
    let bin = binary_path("okta-mcp-users").unwrap();
    let mut env = ssws_env("http://127.0.0.1:9");
    env.push((
        "OKTA_MCP_EXCLUDE_TOOLS",
        "okta_delete_user,okta_*_factor".into(),
    ));
    let client = connect(&bin, &env_ref(&env)).await.unwrap();
    let names: Vec<String> = client
        .list_all_tools()
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.name.to_string())
        .collect();
    client.cancel().await.unwrap();
    let all = (okta_mcp_users_server().tools)().len();
    assert_eq!(
        names.len(),
        all - 1 - 5,
        "okta_delete_user and the 5 factor tools left out"
    );
    assert!(
        !names
            .iter()
            .any(|n| n == "okta_delete_user" || n.ends_with("_factor"))
    );

    let mut env = ssws_env("http://127.0.0.1:9");
    env.push(("OKTA_MCP_TOOLS", "okta_get_user*".into()));
    let client = connect(&bin, &env_ref(&env)).await.unwrap();
    let names: Vec<String> = client
        .list_all_tools()
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.name.to_string())
        .collect();
    client.cancel().await.unwrap();
    assert_eq!(
        names,
        [
            "okta_get_user",
            "okta_get_user_groups",
            "okta_get_user_apps",
            "okta_get_user_roles",
            "okta_get_user_schema"
        ]
    );
}

/// A client that supports elicitation and answers every confirmation with `answer`.
struct Confirming {
    answer: Option<bool>,
    asked: Arc<AtomicU32>,
    user: String,
}

impl ClientHandler for Confirming {
    fn get_info(&self) -> ClientConfig {
        let mut config = ClientConfig::default();
        config.capabilities = ClientCapabilities::builder().enable_elicitation().build();
        config
    }

    async fn create_elicitation(
        &self,
        request: ElicitRequestParams,
        _context: RequestContext<RoleClient>,
    ) -> Result<ElicitResult, ErrorData> {
        self.asked.fetch_add(1, Ordering::SeqCst);
        if let ElicitRequestParams::FormElicitationParams { message, .. } = &request {
            assert!(
                message.contains("okta_deactivate_user") && message.contains(&self.user),
                "{message}"
            );
        }
        Ok(match self.answer {
            None => ElicitResult::new(ElicitationAction::Decline),
            Some(yes) => {
                ElicitResult::new(ElicitationAction::Accept).with_content(json!({ "confirm": yes }))
            }
        })
    }
}

async fn deactivate_with(
    answer: Option<bool>,
    record: bool,
) -> (rmcp::model::CallToolResult, u32, MockOrg) {
    let cassette = load_all(&fixtures_dir())
        .unwrap()
        .into_iter()
        .find(|f| f.cassette.tool == "okta_deactivate_user" && f.cassette.case == "success")
        .unwrap()
        .cassette;
    let bin = binary_path("okta-mcp-users").unwrap();
    let org = MockOrg::strict(if record {
        cassette.interactions.clone()
    } else {
        Vec::new()
    })
    .await;
    let env = ssws_env(&org.uri());
    let cmd = tokio::process::Command::new(bin).configure(|c| {
        c.env_clear();
        c.envs(env.iter().map(|(k, v)| (*k, v.as_str())));
    });
    let (transport, _) = TokioChildProcess::builder(cmd)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let asked = Arc::new(AtomicU32::new(0));
    let user = cassette.arguments["userId"].as_str().unwrap().to_owned();
    let client = Confirming {
        answer,
        asked: asked.clone(),
        user,
    }
    .serve(transport)
    .await
    .unwrap();
    let result = client
        .call_tool(
            rmcp::model::CallToolRequestParams::new("okta_deactivate_user")
                .with_arguments(cassette.arguments.clone()),
        )
        .await
        .unwrap();
    client.cancel().await.unwrap();
    (result, asked.load(Ordering::SeqCst), org)
}

#[tokio::test]
async fn a_declined_confirmation_sends_nothing_and_an_accepted_one_proceeds() {
    for answer in [None, Some(false)] {
        let (result, asked, org) = deactivate_with(answer, false).await;
        assert_eq!(asked, 1);
        assert_eq!(result.is_error, Some(true));
        let text = format!("{:?}", result.content);
        assert!(text.contains("Nothing was sent to Okta"), "{text}");
        assert_eq!(org.request_count().await, 0, "a decline sends no request");
    }
    let (result, asked, org) = deactivate_with(Some(true), true).await;
    assert_eq!(asked, 1);
    assert_eq!(result.is_error, Some(false), "{:?}", result.content);
    org.verify().unwrap();
}

#[tokio::test]
async fn the_combined_binary_lists_every_tool_of_the_contract() {
    let bin = binary_path("okta-mcp").unwrap();
    let mut env = oauth_env("http://127.0.0.1:9");
    env.push(("OKTA_MCP_TOOLSETS", "all".to_owned()));
    let client = connect(&bin, &env_ref(&env)).await.unwrap();
    let tools = client.list_all_tools().await.unwrap();
    client.cancel().await.unwrap();
    let contract =
        std::fs::read_to_string(workspace_root().join("conformance/endpoints.tsv")).unwrap();
    let mut expected: Vec<&str> = contract
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').nth(1))
        .collect();
    expected.sort_unstable();
    let mut names: Vec<&str> = tools.iter().map(|t| t.name.as_ref()).collect();
    names.sort_unstable();
    assert_eq!(names.len(), tools.len());
    names.dedup();
    assert_eq!(names.len(), tools.len(), "names are unique across toolsets");
    assert_eq!(
        names, expected,
        "`--toolsets all` lists exactly the contract's tools"
    );
}
