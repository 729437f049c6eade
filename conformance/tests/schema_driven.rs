//! The schema-driven call test: every tool of every server in `okta_mcp::TOOLSETS` is called over
//! stdio with arguments made from its own `inputSchema` alone — (a) the required properties only,
//! (b) every property — against a mock org that checks each request it receives against Okta's
//! published OpenAPI specs and answers with the operation's declared success status and the spec's
//! example body (or `{}` / `[]`).
//!
//! Every request a tool sends must be an operation of the specs (for a single-request tool: its
//! own route) with valid path, query and body, and the call must succeed. A call may instead be
//! refused locally (`invalid arguments: …` naming a field, nothing sent) only for a rule the schema
//! cannot express, and a composite may end in its documented `Refused` outcome after spec-valid
//! steps; both only where [`ALLOWED`] lists the tool with the reason. Anything else refused is a
//! schema too loose to guide a model to a request Okta accepts, and fails, unless the tool is in
//! the shrink-only [`KNOWN_FAILURES`] with why.
//!
//! Values come from the schema as the server's tools/list shows it, read as a model would: a
//! folded subschema ("same schema as <tool>'s <path>") is the listed schema it names; a
//! property's first `examples` value is
//! used as is; an id gets the prefix its description names (`00u…` → `00u1abcdEFGHijkl0h78`,
//! 20 characters like Okta's), a description
//! saying ISO 8601 gets a timestamp, a closed set its first value, integers their lower bound
//! (required properties) or upper bound (all properties) where the schema has one, booleans `true`,
//! arrays one item, objects their required (or all) properties, recursively (a free-form object
//! with `minProperties` one member); any other string is `example`. A paging cursor is left out:
//! a model copies it from the previous page's `nextCursor`, it never makes one.

// Helpers outside #[test] fns may unwrap too: a failure here is a failed test.
#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use conformance::mount_token_endpoint;
use conformance::spec::{self, AnswerBody, Spec};
use mock_okta::MockOrg;
use okta_mcp::TOOLSETS;
use okta_mcp_core::{ServerSpec, ToolSpec};
use okta_mcp_driver::{Client, binary_path, call, connect, oauth_env, ssws_env, text_of};
use rmcp::model::{CallToolResult, Tool};
use serde_json::{Map, Value, json};
use wiremock::matchers::any;
use wiremock::{Mock, Request, Respond, ResponseTemplate};

const CALL_DEADLINE: Duration = Duration::from_secs(30);

/// Which properties a call fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Fill {
    Required,
    All,
}

impl Fill {
    fn as_str(self) -> &'static str {
        match self {
            Self::Required => "required",
            Self::All => "all",
        }
    }
}

/// How an allowed call ends instead of succeeding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ending {
    /// `invalid arguments: …` naming a field, before anything is sent.
    LocalRefusal,
    /// A composite's documented `Refused` outcome, after its (spec-valid) steps.
    Refused,
}

/// The calls that may end other than in success, with why the schema cannot say it. Each entry
/// must still happen (a stale one fails), so the list only holds what the tools rely on.
const ALLOWED: &[(&str, Fill, Ending, &str)] = &[
    (
        "okta_assign_admin_role_to_user",
        Fill::All,
        Ending::LocalRefusal,
        "`role` and `resourceSet` go with type CUSTOM only, and CUSTOM needs both: a rule across fields (the first type is a standard role)",
    ),
    (
        "okta_assign_admin_role_to_group",
        Fill::All,
        Ending::LocalRefusal,
        "`role` and `resourceSet` go with type CUSTOM only, and CUSTOM needs both: a rule across fields (the first type is a standard role)",
    ),
    (
        "okta_iga_list_user_entitlements",
        Fill::All,
        Ending::LocalRefusal,
        "`limit` and `after` apply only without `appId` (Okta answers one app's entitlements in a single page): a rule across fields",
    ),
    (
        "okta_iga_review_campaign_item",
        Fill::Required,
        Ending::LocalRefusal,
        "action `reassign` (the first action) needs `reviewIds`, `reviewerId` and `note`: required by another field's value",
    ),
    (
        "okta_update_user",
        Fill::Required,
        Ending::LocalRefusal,
        "an update names at least one of profile, credentials, type or realmId: a rule across fields (each object has minProperties 1)",
    ),
    (
        "okta_update_app_user",
        Fill::Required,
        Ending::LocalRefusal,
        "an update names at least one of credentials or profile: a rule across fields (each has minProperties 1)",
    ),
    (
        "okta_update_inline_hook",
        Fill::Required,
        Ending::LocalRefusal,
        "an update names at least one of name, version or channel: a rule across fields",
    ),
    (
        "okta_create_network_zone",
        Fill::Required,
        Ending::LocalRefusal,
        "an IP zone (the first type) needs gateways or proxies: a rule across fields (type and the address lists)",
    ),
    (
        "okta_create_network_zone",
        Fill::All,
        Ending::LocalRefusal,
        "asns, locations and proxyType are for DYNAMIC zones, gateways and proxies for IP ones: required or refused by another field's value (type)",
    ),
    (
        "okta_update_network_zone",
        Fill::All,
        Ending::LocalRefusal,
        "asns, locations and proxyType are for DYNAMIC zones, gateways and proxies for IP ones: required or refused by another field's value (type)",
    ),
    (
        "okta_create_org_policy",
        Fill::All,
        Ending::LocalRefusal,
        "which conditions a policy takes depends on its type (ACCESS_POLICY, the first, takes none): refused by another field's value",
    ),
    (
        "okta_update_org_policy",
        Fill::All,
        Ending::LocalRefusal,
        "which conditions a policy takes depends on its type (ACCESS_POLICY, the first, takes none): refused by another field's value",
    ),
    (
        "okta_create_device_assurance_policy",
        Fill::All,
        Ending::LocalRefusal,
        "which checks a policy takes depends on its platform (osVersionConstraints: WINDOWS only; ANDROID is the first): refused by another field's value",
    ),
    (
        "okta_update_device_assurance_policy",
        Fill::All,
        Ending::LocalRefusal,
        "which checks a policy takes depends on its platform (osVersionConstraints: WINDOWS only; ANDROID is the first): refused by another field's value",
    ),
    (
        "okta_create_trusted_origin",
        Fill::All,
        Ending::LocalRefusal,
        "allowedOktaApps goes with an IFRAME_EMBED scope only (CORS is the first type): refused by another field's value",
    ),
    (
        "okta_update_trusted_origin",
        Fill::All,
        Ending::LocalRefusal,
        "allowedOktaApps goes with an IFRAME_EMBED scope only (CORS is the first type): refused by another field's value",
    ),
    (
        "okta_iga_approve_access_request",
        Fill::Required,
        Ending::Refused,
        "the spec's example task list has no OPEN APPROVAL task for this request, so after a spec-valid task lookup the tool ends in its documented Refused outcome (no open approval task); the resolve step is not reached",
    ),
    (
        "okta_iga_approve_access_request",
        Fill::All,
        Ending::Refused,
        "as with the required properties: the only property is requestId",
    ),
    (
        "okta_update_customized_sign_in_page",
        Fill::Required,
        Ending::LocalRefusal,
        "a page update names at least one of pageContent, contentSecurityPolicySetting, widgetCustomizations or widgetVersion (a PUT of nothing would reset the page): a rule across fields",
    ),
    (
        "okta_update_preview_sign_in_page",
        Fill::Required,
        Ending::LocalRefusal,
        "a page update names at least one of pageContent, contentSecurityPolicySetting, widgetCustomizations or widgetVersion (a PUT of nothing would reset the page): a rule across fields",
    ),
    (
        "okta_update_customized_error_page",
        Fill::Required,
        Ending::LocalRefusal,
        "a page update names at least one of pageContent or contentSecurityPolicySetting (a PUT of nothing would reset the page): a rule across fields",
    ),
    (
        "okta_update_preview_error_page",
        Fill::Required,
        Ending::LocalRefusal,
        "a page update names at least one of pageContent or contentSecurityPolicySetting (a PUT of nothing would reset the page): a rule across fields",
    ),
    (
        "okta_update_sign_out_page_settings",
        Fill::Required,
        Ending::LocalRefusal,
        "EXTERNALLY_HOSTED (the first type) needs a url, OKTA_DEFAULT takes none: required by another field's value",
    ),
    (
        "okta_iga_deny_access_request",
        Fill::Required,
        Ending::Refused,
        "the spec's example task list has no OPEN APPROVAL task for this request, so after a spec-valid task lookup the tool ends in its documented Refused outcome (no open approval task); the resolve step is not reached",
    ),
    (
        "okta_iga_deny_access_request",
        Fill::All,
        Ending::Refused,
        "as with the required properties: the only property is requestId",
    ),
    (
        "okta_iga_revoke_access_request",
        Fill::Required,
        Ending::Refused,
        "the spec's example request is SUBMITTED (it granted nothing), so after a spec-valid request lookup the tool ends in its documented Refused outcome (nothing to revoke); the grant lookup and revoke steps are not reached",
    ),
    (
        "okta_iga_revoke_access_request",
        Fill::All,
        Ending::Refused,
        "as with the required properties: the only property is requestId",
    ),
    (
        "okta_upload_brand_theme_logo",
        Fill::Required,
        Ending::LocalRefusal,
        "file takes exactly one of path or contentBase64 (neither is required on its own): a rule across fields; and no value made from a schema is an image file",
    ),
    (
        "okta_upload_brand_theme_logo",
        Fill::All,
        Ending::LocalRefusal,
        "file takes exactly one of path or contentBase64, and all properties give both: a rule across fields",
    ),
    (
        "okta_upload_brand_theme_favicon",
        Fill::Required,
        Ending::LocalRefusal,
        "file takes exactly one of path or contentBase64 (neither is required on its own): a rule across fields; and no value made from a schema is an image file",
    ),
    (
        "okta_upload_brand_theme_favicon",
        Fill::All,
        Ending::LocalRefusal,
        "file takes exactly one of path or contentBase64, and all properties give both: a rule across fields",
    ),
    (
        "okta_upload_brand_theme_background_image",
        Fill::Required,
        Ending::LocalRefusal,
        "file takes exactly one of path or contentBase64 (neither is required on its own): a rule across fields; and no value made from a schema is an image file",
    ),
    (
        "okta_upload_brand_theme_background_image",
        Fill::All,
        Ending::LocalRefusal,
        "file takes exactly one of path or contentBase64, and all properties give both: a rule across fields",
    ),
];

/// Tools that still fail, with why. Shrink-only: a listed tool that passes fails the test.
const KNOWN_FAILURES: &[(&str, &str)] = &[(
    "okta_create_app",
    "all properties: `name` goes with the first signOnMode, AUTO_LOGIN, and the spec's AutoLoginApplication (like SamlApplication) marks `name` readOnly, as a custom app's key is generated. A catalog (OIN) app is created with its catalog key as `name` and the catalog app's signOnMode, AUTO_LOGIN and SAML_2_0 included, which the spec's schemas (chosen by signOnMode alone) do not model; so neither the schema nor a local refusal can forbid the pair without refusing catalog apps",
)];

// ---- Arguments from a schema --------------------------------------------------------------------

/// The id prefix a description names: `00u… or login` or `Requester id (00u…)` → `00u`.
fn id_prefix(description: &str) -> Option<&str> {
    let leading = description
        .split_once('…')
        .map(|(p, _)| p)
        .filter(|p| p.len() == 3 && p.chars().all(|c| c.is_ascii_alphanumeric()));
    if leading.is_some() {
        return leading;
    }
    description.match_indices('(').find_map(|(i, _)| {
        let rest = &description[i + 1..];
        let (prefix, after) = rest.split_once('…')?;
        (prefix.len() == 3
            && prefix.chars().all(|c| c.is_ascii_alphanumeric())
            && after.starts_with(')'))
        .then_some(prefix)
    })
}

fn string_value(description: &str) -> Value {
    if let Some(prefix) = id_prefix(description) {
        // Okta ids are 20 characters; the governance spec checks the length.
        return json!(format!("{prefix}1abcdEFGHijkl0h78"));
    }
    if description.contains("ISO 8601") {
        return json!("2026-01-01T00:00:00.000Z");
    }
    json!("example")
}

fn number_value(schema: &Value, fill: Fill) -> Value {
    let bound = |k: &str| schema.get(k).and_then(Value::as_i64);
    let low = bound("minimum").or_else(|| bound("exclusiveMinimum").map(|m| m + 1));
    let high = bound("maximum").or_else(|| bound("exclusiveMaximum").map(|m| m - 1));
    let v = match fill {
        Fill::Required => low.or(high),
        Fill::All => high.or(low),
    };
    json!(v.unwrap_or(1))
}

/// A value for `schema`; `hint` is the description of the property it sits under (an array's
/// items often have none of their own). `listing` is the tools/list the schema came in: a folded
/// schema is read as the one it refers to, as a model would.
fn value_for(schema: &Value, hint: &str, fill: Fill, listing: &[Tool]) -> Value {
    if let Some(whole) = okta_mcp_core::listing::unfold(listing, schema) {
        return value_for(&whole, hint, fill, listing);
    }
    let description = schema
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or(hint);
    if let Some(c) = schema.get("const") {
        return c.clone();
    }
    // A value the schema offers as an example is what a model copies (a pattern it cannot guess).
    if let Some(first) = schema
        .get("examples")
        .and_then(Value::as_array)
        .and_then(|e| e.first())
    {
        return first.clone();
    }
    if let Some(first) = schema
        .get("enum")
        .and_then(Value::as_array)
        .and_then(|e| e.first())
    {
        return first.clone();
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(first) = schema
            .get(key)
            .and_then(Value::as_array)
            .and_then(|v| v.first())
        {
            return value_for(first, description, fill, listing);
        }
    }
    let ty = match schema.get("type") {
        Some(Value::Array(types)) => types
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null"),
        Some(t) => t.as_str(),
        None => None,
    };
    match ty {
        Some("object") => object_for(schema, fill, listing),
        Some("array") => {
            let items = schema.get("items").unwrap_or(&Value::Null);
            let n = schema
                .get("minItems")
                .and_then(Value::as_u64)
                .unwrap_or(1)
                .max(1);
            Value::Array(
                (0..n)
                    .map(|_| value_for(items, description, fill, listing))
                    .collect(),
            )
        }
        Some("boolean") => json!(true),
        Some("integer" | "number") => number_value(schema, fill),
        _ => string_value(description),
    }
}

/// A paging cursor: a model copies it from the previous page's `nextCursor` (which comes from
/// Okta's own next link), never makes one, so no call made from the schema sends one.
fn is_cursor(schema: &Value) -> bool {
    schema
        .get("description")
        .and_then(Value::as_str)
        .is_some_and(|d| d.contains("nextCursor"))
}

/// An object with the required (or all) properties of `schema`.
fn object_for(schema: &Value, fill: Fill, listing: &[Tool]) -> Value {
    let Some(props) = schema.get("properties").and_then(Value::as_object) else {
        // A free-form object that must not be empty gets one member.
        let min = schema.get("minProperties").and_then(Value::as_u64);
        return match min {
            Some(n) if n > 0 => json!({ "example": "example" }),
            _ => json!({}),
        };
    };
    let required: BTreeSet<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    Value::Object(
        props
            .iter()
            .filter(|(k, _)| fill == Fill::All || required.contains(k.as_str()))
            .filter(|(_, s)| !is_cursor(s))
            .map(|(k, s)| (k.clone(), value_for(s, "", fill, listing)))
            .collect(),
    )
}

/// Arguments from the tool's schema as `listing` (its server's tools/list) shows it.
fn arguments(tool: &Tool, fill: Fill, listing: &[Tool]) -> Map<String, Value> {
    match object_for(&Value::Object((*tool.input_schema).clone()), fill, listing) {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

// ---- The checking org ---------------------------------------------------------------------------

/// One request the org received, and what the spec says of it.
#[derive(Debug, Clone)]
struct Seen {
    /// `GET /api/v1/users/00u…?limit=1`.
    line: String,
    /// `(method, template)` of its operation, if it is one.
    operation: Option<(String, String)>,
    /// What is wrong with it; empty when it is spec-valid.
    findings: Vec<String>,
}

#[derive(Clone)]
struct Checker {
    spec: &'static Spec,
    seen: Arc<Mutex<Vec<Seen>>>,
    /// Answers that were the spec's example, of all answered.
    examples: Arc<Mutex<(usize, usize)>>,
}

fn okta_error(status: u16, summary: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({
        "errorCode": "E0000001",
        "errorSummary": summary,
        "errorLink": "E0000001",
        "errorId": "oaeschemaDRIVEN0000000",
        "errorCauses": []
    }))
}

impl Respond for Checker {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let method = req.method.as_str().to_owned();
        let path = req.url.path().to_owned();
        let line = match req.url.query() {
            Some(q) => format!("{method} {path}?{q}"),
            None => format!("{method} {path}"),
        };
        let mut query: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (k, v) in req.url.query_pairs() {
            query
                .entry(k.into_owned())
                .or_default()
                .push(v.into_owned());
        }
        let mut findings = Vec::new();
        let form = mock_okta::replay::multipart_of(req);
        let body: Option<Value> = if form.is_some() || req.body.iter().all(u8::is_ascii_whitespace)
        {
            None
        } else {
            match serde_json::from_slice(&req.body) {
                Ok(v) => Some(v),
                Err(e) => {
                    findings.push(format!("the body is not JSON: {e}"));
                    None
                }
            }
        };
        let Some(op) = self.spec.find(&method, &path) else {
            findings.push("no operation of the specs has this method and path".to_owned());
            self.seen.lock().unwrap().push(Seen {
                line,
                operation: None,
                findings,
            });
            return okta_error(404, "schema-driven org: not an operation of the specs");
        };
        let report = match form {
            Some(Ok(parts)) => self.spec.check_form_request(op, &path, &query, &parts),
            Some(Err(e)) => {
                findings.push(format!("the multipart body is malformed: {e}"));
                self.spec.check_request(op, &path, &query, None)
            }
            None => self.spec.check_request(op, &path, &query, body.as_ref()),
        };
        findings.extend(report.findings.iter().map(ToString::to_string));
        self.seen.lock().unwrap().push(Seen {
            line,
            operation: Some((op.method.clone(), op.template.clone())),
            findings,
        });
        let answer = self.spec.success_answer(op);
        {
            let mut n = self.examples.lock().unwrap();
            n.0 += usize::from(answer.from_example);
            n.1 += 1;
        }
        let t = ResponseTemplate::new(answer.status)
            .append_header("X-Rate-Limit-Limit", "600")
            .append_header("X-Rate-Limit-Remaining", "599")
            .append_header("X-Rate-Limit-Reset", "4102444800");
        match answer.body {
            None => t,
            Some(AnswerBody::Json(v)) => {
                t.set_body_raw(serde_json::to_vec(&v).unwrap(), "application/json")
            }
            Some(AnswerBody::Text { content_type, text }) => {
                t.set_body_raw(text.into_bytes(), content_type.as_str())
            }
        }
    }
}

// ---- Calls and verdicts -------------------------------------------------------------------------

/// How one call came out.
#[derive(Debug)]
enum Verdict {
    Passed,
    /// Allowed by [`ALLOWED`]: which ending, and the text.
    Allowed(Ending, String),
    Failed(String),
}

struct CallRecord {
    tool: &'static str,
    fill: Fill,
    args: Map<String, Value>,
    verdict: Verdict,
    requests: usize,
}

fn allowed(tool: &str, fill: Fill) -> Option<Ending> {
    ALLOWED
        .iter()
        .find(|(t, f, _, _)| *t == tool && *f == fill)
        .map(|(_, _, e, _)| *e)
}

/// Whether `text` names one of the tool's properties (at any depth).
fn names_a_field(tool: &ToolSpec, text: &str) -> bool {
    fn names(schema: &Value, out: &mut Vec<String>) {
        if let Some(props) = schema.get("properties").and_then(Value::as_object) {
            for (k, s) in props {
                out.push(k.clone());
                names(s, out);
            }
        }
        if let Some(items) = schema.get("items") {
            names(items, out);
        }
    }
    let mut all = Vec::new();
    names(&Value::Object((*tool.input_schema).clone()), &mut all);
    all.iter().any(|n| {
        text.match_indices(n.as_str()).any(|(i, _)| {
            let before = text[..i].chars().next_back();
            let after = text[i + n.len()..].chars().next();
            let word = |c: Option<char>| c.is_none_or(|c| !c.is_ascii_alphanumeric() && c != '_');
            word(before) && word(after)
        })
    })
}

fn judge(
    tool: &ToolSpec,
    route_op: Option<&(String, String)>,
    fill: Fill,
    result: Result<CallToolResult, String>,
    seen: &[Seen],
) -> Verdict {
    let mut problems = Vec::new();
    for s in seen {
        for f in &s.findings {
            problems.push(format!("{}: {f}", s.line));
        }
        if !tool.is_composite()
            && let (Some(op), Some(route)) = (&s.operation, route_op)
            && op != route
        {
            problems.push(format!(
                "{}: is {} {}, not the tool's route {} {}",
                s.line, op.0, op.1, route.0, route.1
            ));
        }
    }
    let result = match result {
        Ok(r) => r,
        Err(e) => {
            problems.push(e);
            return Verdict::Failed(problems.join("\n"));
        }
    };
    let text = text_of(&result);
    let verdict = if result.is_error != Some(true) {
        if seen.is_empty() {
            problems.push("succeeded without sending a request".into());
        }
        Verdict::Passed
    } else if text.starts_with("invalid arguments:") && seen.is_empty() {
        match allowed(tool.name, fill) {
            Some(Ending::LocalRefusal) if names_a_field(tool, &text) => {
                Verdict::Allowed(Ending::LocalRefusal, text)
            }
            Some(Ending::LocalRefusal) => {
                problems.push(format!("refused locally without naming a field: {text}"));
                Verdict::Passed
            }
            _ => {
                problems.push(format!("refused locally: {text}"));
                Verdict::Passed
            }
        }
    } else if tool.is_composite()
        && !seen.is_empty()
        && !text.starts_with("Okta ")
        && !text.starts_with("invalid arguments:")
        && allowed(tool.name, fill) == Some(Ending::Refused)
    {
        Verdict::Allowed(Ending::Refused, text)
    } else {
        problems.push(format!("ended in an error: {text}"));
        Verdict::Passed
    };
    if problems.is_empty() {
        verdict
    } else {
        Verdict::Failed(problems.join("\n"))
    }
}

/// Calls every tool of one server, both fills, one call at a time (so each request is the call's).
async fn run_server(server: ServerSpec, spec: &'static Spec) -> (Vec<CallRecord>, (usize, usize)) {
    let org = MockOrg::reusable(Vec::new(), None).await;
    let checker = Checker {
        spec,
        seen: Arc::new(Mutex::new(Vec::new())),
        examples: Arc::new(Mutex::new((0, 0))),
    };
    Mock::given(any())
        .respond_with(checker.clone())
        .with_priority(10)
        .mount(org.server())
        .await;
    let env = if server.requires_oauth {
        mount_token_endpoint(&org).await;
        oauth_env(&org.uri())
    } else {
        ssws_env(&org.uri())
    };
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let bin = binary_path(server.name).unwrap();
    let client: Client = connect(&bin, &env)
        .await
        .unwrap_or_else(|e| panic!("{}: {e}", server.name));
    let listing = client
        .list_all_tools()
        .await
        .unwrap_or_else(|e| panic!("{}: tools/list: {e}", server.name));
    let mut records = Vec::new();
    for tool in (server.tools)() {
        let listed = listing
            .iter()
            .find(|t| t.name == tool.name)
            .unwrap_or_else(|| panic!("{} is not listed", tool.name));
        let route_op = spec
            .find_template(tool.route.method.as_str(), tool.route.path)
            .map(|op| (op.method.clone(), op.template.clone()));
        for fill in [Fill::Required, Fill::All] {
            let args = arguments(listed, fill, &listing);
            let result =
                match tokio::time::timeout(CALL_DEADLINE, call(&client, tool.name, &args)).await {
                    Ok(Ok(r)) => Ok(r),
                    Ok(Err(e)) => Err(format!("protocol error: {e}")),
                    Err(_) => Err(format!("no answer within {CALL_DEADLINE:?}")),
                };
            let seen = std::mem::take(&mut *checker.seen.lock().unwrap());
            let verdict = judge(&tool, route_op.as_ref(), fill, result, &seen);
            records.push(CallRecord {
                tool: tool.name,
                fill,
                args,
                verdict,
                requests: seen.len(),
            });
        }
    }
    let _ = client.cancel().await;
    let examples = *checker.examples.lock().unwrap();
    (records, examples)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_tool_called_from_its_own_schema_sends_spec_valid_requests() {
    let spec = spec::spec().unwrap_or_else(|e| panic!("the vendored specs do not load: {e}"));
    let tasks: Vec<_> = TOOLSETS
        .into_iter()
        .map(|server| tokio::spawn(run_server(server, spec)))
        .collect();
    let mut records = Vec::new();
    let (mut from_example, mut answered) = (0, 0);
    for t in tasks {
        let (r, (e, a)) = t.await.unwrap();
        records.extend(r);
        from_example += e;
        answered += a;
    }

    let tools: BTreeSet<&str> = records.iter().map(|r| r.tool).collect();
    let mut failed: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut relying: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut allowed_seen: BTreeSet<(&str, Fill)> = BTreeSet::new();
    for r in &records {
        match &r.verdict {
            Verdict::Passed => {}
            Verdict::Allowed(ending, text) => {
                allowed_seen.insert((r.tool, r.fill));
                relying
                    .entry(r.tool)
                    .or_default()
                    .push(format!("{} ({ending:?}): {text}", r.fill.as_str()));
            }
            Verdict::Failed(why) => failed.entry(r.tool).or_default().push(format!(
                "[{}] args {}\n    {}",
                r.fill.as_str(),
                Value::Object(r.args.clone()),
                why.replace('\n', "\n    ")
            )),
        }
    }
    let known: BTreeMap<&str, &str> = KNOWN_FAILURES.iter().copied().collect();
    let requests: usize = records.iter().map(|r| r.requests).sum();
    let passing = tools.len() - failed.len();

    let mut out = String::new();
    writeln!(out, "schema-driven calls:").unwrap();
    writeln!(
        out,
        "  tools tested {}, calls {}, requests checked against the spec {} (answered {}, with the spec's example {})",
        tools.len(),
        records.len(),
        requests,
        answered,
        from_example
    )
    .unwrap();
    let relying_on = |ending: Ending| {
        records
            .iter()
            .filter(|r| matches!(&r.verdict, Verdict::Allowed(e, _) if *e == ending))
            .map(|r| r.tool)
            .collect::<BTreeSet<_>>()
            .len()
    };
    writeln!(
        out,
        "  tools passing {passing} (relying on an allowed local refusal {}, on a composite's Refused outcome {}), failing {} (listed as known {})",
        relying_on(Ending::LocalRefusal),
        relying_on(Ending::Refused),
        failed.len(),
        failed.keys().filter(|t| known.contains_key(*t)).count()
    )
    .unwrap();
    for (tool, why) in &known {
        writeln!(out, "  known failure: {tool}: {why}").unwrap();
    }
    for (tool, lines) in &relying {
        writeln!(out, "  allowed: {tool}: {}", lines.join(" | ")).unwrap();
    }
    eprintln!("{out}");

    let mut problems = Vec::new();
    for (tool, lines) in &failed {
        if !known.contains_key(tool) {
            problems.push(format!("{tool}:\n  {}", lines.join("\n  ")));
        }
    }
    for (tool, why) in &known {
        if !tools.contains(tool) {
            problems.push(format!("KNOWN_FAILURES names {tool}, which no server has"));
        } else if !failed.contains_key(tool) {
            problems.push(format!(
                "{tool} passes now; remove it from KNOWN_FAILURES ({why})"
            ));
        }
    }
    for (tool, fill, ending, why) in ALLOWED {
        if !allowed_seen.contains(&(*tool, *fill)) {
            problems.push(format!(
                "ALLOWED lists {tool} [{}] ({ending:?}: {why}), which no longer ends that way; remove it",
                fill.as_str()
            ));
        }
    }
    assert!(tools.len() > 100, "only {} tools", tools.len());
    assert!(
        problems.is_empty(),
        "{} problems:\n\n{}",
        problems.len(),
        problems.join("\n\n")
    );
}
