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
use super::trail::Trail;
use crate::client::{ApiRequest, ApiResponse, FilePart, OktaClient, Payload};
use crate::error::OktaError;
use crate::upload::Upload;

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
    /// A dry run reached a write and stopped before sending it; the executor turns this into the plan.
    #[error("dry run: stopped before the first write")]
    DryRun,
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
            Self::Okta(e) if e.is_unknown_outcome() => {
                let text = e.to_string();
                match spec.check_with {
                    Some(read) => format!(
                        "{text}\nHint: check with {read} whether it was applied before trying again"
                    ),
                    None => text,
                }
            }
            other => other.to_string(),
        }
    }

    /// Whether a write may have been applied although no usable answer came back.
    pub fn is_unknown_outcome(&self) -> bool {
        matches!(self, Self::Okta(e) if e.is_unknown_outcome())
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

/// The checked file of an upload; nothing is sent when it is refused.
fn load_file(spec: &ToolSpec, field: &str, value: Value) -> Result<FilePart, ToolError> {
    let rule = spec.upload.as_ref().ok_or_else(|| {
        ToolError::Invalid(
            "this tool is declared wrongly: a file field without an upload rule".into(),
        )
    })?;
    let upload: Upload =
        serde_json::from_value(value).map_err(|e| ToolError::Invalid(format!("`{field}`: {e}")))?;
    crate::upload::load(&upload, rule, field).map_err(|e| ToolError::Invalid(e.to_string()))
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
    let mut file = None;
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
            Place::File => file = Some(load_file(spec, field.wire, value)?),
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
    req.file = file;
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
    trail: &'a Trail,
}

impl Ctx<'_> {
    /// Sends one step, noted in the call's trail. In a dry run a write is not sent: the step
    /// answers [`ToolError::DryRun`], which ends the composite with the plan.
    pub async fn send(&self, req: &ApiRequest) -> Result<ApiResponse, ToolError> {
        if self.trail.holds_back(req) {
            self.trail.plan(req);
            return Err(ToolError::DryRun);
        }
        crate::progress::step(&req.method, &req.path).await;
        Ok(self.trail.send(self.client, req).await?)
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
    run_traced(spec, client, args, &Trail::default()).await
}

/// A create or an update answers with the object; an empty 200 or 201 means the answer was lost.
fn expects_body(spec: &ToolSpec, resp: &ApiResponse) -> bool {
    matches!(spec.kind, ToolKind::Create { .. } | ToolKind::Update { .. })
        && matches!(resp.status, 200 | 201)
        && resp.payload == Payload::Empty
}

/// Runs one tool call end to end, noting every request in `trail`; in a dry run, writes are
/// planned instead of sent and the result is the plan.
pub async fn run_traced(
    spec: &ToolSpec,
    client: &OktaClient,
    args: Map<String, Value>,
    trail: &Trail,
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
        let ctx = Ctx {
            client,
            spec,
            trail,
        };
        return match spec.typed.composite(ctx, args).await {
            Err(ToolError::DryRun) => Ok(trail.plan_result(true)),
            out => Ok(finish(out?)),
        };
    }
    let mut planned = assemble(spec, spec.typed.plan(args)?)?;
    if spec.okta_fields
        && fields == Projection::Default
        && let Some(projection) = spec.summary.and_then(super::fields::okta_projection)
    {
        planned.req.query.push(("fields".into(), projection));
    }
    if trail.holds_back(&planned.req) {
        trail.plan(&planned.req);
        return Ok(trail.plan_result(false));
    }
    let resp = trail.send(client, &planned.req).await?;
    if expects_body(spec, &resp) {
        return Err(OktaError::UncertainAnswer {
            method: planned.req.method.to_string(),
            status: resp.status,
            what: "its answer was empty where the object was expected".into(),
        }
        .into());
    }
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
