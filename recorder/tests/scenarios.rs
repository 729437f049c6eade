//! The rules for a real org, against a small stateful fake org (users that can be created, read,
//! suspended, deactivated and deleted): cases that need a user get one made by the run; the
//! recording still replays against the cassette's own arguments; nothing the run did not create is
//! ever changed; and everything the run created is gone afterwards.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use mock_okta::{CassetteFile, load_all};
use recorder::drive::{fixtures_dir, replay};
use recorder::proxy::Upstream;
use recorder::{Keep, Options, Outcome, Recorder, cassette_json};
use serde_json::{Value, json};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

#[derive(Default)]
struct Org {
    users: BTreeMap<String, Value>,
    issued: Vec<String>,
    next: u32,
    /// Changes asked for on ids the org never issued (other than the fixtures' missing ids).
    foreign_changes: Vec<String>,
    created_logins: Vec<String>,
}

#[derive(Clone)]
struct FakeOrg(Arc<Mutex<Org>>);

fn okta_error(status: u16, code: &str, summary: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({
        "errorCode": code, "errorSummary": summary, "errorLink": code,
        "errorId": "oaeFAKEorgERROR000001", "errorCauses": []
    }))
}

fn user_json(id: &str, status: &str, profile: &Value) -> Value {
    json!({
        "id": id, "status": status, "created": "2025-06-10T14:05:22.000Z",
        "type": {"id": "otyFAKEorgTYPE000001"}, "profile": profile,
        "credentials": {"provider": {"type": "OKTA", "name": "OKTA"}},
        "_links": {"self": {"href": format!("https://acme.oktapreview.com/api/v1/users/{id}")}}
    })
}

impl Respond for FakeOrg {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        // Every Okta answer carries its rate-limit headers; these are the committed cassettes' values.
        self.answer(req)
            .insert_header("X-Rate-Limit-Limit", "600")
            .insert_header("X-Rate-Limit-Remaining", "599")
            .insert_header("X-Rate-Limit-Reset", "1795478400")
    }
}

impl FakeOrg {
    fn answer(&self, req: &Request) -> ResponseTemplate {
        let mut org = self.0.lock().unwrap();
        let method = req.method.as_str().to_owned();
        let path = req.url.path().to_owned();
        let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        let not_found = || okta_error(404, "E0000007", "Not found: Resource not found");
        match (method.as_str(), parts.as_slice()) {
            ("POST", ["api", "v1", "users"]) => {
                let body: Value = serde_json::from_slice(&req.body).unwrap();
                let login = body["profile"]["login"].as_str().unwrap_or("").to_owned();
                if org.users.values().any(|u| u["profile"]["login"] == login) {
                    return okta_error(400, "E0000001", "Api validation failed: login");
                }
                org.next += 1;
                let id = format!("00uFakeOrgUser{:06}", org.next);
                let activate = !req
                    .url
                    .query_pairs()
                    .any(|(k, v)| k == "activate" && v == "false");
                let user = user_json(
                    &id,
                    if activate { "ACTIVE" } else { "STAGED" },
                    &body["profile"],
                );
                org.created_logins.push(login);
                org.issued.push(id.clone());
                org.users.insert(id, user.clone());
                ResponseTemplate::new(200).set_body_json(user)
            }
            (m, ["api", "v1", "users", id, rest @ ..]) => {
                let id = (*id).to_owned();
                if !org.users.contains_key(&id) {
                    if m != "GET" && !id.contains("NOTFOUND") && !org.issued.contains(&id) {
                        org.foreign_changes.push(format!("{m} {path}"));
                    }
                    return not_found();
                }
                let status = org.users[&id]["status"].as_str().unwrap().to_owned();
                let set = |org: &mut Org, s: &str| {
                    org.users.get_mut(&id).unwrap()["status"] = json!(s);
                };
                match (m, rest) {
                    ("GET", []) => ResponseTemplate::new(200).set_body_json(&org.users[&id]),
                    ("POST", ["lifecycle", "suspend"]) if status == "ACTIVE" => {
                        set(&mut org, "SUSPENDED");
                        ResponseTemplate::new(200)
                    }
                    ("POST", ["lifecycle", "suspend"]) => okta_error(
                        400,
                        "E0000001",
                        "Api validation failed: Cannot suspend a user that is not active",
                    ),
                    ("POST", ["lifecycle", "deactivate"]) => {
                        set(&mut org, "DEPROVISIONED");
                        ResponseTemplate::new(200)
                    }
                    ("DELETE", []) if status == "DEPROVISIONED" => {
                        org.users.remove(&id);
                        ResponseTemplate::new(204)
                    }
                    ("DELETE", []) => {
                        set(&mut org, "DEPROVISIONED");
                        ResponseTemplate::new(204)
                    }
                    _ => okta_error(501, "E0000000", "the fake org cannot do that"),
                }
            }
            _ => okta_error(501, "E0000000", "the fake org cannot do that"),
        }
    }
}

fn cassette<'a>(files: &'a [CassetteFile], tool: &str, case: &str) -> &'a CassetteFile {
    files
        .iter()
        .find(|f| f.server == "users" && f.cassette.tool == tool && f.cassette.case == case)
        .unwrap_or_else(|| panic!("no cassette {tool}/{case}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scenarios_own_what_they_touch_replay_and_clean_up() {
    let bin = common::users_binary();
    let server = MockServer::start().await;
    let state = Arc::new(Mutex::new(Org::default()));
    Mock::given(any())
        .respond_with(FakeOrg(state.clone()))
        .mount(&server)
        .await;

    let files = load_all(&fixtures_dir()).unwrap();
    // The fake org is on loopback; the rules for a real org are switched on by hand.
    let mut opts = Options::for_tests(b"scenario-test-key");
    opts.enforce = true;
    opts.scenarios = true;
    opts.keep = Arc::new(Keep::from_cassettes(files.iter().map(|f| &f.cassette)));
    let prefix = opts.run_prefix.clone();
    let mut rec = Recorder::start(opts).await.unwrap();
    rec.proxy().set_upstream(
        Upstream::ssws(&server.uri(), "00fakeOrgTokenForTheScenarioTest00000001").unwrap(),
    );

    let recorded_cases = [
        ("okta_suspend_user", "success", true),
        ("okta_suspend_user", "error_not_active", false),
        ("okta_suspend_user", "error_not_found", false),
        ("okta_get_user", "success", false),
        ("okta_create_user", "success", false),
        ("okta_create_user", "error_validation", false),
        ("okta_deactivate_user", "success", true),
        ("okta_delete_user", "success", true),
    ];
    for (tool, case, same_as_committed) in recorded_cases {
        let f = cassette(&files, tool, case);
        let c = match rec.record("users", &f.cassette).await {
            Outcome::Recorded(c) => c,
            other => panic!("{tool}/{case}: {other:?}"),
        };
        // The recording replays against the cassette's own arguments (the fixtures' ids).
        replay(&bin, &c)
            .await
            .unwrap_or_else(|e| panic!("{tool}/{case} does not replay: {e}"));
        let text = cassette_json(&c);
        assert!(
            !text.contains("FakeOrgUser"),
            "{tool}/{case}: a real id survived:\n{text}"
        );
        assert!(
            !text.contains(&prefix),
            "{tool}/{case}: the run prefix survived"
        );
        assert!(
            !text.contains("acme"),
            "{tool}/{case}: the org host survived"
        );
        if same_as_committed {
            assert_eq!(text, cassette_json(&f.cassette), "{tool}/{case}");
        }
        // The requests are the committed ones, whatever the org answered.
        for (new, old) in c.interactions.iter().zip(&f.cassette.interactions) {
            assert_eq!(
                serde_json::to_value(&new.request).unwrap(),
                serde_json::to_value(&old.request).unwrap(),
                "{tool}/{case}"
            );
        }
        assert_eq!(c.interactions.len(), f.cassette.interactions.len());
        if tool == "okta_create_user" && case == "success" {
            // The new user's id became the committed placeholder, so re-recording is stable.
            let id = &c.interactions[0].response.body.as_ref().unwrap()["id"];
            assert_eq!(id, "00u9newUSER0JLee0001");
        }
    }

    // A cassette that marks what it creates with {{runPrefix}} needs no scenario: the placeholder
    // becomes the run prefix on the way out and the placeholder again in the recording.
    let mut marked = cassette(&files, "okta_create_user", "success")
        .cassette
        .clone();
    marked.case = "marked".into();
    marked.arguments["profile"]["login"] = json!("{{runPrefix}}-jordan.lee@example.com");
    marked.arguments["profile"]["email"] = json!("{{runPrefix}}-jordan.lee@example.com");
    let c = match rec.record("users", &marked).await {
        Outcome::Recorded(c) => c,
        other => panic!("okta_create_user/marked: {other:?}"),
    };
    let body = c.interactions[0].request.body.as_ref().unwrap();
    assert_eq!(
        body["profile"]["login"],
        "{{runPrefix}}-jordan.lee@example.com"
    );
    replay(&bin, &c).await.unwrap();
    // Without the placeholder (and without a scenario), a create is not run.
    marked.arguments["profile"]["login"] = json!("jordan.lee@example.com");
    marked.arguments["profile"]["email"] = json!("jordan.lee@example.com");
    match rec.record("users", &marked).await {
        Outcome::Skipped(why) => assert!(why.contains("{{runPrefix}}"), "{why}"),
        other => panic!("a create without the run prefix ran: {other:?}"),
    }

    // A change to an object the run did not create is skipped, without a call.
    for (tool, case) in [
        ("okta_enroll_factor", "update_phone"),
        ("okta_revoke_session", "success"),
    ] {
        match rec
            .record("users", &cassette(&files, tool, case).cassette)
            .await
        {
            Outcome::Skipped(why) => assert!(why.contains("did not create"), "{why}"),
            other => panic!("{tool}/{case} should be skipped: {other:?}"),
        }
    }

    let created = rec.created().len();
    assert!(created >= 7, "only {created} objects created");
    let report = rec.cleanup().await;
    assert!(report.left.is_empty(), "left behind: {:?}", report.left);
    assert_eq!(report.removed.len(), created);
    assert!(rec.created().is_empty());

    let org = state.lock().unwrap();
    assert!(
        org.users.is_empty(),
        "still in the org: {:?}",
        org.users.keys()
    );
    assert!(
        org.foreign_changes.is_empty(),
        "changed objects the run did not create: {:?}",
        org.foreign_changes
    );
    for login in &org.created_logins {
        assert!(login.starts_with(&prefix), "{login} lacks the run prefix");
    }
}
