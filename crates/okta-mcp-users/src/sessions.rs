//! Sessions: a user's recent sign-ins (from the System Log), and revoking sessions.

use okta_mcp_core::params::{After, Limit, LogSortOrder, scim_literal};
use okta_mcp_core::tool::ToolError;
use okta_mcp_core::{Decl, Route, ToolInput, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Value, json};

pub fn tools() -> Vec<ToolSpec> {
    vec![
        list_user_sessions(),
        revoke_user_sessions(),
        revoke_session(),
    ]
}

/// Arguments of okta_list_user_sessions.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ListUserSessions {
    /// 00u… (not a login)
    #[arg(local)]
    user_id: String,
    /// ISO 8601 (default 7 days before `until`)
    #[arg(query)]
    since: Option<String>,
    /// ISO 8601 (default now)
    #[arg(query)]
    until: Option<String>,
    /// Default 20, max 1000
    #[arg(query)]
    limit: Option<Limit>,
    #[arg(query)]
    after: Option<After>,
    /// Default ASCENDING
    #[arg(query)]
    sort_order: Option<LogSortOrder>,
    /// The System Log filter, built from `userId`.
    #[serde(skip)]
    #[arg(query)]
    filter: Option<String>,
}

fn session_filter(input: &mut ListUserSessions) -> Result<(), ToolError> {
    input.filter = Some(format!(
        "eventType eq \"user.session.start\" and actor.id eq {}",
        scim_literal("userId", &input.user_id)?
    ));
    Ok(())
}

/// Keeps what identifies a session, from each `user.session.start` event.
fn sessions_from_events(mut v: Value) -> Value {
    if let Some(items) = v.get_mut("items").and_then(Value::as_array_mut) {
        for item in items.iter_mut() {
            let e = &*item;
            *item = json!({
                "sessionId": e.pointer("/authenticationContext/externalSessionId"),
                "published": e.get("published"),
                "outcome": e.pointer("/outcome/result"),
                "reason": e.pointer("/outcome/reason"),
                "ipAddress": e.pointer("/client/ipAddress"),
                "userAgent": e.pointer("/client/userAgent/rawUserAgent"),
                "location": e.pointer("/client/geographicalContext"),
                "eventId": e.get("uuid"),
            });
        }
    }
    if let Some(obj) = v.as_object_mut() {
        obj.insert(
            "source".into(),
            Value::String("System Log user.session.start events".into()),
        );
    }
    v
}

fn list_user_sessions() -> ToolSpec {
    ToolSpec::new::<ListUserSessions>(Decl {
        name: "okta_list_user_sessions",
        title: "List user sessions",
        description: "Recent sign-ins from the System Log (Okta can't list live sessions); they may have ended.",
        kind: ToolKind::Read,
        scope: "okta.logs.read",
        route: Route::get("/api/v1/logs"),
    })
    .default_limit(20)
    .prepare(session_filter)
    .finish(sessions_from_events)
    .decision("Okta has no endpoint listing a user's sessions: the System Log's user.session.start events for the user are queried instead (okta.logs.read).")
    .summary(&["sessionId", "published", "outcome", "reason", "ipAddress", "location.city", "location.country", "eventId"])
    .build()
}

/// Arguments of okta_revoke_user_sessions.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RevokeUserSessions {
    /// 00u…
    #[arg(path)]
    user_id: String,
    /// Also OAuth/OIDC tokens (default false)
    #[arg(query)]
    oauth_tokens: Option<bool>,
    /// Also forget remembered devices (default false)
    #[arg(query)]
    forget_devices: Option<bool>,
}

fn revoke_user_sessions() -> ToolSpec {
    ToolSpec::new::<RevokeUserSessions>(Decl {
        name: "okta_revoke_user_sessions",
        title: "Revoke user sessions",
        description: "Ends all their Okta sessions.",
        kind: ToolKind::Delete,
        scope: "okta.users.manage",
        route: Route::delete("/api/v1/users/{userId}/sessions"),
    })
    .build()
}

/// Arguments of okta_revoke_session.
#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RevokeSession {
    /// e.g. from okta_list_user_sessions
    #[arg(path)]
    session_id: String,
}

fn revoke_session() -> ToolSpec {
    ToolSpec::new::<RevokeSession>(Decl {
        name: "okta_revoke_session",
        title: "Revoke session",
        description: "404 if already ended.",
        kind: ToolKind::Delete,
        scope: "okta.sessions.manage",
        route: Route::delete("/api/v1/sessions/{sessionId}"),
    })
    .check_with("okta_list_user_sessions")
    .build()
}
