//! The operations of a spec document and the lookup of a request's operation by method and path.

use serde_json::Value;

use super::Spec;

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "patch", "head", "options", "trace",
];

/// One segment of a path template: literal, or a placeholder with literal text around it.
#[derive(Debug, Clone)]
enum Segment {
    Literal(String),
    Param {
        name: String,
        prefix: String,
        suffix: String,
    },
}

impl Segment {
    fn parse(s: &str) -> Self {
        match (s.find('{'), s.rfind('}')) {
            (Some(open), Some(close)) if open < close => Self::Param {
                name: s[open + 1..close].to_owned(),
                prefix: s[..open].to_owned(),
                suffix: s[close + 1..].to_owned(),
            },
            _ => Self::Literal(s.to_owned()),
        }
    }

    fn matches(&self, actual: &str) -> bool {
        match self {
            Self::Literal(l) => l == actual || decode(actual) == *l,
            Self::Param { prefix, suffix, .. } => {
                actual.len() > prefix.len() + suffix.len()
                    && actual.starts_with(prefix.as_str())
                    && actual.ends_with(suffix.as_str())
            }
        }
    }
}

fn decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// A parameter of an operation (path-level ones merged in, `$ref`s resolved).
#[derive(Debug, Clone)]
pub(super) struct Param {
    pub(super) name: String,
    /// `query`, `path`, `header` or `cookie`.
    pub(super) location: String,
    pub(super) required: bool,
    /// JSON pointer to its schema in the document.
    pub(super) schema: Option<String>,
}

/// An operation of a spec: method, path template, where it sits in its document.
#[derive(Debug, Clone)]
pub struct Operation {
    /// The spec file it comes from.
    pub file: String,
    /// Upper case (`GET`).
    pub method: String,
    /// The spec's path template (`/api/v1/users/{id}`).
    pub template: String,
    pub operation_id: Option<String>,
    pub(super) doc: usize,
    /// JSON pointer to the operation object.
    pub(super) pointer: String,
    pub(super) params: Vec<Param>,
    segments: Vec<Segment>,
}

impl Operation {
    /// `GET /api/v1/users/{id} (getUser)`.
    pub fn label(&self) -> String {
        match &self.operation_id {
            Some(id) => format!("{} {} ({id})", self.method, self.template),
            None => format!("{} {}", self.method, self.template),
        }
    }

    /// The path parameters' values in `path` (as sent: still percent-encoded), by name.
    pub(super) fn path_values<'p>(&self, path: &'p str) -> Vec<(&str, &'p str)> {
        self.segments
            .iter()
            .zip(path.split('/'))
            .filter_map(|(seg, actual)| match seg {
                Segment::Param {
                    name,
                    prefix,
                    suffix,
                } => actual
                    .get(prefix.len()..actual.len().checked_sub(suffix.len())?)
                    .map(|v| (name.as_str(), v)),
                Segment::Literal(_) => None,
            })
            .collect()
    }

    /// Which segments are literal where `path` is an instance of this template; `None` if it is not.
    fn score(&self, path: &str) -> Option<Vec<bool>> {
        let actual: Vec<&str> = path.split('/').collect();
        if actual.len() != self.segments.len() {
            return None;
        }
        self.segments
            .iter()
            .zip(actual)
            .map(|(seg, a)| seg.matches(a).then_some(matches!(seg, Segment::Literal(_))))
            .collect()
    }
}

/// `/api/v1/users/{id}` and `/api/v1/users/{userId}` are the same route.
pub(super) fn normalize(template: &str) -> String {
    template
        .split('/')
        .map(|s| match Segment::parse(s) {
            Segment::Literal(l) => l,
            Segment::Param { prefix, suffix, .. } => format!("{prefix}{{}}{suffix}"),
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Escapes a key for a JSON pointer.
pub(super) fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Follows a local `$ref` (`#/components/parameters/…`) to the pointer of the object it names.
pub(super) fn resolve(raw: &Value, pointer: String) -> Option<(String, &Value)> {
    let mut pointer = pointer;
    for _ in 0..16 {
        let value = raw.pointer(&pointer)?;
        match value.get("$ref").and_then(Value::as_str) {
            Some(r) => pointer = r.strip_prefix('#')?.to_owned(),
            None => return Some((pointer, value)),
        }
    }
    None
}

fn params_at(raw: &Value, pointer: &str, into: &mut Vec<Param>) {
    let count = raw
        .pointer(pointer)
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    for i in 0..count {
        let Some((at, param)) = resolve(raw, format!("{pointer}/{i}")) else {
            continue;
        };
        let name = param
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let location = param.get("in").and_then(Value::as_str).unwrap_or_default();
        // An operation's parameter overrides the path item's of the same name and place.
        into.retain(|p| !(p.name == name && p.location == location));
        into.push(Param {
            name: name.to_owned(),
            location: location.to_owned(),
            required: param.get("required") == Some(&Value::Bool(true)),
            schema: param.get("schema").map(|_| format!("{at}/schema")),
        });
    }
}

/// Every operation of a document.
pub(super) fn index(file: &str, raw: &Value, doc: usize) -> Vec<Operation> {
    let mut out = Vec::new();
    let Some(paths) = raw.get("paths").and_then(Value::as_object) else {
        return out;
    };
    for (template, item) in paths {
        let item_pointer = format!("/paths/{}", escape(template));
        for method in METHODS {
            let Some(op) = item.get(*method) else {
                continue;
            };
            let pointer = format!("{item_pointer}/{method}");
            let mut params = Vec::new();
            params_at(raw, &format!("{item_pointer}/parameters"), &mut params);
            params_at(raw, &format!("{pointer}/parameters"), &mut params);
            out.push(Operation {
                file: file.to_owned(),
                method: method.to_uppercase(),
                template: template.clone(),
                operation_id: op
                    .get("operationId")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
                doc,
                pointer,
                params,
                segments: template.split('/').map(Segment::parse).collect(),
            });
        }
    }
    out
}

impl Spec {
    /// The operation a request is: same method, path an instance of its template. Where several
    /// templates fit, the one with a literal segment at the first place they differ wins
    /// (`/users/me` over `/users/{id}`). `path` is as sent, without the query.
    pub fn find(&self, method: &str, path: &str) -> Option<&Operation> {
        let mut best: Option<(Vec<bool>, &Operation)> = None;
        for op in self.operations() {
            if !op.method.eq_ignore_ascii_case(method) {
                continue;
            }
            if let Some(score) = op.score(path)
                && best.as_ref().is_none_or(|(b, _)| score > *b)
            {
                best = Some((score, op));
            }
        }
        best.map(|(_, op)| op)
    }

    /// The operation whose template is `template` up to placeholder names.
    pub fn find_template(&self, method: &str, template: &str) -> Option<&Operation> {
        let wanted = normalize(template);
        self.operations()
            .find(|op| op.method.eq_ignore_ascii_case(method) && normalize(&op.template) == wanted)
    }
}
