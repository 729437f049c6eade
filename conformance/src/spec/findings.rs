//! What a check found: a category, where, what, and the spec's keyword at fault.

use std::fmt;

use jsonschema::ValidationError;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use serde_json::Value;

use super::convert::spec_location;

/// The kinds of disagreement with the spec (or with how Okta answers), stable names for lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Category {
    /// No operation of the specs has this method and path.
    OperationUnknown,
    /// The operation exists but is neither the tool's route nor a declared step of it.
    OperationNotAllowed,
    PathParamInvalid,
    QueryUndeclared,
    QueryMissing,
    QueryInvalid,
    /// A JSON body sent to an operation that declares none (or no JSON one).
    RequestBodyUndeclared,
    RequestBodyMissing,
    RequestBodyInvalid,
    /// A `readOnly` property in a request body.
    RequestReadOnly,
    /// A status the operation does not declare, in a case not marked `assumed`.
    StatusUndeclared,
    /// `assumed` on a case whose statuses are all declared, or an empty reason.
    AssumedUnneeded,
    ResponseBodyInvalid,
    ResponseBodyMissing,
    ResponseBodyUndeclared,
    /// A Link header without `rel="self"` (Okta sends it on every page).
    LinkSelfMissing,
    /// No `X-Rate-Limit-Limit/Remaining/Reset` headers.
    RateLimitMissing,
    /// A schema of the spec that could not be compiled (a converter gap, never a pass).
    SchemaUnusable,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::OperationUnknown => "operation-unknown",
            Self::OperationNotAllowed => "operation-not-allowed",
            Self::PathParamInvalid => "path-param-invalid",
            Self::QueryUndeclared => "query-undeclared",
            Self::QueryMissing => "query-required-missing",
            Self::QueryInvalid => "query-invalid",
            Self::RequestBodyUndeclared => "request-body-undeclared",
            Self::RequestBodyMissing => "request-body-missing",
            Self::RequestBodyInvalid => "request-body-invalid",
            Self::RequestReadOnly => "request-readonly-present",
            Self::StatusUndeclared => "status-undeclared",
            Self::AssumedUnneeded => "assumed-unneeded",
            Self::ResponseBodyInvalid => "response-body-invalid",
            Self::ResponseBodyMissing => "response-body-missing",
            Self::ResponseBodyUndeclared => "response-body-undeclared",
            Self::LinkSelfMissing => "link-self-missing",
            Self::RateLimitMissing => "rate-limit-headers-missing",
            Self::SchemaUnusable => "schema-unusable",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One disagreement, in stable text: `category where: message [schema location]`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    pub category: Category,
    /// `request.query.limit`, `response.body/profile/email`, `response.status`…
    pub at: String,
    pub message: String,
    /// The spec keyword that failed (`management-oneOfInheritance.yaml#/components/schemas/…/type`).
    pub schema: Option<String>,
}

impl Finding {
    pub fn new(category: Category, at: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            category,
            at: at.into(),
            message: message.into(),
            schema: None,
        }
    }

    /// Findings from a validator's errors, `at` prefixed to each error's instance path. `raw` is
    /// the spec document, to name a keyword as the spec spells it.
    pub(super) fn from_errors<'e>(
        category: Category,
        at: &str,
        raw: &Value,
        errors: impl Iterator<Item = ValidationError<'e>>,
    ) -> Vec<Self> {
        let errors: Vec<ValidationError<'e>> = errors.collect();
        // A value of the wrong type also fails the `enum` beside `type`; the type says it all.
        let mistyped: Vec<String> = errors
            .iter()
            .filter(|e| matches!(e.kind(), ValidationErrorKind::Type { .. }))
            .map(|e| e.instance_path().to_string())
            .collect();
        errors
            .into_iter()
            .filter(|e| {
                !(matches!(e.kind(), ValidationErrorKind::Enum { .. })
                    && mistyped.contains(&e.instance_path().to_string()))
            })
            .map(|e| {
                let category = match e.kind() {
                    // Only read-only properties are made `false` by the converter.
                    ValidationErrorKind::FalseSchema => Category::RequestReadOnly,
                    _ => category,
                };
                Self {
                    category,
                    at: format!("{at}{}", e.instance_path()),
                    message: describe(&e, 0),
                    schema: Some(location(&e, raw)),
                }
            })
            .collect()
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: {}", self.category, self.at, self.message)?;
        if let Some(schema) = &self.schema {
            write!(f, " [{schema}]")?;
        }
        Ok(())
    }
}

fn location(e: &ValidationError<'_>, raw: &Value) -> String {
    match e.absolute_keyword_location() {
        Some(uri) => as_spelled(raw, &spec_location(uri.as_str())),
        None => e.evaluation_path().to_string(),
    }
}

/// The converter judges a `oneOf` without discriminator as `anyOf`; name it `oneOf` where the
/// spec does, so a location is a pointer into the spec itself.
fn as_spelled(raw: &Value, location: &str) -> String {
    let Some((file, pointer)) = location.split_once('#') else {
        return location.to_owned();
    };
    let mut prefix = String::new();
    for token in pointer.split('/').skip(1) {
        let here = raw.pointer(&prefix);
        let token = match here {
            Some(v) if token == "anyOf" && v.get("anyOf").is_none() && v.get("oneOf").is_some() => {
                "oneOf"
            }
            _ => token,
        };
        prefix.push('/');
        prefix.push_str(token);
    }
    format!("{file}#{prefix}")
}

/// A value in a message: compact JSON, long ones cut.
pub(super) fn short(v: &Value) -> String {
    const MAX: usize = 60;
    let text = v.to_string();
    if text.chars().count() <= MAX {
        return text;
    }
    let cut: String = text.chars().take(MAX).collect();
    format!("{cut}…")
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn list(options: &Value) -> String {
    const SHOWN: usize = 8;
    let items = options.as_array().map(Vec::as_slice).unwrap_or_default();
    let shown: Vec<String> = items.iter().take(SHOWN).map(short).collect();
    if items.len() > SHOWN {
        format!("[{}, … {} in all]", shown.join(", "), items.len())
    } else {
        format!("[{}]", shown.join(", "))
    }
}

/// A short, stable message for one error; for `oneOf`/`anyOf`, the nearest branch's first error.
fn describe(e: &ValidationError<'_>, depth: usize) -> String {
    let instance = e.instance();
    match e.kind() {
        ValidationErrorKind::Required { property } => {
            format!("missing required property {property}")
        }
        ValidationErrorKind::Type { kind } => {
            let expected = match kind {
                TypeKind::Single(t) => t.to_string(),
                TypeKind::Multiple(set) => set
                    .iter()
                    .map(|t| t.to_string())
                    .collect::<Vec<_>>()
                    .join(" or "),
            };
            match &**instance {
                Value::Null => format!("expected {expected}, got null"),
                _ => format!(
                    "expected {expected}, got {} {}",
                    type_name(instance),
                    short(instance)
                ),
            }
        }
        ValidationErrorKind::Enum { options } => {
            format!("{} is not one of {}", short(instance), list(options))
        }
        ValidationErrorKind::Constant { expected_value } => {
            format!("{} is not {}", short(instance), short(expected_value))
        }
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            format!("properties not allowed: {}", unexpected.join(", "))
        }
        ValidationErrorKind::FalseSchema => "read-only property present".to_owned(),
        ValidationErrorKind::OneOfMultipleValid { .. } => {
            "matches more than one oneOf branch".to_owned()
        }
        ValidationErrorKind::OneOfNotValid { context } | ValidationErrorKind::AnyOf { context } => {
            // No keyword named: a `oneOf` is judged as `anyOf` (see convert); the location says which.
            let nearest = context
                .iter()
                .enumerate()
                .filter(|(_, errs)| !errs.is_empty())
                .min_by_key(|(_, errs)| errs.len());
            match nearest {
                Some((i, errs)) if depth < 3 => format!(
                    "matches none of the {} branches; nearest #{i}: {} {}",
                    context.len(),
                    errs[0].instance_path(),
                    describe(&errs[0], depth + 1)
                ),
                _ => format!("matches none of the {} branches", context.len()),
            }
        }
        _ => {
            let text = e.to_string();
            // The crate's own message embeds the instance; keep it short and single-line.
            let text = text.replace(&instance.to_string(), &short(instance));
            text.lines().next().unwrap_or_default().to_owned()
        }
    }
}
