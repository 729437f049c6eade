//! The audit trail and dry runs, over stdio against the real server binaries and a strict mock org:
//! one line per call that can change Okta, secrets redacted, Okta's request ids kept, every outcome
//! named; a dry run sends no write and shows the request it would send.

// Helpers outside #[test] fns may unwrap too: a failure here is a failed test.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use conformance::mount_token_endpoint;
use mock_okta::{Cassette, Interaction, MockOrg, load_all};
use okta_mcp_driver::{
    Client, binary_path, call, connect, fixtures_dir, oauth_env, ssws_env, text_of,
};
use rmcp::model::CallToolResult;
use serde_json::{Map, Value, json};

fn cassette(server: &str, tool: &str, case: &str) -> Cassette {
    load_all(&fixtures_dir())
        .unwrap()
        .into_iter()
        .find(|f| f.server == server && f.cassette.tool == tool && f.cassette.case == case)
        .unwrap_or_else(|| panic!("cassette {server}/{tool}/{case}"))
        .cassette
}

/// The cassette's interactions, each answer carrying an `X-Okta-Request-Id` named after it.
fn with_request_ids(c: &Cassette) -> Vec<Interaction> {
    c.interactions
        .iter()
        .enumerate()
        .map(|(i, it)| {
            let mut it = it.clone();
            it.response.headers.insert(
                "X-Okta-Request-Id".into(),
                format!("req-{}-{}-{i}", c.tool, c.case),
            );
            it
        })
        .collect()
}

fn args(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap()
}

async fn users(org: &MockOrg, extra: &[(&str, &str)]) -> Client {
    let mut env = ssws_env(&org.uri());
    env.extend(extra.iter().map(|(k, v)| (*k, (*v).to_owned())));
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    connect(&binary_path("okta-mcp-users").unwrap(), &env)
        .await
        .unwrap()
}

fn lines(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

fn line<'a>(all: &'a [Value], tool: &str, outcome: &str) -> &'a Value {
    all.iter()
        .find(|l| l["tool"] == tool && l["outcome"] == outcome)
        .unwrap_or_else(|| panic!("no {tool} line with outcome {outcome}: {all:#?}"))
}

/// Runs a cassette's call once on okta-mcp-governance (OAuth only), auditing to `log`.
async fn governance_call(org: &MockOrg, log: &Path, dry_run: bool, c: &Cassette) -> CallToolResult {
    mount_token_endpoint(org).await;
    let mut env = oauth_env(&org.uri());
    env.push(("OKTA_MCP_AUDIT_LOG", log.to_str().unwrap().into()));
    if dry_run {
        env.push(("OKTA_MCP_DRY_RUN", "true".into()));
    }
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let client = connect(&binary_path("okta-mcp-governance").unwrap(), &env)
        .await
        .unwrap();
    let r = run(&client, &c.tool, &c.arguments).await;
    client.cancel().await.unwrap();
    r
}

async fn run(client: &Client, tool: &str, a: &Map<String, Value>) -> CallToolResult {
    call(client, tool, a).await.unwrap()
}

#[tokio::test]
async fn every_write_leaves_one_line_with_secrets_redacted_request_ids_and_its_outcome() {
    let set_password = cassette("users", "okta_set_password", "success");
    let verify = cassette("users", "okta_verify_factor", "success");
    let created = cassette("users", "okta_create_user", "success");
    let taken = cassette("users", "okta_create_user", "error_validation");
    let get = cassette("users", "okta_get_user", "success");
    // A create whose 200 answer came back empty: it may have been applied.
    let lost_args = json!({"profile": {"firstName": "Lost", "lastName": "Answer", "email": "lost@example.com", "login": "lost@example.com"}});
    let lost: Interaction = serde_json::from_value(json!({
        "request": {"method": "POST", "path": "/api/v1/users", "query": {}, "body": lost_args},
        "response": {"status": 200, "headers": {"X-Okta-Request-Id": "req-lost"}},
    }))
    .unwrap();
    let mut interactions = vec![lost];
    for c in [&set_password, &verify, &created, &taken, &get] {
        interactions.extend(with_request_ids(c));
    }
    let org = MockOrg::strict(interactions).await;
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("audit.jsonl");
    let client = users(&org, &[("OKTA_MCP_AUDIT_LOG", log.to_str().unwrap())]).await;

    for c in [&set_password, &verify, &created, &taken, &get] {
        run(&client, &c.tool, &c.arguments).await;
    }
    let invalid = run(&client, "okta_set_password", &args(json!({"userId": 7}))).await;
    assert!(invalid.is_error.unwrap_or(false));
    let unknown = run(&client, "okta_create_user", &args(lost_args)).await;
    let text = text_of(&unknown);
    assert!(unknown.is_error.unwrap_or(false), "{text}");
    assert!(text.contains("may have been applied"), "{text}");
    assert!(text.contains("check with okta_list_users"), "{text}");
    client.cancel().await.unwrap();
    org.verify().unwrap();

    let all = lines(&log);
    // Six writes; the read (okta_get_user) leaves no line.
    assert_eq!(all.len(), 6, "{all:#?}");
    assert!(all.iter().all(|l| l["tool"] != "okta_get_user"));
    for l in &all {
        assert_eq!(l["server"], "okta-mcp-users");
        assert!(l["time"].as_str().unwrap().ends_with('Z'), "{l}");
        assert!(l["durationMs"].is_u64(), "{l}");
    }

    let l = line(&all, "okta_set_password", "ok");
    assert_eq!(
        l["arguments"],
        json!({"userId": "00ub0oNGTSWTBKOLGLNR", "password": "[redacted]"})
    );
    assert_eq!(
        l["requests"],
        json!([{"method": "POST", "path": "/api/v1/users/00ub0oNGTSWTBKOLGLNR", "status": 200, "requestId": "req-okta_set_password-success-0"}])
    );
    let l = line(&all, "okta_verify_factor", "ok");
    assert_eq!(l["arguments"]["passCode"], "[redacted]");
    assert_eq!(
        l["requests"][0]["requestId"],
        "req-okta_verify_factor-success-0"
    );
    let l = line(&all, "okta_create_user", "ok");
    assert_eq!(
        l["arguments"]["credentials"],
        json!({"password": "[redacted]"})
    );
    assert_eq!(l["arguments"]["profile"]["login"], "jordan.lee@example.com");
    let l = line(&all, "okta_create_user", "E0000001");
    assert_eq!(l["requests"][0]["status"], 400);
    assert!(
        l["error"]
            .as_str()
            .unwrap()
            .contains("Api validation failed"),
        "{l}"
    );
    let l = line(&all, "okta_set_password", "invalid");
    assert_eq!(l["requests"], json!([]));
    let l = line(&all, "okta_create_user", "unknown");
    assert_eq!(l["requests"][0]["requestId"], "req-lost");
    assert!(
        l["error"]
            .as_str()
            .unwrap()
            .contains("may have been applied"),
        "{l}"
    );

    let raw = std::fs::read_to_string(&log).unwrap();
    for secret in ["Vq7#mPz2!kLw9Rtx", "Ux4!tRq9#Lm2Wz", "123456"] {
        assert!(!raw.contains(secret), "{secret} is in the audit log");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&log).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

#[tokio::test]
async fn the_server_refuses_to_start_when_the_audit_log_cannot_be_opened() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no-such-dir").join("audit.jsonl");
    let out = std::process::Command::new(binary_path("okta-mcp-users").unwrap())
        .env_clear()
        .env("OKTA_ORG_URL", "https://example.okta.com")
        .env("OKTA_API_TOKEN", "00auditTestTOKEN")
        .env("OKTA_MCP_AUDIT_LOG", &path)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("cannot open it for appending"), "{stderr}");
    assert!(out.stdout.is_empty());
}

#[tokio::test]
async fn a_dry_run_sends_no_write_and_shows_the_exact_requests() {
    let created = cassette("users", "okta_create_user", "success");
    let updated = cassette("users", "okta_update_user", "success");
    let deleted = cassette("users", "okta_delete_user", "success");
    let get = cassette("users", "okta_get_user", "success");
    // Only the read may reach the org.
    let org = MockOrg::strict(get.interactions.clone()).await;
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("audit.jsonl");
    let client = users(
        &org,
        &[
            ("OKTA_MCP_DRY_RUN", "true"),
            ("OKTA_MCP_AUDIT_LOG", log.to_str().unwrap()),
        ],
    )
    .await;
    let mut plans = Vec::new();
    for c in [&created, &updated, &deleted] {
        let r = run(&client, &c.tool, &c.arguments).await;
        assert!(!r.is_error.unwrap_or(false), "{}: {}", c.tool, text_of(&r));
        let plan = r.structured_content.clone().unwrap();
        assert_eq!(plan["dryRun"], true, "{plan}");
        assert_eq!(plan["changed"], false, "{plan}");
        assert!(
            plan["message"]
                .as_str()
                .unwrap()
                .contains("nothing was changed")
        );
        // Exactly what the cassette recorded Okta receiving, secrets aside.
        let recorded = &c.interactions[0].request;
        let would = &plan["wouldSend"][0];
        assert_eq!(would["method"], recorded.method.as_str(), "{plan}");
        assert_eq!(would["path"], recorded.path.as_str(), "{plan}");
        plans.push(plan);
    }
    let read = run(&client, &get.tool, &get.arguments).await;
    assert!(!read.is_error.unwrap_or(false), "{}", text_of(&read));
    client.cancel().await.unwrap();
    // The read ran; no write reached the org.
    org.verify().unwrap();
    let seen = org.server().received_requests().await.unwrap();
    assert!(seen.iter().all(|r| r.method.as_str() == "GET"), "{seen:?}");

    let create = &plans[0]["wouldSend"][0];
    assert_eq!(
        create["body"]["credentials"]["password"]["value"],
        "[redacted]"
    );
    assert_eq!(create["body"]["profile"]["login"], "jordan.lee@example.com");
    assert_eq!(create["query"]["activate"], "false");
    assert_eq!(
        plans[1]["wouldSend"][0]["body"],
        updated.interactions[0].request.body.clone().unwrap()
    );
    assert_eq!(plans[2]["wouldSend"][0]["method"], "DELETE");

    let all = lines(&log);
    assert_eq!(all.len(), 3, "{all:#?}");
    for l in &all {
        assert_eq!(l["outcome"], "dry_run", "{l}");
        assert_eq!(l["requests"], json!([]), "{l}");
    }
    assert!(
        !std::fs::read_to_string(&log)
            .unwrap()
            .contains("Ux4!tRq9#Lm2Wz")
    );
}

#[tokio::test]
async fn a_dry_run_of_a_composite_runs_its_reads_and_stops_before_the_write() {
    let c = cassette("governance", "okta_iga_approve_access_request", "success");
    let (reads, writes): (Vec<_>, Vec<_>) = c
        .interactions
        .iter()
        .cloned()
        .partition(|i| i.request.method == "GET");
    let org = MockOrg::strict(reads).await;
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("audit.jsonl");
    let r = governance_call(&org, &log, true, &c).await;
    assert!(!r.is_error.unwrap_or(false), "{}", text_of(&r));
    let plan = r.structured_content.unwrap();
    assert_eq!(plan["dryRun"], true);
    assert_eq!(plan["readsDone"][0]["method"], "GET", "{plan}");
    assert_eq!(plan["readsDone"][0]["status"], 200, "{plan}");
    let write = &writes[0].request;
    assert_eq!(
        plan["wouldSend"][0]["method"],
        write.method.as_str(),
        "{plan}"
    );
    assert_eq!(plan["wouldSend"][0]["path"], write.path.as_str(), "{plan}");
    assert_eq!(
        plan["wouldSend"][0]["body"],
        write.body.clone().unwrap(),
        "{plan}"
    );
    org.verify().unwrap();
    let seen = org.server().received_requests().await.unwrap();
    assert!(
        seen.iter()
            .all(|r| r.method.as_str() == "GET" || r.url.path().starts_with("/oauth2/")),
        "{seen:?}"
    );
    let all = lines(&log);
    assert_eq!(all.len(), 1);
    assert_eq!(all[0]["outcome"], "dry_run");
    assert_eq!(all[0]["requests"][0]["method"], "GET");
}

#[tokio::test]
async fn a_composite_that_refuses_leaves_a_refused_line_with_its_read_steps() {
    let c = cassette(
        "governance",
        "okta_iga_approve_access_request",
        "error_no_open_task",
    );
    let org = MockOrg::strict(with_request_ids(&c)).await;
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("audit.jsonl");
    let r = governance_call(&org, &log, false, &c).await;
    assert!(r.is_error.unwrap_or(false));
    org.verify().unwrap();
    let all = lines(&log);
    assert_eq!(all.len(), 1, "{all:#?}");
    let l = line(&all, &c.tool, "refused");
    assert_eq!(l["arguments"], Value::Object(c.arguments.clone()));
    assert_eq!(
        l["requests"].as_array().unwrap().len(),
        c.interactions.len()
    );
    assert_eq!(l["requests"][0]["method"], "GET");
    assert_eq!(
        l["requests"][0]["requestId"],
        format!("req-{}-{}-0", c.tool, c.case)
    );
    assert!(
        l["error"].as_str().unwrap().contains("Nothing was changed"),
        "{l}"
    );
}
