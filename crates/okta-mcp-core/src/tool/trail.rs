//! One call's trail: the requests it sent and what Okta answered to each, and in a dry run the
//! write it would have sent instead.
//!
//! Owns sending through the [`OktaClient`] on a call's behalf (so every step of a composite is
//! noted) and the dry run's stop before the first write. It must not decide outcomes or write the
//! audit log (the server does), nor hold a secret unscrubbed in what it renders.

use std::sync::Mutex;

use serde_json::{Map, Value, json};

use super::secret::{scrub, scrub_text};
use crate::client::{ApiRequest, ApiResponse, Exchange, OktaClient, is_write};
use crate::error::OktaError;

/// A request sent for the call, with what Okta answered.
#[derive(Debug, Clone)]
pub struct Sent {
    pub method: String,
    pub path: String,
    pub exchange: Exchange,
}

/// What a call did, shared by its steps; `Default` is a call outside any audit or dry run.
#[derive(Debug, Default)]
pub struct Trail {
    dry_run: bool,
    /// The secret values among the call's arguments, scrubbed from every rendering.
    secrets: Vec<String>,
    sent: Mutex<Vec<Sent>>,
    planned: Mutex<Vec<ApiRequest>>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A step that panicked holding the lock left a whole entry or none: the list stays usable.
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Trail {
    /// A trail for one call. `dry_run`: writes are planned, not sent.
    pub fn new(dry_run: bool, secrets: Vec<String>) -> Self {
        Self {
            dry_run,
            secrets,
            ..Self::default()
        }
    }

    pub fn dry_run(&self) -> bool {
        self.dry_run
    }

    /// Whether this request is one a dry run must not send.
    pub(crate) fn holds_back(&self, req: &ApiRequest) -> bool {
        self.dry_run && is_write(&req.method)
    }

    /// Notes a write a dry run did not send.
    pub(crate) fn plan(&self, req: &ApiRequest) {
        lock(&self.planned).push(req.clone());
    }

    /// Sends `req`, noting it and Okta's answer.
    pub(crate) async fn send(
        &self,
        client: &OktaClient,
        req: &ApiRequest,
    ) -> Result<ApiResponse, OktaError> {
        let mut exchange = Exchange::default();
        let out = client.send_noting(req, &mut exchange).await;
        lock(&self.sent).push(Sent {
            method: req.method.to_string(),
            path: scrub_text(&req.path, &self.secrets),
            exchange,
        });
        out
    }

    /// The requests sent so far, in order.
    pub fn sent(&self) -> Vec<Sent> {
        lock(&self.sent).clone()
    }

    /// `text` without the call's secrets.
    pub fn scrub_text(&self, text: &str) -> String {
        scrub_text(text, &self.secrets)
    }

    /// A dry run's result: the write(s) held back, exactly as they would have been sent (secrets
    /// redacted), the reads that ran to build them, and a plain statement that nothing changed.
    pub(crate) fn plan_result(&self, composite: bool) -> Value {
        let planned: Vec<Value> = lock(&self.planned).iter().map(|r| self.render(r)).collect();
        let reads: Vec<Value> = self
            .sent()
            .iter()
            .map(|s| json!({"method": s.method, "path": s.path, "status": s.exchange.status}))
            .collect();
        let mut out = Map::new();
        out.insert("dryRun".into(), Value::Bool(true));
        out.insert("changed".into(), Value::Bool(false));
        out.insert(
            "message".into(),
            Value::String(if composite {
                "Dry run: nothing was changed in Okta. The read steps ran; this is the write they lead to, which was not sent (later steps depend on its answer).".into()
            } else {
                "Dry run: nothing was changed in Okta. This is the request the tool would send; it was not sent.".into()
            }),
        );
        out.insert("wouldSend".into(), Value::Array(planned));
        if !reads.is_empty() {
            out.insert("readsDone".into(), Value::Array(reads));
        }
        Value::Object(out)
    }

    fn render(&self, r: &ApiRequest) -> Value {
        let mut out = Map::new();
        out.insert("method".into(), Value::String(r.method.to_string()));
        out.insert("path".into(), Value::String(r.path.clone()));
        if !r.query.is_empty() {
            let query: Map<String, Value> = r
                .query
                .iter()
                .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                .collect();
            out.insert("query".into(), Value::Object(query));
        }
        if let Some(body) = &r.body {
            out.insert("body".into(), body.clone());
        }
        let mut v = Value::Object(out);
        scrub(&mut v, &self.secrets);
        v
    }
}
