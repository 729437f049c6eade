# okta-mcp — the only commands a newcomer needs. `just --list` shows them.

set shell := ["bash", "-euo", "pipefail", "-c"]

# cargo-nextest when it is installed (a process per test; what CI runs), plain `cargo test` otherwise:
# the same tests either way.
runner := if `cargo nextest --version >/dev/null 2>&1 && echo yes || echo no` == "yes" { "cargo nextest run" } else { "cargo test" }
version := `sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1`
# The packaging tools, pinned, installed under target/ by `just package-tools`.
tools := "target/package-tools"
maturin := tools + "/venv/bin/maturin"
mcpb_cli := tools + "/npm/node_modules/.bin/mcpb"

# Everything, offline: format check, clippy with -D warnings, every test against the mock org.
test: lint
    INSTA_UPDATE=no {{runner}} --workspace --no-fail-fast

# Format check and clippy (warnings are errors).
lint:
    cargo fmt --all -- --check
    cargo clippy --workspace --all-targets -- -D warnings

# The servers working end to end with no Okta account: a mock org, an MCP client, a transcript.
# `just demo --oauth`: as an OAuth service app, against an org that demands DPoP.
demo *args:
    cargo build --quiet --bins -p okta-mcp-users -p devtools
    target/debug/demo {{args}}

# The fake Okta org alone on loopback, with a ready client config. Ctrl-C stops it.
mock:
    cargo build --quiet --bins -p mock-okta -p okta-mcp-users
    target/debug/mock-okta --fixtures fixtures

# Re-record the cassettes against a real Okta preview org (OKTA_ORG_URL + credentials), scrubbed.
# Builds every binary of the workspace, so no server is listed here (the list is okta_mcp::TOOLSETS).
# `just record`, `just record users`, `just record users okta_get_user`. See docs/recording.md.
record server="" tool="" *flags:
    cargo build --quiet --workspace --bins
    target/debug/recorder --fixtures fixtures {{ if server == "" { "" } else { "--server " + server } }} {{ if tool == "" { "" } else { "--tool " + tool } }} {{flags}}

# Release-build figures: start-up, tools/list bytes per toolset, call overhead, throughput, memory, result size
# per list kind, and the fault soak (devtools/). Fails on any figure it cannot measure. Writes docs/bench.json,
# docs/benchmarks.md and README's figures table (a test checks README against docs/bench.json).
bench:
    cargo build --release --workspace --bins
    target/release/bench
    target/release/soak --calls 3000 --concurrency 16 --fault-share 0.1 --seed 1

# Regenerate docs/tools.md from the tool tables (`just test` fails when it is stale).
docs:
    cargo build --quiet --bins -p okta-mcp
    target/debug/okta-mcp docs > docs/tools.md

# Write new or changed conformance snapshots, then read them with `git diff conformance/snapshots`.
snapshots:
    INSTA_UPDATE=always {{runner}} --workspace --no-fail-fast
    git status --short conformance/snapshots crates/okta-mcp/tests/snapshots

# The wheel and the bundle (debug builds) installed and run as users do; CI runs it. See packaging/README.md.
package-test: package-tools sdist (wheel "dev") (mcpb "dev")
    python3 packaging/test_packages.py --wheel-dir target/wheels \
        --bundle target/mcpb/okta-mcp-{{version}}.mcpb --server-json target/mcpb/server.json \
        --mcpb-cli {{mcpb_cli}} --mcpb-module {{tools}}/npm/node_modules/@anthropic-ai/mcpb \
        --reference target/debug/okta-mcp

# The PyPI wheel of okta-mcp (maturin) in target/wheels; `just wheel dev` for a quick debug build.
wheel profile="release": package-tools
    rm -f target/wheels/okta_mcp-*.whl
    cd packaging/pypi && ../../{{maturin}} build --quiet --profile {{profile}} --out ../../target/wheels
    ls target/wheels/okta_mcp-*.whl

# The PyPI source distribution in target/wheels: the release recipe checked without compiling.
sdist: package-tools
    rm -f target/wheels/okta_mcp-*.tar.gz
    cd packaging/pypi && ../../{{maturin}} sdist --out ../../target/wheels
    ls target/wheels/okta_mcp-*.tar.gz

# The Claude Desktop bundle (.mcpb) for this platform and its server.json, in target/mcpb; `just mcpb dev`: debug.
mcpb profile="release": package-tools
    {{mcpb_cli}} validate packaging/mcpb/manifest.json
    {{ if profile == "dev" { "cargo test --workspace --no-run --quiet" } else { "cargo build --quiet --profile " + profile + " -p okta-mcp" } }}
    rm -rf target/mcpb/stage && mkdir -p target/mcpb/stage/server
    cp packaging/mcpb/manifest.json target/mcpb/stage/
    cp target/{{ if profile == "dev" { "debug" } else { profile } }}/okta-mcp target/mcpb/stage/server/
    {{mcpb_cli}} pack target/mcpb/stage target/mcpb/okta-mcp-{{version}}.mcpb
    python3 packaging/release_server_json.py target/mcpb/okta-mcp-{{version}}.mcpb target/mcpb/server.json

# The pinned packaging tools under target/: maturin from PyPI, the mcpb CLI from npm (needs Node.js and npm).
package-tools:
    {{maturin}} --version 2>/dev/null | grep -qx "maturin 1.16.0" || { python3 -m venv {{tools}}/venv && {{tools}}/venv/bin/pip install --quiet maturin==1.16.0; }
    {{mcpb_cli}} --version 2>/dev/null | grep -qx "2.1.2" || npm install --silent --no-audit --no-fund --prefix {{tools}}/npm @anthropic-ai/mcpb@2.1.2
