//! Scrubbing a recording before it is written: no secret, no personal data and no trace of the org
//! survives, and the result is deterministic and idempotent.
//!
//! - Secrets are removed whatever field they are in: private keys (PEM, and the private members of
//!   a JWK), JWTs (access tokens, client assertions, DPoP proofs), `SSWS`/`Bearer`/`DPoP`
//!   credentials, API-token-shaped strings, the credentials the run was given, and the values of
//!   secret-named fields (`client_secret`, `sharedSecret`, `activationToken`, `password`…).
//! - Ids become fake ids with the same first 3 characters (Okta's type prefix) and length, derived
//!   from a keyed hash of the real id; every occurrence (paths, `_links`, `Link` headers, query
//!   strings, free text) gets the same fake. Emails become `user-…@example.com`, names come from a
//!   fixed list, phones become `+1-555-01..`, IPs fall in the documentation ranges.
//! - The org's origin becomes `https://example.okta.com` in bodies and `{{baseUrl}}` in `Link`.
//! - Only `Link` and `Content-Type` response headers are kept (dates, request ids, rate-limit
//!   counters are noise or fingerprints).
//!
//! Idempotence: values that are placeholders already map to themselves: fakes carry an unkeyed
//! check code that marks them, `@example.com` addresses and the fixed lists are placeholders by
//! definition, and [`Keep`] holds every value of the committed fixtures (and of the case's
//! arguments), so re-recording a fixture from the mock org reproduces it exactly.

use std::collections::{BTreeMap, HashSet};
use std::net::IpAddr;
use std::sync::{Arc, LazyLock};

use mock_okta::Interaction;
use mock_okta::cassette::{Cassette, QueryValue, RecordedRequest, RecordedResponse};
use regex::{Captures, Regex};
use serde_json::{Map, Value, json};
use url::Url;

use crate::key::{ALNUM, HEX, check_code, keyed_chars, keyed_index};

pub const EXAMPLE_HOST: &str = "example.okta.com";
pub const EXAMPLE_ADMIN_HOST: &str = "example-admin.okta.com";
pub const EXAMPLE_ORIGIN: &str = "https://example.okta.com";
pub const BASE_URL: &str = "{{baseUrl}}";
pub const RUN_PREFIX: &str = "{{runPrefix}}";
pub const REDACTED: &str = "[REDACTED]";

#[allow(clippy::expect_used)]
fn re(s: &str) -> Regex {
    Regex::new(s).expect("a constant regex")
}

static PEM: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?s)-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----.*?-----END [A-Z0-9 ]*PRIVATE KEY-----")
});
/// A private key cut short (no END line): everything after BEGIN goes.
static PEM_OPEN: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?s)-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----.*"));
static JWT: LazyLock<Regex> =
    LazyLock::new(|| re(r"eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*"));
static SCHEME: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(SSWS|Bearer|DPoP)(\s+)([A-Za-z0-9._~+/=-]{8,})"));
static EMAIL: LazyLock<Regex> =
    LazyLock::new(|| re(r"[A-Za-z0-9._%+{}-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"));
static PREVIEW_HOST: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b([a-z0-9][a-z0-9-]*)\.oktapreview\.com\b"));

const FIRST_NAMES: &[&str] = &[
    "Alex", "Avery", "Blair", "Casey", "Devon", "Emery", "Finley", "Harper", "Jamie", "Kendall",
    "Logan", "Morgan", "Parker", "Quinn", "Reese", "Riley", "Rowan", "Sage", "Skyler", "Taylor",
];
const LAST_NAMES: &[&str] = &[
    "Archer", "Bennett", "Carver", "Dalton", "Ellis", "Fischer", "Garcia", "Hughes", "Ibarra",
    "Jensen", "Keller", "Lambert", "Moreno", "Novak", "Ortiz", "Porter", "Quincy", "Ramos",
    "Sutton", "Turner",
];
const STREET: &str = "100 Example Street";
const ISP: &str = "Example ISP";

/// Where the events of the System Log say a client was: replaced whole, it is where a person is.
fn fixed_geo() -> Value {
    json!({
        "city": "San Francisco",
        "state": "California",
        "country": "United States",
        "postalCode": "94107",
        "geolocation": { "lat": 37.7697, "lon": -122.3933 }
    })
}

/// Values that are placeholders already and map to themselves: every value of the committed
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
}

/// Runs of `[A-Za-z0-9_-]`, with `%XX` escapes as separators, as byte ranges.
fn tokens(s: &str) -> Vec<(usize, usize)> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let tok = c.is_ascii_alphanumeric() || c == b'_' || c == b'-';
        let escape = c == b'%'
            && b.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
            && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit);
        if tok {
            start.get_or_insert(i);
            i += 1;
            continue;
        }
        if let Some(s0) = start.take() {
            out.push((s0, i));
        }
        i += if escape { 3 } else { 1 };
    }
    if let Some(s0) = start {
        out.push((s0, b.len()));
    }
    out
}

fn has_digit(t: &str) -> bool {
    t.bytes().any(|c| c.is_ascii_digit())
}

fn has_alpha(t: &str) -> bool {
    t.bytes().any(|c| c.is_ascii_alphabetic())
}

fn date_like(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() >= 5 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-'
}

/// An id where ids are expected: a URL, a path, a query, an `…Id` field.
fn loose_id(t: &str, min: usize) -> bool {
    (min..=64).contains(&t.len())
        && t.bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
        && has_digit(t)
        && has_alpha(t)
        && !date_like(t)
        && !t.starts_with('-')
}

/// An id in free text: Okta's usual 20 alphanumerics.
fn strict_id(t: &str) -> bool {
    t.len() == 20 && t.bytes().all(|c| c.is_ascii_alphanumeric()) && has_digit(t) && has_alpha(t)
}

/// Okta API tokens (SSWS) are `00` and 40 more characters.
fn api_token_like(t: &str) -> bool {
    t.len() >= 40 && t.starts_with("00")
}

fn check_len(n: usize) -> usize {
    if n >= 16 {
        4
    } else if n >= 8 {
        2
    } else {
        0
    }
}

/// True for a value this scrubber made (its check code matches), with any key.
pub fn is_placeholder(t: &str) -> bool {
    let n = t.len();
    let c = check_len(n);
    c > 0
        && t.is_ascii()
        && t.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        && check_code(&t[..n - c], c) == t[n - c..]
}

fn is_id_key(k: &str) -> bool {
    k == "id"
        || k.ends_with("_id")
        || k.ends_with("Ids")
        || (k.ends_with("Id") && k != "alternateId" && k != "credentialId")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Secret,
    First,
    Last,
    Full,
    Login,
    Phone,
    Ip,
    Street,
    Isp,
    Plain,
}

fn field(key: Option<&str>, parent: Option<&str>) -> Field {
    let Some(key) = key else {
        return Field::Plain;
    };
    let k = key.to_ascii_lowercase();
    let parent = parent.map(str::to_ascii_lowercase);
    match k.as_str() {
        "access_token" | "id_token" | "refresh_token" | "client_assertion" | "client_secret"
        | "clientsecret" | "assertion" | "sharedsecret" | "secret" | "private_key"
        | "privatekey" | "apitoken" | "api_token" | "token" | "activationtoken"
        | "sessiontoken" | "recoverytoken" | "statetoken" | "password" | "answer" => Field::Secret,
        "value" if matches!(parent.as_deref(), Some("password" | "authscheme")) => Field::Secret,
        "firstname" | "givenname" | "middlename" | "nickname" => Field::First,
        "lastname" | "familyname" => Field::Last,
        "displayname" | "fullname" => Field::Full,
        "login" | "username" | "email" | "secondemail" | "primaryemail" | "workemail" => {
            Field::Login
        }
        "ipaddress" | "ip" | "clientip" => Field::Ip,
        "streetaddress" | "postaladdress" => Field::Street,
        "isp" | "asorg" => Field::Isp,
        _ if k.contains("phone") => Field::Phone,
        _ => Field::Plain,
    }
}

const JWK_PRIVATE: &[&str] = &["d", "p", "q", "dp", "dq", "qi", "k", "oth"];

fn doc_ip(t: &str) -> bool {
    [
        "203.0.113.",
        "198.51.100.",
        "192.0.2.",
        "2001:db8:",
        "2001:0db8:",
    ]
    .iter()
    .any(|p| t.starts_with(p))
}

/// Scrubs recordings with one key.
#[derive(Clone)]
pub struct Scrubber {
    key: Vec<u8>,
}

impl std::fmt::Debug for Scrubber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Scrubber { key: <hidden> }")
    }
}

impl Scrubber {
    pub fn new(key: &[u8]) -> Self {
        Self { key: key.to_vec() }
    }

    /// The scrubbed copy of a recording.
    pub fn interactions(&self, ctx: &ScrubContext, ints: &[Interaction]) -> Vec<Interaction> {
        let mut p = Pass::new(self, ctx);
        for i in ints {
            p.collect_interaction(i);
        }
        p.finish();
        ints.iter().map(|i| p.rewrite_interaction(i)).collect()
    }

    /// The scrubbed copy of one JSON value (a body), on its own.
    pub fn value(&self, ctx: &ScrubContext, v: &Value) -> Value {
        let mut p = Pass::new(self, ctx);
        p.collect_json(v, None, None);
        p.finish();
        p.rewrite_json(v, None, None)
    }

    /// A fake with the real value's first `prefix` characters and length, and a check code.
    pub fn fake_token(&self, real: &str, prefix: usize) -> String {
        let n = real.len();
        let prefix = if real.is_char_boundary(prefix.min(n)) {
            &real[..prefix.min(n)]
        } else {
            ""
        };
        let c = check_len(n);
        let body = keyed_chars(&self.key, "token", real, n - prefix.len() - c, ALNUM);
        let head = format!("{prefix}{body}");
        let code = check_code(&head, c);
        format!("{head}{code}")
    }

    fn fake_email(&self, real: &str) -> String {
        format!(
            "user-{}@example.com",
            keyed_chars(&self.key, "email", &real.to_lowercase(), 8, HEX)
        )
    }

    fn pick(&self, domain: &str, real: &str, list: &[&str]) -> String {
        list[keyed_index(&self.key, domain, real, list.len())].to_owned()
    }
}

struct Pass<'a> {
    s: &'a Scrubber,
    ctx: &'a ScrubContext,
    aliases: Vec<(String, String)>,
    map: BTreeMap<String, String>,
    sorted: Vec<(String, String)>,
}

impl<'a> Pass<'a> {
    fn new(s: &'a Scrubber, ctx: &'a ScrubContext) -> Self {
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

    fn kept(&self, t: &str) -> bool {
        self.ctx.keep.contains(t) || is_placeholder(t) || self.aliases.iter().any(|(_, ph)| ph == t)
    }

    /// What every string goes through first: secrets out, aliases, run prefix and org host in.
    fn pre(&self, s: &str, link: bool) -> String {
        let mut t = s.to_owned();
        for secret in &self.ctx.secrets {
            if secret.len() >= 6 && t.contains(secret.as_str()) {
                t = t.replace(secret.as_str(), REDACTED);
            }
        }
        let keep = &self.ctx.keep;
        let guard = |m: &str, with: &str| {
            if keep.contains(m) {
                m.to_owned()
            } else {
                with.to_owned()
            }
        };
        t = PEM
            .replace_all(&t, |c: &Captures| guard(&c[0], "[REDACTED PRIVATE KEY]"))
            .into_owned();
        t = PEM_OPEN
            .replace_all(&t, |c: &Captures| guard(&c[0], "[REDACTED PRIVATE KEY]"))
            .into_owned();
        t = JWT
            .replace_all(&t, |c: &Captures| guard(&c[0], "[REDACTED JWT]"))
            .into_owned();
        t = SCHEME
            .replace_all(&t, |c: &Captures| {
                let cred = &c[3];
                if keep.contains(&c[0]) || !(has_digit(cred) || cred.len() >= 20) {
                    c[0].to_owned()
                } else {
                    format!("{}{}{REDACTED}", &c[1], &c[2])
                }
            })
            .into_owned();
        for (real, ph) in &self.aliases {
            if t.contains(real.as_str()) {
                t = t.replace(real.as_str(), ph);
            }
        }
        if let Some(p) = self.ctx.run_prefix.as_deref().filter(|p| !p.is_empty()) {
            t = t.replace(p, RUN_PREFIX);
        }
        for o in &self.ctx.origins {
            t = t.replace(o.as_str(), if link { BASE_URL } else { EXAMPLE_ORIGIN });
        }
        for (h, ph) in &self.ctx.hosts {
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

    fn collect_json(&mut self, v: &Value, key: Option<&str>, parent: Option<&str>) {
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

    fn collect_interaction(&mut self, i: &Interaction) {
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

    fn finish(&mut self) {
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
        let kept = |t: &str| self.kept(t) || t.is_empty() || t.contains(RUN_PREFIX);
        match field(key, parent) {
            Field::Plain => t,
            Field::Secret => {
                if kept(&t) || t.starts_with("[REDACTED") {
                    t
                } else if t.len() >= 12 {
                    self.s.fake_token(&t, 0)
                } else {
                    REDACTED.to_owned()
                }
            }
            Field::First => {
                if kept(&t) || FIRST_NAMES.contains(&t.as_str()) {
                    t
                } else {
                    self.s.pick("first", &t, FIRST_NAMES)
                }
            }
            Field::Last => {
                if kept(&t) || LAST_NAMES.contains(&t.as_str()) {
                    t
                } else {
                    self.s.pick("last", &t, LAST_NAMES)
                }
            }
            Field::Full => {
                let fake_already = match t.split_once(' ') {
                    Some((a, b)) => FIRST_NAMES.contains(&a) && LAST_NAMES.contains(&b),
                    None => FIRST_NAMES.contains(&t.as_str()),
                };
                if kept(&t) || fake_already {
                    t
                } else {
                    // Word by word, so "Jane Doe" matches the fakes of firstName "Jane" and lastName "Doe".
                    match t.split_once(' ') {
                        Some((a, b)) => format!(
                            "{} {}",
                            self.s.pick("first", a, FIRST_NAMES),
                            self.s.pick("last", b, LAST_NAMES)
                        ),
                        None => self.s.pick("first", &t, FIRST_NAMES),
                    }
                }
            }
            Field::Login => {
                let email = EMAIL.find(&t).is_some_and(|m| m.as_str() == t);
                if kept(&t) || email {
                    t
                } else {
                    format!(
                        "user-{}",
                        keyed_chars(&self.s.key, "login", &t.to_lowercase(), 8, HEX)
                    )
                }
            }
            Field::Phone => {
                if kept(&t) || t.starts_with("+1-555-") {
                    t
                } else {
                    format!("+1-555-01{:02}", keyed_index(&self.s.key, "phone", &t, 100))
                }
            }
            Field::Ip => match t.parse::<IpAddr>() {
                Ok(_) if !kept(&t) && !doc_ip(&t) => {
                    let n = keyed_index(&self.s.key, "ip", &t, 254) + 1;
                    if t.contains(':') {
                        format!("2001:db8::{n:x}")
                    } else {
                        format!("203.0.113.{n}")
                    }
                }
                _ => t,
            },
            Field::Street => {
                if kept(&t) {
                    t
                } else {
                    STREET.to_owned()
                }
            }
            Field::Isp => {
                if kept(&t) || t == ISP {
                    t
                } else {
                    ISP.to_owned()
                }
            }
        }
    }

    fn geo_kept(&self, v: &Value) -> bool {
        let fixed = fixed_geo();
        match v {
            Value::String(s) => {
                self.kept(s)
                    || fixed
                        .as_object()
                        .is_some_and(|o| o.values().any(|x| x == v))
            }
            Value::Array(a) => a.iter().all(|x| self.geo_kept(x)),
            Value::Object(o) => o.values().all(|x| self.geo_kept(x)),
            _ => true,
        }
    }

    fn rewrite_json(&self, v: &Value, key: Option<&str>, parent: Option<&str>) -> Value {
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

    fn rewrite_interaction(&self, i: &Interaction) -> Interaction {
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
        };
        let p = &i.response;
        let mut headers = BTreeMap::new();
        for (k, v) in &p.headers {
            if k.eq_ignore_ascii_case("link") {
                headers.insert("Link".to_owned(), self.rewrite_str(v, None, None, true));
            } else if k.eq_ignore_ascii_case("content-type") {
                headers.insert("Content-Type".to_owned(), v.clone());
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

#[cfg(test)]
mod tests {
    use super::*;

    fn scrubber() -> Scrubber {
        Scrubber::new(b"unit-test-scrub-key-0123456789")
    }

    fn ctx() -> ScrubContext {
        ScrubContext::for_org(&Url::parse("https://acme.oktapreview.com").unwrap())
    }

    #[test]
    fn tokens_split_on_escapes_and_punctuation() {
        let s = "a/00uAbC%2200uXyZ%22?x=1-2_3";
        let t: Vec<&str> = tokens(s).into_iter().map(|(a, b)| &s[a..b]).collect();
        assert_eq!(t, ["a", "00uAbC", "00uXyZ", "x", "1-2_3"]);
    }

    #[test]
    fn fake_ids_keep_prefix_and_length_and_are_stable() {
        let s = scrubber();
        let real = "00u1ab2CD3ef4GH5ij6K";
        let fake = s.fake_token(real, 3);
        assert_eq!(fake.len(), real.len());
        assert!(fake.starts_with("00u"));
        assert_ne!(fake, real);
        assert_eq!(fake, s.fake_token(real, 3));
        assert!(is_placeholder(&fake));
        assert!(!is_placeholder(real));
        // Another key, another fake; both recognised as fakes.
        let other = Scrubber::new(b"another key, another fake").fake_token(real, 3);
        assert_ne!(other, fake);
        assert!(is_placeholder(&other));
    }

    #[test]
    fn ids_are_consistent_across_paths_links_and_bodies() {
        let s = scrubber();
        let real = "00u1ab2CD3ef4GH5ij6K";
        let i: Interaction = serde_json::from_value(json!({
            "request": {"method": "GET", "path": format!("/api/v1/users/{real}"), "query": {"after": real}, "body": null},
            "response": {"status": 200, "headers": {
                "Link": format!("<https://acme.oktapreview.com/api/v1/users?after={real}&limit=2>; rel=\"next\""),
                "Date": "Tue, 10 Jun 2025 14:05:22 GMT", "X-Rate-Limit-Reset": "1749564382"},
              "body": {"id": real, "errorSummary": format!("Not found: {real}"),
                "_links": {"self": {"href": format!("https://acme.oktapreview.com/api/v1/users/{real}")}}}}
        }))
        .unwrap();
        let out = s.interactions(&ctx(), &[i]);
        let text = serde_json::to_string(&out).unwrap();
        assert!(!text.contains(real), "{text}");
        assert!(!text.contains("acme"), "{text}");
        let fake = s.fake_token(real, 3);
        let o = &out[0];
        assert_eq!(o.request.path, format!("/api/v1/users/{fake}"));
        assert_eq!(o.request.query["after"], QueryValue::One(fake.clone()));
        assert_eq!(
            o.response.headers["Link"],
            format!("<{{{{baseUrl}}}}/api/v1/users?after={fake}&limit=2>; rel=\"next\"")
        );
        assert_eq!(o.response.headers.len(), 1, "dates and rate limits dropped");
        let body = o.response.body.as_ref().unwrap();
        assert_eq!(body["id"], json!(fake));
        assert_eq!(body["errorSummary"], json!(format!("Not found: {fake}")));
        assert_eq!(
            body["_links"]["self"]["href"],
            json!(format!("https://example.okta.com/api/v1/users/{fake}"))
        );
    }

    #[test]
    fn personal_data_becomes_placeholders_and_stays_put_on_a_second_pass() {
        let s = scrubber();
        let user = json!({
            "id": "00u1ab2CD3ef4GH5ij6K",
            "status": "ACTIVE",
            "created": "2025-06-10T14:05:22.000Z",
            "profile": {
                "firstName": "Jane", "lastName": "Realperson", "displayName": "Jane Realperson",
                "login": "jane.realperson@acme-corp.com", "email": "jane.realperson@acme-corp.com",
                "secondEmail": "jane@gmail.com", "mobilePhone": "+44 7700 900123",
                "primaryPhone": "(415) 555-2671", "streetAddress": "1 Real Road", "department": "Sales"
            },
            "client": {"ipAddress": "81.2.69.160", "geographicalContext": {"city": "Leeds", "postalCode": "LS1"}},
            "securityContext": {"asNumber": 5089, "asOrg": "virgin media", "isp": "Virgin Media"},
            "target": [{"type": "AppInstance", "displayName": "Okta Dashboard"}],
            "credentials": {"provider": {"type": "OKTA", "name": "OKTA"}}
        });
        let once = s.value(&ctx(), &user);
        let text = once.to_string();
        for leak in [
            "Jane",
            "Realperson",
            "acme-corp",
            "gmail",
            "7700",
            "2671",
            "Real Road",
            "81.2.69",
            "Leeds",
            "00u1ab2CD3ef4GH5ij6K",
            "irgin",
        ] {
            assert!(!text.contains(leak), "{leak} survived: {text}");
        }
        assert_eq!(once["status"], "ACTIVE");
        assert_eq!(once["profile"]["department"], "Sales");
        assert_eq!(once["created"], "2025-06-10T14:05:22.000Z");
        assert!(
            once["profile"]["email"]
                .as_str()
                .unwrap()
                .ends_with("@example.com")
        );
        assert_eq!(once["profile"]["email"], once["profile"]["login"]);
        assert!(FIRST_NAMES.contains(&once["profile"]["firstName"].as_str().unwrap()));
        assert_eq!(
            once["profile"]["displayName"].as_str().unwrap(),
            format!(
                "{} {}",
                once["profile"]["firstName"].as_str().unwrap(),
                once["profile"]["lastName"].as_str().unwrap()
            )
        );
        assert_eq!(once["target"][0]["displayName"], "Okta Dashboard");
        assert!(
            once["profile"]["mobilePhone"]
                .as_str()
                .unwrap()
                .starts_with("+1-555-01")
        );
        assert!(doc_ip(once["client"]["ipAddress"].as_str().unwrap()));
        // Deterministic, and a fixed point.
        assert_eq!(s.value(&ctx(), &user), once);
        assert_eq!(s.value(&ctx(), &once), once);
    }

    #[test]
    fn secrets_are_removed_wherever_they_are() {
        let s = scrubber();
        let jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIwMG91MSJ9.c2lnbmF0dXJlLXNlY3JldA";
        let pem = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----";
        let ssws = "00SECRETsswsTOKENabcdefghijklmnopqrstuvwx";
        let body = json!({
            "note": format!("Authorization: SSWS {ssws}; also Bearer abcdef0123456789SECRET and DPoP {jwt}"),
            "token": ssws,
            "access_token": "opaqueSECRETaccessTOKEN123",
            "client_secret": "clientSECRETvalue987654321",
            "assertion": jwt,
            "key": pem,
            "escaped": pem.replace('\n', "\\n"),
            "cut": "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAsecret",
            "jwk": {"kty": "RSA", "kid": "k1", "n": "public-modulus", "e": "AQAB", "d": "PRIVATEexponent", "p": "PRIMEp", "q": "PRIMEq"},
            "activationUrl": "https://acme.oktapreview.com/tokens/Lq3Gv9XkT2bWn8RfYp4Z/verify",
            "activationToken": "Lq3Gv9XkT2bWn8RfYp4Z",
            "credentials": {"password": {"value": "hunter2hunter2!"}},
            "channel": {"config": {"authScheme": {"type": "HEADER", "key": "Authorization", "value": "my-webhook-secret-value"}}}
        });
        let mut c = ctx();
        c.secrets.push("opaqueSECRETaccessTOKEN123".into());
        let once = s.value(&c, &body);
        let text = once.to_string();
        for leak in [
            "SECRET",
            "eyJ",
            "MIIE",
            "PRIVATEexponent",
            "PRIME",
            "Lq3Gv9XkT2bWn8RfYp4Z",
            "hunter2",
            "my-webhook-secret",
            "acme",
        ] {
            assert!(!text.contains(leak), "{leak} survived: {text}");
        }
        assert_eq!(once["jwk"]["n"], "public-modulus");
        assert_eq!(once["jwk"]["kid"], "k1");
        // The activation token in the URL and in its own field got the same fake.
        let token = once["activationToken"].as_str().unwrap();
        assert_eq!(token.len(), 20);
        assert!(once["activationUrl"].as_str().unwrap().contains(token));
        assert_eq!(s.value(&c, &once), once);
    }

    #[test]
    fn kept_values_aliases_and_the_run_prefix_map_as_told() {
        let s = scrubber();
        let mut keep = Keep::default();
        keep.add_str("00ub0oNGTSWTBKOLGLNR");
        keep.add_str("Isaac");
        let mut c = ctx();
        c.keep = Arc::new(keep);
        c.run_prefix = Some("okta-mcp-rec-abc123".into());
        c.aliases = vec![("00uREALcreated000001".into(), "00u1f96ECLNVOKVMUSEA".into())];
        let v = json!({
            "a": "00ub0oNGTSWTBKOLGLNR", "firstName": "Isaac",
            "b": "/api/v1/users/00uREALcreated000001",
            "login": "okta-mcp-rec-abc123-7@example.com"
        });
        let out = s.value(&c, &v);
        assert_eq!(out["a"], "00ub0oNGTSWTBKOLGLNR");
        assert_eq!(out["firstName"], "Isaac");
        assert_eq!(out["b"], "/api/v1/users/00u1f96ECLNVOKVMUSEA");
        assert_eq!(out["login"], "{{runPrefix}}-7@example.com");
    }
}
