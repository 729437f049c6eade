//! Sessions: a user's recent sign-ins (from the System Log), and revoking sessions.

use okta_mcp_core::params::{After, Limit, scim_string};
use okta_mcp_core::{Method, ToolKind, ToolSpec};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Map, Value, json};

pub fn tools() -> Vec<ToolSpec> {
    vec![
        list_user_sessions(),
        revoke_user_sessions(),
        revoke_session(),
    ]
}

/// Arguments of okta_list_user_sessions.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ListUserSessions {
    /// User id (00u…); logins are not accepted
    user_id: String,
    /// ISO 8601 (default 7 days before `until`)
    since: Option<String>,
    /// ISO 8601 (default now)
    until: Option<String>,
    /// Events per page (default 20, max 1000)
    limit: Option<Limit>,
    after: Option<After>,
    /// `DESCENDING` for newest first (default `ASCENDING`)
    sort_order: Option<String>,
}

fn session_filter(args: &mut Map<String, Value>) -> Result<(), String> {
    let user = args
        .remove("userId")
        .and_then(|v| v.as_str().map(str::to_owned))
        .ok_or("`userId` is required")?;
    let filter = format!(
        "eventType eq \"user.session.start\" and actor.id eq {}",
        scim_string(&user)?
    );
    args.insert("filter".into(), Value::String(filter));
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
    ToolSpec::new::<ListUserSessions>("okta_list_user_sessions", ToolKind::Read, Method::GET, "/api/v1/logs")
        .title("List user sessions")
        .describe("A user's recent sign-ins from the System Log (Okta can't list live sessions): session id, time, outcome, IP. Sessions may have ended.")
        .scope("okta.logs.read")
        .query(&["since", "until", "limit", "after", "sortOrder", "filter"])
        .default_limit(20)
        .prepare(session_filter)
        .finish(sessions_from_events)
        .decision("Okta has no endpoint listing a user's sessions: the System Log's user.session.start events for the user are queried instead (okta.logs.read).")
}

/// Arguments of okta_revoke_user_sessions.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RevokeUserSessions {
    /// User id (00u…)
    user_id: String,
    /// Also revoke OAuth/OIDC tokens (default false)
    oauth_tokens: Option<bool>,
    /// Also forget remembered devices (default false)
    forget_devices: Option<bool>,
}

fn revoke_user_sessions() -> ToolSpec {
    ToolSpec::new::<RevokeUserSessions>("okta_revoke_user_sessions", ToolKind::Delete, Method::DELETE, "/api/v1/users/{userId}/sessions")
        .title("Revoke user sessions")
        .describe("Sign a user out everywhere: end all Okta sessions, optionally OAuth tokens and remembered devices too.")
        .scope("okta.users.manage")
        .query(&["oauthTokens", "forgetDevices"])
}

/// Arguments of okta_revoke_session.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RevokeSession {
    /// Session id, e.g. from okta_list_user_sessions
    session_id: String,
}

fn revoke_session() -> ToolSpec {
    ToolSpec::new::<RevokeSession>(
        "okta_revoke_session",
        ToolKind::Delete,
        Method::DELETE,
        "/api/v1/sessions/{sessionId}",
    )
    .title("Revoke session")
    .describe("End one Okta session by id. 404 if it has already ended.")
    .scope("okta.sessions.manage")
}
