//! Okta-shaped list bodies for the bench: the spec's own example of each list operation (what Okta
//! documents it sends, `_links.self` per item where it has one), grown to any number of items, each
//! with its own id. Nothing here is invented beyond the ids and the names that carry them.

use conformance::spec::{self, AnswerBody};
use serde_json::{Value, json};

/// Why a body could not be built: the bench then fails rather than measure something else.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BodyError {
    #[error("the vendored specs do not load: {0}")]
    Spec(String),
    #[error("{method} {template}: no such operation in the specs")]
    NoOperation {
        method: &'static str,
        template: &'static str,
    },
    #[error("{method} {template}: the spec gives no JSON example list for its success answer")]
    NoExample {
        method: &'static str,
        template: &'static str,
    },
}

/// A list operation's example body: its items, and the wrapper object's member holding them
/// (governance lists answer `{"data": [...], "_links": ...}`).
#[derive(Debug, Clone)]
pub struct ListExample {
    pub items: Vec<Value>,
    /// The whole example when it wraps the list, with `member` naming the list.
    pub wrapper: Option<(Value, String)>,
}

/// The spec's example answer of `method template`.
pub fn example(method: &'static str, template: &'static str) -> Result<ListExample, BodyError> {
    let spec = spec::spec().map_err(|e| BodyError::Spec(e.to_string()))?;
    let op = spec
        .find_template(method, template)
        .ok_or(BodyError::NoOperation { method, template })?;
    let answer = spec.success_answer(op);
    let no_example = BodyError::NoExample { method, template };
    if !answer.from_example {
        return Err(no_example);
    }
    match answer.body {
        Some(AnswerBody::Json(Value::Array(items))) if !items.is_empty() => Ok(ListExample {
            items,
            wrapper: None,
        }),
        Some(AnswerBody::Json(obj @ Value::Object(_))) => {
            let member = obj.as_object().and_then(|o| {
                o.iter()
                    .find(|(_, v)| v.as_array().is_some_and(|a| !a.is_empty()))
                    .map(|(k, _)| k.clone())
            });
            match member {
                Some(m) => Ok(ListExample {
                    items: obj[&m].as_array().cloned().unwrap_or_default(),
                    wrapper: Some((obj, m)),
                }),
                None => Err(no_example),
            }
        }
        _ => Err(no_example),
    }
}

/// `id` made unique for item `k`, keeping its prefix and length (`00u…`, `0oa…`).
fn numbered(id: &str, k: usize) -> String {
    let n = k.to_string();
    let keep = id.len().saturating_sub(n.len()).max(3).min(id.len());
    let prefix: String = id.chars().take(keep).collect();
    format!("{prefix}{n}")
}

/// Replaces every string equal to `old` in `v` (the id in `_links.self.href` and the like).
fn replace_id(v: &mut Value, old: &str, new: &str) {
    match v {
        Value::String(s) if s.contains(old) => *s = s.replace(old, new),
        Value::Array(items) => items.iter_mut().for_each(|i| replace_id(i, old, new)),
        Value::Object(obj) => obj.values_mut().for_each(|i| replace_id(i, old, new)),
        _ => {}
    }
}

impl ListExample {
    /// Items `offset..offset + n`: the example's items in turn, each with its own id (and uuid,
    /// login and email where it has them).
    pub fn items(&self, n: usize, offset: usize) -> Vec<Value> {
        (offset..offset + n)
            .map(|k| {
                let mut item = self.items[k % self.items.len()].clone();
                for key in ["id", "uuid"] {
                    if let Some(old) = item.get(key).and_then(Value::as_str).map(str::to_owned) {
                        let new = numbered(&old, k);
                        replace_id(&mut item, &old, &new);
                    }
                }
                for key in ["login", "email"] {
                    if let Some(p) = item.pointer_mut(&format!("/profile/{key}"))
                        && p.is_string()
                    {
                        *p = json!(format!("user{k}@example.com"));
                    }
                }
                item
            })
            .collect()
    }

    /// The body Okta sends for a page of those items (the wrapper kept where the list has one).
    pub fn body(&self, n: usize, offset: usize) -> Value {
        let items = Value::Array(self.items(n, offset));
        match &self.wrapper {
            None => items,
            Some((obj, member)) => {
                let mut obj = obj.clone();
                obj[member.as_str()] = items;
                if let Some(links) = obj.get_mut("_links").and_then(Value::as_object_mut) {
                    // Paging is the bench's to say; the example's `next` would point elsewhere.
                    links.remove("next");
                }
                obj
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_stay_distinct_and_keep_their_prefix() {
        assert_eq!(numbered("00ub0oNGTSWTBKOLGLNR", 7), "00ub0oNGTSWTBKOLGLN7");
        assert_eq!(
            numbered("00ub0oNGTSWTBKOLGLNR", 1234),
            "00ub0oNGTSWTBKOL1234"
        );
        let ex = ListExample {
            items: vec![
                json!({"id": "00uAAAA", "profile": {"login": "a@b"}, "_links": {"self": {"href": "https://x/api/v1/users/00uAAAA"}}}),
            ],
            wrapper: None,
        };
        let items = ex.items(3, 10);
        assert_eq!(items[2]["id"], "00uAA12");
        assert_eq!(
            items[2]["_links"]["self"]["href"],
            "https://x/api/v1/users/00uAA12"
        );
        assert_eq!(items[2]["profile"]["login"], "user12@example.com");
        let ids: std::collections::BTreeSet<String> =
            items.iter().map(|i| i["id"].to_string()).collect();
        assert_eq!(ids.len(), 3);
    }
}
