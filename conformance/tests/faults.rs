//! The fault matrix of DESIGN.md §5, against the real server binaries over stdio.
//!
//! Each test is one fault; it runs all four method classes at once — GET (`okta_get_user`), DELETE
//! (`okta_revoke_session`), POST (`okta_create_user`) on `okta-mcp-users`, PUT (`okta_update_app`) on
//! `okta-mcp-apps` — each on its own path (a POST is told apart by a marker in its body), so the
//! requests the org received can be counted per call. The traffic goes through mock-okta's
//! [`FaultProxy`], which sees every request, including those whose connection it breaks.
//! After each fault the same server processes must answer a fresh call correctly.
//!
//! Settings: `OKTA_MCP_MAX_RETRIES=2`, `OKTA_MCP_TIMEOUT_SECS=1`, `OKTA_MCP_MAX_RESPONSE_MB=1`,
//! `OKTA_MCP_MAX_RETRY_WAIT_SECS=5`.

use std::time::{Duration, Instant};

use mock_okta::faults::{
    self, ErrorPage, Fault, FaultProxy, HttpFault, Outcome, Route, Trigger, WireFault,
};
use mock_okta::{Expect as CassetteExpect, MockOrg, load_all};
use okta_mcp_driver::{Client, binary_path, call, connect, fixtures_dir, text_of};
use rmcp::model::CallToolResult;
use serde_json::{Map, Value, json};

const CALL_DEADLINE: Duration = Duration::from_secs(20);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Get,
    Put,
    Delete,
    Post,
}

const CLASSES: [Class; 4] = [Class::Get, Class::Put, Class::Delete, Class::Post];

/// What one call must come to.
#[derive(Debug, Clone, Copy)]
struct Exp {
    ok: bool,
    /// Requests the org received for this call (retries included).
    requests: usize,
    /// Substrings of the error text.
    contains: &'static [&'static str],
    /// The call takes at least this long (a 429's wait, a timeout).
    min_elapsed: Duration,
}

const fn ok(requests: usize) -> Exp {
    Exp {
        ok: true,
        requests,
        contains: &[],
        min_elapsed: Duration::ZERO,
    }
}

const fn err(requests: usize, contains: &'static [&'static str]) -> Exp {
    Exp {
        ok: false,
        requests,
        contains,
        min_elapsed: Duration::ZERO,
    }
}

impl Exp {
    const fn after(mut self, d: Duration) -> Self {
        self.min_elapsed = d;
        self
    }
}

/// One row of the matrix: a fault, which requests it hits, and the behaviour per method class.
struct Row {
    fault: Option<Fault>,
    trigger: Trigger,
    /// Close the org's port for this long before the calls (connection refused).
    refuse: Option<Duration>,
    get: Exp,
    /// PUT and DELETE: safe to repeat.
    idempotent: Exp,
    post: Exp,
    /// DELETE, where it differs from PUT.
    delete: Option<Exp>,
}

impl Row {
    fn expect(&self, class: Class) -> Exp {
        match class {
            Class::Get => self.get,
            Class::Delete => self.delete.unwrap_or(self.idempotent),
            Class::Put => self.idempotent,
            Class::Post => self.post,
        }
    }
}

struct Rig {
    org: MockOrg,
    proxy: FaultProxy,
    users: Client,
    apps: Client,
    /// Success answers, from the cassettes.
    user: Value,
    app: Value,
}

fn success_body(server: &str, tool: &str) -> Value {
    let files = load_all(&fixtures_dir()).expect("fixtures");
    files
        .into_iter()
        .find(|f| {
            f.server == server
                && f.cassette.tool == tool
                && f.cassette.expect == CassetteExpect::Success
        })
        .and_then(|f| f.cassette.interactions[0].response.body.clone())
        .expect("a success cassette with a body")
}

async fn rig() -> Rig {
    let org = MockOrg::reusable(Vec::new(), None).await;
    let proxy = FaultProxy::start(&org).await.expect("proxy");
    let uri = proxy.uri();
    let env = [
        ("OKTA_ORG_URL", uri.as_str()),
        ("OKTA_API_TOKEN", "00faultMatrixTOKEN"),
        ("OKTA_MCP_MAX_RETRIES", "2"),
        ("OKTA_MCP_TIMEOUT_SECS", "1"),
        ("OKTA_MCP_MAX_RESPONSE_MB", "1"),
        ("OKTA_MCP_MAX_RETRY_WAIT_SECS", "5"),
    ];
    let users = connect(&binary_path("okta-mcp-users").expect("binary"), &env)
        .await
        .expect("users server");
    let apps = connect(&binary_path("okta-mcp-apps").expect("binary"), &env)
        .await
        .expect("apps server");
    Rig {
        org,
        proxy,
        users,
        apps,
        user: success_body("users", "okta_get_user"),
        app: success_body("apps", "okta_update_app"),
    }
}

/// One call of a method class on its own route.
struct Case {
    class: Class,
    tool: &'static str,
    args: Map<String, Value>,
    route: Route,
}

fn case(class: Class, key: &str) -> Case {
    let (tool, args, route) = match class {
        Class::Get => {
            let id = format!("00uFAULT{key}");
            (
                "okta_get_user",
                json!({"userId": id}),
                Route::new("GET", &format!("/api/v1/users/{id}")),
            )
        }
        Class::Delete => {
            let id = format!("102FAULT{key}");
            (
                "okta_revoke_session",
                json!({"sessionId": id}),
                Route::new("DELETE", &format!("/api/v1/sessions/{id}")),
            )
        }
        Class::Put => {
            let id = format!("0oaFAULT{key}");
            (
                "okta_update_app",
                json!({"appId": id, "app": {"name": "slack", "label": "Slack", "signOnMode": "BROWSER_PLUGIN"}}),
                Route::new("PUT", &format!("/api/v1/apps/{id}")),
            )
        }
        Class::Post => {
            let marker = format!("fault-marker-{key}");
            (
                "okta_create_user",
                json!({"profile": {"firstName": "Fault", "lastName": "Matrix", "email": format!("{marker}@example.com"), "login": format!("{marker}@example.com")}}),
                Route::new("POST", "/api/v1/users").with_body_containing(&marker),
            )
        }
    };
    Case {
        class,
        tool,
        args: args.as_object().cloned().unwrap_or_default(),
        route,
    }
}

impl Rig {
    fn client(&self, class: Class) -> &Client {
        match class {
            Class::Put => &self.apps,
            _ => &self.users,
        }
    }

    /// Mounts the success answer for a case's route.
    async fn answer(&self, c: &Case) {
        let t = match c.class {
            Class::Get | Class::Post => {
                wiremock::ResponseTemplate::new(200).set_body_json(self.user.clone())
            }
            Class::Put => wiremock::ResponseTemplate::new(200).set_body_json(self.app.clone()),
            Class::Delete => wiremock::ResponseTemplate::new(204),
        };
        faults::answer(self.org.server(), c.route.clone(), t).await;
    }

    async fn run(&self, c: &Case) -> (Result<CallToolResult, String>, Duration) {
        let started = Instant::now();
        let r =
            tokio::time::timeout(CALL_DEADLINE, call(self.client(c.class), c.tool, &c.args)).await;
        let r = match r {
            Ok(Ok(r)) => Ok(r),
            Ok(Err(e)) => Err(format!("protocol error: {e}")),
            Err(_) => Err(format!("no answer within {CALL_DEADLINE:?}")),
        };
        (r, started.elapsed())
    }
}

/// Runs one case and returns what differs from the expectation.
async fn check(rig: &Rig, c: &Case, exp: Exp) -> Vec<String> {
    let mut problems = Vec::new();
    let (result, elapsed) = rig.run(c).await;
    let who = format!("{:?} {}", c.class, c.tool);
    match result {
        Err(e) => problems.push(format!("{who}: {e}")),
        Ok(r) => {
            let is_error = r.is_error.unwrap_or(false);
            let text = text_of(&r);
            if is_error == exp.ok {
                problems.push(format!(
                    "{who}: expected {}, got isError={is_error}: {text}",
                    if exp.ok { "success" } else { "an error" }
                ));
            }
            if exp.ok && !is_error && r.structured_content.is_none() {
                problems.push(format!("{who}: success without structuredContent"));
            }
            for needle in exp.contains {
                if !text.contains(needle) {
                    problems.push(format!("{who}: error text lacks {needle:?}: {text}"));
                }
            }
        }
    }
    if elapsed < exp.min_elapsed {
        problems.push(format!(
            "{who}: answered after {elapsed:?}, expected at least {:?}",
            exp.min_elapsed
        ));
    }
    // The proxy finishes its record a moment after the client has its answer.
    tokio::time::sleep(Duration::from_millis(50)).await;
    let seen: Vec<_> = rig
        .proxy
        .requests()
        .into_iter()
        .filter(|r| c.route.matches(&r.method, &r.path, &r.body))
        .collect();
    if seen.len() != exp.requests {
        let what: Vec<String> = seen
            .iter()
            .map(|r| format!("{:?} fault={:?}", r.outcome, r.fault))
            .collect();
        problems.push(format!(
            "{who}: the org received {} requests, expected {}: {what:?}",
            seen.len(),
            exp.requests
        ));
    }
    for (i, r) in seen.iter().enumerate().skip(1) {
        if r.header("x-okta-retry-count") != Some(i.to_string().as_str()) {
            problems.push(format!(
                "{who}: retry {i} carries X-Okta-Retry-Count {:?}",
                r.header("x-okta-retry-count")
            ));
        }
    }
    if c.class == Class::Post {
        let processed = seen.iter().filter(|r| r.may_have_been_processed()).count();
        if processed > 1 {
            problems.push(format!(
                "{who}: the POST reached Okta {processed} times in a way it may have been applied"
            ));
        }
    }
    problems
}

async fn run_row(name: &str, row: Row) {
    let rig = rig().await;
    let cases: Vec<Case> = CLASSES.iter().map(|&c| case(c, "case")).collect();
    for c in &cases {
        rig.answer(c).await;
        match &row.fault {
            Some(Fault::Http(h)) => {
                faults::mount(rig.org.server(), c.route.clone(), h.clone(), row.trigger).await;
            }
            Some(f @ Fault::Wire(_)) => {
                rig.proxy.inject(c.route.clone(), f.clone(), row.trigger);
            }
            None => {}
        }
    }
    if let Some(d) = row.refuse {
        rig.proxy.refuse_for(d).await;
    }
    let (a, b, c, d) = tokio::join!(
        check(&rig, &cases[0], row.expect(cases[0].class)),
        check(&rig, &cases[1], row.expect(cases[1].class)),
        check(&rig, &cases[2], row.expect(cases[2].class)),
        check(&rig, &cases[3], row.expect(cases[3].class)),
    );
    let mut problems: Vec<String> = [a, b, c, d].into_iter().flatten().collect();

    // The same processes answer the next call on every route class correctly.
    for class in CLASSES {
        let after = case(class, "after");
        rig.answer(&after).await;
        problems.extend(
            check(&rig, &after, ok(1))
                .await
                .into_iter()
                .map(|p| format!("after the fault: {p}")),
        );
    }
    let _ = rig.users.cancel().await;
    let _ = rig.apps.cancel().await;
    assert!(problems.is_empty(), "{name}:\n  {}", problems.join("\n  "));
}

fn http(f: HttpFault) -> Option<Fault> {
    Some(Fault::Http(f))
}

fn wire(f: WireFault) -> Option<Fault> {
    Some(Fault::Wire(f))
}

const SEC: Duration = Duration::from_secs(1);

// ---- 429: Okta did not process the request, so every method waits and retries -------------------

#[tokio::test]
async fn rate_limit_with_reset_header_waits_for_the_reset_then_retries_every_method() {
    let e = ok(2).after(SEC);
    run_row(
        "429 X-Rate-Limit-Reset",
        Row {
            fault: http(HttpFault::RateLimited { reset_in_secs: 1 }),
            trigger: Trigger::First(1),
            refuse: None,
            get: e,
            idempotent: e,
            post: e,
            delete: None,
        },
    )
    .await;
}

#[tokio::test]
async fn rate_limit_with_retry_after_waits_then_retries_every_method() {
    let e = ok(2).after(SEC);
    run_row(
        "429 Retry-After",
        Row {
            fault: http(HttpFault::RetryAfter { secs: 1 }),
            trigger: Trigger::First(1),
            refuse: None,
            get: e,
            idempotent: e,
            post: e,
            delete: None,
        },
    )
    .await;
}

#[tokio::test]
async fn rate_limit_resetting_too_late_is_reported_at_once_with_the_reset_time() {
    let e = err(1, &["Okta 429 E0000047", "resets at", "(in 3"]);
    run_row(
        "429 reset in an hour",
        Row {
            fault: http(HttpFault::RateLimited {
                reset_in_secs: 3600,
            }),
            trigger: Trigger::Always,
            refuse: None,
            get: e,
            idempotent: e,
            post: e,
            delete: None,
        },
    )
    .await;
}

#[tokio::test]
async fn rate_limit_every_time_exhausts_the_retry_budget_and_says_when_it_resets() {
    let e = err(3, &["Okta 429 E0000047", "after 2 retries", "resets at"]);
    run_row(
        "429 always",
        Row {
            fault: http(HttpFault::RetryAfter { secs: 0 }),
            trigger: Trigger::Always,
            refuse: None,
            get: e,
            idempotent: e,
            post: e,
            delete: None,
        },
    )
    .await;
}

// ---- 5xx: retried for GET/PUT/DELETE, never for POST ---------------------------------------------

#[tokio::test]
async fn server_error_500_okta_body_is_retried_except_for_post() {
    run_row(
        "500 Okta body",
        Row {
            fault: http(HttpFault::ServerError {
                status: 500,
                page: ErrorPage::Okta,
            }),
            trigger: Trigger::First(1),
            refuse: None,
            get: ok(2),
            idempotent: ok(2),
            post: err(1, &["Okta 500 E0000009 Internal Server Error"]),
            delete: None,
        },
    )
    .await;
}

#[tokio::test]
async fn server_error_502_html_is_retried_except_for_post() {
    run_row(
        "502 HTML",
        Row {
            fault: http(HttpFault::ServerError {
                status: 502,
                page: ErrorPage::Html,
            }),
            trigger: Trigger::First(1),
            refuse: None,
            get: ok(2),
            idempotent: ok(2),
            post: err(1, &["Okta 502 Server error: non-JSON error page (HTTP 502"]),
            delete: None,
        },
    )
    .await;
}

#[tokio::test]
async fn server_error_503_empty_is_retried_except_for_post() {
    run_row(
        "503 empty",
        Row {
            fault: http(HttpFault::ServerError {
                status: 503,
                page: ErrorPage::Empty,
            }),
            trigger: Trigger::First(1),
            refuse: None,
            get: ok(2),
            idempotent: ok(2),
            post: err(1, &["Okta 503 Server error: no error body (HTTP 503)"]),
            delete: None,
        },
    )
    .await;
}

#[tokio::test]
async fn server_error_504_html_is_retried_except_for_post() {
    run_row(
        "504 HTML",
        Row {
            fault: http(HttpFault::ServerError {
                status: 504,
                page: ErrorPage::Html,
            }),
            trigger: Trigger::First(1),
            refuse: None,
            get: ok(2),
            idempotent: ok(2),
            post: err(1, &["Okta 504 Server error: non-JSON error page"]),
            delete: None,
        },
    )
    .await;
}

#[tokio::test]
async fn server_error_every_time_is_reported_after_the_retry_budget() {
    let e = err(
        3,
        &[
            "Okta 503 E0000010 Service is in read only mode",
            "after 2 retries",
        ],
    );
    run_row(
        "503 always",
        Row {
            fault: http(HttpFault::ServerError {
                status: 503,
                page: ErrorPage::Okta,
            }),
            trigger: Trigger::Always,
            refuse: None,
            get: e,
            idempotent: e,
            post: err(1, &["Okta 503 E0000010"]),
            delete: None,
        },
    )
    .await;
}

// ---- No answer: timeouts and broken connections --------------------------------------------------

const UNCERTAIN: &[&str] = &[
    "no answer from Okta to a POST that may have been applied",
    "not retried",
    "Hint: check with okta_list_users whether it was applied before trying again",
];

/// A write Okta answered with success, in an answer that cannot be read: it may have been applied,
/// so it is reported as unknown with the read tool to check with, and never re-sent.
const UNKNOWN_ANSWER: &[&str] = &[
    "may have been applied, but",
    "not retried",
    "whether it was applied before trying again",
];

#[tokio::test]
async fn slow_answer_past_the_timeout_is_retried_except_for_post() {
    run_row(
        "slow",
        Row {
            fault: http(HttpFault::Slow {
                delay: Duration::from_secs(4),
            }),
            trigger: Trigger::First(1),
            refuse: None,
            get: ok(2).after(SEC),
            idempotent: ok(2).after(SEC),
            post: Exp {
                contains: &[
                    "no answer from Okta to a POST that may have been applied",
                    "timed out after 1 s",
                    "Hint: check with okta_list_users",
                ],
                ..err(1, UNCERTAIN).after(SEC)
            },
            delete: None,
        },
    )
    .await;
}

#[tokio::test]
async fn connection_dropped_mid_body_is_retried_except_for_post() {
    run_row(
        "dropped mid-body",
        Row {
            fault: wire(WireFault::DropMidBody),
            trigger: Trigger::First(1),
            refuse: None,
            get: ok(2),
            idempotent: ok(2),
            post: Exp {
                contains: &[
                    "no answer from Okta to a POST that may have been applied (connection broken)",
                    "Hint: check with okta_list_users",
                ],
                ..err(1, UNCERTAIN)
            },
            delete: None,
        },
    )
    .await;
}

#[tokio::test]
async fn connection_closed_before_an_answer_is_retried_except_for_post() {
    run_row(
        "closed before answering",
        Row {
            fault: wire(WireFault::CloseBeforeAnswer),
            trigger: Trigger::First(1),
            refuse: None,
            get: ok(2),
            idempotent: ok(2),
            post: err(1, UNCERTAIN),
            delete: None,
        },
    )
    .await;
}

/// Okta took the POST and began its answer, then the connection went: the user may exist.
#[tokio::test]
async fn connection_closed_after_the_headers_is_retried_except_for_post() {
    run_row(
        "closed after the headers",
        Row {
            fault: wire(WireFault::CloseAfterHeaders),
            trigger: Trigger::First(1),
            refuse: None,
            get: ok(2),
            idempotent: ok(2),
            post: err(1, UNCERTAIN),
            delete: None,
        },
    )
    .await;
}

/// A connection that could not be opened carried nothing: even a POST is retried, and reaches the
/// org exactly once.
#[tokio::test]
async fn connection_refused_is_retried_for_every_method_and_the_post_arrives_once() {
    let e = ok(1).after(Duration::from_millis(450));
    run_row(
        "connection refused",
        Row {
            fault: None,
            trigger: Trigger::Always,
            refuse: Some(Duration::from_millis(500)),
            get: e,
            idempotent: e,
            post: e,
            delete: None,
        },
    )
    .await;
}

// ---- Answers that are not what the API promises: reported, not retried ---------------------------

#[tokio::test]
async fn malformed_json_is_an_error_and_not_retried_and_a_write_s_outcome_is_unknown() {
    let w = err(1, UNKNOWN_ANSWER);
    run_row(
        "malformed JSON",
        Row {
            fault: http(HttpFault::MalformedJson),
            trigger: Trigger::First(1),
            refuse: None,
            get: err(1, &["unexpected answer from Okta: malformed JSON"]),
            idempotent: Exp {
                contains: &[
                    "Okta answered 200 to a PUT that may have been applied, but its answer",
                    "was malformed JSON",
                    "Hint: check with okta_get_app",
                ],
                ..w
            },
            post: Exp {
                contains: &[
                    "Okta answered 200 to a POST that may have been applied",
                    "Hint: check with okta_list_users",
                ],
                ..w
            },
            delete: Some(w),
        },
    )
    .await;
}

#[tokio::test]
async fn html_error_page_with_an_error_status_is_an_error_naming_it() {
    let e = err(1, &["Okta 404 Not found: non-JSON error page (HTTP 404"]);
    run_row(
        "HTML 404 page",
        Row {
            fault: http(HttpFault::HtmlPage { status: 404 }),
            trigger: Trigger::First(1),
            refuse: None,
            get: e,
            idempotent: e,
            post: e,
            delete: None,
        },
    )
    .await;
}

/// A 200 HTML page (a captive portal, a proxy's sign-in page, an org URL that is a web page) where
/// the API promises JSON must not come back as a successful `{"text": "<html>…"}`.
#[tokio::test]
async fn html_page_with_200_where_json_is_promised_is_an_error() {
    let w = err(1, UNKNOWN_ANSWER);
    run_row(
        "HTML 200 page",
        Row {
            fault: http(HttpFault::HtmlPage { status: 200 }),
            trigger: Trigger::First(1),
            refuse: None,
            get: err(1, &["unexpected answer from Okta"]),
            idempotent: w,
            post: w,
            delete: None,
        },
    )
    .await;
}

/// A GET answered 200 with no body must not read as `{"ok": true, "action": "Get user", "id": …}`:
/// a model would take it for the user. A create or an update answers with the object, so an empty
/// 200 to one is a lost answer: its outcome is unknown. A delete's empty answer is its confirmation.
#[tokio::test]
async fn empty_200_to_a_get_is_an_error_and_to_a_create_or_update_an_unknown_outcome() {
    run_row(
        "empty 200",
        Row {
            fault: http(HttpFault::EmptyBody { status: 200 }),
            trigger: Trigger::First(1),
            refuse: None,
            get: err(1, &["unexpected answer from Okta"]),
            idempotent: err(
                1,
                &[
                    "Okta answered 200 to a PUT that may have been applied, but its answer was empty where the object was expected",
                    "Hint: check with okta_get_app",
                ],
            ),
            post: err(1, &["Okta answered 200 to a POST that may have been applied", "Hint: check with okta_list_users"]),
            delete: Some(ok(1)),
        },
    )
    .await;
}

/// The same for a 201 Created without the created object.
#[tokio::test]
async fn empty_201_to_a_create_is_an_unknown_outcome() {
    run_row(
        "empty 201",
        Row {
            fault: http(HttpFault::EmptyBody { status: 201 }),
            trigger: Trigger::First(1),
            refuse: None,
            get: err(1, &["unexpected answer from Okta"]),
            idempotent: err(1, UNKNOWN_ANSWER),
            post: err(
                1,
                &[
                    "Okta answered 201 to a POST that may have been applied",
                    "Hint: check with okta_list_users",
                ],
            ),
            delete: Some(ok(1)),
        },
    )
    .await;
}

/// The confirmation that writes get for an empty answer (DESIGN.md §3), with the id.
#[tokio::test]
async fn empty_answer_to_a_delete_is_a_confirmation() {
    let rig = rig().await;
    let c = case(Class::Delete, "empty");
    faults::mount(
        rig.org.server(),
        c.route.clone(),
        HttpFault::EmptyBody { status: 200 },
        Trigger::Always,
    )
    .await;
    let problems = check(&rig, &c, ok(1)).await;
    assert!(problems.is_empty(), "{problems:?}");
    let (r, _) = rig.run(&c).await;
    assert_eq!(
        r.expect("answer").structured_content,
        Some(json!({"ok": true, "action": "Revoke session", "id": "102FAULTempty"}))
    );
}

// ---- Size bound: OKTA_MCP_MAX_RESPONSE_MB ---------------------------------------------------------

const TOO_LARGE: &[&str] = &[
    "Okta's answer exceeded 1048576 bytes and was not read",
    "narrow the request",
];

/// A write's oversized success answer: the write may have been applied.
const TOO_LARGE_WRITE: &[&str] = &[
    "may have been applied, but its answer exceeded 1048576 bytes and was not read",
    "whether it was applied before trying again",
];

#[tokio::test]
async fn answer_over_max_response_mb_with_content_length_is_a_clear_error() {
    let w = err(1, TOO_LARGE_WRITE);
    run_row(
        "large body (Content-Length)",
        Row {
            fault: http(HttpFault::LargeBody { bytes: 2 << 20 }),
            trigger: Trigger::First(1),
            refuse: None,
            get: err(1, TOO_LARGE),
            idempotent: w,
            post: w,
            delete: None,
        },
    )
    .await;
}

#[tokio::test]
async fn answer_over_max_response_mb_streamed_without_length_is_a_clear_error() {
    let w = err(1, TOO_LARGE_WRITE);
    run_row(
        "large body (chunked)",
        Row {
            fault: wire(WireFault::LargeChunked { bytes: 3 << 20 }),
            trigger: Trigger::First(1),
            refuse: None,
            get: err(1, TOO_LARGE),
            idempotent: w,
            post: w,
            delete: None,
        },
    )
    .await;
}

// ---- The proxy itself ---------------------------------------------------------------------------

/// The proxy records what became of a request whose client gave up (used by the cancellation test).
#[tokio::test]
async fn the_proxy_sees_a_client_give_up() {
    let rig = rig().await;
    let c = case(Class::Post, "slow");
    rig.answer(&c).await;
    faults::mount(
        rig.org.server(),
        c.route.clone(),
        HttpFault::Slow {
            delay: Duration::from_secs(5),
        },
        Trigger::Always,
    )
    .await;
    let _ = rig.run(&c).await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    let seen = rig.proxy.requests();
    let r = seen
        .iter()
        .find(|r| c.route.matches(&r.method, &r.path, &r.body))
        .expect("the POST");
    match r.outcome {
        Outcome::ClientClosed { after } => {
            // Gave up at its 1 s timeout, not after the 5 s answer.
            assert!(after >= Duration::from_millis(900) && after < Duration::from_millis(4500))
        }
        ref other => panic!("{other:?}"),
    }
}
