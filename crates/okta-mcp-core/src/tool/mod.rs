//! Tools: the declaration ([`ToolSpec`]), the typed input ([`ToolInput`]), routes, the table check,
//! the generic executor, result shaping and the revealing of hidden characters in results.

mod check;
mod check_with;
mod exec;
mod fields;
mod input;
mod route;
mod secret;
mod shape;
mod spec;
mod trail;
mod visible;

pub use check::DeclError;
pub use check_with::resolve_checks;
pub use exec::{Ctx, ToolError, run, run_traced};
pub use fields::{
    FIELDS_NOTE, PathError, Projection, SUMMARY_KEY, UNMATCHED_KEY, fields_schema, parse_path,
};
pub use input::{Field, Place, Secret, ToolInput};
pub use route::{PathTemplate, Route, TemplateError, segment};
pub use secret::{REDACTED, redact_args, scrub, scrub_text, secret_values};
pub use shape::{drop_links, shape};
pub use spec::{
    BuildBody, Decl, Finish, Handler, Prepare, ToolBuilder, ToolKind, ToolSpec, schema_of,
    scopes_of,
};
pub use trail::{Sent, Trail};
pub use visible::{is_hidden, reveal, reveal_value};
