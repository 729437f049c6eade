//! The System Log helpers put caller values into an Okta filter expression. Whatever the value
//! (quotes, backslashes, `or`, parentheses, unicode), it must stay one string literal: decoding
//! the literals gives back exactly the values, and the expression around them never changes.

use okta_mcp_core::ToolSpec;
use proptest::prelude::*;
use serde_json::{Map, Value, json};

fn spec(name: &str) -> ToolSpec {
    okta_mcp_admin::tools()
        .into_iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no tool {name}"))
}

/// Parses, prepares and routes the arguments as the executor does; returns the filter.
fn filter_of(name: &str, args: Value) -> Result<String, String> {
    let spec = spec(name);
    let Value::Object(args) = args else {
        panic!("arguments must be an object")
    };
    assert!(spec.has_prepare(), "the helper has a prepare step");
    let req = spec.request(args).map_err(|e| e.to_string())?;
    let filters: Vec<&String> = req
        .query
        .iter()
        .filter(|(k, _)| k == "filter")
        .map(|(_, v)| v)
        .collect();
    assert_eq!(
        filters.len(),
        1,
        "exactly one filter parameter: {:?}",
        req.query
    );
    assert!(
        req.query
            .iter()
            .all(|(k, _)| spec.query_params().contains(&k.as_str())),
        "only declared query parameters: {:?}",
        req.query
    );
    Ok(filters[0].clone())
}

/// Splits an expression into its shape (every string literal replaced by `"_"`) and the decoded
/// literals, reading literals the way Okta does: `\` escapes the next character.
fn split_literals(expr: &str) -> (String, Vec<String>) {
    let mut shape = String::new();
    let mut literals = Vec::new();
    let mut chars = expr.chars();
    while let Some(c) = chars.next() {
        if c != '"' {
            shape.push(c);
            continue;
        }
        let mut lit = String::new();
        let mut closed = false;
        while let Some(c) = chars.next() {
            match c {
                '\\' => lit.push(chars.next().expect("an escape is followed by a character")),
                '"' => {
                    closed = true;
                    break;
                }
                other => lit.push(other),
            }
        }
        assert!(closed, "unterminated literal in {expr:?}");
        shape.push_str("\"_\"");
        literals.push(lit);
    }
    (shape, literals)
}

/// Values a model might send, biased towards what could break out of a literal.
fn hostile() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\"".to_owned()),
        Just("\\".to_owned()),
        Just("\\\"".to_owned()),
        Just(" or ".to_owned()),
        Just(" and eventType sw ".to_owned()),
        Just(")".to_owned()),
        Just("(".to_owned()),
        Just("é".to_owned()),
        Just("用户".to_owned()),
        Just("🙂".to_owned()),
        Just("\u{202e}".to_owned()),
        "[a-zA-Z0-9.]{1,6}",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..8).prop_map(|p| p.concat())
}

/// What the helpers refuse rather than quote.
fn refused(value: &str) -> bool {
    value.chars().any(char::is_control) || value.trim().is_empty()
}

fn check(name: &str, args: Value, values: &[&str], shape: &str, literals: Vec<String>) {
    let result = filter_of(name, args);
    if values.iter().any(|v| refused(v)) {
        assert!(result.is_err(), "{name} accepted {values:?}: {result:?}");
        return;
    }
    let filter = result.unwrap_or_else(|e| panic!("{name} refused {values:?}: {e}"));
    let (got_shape, got_literals) = split_literals(&filter);
    assert_eq!(got_shape, shape, "the expression changed shape: {filter}");
    assert_eq!(
        got_literals, literals,
        "a literal does not decode to its value: {filter}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn user_id_stays_a_literal(user in hostile()) {
        check(
            "okta_get_system_log_events_for_user",
            json!({ "userId": user, "since": "2026-11-20T00:00:00Z" }),
            &[&user],
            r#"actor.id eq "_" or target.id eq "_""#,
            vec![user.clone(), user.clone()],
        );
    }

    #[test]
    fn app_id_stays_a_literal(app in hostile()) {
        check(
            "okta_get_system_log_events_for_app",
            json!({ "appId": app }),
            &[&app],
            r#"target.id eq "_""#,
            vec![app.clone()],
        );
    }

    #[test]
    fn failed_login_user_stays_a_literal(user in hostile()) {
        check(
            "okta_get_system_log_failed_logins",
            json!({ "userId": user, "limit": 5 }),
            &[&user],
            r#"eventType eq "_" and outcome.result eq "_" and actor.id eq "_""#,
            vec!["user.session.start".into(), "FAILURE".into(), user.clone()],
        );
    }

    #[test]
    fn prefixes_and_actor_stay_literals(
        prefixes in prop::collection::vec(hostile(), 1..5),
        actor in hostile(),
    ) {
        let terms = vec![r#"eventType sw "_""#; prefixes.len()].join(" or ");
        let mut values: Vec<&str> = prefixes.iter().map(String::as_str).collect();
        values.push(&actor);
        let mut literals = prefixes.clone();
        literals.push(actor.clone());
        check(
            "okta_get_system_log_admin_actions",
            json!({ "eventTypePrefixes": prefixes, "actorId": actor }),
            &values,
            &format!(r#"({terms}) and actor.id eq "_""#),
            literals,
        );
    }
}

#[test]
fn the_default_admin_filter_covers_every_listed_family() {
    let filter = filter_of("okta_get_system_log_admin_actions", json!({})).expect("default filter");
    let (shape, literals) = split_literals(&filter);
    let prefixes = okta_mcp_admin::ADMIN_EVENT_PREFIXES;
    assert_eq!(
        shape,
        vec![r#"eventType sw "_""#; prefixes.len()].join(" or ")
    );
    assert_eq!(literals, prefixes);
}

#[test]
fn failed_logins_without_a_user_cover_everyone() {
    let filter = filter_of("okta_get_system_log_failed_logins", json!({})).expect("filter");
    assert_eq!(
        filter,
        r#"eventType eq "user.session.start" and outcome.result eq "FAILURE""#
    );
}

#[test]
fn an_empty_prefix_list_is_refused() {
    let err = filter_of(
        "okta_get_system_log_admin_actions",
        json!({ "eventTypePrefixes": [] }),
    )
    .expect_err("no prefixes");
    assert!(err.contains("eventTypePrefixes"), "{err}");
}

#[test]
fn the_helpers_route_the_filter_only_to_the_query() {
    let spec = spec("okta_get_system_log_events_for_user");
    let args: Map<String, Value> = serde_json::from_value(json!({
        "userId": "00ub0oNGTSWTBKOLGLNR",
        "since": "2026-11-20T00:00:00Z",
        "sortOrder": "DESCENDING",
    }))
    .expect("object");
    let req = spec.request(args).expect("request");
    assert_eq!(req.path, "/api/v1/logs");
    assert!(req.body.is_none());
    let mut query = req.query.clone();
    query.sort();
    assert_eq!(
        query,
        vec![
            (
                "filter".to_owned(),
                r#"actor.id eq "00ub0oNGTSWTBKOLGLNR" or target.id eq "00ub0oNGTSWTBKOLGLNR""#
                    .to_owned()
            ),
            // The tool's default page size, sent when the caller gives none.
            ("limit".to_owned(), "20".to_owned()),
            ("since".to_owned(), "2026-11-20T00:00:00Z".to_owned()),
            ("sortOrder".to_owned(), "DESCENDING".to_owned()),
        ]
    );
}
