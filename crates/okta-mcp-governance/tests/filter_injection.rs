//! The governance tools put caller values into Okta filter expressions and ORNs. Whatever the value
//! (quotes, backslashes, `AND`/`OR`, parentheses, unicode), in a filter it must stay one string
//! literal: decoding the literals gives back exactly the values, and the expression around them never
//! changes. In an ORN, which is `:`-separated, only a plain Okta id is accepted at all.

// Helpers outside #[test] fns may unwrap too: a failure here is a failed test.
#![allow(clippy::unwrap_used)]

use std::sync::OnceLock;

use okta_mcp_core::ToolSpec;
use okta_mcp_core::tool::build_request;
use okta_mcp_governance::{filters, orn};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

fn spec(name: &str) -> ToolSpec {
    static TOOLS: OnceLock<Vec<ToolSpec>> = OnceLock::new();
    TOOLS
        .get_or_init(okta_mcp_governance::tools)
        .iter()
        .find(|t| t.name == name)
        .cloned()
        .unwrap_or_else(|| panic!("no tool {name}"))
}

/// Runs the tool's prepare step, as the executor does; returns the prepared arguments.
fn prepared(name: &str, args: Value) -> Result<Map<String, Value>, String> {
    let spec = spec(name);
    let Value::Object(mut args) = args else {
        panic!("arguments must be an object")
    };
    let prepare = spec.prepare.expect("the tool has a prepare step");
    prepare(&mut args)?;
    Ok(args)
}

/// The filter a tool sends: through build_request for single-request tools, else the prepared
/// `filter` argument the handler sends.
fn filter_of(name: &str, args: Value) -> Result<String, String> {
    let spec = spec(name);
    let args = prepared(name, args)?;
    if name == "okta_iga_list_campaign_items" {
        let req = build_request(&spec, &args)?;
        let filters: Vec<&String> = req
            .query
            .iter()
            .filter(|(k, _)| k == "filter")
            .map(|(_, v)| v)
            .collect();
        assert_eq!(filters.len(), 1, "exactly one filter: {:?}", req.query);
        assert!(
            req.query
                .iter()
                .all(|(k, _)| spec.query.contains(&k.as_str())),
            "only declared query parameters: {:?}",
            req.query
        );
        return Ok(filters[0].clone());
    }
    Ok(args
        .get("filter")
        .and_then(Value::as_str)
        .expect("prepare builds the filter")
        .to_owned())
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

/// Values a model (or a hostile prompt) might send, biased towards what could break out.
fn hostile() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\"".to_owned()),
        Just("\\".to_owned()),
        Just("\\\"".to_owned()),
        Just(" OR ".to_owned()),
        Just(" AND targetPrincipal.type eq ".to_owned()),
        Just(" or campaignId ne ".to_owned()),
        Just(")".to_owned()),
        Just("(".to_owned()),
        Just(":".to_owned()),
        Just(":groups:".to_owned()),
        Just("é".to_owned()),
        Just("用户".to_owned()),
        Just("🙂".to_owned()),
        Just("\u{202e}".to_owned()),
        "[a-zA-Z0-9]{1,8}",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..8).prop_map(|p| p.concat())
}

/// What the filter helpers refuse rather than quote.
fn refused(value: &str) -> bool {
    value.chars().any(char::is_control) || value.trim().is_empty()
}

fn check(result: Result<String, String>, values: &[&str], shape: &str, literals: Vec<String>) {
    if values.iter().any(|v| refused(v)) {
        assert!(result.is_err(), "accepted {values:?}: {result:?}");
        return;
    }
    let filter = result.unwrap_or_else(|e| panic!("refused {values:?}: {e}"));
    let (got_shape, got_literals) = split_literals(&filter);
    assert_eq!(got_shape, shape, "the expression changed shape: {filter}");
    assert_eq!(
        got_literals, literals,
        "a literal does not decode to its value: {filter}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(384))]

    #[test]
    fn campaign_items_stay_literals(campaign in hostile(), reviewer in hostile()) {
        check(
            filter_of("okta_iga_list_campaign_items", json!({ "campaignId": campaign })),
            &[&campaign],
            r#"campaignId eq "_""#,
            vec![campaign.clone()],
        );
        check(
            filter_of(
                "okta_iga_list_campaign_items",
                json!({ "campaignId": campaign, "reviewerId": reviewer, "decision": "UNREVIEWED" }),
            ),
            &[&campaign, &reviewer],
            r#"campaignId eq "_" AND reviewerId eq "_" AND decision eq "_""#,
            vec![campaign.clone(), reviewer.clone(), "UNREVIEWED".into()],
        );
    }

    #[test]
    fn user_entitlement_ids_stay_literals(user in hostile(), app in hostile()) {
        check(
            filter_of("okta_iga_list_user_entitlements", json!({ "userId": user, "appId": app })),
            &[&user, &app],
            r#"parent.externalId eq "_" AND parent.type eq "_" AND targetPrincipal.externalId eq "_" AND targetPrincipal.type eq "_""#,
            vec![app.clone(), "APPLICATION".into(), user.clone(), "OKTA_USER".into()],
        );
        check(
            filter_of("okta_iga_list_user_entitlements", json!({ "userId": user })),
            &[&user],
            r#"targetPrincipal.externalId eq "_" AND targetPrincipal.type eq "_""#,
            vec![user.clone(), "OKTA_USER".into()],
        );
    }

    #[test]
    fn request_ids_stay_literals(request in hostile()) {
        for tool in ["okta_iga_approve_access_request", "okta_iga_deny_access_request"] {
            check(
                filter_of(tool, json!({ "requestId": request })),
                &[&request],
                r#"requestId eq "_" AND type eq "_" AND status eq "_""#,
                vec![request.clone(), "APPROVAL".into(), "OPEN".into()],
            );
        }
    }

    /// The revoke composite builds a grants filter from values Okta returned; they are quoted too.
    #[test]
    fn values_from_okta_stay_literals(app in hostile(), user in hostile()) {
        check(
            filters::app_user_grants(&app, &user),
            &[&app, &user],
            r#"target.externalId eq "_" AND target.type eq "_" AND targetPrincipal.externalId eq "_" AND targetPrincipal.type eq "_""#,
            vec![app.clone(), "APPLICATION".into(), user.clone(), "OKTA_USER".into()],
        );
    }

    /// Only plain ids reach an ORN: anything with a separator or other characters is refused
    /// before a request, so an ORN always has its fixed number of parts.
    #[test]
    fn only_plain_ids_reach_an_orn(user in hostile(), value in hostile(), bundle in hostile()) {
        let plain = |s: &str| !s.is_empty() && s.len() <= 64 && s.bytes().all(|b| b.is_ascii_alphanumeric());
        let revoke = prepared(
            "okta_iga_revoke_entitlement",
            json!({ "userId": user, "entitlementValueIds": [value] }),
        );
        prop_assert_eq!(revoke.is_ok(), plain(&user) && plain(&value), "{:?}", revoke);
        let remove = prepared(
            "okta_iga_remove_bundle_from_user",
            json!({ "userId": user, "entitlementBundleId": bundle }),
        );
        prop_assert_eq!(remove.is_ok(), plain(&user) && plain(&bundle), "{:?}", remove);
        if plain(&user) && plain(&value) {
            prop_assert_eq!(orn::user("00o1", &user).split(':').count(), 6);
            prop_assert_eq!(orn::entitlement_value("00o1", &value).split(':').count(), 6);
        }
    }
}

#[test]
fn filters_are_okta_examples_for_plain_ids() {
    assert_eq!(
        filter_of(
            "okta_iga_list_user_entitlements",
            json!({ "userId": "00ub0oNGTSWTBKOLGLNR", "appId": "0oafxqCAJWWGELFTYASJ" })
        )
        .unwrap(),
        r#"parent.externalId eq "0oafxqCAJWWGELFTYASJ" AND parent.type eq "APPLICATION" AND targetPrincipal.externalId eq "00ub0oNGTSWTBKOLGLNR" AND targetPrincipal.type eq "OKTA_USER""#
    );
    assert_eq!(
        filter_of(
            "okta_iga_approve_access_request",
            json!({ "requestId": "req42kjDgk1EubTwo0g4" })
        )
        .unwrap(),
        r#"requestId eq "req42kjDgk1EubTwo0g4" AND type eq "APPROVAL" AND status eq "OPEN""#
    );
}

#[test]
fn the_items_filter_goes_only_to_the_query() {
    let spec = spec("okta_iga_list_campaign_items");
    let args = prepared(
        "okta_iga_list_campaign_items",
        json!({ "campaignId": "icitdyhndQ6qstyvR8g5", "limit": 10, "orderBy": "created desc" }),
    )
    .expect("prepared");
    let req = build_request(&spec, &args).expect("request");
    assert_eq!(req.path, "/governance/api/v1/reviews");
    assert!(req.body.is_none());
    let mut query = req.query.clone();
    query.sort();
    assert_eq!(
        query,
        vec![
            (
                "filter".to_owned(),
                r#"campaignId eq "icitdyhndQ6qstyvR8g5""#.to_owned()
            ),
            ("limit".to_owned(), "10".to_owned()),
            ("orderBy".to_owned(), "created desc".to_owned()),
        ]
    );
}
