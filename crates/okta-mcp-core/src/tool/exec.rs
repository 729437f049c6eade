//! The generic executor: (declaration, arguments) → typed input → one request → a shaped result.
//!
//! Owns turning a parsed input into an [`ApiRequest`] and running composites' steps through [`Ctx`].
//! It must not know any tool by name, build filters or hold hint texts (those live in
//! [`crate::hints`]); every request goes through the one [`OktaClient`].

use serde_json::{Map, Value};

use super::fields::Projection;
use super::input::Place;
use super::shape::shape;
use super::spec::{Routed, ToolKind, ToolSpec};
use crate::client::{ApiRequest, ApiResponse, OktaClient};
use crate::error::OktaError;

/// A failed tool call, as the model will read it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ToolError {
    /// The arguments cannot make a valid request; nothing was sent.
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
    /// The text a model reads, with a hint where we know what to do.
    pub fn to_text(self, spec: &ToolSpec) -> String {
        match self {
            Self::Okta(OktaError::Api(mut api)) => {
                if api.hint.is_none() {
                    api.hint = crate::hints::for_tool(spec, api.status, api.error_code.as_deref());
                }
                api.to_text()
            }
            other => other.to_string(),
        }
    }

    /// Refuses a partial update that names no change: every one of `fields` is absent or empty.
    /// Okta would take the empty POST and answer with the object unchanged, which a model reads as
    /// success.
    pub fn require_change(fields: &[(&str, bool)]) -> Result<(), Self> {
        if fields.iter().any(|(_, given)| *given) {
            return Ok(());
        }
        let names: Vec<&str> = fields.iter().map(|(name, _)| *name).collect();
        let list = match names.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            _ => names.concat(),
        };
        Err(Self::Invalid(format!("nothing to update: pass {list}")))
    }

    /// Adds `hint` to an Okta error answered with one of `statuses`, unless it has one already.
    #[must_use]
    pub fn with_hint_on(self, statuses: &[u16], hint: &str) -> Self {
        match self {
            Self::Okta(OktaError::Api(mut api))
                if statuses.is_empty() || statuses.contains(&api.status) =>
            {
                if api.hint.is_none() {
                    api.hint = Some(hint.to_owned());
                }
                Self::Okta(OktaError::Api(api))
            }
            other => other,
        }
    }
}

fn query_value(name: &str, v: &Value) -> Result<Option<String>, ToolError> {
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
        Value::Object(_) => {
            return Err(ToolError::Invalid(format!(
                "`{name}` must be a string, number or boolean"
            )));
        }
    })
}

/// A single-request tool's request, and the id its result is about.
struct Planned {
    req: ApiRequest,
    id: Option<String>,
}

fn assemble(spec: &ToolSpec, routed: Routed) -> Result<Planned, ToolError> {
    let template = spec
        .route
        .template()
        .map_err(|e| ToolError::Invalid(format!("this tool is declared wrongly: {e}")))?;
    let mut path_values: Vec<(&str, String)> = Vec::new();
    let mut query: Vec<(String, String)> = Vec::new();
    let mut members = Map::new();
    let mut payload = None;
    for (field, value) in routed.values {
        if value.is_null() {
            continue;
        }
        match field.place {
            Place::Path => match value {
                Value::String(s) => path_values.push((field.wire, s)),
                _ => {
                    return Err(ToolError::Invalid(format!(
                        "`{}` must be a string",
                        field.arg
                    )));
                }
            },
            Place::Query => {
                if let Some(s) = query_value(field.arg, &value)? {
                    query.push((field.wire.to_owned(), s));
                }
            }
            Place::Body => {
                members.insert(field.wire.to_owned(), value);
            }
            Place::Payload => payload = Some(value),
            Place::Local => {}
        }
    }
    if let Some(limit) = spec.default_limit
        && !query.iter().any(|(k, _)| k == "limit")
    {
        query.push(("limit".into(), limit.to_string()));
    }
    for (k, v) in spec.fixed_query {
        query.push(((*k).to_owned(), (*v).to_owned()));
    }
    let filled: Vec<(&str, &str)> = path_values.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let path = template.fill(&filled)?;
    let id = template
        .params()
        .last()
        .and_then(|last| path_values.iter().find(|(k, _)| k == last))
        .map(|(_, v)| v.clone());
    let mut req = ApiRequest::new(spec.route.method.clone(), path);
    req.accept = spec.accept;
    req.query = query;
    // No members, no body: Okta treats an empty factor verify as "send a challenge".
    req.body = payload
        .or(routed.built_body)
        .or_else(|| (!members.is_empty()).then_some(Value::Object(members)));
    Ok(Planned { req, id })
}

/// Every read tool takes `fields`, applied by the executor to the result; the tool's own type never
/// sees it. For other tools it stays an argument (and their type refuses it).
fn take_fields(spec: &ToolSpec, args: &mut Map<String, Value>) -> Result<Projection, ToolError> {
    if spec.kind != ToolKind::Read {
        return Ok(Projection::Default);
    }
    Projection::take(args)
}

impl ToolSpec {
    /// The request a single-request tool sends for these arguments (parsed, prepared, routed).
    /// Pure, so the route guarantees are testable without a server.
    pub fn request(&self, mut args: Map<String, Value>) -> Result<ApiRequest, ToolError> {
        take_fields(self, &mut args)?;
        Ok(assemble(self, self.typed.plan(args)?)?.req)
    }
}

/// What a composite handler works with: the client, and the executor's own ways of sending and shaping.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    pub client: &'a OktaClient,
    pub spec: &'a ToolSpec,
}

impl Ctx<'_> {
    /// Sends one step.
    pub async fn send(&self, req: &ApiRequest) -> Result<ApiResponse, ToolError> {
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
    let fields = take_fields(spec, &mut args)?;
    let finish = |v: Value| {
        let v = match spec.finish {
            Some(f) => f(v),
            None => v,
        };
        fields.apply(v, spec.summary)
    };
    if spec.composite {
        let out = spec.typed.composite(Ctx { client, spec }, args).await?;
        return Ok(finish(out));
    }
    let planned = assemble(spec, spec.typed.plan(args)?)?;
    let resp = client.send(&planned.req).await?;
    Ok(finish(shape(spec, resp, planned.id.as_deref())))
}

#[cfg(test)]
mod tests {
    use super::ToolError;

    #[test]
    fn an_update_without_a_change_names_what_could_change() {
        let err =
            ToolError::require_change(&[("name", false), ("version", false), ("channel", false)])
                .unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid arguments: nothing to update: pass name, version or channel"
        );
        assert!(ToolError::require_change(&[("profile", false), ("credentials", true)]).is_ok());
        assert_eq!(
            ToolError::require_change(&[("profile", false)])
                .unwrap_err()
                .to_string(),
            "invalid arguments: nothing to update: pass profile"
        );
    }
}
