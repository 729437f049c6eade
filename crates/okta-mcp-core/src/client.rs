//! `OktaClient`: the one place requests are sent. Retries, rate limits, timeouts, size bounds.
//!
//! Must not shape results or know about tools: it sends an [`ApiRequest`] and returns what Okta
//! answered, or an [`OktaError`].
//!
//! Retry rules (DESIGN.md §5): a 429 means Okta did not process the request, so any method is
//! retried after the limit resets. 5xx answers, timeouts and broken connections are retried only
//! for methods that are safe to repeat (GET, PUT, DELETE); a POST that may have reached Okta is
//! never repeated. A POST whose connection could not even be opened never reached Okta and is retried.

use std::sync::{Arc, OnceLock};
use std::time::{Duration, SystemTime};

use rand::Rng;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderValue, RETRY_AFTER};
use reqwest::{Method, StatusCode};
use serde_json::Value;
use url::Url;

use crate::auth::Auth;
use crate::config::{Config, HttpSettings};
use crate::error::{OktaApiError, OktaError, describe_reset, operator_report};
use crate::pagination::next_link;
use crate::progress;

pub const USER_AGENT: &str = concat!("okta-mcp/", env!("CARGO_PKG_VERSION"));

/// One request, before auth: the path is already built from encoded segments.
#[derive(Debug, Clone)]
pub struct ApiRequest {
    pub method: Method,
    /// Absolute path on the org, every dynamic segment percent-encoded.
    pub path: String,
    pub query: Vec<(String, String)>,
    pub body: Option<Value>,
    /// The `Accept` header; JSON unless a tool returns something else (SAML metadata is XML).
    pub accept: &'static str,
    /// A file sent as multipart/form-data instead of a JSON body (theme images).
    pub file: Option<FilePart>,
}

/// One file part of a multipart/form-data request, already checked by [`crate::upload`].
#[derive(Clone, PartialEq, Eq)]
pub struct FilePart {
    /// The form field's name (`file`).
    pub field: String,
    pub filename: String,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for FilePart {
    // The bytes are the caller's file: a length says enough in a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FilePart")
            .field("field", &self.field)
            .field("filename", &self.filename)
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

impl FilePart {
    /// A fresh form for one attempt: a form is consumed by the request it is sent with.
    fn form(&self) -> Result<reqwest::multipart::Form, OktaError> {
        let part = reqwest::multipart::Part::bytes(self.bytes.clone())
            .file_name(self.filename.clone())
            .mime_str(self.content_type)
            .map_err(|e| OktaError::HttpSetup(Arc::new(e)))?;
        Ok(reqwest::multipart::Form::new().part(self.field.clone(), part))
    }
}

impl ApiRequest {
    /// Adds a query parameter.
    pub fn with_query(mut self, name: &str, value: impl Into<String>) -> Self {
        self.query.push((name.to_owned(), value.into()));
        self
    }

    /// Sets the JSON body.
    pub fn with_body(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }

    pub fn new(method: Method, path: impl Into<String>) -> Self {
        Self {
            method,
            path: path.into(),
            query: Vec::new(),
            body: None,
            accept: "application/json",
            file: None,
        }
    }
}

/// What Okta answered with.
#[derive(Debug, Clone, PartialEq)]
pub enum Payload {
    Json(Value),
    Text(String),
    Empty,
}

/// What one request met at Okta, for the audit trail: the last attempt's status and request id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Exchange {
    pub status: Option<u16>,
    /// `X-Okta-Request-Id`, the id Okta support and the System Log know the request by.
    pub request_id: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ApiResponse {
    pub status: u16,
    pub payload: Payload,
    /// The `Link rel="next"` URL, exactly as Okta gave it.
    pub next: Option<String>,
}

/// A reqwest client built on first use. Building one loads the platform's root certificates, which
/// takes milliseconds; start-up must answer initialize at once, and may never need the network.
#[derive(Debug)]
pub(crate) struct LazyHttp {
    timeout: Duration,
    client: OnceLock<Result<reqwest::Client, Arc<reqwest::Error>>>,
}

impl LazyHttp {
    pub(crate) fn new(timeout: Duration) -> Self {
        Self {
            timeout,
            client: OnceLock::new(),
        }
    }

    pub(crate) fn get(&self) -> Result<&reqwest::Client, OktaError> {
        self.client
            .get_or_init(|| {
                reqwest::Client::builder()
                    .user_agent(USER_AGENT)
                    .timeout(self.timeout)
                    .connect_timeout(self.timeout.min(Duration::from_secs(10)))
                    // Credentials must never follow a redirect; Okta's API does not redirect.
                    .redirect(reqwest::redirect::Policy::none())
                    .build()
                    .map_err(Arc::new)
            })
            .as_ref()
            .map_err(|e| OktaError::HttpSetup(Arc::clone(e)))
    }
}

#[derive(Debug)]
pub struct OktaClient {
    http: LazyHttp,
    org: Url,
    auth: Auth,
    settings: HttpSettings,
}

fn is_repeatable(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS
    )
}

/// Whether a request can change the org, so that a lost answer leaves its outcome unknown.
pub fn is_write(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

impl OktaClient {
    /// Builds the client; never touches the network.
    pub fn new(config: &Config, auth: Auth) -> Result<Self, OktaError> {
        Ok(Self {
            http: LazyHttp::new(config.http.timeout),
            org: config.org_url.clone(),
            auth,
            settings: config.http.clone(),
        })
    }

    /// Sends a request built from a tool call.
    pub async fn send(&self, req: &ApiRequest) -> Result<ApiResponse, OktaError> {
        self.send_noting(req, &mut Exchange::default()).await
    }

    /// Sends a request, noting in `seen` what Okta answered (also when the answer is an error).
    pub async fn send_noting(
        &self,
        req: &ApiRequest,
        seen: &mut Exchange,
    ) -> Result<ApiResponse, OktaError> {
        let mut url = self.org.clone();
        url.set_path(&req.path);
        if !req.query.is_empty() {
            url.query_pairs_mut().extend_pairs(req.query.iter());
        }
        self.execute(
            &req.method,
            url,
            req.body.as_ref(),
            req.file.as_ref(),
            req.accept,
            seen,
        )
        .await
    }

    async fn execute(
        &self,
        method: &Method,
        url: Url,
        body: Option<&Value>,
        file: Option<&FilePart>,
        accept: &'static str,
        seen: &mut Exchange,
    ) -> Result<ApiResponse, OktaError> {
        let repeatable = is_repeatable(method);
        let mut attempt: u32 = 0;
        let mut first_request_id: Option<HeaderValue> = None;
        let mut auth_retried = false;
        loop {
            let creds = self.auth.credentials(method, &url).await?;
            let generation = creds.generation;
            let mut rb = self
                .http
                .get()?
                .request(method.clone(), url.clone())
                .header(ACCEPT, accept)
                .header(AUTHORIZATION, creds.authorization);
            if let Some(proof) = creds.dpop {
                rb = rb.header("DPoP", proof);
            }
            if attempt > 0 {
                rb = rb.header("X-Okta-Retry-Count", attempt.to_string());
                if let Some(id) = &first_request_id {
                    rb = rb.header("X-Okta-Retry-For", id.clone());
                }
            }
            // An upload is a request like any other: the retry rules go by its method alone.
            if let Some(f) = file {
                rb = rb.multipart(f.form()?);
            } else if let Some(b) = body {
                rb = rb.json(b);
            }
            let can_retry = attempt < self.settings.max_retries;

            let resp = match rb.send().await {
                Ok(r) => r,
                Err(e) => {
                    // A connection that was never opened carried nothing: safe for any method.
                    if can_retry && (repeatable || e.is_connect()) {
                        tracing::debug!(
                            attempt,
                            "transport error, retrying: {}",
                            operator_report(&e)
                        );
                        let wait = self.backoff(attempt);
                        progress::retrying(
                            "Okta did not answer",
                            url.path(),
                            wait,
                            (attempt + 1, self.settings.max_retries),
                        )
                        .await;
                        tokio::time::sleep(wait).await;
                        attempt += 1;
                        continue;
                    }
                    return Err(self.transport_error(method, e, attempt));
                }
            };
            let status = resp.status();
            seen.status = Some(status.as_u16());
            seen.request_id = resp
                .headers()
                .get("x-okta-request-id")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            self.auth.observe(resp.headers());
            if first_request_id.is_none() {
                first_request_id = resp.headers().get("x-okta-request-id").cloned();
            }

            if (status == StatusCode::UNAUTHORIZED || status == StatusCode::BAD_REQUEST)
                && !auth_retried
                && self
                    .auth
                    .challenge(status.as_u16(), resp.headers(), generation)
                    .await
            {
                // A DPoP nonce challenge or a revoked token: Okta did not process the request.
                auth_retried = true;
                continue;
            }
            if status == StatusCode::TOO_MANY_REQUESTS {
                let reset = rate_limit_reset(resp.headers());
                let wait = reset
                    .map(|r| r.wait)
                    .unwrap_or_else(|| self.backoff(attempt).max(Duration::from_secs(1)));
                if can_retry && wait <= self.settings.max_retry_wait {
                    progress::waiting(format!(
                        "Okta rate limit on {}: waiting {} s until reset",
                        url.path(),
                        progress::secs(wait)
                    ))
                    .await;
                    tokio::time::sleep(wait + jitter()).await;
                    attempt += 1;
                    continue;
                }
                let bytes = self.read_body(resp).await.unwrap_or_default();
                let mut err = OktaApiError::from_body(429, &bytes);
                err.retries = attempt;
                err.rate_limit_reset = reset.map(|r| r.at);
                err.hint = Some(match err.rate_limit_reset {
                    Some(at) => format!(
                        "Okta's rate limit for this endpoint resets at {}; try again after that",
                        describe_reset(at)
                    ),
                    None => "Okta's rate limit is exhausted; wait a minute and try again".into(),
                });
                return Err(OktaError::api(err));
            }
            if status.is_server_error() && repeatable && can_retry {
                let wait = self.backoff(attempt);
                progress::retrying(
                    &format!("Okta answered {}", status.as_u16()),
                    url.path(),
                    wait,
                    (attempt + 1, self.settings.max_retries),
                )
                .await;
                tokio::time::sleep(wait).await;
                attempt += 1;
                continue;
            }
            if status.is_redirection() {
                return Err(OktaError::Protocol(format!(
                    "Okta answered {status} with a redirect; redirects are not followed with credentials"
                )));
            }

            let next = next_link(resp.headers());
            let content_type = resp
                .headers()
                .get(CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_ascii_lowercase();
            // A write Okta accepted but whose answer cannot be read may have been applied.
            let unknown = |what: String| OktaError::UncertainAnswer {
                method: method.to_string(),
                status: status.as_u16(),
                what,
            };
            let accepted_write = status.is_success() && is_write(method);
            let bytes = match self.read_body(resp).await {
                Ok(b) => b,
                Err(BodyError::TooLarge) if accepted_write => {
                    return Err(unknown(format!(
                        "its answer exceeded {} bytes and was not read",
                        self.settings.max_response_bytes
                    )));
                }
                Err(BodyError::TooLarge) => {
                    return Err(OktaError::TooLarge {
                        limit: self.settings.max_response_bytes,
                    });
                }
                Err(BodyError::Transport(e)) => {
                    if can_retry && repeatable {
                        tokio::time::sleep(self.backoff(attempt)).await;
                        attempt += 1;
                        continue;
                    }
                    return Err(self.transport_error(method, e, attempt));
                }
            };
            if !status.is_success() {
                let mut err = OktaApiError::from_body(status.as_u16(), &bytes);
                err.retries = attempt;
                return Err(OktaError::api(err));
            }
            let payload = match parse_payload(method, accept, &content_type, &bytes) {
                Ok(p) => p,
                Err(e) if accepted_write => return Err(unknown(unreadable(&e))),
                Err(e) => return Err(e),
            };
            return Ok(ApiResponse {
                status: status.as_u16(),
                payload,
                next,
            });
        }
    }

    fn transport_error(&self, method: &Method, e: reqwest::Error, attempt: u32) -> OktaError {
        let what = if e.is_timeout() {
            format!("timed out after {} s", self.settings.timeout.as_secs())
        } else if e.is_connect() {
            "connection failed".to_owned()
        } else {
            "connection broken".to_owned()
        };
        let retried = if attempt > 0 {
            format!(", {attempt} retries")
        } else {
            String::new()
        };
        if is_write(method) && !e.is_connect() {
            return OktaError::Uncertain {
                method: method.to_string(),
                detail: format!("{what}{retried}"),
                repeated: is_repeatable(method),
                source: e,
            };
        }
        OktaError::Transport {
            detail: format!("{what}{retried}"),
            source: e,
        }
    }

    fn backoff(&self, attempt: u32) -> Duration {
        backoff(&self.settings, attempt)
    }

    async fn read_body(&self, mut resp: reqwest::Response) -> Result<Vec<u8>, BodyError> {
        let limit = self.settings.max_response_bytes;
        if resp.content_length().is_some_and(|n| n as usize > limit) {
            return Err(BodyError::TooLarge);
        }
        let mut out = Vec::new();
        while let Some(chunk) = resp.chunk().await.map_err(BodyError::Transport)? {
            if out.len() + chunk.len() > limit {
                return Err(BodyError::TooLarge);
            }
            out.extend_from_slice(&chunk);
        }
        Ok(out)
    }
}

/// Why an answer could not be read, said of a write: the model needs what happened, not the parser's words.
fn unreadable(e: &OktaError) -> String {
    match e {
        OktaError::MalformedJson { len, .. } => {
            format!("its answer ({len} bytes) was malformed JSON")
        }
        _ => "its answer was not the JSON the API promises".to_owned(),
    }
}

enum BodyError {
    TooLarge,
    Transport(reqwest::Error),
}

/// The wait before retry number `attempt + 1` of a 5xx or a transport error: doubling, capped, jittered.
pub(crate) fn backoff(settings: &HttpSettings, attempt: u32) -> Duration {
    let exp = settings.backoff_base.saturating_mul(1u32 << attempt.min(6));
    exp.min(Duration::from_secs(8)) + jitter()
}

pub(crate) fn jitter() -> Duration {
    Duration::from_millis(rand::rng().random_range(0..100))
}

/// Reads a success body. What a tool promises is kept: a read answered with nothing, or a JSON API
/// answered with a web page (a proxy's sign-in, a captive portal, a wrong org URL), is an error,
/// never a result a model could mistake for data.
fn parse_payload(
    method: &Method,
    accept: &str,
    content_type: &str,
    bytes: &[u8],
) -> Result<Payload, OktaError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        if *method == Method::GET {
            return Err(OktaError::Protocol(
                "Okta answered a read with an empty body; try again, and check that OKTA_ORG_URL is the org's API address".into(),
            ));
        }
        return Ok(Payload::Empty);
    }
    let looks_json = content_type.contains("json")
        || (content_type.is_empty() && matches!(bytes.first(), Some(b'{' | b'[')));
    if looks_json {
        return serde_json::from_slice(bytes)
            .map(Payload::Json)
            .map_err(|source| OktaError::MalformedJson {
                len: bytes.len(),
                source,
            });
    }
    if accept.contains("json") {
        return Err(OktaError::Protocol(format!(
            "Okta answered with {} ({} bytes) where JSON was expected: check that OKTA_ORG_URL is the org's API address and that no proxy intercepts the request",
            if content_type.is_empty() {
                "a non-JSON body"
            } else {
                content_type
            },
            bytes.len()
        )));
    }
    Ok(Payload::Text(String::from_utf8_lossy(bytes).into_owned()))
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Reset {
    at: SystemTime,
    pub(crate) wait: Duration,
}

/// When a 429's limit resets: `X-Rate-Limit-Reset` (epoch seconds) measured against Okta's own `Date`
/// so that a skewed local clock does not matter, else `Retry-After`.
pub(crate) fn rate_limit_reset(headers: &HeaderMap) -> Option<Reset> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let now = SystemTime::now();
    if let Some(epoch) = header("x-rate-limit-reset").and_then(|v| v.trim().parse::<u64>().ok()) {
        let reset = SystemTime::UNIX_EPOCH + Duration::from_secs(epoch);
        let server_now = header("date")
            .and_then(|d| httpdate::parse_http_date(d).ok())
            .unwrap_or(now);
        let wait = reset.duration_since(server_now).unwrap_or(Duration::ZERO);
        return Some(Reset {
            at: now + wait,
            wait,
        });
    }
    let retry_after = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    let wait = match retry_after.parse::<u64>() {
        Ok(secs) => Duration::from_secs(secs),
        Err(_) => httpdate::parse_http_date(retry_after)
            .ok()?
            .duration_since(now)
            .unwrap_or(Duration::ZERO),
    };
    Some(Reset {
        at: now + wait,
        wait,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reset_is_measured_against_okta_clock() {
        let mut h = HeaderMap::new();
        h.insert(
            "date",
            HeaderValue::from_static("Thu, 01 Jan 2026 00:00:00 GMT"),
        );
        // 1767225600 = 2026-01-01T00:00:00Z; reset 7 s later.
        h.insert("x-rate-limit-reset", HeaderValue::from_static("1767225607"));
        let r = rate_limit_reset(&h).unwrap();
        assert_eq!(r.wait, Duration::from_secs(7));
    }

    #[test]
    fn retry_after_seconds_is_used_without_reset() {
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, HeaderValue::from_static("3"));
        assert_eq!(rate_limit_reset(&h).unwrap().wait, Duration::from_secs(3));
        assert!(rate_limit_reset(&HeaderMap::new()).is_none());
    }

    #[test]
    fn payloads() {
        assert_eq!(
            parse_payload(&Method::POST, "application/json", "application/json", b"  ").unwrap(),
            Payload::Empty
        );
        assert!(matches!(
            parse_payload(
                &Method::GET,
                "application/json",
                "application/json",
                b"{\"a\":1}"
            )
            .unwrap(),
            Payload::Json(_)
        ));
        assert!(matches!(
            parse_payload(&Method::GET, "application/xml", "application/xml", b"<x/>").unwrap(),
            Payload::Text(_)
        ));
        assert!(
            parse_payload(
                &Method::GET,
                "application/json",
                "application/json",
                b"{oops"
            )
            .is_err()
        );
        assert!(parse_payload(&Method::GET, "application/json", "application/json", b"").is_err());
        assert!(parse_payload(&Method::GET, "application/json", "text/html", b"<html/>").is_err());
    }
}
