//! The whole `main` of a server binary: flags, configuration, auth, then serve until the client leaves.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;
use secrecy::{ExposeSecret, SecretString};

use crate::auth::Auth;
use crate::cli::{Cli, Command, Transport, select_tools, select_toolsets};
use crate::client::OktaClient;
use crate::config::{AuthConfig, Config};
use crate::docs::{client_config, tools_markdown};
use crate::server::{OktaServer, ServerSpec};
use crate::tool::scopes_of;

fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("OKTA_MCP_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .with_env_filter(filter)
        .try_init();
}

/// `main` of a one-toolset binary.
pub fn main(spec: ServerSpec) -> ExitCode {
    main_multi(spec.name, spec.version, &[spec], false)
}

/// `main` of a binary serving any of `toolsets` (`okta-mcp --toolsets …`).
pub fn main_multi(name: &str, version: &str, toolsets: &[ServerSpec], combined: bool) -> ExitCode {
    // .env first, so flags read from the environment see it too (real variables still win).
    let dotenv = dotenvy::dotenv().err().filter(|e| !e.not_found());
    let cli = Cli::parse();
    init_tracing();
    let fail = |msg: String| {
        eprintln!("{name}: {msg}");
        ExitCode::from(2)
    };
    if let Some(e) = dotenv {
        return fail(format!(
            ".env could not be read ({e}); fix or remove the .env file in the working directory"
        ));
    }
    let chosen = match select_toolsets(toolsets, &cli.toolsets) {
        Ok(c) => c,
        Err(e) => return fail(e),
    };
    match cli.command {
        Some(Command::Docs) => {
            print!("{}", tools_markdown(&chosen));
            return ExitCode::SUCCESS;
        }
        Some(Command::Config { client }) => {
            let binary = std::env::current_exe()
                .map_or_else(|_| name.to_owned(), |p| p.display().to_string());
            print!("{}", client_config(client, &binary, &chosen, combined));
            return ExitCode::SUCCESS;
        }
        None => {}
    }
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => return fail(e.to_string()),
    };
    if let Some(s) = chosen.iter().find(|s| s.requires_oauth)
        && !matches!(config.auth, AuthConfig::OAuth(_))
    {
        return fail(format!(
            "Okta's governance APIs accept only OAuth 2.0 access tokens, not SSWS API tokens, so {} needs a service app: set OKTA_CLIENT_ID and OKTA_PRIVATE_KEY (or OKTA_PRIVATE_KEY_FILE){}",
            s.toolset(),
            if combined {
                ", or leave it out of --toolsets"
            } else {
                ""
            }
        ));
    }
    let all_tools: Vec<_> = chosen.iter().flat_map(|s| (s.tools)()).collect();
    let tools = match select_tools(all_tools, &cli) {
        Ok(t) => t,
        Err(e) => return fail(e),
    };
    let scopes = scopes_of(&tools);
    let auth = match Auth::from_config(&config, &scopes) {
        Ok(a) => a,
        Err(e) => return fail(e.to_string()),
    };
    eprintln!(
        "[okta-mcp] {} for {}; {} tools{}",
        auth.describe(),
        config.org_url.as_str().trim_end_matches('/'),
        tools.len(),
        if cli.read_only { ", read-only" } else { "" }
    );
    let client = match OktaClient::new(&config, auth) {
        Ok(c) => Arc::new(c),
        Err(e) => return fail(e.to_string()),
    };
    let instructions = chosen
        .iter()
        .map(|s| s.instructions)
        .collect::<Vec<_>>()
        .join(" ");
    let server = OktaServer::new(name, version, instructions, tools, client);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => return fail(format!("could not start the async runtime: {e}")),
    };
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
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(e),
    }
}

async fn serve_stdio(server: OktaServer) -> Result<(), String> {
    use rmcp::ServiceExt;
    let service = server
        .serve(rmcp::transport::stdio_pipes())
        .await
        .map_err(|e| format!("stdio session could not start: {e}"))?;
    service
        .waiting()
        .await
        .map_err(|e| format!("stdio session ended with an error: {e}"))?;
    Ok(())
}

/// Streamable HTTP on `bind`. Loopback needs nothing more; any other address needs a bearer secret,
/// checked in constant time on every request.
pub async fn serve_http(
    server: OktaServer,
    bind: SocketAddr,
    bearer: Option<SecretString>,
) -> Result<(), String> {
    use rmcp::transport::streamable_http_server::{
        StreamableHttpServerConfig, StreamableHttpService, session::local::LocalSessionManager,
    };
    let loopback = bind.ip().is_loopback();
    if !loopback && bearer.as_ref().is_none_or(|b| b.expose_secret().len() < 32) {
        return Err(format!(
            "--bind {bind} is beyond loopback: set OKTA_MCP_HTTP_BEARER to a secret of at least 32 characters; clients send it as `Authorization: Bearer <secret>`"
        ));
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
        .map_err(|e| format!("cannot bind {bind}: {e}"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
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
        .map_err(|e| format!("HTTP server failed: {e}"))
}
