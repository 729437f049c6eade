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
use secrecy::SecretString;

use crate::audit::{AuditError, AuditLog};
use crate::auth::Auth;
use crate::check::{self, Item, Report};
use crate::cli::{Cli, CliError, Command, Transport, select_tools, select_toolsets};
use crate::client::OktaClient;
use crate::client_config::{Launch, client_config};
use crate::config::{AuthConfig, Config, ConfigError};
use crate::docs::tools_markdown;
use crate::dynamic::Catalog;
use crate::error::{OktaError, operator_report};
use crate::http_transport::{HttpAuth, serve_http};
use crate::server::{OktaServer, Oversight, ServerSpec};
use crate::tool::{resolve_checks, scopes_of};
use crate::toolsets::{PlanError, plan};

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
    #[error(transparent)]
    Audit(#[from] AuditError),
    #[error(
        "Okta's governance APIs accept only OAuth 2.0 access tokens, not SSWS API tokens, so {toolset} needs a service app: set OKTA_CLIENT_ID and OKTA_PRIVATE_KEY (or OKTA_PRIVATE_KEY_FILE){}",
        if *.combined { ", or leave it out of --toolsets" } else { "" }
    )]
    OAuthRequired {
        toolset: &'static str,
        /// The combined binary can serve without the toolset instead.
        combined: bool,
    },
    #[error("{failed} check(s) failed; see the checklist")]
    CheckFailed { failed: usize },
    #[error("could not write to stdout: {0}")]
    Stdout(#[source] std::io::Error),
    #[error(transparent)]
    Serve(#[from] ServeError),
}

/// `main` of a one-toolset binary.
pub fn main(spec: ServerSpec) -> ExitCode {
    main_multi(spec.name, spec.version, &[spec], None)
}

/// `main` of a binary serving any of `toolsets` (`okta-mcp --toolsets …`). `defaults` are the
/// toolsets served when `--toolsets` is not given; `None` for a one-toolset binary.
pub fn main_multi(
    name: &'static str,
    version: &'static str,
    toolsets: &[ServerSpec],
    defaults: Option<&[&str]>,
) -> ExitCode {
    match start(name, version, toolsets, defaults) {
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
    defaults: Option<&[&str]>,
) -> Result<(), StartError> {
    let combined = defaults.is_some();
    // .env first, so flags read from the environment see it too (real variables still win).
    let dotenv = dotenvy::dotenv().err().filter(|e| !e.not_found());
    let matches = crate::cli_gen::command(name, version).get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    init_tracing();
    if let Some(e) = dotenv {
        return Err(ConfigError::Dotenv(e).into());
    }
    let chosen = select_toolsets(toolsets, &cli.toolsets)?;
    match (&cli.command, cli.check) {
        (Some(Command::Check { json }), _) => return run_check(name, &chosen, &cli, *json),
        (_, true) => return run_check(name, &chosen, &cli, cli.json),
        _ => {}
    }
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
        Some(Command::Check { .. }) | None => {}
    }
    let config = Config::from_env()?;
    let oauth = matches!(config.auth, AuthConfig::OAuth(_));
    let dynamic = cli.dynamic_toolsets;
    let chosen = match plan(toolsets, defaults, &cli.toolsets, dynamic, oauth) {
        Ok(p) => {
            if !p.need_oauth.is_empty() {
                let names: Vec<&str> = p.need_oauth.iter().map(|s| s.toolset()).collect();
                eprintln!(
                    "[okta-mcp] {} needs OAuth 2.0 (Okta's governance APIs refuse SSWS API tokens): set OKTA_CLIENT_ID and OKTA_PRIVATE_KEY (or OKTA_PRIVATE_KEY_FILE) to serve it",
                    names.join(", ")
                );
            }
            p.serve
        }
        Err(PlanError::Cli(e)) => return Err(e.into()),
        Err(PlanError::NeedsOAuth { toolset }) => {
            return Err(StartError::OAuthRequired { toolset, combined });
        }
    };
    // Which toolset owns each tool, for the dynamic catalog (names are unique across toolsets).
    let mut owner = std::collections::HashMap::new();
    let mut all_tools = Vec::new();
    for s in &chosen {
        for t in (s.tools)() {
            owner.insert(t.name, s.toolset());
            all_tools.push(t);
        }
    }
    resolve_checks(&mut all_tools);
    let tools = select_tools(all_tools, &cli)?;
    // Opened before serving: a trail that cannot be written must stop the server, not a call.
    let audit = cli.audit_log.as_deref().map(AuditLog::open).transpose()?;
    let scopes = scopes_of(&tools);
    let auth = Auth::from_config(&config, &scopes)?;
    let catalog = dynamic.then(|| Catalog::new(&chosen, &tools, &owner));
    let what = match &catalog {
        Some(c) => format!(
            "{} tools on demand in toolsets {}",
            tools.len(),
            c.toolsets().join(", ")
        ),
        None => format!(
            "{} tools ({})",
            tools.len(),
            chosen
                .iter()
                .map(|s| s.toolset())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    eprintln!(
        "[okta-mcp] {} for {}; {what}{}{}{}",
        auth.describe(),
        config.org_url.as_str().trim_end_matches('/'),
        if cli.read_only { ", read-only" } else { "" },
        if cli.dry_run {
            ", dry run (no write is sent)"
        } else {
            ""
        },
        audit
            .as_ref()
            .map(|a| format!(", audit log {}", a.path().display()))
            .unwrap_or_default()
    );
    let client = Arc::new(OktaClient::new(&config, auth)?);
    // On demand, the toolsets' own instructions would cost at session start what their tools were
    // kept out of it for: okta_list_toolsets gives each one's summary when asked.
    let instructions = match &catalog {
        Some(c) => format!(
            "Okta Admin API tools load by toolset ({}): okta_list_toolsets, then okta_enable_toolset.",
            c.toolsets().join(", ")
        ),
        None => chosen
            .iter()
            .map(|s| s.instructions)
            .collect::<Vec<_>>()
            .join(" "),
    };
    let oversight = Oversight {
        audit,
        dry_run: cli.dry_run,
    };
    let server = OktaServer::new(
        name,
        version,
        instructions,
        tools,
        client,
        oversight,
        catalog,
    );
    // A stdio session has one client and spends its time waiting on Okta: one thread serves it.
    // Each worker thread of a multi-threaded runtime got a malloc arena of its own: with two, the
    // bench's peak RSS was 2 MB higher. Over HTTP, several clients may call at once.
    let mut runtime = match cli.transport {
        Transport::Stdio => tokio::runtime::Builder::new_current_thread(),
        Transport::Http => {
            let mut b = tokio::runtime::Builder::new_multi_thread();
            b.worker_threads(2);
            b
        }
    };
    let runtime = runtime.enable_all().build().map_err(ServeError::Runtime)?;
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

/// `check`: the checklist on stdout; an error (exit status 2) when anything failed.
fn run_check(name: &str, chosen: &[&ServerSpec], cli: &Cli, json: bool) -> Result<(), StartError> {
    let toolsets = chosen.iter().map(|s| s.toolset().to_owned()).collect();
    let report = match Config::from_env() {
        Err(e) => Report::new(
            None,
            toolsets,
            vec![Item::fail(
                "config",
                e.to_string(),
                "set the variables the Configuration section of the README lists",
            )],
        ),
        Ok(config) => {
            let all_tools: Vec<_> = chosen.iter().flat_map(|s| (s.tools)()).collect();
            let tools = select_tools(all_tools, cli)?;
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(ServeError::Runtime)?;
            let items = runtime.block_on(check::run(&config, chosen, &tools));
            let org = config.org_url.as_str().trim_end_matches('/').to_owned();
            Report::new(Some(org), toolsets, items)
        }
    };
    write_stdout(&if json {
        report.to_json()
    } else {
        report.to_text(name)
    })?;
    if report.ok {
        Ok(())
    } else {
        Err(StartError::CheckFailed {
            failed: report.failures(),
        })
    }
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
