//! Errors: what Okta said, what went wrong on the way, and the text a model reads.

use std::fmt::Write as _;
use std::time::{Duration, SystemTime};

use serde::Deserialize;

/// Okta's error body (`components.schemas.Error` in the management spec).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ErrorBody {
    error_code: Option<String>,
    error_summary: Option<String>,
    error_id: Option<String>,
    #[serde(default)]
    error_causes: Vec<ErrorCause>,
    // OAuth endpoints answer RFC 6749 style.
    error: Option<String>,
    #[serde(rename = "error_description")]
    error_description: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ErrorCause {
    error_summary: Option<String>,
}

/// An error answer from Okta (any 4xx or 5xx), after retries.
#[derive(Debug, Clone)]
pub struct OktaApiError {
    pub status: u16,
    pub error_code: Option<String>,
    pub summary: String,
    pub error_id: Option<String>,
    pub causes: Vec<String>,
    /// When the rate limit resets, for 429 answers that carried `X-Rate-Limit-Reset` or `Retry-After`.
    pub rate_limit_reset: Option<SystemTime>,
    /// How many times the request was retried before this answer.
    pub retries: u32,
    /// One hint on what to do, where we know one.
    pub hint: Option<String>,
}

impl OktaApiError {
    /// Builds the error from a status and whatever body Okta sent (JSON error, HTML page, nothing).
    pub fn from_body(status: u16, body: &[u8]) -> Self {
        let parsed: Option<ErrorBody> = serde_json::from_slice(body).ok();
        let parsed = parsed.unwrap_or_default();
        let summary = parsed
            .error_summary
            .or(parsed.error_description)
            .or_else(|| parsed.error.clone())
            .unwrap_or_else(|| fallback_summary(status, body));
        Self {
            status,
            error_code: parsed.error_code.or(parsed.error),
            summary,
            error_id: parsed.error_id,
            causes: parsed
                .error_causes
                .into_iter()
                .filter_map(|c| c.error_summary)
                .collect(),
            rate_limit_reset: None,
            retries: 0,
            hint: None,
        }
    }

    fn reason(&self) -> &'static str {
        match self.status {
            400 => "Bad request",
            401 => "Unauthorized",
            403 => "Forbidden",
            404 => "Not found",
            405 => "Method not allowed",
            409 => "Conflict",
            429 => "Too many requests",
            500..=599 => "Server error",
            _ => "Error",
        }
    }

    /// The text a model reads: `Okta 404 E0000007 Not found: Resource not found: 00u1 (errorId oae1)`,
    /// then the causes, then a hint.
    pub fn to_text(&self) -> String {
        let mut out = format!("Okta {}", self.status);
        // Okta's summaries already say what happened ("Not found: Resource not found: …");
        // our own reason phrase is only for answers without an Okta error code.
        match &self.error_code {
            Some(code) => {
                let _ = write!(out, " {code} {}", self.summary);
            }
            None => {
                let _ = write!(out, " {}: {}", self.reason(), self.summary);
            }
        }
        if let Some(id) = &self.error_id {
            let _ = write!(out, " (errorId {id})");
        }
        for cause in &self.causes {
            let _ = write!(out, "\n- cause: {cause}");
        }
        if self.retries > 0 {
            let _ = write!(out, "\n(after {} retries)", self.retries);
        }
        if let Some(hint) = &self.hint {
            let _ = write!(out, "\nHint: {hint}");
        }
        out
    }
}

fn fallback_summary(status: u16, body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return format!("no error body (HTTP {status})");
    }
    if trimmed.starts_with('<') {
        return format!("non-JSON error page (HTTP {status}, {} bytes)", body.len());
    }
    let mut s: String = trimmed.chars().take(200).collect();
    if trimmed.chars().count() > 200 {
        s.push('…');
    }
    s
}

/// Everything that can go wrong between a tool call and Okta's answer.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum OktaError {
    /// Okta answered with an error status.
    #[error("{}", .0.to_text())]
    Api(Box<OktaApiError>),
    /// The request never got an answer: connection refused, reset, timed out.
    #[error("could not reach Okta: {0}")]
    Transport(String),
    /// Okta answered, but not with what the API promises (malformed JSON, wrong type).
    #[error("unexpected answer from Okta: {0}")]
    Protocol(String),
    /// The answer was larger than the configured bound.
    #[error(
        "Okta's answer exceeded {limit} bytes and was not read; narrow the request (a smaller `limit`, a filter, or `fields`)"
    )]
    TooLarge { limit: usize },
    /// Getting credentials failed (token endpoint, key, DPoP).
    #[error("authentication failed: {0}")]
    Auth(String),
    /// The caller's arguments cannot make a valid request.
    #[error("invalid arguments: {0}")]
    InvalidArguments(String),
    /// A POST may have reached Okta but no answer came back; it is not retried.
    #[error(
        "no answer from Okta to a {method} that may have been applied ({detail}); it was not retried, to avoid doing it twice: check the current state before trying again"
    )]
    Uncertain { method: String, detail: String },
}

impl OktaError {
    pub fn api(err: OktaApiError) -> Self {
        Self::Api(Box::new(err))
    }
}

/// Formats "when the limit resets" for a model: an absolute UTC time and the wait from now.
pub fn describe_reset(reset: SystemTime) -> String {
    let when = httpdate::fmt_http_date(reset);
    let wait = reset
        .duration_since(SystemTime::now())
        .unwrap_or(Duration::ZERO);
    format!("{when} (in {} s)", wait.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_okta_error_with_causes_and_id() {
        let body = br#"{"errorCode":"E0000001","errorSummary":"Api validation failed: login","errorLink":"E0000001","errorId":"oaeXYZ","errorCauses":[{"errorSummary":"login: An object with this field already exists in the current organization"}]}"#;
        let e = OktaApiError::from_body(400, body);
        assert_eq!(
            e.to_text(),
            "Okta 400 E0000001 Api validation failed: login (errorId oaeXYZ)\n- cause: login: An object with this field already exists in the current organization"
        );
    }

    #[test]
    fn html_and_empty_bodies_still_explain_themselves() {
        let e = OktaApiError::from_body(502, b"<html><body>Bad Gateway</body></html>");
        assert!(
            e.to_text()
                .starts_with("Okta 502 Server error: non-JSON error page")
        );
        let e = OktaApiError::from_body(503, b"");
        assert_eq!(
            e.to_text(),
            "Okta 503 Server error: no error body (HTTP 503)"
        );
    }

    #[test]
    fn oauth_style_errors_are_read() {
        let e = OktaApiError::from_body(
            400,
            br#"{"error":"invalid_scope","error_description":"The following scopes are not allowed: okta.users.manage"}"#,
        );
        assert_eq!(e.error_code.as_deref(), Some("invalid_scope"));
        assert!(e.summary.contains("okta.users.manage"));
    }
}
