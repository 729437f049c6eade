//! Okta's published OpenAPI 3.0 specs (vendored in `conformance/okta-openapi/`) as a checker of
//! HTTP exchanges: which operation a request is, whether its query, path and JSON body are valid
//! for it, whether a response's status is declared and its body valid for that status; and, for a
//! mock org answering any operation, what the operation answers on success.
//!
//! OpenAPI 3.0 schemas are not JSON Schema; `convert` turns each document into draft 2020-12
//! once per direction (`nullable`, `readOnly`/`writeOnly`, discriminators, boolean
//! `exclusiveMinimum`), and the `jsonschema` crate validates against the result, with every
//! `$ref` resolved inside the converted document.
//!
//! [`spec()`] parses the vendored YAML once per process; validators are compiled on first use.

mod answer;
mod convert;
mod findings;
mod headers;
mod load;
mod ops;
mod validate;

#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use jsonschema::{Registry, Validator};

use convert::Mode;
use serde_json::Value;

pub use answer::{AnswerBody, SuccessAnswer};
pub use findings::{Category, Finding};
pub use headers::{RATE_LIMIT_HEADERS, check_link_self, check_rate_limit, has_next, link_rels};
pub use load::{FILES, dir};
pub use ops::Operation;
pub use validate::{RequestReport, ResponseBody, ResponseReport, form_instance};

/// Why the specs could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SpecError {
    #[error("{}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: not valid YAML: {source}", path.display())]
    Parse {
        path: PathBuf,
        #[source]
        source: yaml_serde::Error,
    },
    #[error("{file}: the converted schemas could not be registered: {source}")]
    Registry {
        file: String,
        #[source]
        source: Box<jsonschema::ReferencingError>,
    },
}

/// One spec file: its raw document, its converted forms and its operations.
struct Document {
    file: String,
    raw: Value,
    request: Registry<'static>,
    response: Registry<'static>,
    ops: Vec<Operation>,
}

impl Document {
    fn new(index: usize, file: &str, raw: Value) -> Result<Self, SpecError> {
        let registry = |mode: Mode| {
            let base = convert::base_uri(file, mode);
            let converted = convert::Converter::new(&raw, mode, &base).document();
            Registry::new()
                .draft(jsonschema::Draft::Draft202012)
                .add(&base, converted)
                .and_then(|b| b.prepare())
                .map_err(|source| SpecError::Registry {
                    file: file.to_owned(),
                    source: Box::new(source),
                })
        };
        Ok(Self {
            file: file.to_owned(),
            request: registry(Mode::Request)?,
            response: registry(Mode::Response)?,
            ops: ops::index(file, &raw, index),
            raw,
        })
    }

    fn registry(&self, mode: Mode) -> &Registry<'static> {
        match mode {
            Mode::Request => &self.request,
            Mode::Response => &self.response,
        }
    }
}

type ValidatorKey = (usize, Mode, String);

/// The loaded specs. Cheap to query; validators are compiled once per schema and kept.
pub struct Spec {
    docs: Vec<Document>,
    validators: Mutex<HashMap<ValidatorKey, Arc<Validator>>>,
}

impl std::fmt::Debug for Spec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Spec")
            .field(
                "files",
                &self.docs.iter().map(|d| &d.file).collect::<Vec<_>>(),
            )
            .finish_non_exhaustive()
    }
}

static SPEC: OnceLock<Result<Spec, SpecError>> = OnceLock::new();

/// The vendored specs, parsed on the first call of the process.
pub fn spec() -> Result<&'static Spec, &'static SpecError> {
    SPEC.get_or_init(|| Spec::from_documents(load::read_all()?))
        .as_ref()
}

impl Spec {
    /// Specs from documents already parsed, as `(file name, document)`, searched in that order.
    pub fn from_documents(docs: Vec<(String, Value)>) -> Result<Self, SpecError> {
        // The two big documents convert and index independently: one thread each.
        let built: Vec<Result<Document, SpecError>> = std::thread::scope(|s| {
            let handles: Vec<_> = docs
                .into_iter()
                .enumerate()
                .map(|(i, (file, raw))| s.spawn(move || Document::new(i, &file, raw)))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        });
        Ok(Self {
            docs: built.into_iter().collect::<Result<_, _>>()?,
            validators: Mutex::new(HashMap::new()),
        })
    }

    /// Every operation of every document.
    pub fn operations(&self) -> impl Iterator<Item = &Operation> {
        self.docs.iter().flat_map(|d| d.ops.iter())
    }
}
