//! An MCP server built from a tool table, and the `main` every server binary shares.

use std::collections::HashMap;
use std::process::ExitCode;
use std::sync::Arc;

use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, Implementation,
    ListToolsResult, PaginatedRequestParams, ServerCapabilities, ServerConfig, Tool,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData as McpError, RoleServer, ServerHandler, ServiceExt};

use crate::auth::Auth;
use crate::client::OktaClient;
use crate::config::Config;
use crate::tool::{ToolSpec, run, scopes_of};

/// What makes one server binary: its name and its tool table.
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

struct Inner {
    info: ServerConfig,
    tools: Vec<ToolSpec>,
    listed: Vec<Tool>,
    index: HashMap<&'static str, usize>,
    client: OktaClient,
}

/// The MCP server: lists the table's tools and runs them through the generic executor.
#[derive(Clone)]
pub struct OktaServer {
    inner: Arc<Inner>,
}

impl OktaServer {
    pub fn new(spec: &ServerSpec, tools: Vec<ToolSpec>, client: OktaClient) -> Self {
        let listed = tools.iter().map(ToolSpec::to_tool).collect();
        let index = tools.iter().enumerate().map(|(i, t)| (t.name, i)).collect();
        let info = ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new(spec.name, spec.version))
            .with_instructions(spec.instructions);
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
        // Dropping the future on cancellation drops the in-flight HTTP request with it.
        let outcome = tokio::select! {
            () = context.ct.cancelled() => {
                tracing::info!(tool = spec.name, "cancelled by the client");
                return Ok(CallToolResult::error(vec![ContentBlock::text("cancelled by the client")]).into());
            }
            r = run(spec, &self.inner.client, args) => r,
        };
        let result = match outcome {
            Ok(value) => CallToolResult::structured(value),
            Err(e) => {
                let text = e.to_text(spec);
                tracing::debug!(tool = spec.name, "tool error: {text}");
                CallToolResult::error(vec![ContentBlock::text(text)])
            }
        };
        Ok(result.into())
    }
}

fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("OKTA_MCP_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .with_env_filter(filter)
        .try_init();
}

#[derive(clap::Parser, Debug)]
#[command(about = "An MCP server for the Okta Admin API, over stdio.", long_about = None)]
struct Cli {}

/// The whole `main` of a server binary: flags, configuration, auth, then serve stdio until the client leaves.
pub fn main(spec: ServerSpec) -> ExitCode {
    let _cli = <Cli as clap::Parser>::parse_from(std::env::args_os());
    init_tracing();
    let fail = |msg: String| {
        eprintln!("{}: {msg}", spec.name);
        ExitCode::from(2)
    };
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => return fail(e.to_string()),
    };
    if spec.requires_oauth && !matches!(config.auth, crate::config::AuthConfig::OAuth(_)) {
        return fail(
            "Okta's governance APIs accept only OAuth 2.0 access tokens, not SSWS API tokens: set OKTA_CLIENT_ID and OKTA_PRIVATE_KEY (or OKTA_PRIVATE_KEY_FILE) for a service app"
                .into(),
        );
    }
    let tools = (spec.tools)();
    let scopes = scopes_of(&tools);
    let auth = match Auth::from_config(&config, &scopes) {
        Ok(a) => a,
        Err(e) => return fail(e.to_string()),
    };
    eprintln!(
        "[okta-mcp] {} for {}",
        auth.describe(),
        config.org_url.as_str().trim_end_matches('/')
    );
    let client = match OktaClient::new(&config, auth) {
        Ok(c) => c,
        Err(e) => return fail(e.to_string()),
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => return fail(format!("could not start the async runtime: {e}")),
    };
    let server = OktaServer::new(&spec, tools, client);
    let outcome = runtime.block_on(async move {
        let service = server.serve(rmcp::transport::stdio_pipes()).await?;
        service.waiting().await?;
        Ok::<(), Box<dyn std::error::Error + Send + Sync>>(())
    });
    // In-flight calls are abandoned: the client has gone, nobody can read their answers.
    runtime.shutdown_background();
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(format!("stdio session ended with an error: {e}")),
    }
}
