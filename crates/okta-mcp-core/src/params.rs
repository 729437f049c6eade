//! Parameter types shared by many tools, documented once.

use schemars::JsonSchema;
use serde::Deserialize;

/// Cursor for the next page: the `nextCursor` of the previous result.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
pub struct After(pub String);

/// Most items to return in this page.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
pub struct Limit(#[schemars(range(min = 1, max = 1000))] pub u32);

/// Quotes a caller's value as a SCIM filter string literal, so it can never end the literal
/// and change the expression: `"` and `\` are escaped, control characters refused.
pub fn scim_string(value: &str) -> Result<String, String> {
    if value.chars().any(char::is_control) {
        return Err("filter values must not contain control characters".into());
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
