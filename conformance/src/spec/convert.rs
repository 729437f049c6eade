//! OpenAPI 3.0 documents to JSON Schema draft 2020-12, one converted document per direction.
//!
//! The converted document keeps the original's layout (`/paths/…/responses/200/content/…/schema`,
//! `/components/schemas/…`), so a JSON pointer into the spec is a pointer into it, and a failed
//! keyword's location names the spec's own place. What changes:
//! - `nullable: true` adds `null` to `type` (and to `enum`), or wraps a typeless schema in
//!   `anyOf [null, …]`;
//! - in requests a `readOnly` property becomes the `false` schema (it must be absent) and leaves
//!   `required`; in responses a `writeOnly` property leaves `required` (it may still appear);
//! - `oneOf`/`anyOf` with a `discriminator` becomes a dispatch on the discriminator's value to the
//!   mapped schema (explicit `mapping`, else the schema names), so an object that happens to fit
//!   several subtypes is judged by the one it names. A `discriminator` (with a `mapping`) beside
//!   no `oneOf` marks the base of an inheritance whose subtypes `allOf` it: a reference to the base
//!   dispatches the same way (through `components/x-dispatch/<name>`), while the subtypes' `allOf`
//!   references read the base alone, which would otherwise recurse;
//! - a `oneOf` without a discriminator is judged as `anyOf`: these specs list overlapping shapes
//!   under it (the `call`, `sms` and `email` branches of `UserFactorVerifyRequest` are identical),
//!   so exclusivity would refuse every body Okta documents. Findings name it `oneOf` again;
//! - boolean `exclusiveMinimum`/`exclusiveMaximum` become the draft 2020-12 numbers;
//! - `format` is kept only for `date-time` and `date`: the formats Okta's bodies follow strictly;
//!   the rest (`email`, `uri`, `int64`…) are documentation in these specs;
//! - every local `$ref` becomes absolute (`<base>#/components/…`) so it resolves in the registry;
//! - annotations (`description`, `example`, `x-…`) and `examples` are left out.

use std::collections::HashSet;

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use serde_json::{Map, Value, json};

/// Which side of an exchange a schema judges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Mode {
    Request,
    Response,
}

const HOST: &str = "https://okta-openapi.invalid/";

/// The URI the converted document of `file` is registered under, per direction.
pub(super) fn base_uri(file: &str, mode: Mode) -> String {
    let mode = match mode {
        Mode::Request => "request",
        Mode::Response => "response",
    };
    format!("{HOST}{file}/{mode}")
}

/// `management-….yaml#/components/schemas/User/…` for a keyword location in a converted document.
pub(super) fn spec_location(uri: &str) -> String {
    let Some(rest) = uri.strip_prefix(HOST) else {
        return uri.to_owned();
    };
    let (doc, fragment) = rest.split_once('#').unwrap_or((rest, ""));
    let file = doc.rsplit_once('/').map_or(doc, |(f, _)| f);
    let pointer = percent_encoding::percent_decode_str(fragment).decode_utf8_lossy();
    format!("{file}#{pointer}")
}

/// Characters a JSON pointer may hold that a URI fragment may not.
const FRAGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'|')
    .add(b'\\')
    .add(b'^')
    .add(b'#')
    .add(b'%')
    .add(b'[')
    .add(b']');

/// An absolute reference to `pointer` (unescaped JSON pointer syntax) in a converted document.
pub(super) fn reference(base: &str, pointer: &str) -> String {
    format!("{base}#{}", utf8_percent_encode(pointer, FRAGMENT))
}

/// Keys of non-schema objects that no check reads.
fn unread(key: &str) -> bool {
    key.starts_with("x-")
        || matches!(
            key,
            "examples"
                | "example"
                | "description"
                | "summary"
                | "tags"
                | "info"
                | "servers"
                | "security"
                | "securitySchemes"
                | "externalDocs"
        )
}

/// Schema keywords that only annotate.
fn annotation(key: &str) -> bool {
    key.starts_with("x-")
        || matches!(
            key,
            "description"
                | "title"
                | "example"
                | "examples"
                | "xml"
                | "externalDocs"
                | "deprecated"
                | "default"
                | "readOnly"
                | "writeOnly"
                | "nullable"
        )
}

/// Follows local `$ref`s and lone `allOf` wrappers far enough to read a flag on the target.
const MAX_REF_DEPTH: usize = 16;

pub(super) struct Converter<'a> {
    raw: &'a Value,
    mode: Mode,
    base: &'a str,
    /// The component schemas that are inheritance bases (see the module's notes).
    bases: HashSet<&'a str>,
}

impl<'a> Converter<'a> {
    pub(super) fn new(raw: &'a Value, mode: Mode, base: &'a str) -> Self {
        let schemas = raw
            .pointer("/components/schemas")
            .and_then(Value::as_object);
        let bases = schemas
            .into_iter()
            .flatten()
            .filter(|(_, s)| {
                let mapped = s
                    .pointer("/discriminator/mapping")
                    .and_then(Value::as_object);
                mapped.is_some_and(|m| !m.is_empty())
                    && s.get("oneOf").is_none()
                    && s.get("anyOf").is_none()
            })
            .map(|(name, _)| name.as_str())
            .collect();
        Self {
            raw,
            mode,
            base,
            bases,
        }
    }

    /// `components/x-dispatch`: for each inheritance base, the base and the dispatch to its subtypes.
    fn dispatches(&self) -> Value {
        let mut out = Map::new();
        for name in &self.bases {
            let discriminator = self
                .raw
                .pointer(&format!("/components/schemas/{name}/discriminator"));
            let Some(rules) = discriminator.and_then(|d| self.dispatch(d, &[])) else {
                continue;
            };
            let mut all_of =
                vec![json!({ "$ref": format!("{}#/components/schemas/{name}", self.base) })];
            all_of.extend(rules);
            out.insert((*name).to_owned(), json!({ "allOf": all_of }));
        }
        Value::Object(out)
    }

    /// The whole document converted: components and paths, schemas in JSON Schema.
    pub(super) fn document(&self) -> Value {
        let mut out = Map::new();
        let Some(root) = self.raw.as_object() else {
            return Value::Object(out);
        };
        for (key, value) in root {
            match key.as_str() {
                "components" => {
                    let mut components = Map::new();
                    for (kind, entries) in value.as_object().into_iter().flatten() {
                        if unread(kind) {
                            continue;
                        }
                        let converted = if kind == "schemas" {
                            let schemas = entries.as_object().into_iter().flatten();
                            Value::Object(
                                schemas
                                    .map(|(name, s)| (name.clone(), self.schema(s)))
                                    .collect(),
                            )
                        } else {
                            self.structure(entries)
                        };
                        components.insert(kind.clone(), converted);
                    }
                    components.insert("x-dispatch".into(), self.dispatches());
                    out.insert(key.clone(), Value::Object(components));
                }
                "paths" => {
                    out.insert(key.clone(), self.structure(value));
                }
                _ => {}
            }
        }
        Value::Object(out)
    }

    /// A part of the document that is not a schema; any `schema` member in it is one.
    fn structure(&self, value: &Value) -> Value {
        match value {
            Value::Object(obj) => Value::Object(
                obj.iter()
                    .filter(|(k, _)| !unread(k))
                    .map(|(k, v)| {
                        let v = match k.as_str() {
                            "schema" => self.schema(v),
                            "$ref" => self.absolute(v),
                            _ => self.structure(v),
                        };
                        (k.clone(), v)
                    })
                    .collect(),
            ),
            Value::Array(items) => Value::Array(items.iter().map(|v| self.structure(v)).collect()),
            other => other.clone(),
        }
    }

    fn absolute(&self, reference: &Value) -> Value {
        match reference.as_str() {
            Some(r) if r.starts_with('#') => Value::String(format!("{}{r}", self.base)),
            _ => reference.clone(),
        }
    }

    /// One schema object, converted.
    pub(super) fn schema(&self, value: &Value) -> Value {
        self.schema_in(value, false)
    }

    /// `in_all_of`: the schema is an item of an `allOf`, where a reference to an inheritance base
    /// means the base alone.
    fn schema_in(&self, value: &Value, in_all_of: bool) -> Value {
        let Value::Object(obj) = value else {
            return value.clone();
        };
        let nullable = obj.get("nullable") == Some(&Value::Bool(true));
        if let Some(r) = obj.get("$ref") {
            let base = r
                .as_str()
                .and_then(|r| r.strip_prefix("#/components/schemas/"))
                .filter(|name| !in_all_of && self.bases.contains(name));
            let r = match base {
                Some(name) => Value::String(format!("{}#/components/x-dispatch/{name}", self.base)),
                None => self.absolute(r),
            };
            // OpenAPI 3.0 ignores a `$ref`'s siblings; `nullable` beside one is the common intent.
            let target = json!({ "$ref": r });
            return if nullable { or_null(target) } else { target };
        }
        let hidden = self.hidden_properties(obj);
        let mut out = Map::new();
        for (key, v) in obj {
            if annotation(key) {
                continue;
            }
            let converted = match key.as_str() {
                "properties" => Value::Object(
                    v.as_object()
                        .into_iter()
                        .flatten()
                        .map(|(name, s)| {
                            let s = if self.mode == Mode::Request && self.is_flagged(s, "readOnly")
                            {
                                Value::Bool(false)
                            } else {
                                self.schema(s)
                            };
                            (name.clone(), s)
                        })
                        .collect(),
                ),
                "items" | "not" | "additionalProperties" => self.schema(v),
                // After the loop: they depend on each other and on `discriminator`.
                "allOf" | "anyOf" | "oneOf" | "discriminator" => continue,
                "required" => {
                    let kept: Vec<Value> = v
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter(|n| !n.as_str().is_some_and(|n| hidden.iter().any(|h| h == n)))
                        .cloned()
                        .collect();
                    if kept.is_empty() {
                        continue;
                    }
                    Value::Array(kept)
                }
                "format" => match v.as_str() {
                    Some("date-time" | "date") => v.clone(),
                    _ => continue,
                },
                "exclusiveMinimum" | "exclusiveMaximum" => {
                    let bound = if key == "exclusiveMinimum" {
                        "minimum"
                    } else {
                        "maximum"
                    };
                    match (v, obj.get(bound)) {
                        (Value::Bool(true), Some(limit)) => limit.clone(),
                        (Value::Bool(_), _) => continue,
                        _ => v.clone(),
                    }
                }
                "minimum" | "maximum" => {
                    let exclusive = if key == "minimum" {
                        "exclusiveMinimum"
                    } else {
                        "exclusiveMaximum"
                    };
                    if obj.get(exclusive) == Some(&Value::Bool(true)) {
                        continue;
                    }
                    v.clone()
                }
                _ => v.clone(),
            };
            out.insert(key.clone(), converted);
        }
        self.combinators(obj, &mut out);
        if !nullable {
            return Value::Object(out);
        }
        match out.get("type").cloned() {
            Some(Value::String(t)) => {
                out.insert("type".into(), json!([t, "null"]));
                if let Some(Value::Array(options)) = out.get_mut("enum")
                    && !options.contains(&Value::Null)
                {
                    options.push(Value::Null);
                }
                Value::Object(out)
            }
            _ => or_null(Value::Object(out)),
        }
    }

    /// Names dropped from `required` in this direction: read-only ones in requests, write-only
    /// ones in responses (declared in this schema's own `properties`).
    fn hidden_properties(&self, obj: &Map<String, Value>) -> Vec<String> {
        let flag = match self.mode {
            Mode::Request => "readOnly",
            Mode::Response => "writeOnly",
        };
        obj.get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .filter(|(_, s)| self.is_flagged(s, flag))
            .map(|(n, _)| n.clone())
            .collect()
    }

    /// Whether a schema carries `flag: true`, on itself, beside its `$ref`, or on what it refers to.
    fn is_flagged(&self, schema: &Value, flag: &str) -> bool {
        let mut current = schema;
        for _ in 0..MAX_REF_DEPTH {
            if current.get(flag) == Some(&Value::Bool(true)) {
                return true;
            }
            if let Some(r) = current.get("$ref").and_then(Value::as_str) {
                match r.strip_prefix('#').and_then(|p| self.raw.pointer(p)) {
                    Some(target) => current = target,
                    None => return false,
                }
            } else if let Some([only]) = current
                .get("allOf")
                .and_then(Value::as_array)
                .map(Vec::as_slice)
            {
                current = only;
            } else {
                return false;
            }
        }
        false
    }

    /// `allOf` as it is; `oneOf`/`anyOf` as a dispatch where a discriminator names the branch,
    /// else as `anyOf`.
    fn combinators(&self, obj: &Map<String, Value>, out: &mut Map<String, Value>) {
        let convert = |branches: &[Value]| -> Vec<Value> {
            branches.iter().map(|s| self.schema(s)).collect()
        };
        let mut all_of: Vec<Value> = obj
            .get("allOf")
            .and_then(Value::as_array)
            .map(|a| a.iter().map(|s| self.schema_in(s, true)).collect())
            .unwrap_or_default();
        let mut alternatives = Vec::new();
        for key in ["oneOf", "anyOf"] {
            let Some(branches) = obj.get(key).and_then(Value::as_array) else {
                continue;
            };
            match obj
                .get("discriminator")
                .and_then(|d| self.dispatch(d, branches))
            {
                Some(dispatch) => all_of.extend(dispatch),
                None => alternatives.push(Value::Array(convert(branches))),
            }
        }
        let mut alternatives = alternatives.into_iter();
        if let Some(first) = alternatives.next() {
            out.insert("anyOf".into(), first);
        }
        all_of.extend(alternatives.map(|a| json!({ "anyOf": a })));
        if !all_of.is_empty() {
            out.insert("allOf".into(), Value::Array(all_of));
        }
    }

    /// The dispatch on a discriminator's value: it must be one the mapping names, and the object
    /// must then be valid for the schema mapped to it. `None` when nothing names a branch.
    fn dispatch(&self, discriminator: &Value, branches: &[Value]) -> Option<Vec<Value>> {
        let property = discriminator.get("propertyName").and_then(Value::as_str)?;
        let mut mapping: Vec<(String, String)> = discriminator
            .get("mapping")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .filter_map(|(value, r)| r.as_str().map(|r| (value.clone(), r.to_owned())))
            .collect();
        // A branch the mapping leaves out is named by its schema's name (OpenAPI's implicit mapping).
        for branch in branches {
            if let Some(r) = branch.get("$ref").and_then(Value::as_str)
                && !mapping.iter().any(|(_, m)| m == r)
            {
                let name = r.rsplit('/').next().unwrap_or(r);
                mapping.push((name.to_owned(), r.to_owned()));
            }
        }
        if mapping.is_empty() {
            return None;
        }
        let values: Vec<&str> = mapping.iter().map(|(v, _)| v.as_str()).collect();
        let mut rules = vec![json!({
            "required": [property],
            "properties": { property: { "enum": values } }
        })];
        rules.extend(mapping.iter().map(|(value, r)| {
            json!({
                "if": { "properties": { property: { "const": value } }, "required": [property] },
                "then": { "$ref": self.absolute(&Value::String(r.clone())) }
            })
        }));
        Some(rules)
    }
}

fn or_null(schema: Value) -> Value {
    json!({ "anyOf": [{ "type": "null" }, schema] })
}
