use serde_json::json;

use super::*;

/// Every tool any prompt names, with whether it changes Okta.
fn all_tools() -> Vec<(&'static str, bool)> {
    PROMPTS
        .iter()
        .flat_map(|p| p.steps.iter())
        .flat_map(|s| s.tools.iter().map(move |t| (*t, s.changes)))
        .collect()
}

fn text_of(r: &GetPromptResult) -> String {
    r.messages
        .iter()
        .filter_map(|m| match &m.content {
            rmcp::model::ContentBlock::Text(t) => Some(t.text.clone()),
            _ => None,
        })
        .collect()
}

fn named_tools(text: &str) -> Vec<String> {
    let re = regex::Regex::new(r"okta_[a-z_]+").unwrap();
    re.find_iter(text).map(|m| m.as_str().to_owned()).collect()
}

fn args(v: serde_json::Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap()
}

#[test]
fn names_are_unique_and_required_arguments_come_first() {
    let mut names: Vec<&str> = PROMPTS.iter().map(|p| p.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), PROMPTS.len());
    for p in &PROMPTS {
        assert!(p.steps.iter().any(|s| s.required), "{}", p.name);
        for a in p.arguments {
            if a.required {
                assert!(p.goal.contains(&format!("{{{}}}", a.name)), "{}", p.name);
            }
        }
    }
}

#[test]
fn every_tool_served_offers_every_prompt_in_full() {
    let p = Prompts::new(all_tools().into_iter().map(|(t, _)| t));
    assert_eq!(p.list().len(), PROMPTS.len());
    assert!(p.offered.iter().all(|(_, m)| *m == Mode::Full));
}

#[test]
fn reads_only_give_reports_or_nothing() {
    let p = Prompts::new(all_tools().into_iter().filter(|(_, c)| !c).map(|(t, _)| t));
    for decl in &PROMPTS {
        let offered = p.offered.iter().find(|(d, _)| d.name == decl.name);
        let needs_changes = decl.steps.iter().any(|s| s.required && s.changes);
        match (needs_changes, decl.report_when_read_only) {
            (false, _) => assert_eq!(offered.map(|o| o.1), Some(Mode::Full), "{}", decl.name),
            (true, true) => assert_eq!(offered.map(|o| o.1), Some(Mode::Report), "{}", decl.name),
            (true, false) => assert!(offered.is_none(), "{}", decl.name),
        }
    }
}

#[test]
fn text_names_only_served_tools_and_asks_before_changes() {
    // The users toolset alone: no admin-role removal, no governance grants.
    let served = [
        "okta_get_user",
        "okta_get_user_roles",
        "okta_get_user_apps",
        "okta_get_user_groups",
        "okta_revoke_user_sessions",
        "okta_deactivate_user",
    ];
    let p = Prompts::new(served);
    let r = p
        .get(
            "offboard_user",
            Some(&args(json!({"user": "ada@example.com"}))),
        )
        .unwrap();
    let text = text_of(&r);
    assert!(text.contains("ada@example.com"), "{text}");
    for t in named_tools(&text) {
        assert!(served.contains(&t.as_str()), "{t} is not served:\n{text}");
    }
    assert!(text.contains("`okta_get_user_roles` (read-only)"), "{text}");
    assert!(
        text.contains("`okta_deactivate_user` (changes Okta)"),
        "{text}"
    );
    assert!(text.contains("ask for confirmation"), "{text}");
    assert!(text.contains("remove each admin role"), "{text}");
    let revoke = text.find("okta_revoke_user_sessions").unwrap();
    let deactivate = text.find("okta_deactivate_user").unwrap();
    assert!(revoke < deactivate, "steps keep their order:\n{text}");
}

#[test]
fn a_report_names_no_change_tool() {
    let served = ["okta_get_auth_server", "okta_list_auth_server_keys"];
    let p = Prompts::new(served);
    let text = text_of(
        &p.get(
            "rotate_auth_server_keys",
            Some(&args(json!({"auth_server": "default"}))),
        )
        .unwrap(),
    );
    assert!(text.contains("read-only report"), "{text}");
    assert!(!text.contains("changes Okta"), "{text}");
    assert!(!text.contains("ask for confirmation"), "{text}");
    for t in named_tools(&text) {
        assert!(served.contains(&t.as_str()), "{t}:\n{text}");
    }
    assert!(
        p.list()[0]
            .description
            .as_deref()
            .unwrap()
            .contains("read-only")
    );
}

#[test]
fn arguments_are_checked() {
    let p = Prompts::new(all_tools().into_iter().map(|(t, _)| t));
    assert!(matches!(
        p.get("offboard_user", None),
        Err(PromptError::Missing { arg: "user", .. })
    ));
    assert!(matches!(
        p.get("offboard_user", Some(&args(json!({"user": "  "})))),
        Err(PromptError::Missing { .. })
    ));
    assert!(matches!(
        p.get(
            "offboard_user",
            Some(&args(json!({"user": "a", "usr": "b"})))
        ),
        Err(PromptError::Invalid { .. })
    ));
    assert!(matches!(p.get("nope", None), Err(PromptError::Unknown(_))));
    let text = text_of(
        &p.get(
            "investigate_failed_sign_ins",
            Some(&args(json!({"ip": "203.0.113.9", "since": "24 hours"}))),
        )
        .unwrap(),
    );
    assert!(text.contains("- IP address: 203.0.113.9") && text.contains("- Since: 24 hours"));
}

#[test]
fn completion_offers_known_values_by_prefix() {
    let p = Prompts::new(all_tools().into_iter().map(|(t, _)| t));
    let c = p
        .complete("investigate_failed_sign_ins", "since", "")
        .unwrap();
    assert_eq!(c.values.len(), 4);
    let c = p
        .complete("audit_admin_roles", "inactive_days", "1")
        .unwrap();
    assert_eq!(c.values, ["180"]);
    assert!(
        p.complete("offboard_user", "user", "a")
            .unwrap()
            .values
            .is_empty()
    );
    assert!(p.complete("nope", "x", "").is_err());
}

#[test]
fn nothing_served_offers_nothing() {
    assert!(Prompts::new(["okta_list_devices"]).is_empty());
}
