//! `POST /oauth2/v1/token`: verifies the client assertion against a test key, records the requested
//! scopes, and can demand DPoP proofs and nonces the way Okta does.

use std::sync::{Arc, Mutex, PoisonError};

use jsonwebtoken::{Algorithm, DecodingKey, Validation, decode, decode_header};
use serde::Deserialize;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// How the fake token endpoint behaves.
#[derive(Debug, Clone)]
pub struct TokenConfig {
    pub client_id: String,
    /// The service app's public key, PEM.
    pub public_key_pem: String,
    /// Refuse token requests without a DPoP proof (Okta's default for new service apps).
    pub require_dpop: bool,
    /// Answer the first proof without a nonce with `use_dpop_nonce`.
    pub require_nonce: bool,
    pub expires_in: u64,
    /// Issued tokens are this prefix plus a counter.
    pub token_prefix: String,
    /// The scopes granted to the app; others are refused with `invalid_scope`. None grants any.
    pub granted_scopes: Option<Vec<String>>,
    /// The kid of the app's public key; an assertion naming another is refused with
    /// `invalid_client`. None accepts any.
    pub key_id: Option<String>,
    /// A `DPoP-Nonce` header sent with every issued token (Okta may rotate nonces on any answer).
    pub success_nonce: Option<String>,
}

impl TokenConfig {
    pub fn new(client_id: &str, public_key_pem: &str) -> Self {
        Self {
            client_id: client_id.to_owned(),
            public_key_pem: public_key_pem.to_owned(),
            require_dpop: false,
            require_nonce: false,
            expires_in: 3600,
            token_prefix: "mock-access-token-".to_owned(),
            granted_scopes: None,
            key_id: None,
            success_nonce: None,
        }
    }
}

/// One token request as the endpoint saw it.
#[derive(Debug, Clone)]
pub struct TokenRequest {
    pub scopes: Vec<String>,
    pub dpop: bool,
    pub nonce: Option<String>,
    pub kid: Option<String>,
    /// What was refused, if anything.
    pub refused: Option<String>,
}

#[derive(Debug, Default)]
struct State {
    requests: Vec<TokenRequest>,
    issued: u64,
}

pub const NONCE: &str = "mock-dpop-nonce-1";

#[derive(Clone)]
pub struct TokenEndpoint {
    config: TokenConfig,
    token_url: String,
    state: Arc<Mutex<State>>,
}

#[derive(Deserialize)]
struct Assertion {}

#[derive(Deserialize)]
struct Proof {
    htm: String,
    htu: String,
    nonce: Option<String>,
    ath: Option<String>,
}

fn oauth_error(status: u16, error: &str, desc: &str) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .set_body_json(json!({ "error": error, "error_description": desc }))
}

fn refuse(status: u16, error: &str, desc: &str) -> Box<ResponseTemplate> {
    Box::new(oauth_error(status, error, desc))
}

/// Checks a DPoP proof's signature (with its embedded key), `htm` and `htu`; returns its nonce and ath.
pub fn verify_proof(
    proof: &str,
    htm: &str,
    htu: &str,
) -> Result<(Option<String>, Option<String>), String> {
    let header = decode_header(proof).map_err(|e| format!("proof header: {e}"))?;
    if header.typ.as_deref() != Some("dpop+jwt") || header.alg != Algorithm::ES256 {
        return Err("proof must be typ dpop+jwt, alg ES256".into());
    }
    let jwk = header.jwk.ok_or("proof has no jwk")?;
    let key = DecodingKey::from_jwk(&jwk).map_err(|e| format!("proof jwk: {e}"))?;
    let mut v = Validation::new(Algorithm::ES256);
    v.validate_exp = false;
    v.required_spec_claims.clear();
    let claims = decode::<Proof>(proof, &key, &v)
        .map_err(|e| format!("proof signature: {e}"))?
        .claims;
    if claims.htm != htm || claims.htu != htu {
        return Err(format!(
            "proof htm/htu {} {} do not match {htm} {htu}",
            claims.htm, claims.htu
        ));
    }
    Ok((claims.nonce, claims.ath))
}

impl TokenEndpoint {
    /// Mounts the endpoint on `server` ahead of any cassette.
    pub async fn mount(server: &MockServer, config: TokenConfig) -> Self {
        let this = Self {
            token_url: format!("{}/oauth2/v1/token", server.uri()),
            config,
            state: Arc::new(Mutex::new(State::default())),
        };
        Mock::given(method("POST"))
            .and(path("/oauth2/v1/token"))
            .respond_with(this.clone())
            .with_priority(1)
            .mount(server)
            .await;
        this
    }

    pub fn requests(&self) -> Vec<TokenRequest> {
        self.state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .requests
            .clone()
    }

    /// Tokens issued so far.
    pub fn issued(&self) -> u64 {
        self.state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .issued
    }

    fn check(
        &self,
        req: &Request,
        record: &mut TokenRequest,
    ) -> Result<bool, Box<ResponseTemplate>> {
        let form: Vec<(String, String)> = url::form_urlencoded::parse(&req.body)
            .into_owned()
            .collect();
        let get = |k: &str| form.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        record.scopes = get("scope")
            .unwrap_or("")
            .split_whitespace()
            .map(str::to_owned)
            .collect();
        if get("grant_type") != Some("client_credentials") {
            return Err(refuse(
                400,
                "unsupported_grant_type",
                "grant_type must be client_credentials",
            ));
        }
        if get("client_assertion_type")
            != Some("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
        {
            return Err(refuse(
                401,
                "invalid_client",
                "client_assertion_type is missing or wrong",
            ));
        }
        let assertion = get("client_assertion")
            .ok_or_else(|| refuse(401, "invalid_client", "no client_assertion"))?;
        record.kid = decode_header(assertion).ok().and_then(|h| h.kid);
        if let Some(kid) = &self.config.key_id
            && record.kid.as_ref() != Some(kid)
        {
            return Err(refuse(
                401,
                "invalid_client",
                "The client_assertion token has a kid which does not identify a key in the client's JWKS.",
            ));
        }
        let key = DecodingKey::from_rsa_pem(self.config.public_key_pem.as_bytes())
            .map_err(|e| refuse(500, "server_error", &format!("mock key: {e}")))?;
        let mut v = Validation::new(Algorithm::RS256);
        v.set_audience(&[self.token_url.as_str()]);
        v.set_issuer(&[self.config.client_id.as_str()]);
        v.sub = Some(self.config.client_id.clone());
        v.set_required_spec_claims(&["exp", "iss", "sub", "aud"]);
        decode::<Assertion>(assertion, &key, &v).map_err(|e| {
            refuse(
                401,
                "invalid_client",
                &format!("The client_assertion token is invalid: {e}"),
            )
        })?;
        if let Some(granted) = &self.config.granted_scopes
            && record.scopes.iter().any(|s| !granted.contains(s))
        {
            return Err(refuse(
                400,
                "invalid_scope",
                "One or more scopes are not configured for the authorization server resource.",
            ));
        }
        let proof = req.headers.get("dpop").and_then(|v| v.to_str().ok());
        match proof {
            None if self.config.require_dpop => Err(refuse(
                400,
                "invalid_dpop_proof",
                "The DPoP proof JWT header is missing.",
            )),
            None => Ok(false),
            Some(p) => {
                let (nonce, _) = verify_proof(p, "POST", &self.token_url)
                    .map_err(|e| refuse(400, "invalid_dpop_proof", &e))?;
                record.dpop = true;
                record.nonce.clone_from(&nonce);
                let known = nonce.as_deref() == Some(NONCE)
                    || (nonce.is_some() && nonce == self.config.success_nonce);
                if self.config.require_nonce && !known {
                    return Err(Box::new(
                        oauth_error(
                            400,
                            "use_dpop_nonce",
                            "Authorization server requires nonce in DPoP proof.",
                        )
                        .insert_header("DPoP-Nonce", NONCE),
                    ));
                }
                Ok(true)
            }
        }
    }
}

impl Respond for TokenEndpoint {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let mut record = TokenRequest {
            scopes: Vec::new(),
            dpop: false,
            nonce: None,
            kid: None,
            refused: None,
        };
        let outcome = self.check(req, &mut record);
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let response = match outcome {
            Err(refusal) => {
                record.refused = Some("refused".into());
                *refusal
            }
            Ok(dpop) => {
                state.issued += 1;
                let ok = ResponseTemplate::new(200).set_body_json(json!({
                    "token_type": if dpop { "DPoP" } else { "Bearer" },
                    "expires_in": self.config.expires_in,
                    "access_token": format!("{}{}", self.config.token_prefix, state.issued),
                    "scope": record.scopes.join(" "),
                }));
                match &self.config.success_nonce {
                    Some(n) => ok.insert_header("DPoP-Nonce", n.as_str()),
                    None => ok,
                }
            }
        };
        state.requests.push(record);
        response
    }
}
