//! Progress and log messages while a call waits: a list call meets one 429 whose limit resets in
//! 2 s; before its result the client must have a progress notification for its token and a log
//! message naming the path and the wait. Not a timed test: only what arrives, and in which order.

// Helpers outside #[test] fns may unwrap too: a failure here is a failed test.
#![allow(clippy::unwrap_used, deprecated)]

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use okta_mcp_driver::{binary_path, ssws_env};
use rmcp::model::{
    CallToolRequestParams, LoggingLevel, LoggingMessageNotificationParam, NumberOrString,
    ProgressNotificationParam, SetLevelRequestParams,
};
use rmcp::service::NotificationContext;
use rmcp::transport::{ConfigureCommandExt, TokioChildProcess};
use rmcp::{ClientHandler, RoleClient, ServiceExt};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// What the client received, in order of arrival.
#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Vec<String>>>);

impl Recorder {
    fn seen(&self) -> Vec<String> {
        self.0.lock().unwrap().clone()
    }
}

impl ClientHandler for Recorder {
    async fn on_progress(
        &self,
        params: ProgressNotificationParam,
        _context: NotificationContext<RoleClient>,
    ) {
        let token = match params.progress_token.0 {
            NumberOrString::String(s) => s.to_string(),
            NumberOrString::Number(n) => n.to_string(),
        };
        self.0.lock().unwrap().push(format!(
            "progress {token} {} {}",
            params.progress,
            params.message.unwrap_or_default()
        ));
    }

    async fn on_logging_message(
        &self,
        params: LoggingMessageNotificationParam,
        _context: NotificationContext<RoleClient>,
    ) {
        self.0
            .lock()
            .unwrap()
            .push(format!("log {:?} {}", params.level, params.data));
    }
}

async fn org_with_one_429() -> MockServer {
    let org = MockServer::start().await;
    let now = SystemTime::now();
    let reset = now.duration_since(SystemTime::UNIX_EPOCH).unwrap() + Duration::from_secs(2);
    Mock::given(method("GET"))
        .and(path("/api/v1/users"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("Date", httpdate::fmt_http_date(now).as_str())
                .insert_header("X-Rate-Limit-Reset", reset.as_secs().to_string().as_str())
                .set_body_json(json!({"errorCode": "E0000047", "errorSummary": "API call exceeded rate limit due to too many requests."})),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&org)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v1/users"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            {"id": "00u1", "status": "ACTIVE", "profile": {"login": "ada@example.com"}}
        ])))
        .mount(&org)
        .await;
    org
}

async fn connect(
    org: &MockServer,
    recorder: Recorder,
) -> rmcp::service::RunningService<RoleClient, Recorder> {
    let mut env = ssws_env(&org.uri());
    env.retain(|(k, _)| *k != "OKTA_MCP_MAX_RETRIES");
    env.push(("OKTA_MCP_MAX_RETRIES", "1".to_owned()));
    let bin = binary_path("okta-mcp-users").unwrap();
    let cmd = tokio::process::Command::new(bin).configure(move |c| {
        c.env_clear();
        c.envs(env.iter().map(|(k, v)| (*k, v.as_str())));
    });
    let (transport, _) = TokioChildProcess::builder(cmd)
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    recorder.serve(transport).await.unwrap()
}

/// rmcp's client gives every request a progress token of its own (in `_meta`), so any progress
/// notification the call gets was sent for the caller's token.
fn list_users() -> CallToolRequestParams {
    CallToolRequestParams::new("okta_list_users")
        .with_arguments(json!({"limit": 1}).as_object().unwrap().clone())
}

#[tokio::test]
async fn a_rate_limited_list_reports_progress_and_a_log_message_before_its_result() {
    let org = org_with_one_429().await;
    let recorder = Recorder::default();
    let client = connect(&org, recorder.clone()).await;
    let result = client.call_tool(list_users()).await.unwrap();
    let seen = recorder.seen();
    client.cancel().await.unwrap();
    assert_ne!(result.is_error, Some(true), "{result:?}");
    assert!(
        seen.iter().any(|s| s.starts_with("progress ")
            && s.ends_with(" 1 Okta rate limit on /api/v1/users: waiting 2 s until reset")),
        "{seen:#?}"
    );
    let log = seen
        .iter()
        .find(|s| s.starts_with("log Info"))
        .unwrap_or_else(|| panic!("no log message: {seen:#?}"));
    assert!(
        log.contains("Okta rate limit on /api/v1/users: waiting") && log.contains("s until reset"),
        "{log}"
    );
    assert!(
        !seen
            .iter()
            .any(|s| s.contains("SSWS") || s.contains("00mock")),
        "{seen:#?}"
    );
}

#[tokio::test]
async fn set_level_above_info_silences_the_log_but_not_progress() {
    let org = org_with_one_429().await;
    let recorder = Recorder::default();
    let client = connect(&org, recorder.clone()).await;
    client
        .set_level(SetLevelRequestParams::new(LoggingLevel::Error))
        .await
        .unwrap();
    let result = client.call_tool(list_users()).await.unwrap();
    let seen = recorder.seen();
    client.cancel().await.unwrap();
    assert_ne!(result.is_error, Some(true), "{result:?}");
    assert!(seen.iter().any(|s| s.starts_with("progress ")), "{seen:#?}");
    assert!(!seen.iter().any(|s| s.starts_with("log")), "{seen:#?}");
}
