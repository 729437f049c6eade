//! One scrubbing pass over a recording: first every string is read to collect what must be
//! replaced (so an id gets the same fake in a path, a body and a `Link`), then everything is
//! rewritten, longest real value first.

use std::collections::BTreeMap;

use mock_okta::Interaction;
use mock_okta::cassette::{QueryValue, RecordedRequest, RecordedResponse};
use serde_json::{Map, Value};

use super::context::ScrubContext;
use super::fields::{EMAIL, Field, field, fixed_geo};
use super::ids::{is_id_key, is_placeholder, loose_id, strict_id, tokens};
use super::secrets::{JWK_PRIVATE, api_token_like, redact};
use super::{BASE_URL, RATE_LIMIT, REDACTED, RUN_PREFIX, Scrubber};

/// The reset time written for a recording: 2026-11-24T00:00:00Z.
const FIXED_RESET: &str = "1795478400";

pub(super) struct Pass<'a> {
    pub(super) s: &'a Scrubber,
    ctx: &'a ScrubContext,
    aliases: Vec<(String, String)>,
    map: BTreeMap<String, String>,
    sorted: Vec<(String, String)>,
}

impl<'a> Pass<'a> {
    pub(super) fn new(s: &'a Scrubber, ctx: &'a ScrubContext) -> Self {
        let mut aliases: Vec<(String, String)> = ctx
            .aliases
            .iter()
            .filter(|(real, ph)| !real.is_empty() && real != ph)
            .cloned()
            .collect();
        aliases.sort_by_key(|a| std::cmp::Reverse(a.0.len()));
        Self {
            s,
            ctx,
            aliases,
            map: BTreeMap::new(),
            sorted: Vec::new(),
        }
    }

    pub(super) fn kept(&self, t: &str) -> bool {
        self.ctx.keep.contains(t) || is_placeholder(t) || self.aliases.iter().any(|(_, ph)| ph == t)
    }

    /// What every string goes through first: secrets out, aliases, run prefix and org host in.
    fn pre(&self, s: &str, link: bool) -> String {
        let mut t = redact(s, self.ctx);
        for (real, ph) in &self.aliases {
            if t.contains(real.as_str()) {
                t = t.replace(real.as_str(), ph);
            }
        }
        if let Some(p) = self.ctx.run_prefix.as_deref().filter(|p| !p.is_empty()) {
            t = t.replace(p, RUN_PREFIX);
        }
        self.ctx.without_org(t, link)
    }

    /// Maps `real` to a fake keeping `prefix` characters. A secret (prefix 0) wins over an id
    /// registered earlier, so no character of a secret is kept.
    fn register(&mut self, real: &str, prefix: usize) {
        if self.kept(real) {
            return;
        }
        let fake = self.s.fake_token(real, prefix);
        match self.map.get(real) {
            Some(_) if prefix > 0 => {}
            _ => {
                self.map.insert(real.to_owned(), fake);
            }
        }
    }

    fn collect_str(&mut self, s: &str, key: Option<&str>, parent: Option<&str>, urlish: bool) {
        let t = self.pre(s, false);
        for m in EMAIL.find_iter(&t) {
            let e = m.as_str();
            let domain = e.rsplit('@').next().unwrap_or("").to_ascii_lowercase();
            let example = ["example.com", "example.org", "example.net"]
                .iter()
                .any(|d| domain == *d || domain.ends_with(&format!(".{d}")));
            if !example && !self.kept(e) && !self.map.contains_key(e) {
                let fake = self.s.fake_email(e);
                self.map.insert(e.to_owned(), fake);
            }
        }
        if key.is_some_and(is_id_key) && loose_id(&t, 10) {
            self.register(&t, 3);
        }
        if field(key, parent) == Field::Secret
            && t.len() >= 12
            && !t.starts_with("[REDACTED")
            && !t.contains(RUN_PREFIX)
        {
            self.register(&t, 0);
        }
        let loose = urlish || t.starts_with('/') || t.starts_with(BASE_URL) || t.contains("://");
        for (a, b) in tokens(&t) {
            let tok = &t[a..b];
            if api_token_like(tok) {
                self.register(tok, 2);
            } else if (loose && loose_id(tok, 15)) || strict_id(tok) {
                self.register(tok, 3);
            }
        }
    }

    pub(super) fn collect_json(&mut self, v: &Value, key: Option<&str>, parent: Option<&str>) {
        match v {
            Value::String(s) => self.collect_str(s, key, parent, false),
            Value::Array(a) => a.iter().for_each(|x| self.collect_json(x, key, parent)),
            Value::Object(o) => {
                for (k, x) in o {
                    self.collect_str(k, None, None, false);
                    self.collect_json(x, Some(k), key);
                }
            }
            _ => {}
        }
    }

    pub(super) fn collect_interaction(&mut self, i: &Interaction) {
        self.collect_str(&i.request.path, None, None, true);
        for v in i.request.query.values() {
            for s in v.values() {
                self.collect_str(&s, None, None, true);
            }
        }
        if let Some(b) = &i.request.body {
            self.collect_json(b, None, None);
        }
        for (k, v) in &i.response.headers {
            if k.eq_ignore_ascii_case("link") {
                self.collect_str(v, None, None, true);
            }
        }
        if let Some(b) = &i.response.body {
            self.collect_json(b, None, None);
        }
        if let Some(t) = &i.response.body_text {
            self.collect_str(t, None, None, false);
        }
    }

    pub(super) fn finish(&mut self) {
        let mut sorted: Vec<(String, String)> = self
            .map
            .iter()
            .map(|(a, b)| (a.clone(), b.clone()))
            .collect();
        sorted.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        self.sorted = sorted;
    }

    fn rewrite_str(&self, s: &str, key: Option<&str>, parent: Option<&str>, link: bool) -> String {
        let mut t = self.pre(s, link);
        for (real, fake) in &self.sorted {
            if t.contains(real.as_str()) {
                t = t.replace(real.as_str(), fake);
            }
        }
        self.by_field(t, field(key, parent))
    }

    pub(super) fn rewrite_json(&self, v: &Value, key: Option<&str>, parent: Option<&str>) -> Value {
        match v {
            Value::String(s) => Value::String(self.rewrite_str(s, key, parent, false)),
            Value::Array(a) => Value::Array(
                a.iter()
                    .map(|x| self.rewrite_json(x, key, parent))
                    .collect(),
            ),
            Value::Object(o) => {
                if key == Some("geographicalContext") && !self.geo_kept(v) {
                    return fixed_geo();
                }
                let jwk = o.contains_key("kty");
                // System Log actors and targets say what they are; only a User's name is a person's.
                let thing = o
                    .get("type")
                    .and_then(Value::as_str)
                    .is_some_and(|t| !t.eq_ignore_ascii_case("User"));
                let mut out = Map::new();
                for (k, x) in o {
                    let nk = self.rewrite_str(k, None, None, false);
                    let nv = if thing && k == "displayName" {
                        self.rewrite_json(x, None, key)
                    } else if jwk && JWK_PRIVATE.contains(&k.as_str()) && !x.is_null() {
                        match x {
                            Value::String(s) if self.kept(s) => x.clone(),
                            _ => Value::String(REDACTED.to_owned()),
                        }
                    } else {
                        self.rewrite_json(x, Some(k), key)
                    };
                    out.insert(nk, nv);
                }
                Value::Object(out)
            }
            _ => v.clone(),
        }
    }

    /// A rate-limit header's value: the limit as Okta sent it; the counter and the reset time,
    /// noise that would also date the recording, as fixed values unless they are placeholders.
    fn rate_limit(&self, name: &str, value: &str, limit: Option<u64>) -> String {
        if name == RATE_LIMIT[0] || self.ctx.keep.contains(value) {
            return value.to_owned();
        }
        if name == RATE_LIMIT[1] {
            limit.map_or(0, |l| l.saturating_sub(1)).to_string()
        } else {
            FIXED_RESET.to_owned()
        }
    }

    pub(super) fn rewrite_interaction(&self, i: &Interaction) -> Interaction {
        let r = &i.request;
        let query = r
            .query
            .iter()
            .map(|(k, v)| {
                let v = match v {
                    QueryValue::One(s) => QueryValue::One(self.rewrite_str(s, None, None, false)),
                    QueryValue::Many(m) => QueryValue::Many(
                        m.iter()
                            .map(|s| self.rewrite_str(s, None, None, false))
                            .collect(),
                    ),
                };
                (self.rewrite_str(k, None, None, false), v)
            })
            .collect();
        let request = RecordedRequest {
            method: r.method.to_ascii_uppercase(),
            path: self.rewrite_str(&r.path, None, None, false),
            query,
            body: r.body.as_ref().map(|b| self.rewrite_json(b, None, None)),
            multipart: r.multipart.clone(),
        };
        let p = &i.response;
        let limit = p
            .headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(RATE_LIMIT[0]))
            .and_then(|(_, v)| v.parse::<u64>().ok());
        let mut headers = BTreeMap::new();
        for (k, v) in &p.headers {
            if k.eq_ignore_ascii_case("link") {
                headers.insert("Link".to_owned(), self.rewrite_str(v, None, None, true));
            } else if k.eq_ignore_ascii_case("content-type") {
                headers.insert("Content-Type".to_owned(), v.clone());
            } else if let Some(name) = RATE_LIMIT.iter().find(|n| k.eq_ignore_ascii_case(n)) {
                headers.insert((*name).to_owned(), self.rate_limit(name, v, limit));
            }
        }
        let response = RecordedResponse {
            status: p.status,
            headers,
            body: p.body.as_ref().map(|b| self.rewrite_json(b, None, None)),
            body_text: p
                .body_text
                .as_ref()
                .map(|t| self.rewrite_str(t, None, None, false)),
        };
        Interaction { request, response }
    }
}
