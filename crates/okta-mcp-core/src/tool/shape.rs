//! Result shaping: what a model gets back from a successful call.
//!
//! Objects come back as they are, less `_links` (most of Okta's bytes, and no use to a model);
//! lists as `{ "items": [...], "nextCursor": "..." }`; an empty answer as a short confirmation.

use serde_json::{Map, Value, json};

use super::spec::ToolSpec;
use crate::client::{ApiResponse, Payload};
use crate::pagination::cursor_of;

/// Removes every `_links` member, at any depth.
pub fn drop_links(v: &mut Value) {
    match v {
        Value::Object(obj) => {
            obj.remove("_links");
            obj.values_mut().for_each(drop_links);
        }
        Value::Array(items) => items.iter_mut().for_each(drop_links),
        _ => {}
    }
}

fn add_cursor(out: &mut Map<String, Value>, cursor: Option<String>) {
    if let Some(c) = cursor {
        out.insert("nextCursor".into(), Value::String(c));
        out.insert(
            "more".into(),
            Value::String("more results: call again with after=nextCursor".into()),
        );
    }
}

pub fn shape(spec: &ToolSpec, resp: ApiResponse, id: Option<&str>) -> Value {
    let next_cursor = resp.next.as_deref().and_then(cursor_of);
    match resp.payload {
        Payload::Json(Value::Array(mut items)) => {
            items.iter_mut().for_each(drop_links);
            let mut out = Map::new();
            out.insert("items".into(), Value::Array(items));
            add_cursor(&mut out, next_cursor);
            Value::Object(out)
        }
        Payload::Json(Value::Object(obj)) if obj.is_empty() => confirmation(spec, id),
        Payload::Json(Value::Object(mut obj)) => {
            // Some APIs (/api/v1/iam/…) page in the body: `_links.next.href` instead of a Link header.
            let body_next = obj
                .get("_links")
                .and_then(|l| l.pointer("/next/href"))
                .and_then(Value::as_str)
                .and_then(cursor_of);
            let mut v = Value::Object(std::mem::take(&mut obj));
            drop_links(&mut v);
            if let Value::Object(out) = &mut v {
                add_cursor(out, next_cursor.or(body_next));
            }
            v
        }
        Payload::Json(other) => json!({ "value": other }),
        Payload::Text(text) => json!({ "text": text }),
        Payload::Empty => confirmation(spec, id),
    }
}

fn confirmation(spec: &ToolSpec, id: Option<&str>) -> Value {
    let mut out = json!({ "ok": true, "action": spec.title });
    if let Some(id) = id {
        out["id"] = Value::String(id.to_owned());
    }
    out
}
