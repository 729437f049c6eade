//! Reading the vendored spec files.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::SpecError;

/// The vendored files the checks read, searched in this order. Every path the tools call is under
/// `/api/v1` or `/.well-known` (management) or `/governance/api/v1|v2` (governance, combined file).
pub const FILES: &[&str] = &[
    "management-oneOfInheritance.yaml",
    "governance-combined-production-reference-oneOfInheritance.yaml",
];

/// `conformance/okta-openapi/`, where the files are vendored (never `../shared`).
pub fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("okta-openapi")
}

fn read(file: &str) -> Result<(String, Value), SpecError> {
    let path = dir().join(file);
    let text = std::fs::read_to_string(&path).map_err(|source| SpecError::Read {
        path: path.clone(),
        source,
    })?;
    let value = yaml_serde::from_str(&text).map_err(|source| SpecError::Parse { path, source })?;
    Ok((file.to_owned(), value))
}

/// Every file of [`FILES`], parsed in parallel (the management file alone is 3.4 MB of YAML).
pub(super) fn read_all() -> Result<Vec<(String, Value)>, SpecError> {
    std::thread::scope(|s| {
        let handles: Vec<_> = FILES.iter().map(|f| s.spawn(move || read(f))).collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}
