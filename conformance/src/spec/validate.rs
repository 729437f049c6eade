//! Checking a request or a response against its operation.

use std::collections::BTreeMap;
use std::sync::Arc;

use jsonschema::{Draft, Validator};
use mock_okta::FormPart;
use serde_json::{Value, json};

use super::convert::{Mode, base_uri, reference};
use super::ops::{Operation, Param, escape, resolve};
use super::{Category, Finding, Spec};

/// A response body as recorded.
#[derive(Debug, Clone, Copy)]
pub enum ResponseBody<'a> {
    None,
    Json(&'a Value),
    /// A raw, non-JSON body (XML metadata).
    Text,
}

/// What checking a request found.
#[derive(Debug, Default)]
pub struct RequestReport {
    pub findings: Vec<Finding>,
    /// A JSON body was validated against the operation's schema.
    pub body_validated: bool,
}

/// What checking a response found.
#[derive(Debug, Default)]
pub struct ResponseReport {
    /// The status is declared for the operation (or it has a `default` response).
    pub declared: bool,
    /// A JSON body was validated against the declared schema.
    pub body_validated: bool,
    pub findings: Vec<Finding>,
}

const FORM: &str = "multipart/form-data";

/// A form as its schema sees it: an object of its fields, each part's content a string (OpenAPI
/// models a file as `type: string, format: binary`).
pub fn form_instance(parts: &[FormPart]) -> Value {
    Value::Object(
        parts
            .iter()
            .map(|p| {
                let what = format!(
                    "{} bytes of {}",
                    p.size,
                    p.content_type.as_deref().unwrap_or("text/plain")
                );
                (p.name.clone(), Value::String(what))
            })
            .collect(),
    )
}

/// The media type of `content` (a pointer to a Content map) that carries JSON, if any.
fn json_media_type(raw: &Value, content: &str) -> Option<String> {
    let map = raw.pointer(content)?.as_object()?;
    if map.contains_key("application/json") {
        return Some("application/json".into());
    }
    map.keys().find(|k| k.contains("json")).cloned()
}

fn media_types(raw: &Value, content: &str) -> Vec<String> {
    raw.pointer(content)
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

/// The schema's type after `$ref`s, and its items' type for an array.
fn types_at(raw: &Value, pointer: &str) -> (Option<String>, Option<String>) {
    let ty = |p: String| {
        resolve(raw, p).and_then(|(_, s)| s.get("type").and_then(Value::as_str).map(str::to_owned))
    };
    let own = ty(pointer.to_owned());
    let items = (own.as_deref() == Some("array"))
        .then(|| resolve(raw, pointer.to_owned()).and_then(|(at, _)| ty(format!("{at}/items"))))
        .flatten();
    (own, items)
}

/// A query or path value as the schema's type, where it reads as one; else the string, for the
/// validator to refuse with the type it expected.
fn coerce(value: &str, ty: Option<&str>) -> Value {
    let parsed = match ty {
        Some("integer") => value.parse::<i64>().ok().map(Value::from),
        Some("number") => value.parse::<f64>().ok().map(Value::from),
        Some("boolean") => value.parse::<bool>().ok().map(Value::from),
        _ => None,
    };
    parsed.unwrap_or_else(|| Value::String(value.to_owned()))
}

impl Spec {
    /// The compiled validator of the schema at `pointer` in a converted document.
    fn validator(&self, doc: usize, mode: Mode, pointer: &str) -> Result<Arc<Validator>, Finding> {
        let key = (doc, mode, pointer.to_owned());
        let mut cache = self.validators.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(v) = cache.get(&key) {
            return Ok(v.clone());
        }
        let document = &self.docs[doc];
        let root = json!({ "$ref": reference(&base_uri(&document.file, mode), pointer) });
        let validator = jsonschema::options()
            .with_draft(Draft::Draft202012)
            .with_registry(document.registry(mode))
            .should_validate_formats(true)
            .build(&root)
            .map_err(|e| {
                Finding::new(
                    Category::SchemaUnusable,
                    format!("{}#{pointer}", document.file),
                    format!("the schema could not be compiled: {e}"),
                )
            })?;
        let validator = Arc::new(validator);
        cache.insert(key, validator.clone());
        Ok(validator)
    }

    fn validate(
        &self,
        op: &Operation,
        mode: Mode,
        pointer: &str,
        instance: &Value,
        category: Category,
        at: &str,
    ) -> Vec<Finding> {
        match self.validator(op.doc, mode, pointer) {
            Ok(v) if v.is_valid(instance) => Vec::new(),
            Ok(v) => Finding::from_errors(category, at, self.raw(op), v.iter_errors(instance)),
            Err(unusable) => vec![unusable],
        }
    }

    /// A body against the schema of media type `mt` in `content`; none declared admits any body.
    fn validate_body(
        &self,
        op: &Operation,
        mode: Mode,
        content: &str,
        mt: &str,
        body: &Value,
    ) -> Vec<Finding> {
        let (category, at) = match mode {
            Mode::Request => (Category::RequestBodyInvalid, "request.body"),
            Mode::Response => (Category::ResponseBodyInvalid, "response.body"),
        };
        let schema = format!("{content}/{}/schema", escape(mt));
        if self.raw(op).pointer(&schema).is_none() {
            return Vec::new();
        }
        self.validate(op, mode, &schema, body, category, at)
    }

    fn raw(&self, op: &Operation) -> &Value {
        &self.docs[op.doc].raw
    }

    /// Checks a request: path parameters, query parameters (each declared, required ones present,
    /// values valid once read as their schema's type) and the JSON body (`readOnly` absent).
    /// `path` is as sent (percent-encoded), `query` decoded.
    pub fn check_request(
        &self,
        op: &Operation,
        path: &str,
        query: &BTreeMap<String, Vec<String>>,
        body: Option<&Value>,
    ) -> RequestReport {
        let mut report = self.check_params(op, path, query);
        self.check_request_body(op, body, &mut report);
        report
    }

    /// Checks a multipart/form-data request (an upload): path and query as [`Self::check_request`]
    /// does, and its parts, as [`form_instance`] makes them, against the operation's
    /// multipart/form-data schema.
    pub fn check_form_request(
        &self,
        op: &Operation,
        path: &str,
        query: &BTreeMap<String, Vec<String>>,
        parts: &[FormPart],
    ) -> RequestReport {
        let mut report = self.check_params(op, path, query);
        let raw = self.raw(op);
        let Some((at, _)) = resolve(raw, format!("{}/requestBody", op.pointer)) else {
            report.findings.push(Finding::new(
                Category::RequestBodyUndeclared,
                "request.multipart",
                format!("{} declares no request body", op.label()),
            ));
            return report;
        };
        let content = format!("{at}/content");
        if raw
            .pointer(&format!("{content}/{}", escape(FORM)))
            .is_none()
        {
            report.findings.push(Finding::new(
                Category::RequestBodyUndeclared,
                "request.multipart",
                format!(
                    "a multipart/form-data body; the operation takes {:?}",
                    media_types(raw, &content)
                ),
            ));
            return report;
        }
        let found = self.validate_body(op, Mode::Request, &content, FORM, &form_instance(parts));
        report.findings.extend(found);
        report.body_validated = true;
        report
    }

    fn check_params(
        &self,
        op: &Operation,
        path: &str,
        query: &BTreeMap<String, Vec<String>>,
    ) -> RequestReport {
        let mut report = RequestReport::default();
        for (name, raw_value) in op.path_values(path) {
            let value = percent_encoding::percent_decode_str(raw_value).decode_utf8_lossy();
            if let Some(param) = op
                .params
                .iter()
                .find(|p| p.location == "path" && p.name == name)
            {
                report.findings.extend(self.check_param(
                    op,
                    param,
                    &[value.into_owned()],
                    Category::PathParamInvalid,
                ));
            }
        }
        for (name, values) in query {
            match op
                .params
                .iter()
                .find(|p| p.location == "query" && p.name == *name)
            {
                Some(param) => report.findings.extend(self.check_param(
                    op,
                    param,
                    values,
                    Category::QueryInvalid,
                )),
                None => report.findings.push(Finding::new(
                    Category::QueryUndeclared,
                    format!("request.query.{name}"),
                    format!("{} declares no query parameter {name:?}", op.label()),
                )),
            }
        }
        for param in op
            .params
            .iter()
            .filter(|p| p.location == "query" && p.required)
        {
            if !query.contains_key(&param.name) {
                report.findings.push(Finding::new(
                    Category::QueryMissing,
                    format!("request.query.{}", param.name),
                    "required by the operation, not sent",
                ));
            }
        }
        report
    }

    fn check_param(
        &self,
        op: &Operation,
        param: &Param,
        values: &[String],
        category: Category,
    ) -> Vec<Finding> {
        let place = if param.location == "path" {
            "path"
        } else {
            "query"
        };
        let at = format!("request.{place}.{}", param.name);
        let Some(schema) = &param.schema else {
            return Vec::new();
        };
        let raw = self.raw(op);
        let (ty, items) = types_at(raw, schema);
        let instance = if ty.as_deref() == Some("array") {
            // Form style: repeated (`a=1&a=2`), or comma-separated when the parameter says explode: false.
            let param_obj = raw.pointer(schema.trim_end_matches("/schema"));
            let exploded = param_obj.and_then(|p| p.get("explode")) != Some(&Value::Bool(false));
            let parts: Vec<&str> = if exploded {
                values.iter().map(String::as_str).collect()
            } else {
                values.iter().flat_map(|v| v.split(',')).collect()
            };
            Value::Array(
                parts
                    .into_iter()
                    .map(|v| coerce(v, items.as_deref()))
                    .collect(),
            )
        } else {
            match values {
                [one] => coerce(one, ty.as_deref()),
                _ => {
                    return vec![Finding::new(
                        category,
                        at,
                        format!("sent {} times; the schema takes one value", values.len()),
                    )];
                }
            }
        };
        self.validate(op, Mode::Request, schema, &instance, category, &at)
    }

    fn check_request_body(&self, op: &Operation, body: Option<&Value>, report: &mut RequestReport) {
        let raw = self.raw(op);
        let declared = resolve(raw, format!("{}/requestBody", op.pointer));
        let body = body.filter(|b| !b.is_null());
        match (body, declared) {
            (None, Some((_, rb))) if rb.get("required") == Some(&Value::Bool(true)) => {
                report.findings.push(Finding::new(
                    Category::RequestBodyMissing,
                    "request.body",
                    format!("{} requires a body; none sent", op.label()),
                ));
            }
            (None, _) => {}
            (Some(_), None) => report.findings.push(Finding::new(
                Category::RequestBodyUndeclared,
                "request.body",
                format!("{} declares no request body", op.label()),
            )),
            (Some(body), Some((at, _))) => {
                let content = format!("{at}/content");
                match json_media_type(raw, &content) {
                    Some(mt) => {
                        let found = self.validate_body(op, Mode::Request, &content, &mt, body);
                        report.findings.extend(found);
                        report.body_validated = true;
                    }
                    None => report.findings.push(Finding::new(
                        Category::RequestBodyUndeclared,
                        "request.body",
                        format!(
                            "a JSON body; the operation takes {:?}",
                            media_types(raw, &content)
                        ),
                    )),
                }
            }
        }
    }

    /// Checks a response: its status declared (exactly, as `4XX`, or by `default`) and its body
    /// valid for the schema declared for that status. An undeclared status is reported by
    /// `declared: false` only, for the caller to weigh (a case may assume it).
    pub fn check_response(
        &self,
        op: &Operation,
        status: u16,
        body: ResponseBody<'_>,
    ) -> ResponseReport {
        let raw = self.raw(op);
        let responses = format!("{}/responses", op.pointer);
        let code = status.to_string();
        let range = format!("{}XX", status / 100);
        let declared = raw
            .pointer(&responses)
            .and_then(Value::as_object)
            .and_then(|map| {
                map.keys()
                    .find(|k| **k == code)
                    .or_else(|| map.keys().find(|k| k.eq_ignore_ascii_case(&range)))
                    .or_else(|| map.keys().find(|k| *k == "default"))
                    .cloned()
            });
        let Some(key) = declared else {
            return ResponseReport::default();
        };
        let mut report = ResponseReport {
            declared: true,
            ..ResponseReport::default()
        };
        let Some((at, _)) = resolve(raw, format!("{responses}/{}", escape(&key))) else {
            return report;
        };
        let content = format!("{at}/content");
        let json = json_media_type(raw, &content);
        let label = format!("{} {key}", op.label());
        match (body, json) {
            (ResponseBody::Json(body), Some(mt)) => {
                let found = self.validate_body(op, Mode::Response, &content, &mt, body);
                report.findings.extend(found);
                report.body_validated = true;
            }
            (ResponseBody::Json(_), None) => report.findings.push(Finding::new(
                Category::ResponseBodyUndeclared,
                "response.body",
                format!(
                    "a JSON body; {label} declares {:?}",
                    media_types(raw, &content)
                ),
            )),
            (ResponseBody::Text, _)
                if media_types(raw, &content)
                    .iter()
                    .any(|m| !m.contains("json")) => {}
            (ResponseBody::Text, _) => report.findings.push(Finding::new(
                Category::ResponseBodyUndeclared,
                "response.body",
                format!(
                    "a non-JSON body; {label} declares {:?}",
                    media_types(raw, &content)
                ),
            )),
            (ResponseBody::None, Some(_)) => report.findings.push(Finding::new(
                Category::ResponseBodyMissing,
                "response.body",
                format!("no body; {label} declares a JSON one"),
            )),
            (ResponseBody::None, None) => {}
        }
        report
    }
}
