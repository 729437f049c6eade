//! The shared machinery of the okta-mcp servers: configuration, auth, the Okta HTTP client,
//! pagination, errors and the declared-once tool table with its generic executor.

pub mod auth;
pub mod client;
pub mod config;
pub mod error;
pub mod pagination;
pub mod params;
pub mod server;
pub mod tool;

pub use reqwest::Method;
pub use server::{ServerSpec, main};
pub use tool::{Body, ToolKind, ToolSpec};
