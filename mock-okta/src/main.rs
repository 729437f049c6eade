//! `mock-okta`: a fake Okta org on loopback, serving the success cassettes of `fixtures/` as a demo org.

#![allow(
    clippy::print_stdout,
    reason = "prints its URL and a ready client configuration for a person to copy; it serves no MCP session"
)]

use std::net::{Ipv4Addr, TcpListener};
use std::path::PathBuf;

use anyhow::Context;
use clap::Parser;
use mock_okta::{Expect, MockOrg, load_all};

#[derive(Parser, Debug)]
#[command(
    about = "A fake Okta org on loopback, serving recorded fixtures. No Okta account needed."
)]
struct Cli {
    /// The fixtures directory.
    #[arg(long, default_value = "fixtures")]
    fixtures: PathBuf,
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Print only the URL on stdout (for scripts).
    #[arg(long)]
    quiet: bool,
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let files = load_all(&cli.fixtures)
        .with_context(|| format!("loading fixtures from {}", cli.fixtures.display()))?;
    let interactions: Vec<_> = files
        .iter()
        .filter(|f| f.cassette.expect == Expect::Success)
        .flat_map(|f| f.cassette.interactions.clone())
        .collect();
    let listener =
        TcpListener::bind((Ipv4Addr::LOCALHOST, cli.port)).context("binding 127.0.0.1")?;
    let org = MockOrg::reusable(interactions, Some(listener)).await;
    let url = org.uri();
    if cli.quiet {
        println!("{url}");
    } else {
        let bin = std::env::current_exe()
            .ok()
            .and_then(|p| p.parent().map(|d| d.join("okta-mcp-users")))
            .map_or_else(|| "okta-mcp-users".to_owned(), |p| p.display().to_string());
        println!(
            "mock-okta: a demo Okta org at {url} ({} recorded answers)",
            org_size(&files)
        );
        println!("Point a server at it, e.g. in Claude Desktop's claude_desktop_config.json:");
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "mcpServers": { "okta-users-demo": {
                    "command": bin,
                    "env": { "OKTA_ORG_URL": url, "OKTA_API_TOKEN": "demo-token" }
                }}
            }))?
        );
        println!("Ctrl-C stops it.");
    }
    tokio::signal::ctrl_c().await?;
    Ok(())
}

fn org_size(files: &[mock_okta::CassetteFile]) -> usize {
    files
        .iter()
        .filter(|f| f.cassette.expect == Expect::Success)
        .count()
}
