//! Text generated from the tool tables: the tool reference and ready client configurations.
//!
//! Builds text only: must not print (the `docs` and `config` subcommands in [`crate::run`] do) nor
//! read the configuration, so that the generated reference is the same on every machine.

use std::fmt::Write as _;

use serde_json::{Value, json};

use crate::cli::Client;
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

/// A ready configuration for a client, running `binary` with the chosen toolsets.
pub fn client_config(
    client: Client,
    binary: &str,
    toolsets: &[&ServerSpec],
    combined: bool,
) -> String {
    let name = if toolsets.len() == 1 {
        format!("okta-{}", toolsets[0].toolset())
    } else {
        "okta".to_owned()
    };
    let mut args: Vec<String> = Vec::new();
    if combined {
        args.push("--toolsets".into());
        args.push(
            toolsets
                .iter()
                .map(|s| s.toolset())
                .collect::<Vec<_>>()
                .join(","),
        );
    }
    let oauth = toolsets.iter().any(|s| s.requires_oauth);
    let mut env = json!({
        "OKTA_ORG_URL": "https://YOUR-ORG.okta.com",
        "OKTA_CLIENT_ID": "0oa…",
        "OKTA_PRIVATE_KEY_FILE": "/absolute/path/to/private-key.pem",
        "OKTA_KEY_ID": "your-key-id"
    });
    if !oauth {
        env["OKTA_API_TOKEN"] = json!("(instead of the three OAuth settings, if you must)");
    }
    let server = json!({ "command": binary, "args": args, "env": env });
    let text = match client {
        Client::ClaudeDesktop | Client::Cursor => json!({ "mcpServers": { name.clone(): server } }),
        Client::Vscode => {
            json!({ "servers": { name.clone(): { "type": "stdio", "command": binary, "args": args, "env": env } } })
        }
        Client::ClaudeCode => {
            let envs: Vec<String> = env
                .as_object()
                .map(|o| {
                    o.iter()
                        .map(|(k, v)| format!("-e {k}={}", shell_quote(v.as_str().unwrap_or(""))))
                        .collect()
                })
                .unwrap_or_default();
            return format!(
                "claude mcp add {name} {} -- {} {}\n",
                envs.join(" "),
                shell_quote(binary),
                args.iter()
                    .map(|a| shell_quote(a))
                    .collect::<Vec<_>>()
                    .join(" ")
            )
            .replace("  ", " ");
        }
    };
    let where_ = match client {
        Client::ClaudeDesktop => "claude_desktop_config.json",
        Client::Cursor => ".cursor/mcp.json",
        Client::Vscode => ".vscode/mcp.json",
        Client::ClaudeCode => "",
    };
    format!(
        "// {where_}\n{}\n",
        serde_json::to_string_pretty(&text).unwrap_or_default()
    )
}

fn shell_quote(s: &str) -> String {
    if s.chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_./:=,".contains(c))
    {
        s.to_owned()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}
