//! The generic executor: (spec, arguments) → one request → a shaped result.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::{Map, Value};

use super::shape::shape;
use super::spec::{Body, ToolKind, ToolSpec};
use crate::client::{ApiRequest, OktaClient};
use crate::error::OktaError;

/// Everything but RFC 3986 unreserved characters is encoded, so a value is always one segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A failed tool call, as the model will read it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ToolError {
    #[error("invalid arguments: {0}")]
    Invalid(String),
    /// A composite's step found that the operation cannot go ahead (no open task, nothing granted);
    /// nothing further was sent.
    #[error("{0}")]
    Refused(String),
    #[error(transparent)]
    Okta(#[from] OktaError),
}

impl ToolError {
    /// The error text, with a hint where we know what to do.
    pub fn to_text(self, spec: &ToolSpec) -> String {
        match self {
            Self::Okta(OktaError::Api(mut api)) => {
                if api.hint.is_none() {
                    api.hint = hint_for(spec, api.status, api.error_code.as_deref());
                }
                api.to_text()
            }
            other => other.to_string(),
        }
    }
}

fn hint_for(spec: &ToolSpec, status: u16, code: Option<&str>) -> Option<String> {
    let status_key = status.to_string();
    if let Some((_, h)) = spec
        .hints
        .iter()
        .find(|(k, _)| Some(*k) == code || *k == status_key)
    {
        return Some((*h).to_owned());
    }
    match (status, code) {
        (401, _) => Some(
            "Okta rejected the credentials: check OKTA_API_TOKEN, or the service app's client id, key and key id".into(),
        ),
        // IGA APIs answer 403 with E0000004 or E0000006; both mean scope or role for a service app.
        (403, _) if spec.admin_role.is_some() || code.is_none_or(|c| c == "E0000006") => Some(match spec.admin_role {
            Some(role) => format!(
                "the service app needs the scope {} granted (Okta API Scopes tab) and the admin role {role} assigned (Admin roles tab); Okta's governance APIs check both",
                spec.scope
            ),
            None => format!(
                "the credentials lack permission for this call: a service app needs the scope {} granted (Okta API Scopes tab) and an admin role that covers this resource; an API token acts with the role of the admin who made it",
                spec.scope
            ),
        }),
        (404, Some("E0000007")) | (404, None) => Some(
            "check the id; the list tools return valid ids".into(),
        ),
        _ => None,
    }
}

fn encode_segment(name: &str, v: Option<&Value>) -> Result<String, String> {
    let s = match v {
        Some(Value::String(s)) => s,
        Some(Value::Null) | None => return Err(format!("`{name}` is required")),
        Some(_) => return Err(format!("`{name}` must be a string")),
    };
    segment(name, s)
}

/// Percent-encodes a value as exactly one path segment; refuses empty and dot-only values.
pub fn segment(name: &str, s: &str) -> Result<String, String> {
    if s.trim().is_empty() {
        return Err(format!("`{name}` must not be empty"));
    }
    if s.chars().all(|c| c == '.') {
        return Err(format!("`{name}` is not a valid id: {s:?}"));
    }
    Ok(utf8_percent_encode(s, SEGMENT).to_string())
}

fn query_value(name: &str, v: &Value) -> Result<Option<String>, String> {
    Ok(match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Array(items) => {
            let mut parts = Vec::with_capacity(items.len());
            for item in items {
                if let Some(p) = query_value(name, item)? {
                    parts.push(p);
                }
            }
            Some(parts.join(","))
        }
        Value::Object(_) => return Err(format!("`{name}` must be a string, number or boolean")),
    })
}

/// Turns validated, prepared arguments into a request. Pure, so the route guarantees are testable.
pub fn build_request(spec: &ToolSpec, args: &Map<String, Value>) -> Result<ApiRequest, String> {
    let mut path = String::with_capacity(spec.path.len() + 32);
    let mut rest = spec.path;
    let path_params = spec.path_params();
    for name in &path_params {
        let Some(start) = rest.find('{') else { break };
        path.push_str(&rest[..start]);
        path.push_str(&encode_segment(name, args.get(*name))?);
        let end = rest[start..]
            .find('}')
            .map_or(rest.len(), |e| start + e + 1);
        rest = &rest[end..];
    }
    path.push_str(rest);

    let mut req = ApiRequest::new(spec.method.clone(), path);
    req.accept = spec.accept;
    for name in spec.query {
        if let Some(v) = args.get(*name)
            && let Some(s) = query_value(name, v)?
        {
            req.query.push(((*name).to_owned(), s));
        }
    }
    for (k, v) in spec.fixed_query {
        req.query.push(((*k).to_owned(), (*v).to_owned()));
    }
    req.body = match spec.body {
        Body::None => None,
        Body::Fields => {
            let fields: Map<String, Value> = args
                .iter()
                .filter(|(k, _)| {
                    !path_params.contains(&k.as_str()) && !spec.query.contains(&k.as_str())
                })
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            // No fields, no body: Okta treats an empty factor verify as "send a challenge".
            (!fields.is_empty()).then_some(Value::Object(fields))
        }
        Body::Field(name) => args.get(name).cloned(),
        Body::Build(f) => Some(f(args)),
    };
    Ok(req)
}

/// What a composite handler works with: the client, and the executor's own ways of sending and shaping.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    pub client: &'a OktaClient,
    pub spec: &'a ToolSpec,
}

impl Ctx<'_> {
    /// Sends one step.
    pub async fn send(&self, req: &ApiRequest) -> Result<crate::client::ApiResponse, ToolError> {
        Ok(self.client.send(req).await?)
    }

    /// Sends one step and shapes its answer as a single call's result would be.
    pub async fn call(&self, req: &ApiRequest, id: Option<&str>) -> Result<Value, ToolError> {
        let resp = self.send(req).await?;
        Ok(shape(self.spec, resp, id))
    }
}

/// Runs one tool call end to end.
pub async fn run(
    spec: &ToolSpec,
    client: &OktaClient,
    args: Map<String, Value>,
) -> Result<Value, ToolError> {
    let mut args = args;
    // Every read tool takes `fields`, applied here to the result; the tool's own type never sees it.
    let fields = match (spec.kind, args.remove("fields")) {
        (ToolKind::Read, Some(Value::String(f))) => Some(f),
        (ToolKind::Read, None | Some(Value::Null)) => None,
        (ToolKind::Read, Some(_)) => {
            return Err(ToolError::Invalid(
                "fields: must be a string of comma-separated attribute paths".into(),
            ));
        }
        (_, Some(v)) => {
            args.insert("fields".into(), v);
            None
        }
        (_, None) => None,
    };
    // Validated as one JSON value, then taken apart again: no copy of the arguments.
    let value = Value::Object(args);
    (spec.validate)(&value).map_err(ToolError::Invalid)?;
    let Value::Object(mut args) = value else {
        return Err(ToolError::Invalid("arguments must be an object".into()));
    };
    if let Some(limit) = spec.default_limit
        && args.get("limit").is_none_or(Value::is_null)
    {
        args.insert("limit".into(), Value::from(limit));
    }
    if let Some(prepare) = spec.prepare {
        prepare(&mut args).map_err(ToolError::Invalid)?;
    }
    let project = |v: Value| match &fields {
        Some(f) => crate::params::project(v, f),
        None => v,
    };
    if let Some(handler) = spec.handler {
        let out = handler(Ctx { client, spec }, args).await?;
        return Ok(project(match spec.finish {
            Some(f) => f(out),
            None => out,
        }));
    }
    let req = build_request(spec, &args).map_err(ToolError::Invalid)?;
    let resp = client.send(&req).await?;
    let id = spec
        .path_params()
        .last()
        .and_then(|p| args.get(*p))
        .and_then(Value::as_str)
        .map(str::to_owned);
    let shaped = shape(spec, resp, id.as_deref());
    Ok(project(match spec.finish {
        Some(f) => f(shaped),
        None => shaped,
    }))
}
