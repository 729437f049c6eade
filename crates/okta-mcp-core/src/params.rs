//! Parameter types shared by many tools, documented once.

//!
//! Owns the argument types and filter quoting that many tools share. It must not route arguments
//! (the declarations do) nor send anything.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::tool::ToolError;

/// nextCursor
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct After(pub String);

/// Page size
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
pub struct Limit(#[schemars(range(min = 1))] pub u32);

// The System Log's `sortOrder` (also read by the users toolset's session list).
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "UPPERCASE")]
pub enum LogSortOrder {
    Ascending,
    Descending,
}

/// The arguments of a tool that takes none (unknown ones are refused).
#[derive(Debug, Deserialize, JsonSchema, crate::ToolInput)]
#[serde(deny_unknown_fields)]
pub struct NoArgs {}

// How Okta reaches a hook's service (event hooks' `EventHookChannel`, inline hooks'
// `InlineHookChannelCreate`), over the hook kind's channel types `T`. Plain comments, not docs: a
// type's doc would become the description of every field of this type.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HookChannel<T> {
    #[serde(rename = "type")]
    pub kind: T,
    /// `1.0.0`
    pub version: String,
    pub config: HookConfig,
}

// The service's endpoint; the members for authenticating to it are kept as given.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct HookConfig {
    /// https:// endpoint
    pub uri: String,
    #[serde(flatten)]
    pub more: serde_json::Map<String, serde_json::Value>,
}

/// Whether an optional object argument holds anything to send (`{}` changes nothing).
pub fn has_members(value: Option<&serde_json::Map<String, serde_json::Value>>) -> bool {
    value.is_some_and(|m| !m.is_empty())
}

/// A value that cannot be quoted as a filter literal.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FilterValueError {
    #[error("filter values must not contain control characters")]
    ControlCharacter,
}

/// Quotes a caller's value as a SCIM filter string literal, so it can never end the literal
/// and change the expression: `"` and `\` are escaped, control characters refused.
pub fn scim_string(value: &str) -> Result<String, FilterValueError> {
    if value.chars().any(char::is_control) {
        return Err(FilterValueError::ControlCharacter);
    }
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        if matches!(c, '"' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    Ok(out)
}

/// The argument `name`'s value as a filter literal: non-empty, quoted by [`scim_string`]; an error
/// names the argument.
pub fn scim_literal(name: &str, value: &str) -> Result<String, ToolError> {
    if value.trim().is_empty() {
        return Err(ToolError::Invalid(format!("`{name}` must not be empty")));
    }
    scim_string(value).map_err(|e| ToolError::Invalid(format!("`{name}`: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_cannot_be_escaped() {
        assert_eq!(
            scim_string(r#"00u1" or true or ""#).unwrap(),
            r#""00u1\" or true or \"""#
        );
        assert_eq!(scim_string(r"a\").unwrap(), r#""a\\""#);
        assert!(scim_string("a\nb").is_err());
    }
}
