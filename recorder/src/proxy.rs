//! The recording proxy: a small HTTP/1.1 server on 127.0.0.1 that the server under recording is
//! pointed at (`OKTA_ORG_URL=http://127.0.0.1:port`). It forwards every request to the org over
//! HTTPS and keeps a copy of each request/response pair, unscrubbed, in memory only.
//!
//! The proxy, not the server, holds the run's credentials. An OAuth client assertion names the
//! token URL it is for (`aud`) and a DPoP proof the URL it signs (`htu`); a server pointed at a
//! loopback proxy would name the proxy and Okta would refuse both. So the proxy authorises each
//! forwarded request itself with okta-mcp-core's own auth (SSWS, or OAuth with `private_key_jwt`
//! and DPoP), and answers the server's token requests locally with a dummy token. Token
//! exchanges therefore never appear in a recording, and the server process never sees a real
//! credential.
//!
//! The servers send `Content-Length` bodies; chunked requests are decoded too. Responses always
//! carry `Content-Length`. A 429 is waited out here (Okta did not process the request), so the
//! recording holds the answer, not the throttling.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use mock_okta::Interaction;
use mock_okta::cassette::{QueryValue, RecordedRequest, RecordedResponse};
use okta_mcp_core::auth::Auth;
use okta_mcp_core::config::Config;
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderMap};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use url::Url;

const MAX_LINE: usize = 64 * 1024;
const MAX_HEADERS: usize = 200;
const MAX_BODY: usize = 64 * 1024 * 1024;
/// Request headers passed on to the org. Authorization and DPoP are the proxy's own.
const FORWARD: &[&str] = &[
    "accept",
    "content-type",
    "user-agent",
    "x-okta-retry-for",
    "x-okta-retry-count",
];
/// Response headers passed back to the server (it needs the rate-limit ones to behave).
const BACK: &[&str] = &[
    "content-type",
    "link",
    "date",
    "retry-after",
    "x-rate-limit-limit",
    "x-rate-limit-remaining",
    "x-rate-limit-reset",
];
const TOKEN_PATH: &str = "/oauth2/v1/token";
const MAX_429_WAITS: u32 = 3;
const MAX_429_WAIT: Duration = Duration::from_secs(60);

/// The org the proxy forwards to, and how it authenticates there.
#[derive(Clone)]
pub struct Upstream {
    pub base: Url,
    pub auth: Arc<Auth>,
}

impl std::fmt::Debug for Upstream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Upstream")
            .field("base", &self.base.as_str())
            .finish_non_exhaustive()
    }
}

impl Upstream {
    /// The configured org, authenticating with `scopes` when OAuth is configured.
    pub fn new(config: &Config, scopes: &[&str]) -> Result<Self, String> {
        let auth = Auth::from_config(config, scopes).map_err(|e| e.to_string())?;
        Ok(Self {
            base: config.org_url.clone(),
            auth: Arc::new(auth),
        })
    }

    /// An org reached with an API token (mock orgs in tests).
    pub fn ssws(base: &str, token: &str) -> Result<Self, String> {
        let config = Config::from_lookup(|k| match k {
            "OKTA_ORG_URL" => Some(base.to_owned()),
            "OKTA_API_TOKEN" => Some(token.to_owned()),
            _ => None,
        })
        .map_err(|e| e.to_string())?;
        Self::new(&config, &[])
    }
}

struct Shared {
    upstream: Mutex<Option<Upstream>>,
    captured: Mutex<Vec<Interaction>>,
    problems: Mutex<Vec<String>>,
    http: reqwest::Client,
    origin: String,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A running proxy; stops when dropped.
pub struct Proxy {
    url: Url,
    shared: Arc<Shared>,
    task: tokio::task::JoinHandle<()>,
}

impl std::fmt::Debug for Proxy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Proxy")
            .field("url", &self.url.as_str())
            .finish_non_exhaustive()
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Proxy {
    /// Listens on 127.0.0.1 (a free port) and forwards to `upstream` once one is set.
    pub async fn start(upstream: Option<Upstream>) -> std::io::Result<Self> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
        let addr = listener.local_addr()?;
        let origin = format!("http://{addr}");
        let url = Url::parse(&origin).map_err(std::io::Error::other)?;
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(120))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(std::io::Error::other)?;
        let shared = Arc::new(Shared {
            upstream: Mutex::new(upstream),
            captured: Mutex::new(Vec::new()),
            problems: Mutex::new(Vec::new()),
            http,
            origin,
        });
        let s = shared.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let s = s.clone();
                tokio::spawn(async move {
                    // A broken connection fails the server's call, which reports it; a request
                    // that reached the org is recorded before its answer is written back.
                    let _ = serve(stream, &s).await;
                });
            }
        });
        Ok(Self { url, shared, task })
    }

    /// The URL to give the server as `OKTA_ORG_URL`.
    pub fn url(&self) -> &Url {
        &self.url
    }

    pub fn set_upstream(&self, upstream: Upstream) {
        *lock(&self.shared.upstream) = Some(upstream);
    }

    pub fn upstream(&self) -> Option<Url> {
        lock(&self.shared.upstream).as_ref().map(|u| u.base.clone())
    }

    /// Everything recorded since the last call (real, unscrubbed data: never write it as is).
    pub fn take(&self) -> Vec<Interaction> {
        std::mem::take(&mut *lock(&self.shared.captured))
    }

    /// What went wrong in the proxy itself (the org unreachable, credentials refused) since the last call.
    pub fn take_problems(&self) -> Vec<String> {
        std::mem::take(&mut *lock(&self.shared.problems))
    }
}

struct Req {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    close: bool,
}

struct Resp {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

fn bad(msg: impl Into<String>) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, msg.into())
}

/// One line without its CRLF; None at a clean end of stream.
async fn read_line<R: AsyncBufRead + Unpin>(r: &mut R) -> std::io::Result<Option<String>> {
    let mut buf = Vec::new();
    let n = (&mut *r)
        .take(MAX_LINE as u64 + 1)
        .read_until(b'\n', &mut buf)
        .await?;
    if n == 0 {
        return Ok(None);
    }
    if buf.len() > MAX_LINE {
        return Err(bad("line too long"));
    }
    while matches!(buf.last(), Some(b'\n' | b'\r')) {
        buf.pop();
    }
    String::from_utf8(buf)
        .map(Some)
        .map_err(|_| bad("header is not UTF-8"))
}

async fn read_request<R: AsyncBufRead + Unpin>(r: &mut R) -> std::io::Result<Option<Req>> {
    let line = loop {
        match read_line(r).await? {
            None => return Ok(None),
            Some(l) if l.is_empty() => {}
            Some(l) => break l,
        }
    };
    let mut parts = line.split(' ');
    let (Some(method), Some(target), Some(version)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(bad(format!("bad request line {line:?}")));
    };
    let mut headers = Vec::new();
    loop {
        let l = read_line(r)
            .await?
            .ok_or_else(|| bad("connection closed in the headers"))?;
        if l.is_empty() {
            break;
        }
        if headers.len() >= MAX_HEADERS {
            return Err(bad("too many headers"));
        }
        let (k, v) = l
            .split_once(':')
            .ok_or_else(|| bad(format!("bad header line {l:?}")))?;
        headers.push((k.trim().to_ascii_lowercase(), v.trim().to_owned()));
    }
    let header = |name: &str| {
        headers
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.to_ascii_lowercase())
            .collect::<Vec<_>>()
            .join(",")
    };
    let close = version.eq_ignore_ascii_case("HTTP/1.0") || header("connection").contains("close");
    let mut body = Vec::new();
    if header("transfer-encoding").contains("chunked") {
        loop {
            let size_line = read_line(r)
                .await?
                .ok_or_else(|| bad("connection closed in a chunk"))?;
            let size_hex = size_line.split(';').next().unwrap_or("").trim();
            let size = usize::from_str_radix(size_hex, 16).map_err(|_| bad("bad chunk size"))?;
            if size == 0 {
                while let Some(l) = read_line(r).await? {
                    if l.is_empty() {
                        break;
                    }
                }
                break;
            }
            if body.len() + size > MAX_BODY {
                return Err(bad("body too large"));
            }
            let start = body.len();
            body.resize(start + size, 0);
            r.read_exact(&mut body[start..]).await?;
            read_line(r).await?;
        }
    } else {
        let cl = header("content-length");
        if !cl.is_empty() {
            let n: usize = cl.trim().parse().map_err(|_| bad("bad content-length"))?;
            if n > MAX_BODY {
                return Err(bad("body too large"));
            }
            body.resize(n, 0);
            r.read_exact(&mut body).await?;
        }
    }
    Ok(Some(Req {
        method: method.to_owned(),
        target: target.to_owned(),
        headers,
        body,
        close,
    }))
}

async fn write_response(w: &mut (impl AsyncWriteExt + Unpin), resp: &Resp) -> std::io::Result<()> {
    let reason = StatusCode::from_u16(resp.status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Unknown");
    let mut head = format!("HTTP/1.1 {} {reason}\r\n", resp.status);
    for (k, v) in &resp.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str(&format!("content-length: {}\r\n\r\n", resp.body.len()));
    w.write_all(head.as_bytes()).await?;
    w.write_all(&resp.body).await?;
    w.flush().await
}

async fn serve(stream: TcpStream, shared: &Shared) -> std::io::Result<()> {
    let (r, mut w) = stream.into_split();
    let mut r = BufReader::new(r);
    while let Some(req) = read_request(&mut r).await? {
        let close = req.close;
        let resp = handle(shared, req).await;
        write_response(&mut w, &resp).await?;
        if close {
            break;
        }
    }
    Ok(())
}

fn json_resp(status: u16, body: &Value) -> Resp {
    Resp {
        status,
        headers: vec![("content-type".into(), "application/json".into())],
        body: serde_json::to_vec(body).unwrap_or_default(),
    }
}

/// The proxy's own failure, shaped like an Okta error so the server reports it, and noted.
fn failure(shared: &Shared, what: String) -> Resp {
    lock(&shared.problems).push(what.clone());
    json_resp(
        502,
        &json!({
            "errorCode": "RECORDER_PROXY",
            "errorSummary": format!("recording proxy: {what}"),
            "errorCauses": []
        }),
    )
}

/// Seconds to wait after a 429: until X-Rate-Limit-Reset (by Okta's clock), else Retry-After.
fn rate_limit_wait(headers: &HeaderMap) -> Duration {
    let get = |k: &str| headers.get(k).and_then(|v| v.to_str().ok());
    let now = get("date")
        .and_then(|d| httpdate::parse_http_date(d).ok())
        .unwrap_or_else(SystemTime::now)
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let secs = get("x-rate-limit-reset")
        .and_then(|r| r.trim().parse::<u64>().ok())
        .map(|reset| reset.saturating_sub(now) + 1)
        .or_else(|| get("retry-after").and_then(|r| r.trim().parse::<u64>().ok()))
        .unwrap_or(5);
    Duration::from_secs(secs).min(MAX_429_WAIT)
}

fn query_of(url: &Url) -> BTreeMap<String, QueryValue> {
    let mut q: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (k, v) in url.query_pairs() {
        q.entry(k.into_owned()).or_default().push(v.into_owned());
    }
    q.into_iter()
        .map(|(k, mut v)| {
            let v = if v.len() == 1 {
                QueryValue::One(v.remove(0))
            } else {
                QueryValue::Many(v)
            };
            (k, v)
        })
        .collect()
}

fn request_body(bytes: &[u8]) -> Option<Value> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    Some(
        serde_json::from_slice(bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(bytes).into_owned())),
    )
}

fn recorded_response(status: u16, headers: &HeaderMap, bytes: &[u8]) -> RecordedResponse {
    let mut kept = BTreeMap::new();
    let links: Vec<&str> = headers
        .get_all("link")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    if !links.is_empty() {
        kept.insert("Link".to_owned(), links.join(", "));
    }
    let content_type = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let mut body = None;
    let mut body_text = None;
    if !bytes.is_empty() {
        match serde_json::from_slice::<Value>(bytes) {
            Ok(v) => {
                body = Some(v);
                // application/json is what a JSON body means in a cassette; anything else is kept.
                if let Some(ct) = content_type.filter(|c| !c.starts_with("application/json")) {
                    kept.insert("Content-Type".to_owned(), ct);
                }
            }
            Err(_) => {
                body_text = Some(String::from_utf8_lossy(bytes).into_owned());
                if let Some(ct) = content_type {
                    kept.insert("Content-Type".to_owned(), ct);
                }
            }
        }
    }
    RecordedResponse {
        status,
        headers: kept,
        body,
        body_text,
    }
}

async fn handle(shared: &Shared, req: Req) -> Resp {
    if !req.target.starts_with('/') {
        return json_resp(
            400,
            &json!({"errorSummary": "origin-form request targets only"}),
        );
    }
    // Parsed against a dummy origin: the target can never name another host.
    let Ok(parsed) = Url::parse(&format!("http://proxy.invalid{}", req.target)) else {
        return json_resp(400, &json!({"errorSummary": "bad request target"}));
    };
    if parsed.path() == TOKEN_PATH {
        // The server's own token exchange: answered here, never forwarded, never recorded.
        return json_resp(
            200,
            &json!({
                "token_type": "Bearer",
                "access_token": "recorder-proxy-local-token",
                "expires_in": 3600,
                "scope": "okta.recorder"
            }),
        );
    }
    let Some(up) = lock(&shared.upstream).clone() else {
        return failure(shared, "no org to forward to".into());
    };
    let Ok(method) = Method::from_bytes(req.method.as_bytes()) else {
        return json_resp(400, &json!({"errorSummary": "bad method"}));
    };
    let mut url = up.base.clone();
    url.set_path(parsed.path());
    url.set_query(parsed.query());
    let upstream_origin = up.base.origin().ascii_serialization();

    let mut waits = 0;
    let mut challenged = false;
    let (status, headers, bytes) = loop {
        let creds = match up.auth.credentials(&method, &url).await {
            Ok(c) => c,
            Err(e) => return failure(shared, format!("authenticating to the org: {e}")),
        };
        let mut rb = shared.http.request(method.clone(), url.clone());
        for (k, v) in &req.headers {
            if FORWARD.contains(&k.as_str()) {
                rb = rb.header(k.as_str(), v.as_str());
            }
        }
        rb = rb.header(AUTHORIZATION, creds.authorization);
        if let Some(proof) = creds.dpop {
            rb = rb.header("DPoP", proof);
        }
        if !req.body.is_empty() {
            rb = rb.body(req.body.clone());
        }
        let resp = match rb.send().await {
            Ok(r) => r,
            Err(e) => {
                return failure(
                    shared,
                    format!("{} {}: {}", method, url.path(), without_url(&e)),
                );
            }
        };
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let bytes = match resp.bytes().await {
            Ok(b) => b.to_vec(),
            Err(e) => return failure(shared, format!("reading the answer: {}", without_url(&e))),
        };
        if !challenged && up.auth.challenge(status, &headers).await {
            challenged = true;
            continue;
        }
        if status == 429 && waits < MAX_429_WAITS {
            waits += 1;
            tokio::time::sleep(rate_limit_wait(&headers)).await;
            continue;
        }
        break (status, headers, bytes);
    };

    let request = RecordedRequest {
        method: method.as_str().to_owned(),
        path: parsed.path().to_owned(),
        query: query_of(&parsed),
        body: request_body(&req.body),
    };
    let response = recorded_response(status, &headers, &bytes);
    lock(&shared.captured).push(Interaction { request, response });

    let mut back = Vec::new();
    for name in BACK {
        for v in headers.get_all(*name) {
            if let Ok(v) = v.to_str() {
                let v = if *name == "link" {
                    v.replace(&upstream_origin, &shared.origin)
                } else {
                    v.to_owned()
                };
                back.push(((*name).to_owned(), v));
            }
        }
    }
    Resp {
        status,
        headers: back,
        body: bytes,
    }
}

/// reqwest's error text without the URL (which holds the org's host).
fn without_url(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "timed out".into()
    } else if e.is_connect() {
        "could not connect".into()
    } else {
        let mut s = e.to_string();
        if let Some(u) = e.url() {
            s = s.replace(u.as_str(), "<org>");
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn parses_content_length_and_chunked_requests() {
        let raw = b"POST /api/v1/users?activate=false HTTP/1.1\r\nHost: x\r\nContent-Length: 7\r\n\r\n{\"a\":1}\
GET /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n{\"b\r\n4;ext=1\r\n\":2}\r\n0\r\n\r\n\
GET /y HTTP/1.0\r\n\r\n";
        let mut r = BufReader::new(&raw[..]);
        let a = read_request(&mut r).await.unwrap().unwrap();
        assert_eq!(
            (a.method.as_str(), a.target.as_str()),
            ("POST", "/api/v1/users?activate=false")
        );
        assert_eq!(a.body, b"{\"a\":1}");
        assert!(!a.close);
        let b = read_request(&mut r).await.unwrap().unwrap();
        assert_eq!(b.body, b"{\"b\":2}");
        let c = read_request(&mut r).await.unwrap().unwrap();
        assert!(c.close);
        assert!(read_request(&mut r).await.unwrap().is_none());
    }

    #[tokio::test]
    async fn token_requests_are_answered_locally_and_never_recorded() {
        let proxy = Proxy::start(None).await.unwrap();
        let http = reqwest::Client::new();
        let r = http
            .post(proxy.url().join("/oauth2/v1/token").unwrap())
            .form(&[
                ("grant_type", "client_credentials"),
                ("client_assertion", "eyJ.x.y"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["token_type"], "Bearer");
        // Anything else needs an org; there is none, which is the proxy's own failure, not Okta's.
        let r = http
            .get(proxy.url().join("/api/v1/users").unwrap())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 502);
        assert!(proxy.take().is_empty());
        assert_eq!(proxy.take_problems().len(), 1);
    }

    #[test]
    fn rate_limit_waits_follow_oktas_clock_and_are_capped() {
        let mut h = HeaderMap::new();
        h.insert("date", "Tue, 10 Jun 2025 14:05:22 GMT".parse().unwrap());
        h.insert("x-rate-limit-reset", "1749564325".parse().unwrap());
        assert_eq!(rate_limit_wait(&h), Duration::from_secs(4));
        h.insert("x-rate-limit-reset", "1749574325".parse().unwrap());
        assert_eq!(rate_limit_wait(&h), MAX_429_WAIT);
    }

    #[test]
    fn only_link_and_unusual_content_types_are_recorded() {
        let mut h = HeaderMap::new();
        h.insert(
            "content-type",
            "application/json;charset=UTF-8".parse().unwrap(),
        );
        h.append(
            "link",
            "<https://a/x?after=1>; rel=\"self\"".parse().unwrap(),
        );
        h.append(
            "link",
            "<https://a/x?after=2>; rel=\"next\"".parse().unwrap(),
        );
        h.insert("x-okta-request-id", "abc".parse().unwrap());
        let r = recorded_response(200, &h, b"[]");
        assert_eq!(r.headers.len(), 1);
        assert!(r.headers["Link"].contains("rel=\"self\", <https://a/x?after=2>"));
        assert_eq!(r.body, Some(json!([])));
        h.insert("content-type", "application/xml".parse().unwrap());
        let r = recorded_response(200, &h, b"<x/>");
        assert_eq!(r.headers["Content-Type"], "application/xml");
        assert_eq!(r.body_text.as_deref(), Some("<x/>"));
        let r = recorded_response(204, &HeaderMap::new(), b"");
        assert!(r.body.is_none() && r.body_text.is_none() && r.headers.is_empty());
    }
}
