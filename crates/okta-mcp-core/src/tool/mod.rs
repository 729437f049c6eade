//! Tools: the declaration ([`ToolSpec`]), the typed input ([`ToolInput`]), routes, the table check,
//! the generic executor and result shaping.

mod check;
mod exec;
mod fields;
mod input;
mod route;
mod shape;
mod spec;

pub use check::DeclError;
pub use exec::{Ctx, ToolError, run};
pub use fields::{PathError, Projection, SUMMARY_KEY, UNMATCHED_KEY, fields_schema, parse_path};
pub use input::{Field, Place, ToolInput};
pub use route::{PathTemplate, Route, TemplateError, segment};
pub use shape::{drop_links, shape};
pub use spec::{
    BuildBody, Decl, Finish, Handler, Prepare, ToolBuilder, ToolKind, ToolSpec, schema_of,
    scopes_of,
};
