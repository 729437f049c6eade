//! `just bench`: start-up, tools/list size, per-call overhead, throughput, memory and result size,
//! measured on release binaries against a mock org on loopback. Prints a table and writes
//! docs/benchmarks.md.

use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use okta_mcp::TOOLSETS;
use okta_mcp_driver::{
    Client, binary_path, connect_with_pid, fixtures_dir, oauth_env, ssws_env, workspace_root,
};
use rmcp::model::CallToolRequestParams;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// Every server binary and whether it needs OAuth: each toolset's, then the combined one (which serves
/// them all, so it needs OAuth when any does).
fn binaries() -> Vec<(&'static str, bool)> {
    let combined = (okta_mcp::NAME, TOOLSETS.iter().any(|s| s.requires_oauth));
    TOOLSETS
        .iter()
        .map(|s| (s.name, s.requires_oauth))
        .chain([combined])
        .collect()
}

/// `OKTA_MCP_TOOLSETS=all`: the combined binary's figures are for every toolset, not its defaults.
fn env_for(oauth: bool, org: &str) -> Vec<(&'static str, String)> {
    let mut env = if oauth { oauth_env(org) } else { ssws_env(org) };
    env.push(("OKTA_MCP_TOOLSETS", "all".to_owned()));
    env
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// Cold start: process spawn to the initialize reply, and to the tools/list reply. Returns (init, list, bytes, count).
fn cold_start(bin: &str, oauth: bool, runs: usize) -> (Duration, Duration, usize, usize) {
    let path = binary_path(bin).expect("release binaries built");
    let mut inits = Vec::new();
    let mut lists = Vec::new();
    let mut bytes = 0;
    let mut count = 0;
    for _ in 0..runs {
        let started = Instant::now();
        let mut child = Command::new(&path)
            .env_clear()
            .envs(env_for(oauth, "http://127.0.0.1:9"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        let mut stdin = child.stdin.take().expect("stdin");
        let mut out = BufReader::new(child.stdout.take().expect("stdout"));
        writeln!(stdin, r#"{{"jsonrpc":"2.0","id":1,"method":"initialize","params":{{"protocolVersion":"2025-11-25","capabilities":{{}},"clientInfo":{{"name":"bench","version":"1"}}}}}}"#).expect("write");
        let mut line = String::new();
        out.read_line(&mut line).expect("init reply");
        inits.push(started.elapsed());
        writeln!(
            stdin,
            r#"{{"jsonrpc":"2.0","method":"notifications/initialized"}}"#
        )
        .expect("write");
        writeln!(stdin, r#"{{"jsonrpc":"2.0","id":2,"method":"tools/list"}}"#).expect("write");
        line.clear();
        out.read_line(&mut line).expect("list reply");
        lists.push(started.elapsed());
        let v: Value = serde_json::from_str(&line).expect("json");
        let tools = &v["result"]["tools"];
        bytes = serde_json::to_string(tools).map_or(0, |s| s.len());
        count = tools.as_array().map_or(0, Vec::len);
        drop(stdin);
        let _ = child.wait();
    }
    inits.sort();
    lists.sort();
    (
        percentile(&inits, 0.5),
        percentile(&lists, 0.5),
        bytes,
        count,
    )
}

fn template(tool: &str) -> Value {
    let file = fixtures_dir().join("users").join(tool).join("success.json");
    let c: Value =
        serde_json::from_str(&std::fs::read_to_string(file).expect("fixture")).expect("json");
    c["interactions"][0]["response"]["body"].clone()
}

/// `n` users shaped like Okta's, each with its own id and names.
fn users(n: usize, offset: usize) -> Vec<Value> {
    let base = template("okta_get_user");
    (0..n)
        .map(|i| {
            let k = offset + i;
            let mut u = base.clone();
            let id = format!("00u{k:017}");
            u["id"] = json!(id);
            u["profile"]["firstName"] = json!(format!("First{k}"));
            u["profile"]["lastName"] = json!(format!("Last{k}"));
            u["profile"]["email"] = json!(format!("user{k}@example.com"));
            u["profile"]["login"] = json!(format!("user{k}@example.com"));
            u["_links"] = json!({
                "self": {"href": format!("https://example.okta.com/api/v1/users/{id}")},
                "suspend": {"href": format!("https://example.okta.com/api/v1/users/{id}/lifecycle/suspend"), "method": "POST"},
                "schema": {"href": "https://example.okta.com/api/v1/meta/schemas/user/osc1a2b3c4d5e6f7g8h9"},
                "resetPassword": {"href": format!("https://example.okta.com/api/v1/users/{id}/lifecycle/reset_password"), "method": "POST"},
                "forgotPassword": {"href": format!("https://example.okta.com/api/v1/users/{id}/credentials/forgot_password"), "method": "POST"},
                "expirePassword": {"href": format!("https://example.okta.com/api/v1/users/{id}/lifecycle/expire_password"), "method": "POST"},
                "changeRecoveryQuestion": {"href": format!("https://example.okta.com/api/v1/users/{id}/credentials/change_recovery_question"), "method": "POST"},
                "type": {"href": "https://example.okta.com/api/v1/meta/types/user/oty2d7kX9pQmWnR4s0h8"},
                "changePassword": {"href": format!("https://example.okta.com/api/v1/users/{id}/credentials/change_password"), "method": "POST"},
                "deactivate": {"href": format!("https://example.okta.com/api/v1/users/{id}/lifecycle/deactivate"), "method": "POST"}
            });
            u
        })
        .collect()
}

fn log_events(n: usize) -> Vec<Value> {
    let base = template("okta_list_user_sessions")[0].clone();
    (0..n)
        .map(|i| {
            let mut e = base.clone();
            e["uuid"] = json!(format!("{i:08x}-c9b7-11f1-9a3d-2b7584bf8d5a"));
            e
        })
        .collect()
}

/// Pages through `total` synthetic users, `limit` at a time, with Link rel="next" as Okta does.
struct UserPages {
    total: usize,
    base: String,
}

impl Respond for UserPages {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let q: std::collections::HashMap<String, String> =
            req.url.query_pairs().into_owned().collect();
        let limit: usize = q.get("limit").and_then(|l| l.parse().ok()).unwrap_or(200);
        let offset: usize = q.get("after").and_then(|a| a.parse().ok()).unwrap_or(0);
        let n = limit.min(self.total.saturating_sub(offset));
        let mut t = ResponseTemplate::new(200).set_body_json(users(n, offset));
        if offset + n < self.total {
            t = t.insert_header(
                "Link",
                format!(
                    "<{}/api/v1/users?after={}&limit={limit}>; rel=\"next\"",
                    self.base,
                    offset + n
                )
                .as_str(),
            );
        }
        t
    }
}

fn peak_rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

async fn spawn_users(org: &str) -> (Client, u32) {
    let env = ssws_env(org);
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let bin = binary_path("okta-mcp-users").expect("binary");
    let (client, pid) = connect_with_pid(&bin, &env, Stdio::null())
        .await
        .expect("connect");
    (client, pid.unwrap_or(0))
}

fn args(v: Value) -> serde_json::Map<String, Value> {
    v.as_object().cloned().unwrap_or_default()
}

#[allow(
    clippy::print_stdout,
    reason = "the results table on stdout is what `just bench` is for"
)]
#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(30);
    let calls: usize = std::env::var("BENCH_CALLS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(1000);
    let mut report = String::new();
    let mut targets = Vec::new();

    // 1 and 2: cold start and tools/list size.
    writeln!(
        report,
        "### Start-up and tools/list (median of {runs} cold starts)\n\n| binary | tools | spawn → initialize reply | spawn → tools/list reply | tools/list bytes | bytes per tool |\n|---|---|---|---|---|---|"
    )?;
    let mut all_bytes = 0;
    let mut worst_list = Duration::ZERO;
    for (bin, oauth) in binaries() {
        let (init, list, bytes, count) = cold_start(bin, oauth, runs);
        worst_list = worst_list.max(list);
        if bin == okta_mcp::NAME {
            all_bytes = bytes;
        }
        writeln!(
            report,
            "| {bin} | {count} | {} | {} | {bytes} | {} |",
            ms(init),
            ms(list),
            bytes / count.max(1)
        )?;
    }
    targets.push((
        "all 123 tool definitions",
        format!("{:.1} KB", all_bytes as f64 / 1024.0),
        "< 48 KB",
        all_bytes < 48 * 1024,
    ));
    targets.push((
        "cold start to tools/list (worst binary, median)",
        ms(worst_list),
        "< 10 ms",
        worst_list < Duration::from_millis(10),
    ));

    // 3 and 4: per-call overhead and throughput against one mock endpoint.
    let org = MockServer::start().await;
    let user = users(1, 0).remove(0);
    Mock::given(method("GET"))
        .and(path("/api/v1/users/00u00000000000000000"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&user))
        .mount(&org)
        .await;
    let direct = reqwest::Client::new();
    let url = format!("{}/api/v1/users/00u00000000000000000", org.uri());
    let mut d = Vec::new();
    for _ in 0..calls {
        let t = Instant::now();
        let r = direct
            .get(&url)
            .header("Authorization", "SSWS x")
            .header("Accept", "application/json")
            .send()
            .await?;
        let _ = r.bytes().await?;
        d.push(t.elapsed());
    }
    let (client, pid) = spawn_users(&org.uri()).await;
    let get = CallToolRequestParams::new("okta_get_user")
        .with_arguments(args(json!({"userId": "00u00000000000000000"})));
    let mut m = Vec::new();
    for _ in 0..calls {
        let t = Instant::now();
        let r = client.call_tool(get.clone()).await?;
        assert_eq!(r.is_error, Some(false));
        m.push(t.elapsed());
    }
    d.sort();
    m.sort();
    let over50 = percentile(&m, 0.5).saturating_sub(percentile(&d, 0.5));
    let over99 = percentile(&m, 0.99).saturating_sub(percentile(&d, 0.99));
    writeln!(
        report,
        "\n### Per-call overhead ({calls} sequential okta_get_user calls vs direct HTTP GETs of the same mock endpoint)\n\n| | median | p99 |\n|---|---|---|\n| direct HTTP round trip | {} | {} |\n| tools/call round trip | {} | {} |\n| overhead | {} | {} |",
        ms(percentile(&d, 0.5)),
        ms(percentile(&d, 0.99)),
        ms(percentile(&m, 0.5)),
        ms(percentile(&m, 0.99)),
        ms(over50),
        ms(over99)
    )?;

    let in_flight = 32;
    let total = calls * 2;
    let client = Arc::new(client);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for w in 0..in_flight {
        let client = client.clone();
        let get = get.clone();
        tasks.push(tokio::spawn(async move {
            let mut ok = 0;
            for _ in (w..total).step_by(in_flight) {
                if client
                    .call_tool(get.clone())
                    .await
                    .is_ok_and(|r| r.is_error == Some(false))
                {
                    ok += 1;
                }
            }
            ok
        }));
    }
    let mut ok = 0;
    for t in tasks {
        ok += t.await?;
    }
    let secs = started.elapsed().as_secs_f64();
    let after_calls = peak_rss_kib(pid);
    writeln!(
        report,
        "\n### Throughput\n\n{total} calls with {in_flight} in flight: {ok} succeeded in {secs:.2} s = **{:.0} calls/s**.",
        ok as f64 / secs
    )?;
    drop(client);

    // 5: memory after a 10,000-user paged listing.
    let pages = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/users"))
        .respond_with(UserPages {
            total: 10_000,
            base: pages.uri(),
        })
        .mount(&pages)
        .await;
    let (client, pid2) = spawn_users(&pages.uri()).await;
    let mut after: Option<String> = None;
    let mut listed = 0;
    loop {
        let mut a = json!({"limit": 200});
        if let Some(c) = &after {
            a["after"] = json!(c);
        }
        let r = client
            .call_tool(CallToolRequestParams::new("okta_list_users").with_arguments(args(a)))
            .await?;
        let s = r.structured_content.unwrap_or_default();
        listed += s["items"].as_array().map_or(0, Vec::len);
        match s["nextCursor"].as_str() {
            Some(c) => after = Some(c.to_owned()),
            None => break,
        }
    }
    let after_listing = peak_rss_kib(pid2);
    writeln!(
        report,
        "\n### Memory (peak RSS, VmHWM)\n\n| after | peak RSS |\n|---|---|\n| {} okta_get_user calls | {:.1} MB |\n| a {listed}-user listing, 200 per page | {:.1} MB |",
        calls * 3,
        after_calls as f64 / 1024.0,
        after_listing as f64 / 1024.0
    )?;
    targets.push((
        "peak memory after a 10,000-user paged listing",
        format!("{:.1} MB", after_listing as f64 / 1024.0),
        "< 20 MB",
        after_listing < 20 * 1024,
    ));

    // 6: result size, Okta's raw bytes vs ours.
    let raw_users = serde_json::to_vec(&users(200, 0))?.len();
    let r = client
        .call_tool(
            CallToolRequestParams::new("okta_list_users")
                .with_arguments(args(json!({"limit": 200}))),
        )
        .await?;
    let ours_users = serde_json::to_vec(&r.structured_content.unwrap_or_default())?.len();
    let r = client
        .call_tool(
            CallToolRequestParams::new("okta_list_users").with_arguments(args(
                json!({"limit": 200, "fields": "id,status,profile.login,profile.email"}),
            )),
        )
        .await?;
    let ours_fields = serde_json::to_vec(&r.structured_content.unwrap_or_default())?.len();
    client.cancel().await?;
    let logs = MockServer::start().await;
    let events = log_events(200);
    Mock::given(method("GET"))
        .and(path("/api/v1/logs"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&events))
        .mount(&logs)
        .await;
    let raw_logs = serde_json::to_vec(&events)?.len();
    let (client, _) = spawn_users(&logs.uri()).await;
    let r = client
        .call_tool(
            CallToolRequestParams::new("okta_list_user_sessions").with_arguments(args(
                json!({"userId": "00ub0oNGTSWTBKOLGLNR", "limit": 200}),
            )),
        )
        .await?;
    let ours_logs = serde_json::to_vec(&r.structured_content.unwrap_or_default())?.len();
    client.cancel().await?;
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b as f64;
    writeln!(
        report,
        "\n### Result size (compact JSON a model reads)\n\n| result | Okta's raw bytes | our bytes | share |\n|---|---|---|---|\n| 200 users, okta_list_users default | {raw_users} | {ours_users} | {:.0}% |\n| 200 users, fields=id,status,profile.login,profile.email | {raw_users} | {ours_fields} | {:.0}% |\n| 200 System Log events via okta_list_user_sessions | {raw_logs} | {ours_logs} | {:.0}% |",
        pct(ours_users, raw_users),
        pct(ours_fields, raw_users),
        pct(ours_logs, raw_logs)
    )?;
    targets.push((
        "200-user list result vs Okta's raw bytes (default)",
        format!("{:.0}%", pct(ours_users, raw_users)),
        "≤ 40%",
        ours_users * 10 <= raw_users * 4,
    ));

    let mut table =
        String::from("### Targets\n\n| figure | measured | target | met |\n|---|---|---|---|\n");
    for (what, got, want, met) in &targets {
        writeln!(
            table,
            "| {what} | {got} | {want} | {} |",
            if *met { "yes" } else { "**no**" }
        )?;
    }
    let text = format!("{table}\n{report}\n");
    println!("{text}");
    let doc = format!(
        "# Benchmarks\n\nWritten by `just bench` (release build; mock org on loopback; {}-core machine). How each figure is measured:\n\n- start-up: a fresh process per run, timed from spawn to the initialize reply and to the tools/list reply on stdout; no network is touched;\n- tools/list bytes: the compact JSON of the `tools` array;\n- per-call overhead: the same mock endpoint fetched directly with reqwest and through `okta_get_user` over stdio (rmcp client), per percentile;\n- throughput: concurrent `okta_get_user` calls through one server process;\n- memory: VmHWM of the server process from /proc;\n- result size: Okta-shaped synthetic pages (users with their `_links`, System Log events) against what the tool returns.\n\n{text}",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    std::fs::write(workspace_root().join("docs/benchmarks.md"), doc)?;
    eprintln!("wrote docs/benchmarks.md");
    Ok(())
}
