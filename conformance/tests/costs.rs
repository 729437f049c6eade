//! What each way of running `okta-mcp` costs a model's context: the bytes of tools/list and of the
//! initialize reply's instructions (both paid once per session), measured over stdio. README shows
//! the table between its `tools-list-bytes` markers; a stale table fails here, and
//! `OKTA_MCP_WRITE_README=1` rewrites it.

// Helpers outside #[test] fns may unwrap too: a failure here is a failed test.
#![allow(clippy::unwrap_used)]

use std::fmt::Write as _;

use okta_mcp_driver::{binary_path, connect, oauth_env, workspace_root};

const START: &str = "<!-- tools-list-bytes: written by conformance/tests/costs.rs -->\n";
const END: &str = "<!-- /tools-list-bytes -->";

/// (tools, tools/list bytes, instructions bytes) of a session with these settings, as an OAuth
/// service app.
async fn measure(extra: &[(&'static str, &str)]) -> (usize, usize, usize) {
    let mut env = oauth_env("http://127.0.0.1:9");
    env.extend(extra.iter().map(|(k, v)| (*k, (*v).to_owned())));
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let client = connect(&binary_path("okta-mcp").unwrap(), &env)
        .await
        .unwrap();
    let tools = client.list_all_tools().await.unwrap();
    let instructions = client
        .peer_info()
        .and_then(|i| i.instructions.clone())
        .unwrap()
        .len();
    client.cancel().await.unwrap();
    (
        tools.len(),
        serde_json::to_vec(&tools).unwrap().len(),
        instructions,
    )
}

fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[tokio::test]
async fn readme_shows_what_each_choice_costs() {
    let defaults = okta_mcp::DEFAULT_TOOLSETS.join(", ");
    let rows = [
        (format!("no `--toolsets` ({defaults})"), measure(&[]).await),
        (
            "`--toolsets all`".to_owned(),
            measure(&[("OKTA_MCP_TOOLSETS", "all")]).await,
        ),
        (
            "`--dynamic-toolsets`, at session start".to_owned(),
            measure(&[("OKTA_MCP_DYNAMIC_TOOLSETS", "true")]).await,
        ),
    ];
    let mut table = String::from(
        "| `okta-mcp` | tools listed | tools/list bytes | bytes per tool | instructions bytes |\n|---|---|---|---|---|\n",
    );
    for (choice, (tools, bytes, instructions)) in &rows {
        let _ = writeln!(
            table,
            "| {choice} | {tools} | {} | {} | {} |",
            thousands(*bytes),
            bytes / tools,
            thousands(*instructions)
        );
    }
    let readme_path = workspace_root().join("README.md");
    let readme = std::fs::read_to_string(&readme_path).unwrap();
    let (Some(start), Some(end)) = (readme.find(START), readme.find(END)) else {
        panic!("README.md lacks the tools-list-bytes markers");
    };
    let fresh = format!("{}{START}{table}{}", &readme[..start], &readme[end..]);
    if std::env::var_os("OKTA_MCP_WRITE_README").is_some() {
        std::fs::write(&readme_path, &fresh).unwrap();
    } else {
        assert!(
            fresh == readme,
            "README's tools/list table is stale; measured:\n{table}\nrun with OKTA_MCP_WRITE_README=1 and commit it"
        );
    }
}
