//! Configuration from the environment (and `.env`), validated before anything is served.
//!
//! Every mistake is a [`ConfigError`] whose text says what is wrong and how to fix it, on one line.
//! Must not touch the network (it reads the environment, `.env` and the key file, nothing else),
//! and must not quote a secret back in an error.

use std::time::Duration;

use secrecy::SecretString;
use url::{Host, Url};

/// How the server authenticates to Okta.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum AuthConfig {
    /// Legacy API token: `Authorization: SSWS <token>`.
    Ssws { token: SecretString },
    /// OAuth 2.0 service app: client credentials with a `private_key_jwt` assertion.
    OAuth(OAuthConfig),
}

impl AuthConfig {
    pub fn method_name(&self) -> &'static str {
        match self {
            Self::Ssws { .. } => "SSWS API token",
            Self::OAuth(_) => "OAuth 2.0",
        }
    }
}

/// When to send DPoP proofs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DpopMode {
    /// Only once Okta asks for them (`use_dpop_nonce` / `invalid_dpop_proof`), then for the rest of the process.
    Auto,
    /// From the first token request.
    Always,
    /// Never.
    Never,
}

#[derive(Debug, Clone)]
pub struct OAuthConfig {
    pub client_id: String,
    /// The private key text: an RSA JWK (JSON) or PEM (PKCS#1 or PKCS#8).
    pub private_key: SecretString,
    /// Where the key came from, for messages (`OKTA_PRIVATE_KEY` or the file path).
    pub key_source: String,
    pub key_id: Option<String>,
    pub dpop: DpopMode,
}

/// Limits on the HTTP client.
#[derive(Debug, Clone)]
pub struct HttpSettings {
    /// Per-request timeout.
    pub timeout: Duration,
    /// Retries after the first try (429 for any method; 5xx and transport errors for GET/PUT/DELETE).
    pub max_retries: u32,
    /// The longest single wait for a rate-limit reset; a later reset is reported instead of waited for.
    pub max_retry_wait: Duration,
    /// The largest response body read into memory.
    pub max_response_bytes: usize,
    /// First backoff for retried 5xx and transport errors; doubles per try.
    pub backoff_base: Duration,
}

impl Default for HttpSettings {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(30),
            max_retries: 3,
            max_retry_wait: Duration::from_secs(60),
            max_response_bytes: 16 * 1024 * 1024,
            backoff_base: Duration::from_millis(250),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    /// The org's base URL, always without a trailing path.
    pub org_url: Url,
    pub auth: AuthConfig,
    pub http: HttpSettings,
}

const EXAMPLE: &str = "e.g. OKTA_ORG_URL=https://example.okta.com";

/// A configuration mistake; the message is one line with the fix. No variant displays a secret:
/// only the org URL, numeric settings, `OKTA_DPOP` and file paths are quoted back.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    #[error(".env could not be read ({0}); fix or remove the .env file in the working directory")]
    Dotenv(#[source] dotenvy::Error),
    #[error("OKTA_ORG_URL is not set: set it to your Okta org's URL, {EXAMPLE}")]
    MissingOrgUrl,
    #[error("OKTA_ORG_URL={raw:?} is not a URL: set it to your org's base URL, {EXAMPLE}")]
    OrgUrlNotUrl {
        raw: String,
        #[source]
        source: url::ParseError,
    },
    #[error("OKTA_ORG_URL={raw:?} has no host: {EXAMPLE}")]
    OrgUrlNoHost { raw: String },
    #[error(
        "OKTA_ORG_URL={raw:?} uses plain http: Okta needs https ({EXAMPLE}); http is accepted only for loopback test servers"
    )]
    OrgUrlPlainHttp { raw: String },
    #[error("OKTA_ORG_URL={raw:?} has scheme {scheme:?}: use https, {EXAMPLE}")]
    OrgUrlScheme { raw: String, scheme: String },
    #[error(
        "OKTA_ORG_URL must not contain a user name or password: put credentials in OKTA_API_TOKEN or the OAuth variables"
    )]
    OrgUrlUserInfo,
    #[error("OKTA_ORG_URL={raw:?} has a path ({path}): use only the org's base URL, {EXAMPLE}")]
    OrgUrlPath { raw: String, path: String },
    #[error("OKTA_ORG_URL={raw:?} has a query or fragment: use only the org's base URL, {EXAMPLE}")]
    OrgUrlQuery { raw: String },
    #[error(
        "OKTA_ORG_URL={raw:?} is the Admin Console address: the API lives at https://{api_host}"
    )]
    OrgUrlAdminConsole { raw: String, api_host: String },
    #[error("{name}={value:?} is not a whole number from {min} to {max}: fix or unset it")]
    OutOfRange {
        name: &'static str,
        value: String,
        min: u64,
        max: u64,
    },
    #[error(
        "OKTA_API_TOKEN contains spaces or control characters: paste the token alone, without quotes"
    )]
    TokenCharacters,
    #[error(
        "no Okta credentials: set OKTA_CLIENT_ID and OKTA_PRIVATE_KEY (or OKTA_PRIVATE_KEY_FILE) for an OAuth service app (recommended), or OKTA_API_TOKEN"
    )]
    NoCredentials,
    #[error("OKTA_CLIENT_ID contains spaces: paste the client id alone (0oa…)")]
    ClientIdSpaces,
    #[error("both OKTA_PRIVATE_KEY and OKTA_PRIVATE_KEY_FILE are set: keep one of them")]
    TwoKeys,
    #[error(
        "OKTA_PRIVATE_KEY_FILE={path:?} cannot be read ({source}): point it at the service app's private key (PEM or JWK JSON)"
    )]
    KeyFile {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "OKTA_CLIENT_ID is set but no key: set OKTA_PRIVATE_KEY (PEM or JWK JSON) or OKTA_PRIVATE_KEY_FILE to the service app's private key"
    )]
    NoKey,
    #[error("OKTA_DPOP={value:?} is not one of auto, always, never")]
    DpopMode { value: String },
}

impl Config {
    /// Reads `.env` from the working directory if there is one (real environment variables win), then the environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        if let Err(e) = dotenvy::dotenv()
            && !e.not_found()
        {
            return Err(ConfigError::Dotenv(e));
        }
        Self::from_lookup(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
    }

    /// Builds the configuration from a variable lookup (the environment, or a map in tests).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let Some(raw_url) = get("OKTA_ORG_URL") else {
            return Err(ConfigError::MissingOrgUrl);
        };
        let org_url = parse_org_url(&raw_url)?;
        let auth = auth_from(&get)?;
        let mut http = HttpSettings::default();
        if let Some(v) = get("OKTA_MCP_TIMEOUT_SECS") {
            http.timeout = Duration::from_secs(parse_num(&v, "OKTA_MCP_TIMEOUT_SECS", 1, 600)?);
        }
        if let Some(v) = get("OKTA_MCP_MAX_RETRIES") {
            http.max_retries = parse_num(&v, "OKTA_MCP_MAX_RETRIES", 0, 10)? as u32;
        }
        if let Some(v) = get("OKTA_MCP_MAX_RETRY_WAIT_SECS") {
            http.max_retry_wait =
                Duration::from_secs(parse_num(&v, "OKTA_MCP_MAX_RETRY_WAIT_SECS", 0, 3600)?);
        }
        if let Some(v) = get("OKTA_MCP_MAX_RESPONSE_MB") {
            http.max_response_bytes =
                parse_num(&v, "OKTA_MCP_MAX_RESPONSE_MB", 1, 1024)? as usize * 1024 * 1024;
        }
        Ok(Self {
            org_url,
            auth,
            http,
        })
    }
}

fn parse_num(v: &str, name: &'static str, min: u64, max: u64) -> Result<u64, ConfigError> {
    match v.trim().parse::<u64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(ConfigError::OutOfRange {
            name,
            value: v.to_owned(),
            min,
            max,
        }),
    }
}

fn is_loopback(host: &Host<&str>) -> bool {
    match host {
        Host::Domain(d) => d.eq_ignore_ascii_case("localhost"),
        Host::Ipv4(ip) => ip.is_loopback(),
        Host::Ipv6(ip) => ip.is_loopback(),
    }
}

/// Validates `OKTA_ORG_URL`: https (http only for loopback, for tests and the mock org), a host and nothing else.
pub fn parse_org_url(raw: &str) -> Result<Url, ConfigError> {
    let raw = raw.trim();
    let url = Url::parse(raw).map_err(|source| ConfigError::OrgUrlNotUrl {
        raw: raw.to_owned(),
        source,
    })?;
    let Some(host) = url.host() else {
        return Err(ConfigError::OrgUrlNoHost {
            raw: raw.to_owned(),
        });
    };
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&host) => {}
        "http" => {
            return Err(ConfigError::OrgUrlPlainHttp {
                raw: raw.to_owned(),
            });
        }
        other => {
            return Err(ConfigError::OrgUrlScheme {
                raw: raw.to_owned(),
                scheme: other.to_owned(),
            });
        }
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(ConfigError::OrgUrlUserInfo);
    }
    if url.path() != "/" && !url.path().is_empty() {
        return Err(ConfigError::OrgUrlPath {
            raw: raw.to_owned(),
            path: url.path().to_owned(),
        });
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(ConfigError::OrgUrlQuery {
            raw: raw.to_owned(),
        });
    }
    if let Host::Domain(d) = &host
        && let Some(first) = d.split('.').next()
        && first.ends_with("-admin")
    {
        return Err(ConfigError::OrgUrlAdminConsole {
            raw: raw.to_owned(),
            api_host: d.replacen("-admin", "", 1),
        });
    }
    Ok(url)
}

fn auth_from(get: &impl Fn(&str) -> Option<String>) -> Result<AuthConfig, ConfigError> {
    let client_id = get("OKTA_CLIENT_ID");
    let token = get("OKTA_API_TOKEN");
    match (client_id, token) {
        (Some(client_id), _) => oauth_from(get, client_id).map(AuthConfig::OAuth),
        (None, Some(token)) => {
            let token = token.trim();
            let token = token.strip_prefix("SSWS ").unwrap_or(token).trim();
            if token.chars().any(|c| c.is_whitespace() || c.is_control()) {
                return Err(ConfigError::TokenCharacters);
            }
            Ok(AuthConfig::Ssws {
                token: SecretString::from(token.to_owned()),
            })
        }
        (None, None) => Err(ConfigError::NoCredentials),
    }
}

fn oauth_from(
    get: &impl Fn(&str) -> Option<String>,
    client_id: String,
) -> Result<OAuthConfig, ConfigError> {
    let client_id = client_id.trim().to_owned();
    if client_id.contains(char::is_whitespace) {
        return Err(ConfigError::ClientIdSpaces);
    }
    let (private_key, key_source) = match (get("OKTA_PRIVATE_KEY"), get("OKTA_PRIVATE_KEY_FILE")) {
        (Some(_), Some(_)) => {
            return Err(ConfigError::TwoKeys);
        }
        (Some(k), None) => (k, "OKTA_PRIVATE_KEY".to_owned()),
        (None, Some(path)) => match std::fs::read_to_string(&path) {
            Ok(k) => (k, format!("OKTA_PRIVATE_KEY_FILE ({path})")),
            Err(source) => return Err(ConfigError::KeyFile { path, source }),
        },
        (None, None) => {
            return Err(ConfigError::NoKey);
        }
    };
    let dpop = match get("OKTA_DPOP").as_deref().map(str::trim) {
        None | Some("auto") => DpopMode::Auto,
        Some("always") | Some("true") => DpopMode::Always,
        Some("never") | Some("false") => DpopMode::Never,
        Some(other) => {
            return Err(ConfigError::DpopMode {
                value: other.to_owned(),
            });
        }
    };
    Ok(OAuthConfig {
        client_id,
        private_key: SecretString::from(private_key),
        key_source,
        key_id: get("OKTA_KEY_ID").map(|k| k.trim().to_owned()),
        dpop,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn cfg(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn accepts_https_and_loopback_http() {
        for url in [
            "https://example.okta.com",
            "https://example.okta.com/",
            "http://127.0.0.1:8080",
            "http://localhost:1234",
            "http://[::1]:99",
        ] {
            let c = cfg(&[("OKTA_ORG_URL", url), ("OKTA_API_TOKEN", "t")]);
            assert!(c.is_ok(), "{url}: {c:?}");
        }
    }

    #[test]
    fn rejects_bad_org_urls_with_a_fix() {
        for (url, needle) in [
            ("http://example.okta.com", "plain http"),
            ("http://10.0.0.1", "plain http"),
            ("ftp://example.okta.com", "scheme"),
            ("https://user:pw@example.okta.com", "user name"),
            ("https://example.okta.com/api/v1", "has a path"),
            ("https://example.okta.com/?x=1", "query"),
            ("https://example.okta.com/#f", "fragment"),
            ("example.okta.com", "not a URL"),
            ("https://acme-admin.okta.com", "https://acme.okta.com"),
        ] {
            let e = cfg(&[("OKTA_ORG_URL", url), ("OKTA_API_TOKEN", "t")]).unwrap_err();
            assert!(e.to_string().contains(needle), "{url}: {e}");
            assert!(!e.to_string().contains('\n'));
        }
    }

    #[test]
    fn missing_settings_say_what_to_set() {
        let e = cfg(&[]).unwrap_err();
        assert!(e.to_string().starts_with("OKTA_ORG_URL is not set"));
        let e = cfg(&[("OKTA_ORG_URL", "https://x.okta.com")]).unwrap_err();
        assert!(e.to_string().contains("OKTA_API_TOKEN"));
        let e = cfg(&[
            ("OKTA_ORG_URL", "https://x.okta.com"),
            ("OKTA_CLIENT_ID", "0oa1"),
        ])
        .unwrap_err();
        assert!(e.to_string().contains("OKTA_PRIVATE_KEY"));
    }

    #[test]
    fn oauth_wins_when_client_id_is_set() {
        let c = cfg(&[
            ("OKTA_ORG_URL", "https://x.okta.com"),
            ("OKTA_CLIENT_ID", "0oa1"),
            ("OKTA_PRIVATE_KEY", "k"),
            ("OKTA_API_TOKEN", "t"),
        ])
        .unwrap();
        assert!(matches!(c.auth, AuthConfig::OAuth(_)));
    }

    #[test]
    fn ssws_prefix_is_tolerated_and_secret_is_not_debug_printed() {
        let c = cfg(&[
            ("OKTA_ORG_URL", "https://x.okta.com"),
            ("OKTA_API_TOKEN", "SSWS 00abcSECRET"),
        ])
        .unwrap();
        assert!(!format!("{c:?}").contains("00abcSECRET"));
    }

    #[test]
    fn numeric_settings_are_bounded() {
        let e = cfg(&[
            ("OKTA_ORG_URL", "https://x.okta.com"),
            ("OKTA_API_TOKEN", "t"),
            ("OKTA_MCP_MAX_RETRIES", "99"),
        ])
        .unwrap_err();
        assert!(e.to_string().contains("OKTA_MCP_MAX_RETRIES"));
    }
}
