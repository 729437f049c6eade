//! The audit trail (`--audit-log PATH`): one JSON line per call of a tool that can change Okta.
//!
//! Owns the file and the line's shape. A line is written with one `write` to a file opened for
//! appending, so concurrent calls never interleave and a crash leaves a line whole or absent; it
//! is synced before the call's result goes back. It must not hold a secret: the server hands it
//! redacted arguments and scrubbed texts.

use std::fs::{File, OpenOptions};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::tool::Sent;

/// The audit log could not be opened; the server does not start without it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AuditError {
    #[error(
        "OKTA_MCP_AUDIT_LOG / --audit-log {}: cannot open it for appending ({source}); fix the path or its permissions",
        path.display()
    )]
    Open {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// One request of a call, as the audit line records it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditRequest {
    pub method: String,
    pub path: String,
    pub status: Option<u16>,
    pub request_id: Option<String>,
}

impl From<Sent> for AuditRequest {
    fn from(s: Sent) -> Self {
        Self {
            method: s.method,
            path: s.path,
            status: s.exchange.status,
            request_id: s.exchange.request_id,
        }
    }
}

/// One line: what a call did and how it ended.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    /// RFC 3339, UTC.
    pub time: String,
    pub server: String,
    pub tool: String,
    /// The arguments, secrets redacted.
    pub arguments: Map<String, Value>,
    pub requests: Vec<AuditRequest>,
    /// `ok`, `dry_run`, `unknown`, `refused`, `declined`, `invalid`, `cancelled`, `error`, or
    /// Okta's error code (`E0000001`, or `HTTP 404` when Okta gave none).
    pub outcome: String,
    /// The error text the model read, secrets scrubbed, for every outcome but `ok` and `dry_run`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub duration_ms: u64,
}

/// The open audit log.
#[derive(Debug)]
pub struct AuditLog {
    file: Mutex<File>,
    path: PathBuf,
}

/// Now, as RFC 3339 in UTC with milliseconds.
pub fn now_rfc3339() -> String {
    let now = time::OffsetDateTime::now_utc();
    let now = now
        .replace_nanosecond(u32::from(now.millisecond()) * 1_000_000)
        .unwrap_or(now);
    now.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

impl AuditLog {
    /// Opens `path` for appending, creating it readable and writable by its owner only.
    pub fn open(path: &Path) -> Result<Self, AuditError> {
        let mut options = OpenOptions::new();
        options.append(true).create(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt as _;
            options.mode(0o600);
        }
        let file = options.open(path).map_err(|source| AuditError::Open {
            path: path.to_owned(),
            source,
        })?;
        Ok(Self {
            file: Mutex::new(file),
            path: path.to_owned(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one line and syncs it to disk.
    pub fn record(&self, entry: &AuditEntry) -> std::io::Result<()> {
        let mut line = serde_json::to_vec(entry).map_err(std::io::Error::other)?;
        line.push(b'\n');
        let file = self
            .file
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut writer: &File = &file;
        let n = writer.write(&line)?;
        if n < line.len() {
            // A regular file takes an appended write whole; this only guards a full disk.
            writer.write_all(&line[n..])?;
        }
        file.sync_data()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_is_rfc3339_utc_with_millis() {
        let t = now_rfc3339();
        assert!(t.ends_with('Z') && t.contains('T'), "{t}");
        // Milliseconds at most (trailing zeros are dropped by RFC 3339 formatting).
        let frac = t.split('.').nth(1).map_or(0, |f| f.len() - 1);
        assert!(frac <= 3, "{t}");
    }
}
