//! How requests to Okta are authorized. One enum, one entry point: [`Auth::credentials`].

mod ssws;

use reqwest::Method;
use reqwest::header::HeaderValue;
use url::Url;

use crate::config::AuthConfig;
use crate::error::OktaError;

pub use ssws::Ssws;

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
}

impl Auth {
    /// Builds the authorizer from configuration. Never touches the network.
    pub fn from_config(config: &AuthConfig, _scopes: &[&str]) -> Result<Self, OktaError> {
        match config {
            AuthConfig::Ssws { token } => Ok(Self::Ssws(Ssws::new(token)?)),
            AuthConfig::OAuth(_) => Err(OktaError::Auth(
                "OAuth 2.0 service-app auth is not available in this build; set OKTA_API_TOKEN instead".into(),
            )),
        }
    }

    /// Headers for one request to `url` with `method`.
    pub async fn credentials(
        &self,
        _method: &Method,
        _url: &Url,
    ) -> Result<Credentials, OktaError> {
        match self {
            Self::Ssws(s) => Ok(s.credentials()),
        }
    }

    /// One line for stderr at start-up saying how we authenticate; never a secret.
    pub fn describe(&self) -> String {
        match self {
            Self::Ssws(_) => "Using SSWS API token".to_owned(),
        }
    }
}
