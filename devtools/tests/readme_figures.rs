//! README's figures are the committed bench output (docs/bench.json) as `just bench` renders them:
//! a figure edited by hand, or a bench run whose README was not committed, fails here.

use devtools::bench::figures::{self, BenchOutput};
use okta_mcp_driver::workspace_root;

#[test]
fn readme_figures_match_the_committed_bench_output() {
    let root = workspace_root();
    let json = std::fs::read_to_string(root.join(figures::OUTPUT)).expect("docs/bench.json");
    let out: BenchOutput = serde_json::from_str(&json).expect("docs/bench.json parses");
    assert!(!out.figures.is_empty(), "docs/bench.json holds no figures");
    for f in &out.figures {
        assert!(
            !f.measured.trim().is_empty() && !f.definition.trim().is_empty(),
            "{}: a figure needs its value and definition",
            f.figure
        );
    }
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    let section = figures::section(&readme).expect("README's bench section");
    assert_eq!(
        section,
        figures::render(&out),
        "README's figures differ from docs/bench.json: run `just bench` (or render it again)"
    );
}
