//! The recording proxy: an HTTP/1.1 server (axum) on 127.0.0.1 that the server under recording is
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
//! A 429 is waited out here (Okta did not process the request), so the recording holds the
//! answer, not the throttling.
//!
//! Any local process can reach a loopback port, so the proxy serves only the servers it drives:
//! each run makes a secret ([`Proxy::server_env`] hands it to them as their API token, or as
//! their OAuth client id, whose token is then the secret). A request without it is refused (401)
//! before anything is forwarded, signed or recorded.

mod capture;
mod upstream;

use std::net::Ipv4Addr;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::Response;
use mock_okta::Interaction;
use serde_json::{Value, json};
use tokio::net::TcpListener;
use url::Url;

pub use upstream::Upstream;

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

struct Shared {
    upstream: Mutex<Option<Upstream>>,
    captured: Mutex<Vec<Interaction>>,
    problems: Mutex<Vec<String>>,
    http: reqwest::Client,
    origin: String,
    /// This run's secret: what the servers it drives authenticate with.
    secret: String,
}

/// The OAuth client id given to the servers: the secret, looking like a client id.
fn client_id_for(secret: &str) -> String {
    format!("0oarec{secret}")
}

fn same(a: &str, b: &str) -> bool {
    subtle::ConstantTimeEq::ct_eq(a.as_bytes(), b.as_bytes()).into()
}

/// True when an API request carries the run's secret as its SSWS token or bearer token.
fn authorized(headers: &HeaderMap, secret: &str) -> bool {
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("SSWS ")
                .or_else(|| v.strip_prefix("Bearer "))
        })
        .unwrap_or("");
    same(given, secret)
}

/// True when a token request's client assertion names the run's client id. Only the proxy's own
/// dummy token is handed out for it, so the claim is read, not verified: it is the secret that
/// admits the request.
fn token_request_authorized(body: &[u8], secret: &str) -> bool {
    let assertion = url::form_urlencoded::parse(body)
        .find(|(k, _)| k == "client_assertion")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default();
    let iss = assertion
        .split('.')
        .nth(1)
        .and_then(|claims| URL_SAFE_NO_PAD.decode(claims).ok())
        .and_then(|claims| serde_json::from_slice::<Value>(&claims).ok())
        .and_then(|claims| claims["iss"].as_str().map(str::to_owned))
        .unwrap_or_default();
    same(&iss, &client_id_for(secret))
}

fn refused() -> Response {
    json_resp(
        StatusCode::UNAUTHORIZED,
        &json!({
            "errorCode": "RECORDER_PROXY_AUTH",
            "errorSummary": "recording proxy: this request does not carry the run's secret; only the servers the recorder starts may use the proxy",
            "errorCauses": []
        }),
    )
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
        let mut bytes = [0u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        let secret = URL_SAFE_NO_PAD.encode(bytes);
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
            secret,
        });
        // Every method on every path comes to one handler: the proxy has no routes of its own.
        let app = Router::new()
            .fallback(handle)
            .layer(DefaultBodyLimit::max(MAX_BODY))
            .with_state(shared.clone());
        let task = tokio::spawn(async move {
            // A broken connection fails the server's call, which reports it; a request that
            // reached the org is recorded before its answer is written back.
            let _ = axum::serve(listener, app).await;
        });
        Ok(Self { url, shared, task })
    }

    /// The URL to give the server as `OKTA_ORG_URL`.
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// The credentials a server the recorder starts is given: the run's secret, as an API token or,
    /// for a server that needs OAuth, as its client id (with a test-only key, which signs nothing
    /// real).
    pub fn server_env(&self, oauth: bool) -> Vec<(&'static str, String)> {
        if oauth {
            vec![("OKTA_CLIENT_ID", client_id_for(&self.shared.secret))]
        } else {
            vec![("OKTA_API_TOKEN", self.shared.secret.clone())]
        }
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

fn respond(status: StatusCode, headers: HeaderMap, body: Vec<u8>) -> Response {
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = status;
    *r.headers_mut() = headers;
    r
}

fn json_resp(status: StatusCode, body: &Value) -> Response {
    let mut headers = HeaderMap::new();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    respond(
        status,
        headers,
        serde_json::to_vec(body).unwrap_or_default(),
    )
}

/// The proxy's own failure, shaped like an Okta error so the server reports it, and noted.
fn failure(shared: &Shared, what: String) -> Response {
    lock(&shared.problems).push(what.clone());
    json_resp(
        StatusCode::BAD_GATEWAY,
        &json!({
            "errorCode": "RECORDER_PROXY",
            "errorSummary": format!("recording proxy: {what}"),
            "errorCauses": []
        }),
    )
}

async fn handle(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if uri.scheme().is_some() || uri.authority().is_some() || !uri.path().starts_with('/') {
        return json_resp(
            StatusCode::BAD_REQUEST,
            &json!({"errorSummary": "origin-form request targets only"}),
        );
    }
    let target = uri.path_and_query().map_or("/", |p| p.as_str());
    // Parsed against a dummy origin: the target can never name another host.
    let Ok(parsed) = Url::parse(&format!("http://proxy.invalid{target}")) else {
        return json_resp(
            StatusCode::BAD_REQUEST,
            &json!({"errorSummary": "bad request target"}),
        );
    };
    if parsed.path() == TOKEN_PATH {
        // The server's own token exchange: answered here, never forwarded, never recorded.
        if !token_request_authorized(&body, &shared.secret) {
            return refused();
        }
        return json_resp(
            StatusCode::OK,
            &json!({
                "token_type": "Bearer",
                "access_token": shared.secret,
                "expires_in": 3600,
                "scope": "okta.recorder"
            }),
        );
    }
    if !authorized(&headers, &shared.secret) {
        return refused();
    }
    let Some(up) = lock(&shared.upstream).clone() else {
        return failure(&shared, "no org to forward to".into());
    };
    let mut url = up.base.clone();
    url.set_path(parsed.path());
    url.set_query(parsed.query());
    let forwarded: Vec<_> = headers
        .iter()
        .filter(|(k, _)| FORWARD.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let answer = match upstream::send(&shared.http, &up, &method, &url, &forwarded, &body).await {
        Ok(a) => a,
        Err(what) => return failure(&shared, what),
    };

    lock(&shared.captured).push(capture::interaction(
        method.as_str(),
        &parsed,
        &body,
        answer.status.as_u16(),
        &answer.headers,
        &answer.body,
    ));

    // Links name the org; the server must follow them through the proxy.
    let upstream_origin = up.base.origin().ascii_serialization();
    let mut back = HeaderMap::new();
    for name in BACK {
        for v in answer.headers.get_all(*name) {
            let v = match v.to_str() {
                Ok(s) if *name == "link" => {
                    match HeaderValue::from_str(&s.replace(&upstream_origin, &shared.origin)) {
                        Ok(v) => v,
                        Err(_) => continue,
                    }
                }
                Ok(_) => v.clone(),
                Err(_) => continue,
            };
            back.append(*name, v);
        }
    }
    respond(answer.status, back, answer.body)
}

#[cfg(test)]
mod tests {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use wiremock::matchers::any;
    use wiremock::{Mock, MockServer, ResponseTemplate};

    use super::*;

    /// An org that answers everything with 200, and a proxy in front of it.
    async fn org_and_proxy() -> (MockServer, Proxy) {
        let org = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true})))
            .mount(&org)
            .await;
        let proxy = Proxy::start(Some(
            Upstream::ssws(&org.uri(), "00proxyUnitTestTOKENabcdefghijklmnopqrstu").unwrap(),
        ))
        .await
        .unwrap();
        (org, proxy)
    }

    #[tokio::test]
    async fn content_length_chunked_and_pipelined_requests_are_forwarded_and_recorded() {
        let (org, proxy) = org_and_proxy().await;
        let raw = b"POST /api/v1/users?activate=false HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n{\"a\":1}\
POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n{\"b\r\n4;ext=1\r\n\":2}\r\n0\r\n\r\n\
GET /y HTTP/1.0\r\n\r\n";
        let addr = proxy.url().socket_addrs(|| None).unwrap()[0];
        let auth = format!("Authorization: SSWS {}\r\n", proxy.shared.secret);
        let raw = String::from_utf8_lossy(raw)
            .replace("HTTP/1.1\r\n", &format!("HTTP/1.1\r\n{auth}"))
            .replace("HTTP/1.0\r\n", &format!("HTTP/1.0\r\n{auth}"));
        let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
        s.write_all(raw.as_bytes()).await.unwrap();
        // The HTTP/1.0 request closes the connection after its answer.
        let mut answers = Vec::new();
        s.read_to_end(&mut answers).await.unwrap();
        let answers = String::from_utf8_lossy(&answers);
        assert_eq!(answers.matches("HTTP/1.").count(), 3, "{answers}");

        let got = proxy.take();
        let seen: Vec<_> = got
            .iter()
            .map(|i| (i.request.method.as_str(), i.request.path.as_str()))
            .collect();
        assert_eq!(
            seen,
            [("POST", "/api/v1/users"), ("POST", "/x"), ("GET", "/y")]
        );
        assert_eq!(got[0].request.body, Some(json!({"a": 1})));
        assert_eq!(got[1].request.body, Some(json!({"b": 2})));
        assert!(got[2].request.body.is_none());
        assert_eq!(got[0].response.body, Some(json!({"ok": true})));
        // The org got the bodies as sent, with the proxy's credential and not the server's.
        let reqs = org.received_requests().await.unwrap();
        assert_eq!(reqs[1].body, b"{\"b\":2}");
        assert!(reqs.iter().all(|r| {
            r.headers["authorization"]
                .to_str()
                .unwrap()
                .starts_with("SSWS 00proxy")
        }));
        assert!(proxy.take_problems().is_empty());
    }

    /// A client assertion as a server sends it, naming `iss` (unsigned: the proxy reads the claim).
    fn assertion(iss: &str) -> String {
        let claims = URL_SAFE_NO_PAD.encode(json!({"iss": iss, "sub": iss}).to_string());
        format!("eyJhbGciOiJSUzI1NiJ9.{claims}.sig")
    }

    #[tokio::test]
    async fn token_requests_are_answered_locally_and_never_recorded() {
        let proxy = Proxy::start(None).await.unwrap();
        let client_id = proxy.server_env(true)[0].1.clone();
        let http = reqwest::Client::new();
        let r = http
            .post(proxy.url().join("/oauth2/v1/token").unwrap())
            .form(&[
                ("grant_type", "client_credentials"),
                ("client_assertion", assertion(&client_id).as_str()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["token_type"], "Bearer");
        let token = body["access_token"].as_str().unwrap().to_owned();
        // Anything else needs an org; there is none, which is the proxy's own failure, not Okta's.
        let r = http
            .get(proxy.url().join("/api/v1/users").unwrap())
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 502);
        assert!(proxy.take().is_empty());
        assert_eq!(proxy.take_problems().len(), 1);
    }

    #[tokio::test]
    async fn absolute_form_targets_are_refused() {
        let proxy = Proxy::start(None).await.unwrap();
        let addr = proxy.url().socket_addrs(|| None).unwrap()[0];
        let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
        s.write_all(b"GET http://elsewhere.example/api/v1/users HTTP/1.0\r\n\r\n")
            .await
            .unwrap();
        let mut answer = Vec::new();
        s.read_to_end(&mut answer).await.unwrap();
        let answer = String::from_utf8_lossy(&answer);
        assert!(
            answer.starts_with("HTTP/1.") && answer.contains(" 400 "),
            "{answer}"
        );
        assert!(answer.contains("origin-form"), "{answer}");
        assert!(proxy.take().is_empty() && proxy.take_problems().is_empty());
    }

    #[tokio::test]
    async fn a_request_without_the_run_secret_is_refused_and_never_forwarded() {
        let (org, proxy) = org_and_proxy().await;
        let other = Proxy::start(None).await.unwrap();
        let foreign = other.server_env(false)[0].1.clone();
        let http = reqwest::Client::new();
        let users = proxy.url().join("/api/v1/users").unwrap();
        for auth in [
            None,
            Some("SSWS recorder-proxy-holds-the-credentials".to_owned()),
            Some(format!("SSWS {foreign}")),
            Some(format!("Bearer {foreign}")),
        ] {
            let mut rb = http.get(users.clone());
            if let Some(a) = &auth {
                rb = rb.header("Authorization", a);
            }
            assert_eq!(rb.send().await.unwrap().status(), 401, "{auth:?}");
        }
        // A token request naming another client id gets no token.
        let r = http
            .post(proxy.url().join("/oauth2/v1/token").unwrap())
            .form(&[("client_assertion", assertion(&other.server_env(true)[0].1))])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401);
        let r = http
            .post(proxy.url().join("/oauth2/v1/token").unwrap())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401);
        assert!(
            org.received_requests().await.unwrap().is_empty(),
            "nothing was forwarded"
        );
        assert!(proxy.take().is_empty() && proxy.take_problems().is_empty());
        // With the run's secret, the same request is forwarded.
        let secret = &proxy.server_env(false)[0].1;
        let r = http
            .get(users)
            .header("Authorization", format!("SSWS {secret}"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(proxy.take().len(), 1);
    }
}
