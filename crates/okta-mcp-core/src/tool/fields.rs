//! The `fields` argument of every read tool, and the summary a list returns without it.
//!
//! A list tool declares its summary (the attributes an admin needs to pick the next step); without
//! `fields` its items come back as a table of those attributes (`columns` once, then one row of
//! cells per item: the names are not repeated per item) and the result says so in one key.
//! `fields="*"` keeps whole items, `fields="a,b.c"` makes the table of exactly those attributes. A
//! get tool keeps its whole object unless `fields` names attributes. Paths are checked before
//! anything is sent; a path that matches nothing in the result is named in it. It must not send
//! requests.

use serde_json::{Map, Value};

use super::exec::ToolError;

/// The key that marks items as summaries, and says how to get more.
pub const SUMMARY_KEY: &str = "summary";
const SUMMARY_NOTE: &str = "rows are item summaries, cells in columns order: fields=* for whole items, fields=a,b.c to choose columns";
/// The keys of a list made a table.
pub const COLUMNS_KEY: &str = "columns";
pub const ROWS_KEY: &str = "rows";
/// The key naming requested paths that no item (or the object) has.
pub const UNMATCHED_KEY: &str = "unmatched";

/// What a caller asked `fields` to keep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Projection {
    /// No `fields`: a list's items are cut to its summary, an object is kept whole.
    Default,
    /// `*`: whole items.
    All,
    /// Exactly these dot paths.
    Paths(Vec<Vec<String>>),
}

/// A malformed path (`a..b`, `.a`, `a b`), or `*` mixed with paths.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PathError {
    #[error("`{0}` is not an attribute path: use dot-separated names such as profile.login")]
    Malformed(String),
    #[error("`*` (whole items) cannot be combined with other paths")]
    StarWithPaths,
}

/// One dot path, each segment a non-empty name of letters, digits, `_`, `-`, `$` or `:`.
pub fn parse_path(path: &str) -> Result<Vec<String>, PathError> {
    let segments: Vec<String> = path.split('.').map(str::to_owned).collect();
    let ok = segments.iter().all(|s| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '$' | ':'))
    });
    if ok {
        Ok(segments)
    } else {
        Err(PathError::Malformed(path.to_owned()))
    }
}

impl Projection {
    /// `fields` as given: absent or blank is the default.
    pub fn parse(fields: Option<&str>) -> Result<Self, PathError> {
        let Some(fields) = fields.map(str::trim).filter(|f| !f.is_empty()) else {
            return Ok(Self::Default);
        };
        let parts: Vec<&str> = fields.split(',').map(str::trim).collect();
        if parts == ["*"] {
            return Ok(Self::All);
        }
        if parts.contains(&"*") {
            return Err(PathError::StarWithPaths);
        }
        parts
            .into_iter()
            .map(parse_path)
            .collect::<Result<_, _>>()
            .map(Self::Paths)
    }

    /// Reads and removes `fields` from a read tool's arguments.
    pub(crate) fn take(args: &mut Map<String, Value>) -> Result<Self, ToolError> {
        let given = match args.remove("fields") {
            Some(Value::String(f)) => Some(f),
            None | Some(Value::Null) => None,
            Some(_) => {
                return Err(ToolError::Invalid(
                    "fields: must be a string of comma-separated attribute paths, or *".into(),
                ));
            }
        };
        Self::parse(given.as_deref()).map_err(|e| ToolError::Invalid(format!("fields: {e}")))
    }

    /// Shapes a result: `summary` is the tool's declared summary, if it is a list tool.
    pub fn apply(&self, value: Value, summary: Option<&[&str]>) -> Value {
        match self {
            Self::All => value,
            Self::Default => match summary {
                // An empty page needs no word on how to get more of its items.
                Some(paths) if is_list(&value) && !is_empty_list(&value) => {
                    let paths: Vec<Vec<String>> = paths
                        .iter()
                        .map(|p| p.split('.').map(str::to_owned).collect())
                        .collect();
                    let mut out = to_rows(value, &paths);
                    if let Value::Object(obj) = &mut out {
                        obj.insert(SUMMARY_KEY.into(), SUMMARY_NOTE.into());
                    }
                    out
                }
                _ => value,
            },
            Self::Paths(paths) => {
                let unmatched = unmatched(&value, paths);
                let mut out = if !is_list(&value) {
                    pick(&value, paths)
                } else if is_empty_list(&value) {
                    value
                } else {
                    to_rows(value, paths)
                };
                if !unmatched.is_empty()
                    && let Value::Object(obj) = &mut out
                {
                    obj.insert(UNMATCHED_KEY.into(), unmatched.into());
                }
                out
            }
        }
    }
}

fn is_list(v: &Value) -> bool {
    v.get("items").is_some_and(Value::is_array)
}

fn is_empty_list(v: &Value) -> bool {
    v.get("items")
        .and_then(Value::as_array)
        .is_some_and(Vec::is_empty)
}

/// `{ "items": [...] }` as a table: `columns` (the paths, as dot paths) and `rows`, one per item,
/// each the item's cells in column order; the paging members stay.
fn to_rows(value: Value, paths: &[Vec<String>]) -> Value {
    let Value::Object(mut obj) = value else {
        return value;
    };
    let Some(Value::Array(items)) = obj.remove("items") else {
        return Value::Object(obj);
    };
    let columns = paths.iter().map(|p| Value::String(p.join("."))).collect();
    let rows = items
        .iter()
        .map(|item| Value::Array(paths.iter().map(|p| cell(item, p)).collect()))
        .collect();
    let mut out = Map::new();
    out.insert(COLUMNS_KEY.into(), Value::Array(columns));
    out.insert(ROWS_KEY.into(), Value::Array(rows));
    out.extend(obj);
    Value::Object(out)
}

/// The value at `path` in `v`: null where there is none; through a list on the way (System Log
/// `target`), the list of each element's value.
fn cell(v: &Value, path: &[String]) -> Value {
    let Some((first, rest)) = path.split_first() else {
        return v.clone();
    };
    match v {
        Value::Array(items) => Value::Array(items.iter().map(|i| cell(i, path)).collect()),
        Value::Object(obj) => obj.get(first).map_or(Value::Null, |c| cell(c, rest)),
        _ => Value::Null,
    }
}

fn has_path(v: &Value, path: &[String]) -> bool {
    match (v, path.split_first()) {
        (_, None) => true,
        (Value::Array(items), Some(_)) => items.iter().any(|i| has_path(i, path)),
        (_, Some((first, rest))) => v.get(first).is_some_and(|c| has_path(c, rest)),
    }
}

/// The requested paths that no item of a non-empty list (or the object) has, joined by commas.
fn unmatched(value: &Value, paths: &[Vec<String>]) -> String {
    let targets: Vec<&Value> = match value.get("items").and_then(Value::as_array) {
        Some(items) if items.is_empty() => return String::new(),
        Some(items) => items.iter().collect(),
        None => vec![value],
    };
    paths
        .iter()
        .filter(|p| !targets.iter().any(|t| has_path(t, p)))
        .map(|p| p.join("."))
        .collect::<Vec<_>>()
        .join(",")
}

/// Keeps `paths` of `v`; a list on the way (System Log `target`) is cut item by item.
fn pick(v: &Value, paths: &[Vec<String>]) -> Value {
    let obj = match v {
        Value::Object(obj) => obj,
        Value::Array(items) => return Value::Array(items.iter().map(|i| pick(i, paths)).collect()),
        other => return other.clone(),
    };
    // Paths under one member are picked together, so `target.id,target.type` merge per item.
    let mut groups: Vec<(&String, Vec<Vec<String>>, bool)> = Vec::new();
    for path in paths {
        let Some((first, rest)) = path.split_first() else {
            continue;
        };
        let at = match groups.iter().position(|(k, _, _)| *k == first) {
            Some(i) => i,
            None => {
                groups.push((first, Vec::new(), false));
                groups.len() - 1
            }
        };
        if rest.is_empty() {
            groups[at].2 = true;
        } else {
            groups[at].1.push(rest.to_vec());
        }
    }
    let mut out = Map::new();
    for (key, rests, whole) in groups {
        let Some(child) = obj.get(key) else {
            continue;
        };
        if whole {
            out.insert(key.clone(), child.clone());
            continue;
        }
        match pick(child, &rests) {
            Value::Object(o) if o.is_empty() && child.is_object() => {}
            picked => {
                out.insert(key.clone(), picked);
            }
        }
    }
    Value::Object(out)
}

/// A summary as Okta's own `fields` projection (`status,lastLogin,profile:(login,email)`), for the
/// endpoints that document it; `id` is left out because Okta always sends it. None when a path is
/// deeper than one level under an object, which the projection cannot say.
pub fn okta_projection(summary: &[&str]) -> Option<String> {
    let mut parts: Vec<(&str, Vec<&str>)> = Vec::new();
    for path in summary {
        let mut segments = path.split('.');
        let first = segments.next()?;
        let rest: Vec<&str> = segments.collect();
        let at = match parts.iter().position(|(k, _)| *k == first) {
            Some(i) => i,
            None => {
                parts.push((first, Vec::new()));
                parts.len() - 1
            }
        };
        match rest.as_slice() {
            [] => {}
            [member] => parts[at].1.push(member),
            _ => return None,
        }
    }
    let out: Vec<String> = parts
        .into_iter()
        .filter(|(k, members)| !(*k == "id" && members.is_empty()))
        .map(|(k, members)| {
            if members.is_empty() {
                k.to_owned()
            } else {
                format!("{k}:({})", members.join(","))
            }
        })
        .collect();
    (!out.is_empty()).then(|| out.join(","))
}

/// What `fields` does, said once in the server's instructions rather than on each read tool.
pub const FIELDS_NOTE: &str = "Read tools take `fields`, attribute paths to return (e.g. id,profile.login); a list returns a table of each item's summary (columns, rows) unless fields=* (whole items).";

/// The `fields` argument's schema: undocumented here, since [`FIELDS_NOTE`] says it for every tool
/// (over a hundred read tools would repeat it), and a list's result says how to get whole items.
pub fn fields_schema() -> Value {
    serde_json::json!({ "type": "string" })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn paths(f: &str) -> Projection {
        Projection::parse(Some(f)).unwrap()
    }

    #[test]
    fn paths_keep_dot_paths_and_paging() {
        let user = json!({"id": "00u1", "status": "ACTIVE", "profile": {"login": "a@x", "email": "a@x", "title": "t"}});
        assert_eq!(
            paths("id, profile.login,profile.title").apply(user.clone(), None),
            json!({"id": "00u1", "profile": {"login": "a@x", "title": "t"}})
        );
        let list = json!({"items": [user], "nextCursor": "c"});
        assert_eq!(
            paths("status,profile.login").apply(list, Some(&["id"])),
            json!({"columns": ["status", "profile.login"], "rows": [["ACTIVE", "a@x"]], "nextCursor": "c"})
        );
    }

    #[test]
    fn a_list_defaults_to_its_summary_and_says_so() {
        let list = json!({"items": [
            {"id": "1", "status": "ACTIVE", "profile": {"login": "a", "title": "t"}, "created": "x"},
            {"id": "2", "status": "SUSPENDED", "profile": {"title": "u"}}
        ], "nextCursor": "c"});
        let out = Projection::Default.apply(list.clone(), Some(&["id", "profile.login"]));
        assert_eq!(
            out,
            json!({
                "columns": ["id", "profile.login"],
                "rows": [["1", "a"], ["2", null]],
                "nextCursor": "c",
                "summary": SUMMARY_NOTE
            })
        );
        assert_eq!(Projection::All.apply(list.clone(), Some(&["id"])), list);
        // Without a summary (a get tool), the default keeps everything.
        assert_eq!(Projection::Default.apply(list.clone(), None), list);
        let empty = json!({"items": []});
        assert_eq!(
            Projection::Default.apply(empty.clone(), Some(&["id"])),
            empty
        );
        let one = json!({"id": "1", "created": "x"});
        assert_eq!(Projection::Default.apply(one.clone(), Some(&["id"])), one);
    }

    #[test]
    fn paths_nothing_has_are_named() {
        let list = json!({"items": [{"id": "1", "profile": {"login": "a"}}, {"id": "2"}]});
        assert_eq!(
            paths("id,profile.login,profile.nope,zzz").apply(list, None),
            json!({
                "columns": ["id", "profile.login", "profile.nope", "zzz"],
                "rows": [["1", "a", null, null], ["2", null, null, null]],
                "unmatched": "profile.nope,zzz"
            })
        );
        assert_eq!(
            paths("x").apply(json!({"items": []}), None),
            json!({"items": []})
        );
        assert_eq!(
            paths("b.c").apply(json!({"a": 1}), None),
            json!({"unmatched": "b.c"})
        );
    }

    #[test]
    fn paths_through_a_list_keep_each_items_members() {
        let event = json!({"target": [{"id": "1", "type": "User", "x": 1}, {"id": "2", "type": "AppInstance"}], "uuid": "u"});
        assert_eq!(
            paths("target.id,target.type").apply(event.clone(), None),
            json!({"target": [{"id": "1", "type": "User"}, {"id": "2", "type": "AppInstance"}]})
        );
        // In a table, each such path is a column of the list's values, in the list's order.
        let log = json!({"items": [event, {"target": null}, {}]});
        assert_eq!(
            paths("uuid,target.type").apply(log, None),
            json!({"columns": ["uuid", "target.type"], "rows": [["u", ["User", "AppInstance"]], [null, null], [null, null]]})
        );
    }

    #[test]
    fn okta_projection_groups_members_and_leaves_id_to_okta() {
        assert_eq!(
            okta_projection(crate::summary::USER).as_deref(),
            Some("status,lastLogin,profile:(login,email,firstName,lastName)")
        );
        assert_eq!(okta_projection(&["id"]), None);
        assert_eq!(okta_projection(&["a.b.c"]), None);
    }

    #[test]
    fn malformed_fields_are_refused() {
        assert_eq!(Projection::parse(None), Ok(Projection::Default));
        assert_eq!(Projection::parse(Some(" ")), Ok(Projection::Default));
        assert_eq!(Projection::parse(Some(" * ")), Ok(Projection::All));
        assert_eq!(
            Projection::parse(Some("id,*")),
            Err(PathError::StarWithPaths)
        );
        for bad in ["a..b", ".a", "a.", "id,,status", "profile login", "a/b"] {
            assert!(
                matches!(Projection::parse(Some(bad)), Err(PathError::Malformed(_))),
                "{bad}"
            );
        }
        assert_eq!(
            Projection::parse(Some("id, profile.login")),
            Ok(Projection::Paths(vec![
                vec!["id".into()],
                vec!["profile".into(), "login".into()]
            ]))
        );
    }
}
