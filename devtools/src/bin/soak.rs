//! `cargo run --release -p devtools --bin soak`: many tool calls through real server processes
//! against a mock org that faults a share of requests; prints a table and exits non-zero if a server
//! crashed, a call hung, or a POST may have been applied twice. See docs/reliability.md.
//!
//! Flags: `--calls N` (3000), `--concurrency N` (16), `--fault-share F` (0.1), `--seed N` (1),
//! `--deadline-secs N` (30).

use std::process::ExitCode;
use std::time::Duration;

use devtools::soak::{SoakConfig, run};

fn parse(args: &[String]) -> Result<SoakConfig, String> {
    let mut cfg = SoakConfig::default();
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let (name, inline) = match flag.split_once('=') {
            Some((n, v)) => (n, Some(v.to_owned())),
            None => (flag.as_str(), None),
        };
        if name == "--help" || name == "-h" {
            return Err(String::new());
        }
        let value = match inline {
            Some(v) => v,
            None => it.next().cloned().ok_or(format!("{name} needs a value"))?,
        };
        let bad = |e: &dyn std::fmt::Display| format!("{name}={value:?}: {e}");
        match name {
            "--calls" => cfg.calls = value.parse().map_err(|e| bad(&e))?,
            "--concurrency" => cfg.concurrency = value.parse().map_err(|e| bad(&e))?,
            "--fault-share" => {
                cfg.fault_share = value.parse().map_err(|e| bad(&e))?;
                if !(0.0..=1.0).contains(&cfg.fault_share) {
                    return Err(bad(&"must be from 0 to 1"));
                }
            }
            "--seed" => cfg.seed = value.parse().map_err(|e| bad(&e))?,
            "--deadline-secs" => {
                cfg.deadline = Duration::from_secs(value.parse().map_err(|e| bad(&e))?)
            }
            other => return Err(format!("unknown flag {other}")),
        }
    }
    Ok(cfg)
}

const USAGE: &str = "usage: soak [--calls N] [--concurrency N] [--fault-share F] [--seed N] [--deadline-secs N]\n\
    Build the servers first with the same profile: cargo build --release --bins";

#[allow(
    clippy::print_stdout,
    reason = "the report table on stdout is what the soak run is for"
)]
#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let cfg = match parse(&args) {
        Ok(c) => c,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("soak: {e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&cfg).await {
        Ok(report) => {
            println!("{}", report.table());
            if report.passed() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(e) => {
            eprintln!("soak: {e:#}");
            ExitCode::from(2)
        }
    }
}
