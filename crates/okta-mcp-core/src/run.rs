//! The whole `main` of a server binary: flags, configuration, auth, then serve until the client leaves.
//!
//! The one module that prints: start-up messages and fatal errors (the operator's form) go to
//! stderr, and the `docs`/`config` subcommands write through one stdout writer. While a session is
//! served, stdout belongs to the MCP transport and nothing else may write there.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;
use secrecy::SecretString;

use crate::auth::Auth;
use crate::cli::{Cli, CliError, Command, Transport, select_tools, select_toolsets};
use crate::client::OktaClient;
use crate::config::{AuthConfig, Config, ConfigError};
use crate::docs::{client_config, tools_markdown};
use crate::error::{OktaError, operator_report};
use crate::http_transport::{HttpAuth, serve_http};
use crate::server::{OktaServer, ServerSpec};
use crate::tool::scopes_of;

fn init_tracing() {
    use tracing_subscriber::layer::SubscriberExt as _;
    use tracing_subscriber::util::SubscriberInitExt as _;
    use tracing_subscriber::{Layer as _, filter};
    let env = filter::EnvFilter::try_from_env("OKTA_MCP_LOG")
        .unwrap_or_else(|_| filter::EnvFilter::new("warn"));
    // The MCP library logs every request's arguments and every result at debug and trace level:
    // passwords, passcodes, client secrets. Its own logging is capped at info whatever
    // OKTA_MCP_LOG says: a second filter, so that no directive (not even a more specific
    // `rmcp::service=trace`) can lift the cap.
    let cap = filter::filter_fn(|meta| {
        !(meta.target().starts_with("rmcp") && *meta.level() > tracing::Level::INFO)
    });
    let layer = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .with_filter(env)
        .with_filter(cap);
    let _ = tracing_subscriber::registry().with(layer).try_init();
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
        "--http-no-auth is allowed on loopback only, and --bind {bind} is beyond it: drop the flag (a bearer secret is then generated and printed, or set OKTA_MCP_HTTP_BEARER)"
    )]
    NoAuthBeyondLoopback { bind: SocketAddr },
    #[error(
        "OKTA_MCP_HTTP_BEARER is shorter than {} characters: use a longer random secret (e.g. `openssl rand -base64 32`), or unset it to have one generated",
        crate::http_transport::MIN_BEARER_LEN
    )]
    BearerTooShort,
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
pub fn main_multi(name: &str, version: &str, toolsets: &[ServerSpec], combined: bool) -> ExitCode {
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
    name: &str,
    version: &str,
    toolsets: &[ServerSpec],
    combined: bool,
) -> Result<(), StartError> {
    // .env first, so flags read from the environment see it too (real variables still win).
    let dotenv = dotenvy::dotenv().err().filter(|e| !e.not_found());
    let cli = Cli::parse();
    init_tracing();
    if let Some(e) = dotenv {
        return Err(ConfigError::Dotenv(e).into());
    }
    let chosen = select_toolsets(toolsets, &cli.toolsets)?;
    match cli.command {
        Some(Command::Docs) => return write_stdout(&tools_markdown(&chosen)),
        Some(Command::Config { client }) => {
            let binary = std::env::current_exe()
                .map_or_else(|_| name.to_owned(), |p| p.display().to_string());
            return write_stdout(&client_config(client, &binary, &chosen, combined));
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
            let auth = HttpAuth::resolve(cli.bind, bearer, cli.http_no_auth)?;
            runtime.block_on(serve_http(server, cli.bind, auth))
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
