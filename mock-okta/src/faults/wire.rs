//! The wire fault proxy: a small HTTP/1.1 proxy on raw TCP in front of a [`MockOrg`], for the
//! faults wiremock cannot make (a connection dropped mid-body, closed before any answer, an endless
//! chunked body, refused connections), and a record of every request it forwarded.
//!
//! Raw TCP on purpose: an HTTP server library would complete, frame or retry exactly the answers
//! this proxy exists to break. Requests and the org's answer heads are parsed with `httparse` (what
//! hyper parses with); only the bytes written back are the proxy's own.

mod connection;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::net::TcpListener;
use tokio::sync::{mpsc, oneshot};
use wiremock::matchers::header_exists;
use wiremock::{Match, Mock, Request, Respond, ResponseTemplate};

use super::trigger::{FaultHandle, Rng, Route, Trigger, TriggerState};
use super::{FAULT_PRIORITY, HttpFault, lock};
use crate::replay::MockOrg;

/// The header the proxy uses to ask the org for a registered [`HttpFault`].
const TAG_HEADER: &str = "x-mock-fault";

/// A fault only a raw TCP server can produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WireFault {
    /// `200`, `Content-Length: 4096`, 64 bytes of JSON, then the connection closes.
    DropMidBody,
    /// The request is read, then the connection closes without a byte of answer.
    CloseBeforeAnswer,
    /// `201 Created` headers announcing a JSON body, then the connection closes before any of it:
    /// Okta took the request, its answer is lost.
    CloseAfterHeaders,
    /// A `200` chunked JSON body (no `Content-Length`) of this many bytes; stops when the reader goes.
    LargeChunked { bytes: usize },
}

impl WireFault {
    pub fn name(&self) -> String {
        match self {
            Self::DropMidBody => "dropped mid-body".into(),
            Self::CloseBeforeAnswer => "closed before answering".into(),
            Self::CloseAfterHeaders => "closed after the headers".into(),
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
        let task = tokio::spawn(connection::accept_loop(listener, addr, inner.clone(), rx));
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

impl ProxyInner {
    /// Decides the fault for a request, if any: the first rule on its route that fires.
    fn choose(&self, method: &str, path: &str, body: &[u8]) -> Option<Fault> {
        let mut rules = lock(&self.rules);
        for rule in rules.iter_mut() {
            if !rule.route.matches(method, path, body) {
                continue;
            }
            if rule.handle.fire(&rule.state) {
                let i = rule.pick.below(rule.faults.len());
                if let Some(f) = rule.faults.get(i) {
                    self.injected.fetch_add(1, Ordering::SeqCst);
                    return Some(f.clone());
                }
            }
        }
        None
    }

    /// Keeps a received request; its index, for [`ProxyInner::set_outcome`].
    fn record(&self, request: SeenRequest) -> usize {
        let mut seen = lock(&self.seen);
        seen.push(request);
        seen.len() - 1
    }

    fn set_outcome(&self, index: usize, outcome: Outcome) {
        if let Some(r) = lock(&self.seen).get_mut(index) {
            r.outcome = outcome;
        }
    }

    /// Registers an HTTP fault for the org to answer; the tag the forwarded request carries.
    fn tag(&self, fault: HttpFault) -> usize {
        let mut tags = lock(&self.tags);
        tags.push(fault);
        tags.len() - 1
    }
}
