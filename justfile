# okta-mcp — the only commands a newcomer needs. `just --list` shows them.

set shell := ["bash", "-euo", "pipefail", "-c"]

# Everything, offline: format check, clippy with -D warnings, every test against the mock org.
test: lint
    INSTA_UPDATE=no cargo nextest run --workspace --no-fail-fast

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
    INSTA_UPDATE=always cargo nextest run --workspace --no-fail-fast
    git status --short conformance/snapshots
