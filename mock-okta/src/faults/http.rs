//! Faults wiremock can serve: bad answers on the mock org's own server, mounted above the cassette
//! responder so that the requests a [`Trigger`] picks fault and the rest fall through.

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::json;
use wiremock::{Match, Mock, MockServer, Request, Respond, ResponseTemplate};

use super::FAULT_PRIORITY;
use super::trigger::{FaultHandle, Route, Trigger, TriggerState};

/// Priority of [`answer`] mounts: below faults, above the cassette responder.
const ANSWER_PRIORITY: u8 = 10;

/// What an error answer's body looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorPage {
    /// Okta's JSON error object (`errorCode`, `errorSummary`, `errorId`, `errorCauses`).
    Okta,
    /// An HTML page, as a load balancer or CDN in front of Okta sends.
    Html,
    /// No body at all.
    Empty,
}

/// A bad answer an HTTP server can give.
#[derive(Debug, Clone, PartialEq)]
pub enum HttpFault {
    /// 429 with `X-Rate-Limit-Limit`, `-Remaining: 0`, `-Reset` (epoch seconds, this many seconds
    /// after the answer's `Date`) and Okta's E0000047 body.
    RateLimited { reset_in_secs: u64 },
    /// 429 with `Retry-After: secs` and no rate-limit headers.
    RetryAfter { secs: u64 },
    /// A 5xx (or any status) with the given body.
    ServerError { status: u16, page: ErrorPage },
    /// A 200 that arrives after `delay` (past the client's timeout, usually).
    Slow { delay: Duration },
    /// A 200 declared `application/json` whose body is cut off mid-object.
    MalformedJson,
    /// An HTML page with this status (a captive portal, a proxy's login page, a maintenance page).
    HtmlPage { status: u16 },
    /// This status, `application/json`, and no body.
    EmptyBody { status: u16 },
    /// A 200 JSON object of about this many bytes (with `Content-Length`).
    LargeBody { bytes: usize },
}

impl HttpFault {
    /// A short name for tables and logs.
    pub fn name(&self) -> String {
        match self {
            Self::RateLimited { reset_in_secs } => {
                format!("429 X-Rate-Limit-Reset +{reset_in_secs}s")
            }
            Self::RetryAfter { secs } => format!("429 Retry-After {secs}"),
            Self::ServerError { status, page } => format!("{status} {page:?} body"),
            Self::Slow { delay } => format!("slow {} ms", delay.as_millis()),
            Self::MalformedJson => "malformed JSON".into(),
            Self::HtmlPage { status } => format!("HTML page {status}"),
            Self::EmptyBody { status } => format!("empty body {status}"),
            Self::LargeBody { bytes } => format!("large body {bytes} B"),
        }
    }

    /// The answer, built now (so `Date` and the reset are current).
    pub fn response(&self) -> ResponseTemplate {
        match self {
            Self::RateLimited { reset_in_secs } => {
                let now = SystemTime::now();
                let now_secs = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
                ResponseTemplate::new(429)
                    .insert_header("Date", http_date(now_secs).as_str())
                    .insert_header("X-Rate-Limit-Limit", "600")
                    .insert_header("X-Rate-Limit-Remaining", "0")
                    .insert_header(
                        "X-Rate-Limit-Reset",
                        (now_secs + reset_in_secs).to_string().as_str(),
                    )
                    .insert_header("X-Okta-Request-Id", "mockFAULTrateLimited")
                    .set_body_json(okta_error(
                        "E0000047",
                        "API call exceeded rate limit due to too many requests.",
                    ))
            }
            Self::RetryAfter { secs } => ResponseTemplate::new(429)
                .insert_header("Retry-After", secs.to_string().as_str())
                .set_body_json(okta_error(
                    "E0000047",
                    "API call exceeded rate limit due to too many requests.",
                )),
            Self::ServerError { status, page } => {
                let t = ResponseTemplate::new(*status);
                match page {
                    ErrorPage::Okta => {
                        let (code, summary) = match status {
                            503 => ("E0000010", "Service is in read only mode"),
                            _ => ("E0000009", "Internal Server Error"),
                        };
                        t.set_body_json(okta_error(code, summary))
                    }
                    ErrorPage::Html => t.set_body_raw(html_page(*status), "text/html"),
                    ErrorPage::Empty => t.set_body_raw(Vec::new(), "application/json"),
                }
            }
            Self::Slow { delay } => ResponseTemplate::new(200)
                .set_body_json(json!({"id": "mockSLOWanswer", "status": "ACTIVE"}))
                .set_delay(*delay),
            Self::MalformedJson => ResponseTemplate::new(200).set_body_raw(
                br#"{"id":"00ub0oNGTSWTBKOLGLNR","status":"ACTIVE","profile":{"login":"isaac.brock@"#
                    .to_vec(),
                "application/json",
            ),
            Self::HtmlPage { status } => {
                ResponseTemplate::new(*status).set_body_raw(html_page(*status), "text/html")
            }
            Self::EmptyBody { status } => {
                ResponseTemplate::new(*status).set_body_raw(Vec::new(), "application/json")
            }
            Self::LargeBody { bytes } => {
                ResponseTemplate::new(200).set_body_raw(large_json(*bytes), "application/json")
            }
        }
    }
}

/// Okta's error object.
pub fn okta_error(code: &str, summary: &str) -> serde_json::Value {
    json!({
        "errorCode": code,
        "errorSummary": summary,
        "errorLink": code,
        "errorId": "oaemockFAULT0000000000",
        "errorCauses": []
    })
}

fn html_page(status: u16) -> Vec<u8> {
    let (title, text) = match status {
        200 => ("Sign In", "Please sign in to continue to the network."),
        404 => (
            "404 Not Found",
            "The requested URL was not found on this server.",
        ),
        502 => (
            "502 Bad Gateway",
            "The proxy received an invalid response from an upstream server.",
        ),
        503 => (
            "503 Service Unavailable",
            "The server is temporarily unable to service your request.",
        ),
        504 => (
            "504 Gateway Timeout",
            "The upstream server did not answer in time.",
        ),
        _ => ("Error", "The server could not complete your request."),
    };
    format!(
        "<!DOCTYPE html>\n<html><head><title>{title}</title></head>\n<body><h1>{title}</h1><p>{text}</p><hr><address>edge-proxy</address></body></html>\n"
    )
    .into_bytes()
}

/// A JSON object of at least `bytes` bytes.
pub fn large_json(bytes: usize) -> Vec<u8> {
    let head = br#"{"id":"00uLARGEanswer","filler":""#;
    let tail = br#""}"#;
    let mut out = Vec::with_capacity(bytes + head.len() + tail.len());
    out.extend_from_slice(head);
    out.resize(out.len() + bytes, b'x');
    out.extend_from_slice(tail);
    out
}

/// RFC 7231 IMF-fixdate for epoch seconds (`Thu, 01 Jan 2026 00:00:00 GMT`).
pub fn http_date(epoch_secs: u64) -> String {
    httpdate::fmt_http_date(UNIX_EPOCH + Duration::from_secs(epoch_secs))
}

struct FaultMatcher {
    route: Route,
    state: Arc<Mutex<TriggerState>>,
    handle: FaultHandle,
}

impl Match for FaultMatcher {
    fn matches(&self, req: &Request) -> bool {
        // wiremock asks the matchers of one mock once per request, in order, under its lock,
        // and stops at the first mock that matches: so this counts each request once.
        self.route
            .matches(req.method.as_str(), req.url.path(), &req.body)
            && self.handle.fire(&self.state)
    }
}

struct FaultResponder(HttpFault);

impl Respond for FaultResponder {
    fn respond(&self, _req: &Request) -> ResponseTemplate {
        self.0.response()
    }
}

/// Mounts `fault` on the org's server for the requests on `route` that `trigger` picks; the others
/// fall through to whatever else is mounted (the cassettes).
pub async fn mount(
    server: &MockServer,
    route: Route,
    fault: HttpFault,
    trigger: Trigger,
) -> FaultHandle {
    let handle = FaultHandle::default();
    Mock::given(FaultMatcher {
        route,
        state: Arc::new(Mutex::new(TriggerState::new(trigger))),
        handle: handle.clone(),
    })
    .respond_with(FaultResponder(fault))
    .with_priority(FAULT_PRIORITY)
    .mount(server)
    .await;
    handle
}

struct RouteMatcher(Route);

impl Match for RouteMatcher {
    fn matches(&self, req: &Request) -> bool {
        self.0
            .matches(req.method.as_str(), req.url.path(), &req.body)
    }
}

/// Answers every request on `route` with `response`, whatever its query or body: below faults, above
/// the cassettes. For load tests whose bodies carry unique markers no cassette can match.
pub async fn answer(server: &MockServer, route: Route, response: ResponseTemplate) {
    Mock::given(RouteMatcher(route))
        .respond_with(response)
        .with_priority(ANSWER_PRIORITY)
        .mount(server)
        .await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_dates() {
        assert_eq!(http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(http_date(1_767_225_600), "Thu, 01 Jan 2026 00:00:00 GMT");
        assert_eq!(http_date(951_782_400), "Tue, 29 Feb 2000 00:00:00 GMT");
        assert_eq!(http_date(1_700_000_000), "Tue, 14 Nov 2023 22:13:20 GMT");
    }
}
