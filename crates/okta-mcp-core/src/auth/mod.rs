//! How requests to Okta are authorized. One enum, one entry point: [`Auth::credentials`].

mod dpop;
mod keys;
mod oauth;
mod ssws;

use reqwest::Method;
use reqwest::header::{HeaderMap, HeaderValue};
use url::Url;

use crate::config::{AuthConfig, Config};
use crate::error::OktaError;

pub use dpop::{htu, token_hash};
pub use oauth::OAuth;
pub use ssws::Ssws;

pub(crate) fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Headers that authorize one request.
#[derive(Debug)]
pub struct Credentials {
    /// The `Authorization` header, marked sensitive so it is never logged.
    pub authorization: HeaderValue,
    /// A `DPoP` proof header, when the token is DPoP-bound.
    pub dpop: Option<HeaderValue>,
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
            AuthConfig::OAuth(o) => OAuth::new(o, &config.org_url, scopes)
                .map(|a| Self::OAuth(Box::new(a)))
                .map_err(OktaError::Auth),
        }
    }

    /// Reacts to an API answer that may ask for new credentials (a DPoP nonce, a revoked token);
    /// true when one retry with fresh credentials makes sense.
    pub async fn challenge(&self, status: u16, headers: &HeaderMap) -> bool {
        match self {
            Self::Ssws(_) => false,
            Self::OAuth(o) => o.challenge(status, headers).await,
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
