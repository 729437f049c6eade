//! A tool, declared once: name, words for the model, typed input, route, kind, scope.
//!
//! Owns the declaration and its builder; registration, annotations, the scope list, docs and the
//! table check all derive from a [`ToolSpec`]. It must not send requests (the executor does) nor
//! decide where an argument goes (the input's `#[arg]` attributes do).

use std::sync::Arc;

use futures::future::BoxFuture;
use rmcp::model::{JsonObject, Tool, ToolAnnotations};
use schemars::JsonSchema;
use serde_json::{Map, Value};

use super::exec::{Ctx, ToolError};
use super::input::{Field, ToolInput};
use super::route::Route;

/// What a tool does to the org. The four MCP annotation hints follow from it and are named here, at
/// the declaration: read-only and open-world are the kind's; destructive and idempotent are said
/// by the kind or spelled out in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ToolKind {
    /// Reads only: read-only, idempotent, never destructive.
    Read,
    /// Creates a new object; repeating it creates another (not idempotent).
    Create { destructive: bool },
    /// Changes an existing object; repeating it changes nothing more (idempotent).
    Update { destructive: bool },
    /// Removes an object: destructive, idempotent.
    Delete,
    /// A lifecycle operation or other action (activate, suspend, reset, verify…).
    Action { destructive: bool, idempotent: bool },
}

impl ToolKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Read => "read",
            Self::Create { .. } => "create",
            Self::Update { .. } => "update",
            Self::Delete => "delete",
            Self::Action { .. } => "action",
        }
    }

    pub fn is_read(self) -> bool {
        self == Self::Read
    }

    /// destructiveHint: it removes access or data, or replaces an object whole.
    pub fn destructive(self) -> bool {
        match self {
            Self::Read => false,
            Self::Delete => true,
            Self::Create { destructive }
            | Self::Update { destructive }
            | Self::Action { destructive, .. } => destructive,
        }
    }

    /// idempotentHint: repeating the call has no further effect.
    pub fn idempotent(self) -> bool {
        match self {
            Self::Read | Self::Update { .. } | Self::Delete => true,
            Self::Create { .. } => false,
            Self::Action { idempotent, .. } => idempotent,
        }
    }
}

/// The parts every tool must declare. A struct literal, so none can be left out.
#[derive(Debug, Clone)]
pub struct Decl {
    /// Exactly as in `endpoints.tsv`.
    pub name: &'static str,
    pub title: &'static str,
    /// One or two sentences for a model choosing a tool.
    pub description: &'static str,
    pub kind: ToolKind,
    /// The OAuth scope the tool needs.
    pub scope: &'static str,
    /// The (main) request.
    pub route: Route,
}

/// Checks and completes a tool's typed input before it is routed: defaults, rules across fields,
/// filters built from ids (into a `#[serde(skip)]` field). An error is shown to the model.
pub type Prepare<T> = fn(&mut T) -> Result<(), ToolError>;
/// Builds a body Okta nests deeper than a model should, from the `local` fields.
pub type BuildBody<T> = fn(&T) -> Value;
/// A composite tool's steps: more than one call, for the few tools Okta has no single endpoint for.
pub type Handler<T> = for<'a> fn(Ctx<'a>, T) -> BoxFuture<'a, Result<Value, ToolError>>;
/// Reshapes a successful result (picks the fields a tool promises).
pub type Finish = fn(Value) -> Value;

/// What the executor needs of a tool's typed code, with the input type erased.
pub(crate) trait Typed: Send + Sync {
    /// Parses and prepares the arguments; returns the routed fields and a built body, if any.
    fn plan(&self, args: Map<String, Value>) -> Result<Routed, ToolError>;
    /// Runs a composite's steps (an error for a single-request tool).
    fn composite<'a>(
        &'a self,
        ctx: Ctx<'a>,
        args: Map<String, Value>,
    ) -> BoxFuture<'a, Result<Value, ToolError>>;
    fn fields(&self) -> &'static [Field];
    fn has_prepare(&self) -> bool;
    fn builds_body(&self) -> bool;
}

/// A parsed, prepared input, ready to be put into a request.
pub(crate) struct Routed {
    pub(crate) values: Vec<(&'static Field, Value)>,
    pub(crate) built_body: Option<Value>,
}

struct TypedTool<T: ToolInput> {
    prepare: Option<Prepare<T>>,
    build_body: Option<BuildBody<T>>,
    handler: Option<Handler<T>>,
}

/// The arguments as `T`, or an error naming the field at fault.
fn parse<T: ToolInput>(args: Map<String, Value>) -> Result<T, ToolError> {
    serde_path_to_error::deserialize::<_, T>(Value::Object(args)).map_err(|e| {
        let path = e.path().to_string();
        ToolError::Invalid(if path == "." || path.is_empty() {
            e.inner().to_string()
        } else {
            format!("{path}: {}", e.inner())
        })
    })
}

impl<T: ToolInput> TypedTool<T> {
    fn input(&self, args: Map<String, Value>) -> Result<T, ToolError> {
        let mut input = parse::<T>(args)?;
        if let Some(prepare) = self.prepare {
            prepare(&mut input)?;
        }
        Ok(input)
    }
}

impl<T: ToolInput> Typed for TypedTool<T> {
    fn plan(&self, args: Map<String, Value>) -> Result<Routed, ToolError> {
        let input = self.input(args)?;
        let values = input
            .routed()
            .map_err(|e| ToolError::Invalid(format!("an argument could not be encoded: {e}")))?;
        Ok(Routed {
            values,
            built_body: self.build_body.map(|f| f(&input)),
        })
    }

    fn composite<'a>(
        &'a self,
        ctx: Ctx<'a>,
        args: Map<String, Value>,
    ) -> BoxFuture<'a, Result<Value, ToolError>> {
        let Some(handler) = self.handler else {
            return Box::pin(async {
                Err(ToolError::Invalid(
                    "this tool is declared wrongly: no composite handler".into(),
                ))
            });
        };
        match self.input(args) {
            Ok(input) => handler(ctx, input),
            Err(e) => Box::pin(async move { Err(e) }),
        }
    }

    fn fields(&self) -> &'static [Field] {
        T::FIELDS
    }
    fn has_prepare(&self) -> bool {
        self.prepare.is_some()
    }
    fn builds_body(&self) -> bool {
        self.build_body.is_some()
    }
}

/// A declared tool.
#[derive(Clone)]
pub struct ToolSpec {
    pub name: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub kind: ToolKind,
    /// The kind's destructiveHint, kept at hand for confirmation and docs.
    pub destructive: bool,
    /// The kind's idempotentHint.
    pub idempotent: bool,
    /// The OAuth scope the tool needs.
    pub scope: &'static str,
    /// Scopes a composite's other steps need too (a lookup before the change); requested with the rest.
    pub extra_scopes: &'static [&'static str],
    pub route: Route,
    /// Query parameters always sent, whatever the arguments.
    pub fixed_query: &'static [(&'static str, &'static str)],
    pub accept: &'static str,
    pub input_schema: Arc<JsonObject>,
    pub finish: Option<Finish>,
    /// Why the route differs from Okta's nearest endpoint (a DECISION row of endpoints.tsv).
    pub decision: Option<&'static str>,
    /// Hints added to an Okta error, keyed by errorCode (`E0000007`) or status (`404`).
    pub hints: &'static [(&'static str, &'static str)],
    /// The `limit` sent when the caller gives none, so a list never floods a model's context.
    pub default_limit: Option<u32>,
    /// For lists Okta wraps in an object (`{"data": [...]}`, `{"roles": [...]}`): the member holding them.
    pub list_in: Option<&'static str>,
    /// What an upload tool's file must be (types, size), from the operation's description.
    pub upload: Option<crate::upload::UploadRule>,
    /// A list tool's summary: the attribute paths each item is cut to unless `fields` asks for more.
    pub summary: Option<&'static [&'static str]>,
    /// A list whose items are scalars (version strings): nothing to summarize, declared so.
    pub scalar_items: bool,
    /// The endpoint takes Okta's own `fields` projection (`status,profile:(login)`): with the
    /// default summary, Okta is asked for the summary's attributes only.
    pub okta_fields: bool,
    /// The Okta admin role a service app needs for this tool (IGA tools), named in 403 hints.
    pub admin_role: Option<&'static str>,
    /// The read tool that shows whether a write whose outcome is unknown was applied: declared with
    /// [`ToolBuilder::check_with`], else found by [`resolve_checks`](super::resolve_checks).
    pub check_with: Option<&'static str>,
    pub(crate) typed: Arc<dyn Typed>,
    pub(crate) composite: bool,
}

impl std::fmt::Debug for ToolSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ToolSpec")
            .field("name", &self.name)
            .field("method", &self.route.method)
            .field("path", &self.route.path)
            .finish_non_exhaustive()
    }
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

/// Builds a [`ToolSpec`] around its typed input `T`; [`ToolSpec::new`] starts one, `build` ends it.
pub struct ToolBuilder<T: ToolInput> {
    spec: ToolSpec,
    typed: TypedTool<T>,
}

impl<T: ToolInput> std::fmt::Debug for ToolBuilder<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.spec.fmt(f)
    }
}

impl ToolSpec {
    /// Declares a tool whose arguments are the type `T`.
    #[allow(clippy::new_ret_no_self)] // a builder: `.build()` makes the spec
    pub fn new<T: ToolInput>(decl: Decl) -> ToolBuilder<T> {
        let input_schema = schema_of::<T>();
        let typed = TypedTool::<T> {
            prepare: None,
            build_body: None,
            handler: None,
        };
        ToolBuilder {
            spec: Self {
                name: decl.name,
                title: decl.title,
                description: decl.description,
                kind: decl.kind,
                destructive: decl.kind.destructive(),
                idempotent: decl.kind.idempotent(),
                scope: decl.scope,
                extra_scopes: &[],
                route: decl.route,
                fixed_query: &[],
                accept: "application/json",
                input_schema,
                finish: None,
                decision: None,
                hints: &[],
                default_limit: None,
                list_in: None,
                summary: None,
                scalar_items: false,
                okta_fields: false,
                admin_role: None,
                check_with: None,
                upload: None,
                typed: Arc::new(TypedTool::<T> {
                    prepare: None,
                    build_body: None,
                    handler: None,
                }),
                composite: false,
            },
            typed,
        }
    }

    /// Names of the `{placeholders}` in the path template, in order.
    pub fn path_params(&self) -> Vec<&'static str> {
        self.route.params()
    }

    /// Every field of the tool's input, with its place.
    pub fn fields(&self) -> &'static [Field] {
        self.typed.fields()
    }

    /// The query parameters the tool's fields can send (by wire name).
    pub fn query_params(&self) -> Vec<&'static str> {
        self.fields()
            .iter()
            .filter(|f| f.place == super::input::Place::Query)
            .map(|f| f.wire)
            .collect()
    }

    /// A list tool: a read tool that pages (an `after` or `limit` query field, or a default limit),
    /// or whose result is a list (`list_in`, a declared summary, or a name with `_list_`). The
    /// conformance tests add the rest of "whose result is a list": a read tool whose Okta
    /// operation answers with an array, or whose success result holds `items`, must be one.
    pub fn is_list(&self) -> bool {
        self.kind.is_read()
            && (self.default_limit.is_some()
                || self.list_in.is_some()
                || self.summary.is_some()
                || self.name.contains("_list_")
                || self.fields().iter().any(|f| {
                    f.place == super::input::Place::Query && matches!(f.wire, "after" | "limit")
                }))
    }

    /// Whether the tool runs more than one request (a composite handler).
    pub fn is_composite(&self) -> bool {
        self.composite
    }

    pub fn has_prepare(&self) -> bool {
        self.typed.has_prepare()
    }

    pub fn builds_body(&self) -> bool {
        self.typed.builds_body()
    }

    /// All four hints, always said: a client should not have to know MCP's defaults (or which
    /// hints it may ignore on a read-only tool) to tell a read from a destructive write.
    pub fn annotations(&self) -> ToolAnnotations {
        // The title is the tool's own `title`; repeating it in the annotations only costs bytes.
        ToolAnnotations::new()
            .read_only(self.kind.is_read())
            .destructive(self.destructive)
            .idempotent(self.idempotent)
            .open_world(true)
    }

    /// The title a client shows, when it says more than the name does: `Get user` only restates
    /// `okta_get_user` (and `List campaigns` `okta_iga_list_campaigns`), and clients show the name
    /// when there is no title.
    pub fn listed_title(&self) -> Option<&'static str> {
        let words = self.name.strip_prefix("okta_").unwrap_or(self.name);
        let words = words.strip_prefix("iga_").unwrap_or(words);
        let restated = self.title.len() == words.len()
            && self
                .title
                .chars()
                .zip(words.chars())
                .all(|(t, w)| t.eq_ignore_ascii_case(&w) || (t == ' ' && w == '_'));
        (!restated).then_some(self.title)
    }

    /// The tool as MCP lists it.
    pub fn to_tool(&self) -> Tool {
        let tool = Tool::new(self.name, self.description, self.input_schema.clone())
            .with_annotations(self.annotations());
        match self.listed_title() {
            Some(title) => tool.with_title(title),
            None => tool,
        }
    }
}

impl<T: ToolInput> ToolBuilder<T> {
    /// The finished declaration.
    pub fn build(self) -> ToolSpec {
        let mut spec = self.spec;
        spec.composite = self.typed.handler.is_some();
        spec.typed = Arc::new(self.typed);
        // Every read tool takes `fields`, which the executor applies (the input type never sees it).
        if spec.kind.is_read() {
            let schema = Arc::make_mut(&mut spec.input_schema);
            if let Value::Object(props) = schema
                .entry("properties")
                .or_insert_with(|| Value::Object(Map::new()))
            {
                props.insert("fields".into(), super::fields::fields_schema());
            }
        }
        spec
    }

    /// Declares scopes that the tool's other steps need.
    pub fn also_needs(mut self, scopes: &'static [&'static str]) -> Self {
        self.spec.extra_scopes = scopes;
        self
    }
    pub fn fixed_query(mut self, pairs: &'static [(&'static str, &'static str)]) -> Self {
        self.spec.fixed_query = pairs;
        self
    }
    pub fn accept(mut self, accept: &'static str) -> Self {
        self.spec.accept = accept;
        self
    }
    pub fn prepare(mut self, f: Prepare<T>) -> Self {
        self.typed.prepare = Some(f);
        self
    }
    /// Builds the body from the input (its `local` fields) instead of from `body` fields.
    pub fn body_from(mut self, f: BuildBody<T>) -> Self {
        self.typed.build_body = Some(f);
        self
    }
    /// Makes this a composite tool; the route stays as documentation of its main request.
    pub fn handler(mut self, h: Handler<T>) -> Self {
        self.typed.handler = Some(h);
        self
    }
    pub fn finish(mut self, f: Finish) -> Self {
        self.spec.finish = Some(f);
        self
    }
    pub fn decision(mut self, why: &'static str) -> Self {
        self.spec.decision = Some(why);
        self
    }
    pub fn hints(mut self, hints: &'static [(&'static str, &'static str)]) -> Self {
        self.spec.hints = hints;
        self
    }
    /// Says which member of Okta's answer object holds the list; the result is then the usual
    /// `{ "items": [...], "nextCursor": ... }`, with the object's other members kept.
    pub fn list_in(mut self, member: &'static str) -> Self {
        self.spec.list_in = Some(member);
        self
    }
    /// Makes this an upload: its `#[arg(file)]` field is checked against `rule` and sent as
    /// multipart/form-data.
    pub fn upload(mut self, rule: crate::upload::UploadRule) -> Self {
        self.spec.upload = Some(rule);
        self
    }
    /// Declares a list tool's summary: the attribute paths (`id`, `profile.login`) an admin needs
    /// to decide the next step. Each item is cut to them unless the caller's `fields` asks for more.
    pub fn summary(mut self, paths: &'static [&'static str]) -> Self {
        self.spec.summary = Some(paths);
        self
    }
    /// Declares a list of scalars (e.g. version strings), which has no summary to cut items to.
    pub fn scalar_items(mut self) -> Self {
        self.spec.scalar_items = true;
        self
    }
    pub fn admin_role(mut self, role: &'static str) -> Self {
        self.spec.admin_role = Some(role);
        self
    }
    /// Names the read tool to check with when this write's outcome is unknown (where the route
    /// does not lead to one).
    pub fn check_with(mut self, read_tool: &'static str) -> Self {
        self.spec.check_with = Some(read_tool);
        self
    }
    /// The endpoint documents Okta's `fields` projection: a default (summary) call asks Okta for
    /// the summary's attributes, so less crosses the network; `fields=*` or paths ask for all.
    pub fn okta_fields(mut self) -> Self {
        self.spec.okta_fields = true;
        self
    }
    pub fn default_limit(mut self, limit: u32) -> Self {
        self.spec.default_limit = Some(limit);
        self
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::NoArgs;

    fn titled(name: &'static str, title: &'static str) -> Option<&'static str> {
        ToolSpec::new::<NoArgs>(Decl {
            name,
            title,
            description: "d",
            kind: ToolKind::Read,
            scope: "s",
            route: Route::get("/x"),
        })
        .build()
        .listed_title()
    }

    #[test]
    fn a_title_that_restates_the_name_is_not_listed() {
        assert_eq!(titled("okta_get_user", "Get user"), None);
        assert_eq!(titled("okta_iga_list_campaigns", "List campaigns"), None);
        assert_eq!(
            titled("okta_iga_close_campaign", "End campaign"),
            Some("End campaign")
        );
        assert_eq!(
            titled("okta_list_auth_servers", "List authorization servers"),
            Some("List authorization servers")
        );
    }
}
