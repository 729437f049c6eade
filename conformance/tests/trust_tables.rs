//! What the trust features read from the tool tables: every argument that looks secret is marked
//! secret on its declaration (or is listed here as not secret), and every write whose outcome can be
//! unknown names a read tool to check with.

// Helpers outside #[test] fns may unwrap too: a failure here is a failed test.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;

use okta_mcp::TOOLSETS;
use okta_mcp_core::tool::{Field, Secret, ToolSpec, resolve_checks};
use serde_json::Value;

/// Words in an argument's name that say it may hold a secret (compared lower-case, without `_`).
const SECRET_WORDS: &[&str] = &[
    "password",
    "passcode",
    "answer",
    "secret",
    "token",
    "privatekey",
    "certificate",
];

/// Arguments whose names look secret but hold none: (tool, dotted argument path, why).
const NOT_SECRET: &[(&str, &str, &str)] = &[
    (
        "okta_create_custom_domain",
        "certificateSourceType",
        "who provides the certificate: MANUAL or OKTA_MANAGED",
    ),
    (
        "okta_update_customized_sign_in_page",
        "widgetCustomizations.passwordLabel",
        "a label the widget shows",
    ),
    (
        "okta_update_customized_sign_in_page",
        "widgetCustomizations.passwordInfoTip",
        "a tip the widget shows",
    ),
    (
        "okta_update_customized_sign_in_page",
        "widgetCustomizations.showPasswordVisibilityToggle",
        "a display flag",
    ),
    (
        "okta_update_customized_sign_in_page",
        "widgetCustomizations.forgotPasswordLabel",
        "a label the widget shows",
    ),
    (
        "okta_update_customized_sign_in_page",
        "widgetCustomizations.forgotPasswordUrl",
        "a link the widget shows",
    ),
    (
        "okta_update_preview_sign_in_page",
        "widgetCustomizations.passwordLabel",
        "a label the widget shows",
    ),
    (
        "okta_update_preview_sign_in_page",
        "widgetCustomizations.passwordInfoTip",
        "a tip the widget shows",
    ),
    (
        "okta_update_preview_sign_in_page",
        "widgetCustomizations.showPasswordVisibilityToggle",
        "a display flag",
    ),
    (
        "okta_update_preview_sign_in_page",
        "widgetCustomizations.forgotPasswordLabel",
        "a label the widget shows",
    ),
    (
        "okta_update_preview_sign_in_page",
        "widgetCustomizations.forgotPasswordUrl",
        "a link the widget shows",
    ),
    (
        "okta_revoke_user_sessions",
        "oauthTokens",
        "a flag: also revoke the user's tokens",
    ),
    (
        "okta_enroll_factor",
        "tokenLifetimeSeconds",
        "a lifetime in seconds",
    ),
    (
        "okta_verify_factor",
        "tokenLifetimeSeconds",
        "a lifetime in seconds",
    ),
    (
        "okta_create_claim",
        "alwaysIncludeInToken",
        "a flag on the claim",
    ),
    (
        "okta_update_claim",
        "alwaysIncludeInToken",
        "a flag on the claim",
    ),
    (
        "okta_create_auth_server",
        "accessTokenEncryptedResponseAlgorithm",
        "an algorithm's name",
    ),
    (
        "okta_update_auth_server",
        "accessTokenEncryptedResponseAlgorithm",
        "an algorithm's name",
    ),
];

fn looks_secret(name: &str) -> bool {
    let name = name.to_ascii_lowercase().replace(['_', '-'], "");
    SECRET_WORDS.iter().any(|w| name.contains(w))
}

/// Every property name in a schema, as a dotted path below `prefix`.
fn names(schema: &Value, prefix: &str, out: &mut Vec<String>) {
    let Value::Object(obj) = schema else { return };
    if let Some(Value::Object(props)) = obj.get("properties") {
        for (name, sub) in props {
            let path = format!("{prefix}.{name}");
            out.push(path.clone());
            names(sub, &path, out);
        }
    }
    for key in ["items", "additionalProperties"] {
        if let Some(sub) = obj.get(key) {
            names(sub, prefix, out);
        }
    }
    for key in ["anyOf", "oneOf", "allOf"] {
        if let Some(Value::Array(alts)) = obj.get(key) {
            for alt in alts {
                names(alt, prefix, out);
            }
        }
    }
}

/// Whether `path` (below the argument) lies inside what the field marks secret.
fn covered(field: &Field, below: &[&str]) -> bool {
    match field.secret {
        Secret::None => false,
        Secret::Whole => true,
        Secret::At(paths) => paths.iter().any(|p| {
            let p: Vec<&str> = p.split('.').collect();
            below.len() >= p.len() && below[..p.len()] == p[..]
        }),
    }
}

fn all_tools() -> Vec<(&'static str, ToolSpec)> {
    TOOLSETS
        .iter()
        .flat_map(|s| (s.tools)().into_iter().map(move |t| (s.toolset(), t)))
        .collect()
}

#[test]
fn every_argument_that_looks_secret_is_marked_secret() {
    let mut problems = Vec::new();
    let mut allowed_used = BTreeSet::new();
    let mut marked = 0;
    for (_, tool) in all_tools() {
        let props = tool.input_schema.get("properties").cloned();
        for field in tool.fields().iter().filter(|f| !f.filled_by_prepare) {
            if field.secret != Secret::None {
                marked += 1;
            }
            let mut paths = vec![field.arg.to_owned()];
            if let Some(schema) = props.as_ref().and_then(|p| p.get(field.arg)) {
                names(schema, field.arg, &mut paths);
            }
            for path in paths {
                let parts: Vec<&str> = path.split('.').collect();
                if !looks_secret(parts.last().unwrap()) || covered(field, &parts[1..]) {
                    continue;
                }
                match NOT_SECRET
                    .iter()
                    .find(|(t, p, _)| *t == tool.name && *p == path)
                {
                    Some(entry) => {
                        allowed_used.insert((entry.0, entry.1));
                    }
                    None => problems.push(format!(
                        "{}: `{path}` looks secret but is not marked: #[arg(.., secret)] (or secret(\"member\")), or list it in NOT_SECRET with why",
                        tool.name
                    )),
                }
            }
        }
    }
    for (tool, path, _) in NOT_SECRET {
        if !allowed_used.contains(&(*tool, *path)) {
            problems.push(format!(
                "NOT_SECRET lists {tool} `{path}`, which no longer exists or is now marked"
            ));
        }
    }
    assert!(marked >= 10, "only {marked} secret marks found");
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

/// The secret arguments the issue names are marked, nested ones included.
#[test]
fn the_known_secrets_are_marked() {
    let tools = all_tools();
    let field = |tool: &str, arg: &str| -> Field {
        *tools
            .iter()
            .find(|(_, t)| t.name == tool)
            .unwrap_or_else(|| panic!("{tool}"))
            .1
            .fields()
            .iter()
            .find(|f| f.arg == arg)
            .unwrap_or_else(|| panic!("{tool} {arg}"))
    };
    for (tool, arg, below) in [
        ("okta_set_password", "password", ""),
        ("okta_verify_factor", "passCode", ""),
        ("okta_verify_factor", "answer", ""),
        ("okta_activate_factor", "passCode", ""),
        ("okta_create_user", "credentials", "password.value"),
        (
            "okta_create_user",
            "credentials",
            "recovery_question.answer",
        ),
        ("okta_update_user", "credentials", "password.value"),
        (
            "okta_create_app",
            "credentials",
            "oauthClient.client_secret",
        ),
        (
            "okta_update_app",
            "app",
            "credentials.oauthClient.client_secret",
        ),
        (
            "okta_create_event_hook",
            "channel",
            "config.authScheme.value",
        ),
        ("okta_create_inline_hook", "channel", "config.clientSecret"),
    ] {
        let parts: Vec<&str> = below.split('.').filter(|p| !p.is_empty()).collect();
        assert!(
            covered(&field(tool, arg), &parts),
            "{tool} {arg}.{below} is not marked secret"
        );
    }
}

/// A write whose answer is lost leaves its outcome unknown: its error must name a read tool of the
/// same toolset to check with, found from the route or declared with `.check_with`. Creates and
/// actions (not safe to repeat) most of all; updates and deletes too.
#[test]
fn every_write_names_a_read_tool_to_check_with() {
    let mut problems = Vec::new();
    let mut resolved = 0;
    for server in &TOOLSETS {
        let mut tools = (server.tools)();
        resolve_checks(&mut tools);
        let reads: BTreeSet<&str> = tools
            .iter()
            .filter(|t| t.kind.is_read())
            .map(|t| t.name)
            .collect();
        for t in &tools {
            if t.kind.is_read() {
                continue;
            }
            match t.check_with {
                Some(read) if reads.contains(read) => resolved += 1,
                Some(other) => problems.push(format!(
                    "{}: check_with {other} is no read tool of {}",
                    t.name, server.name
                )),
                None => problems.push(format!(
                    "{} ({} {}): no read tool to check with; declare .check_with(\"…\")",
                    t.name, t.route.method, t.route.path
                )),
            }
        }
    }
    assert!(resolved > 100, "only {resolved} resolved");
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

/// The derivation picks the resource's own read tool.
#[test]
fn the_derived_read_tools_are_the_resources_own() {
    let mut users = (okta_mcp_users::SERVER.tools)();
    resolve_checks(&mut users);
    let check = |name: &str| {
        users
            .iter()
            .find(|t| t.name == name)
            .and_then(|t| t.check_with)
    };
    assert_eq!(check("okta_create_user"), Some("okta_list_users"));
    assert_eq!(check("okta_suspend_user"), Some("okta_get_user"));
    assert_eq!(check("okta_set_password"), Some("okta_get_user"));
}
