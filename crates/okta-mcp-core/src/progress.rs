//! Progress and log messages to the MCP client while a tool call waits: a rate-limit reset, a retry
//! back-off, the steps of a composite.
//!
//! The server puts a [`Reporter`] in scope around each tool call; the HTTP client and the executor
//! call [`waiting`] and [`step`], which do nothing outside a call. This keeps the client free of MCP
//! types and its signatures unchanged. Messages name an Okta path and a duration, never a header,
//! a query string or a body, so nothing secret can reach them.

// rmcp marks MCP logging deprecated (SEP-2577), but clients in use still show these messages and
// the protocol versions they negotiate define them.
#![allow(deprecated)]

use std::sync::Arc;
use std::sync::atomic::{AtomicU8, AtomicU32, Ordering};
use std::time::Duration;

use rmcp::model::{
    LoggingLevel, LoggingMessageNotificationParam, ProgressNotificationParam, ProgressToken,
};
use rmcp::{Peer, RoleServer};

/// The logger name clients see on our messages.
const LOGGER: &str = "okta-mcp";

/// Rank of a level, lowest first, as `logging/setLevel` orders them.
fn rank(level: LoggingLevel) -> u8 {
    match level {
        LoggingLevel::Debug => 0,
        LoggingLevel::Info => 1,
        LoggingLevel::Notice => 2,
        LoggingLevel::Warning => 3,
        LoggingLevel::Error => 4,
        LoggingLevel::Critical => 5,
        LoggingLevel::Alert => 6,
        LoggingLevel::Emergency => 7,
    }
}

/// The lowest level a session's client wants (`logging/setLevel`); info until it says otherwise,
/// so waits are reported to a client that never set a level.
#[derive(Debug, Clone)]
pub struct SessionLevel(Arc<AtomicU8>);

impl Default for SessionLevel {
    fn default() -> Self {
        Self(Arc::new(AtomicU8::new(rank(LoggingLevel::Info))))
    }
}

impl SessionLevel {
    pub fn set(&self, level: LoggingLevel) {
        self.0.store(rank(level), Ordering::Relaxed);
    }

    fn allows(&self, level: LoggingLevel) -> bool {
        rank(level) >= self.0.load(Ordering::Relaxed)
    }
}

/// Where one tool call's progress and log messages go.
#[derive(Clone)]
pub struct Reporter {
    peer: Peer<RoleServer>,
    token: Option<ProgressToken>,
    level: SessionLevel,
    /// Progress must increase with every notification, total unknown.
    count: Arc<AtomicU32>,
}

impl Reporter {
    pub fn new(peer: Peer<RoleServer>, token: Option<ProgressToken>, level: SessionLevel) -> Self {
        Self {
            peer,
            token,
            level,
            count: Arc::new(AtomicU32::new(0)),
        }
    }

    async fn send(&self, level: LoggingLevel, message: String) {
        // A client that went away cannot read these; the call itself still ends normally.
        if let Some(token) = &self.token {
            let n = self.count.fetch_add(1, Ordering::Relaxed) + 1;
            let param =
                ProgressNotificationParam::new(token.clone(), f64::from(n)).with_message(&message);
            if let Err(e) = self.peer.notify_progress(param).await {
                tracing::debug!("progress notification not sent: {e}");
            }
        }
        if self.level.allows(level) {
            let mut param =
                LoggingMessageNotificationParam::new(level, serde_json::Value::String(message));
            param.logger = Some(LOGGER.to_owned());
            if let Err(e) = self.peer.notify_logging_message(param).await {
                tracing::debug!("log notification not sent: {e}");
            }
        }
    }
}

tokio::task_local! {
    static REPORTER: Reporter;
}

/// Runs one tool call with `reporter` receiving what it reports.
pub async fn scoped<F: Future>(reporter: Reporter, call: F) -> F::Output {
    REPORTER.scope(reporter, call).await
}

fn current() -> Option<Reporter> {
    REPORTER.try_with(Clone::clone).ok()
}

/// Whole seconds, rounded up: "waiting 0 s" would read as no wait.
pub fn secs(d: Duration) -> u64 {
    d.as_millis().div_ceil(1000) as u64
}

/// Reports a wait before it starts (progress, and a log message at info).
pub async fn waiting(message: String) {
    tracing::info!("{message}");
    if let Some(r) = current() {
        r.send(LoggingLevel::Info, message).await;
    }
}

/// Reports a retry's back-off: `what` happened on `path`; `try_of` is (this retry, the most allowed).
pub async fn retrying(what: &str, path: &str, wait: Duration, try_of: (u32, u32)) {
    waiting(format!(
        "{what} on {path}: retrying in {} s ({} of {})",
        secs(wait),
        try_of.0,
        try_of.1
    ))
    .await;
}

/// Reports a composite's step (progress, and a log message at debug).
pub async fn step(method: &reqwest::Method, path: &str) {
    if let Some(r) = current() {
        r.send(
            LoggingLevel::Debug,
            format!("Okta request: {method} {path}"),
        )
        .await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_filter_from_the_chosen_one_up() {
        let l = SessionLevel::default();
        assert!(l.allows(LoggingLevel::Info) && !l.allows(LoggingLevel::Debug));
        l.set(LoggingLevel::Error);
        assert!(!l.allows(LoggingLevel::Warning) && l.allows(LoggingLevel::Critical));
        l.set(LoggingLevel::Debug);
        assert!(l.allows(LoggingLevel::Debug));
    }

    #[test]
    fn seconds_round_up() {
        assert_eq!(secs(Duration::from_millis(1)), 1);
        assert_eq!(secs(Duration::from_secs(12)), 12);
        assert_eq!(secs(Duration::from_millis(2050)), 3);
        assert_eq!(secs(Duration::ZERO), 0);
    }
}
