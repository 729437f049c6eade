//! Programs for people working on okta-mcp, not shipped: `demo` (a transcript against the demo org),
//! `bench` (release figures: docs/bench.json, docs/benchmarks.md and README's figures) and `soak` (many calls under injected faults).
//! The soak is a library module so that `tests/soak_short.rs` runs a short one in `just test`.

pub mod bench;
pub mod soak;
