//! Secrets, whatever field they are in: private keys (PEM, and the private members of a JWK),
//! JWTs, `SSWS`/`Bearer`/`DPoP` credentials, API-token-shaped strings, and the run's own
//! credentials. Values named as secrets are the business of [`super::fields`].

use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::context::ScrubContext;
use super::ids::has_digit;
use super::{REDACTED, re};

pub(super) static PEM: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?s)-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----.*?-----END [A-Z0-9 ]*PRIVATE KEY-----")
});
/// A private key cut short (no END line): everything after BEGIN goes.
pub(super) static PEM_OPEN: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?s)-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----.*"));
pub(super) static JWT: LazyLock<Regex> =
    LazyLock::new(|| re(r"eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*"));
pub(super) static SCHEME: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(SSWS|Bearer|DPoP)(\s+)([A-Za-z0-9._~+/=-]{8,})"));

/// The members of a JWK that are its private key.
pub(super) const JWK_PRIVATE: &[&str] = &["d", "p", "q", "dp", "dq", "qi", "k", "oth"];

/// Okta API tokens (SSWS) are `00` and 40 more characters.
pub(super) fn api_token_like(t: &str) -> bool {
    t.len() >= 40 && t.starts_with("00")
}

/// `t` with the run's credentials, private keys, JWTs and credentials after an auth scheme
/// redacted, unless the committed fixtures hold them (their placeholders).
pub(super) fn redact(t: &str, ctx: &ScrubContext) -> String {
    let mut t = t.to_owned();
    for secret in &ctx.secrets {
        if secret.len() >= 6 && t.contains(secret.as_str()) {
            t = t.replace(secret.as_str(), REDACTED);
        }
    }
    let keep = &ctx.keep;
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
    SCHEME
        .replace_all(&t, |c: &Captures| {
            let cred = &c[3];
            if keep.contains(&c[0]) || !(has_digit(cred) || cred.len() >= 20) {
                c[0].to_owned()
            } else {
                format!("{}{}{REDACTED}", &c[1], &c[2])
            }
        })
        .into_owned()
}
