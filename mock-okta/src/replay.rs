//! Serving cassettes with wiremock: strictly (every interaction once) for tests, or freely for the demo org.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};

use serde_json::{Value, json};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate, matchers::any};

use crate::cassette::{FormPart, Interaction, RecordedRequest};

/// A request the org received that no interaction matched.
#[derive(Debug, Clone)]
pub struct Unmatched {
    pub method: String,
    pub path: String,
    pub query: BTreeMap<String, Vec<String>>,
    pub body: Option<Value>,
    /// The parts of a multipart/form-data request.
    pub multipart: Option<Vec<FormPart>>,
}

impl std::fmt::Display for Unmatched {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {} query={:?} body={}",
            self.method,
            self.path,
            self.query,
            self.body.as_ref().map_or("null".into(), Value::to_string)
        )?;
        if let Some(parts) = &self.multipart {
            write!(
                f,
                " multipart={}",
                serde_json::to_string(parts).unwrap_or_default()
            )?;
        }
        Ok(())
    }
}

#[derive(Debug, Default)]
struct State {
    interactions: Vec<Interaction>,
    used: Vec<u32>,
    unmatched: Vec<Unmatched>,
    /// The demo org serves an interaction any number of times.
    reusable: bool,
    base_url: String,
}

#[derive(Clone)]
struct Responder(Arc<Mutex<State>>);

fn query_of(req: &Request) -> BTreeMap<String, Vec<String>> {
    let mut q: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (k, v) in req.url.query_pairs() {
        q.entry(k.into_owned()).or_default().push(v.into_owned());
    }
    q
}

/// The parts of a multipart/form-data request; `None` for any other.
pub fn multipart_of(req: &Request) -> Option<Result<Vec<FormPart>, String>> {
    let content_type = req.headers.get("content-type")?.to_str().ok()?;
    crate::multipart::boundary(content_type)?;
    Some(crate::multipart::parse(content_type, &req.body))
}

fn body_of(req: &Request) -> Result<Option<Value>, String> {
    if req.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    serde_json::from_slice(&req.body)
        .map(Some)
        .map_err(|e| format!("request body is not JSON: {e}"))
}

fn matches(
    expected: &RecordedRequest,
    method: &str,
    path: &str,
    query: &BTreeMap<String, Vec<String>>,
    body: &Option<Value>,
    multipart: &Option<Vec<FormPart>>,
) -> bool {
    let expected_query: BTreeMap<String, Vec<String>> = expected
        .query
        .iter()
        .map(|(k, v)| (k.clone(), v.values()))
        .collect();
    let expected_body = expected.body.as_ref().filter(|b| !b.is_null());
    expected.method.eq_ignore_ascii_case(method)
        && expected.path == path
        && &expected_query == query
        && expected_body == body.as_ref()
        && &expected.multipart == multipart
}

/// Okta's own shape for "no such resource", used for anything no cassette covers.
pub fn not_found(what: &str) -> ResponseTemplate {
    ResponseTemplate::new(404).set_body_json(json!({
        "errorCode": "E0000007",
        "errorSummary": format!("Not found: Resource not found: {what}"),
        "errorLink": "E0000007",
        "errorId": "oaemockNOTFOUND00000000",
        "errorCauses": []
    }))
}

pub fn response_for(i: &Interaction, base_url: &str) -> ResponseTemplate {
    let r = &i.response;
    let mut t = ResponseTemplate::new(r.status);
    let mut content_type = None;
    for (k, v) in &r.headers {
        if k.eq_ignore_ascii_case("content-type") {
            content_type = Some(v.as_str());
        } else {
            t = t.append_header(k.as_str(), v.replace("{{baseUrl}}", base_url).as_str());
        }
    }
    if let Some(body) = &r.body {
        let bytes = serde_json::to_vec(body).unwrap_or_default();
        t = t.set_body_raw(bytes, content_type.unwrap_or("application/json"));
    } else if let Some(text) = &r.body_text {
        t = t.set_body_raw(
            text.clone().into_bytes(),
            content_type.unwrap_or("text/plain"),
        );
    }
    t
}

impl Respond for Responder {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let mut state = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let method = req.method.as_str().to_owned();
        let path = req.url.path().to_owned();
        let query = query_of(req);
        let (body, multipart) = match multipart_of(req) {
            Some(Ok(parts)) => (None, Some(parts)),
            Some(Err(e)) => (Some(Value::String(e)), None),
            None => match body_of(req) {
                Ok(b) => (b, None),
                Err(e) => (Some(Value::String(e)), None),
            },
        };
        let reusable = state.reusable;
        let found = state.interactions.iter().enumerate().position(|(i, it)| {
            (reusable || state.used[i] == 0)
                && matches(&it.request, &method, &path, &query, &body, &multipart)
        });
        match found {
            Some(i) => {
                state.used[i] += 1;
                response_for(&state.interactions[i], &state.base_url)
            }
            None => {
                let u = Unmatched {
                    method,
                    path,
                    query,
                    body,
                    multipart,
                };
                let text = u.to_string();
                state.unmatched.push(u);
                if reusable {
                    not_found(&text)
                } else {
                    // 418 rather than 5xx, so the client does not retry and muddy the record.
                    ResponseTemplate::new(418).set_body_json(json!({
                        "errorCode": "MOCK_UNMATCHED",
                        "errorSummary": format!("mock-okta: no cassette interaction matches {text}"),
                        "errorCauses": []
                    }))
                }
            }
        }
    }
}

/// A fake org serving a set of interactions.
pub struct MockOrg {
    server: MockServer,
    state: Arc<Mutex<State>>,
}

impl MockOrg {
    /// Strict replay: every interaction must be used exactly once.
    pub async fn strict(interactions: Vec<Interaction>) -> Self {
        Self::start(interactions, false, MockServer::start().await).await
    }

    /// Free replay for the demo org: any interaction, any number of times; the rest is an Okta 404.
    pub async fn reusable(
        interactions: Vec<Interaction>,
        listener: Option<std::net::TcpListener>,
    ) -> Self {
        let server = match listener {
            Some(l) => MockServer::builder().listener(l).start().await,
            None => MockServer::start().await,
        };
        Self::start(interactions, true, server).await
    }

    async fn start(interactions: Vec<Interaction>, reusable: bool, server: MockServer) -> Self {
        let state = Arc::new(Mutex::new(State {
            used: vec![0; interactions.len()],
            interactions,
            unmatched: Vec::new(),
            reusable,
            base_url: server.uri(),
        }));
        Mock::given(any())
            .respond_with(Responder(state.clone()))
            .with_priority(u8::MAX)
            .mount(&server)
            .await;
        Self { server, state }
    }

    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// The underlying server, to mount more behaviour (token endpoint, faults) with a higher priority.
    pub fn server(&self) -> &MockServer {
        &self.server
    }

    /// How many requests reached the org in all.
    pub async fn request_count(&self) -> usize {
        self.server.received_requests().await.map_or(0, |r| r.len())
    }

    /// Ok when every interaction was used exactly once and nothing else was asked; else what differed.
    pub fn verify(&self) -> Result<(), String> {
        let state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let mut problems = Vec::new();
        for u in &state.unmatched {
            problems.push(format!("unexpected request: {u}"));
        }
        if !state.reusable {
            for (i, n) in state.used.iter().enumerate() {
                let r = &state.interactions[i].request;
                if *n != 1 {
                    problems.push(format!(
                        "interaction {i} ({} {} query={:?}) used {n} times, expected once",
                        r.method, r.path, r.query
                    ));
                }
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.join("\n"))
        }
    }
}
