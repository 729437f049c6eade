//! Writing recordings as the fixtures hold them, and the run's report of each case.

use std::path::{Path, PathBuf};

use mock_okta::Cassette;
use serde_json::Value;

/// One line of the run's report.
#[derive(Debug)]
pub struct CaseReport {
    /// `server/tool/case`.
    pub name: String,
    pub status: Status,
}

#[derive(Debug)]
pub enum Status {
    Rewritten(PathBuf),
    Unchanged(PathBuf),
    Skipped(String),
    Failed(String),
}

/// A cassette as the fixtures hold it: pretty JSON, two-space indent, no null `body`/`bodyText`
/// in responses, a final newline.
pub fn cassette_json(c: &Cassette) -> String {
    let mut v = serde_json::to_value(c).unwrap_or(Value::Null);
    if let Some(ints) = v.get_mut("interactions").and_then(Value::as_array_mut) {
        for i in ints {
            if let Some(r) = i.get_mut("response").and_then(Value::as_object_mut) {
                for k in ["body", "bodyText"] {
                    if r.get(k).is_some_and(Value::is_null) {
                        r.remove(k);
                    }
                }
            }
        }
    }
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
    s.push('\n');
    s
}

/// Writes `<root>/<server>/<tool>/<case>.json`; true when the file changed.
pub fn write_cassette(root: &Path, server: &str, c: &Cassette) -> std::io::Result<(PathBuf, bool)> {
    let path = root
        .join(server)
        .join(&c.tool)
        .join(format!("{}.json", c.case));
    let text = cassette_json(c);
    if std::fs::read_to_string(&path).is_ok_and(|old| old == text) {
        return Ok((path, false));
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(&path, text)?;
    Ok((path, true))
}
