//! `config --client …`: a ready configuration in the format each MCP client reads, starting the
//! server the way it was installed (`uvx okta-mcp`, or the binary's absolute path).
//!
//! Builds text only: must not print (the `config` subcommand in [`crate::run`] does) nor read the
//! configuration. No secret is ever written: values are placeholders to fill in, VS Code prompts
//! for them through `inputs`, and Cursor and Windsurf read the API token from the environment.

use std::path::Path;

use serde_json::{Map, Value, json};

use crate::server::ServerSpec;

/// The MCP clients `config --client` writes for.
#[derive(Copy, Clone, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Client {
    ClaudeDesktop,
    ClaudeCode,
    Vscode,
    Cursor,
    Windsurf,
    Codex,
}

/// How the client should start the server.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Launcher {
    /// `uvx okta-mcp` when this binary runs from uv's cache (it was started by uvx), else the path.
    #[default]
    Auto,
    /// `uvx okta-mcp`: the PyPI package, fetched and cached by uv.
    Uvx,
    /// This binary's absolute path.
    Path,
}

/// `config`'s flags.
#[derive(clap::Args, Debug)]
pub struct ConfigArgs {
    /// The client to write a configuration for.
    #[arg(long, value_enum)]
    pub client: Client,
    /// How the client starts the server.
    #[arg(long, value_enum, default_value_t = Launcher::Auto)]
    pub launcher: Launcher,
}

/// The PyPI package, and the command it installs.
const PYPI_PACKAGE: &str = "okta-mcp";

/// The command line a client runs, before the toolset flags.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Launch {
    pub command: String,
    pub args: Vec<String>,
    /// Whether the launched program is the combined binary, which takes `--toolsets`.
    pub combined: bool,
}

impl Launch {
    /// How to start `exe` (this process's binary; `None` when unknown), given `--launcher`.
    /// `combined`: this binary is `okta-mcp`, not one toolset's server.
    pub fn resolve(launcher: Launcher, exe: Option<&Path>, combined: bool) -> Self {
        let uvx = match launcher {
            Launcher::Uvx => true,
            Launcher::Path => false,
            // uvx runs a package's command from an unpacked copy in uv's cache
            // (`…/uv/archive-v0/<hash>/bin/okta-mcp`), a path that changes with every release
            // and every cache clean: the client must run uvx, not that path.
            Launcher::Auto => {
                exe.is_some_and(|p| p.components().any(|c| c.as_os_str() == "archive-v0"))
            }
        };
        if uvx {
            // The PyPI package holds the combined binary; it serves any one toolset too.
            return Self {
                command: "uvx".into(),
                args: vec![PYPI_PACKAGE.into()],
                combined: true,
            };
        }
        Self {
            command: exe.map_or_else(|| PYPI_PACKAGE.to_owned(), |p| p.display().to_string()),
            args: Vec::new(),
            combined,
        }
    }
}

/// One setting the server reads from its environment, as a client configuration shows it.
struct Setting {
    var: &'static str,
    /// What the user fills in.
    placeholder: &'static str,
    /// The prompt VS Code shows.
    prompt: &'static str,
    secret: bool,
}

const ORG_URL: Setting = Setting {
    var: "OKTA_ORG_URL",
    placeholder: "https://YOUR-ORG.okta.com",
    prompt: "Okta org URL, e.g. https://example.okta.com",
    secret: false,
};
const OAUTH: [Setting; 3] = [
    Setting {
        var: "OKTA_CLIENT_ID",
        placeholder: "0oa…",
        prompt: "OAuth service app client id (0oa…); empty to use an API token",
        secret: false,
    },
    Setting {
        var: "OKTA_PRIVATE_KEY_FILE",
        placeholder: "/absolute/path/to/private-key.pem",
        prompt: "Absolute path of the service app's private key (PEM or JWK)",
        secret: false,
    },
    Setting {
        var: "OKTA_KEY_ID",
        placeholder: "your-key-id",
        prompt: "Key id (kid) of the service app's public key",
        secret: false,
    },
];
const API_TOKEN: Setting = Setting {
    var: "OKTA_API_TOKEN",
    placeholder: "(instead of the three OAuth settings, if you must)",
    prompt: "SSWS API token (legacy; leave empty when using OAuth)",
    secret: true,
};

fn settings(toolsets: &[&ServerSpec]) -> Vec<&'static Setting> {
    let mut out: Vec<&'static Setting> = vec![&ORG_URL];
    out.extend(OAUTH.iter());
    // Toolsets Okta serves only to OAuth tokens get no API-token setting to fill in.
    if !toolsets.iter().any(|s| s.requires_oauth) {
        out.push(&API_TOKEN);
    }
    out
}

fn input_id(var: &str) -> String {
    var.to_ascii_lowercase().replace('_', "-")
}

/// A ready configuration for `client`, starting `launch` with the chosen toolsets.
pub fn client_config(client: Client, launch: &Launch, toolsets: &[&ServerSpec]) -> String {
    let name = if toolsets.len() == 1 {
        format!("okta-{}", toolsets[0].toolset())
    } else {
        "okta".to_owned()
    };
    let mut args = launch.args.clone();
    if launch.combined {
        args.push("--toolsets".into());
        args.push(
            toolsets
                .iter()
                .map(|s| s.toolset())
                .collect::<Vec<_>>()
                .join(","),
        );
    }
    let settings = settings(toolsets);
    let env_with = |value: &dyn Fn(&Setting) -> String| -> Map<String, Value> {
        settings
            .iter()
            .map(|s| (s.var.to_owned(), Value::String(value(s))))
            .collect()
    };
    let placeholders = env_with(&|s| s.placeholder.to_owned());
    let command = &launch.command;
    let (path, doc) = match client {
        Client::ClaudeCode => return claude_code(&name, command, &args, &placeholders),
        Client::Codex => return codex(&name, command, &args, &placeholders),
        Client::ClaudeDesktop => (
            "claude_desktop_config.json (Settings → Developer → Edit Config)",
            json!({ "mcpServers": { name: { "command": command, "args": args, "env": placeholders } } }),
        ),
        // Both read `${env:NAME}` in `env`: the token stays in the environment.
        Client::Cursor | Client::Windsurf => {
            let env = env_with(&|s| {
                if s.secret {
                    format!("${{env:{}}}", s.var)
                } else {
                    s.placeholder.to_owned()
                }
            });
            let path = if client == Client::Cursor {
                ".cursor/mcp.json (or ~/.cursor/mcp.json for every project)"
            } else {
                "~/.codeium/windsurf/mcp_config.json"
            };
            (
                path,
                json!({ "mcpServers": { name: { "command": command, "args": args, "env": env } } }),
            )
        }
        // VS Code prompts for every value when the server first starts and keeps it in its own
        // secret storage: the file holds only `${input:…}` references.
        Client::Vscode => {
            let inputs: Vec<Value> = settings
                .iter()
                .map(|s| {
                    json!({
                        "type": "promptString",
                        "id": input_id(s.var),
                        "description": s.prompt,
                        "password": s.secret,
                    })
                })
                .collect();
            let env = env_with(&|s| format!("${{input:{}}}", input_id(s.var)));
            (
                ".vscode/mcp.json",
                json!({
                    "inputs": inputs,
                    "servers": { name: { "type": "stdio", "command": command, "args": args, "env": env } }
                }),
            )
        }
    };
    format!(
        "// {path}\n{}\n",
        serde_json::to_string_pretty(&doc).unwrap_or_default()
    )
}

fn claude_code(name: &str, command: &str, args: &[String], env: &Map<String, Value>) -> String {
    let mut line = vec![
        "claude mcp add --transport stdio".to_owned(),
        shell_quote(name),
    ];
    for (k, v) in env {
        line.push(format!(
            "-e {}",
            shell_quote(&format!("{k}={}", v.as_str().unwrap_or("")))
        ));
    }
    line.push("--".into());
    line.push(shell_quote(command));
    line.extend(args.iter().map(|a| shell_quote(a)));
    format!("{}\n", line.join(" "))
}

/// Codex's `~/.codex/config.toml`. A JSON string is a valid TOML basic string, so values are
/// quoted with serde_json.
fn codex(name: &str, command: &str, args: &[String], env: &Map<String, Value>) -> String {
    let quote = |s: &str| Value::String(s.to_owned()).to_string();
    let args = args.iter().map(|a| quote(a)).collect::<Vec<_>>().join(", ");
    let mut out = format!(
        "# ~/.codex/config.toml\n[mcp_servers.{name}]\ncommand = {}\nargs = [{args}]\n\n[mcp_servers.{name}.env]\n",
        quote(command)
    );
    for (k, v) in env {
        out.push_str(&format!("{k} = {}\n", quote(v.as_str().unwrap_or(""))));
    }
    out
}

fn shell_quote(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=,".contains(c))
    {
        s.to_owned()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_picks_uvx_only_inside_uvs_cache() {
        let cached = Path::new("/home/a/.cache/uv/archive-v0/AbC123/bin/okta-mcp");
        let installed = Path::new("/home/a/.local/bin/okta-mcp");
        assert_eq!(
            Launch::resolve(Launcher::Auto, Some(cached), true).command,
            "uvx"
        );
        let l = Launch::resolve(Launcher::Auto, Some(installed), true);
        assert_eq!(l.command, installed.display().to_string());
        assert!(l.args.is_empty());
    }

    #[test]
    fn uvx_serves_a_single_toolset_binary_through_the_combined_one() {
        let l = Launch::resolve(Launcher::Uvx, Some(Path::new("/x/okta-mcp-users")), false);
        assert_eq!((l.command.as_str(), l.combined), ("uvx", true));
        assert_eq!(l.args, ["okta-mcp"]);
        let l = Launch::resolve(Launcher::Path, Some(Path::new("/x/okta-mcp-users")), false);
        assert!(!l.combined);
    }

    #[test]
    fn shell_quote_quotes_what_a_shell_would_split() {
        assert_eq!(shell_quote("a/b-c"), "a/b-c");
        assert_eq!(shell_quote("it's"), "'it'\\''s'");
        assert_eq!(shell_quote("A=0oa…"), "'A=0oa…'");
        assert_eq!(shell_quote(""), "''");
    }
}
