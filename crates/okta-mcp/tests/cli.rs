//! The combined binary's subcommands and start-up errors.

// Helpers outside #[test] fns may unwrap too: a failure here is a failed test.
#![allow(clippy::unwrap_used)]

use std::process::Command;

use assert_cmd::prelude::*;

fn okta_mcp() -> Command {
    let mut c = Command::cargo_bin("okta-mcp").expect("binary built");
    c.env_clear();
    c
}

#[test]
fn config_prints_a_ready_client_config_with_the_absolute_binary() {
    let out = okta_mcp()
        .args([
            "--toolsets",
            "users,apps",
            "config",
            "--client",
            "claude-desktop",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let json: serde_json::Value =
        serde_json::from_str(text.trim_start_matches(|c| c != '{')).unwrap();
    let server = &json["mcpServers"]["okta"];
    assert!(std::path::Path::new(server["command"].as_str().unwrap()).is_absolute());
    assert_eq!(
        server["args"],
        serde_json::json!(["--toolsets", "users,apps"])
    );
    assert_eq!(server["env"]["OKTA_ORG_URL"], "https://YOUR-ORG.okta.com");
    for client in ["claude-code", "vscode", "cursor"] {
        let out = okta_mcp()
            .args(["config", "--client", client])
            .output()
            .unwrap();
        assert!(out.status.success() && !out.stdout.is_empty(), "{client}");
    }
}

#[test]
fn unknown_toolset_and_unknown_tool_fail_at_startup_with_the_valid_names() {
    let out = okta_mcp()
        .args(["--toolsets", "userz"])
        .env("OKTA_ORG_URL", "https://x.okta.com")
        .env("OKTA_API_TOKEN", "t")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("unknown toolset \"userz\"")
            && err.contains("users, apps, governance, policy, admin"),
        "{err}"
    );

    let out = okta_mcp()
        .args(["--toolsets", "users", "--tools", "okta_nope"])
        .env("OKTA_ORG_URL", "https://x.okta.com")
        .env("OKTA_API_TOKEN", "t")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("okta_nope") && err.contains("okta_list_users"),
        "{err}"
    );
}

/// The tool count of some toolsets, from the tables.
fn tool_count(toolsets: &[&str]) -> usize {
    okta_mcp::TOOLSETS
        .iter()
        .filter(|s| toolsets.contains(&s.toolset()))
        .map(|s| (s.tools)().len())
        .sum()
}

/// Like [`okta_mcp`], able to be given stdin.
fn okta_mcp_session() -> assert_cmd::Command {
    let mut c = assert_cmd::Command::cargo_bin("okta-mcp").expect("binary built");
    c.env_clear();
    c
}

/// An MCP client's opening, then the end of stdin: the server starts a session and ends with it.
const HANDSHAKE: &str = concat!(
    r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#,
    "\n",
    r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
    "\n",
);

#[test]
fn no_toolsets_with_an_api_token_serves_the_everyday_set_and_says_governance_needs_oauth() {
    let out = okta_mcp_session()
        .env("OKTA_ORG_URL", "https://x.okta.com")
        .env("OKTA_API_TOKEN", "t")
        .write_stdin(HANDSHAKE)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let served = format!(
        "{} tools ({})",
        tool_count(&okta_mcp::DEFAULT_TOOLSETS),
        okta_mcp::DEFAULT_TOOLSETS.join(", ")
    );
    assert!(err.contains(&served), "{err}");
    assert!(
        err.contains("governance needs OAuth 2.0") && err.contains("OKTA_CLIENT_ID"),
        "{err}"
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout
            .lines()
            .all(|l| serde_json::from_str::<serde_json::Value>(l).is_ok()),
        "stdout carries MCP messages only: {stdout}"
    );
}

#[test]
fn governance_or_all_named_with_an_api_token_are_refused() {
    for toolsets in ["governance", "all", "users,governance"] {
        let out = okta_mcp()
            .args(["--toolsets", toolsets])
            .env("OKTA_ORG_URL", "https://x.okta.com")
            .env("OKTA_API_TOKEN", "t")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{toolsets}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("governance") && err.contains("leave it out of --toolsets"),
            "{toolsets}: {err}"
        );
    }
}

#[test]
fn dynamic_toolsets_with_an_api_token_offer_every_toolset_but_governance() {
    let out = okta_mcp_session()
        .arg("--dynamic-toolsets")
        .env("OKTA_ORG_URL", "https://x.okta.com")
        .env("OKTA_API_TOKEN", "t")
        .write_stdin(HANDSHAKE)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let offered: Vec<&str> = okta_mcp::TOOLSETS
        .iter()
        .filter(|s| !s.requires_oauth)
        .map(|s| s.toolset())
        .collect();
    assert!(
        err.contains(&format!(
            "{} tools on demand in toolsets {}",
            tool_count(&offered),
            offered.join(", ")
        )),
        "{err}"
    );
    assert!(err.contains("governance needs OAuth 2.0"), "{err}");
}

fn stdout_of(args: &[&str]) -> String {
    let out = okta_mcp().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn version_names_the_binary_not_the_library() {
    assert_eq!(
        stdout_of(&["--version"]).trim(),
        format!("okta-mcp {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn completions_cover_the_flags_and_subcommands_of_the_binary() {
    let bash = stdout_of(&["completions", "bash"]);
    for word in [
        "_okta__mcp()",
        "--toolsets",
        "--read-only",
        "config",
        "completions",
        "man",
    ] {
        assert!(bash.contains(word), "bash completion lacks {word}");
    }
    // The client names come from the same definition as the parser.
    assert!(bash.contains("claude-desktop") && bash.contains("codex"));
    assert!(stdout_of(&["completions", "zsh"]).starts_with("#compdef okta-mcp"));
    let fish = stdout_of(&["completions", "fish"]);
    assert!(fish.contains("complete -c okta-mcp") && fish.contains("-l toolsets"));
    let out = okta_mcp().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "an unknown shell is a usage error"
    );
}

#[test]
fn man_page_is_roff_for_the_binary_with_every_flag() {
    let page = stdout_of(&["man"]);
    assert!(page.contains(".TH okta-mcp 1"), "{page}");
    for flag in [
        "\\-\\-read\\-only",
        "\\-\\-toolsets",
        "\\-\\-exclude\\-tools",
        "OKTA_MCP_TOOLSETS",
    ] {
        assert!(page.contains(flag), "man page lacks {flag}");
    }
}
