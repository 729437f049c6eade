//! Text generated from the tool tables: the tool reference.
//!
//! Builds text only: must not print (the `docs` subcommand in [`crate::run`] does) nor
//! read the configuration, so that the generated reference is the same on every machine.

use std::fmt::Write as _;

use serde_json::Value;

use crate::server::ServerSpec;
use crate::tool::{ToolSpec, scopes_of};

fn params(t: &ToolSpec) -> String {
    let props = t.input_schema.get("properties").and_then(Value::as_object);
    let required: Vec<&str> = t
        .input_schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let Some(props) = props else {
        return "—".into();
    };
    if props.is_empty() {
        return "—".into();
    }
    props
        .keys()
        .map(|k| {
            if required.contains(&k.as_str()) {
                format!("`{k}`*")
            } else {
                format!("`{k}`")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The Markdown tool reference for a set of toolsets.
pub fn tools_markdown(servers: &[&ServerSpec]) -> String {
    let mut out = String::from(
        "# Tool reference\n\nGenerated from the tool tables by `just docs` (`okta-mcp docs`); `just test` fails when it is stale.\nParameters marked * are required. Kinds: read, create, update, delete, action; destructive tools ask for confirmation where the client can.\n",
    );
    let mut total = 0;
    for s in servers {
        let tools = (s.tools)();
        total += tools.len();
        let _ = write!(
            out,
            "\n## {} ({} tools)\n\n{}\n\nOAuth scopes: {}\n\n| tool | title | kind | scope | parameters | description |\n|---|---|---|---|---|---|\n",
            s.name,
            tools.len(),
            s.instructions,
            scopes_of(&tools)
                .iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(" ")
        );
        for t in &tools {
            let kind = if t.destructive && t.kind != crate::ToolKind::Delete {
                format!("{}, destructive", t.kind.as_str())
            } else {
                t.kind.as_str().to_owned()
            };
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | `{}` | {} | {} |",
                t.name,
                t.title,
                kind,
                t.scope,
                params(t),
                t.description.replace('|', "\\|")
            );
        }
    }
    let _ = writeln!(out, "\n{total} tools in all.");
    out
}
