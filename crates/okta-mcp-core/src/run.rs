//! The whole `main` of a server binary: flags, configuration, auth, then serve until the client leaves.
//!
//! The one module that prints: start-up messages and fatal errors (the operator's form) go to
//! stderr, and the `docs`, `config`, `completions` and `man` subcommands write through one stdout
//! writer. While a session is served, stdout belongs to the MCP transport and nothing else may
//! write there.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;

use clap::FromArgMatches as _;
use secrecy::{ExposeSecret, SecretString};

use crate::auth::Auth;
use crate::cli::{Cli, CliError, Command, Transport, select_tools, select_toolsets};
use crate::client::OktaClient;
use crate::client_config::{Launch, client_config};
use crate::config::{AuthConfig, Config, ConfigError};
use crate::docs::tools_markdown;
use crate::error::{OktaError, operator_report};
use crate::server::{OktaServer, ServerSpec};
use crate::tool::scopes_of;

fn init_tracing() {
    let mut filter = tracing_subscriber::EnvFilter::try_from_env("OKTA_MCP_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    // The MCP library logs every request's arguments and every result at debug and trace level:
    // passwords, passcodes, client secrets. Its own logging is capped at info whatever
    // OKTA_MCP_LOG says (a later directive for the same target replaces the caller's).
    if let Ok(cap) = "rmcp=info".parse() {
        filter = filter.add_directive(cap);
    }
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .with_env_filter(filter)
        .try_init();
}

/// Why serving could not start or stopped with an error.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServeError {
    #[error("could not start the async runtime: {0}")]
    Runtime(#[source] std::io::Error),
    #[error("stdio session could not start: {0}")]
    StdioStart(#[source] Box<rmcp::service::ServerInitializeError>),
    #[error("stdio session ended with an error: {0}")]
    StdioEnded(#[source] tokio::task::JoinError),
    #[error(
        "--bind {bind} is beyond loopback: set OKTA_MCP_HTTP_BEARER to a secret of at least 32 characters; clients send it as `Authorization: Bearer <secret>`"
    )]
    BearerRequired { bind: SocketAddr },
    #[error("cannot bind {bind}: {source}")]
    Bind {
        bind: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    LocalAddr(#[source] std::io::Error),
    #[error("HTTP server failed: {0}")]
    Http(#[source] std::io::Error),
}

/// Everything that ends a server process with a message on stderr.
#[derive(Debug, thiserror::Error)]
enum StartError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Cli(#[from] CliError),
    #[error(transparent)]
    Okta(#[from] OktaError),
    #[error(
        "Okta's governance APIs accept only OAuth 2.0 access tokens, not SSWS API tokens, so {toolset} needs a service app: set OKTA_CLIENT_ID and OKTA_PRIVATE_KEY (or OKTA_PRIVATE_KEY_FILE){}",
        if *.combined { ", or leave it out of --toolsets" } else { "" }
    )]
    OAuthRequired {
        toolset: &'static str,
        /// The combined binary can serve without the toolset instead.
        combined: bool,
    },
    #[error("could not write to stdout: {0}")]
    Stdout(#[source] std::io::Error),
    #[error(transparent)]
    Serve(#[from] ServeError),
}

/// `main` of a one-toolset binary.
pub fn main(spec: ServerSpec) -> ExitCode {
    main_multi(spec.name, spec.version, &[spec], false)
}

/// `main` of a binary serving any of `toolsets` (`okta-mcp --toolsets …`).
pub fn main_multi(
    name: &'static str,
    version: &'static str,
    toolsets: &[ServerSpec],
    combined: bool,
) -> ExitCode {
    match start(name, version, toolsets, combined) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // The person starting the server reads this: the operator's detail, on one line.
            eprintln!("{name}: {}", operator_report(&e));
            ExitCode::from(2)
        }
    }
}

/// The one place a server binary writes anything but MCP to stdout: the `docs` and `config`
/// subcommands, which serve no MCP session.
fn write_stdout(text: &str) -> Result<(), StartError> {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(StartError::Stdout)
}

fn start(
    name: &'static str,
    version: &'static str,
    toolsets: &[ServerSpec],
    combined: bool,
) -> Result<(), StartError> {
    // .env first, so flags read from the environment see it too (real variables still win).
    let dotenv = dotenvy::dotenv().err().filter(|e| !e.not_found());
    let matches = crate::cli_gen::command(name, version).get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    init_tracing();
    if let Some(e) = dotenv {
        return Err(ConfigError::Dotenv(e).into());
    }
    let chosen = select_toolsets(toolsets, &cli.toolsets)?;
    match cli.command {
        Some(Command::Docs) => return write_stdout(&tools_markdown(&chosen)),
        Some(Command::Config(args)) => {
            let exe = std::env::current_exe().ok();
            let launch = Launch::resolve(args.launcher, exe.as_deref(), combined);
            return write_stdout(&client_config(args.client, &launch, &chosen));
        }
        Some(Command::Completions { shell }) => {
            let script = crate::cli_gen::completions(shell, name, version);
            return write_stdout(&String::from_utf8_lossy(&script));
        }
        Some(Command::Man) => {
            let page = crate::cli_gen::man_page(name, version).map_err(StartError::Stdout)?;
            return write_stdout(&String::from_utf8_lossy(&page));
        }
        None => {}
    }
    let config = Config::from_env()?;
    if let Some(s) = chosen.iter().find(|s| s.requires_oauth)
        && !matches!(config.auth, AuthConfig::OAuth(_))
    {
        return Err(StartError::OAuthRequired {
            toolset: s.toolset(),
            combined,
        });
    }
    let all_tools: Vec<_> = chosen.iter().flat_map(|s| (s.tools)()).collect();
    let tools = select_tools(all_tools, &cli)?;
    let scopes = scopes_of(&tools);
    let auth = Auth::from_config(&config, &scopes)?;
    eprintln!(
        "[okta-mcp] {} for {}; {} tools{}",
        auth.describe(),
        config.org_url.as_str().trim_end_matches('/'),
        tools.len(),
        if cli.read_only { ", read-only" } else { "" }
    );
    let client = Arc::new(OktaClient::new(&config, auth)?);
    let instructions = chosen
        .iter()
        .map(|s| s.instructions)
        .collect::<Vec<_>>()
        .join(" ");
    let server = OktaServer::new(name, version, instructions, tools, client);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(ServeError::Runtime)?;
    let outcome = match cli.transport {
        Transport::Stdio => runtime.block_on(serve_stdio(server)),
        Transport::Http => {
            let bearer = std::env::var("OKTA_MCP_HTTP_BEARER")
                .ok()
                .filter(|b| !b.is_empty())
                .map(SecretString::from);
            runtime.block_on(serve_http(server, cli.bind, bearer))
        }
    };
    // In-flight calls are abandoned: the client has gone, nobody can read their answers.
    runtime.shutdown_background();
    Ok(outcome?)
}

async fn serve_stdio(server: OktaServer) -> Result<(), ServeError> {
    use rmcp::ServiceExt;
    let service = server
        .serve(rmcp::transport::stdio_pipes())
        .await
        .map_err(|e| ServeError::StdioStart(Box::new(e)))?;
    service.waiting().await.map_err(ServeError::StdioEnded)?;
    Ok(())
}

/// Streamable HTTP on `bind`. Loopback needs nothing more; any other address needs a bearer secret,
/// checked in constant time on every request.
pub async fn serve_http(
    server: OktaServer,
    bind: SocketAddr,
    bearer: Option<SecretString>,
) -> Result<(), ServeError> {
    use rmcp::transport::streamable_http_server::{
        StreamableHttpServerConfig, StreamableHttpService, session::local::LocalSessionManager,
    };
    let loopback = bind.ip().is_loopback();
    if !loopback && bearer.as_ref().is_none_or(|b| b.expose_secret().len() < 32) {
        return Err(ServeError::BearerRequired { bind });
    }
    let mut config = StreamableHttpServerConfig::default();
    if !loopback {
        // Any Host may reach a server bound beyond loopback; the bearer secret is what admits a client.
        config = config.disable_allowed_hosts();
    }
    let service = StreamableHttpService::new(
        move || Ok(server.clone()),
        Arc::new(LocalSessionManager::default()),
        config,
    );
    let bearer = bearer.map(Arc::new);
    let app = axum::Router::new()
        .nest_service("/mcp", service)
        .layer(axum::middleware::from_fn(
            move |req: axum::extract::Request, next: axum::middleware::Next| {
                let bearer = bearer.clone();
                async move {
                    if let Some(secret) = bearer {
                        let given = req
                            .headers()
                            .get(axum::http::header::AUTHORIZATION)
                            .and_then(|v| v.to_str().ok())
                            .and_then(|v| v.strip_prefix("Bearer "))
                            .unwrap_or("");
                        let ok: bool = subtle::ConstantTimeEq::ct_eq(
                            given.as_bytes(),
                            secret.expose_secret().as_bytes(),
                        )
                        .into();
                        if !ok {
                            return axum::response::IntoResponse::into_response((
                                axum::http::StatusCode::UNAUTHORIZED,
                                [(axum::http::header::WWW_AUTHENTICATE, "Bearer")],
                                "missing or wrong bearer secret\n",
                            ));
                        }
                    }
                    next.run(req).await
                }
            },
        ));
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .map_err(|source| ServeError::Bind { bind, source })?;
    let addr = listener.local_addr().map_err(ServeError::LocalAddr)?;
    eprintln!(
        "[okta-mcp] serving MCP over HTTP at http://{addr}/mcp{}",
        if loopback {
            " (loopback only)"
        } else {
            " (bearer secret required)"
        }
    );
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(ServeError::Http)
}
