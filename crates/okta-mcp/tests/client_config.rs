//! `okta-mcp config --client …`: each client's configuration, snapshotted, and no secret in any.

// Helpers outside #[test] fns may unwrap too: a failure here is a failed test.
#![allow(clippy::unwrap_used)]

use std::process::Command;

use assert_cmd::prelude::*;

const CLIENTS: [&str; 6] = [
    "claude-desktop",
    "claude-code",
    "vscode",
    "cursor",
    "windsurf",
    "codex",
];

fn config(args: &[&str]) -> String {
    let out = Command::cargo_bin("okta-mcp")
        .unwrap()
        .env_clear()
        // Secrets in the environment must never be copied into a configuration.
        .env("OKTA_API_TOKEN", "sentinel-api-token-00Tq")
        .env("OKTA_PRIVATE_KEY", "sentinel-private-key-MIIE")
        .env("OKTA_CLIENT_ID", "sentinel-client-id-0oa")
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        !text.contains("sentinel"),
        "{args:?} copied a secret: {text}"
    );
    text
}

/// The JSON document after the one-line `// where it goes` header.
fn json_body(text: &str) -> serde_json::Value {
    let (header, body) = text.split_once('\n').unwrap();
    assert!(header.starts_with("// "), "{header}");
    serde_json::from_str(body).unwrap()
}

#[test]
fn every_client_through_uvx() {
    for client in CLIENTS {
        let text = config(&[
            "--toolsets",
            "users,groups",
            "config",
            "--client",
            client,
            "--launcher",
            "uvx",
        ]);
        insta::assert_snapshot!(format!("uvx_{client}"), text);
    }
}

#[test]
fn a_governance_config_asks_for_no_api_token() {
    let text = config(&[
        "--toolsets",
        "governance",
        "config",
        "--client",
        "vscode",
        "--launcher",
        "uvx",
    ]);
    assert!(!text.contains("OKTA_API_TOKEN"), "{text}");
    assert!(text.contains("OKTA_CLIENT_ID"), "{text}");
}

#[test]
fn vscode_prompts_for_every_value_and_hides_the_token() {
    let doc = json_body(&config(&[
        "--toolsets",
        "users",
        "config",
        "--client",
        "vscode",
        "--launcher",
        "uvx",
    ]));
    let inputs = doc["inputs"].as_array().unwrap();
    let server = &doc["servers"]["okta-users"];
    assert_eq!(server["type"], "stdio");
    assert_eq!(server["command"], "uvx");
    let env = server["env"].as_object().unwrap();
    assert!(env.contains_key("OKTA_ORG_URL") && env.contains_key("OKTA_API_TOKEN"));
    for (var, value) in env {
        let id = value
            .as_str()
            .and_then(|v| v.strip_prefix("${input:"))
            .and_then(|v| v.strip_suffix('}'))
            .unwrap_or_else(|| panic!("{var}={value} is written into the file"));
        let input = inputs
            .iter()
            .find(|i| i["id"] == id)
            .unwrap_or_else(|| panic!("{var} refers to a missing input {id}"));
        assert_eq!(input["type"], "promptString");
        assert_eq!(input["password"], var == "OKTA_API_TOKEN", "{var}");
    }
    assert_eq!(inputs.len(), env.len());
}

#[test]
fn path_launcher_runs_this_binary_and_auto_picks_it_outside_uvs_cache() {
    let exe = assert_cmd::cargo::cargo_bin("okta-mcp");
    for launcher in ["path", "auto"] {
        let doc = json_body(&config(&[
            "--toolsets",
            "users",
            "config",
            "--client",
            "claude-desktop",
            "--launcher",
            launcher,
        ]));
        let server = &doc["mcpServers"]["okta-users"];
        assert_eq!(server["command"], exe.display().to_string(), "{launcher}");
        assert_eq!(server["args"], serde_json::json!(["--toolsets", "users"]));
    }
    let line = config(&["config", "--client", "claude-code", "--launcher", "path"]);
    assert!(
        line.starts_with("claude mcp add --transport stdio okta -e ")
            && line.contains(&format!(" -- {} --toolsets ", exe.display())),
        "{line}"
    );
}
