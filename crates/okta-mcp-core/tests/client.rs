//! The HTTP behaviour of DESIGN.md §5 against wiremock: rate limits, retries, pagination.

// Helpers outside #[test] fns may unwrap too: a failure here is a failed test.
#![allow(clippy::unwrap_used)]

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use okta_mcp_core::auth::Auth;
use okta_mcp_core::client::OktaClient;
use okta_mcp_core::config::Config;
use okta_mcp_core::tool::{ToolError, run};
use okta_mcp_core::{Decl, Route, ToolInput, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Map, Value, json};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct GetArgs {
    /// id
    #[arg(path)]
    user_id: String,
    #[arg(query)]
    after: Option<String>,
    #[arg(query)]
    limit: Option<u32>,
}

#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct PostArgs {
    /// id
    #[arg(path)]
    user_id: String,
    #[arg(body)]
    name: Option<String>,
}

fn get_spec() -> ToolSpec {
    ToolSpec::new::<GetArgs>(Decl {
        name: "t_get",
        title: "Get things",
        description: "d",
        kind: ToolKind::Read,
        scope: "okta.users.read",
        route: Route::get("/api/v1/users/{userId}/things"),
    })
    .build()
}

fn post_spec() -> ToolSpec {
    ToolSpec::new::<PostArgs>(Decl {
        name: "t_post",
        title: "Create thing",
        description: "d",
        kind: ToolKind::Create { destructive: false },
        scope: "okta.users.manage",
        route: Route::post("/api/v1/users/{userId}/things"),
    })
    .build()
}

fn client(org: &str, retries: u32) -> OktaClient {
    let mut config = Config::from_lookup(|k| match k {
        "OKTA_ORG_URL" => Some(org.to_owned()),
        "OKTA_API_TOKEN" => Some("00testTOKEN".to_owned()),
        _ => None,
    })
    .expect("config");
    config.http.max_retries = retries;
    config.http.backoff_base = Duration::from_millis(5);
    config.http.max_retry_wait = Duration::from_secs(5);
    config.http.timeout = Duration::from_secs(2);
    let auth = Auth::from_config(&config, &[]).expect("auth");
    OktaClient::new(&config, auth).expect("client")
}

fn args(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap_or_default()
}

fn http_date(t: SystemTime) -> String {
    httpdate::fmt_http_date(t)
}

fn rate_limited(reset_in: u64) -> ResponseTemplate {
    let now = SystemTime::now();
    let reset = now.duration_since(UNIX_EPOCH).unwrap().as_secs() + reset_in;
    ResponseTemplate::new(429)
        .insert_header("Date", http_date(now).as_str())
        .insert_header("X-Rate-Limit-Limit", "600")
        .insert_header("X-Rate-Limit-Remaining", "0")
        .insert_header("X-Rate-Limit-Reset", reset.to_string().as_str())
        .insert_header("X-Okta-Request-Id", "req-first")
        .set_body_json(json!({"errorCode":"E0000047","errorSummary":"API call exceeded rate limit due to too many requests.","errorLink":"E0000047","errorId":"oae1","errorCauses":[]}))
}

#[tokio::test]
async fn a_429_waits_for_the_reset_then_succeeds_with_retry_headers() {
    let org = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/users/00u1/things"))
        .respond_with(rate_limited(1))
        .up_to_n_times(1)
        .expect(1)
        .mount(&org)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v1/users/00u1/things"))
        .and(header("X-Okta-Retry-Count", "1"))
        .and(header("X-Okta-Retry-For", "req-first"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([{"id": "t1"}])))
        .expect(1)
        .mount(&org)
        .await;
    let started = Instant::now();
    let out = run(
        &get_spec(),
        &client(&org.uri(), 3),
        args(json!({"userId": "00u1"})),
    )
    .await
    .expect("retried after the reset");
    // Okta's reset is whole seconds: the wait is about 1 s, well under the 5 s cap it would hit if the
    // reset were ignored (a generous bound, so a loaded machine does not fail it).
    assert!(started.elapsed() < Duration::from_secs(4));
    assert_eq!(out, json!({"items": [{"id": "t1"}]}));
}

#[tokio::test]
async fn a_429_past_the_retry_budget_says_when_the_limit_resets() {
    let org = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(rate_limited(0))
        .expect(3)
        .mount(&org)
        .await;
    let err = run(
        &post_spec(),
        &client(&org.uri(), 2),
        args(json!({"userId": "00u1", "name": "x"})),
    )
    .await
    .unwrap_err();
    let text = err.to_text(&post_spec());
    assert!(text.starts_with("Okta 429 E0000047"), "{text}");
    assert!(text.contains("resets at"), "{text}");
    assert!(text.contains("after 2 retries"), "{text}");
}

#[tokio::test]
async fn a_429_whose_reset_is_too_far_is_reported_not_waited_for() {
    let org = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(rate_limited(3600))
        .expect(1)
        .mount(&org)
        .await;
    let started = Instant::now();
    let err = run(
        &get_spec(),
        &client(&org.uri(), 3),
        args(json!({"userId": "00u1"})),
    )
    .await
    .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(1));
    assert!(
        err.to_text(&get_spec()).contains("(in 3"),
        "reset about an hour away"
    );
}

#[tokio::test]
async fn a_500_on_get_is_retried() {
    let org = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500).set_body_json(
            json!({"errorCode":"E0000009","errorSummary":"Internal Server Error","errorCauses":[]}),
        ))
        .up_to_n_times(2)
        .expect(2)
        .mount(&org)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "t1"})))
        .expect(1)
        .mount(&org)
        .await;
    let out = run(
        &get_spec(),
        &client(&org.uri(), 3),
        args(json!({"userId": "00u1"})),
    )
    .await
    .unwrap();
    assert_eq!(out, json!({"id": "t1"}));
}

#[tokio::test]
async fn a_500_on_post_is_not_retried_nor_on_an_upload() {
    let calls = [
        (post_spec(), args(json!({"userId": "00u1", "name": "x"}))),
        (upload_spec(), png_args()),
    ];
    for (spec, call_args) in calls {
        let org = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(500).set_body_json(
                json!({"errorCode":"E0000009","errorSummary":"Internal Server Error","errorCauses":[]}),
            ))
            .expect(1)
            .mount(&org)
            .await;
        let err = run(&spec, &client(&org.uri(), 3), call_args)
            .await
            .unwrap_err();
        assert!(err.to_text(&spec).starts_with("Okta 500 E0000009"));
    }
}

#[tokio::test]
async fn a_post_that_times_out_is_not_retried_and_says_it_may_have_applied() {
    let org = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(4)))
        .expect(1)
        .mount(&org)
        .await;
    let err = run(
        &post_spec(),
        &client(&org.uri(), 3),
        args(json!({"userId": "00u1", "name": "x"})),
    )
    .await
    .unwrap_err();
    let text = err.to_text(&post_spec());
    assert!(
        text.contains("may have been applied") && text.contains("not retried"),
        "{text}"
    );
}

#[tokio::test]
async fn link_next_becomes_next_cursor_and_after_is_sent_back() {
    let org = MockServer::start().await;
    let next = format!(
        "<{}/api/v1/users/00u1/things?after=c%2F2&limit=2>; rel=\"next\"",
        org.uri()
    );
    Mock::given(method("GET"))
        .and(wiremock::matchers::query_param("limit", "2"))
        .respond_with(
            ResponseTemplate::new(200)
                .append_header(
                    "Link",
                    format!(
                        "<{}/api/v1/users/00u1/things?limit=2>; rel=\"self\"",
                        org.uri()
                    )
                    .as_str(),
                )
                .append_header("Link", next.as_str())
                .set_body_json(
                    json!([{"id": "a", "_links": {"self": {"href": "x"}}}, {"id": "b"}]),
                ),
        )
        .mount(&org)
        .await;
    let out = run(
        &get_spec(),
        &client(&org.uri(), 0),
        args(json!({"userId": "00u1", "limit": 2})),
    )
    .await
    .unwrap();
    assert_eq!(out["nextCursor"], "c/2");
    assert_eq!(
        out["items"],
        json!([{"id": "a"}, {"id": "b"}]),
        "_links dropped"
    );

    let last = MockServer::start().await;
    Mock::given(method("GET"))
        .and(wiremock::matchers::query_param("after", "c/2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([{"id": "c"}])))
        .expect(1)
        .mount(&last)
        .await;
    let out = run(
        &get_spec(),
        &client(&last.uri(), 0),
        args(json!({"userId": "00u1", "after": "c/2"})),
    )
    .await
    .unwrap();
    assert_eq!(
        out,
        json!({"items": [{"id": "c"}]}),
        "no nextCursor on the last page"
    );
}

#[tokio::test]
async fn redirects_are_not_followed_with_credentials() {
    let org = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("Location", format!("{}/steal", elsewhere.uri()).as_str()),
        )
        .mount(&org)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&elsewhere)
        .await;
    let err = run(
        &get_spec(),
        &client(&org.uri(), 0),
        args(json!({"userId": "00u1"})),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, ToolError::Okta(_)));
    assert!(err.to_text(&get_spec()).contains("not followed"));
}

#[tokio::test]
async fn bad_arguments_never_reach_okta() {
    let org = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&org)
        .await;
    let c = client(&org.uri(), 0);
    for (a, needle) in [
        (json!({}), "missing field `userId`"),
        (json!({"userId": 5}), "userId: invalid type"),
        (
            json!({"userId": "00u1", "bogus": 1}),
            "unknown field `bogus`",
        ),
        (json!({"userId": ""}), "must not be empty"),
        (json!({"userId": ".."}), "not a valid id"),
        (
            json!({"userId": "00u1", "limit": "ten"}),
            "limit: invalid type",
        ),
    ] {
        let text = run(&get_spec(), &c, args(a.clone()))
            .await
            .unwrap_err()
            .to_text(&get_spec());
        assert!(text.contains(needle), "{a}: {text}");
    }
}

#[tokio::test]
async fn results_drop_links_select_fields_and_say_when_there_is_more() {
    let org = MockServer::start().await;
    let next = format!(
        "<{}/api/v1/users/00u1/things?after=t2&limit=1>; rel=\"next\"",
        org.uri()
    );
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("Link", next.as_str())
                .set_body_json(json!([{"id": "t1", "status": "ACTIVE", "profile": {"login": "a@example.com", "title": "x"},
                    "_links": {"self": {"href": "https://example.okta.com/x"}}, "_embedded": {"n": {"_links": {}, "v": 1}}}])),
        )
        .mount(&org)
        .await;
    let c = client(&org.uri(), 0);
    let all = run(&get_spec(), &c, args(json!({"userId": "00u1"})))
        .await
        .unwrap();
    assert!(
        !all.to_string().contains("_links"),
        "no _links at any depth: {all}"
    );
    assert_eq!(
        all["items"][0]["_embedded"]["n"]["v"], 1,
        "nothing else is removed"
    );
    assert_eq!(all["nextCursor"], "t2");
    assert!(all["more"].as_str().unwrap().contains("after=nextCursor"));
    let picked = run(
        &get_spec(),
        &c,
        args(json!({"userId": "00u1", "fields": "id,profile.login"})),
    )
    .await
    .unwrap();
    assert_eq!(picked["columns"], json!(["id", "profile.login"]));
    assert_eq!(picked["rows"], json!([["t1", "a@example.com"]]));
    assert_eq!(
        picked["nextCursor"], "t2",
        "paging survives field selection"
    );
    let bad = run(
        &get_spec(),
        &c,
        args(json!({"userId": "00u1", "fields": 3})),
    )
    .await
    .unwrap_err();
    assert!(bad.to_text(&get_spec()).contains("fields"));
}

// ---- Uploads: one multipart part, under the same retry rules as any POST ----

#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct UploadArgs {
    /// id
    #[arg(path)]
    theme_id: String,
    #[arg(file)]
    file: okta_mcp_core::upload::Upload,
}

fn upload_spec() -> ToolSpec {
    use okta_mcp_core::upload::{ImageType, UploadRule};
    ToolSpec::new::<UploadArgs>(Decl {
        name: "t_upload",
        title: "Upload logo",
        description: "d",
        kind: ToolKind::Update { destructive: false },
        scope: "okta.brands.manage",
        route: Route::post("/api/v1/themes/{themeId}/logo"),
    })
    .upload(UploadRule {
        what: "logo",
        types: &[ImageType::Png],
        max_bytes: 1024,
        limit_text: "1 kB",
        square_max_px: None,
    })
    .build()
}

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";

fn png_args() -> Map<String, Value> {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD.encode(PNG);
    args(json!({"themeId": "thd1", "file": {"contentBase64": b64}}))
}

/// The one part of a multipart body: its headers and its bytes.
fn the_part(req: &wiremock::Request) -> (String, Vec<u8>) {
    let ct = req.headers["content-type"].to_str().unwrap();
    let boundary = ct.split("boundary=").nth(1).unwrap().to_owned();
    let body = &req.body;
    let start = body.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
    let end_marker = format!("\r\n--{boundary}--");
    let end = body
        .windows(end_marker.len())
        .position(|w| w == end_marker.as_bytes())
        .unwrap();
    (
        String::from_utf8_lossy(&body[..start]).into_owned(),
        body[start..end].to_vec(),
    )
}

#[tokio::test]
async fn an_upload_is_one_multipart_part_retried_after_a_429_like_any_post() {
    let org = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(rate_limited(0))
        .up_to_n_times(1)
        .expect(1)
        .mount(&org)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v1/themes/thd1/logo"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"url": "https://x/logo.png"})),
        )
        .expect(1)
        .mount(&org)
        .await;
    let out = run(&upload_spec(), &client(&org.uri(), 2), png_args())
        .await
        .unwrap();
    assert_eq!(out, json!({"url": "https://x/logo.png"}));
    let requests = org.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    for r in &requests {
        assert!(
            r.headers["content-type"]
                .to_str()
                .unwrap()
                .starts_with("multipart/form-data; boundary=")
        );
        let (headers, bytes) = the_part(r);
        assert!(
            headers.contains(r#"Content-Disposition: form-data; name="file"; filename="logo.png""#),
            "{headers}"
        );
        assert!(headers.contains("Content-Type: image/png"), "{headers}");
        assert_eq!(bytes, PNG, "the retry sends the same bytes");
    }
}

#[tokio::test]
async fn a_refused_upload_sends_no_request() {
    let org = MockServer::start().await;
    let c = client(&org.uri(), 0);
    let spec = upload_spec();
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.png");
    let mut bytes = PNG.to_vec();
    bytes.resize(2048, 0);
    std::fs::write(&big, &bytes).unwrap();
    for (file, says) in [
        (
            json!({"contentBase64": "R0lGODlhAQABAAAAACw="}),
            "must be PNG",
        ),
        (
            json!({"path": big.to_str().unwrap()}),
            "larger than Okta accepts",
        ),
        (
            json!({"path": dir.path().to_str().unwrap()}),
            "not a regular file",
        ),
        (json!({}), "exactly one of"),
    ] {
        let err = run(&spec, &c, args(json!({"themeId": "thd1", "file": file})))
            .await
            .unwrap_err();
        let text = err.to_text(&spec);
        assert!(
            text.starts_with("invalid arguments: ") && text.contains(says),
            "{text}"
        );
    }
    assert!(org.received_requests().await.unwrap().is_empty());
}
