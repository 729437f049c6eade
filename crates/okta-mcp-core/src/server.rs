//! The MCP server: lists the selected tools and runs them through the generic executor, asking the
//! user to confirm destructive ones when the client can ask.
//!
//! Owns the MCP side only: must not build Okta requests (the executor does) nor send anything for a
//! destructive tool the user declined. Logs get the operator's form of an error; the model gets its
//! text.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, Implementation,
    ListToolsResult, PaginatedRequestParams, ServerCapabilities, ServerConfig, Tool,
};
use rmcp::service::{ElicitationError, RequestContext};
use rmcp::{ErrorData as McpError, Peer, RoleServer, ServerHandler};
use serde_json::{Map, Value};

use crate::client::OktaClient;
use crate::error::{causes, with_causes};
use crate::tool::{ToolSpec, run};

/// What makes one server binary (one toolset): its name and its tool table.
#[derive(Debug, Clone, Copy)]
pub struct ServerSpec {
    /// Binary and MCP server name, e.g. `okta-mcp-users`.
    pub name: &'static str,
    pub version: &'static str,
    /// One sentence for the client: what this server is for.
    pub instructions: &'static str,
    pub tools: fn() -> Vec<ToolSpec>,
    /// Okta's governance APIs accept only OAuth tokens.
    pub requires_oauth: bool,
}

impl ServerSpec {
    /// The toolset name: `users` for `okta-mcp-users`.
    pub fn toolset(&self) -> &'static str {
        self.name.strip_prefix("okta-mcp-").unwrap_or(self.name)
    }
}

struct Inner {
    info: ServerConfig,
    tools: Vec<ToolSpec>,
    listed: Vec<Tool>,
    index: HashMap<&'static str, usize>,
    client: Arc<OktaClient>,
}

/// The MCP server; cheap to clone (the HTTP transport makes one per session, all sharing one client).
#[derive(Clone)]
pub struct OktaServer {
    inner: Arc<Inner>,
}

/// The answer a user gives to a confirmation prompt.
#[derive(Debug, serde::Deserialize, schemars::JsonSchema)]
pub struct Confirm {
    /// true to go ahead.
    pub confirm: bool,
}
rmcp::elicit_safe!(Confirm);

impl OktaServer {
    pub fn new(
        name: &str,
        version: &str,
        instructions: String,
        tools: Vec<ToolSpec>,
        client: Arc<OktaClient>,
    ) -> Self {
        let listed = tools.iter().map(ToolSpec::to_tool).collect();
        let index = tools.iter().enumerate().map(|(i, t)| (t.name, i)).collect();
        let info = ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new(name.to_owned(), version.to_owned()))
            .with_instructions(instructions);
        Self {
            inner: Arc::new(Inner {
                info,
                tools,
                listed,
                index,
                client,
            }),
        }
    }
}

/// Why a destructive call was not made; the text is the tool result the model reads.
#[derive(Debug, thiserror::Error)]
enum NotConfirmed {
    #[error("Not done: the user did not confirm. Nothing was sent to Okta.")]
    Declined,
    #[error("Not done: the confirmation could not be asked ({0}). Nothing was sent to Okta.")]
    Unasked(#[source] ElicitationError),
}

/// The arguments as a prompt shows them: a long string (a private key, a certificate, a file's
/// base64) is named by its length, never repeated.
fn shortened(args: &Map<String, Value>) -> Map<String, Value> {
    fn walk(v: &Value) -> Value {
        match v {
            Value::String(s) if s.chars().count() > 200 => {
                Value::String(format!("<{} characters>", s.chars().count()))
            }
            Value::Array(items) => Value::Array(items.iter().map(walk).collect()),
            Value::Object(m) => {
                Value::Object(m.iter().map(|(k, v)| (k.clone(), walk(v))).collect())
            }
            other => other.clone(),
        }
    }
    args.iter().map(|(k, v)| (k.clone(), walk(v))).collect()
}

/// Asks the user before a destructive call. `Ok(())` means go ahead.
/// A client without elicitation is not asked: the tool's destructiveHint tells it to confirm itself.
async fn confirm(
    peer: &Peer<RoleServer>,
    spec: &ToolSpec,
    args: &Map<String, Value>,
) -> Result<(), NotConfirmed> {
    let message = format!(
        "{} ({}) will change your Okta org and may not be undoable.\n{}\nArguments: {}\nGo ahead?",
        spec.title,
        spec.name,
        spec.description,
        Value::Object(shortened(args))
    );
    match peer
        .elicit_with_timeout::<Confirm>(message, Some(Duration::from_secs(600)))
        .await
    {
        Ok(Some(Confirm { confirm: true })) => Ok(()),
        Ok(_) | Err(ElicitationError::UserDeclined) | Err(ElicitationError::UserCancelled) => {
            Err(NotConfirmed::Declined)
        }
        Err(ElicitationError::CapabilityNotSupported) => Ok(()),
        Err(e) => Err(NotConfirmed::Unasked(e)),
    }
}

impl ServerHandler for OktaServer {
    fn get_info(&self) -> ServerConfig {
        self.inner.info.clone()
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, McpError> {
        Ok(ListToolsResult::with_all_items(self.inner.listed.clone()))
    }

    fn get_tool(&self, name: &str) -> Option<Tool> {
        self.inner
            .index
            .get(name)
            .map(|&i| self.inner.listed[i].clone())
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, McpError> {
        let Some(&i) = self.inner.index.get(request.name.as_ref()) else {
            return Err(McpError::invalid_params(
                format!("unknown tool: {}", request.name),
                None,
            ));
        };
        let spec = &self.inner.tools[i];
        let args = request.arguments.unwrap_or_default();
        let work = async {
            if spec.destructive {
                confirm(&context.peer, spec, &args)
                    .await
                    .map_err(|refusal| {
                        CallToolResult::error(vec![ContentBlock::text(refusal.to_string())])
                    })?;
            }
            Ok::<_, CallToolResult>(run(spec, &self.inner.client, args).await)
        };
        // Dropping the future on cancellation drops the in-flight HTTP request with it.
        let outcome = tokio::select! {
            () = context.ct.cancelled() => {
                tracing::info!(tool = spec.name, "cancelled by the client");
                return Ok(CallToolResult::error(vec![ContentBlock::text("cancelled by the client")]).into());
            }
            r = work => r,
        };
        let result = match outcome {
            Err(refusal) => refusal,
            Ok(Ok(value)) => CallToolResult::structured(value),
            Ok(Err(e)) => {
                // The log gets what the model reads plus the causes; they are read first because
                // `to_text` consumes the error.
                let causes = causes(&e);
                let text = e.to_text(spec);
                tracing::debug!(
                    tool = spec.name,
                    "tool error: {}",
                    with_causes(text.clone(), &causes)
                );
                CallToolResult::error(vec![ContentBlock::text(text)])
            }
        };
        Ok(result.into())
    }
}
