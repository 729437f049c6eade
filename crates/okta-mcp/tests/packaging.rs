//! The package descriptions in packaging/: the MCP registry's server.json against the registry's
//! published schema (vendored), the MCP Bundle manifest and the PyPI project, kept in step with
//! the crate and with the environment the server reads. Building and running the packages
//! themselves is `just package-test` (packaging/test_packages.py).

// Helpers outside #[test] fns may unwrap too: a failure here is a failed test.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn json(path: &str) -> Value {
    let text = std::fs::read_to_string(repo().join(path)).unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn registry_validator() -> jsonschema::Validator {
    let schema = json("packaging/registry/server.schema.2025-12-11.json");
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

/// Every environment variable the server's code names, as a string literal in core's sources.
fn variables_the_server_reads() -> BTreeSet<String> {
    let src = repo().join("crates/okta-mcp-core/src");
    let mut text = String::new();
    for entry in std::fs::read_dir(src).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "rs") {
            text.push_str(&std::fs::read_to_string(path).unwrap());
        }
    }
    let re = regex::Regex::new(r#""(OKTA_[A-Z_]+)""#).unwrap();
    re.captures_iter(&text).map(|c| c[1].to_owned()).collect()
}

/// The names of a package's environment variables whose `flag` is true.
fn flagged<'a>(package: &'a Value, flag: &str) -> Vec<&'a str> {
    package["environmentVariables"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e[flag] == true)
        .map(|e| e["name"].as_str().unwrap())
        .collect()
}

fn env_names(package: &Value) -> Vec<String> {
    package["environmentVariables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn server_json_is_valid_against_the_registry_schema() {
    let validator = registry_validator();
    let server = json("packaging/server.json");
    let errors: Vec<String> = validator
        .iter_errors(&server)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");

    // The validator is not vacuous: the registry's own limits are enforced.
    let mut bad = server.clone();
    bad["name"] = "okta-mcp".into();
    assert!(!validator.is_valid(&bad), "a name without a namespace");
    let mut bad = server.clone();
    bad["description"] = "x".repeat(101).into();
    assert!(
        !validator.is_valid(&bad),
        "a description over 100 characters"
    );
    let mut bad = server;
    bad["packages"][1]["fileSha256"] = "not-a-hash".into();
    assert!(!validator.is_valid(&bad), "a malformed bundle hash");
}

#[test]
fn server_json_names_the_pypi_package_and_the_bundle_with_their_secrets() {
    let server = json("packaging/server.json");
    let version = env!("CARGO_PKG_VERSION");
    assert_eq!(server["version"], version);
    let packages = server["packages"].as_array().unwrap();
    let kinds: Vec<&str> = packages
        .iter()
        .map(|p| p["registryType"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["pypi", "mcpb"]);
    let pypi = &packages[0];
    assert_eq!(pypi["identifier"], "okta-mcp");
    let bundle = &packages[1];
    assert!(
        bundle["identifier"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/v{version}/okta-mcp-{version}.mcpb")),
        "{}",
        bundle["identifier"]
    );
    let reads = variables_the_server_reads();
    for p in packages {
        assert_eq!(p["version"], version);
        for name in env_names(p) {
            assert!(reads.contains(&name), "{name} is not read by the server");
        }
        assert_eq!(
            flagged(p, "isSecret"),
            ["OKTA_PRIVATE_KEY", "OKTA_API_TOKEN"],
            "{}",
            p["registryType"]
        );
        let required = flagged(p, "isRequired");
        assert_eq!(required, ["OKTA_ORG_URL"]);
    }
}

#[test]
fn bundle_manifest_maps_every_setting_to_the_servers_environment() {
    let manifest = json("packaging/mcpb/manifest.json");
    assert_eq!(manifest["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(manifest["server"]["type"], "binary");
    let config = &manifest["server"]["mcp_config"];
    assert_eq!(config["command"], "${__dirname}/server/okta-mcp");
    assert_eq!(manifest["server"]["entry_point"], "server/okta-mcp");
    let user_config = manifest["user_config"].as_object().unwrap();
    let reads = variables_the_server_reads();
    let mut used = BTreeSet::new();
    let re = regex::Regex::new(r"^\$\{user_config\.([a-z_]+)\}$").unwrap();
    for (var, value) in config["env"].as_object().unwrap() {
        assert!(reads.contains(var), "{var} is not read by the server");
        let key = &re
            .captures(value.as_str().unwrap())
            .unwrap_or_else(|| panic!("{var}={value} is not one user_config value"))[1];
        let option = user_config
            .get(key)
            .unwrap_or_else(|| panic!("{var} refers to an undeclared user_config.{key}"));
        // The client substitutes only values it has: an optional setting without a default
        // would reach the server as the literal text `${user_config.…}`.
        assert!(
            option["required"] == true || !option["default"].is_null(),
            "user_config.{key} is optional without a default"
        );
        used.insert(key.to_owned());
    }
    let declared: BTreeSet<String> = user_config.keys().cloned().collect();
    assert_eq!(used, declared, "every user_config value reaches the server");
    for key in [
        "org_url",
        "client_id",
        "key_id",
        "private_key_file",
        "toolsets",
        "read_only",
    ] {
        assert!(declared.contains(key), "user_config.{key}");
    }
    let sensitive: BTreeSet<&str> = user_config
        .iter()
        .filter(|(_, o)| o["sensitive"] == true)
        .map(|(k, _)| k.as_str())
        .collect();
    assert_eq!(sensitive, BTreeSet::from(["api_token", "private_key_file"]));
    assert_eq!(user_config["org_url"]["required"], true);
    assert_eq!(user_config["private_key_file"]["type"], "file");
    assert_eq!(user_config["read_only"]["type"], "boolean");
}

#[test]
fn pypi_project_builds_this_crates_binary() {
    let text = std::fs::read_to_string(repo().join("packaging/pypi/pyproject.toml")).unwrap();
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    for want in [
        "name = \"okta-mcp\"",
        "bindings = \"bin\"",
        "manifest-path = \"../../crates/okta-mcp/Cargo.toml\"",
        "dynamic = [\"version\"]",
        "build-backend = \"maturin\"",
    ] {
        assert!(lines.contains(&want), "pyproject.toml lacks {want}");
    }
    let readme = std::fs::read_to_string(repo().join("packaging/pypi/README.md")).unwrap();
    // The MCP registry checks that the PyPI package claims the server's name.
    let name = json("packaging/server.json")["name"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        readme.contains(&format!("mcp-name: {name}")),
        "README lacks mcp-name"
    );
}
