//! What the scrubbing of one recording knows: the values that are placeholders already ([`Keep`]),
//! and the org's identity (its origins, hosts and the run prefix) with what replaces it.

use std::collections::HashSet;
use std::net::IpAddr;
use std::sync::{Arc, LazyLock};

use mock_okta::cassette::Cassette;
use regex::{Captures, Regex};
use serde_json::Value;
use url::Url;

use super::fields::EMAIL;
use super::ids::tokens;
use super::secrets::{JWT, PEM, SCHEME};
use super::{BASE_URL, EXAMPLE_ADMIN_HOST, EXAMPLE_HOST, EXAMPLE_ORIGIN, re};

static PREVIEW_HOST: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b([a-z0-9][a-z0-9-]*)\.oktapreview\.com\b"));

/// fixtures and of the case's arguments, with the ids, emails and secret-looking pieces inside them.
#[derive(Debug, Default, Clone)]
pub struct Keep(HashSet<String>);

impl Keep {
    pub fn from_cassettes<'a>(cassettes: impl IntoIterator<Item = &'a Cassette>) -> Self {
        let mut k = Self::default();
        for c in cassettes {
            k.add_cassette(c);
        }
        k
    }

    pub fn add_cassette(&mut self, c: &Cassette) {
        self.add_value(&Value::Object(c.arguments.clone()));
        for i in &c.interactions {
            self.add_str(&i.request.path);
            for v in i.request.query.values() {
                for s in v.values() {
                    self.add_str(&s);
                }
            }
            if let Some(b) = &i.request.body {
                self.add_value(b);
            }
            for v in i.response.headers.values() {
                self.add_str(v);
            }
            if let Some(b) = &i.response.body {
                self.add_value(b);
            }
            if let Some(t) = &i.response.body_text {
                self.add_str(t);
            }
        }
    }

    pub fn add_value(&mut self, v: &Value) {
        match v {
            Value::String(s) => self.add_str(s),
            Value::Array(a) => a.iter().for_each(|x| self.add_value(x)),
            Value::Object(o) => {
                for (k, x) in o {
                    self.add_str(k);
                    self.add_value(x);
                }
            }
            _ => {}
        }
    }

    pub fn add_str(&mut self, s: &str) {
        self.0.insert(s.to_owned());
        for (a, b) in tokens(s) {
            self.0.insert(s[a..b].to_owned());
        }
        for r in [&*EMAIL, &*JWT, &*SCHEME, &*PEM] {
            for m in r.find_iter(s) {
                self.0.insert(m.as_str().to_owned());
            }
        }
    }

    pub fn contains(&self, s: &str) -> bool {
        self.0.contains(s)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// What the scrubber knows about one recording.
#[derive(Debug, Clone, Default)]
pub struct ScrubContext {
    /// The org's origins as they can appear: the upstream org, and the proxy the server talked to.
    pub origins: Vec<String>,
    /// Host names of the org and the placeholder each becomes.
    pub hosts: Vec<(String, String)>,
    /// The run prefix, which becomes `{{runPrefix}}`.
    pub run_prefix: Option<String>,
    pub keep: Arc<Keep>,
    /// Real values that must become a given placeholder (an object a scenario created stands in
    /// for the id the cassette's arguments name).
    pub aliases: Vec<(String, String)>,
    /// Strings known to be secret (the run's own credentials): removed wherever they appear.
    pub secrets: Vec<String>,
}

impl ScrubContext {
    /// The context for recordings of the org at `org`.
    pub fn for_org(org: &Url) -> Self {
        let mut c = Self::default();
        c.add_origin(org);
        if let Some(host) = org.host_str() {
            let with_port = match org.port() {
                Some(p) => format!("{host}:{p}"),
                None => host.to_owned(),
            };
            if with_port != host {
                c.hosts.push((with_port, EXAMPLE_HOST.to_owned()));
            }
            if host.contains('.') && host.parse::<IpAddr>().is_err() {
                c.hosts.push((host.to_owned(), EXAMPLE_HOST.to_owned()));
                if let Some((sub, rest)) = host.split_once('.') {
                    c.hosts
                        .push((format!("{sub}-admin.{rest}"), EXAMPLE_ADMIN_HOST.to_owned()));
                }
            }
        }
        c
    }

    /// Another origin that means the org (the recording proxy the server was pointed at).
    pub fn add_origin(&mut self, url: &Url) {
        let o = url.origin().ascii_serialization();
        if o != "null" && !self.origins.contains(&o) {
            self.origins.push(o);
        }
    }

    /// `t` with the org's origins (`{{baseUrl}}` in a `Link`) and hosts, and any preview org's
    /// host, replaced by the example org's.
    pub(super) fn without_org(&self, t: String, link: bool) -> String {
        let mut t = t;
        for o in &self.origins {
            t = t.replace(o.as_str(), if link { BASE_URL } else { EXAMPLE_ORIGIN });
        }
        for (h, ph) in &self.hosts {
            t = t.replace(h.as_str(), ph);
        }
        PREVIEW_HOST
            .replace_all(&t, |c: &Captures| {
                if c[1].to_ascii_lowercase().ends_with("-admin") {
                    EXAMPLE_ADMIN_HOST
                } else {
                    EXAMPLE_HOST
                }
            })
            .into_owned()
    }
}
