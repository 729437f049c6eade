//! `recorder`: re-records the cassettes of `fixtures/` against a real Okta preview org, through a
//! scrubbing proxy, and rewrites their interactions. See docs/recording.md.

#![allow(
    clippy::print_stdout,
    reason = "a command-line tool for a person; its report goes to stdout, and it serves no MCP session"
)]

use std::collections::BTreeSet;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use clap::Parser;
use futures::FutureExt;
use mock_okta::load_all;
use okta_mcp_core::config::Config;
use recorder::safety::org::{self, OrgClass};
use recorder::safety::{check_run_prefix, new_run_prefix};
use recorder::{CaseReport, Keep, Options, Recorder, Scrubber, ServerInfo, Status};

#[derive(Parser, Debug)]
#[command(
    name = "recorder",
    about = "Re-records the fixtures against the Okta org in OKTA_ORG_URL (a preview org), scrubbed, and rewrites the cassettes.",
    after_help = "Credentials come from the environment (or .env) as the servers take them: OKTA_API_TOKEN, or \
OKTA_CLIENT_ID with OKTA_PRIVATE_KEY / OKTA_PRIVATE_KEY_FILE (and OKTA_KEY_ID, OKTA_DPOP). See docs/recording.md."
)]
struct Cli {
    /// Only this server's cassettes (users, apps, policy, admin, governance); repeatable.
    #[arg(long = "server", value_name = "S")]
    servers: Vec<String>,
    /// Only this tool's cassettes (okta_get_user…); repeatable.
    #[arg(long = "tool", value_name = "T")]
    tools: Vec<String>,
    /// Only cases with this name (success, error_not_found…); repeatable.
    #[arg(long = "case", value_name = "C")]
    cases: Vec<String>,
    /// Record against an org that is not *.oktapreview.com. It will be changed: only for disposable orgs.
    #[arg(long)]
    allow_non_preview: bool,
    /// Treat a loopback OKTA_ORG_URL as a test double (mock-okta): the real-org safety rules are
    /// off. Without it a loopback org is refused, since a tunnel can put a real org there.
    #[arg(long)]
    allow_loopback_org: bool,
    /// The fixtures directory to read (and to rewrite, unless --out says otherwise).
    #[arg(long, default_value = "fixtures", value_name = "DIR")]
    fixtures: PathBuf,
    /// Write the new cassettes here instead of over the fixtures.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Marks everything the run creates; replaces {{runPrefix}} in arguments. Default: okta-mcp-rec-<random>.
    #[arg(long, value_name = "P")]
    run_prefix: Option<String>,
    /// The key fake ids and names are derived from (created on first use). $OKTA_RECORD_SCRUB_KEY wins.
    #[arg(long, value_name = "FILE")]
    scrub_key_file: Option<PathBuf>,
    /// Show the servers' logs (stderr).
    #[arg(long)]
    server_logs: bool,
}

/// Strings the run must never write: its credentials, whole and line by line.
fn run_secrets() -> Vec<String> {
    let mut out = Vec::new();
    let mut add = |s: &str| {
        let s = s.trim();
        if s.len() >= 8 {
            out.push(s.to_owned());
        }
    };
    if let Ok(t) = std::env::var("OKTA_API_TOKEN") {
        add(&t);
    }
    let mut keys = Vec::new();
    if let Ok(k) = std::env::var("OKTA_PRIVATE_KEY") {
        keys.push(k.replace("\\n", "\n"));
    }
    if let Some(k) =
        std::env::var_os("OKTA_PRIVATE_KEY_FILE").and_then(|p| std::fs::read_to_string(p).ok())
    {
        keys.push(k);
    }
    for k in keys {
        add(&k);
        for line in k.lines().filter(|l| !l.starts_with("-----")) {
            add(line);
        }
        if let Ok(serde_json::Value::Object(jwk)) = serde_json::from_str(&k) {
            for m in ["d", "p", "q", "dp", "dq", "qi"] {
                if let Some(v) = jwk.get(m).and_then(|v| v.as_str()) {
                    add(v);
                }
            }
        }
    }
    out
}

fn fail(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("recorder: {msg}");
    ExitCode::from(2)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> ExitCode {
    let cli = Cli::parse();

    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => return fail(e),
    };
    let allow = org::Allow {
        non_preview: cli.allow_non_preview,
        loopback_org: cli.allow_loopback_org,
    };
    let class = match org::check(&config.org_url, allow) {
        Ok(c) => c,
        Err(e) => return fail(e),
    };
    let run_prefix = cli.run_prefix.clone().unwrap_or_else(new_run_prefix);
    if let Err(e) = check_run_prefix(&run_prefix) {
        return fail(e);
    }

    let all = match load_all(&cli.fixtures) {
        Ok(f) => f,
        Err(e) => return fail(format!("loading {}: {e}", cli.fixtures.display())),
    };
    let servers = ServerInfo::all();
    let known: BTreeSet<&str> = servers.iter().map(|s| s.toolset).collect();
    for s in &cli.servers {
        if !known.contains(s.as_str()) {
            return fail(format!(
                "--server {s}: no such server (one of: {})",
                known.iter().copied().collect::<Vec<_>>().join(", ")
            ));
        }
    }
    let files: Vec<_> = all
        .iter()
        .filter(|f| known.contains(f.server.as_str()))
        .filter(|f| cli.servers.is_empty() || cli.servers.contains(&f.server))
        .filter(|f| cli.tools.is_empty() || cli.tools.contains(&f.cassette.tool))
        .filter(|f| cli.cases.is_empty() || cli.cases.contains(&f.cassette.case))
        .cloned()
        .collect();
    if files.is_empty() {
        return fail("no cassette matches --server/--tool/--case");
    }

    let key = match recorder::key::load(cli.scrub_key_file.as_deref()) {
        Ok(k) => k,
        Err(e) => return fail(e),
    };
    let out = cli.out.clone().unwrap_or_else(|| cli.fixtures.clone());
    let real = !class.is_test();
    let opts = Options {
        run_prefix: run_prefix.clone(),
        enforce: real,
        scenarios: real,
        keep: Arc::new(Keep::from_cassettes(all.iter().map(|f| &f.cassette))),
        scrubber: Scrubber::new(&key.bytes),
        secrets: run_secrets(),
        org: Some(config.clone()),
        server_logs: cli.server_logs,
        call_timeout: Duration::from_secs(360),
    };

    let host = config.org_url.host_str().unwrap_or("?").to_owned();
    println!(
        "recorder: {} cassette(s) against {host} ({}), run prefix {run_prefix}",
        files.len(),
        match class {
            OrgClass::Preview => "preview org",
            OrgClass::Loopback => {
                "loopback test org (--allow-loopback-org): no scenarios, no real-org rules"
            }
            OrgClass::Other => "NOT a preview org, allowed by --allow-non-preview",
        }
    );
    println!(
        "recorder: scrub key from {}; writing to {}",
        key.source,
        out.display()
    );

    let mut rec = match Recorder::start(opts).await {
        Ok(r) => r,
        Err(e) => return fail(format!("starting the proxy: {e}")),
    };
    let mut reports: Vec<CaseReport> = Vec::new();
    // Whatever happens to the run (an error, a panic, Ctrl-C), cleanup runs after it.
    let interrupted = {
        let mut print = |r: CaseReport| {
            match &r.status {
                Status::Rewritten(p) => println!("  rewrote   {}", p.display()),
                Status::Unchanged(p) => println!("  unchanged {}", p.display()),
                Status::Skipped(why) => println!("  skipped   {}: {why}", r.name),
                Status::Failed(why) => println!("  FAILED    {}: {why}", r.name),
            }
            reports.push(r);
        };
        let run = AssertUnwindSafe(rec.run(&files, &out, &mut print)).catch_unwind();
        tokio::select! {
            r = run => r.err().map(|_| "a panic"),
            _ = tokio::signal::ctrl_c() => Some("Ctrl-C"),
        }
    };
    if let Some(why) = interrupted {
        eprintln!("recorder: stopped by {why}; cleaning up");
    }
    let cleanup = tokio::select! {
        r = rec.cleanup() => r,
        _ = tokio::signal::ctrl_c() => {
            eprintln!("recorder: cleanup interrupted");
            // Listed below, so the Drop guard need not list them again.
            let left = rec.disown();
            recorder::CleanupReport {
                removed: Vec::new(),
                left: left.iter().map(|c| format!("{c}: cleanup interrupted")).collect(),
            }
        }
    };

    let count = |f: fn(&Status) -> bool| reports.iter().filter(|r| f(&r.status)).count();
    let rewritten = count(|s| matches!(s, Status::Rewritten(_)));
    let unchanged = count(|s| matches!(s, Status::Unchanged(_)));
    let skipped = count(|s| matches!(s, Status::Skipped(_)));
    let failed = count(|s| matches!(s, Status::Failed(_)));
    println!(
        "recorder: {rewritten} rewritten, {unchanged} unchanged, {skipped} skipped, {failed} failed"
    );
    if !cleanup.removed.is_empty() {
        println!(
            "recorder: removed {} object(s) the run created:",
            cleanup.removed.len()
        );
        for r in &cleanup.removed {
            println!("  {r}");
        }
    }
    if !cleanup.left.is_empty() {
        println!(
            "recorder: could NOT clean up {} object(s) (all carry {run_prefix}):",
            cleanup.left.len()
        );
        for l in &cleanup.left {
            println!("  {l}");
        }
    }
    if rewritten > 0 {
        println!("next: refresh the snapshots and review both diffs:");
        println!("  INSTA_UPDATE=always cargo nextest run -p conformance");
        println!("  git diff --stat fixtures conformance/snapshots");
    }
    if interrupted.is_some() || failed > 0 || !cleanup.left.is_empty() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
