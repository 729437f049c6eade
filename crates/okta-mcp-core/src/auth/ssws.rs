//! Legacy API-token auth: `Authorization: SSWS <token>`.
//!
//! The token must never leave the sensitive header value.

use reqwest::header::HeaderValue;
use secrecy::{ExposeSecret, SecretString};

use super::{AuthError, Credentials};

#[derive(Debug)]
pub struct Ssws {
    header: HeaderValue,
}

impl Ssws {
    pub fn new(token: &SecretString) -> Result<Self, AuthError> {
        let mut header = HeaderValue::from_str(&format!("SSWS {}", token.expose_secret()))
            .map_err(AuthError::SswsHeader)?;
        header.set_sensitive(true);
        Ok(Self { header })
    }

    pub fn credentials(&self) -> Credentials {
        Credentials {
            authorization: self.header.clone(),
            dpop: None,
            generation: 0,
        }
    }
}
