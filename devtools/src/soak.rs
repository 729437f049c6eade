//! The soak: many tool calls, concurrently, through real server processes over stdio, against a mock
//! org where a seeded share of requests fault (rate limits, 5xx, slow answers, broken connections,
//! malformed and oversized bodies). It counts what must never happen — crashes, hung calls, a POST
//! that may have been applied twice, a success that is not the org's answer — and what it cost.
//! Used by the `soak` binary and, shortened, by `tests/soak_short.rs`.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::Path;
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use mock_okta::MockOrg;
use mock_okta::faults::{
    self, ErrorPage, Fault, FaultProxy, HttpFault, Route, SeenRequest, Trigger, WireFault,
};
use okta_mcp_driver::{Client, binary_path, connect_with_pid};
use rmcp::model::{CallToolRequestParams, CallToolResult};
use serde_json::{Map, Value, json};
use tokio::sync::Mutex;

/// What to run.
#[derive(Debug, Clone)]
pub struct SoakConfig {
    pub calls: usize,
    pub concurrency: usize,
    /// Share of requests (retries included) that fault.
    pub fault_share: f64,
    pub seed: u64,
    /// A call not answered within this is hung.
    pub deadline: Duration,
}

impl Default for SoakConfig {
    fn default() -> Self {
        Self {
            calls: 3000,
            concurrency: 16,
            fault_share: 0.1,
            seed: 1,
            deadline: Duration::from_secs(30),
        }
    }
}

/// The server settings under soak: small, so faults cost little time.
pub const SERVER_ENV: [(&str, &str); 5] = [
    ("OKTA_API_TOKEN", "00soakTOKEN"),
    ("OKTA_MCP_MAX_RETRIES", "2"),
    ("OKTA_MCP_TIMEOUT_SECS", "1"),
    ("OKTA_MCP_MAX_RESPONSE_MB", "1"),
    ("OKTA_MCP_MAX_RETRY_WAIT_SECS", "5"),
];

/// What happened.
#[derive(Debug, Clone, Default)]
pub struct SoakReport {
    pub config_line: String,
    pub calls: usize,
    pub requests: usize,
    pub faults_injected: u64,
    pub faults_by_kind: BTreeMap<String, u64>,
    pub successes: usize,
    pub errors: usize,
    /// Calls answered with a JSON-RPC error or a broken session instead of a tool result.
    pub protocol_errors: usize,
    /// Server processes that exited before the end.
    pub crashes: usize,
    pub hung: usize,
    /// POSTs (by their marker) that reached the org more than once in a way Okta may have applied.
    pub duplicate_posts: usize,
    /// POSTs re-sent after a 429, which Okta did not process: allowed.
    pub posts_resent_after_429: usize,
    /// Successes whose content is not the org's answer.
    pub wrong_successes: usize,
    /// Peak resident memory of each server process, KiB (VmHWM).
    pub peak_rss_kib: Vec<(String, u64)>,
    pub slowest_call: Duration,
    pub wall: Duration,
    /// A few examples of problems, for the reader.
    pub examples: Vec<String>,
}

impl SoakReport {
    pub fn retries(&self) -> usize {
        self.requests.saturating_sub(self.calls)
    }

    /// Crashes, hangs and duplicate POSTs are zero (and nothing answered wrongly or at protocol level).
    pub fn passed(&self) -> bool {
        self.crashes == 0
            && self.hung == 0
            && self.duplicate_posts == 0
            && self.wrong_successes == 0
            && self.protocol_errors == 0
    }

    /// The table the binary prints.
    pub fn table(&self) -> String {
        let mut t = String::new();
        let _ = writeln!(t, "{}", self.config_line);
        let _ = writeln!(t);
        let _ = writeln!(t, "| measure | value |");
        let _ = writeln!(t, "|---|---:|");
        let mut row = |k: &str, v: String| {
            let _ = writeln!(t, "| {k} | {v} |");
        };
        row("calls made", self.calls.to_string());
        row("requests the org saw", self.requests.to_string());
        row("faults injected", self.faults_injected.to_string());
        row("retries (requests − calls)", self.retries().to_string());
        row("successes", self.successes.to_string());
        row("errors returned (isError)", self.errors.to_string());
        row(
            "protocol errors (must be 0)",
            self.protocol_errors.to_string(),
        );
        row(
            "crashes: server exits (must be 0)",
            self.crashes.to_string(),
        );
        row("hung calls (must be 0)", self.hung.to_string());
        row(
            "POSTs that may have been applied twice (must be 0)",
            self.duplicate_posts.to_string(),
        );
        row(
            "POSTs re-sent after a 429 (not processed by Okta)",
            self.posts_resent_after_429.to_string(),
        );
        row(
            "wrong successes (must be 0)",
            self.wrong_successes.to_string(),
        );
        for (name, kib) in &self.peak_rss_kib {
            row(
                &format!("peak RSS {name} (VmHWM)"),
                format!("{:.1} MiB", *kib as f64 / 1024.0),
            );
        }
        row(
            "slowest call",
            format!("{:.2} s", self.slowest_call.as_secs_f64()),
        );
        row("wall time", format!("{:.1} s", self.wall.as_secs_f64()));
        let _ = writeln!(t);
        let _ = writeln!(t, "| fault injected | requests |");
        let _ = writeln!(t, "|---|---:|");
        for (k, n) in &self.faults_by_kind {
            let _ = writeln!(t, "| {k} | {n} |");
        }
        if !self.examples.is_empty() {
            let _ = writeln!(t);
            for e in &self.examples {
                let _ = writeln!(t, "problem: {e}");
            }
        }
        let _ = writeln!(t);
        let _ = write!(
            t,
            "{}",
            if self.passed() {
                "PASS: no crash, no hung call, no POST applied twice"
            } else {
                "FAIL"
            }
        );
        t
    }
}

/// The faults of the mix, one picked per faulted request.
pub fn fault_mix() -> Vec<Fault> {
    vec![
        Fault::Http(HttpFault::RateLimited { reset_in_secs: 1 }),
        Fault::Http(HttpFault::RetryAfter { secs: 1 }),
        Fault::Http(HttpFault::ServerError {
            status: 500,
            page: ErrorPage::Okta,
        }),
        Fault::Http(HttpFault::ServerError {
            status: 502,
            page: ErrorPage::Html,
        }),
        Fault::Http(HttpFault::ServerError {
            status: 503,
            page: ErrorPage::Empty,
        }),
        Fault::Http(HttpFault::ServerError {
            status: 504,
            page: ErrorPage::Html,
        }),
        Fault::Http(HttpFault::Slow {
            delay: Duration::from_millis(1500),
        }),
        Fault::Http(HttpFault::MalformedJson),
        Fault::Http(HttpFault::HtmlPage { status: 404 }),
        Fault::Http(HttpFault::LargeBody { bytes: 2 << 20 }),
        Fault::Wire(WireFault::DropMidBody),
        Fault::Wire(WireFault::CloseBeforeAnswer),
        Fault::Wire(WireFault::LargeChunked { bytes: 2 << 20 }),
    ]
}

/// SplitMix64, for a reproducible mix of calls.
fn mix(seed: u64, i: u64) -> u64 {
    let mut z = seed
        .wrapping_add(i.wrapping_mul(0x9E37_79B9_7F4A_7C15))
        .wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

const POST_MARKER: &str = "soak-marker-";
const USER_ID: &str = "00ub0oNGTSWTBKOLGLNR";
const APP_ID: &str = "0oa2slackApp0000q0g4";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Server {
    Users,
    Apps,
}

/// The call for number `i`: which server, which tool, which arguments, and what a success must hold.
fn workload(seed: u64, i: usize) -> (Server, &'static str, Value, fn(&Value) -> bool) {
    match mix(seed, i as u64) % 20 {
        0..=5 => (
            Server::Users,
            "okta_get_user",
            json!({"userId": format!("00uSOAK{i}")}),
            |v| v.get("id") == Some(&json!(USER_ID)),
        ),
        6..=8 => (Server::Users, "okta_list_users", json!({"limit": 2}), |v| {
            v.get("rows").and_then(Value::as_array).map(Vec::len) == Some(2)
        }),
        9..=12 => (
            Server::Users,
            "okta_create_user",
            json!({"profile": {
                "firstName": "Soak", "lastName": "Test",
                "email": format!("{POST_MARKER}{i}@example.com"),
                "login": format!("{POST_MARKER}{i}@example.com"),
            }}),
            |v| v.get("id") == Some(&json!(USER_ID)),
        ),
        13..=14 => (
            Server::Users,
            "okta_revoke_session",
            json!({"sessionId": format!("102SOAK{i}")}),
            |v| v.get("ok") == Some(&json!(true)),
        ),
        15..=17 => (
            Server::Apps,
            "okta_update_app",
            json!({"appId": format!("0oaSOAK{i}"), "app": {"name": "slack", "label": "Slack", "signOnMode": "BROWSER_PLUGIN"}}),
            |v| v.get("id") == Some(&json!(APP_ID)),
        ),
        _ => (
            Server::Apps,
            "okta_get_app",
            json!({"appId": format!("0oaSOAK{i}")}),
            |v| v.get("id") == Some(&json!(APP_ID)),
        ),
    }
}

async fn mount_answers(org: &MockOrg) {
    let user = json!({"id": USER_ID, "status": "ACTIVE", "profile": {"login": "isaac.brock@example.com"}, "_links": {"self": {"href": "x"}}});
    let app = json!({"id": APP_ID, "name": "slack", "label": "Slack", "status": "ACTIVE", "signOnMode": "BROWSER_PLUGIN"});
    let ok = |v: &Value| wiremock::ResponseTemplate::new(200).set_body_json(v.clone());
    let s = org.server();
    faults::answer(
        s,
        Route::new("GET", "/api/v1/users"),
        ok(&json!([user, user])),
    )
    .await;
    faults::answer(s, Route::new("POST", "/api/v1/users"), ok(&user)).await;
    faults::answer(
        s,
        Route::prefix("/api/v1/users/").with_method("GET"),
        ok(&user),
    )
    .await;
    faults::answer(
        s,
        Route::prefix("/api/v1/sessions/").with_method("DELETE"),
        wiremock::ResponseTemplate::new(204),
    )
    .await;
    faults::answer(s, Route::prefix("/api/v1/apps/"), ok(&app)).await;
}

struct Process {
    name: String,
    pid: Option<u32>,
    client: Client,
}

async fn spawn(binary: &Path, org_url: &str) -> anyhow::Result<Process> {
    let env: Vec<(&str, &str)> = [("OKTA_ORG_URL", org_url)]
        .into_iter()
        .chain(SERVER_ENV)
        .collect();
    let (client, pid) = connect_with_pid(binary, &env, Stdio::null()).await?;
    let name = binary
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("server")
        .to_owned();
    Ok(Process { name, pid, client })
}

/// Alive means /proc has it and it is not a zombie.
fn alive(pid: Option<u32>) -> bool {
    let Some(pid) = pid else { return false };
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().next())
            .is_some_and(|state| state != "Z" && state != "X"),
        Err(_) => false,
    }
}

/// The server's peak resident set from the OS: an unreadable figure fails the soak, never reads 0.
fn peak_rss_kib(name: &str, pid: Option<u32>) -> anyhow::Result<u64> {
    let pid = pid.with_context(|| format!("{name}: no pid to read its memory"))?;
    Ok(crate::bench::procmem::Memory::read(pid)
        .with_context(|| format!("{name}: peak RSS"))?
        .peak)
}

#[derive(Debug, Default)]
struct Tally {
    successes: usize,
    errors: usize,
    protocol_errors: usize,
    hung: usize,
    wrong: usize,
    slowest: Duration,
    examples: Vec<String>,
}

impl Tally {
    fn example(&mut self, e: String) {
        if self.examples.len() < 8 {
            self.examples.push(e);
        }
    }
}

fn classify(tally: &mut Tally, tool: &str, r: &CallToolResult, expected: fn(&Value) -> bool) {
    if r.is_error == Some(true) {
        tally.errors += 1;
        return;
    }
    match &r.structured_content {
        Some(v) if expected(v) => tally.successes += 1,
        other => {
            tally.wrong += 1;
            tally.example(format!(
                "{tool}: a success that is not the org's answer: {:.200}",
                other.as_ref().map(Value::to_string).unwrap_or_default()
            ));
        }
    }
}

fn marker_of(r: &SeenRequest) -> Option<String> {
    let body = String::from_utf8_lossy(&r.body);
    let start = body.find(POST_MARKER)? + POST_MARKER.len();
    let digits: String = body[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    (!digits.is_empty()).then_some(digits)
}

/// Runs the soak.
pub async fn run(cfg: &SoakConfig) -> anyhow::Result<SoakReport> {
    let org = MockOrg::reusable(Vec::new(), None).await;
    mount_answers(&org).await;
    let proxy = FaultProxy::start(&org)
        .await
        .context("starting the proxy")?;
    if cfg.fault_share > 0.0 {
        proxy.inject_mix(
            Route::any(),
            fault_mix(),
            Trigger::Share {
                share: cfg.fault_share,
                seed: cfg.seed,
            },
            cfg.seed,
        );
    }
    let users_bin = binary_path("okta-mcp-users").map_err(anyhow::Error::msg)?;
    let apps_bin = binary_path("okta-mcp-apps").map_err(anyhow::Error::msg)?;
    let users = Arc::new(spawn(&users_bin, &proxy.uri()).await?);
    let apps = Arc::new(spawn(&apps_bin, &proxy.uri()).await?);

    let started = Instant::now();
    let next = Arc::new(AtomicUsize::new(0));
    let tally = Arc::new(Mutex::new(Tally::default()));
    let mut workers = Vec::new();
    for _ in 0..cfg.concurrency.max(1) {
        let (next, tally, users, apps) = (next.clone(), tally.clone(), users.clone(), apps.clone());
        let (n, seed, deadline) = (cfg.calls, cfg.seed, cfg.deadline);
        workers.push(tokio::spawn(async move {
            loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                if i >= n {
                    break;
                }
                let (server, tool, args, expected) = workload(seed, i);
                let p = if server == Server::Users {
                    &users
                } else {
                    &apps
                };
                let args: Map<String, Value> = args.as_object().cloned().unwrap_or_default();
                let params = CallToolRequestParams::new(tool).with_arguments(args);
                let t0 = Instant::now();
                let r = tokio::time::timeout(deadline, p.client.call_tool(params)).await;
                let took = t0.elapsed();
                let mut t = tally.lock().await;
                t.slowest = t.slowest.max(took);
                match r {
                    Err(_) => {
                        t.hung += 1;
                        t.example(format!("call {i} ({tool}) unanswered after {deadline:?}"));
                    }
                    Ok(Err(e)) => {
                        t.protocol_errors += 1;
                        t.example(format!("call {i} ({tool}): {e}"));
                    }
                    Ok(Ok(r)) => classify(&mut t, tool, &r, expected),
                }
            }
        }));
    }
    for w in workers {
        w.await.context("a worker panicked")?;
    }
    let wall = started.elapsed();
    // Let the proxy finish its last records.
    tokio::time::sleep(Duration::from_millis(200)).await;

    let mut crashes = 0;
    let mut peak = Vec::new();
    for p in [&users, &apps] {
        if alive(p.pid) {
            peak.push((p.name.clone(), peak_rss_kib(&p.name, p.pid)?));
        } else {
            // A crash fails the soak on its own; a dead process has no memory to read.
            crashes += 1;
        }
    }
    let seen = proxy.requests();
    let mut posts: HashMap<String, (usize, usize)> = HashMap::new();
    let mut by_kind: BTreeMap<String, u64> = BTreeMap::new();
    for r in &seen {
        if let Some(f) = &r.fault {
            *by_kind.entry(f.clone()).or_default() += 1;
        }
        if r.method == "POST"
            && let Some(m) = marker_of(r)
        {
            let e = posts.entry(m).or_default();
            if r.may_have_been_processed() {
                e.0 += 1;
            } else {
                e.1 += 1;
            }
        }
    }
    let duplicate_posts = posts.values().filter(|(applied, _)| *applied > 1).count();
    let posts_resent_after_429 = posts.values().filter(|(_, r429)| *r429 > 0).count();
    let mut examples = Vec::new();
    for (m, (applied, _)) in posts.iter().filter(|(_, (a, _))| *a > 1).take(5) {
        examples.push(format!(
            "POST {POST_MARKER}{m} may have been applied {applied} times"
        ));
    }

    // Close the sessions: the servers exit on stdin close.
    for p in [users, apps] {
        if let Ok(p) = Arc::try_unwrap(p) {
            let _ = p.client.cancel().await;
        }
    }
    let tally = Arc::try_unwrap(tally)
        .map(Mutex::into_inner)
        .unwrap_or_default();
    examples.extend(tally.examples);
    Ok(SoakReport {
        config_line: format!(
            "soak: {} calls, concurrency {}, fault share {:.2}, seed {} — okta-mcp-users and okta-mcp-apps over stdio, \
             mock org behind mock-okta's FaultProxy; server env OKTA_MCP_MAX_RETRIES=2 OKTA_MCP_TIMEOUT_SECS=1 \
             OKTA_MCP_MAX_RESPONSE_MB=1 OKTA_MCP_MAX_RETRY_WAIT_SECS=5; hung = no answer within {} s",
            cfg.calls,
            cfg.concurrency,
            cfg.fault_share,
            cfg.seed,
            cfg.deadline.as_secs()
        ),
        calls: cfg.calls,
        requests: seen.len(),
        faults_injected: proxy.injected(),
        faults_by_kind: by_kind,
        successes: tally.successes,
        errors: tally.errors,
        protocol_errors: tally.protocol_errors,
        crashes,
        hung: tally.hung,
        duplicate_posts,
        posts_resent_after_429,
        wrong_successes: tally.wrong,
        peak_rss_kib: peak,
        slowest_call: tally.slowest,
        wall,
        examples,
    })
}
