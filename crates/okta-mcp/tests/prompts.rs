//! The prompt table against the tool tables: every tool a prompt names exists in some toolset and
//! has the kind the prompt says (a step that "changes Okta" uses no read-only tool, and back).

use std::collections::HashMap;

use okta_mcp::TOOLSETS;
use okta_mcp_core::ToolKind;
use okta_mcp_core::prompts::PROMPTS;

#[test]
fn every_tool_a_prompt_names_exists_with_the_kind_it_says() {
    let kinds: HashMap<&str, ToolKind> = TOOLSETS
        .iter()
        .flat_map(|s| (s.tools)())
        .map(|t| (t.name, t.kind))
        .collect();
    let mut checked = 0;
    for p in &PROMPTS {
        for step in p.steps {
            assert!(!step.tools.is_empty(), "{}: a step without a tool", p.name);
            for tool in step.tools {
                let Some(kind) = kinds.get(tool) else {
                    panic!("{}: {tool} is no tool of any toolset", p.name);
                };
                assert_eq!(
                    step.changes,
                    !kind.is_read(),
                    "{}: {tool} is {}, the prompt says it {}",
                    p.name,
                    kind.as_str(),
                    if step.changes {
                        "changes Okta"
                    } else {
                        "only reads"
                    }
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= PROMPTS.len() * 3, "only {checked} tools checked");
}

#[test]
fn the_readme_lists_every_prompt() {
    let readme = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md"),
    )
    .unwrap_or_default();
    let block = readme
        .split_once("<!-- prompts:begin")
        .and_then(|(_, rest)| rest.split_once("-->"))
        .and_then(|(_, rest)| rest.split_once("<!-- prompts:end -->"))
        .map(|(block, _)| block.trim_start_matches('\n'))
        .unwrap_or_default();
    assert_eq!(
        block,
        okta_mcp_core::prompts::prompts_markdown(),
        "README's prompt list differs from the declarations: paste prompts_markdown() between the markers"
    );
}
