//! MCP prompts over stdio: `okta-mcp --toolsets all` offers them all; every prompt's text names
//! only tools the process serves, with `--read-only` too and on each single server; each prompt's
//! text is snapshotted (full and read-only).

// Helpers outside #[test] fns may unwrap too: a failure here is a failed test.
#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

use okta_mcp::TOOLSETS;
use okta_mcp_driver::{Client, binary_path, connect, oauth_env};
use rmcp::model::{ContentBlock, GetPromptRequestParams, Prompt};
use serde_json::{Map, Value, json};

/// A loopback org nobody listens on: prompts never touch the network.
const ORG: &str = "http://127.0.0.1:9";

async fn start(binary: &str, extra: &[(&'static str, &str)]) -> Client {
    let mut env = oauth_env(ORG);
    env.extend(extra.iter().map(|(k, v)| (*k, (*v).to_owned())));
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    connect(&binary_path(binary).unwrap(), &env).await.unwrap()
}

/// An example value for every argument a prompt may take.
fn example(arg: &str) -> &'static str {
    match arg {
        "user" => "ada@example.com",
        "reason" => "ticket IT-1234",
        "login" => "grace@example.com",
        "first_name" => "Grace",
        "last_name" => "Hopper",
        "groups" => "Engineering, On-call",
        "apps" => "Slack",
        "activate" => "true",
        "ip" => "203.0.113.9",
        "since" => "7 days",
        "group" => "Okta Admins",
        "inactive_days" => "90",
        "name" => "Q4 Salesforce access review",
        "resource" => "Salesforce",
        "reviewer" => "managers",
        "duration_days" => "14",
        "auth_server" => "default",
        other => panic!("no example for argument {other:?}: add one"),
    }
}

fn example_args(p: &Prompt) -> Map<String, Value> {
    p.arguments
        .iter()
        .flatten()
        .map(|a| (a.name.clone(), Value::String(example(&a.name).to_owned())))
        .collect()
}

/// Each prompt's text, checked to name only served tools.
async fn texts(client: &Client) -> BTreeMap<String, (Prompt, String)> {
    let served: HashSet<String> = client
        .list_all_tools()
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.name.to_string())
        .collect();
    let re = regex::Regex::new(r"okta_[a-z_]+").unwrap();
    let mut out = BTreeMap::new();
    for p in client.list_all_prompts().await.unwrap() {
        let got = client
            .get_prompt(
                GetPromptRequestParams::new(p.name.clone()).with_arguments(example_args(&p)),
            )
            .await
            .unwrap();
        let text: String = got
            .messages
            .iter()
            .filter_map(|m| match &m.content {
                ContentBlock::Text(t) => Some(t.text.clone()),
                _ => None,
            })
            .collect();
        for tool in re.find_iter(&text) {
            assert!(
                served.contains(tool.as_str()),
                "{}: names {} which is not served:\n{text}",
                p.name,
                tool.as_str()
            );
        }
        out.insert(p.name.clone(), (p, text));
    }
    out
}

fn snapshot(name: &str, value: &Value) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| insta::assert_json_snapshot!(name, value));
}

#[tokio::test]
async fn all_toolsets_offer_every_prompt_and_read_only_offers_reports() {
    let full = start("okta-mcp", &[("OKTA_MCP_TOOLSETS", "all")]).await;
    let full_texts = texts(&full).await;
    let info = full.peer_info().unwrap();
    assert!(info.capabilities.prompts.is_some() && info.capabilities.completions.is_some());
    let completion = full
        .complete_prompt_argument("rotate_auth_server_keys", "auth_server", "de", None)
        .await
        .unwrap();
    assert_eq!(completion.values, ["default"]);
    full.cancel().await.unwrap();
    assert!(full_texts.len() >= 6, "{:?}", full_texts.keys());
    assert_eq!(
        full_texts.len(),
        okta_mcp_core::prompts::PROMPTS.len(),
        "every prompt is offered when every tool is served"
    );

    let ro = start(
        "okta-mcp",
        &[("OKTA_MCP_TOOLSETS", "all"), ("OKTA_MCP_READ_ONLY", "true")],
    )
    .await;
    let ro_texts = texts(&ro).await;
    ro.cancel().await.unwrap();
    assert!(!ro_texts.is_empty());

    for (name, (prompt, text)) in &full_texts {
        let read_only = ro_texts.get(name).map(
            |(p, t)| json!({"description": p.description, "text": t.lines().collect::<Vec<_>>()}),
        );
        snapshot(
            &format!("prompts__{name}"),
            &json!({
                "title": prompt.title,
                "description": prompt.description,
                "arguments": prompt.arguments,
                "text": text.lines().collect::<Vec<_>>(),
                "read_only": read_only,
            }),
        );
    }
}

#[tokio::test]
async fn single_servers_offer_what_their_own_tools_suffice_for() {
    let mut offered = BTreeMap::new();
    for spec in &TOOLSETS {
        let client = start(spec.name, &[]).await;
        let t = texts(&client).await;
        client.cancel().await.unwrap();
        let names: Vec<String> = t
            .iter()
            .map(|(n, (p, _))| {
                let report = p
                    .description
                    .as_deref()
                    .is_some_and(|d| d.ends_with("(read-only report here)"));
                if report {
                    format!("{n} (report)")
                } else {
                    n.clone()
                }
            })
            .collect();
        offered.insert(spec.name, names);
    }
    snapshot("prompts__offered_by_single_servers", &json!(offered));
}
