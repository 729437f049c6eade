//! `notifications/cancelled` stops the work (DESIGN.md §5): the in-flight HTTP request is dropped
//! (the org sees its connection close long before the answer or the timeout), a retry that was
//! waiting is never sent, and the server goes on answering.

use std::time::Duration;

use mock_okta::MockOrg;
use mock_okta::faults::{self, FaultProxy, HttpFault, Outcome, Route, SeenRequest, Trigger};
use okta_mcp_driver::{Client, binary_path, call, connect};
use rmcp::model::{CallToolRequest, CallToolRequestParams, ClientRequest};
use rmcp::service::PeerRequestOptions;
use serde_json::{Map, Value, json};
use wiremock::ResponseTemplate;

struct Rig {
    org: MockOrg,
    proxy: FaultProxy,
    users: Client,
}

async fn rig() -> Rig {
    let org = MockOrg::reusable(Vec::new(), None).await;
    let proxy = FaultProxy::start(&org).await.expect("proxy");
    let uri = proxy.uri();
    // A long timeout, so that only the cancellation can end the request early.
    let env = [
        ("OKTA_ORG_URL", uri.as_str()),
        ("OKTA_API_TOKEN", "00cancelTOKEN"),
        ("OKTA_MCP_TIMEOUT_SECS", "30"),
        ("OKTA_MCP_MAX_RETRIES", "3"),
    ];
    let users = connect(&binary_path("okta-mcp-users").expect("binary"), &env)
        .await
        .expect("server");
    Rig { org, proxy, users }
}

fn args(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap_or_default()
}

async fn answer_user(rig: &Rig, id: &str) -> Route {
    let route = Route::new("GET", &format!("/api/v1/users/{id}"));
    faults::answer(
        rig.org.server(),
        route.clone(),
        ResponseTemplate::new(200).set_body_json(json!({"id": id, "status": "ACTIVE"})),
    )
    .await;
    route
}

/// Starts `okta_get_user` for `id` without waiting for it, then cancels it after `after`.
async fn start_and_cancel(rig: &Rig, id: &str, after: Duration) {
    let params =
        CallToolRequestParams::new("okta_get_user").with_arguments(args(json!({"userId": id})));
    let handle = rig
        .users
        .peer()
        .send_cancellable_request(
            ClientRequest::CallToolRequest(CallToolRequest::new(params)),
            PeerRequestOptions::no_options(),
        )
        .await
        .expect("sent");
    tokio::time::sleep(after).await;
    handle
        .cancel(Some("the user pressed stop".into()))
        .await
        .expect("cancelled");
}

fn on(rig: &Rig, route: &Route) -> Vec<SeenRequest> {
    rig.proxy
        .requests()
        .into_iter()
        .filter(|r| route.matches(&r.method, &r.path, &r.body))
        .collect()
}

async fn still_answers(rig: &Rig) {
    answer_user(rig, "00uAFTERcancel").await;
    let r = call(
        &rig.users,
        "okta_get_user",
        &args(json!({"userId": "00uAFTERcancel"})),
    )
    .await
    .expect("the server answers after a cancellation");
    assert_ne!(r.is_error, Some(true), "{r:?}");
    assert_eq!(
        r.structured_content,
        Some(json!({"id": "00uAFTERcancel", "status": "ACTIVE"}))
    );
}

#[tokio::test]
async fn cancelling_a_call_closes_its_http_request() {
    let rig = rig().await;
    let route = answer_user(&rig, "00uSLOWcancel").await;
    faults::mount(
        rig.org.server(),
        route.clone(),
        HttpFault::Slow {
            delay: Duration::from_secs(20),
        },
        Trigger::Always,
    )
    .await;
    start_and_cancel(&rig, "00uSLOWcancel", Duration::from_millis(400)).await;

    // The connection closes soon after the cancellation: not after the 20 s answer or the 30 s timeout.
    let mut closed = None;
    for _ in 0..40 {
        tokio::time::sleep(Duration::from_millis(50)).await;
        if let Some(Outcome::ClientClosed { after }) =
            on(&rig, &route).first().map(|r| r.outcome.clone())
        {
            closed = Some(after);
            break;
        }
    }
    let seen = on(&rig, &route);
    let after = closed.unwrap_or_else(|| panic!("the request was not closed: {seen:?}"));
    // Closed by the cancellation, which came while the request waited for its 20 s answer: so
    // well before that answer (a bound that proves "did not wait", not a speed).
    assert!(
        after < Duration::from_secs(3),
        "closed {after:?} after it was sent"
    );
    assert_eq!(seen.len(), 1, "nothing was retried: {seen:?}");
    still_answers(&rig).await;
    let _ = rig.users.cancel().await;
}

#[tokio::test]
async fn cancelling_during_a_rate_limit_wait_sends_no_retry() {
    let rig = rig().await;
    let route = answer_user(&rig, "00uWAITcancel").await;
    faults::mount(
        rig.org.server(),
        route.clone(),
        HttpFault::RateLimited { reset_in_secs: 3 },
        Trigger::First(1),
    )
    .await;
    start_and_cancel(&rig, "00uWAITcancel", Duration::from_millis(400)).await;
    // Past the reset: a retry that was not stopped would have been sent by now.
    tokio::time::sleep(Duration::from_secs(4)).await;
    let seen = on(&rig, &route);
    assert_eq!(seen.len(), 1, "the 429's retry was sent anyway: {seen:?}");
    assert_eq!(seen[0].outcome, Outcome::Answered(429));
    still_answers(&rig).await;
    let _ = rig.users.cancel().await;
}
