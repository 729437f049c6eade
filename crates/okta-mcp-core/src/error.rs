//! Errors: what Okta said, what went wrong on the way, and the text a model reads.
//!
//! Owns the two renderings of an error: [`OktaError::model_text`] for a model and
//! [`operator_report`] (the same text plus its causes) for an operator's log. Must not log, and no
//! message or source may carry a secret (token, key, assertion, header value).

use std::fmt::Write as _;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use serde::Deserialize;

use crate::auth::AuthError;

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
///
/// `Display` is the text a model reads ([`OktaError::model_text`]); an operator's log gets
/// [`OktaError::operator_text`], which adds the causes. Neither carries a secret: credentials travel
/// in headers, which no error here displays.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum OktaError {
    /// Okta answered with an error status.
    #[error("{}", .0.to_text())]
    Api(Box<OktaApiError>),
    /// The HTTP client could not be built (the platform's TLS roots could not be loaded).
    #[error("could not reach Okta: HTTP client setup failed: {0}")]
    HttpSetup(#[source] Arc<reqwest::Error>),
    /// The request never got an answer: connection refused, reset, timed out.
    #[error("could not reach Okta: {detail}")]
    Transport {
        /// What happened, in words a model can act on (`timed out after 30 s, 2 retries`).
        detail: String,
        #[source]
        source: reqwest::Error,
    },
    /// Okta answered, but not with what the API promises (an empty read, a web page, a redirect).
    #[error("unexpected answer from Okta: {0}")]
    Protocol(String),
    /// Okta answered with a JSON content type and a body that is not JSON.
    #[error("unexpected answer from Okta: malformed JSON in a {len} byte answer ({source})")]
    MalformedJson {
        len: usize,
        #[source]
        source: serde_json::Error,
    },
    /// The answer was larger than the configured bound.
    #[error(
        "Okta's answer exceeded {limit} bytes and was not read; narrow the request (a smaller `limit`, a filter, or `fields`)"
    )]
    TooLarge { limit: usize },
    /// Getting credentials failed (token endpoint, key, DPoP).
    #[error("authentication failed: {0}")]
    Auth(#[from] AuthError),
    /// A write may have reached Okta but no answer came back. A POST is not retried; a PUT or
    /// DELETE was retried as far as the budget allowed.
    #[error(
        "no answer from Okta to a {method} that may have been applied ({detail}); {}: check the current state before trying again",
        if *.repeated { "it is safe to repeat, but its outcome is unknown" } else { "it was not retried, to avoid doing it twice" }
    )]
    Uncertain {
        method: String,
        detail: String,
        /// The method is safe to repeat (PUT, DELETE) and was retried.
        repeated: bool,
        #[source]
        source: reqwest::Error,
    },
    /// Okta answered a write with success, but the answer could not be read: the change may have
    /// been made. It is not retried.
    #[error(
        "Okta answered {status} to a {method} that may have been applied, but {what}; it was not retried, to avoid doing it twice: check the current state before trying again"
    )]
    UncertainAnswer {
        method: String,
        status: u16,
        what: String,
    },
}

impl OktaError {
    pub fn api(err: OktaApiError) -> Self {
        Self::Api(Box::new(err))
    }

    /// Whether a write may have been applied although no usable answer came back.
    pub fn is_unknown_outcome(&self) -> bool {
        matches!(self, Self::Uncertain { .. } | Self::UncertainAnswer { .. })
    }

    /// The text a model reads: what went wrong and what to do, without transport internals.
    pub fn model_text(&self) -> String {
        self.to_string()
    }

    /// The detail for an operator's log: the model's text, then the causes it does not already say.
    pub fn operator_text(&self) -> String {
        operator_report(self)
    }
}

/// The detail for an operator's log of any error: its text, then its causes (see [`with_causes`]).
pub fn operator_report(err: &(dyn std::error::Error + 'static)) -> String {
    with_causes(err.to_string(), &causes(err))
}

/// The texts of `err`'s source chain, nearest cause first.
pub fn causes(err: &(dyn std::error::Error + 'static)) -> Vec<String> {
    std::iter::successors(err.source(), |e| e.source())
        .map(ToString::to_string)
        .collect()
}

/// `text`, then each cause it does not already contain (many messages quote their cause for the
/// model), joined by `: caused by: ` so that a log entry stays on one line.
pub fn with_causes(mut text: String, causes: &[String]) -> String {
    for cause in causes {
        if !text.contains(cause.as_str()) {
            text.push_str(": caused by: ");
            text.push_str(cause);
        }
    }
    text
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

    #[test]
    fn operator_text_adds_causes_the_model_text_does_not_say() {
        let source = serde_json::from_slice::<serde_json::Value>(b"{oops").unwrap_err();
        let quoted = source.to_string();
        let e = OktaError::MalformedJson { len: 5, source };
        // The model's text quotes the parser's error already: nothing is repeated.
        assert_eq!(e.operator_text(), e.model_text());
        assert!(e.model_text().contains(&quoted));

        let e = crate::config::parse_org_url("example.okta.com").unwrap_err();
        let model = e.to_string();
        let operator = operator_report(&e);
        assert_eq!(
            operator,
            format!("{model}: caused by: relative URL without a base")
        );
    }

    #[test]
    fn an_auth_error_keeps_its_whole_chain_for_the_operator() {
        let e = OktaError::from(AuthError::Key {
            key_source: "OKTA_PRIVATE_KEY".into(),
            source: crate::auth::KeyError::InconsistentPem(rsa::Error::InvalidModulus),
        });
        assert_eq!(
            e.model_text(),
            "authentication failed: OKTA_PRIVATE_KEY is not usable: the PEM holds an inconsistent RSA key"
        );
        assert_eq!(
            e.operator_text(),
            format!(
                "{}: caused by: {}",
                e.model_text(),
                rsa::Error::InvalidModulus
            )
        );
    }

    #[test]
    fn causes_already_said_are_not_repeated_further_down_the_chain() {
        assert_eq!(
            with_causes("a: b (c)".into(), &["b (c)".into(), "c".into(), "d".into()]),
            "a: b (c): caused by: d"
        );
    }
}
