//! Routes: a method and a path template, parsed once by [`PathTemplate::parse`].
//!
//! Owns the only parser of `{placeholder}` templates and the one-segment encoding of path values,
//! so an id like `../x` or `a/b?c` can never change the path. Everything that fills a template
//! (the executor, composite steps, the recorder) goes through here. It must not read arguments.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::Method;

use super::exec::ToolError;

/// Everything but RFC 3986 unreserved characters is encoded, so a value is always one segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A malformed path template: a declaration bug, reported by the table check.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TemplateError {
    #[error("path template {0:?}: `{{` without a closing `}}`")]
    Unclosed(String),
    #[error("path template {0:?}: empty `{{}}` placeholder")]
    EmptyPlaceholder(String),
    #[error("path template {0:?} must start with `/`")]
    NotAbsolute(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part<'a> {
    Literal(&'a str),
    Param(&'a str),
}

/// A parsed path template such as `/api/v1/users/{userId}/roles/{roleId}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathTemplate<'a> {
    raw: &'a str,
    parts: Vec<Part<'a>>,
}

impl<'a> PathTemplate<'a> {
    /// The one parser of path templates.
    pub fn parse(raw: &'a str) -> Result<Self, TemplateError> {
        if !raw.starts_with('/') {
            return Err(TemplateError::NotAbsolute(raw.to_owned()));
        }
        let mut parts = Vec::new();
        let mut rest = raw;
        while let Some(start) = rest.find('{') {
            let Some(len) = rest[start..].find('}') else {
                return Err(TemplateError::Unclosed(raw.to_owned()));
            };
            let name = &rest[start + 1..start + len];
            if name.is_empty() {
                return Err(TemplateError::EmptyPlaceholder(raw.to_owned()));
            }
            if start > 0 {
                parts.push(Part::Literal(&rest[..start]));
            }
            parts.push(Part::Param(name));
            rest = &rest[start + len + 1..];
        }
        if !rest.is_empty() {
            parts.push(Part::Literal(rest));
        }
        Ok(Self { raw, parts })
    }

    pub fn as_str(&self) -> &'a str {
        self.raw
    }

    /// The placeholders' names, in order.
    pub fn params(&self) -> Vec<&'a str> {
        self.parts
            .iter()
            .filter_map(|p| match p {
                Part::Param(name) => Some(*name),
                Part::Literal(_) => None,
            })
            .collect()
    }

    /// The path with every placeholder filled from `values` (name, raw value), each encoded as one
    /// segment. A placeholder without a value is an error naming it.
    pub fn fill(&self, values: &[(&str, &str)]) -> Result<String, ToolError> {
        let mut out = String::with_capacity(self.raw.len() + 32);
        for part in &self.parts {
            match part {
                Part::Literal(s) => out.push_str(s),
                Part::Param(name) => {
                    let value = values
                        .iter()
                        .find(|(n, _)| n == name)
                        .map(|(_, v)| *v)
                        .ok_or_else(|| ToolError::Invalid(format!("`{name}` is required")))?;
                    out.push_str(&segment(name, value)?);
                }
            }
        }
        Ok(out)
    }

    /// Whether a concrete path (`/api/v1/users/00u1`) is an instance of this template.
    pub fn matches(&self, path: &str) -> bool {
        let mut rest = path;
        let mut parts = self.parts.iter().peekable();
        while let Some(part) = parts.next() {
            match part {
                Part::Literal(lit) => match rest.strip_prefix(lit) {
                    Some(r) => rest = r,
                    None => return false,
                },
                Part::Param(_) => {
                    let end = match parts.peek() {
                        Some(Part::Literal(next)) => rest.find(next).unwrap_or(rest.len()),
                        _ => rest.find('/').unwrap_or(rest.len()),
                    };
                    if end == 0 || rest[..end].contains('/') {
                        return false;
                    }
                    rest = &rest[end..];
                }
            }
        }
        rest.is_empty()
    }
}

/// Percent-encodes a value as exactly one path segment; refuses empty and dot-only values.
pub fn segment(name: &str, value: &str) -> Result<String, ToolError> {
    if value.trim().is_empty() {
        return Err(ToolError::Invalid(format!("`{name}` must not be empty")));
    }
    if value.chars().all(|c| c == '.') {
        return Err(ToolError::Invalid(format!(
            "`{name}` is not a valid id: {value:?}"
        )));
    }
    Ok(utf8_percent_encode(value, SEGMENT).to_string())
}

/// A tool's route: the method and the path template of its (main) request.
#[derive(Debug, Clone)]
pub struct Route {
    pub method: Method,
    pub path: &'static str,
    pub(crate) template: Result<PathTemplate<'static>, TemplateError>,
}

impl Route {
    pub fn new(method: Method, path: &'static str) -> Self {
        Self {
            method,
            path,
            template: PathTemplate::parse(path),
        }
    }
    pub fn get(path: &'static str) -> Self {
        Self::new(Method::GET, path)
    }
    pub fn post(path: &'static str) -> Self {
        Self::new(Method::POST, path)
    }
    pub fn put(path: &'static str) -> Self {
        Self::new(Method::PUT, path)
    }
    pub fn delete(path: &'static str) -> Self {
        Self::new(Method::DELETE, path)
    }

    /// The parsed template, or why it does not parse.
    pub fn template(&self) -> Result<&PathTemplate<'static>, &TemplateError> {
        self.template.as_ref()
    }

    /// The placeholders' names (none for a malformed template, which the table check reports).
    pub fn params(&self) -> Vec<&'static str> {
        self.template
            .as_ref()
            .map(PathTemplate::params)
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_fills_and_matches() {
        let t = PathTemplate::parse("/api/v1/users/{userId}/roles/{roleId}").unwrap();
        assert_eq!(t.params(), ["userId", "roleId"]);
        assert_eq!(
            t.fill(&[("roleId", "ra1"), ("userId", "a/b?c")]).unwrap(),
            "/api/v1/users/a%2Fb%3Fc/roles/ra1"
        );
        assert!(t.fill(&[("userId", "00u1")]).is_err());
        assert!(t.fill(&[("userId", ".."), ("roleId", "r")]).is_err());
        assert!(t.matches("/api/v1/users/00u1/roles/ra1"));
        assert!(!t.matches("/api/v1/users/00u1/roles"));
        assert!(!t.matches("/api/v1/users/a/b/roles/ra1"));
        let lit = PathTemplate::parse("/api/v1/users").unwrap();
        assert!(lit.params().is_empty());
        assert!(lit.matches("/api/v1/users") && !lit.matches("/api/v1/users/x"));
    }

    #[test]
    fn malformed_templates_are_errors() {
        assert!(matches!(
            PathTemplate::parse("/a/{b"),
            Err(TemplateError::Unclosed(_))
        ));
        assert!(matches!(
            PathTemplate::parse("/a/{}"),
            Err(TemplateError::EmptyPlaceholder(_))
        ));
        assert!(matches!(
            PathTemplate::parse("a/{b}"),
            Err(TemplateError::NotAbsolute(_))
        ));
    }
}
