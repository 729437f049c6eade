//! The service app's private key: an RSA JWK (or a JWKS holding one) or PEM (PKCS#1 or PKCS#8).
//!
//! Parses and checks only; must not quote key material in an error or a log.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::EncodingKey;
use rsa::BigUint;
use rsa::pkcs1::EncodeRsaPrivateKey;
use serde::Deserialize;

/// A signing key and the key id Okta knows it by, if any.
pub struct SigningKey {
    pub key: EncodingKey,
    pub kid: Option<String>,
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKey")
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

#[derive(Deserialize)]
struct RsaJwk {
    kty: String,
    kid: Option<String>,
    n: Option<String>,
    e: Option<String>,
    d: Option<String>,
    p: Option<String>,
    q: Option<String>,
}

#[derive(Deserialize)]
struct Jwks {
    keys: Vec<serde_json::Value>,
}

/// Why the configured private key cannot sign. No variant displays key material.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum KeyError {
    #[error("not valid JSON ({0})")]
    Json(#[source] serde_json::Error),
    #[error("the JWKS holds no key")]
    EmptyJwks,
    #[error("the JWKS holds several keys: give the one private key alone")]
    SeveralKeys,
    #[error("not a JWK ({0})")]
    NotJwk(#[source] serde_json::Error),
    #[error("the JWK is kty {kty:?}; an RSA key is needed")]
    NotRsa { kty: String },
    #[error("the JWK has no `{0}`: is it the private key?")]
    MissingComponent(&'static str),
    /// The decoder's error is left out on purpose: it quotes a character of the key.
    #[error("the JWK's `{0}` is not base64url")]
    NotBase64(&'static str),
    #[error("the JWK is not a valid RSA private key ({0})")]
    InvalidJwk(#[source] rsa::Error),
    #[error("the key cannot be encoded ({0})")]
    Encoding(#[source] rsa::pkcs1::Error),
    #[error("an unencrypted RSA private key is needed (PEM PKCS#1 or PKCS#8, or a JWK)")]
    UnsupportedPem,
    #[error("neither PEM (-----BEGIN …) nor a JWK (JSON)")]
    UnknownFormat,
    #[error("not an RSA private key in PEM form ({0})")]
    NotRsaPem(#[source] Box<dyn std::error::Error + Send + Sync>),
    #[error("the PEM holds an inconsistent RSA key")]
    InconsistentPem(#[source] rsa::Error),
}

fn big(name: &'static str, v: Option<&String>) -> Result<BigUint, KeyError> {
    let v = v.ok_or(KeyError::MissingComponent(name))?;
    let bytes = URL_SAFE_NO_PAD
        .decode(v.trim_end_matches('='))
        .map_err(|_| KeyError::NotBase64(name))?;
    Ok(BigUint::from_bytes_be(&bytes))
}

fn from_jwk(text: &str) -> Result<SigningKey, KeyError> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(KeyError::Json)?;
    let value = match serde_json::from_value::<Jwks>(value.clone()) {
        Ok(set) => match set.keys.as_slice() {
            [only] => only.clone(),
            [] => return Err(KeyError::EmptyJwks),
            _ => return Err(KeyError::SeveralKeys),
        },
        Err(_) => value,
    };
    let jwk: RsaJwk = serde_json::from_value(value).map_err(KeyError::NotJwk)?;
    if jwk.kty != "RSA" {
        return Err(KeyError::NotRsa { kty: jwk.kty });
    }
    let (n, e, d) = (
        big("n", jwk.n.as_ref())?,
        big("e", jwk.e.as_ref())?,
        big("d", jwk.d.as_ref())?,
    );
    let primes = match (jwk.p.as_ref(), jwk.q.as_ref()) {
        (Some(_), Some(_)) => vec![big("p", jwk.p.as_ref())?, big("q", jwk.q.as_ref())?],
        _ => Vec::new(),
    };
    let key = rsa::RsaPrivateKey::from_components(n, e, d, primes).map_err(KeyError::InvalidJwk)?;
    key.validate().map_err(KeyError::InvalidJwk)?;
    let der = key.to_pkcs1_der().map_err(KeyError::Encoding)?;
    Ok(SigningKey {
        key: EncodingKey::from_rsa_der(der.as_bytes()),
        kid: jwk.kid,
    })
}

/// Reads the key text. Environment variables often carry PEM with literal `\n`; those are accepted.
pub fn load(text: &str) -> Result<SigningKey, KeyError> {
    let text = text.trim();
    if text.starts_with('{') {
        return from_jwk(text);
    }
    let pem = if text.contains('\n') {
        text.to_owned()
    } else {
        text.replace("\\n", "\n")
    };
    if pem.contains("BEGIN EC PRIVATE KEY") || pem.contains("BEGIN ENCRYPTED PRIVATE KEY") {
        return Err(KeyError::UnsupportedPem);
    }
    if !pem.contains("-----BEGIN") {
        return Err(KeyError::UnknownFormat);
    }
    // A full parse, cheap next to a signature, so a damaged key fails at start-up.
    use rsa::pkcs1::DecodeRsaPrivateKey;
    use rsa::pkcs8::DecodePrivateKey;
    let parsed = rsa::RsaPrivateKey::from_pkcs8_pem(&pem)
        .or_else(|_| rsa::RsaPrivateKey::from_pkcs1_pem(&pem))
        .map_err(|e| KeyError::NotRsaPem(Box::new(e)))?;
    parsed.validate().map_err(KeyError::InconsistentPem)?;
    EncodingKey::from_rsa_pem(pem.as_bytes())
        .map(|key| SigningKey { key, kid: None })
        .map_err(|e| KeyError::NotRsaPem(Box::new(e)))
}
