//! Streamable HTTP at `/mcp`: a bearer secret on every address, and only the server's own origin.
//!
//! A loopback port is reachable by every local process and, through the admin's browser, by any web
//! page; so a secret is required there too unless `--http-no-auth` says otherwise (loopback only).
//! A page's `fetch` carries its `Origin`: any origin but the one the request was addressed to is
//! refused, whatever the secret, so no page can drive the server even if it learnt the secret.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use secrecy::{ExposeSecret, SecretString};
use serde_json::json;

use crate::run::ServeError;
use crate::server::OktaServer;

/// Shortest bearer secret accepted from `OKTA_MCP_HTTP_BEARER`.
pub const MIN_BEARER_LEN: usize = 32;

/// How HTTP clients are admitted.
#[derive(Debug)]
pub enum HttpAuth {
    /// Every request carries `Authorization: Bearer <secret>`.
    Bearer {
        secret: SecretString,
        /// Made at start for this run (printed once), not read from the environment.
        generated: bool,
    },
    /// `--http-no-auth`, loopback only.
    None,
}

impl HttpAuth {
    /// Decides from `OKTA_MCP_HTTP_BEARER` (`configured`) and `--http-no-auth`.
    pub fn resolve(
        bind: SocketAddr,
        configured: Option<SecretString>,
        no_auth: bool,
    ) -> Result<Self, ServeError> {
        if no_auth {
            if !bind.ip().is_loopback() {
                return Err(ServeError::NoAuthBeyondLoopback { bind });
            }
            return Ok(Self::None);
        }
        match configured {
            Some(secret) if secret.expose_secret().len() < MIN_BEARER_LEN => {
                Err(ServeError::BearerTooShort)
            }
            Some(secret) => Ok(Self::Bearer {
                secret,
                generated: false,
            }),
            None => Ok(Self::Bearer {
                secret: generate_secret(),
                generated: true,
            }),
        }
    }
}

/// 32 bytes from the thread-local CSPRNG (ChaCha, seeded from the OS), base64url: 43 characters.
fn generate_secret() -> SecretString {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    SecretString::from(URL_SAFE_NO_PAD.encode(bytes))
}

/// True when `Authorization` carries exactly `Bearer <secret>`, compared in constant time.
fn bearer_matches(headers: &HeaderMap, secret: &SecretString) -> bool {
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    subtle::ConstantTimeEq::ct_eq(given.as_bytes(), secret.expose_secret().as_bytes()).into()
}

/// True when the request has no `Origin` (not a browser page) or the origin it was addressed to:
/// `http://` and its own `Host`. The Host itself is checked by the MCP library on loopback.
fn origin_allowed(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    match (origin.to_str().ok(), host) {
        (Some(origin), Some(host)) => origin
            .strip_prefix("http://")
            .is_some_and(|o| o.eq_ignore_ascii_case(host)),
        _ => false,
    }
}

/// Lines for stderr once the address is known: where to connect and, for a generated secret, the
/// secret itself in a ready client configuration (the only place it is ever shown).
fn announce(addr: SocketAddr, auth: &HttpAuth) -> String {
    let host = if addr.ip().is_unspecified() {
        SocketAddr::new(std::net::Ipv4Addr::LOCALHOST.into(), addr.port())
    } else {
        addr
    };
    let url = format!("http://{host}/mcp");
    match auth {
        HttpAuth::None => format!(
            "[okta-mcp] serving MCP over HTTP at {url} WITHOUT authentication (--http-no-auth): any local process can use this server's Okta credentials"
        ),
        HttpAuth::Bearer {
            generated: false, ..
        } => format!(
            "[okta-mcp] serving MCP over HTTP at {url}; clients send `Authorization: Bearer $OKTA_MCP_HTTP_BEARER`"
        ),
        HttpAuth::Bearer {
            secret,
            generated: true,
        } => {
            let config = json!({"mcpServers": {"okta": {
                "type": "http",
                "url": url,
                "headers": {"Authorization": format!("Bearer {}", secret.expose_secret())}
            }}});
            format!(
                "[okta-mcp] serving MCP over HTTP at {url}; bearer secret generated for this run (set OKTA_MCP_HTTP_BEARER to choose one): {}\n[okta-mcp] client config: {config}",
                secret.expose_secret()
            )
        }
    }
}

/// Serves `server` over Streamable HTTP on `bind` until Ctrl-C.
pub async fn serve_http(
    server: OktaServer,
    bind: SocketAddr,
    auth: HttpAuth,
) -> Result<(), ServeError> {
    use rmcp::transport::streamable_http_server::{
        StreamableHttpServerConfig, StreamableHttpService, session::local::LocalSessionManager,
    };
    let mut config = StreamableHttpServerConfig::default();
    if !bind.ip().is_loopback() {
        // Any Host may reach a server bound beyond loopback; the bearer secret is what admits a client.
        config = config.disable_allowed_hosts();
    }
    let service = StreamableHttpService::new(
        move || Ok(server.for_session()),
        Arc::new(LocalSessionManager::default()),
        config,
    );
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .map_err(|source| ServeError::Bind { bind, source })?;
    let addr = listener.local_addr().map_err(ServeError::LocalAddr)?;
    eprintln!("{}", announce(addr, &auth));
    let secret = match auth {
        HttpAuth::Bearer { secret, .. } => Some(Arc::new(secret)),
        HttpAuth::None => None,
    };
    let app = axum::Router::new()
        .nest_service("/mcp", service)
        .layer(axum::middleware::from_fn(
            move |req: axum::extract::Request, next: axum::middleware::Next| {
                let secret = secret.clone();
                async move {
                    if !origin_allowed(req.headers()) {
                        return (StatusCode::FORBIDDEN, "cross-origin requests are refused\n")
                            .into_response();
                    }
                    if let Some(secret) = secret
                        && !bearer_matches(req.headers(), &secret)
                    {
                        return (
                            StatusCode::UNAUTHORIZED,
                            [(header::WWW_AUTHENTICATE, "Bearer")],
                            "missing or wrong bearer secret\n",
                        )
                            .into_response();
                    }
                    next.run(req).await
                }
            },
        ));
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(ServeError::Http)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn only_the_addressed_origin_passes() {
        assert!(origin_allowed(&headers(&[("host", "127.0.0.1:8787")])));
        assert!(origin_allowed(&headers(&[
            ("host", "127.0.0.1:8787"),
            ("origin", "http://127.0.0.1:8787")
        ])));
        for origin in [
            "http://evil.example",
            "http://127.0.0.1:9999",
            "https://127.0.0.1:8787",
            "null",
        ] {
            assert!(
                !origin_allowed(&headers(&[("host", "127.0.0.1:8787"), ("origin", origin)])),
                "{origin}"
            );
        }
    }

    #[test]
    fn no_auth_only_on_loopback_and_short_secrets_are_refused() {
        let lo: SocketAddr = "127.0.0.1:1".parse().unwrap();
        let any: SocketAddr = "0.0.0.0:1".parse().unwrap();
        assert!(matches!(
            HttpAuth::resolve(lo, None, true),
            Ok(HttpAuth::None)
        ));
        assert!(HttpAuth::resolve(any, None, true).is_err());
        assert!(HttpAuth::resolve(lo, Some("short".into()), false).is_err());
        let (a, b) = match (
            HttpAuth::resolve(any, None, false),
            HttpAuth::resolve(any, None, false),
        ) {
            (
                Ok(HttpAuth::Bearer {
                    secret: a,
                    generated: true,
                }),
                Ok(HttpAuth::Bearer { secret: b, .. }),
            ) => (a, b),
            other => panic!("{other:?}"),
        };
        assert!(a.expose_secret().len() >= MIN_BEARER_LEN);
        assert_ne!(a.expose_secret(), b.expose_secret());
    }
}
