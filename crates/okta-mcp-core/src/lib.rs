//! The shared machinery of the okta-mcp servers: configuration, auth, the Okta HTTP client,
//! pagination, errors and the declared-once tool table with its generic executor.
//!
//! Library code never writes to stdout, which carries the MCP messages (`clippy::print_stdout` is
//! denied), and returns typed errors; only [`run`] decides what a process prints and how it exits.

// `#[derive(ToolInput)]` names `::okta_mcp_core`; this lets core's own tests use it too.
extern crate self as okta_mcp_core;

pub mod audit;
pub mod auth;
pub mod check;
pub mod cli;
pub mod cli_gen;
pub mod client;
pub mod client_config;
pub mod config;
pub mod docs;
pub mod dynamic;
pub mod error;
pub mod hints;
pub mod http_transport;
pub mod listing;
pub mod pagination;
pub mod params;
pub mod progress;
pub mod prompts;
pub mod run;
pub mod server;
pub mod summary;
pub mod tool;
pub mod toolsets;
pub mod upload;

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
