//! Secret arguments: what the declarations mark (`#[arg(body, secret)]`), taken out of everything
//! that is kept or shown (the audit trail, a dry run's plan, a confirmation prompt).
//!
//! Owns the two redactions: by place (an argument's marked members become [`REDACTED`]) and by
//! value (every string that holds a marked value, wherever a tool's code moved it: a built body,
//! a composite's step, an error text). It must not guess secrets from names.

use serde_json::{Map, Value};

use super::input::{Field, Secret};

/// What stands in for a secret.
pub const REDACTED: &str = "[redacted]";

/// Shorter values are only replaced where a whole string equals them, never inside a longer one:
/// a 3-character "secret" would otherwise blank out unrelated text.
const MIN_INNER: usize = 6;

/// The arguments with every marked secret replaced by [`REDACTED`].
pub fn redact_args(fields: &[Field], args: &Map<String, Value>) -> Map<String, Value> {
    let mut out = args.clone();
    for f in fields {
        let Some(v) = out.get_mut(f.arg) else {
            continue;
        };
        match f.secret {
            Secret::None => {}
            Secret::Whole => blank(v),
            Secret::At(paths) => {
                for p in paths {
                    at_path(v, &p.split('.').collect::<Vec<_>>(), &mut blank);
                }
            }
        }
    }
    out
}

/// Every string inside the marked secrets of `args`, longest first (so a secret containing
/// another is replaced whole).
pub fn secret_values(fields: &[Field], args: &Map<String, Value>) -> Vec<String> {
    let mut out = Vec::new();
    for f in fields {
        let Some(v) = args.get(f.arg) else {
            continue;
        };
        let mut collect = |v: &mut Value| strings(v, &mut out);
        let mut v = v.clone();
        match f.secret {
            Secret::None => {}
            Secret::Whole => collect(&mut v),
            Secret::At(paths) => {
                for p in paths {
                    at_path(&mut v, &p.split('.').collect::<Vec<_>>(), &mut collect);
                }
            }
        }
    }
    out.retain(|s| !s.is_empty());
    out.sort_by_key(|s| std::cmp::Reverse(s.len()));
    out.dedup();
    out
}

/// Replaces every occurrence of a secret in the strings of `v` (keys included).
pub fn scrub(v: &mut Value, secrets: &[String]) {
    if secrets.is_empty() {
        return;
    }
    match v {
        Value::String(s) => *s = scrub_text(s, secrets),
        Value::Array(items) => items.iter_mut().for_each(|i| scrub(i, secrets)),
        Value::Object(obj) => {
            let old = std::mem::take(obj);
            for (k, mut item) in old {
                scrub(&mut item, secrets);
                obj.insert(scrub_text(&k, secrets), item);
            }
        }
        _ => {}
    }
}

/// `text` with every secret in it replaced.
pub fn scrub_text(text: &str, secrets: &[String]) -> String {
    let mut out = text.to_owned();
    for s in secrets {
        if out == *s {
            return REDACTED.to_owned();
        }
        if s.chars().count() >= MIN_INNER && out.contains(s.as_str()) {
            out = out.replace(s.as_str(), REDACTED);
        }
    }
    out
}

fn blank(v: &mut Value) {
    if !v.is_null() {
        *v = Value::String(REDACTED.to_owned());
    }
}

fn strings(v: &mut Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Number(n) => out.push(n.to_string()),
        Value::Array(items) => items.iter_mut().for_each(|i| strings(i, out)),
        Value::Object(obj) => obj.values_mut().for_each(|i| strings(i, out)),
        _ => {}
    }
}

/// Applies `f` to what `path` names inside `v`, going through arrays on the way.
fn at_path(v: &mut Value, path: &[&str], f: &mut dyn FnMut(&mut Value)) {
    match v {
        Value::Array(items) => items.iter_mut().for_each(|i| at_path(i, path, f)),
        Value::Object(obj) => match path.split_first() {
            None => f(v),
            Some((first, rest)) => {
                if let Some(child) = obj.get_mut(*first) {
                    if rest.is_empty() {
                        f(child);
                    } else {
                        at_path(child, rest, f);
                    }
                }
            }
        },
        _ if path.is_empty() => f(v),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tool::Place;
    use serde_json::json;

    const FIELDS: &[Field] = &[
        Field {
            arg: "userId",
            wire: "userId",
            place: Place::Path,
            filled_by_prepare: false,
            secret: Secret::None,
        },
        Field {
            arg: "passCode",
            wire: "passCode",
            place: Place::Body,
            filled_by_prepare: false,
            secret: Secret::Whole,
        },
        Field {
            arg: "credentials",
            wire: "credentials",
            place: Place::Body,
            filled_by_prepare: false,
            secret: Secret::At(&["password", "recovery_question.answer", "headers.value"]),
        },
    ];

    fn args() -> Map<String, Value> {
        json!({
            "userId": "00u1",
            "passCode": "123456",
            "credentials": {
                "password": {"value": "Hunter2-Sentinel"},
                "recovery_question": {"question": "pet?", "answer": "Fluffy-Sentinel"},
                "headers": [{"key": "Authorization", "value": "Bearer tok-Sentinel"}],
            },
        })
        .as_object()
        .cloned()
        .unwrap()
    }

    #[test]
    fn marked_places_are_redacted_and_the_rest_is_kept() {
        let r = Value::Object(redact_args(FIELDS, &args()));
        assert_eq!(
            r,
            json!({
                "userId": "00u1",
                "passCode": REDACTED,
                "credentials": {
                    "password": REDACTED,
                    "recovery_question": {"question": "pet?", "answer": REDACTED},
                    "headers": [{"key": "Authorization", "value": REDACTED}],
                },
            })
        );
    }

    #[test]
    fn values_are_scrubbed_wherever_the_code_moved_them() {
        let secrets = secret_values(FIELDS, &args());
        let mut body = json!({
            "credentials": {"password": {"value": "Hunter2-Sentinel"}},
            "note": "set to Hunter2-Sentinel by an admin",
            "code": "123456",
            "id": "00u1",
        });
        scrub(&mut body, &secrets);
        let text = body.to_string();
        for s in [
            "Hunter2-Sentinel",
            "Fluffy-Sentinel",
            "tok-Sentinel",
            "123456",
        ] {
            assert!(!text.contains(s), "{s} in {text}");
        }
        assert_eq!(body["id"], "00u1");
        assert_eq!(body["note"], "set to [redacted] by an admin");
    }
}
