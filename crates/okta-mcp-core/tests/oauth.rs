//! OAuth 2.0 service-app auth against mock-okta's token endpoint: keys, scopes, the token cache, DPoP.

// Helpers outside #[test] fns may unwrap too: a failure here is a failed test.
#![allow(clippy::unwrap_used)]

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use mock_okta::token::{TokenConfig, TokenEndpoint, verify_proof};
use okta_mcp_core::auth::{Auth, token_hash};
use okta_mcp_core::client::OktaClient;
use okta_mcp_core::config::Config;
use okta_mcp_core::tool::run;
use okta_mcp_core::{Decl, Route, ToolInput, ToolKind, ToolSpec};
use rsa::pkcs8::DecodePrivateKey;
use rsa::traits::{PrivateKeyParts, PublicKeyParts};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Map, Value, json};
use wiremock::matchers::{header, header_regex, method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const CLIENT_ID: &str = "0oa1serviceAppTest01";

fn key_file(name: &str) -> String {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/keys")
        .join(name);
    std::fs::read_to_string(p).expect("test key")
}

/// The test key as an RSA JWK with a kid, built from the PEM.
fn jwk(kid: &str) -> String {
    let key = rsa::RsaPrivateKey::from_pkcs8_pem(&key_file("test-only-rsa.pem")).expect("pem");
    let b = |n: &rsa::BigUint| URL_SAFE_NO_PAD.encode(n.to_bytes_be());
    json!({"kty": "RSA", "kid": kid, "n": b(key.n()), "e": b(key.e()), "d": b(key.d()),
           "p": b(&key.primes()[0]), "q": b(&key.primes()[1])})
    .to_string()
}

#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(rename_all = "camelCase")]
struct Args {
    #[arg(path)]
    user_id: String,
    #[arg(query)]
    q: Option<String>,
}

fn spec() -> ToolSpec {
    ToolSpec::new::<Args>(Decl {
        name: "t_get",
        title: "Get things",
        description: "d",
        kind: ToolKind::Read,
        scope: "okta.users.read",
        route: Route::get("/api/v1/users/{userId}/things"),
    })
    .build()
}

fn client(org: &str, vars: &[(&str, String)]) -> Result<OktaClient, String> {
    let mut all: Vec<(String, String)> = vec![
        ("OKTA_ORG_URL".into(), org.to_owned()),
        ("OKTA_CLIENT_ID".into(), CLIENT_ID.into()),
        ("OKTA_MCP_MAX_RETRIES".into(), "0".into()),
    ];
    all.extend(vars.iter().map(|(k, v)| ((*k).to_owned(), v.clone())));
    // The caller's settings win over the defaults above.
    let config = Config::from_lookup(|k| {
        all.iter()
            .rev()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
    })
    .map_err(|e| e.to_string())?;
    let auth = Auth::from_config(&config, &["okta.users.read", "okta.users.manage"])
        .map_err(|e| e.to_string())?;
    OktaClient::new(&config, auth).map_err(|e| e.to_string())
}

fn args(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap_or_default()
}

async fn org_with_token(config: impl FnOnce(&mut TokenConfig)) -> (MockServer, TokenEndpoint) {
    let org = MockServer::start().await;
    let mut cfg = TokenConfig::new(CLIENT_ID, &key_file("test-only-rsa.pub.pem"));
    config(&mut cfg);
    let token = TokenEndpoint::mount(&org, cfg).await;
    (org, token)
}

#[tokio::test]
async fn jwk_and_pem_keys_get_a_token_with_exactly_the_tools_scopes_and_call_a_tool() {
    let pem_escaped = key_file("test-only-rsa.pem").trim().replace('\n', "\\n");
    for (label, vars, kid) in [
        (
            "pkcs8 pem",
            vec![
                ("OKTA_PRIVATE_KEY", key_file("test-only-rsa.pem")),
                ("OKTA_KEY_ID", "kid-pem".to_owned()),
            ],
            Some("kid-pem"),
        ),
        (
            "pkcs1 pem",
            vec![("OKTA_PRIVATE_KEY", key_file("test-only-rsa-pkcs1.pem"))],
            None,
        ),
        (
            "pem with literal \\n",
            vec![("OKTA_PRIVATE_KEY", pem_escaped.clone())],
            None,
        ),
        (
            "jwk",
            vec![("OKTA_PRIVATE_KEY", jwk("kid-from-jwk"))],
            Some("kid-from-jwk"),
        ),
    ] {
        let (org, token) = org_with_token(|_| {}).await;
        Mock::given(method("GET"))
            .and(path("/api/v1/users/00u1/things"))
            .and(header("authorization", "Bearer mock-access-token-1"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "t1"})))
            .expect(1)
            .mount(&org)
            .await;
        let c = client(&org.uri(), &vars).unwrap_or_else(|e| panic!("{label}: {e}"));
        let out = run(&spec(), &c, args(json!({"userId": "00u1"}))).await;
        assert_eq!(
            out.map_err(|e| e.to_string()).unwrap(),
            json!({"id": "t1"}),
            "{label}"
        );
        let reqs = token.requests();
        assert_eq!(reqs.len(), 1, "{label}");
        assert_eq!(
            reqs[0].scopes,
            ["okta.users.read", "okta.users.manage"],
            "{label}"
        );
        assert_eq!(reqs[0].kid.as_deref(), kid, "{label}");
        assert!(reqs[0].refused.is_none());
    }
}

#[tokio::test]
async fn a_key_file_works_and_a_bad_key_fails_at_startup() {
    let (org, _) = org_with_token(|_| {}).await;
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/keys/test-only-rsa.pem");
    assert!(
        client(
            &org.uri(),
            &[("OKTA_PRIVATE_KEY_FILE", path.display().to_string())]
        )
        .is_ok()
    );
    let e = client(&org.uri(), &[("OKTA_PRIVATE_KEY", "not a key".to_owned())]).unwrap_err();
    assert!(
        e.contains("OKTA_PRIVATE_KEY is not usable") && e.contains("PEM"),
        "{e}"
    );
    let e = client(
        &org.uri(),
        &[(
            "OKTA_PRIVATE_KEY",
            r#"{"kty":"EC","crv":"P-256"}"#.to_owned(),
        )],
    )
    .unwrap_err();
    assert!(e.contains("RSA"), "{e}");
}

#[tokio::test]
async fn concurrent_calls_share_one_token_request_at_start_and_at_expiry() {
    // expires_in 4: the cache refreshes 2 s before expiry, i.e. after 2 s, time enough for the first
    // burst to finish on a loaded machine before the token goes stale.
    let (org, token) = org_with_token(|c| c.expires_in = 4).await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "t"})))
        .mount(&org)
        .await;
    let c = Arc::new(
        client(
            &org.uri(),
            &[("OKTA_PRIVATE_KEY", key_file("test-only-rsa.pem"))],
        )
        .unwrap(),
    );
    let burst = |c: Arc<OktaClient>| async move {
        let calls = (0..100).map(|_| {
            let c = c.clone();
            tokio::spawn(async move {
                run(&spec(), &c, args(json!({"userId": "00u1"})))
                    .await
                    .is_ok()
            })
        });
        futures::future::join_all(calls)
            .await
            .into_iter()
            .filter(|r| matches!(r, Ok(true)))
            .count()
    };
    assert_eq!(burst(c.clone()).await, 100);
    assert_eq!(
        token.issued(),
        1,
        "cold start: one token request for 100 calls"
    );
    tokio::time::sleep(Duration::from_millis(2200)).await;
    assert_eq!(burst(c.clone()).await, 100);
    assert_eq!(token.issued(), 2, "at expiry: one refresh for 100 calls");
}

/// The request's DPoP proof checked for a GET of the URL the client used (wiremock sees
/// `http://localhost/...`): its nonce and `ath`, or what is wrong.
fn checked_proof(req: &Request, base: &str) -> Result<(Option<String>, Option<String>), String> {
    let proof = req
        .headers
        .get("dpop")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let htu = format!("{base}{}", req.url.path());
    verify_proof(proof, "GET", &htu)
}

/// A resource server that demands DPoP-bound tokens and a nonce, like Okta's.
struct DpopResource {
    seen: AtomicU32,
    /// wiremock sees `http://localhost/...`; the proof names the URL the client used.
    base: String,
}

impl Respond for DpopResource {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let n = self.seen.fetch_add(1, Ordering::SeqCst);
        let auth = req
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let Some(token) = auth.strip_prefix("DPoP ") else {
            return ResponseTemplate::new(400)
                .set_body_string(format!("want DPoP scheme, got {auth:?}"));
        };
        let (nonce, ath) = match checked_proof(req, &self.base) {
            Ok(x) => x,
            Err(e) => return ResponseTemplate::new(400).set_body_string(e),
        };
        if ath.as_deref() != Some(token_hash(token).as_str()) {
            return ResponseTemplate::new(400).set_body_string("ath does not match the token");
        }
        if n == 0 {
            assert!(nonce.is_none());
            return ResponseTemplate::new(401)
                .insert_header("WWW-Authenticate", r#"DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof""#)
                .insert_header("DPoP-Nonce", "resource-nonce-7");
        }
        if nonce.as_deref() != Some("resource-nonce-7") {
            return ResponseTemplate::new(400).set_body_string("retry lacks the resource nonce");
        }
        ResponseTemplate::new(200).set_body_json(json!({"id": "dpop-ok"}))
    }
}

#[tokio::test]
async fn dpop_nonce_exchange_at_the_token_endpoint_and_on_a_resource_call() {
    let (org, token) = org_with_token(|c| {
        c.require_dpop = true;
        c.require_nonce = true;
    })
    .await;
    Mock::given(method("GET"))
        .and(path("/api/v1/users/00u1/things"))
        .respond_with(DpopResource {
            seen: AtomicU32::new(0),
            base: org.uri(),
        })
        .expect(2)
        .mount(&org)
        .await;
    let c = client(
        &org.uri(),
        &[("OKTA_PRIVATE_KEY", key_file("test-only-rsa.pem"))],
    )
    .unwrap();
    let out = run(&spec(), &c, args(json!({"userId": "00u1", "q": "x y"})))
        .await
        .map_err(|e| e.to_string());
    assert_eq!(out.unwrap(), json!({"id": "dpop-ok"}));
    let reqs = token.requests();
    // auto mode: no proof → invalid_dpop_proof; proof without nonce → use_dpop_nonce; proof with nonce → token.
    assert_eq!(reqs.len(), 3, "{reqs:?}");
    assert!(!reqs[0].dpop && reqs[1].dpop && reqs[1].nonce.is_none());
    assert_eq!(reqs[2].nonce.as_deref(), Some(mock_okta::token::NONCE));
    assert_eq!(token.issued(), 1);
}

#[tokio::test]
async fn a_401_on_an_api_call_refreshes_the_token_once_and_retries() {
    let (org, token) = org_with_token(|_| {}).await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer mock-access-token-1"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"errorCode": "E0000011", "errorSummary": "Invalid token provided", "errorCauses": []})))
        .expect(1)
        .mount(&org)
        .await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer mock-access-token-2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "t"})))
        .expect(1)
        .mount(&org)
        .await;
    let c = client(
        &org.uri(),
        &[("OKTA_PRIVATE_KEY", key_file("test-only-rsa.pem"))],
    )
    .unwrap();
    assert!(
        run(&spec(), &c, args(json!({"userId": "00u1"})))
            .await
            .is_ok()
    );
    assert_eq!(token.issued(), 2);
}

#[tokio::test]
async fn token_endpoint_failures_are_actionable() {
    // A key Okta does not know, and no key id sent.
    let (org, _) = org_with_token(|c| {
        c.public_key_pem = "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo\n4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u\n+qKhbwKfBstIs+bMY2Zkp18gnTxKLxoS2tFczGkPLPgizskuemMghRniWaoLcyeh\nkd3qqGElvW/VDL5AaWTg0nLVkjRo9z+40RQzuVaE8AkAFmxZzow3x+VJYKdjykkJ\n0iT9wCS0DRTXu269V264Vf/3jvredZiKRkgwlL9xNAwxXFg0x/XFw005UWVRIkdg\ncKWTjpBP2dPwVZ4WWC+9aGVd+Gyn1o0CLelf4rEjGoXbAAEgAqeGUxrcIlbjXfbc\nmwIDAQAB\n-----END PUBLIC KEY-----\n".into();
    })
    .await;
    let c = client(
        &org.uri(),
        &[("OKTA_PRIVATE_KEY", key_file("test-only-rsa.pem"))],
    )
    .unwrap();
    let text = run(&spec(), &c, args(json!({"userId": "00u1"})))
        .await
        .unwrap_err()
        .to_text(&spec());
    assert!(
        text.contains("invalid_client")
            && text.contains("OKTA_KEY_ID")
            && text.contains("OKTA_CLIENT_ID"),
        "{text}"
    );

    let org = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth2/v1/token"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({"error": "invalid_scope", "error_description": "The following scopes are not allowed: okta.users.manage"})))
        .mount(&org)
        .await;
    let c = client(
        &org.uri(),
        &[("OKTA_PRIVATE_KEY", key_file("test-only-rsa.pem"))],
    )
    .unwrap();
    let text = run(&spec(), &c, args(json!({"userId": "00u1"})))
        .await
        .unwrap_err()
        .to_text(&spec());
    assert!(
        text.contains("invalid_scope")
            && text.contains("Okta API Scopes")
            && text.contains("okta.users.read okta.users.manage"),
        "{text}"
    );
}

/// An org whose token endpoint first answers with `faults`, in order, then issues tokens.
async fn org_with_faulty_token(
    faults: Vec<ResponseTemplate>,
    config: impl FnOnce(&mut TokenConfig),
) -> (MockServer, TokenEndpoint) {
    let org = MockServer::start().await;
    for f in faults {
        // Same priority as the endpoint, mounted first: each answers once, in order.
        Mock::given(method("POST"))
            .and(path("/oauth2/v1/token"))
            .respond_with(f)
            .with_priority(1)
            .up_to_n_times(1)
            .mount(&org)
            .await;
    }
    let mut cfg = TokenConfig::new(CLIENT_ID, &key_file("test-only-rsa.pub.pem"));
    config(&mut cfg);
    let token = TokenEndpoint::mount(&org, cfg).await;
    (org, token)
}

async fn token_requests_received(org: &MockServer) -> usize {
    org.received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .filter(|r| r.url.path() == "/oauth2/v1/token")
        .count()
}

#[tokio::test]
async fn fifty_concurrent_calls_meeting_one_401_make_exactly_one_token_request() {
    let (org, token) = org_with_token(|_| {}).await;
    // Every call carrying the first token is refused, as after a revocation.
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer mock-access-token-1"))
        .respond_with(ResponseTemplate::new(401).set_body_json(
            json!({"errorCode": "E0000011", "errorSummary": "Invalid token provided", "errorCauses": []}),
        ))
        .mount(&org)
        .await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer mock-access-token-2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "t"})))
        .mount(&org)
        .await;
    let c = Arc::new(
        client(
            &org.uri(),
            &[("OKTA_PRIVATE_KEY", key_file("test-only-rsa.pem"))],
        )
        .unwrap(),
    );
    let calls = (0..50).map(|_| {
        let c = c.clone();
        tokio::spawn(async move {
            run(&spec(), &c, args(json!({"userId": "00u1"})))
                .await
                .is_ok()
        })
    });
    let ok = futures::future::join_all(calls)
        .await
        .into_iter()
        .filter(|r| matches!(r, Ok(true)))
        .count();
    assert_eq!(ok, 50);
    assert_eq!(
        token.issued(),
        2,
        "one token at start, one after the 401, however many calls met it"
    );
}

#[tokio::test]
async fn token_requests_use_the_configured_timeout_and_retry_timeouts_5xx_and_429() {
    let reset_now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let (org, token) = org_with_faulty_token(
        vec![
            // Slower than OKTA_MCP_TIMEOUT_SECS=1: given up on and retried.
            ResponseTemplate::new(500).set_delay(Duration::from_secs(3)),
            ResponseTemplate::new(503),
            ResponseTemplate::new(429)
                .insert_header("X-Rate-Limit-Reset", reset_now.to_string().as_str())
                .set_body_json(json!({"errorCode": "E0000047", "errorSummary": "API call exceeded rate limit"})),
        ],
        |_| {},
    )
    .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "t"})))
        .mount(&org)
        .await;
    let c = client(
        &org.uri(),
        &[
            ("OKTA_PRIVATE_KEY", key_file("test-only-rsa.pem")),
            ("OKTA_MCP_TIMEOUT_SECS", "1".to_owned()),
            ("OKTA_MCP_MAX_RETRIES", "3".to_owned()),
        ],
    )
    .unwrap();
    let out = run(&spec(), &c, args(json!({"userId": "00u1"})))
        .await
        .map_err(|e| e.to_text(&spec()));
    assert_eq!(out.unwrap(), json!({"id": "t"}));
    assert_eq!(token_requests_received(&org).await, 4);
    assert_eq!(token.issued(), 1);

    // Without retries left, the timeout is reported as one.
    let (org, _) = org_with_faulty_token(
        vec![ResponseTemplate::new(500).set_delay(Duration::from_secs(3))],
        |_| {},
    )
    .await;
    let c = client(
        &org.uri(),
        &[
            ("OKTA_PRIVATE_KEY", key_file("test-only-rsa.pem")),
            ("OKTA_MCP_TIMEOUT_SECS", "1".to_owned()),
        ],
    )
    .unwrap();
    let text = run(&spec(), &c, args(json!({"userId": "00u1"})))
        .await
        .unwrap_err()
        .to_text(&spec());
    assert!(text.contains("timed out"), "{text}");
    assert_eq!(token_requests_received(&org).await, 1);
}

/// Answers API calls with a rotating `DPoP-Nonce` on every success, and checks that each proof
/// carries the nonce of the answer before it.
struct RotatingNonce {
    seen: AtomicU32,
    base: String,
}

impl Respond for RotatingNonce {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let n = self.seen.fetch_add(1, Ordering::SeqCst);
        let nonce = match checked_proof(req, &self.base) {
            Ok((nonce, _)) => nonce,
            Err(e) => return ResponseTemplate::new(400).set_body_string(e),
        };
        let expected = (n > 0).then(|| format!("api-nonce-{}", n - 1));
        if nonce != expected {
            return ResponseTemplate::new(400)
                .set_body_string(format!("proof nonce {nonce:?}, expected {expected:?}"));
        }
        ResponseTemplate::new(200)
            .insert_header("DPoP-Nonce", format!("api-nonce-{n}").as_str())
            .set_body_json(json!({"id": "t"}))
    }
}

#[tokio::test]
async fn a_dpop_nonce_on_a_successful_answer_is_used_by_the_next_proof() {
    let (org, token) = org_with_token(|c| {
        c.require_dpop = true;
        c.success_nonce = Some("token-nonce-after-success".into());
    })
    .await;
    Mock::given(method("GET"))
        .and(path("/api/v1/users/00u1/things"))
        .respond_with(RotatingNonce {
            seen: AtomicU32::new(0),
            base: org.uri(),
        })
        .expect(3)
        .mount(&org)
        .await;
    // A 401 on the fourth call drops the token: the next token request carries the token endpoint's
    // nonce from the successful answer that issued the first.
    Mock::given(method("GET"))
        .and(path("/api/v1/users/00u2/things"))
        .and(header_regex("authorization", "^DPoP mock-access-token-1$"))
        .respond_with(ResponseTemplate::new(401))
        .expect(1)
        .mount(&org)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v1/users/00u2/things"))
        .and(header_regex("authorization", "^DPoP mock-access-token-2$"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "t2"})))
        .expect(1)
        .mount(&org)
        .await;
    let c = client(
        &org.uri(),
        &[("OKTA_PRIVATE_KEY", key_file("test-only-rsa.pem"))],
    )
    .unwrap();
    for _ in 0..3 {
        let out = run(&spec(), &c, args(json!({"userId": "00u1"})))
            .await
            .map_err(|e| e.to_text(&spec()));
        assert_eq!(out.unwrap(), json!({"id": "t"}));
    }
    let out = run(&spec(), &c, args(json!({"userId": "00u2"})))
        .await
        .map_err(|e| e.to_text(&spec()));
    assert_eq!(out.unwrap(), json!({"id": "t2"}));
    let reqs = token.requests();
    // No proof, then a proof (auto mode), then after the 401 a proof with the remembered nonce.
    assert_eq!(reqs.len(), 3, "{reqs:?}");
    assert_eq!(reqs[1].nonce, None);
    assert_eq!(reqs[2].nonce.as_deref(), Some("token-nonce-after-success"));
}
