//! Every interaction of every cassette against Okta's published OpenAPI specs, as vendored in
//! `conformance/okta-openapi/`: the request is an operation of the specs that its tool may call
//! (its route, or a step its composite declares), with declared and valid query parameters and a
//! valid JSON body without read-only properties (an upload's multipart parts valid for the
//! operation's multipart/form-data schema); the response's status is declared for that
//! operation (or the case says why it is `assumed`), its body valid for that status; list pages
//! carry `rel="self"`; every response carries Okta's rate-limit headers.
//!
//! Mismatches listed in `conformance/spec-known-mismatches.txt` are expected until the fixtures or
//! tools are fixed; any other mismatch fails, and so does a listed one that no longer occurs, so
//! the list only shrinks. The current list is written to `target/tmp/spec-mismatches.current.txt`.

// Helpers outside #[test] fns may unwrap too: a failure here is a failed test.
#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use conformance::spec::{self, AnswerBody, Category, Finding, ResponseBody, Spec};
use mock_okta::{CassetteFile, Interaction, load_all};
use okta_mcp::TOOLSETS;
use okta_mcp_core::ToolSpec;
use okta_mcp_driver::{fixtures_dir, workspace_root};
use sha2::{Digest, Sha256};

const KNOWN: &str = "conformance/spec-known-mismatches.txt";

/// The steps composite tools send besides their route, as `(tool, method, spec path template)`.
/// Written down here because a composite's steps are code, not declarations (their `decision`
/// text names them in prose). Each entry must belong to a composite tool, be an operation of the
/// specs, and be sent in some cassette of that tool (all checked below), so the table cannot
/// allow more than the tools do.
const COMPOSITE_STEPS: &[(&str, &str, &str)] = &[
    (
        "okta_iga_approve_access_request",
        "GET",
        "/governance/api/v2/tasks",
    ),
    (
        "okta_iga_deny_access_request",
        "GET",
        "/governance/api/v2/tasks",
    ),
    (
        "okta_iga_list_user_entitlements",
        "GET",
        "/governance/api/v1/grants",
    ),
    (
        "okta_iga_remove_bundle_from_user",
        "GET",
        "/.well-known/okta-organization",
    ),
    (
        "okta_iga_revoke_entitlement",
        "GET",
        "/.well-known/okta-organization",
    ),
    (
        "okta_iga_review_campaign_item",
        "POST",
        "/governance/api/v1/campaigns/{campaignId}/reviews/reassign",
    ),
    (
        "okta_iga_revoke_access_request",
        "GET",
        "/governance/api/v2/requests/{requestId}",
    ),
    (
        "okta_iga_revoke_access_request",
        "GET",
        "/.well-known/okta-organization",
    ),
    (
        "okta_iga_revoke_access_request",
        "GET",
        "/governance/api/v1/grants",
    ),
];

fn the_spec() -> &'static Spec {
    spec::spec().unwrap_or_else(|e| panic!("the vendored specs do not load: {e}"))
}

fn all_tools() -> BTreeMap<&'static str, (&'static str, ToolSpec)> {
    TOOLSETS
        .into_iter()
        .flat_map(|s| {
            (s.tools)()
                .into_iter()
                .map(move |t| (t.name, (s.toolset(), t)))
        })
        .collect()
}

/// `(method, spec template)` of every operation a tool may send: its route and its declared steps.
fn allowed_operations(spec: &Spec, tool: &ToolSpec) -> BTreeSet<(String, String)> {
    let mut routes = vec![(tool.route.method.as_str(), tool.route.path)];
    routes.extend(
        COMPOSITE_STEPS
            .iter()
            .filter(|(name, _, _)| *name == tool.name)
            .map(|(_, method, path)| (*method, *path)),
    );
    routes
        .into_iter()
        .map(|(method, path)| match spec.find_template(method, path) {
            Some(op) => (op.method.clone(), op.template.clone()),
            // Not an operation of the specs: no request can match it, each one is reported.
            None => (method.to_owned(), path.to_owned()),
        })
        .collect()
}

#[test]
fn vendored_specs_are_unmodified() {
    let dir = spec::dir();
    let readme = std::fs::read_to_string(dir.join("README.md")).unwrap();
    assert!(!spec::FILES.is_empty());
    for file in spec::FILES {
        let row = readme
            .lines()
            .find(|l| l.starts_with(&format!("| `{file}` |")))
            .unwrap_or_else(|| panic!("{file}: no row in okta-openapi/README.md"));
        let listed = row.split('`').nth(3).unwrap_or_default();
        let bytes = std::fs::read(dir.join(file)).unwrap();
        let actual: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(actual, listed, "{file}: sha256 differs from the README's");
    }
}

/// The rest of "a list tool" that a declaration cannot say itself (`ToolSpec::is_list` covers
/// paging, `list_in` and names): a read tool whose Okta operation answers with an array, by the
/// spec's example or schema, is a list and must declare its summary; so must every tool the
/// table check calls a list.
/// Where Okta's spec says an array and Okta answers with one object (the recorded cassettes show it).
const NOT_ARRAYS: &[(&str, &str)] = &[(
    "okta_get_claim",
    "the spec declares getOAuth2Claim's 200 as an array of claims; Okta answers with the one claim",
)];

#[test]
fn read_tools_answered_with_an_array_declare_a_summary() {
    let spec = the_spec();
    let mut missing = Vec::new();
    let mut arrays = 0;
    for (name, (_, tool)) in all_tools() {
        if !tool.kind.is_read() {
            continue;
        }
        let Some(op) = spec.find_template(tool.route.method.as_str(), tool.route.path) else {
            continue;
        };
        let answer = spec.success_answer(op);
        let array = match &answer.body {
            Some(AnswerBody::Json(serde_json::Value::Array(_))) => true,
            Some(AnswerBody::Json(v)) => tool
                .list_in
                .is_some_and(|k| v.get(k).is_some_and(serde_json::Value::is_array)),
            _ => false,
        };
        let array = array && !NOT_ARRAYS.iter().any(|(n, _)| *n == name);
        if array {
            arrays += 1;
        }
        if (array || tool.is_list()) && tool.summary.is_none() && !tool.scalar_items {
            missing.push(name);
        }
    }
    assert!(
        arrays > 40,
        "only {arrays} read tools found answering with an array"
    );
    assert!(
        missing.is_empty(),
        "list tools without a summary: {missing:?}"
    );
}

#[test]
fn composite_steps_are_declared_operations() {
    let spec = the_spec();
    let tools = all_tools();
    let mut problems = Vec::new();
    for (name, method, path) in COMPOSITE_STEPS {
        match tools.get(name) {
            None => problems.push(format!("{name}: no such tool")),
            Some((_, tool)) => {
                if !tool.is_composite() {
                    problems.push(format!(
                        "{name}: not a composite; its route is all it sends"
                    ));
                }
            }
        }
        if spec.find_template(method, path).is_none() {
            problems.push(format!(
                "{name}: {method} {path} is not an operation of the specs"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_tool_may_send_its_route_and_its_declared_steps_only() {
    let spec = the_spec();
    let tools = all_tools();
    let allowed = |name: &str| allowed_operations(spec, &tools[name].1);
    let get_user: Vec<(String, String)> = allowed("okta_get_user").into_iter().collect();
    assert_eq!(
        get_user,
        [("GET".to_owned(), "/api/v1/users/{id}".to_owned())]
    );
    let revoke = allowed("okta_iga_revoke_access_request");
    assert_eq!(revoke.len(), 4, "{revoke:?}");
    assert!(revoke.contains(&(
        "GET".to_owned(),
        "/.well-known/okta-organization".to_owned()
    )));
    let tasks = spec.find("GET", "/governance/api/v2/tasks").unwrap();
    assert!(
        allowed("okta_iga_approve_access_request")
            .contains(&(tasks.method.clone(), tasks.template.clone()))
    );
    assert!(
        !allowed("okta_iga_list_access_requests")
            .contains(&(tasks.method.clone(), tasks.template.clone()))
    );
}

#[derive(Default)]
struct Figures {
    cassettes: usize,
    interactions: usize,
    requests_validated: usize,
    request_bodies_validated: usize,
    multipart_bodies_validated: usize,
    responses_validated: usize,
    statuses_declared: usize,
    assumed_cassettes: usize,
    assumed_interactions: usize,
}

/// One mismatch: where it is and what it is, as a known-list line.
struct Mismatch {
    server: String,
    key: String,
    finding: Finding,
}

struct Checker<'a> {
    spec: &'a Spec,
    tools: BTreeMap<&'static str, (&'static str, ToolSpec)>,
    figures: Figures,
    mismatches: Vec<Mismatch>,
    /// `(tool, method, spec template)` of every request matched to an operation.
    sent: BTreeSet<(String, String, String)>,
}

/// What a cassette's interactions are judged by.
struct Case<'c> {
    tool: &'c str,
    allowed: BTreeSet<(String, String)>,
    /// The tool's route, for messages.
    route: String,
    /// Some response names a next page.
    paged: bool,
    assumed: bool,
}

impl Checker<'_> {
    fn push(&mut self, server: &str, file: &str, index: Option<usize>, finding: Finding) {
        let index = index.map_or_else(|| "-".to_owned(), |i| i.to_string());
        self.mismatches.push(Mismatch {
            server: server.to_owned(),
            key: format!("{file}#{index} {finding}"),
            finding,
        });
    }

    fn cassette(&mut self, file: &CassetteFile) {
        let rel = file
            .path
            .strip_prefix(workspace_root())
            .unwrap_or(&file.path);
        let rel = rel.display().to_string();
        let cassette = &file.cassette;
        self.figures.cassettes += 1;
        let tool = self.tools.get(cassette.tool.as_str()).map(|(_, t)| t);
        let case = Case {
            tool: &cassette.tool,
            allowed: tool
                .map(|t| allowed_operations(self.spec, t))
                .unwrap_or_default(),
            route: tool.map_or_else(
                || "no such tool".to_owned(),
                |t| format!("{} {}", t.route.method, t.route.path),
            ),
            paged: cassette
                .interactions
                .iter()
                .any(|i| spec::has_next(&i.response.headers)),
            assumed: cassette.assumed.is_some(),
        };
        let mut undeclared = 0;
        for (i, interaction) in cassette.interactions.iter().enumerate() {
            let (findings, declared) = self.interaction(&case, interaction);
            undeclared += usize::from(!declared);
            for f in findings {
                self.push(&file.server, &rel, Some(i), f);
            }
        }
        if let Some(why) = &cassette.assumed {
            self.figures.assumed_cassettes += 1;
            if why.trim().is_empty() {
                let f = Finding::new(Category::AssumedUnneeded, "assumed", "says no reason");
                self.push(&file.server, &rel, None, f);
            }
            if undeclared == 0 {
                let f = Finding::new(
                    Category::AssumedUnneeded,
                    "assumed",
                    "every status of this case is declared by the spec; drop \"assumed\"",
                );
                self.push(&file.server, &rel, None, f);
            }
        }
    }

    /// The findings of one interaction, and whether its status is declared.
    fn interaction(&mut self, case: &Case<'_>, interaction: &Interaction) -> (Vec<Finding>, bool) {
        self.figures.interactions += 1;
        let (req, resp) = (&interaction.request, &interaction.response);
        let mut findings = Vec::new();
        let mut declared = true;
        match self.spec.find(&req.method, &req.path) {
            None => findings.push(Finding::new(
                Category::OperationUnknown,
                "request",
                format!(
                    "no operation of the vendored specs is {} {}",
                    req.method, req.path
                ),
            )),
            Some(op) => {
                let key = (op.method.clone(), op.template.clone());
                self.sent
                    .insert((case.tool.to_owned(), key.0.clone(), key.1.clone()));
                if !case.allowed.contains(&key) {
                    findings.push(Finding::new(
                        Category::OperationNotAllowed,
                        "request",
                        format!(
                            "{} is neither the tool's route ({}) nor a declared step of it",
                            op.label(),
                            case.route
                        ),
                    ));
                }
                let query: BTreeMap<String, Vec<String>> = req
                    .query
                    .iter()
                    .map(|(k, v)| (k.clone(), v.values()))
                    .collect();
                let request = match &req.multipart {
                    Some(parts) => self.spec.check_form_request(op, &req.path, &query, parts),
                    None => self
                        .spec
                        .check_request(op, &req.path, &query, req.body.as_ref()),
                };
                self.figures.requests_validated += 1;
                if req.multipart.is_some() {
                    self.figures.multipart_bodies_validated += usize::from(request.body_validated);
                } else {
                    self.figures.request_bodies_validated += usize::from(request.body_validated);
                }
                findings.extend(request.findings);
                let body = match (&resp.body, &resp.body_text) {
                    (_, Some(_)) => ResponseBody::Text,
                    (Some(v), None) => ResponseBody::Json(v),
                    (None, None) => ResponseBody::None,
                };
                let response = self.spec.check_response(op, resp.status, body);
                self.figures.responses_validated += usize::from(response.body_validated);
                declared = response.declared;
                if declared {
                    self.figures.statuses_declared += 1;
                } else if case.assumed {
                    self.figures.assumed_interactions += 1;
                } else {
                    findings.push(Finding::new(
                        Category::StatusUndeclared,
                        "response.status",
                        format!(
                            "{} declares no {} response (nor a default); mark the case \"assumed\" with why, or follow the spec",
                            op.label(),
                            resp.status
                        ),
                    ));
                }
                findings.extend(response.findings);
            }
        }
        let list_page = case.paged && req.method == "GET" && resp.status == 200;
        let has_link = resp.headers.keys().any(|k| k.eq_ignore_ascii_case("link"));
        if list_page || has_link {
            findings.extend(spec::check_link_self(&resp.headers));
        }
        findings.extend(spec::check_rate_limit(&resp.headers));
        (findings, declared)
    }
}

fn read_known() -> Vec<String> {
    std::fs::read_to_string(workspace_root().join(KNOWN))
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

fn tally<'m>(items: impl Iterator<Item = &'m str>) -> String {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for item in items {
        *counts.entry(item).or_default() += 1;
    }
    counts
        .iter()
        .map(|(k, n)| format!("{k} {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[test]
fn every_cassette_interaction_conforms_to_the_spec() {
    let started = std::time::Instant::now();
    let spec = the_spec();
    let loaded = started.elapsed();
    let files = load_all(&fixtures_dir()).unwrap();
    assert!(!files.is_empty(), "no cassettes under fixtures/");
    let mut checker = Checker {
        spec,
        tools: all_tools(),
        figures: Figures::default(),
        mismatches: Vec::new(),
        sent: BTreeSet::new(),
    };
    for file in &files {
        checker.cassette(file);
    }
    let Checker {
        figures: f,
        mismatches,
        sent,
        ..
    } = checker;
    let unused_steps: Vec<String> = COMPOSITE_STEPS
        .iter()
        .filter(|(tool, method, path)| {
            let op = spec.find_template(method, path);
            !op.is_some_and(|op| {
                sent.contains(&(tool.to_string(), op.method.clone(), op.template.clone()))
            })
        })
        .map(|(tool, method, path)| format!("{tool} {method} {path}"))
        .collect();

    let mut mismatches = mismatches;
    mismatches.sort_by(|a, b| a.key.cmp(&b.key));
    mismatches.dedup_by(|a, b| a.key == b.key);
    let found: BTreeSet<&str> = mismatches.iter().map(|m| m.key.as_str()).collect();
    let known_lines = read_known();
    let known: BTreeSet<&str> = known_lines.iter().map(String::as_str).collect();
    let new: Vec<&str> = found.difference(&known).copied().collect();
    let gone: Vec<&str> = known.difference(&found).copied().collect();

    let current =
        std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("spec-mismatches.current.txt");
    let listing: String = found.iter().map(|k| format!("{k}\n")).collect();
    std::fs::write(&current, listing).unwrap();

    let mut out = String::new();
    writeln!(
        out,
        "spec conformance ({} ms, specs loaded in {} ms):",
        started.elapsed().as_millis(),
        loaded.as_millis()
    )
    .unwrap();
    writeln!(
        out,
        "  cassettes {}, interactions checked {}",
        f.cassettes, f.interactions
    )
    .unwrap();
    writeln!(
        out,
        "  requests validated {} (JSON bodies {}, multipart bodies {}), responses validated {} (statuses declared {})",
        f.requests_validated,
        f.request_bodies_validated,
        f.multipart_bodies_validated,
        f.responses_validated,
        f.statuses_declared
    )
    .unwrap();
    writeln!(
        out,
        "  cassettes marked assumed {} (interactions with an assumed status {})",
        f.assumed_cassettes, f.assumed_interactions
    )
    .unwrap();
    writeln!(
        out,
        "  mismatches {} (listed as known {}, new {}, listed but gone {})",
        found.len(),
        known.len(),
        new.len(),
        gone.len()
    )
    .unwrap();
    writeln!(
        out,
        "  by category: {}",
        tally(mismatches.iter().map(|m| m.finding.category.as_str()))
    )
    .unwrap();
    writeln!(
        out,
        "  by server: {}",
        tally(mismatches.iter().map(|m| m.server.as_str()))
    )
    .unwrap();
    eprintln!("{out}");

    let mut problems = Vec::new();
    let mut sorted = known_lines.clone();
    sorted.sort();
    sorted.dedup();
    if sorted != known_lines {
        problems.push(format!(
            "{KNOWN} must be sorted, one line per mismatch, no repeats"
        ));
    }
    if !unused_steps.is_empty() {
        problems.push(format!(
            "COMPOSITE_STEPS entries no cassette sends; drop them:\n{}",
            unused_steps.join("\n")
        ));
    }
    if !new.is_empty() {
        problems.push(format!(
            "{} mismatches not in {KNOWN} (fix them; the list only shrinks):\n{}",
            new.len(),
            new.join("\n")
        ));
    }
    if !gone.is_empty() {
        problems.push(format!(
            "{} entries of {KNOWN} no longer occur; delete them:\n{}",
            gone.len(),
            gone.join("\n")
        ));
    }
    assert!(
        f.interactions > 0 && f.requests_validated + found.len() > 0,
        "nothing was checked"
    );
    assert!(
        problems.is_empty(),
        "{}\n(all current mismatches: {})",
        problems.join("\n\n"),
        current.display()
    );
}
