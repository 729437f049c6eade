//! The org side of the proxy: the run's credentials, and one request sent with them until it is
//! answered (a 401 challenge answered once, a 429 waited out a few times).

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use okta_mcp_core::auth::Auth;
use okta_mcp_core::config::Config;
use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode};
use url::Url;

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

/// The org's final answer to one request.
pub(super) struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

/// Sends `method url` with the run's credentials and the server's `headers` and `body`. Err says
/// what failed, without the org's URL.
pub(super) async fn send(
    http: &reqwest::Client,
    up: &Upstream,
    method: &Method,
    url: &Url,
    headers: &[(HeaderName, HeaderValue)],
    body: &[u8],
) -> Result<Answer, String> {
    let mut waits = 0;
    let mut challenged = false;
    loop {
        let creds = up
            .auth
            .credentials(method, url)
            .await
            .map_err(|e| format!("authenticating to the org: {e}"))?;
        let creds_generation = creds.generation;
        let mut rb = http.request(method.clone(), url.clone());
        for (k, v) in headers {
            rb = rb.header(k, v);
        }
        rb = rb.header(AUTHORIZATION, creds.authorization);
        if let Some(proof) = creds.dpop {
            rb = rb.header("DPoP", proof);
        }
        if !body.is_empty() {
            rb = rb.body(body.to_vec());
        }
        let resp = rb
            .send()
            .await
            .map_err(|e| format!("{} {}: {}", method, url.path(), without_url(&e)))?;
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = resp
            .bytes()
            .await
            .map_err(|e| format!("reading the answer: {}", without_url(&e)))?;
        up.auth.observe(&headers);
        if !challenged
            && up
                .auth
                .challenge(status.as_u16(), &headers, creds_generation)
                .await
        {
            challenged = true;
            continue;
        }
        if status == StatusCode::TOO_MANY_REQUESTS && waits < MAX_429_WAITS {
            waits += 1;
            tokio::time::sleep(rate_limit_wait(&headers)).await;
            continue;
        }
        return Ok(Answer {
            status,
            headers,
            body: bytes.to_vec(),
        });
    }
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

    #[test]
    fn rate_limit_waits_follow_oktas_clock_and_are_capped() {
        let mut h = HeaderMap::new();
        h.insert("date", "Tue, 10 Jun 2025 14:05:22 GMT".parse().unwrap());
        h.insert("x-rate-limit-reset", "1749564325".parse().unwrap());
        assert_eq!(rate_limit_wait(&h), Duration::from_secs(4));
        h.insert("x-rate-limit-reset", "1749574325".parse().unwrap());
        assert_eq!(rate_limit_wait(&h), MAX_429_WAIT);
    }
}
