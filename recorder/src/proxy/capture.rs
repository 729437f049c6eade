//! What the proxy keeps of a forwarded request and its answer: the cassette's shape, unscrubbed.

use std::collections::BTreeMap;

use mock_okta::Interaction;
use mock_okta::cassette::{QueryValue, RecordedRequest, RecordedResponse};
use reqwest::header::{CONTENT_TYPE, HeaderMap};
use serde_json::Value;
use url::Url;

use crate::scrub::RATE_LIMIT;

/// The interaction for a request (`target` parsed against any origin) and the org's answer.
pub(super) fn interaction(
    method: &str,
    target: &Url,
    request: &[u8],
    status: u16,
    headers: &HeaderMap,
    answer: &[u8],
) -> Interaction {
    let parts = multipart(request);
    Interaction {
        request: RecordedRequest {
            method: method.to_owned(),
            path: target.path().to_owned(),
            query: query_of(target),
            body: if parts.is_some() {
                None
            } else {
                request_body(request)
            },
            multipart: parts,
        },
        response: recorded_response(status, headers, answer),
    }
}

fn query_of(url: &Url) -> BTreeMap<String, QueryValue> {
    let mut q: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (k, v) in url.query_pairs() {
        q.entry(k.into_owned()).or_default().push(v.into_owned());
    }
    q.into_iter()
        .map(|(k, mut v)| {
            let v = if v.len() == 1 {
                QueryValue::One(v.remove(0))
            } else {
                QueryValue::Many(v)
            };
            (k, v)
        })
        .collect()
}

/// An upload's parts, recognised by the body itself: it opens with its boundary line
/// (`--boundary` CRLF) and a form-data part.
fn multipart(bytes: &[u8]) -> Option<Vec<mock_okta::FormPart>> {
    let line_end = bytes.windows(2).position(|w| w == b"\r\n")?;
    let boundary = std::str::from_utf8(bytes.get(..line_end)?)
        .ok()?
        .strip_prefix("--")?;
    let content_type = format!("multipart/form-data; boundary={boundary}");
    mock_okta::multipart::parse(&content_type, bytes).ok()
}

fn request_body(bytes: &[u8]) -> Option<Value> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    Some(
        serde_json::from_slice(bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(bytes).into_owned())),
    )
}

fn recorded_response(status: u16, headers: &HeaderMap, bytes: &[u8]) -> RecordedResponse {
    let mut kept = BTreeMap::new();
    let links: Vec<&str> = headers
        .get_all("link")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    if !links.is_empty() {
        kept.insert("Link".to_owned(), links.join(", "));
    }
    for name in RATE_LIMIT {
        if let Some(v) = headers.get(name).and_then(|v| v.to_str().ok()) {
            kept.insert(name.to_owned(), v.to_owned());
        }
    }
    let content_type = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let mut body = None;
    let mut body_text = None;
    if !bytes.is_empty() {
        match serde_json::from_slice::<Value>(bytes) {
            Ok(v) => {
                body = Some(v);
                // application/json is what a JSON body means in a cassette; anything else is kept.
                if let Some(ct) = content_type.filter(|c| !c.starts_with("application/json")) {
                    kept.insert("Content-Type".to_owned(), ct);
                }
            }
            Err(_) => {
                body_text = Some(String::from_utf8_lossy(bytes).into_owned());
                if let Some(ct) = content_type {
                    kept.insert("Content-Type".to_owned(), ct);
                }
            }
        }
    }
    RecordedResponse {
        status,
        headers: kept,
        body,
        body_text,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn only_link_rate_limits_and_unusual_content_types_are_recorded() {
        let mut h = HeaderMap::new();
        h.insert(
            "content-type",
            "application/json;charset=UTF-8".parse().unwrap(),
        );
        h.append(
            "link",
            "<https://a/x?after=1>; rel=\"self\"".parse().unwrap(),
        );
        h.append(
            "link",
            "<https://a/x?after=2>; rel=\"next\"".parse().unwrap(),
        );
        h.insert("x-okta-request-id", "abc".parse().unwrap());
        h.insert("x-rate-limit-limit", "600".parse().unwrap());
        let r = recorded_response(200, &h, b"[]");
        assert_eq!(r.headers.len(), 2);
        assert_eq!(r.headers["X-Rate-Limit-Limit"], "600");
        assert!(r.headers["Link"].contains("rel=\"self\", <https://a/x?after=2>"));
        assert_eq!(r.body, Some(json!([])));
        h.insert("content-type", "application/xml".parse().unwrap());
        let r = recorded_response(200, &h, b"<x/>");
        assert_eq!(r.headers["Content-Type"], "application/xml");
        assert_eq!(r.body_text.as_deref(), Some("<x/>"));
        let r = recorded_response(204, &HeaderMap::new(), b"");
        assert!(r.body.is_none() && r.body_text.is_none() && r.headers.is_empty());
    }

    #[test]
    fn repeated_query_keys_are_kept_in_order() {
        let u = Url::parse("http://proxy.invalid/api/v1/users?a=1&b=x&a=2").unwrap();
        let i = interaction("GET", &u, b"", 204, &HeaderMap::new(), b"");
        assert_eq!(i.request.path, "/api/v1/users");
        assert_eq!(
            i.request.query["a"],
            QueryValue::Many(vec!["1".into(), "2".into()])
        );
        assert_eq!(i.request.query["b"], QueryValue::One("x".into()));
        assert!(i.request.body.is_none());
    }
}
