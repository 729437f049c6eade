//! A tool, declared once: name, words for the model, input type, route, kind, scope.
//! Registration, annotations, the scope list, docs and the consistency tests all derive from it.

use std::sync::Arc;

use reqwest::Method;
use rmcp::model::{JsonObject, Tool, ToolAnnotations};
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::exec::{Ctx, ToolError};

/// What a tool does to the org; the MCP annotations, read-only mode and confirmation follow from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ToolKind {
    /// Reads only.
    Read,
    /// Creates a new object; repeating it creates another.
    Create,
    /// Changes an existing object.
    Update,
    /// Removes an object.
    Delete,
    /// A lifecycle operation or other action (activate, suspend, reset, verify…).
    Action,
}

impl ToolKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Read => "read",
            Self::Create => "create",
            Self::Update => "update",
            Self::Delete => "delete",
            Self::Action => "action",
        }
    }
}

/// Where the request body comes from.
#[derive(Debug, Clone, Copy)]
pub enum Body {
    /// No body.
    None,
    /// Every argument that is not a path or query parameter, as one JSON object.
    Fields,
    /// The named argument is the whole body (a full object for a PUT).
    Field(&'static str),
    /// Built from the arguments by a function (for bodies Okta nests deeper than a model should).
    Build(fn(&Map<String, Value>) -> Value),
}

/// Rewrites validated arguments before they are routed (builds a filter from ids, adds fixed values).
pub type Prepare = fn(&mut Map<String, Value>) -> Result<(), String>;
/// A composite tool: more than one call, for the few tools Okta has no single endpoint for.
/// It gets validated, prepared arguments and sends its steps through [`Ctx`].
pub type Handler = for<'a> fn(
    Ctx<'a>,
    Map<String, Value>,
) -> futures::future::BoxFuture<'a, Result<Value, ToolError>>;
/// Reshapes a successful result (picks the fields a tool promises).
pub type Finish = fn(Value) -> Value;

/// A declared tool.
#[derive(Clone)]
pub struct ToolSpec {
    pub name: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub kind: ToolKind,
    pub destructive: bool,
    pub idempotent: bool,
    /// The OAuth scope the tool needs.
    pub scope: &'static str,
    /// Scopes a composite's other steps need too (a lookup before the change); requested with the rest.
    pub extra_scopes: &'static [&'static str],
    pub method: Method,
    /// Path template; `{name}` is filled from the argument `name`, encoded as one segment.
    pub path: &'static str,
    /// Arguments sent as query parameters.
    pub query: &'static [&'static str],
    pub body: Body,
    /// Query parameters always sent, whatever the arguments.
    pub fixed_query: &'static [(&'static str, &'static str)],
    pub accept: &'static str,
    pub input_schema: Arc<JsonObject>,
    pub(crate) validate: fn(&Value) -> Result<(), String>,
    pub prepare: Option<Prepare>,
    pub finish: Option<Finish>,
    /// Why the route differs from Okta's nearest endpoint (a DECISION row of endpoints.tsv).
    pub decision: Option<&'static str>,
    /// Hints added to an Okta error, keyed by errorCode (`E0000007`) or status (`404`).
    pub hints: &'static [(&'static str, &'static str)],
    /// The `limit` sent when the caller gives none, so a list never floods a model's context.
    pub default_limit: Option<u32>,
    /// For composites: the steps, instead of the single request the route describes.
    pub handler: Option<Handler>,
    /// For lists Okta wraps in an object (`{"data": [...]}`, `{"roles": [...]}`): the member holding them.
    pub list_in: Option<&'static str>,
    /// The Okta admin role a service app needs for this tool (IGA tools), named in 403 hints.
    pub admin_role: Option<&'static str>,
}

impl std::fmt::Debug for ToolSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ToolSpec")
            .field("name", &self.name)
            .field("method", &self.method)
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

fn validate_as<T: DeserializeOwned>(v: &Value) -> Result<(), String> {
    serde_path_to_error::deserialize::<_, T>(v)
        .map(drop)
        .map_err(|e| {
            let path = e.path().to_string();
            if path == "." || path.is_empty() {
                e.inner().to_string()
            } else {
                format!("{path}: {}", e.inner())
            }
        })
}

/// The JSON schema of an input type, inlined and without `null` alternatives: lean for a model's context.
pub fn schema_of<T: JsonSchema>() -> Arc<JsonObject> {
    let settings = schemars::generate::SchemaSettings::draft2020_12().with(|s| {
        s.inline_subschemas = true;
    });
    let schema = settings.into_generator().into_root_schema_for::<T>();
    let mut value = schema.to_value();
    if let Value::Object(obj) = &mut value {
        obj.remove("$schema");
        obj.remove("title");
        obj.remove("description");
    }
    strip_nullable(&mut value);
    strip_noise(&mut value);
    match value {
        Value::Object(obj) => Arc::new(obj),
        _ => Arc::new(JsonObject::new()),
    }
}

/// What a model does not need to call a tool well, and pays for in every tools/list: integer formats,
/// `additionalProperties` (unknown arguments are refused by the server, with the field named).
fn strip_noise(v: &mut Value) {
    match v {
        Value::Object(obj) => {
            obj.remove("format");
            obj.remove("additionalProperties");
            obj.values_mut().for_each(strip_noise);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_noise),
        _ => {}
    }
}

/// `Option<T>` fields become `"type": ["T", "null"]`; optionality is already said by `required`.
fn strip_nullable(v: &mut Value) {
    match v {
        Value::Object(obj) => {
            if let Some(Value::Array(types)) = obj.get_mut("type") {
                types.retain(|t| t != "null");
                if types.len() == 1 {
                    let only = types.remove(0);
                    obj.insert("type".into(), only);
                }
            }
            if let Some(Value::Array(values)) = obj.get_mut("enum") {
                values.retain(|t| !t.is_null());
            }
            for child in obj.values_mut() {
                strip_nullable(child);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(strip_nullable),
        _ => {}
    }
}

impl ToolSpec {
    /// Declares a tool whose arguments are the type `T`.
    pub fn new<T: DeserializeOwned + JsonSchema>(
        name: &'static str,
        kind: ToolKind,
        method: Method,
        path: &'static str,
    ) -> Self {
        let mut input_schema = schema_of::<T>();
        if kind == ToolKind::Read
            && let Some(Value::Object(props)) =
                Arc::make_mut(&mut input_schema).get_mut("properties")
        {
            props.insert("fields".into(), crate::params::fields_schema());
        }
        Self {
            name,
            title: "",
            description: "",
            kind,
            destructive: matches!(kind, ToolKind::Delete),
            idempotent: matches!(kind, ToolKind::Read | ToolKind::Update | ToolKind::Delete),
            scope: "",
            extra_scopes: &[],
            method,
            path,
            query: &[],
            body: Body::None,
            fixed_query: &[],
            accept: "application/json",
            input_schema,
            validate: validate_as::<T>,
            prepare: None,
            finish: None,
            decision: None,
            hints: &[],
            default_limit: None,
            handler: None,
            list_in: None,
            admin_role: None,
        }
    }

    pub fn title(mut self, title: &'static str) -> Self {
        self.title = title;
        self
    }
    pub fn describe(mut self, description: &'static str) -> Self {
        self.description = description;
        self
    }
    pub fn scope(mut self, scope: &'static str) -> Self {
        self.scope = scope;
        self
    }
    /// Declares scopes that the tool's other steps need.
    pub fn also_needs(mut self, scopes: &'static [&'static str]) -> Self {
        self.extra_scopes = scopes;
        self
    }
    pub fn query(mut self, names: &'static [&'static str]) -> Self {
        self.query = names;
        self
    }
    pub fn fixed_query(mut self, pairs: &'static [(&'static str, &'static str)]) -> Self {
        self.fixed_query = pairs;
        self
    }
    pub fn body(mut self, body: Body) -> Self {
        self.body = body;
        self
    }
    pub fn accept(mut self, accept: &'static str) -> Self {
        self.accept = accept;
        self
    }
    /// Marks an action or update as destructive: it removes access or data (deactivate, revoke, reset).
    pub fn destructive(mut self) -> Self {
        self.destructive = true;
        self
    }
    /// Marks an action as idempotent: repeating it has no further effect.
    pub fn idempotent(mut self) -> Self {
        self.idempotent = true;
        self
    }
    pub fn prepare(mut self, f: Prepare) -> Self {
        self.prepare = Some(f);
        self
    }
    pub fn finish(mut self, f: Finish) -> Self {
        self.finish = Some(f);
        self
    }
    pub fn decision(mut self, why: &'static str) -> Self {
        self.decision = Some(why);
        self
    }
    pub fn hints(mut self, hints: &'static [(&'static str, &'static str)]) -> Self {
        self.hints = hints;
        self
    }

    /// Makes this a composite tool; the route stays as documentation of its main request.
    pub fn handler(mut self, h: Handler) -> Self {
        self.handler = Some(h);
        self
    }
    /// Says which member of Okta's answer object holds the list; the result is then the usual
    /// `{ "items": [...], "nextCursor": ... }`, with the object's other members kept.
    pub fn list_in(mut self, member: &'static str) -> Self {
        self.list_in = Some(member);
        self
    }
    pub fn admin_role(mut self, role: &'static str) -> Self {
        self.admin_role = Some(role);
        self
    }
    pub fn default_limit(mut self, limit: u32) -> Self {
        self.default_limit = Some(limit);
        self
    }

    /// Names of the `{placeholders}` in the path template, in order.
    pub fn path_params(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        let mut rest = self.path;
        while let Some(start) = rest.find('{') {
            let Some(len) = rest[start..].find('}') else {
                break;
            };
            out.push(&rest[start + 1..start + len]);
            rest = &rest[start + len + 1..];
        }
        out
    }

    pub fn annotations(&self) -> ToolAnnotations {
        let read_only = self.kind == ToolKind::Read;
        // The title is the tool's own `title`; repeating it in the annotations only costs bytes.
        ToolAnnotations::new()
            .read_only(read_only)
            .destructive(!read_only && self.destructive)
            .idempotent(self.idempotent)
            .open_world(true)
    }

    /// The tool as MCP lists it.
    pub fn to_tool(&self) -> Tool {
        Tool::new(self.name, self.description, self.input_schema.clone())
            .with_title(self.title)
            .with_annotations(self.annotations())
    }
}

/// The union of the scopes a set of tools needs, sorted, each once.
pub fn scopes_of<'a>(tools: impl IntoIterator<Item = &'a ToolSpec>) -> Vec<&'static str> {
    let mut scopes: Vec<&'static str> = tools
        .into_iter()
        .flat_map(|t| std::iter::once(t.scope).chain(t.extra_scopes.iter().copied()))
        .collect();
    scopes.sort_unstable();
    scopes.dedup();
    scopes
}
