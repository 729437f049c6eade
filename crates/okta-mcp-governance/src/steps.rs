//! What the governance tools share: Okta's list envelope, the steps of the composites, and the
//! checks their prepare steps have in common.

use okta_mcp_core::Method;
use okta_mcp_core::client::{ApiRequest, ApiResponse, Payload};
use okta_mcp_core::error::OktaError;
use okta_mcp_core::hints;
use okta_mcp_core::tool::{Ctx, PathTemplate, ToolError};
use serde_json::Value;

use crate::orn;

/// A required argument that must hold more than whitespace.
pub(crate) fn non_empty<'a>(name: &str, value: &'a str) -> Result<&'a str, ToolError> {
    if value.trim().is_empty() {
        return Err(ToolError::Invalid(format!("`{name}` must not be empty")));
    }
    Ok(value)
}

/// A step's path: `template` with each placeholder filled as one encoded segment.
pub(crate) fn step_path(
    template: &'static str,
    values: &[(&str, &str)],
) -> Result<String, ToolError> {
    PathTemplate::parse(template)
        .map_err(|e| ToolError::Invalid(format!("this tool is declared wrongly: {e}")))?
        .fill(values)
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
        .map_err(|e| e.with_hint_on(&[403], &hints::forbidden_step(scope, role)))
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
            e.with_hint_on(
                &[],
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
