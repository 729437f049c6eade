//! A tool's input: its typed argument struct, and where each field goes.
//!
//! Owns the contract between `#[derive(ToolInput)]` and the executor. It must not know routes or
//! HTTP: whether a field fits the route is [`super::check`]'s business, sending is the executor's.

use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Where an argument goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A `{placeholder}` of the path template, encoded as one segment.
    Path,
    /// A query parameter.
    Query,
    /// A member of the JSON request body.
    Body,
    /// The whole request body (a full object for a PUT).
    Payload,
    /// The file of a multipart/form-data upload, sent as the part named by its wire name; the
    /// field's type is [`crate::upload::Upload`], checked against the tool's upload rule.
    File,
    /// Read by the tool's own code: its prepare step, body builder or composite handler.
    Local,
}

impl Place {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Path => "path",
            Self::Query => "query",
            Self::Body => "body",
            Self::Payload => "payload",
            Self::File => "file",
            Self::Local => "local",
        }
    }
}

/// One field of a tool input, as `#[derive(ToolInput)]` records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// The argument's name, as the model sends it (serde's name).
    pub arg: &'static str,
    /// The name it is sent under (the path placeholder, query parameter or body member).
    pub wire: &'static str,
    pub place: Place,
    /// Not an argument (`#[serde(skip)]`): the tool's prepare step fills it.
    pub filled_by_prepare: bool,
    /// What of the value is secret (`#[arg(body, secret)]`).
    pub secret: Secret,
}

/// Which part of an argument is secret: never logged, audited or shown in a dry run's plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Secret {
    None,
    /// The whole value.
    Whole,
    /// Members inside the value, as dotted paths of JSON names (`password.value`); arrays on the
    /// way are gone through, so `headers.value` covers the value of every header.
    At(&'static [&'static str]),
}

/// A tool's typed input. Derive it: `#[derive(Deserialize, JsonSchema, ToolInput)]`, with an
/// `#[arg(path|query|body|payload|file|local)]` on every field.
pub trait ToolInput: DeserializeOwned + JsonSchema + Send + Sync + 'static {
    /// Every field, in declaration order.
    const FIELDS: &'static [Field];
    /// The routed (non-local) fields with their typed values serialized; `null` means absent.
    fn routed(&self) -> Result<Vec<(&'static Field, Value)>, serde_json::Error>;
}
