//! Consistency of every tool table with the endpoint contract (conformance/endpoints.tsv: the rows of
//! shared/okta-api/endpoints.tsv for the tools built): names, routes, scopes, schemas and argument placement.

// Helpers outside #[test] fns may unwrap too: a failure here is a failed test.
#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};

use okta_mcp::TOOLSETS;
use okta_mcp_driver::workspace_root;

struct Row {
    method: String,
    path: String,
    query: BTreeSet<String>,
    scope: String,
    note: String,
}

fn contract() -> BTreeMap<String, (String, Row)> {
    let text = std::fs::read_to_string(workspace_root().join("conformance/endpoints.tsv"))
        .expect("conformance/endpoints.tsv");
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            let row = Row {
                method: f[2].to_owned(),
                path: f[3].to_owned(),
                query: f[4]
                    .split(',')
                    .map(|q| q.trim().trim_end_matches('*').to_owned())
                    .filter(|q| !q.is_empty())
                    .collect(),
                scope: f[7].to_owned(),
                note: f.get(8).copied().unwrap_or("").to_owned(),
            };
            (f[1].to_owned(), (f[0].to_owned(), row))
        })
        .collect()
}

/// `/api/v1/users/{id}` and `/api/v1/users/{userId}` are the same route.
fn normalize(path: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '{' => {
                depth += 1;
                out.push_str("{}");
            }
            '}' => depth -= 1,
            _ if depth > 0 => {}
            _ => out.push(c),
        }
    }
    out
}

/// The project's copy holds exactly the rows of the tools it has built: each row identical to the
/// shared contract's row of the same tool (none differs, none is invented), and no row for a server
/// the project does not build. The per-server name check below keeps the copy's rows and the tables equal.
#[test]
fn the_copy_of_the_contract_is_the_shared_rows_of_the_built_tools() {
    let copy = std::fs::read_to_string(workspace_root().join("conformance/endpoints.tsv")).unwrap();
    let built: BTreeSet<&str> = TOOLSETS.iter().map(|s| s.toolset()).collect();
    let mut problems = Vec::new();
    for line in copy.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let server = line.split('\t').next().unwrap_or("");
        if !built.contains(server) {
            problems.push(format!("row for unbuilt server {server:?}: {line}"));
        }
    }
    let shared = workspace_root().join("../shared/okta-api/endpoints.tsv");
    match std::fs::read_to_string(&shared) {
        Ok(original) => {
            let header = |t: &str| t.lines().next().unwrap_or("").to_owned();
            if header(&copy) != header(&original) {
                problems.push("the copy's header differs from the shared contract's".into());
            }
            let by_tool: BTreeMap<&str, &str> = original
                .lines()
                .skip(1)
                .filter_map(|l| l.split('\t').nth(1).map(|tool| (tool, l)))
                .collect();
            for line in copy.lines().skip(1).filter(|l| !l.trim().is_empty()) {
                let tool = line.split('\t').nth(1).unwrap_or("");
                match by_tool.get(tool) {
                    Some(row) if *row == line => {}
                    Some(row) => problems.push(format!(
                        "{tool}: row differs from the shared contract's:\n  copy:   {line}\n  shared: {row}"
                    )),
                    None => problems.push(format!("{tool}: not in the shared contract")),
                }
            }
        }
        Err(_) => eprintln!(
            "note: {} not found; the copy was checked against the built tables only",
            shared.display()
        ),
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_table_matches_the_contract() {
    let contract = contract();
    let mut problems = Vec::new();
    for server in &TOOLSETS {
        let tools = (server.tools)();
        let names: Vec<&str> = tools.iter().map(|t| t.name).collect();
        let unique: BTreeSet<&str> = names.iter().copied().collect();
        if unique.len() != names.len() {
            problems.push(format!("{}: duplicate tool names", server.toolset()));
        }
        let expected: BTreeSet<&str> = contract
            .iter()
            .filter(|(_, (s, _))| s == server.toolset())
            .map(|(n, _)| n.as_str())
            .collect();
        if unique != expected {
            problems.push(format!(
                "{}: names differ from the contract: missing {:?}, extra {:?}",
                server.toolset(),
                expected.difference(&unique).collect::<Vec<_>>(),
                unique.difference(&expected).collect::<Vec<_>>()
            ));
        }
        for t in &tools {
            let Some((_, row)) = contract.get(t.name) else {
                continue;
            };
            let (method, path) = (t.route.method.as_str(), t.route.path);
            let same_route = row.method == method && normalize(&row.path) == normalize(path);
            if !same_route || row.scope != t.scope {
                // A DECISION row of the contract may route elsewhere; the tool must say why.
                if !(row.note.contains("DECISION") && t.decision.is_some()) {
                    problems.push(format!(
                        "{}: {} {} scope {} differs from the contract's {} {} scope {}",
                        t.name, method, path, t.scope, row.method, row.path, row.scope
                    ));
                }
            }
            // Every declaration is sound: each field routed somewhere its route uses, each path
            // parameter filled, no required part empty. No tool is skipped.
            problems.extend(t.check().iter().map(ToString::to_string));
            if t.description.len() > 400 {
                problems.push(format!("{}: description over 400 bytes", t.name));
            }
            let schema = &t.input_schema;
            if schema.get("type").and_then(|v| v.as_str()) != Some("object") {
                problems.push(format!("{}: input schema is not an object", t.name));
            }
            for combinator in ["anyOf", "oneOf", "allOf", "not"] {
                if schema.contains_key(combinator) {
                    problems.push(format!(
                        "{}: top-level {combinator} in the input schema",
                        t.name
                    ));
                }
            }
            for q in t.query_params() {
                if same_route && !row.query.contains(q) {
                    problems.push(format!(
                        "{}: query parameter {q} is not in the contract",
                        t.name
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn scopes_are_the_union_of_the_tools_scopes() {
    for server in &TOOLSETS {
        let tools = (server.tools)();
        let scopes = okta_mcp_core::tool::scopes_of(&tools);
        for t in &tools {
            assert!(
                scopes.contains(&t.scope),
                "{} scope {} missing",
                t.name,
                t.scope
            );
            assert!(
                t.scope.starts_with("okta."),
                "{}: scope {:?}",
                t.name,
                t.scope
            );
        }
        let mut sorted = scopes.clone();
        sorted.dedup();
        assert_eq!(sorted, scopes);
    }
}
