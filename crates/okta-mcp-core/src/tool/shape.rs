//! Result shaping: what a model gets back from a successful call.
//!
//! Objects come back as they are, less `_links` (most of Okta's bytes, and no use to a model);
//! lists as `{ "items": [...], "nextCursor": "..." }`; an empty answer as a short confirmation.
//! It must not send requests or fail: whatever Okta sent that reached here is shaped, never refused.

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
            // Some APIs (/api/v1/iam/…, governance) page in the body: `_links.next.href`, not a Link header.
            let body_next = obj
                .get("_links")
                .and_then(|l| l.pointer("/next/href"))
                .and_then(Value::as_str)
                .and_then(cursor_of);
            if let Some(key) = spec
                .list_in
                .filter(|k| obj.get(*k).is_some_and(Value::is_array))
                && let Some(Value::Array(mut items)) = obj.remove(key)
            {
                items.iter_mut().for_each(drop_links);
                obj.remove("_links");
                let mut out = Map::new();
                out.insert("items".into(), Value::Array(items));
                for (k, mut v) in obj {
                    drop_links(&mut v);
                    out.insert(k, v);
                }
                add_cursor(&mut out, next_cursor.or(body_next));
                return Value::Object(out);
            }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Decl, Route, ToolKind};
    use serde_json::json;

    #[derive(serde::Deserialize, schemars::JsonSchema, crate::ToolInput)]
    struct NoArgs {}

    fn spec() -> ToolSpec {
        ToolSpec::new::<NoArgs>(Decl {
            name: "t",
            title: "T",
            description: "d",
            kind: ToolKind::Read,
            scope: "okta.x.read",
            route: Route::get("/x"),
        })
        .list_in("data")
        .build()
    }

    fn resp(payload: Value, next: Option<&str>) -> ApiResponse {
        ApiResponse {
            status: 200,
            payload: Payload::Json(payload),
            next: next.map(str::to_owned),
        }
    }

    #[test]
    fn a_wrapped_list_becomes_items_and_cursor_keeping_other_members() {
        let r = resp(
            json!({
                "data": [{"id": "a", "_links": {"self": {"href": "x"}}}],
                "_links": {"next": {"href": "https://example.okta.com/governance/api/v1/campaigns?after=abc&limit=1"}},
                "metadata": {"total": 2, "_links": {}}
            }),
            None,
        );
        assert_eq!(
            shape(&spec(), r, None),
            json!({
                "items": [{"id": "a"}],
                "metadata": {"total": 2},
                "nextCursor": "abc",
                "more": "more results: call again with after=nextCursor"
            })
        );
    }

    #[test]
    fn the_link_header_wins_over_a_relative_body_link() {
        let r = resp(
            json!({"data": [], "_links": {"next": {"href": "/governance/api/v2/tasks?after=body"}}}),
            Some("https://example.okta.com/governance/api/v2/tasks?after=header"),
        );
        assert_eq!(shape(&spec(), r, None)["nextCursor"], "header");
        let r = resp(
            json!({"data": [], "_links": {"next": {"href": "/governance/api/v2/tasks?after=body"}}}),
            None,
        );
        assert_eq!(shape(&spec(), r, None)["nextCursor"], "body");
    }

    #[test]
    fn other_answers_keep_the_usual_shape() {
        assert_eq!(
            shape(&spec(), resp(json!([{"id": "a"}]), None), None),
            json!({"items": [{"id": "a"}]})
        );
        // A member of that name that is not a list is left alone.
        assert_eq!(
            shape(&spec(), resp(json!({"data": "x", "id": "1"}), None), None),
            json!({"data": "x", "id": "1"})
        );
    }
}
