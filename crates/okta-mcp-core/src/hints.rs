//! The hint texts: the one line after an Okta error that says what to do.
//!
//! Every general hint is written here, so wording stays consistent across servers; a tool's own
//! hints (keyed by errorCode or status) are declared with the tool. Hints name scopes, roles and
//! tools, never a secret or an argument's value.

use crate::tool::ToolSpec;

/// A 401: the credentials themselves were refused.
pub const UNAUTHORIZED: &str = "Okta rejected the credentials: check OKTA_API_TOKEN, or the service app's client id, key and key id";

/// A 404 on an id.
pub const NOT_FOUND: &str = "check the id; the list tools return valid ids";

/// A 403 on a tool that needs an admin role besides its scope (IGA).
pub fn forbidden_with_role(scope: &str, role: &str) -> String {
    format!(
        "the service app needs the scope {scope} granted (Okta API Scopes tab) and the admin role {role} assigned (Admin roles tab); Okta's governance APIs check both"
    )
}

/// A 403 on a composite's step whose scope or admin role differs from its tool's.
pub fn forbidden_step(scope: &str, role: &str) -> String {
    format!(
        "this step needs the scope {scope} granted to the service app (Okta API Scopes tab) and the admin role {role} assigned (Admin roles tab); Okta's governance APIs check both"
    )
}

/// A 403 on any other tool.
pub fn forbidden(scope: &str) -> String {
    format!(
        "the credentials lack permission for this call: a service app needs the scope {scope} granted (Okta API Scopes tab) and an admin role that covers this resource; an API token acts with the role of the admin who made it"
    )
}

/// The hint for an Okta error answered to `spec`: the tool's own for the code or status, else a
/// general one where we know one.
pub fn for_tool(spec: &ToolSpec, status: u16, code: Option<&str>) -> Option<String> {
    let status_key = status.to_string();
    if let Some((_, h)) = spec
        .hints
        .iter()
        .find(|(k, _)| Some(*k) == code || *k == status_key)
    {
        return Some((*h).to_owned());
    }
    match (status, code) {
        (401, _) => Some(UNAUTHORIZED.into()),
        // IGA APIs answer 403 with E0000004 or E0000006; both mean scope or role for a service app.
        (403, _) if spec.admin_role.is_some() || code.is_none_or(|c| c == "E0000006") => {
            Some(match spec.admin_role {
                Some(role) => forbidden_with_role(spec.scope, role),
                None => forbidden(spec.scope),
            })
        }
        (404, Some("E0000007")) | (404, None) => Some(NOT_FOUND.into()),
        _ => None,
    }
}
