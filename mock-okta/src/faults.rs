//! Fault injection: the ways Okta (and the network in front of it) fails, on demand.
//!
//! Two mechanisms, because wiremock can answer badly but cannot break a connection:
//! - [`mount`] puts an [`HttpFault`] on a mock org's server (`org.server()`), above the cassette
//!   responder: 429s with Okta's rate-limit headers or `Retry-After`, 5xx with Okta or HTML bodies,
//!   slow answers, malformed JSON, HTML pages, empty and oversized bodies.
//! - [`FaultProxy`] is a small HTTP/1.1 proxy on raw TCP in front of the mock org. It forwards every
//!   request, records what it saw (so tests can count requests, retries and duplicate POSTs), and can
//!   fault a request itself with a [`WireFault`]: a connection dropped mid-body, closed before any
//!   answer, an endless chunked body; or refuse connections for a while. It can also ask the org for
//!   any [`HttpFault`], so one seeded generator can mix both kinds (the soak does).
//!
//! Which requests fault is a [`Trigger`]: always, the first N that match, or a seeded
//! pseudo-random share.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, oneshot};
use wiremock::matchers::header_exists;
use wiremock::{Match, Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::replay::MockOrg;

/// Priority of fault mocks: above the token endpoint's routes (1 too, mounted first) and far above
/// the cassette responder (255).
const FAULT_PRIORITY: u8 = 1;
/// Priority of [`answer`] mounts: below faults, above the cassette responder.
const ANSWER_PRIORITY: u8 = 10;
/// The header the proxy uses to ask the org for a registered [`HttpFault`].
const TAG_HEADER: &str = "x-mock-fault";

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

// ---------------------------------------------------------------------------------------------
// Routes and triggers
// ---------------------------------------------------------------------------------------------

/// Which requests a fault or an answer applies to: a method, a path, part of the body.
#[derive(Debug, Clone, Default)]
pub struct Route {
    method: Option<String>,
    path: Option<String>,
    prefix: bool,
    body_contains: Option<String>,
}

impl Route {
    /// One method on one exact path (`GET`, `/api/v1/users/00u1`).
    pub fn new(method: &str, path: &str) -> Self {
        Self {
            method: Some(method.to_ascii_uppercase()),
            path: Some(path.to_owned()),
            ..Self::default()
        }
    }

    /// Every request.
    pub fn any() -> Self {
        Self::default()
    }

    /// Every request whose path starts with `prefix`, any method.
    pub fn prefix(prefix: &str) -> Self {
        Self {
            path: Some(prefix.to_owned()),
            prefix: true,
            ..Self::default()
        }
    }

    /// Only requests with this method.
    pub fn with_method(mut self, method: &str) -> Self {
        self.method = Some(method.to_ascii_uppercase());
        self
    }

    /// Only requests whose body contains `needle` (a marker that tells concurrent POSTs apart).
    pub fn with_body_containing(mut self, needle: &str) -> Self {
        self.body_contains = Some(needle.to_owned());
        self
    }

    /// Whether a request (method, path without query, raw body) is on this route.
    pub fn matches(&self, method: &str, path: &str, body: &[u8]) -> bool {
        if let Some(m) = &self.method
            && !m.eq_ignore_ascii_case(method)
        {
            return false;
        }
        if let Some(p) = &self.path {
            let ok = if self.prefix {
                path.starts_with(p.as_str())
            } else {
                path == p
            };
            if !ok {
                return false;
            }
        }
        if let Some(needle) = &self.body_contains {
            let needle = needle.as_bytes();
            if needle.is_empty() || !body.windows(needle.len()).any(|w| w == needle) {
                return false;
            }
        }
        true
    }
}

/// Which of the requests on a route fault.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Trigger {
    /// Every request.
    Always,
    /// The first N requests; the rest pass to the org.
    First(u64),
    /// A pseudo-random share (0.0–1.0) of requests, reproducible from the seed for a given order.
    Share { share: f64, seed: u64 },
}

/// SplitMix64: tiny, seedable, good enough to pick faults.
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn below(&mut self, n: usize) -> usize {
        if n <= 1 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }
}

#[derive(Debug)]
struct TriggerState {
    trigger: Trigger,
    rng: Rng,
}

impl TriggerState {
    fn new(trigger: Trigger) -> Self {
        let seed = match trigger {
            Trigger::Share { seed, .. } => seed,
            _ => 0,
        };
        Self {
            trigger,
            rng: Rng(seed),
        }
    }
}

/// Counts for one injected fault: how many requests were on its route, how many it faulted.
#[derive(Debug, Clone, Default)]
pub struct FaultHandle {
    matched: Arc<AtomicU64>,
    injected: Arc<AtomicU64>,
}

impl FaultHandle {
    /// Requests seen on the route (faulted or not).
    pub fn matched(&self) -> u64 {
        self.matched.load(Ordering::SeqCst)
    }

    /// Requests that were faulted.
    pub fn injected(&self) -> u64 {
        self.injected.load(Ordering::SeqCst)
    }

    /// Records one request on the route; true when it must fault.
    fn fire(&self, state: &Mutex<TriggerState>) -> bool {
        let n = self.matched.fetch_add(1, Ordering::SeqCst) + 1;
        let mut s = lock(state);
        let fire = match s.trigger {
            Trigger::Always => true,
            Trigger::First(k) => n <= k,
            Trigger::Share { share, .. } => s.rng.next_f64() < share,
        };
        if fire {
            self.injected.fetch_add(1, Ordering::SeqCst);
        }
        fire
    }
}

// ---------------------------------------------------------------------------------------------
// HTTP faults (served by wiremock)
// ---------------------------------------------------------------------------------------------

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
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = epoch_secs / 86_400;
    let secs = epoch_secs % 86_400;
    // Howard Hinnant's civil_from_days.
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{}, {day:02} {} {year} {:02}:{:02}:{:02} GMT",
        DAYS[(days % 7) as usize],
        MONTHS[(month - 1) as usize],
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
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

// ---------------------------------------------------------------------------------------------
// The raw TCP proxy
// ---------------------------------------------------------------------------------------------

/// A fault only a raw TCP server can produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WireFault {
    /// `200`, `Content-Length: 4096`, 64 bytes of JSON, then the connection closes.
    DropMidBody,
    /// The request is read, then the connection closes without a byte of answer.
    CloseBeforeAnswer,
    /// A `200` chunked JSON body (no `Content-Length`) of this many bytes; stops when the reader goes.
    LargeChunked { bytes: usize },
}

impl WireFault {
    pub fn name(&self) -> String {
        match self {
            Self::DropMidBody => "dropped mid-body".into(),
            Self::CloseBeforeAnswer => "closed before answering".into(),
            Self::LargeChunked { bytes } => format!("large chunked body {bytes} B"),
        }
    }
}

/// Any fault the proxy can inject.
#[derive(Debug, Clone, PartialEq)]
pub enum Fault {
    /// Answered by the org (the proxy tags the forwarded request).
    Http(HttpFault),
    /// Made by the proxy itself.
    Wire(WireFault),
}

impl Fault {
    pub fn name(&self) -> String {
        match self {
            Self::Http(f) => f.name(),
            Self::Wire(f) => f.name(),
        }
    }
}

/// What became of a request the proxy received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Still in flight.
    Pending,
    /// An answer with this status went back to the client.
    Answered(u16),
    /// The proxy broke the connection on purpose (a [`WireFault`]).
    Dropped,
    /// The client closed its connection before the answer came, this long after sending the request.
    ClientClosed { after: Duration },
    /// The org could not be reached or answered nothing.
    UpstreamFailed(String),
}

/// One request as the proxy received it.
#[derive(Debug, Clone)]
pub struct SeenRequest {
    pub method: String,
    /// Path without the query.
    pub path: String,
    pub query: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// The fault injected into it, if any ([`Fault::name`]).
    pub fault: Option<String>,
    pub outcome: Outcome,
    /// When the request had been read in full.
    pub at: Instant,
}

impl SeenRequest {
    /// A header's value (case-insensitive name).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Whether Okta could have acted on it: anything but a 429, which says it was not processed.
    pub fn may_have_been_processed(&self) -> bool {
        !matches!(self.outcome, Outcome::Answered(429))
    }
}

struct ProxyRule {
    route: Route,
    faults: Vec<Fault>,
    /// For mixes: the seed that picks which fault.
    pick: Rng,
    state: Arc<Mutex<TriggerState>>,
    handle: FaultHandle,
}

struct ProxyInner {
    upstream: SocketAddr,
    rules: Mutex<Vec<ProxyRule>>,
    seen: Mutex<Vec<SeenRequest>>,
    /// HTTP faults the org answers when the proxy tags a request with their index.
    tags: Arc<Mutex<Vec<HttpFault>>>,
    injected: AtomicU64,
}

/// A raw HTTP/1.1 proxy in front of a [`MockOrg`]; point the server under test at [`FaultProxy::uri`].
///
/// Every connection carries one request (`Connection: close` both ways), which keeps the proxy small
/// and makes a broken connection affect exactly one request.
pub struct FaultProxy {
    addr: SocketAddr,
    inner: Arc<ProxyInner>,
    control: mpsc::UnboundedSender<(Duration, oneshot::Sender<()>)>,
    task: tokio::task::JoinHandle<()>,
}

impl std::fmt::Debug for FaultProxy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FaultProxy")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

struct TagMatcher;

impl Match for TagMatcher {
    fn matches(&self, req: &Request) -> bool {
        header_exists(TAG_HEADER).matches(req)
    }
}

struct TagResponder(Arc<Mutex<Vec<HttpFault>>>);

impl Respond for TagResponder {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let fault = req
            .headers
            .get(TAG_HEADER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok())
            .and_then(|i| lock(&self.0).get(i).cloned());
        match fault {
            Some(f) => f.response(),
            None => ResponseTemplate::new(500).set_body_string("mock-okta: unknown fault tag"),
        }
    }
}

impl FaultProxy {
    /// Starts the proxy on a free loopback port, in front of `org`.
    pub async fn start(org: &MockOrg) -> std::io::Result<Self> {
        let upstream: SocketAddr = org.server().address().to_owned();
        let tags = Arc::new(Mutex::new(Vec::new()));
        Mock::given(TagMatcher)
            .respond_with(TagResponder(tags.clone()))
            .with_priority(FAULT_PRIORITY)
            .mount(org.server())
            .await;
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let inner = Arc::new(ProxyInner {
            upstream,
            rules: Mutex::new(Vec::new()),
            seen: Mutex::new(Vec::new()),
            tags,
            injected: AtomicU64::new(0),
        });
        let (control, rx) = mpsc::unbounded_channel();
        let task = tokio::spawn(accept_loop(listener, addr, inner.clone(), rx));
        Ok(Self {
            addr,
            inner,
            control,
            task,
        })
    }

    /// `http://127.0.0.1:<port>`: the org URL for the server under test.
    pub fn uri(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Injects `fault` into the requests on `route` that `trigger` picks.
    pub fn inject(&self, route: Route, fault: Fault, trigger: Trigger) -> FaultHandle {
        self.inject_mix(route, vec![fault], trigger, 0)
    }

    /// Like [`FaultProxy::inject`], picking one of `faults` per faulted request with a generator
    /// seeded by `seed`. Rules are tried in the order they were added; the first that fires wins.
    pub fn inject_mix(
        &self,
        route: Route,
        faults: Vec<Fault>,
        trigger: Trigger,
        seed: u64,
    ) -> FaultHandle {
        let handle = FaultHandle::default();
        lock(&self.inner.rules).push(ProxyRule {
            route,
            faults,
            pick: Rng(seed ^ 0x5EED_F00D),
            state: Arc::new(Mutex::new(TriggerState::new(trigger))),
            handle: handle.clone(),
        });
        handle
    }

    /// Every request received so far, in arrival order.
    pub fn requests(&self) -> Vec<SeenRequest> {
        lock(&self.inner.seen).clone()
    }

    /// How many requests on `route` were received.
    pub fn count(&self, route: &Route) -> usize {
        lock(&self.inner.seen)
            .iter()
            .filter(|r| route.matches(&r.method, &r.path, &r.body))
            .count()
    }

    /// How many faults the proxy injected (its own and the org's, by its rules).
    pub fn injected(&self) -> u64 {
        self.inner.injected.load(Ordering::SeqCst)
    }

    /// Stops listening for `d`: connections are refused (never opened), then accepted again on the
    /// same port. Returns once the port is closed.
    pub async fn refuse_for(&self, d: Duration) {
        let (tx, rx) = oneshot::channel();
        if self.control.send((d, tx)).is_ok() {
            let _ = rx.await;
        }
    }
}

async fn accept_loop(
    mut listener: TcpListener,
    addr: SocketAddr,
    inner: Arc<ProxyInner>,
    mut control: mpsc::UnboundedReceiver<(Duration, oneshot::Sender<()>)>,
) {
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                if let Ok((stream, _)) = accepted {
                    tokio::spawn(handle_connection(stream, inner.clone()));
                }
            }
            cmd = control.recv() => {
                let Some((pause, ack)) = cmd else { return };
                drop(listener);
                let _ = ack.send(());
                tokio::time::sleep(pause).await;
                // SO_REUSEADDR (set by tokio on Unix) lets the port be taken again at once.
                listener = loop {
                    match TcpListener::bind(addr).await {
                        Ok(l) => break l,
                        Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
                    }
                };
            }
        }
    }
}

/// The most a request head may be; hostile tests send megabyte paths.
const MAX_HEAD: usize = 8 * 1024 * 1024;

struct Head {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn parse_head(raw: &[u8]) -> Option<Head> {
    let text = std::str::from_utf8(raw).ok()?;
    let mut lines = text.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let method = first.next()?.to_owned();
    let target = first.next()?.to_owned();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    Some(Head {
        method,
        target,
        headers,
    })
}

/// Reads one request: head and `Content-Length` body.
async fn read_request(stream: &mut TcpStream) -> Option<(Head, Vec<u8>)> {
    let mut buf = Vec::with_capacity(4096);
    let end = loop {
        if let Some(i) = find(&buf, b"\r\n\r\n") {
            break i;
        }
        if buf.len() > MAX_HEAD {
            return None;
        }
        let mut chunk = vec![0u8; 64 * 1024];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = parse_head(&buf[..end])?;
    let len = head
        .headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = buf[end + 4..].to_vec();
    while body.len() < len {
        let mut chunk = vec![0u8; (len - body.len()).min(256 * 1024)];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    body.truncate(len);
    Some((head, body))
}

/// Decides the fault for a request, if any.
fn choose(inner: &ProxyInner, method: &str, path: &str, body: &[u8]) -> Option<Fault> {
    let mut rules = lock(&inner.rules);
    for rule in rules.iter_mut() {
        if !rule.route.matches(method, path, body) {
            continue;
        }
        if rule.handle.fire(&rule.state) {
            let i = rule.pick.below(rule.faults.len());
            if let Some(f) = rule.faults.get(i) {
                inner.injected.fetch_add(1, Ordering::SeqCst);
                return Some(f.clone());
            }
        }
    }
    None
}

fn set_outcome(inner: &ProxyInner, index: usize, outcome: Outcome) {
    if let Some(r) = lock(&inner.seen).get_mut(index) {
        r.outcome = outcome;
    }
}

async fn handle_connection(mut client: TcpStream, inner: Arc<ProxyInner>) {
    let Some((head, body)) = read_request(&mut client).await else {
        return;
    };
    let (path, query) = match head.target.split_once('?') {
        Some((p, q)) => (p.to_owned(), q.to_owned()),
        None => (head.target.clone(), String::new()),
    };
    let fault = choose(&inner, &head.method, &path, &body);
    let received = Instant::now();
    let index = {
        let mut seen = lock(&inner.seen);
        seen.push(SeenRequest {
            method: head.method.clone(),
            path,
            query,
            headers: head.headers.clone(),
            body: body.clone(),
            fault: fault.as_ref().map(Fault::name),
            outcome: Outcome::Pending,
            at: received,
        });
        seen.len() - 1
    };
    let tag = match fault {
        Some(Fault::Wire(w)) => {
            wire_fault(&mut client, w).await;
            set_outcome(&inner, index, Outcome::Dropped);
            return;
        }
        Some(Fault::Http(h)) => {
            let mut tags = lock(&inner.tags);
            tags.push(h);
            Some(tags.len() - 1)
        }
        None => None,
    };
    let outcome = forward(&mut client, &inner, &head, &body, tag, received).await;
    set_outcome(&inner, index, outcome);
}

async fn wire_fault(client: &mut TcpStream, fault: WireFault) {
    match fault {
        WireFault::DropMidBody => {
            let partial = br#"{"id":"00ub0oNGTSWTBKOLGLNR","status":"ACTIVE","profile":{"login""#;
            let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 4096\r\nConnection: close\r\n\r\n";
            let _ = client.write_all(head.as_bytes()).await;
            let _ = client.write_all(partial).await;
            let _ = client.flush().await;
        }
        WireFault::CloseBeforeAnswer => {}
        WireFault::LargeChunked { bytes } => {
            let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
            if client.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            let body = large_json(bytes);
            for piece in body.chunks(64 * 1024) {
                let mut chunk = format!("{:x}\r\n", piece.len()).into_bytes();
                chunk.extend_from_slice(piece);
                chunk.extend_from_slice(b"\r\n");
                if client.write_all(&chunk).await.is_err() {
                    return;
                }
            }
            let _ = client.write_all(b"0\r\n\r\n").await;
        }
    }
    let _ = client.shutdown().await;
}

/// Forwards one request to the org and its answer back, noticing a client that leaves first.
async fn forward(
    client: &mut TcpStream,
    inner: &ProxyInner,
    head: &Head,
    body: &[u8],
    tag: Option<usize>,
    received: Instant,
) -> Outcome {
    let mut upstream = match TcpStream::connect(inner.upstream).await {
        Ok(s) => s,
        Err(e) => return Outcome::UpstreamFailed(e.to_string()),
    };
    let mut out = format!("{} {} HTTP/1.1\r\n", head.method, head.target);
    for (k, v) in &head.headers {
        if is_hop_header(k) || k.eq_ignore_ascii_case(TAG_HEADER) {
            continue;
        }
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    if let Some(t) = tag {
        out.push_str(&format!("{TAG_HEADER}: {t}\r\n"));
    }
    out.push_str("Connection: close\r\n\r\n");
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(body);
    if let Err(e) = upstream.write_all(&bytes).await {
        return Outcome::UpstreamFailed(e.to_string());
    }

    let mut answer = Vec::new();
    let mut probe = [0u8; 512];
    loop {
        tokio::select! {
            r = upstream.read_buf(&mut answer) => match r {
                Ok(0) => break,
                Ok(_) => {}
                Err(e) => return Outcome::UpstreamFailed(e.to_string()),
            },
            r = client.read(&mut probe) => match r {
                // The client gave up (timeout, cancellation): say when, and stop waiting for the org.
                Ok(0) | Err(_) => return Outcome::ClientClosed { after: received.elapsed() },
                Ok(_) => {}
            },
        }
    }
    let Some(end) = find(&answer, b"\r\n\r\n") else {
        return Outcome::UpstreamFailed("no answer head".into());
    };
    let head_text = String::from_utf8_lossy(&answer[..end]).into_owned();
    let mut lines = head_text.split("\r\n");
    let status_line = lines.next().unwrap_or("");
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse::<u16>().ok())
        .unwrap_or(0);
    let mut rewritten = format!("{status_line}\r\n");
    for line in lines {
        let name = line.split(':').next().unwrap_or("");
        if !is_hop_header(name) {
            rewritten.push_str(line);
            rewritten.push_str("\r\n");
        }
    }
    rewritten.push_str("connection: close\r\n\r\n");
    let mut reply = rewritten.into_bytes();
    reply.extend_from_slice(&answer[end + 4..]);
    if client.write_all(&reply).await.is_err() {
        return Outcome::ClientClosed {
            after: received.elapsed(),
        };
    }
    let _ = client.shutdown().await;
    Outcome::Answered(status)
}

fn is_hop_header(name: &str) -> bool {
    ["connection", "keep-alive", "proxy-connection"]
        .iter()
        .any(|h| name.trim().eq_ignore_ascii_case(h))
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

    #[test]
    fn shares_are_reproducible_and_near_the_share() {
        let count = |seed| {
            let h = FaultHandle::default();
            let s = Mutex::new(TriggerState::new(Trigger::Share { share: 0.1, seed }));
            (0..10_000).filter(|_| h.fire(&s)).count()
        };
        assert_eq!(count(7), count(7));
        let n = count(7);
        assert!((800..1200).contains(&n), "{n}");
    }

    #[test]
    fn first_n_then_pass() {
        let h = FaultHandle::default();
        let s = Mutex::new(TriggerState::new(Trigger::First(2)));
        let fired: Vec<bool> = (0..4).map(|_| h.fire(&s)).collect();
        assert_eq!(fired, [true, true, false, false]);
        assert_eq!((h.matched(), h.injected()), (4, 2));
    }

    #[test]
    fn routes() {
        let r = Route::new("post", "/api/v1/users").with_body_containing("m-1");
        assert!(r.matches("POST", "/api/v1/users", br#"{"login":"m-1"}"#));
        assert!(!r.matches("POST", "/api/v1/users", br#"{"login":"m-2"}"#));
        assert!(!r.matches("GET", "/api/v1/users", br#"{"login":"m-1"}"#));
        assert!(Route::prefix("/api/v1/").matches("DELETE", "/api/v1/sessions/x", b""));
        assert!(Route::any().matches("PUT", "/x", b""));
    }
}
