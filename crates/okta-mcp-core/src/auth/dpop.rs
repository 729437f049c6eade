//! DPoP (RFC 9449): a per-process P-256 key and the proofs that bind tokens to it.
//!
//! Makes proofs only: must not send anything, and the private key never leaves the process (the
//! proof carries the public JWK).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::jwk::Jwk;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use p256::pkcs8::EncodePrivateKey;
use rand::RngCore;
use reqwest::Method;
use serde::Serialize;
use sha2::{Digest, Sha256};
use url::Url;

use super::AuthError;

pub struct DpopKey {
    key: EncodingKey,
    jwk: Jwk,
}

impl std::fmt::Debug for DpopKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DpopKey")
    }
}

#[derive(Serialize)]
struct Claims<'a> {
    htm: &'a str,
    htu: String,
    iat: u64,
    jti: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    nonce: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ath: Option<String>,
}

/// base64url(SHA-256(access token)), the `ath` claim.
pub fn token_hash(token: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(token.as_bytes()))
}

/// `htu`: the request URL without query and fragment.
pub fn htu(url: &Url) -> String {
    let mut u = url.clone();
    u.set_query(None);
    u.set_fragment(None);
    u.to_string()
}

impl DpopKey {
    /// A fresh key for this process.
    pub fn generate() -> Result<Self, AuthError> {
        let signing = loop {
            let mut bytes = [0u8; 32];
            rand::rng().fill_bytes(&mut bytes);
            // Nearly every 32-byte string is a valid scalar; the loop covers the rest.
            if let Ok(k) = p256::ecdsa::SigningKey::from_bytes(&bytes.into()) {
                break k;
            }
        };
        let der = signing.to_pkcs8_der().map_err(AuthError::DpopKeyEncoding)?;
        let key = EncodingKey::from_ec_der(der.as_bytes());
        let jwk =
            Jwk::from_encoding_key(&key, Algorithm::ES256).map_err(AuthError::DpopPublicKey)?;
        Ok(Self { key, jwk })
    }

    /// A proof for one request; `access_token` adds `ath` (resource calls), `nonce` answers a challenge.
    pub fn proof(
        &self,
        method: &Method,
        url: &Url,
        nonce: Option<&str>,
        access_token: Option<&str>,
    ) -> Result<String, AuthError> {
        let mut header = Header::new(Algorithm::ES256);
        header.typ = Some("dpop+jwt".into());
        header.jwk = Some(self.jwk.clone());
        let claims = Claims {
            htm: method.as_str(),
            htu: htu(url),
            iat: super::now_secs(),
            jti: uuid::Uuid::new_v4().to_string(),
            nonce,
            ath: access_token.map(token_hash),
        };
        jsonwebtoken::encode(&header, &claims, &self.key).map_err(AuthError::DpopProof)
    }
}
