//! Ids: where they are in a string, which strings are ids, and which are the scrubber's own fakes
//! (an unkeyed check code marks them, so a second pass leaves them alone).

use crate::key::check_code;

/// Runs of `[A-Za-z0-9_-]`, with `%XX` escapes as separators, as byte ranges.
pub(super) fn tokens(s: &str) -> Vec<(usize, usize)> {
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

pub(super) fn has_digit(t: &str) -> bool {
    t.bytes().any(|c| c.is_ascii_digit())
}

pub(super) fn has_alpha(t: &str) -> bool {
    t.bytes().any(|c| c.is_ascii_alphabetic())
}

pub(super) fn date_like(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() >= 5 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-'
}

/// An id where ids are expected: a URL, a path, a query, an `…Id` field.
pub(super) fn loose_id(t: &str, min: usize) -> bool {
    (min..=64).contains(&t.len())
        && t.bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
        && has_digit(t)
        && has_alpha(t)
        && !date_like(t)
        && !t.starts_with('-')
}

/// An id in free text: Okta's usual 20 alphanumerics.
pub(super) fn strict_id(t: &str) -> bool {
    t.len() == 20 && t.bytes().all(|c| c.is_ascii_alphanumeric()) && has_digit(t) && has_alpha(t)
}

pub(super) fn check_len(n: usize) -> usize {
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

pub(super) fn is_id_key(k: &str) -> bool {
    k == "id"
        || k.ends_with("_id")
        || k.ends_with("Ids")
        || (k.ends_with("Id") && k != "alternateId" && k != "credentialId")
}
