//! Filling in templates: `{{name}}` placeholders in scenario and cleanup arguments, and the run
//! prefix in a cassette's arguments.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::scrub::RUN_PREFIX;

/// Replaces `{{name}}` in every string of `v`; a placeholder left over is an error.
pub fn render(v: &Value, vars: &BTreeMap<String, String>) -> Result<Value, String> {
    Ok(match v {
        Value::String(s) => Value::String(render_str(s, vars)?),
        Value::Array(a) => Value::Array(
            a.iter()
                .map(|x| render(x, vars))
                .collect::<Result<_, _>>()?,
        ),
        Value::Object(o) => {
            let mut out = Map::new();
            for (k, x) in o {
                out.insert(k.clone(), render(x, vars)?);
            }
            Value::Object(out)
        }
        other => other.clone(),
    })
}

pub(crate) fn render_str(s: &str, vars: &BTreeMap<String, String>) -> Result<String, String> {
    let mut t = s.to_owned();
    for (k, v) in vars {
        t = t.replace(&format!("{{{{{k}}}}}"), v);
    }
    match t.find("{{") {
        Some(i) => Err(format!(
            "unknown placeholder in {s:?} at {:?}",
            &t[i..t.len().min(i + 20)]
        )),
        None => Ok(t),
    }
}

/// Replaces `{{runPrefix}}` in every string of `v` (cassette arguments).
pub(crate) fn with_run_prefix(v: &Value, prefix: &str) -> Value {
    match v {
        Value::String(s) => Value::String(s.replace(RUN_PREFIX, prefix)),
        Value::Array(a) => Value::Array(a.iter().map(|x| with_run_prefix(x, prefix)).collect()),
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, x)| (k.clone(), with_run_prefix(x, prefix)))
                .collect(),
        ),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_render_and_refuse_unknown_placeholders() {
        let vars = BTreeMap::from([("user".to_owned(), "00u1".to_owned())]);
        let v = serde_json::json!({"userId": "{{user}}", "n": 1, "a": ["x-{{user}}"]});
        assert_eq!(
            render(&v, &vars).unwrap(),
            serde_json::json!({"userId": "00u1", "n": 1, "a": ["x-00u1"]})
        );
        assert!(render(&serde_json::json!("{{factor}}"), &vars).is_err());
    }
}
