//! The MCP server: lists the selected tools and runs them through the generic executor, asking the
//! user to confirm destructive ones when the client can ask.
//!
//! Owns the MCP side only: must not build Okta requests (the executor does) nor send anything for a
//! destructive tool the user declined. Logs get the operator's form of an error; the model gets its
//! text.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

#[allow(deprecated)] // MCP logging: see crate::progress
use rmcp::model::SetLevelRequestParams;
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, CompleteRequestParams, CompleteResult,
    ContentBlock, GetPromptRequestParams, GetPromptResponse, Implementation, ListPromptsResult,
    ListToolsResult, PaginatedRequestParams, ServerCapabilities, ServerConfig, Tool,
};
use rmcp::service::{ElicitationError, RequestContext};
use rmcp::{ErrorData as McpError, Peer, RoleServer, ServerHandler};
use serde_json::{Map, Value};

use crate::client::OktaClient;
use crate::error::{causes, with_causes};
use crate::progress::{self, Reporter, SessionLevel};
use crate::prompts::{PromptError, Prompts};
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
    prompts: Prompts,
}

/// The MCP server; cheap to clone (the HTTP transport makes one per session, all sharing one client).
#[derive(Clone)]
pub struct OktaServer {
    inner: Arc<Inner>,
    /// `logging/setLevel` is per session: see [`OktaServer::for_session`].
    level: SessionLevel,
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
        let prompts = Prompts::new(tools.iter().map(|t| t.name));
        #[allow(deprecated)] // MCP logging: see crate::progress
        let capabilities = ServerCapabilities::builder()
            .enable_tools()
            .enable_prompts()
            .enable_logging()
            .enable_completions()
            .build();
        let info = ServerConfig::new(capabilities)
            .with_server_info(Implementation::new(name.to_owned(), version.to_owned()))
            .with_instructions(instructions);
        Self {
            inner: Arc::new(Inner {
                info,
                tools,
                listed,
                index,
                client,
                prompts,
            }),
            level: SessionLevel::default(),
        }
    }

    /// A server for a new session: the same tools and client, its own log level.
    pub fn for_session(&self) -> Self {
        Self {
            inner: Arc::clone(&self.inner),
            level: SessionLevel::default(),
        }
    }
}

fn prompt_error(e: PromptError) -> McpError {
    McpError::invalid_params(e.to_string(), None)
}

/// Why a destructive call was not made; the text is the tool result the model reads.
#[derive(Debug, thiserror::Error)]
enum NotConfirmed {
    #[error("Not done: the user did not confirm. Nothing was sent to Okta.")]
    Declined,
    #[error("Not done: the confirmation could not be asked ({0}). Nothing was sent to Okta.")]
    Unasked(#[source] ElicitationError),
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
        Value::Object(args.clone())
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

    async fn list_prompts(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListPromptsResult, McpError> {
        Ok(ListPromptsResult::with_all_items(self.inner.prompts.list()))
    }

    async fn get_prompt(
        &self,
        request: GetPromptRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<GetPromptResponse, McpError> {
        self.inner
            .prompts
            .get(&request.name, request.arguments.as_ref())
            .map(Into::into)
            .map_err(prompt_error)
    }

    async fn complete(
        &self,
        request: CompleteRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<CompleteResult, McpError> {
        // Only prompt arguments have known values; resource templates are not served.
        let Some(prompt) = request.r#ref.as_prompt_name() else {
            return Ok(CompleteResult::default());
        };
        self.inner
            .prompts
            .complete(prompt, &request.argument.name, &request.argument.value)
            .map(CompleteResult::new)
            .map_err(prompt_error)
    }

    #[allow(deprecated)] // MCP logging: see crate::progress
    async fn set_level(
        &self,
        request: SetLevelRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<(), McpError> {
        self.level.set(request.level);
        Ok(())
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
        let reporter = Reporter::new(
            context.peer.clone(),
            context.meta.get_progress_token(),
            self.level.clone(),
        );
        let work = progress::scoped(reporter, work);
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
