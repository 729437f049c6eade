//! `okta-mcp check` (`--check` on a single server): verifies the configuration against the org
//! without changing anything, and reports a checklist with a fix for every failure.
//!
//! Only reads are sent: the public `/.well-known/okta-organization`, the token request, and one
//! `GET` per chosen toolset. The report never holds a secret: details are built from statuses,
//! Okta's error texts (which quote no credential) and names of scopes, roles and ids.

mod probe;

use serde::Serialize;

pub use probe::run;

/// How one check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    /// Works, but something deserves a look; does not fail the check.
    Warn,
    Fail,
    /// Not checked: it does not apply, or an earlier failure makes it meaningless.
    Skip,
}

impl Status {
    fn mark(self) -> &'static str {
        match self {
            Self::Pass => "[ok]  ",
            Self::Warn => "[warn]",
            Self::Fail => "[FAIL]",
            Self::Skip => "[skip]",
        }
    }
}

/// One line of the checklist.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    /// A stable identifier, e.g. `org`, `clock`, `token`, `scopes`, `dpop`, `role`, `api:users`.
    pub check: String,
    pub status: Status,
    pub detail: String,
    /// What to do about a failure or a warning.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
}

impl Item {
    pub fn pass(check: impl Into<String>, detail: impl Into<String>) -> Self {
        Self {
            check: check.into(),
            status: Status::Pass,
            detail: detail.into(),
            fix: None,
        }
    }

    pub fn fail(
        check: impl Into<String>,
        detail: impl Into<String>,
        fix: impl Into<String>,
    ) -> Self {
        Self {
            check: check.into(),
            status: Status::Fail,
            detail: detail.into(),
            fix: Some(fix.into()),
        }
    }

    pub fn warn(
        check: impl Into<String>,
        detail: impl Into<String>,
        fix: impl Into<String>,
    ) -> Self {
        Self {
            status: Status::Warn,
            ..Self::fail(check, detail, fix)
        }
    }

    pub fn skip(check: impl Into<String>, detail: impl Into<String>) -> Self {
        Self {
            check: check.into(),
            status: Status::Skip,
            detail: detail.into(),
            fix: None,
        }
    }
}

/// The whole checklist.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// True when nothing failed: exit status 0.
    pub ok: bool,
    /// The org URL as configured, when the configuration could be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub org: Option<String>,
    pub toolsets: Vec<String>,
    pub checks: Vec<Item>,
}

impl Report {
    pub fn new(org: Option<String>, toolsets: Vec<String>, checks: Vec<Item>) -> Self {
        Self {
            ok: !checks.iter().any(|c| c.status == Status::Fail),
            org,
            toolsets,
            checks,
        }
    }

    pub fn failures(&self) -> usize {
        self.checks
            .iter()
            .filter(|c| c.status == Status::Fail)
            .count()
    }

    /// The checklist for a person.
    pub fn to_text(&self, name: &str) -> String {
        let mut out = format!(
            "{name} check for {} (toolsets: {})\n",
            self.org.as_deref().unwrap_or("an unconfigured org"),
            self.toolsets.join(", ")
        );
        for c in &self.checks {
            out.push_str(&format!("{} {}: {}\n", c.status.mark(), c.check, c.detail));
            if let Some(fix) = &c.fix {
                out.push_str(&format!("       fix: {fix}\n"));
            }
        }
        out.push_str(&match self.failures() {
            0 => "All checks passed: the servers are ready.\n".to_owned(),
            n => format!(
                "{n} of {} checks failed; fix them and run the check again.\n",
                self.checks.len()
            ),
        });
        out
    }

    /// The checklist for a machine.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|_| "{\"ok\":false}".to_owned()) + "\n"
    }
}
