//! A tools/list as a model reads it: a property's schema that one listed tool already spelled out
//! (create/update pairs share their bodies) is said once, and later only referred to.
//!
//! [`fold`] replaces a property subschema (an object or an array, of at least [`MIN_BYTES`] compact
//! bytes, down to [`MAX_DEPTH`] levels of properties) that equals, apart from its own
//! `description`, one emitted earlier in the same listing, by `{"type": …, "description": "<its
//! own description>; same schema as <tool>'s <path>"}`. The first occurrence in listing order keeps
//! the whole schema, so a reference always points back, at a tool of the same listing: the caller
//! folds each listing it sends, never a superset of it. [`resolve`] follows a reference the way a
//! model reads it. Folding is for what is shown: a tool's own schema (argument checks, the
//! executor) is never folded.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::sync::Arc;

use rmcp::model::Tool;
use serde_json::{Map, Value, json};

/// The words that introduce a reference: `same schema as okta_create_x's body.a`.
pub const SAME_AS: &str = "same schema as ";
/// Between the tool and the dot path of a reference.
const OF: &str = "'s ";
/// Said once in the instructions of a server whose listing may hold references.
pub const SAME_AS_NOTE: &str = "A property described \"same schema as <tool>'s <a.b>\" has the schema of that tool's argument a, member b.";
/// Smaller subschemas are cheaper to repeat than to refer to.
pub const MIN_BYTES: usize = 100;
/// How deep, in levels of properties, a subschema may sit to be folded (1 = a tool's argument).
pub const MAX_DEPTH: usize = 3;

/// Folds repeated subschemas of `tools`, in their order; returns how many were folded.
/// Deterministic: the same listing folds the same way. Only a tool with something to fold has its
/// schema copied (schemas are shared with the declarations): this runs before the first tools/list.
pub fn fold(tools: &mut [Tool]) -> usize {
    let mut seen: HashMap<String, (String, String)> = HashMap::new();
    let mut folded = 0;
    for tool in tools.iter_mut() {
        let name = tool.name.to_string();
        let mut plan = Vec::new();
        if let Some(Value::Object(props)) = tool.input_schema.get("properties") {
            plan_props(props, &name, "", "", 1, &mut seen, &mut plan);
        }
        if plan.is_empty() {
            continue;
        }
        let schema = Arc::make_mut(&mut tool.input_schema);
        for (pointer, replacement) in plan {
            if let Some(at) = schema
                .get_mut("properties")
                .and_then(|p| p.pointer_mut(&pointer))
            {
                *at = replacement;
                folded += 1;
            }
        }
    }
    folded
}

/// A folded subschema: where it sits under the tool's `properties` (a JSON pointer), and what
/// replaces it.
type Fold = (String, Value);

fn plan_props(
    props: &Map<String, Value>,
    tool: &str,
    prefix: &str,
    pointer: &str,
    depth: usize,
    seen: &mut HashMap<String, (String, String)>,
    plan: &mut Vec<Fold>,
) {
    // A name with a dot could not be told apart in a dot path: such a subschema stays whole.
    for (key, sub) in props.iter().filter(|(k, _)| !k.contains('.')) {
        let path = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        let at = format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"));
        plan_one(sub, tool, &path, &at, depth, seen, plan);
    }
}

fn plan_one(
    sub: &Value,
    tool: &str,
    path: &str,
    pointer: &str,
    depth: usize,
    seen: &mut HashMap<String, (String, String)>,
    plan: &mut Vec<Fold>,
) {
    let Some(ty) = container_type(sub) else {
        return;
    };
    let shape = shape_of(sub);
    // A `$ref` points into its own tool's definitions, which another tool may not share.
    if shape.len() >= MIN_BYTES && !shape.contains("\"$ref\"") {
        match seen.entry(shape) {
            Entry::Occupied(first) => {
                let (first_tool, first_path) = first.get();
                let reference = format!("{SAME_AS}{first_tool}{OF}{first_path}");
                // Its sentence goes on after a semicolon, so a closing period goes.
                let own = sub
                    .get("description")
                    .and_then(Value::as_str)
                    .map(|d| d.trim_end_matches('.'))
                    .filter(|d| !d.is_empty());
                let description = match own {
                    Some(own) => format!("{own}; {reference}"),
                    None => reference,
                };
                let folded = json!({ "type": ty, "description": description });
                // The shape is the subschema less its description, so this folds only to save.
                if folded.to_string().len() < first.key().len() {
                    plan.push((pointer.to_owned(), folded));
                    return;
                }
            }
            Entry::Vacant(slot) => {
                slot.insert((tool.to_owned(), path.to_owned()));
            }
        }
    }
    if depth < MAX_DEPTH {
        let (inner, at) = match sub.get("items") {
            Some(items) => (items, format!("{pointer}/items")),
            None => (sub, pointer.to_owned()),
        };
        if let Some(Value::Object(props)) = inner.get("properties") {
            plan_props(
                props,
                tool,
                path,
                &format!("{at}/properties"),
                depth + 1,
                seen,
                plan,
            );
        }
    }
}

/// `object` or `array` (also when nullable): the type a folded subschema keeps.
fn container_type(schema: &Value) -> Option<Value> {
    let is_container = |t: &Value| matches!(t.as_str(), Some("object" | "array"));
    match schema.get("type")? {
        t @ Value::String(_) if is_container(t) => Some(t.clone()),
        t @ Value::Array(types) if types.iter().any(is_container) => Some(t.clone()),
        _ => None,
    }
}

/// The schema whose `properties` hold the next level: an array's items, or the object itself.
fn members(schema: &Value) -> &Value {
    schema.get("items").unwrap_or(schema)
}

/// The subschema as compact JSON without its own description: what two occurrences must share.
/// Written member by member rather than from a copy: this runs before the first tools/list.
fn shape_of(schema: &Value) -> String {
    let Value::Object(m) = schema else {
        return schema.to_string();
    };
    let members: Vec<String> = m
        .iter()
        .filter(|(k, _)| *k != "description")
        .map(|(k, v)| format!("{}:{v}", Value::from(k.as_str())))
        .collect();
    format!("{{{}}}", members.join(","))
}

/// The tool and dot path a folded subschema's description refers to.
pub fn reference(schema: &Value) -> Option<(&str, &str)> {
    let description = schema.get("description")?.as_str()?;
    let (_, rest) = description.rsplit_once(SAME_AS)?;
    rest.split_once(OF)
}

/// The whole schema a folded subschema stands for, found in `tools` (the listing it came in), as
/// a model finds it: the named tool's argument, then each named property, through array items.
/// `None` when `schema` is no reference or it points at nothing. The target may hold references
/// of its own, which point further back.
pub fn resolve<'a>(tools: &'a [Tool], schema: &Value) -> Option<&'a Value> {
    let (tool, path) = reference(schema)?;
    let tool = tools.iter().find(|t| t.name == tool)?;
    let mut segments = path.split('.');
    let mut at = tool.input_schema.get("properties")?.get(segments.next()?)?;
    for segment in segments {
        at = members(at).get("properties")?.get(segment)?;
    }
    Some(at)
}

/// The schema a model reconstructs from a folded one: the whole schema it refers to, with the
/// folded one's own description (if it had one). `None` when `schema` is no resolvable reference.
pub fn unfold(tools: &[Tool], schema: &Value) -> Option<Value> {
    let mut whole = resolve(tools, schema)?.clone();
    let own = schema
        .get("description")
        .and_then(Value::as_str)
        .and_then(|d| d.rsplit_once(SAME_AS))
        .map(|(own, _)| own.trim_end_matches("; "))
        .filter(|own| !own.is_empty());
    if let (Some(own), Value::Object(m)) = (own, &mut whole) {
        m.insert("description".into(), own.into());
    }
    Some(whole)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tool(name: &'static str, schema: Value) -> Tool {
        let Value::Object(schema) = schema else {
            panic!("not an object")
        };
        Tool::new(name, "d", Arc::new(schema))
    }

    fn big(note: &str) -> Value {
        json!({
            "type": "object",
            "description": note,
            "properties": {
                "platform": { "type": "string", "enum": ["ANDROID", "IOS", "MACOS", "WINDOWS"] },
                "osVersion": { "type": "object", "properties": { "minimum": { "type": "string" } } },
                "screenLockType": { "type": "array", "items": { "type": "string", "enum": ["NONE", "PASSCODE", "BIOMETRIC"] } }
            }
        })
    }

    fn args(t: &Tool) -> &Map<String, Value> {
        t.input_schema["properties"].as_object().unwrap()
    }

    #[test]
    fn a_repeated_subschema_refers_to_its_first_occurrence() {
        let mut tools = vec![
            tool(
                "okta_create_x",
                json!({"type": "object", "properties": {"name": {"type": "string"}, "body": big("The policy")}}),
            ),
            tool(
                "okta_update_x",
                json!({"type": "object", "properties": {"id": {"type": "string"}, "body": big("The new policy")}}),
            ),
            tool(
                "okta_other",
                json!({"type": "object", "properties": {"list": {"type": "array", "items": big("")}}}),
            ),
        ];
        let original = tools.clone();
        fold(&mut tools);
        assert_eq!(
            args(&tools[0])["body"],
            big("The policy"),
            "the first keeps it"
        );
        assert_eq!(
            args(&tools[1])["body"],
            json!({"type": "object", "description": "The new policy; same schema as okta_create_x's body"})
        );
        let mut period = vec![tools[0].clone(), original[1].clone()];
        Arc::make_mut(&mut period[1].input_schema)["properties"]["body"] = big("New.");
        fold(&mut period);
        assert_eq!(
            args(&period[1])["body"]["description"],
            "New; same schema as okta_create_x's body"
        );
        assert_eq!(
            resolve(&tools, &args(&tools[1])["body"]),
            Some(&big("The policy"))
        );
        assert_eq!(
            unfold(&tools, &args(&tools[1])["body"]),
            Some(big("The new policy")),
            "what a model reads is what it was"
        );
        // An array's items are no property: only the array as a whole could be a copy.
        assert_eq!(args(&tools[2])["list"]["items"], big(""));
        let mut again = original.clone();
        fold(&mut again);
        assert_eq!(again, tools, "deterministic");
    }

    #[test]
    fn nested_copies_fold_and_resolve_through_arrays() {
        let zone = |d: &str| {
            json!({"type": "array", "description": d, "items": {"type": "object", "properties": {
                "type": {"type": "string", "enum": ["CIDR", "RANGE"]},
                "value": {"type": "string", "description": "a CIDR block or an IP range such as 1.2.3.4-1.2.3.9"}
            }}})
        };
        let wrapper = |inner: Value| json!({"type": "object", "properties": {"body": {"type": "object", "properties": {"rows": {"type": "array", "items": {"type": "object", "properties": {"gateways": inner}}}}}}});
        let mut tools = vec![
            tool("okta_a", wrapper(zone("Gateways"))),
            tool(
                "okta_b",
                json!({"type": "object", "properties": {"proxies": zone("Proxies"), "tiny": {"type": "object"}}}),
            ),
            tool(
                "okta_c",
                json!({"type": "object", "properties": {"deep": {"type": "object", "properties": {"a": {"type": "object", "properties": {"b": {"type": "object", "properties": {"c": zone("too deep")}}}}}}}}),
            ),
        ];
        fold(&mut tools);
        let proxies = &args(&tools[1])["proxies"];
        assert_eq!(
            proxies["description"],
            "Proxies; same schema as okta_a's body.rows.gateways"
        );
        assert_eq!(
            resolve(&tools, proxies).and_then(|s| s.get("items")),
            zone("").get("items")
        );
        assert_eq!(
            args(&tools[1])["tiny"],
            json!({"type": "object"}),
            "small stays"
        );
        let deep =
            &args(&tools[2])["deep"]["properties"]["a"]["properties"]["b"]["properties"]["c"];
        assert_eq!(deep, &zone("too deep"), "below MAX_DEPTH nothing folds");
    }

    #[test]
    fn the_shape_is_the_compact_json_less_the_own_description() {
        let mut bare = big("gone");
        bare.as_object_mut().unwrap().remove("description");
        assert_eq!(shape_of(&big("gone")), bare.to_string());
        assert_eq!(shape_of(&bare), bare.to_string());
    }

    #[test]
    fn only_what_is_listed_is_referred_to() {
        let make = |name| {
            tool(
                name,
                json!({"type": "object", "properties": {"body": big("")}}),
            )
        };
        let mut listing = vec![make("okta_b"), make("okta_c")];
        fold(&mut listing);
        assert_eq!(
            reference(&args(&listing[1])["body"]),
            Some(("okta_b", "body"))
        );
        // A dotted name could not be referred to: it stays whole, and is not referred to.
        let mut dotted = vec![
            tool(
                "okta_d",
                json!({"type": "object", "properties": {"a.b": big("")}}),
            ),
            make("okta_e"),
            make("okta_f"),
        ];
        fold(&mut dotted);
        assert_eq!(args(&dotted[0])["a.b"], big(""));
        assert_eq!(args(&dotted[1])["body"], big(""));
        assert_eq!(
            reference(&args(&dotted[2])["body"]),
            Some(("okta_e", "body"))
        );
        // Without okta_b, okta_c keeps the whole schema.
        let mut alone = vec![make("okta_c")];
        fold(&mut alone);
        assert_eq!(args(&alone[0])["body"], big(""));
        assert_eq!(resolve(&alone, &big("")), None, "no reference");
    }
}
