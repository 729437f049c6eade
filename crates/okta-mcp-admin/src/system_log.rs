//! The System Log: a general query, and helpers that build the filter for common questions.
//!
//! Every caller value in a built filter is quoted with `scim_string`, so it can only ever be one
//! string literal: an id like `x" or eventType sw "` cannot widen the query.

use okta_mcp_core::params::{After, Limit, LogSortOrder, scim_literal};
use okta_mcp_core::summary;
use okta_mcp_core::tool::ToolError;
use okta_mcp_core::{Decl, Route, ToolInput, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::Deserialize;

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

/// Arguments of okta_get_system_log.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct GetSystemLog {
    /// e.g. `eventType eq "user.lifecycle.create"`
    #[arg(query)]
    filter: Option<String>,
    /// Keywords (max 10, 40 chars each); any field, any case
    #[arg(query)]
    q: Option<String>,
    /// ISO 8601; default 7 days before until (max 90)
    #[arg(query)]
    since: Option<String>,
    /// ISO 8601; default now
    #[arg(query)]
    until: Option<String>,
    #[arg(query)]
    after: Option<After>,
    /// Default 20, max 1000
    #[arg(query)]
    limit: Option<Limit>,
    /// Default ASCENDING
    #[arg(query)]
    sort_order: Option<LogSortOrder>,
}

fn get_system_log() -> ToolSpec {
    ToolSpec::new::<GetSystemLog>(Decl {
        name: "okta_get_system_log",
        title: "Get System Log",
        description: "Audit trail, by filter or keywords; default last 7 days. Page with `after`, same since/until.",
        kind: ToolKind::Read,
        scope: "okta.logs.read",
        route: Route::get("/api/v1/logs"),
    })
    .default_limit(20)
    .summary(summary::LOG_EVENT)
    .build()
}

/// Arguments of okta_get_system_log_events_for_user.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct EventsForUser {
    /// 00u…; logins are not accepted
    #[arg(local)]
    user_id: String,
    /// ISO 8601; default 7 days before until (max 90)
    #[arg(query)]
    since: Option<String>,
    /// ISO 8601; default now
    #[arg(query)]
    until: Option<String>,
    #[arg(query)]
    after: Option<After>,
    /// Default 20, max 1000
    #[arg(query)]
    limit: Option<Limit>,
    /// Default ASCENDING
    #[arg(query)]
    sort_order: Option<LogSortOrder>,
    /// The System Log filter, built by the prepare step.
    #[serde(skip)]
    #[arg(query)]
    filter: Option<String>,
}

fn user_filter(input: &mut EventsForUser) -> Result<(), ToolError> {
    let user = scim_literal("userId", &input.user_id)?;
    input.filter = Some(format!("actor.id eq {user} or target.id eq {user}"));
    Ok(())
}

fn events_for_user() -> ToolSpec {
    ToolSpec::new::<EventsForUser>(Decl {
        name: "okta_get_system_log_events_for_user",
        title: "Get System Log events for user",
        description: "Where the user is actor or target; default last 7 days. Page with `after`, same since/until.",
        kind: ToolKind::Read,
        scope: "okta.logs.read",
        route: Route::get("/api/v1/logs"),
    })
    .default_limit(20)
    .prepare(user_filter)
    .decision("Okta has no per-user log endpoint: the System Log is filtered on actor.id eq or target.id eq the user id.")
    .summary(summary::LOG_EVENT)
    .build()
}

/// Arguments of okta_get_system_log_events_for_app.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct EventsForApp {
    /// 0oa…
    #[arg(local)]
    app_id: String,
    /// ISO 8601; default 7 days before until (max 90)
    #[arg(query)]
    since: Option<String>,
    /// ISO 8601; default now
    #[arg(query)]
    until: Option<String>,
    #[arg(query)]
    after: Option<After>,
    /// Default 20, max 1000
    #[arg(query)]
    limit: Option<Limit>,
    /// Default ASCENDING
    #[arg(query)]
    sort_order: Option<LogSortOrder>,
    /// The System Log filter, built by the prepare step.
    #[serde(skip)]
    #[arg(query)]
    filter: Option<String>,
}

fn app_filter(input: &mut EventsForApp) -> Result<(), ToolError> {
    let app = scim_literal("appId", &input.app_id)?;
    input.filter = Some(format!("target.id eq {app}"));
    Ok(())
}

fn events_for_app() -> ToolSpec {
    ToolSpec::new::<EventsForApp>(Decl {
        name: "okta_get_system_log_events_for_app",
        title: "Get System Log events for app",
        description: "Targeting the app: SSO sign-ins, assignments, setting changes. Page with `after`, same since/until.",
        kind: ToolKind::Read,
        scope: "okta.logs.read",
        route: Route::get("/api/v1/logs"),
    })
    .default_limit(20)
    .prepare(app_filter)
    .decision("Okta has no per-app log endpoint: the System Log is filtered on target.id eq the app id.")
    .summary(summary::LOG_EVENT)
    .build()
}

/// Arguments of okta_get_system_log_failed_logins.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct FailedLogins {
    /// 00u…; default every user
    #[arg(local)]
    user_id: Option<String>,
    /// ISO 8601; default 7 days before until (max 90)
    #[arg(query)]
    since: Option<String>,
    /// ISO 8601; default now
    #[arg(query)]
    until: Option<String>,
    #[arg(query)]
    after: Option<After>,
    /// Default 20, max 1000
    #[arg(query)]
    limit: Option<Limit>,
    /// Default ASCENDING
    #[arg(query)]
    sort_order: Option<LogSortOrder>,
    /// The System Log filter, built by the prepare step.
    #[serde(skip)]
    #[arg(query)]
    filter: Option<String>,
}

fn failed_login_filter(input: &mut FailedLogins) -> Result<(), ToolError> {
    let mut filter =
        String::from(r#"eventType eq "user.session.start" and outcome.result eq "FAILURE""#);
    if let Some(user) = &input.user_id {
        filter.push_str(" and actor.id eq ");
        filter.push_str(&scim_literal("userId", user)?);
    }
    input.filter = Some(filter);
    Ok(())
}

fn failed_logins() -> ToolSpec {
    ToolSpec::new::<FailedLogins>(Decl {
        name: "okta_get_system_log_failed_logins",
        title: "Get System Log failed logins",
        description: "user.session.start with outcome FAILURE (outcome.reason says why). Page with `after`, same since/until.",
        kind: ToolKind::Read,
        scope: "okta.logs.read",
        route: Route::get("/api/v1/logs"),
    })
    .default_limit(20)
    .prepare(failed_login_filter)
    .decision("Okta has no failed-login endpoint: the System Log is filtered on eventType eq \"user.session.start\" and outcome.result eq \"FAILURE\" (and actor.id eq the user id when given).")
    .summary(summary::LOG_EVENT)
    .build()
}

/// Arguments of okta_get_system_log_admin_actions.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct AdminActions {
    /// Replace the default list, e.g. `["policy.rule."]`
    #[arg(local)]
    event_type_prefixes: Option<Vec<String>>,
    /// 00u… admin or 0oa… API client
    #[arg(local)]
    actor_id: Option<String>,
    /// ISO 8601; default 7 days before until (max 90)
    #[arg(query)]
    since: Option<String>,
    /// ISO 8601; default now
    #[arg(query)]
    until: Option<String>,
    #[arg(query)]
    after: Option<After>,
    /// Default 20, max 1000
    #[arg(query)]
    limit: Option<Limit>,
    /// Default ASCENDING
    #[arg(query)]
    sort_order: Option<LogSortOrder>,
    /// The System Log filter, built by the prepare step.
    #[serde(skip)]
    #[arg(query)]
    filter: Option<String>,
}

fn admin_filter(input: &mut AdminActions) -> Result<(), ToolError> {
    let defaults = || {
        ADMIN_EVENT_PREFIXES
            .iter()
            .map(|p| (*p).to_owned())
            .collect()
    };
    let prefixes: Vec<String> = input.event_type_prefixes.clone().unwrap_or_else(defaults);
    if prefixes.is_empty() {
        return Err(ToolError::Invalid(
            "`eventTypePrefixes` must name at least one prefix (leave it out for the default list)"
                .into(),
        ));
    }
    let terms = prefixes
        .iter()
        .map(|p| scim_literal("eventTypePrefixes", p).map(|l| format!("eventType sw {l}")))
        .collect::<Result<Vec<_>, _>>()?;
    let any_type = terms.join(" or ");
    input.filter = Some(match &input.actor_id {
        Some(actor) => format!(
            "({any_type}) and actor.id eq {}",
            scim_literal("actorId", actor)?
        ),
        None => any_type,
    });
    Ok(())
}

fn admin_actions() -> ToolSpec {
    ToolSpec::new::<AdminActions>(Decl {
        name: "okta_get_system_log_admin_actions",
        title: "Get System Log admin actions",
        description: "eventType sw user.lifecycle., user.account.privilege., group.lifecycle., group.user_membership., application.lifecycle., application.user_membership., policy., system.api_token., iam. (or eventTypePrefixes).",
        kind: ToolKind::Read,
        scope: "okta.logs.read",
        route: Route::get("/api/v1/logs"),
    })
    .default_limit(20)
    .prepare(admin_filter)
    .decision("Okta has no admin-action category: the System Log is filtered on eventType sw each prefix of a documented list of admin event families (overridable), optionally and actor.id eq the admin's id.")
    .summary(summary::LOG_EVENT)
    .build()
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
