//! The System Log: a general query, and helpers that build the filter for common questions.
//!
//! Every caller value in a built filter is quoted with `scim_string`, so it can only ever be one
//! string literal: an id like `x" or eventType sw "` cannot widen the query.

use okta_mcp_core::params::{After, Limit, scim_string};
use okta_mcp_core::{Method, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Map, Value};

pub fn tools() -> Vec<ToolSpec> {
    vec![
        get_system_log(),
        events_for_user(),
        events_for_app(),
        failed_logins(),
        admin_actions(),
    ]
}

/// The event-type families the admin-actions helper looks at when the caller names none.
/// The tool's description lists them too (a test keeps the two in step).
pub const ADMIN_EVENT_PREFIXES: &[&str] = &[
    "user.lifecycle.",
    "user.account.privilege.",
    "group.lifecycle.",
    "group.user_membership.",
    "application.lifecycle.",
    "application.user_membership.",
    "policy.",
    "system.api_token.",
    "iam.",
];

/// What every System Log tool sends besides the filter.
const LOG_QUERY: &[&str] = &["since", "until", "after", "limit", "sortOrder", "filter"];

/// Arguments of okta_get_system_log.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct GetSystemLog {
    /// Okta filter, e.g. `eventType eq "user.lifecycle.create"`
    filter: Option<String>,
    /// Keywords (max 10, 40 chars each); any field, any case
    q: Option<String>,
    /// ISO 8601 (default 7 days before `until`; Okta keeps 90 days)
    since: Option<String>,
    /// ISO 8601 (default now)
    until: Option<String>,
    after: Option<After>,
    /// Events per call (default 20, max 1000)
    limit: Option<Limit>,
    /// `ASCENDING` (default, oldest first) or `DESCENDING`
    sort_order: Option<String>,
}

fn get_system_log() -> ToolSpec {
    ToolSpec::new::<GetSystemLog>("okta_get_system_log", ToolKind::Read, Method::GET, "/api/v1/logs")
        .title("Get System Log")
        .describe("Query the System Log (audit trail; default last 7 days) by filter or keywords. At most `limit` events a call; page with `after` and the same since/until.")
        .scope("okta.logs.read")
        .query(&["since", "until", "after", "filter", "q", "limit", "sortOrder"])
        .default_limit(20)
}

/// Takes a required string argument out of the arguments, quoted as a filter literal.
fn take_literal(args: &mut Map<String, Value>, name: &str) -> Result<String, String> {
    match args.remove(name) {
        Some(Value::String(s)) => literal(name, &s),
        Some(Value::Null) | None => Err(format!("`{name}` is required")),
        Some(_) => Err(format!("`{name}` must be a string")),
    }
}

/// Takes an optional string argument out of the arguments, quoted as a filter literal.
fn take_optional_literal(
    args: &mut Map<String, Value>,
    name: &str,
) -> Result<Option<String>, String> {
    match args.remove(name) {
        Some(Value::Null) | None => Ok(None),
        Some(Value::String(s)) => literal(name, &s).map(Some),
        Some(_) => Err(format!("`{name}` must be a string")),
    }
}

fn literal(name: &str, value: &str) -> Result<String, String> {
    if value.trim().is_empty() {
        return Err(format!("`{name}` must not be empty"));
    }
    scim_string(value).map_err(|e| format!("`{name}`: {e}"))
}

fn set_filter(args: &mut Map<String, Value>, filter: String) {
    args.insert("filter".into(), Value::String(filter));
}

/// Arguments of okta_get_system_log_events_for_user.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct EventsForUser {
    /// User id (00u…); logins are not accepted
    user_id: String,
    /// ISO 8601 (default 7 days before `until`; Okta keeps 90 days)
    since: Option<String>,
    /// ISO 8601 (default now)
    until: Option<String>,
    after: Option<After>,
    /// Events per call (default 20, max 1000)
    limit: Option<Limit>,
    /// `ASCENDING` (default, oldest first) or `DESCENDING`
    sort_order: Option<String>,
}

fn user_filter(args: &mut Map<String, Value>) -> Result<(), String> {
    let user = take_literal(args, "userId")?;
    set_filter(args, format!("actor.id eq {user} or target.id eq {user}"));
    Ok(())
}

fn events_for_user() -> ToolSpec {
    ToolSpec::new::<EventsForUser>("okta_get_system_log_events_for_user", ToolKind::Read, Method::GET, "/api/v1/logs")
        .title("Get System Log events for user")
        .describe("System Log events where a user is actor or target (default last 7 days). Page with `after` and the same since/until.")
        .scope("okta.logs.read")
        .query(LOG_QUERY)
        .default_limit(20)
        .prepare(user_filter)
        .decision("Okta has no per-user log endpoint: the System Log is filtered on actor.id eq or target.id eq the user id.")
}

/// Arguments of okta_get_system_log_events_for_app.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct EventsForApp {
    /// App id (0oa…)
    app_id: String,
    /// ISO 8601 (default 7 days before `until`; Okta keeps 90 days)
    since: Option<String>,
    /// ISO 8601 (default now)
    until: Option<String>,
    after: Option<After>,
    /// Events per call (default 20, max 1000)
    limit: Option<Limit>,
    /// `ASCENDING` (default, oldest first) or `DESCENDING`
    sort_order: Option<String>,
}

fn app_filter(args: &mut Map<String, Value>) -> Result<(), String> {
    let app = take_literal(args, "appId")?;
    set_filter(args, format!("target.id eq {app}"));
    Ok(())
}

fn events_for_app() -> ToolSpec {
    ToolSpec::new::<EventsForApp>("okta_get_system_log_events_for_app", ToolKind::Read, Method::GET, "/api/v1/logs")
        .title("Get System Log events for app")
        .describe("System Log events targeting an app: SSO sign-ins, assignments, setting changes. Page with `after` and the same since/until.")
        .scope("okta.logs.read")
        .query(LOG_QUERY)
        .default_limit(20)
        .prepare(app_filter)
        .decision("Okta has no per-app log endpoint: the System Log is filtered on target.id eq the app id.")
}

/// Arguments of okta_get_system_log_failed_logins.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct FailedLogins {
    /// Only this user (00u…); default every user
    user_id: Option<String>,
    /// ISO 8601 (default 7 days before `until`; Okta keeps 90 days)
    since: Option<String>,
    /// ISO 8601 (default now)
    until: Option<String>,
    after: Option<After>,
    /// Events per call (default 20, max 1000)
    limit: Option<Limit>,
    /// `ASCENDING` (default, oldest first) or `DESCENDING`
    sort_order: Option<String>,
}

fn failed_login_filter(args: &mut Map<String, Value>) -> Result<(), String> {
    let mut filter =
        String::from(r#"eventType eq "user.session.start" and outcome.result eq "FAILURE""#);
    if let Some(user) = take_optional_literal(args, "userId")? {
        filter.push_str(" and actor.id eq ");
        filter.push_str(&user);
    }
    set_filter(args, filter);
    Ok(())
}

fn failed_logins() -> ToolSpec {
    ToolSpec::new::<FailedLogins>("okta_get_system_log_failed_logins", ToolKind::Read, Method::GET, "/api/v1/logs")
        .title("Get failed logins")
        .describe("Failed sign-ins (user.session.start, outcome FAILURE; outcome.reason says why), all users or one. Page with `after` and the same since/until.")
        .scope("okta.logs.read")
        .query(LOG_QUERY)
        .default_limit(20)
        .prepare(failed_login_filter)
        .decision("Okta has no failed-login endpoint: the System Log is filtered on eventType eq \"user.session.start\" and outcome.result eq \"FAILURE\" (and actor.id eq the user id when given).")
}

/// Arguments of okta_get_system_log_admin_actions.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct AdminActions {
    /// Prefixes replacing the default list, e.g. `["policy.rule."]`
    event_type_prefixes: Option<Vec<String>>,
    /// Only this admin: user (00u…) or API client (0oa…) id
    actor_id: Option<String>,
    /// ISO 8601 (default 7 days before `until`; Okta keeps 90 days)
    since: Option<String>,
    /// ISO 8601 (default now)
    until: Option<String>,
    after: Option<After>,
    /// Events per call (default 20, max 1000)
    limit: Option<Limit>,
    /// `ASCENDING` (default, oldest first) or `DESCENDING`
    sort_order: Option<String>,
}

fn admin_filter(args: &mut Map<String, Value>) -> Result<(), String> {
    let prefixes: Vec<String> = match args.remove("eventTypePrefixes") {
        Some(Value::Null) | None => ADMIN_EVENT_PREFIXES
            .iter()
            .map(|p| (*p).to_owned())
            .collect(),
        Some(Value::Array(items)) => items
            .into_iter()
            .map(|v| match v {
                Value::String(s) => Ok(s),
                _ => Err("`eventTypePrefixes` must be a list of strings".to_owned()),
            })
            .collect::<Result<_, _>>()?,
        Some(_) => return Err("`eventTypePrefixes` must be a list of strings".into()),
    };
    if prefixes.is_empty() {
        return Err(
            "`eventTypePrefixes` must name at least one prefix (leave it out for the default list)"
                .into(),
        );
    }
    let terms = prefixes
        .iter()
        .map(|p| literal("eventTypePrefixes", p).map(|l| format!("eventType sw {l}")))
        .collect::<Result<Vec<_>, _>>()?;
    let any_type = terms.join(" or ");
    let filter = match take_optional_literal(args, "actorId")? {
        Some(actor) => format!("({any_type}) and actor.id eq {actor}"),
        None => any_type,
    };
    set_filter(args, filter);
    Ok(())
}

fn admin_actions() -> ToolSpec {
    ToolSpec::new::<AdminActions>("okta_get_system_log_admin_actions", ToolKind::Read, Method::GET, "/api/v1/logs")
        .title("Get admin actions")
        .describe("System Log admin actions: eventType sw user.lifecycle., user.account.privilege., group.lifecycle., group.user_membership., application.lifecycle., application.user_membership., policy., system.api_token., iam. (or eventTypePrefixes).")
        .scope("okta.logs.read")
        .query(LOG_QUERY)
        .default_limit(20)
        .prepare(admin_filter)
        .decision("Okta has no admin-action category: the System Log is filtered on eventType sw each prefix of a documented list of admin event families (overridable), optionally and actor.id eq the admin's id.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_admin_description_lists_every_default_prefix() {
        let spec = admin_actions();
        for p in ADMIN_EVENT_PREFIXES {
            assert!(
                spec.description.contains(p),
                "{p} missing from the description"
            );
        }
    }
}
