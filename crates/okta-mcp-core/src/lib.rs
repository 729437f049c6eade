//! The shared machinery of the okta-mcp servers: configuration, auth, the Okta HTTP client,
//! pagination, errors and the declared-once tool table with its generic executor.
//!
//! Library code never writes to stdout, which carries the MCP messages (`clippy::print_stdout` is
//! denied), and returns typed errors; only [`run`] decides what a process prints and how it exits.

// `#[derive(ToolInput)]` names `::okta_mcp_core`; this lets core's own tests use it too.
extern crate self as okta_mcp_core;

pub mod auth;
pub mod cli;
pub mod client;
pub mod config;
pub mod docs;
pub mod error;
pub mod hints;
pub mod pagination;
pub mod params;
pub mod run;
pub mod server;
pub mod summary;
pub mod tool;

pub use okta_mcp_derive::ToolInput;
pub use reqwest::Method;
pub use run::{main, main_multi};
pub use server::ServerSpec;
pub use tool::{Decl, Route, ToolInput, ToolKind, ToolSpec};

/// What `#[derive(ToolInput)]` expands to refers to; not an API.
#[doc(hidden)]
pub mod __private {
    pub use serde_json;
}
