//! Tools: the declaration ([`ToolSpec`]), the generic executor and result shaping.

mod exec;
mod shape;
mod spec;

pub use exec::{Ctx, ToolError, build_request, run, segment};
pub use shape::{drop_links, shape};
pub use spec::{Body, Finish, Handler, Prepare, ToolKind, ToolSpec, schema_of, scopes_of};
