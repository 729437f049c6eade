//! Tools: the declaration ([`ToolSpec`]), the typed input ([`ToolInput`]), routes, the table check,
//! the generic executor, result shaping and the revealing of hidden characters in results.

mod check;
mod exec;
mod input;
mod route;
mod shape;
mod spec;
mod visible;

pub use check::DeclError;
pub use exec::{Ctx, ToolError, run};
pub use input::{Field, Place, ToolInput};
pub use route::{PathTemplate, Route, TemplateError, segment};
pub use shape::{drop_links, shape};
pub use spec::{
    BuildBody, Decl, Finish, Handler, Prepare, ToolBuilder, ToolKind, ToolSpec, schema_of,
    scopes_of,
};
pub use visible::{is_hidden, reveal, reveal_value};
