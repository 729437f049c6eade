//! How requests to Okta are authorized. One enum, one entry point: [`Auth::credentials`].
//!
//! Owns the credentials (API token, OAuth tokens, keys, DPoP proofs) and [`AuthError`]. Must never
//! log or display a secret: header values are marked sensitive and no error quotes one. Building an
//! [`Auth`] never touches the network; only the token request made by [`Auth::credentials`] does.

mod dpop;
mod keys;
mod oauth;
mod ssws;

use reqwest::Method;
use reqwest::header::{HeaderMap, HeaderValue, InvalidHeaderValue};
use url::Url;

use crate::config::{AuthConfig, Config};
use crate::error::OktaError;

pub use dpop::{htu, token_hash};
pub use keys::KeyError;
pub use oauth::OAuth;
pub use ssws::Ssws;

pub(crate) fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Why credentials could not be made or obtained. No variant displays a secret: token and key
/// values never enter a message, and header-value errors say only that a value was not allowed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AuthError {
    #[error("{key_source} is not usable: {source}")]
    Key {
        /// Where the key came from: `OKTA_PRIVATE_KEY` or the file.
        key_source: String,
        #[source]
        source: KeyError,
    },
    #[error("OKTA_API_TOKEN contains characters not allowed in a header")]
    SswsHeader(#[source] InvalidHeaderValue),
    #[error("DPoP key encoding failed: {0}")]
    DpopKeyEncoding(#[source] p256::pkcs8::Error),
    #[error("DPoP public key failed: {0}")]
    DpopPublicKey(#[source] jsonwebtoken::errors::Error),
    #[error("DPoP proof signing failed: {0}")]
    DpopProof(#[source] jsonwebtoken::errors::Error),
    #[error("signing the client assertion failed: {0}")]
    Assertion(#[source] jsonwebtoken::errors::Error),
    #[error("the token request to {url} failed: {}", if *.timed_out { "timed out" } else { "no connection" })]
    TokenUnreachable {
        url: Url,
        timed_out: bool,
        #[source]
        source: reqwest::Error,
    },
    #[error("the token answer was cut off")]
    TokenCutOff(#[source] reqwest::Error),
    #[error("the token endpoint answered without an access_token")]
    NoAccessToken(#[source] serde_json::Error),
    /// The token endpoint refused; the text names Okta's error and what to change.
    #[error("{0}")]
    TokenRefused(String),
    #[error("Okta issued an access token that is not a valid header value")]
    TokenHeader(#[source] InvalidHeaderValue),
    #[error("DPoP proof is not a header value")]
    ProofHeader(#[source] InvalidHeaderValue),
}

/// Headers that authorize one request.
#[derive(Debug)]
pub struct Credentials {
    /// The `Authorization` header, marked sensitive so it is never logged.
    pub authorization: HeaderValue,
    /// A `DPoP` proof header, when the token is DPoP-bound.
    pub dpop: Option<HeaderValue>,
    /// Which token these carry (OAuth; 0 for an API token): passed back to [`Auth::challenge`].
    pub generation: u64,
}

/// The configured way of authorizing requests.
#[derive(Debug)]
#[non_exhaustive]
pub enum Auth {
    Ssws(Ssws),
    OAuth(Box<OAuth>),
}

impl Auth {
    /// Builds the authorizer from configuration. Never touches the network.
    /// `scopes` are requested for OAuth: exactly those the server's tools need.
    pub fn from_config(config: &Config, scopes: &[&str]) -> Result<Self, OktaError> {
        match &config.auth {
            AuthConfig::Ssws { token } => Ok(Self::Ssws(Ssws::new(token)?)),
            AuthConfig::OAuth(o) => Ok(Self::OAuth(Box::new(OAuth::new(
                o,
                &config.org_url,
                scopes,
                &config.http,
            )?))),
        }
    }

    /// Reacts to an API answer that may ask for new credentials (a DPoP nonce, a revoked token);
    /// true when one retry with fresh credentials makes sense. `generation` is that of the
    /// [`Credentials`] the request carried.
    pub async fn challenge(&self, status: u16, headers: &HeaderMap, generation: u64) -> bool {
        match self {
            Self::Ssws(_) => false,
            Self::OAuth(o) => o.challenge(status, headers, generation).await,
        }
    }

    /// Sees every API answer: keeps a `DPoP-Nonce` for the next proof.
    pub fn observe(&self, headers: &HeaderMap) {
        if let Self::OAuth(o) = self {
            o.remember_nonce(headers);
        }
    }

    /// Headers for one request to `url` with `method`.
    pub async fn credentials(&self, method: &Method, url: &Url) -> Result<Credentials, OktaError> {
        match self {
            Self::Ssws(s) => Ok(s.credentials()),
            Self::OAuth(o) => o.credentials(method, url).await,
        }
    }

    /// One line for stderr at start-up saying how we authenticate; never a secret.
    pub fn describe(&self) -> String {
        match self {
            Self::Ssws(_) => "Using SSWS API token".to_owned(),
            Self::OAuth(o) => o.describe(),
        }
    }
}
