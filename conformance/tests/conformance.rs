//! Every cassette, replayed over stdio against the real binaries, one test each; plus each server's
//! tools/list snapshot and a coverage check that fails when a tool has no success or error cassette.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::OnceLock;

use conformance::{run_cassette, tools_snapshot};
use libtest_mimic::{Arguments, Failed, Trial};
use mock_okta::{CassetteFile, Expect, load_all};
use okta_mcp::TOOLSETS;
use okta_mcp_core::ServerSpec;
use okta_mcp_driver::{binary_path, connect, fixtures_dir, oauth_env, ssws_env};
use serde_json::Value;

fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("tokio runtime")
    })
}

fn snapshot(name: &str, value: &Value) -> Result<(), Failed> {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    let name = name.to_owned();
    let value = value.clone();
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
        settings.bind(|| insta::assert_json_snapshot!(name, value));
    }))
    .map_err(|p| {
        let msg = p
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| p.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_default();
        Failed::from(format!("snapshot mismatch: {msg}"))
    })
}

fn cassette_trial(file: CassetteFile, binary: &'static str, oauth: bool) -> Trial {
    let c = &file.cassette;
    let name = format!("{}::{}::{}", file.server, c.tool, c.case);
    let snap = format!("{}__{}__{}", file.server, c.tool, c.case);
    Trial::test(name, move || {
        let bin = binary_path(binary)?;
        let summary = runtime()
            .block_on(run_cassette(&bin, &file.cassette, oauth))
            .map_err(|e| format!("{}: {e}", file.path.display()))?;
        snapshot(&snap, &summary)
    })
}

fn tools_list_trial(server: &ServerSpec) -> Trial {
    let binary = server.name;
    let toolset = server.toolset();
    let oauth = server.requires_oauth;
    let expected: Vec<String> = (server.tools)().iter().map(|t| t.name.to_owned()).collect();
    Trial::test(format!("{toolset}::tools_list"), move || {
        let bin = binary_path(binary)?;
        let tools = runtime()
            .block_on(async {
                // tools/list never touches the network, so an unreachable org is fine.
                let env = if oauth {
                    oauth_env("http://127.0.0.1:9")
                } else {
                    ssws_env("http://127.0.0.1:9")
                };
                let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
                let client = connect(&bin, &env).await?;
                let tools = client.list_all_tools().await?;
                let _ = client.cancel().await;
                anyhow::Ok(tools)
            })
            .map_err(|e| e.to_string())?;
        let names: Vec<String> = tools.iter().map(|t| t.name.to_string()).collect();
        if names != expected {
            return Err(
                format!("tools/list names {names:?} differ from the table {expected:?}").into(),
            );
        }
        for t in &tools {
            let a = t
                .annotations
                .as_ref()
                .ok_or(format!("{} has no annotations", t.name))?;
            // MCP ignores destructiveHint and idempotentHint on a read-only tool, and
            // openWorldHint's default (true) holds for every tool: those are left out.
            let writes = a.read_only_hint == Some(false);
            if a.read_only_hint.is_none()
                || (writes && (a.destructive_hint.is_none() || a.idempotent_hint.is_none()))
                || a.open_world_hint == Some(false)
            {
                return Err(format!("{} lacks an explicit annotation hint", t.name).into());
            }
        }
        snapshot(&format!("{toolset}__tools_list"), &tools_snapshot(&tools))
    })
}

fn coverage_trial(server: &ServerSpec, files: &[CassetteFile]) -> Trial {
    let toolset = server.toolset();
    let names: BTreeSet<String> = (server.tools)().iter().map(|t| t.name.to_owned()).collect();
    let mut seen: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for f in files.iter().filter(|f| f.server == toolset) {
        let e = seen.entry(f.cassette.tool.clone()).or_default();
        match f.cassette.expect {
            Expect::Success => e.0 += 1,
            Expect::Error => e.1 += 1,
        }
    }
    Trial::test(format!("{toolset}::coverage"), move || {
        let mut problems = Vec::new();
        for name in &names {
            match seen.get(name) {
                None => problems.push(format!("{name}: no cassette")),
                Some((0, _)) => problems.push(format!("{name}: no success cassette")),
                Some((_, 0)) => problems.push(format!("{name}: no error cassette")),
                Some(_) => {}
            }
        }
        for tool in seen.keys().filter(|t| !names.contains(*t)) {
            problems.push(format!(
                "{tool}: cassettes for a tool the server does not have"
            ));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.join("\n").into())
        }
    })
}

fn main() {
    let args = Arguments::from_args();
    let files = match load_all(&fixtures_dir()) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("cannot load fixtures: {e}");
            std::process::exit(1);
        }
    };
    let mut trials = Vec::new();
    for server in &TOOLSETS {
        trials.push(tools_list_trial(server));
        trials.push(coverage_trial(server, &files));
        for f in files.iter().filter(|f| f.server == server.toolset()) {
            trials.push(cassette_trial(
                f.clone(),
                server.name,
                server.requires_oauth,
            ));
        }
    }
    let known: BTreeSet<&str> = TOOLSETS.iter().map(|s| s.toolset()).collect();
    for f in &files {
        if !known.contains(f.server.as_str()) {
            trials.push(Trial::test(format!("{}::unknown_server", f.server), || {
                Err("fixtures for a server that does not exist".into())
            }));
            break;
        }
    }
    libtest_mimic::run(&args, trials).exit();
}
