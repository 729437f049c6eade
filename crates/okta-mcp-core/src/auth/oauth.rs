//! OAuth 2.0 for a service app: client credentials with a `private_key_jwt` assertion, a token cache
//! that refreshes before expiry with one request however many callers wait, and DPoP when Okta asks.
//!
//! Each token has a generation: a 401 drops the cached token only if it is the one that got the 401,
//! so many calls meeting one revoked token make one token request, not one each. Token requests
//! follow the API client's timeout and retry rules; all of them may be repeated (a token request
//! changes nothing in the org), so 5xx answers and broken connections are retried like a GET.
//!
//! The token request is its only network use, made on the first call, never at start-up. The token
//! and the assertion must never reach a log or an error: the token lives in a `SecretString` and in
//! sensitive header values.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use jsonwebtoken::{Algorithm, Header};
use reqwest::Method;
use reqwest::header::{ACCEPT, HeaderMap, HeaderValue};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use url::Url;

use super::dpop::DpopKey;
use super::keys::{self, SigningKey};
use super::{AuthError, Credentials, now_secs};
use crate::client::{LazyHttp, backoff, jitter, rate_limit_reset};
use crate::config::{DpopMode, HttpSettings, OAuthConfig};
use crate::error::OktaError;

const ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

#[derive(Debug)]
struct Token {
    value: SecretString,
    dpop: bool,
    refresh_at: Instant,
    generation: u64,
}

#[derive(Debug)]
pub struct OAuth {
    http: LazyHttp,
    client_id: String,
    token_url: Url,
    scope: String,
    key: SigningKey,
    key_source: String,
    mode: DpopMode,
    dpop: DpopKey,
    dpop_on: AtomicBool,
    token_nonce: Mutex<Option<String>>,
    api_nonce: Mutex<Option<String>>,
    cache: tokio::sync::Mutex<Option<Token>>,
    /// The generation of the last token fetched; the first is 1.
    generation: AtomicU64,
    settings: HttpSettings,
}

#[derive(Serialize)]
struct AssertionClaims<'a> {
    iss: &'a str,
    sub: &'a str,
    aud: &'a str,
    iat: u64,
    exp: u64,
    jti: String,
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    token_type: String,
    expires_in: Option<u64>,
}

#[derive(Deserialize, Default)]
struct OAuthErrorBody {
    error: Option<String>,
    error_description: Option<String>,
    #[serde(rename = "errorSummary")]
    error_summary: Option<String>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl OAuth {
    /// Reads and checks the key, makes the DPoP key; never touches the network.
    pub fn new(
        cfg: &OAuthConfig,
        org: &Url,
        scopes: &[&str],
        settings: &HttpSettings,
    ) -> Result<Self, AuthError> {
        let mut key =
            keys::load(cfg.private_key.expose_secret()).map_err(|source| AuthError::Key {
                key_source: cfg.key_source.clone(),
                source,
            })?;
        if cfg.key_id.is_some() {
            key.kid.clone_from(&cfg.key_id);
        }
        let mut token_url = org.clone();
        token_url.set_path("/oauth2/v1/token");
        let this = Self {
            http: LazyHttp::new(settings.timeout),
            client_id: cfg.client_id.clone(),
            token_url,
            scope: scopes.join(" "),
            key,
            key_source: cfg.key_source.clone(),
            mode: cfg.dpop,
            dpop: DpopKey::generate()?,
            dpop_on: AtomicBool::new(cfg.dpop == DpopMode::Always),
            token_nonce: Mutex::new(None),
            api_nonce: Mutex::new(None),
            cache: tokio::sync::Mutex::new(None),
            generation: AtomicU64::new(0),
            settings: settings.clone(),
        };
        // The key was parsed above, so a wrong key fails at start-up. No test signature here: RSA
        // signing in pure Rust costs milliseconds, and start-up must answer initialize at once.
        Ok(this)
    }

    pub fn describe(&self) -> String {
        let dpop = match self.mode {
            DpopMode::Auto => "DPoP when Okta asks",
            DpopMode::Always => "DPoP always",
            DpopMode::Never => "DPoP off",
        };
        format!(
            "Using OAuth 2.0 (client_id={}, key id={}, scopes={}, {dpop})",
            self.client_id,
            self.key.kid.as_deref().unwrap_or("none"),
            self.scope
        )
    }

    /// Whether DPoP proofs are sent: from the start (`always`) or since Okta asked for them.
    pub fn dpop_in_use(&self) -> bool {
        self.dpop_on.load(Ordering::Relaxed)
    }

    fn assertion(&self) -> Result<String, AuthError> {
        let mut header = Header::new(Algorithm::RS256);
        header.kid.clone_from(&self.key.kid);
        let iat = now_secs();
        let claims = AssertionClaims {
            iss: &self.client_id,
            sub: &self.client_id,
            aud: self.token_url.as_str(),
            iat,
            exp: iat + 300,
            jti: uuid::Uuid::new_v4().to_string(),
        };
        jsonwebtoken::encode(&header, &claims, &self.key.key).map_err(AuthError::Assertion)
    }

    pub async fn credentials(&self, method: &Method, url: &Url) -> Result<Credentials, OktaError> {
        let (token, dpop, generation) = {
            let mut cache = self.cache.lock().await;
            let t = match cache.take() {
                Some(t) if Instant::now() < t.refresh_at => cache.insert(t),
                // Held across the request: concurrent callers wait here and share the one refresh.
                _ => cache.insert(self.fetch().await?),
            };
            (t.value.clone(), t.dpop, t.generation)
        };
        let (scheme, proof) = if dpop {
            let nonce = lock(&self.api_nonce).clone();
            let proof =
                self.dpop
                    .proof(method, url, nonce.as_deref(), Some(token.expose_secret()))?;
            ("DPoP", Some(proof))
        } else {
            ("Bearer", None)
        };
        let mut authorization =
            HeaderValue::from_str(&format!("{scheme} {}", token.expose_secret()))
                .map_err(AuthError::TokenHeader)?;
        authorization.set_sensitive(true);
        let dpop = match proof {
            Some(p) => Some(HeaderValue::from_str(&p).map_err(AuthError::ProofHeader)?),
            None => None,
        };
        Ok(Credentials {
            authorization,
            dpop,
            generation,
        })
    }

    /// Keeps the `DPoP-Nonce` of any API answer, success or not: Okta may rotate it on any response.
    pub fn remember_nonce(&self, headers: &HeaderMap) {
        if let Some(nonce) = headers.get("dpop-nonce").and_then(|v| v.to_str().ok()) {
            *lock(&self.api_nonce) = Some(nonce.to_owned());
        }
    }

    /// Reacts to an API answer that may ask for new credentials; true when one retry makes sense.
    /// `generation` is that of the token the request carried.
    pub async fn challenge(&self, status: u16, headers: &HeaderMap, generation: u64) -> bool {
        let www = headers
            .get_all("www-authenticate")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect::<Vec<_>>()
            .join(",");
        if www.contains("use_dpop_nonce") {
            if let Some(nonce) = headers.get("dpop-nonce").and_then(|v| v.to_str().ok()) {
                *lock(&self.api_nonce) = Some(nonce.to_owned());
                return true;
            }
            return false;
        }
        if status == 401 {
            // The token was revoked or expired early: drop it, so the retry fetches a new one;
            // unless another caller has already replaced it.
            let mut cache = self.cache.lock().await;
            if cache.as_ref().is_some_and(|t| t.generation == generation) {
                *cache = None;
            }
            return true;
        }
        false
    }

    async fn fetch(&self) -> Result<Token, OktaError> {
        // `attempt` counts DPoP exchanges, `retries` answers that said nothing about the request.
        let mut attempt = 0;
        let mut retries: u32 = 0;
        loop {
            attempt += 1;
            let can_retry = retries < self.settings.max_retries;
            let assertion = self.assertion()?;
            let form = [
                ("grant_type", "client_credentials"),
                ("scope", self.scope.as_str()),
                ("client_assertion_type", ASSERTION_TYPE),
                ("client_assertion", assertion.as_str()),
            ];
            let mut rb = self
                .http
                .get()?
                .post(self.token_url.clone())
                .header(ACCEPT, "application/json")
                .form(&form);
            let use_dpop = self.dpop_on.load(Ordering::Relaxed);
            if use_dpop {
                let nonce = lock(&self.token_nonce).clone();
                let proof =
                    self.dpop
                        .proof(&Method::POST, &self.token_url, nonce.as_deref(), None)?;
                rb = rb.header("DPoP", proof);
            }
            let resp = match rb.send().await {
                Ok(r) => r,
                Err(source) if can_retry => {
                    tracing::debug!(
                        retries,
                        timed_out = source.is_timeout(),
                        "token request failed, retrying"
                    );
                    tokio::time::sleep(backoff(&self.settings, retries)).await;
                    retries += 1;
                    continue;
                }
                Err(source) => {
                    return Err(AuthError::TokenUnreachable {
                        url: self.token_url.clone(),
                        timed_out: source.is_timeout(),
                        source,
                    }
                    .into());
                }
            };
            let status = resp.status();
            let nonce = resp
                .headers()
                .get("dpop-nonce")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            if nonce.is_some() {
                // Any answer may carry the nonce for the next proof, an issued token's too.
                lock(&self.token_nonce).clone_from(&nonce);
            }
            if status == reqwest::StatusCode::TOO_MANY_REQUESTS && can_retry {
                let wait = rate_limit_reset(resp.headers()).map_or_else(
                    || backoff(&self.settings, retries).max(Duration::from_secs(1)),
                    |r| r.wait,
                );
                if wait <= self.settings.max_retry_wait {
                    tracing::info!(
                        retries,
                        wait_ms = wait.as_millis() as u64,
                        "token request rate limited, waiting"
                    );
                    tokio::time::sleep(wait + jitter()).await;
                    retries += 1;
                    continue;
                }
            }
            if status.is_server_error() && can_retry {
                tracing::debug!(retries, %status, "token endpoint server error, retrying");
                tokio::time::sleep(backoff(&self.settings, retries)).await;
                retries += 1;
                continue;
            }
            let bytes = match resp.bytes().await {
                Ok(b) => b,
                Err(_) if can_retry => {
                    tokio::time::sleep(backoff(&self.settings, retries)).await;
                    retries += 1;
                    continue;
                }
                Err(e) => return Err(AuthError::TokenCutOff(e).into()),
            };
            if status.is_success() {
                let t: TokenResponse =
                    serde_json::from_slice(&bytes).map_err(AuthError::NoAccessToken)?;
                let lifetime = Duration::from_secs(t.expires_in.unwrap_or(3600));
                let margin = lifetime.min(Duration::from_secs(120)) / 2;
                return Ok(Token {
                    value: SecretString::from(t.access_token),
                    dpop: t.token_type.eq_ignore_ascii_case("DPoP"),
                    refresh_at: Instant::now() + lifetime - margin,
                    generation: self.generation.fetch_add(1, Ordering::Relaxed) + 1,
                });
            }
            let body: OAuthErrorBody = serde_json::from_slice(&bytes).unwrap_or_default();
            let error = body.error.as_deref().unwrap_or("");
            let may_retry = attempt < 3 && self.mode != DpopMode::Never;
            match error {
                "use_dpop_nonce" if may_retry && nonce.is_some() => {
                    self.dpop_on.store(true, Ordering::Relaxed);
                    continue;
                }
                "invalid_dpop_proof" if may_retry && !use_dpop => {
                    // The app requires DPoP and we sent no proof: send one.
                    self.dpop_on.store(true, Ordering::Relaxed);
                    continue;
                }
                _ => {
                    return Err(
                        AuthError::TokenRefused(self.explain(status.as_u16(), &body)).into(),
                    );
                }
            }
        }
    }

    fn explain(&self, status: u16, body: &OAuthErrorBody) -> String {
        let error = body.error.as_deref().unwrap_or("");
        let desc = body
            .error_description
            .as_deref()
            .or(body.error_summary.as_deref())
            .unwrap_or("no description");
        match error {
            "invalid_client" => format!(
                "Okta rejected the service app's client assertion (invalid_client: {desc}). Check that OKTA_CLIENT_ID is the app's client id, that the app uses 'Public key / Private key' client authentication, and that its public keys hold the public half of {}{}",
                self.key_source,
                match &self.key.kid {
                    Some(kid) => format!(" under key id {kid}"),
                    None => "; no key id was sent: set OKTA_KEY_ID to the key's kid".into(),
                }
            ),
            "invalid_scope" => format!(
                "Okta refused the requested scopes (invalid_scope: {desc}). Grant them to the service app on its 'Okta API Scopes' tab: {}",
                self.scope
            ),
            "invalid_dpop_proof" | "use_dpop_nonce" => format!(
                "Okta rejected the DPoP proof ({error}: {desc}). {}",
                if self.mode == DpopMode::Never {
                    "The app requires DPoP: set OKTA_DPOP=auto (or turn off 'Require DPoP' in the app)"
                } else {
                    "Check this machine's clock, or turn off 'Require DPoP' in the app"
                }
            ),
            "unauthorized_client" => format!(
                "the app may not use the client credentials grant (unauthorized_client: {desc}): use an API Services app with the Client Credentials grant"
            ),
            "" => format!("the token request failed with HTTP {status} ({desc})"),
            other => format!("the token request failed ({other}: {desc})"),
        }
    }
}
