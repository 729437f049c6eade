//! The governance tools put caller values into Okta filter expressions and ORNs. Whatever the value
//! (quotes, backslashes, `AND`/`OR`, parentheses, unicode), in a filter it must stay one string
//! literal: decoding the literals gives back exactly the values, and the expression around them never
//! changes. In an ORN, which is `:`-separated, only a plain Okta id is accepted at all.

// Helpers outside #[test] fns may unwrap too: a failure here is a failed test.
#![allow(clippy::unwrap_used)]

use std::sync::OnceLock;

use okta_mcp_core::ToolSpec;
use okta_mcp_core::client::ApiRequest;
use okta_mcp_core::tool::ToolError;
use okta_mcp_governance::{filters, orn};
use proptest::prelude::*;
use serde_json::{Value, json};

fn spec(name: &str) -> ToolSpec {
    static TOOLS: OnceLock<Vec<ToolSpec>> = OnceLock::new();
    TOOLS
        .get_or_init(okta_mcp_governance::tools)
        .iter()
        .find(|t| t.name == name)
        .cloned()
        .unwrap_or_else(|| panic!("no tool {name}"))
}

/// The request a single-request tool sends for these arguments (parsed, prepared, routed).
fn request(name: &str, args: Value) -> Result<ApiRequest, ToolError> {
    let Value::Object(args) = args else {
        panic!("arguments must be an object")
    };
    spec(name).request(args)
}

/// The one filter okta_iga_list_campaign_items sends, checking that only declared query
/// parameters go with it.
fn items_filter(args: Value) -> Result<String, ToolError> {
    let spec = spec("okta_iga_list_campaign_items");
    let req = request(spec.name, args)?;
    let filters: Vec<&String> = req
        .query
        .iter()
        .filter(|(k, _)| k == "filter")
        .map(|(_, v)| v)
        .collect();
    assert_eq!(filters.len(), 1, "exactly one filter: {:?}", req.query);
    let declared = spec.query_params();
    assert!(
        req.query
            .iter()
            .all(|(k, _)| declared.contains(&k.as_str())),
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

fn check(result: Result<String, ToolError>, values: &[&str], shape: &str, literals: Vec<String>) {
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
            items_filter(json!({ "campaignId": campaign })),
            &[&campaign],
            r#"campaignId eq "_""#,
            vec![campaign.clone()],
        );
        check(
            items_filter(
                json!({ "campaignId": campaign, "reviewerId": reviewer, "decision": "UNREVIEWED" }),
            ),
            &[&campaign, &reviewer],
            r#"campaignId eq "_" AND reviewerId eq "_" AND decision eq "_""#,
            vec![campaign.clone(), reviewer.clone(), "UNREVIEWED".into()],
        );
    }

    /// okta_iga_list_user_entitlements is a composite: its handler sends one of these two filters.
    #[test]
    fn user_entitlement_ids_stay_literals(user in hostile(), app in hostile()) {
        check(
            filters::principal_entitlements(&app, &user),
            &[&user, &app],
            r#"parent.externalId eq "_" AND parent.type eq "_" AND targetPrincipal.externalId eq "_" AND targetPrincipal.type eq "_""#,
            vec![app.clone(), "APPLICATION".into(), user.clone(), "OKTA_USER".into()],
        );
        check(
            filters::user_grants(&user),
            &[&user],
            r#"targetPrincipal.externalId eq "_" AND targetPrincipal.type eq "_""#,
            vec![user.clone(), "OKTA_USER".into()],
        );
    }

    /// The approve and deny composites look up the request's open tasks with this filter.
    #[test]
    fn request_ids_stay_literals(request in hostile()) {
        check(
            filters::open_approval_tasks(&request),
            &[&request],
            r#"requestId eq "_" AND type eq "_" AND status eq "_""#,
            vec![request.clone(), "APPROVAL".into(), "OPEN".into()],
        );
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

    /// The catalog lists build Okta's required parent filter from parentId, through their route.
    #[test]
    fn catalog_parents_stay_literals(parent in hostile()) {
        for (tool, mut args) in [
            ("okta_iga_list_catalog_entries", json!({})),
            ("okta_iga_list_user_catalog_entries", json!({ "userId": "00u1f96ECLNVOKVMUSEA" })),
        ] {
            args["parentId"] = json!(parent);
            let sent = request(tool, args).map(|req| {
                let filters: Vec<String> = req
                    .query
                    .iter()
                    .filter(|(k, _)| k == "filter")
                    .map(|(_, v)| v.clone())
                    .collect();
                assert_eq!(filters.len(), 1, "exactly one filter: {:?}", req.query);
                filters[0].clone()
            });
            check(sent, &[&parent], r#"parent eq "_""#, vec![parent.clone()]);
        }
    }

    /// Only plain ids reach an ORN: anything with a separator or other characters is refused
    /// (the revoke composites check every id with `okta_id` before a request), so an ORN always
    /// has its fixed number of parts.
    #[test]
    fn only_plain_ids_reach_an_orn(user in hostile(), value in hostile(), bundle in hostile()) {
        let plain = |s: &str| !s.is_empty() && s.len() <= 64 && s.bytes().all(|b| b.is_ascii_alphanumeric());
        for id in [&user, &value, &bundle] {
            let checked = orn::okta_id("id", id);
            prop_assert_eq!(checked.is_ok(), plain(id), "{:?}", checked);
        }
        if plain(&user) && plain(&value) && plain(&bundle) {
            prop_assert_eq!(orn::user("00o1", &user).split(':').count(), 6);
            prop_assert_eq!(orn::entitlement_value("00o1", &value).split(':').count(), 6);
            prop_assert_eq!(orn::entitlement_bundle("00o1", &bundle).split(':').count(), 6);
        }
    }
}

#[test]
fn filters_are_okta_examples_for_plain_ids() {
    assert_eq!(
        filters::principal_entitlements("0oafxqCAJWWGELFTYASJ", "00ub0oNGTSWTBKOLGLNR").unwrap(),
        r#"parent.externalId eq "0oafxqCAJWWGELFTYASJ" AND parent.type eq "APPLICATION" AND targetPrincipal.externalId eq "00ub0oNGTSWTBKOLGLNR" AND targetPrincipal.type eq "OKTA_USER""#
    );
    assert_eq!(
        filters::open_approval_tasks("req42kjDgk1EubTwo0g4").unwrap(),
        r#"requestId eq "req42kjDgk1EubTwo0g4" AND type eq "APPROVAL" AND status eq "OPEN""#
    );
}

#[test]
fn without_a_parent_the_catalog_lists_top_level_entries() {
    for (tool, args) in [
        ("okta_iga_list_catalog_entries", json!({"match": "Sales"})),
        (
            "okta_iga_list_user_catalog_entries",
            json!({"userId": "00u1f96ECLNVOKVMUSEA"}),
        ),
    ] {
        let req = request(tool, args).expect("request");
        assert!(
            req.query
                .iter()
                .any(|(k, v)| k == "filter" && v == "not(parent pr)"),
            "{tool}: {:?}",
            req.query
        );
    }
}

#[test]
fn the_items_filter_goes_only_to_the_query() {
    let req = request(
        "okta_iga_list_campaign_items",
        json!({ "campaignId": "icitdyhndQ6qstyvR8g5", "limit": 10, "orderBy": "created desc" }),
    )
    .expect("request");
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
