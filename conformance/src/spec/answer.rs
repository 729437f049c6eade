//! What an operation answers when it succeeds, for a mock org that must answer any request the
//! spec declares: the operation's lowest declared 2xx status and a body that is the spec's own
//! example for that response where it gives one, else the emptiest value of the response schema's
//! type (`[]` or `{}`).

use serde_json::Value;

use super::Spec;
use super::ops::{Operation, escape, resolve};

/// A success response body.
#[derive(Debug, Clone, PartialEq)]
pub enum AnswerBody {
    Json(Value),
    /// A non-JSON body (XML metadata), with its media type.
    Text {
        content_type: String,
        text: String,
    },
}

/// The success response of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct SuccessAnswer {
    pub status: u16,
    /// `None` where the response declares no content (204 and the like).
    pub body: Option<AnswerBody>,
    /// The body is the spec's example, not one made from the schema's type.
    pub from_example: bool,
}

/// The example of a media type object: `example`, else the first of `examples` (its `value`),
/// else the schema's own `example`.
fn example(raw: &Value, media: &str) -> Option<Value> {
    let obj = raw.pointer(media)?;
    if let Some(e) = obj.get("example") {
        return Some(e.clone());
    }
    let first = obj
        .get("examples")
        .and_then(Value::as_object)
        .and_then(|m| m.keys().next().cloned());
    if let Some(name) = first {
        let at = format!("{media}/examples/{}", escape(&name));
        if let Some(v) = resolve(raw, at).and_then(|(_, e)| e.get("value")) {
            return Some(v.clone());
        }
    }
    resolve(raw, format!("{media}/schema"))
        .and_then(|(_, s)| s.get("example"))
        .cloned()
}

/// `[]` for an array schema, `""` for a string one, else `{}`.
fn emptiest(raw: &Value, media: &str) -> Value {
    let ty = resolve(raw, format!("{media}/schema"))
        .and_then(|(_, s)| s.get("type").and_then(Value::as_str).map(str::to_owned));
    match ty.as_deref() {
        Some("array") => Value::Array(Vec::new()),
        Some("string") => Value::String(String::new()),
        _ => Value::Object(serde_json::Map::new()),
    }
}

impl Spec {
    /// What `op` answers on success. An operation that declares no 2xx answers 200 with no body.
    pub fn success_answer(&self, op: &Operation) -> SuccessAnswer {
        let raw = &self.docs[op.doc].raw;
        let responses = format!("{}/responses", op.pointer);
        let status = raw
            .pointer(&responses)
            .and_then(Value::as_object)
            .and_then(|m| {
                m.keys()
                    .filter_map(|k| k.parse::<u16>().ok())
                    .filter(|s| (200..300).contains(s))
                    .min()
            });
        let Some(status) = status else {
            return SuccessAnswer {
                status: 200,
                body: None,
                from_example: false,
            };
        };
        let content = resolve(raw, format!("{responses}/{status}"))
            .map(|(at, _)| format!("{at}/content"))
            .and_then(|c| {
                let map = raw.pointer(&c)?.as_object()?;
                let json = map
                    .keys()
                    .find(|k| *k == "application/json")
                    .or_else(|| map.keys().find(|k| k.contains("json")));
                let (mt, is_json) = match json {
                    Some(mt) => (mt.clone(), true),
                    None => (map.keys().next()?.clone(), false),
                };
                Some((format!("{c}/{}", escape(&mt)), mt, is_json))
            });
        let Some((media, mt, is_json)) = content else {
            return SuccessAnswer {
                status,
                body: None,
                from_example: false,
            };
        };
        let found = example(raw, &media);
        let from_example = found.is_some();
        let body = if is_json {
            AnswerBody::Json(found.unwrap_or_else(|| emptiest(raw, &media)))
        } else {
            AnswerBody::Text {
                content_type: mt,
                text: found
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default(),
            }
        };
        SuccessAnswer {
            status,
            body: Some(body),
            from_example,
        }
    }
}
