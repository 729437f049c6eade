//! Command-line flags and which tools a process serves. `--read-only` wins over every other setting.
//!
//! Parsing and selection only: must not read the configuration, touch the network or print.

use std::net::SocketAddr;

use clap::{Parser, Subcommand, ValueEnum};

use crate::server::ServerSpec;
use crate::tool::{ToolKind, ToolSpec};

#[derive(Parser, Debug)]
#[command(about = "An MCP server for the Okta Admin API.", long_about = None, version)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Serve only read-only tools, and request no `.manage` scope. Wins over every other setting.
    #[arg(long, env = "OKTA_MCP_READ_ONLY")]
    pub read_only: bool,
    /// Serve only these tools: names or globs, comma-separated (e.g. `okta_list_*,okta_get_user`).
    #[arg(long, env = "OKTA_MCP_TOOLS", value_delimiter = ',')]
    pub tools: Vec<String>,
    /// Do not serve these tools: names or globs, comma-separated.
    #[arg(long, env = "OKTA_MCP_EXCLUDE_TOOLS", value_delimiter = ',')]
    pub exclude_tools: Vec<String>,
    /// Toolsets to serve (users, groups, apps, admin, governance, policy, security, or all); the
    /// combined binary's choice. Default: users, groups, apps, admin.
    #[arg(long, env = "OKTA_MCP_TOOLSETS", value_delimiter = ',')]
    pub toolsets: Vec<String>,
    /// Append one JSON line per call of a tool that can change Okta to this file (created 0600).
    #[arg(long, env = "OKTA_MCP_AUDIT_LOG", value_name = "PATH")]
    pub audit_log: Option<std::path::PathBuf>,
    /// Tools that can change Okta show the requests they would send and send no write; reads run.
    #[arg(long, env = "OKTA_MCP_DRY_RUN")]
    pub dry_run: bool,
    /// Start with three discovery tools and load a toolset's tools when the model enables it
    /// (every toolset, or those of --toolsets, on offer).
    #[arg(long, env = "OKTA_MCP_DYNAMIC_TOOLSETS")]
    pub dynamic_toolsets: bool,
    /// How clients connect.
    #[arg(long, value_enum, env = "OKTA_MCP_TRANSPORT", default_value_t = Transport::Stdio)]
    pub transport: Transport,
    /// Address for `--transport http`. Clients send `Authorization: Bearer` with OKTA_MCP_HTTP_BEARER,
    /// or with the secret generated and printed at start when that is unset.
    #[arg(long, env = "OKTA_MCP_HTTP_BIND", default_value = "127.0.0.1:8787")]
    pub bind: SocketAddr,
    /// Check the configuration against the org instead of serving (the `check` subcommand).
    #[arg(long)]
    pub check: bool,
    /// With --check: print the checklist as JSON.
    #[arg(long, requires = "check")]
    pub json: bool,
    /// Serve HTTP without a bearer secret: loopback only, refused on any other address.
    #[arg(long, env = "OKTA_MCP_HTTP_NO_AUTH")]
    pub http_no_auth: bool,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum Transport {
    Stdio,
    Http,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Print a ready client configuration for this binary and the chosen toolsets.
    Config(crate::client_config::ConfigArgs),
    /// Print the tool reference (Markdown) for the chosen toolsets.
    Docs,
    /// Check the configuration against the org, changing nothing; exit 0 only when all passes.
    Check {
        /// Print the checklist as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Print a shell completion script (e.g. `okta-mcp completions bash > /etc/bash_completion.d/okta-mcp`).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff; e.g. `okta-mcp man > okta-mcp.1`).
    Man,
}

/// A flag names toolsets or tools this process does not have, or leaves nothing to serve.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CliError {
    #[error("unknown toolset {name:?}: choose from {choices}, or all")]
    UnknownToolset {
        name: String,
        /// The toolsets this binary has, comma-separated.
        choices: String,
    },
    #[error("{flag} {pattern:?} is not a valid glob ({source})")]
    BadGlob {
        flag: &'static str,
        pattern: String,
        #[source]
        source: glob::PatternError,
    },
    #[error("{flag} {pattern:?} matches no tool; valid tools: {valid}")]
    NoMatch {
        flag: &'static str,
        pattern: String,
        /// Every tool name, comma-separated.
        valid: String,
    },
    #[error("no tool left to serve after --tools, --exclude-tools and --read-only")]
    NothingToServe,
}

/// Picks the toolsets a process serves: all it has unless `--toolsets` names some.
pub fn select_toolsets<'a>(
    all: &'a [ServerSpec],
    wanted: &[String],
) -> Result<Vec<&'a ServerSpec>, CliError> {
    let wanted: Vec<&str> = wanted
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect();
    if wanted.is_empty() || wanted.contains(&"all") {
        return Ok(all.iter().collect());
    }
    let mut out = Vec::new();
    for w in wanted {
        match all.iter().find(|s| s.toolset() == w) {
            Some(s) if !out.iter().any(|o: &&ServerSpec| o.toolset() == s.toolset()) => out.push(s),
            Some(_) => {}
            None => {
                let names: Vec<&str> = all.iter().map(ServerSpec::toolset).collect();
                return Err(CliError::UnknownToolset {
                    name: w.to_owned(),
                    choices: names.join(", "),
                });
            }
        }
    }
    Ok(out)
}

fn patterns(
    list: &[String],
    flag: &'static str,
    tools: &[ToolSpec],
) -> Result<Vec<glob::Pattern>, CliError> {
    let mut out = Vec::new();
    for raw in list.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        let p = glob::Pattern::new(raw).map_err(|source| CliError::BadGlob {
            flag,
            pattern: raw.to_owned(),
            source,
        })?;
        if !tools.iter().any(|t| p.matches(t.name)) {
            let valid: Vec<&str> = tools.iter().map(|t| t.name).collect();
            return Err(CliError::NoMatch {
                flag,
                pattern: raw.to_owned(),
                valid: valid.join(", "),
            });
        }
        out.push(p);
    }
    Ok(out)
}

/// Applies `--tools`, `--exclude-tools`, then `--read-only`, which wins over both.
pub fn select_tools(tools: Vec<ToolSpec>, cli: &Cli) -> Result<Vec<ToolSpec>, CliError> {
    let include = patterns(&cli.tools, "--tools", &tools)?;
    let exclude = patterns(&cli.exclude_tools, "--exclude-tools", &tools)?;
    let selected: Vec<ToolSpec> = tools
        .into_iter()
        .filter(|t| include.is_empty() || include.iter().any(|p| p.matches(t.name)))
        .filter(|t| !exclude.iter().any(|p| p.matches(t.name)))
        .filter(|t| !cli.read_only || t.kind == ToolKind::Read)
        .collect();
    if selected.is_empty() {
        return Err(CliError::NothingToServe);
    }
    Ok(selected)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Decl, Route};

    #[derive(serde::Deserialize, schemars::JsonSchema, crate::ToolInput)]
    struct A {}

    fn t(name: &'static str, kind: ToolKind) -> ToolSpec {
        ToolSpec::new::<A>(Decl {
            name,
            title: name,
            description: name,
            kind,
            scope: if kind == ToolKind::Read {
                "okta.x.read"
            } else {
                "okta.x.manage"
            },
            route: Route::get("/x"),
        })
        .build()
    }

    fn table() -> Vec<ToolSpec> {
        vec![
            t("okta_list_users", ToolKind::Read),
            t("okta_get_user", ToolKind::Read),
            t("okta_delete_user", ToolKind::Delete),
        ]
    }

    fn cli(args: &[&str]) -> Cli {
        Cli::parse_from(std::iter::once("x").chain(args.iter().copied()))
    }

    fn names(v: &[ToolSpec]) -> Vec<&str> {
        v.iter().map(|t| t.name).collect()
    }

    #[test]
    fn read_only_wins_over_tools() {
        let out = select_tools(
            table(),
            &cli(&["--read-only", "--tools", "okta_delete_user,okta_get_user"]),
        )
        .unwrap();
        assert_eq!(names(&out), ["okta_get_user"]);
        let scopes = crate::tool::scopes_of(&out);
        assert!(scopes.iter().all(|s| !s.ends_with(".manage")));
    }

    #[test]
    fn globs_and_excludes() {
        let out = select_tools(
            table(),
            &cli(&[
                "--tools",
                "okta_*_user*",
                "--exclude-tools",
                "okta_delete_*",
            ]),
        )
        .unwrap();
        assert_eq!(names(&out), ["okta_list_users", "okta_get_user"]);
    }

    #[test]
    fn unknown_names_fail_with_the_valid_list() {
        let e = select_tools(table(), &cli(&["--tools", "okta_nope"]))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("okta_nope")
                && e.contains("okta_list_users, okta_get_user, okta_delete_user"),
            "{e}"
        );
        let e = select_tools(table(), &cli(&["--exclude-tools", "nothing*"]))
            .unwrap_err()
            .to_string();
        assert!(e.contains("--exclude-tools"), "{e}");
    }
}
