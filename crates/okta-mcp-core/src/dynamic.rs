//! `--dynamic-toolsets`: a session starts with three discovery tools (list the toolsets, describe
//! one, enable one) and a toolset's tools appear once it is enabled, announced with
//! `notifications/tools/list_changed`.
//!
//! Owns the catalog (which served tool belongs to which toolset), the discovery tools and each
//! session's enabled set. It must not filter tools (`--tools`, `--exclude-tools` and `--read-only`
//! have already chosen the catalog's tools) nor call Okta.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use rmcp::model::{JsonObject, Tool, ToolAnnotations};
use serde_json::{Map, Value, json};

use crate::server::ServerSpec;
use crate::tool::ToolSpec;

/// Lists the toolsets.
pub const LIST: &str = "okta_list_toolsets";
/// Describes a toolset's tools without enabling it.
pub const DESCRIBE: &str = "okta_describe_toolset";
/// Enables a toolset: its tools appear in tools/list.
pub const ENABLE: &str = "okta_enable_toolset";

/// One toolset on offer.
#[derive(Debug)]
struct Offer {
    name: &'static str,
    /// The first sentence of the toolset's instructions.
    summary: &'static str,
    /// Indices into the server's tools.
    tools: Vec<usize>,
}

/// The toolsets a dynamic session may enable, and the discovery tools that offer them.
#[derive(Debug)]
pub struct Catalog {
    offers: Vec<Offer>,
    discovery: Vec<Tool>,
}

/// Which toolsets one session has enabled (one per MCP session: HTTP serves many).
#[derive(Debug, Clone, Default)]
pub struct Enabled(Arc<Mutex<Vec<bool>>>);

impl Enabled {
    fn get(&self, i: usize) -> bool {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(i)
            .copied()
            .unwrap_or(false)
    }

    /// Marks toolset `i` enabled; true when it was not yet.
    fn enable(&self, i: usize) -> bool {
        let mut v = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if v.len() <= i {
            v.resize(i + 1, false);
        }
        !std::mem::replace(&mut v[i], true)
    }
}

/// The first sentence of a toolset's instructions: its one-line summary.
fn first_sentence(text: &'static str) -> &'static str {
    text.find(". ").map_or(text, |end| &text[..=end])
}

fn discovery_tool(name: &'static str, description: String, schema: Value) -> Tool {
    let schema: JsonObject = match schema {
        Value::Object(o) => o,
        _ => JsonObject::new(),
    };
    // They read or change only this session's tool list, never the org.
    Tool::new(name, description, Arc::new(schema))
        .with_annotations(ToolAnnotations::new().read_only(true).open_world(false))
}

/// What the model gets back from a discovery tool: a result, or a refusal to show as an error.
#[derive(Debug)]
pub enum Answer {
    Result(Value),
    Refused(String),
}

impl Catalog {
    /// Offers each of `toolsets` with those of `tools` it owns; `owner` maps a tool to its toolset.
    /// A toolset left with no tool (after `--tools`, `--exclude-tools`, `--read-only`) is not offered.
    pub fn new(
        toolsets: &[&ServerSpec],
        tools: &[ToolSpec],
        owner: &HashMap<&'static str, &'static str>,
    ) -> Self {
        let offers: Vec<Offer> = toolsets
            .iter()
            .map(|s| Offer {
                name: s.toolset(),
                summary: first_sentence(s.instructions),
                tools: tools
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| owner.get(t.name) == Some(&s.toolset()))
                    .map(|(i, _)| i)
                    .collect(),
            })
            .filter(|o| !o.tools.is_empty())
            .collect();
        let names: Vec<&str> = offers.iter().map(|o| o.name).collect();
        let pick = json!({
            "type": "object",
            "required": ["toolset"],
            "properties": { "toolset": { "type": "string", "enum": names } }
        });
        let discovery = vec![
            discovery_tool(
                LIST,
                "List the Okta toolsets: name, summary, tool count, whether enabled. Tools load on demand.".into(),
                json!({ "type": "object", "properties": {} }),
            ),
            discovery_tool(
                DESCRIBE,
                "A toolset's tools (name, description, read-only) without enabling it.".into(),
                pick.clone(),
            ),
            discovery_tool(
                ENABLE,
                "Enable a toolset: its tools are added to your tool list.".into(),
                pick,
            ),
        ];
        Self { offers, discovery }
    }

    /// The names of the toolsets on offer, in order.
    pub fn toolsets(&self) -> Vec<&'static str> {
        self.offers.iter().map(|o| o.name).collect()
    }

    /// Whether `name` is a discovery tool.
    pub fn is_discovery(&self, name: &str) -> bool {
        [LIST, DESCRIBE, ENABLE].contains(&name)
    }

    /// The discovery tool called `name`.
    pub fn discovery_tool(&self, name: &str) -> Option<Tool> {
        self.discovery.iter().find(|t| t.name == name).cloned()
    }

    /// What a session lists: the discovery tools, then the enabled toolsets' tools.
    pub fn visible(&self, enabled: &Enabled, listed: &[Tool]) -> Vec<Tool> {
        let mut out = self.discovery.clone();
        for (i, offer) in self.offers.iter().enumerate() {
            if enabled.get(i) {
                out.extend(offer.tools.iter().filter_map(|&t| listed.get(t).cloned()));
            }
        }
        out
    }

    /// Whether the session may call the server's tool at `index`.
    pub fn is_enabled(&self, enabled: &Enabled, index: usize) -> bool {
        self.offers
            .iter()
            .enumerate()
            .any(|(i, o)| o.tools.contains(&index) && enabled.get(i))
    }

    /// The toolset a tool is offered in, to name in the refusal of a call before it is enabled.
    pub fn toolset_of(&self, index: usize) -> Option<&'static str> {
        self.offers
            .iter()
            .find(|o| o.tools.contains(&index))
            .map(|o| o.name)
    }

    fn offer(&self, args: &Map<String, Value>) -> Result<(usize, &Offer), String> {
        let wanted = args.get("toolset").and_then(Value::as_str).unwrap_or("");
        self.offers
            .iter()
            .enumerate()
            .find(|(_, o)| o.name == wanted)
            .ok_or_else(|| {
                format!(
                    "toolset {wanted:?} is not on offer; choose from {}",
                    self.toolsets().join(", ")
                )
            })
    }

    /// Runs a discovery tool. The bool says whether the session's tool list changed.
    pub fn call(
        &self,
        name: &str,
        args: &Map<String, Value>,
        enabled: &Enabled,
        tools: &[ToolSpec],
    ) -> (Answer, bool) {
        let names = |o: &Offer| -> Vec<&'static str> {
            o.tools
                .iter()
                .filter_map(|&i| tools.get(i))
                .map(|t| t.name)
                .collect()
        };
        match name {
            LIST => {
                let sets: Vec<Value> = self
                    .offers
                    .iter()
                    .enumerate()
                    .map(|(i, o)| {
                        json!({
                            "name": o.name,
                            "tools": o.tools.len(),
                            "enabled": enabled.get(i),
                            "summary": o.summary,
                        })
                    })
                    .collect();
                (Answer::Result(json!({ "toolsets": sets })), false)
            }
            DESCRIBE => match self.offer(args) {
                Err(e) => (Answer::Refused(e), false),
                Ok((i, o)) => {
                    let described: Vec<Value> = o
                        .tools
                        .iter()
                        .filter_map(|&t| tools.get(t))
                        .map(|t| {
                            json!({
                                "name": t.name,
                                "description": t.description,
                                "readOnly": t.kind.is_read(),
                            })
                        })
                        .collect();
                    let result = json!({
                        "toolset": o.name,
                        "enabled": enabled.get(i),
                        "tools": described,
                    });
                    (Answer::Result(result), false)
                }
            },
            ENABLE => match self.offer(args) {
                Err(e) => (Answer::Refused(e), false),
                Ok((i, o)) => {
                    let changed = enabled.enable(i);
                    let result = json!({ "enabled": o.name, "tools": names(o) });
                    (Answer::Result(result), changed)
                }
            },
            _ => (Answer::Refused(format!("unknown tool: {name}")), false),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Decl, Route, ToolKind};

    #[derive(serde::Deserialize, schemars::JsonSchema, crate::ToolInput)]
    struct A {}

    fn t(name: &'static str) -> ToolSpec {
        ToolSpec::new::<A>(Decl {
            name,
            title: name,
            description: name,
            kind: ToolKind::Read,
            scope: "okta.x.read",
            route: Route::get("/x"),
        })
        .build()
    }

    fn spec(name: &'static str) -> ServerSpec {
        ServerSpec {
            name,
            version: "0",
            instructions: "First sentence: words. Second sentence.",
            tools: Vec::new,
            requires_oauth: false,
        }
    }

    fn catalog() -> (Catalog, Vec<ToolSpec>) {
        let tools = vec![t("okta_a"), t("okta_b"), t("okta_c")];
        let owner = HashMap::from([("okta_a", "one"), ("okta_b", "two"), ("okta_c", "two")]);
        let (one, two, three) = (
            spec("okta-mcp-one"),
            spec("okta-mcp-two"),
            spec("okta-mcp-three"),
        );
        (Catalog::new(&[&one, &two, &three], &tools, &owner), tools)
    }

    #[test]
    fn a_session_sees_discovery_then_what_it_enabled() {
        let (c, tools) = catalog();
        assert_eq!(
            c.toolsets(),
            ["one", "two"],
            "a toolset with no tool is not offered"
        );
        let listed: Vec<Tool> = tools.iter().map(ToolSpec::to_tool).collect();
        let session = Enabled::default();
        let other = Enabled::default();
        assert_eq!(c.visible(&session, &listed).len(), 3);
        let args: Map<String, Value> = json!({"toolset": "two"}).as_object().cloned().unwrap();
        let (answer, changed) = c.call(DESCRIBE, &args, &session, &tools);
        assert!(!changed);
        let Answer::Result(v) = answer else {
            panic!("describe refused")
        };
        assert_eq!(v["tools"][1]["name"], "okta_c");
        assert!(!c.is_enabled(&session, 1));
        let (_, changed) = c.call(ENABLE, &args, &session, &tools);
        assert!(changed);
        let (_, again) = c.call(ENABLE, &args, &session, &tools);
        assert!(!again, "enabling twice changes nothing");
        let names: Vec<String> = c
            .visible(&session, &listed)
            .iter()
            .map(|t| t.name.to_string())
            .collect();
        assert_eq!(names[3..], ["okta_b", "okta_c"]);
        assert!(c.is_enabled(&session, 2) && !c.is_enabled(&session, 0));
        assert_eq!(c.visible(&other, &listed).len(), 3, "sessions are apart");
        assert_eq!(c.toolset_of(0), Some("one"));
        let (Answer::Refused(e), _) = c.call(ENABLE, &Map::new(), &session, &tools) else {
            panic!("an unknown toolset was enabled")
        };
        assert!(e.contains("one, two"), "{e}");
        let (Answer::Result(v), _) = c.call(LIST, &Map::new(), &session, &tools) else {
            panic!("list refused")
        };
        assert_eq!(v["toolsets"][1]["enabled"], true);
        assert_eq!(v["toolsets"][0]["summary"], "First sentence: words.");
    }
}
