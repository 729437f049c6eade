//! Cassettes: recorded tool calls with the HTTP interactions they make (see fixtures/README.md).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Expect {
    Success,
    Error,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cassette {
    pub tool: String,
    pub case: String,
    pub expect: Expect,
    #[serde(default)]
    pub description: String,
    /// Why a response's status is taken as Okta's although the published spec does not declare it
    /// for the operation; the spec conformance test counts these cases.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assumed: Option<String>,
    #[serde(default)]
    pub arguments: serde_json::Map<String, Value>,
    pub interactions: Vec<Interaction>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Interaction {
    pub request: RecordedRequest,
    pub response: RecordedResponse,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordedRequest {
    pub method: String,
    pub path: String,
    #[serde(default)]
    pub query: BTreeMap<String, QueryValue>,
    #[serde(default)]
    pub body: Option<Value>,
    /// The parts of a multipart/form-data request (an upload), instead of a JSON body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multipart: Option<Vec<FormPart>>,
}

/// One part of a multipart/form-data request: its field, file name and content type as sent, and
/// its bytes by size and sha256 (lowercase hex).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct FormPart {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filename: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    pub size: usize,
    pub sha256: String,
}

/// A query parameter's value, or its values when it is repeated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum QueryValue {
    One(String),
    Many(Vec<String>),
}

impl QueryValue {
    pub fn values(&self) -> Vec<String> {
        match self {
            Self::One(v) => vec![v.clone()],
            Self::Many(v) => v.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RecordedResponse {
    pub status: u16,
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    #[serde(default)]
    pub body: Option<Value>,
    #[serde(default)]
    pub body_text: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum CassetteError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: not a valid cassette: {source}")]
    Parse {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
}

/// A cassette and where it came from.
#[derive(Debug, Clone)]
pub struct CassetteFile {
    /// The server directory it lives in (`users`, `apps`…).
    pub server: String,
    pub path: PathBuf,
    pub cassette: Cassette,
}

impl Cassette {
    pub fn load(path: &Path) -> Result<Self, CassetteError> {
        let text = std::fs::read_to_string(path).map_err(|source| CassetteError::Io {
            path: path.to_owned(),
            source,
        })?;
        let cassette: Cassette =
            serde_json::from_str(&text).map_err(|source| CassetteError::Parse {
                path: path.to_owned(),
                source,
            })?;
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        let dir = path
            .parent()
            .and_then(|p| p.file_name())
            .and_then(|s| s.to_str())
            .unwrap_or("");
        if cassette.case != stem || cassette.tool != dir {
            return Err(CassetteError::Invalid {
                path: path.to_owned(),
                message: format!(
                    "tool/case ({}/{}) must match the file's place ({dir}/{stem})",
                    cassette.tool, cassette.case
                ),
            });
        }
        Ok(cassette)
    }
}

fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>, CassetteError> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|source| CassetteError::Io {
            path: dir.to_owned(),
            source,
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    out.sort();
    Ok(out)
}

/// Every cassette under `fixtures/<server>/<tool>/<case>.json`, sorted by path.
pub fn load_all(fixtures: &Path) -> Result<Vec<CassetteFile>, CassetteError> {
    let mut out = Vec::new();
    for server_dir in sorted_entries(fixtures)?.into_iter().filter(|p| p.is_dir()) {
        let server = server_dir
            .file_name()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_owned();
        for tool_dir in sorted_entries(&server_dir)?
            .into_iter()
            .filter(|p| p.is_dir())
        {
            for path in sorted_entries(&tool_dir)? {
                if path.extension().is_some_and(|e| e == "json") {
                    let cassette = Cassette::load(&path)?;
                    out.push(CassetteFile {
                        server: server.clone(),
                        path,
                        cassette,
                    });
                }
            }
        }
    }
    Ok(out)
}
