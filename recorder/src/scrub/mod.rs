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
//! - Only `Link`, `Content-Type` and Okta's `X-Rate-Limit-*` response headers are kept (dates and
//!   request ids are noise or fingerprints); the rate-limit counter and reset time become fixed
//!   values, the limit stays.
//!
//! Idempotence: values that are placeholders already map to themselves: fakes carry an unkeyed
//! check code that marks them, `@example.com` addresses and the fixed lists are placeholders by
//! definition, and [`Keep`] holds every value of the committed fixtures (and of the case's
//! arguments), so re-recording a fixture from the mock org reproduces it exactly.
//!
//! The rooms: `secrets` removes what must never be written, `ids` recognises ids and the
//! scrubber's own fakes, `fields` replaces what a field's name says is personal or secret,
//! `context` holds what one recording's scrubbing knows (the kept values, the org's origins and
//! hosts), and `pass` walks a recording twice: once to collect what to replace, once to rewrite.

mod context;
mod fields;
mod ids;
mod pass;
mod secrets;
#[cfg(test)]
mod tests;

use mock_okta::Interaction;
use regex::Regex;
use serde_json::Value;

pub use self::context::{Keep, ScrubContext};
use self::ids::check_len;
pub use self::ids::is_placeholder;
use self::pass::Pass;
use crate::key::{ALNUM, HEX, check_code, keyed_chars, keyed_index};

pub const EXAMPLE_HOST: &str = "example.okta.com";
pub const EXAMPLE_ADMIN_HOST: &str = "example-admin.okta.com";
pub const EXAMPLE_ORIGIN: &str = "https://example.okta.com";
pub const BASE_URL: &str = "{{baseUrl}}";
pub const RUN_PREFIX: &str = "{{runPrefix}}";
/// Okta's rate-limit headers, which every response carries: limit, remaining, reset. Recorded
/// (the limit as sent, the others as fixed values), unlike the response's other headers.
pub const RATE_LIMIT: [&str; 3] = [
    "X-Rate-Limit-Limit",
    "X-Rate-Limit-Remaining",
    "X-Rate-Limit-Reset",
];
pub const REDACTED: &str = "[REDACTED]";

#[allow(clippy::expect_used)]
fn re(s: &str) -> Regex {
    Regex::new(s).expect("a constant regex")
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
