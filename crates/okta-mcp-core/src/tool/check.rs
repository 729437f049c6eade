//! The table check: what a declaration must satisfy that the type system cannot say.
//!
//! Run for every tool of every server by the conformance table test (and by `okta-mcp docs`), it
//! reports a field routed nowhere, a path parameter no field fills, a `local` field with nothing to
//! read it, and parts left empty. It must not look at Okta or the network.

use std::collections::BTreeSet;

use reqwest::Method;

use super::input::Place;
use super::spec::ToolSpec;

/// One way a declaration is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DeclError {
    #[error("{tool}: `{part}` must not be empty")]
    Empty {
        tool: &'static str,
        part: &'static str,
    },
    #[error("{tool}: {source}")]
    Template {
        tool: &'static str,
        #[source]
        source: super::route::TemplateError,
    },
    #[error("{tool}: path parameter {{{param}}} has no #[arg(path)] field")]
    UnfilledPathParam {
        tool: &'static str,
        param: &'static str,
    },
    #[error("{tool}: field `{field}` is #[arg(path)] but the route {path} has no {{{field}}}")]
    PathFieldNotInRoute {
        tool: &'static str,
        field: &'static str,
        path: &'static str,
    },
    #[error(
        "{tool}: field `{field}` is #[arg(local)] but the tool has no prepare step, body builder or handler to read it"
    )]
    LocalUnread {
        tool: &'static str,
        field: &'static str,
    },
    #[error("{tool}: field `{field}` is filled by a prepare step, but the tool has none")]
    FilledWithoutPrepare {
        tool: &'static str,
        field: &'static str,
    },
    #[error(
        "{tool}: field `{field}` is routed to {place}, but a composite routes nothing itself: make it #[arg(local)]"
    )]
    RoutedInComposite {
        tool: &'static str,
        field: &'static str,
        place: &'static str,
    },
    #[error("{tool}: more than one source for the body ({what})")]
    BodyConflict { tool: &'static str, what: String },
    #[error("{tool}: a {method} sends no body, but `{field}` goes to the body")]
    BodyOnBodilessMethod {
        tool: &'static str,
        method: Method,
        field: &'static str,
    },
    #[error("{tool}: two fields are sent as {place} `{wire}`")]
    DuplicateWire {
        tool: &'static str,
        place: &'static str,
        wire: &'static str,
    },
    #[error(
        "{tool}: an upload needs exactly one #[arg(file)] field, an upload rule and a POST or PUT, and no JSON body"
    )]
    Upload { tool: &'static str },
    #[error("{tool}: a default limit needs an #[arg(query)] `limit` field")]
    DefaultLimitWithoutField { tool: &'static str },
    #[error(
        "{tool}: `fields` is the core's projection argument of every read tool; rename the field"
    )]
    FieldsArgument { tool: &'static str },
    #[error(
        "{tool}: a list tool needs a summary: `.summary(&[\"id\", ...])`, the attributes an admin needs to pick the next step"
    )]
    ListWithoutSummary { tool: &'static str },
    #[error("{tool}: summary path `{path}`: {problem}")]
    BadSummaryPath {
        tool: &'static str,
        path: &'static str,
        problem: String,
    },
    #[error("{tool}: only a read tool returns a summary")]
    SummaryOnWrite { tool: &'static str },
    #[error(
        "{tool}: `.okta_fields()` needs a summary Okta's projection can say: top-level names and one level under an object"
    )]
    OktaFieldsWithoutProjection { tool: &'static str },
}

impl ToolSpec {
    /// Everything wrong with this declaration; empty when it is sound.
    pub fn check(&self) -> Vec<DeclError> {
        let tool = self.name;
        let mut out = Vec::new();
        for (part, value) in [
            ("name", self.name),
            ("title", self.title),
            ("description", self.description),
            ("scope", self.scope),
        ] {
            if value.trim().is_empty() {
                out.push(DeclError::Empty { tool, part });
            }
        }
        let params = match self.route.template() {
            Ok(t) => t.params(),
            Err(e) => {
                out.push(DeclError::Template {
                    tool,
                    source: e.clone(),
                });
                Vec::new()
            }
        };
        let fields = self.fields();
        let has_code = self.has_prepare() || self.builds_body() || self.composite;
        let mut seen = BTreeSet::new();
        for f in fields {
            if f.arg == "fields" && self.kind.is_read() {
                out.push(DeclError::FieldsArgument { tool });
            }
            if f.filled_by_prepare && !self.has_prepare() {
                out.push(DeclError::FilledWithoutPrepare { tool, field: f.arg });
            }
            if f.place == Place::Local {
                if !has_code {
                    out.push(DeclError::LocalUnread { tool, field: f.arg });
                }
                continue;
            }
            if self.composite {
                out.push(DeclError::RoutedInComposite {
                    tool,
                    field: f.arg,
                    place: f.place.as_str(),
                });
                continue;
            }
            if !seen.insert((f.place.as_str(), f.wire)) {
                out.push(DeclError::DuplicateWire {
                    tool,
                    place: f.place.as_str(),
                    wire: f.wire,
                });
            }
            if f.place == Place::Path && !params.contains(&f.wire) {
                out.push(DeclError::PathFieldNotInRoute {
                    tool,
                    field: f.arg,
                    path: self.route.path,
                });
            }
            if matches!(f.place, Place::Body | Place::Payload)
                && matches!(self.route.method, Method::GET | Method::HEAD)
            {
                out.push(DeclError::BodyOnBodilessMethod {
                    tool,
                    method: self.route.method.clone(),
                    field: f.arg,
                });
            }
        }
        // A composite's route documents its main step, whose ids its handler finds or is given.
        if !self.composite {
            for param in &params {
                if !fields
                    .iter()
                    .any(|f| f.place == Place::Path && f.wire == *param)
                {
                    out.push(DeclError::UnfilledPathParam { tool, param });
                }
            }
        }
        let payloads = fields.iter().filter(|f| f.place == Place::Payload).count();
        let members = fields.iter().any(|f| f.place == Place::Body);
        let sources = [
            (payloads > 0, "a payload field"),
            (members, "body fields"),
            (self.builds_body(), "a body builder"),
        ];
        let used: Vec<&str> = sources
            .iter()
            .filter(|(on, _)| *on)
            .map(|(_, w)| *w)
            .collect();
        if used.len() > 1 || payloads > 1 {
            out.push(DeclError::BodyConflict {
                tool,
                what: used.join(", "),
            });
        }
        let files = fields.iter().filter(|f| f.place == Place::File).count();
        if (files > 0 || self.upload.is_some())
            && (files != 1
                || self.upload.is_none()
                || !used.is_empty()
                || !matches!(self.route.method, Method::POST | Method::PUT))
        {
            out.push(DeclError::Upload { tool });
        }
        if self.summary.is_some() && !self.kind.is_read() {
            out.push(DeclError::SummaryOnWrite { tool });
        }
        if self.okta_fields
            && self
                .summary
                .and_then(super::fields::okta_projection)
                .is_none()
        {
            out.push(DeclError::OktaFieldsWithoutProjection { tool });
        }
        match self.summary {
            None if self.is_list() && !self.scalar_items => {
                out.push(DeclError::ListWithoutSummary { tool })
            }
            Some([]) => out.push(DeclError::Empty {
                tool,
                part: "summary",
            }),
            Some(paths) => {
                for path in paths {
                    if let Err(e) = super::fields::parse_path(path) {
                        out.push(DeclError::BadSummaryPath {
                            tool,
                            path,
                            problem: e.to_string(),
                        });
                    }
                }
            }
            None => {}
        }
        if self.default_limit.is_some()
            && !fields
                .iter()
                .any(|f| f.place == Place::Query && f.wire == "limit")
        {
            out.push(DeclError::DefaultLimitWithoutField { tool });
        }
        out
    }
}
