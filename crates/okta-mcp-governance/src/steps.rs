//! What the governance tools share: Okta's list envelope, the steps of the composites, and
//! argument helpers for prepare functions.

use okta_mcp_core::Method;
use okta_mcp_core::client::{ApiRequest, ApiResponse, Payload};
use okta_mcp_core::error::OktaError;
use okta_mcp_core::tool::{Ctx, ToolError};
use serde_json::{Map, Value};

use crate::orn;

/// Adds a hint to an Okta error answered with one of `statuses`, unless it has one already.
pub(crate) fn hint_on(err: ToolError, statuses: &[u16], hint: &str) -> ToolError {
    match err {
        ToolError::Okta(OktaError::Api(mut api)) if statuses.contains(&api.status) => {
            if api.hint.is_none() {
                api.hint = Some(hint.to_owned());
            }
            ToolError::Okta(OktaError::Api(api))
        }
        other => other,
    }
}

/// Adds a hint to any Okta error answer, unless it has one already.
pub(crate) fn hint_any(err: ToolError, hint: &str) -> ToolError {
    match err {
        ToolError::Okta(OktaError::Api(mut api)) => {
            if api.hint.is_none() {
                api.hint = Some(hint.to_owned());
            }
            ToolError::Okta(OktaError::Api(api))
        }
        other => other,
    }
}

/// The 403 hint for a step whose scope or admin role differs from its tool's.
pub(crate) fn forbidden_hint(scope: &str, role: &str) -> String {
    format!(
        "this step needs the scope {scope} granted to the service app (Okta API Scopes tab) and the admin role {role} assigned (Admin roles tab); Okta's governance APIs check both"
    )
}

/// Sends a step that needs another scope or admin role than the tool's own; a 403 names them.
pub(crate) async fn send_as(
    ctx: &Ctx<'_>,
    req: &ApiRequest,
    scope: &str,
    role: &str,
) -> Result<ApiResponse, ToolError> {
    ctx.send(req)
        .await
        .map_err(|e| hint_on(e, &[403], &forbidden_hint(scope, role)))
}

/// An answer's JSON body, or a protocol error naming what was expected.
pub(crate) fn json_body(resp: ApiResponse, what: &str) -> Result<Value, ToolError> {
    match resp.payload {
        Payload::Json(v) => Ok(v),
        _ => Err(protocol(format!("{what}: expected a JSON body"))),
    }
}

pub(crate) fn protocol(message: String) -> ToolError {
    ToolError::Okta(OktaError::Protocol(message))
}

/// Okta's list envelope's items (`data`), or a bare array's.
pub(crate) fn data_items(body: &Value) -> Vec<Value> {
    match body {
        Value::Array(items) => items.clone(),
        Value::Object(obj) => obj
            .get("data")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// The org's id (`00o…`), from the public `GET /.well-known/okta-organization`; ORNs carry it.
pub(crate) async fn org_id(ctx: &Ctx<'_>) -> Result<String, ToolError> {
    let resp = ctx
        .send(&ApiRequest::new(
            Method::GET,
            "/.well-known/okta-organization",
        ))
        .await
        .map_err(|e| {
            hint_any(
                e,
                "reading the org id for the ORNs (GET /.well-known/okta-organization) failed, so nothing was revoked; try again shortly",
            )
        })?;
    let body = json_body(resp, "/.well-known/okta-organization")?;
    let id = body.get("id").and_then(Value::as_str).unwrap_or_default();
    orn::okta_id("org id", id).map(str::to_owned).map_err(|_| {
        protocol(format!(
            "/.well-known/okta-organization gave no usable org id ({id:?})"
        ))
    })
}

/// A path with one id inserted as a single encoded segment.
pub(crate) fn path_with(template: &str, name: &str, id: &str) -> Result<String, ToolError> {
    let seg = okta_mcp_core::tool::segment(name, id).map_err(ToolError::Invalid)?;
    Ok(template.replace(&format!("{{{name}}}"), &seg))
}

/// A string argument the schema already required; a clear error if a prepare step removed it.
pub(crate) fn arg<'a>(args: &'a Map<String, Value>, name: &str) -> Result<&'a str, ToolError> {
    args.get(name)
        .and_then(Value::as_str)
        .ok_or_else(|| ToolError::Invalid(format!("`{name}` is required")))
}

/// An optional string argument; `null` counts as absent.
pub(crate) fn opt_str<'a>(
    args: &'a Map<String, Value>,
    name: &str,
) -> Result<Option<&'a str>, String> {
    match args.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(format!("`{name}` must be a string")),
    }
}

/// A required, non-empty string argument.
pub(crate) fn req_str<'a>(args: &'a Map<String, Value>, name: &str) -> Result<&'a str, String> {
    match opt_str(args, name)? {
        Some(s) if !s.trim().is_empty() => Ok(s),
        Some(_) => Err(format!("`{name}` must not be empty")),
        None => Err(format!("`{name}` is required")),
    }
}

/// Whether an argument was given (and is not `null`).
pub(crate) fn given(args: &Map<String, Value>, name: &str) -> bool {
    args.get(name).is_some_and(|v| !v.is_null())
}

/// The values of an optional string-array argument.
pub(crate) fn str_list<'a>(
    args: &'a Map<String, Value>,
    name: &str,
) -> Result<Vec<&'a str>, String> {
    match args.get(name) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| {
                v.as_str()
                    .ok_or_else(|| format!("`{name}` must be a list of strings"))
            })
            .collect(),
        Some(_) => Err(format!("`{name}` must be a list of strings")),
    }
}
