//! Folded schemas (`okta_mcp_core::listing`) point at a whole schema of the same listing: in every
//! server's tools/list, in `okta-mcp --toolsets all` (also read-only, where the create tools that
//! hold most first occurrences are not listed), and in a dynamic session once toolsets are enabled.

// Helpers outside #[test] fns may unwrap too: a failure here is a failed test.
#![allow(clippy::unwrap_used)]

use okta_mcp::TOOLSETS;
use okta_mcp_core::listing::{self, MAX_DEPTH};
use okta_mcp_driver::{binary_path, call, connect, oauth_env};
use rmcp::model::Tool;
use serde_json::{Value, json};

/// Every folded subschema of `tools`' arguments, where folding may put one: (tool index, path).
fn references(tools: &[Tool]) -> Vec<(usize, String, Value)> {
    fn walk(
        schema: &Value,
        path: String,
        depth: usize,
        at: usize,
        out: &mut Vec<(usize, String, Value)>,
    ) {
        if listing::reference(schema).is_some() {
            out.push((at, path, schema.clone()));
            return;
        }
        if depth == MAX_DEPTH {
            return;
        }
        let members = schema.get("items").unwrap_or(schema);
        for (k, s) in members
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            walk(s, format!("{path}.{k}"), depth + 1, at, out);
        }
    }
    let mut out = Vec::new();
    for (at, t) in tools.iter().enumerate() {
        for (k, s) in t
            .input_schema
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            walk(s, k.clone(), 1, at, &mut out);
        }
    }
    out
}

/// Checks that each reference of `tools` resolves to a whole schema of its type in an earlier or
/// the same tool; returns how many there are.
fn all_resolve(label: &str, tools: &[Tool]) -> usize {
    let refs = references(tools);
    for (at, path, schema) in &refs {
        let name = &tools[*at].name;
        let (target_tool, _) = listing::reference(schema).unwrap();
        let target = listing::resolve(tools, schema).unwrap_or_else(|| {
            panic!("{label}: {name}'s {path} refers to nothing in this listing: {schema}")
        });
        assert!(
            listing::reference(target).is_none(),
            "{label}: {name}'s {path} refers to another reference"
        );
        assert_eq!(target["type"], schema["type"], "{label}: {name}'s {path}");
        let target_at = tools.iter().position(|t| t.name == target_tool).unwrap();
        assert!(target_at <= *at, "{label}: {name}'s {path} refers forward");
    }
    refs.len()
}

async fn listing(bin: &str, extra: &[(&'static str, &str)]) -> Vec<Tool> {
    let mut env = oauth_env("http://127.0.0.1:9");
    env.extend(extra.iter().map(|(k, v)| (*k, (*v).to_owned())));
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let client = connect(&binary_path(bin).unwrap(), &env).await.unwrap();
    let tools = client.list_all_tools().await.unwrap();
    client.cancel().await.unwrap();
    tools
}

#[tokio::test]
async fn every_reference_resolves_in_its_own_listing() {
    let mut total = 0;
    for s in &TOOLSETS {
        total += all_resolve(s.name, &listing(s.name, &[]).await);
    }
    let all = all_resolve(
        "--toolsets all",
        &listing("okta-mcp", &[("OKTA_MCP_TOOLSETS", "all")]).await,
    );
    assert!(
        all > 0,
        "--toolsets all folds nothing: the test would check nothing"
    );
    assert!(total > 0, "no single server folds anything");
    all_resolve(
        "--toolsets all --read-only",
        &listing(
            "okta-mcp",
            &[("OKTA_MCP_TOOLSETS", "all"), ("OKTA_MCP_READ_ONLY", "true")],
        )
        .await,
    );
    all_resolve(
        "--tools okta_update_network_zone",
        &listing(
            "okta-mcp",
            &[
                ("OKTA_MCP_TOOLSETS", "all"),
                (
                    "OKTA_MCP_TOOLS",
                    "okta_update_network_zone,okta_update_device_assurance_policy",
                ),
            ],
        )
        .await,
    );
}

#[tokio::test]
async fn a_dynamic_session_refers_only_to_what_it_has_enabled() {
    let env = oauth_env("http://127.0.0.1:9");
    let mut env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    env.push(("OKTA_MCP_DYNAMIC_TOOLSETS", "true"));
    let client = connect(&binary_path("okta-mcp").unwrap(), &env)
        .await
        .unwrap();
    let mut folded = 0;
    for set in ["security", "admin", "policy"] {
        let args = json!({ "toolset": set }).as_object().cloned().unwrap();
        let r = call(&client, "okta_enable_toolset", &args).await.unwrap();
        assert_eq!(r.is_error, Some(false), "{set}");
        folded = all_resolve(
            &format!("dynamic, up to {set}"),
            &client.list_all_tools().await.unwrap(),
        );
    }
    assert!(folded > 0, "three toolsets fold nothing");
    client.cancel().await.unwrap();
}
