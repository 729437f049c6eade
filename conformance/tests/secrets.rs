//! A session with sentinel secrets (API token, private key, issued access token) leaks none of them
//! to stdout (every MCP message, every tool result) or stderr (logs at trace level). The session
//! calls every users tool with each of its cassettes' arguments, success and error cases alike, so
//! the secrets a model passes as arguments (passwords, passcodes) must not reach stderr either;
//! sentinel arguments (a password, one given as a number, a passcode, a recovery answer) make sure
//! of it. An apps session, with the private key read from a file, gets an app whose body holds a
//! client secret: the model reads it in the result, stderr never shows it.

// Helpers outside #[test] fns may unwrap too: a failure here is a failed test.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::Stdio;

use mock_okta::token::{TokenConfig, TokenEndpoint};
use mock_okta::{Cassette, Expect, MockOrg, load_all};
use okta_mcp_driver::{binary_path, call, connect_with_stderr, fixtures_dir};
use serde_json::json;

fn key(name: &str) -> String {
    std::fs::read_to_string(fixtures_dir().join("keys").join(name)).expect("test key")
}

async fn session(
    env: &[(&str, &str)],
    log: &Path,
    org: &MockOrg,
    cassettes: &[Cassette],
) -> String {
    let bin = binary_path("okta-mcp-users").expect("binary");
    let file = std::fs::File::create(log).expect("log file");
    let client = connect_with_stderr(&bin, env, Stdio::from(file))
        .await
        .expect("connect");
    let mut transcript = String::new();
    transcript
        .push_str(&serde_json::to_string(&client.list_all_tools().await.expect("list")).unwrap());
    for (tool, args) in [
        ("okta_get_user", json!({"userId": "00ub0oNGTSWTBKOLGLNR"})),
        ("okta_get_user", json!({"userId": "00uNOTFOUND000000000"})),
        ("okta_list_users", json!({"limit": 2})),
        ("okta_set_password", json!({"userId": 7})),
    ] {
        let r = call(&client, tool, args.as_object().unwrap())
            .await
            .expect("call");
        transcript.push_str(&serde_json::to_string(&r).unwrap());
    }
    // Every users tool once, success and error cases alike: each result shape and error path.
    for c in cassettes {
        let r = call(&client, &c.tool, &c.arguments).await.expect("call");
        transcript.push_str(&serde_json::to_string(&r).unwrap());
    }
    for (tool, args) in sentinel_calls() {
        let r = call(&client, tool, args.as_object().unwrap())
            .await
            .expect("call");
        transcript.push_str(&serde_json::to_string(&r).unwrap());
    }
    client.cancel().await.expect("close");
    assert!(org.request_count().await > 0);
    transcript
}

/// Secrets a model passes as arguments; none of them may appear in stderr.
const ARGUMENT_SENTINELS: [&str; 4] = [
    "SENTINELpassword-Zq8x!",
    "987654321987654",
    "SENTINELpasscode77",
    "SENTINELrecoveryANSWER",
];

/// Calls carrying the sentinels: valid ones (sent to the org, whatever it answers) and one refused
/// before sending, whose error quotes the value to the model.
fn sentinel_calls() -> Vec<(&'static str, serde_json::Value)> {
    let user = "00ub0oNGTSWTBKOLGLNR";
    let factor = "mbl1nz9JHJGHWRKMTLHP";
    vec![
        (
            "okta_set_password",
            json!({"userId": user, "password": ARGUMENT_SENTINELS[0]}),
        ),
        (
            "okta_set_password",
            json!({"userId": user, "password": 987_654_321_987_654_u64}),
        ),
        (
            "okta_verify_factor",
            json!({"userId": user, "factorId": factor, "passCode": ARGUMENT_SENTINELS[2]}),
        ),
        (
            "okta_verify_factor",
            json!({"userId": user, "factorId": factor, "answer": ARGUMENT_SENTINELS[3]}),
        ),
    ]
}

/// The org's answers to the sentinel calls that reach it: the success interactions of the same
/// tools, with the sentinel in the request body. (An unmatched request would be answered with a 404
/// quoting the body, a mock's echo no Okta answer has.)
fn sentinel_interactions(users: &[Cassette]) -> Vec<mock_okta::Interaction> {
    let success = |tool: &str| {
        users
            .iter()
            .find(|c| c.tool == tool && c.case == "success")
            .unwrap()
            .interactions[0]
            .clone()
    };
    let mut out = Vec::new();
    let mut i = success("okta_set_password");
    i.request.body = Some(json!({"credentials": {"password": {"value": ARGUMENT_SENTINELS[0]}}}));
    out.push(i);
    for body in [
        json!({"passCode": ARGUMENT_SENTINELS[2]}),
        json!({"answer": ARGUMENT_SENTINELS[3]}),
    ] {
        let mut i = success("okta_verify_factor");
        i.request.body = Some(body);
        out.push(i);
    }
    out
}

fn assert_no_argument_sentinel(err: &str) {
    for secret in ARGUMENT_SENTINELS {
        assert!(
            !err.contains(secret),
            "an argument's secret reached stderr: {secret}"
        );
    }
}

#[tokio::test]
async fn no_secret_reaches_stdout_stderr_or_a_result() {
    let files = load_all(&fixtures_dir()).unwrap();
    let mut users: Vec<Cassette> = files
        .iter()
        .filter(|f| f.server == "users")
        .map(|f| f.cassette.clone())
        .collect();
    // Success interactions first: the reusable org answers with the first that matches.
    users.sort_by_key(|c| c.expect != Expect::Success);
    let mut interactions = sentinel_interactions(&users);
    interactions.extend(users.iter().flat_map(|c| c.interactions.clone()));
    let tools: std::collections::BTreeSet<&str> = users.iter().map(|c| c.tool.as_str()).collect();
    let table: std::collections::BTreeSet<&str> =
        okta_mcp_users::tools().iter().map(|t| t.name).collect();
    assert_eq!(tools, table, "the session covers every users tool");
    let dir = std::env::temp_dir().join(format!("okta-mcp-secrets-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();

    // SSWS.
    let org = MockOrg::reusable(interactions.clone(), None).await;
    let token = "00SENTINELsswsTOKENvalue0123456789abcdefXY";
    let uri = org.uri();
    let ssws_log = dir.join("ssws.log");
    let out = session(
        &[
            ("OKTA_ORG_URL", &uri),
            ("OKTA_API_TOKEN", token),
            ("OKTA_MCP_LOG", "trace"),
            ("OKTA_MCP_MAX_RETRIES", "0"),
        ],
        &ssws_log,
        &org,
        &users,
    )
    .await;
    let err = std::fs::read_to_string(&ssws_log).unwrap();
    assert!(
        err.contains("TRACE") || err.contains("DEBUG"),
        "logs were captured at trace level"
    );
    for text in [&out, &err] {
        assert!(!text.contains(token), "SSWS token leaked");
    }
    assert_no_argument_sentinel(&err);
    // The MCP library logs every request's arguments at debug level; its logging is capped.
    let argument_secrets: Vec<String> = users
        .iter()
        .flat_map(|c| c.arguments.iter())
        .filter(|(k, _)| matches!(k.as_str(), "password" | "passCode" | "answer"))
        .filter_map(|(_, v)| v.as_str().map(str::to_owned))
        .collect();
    assert!(
        argument_secrets.len() >= 3,
        "the session passes passwords and passcodes: {argument_secrets:?}"
    );
    for secret in &argument_secrets {
        // Logged values are quoted (Debug and JSON alike); a bare short passcode such as 000000
        // also occurs inside timestamps, so short ones are looked for quoted only.
        let quoted = format!("\"{secret}\"");
        let leaked = err.contains(&quoted) || (secret.len() >= 8 && err.contains(secret.as_str()));
        assert!(!leaked, "an argument's secret reached stderr: {secret}");
    }

    // OAuth with DPoP: the private key and the issued access token are the secrets.
    let org = MockOrg::reusable(interactions, None).await;
    let mut cfg = TokenConfig::new("0oa1serviceAppTest01", &key("test-only-rsa.pub.pem"));
    cfg.token_prefix = "SENTINELaccessTOKEN".into();
    cfg.require_dpop = true;
    cfg.require_nonce = true;
    let tokens = TokenEndpoint::mount(org.server(), cfg).await;
    let private_key = key("test-only-rsa.pem");
    let key_lines: Vec<&str> = private_key
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect();
    let uri = org.uri();
    let oauth_log = dir.join("oauth.log");
    let out = session(
        &[
            ("OKTA_ORG_URL", &uri),
            ("OKTA_CLIENT_ID", "0oa1serviceAppTest01"),
            ("OKTA_PRIVATE_KEY", &private_key),
            // A more specific directive for the MCP library does not lift its cap either.
            (
                "OKTA_MCP_LOG",
                "trace,rmcp=trace,rmcp::service=trace,rmcp::handler=trace",
            ),
            ("OKTA_MCP_MAX_RETRIES", "0"),
        ],
        &oauth_log,
        &org,
        &users,
    )
    .await;
    assert!(tokens.issued() >= 1, "an access token was issued and used");
    let err = std::fs::read_to_string(&oauth_log).unwrap();
    assert!(
        err.contains("Using OAuth 2.0 (client_id=0oa1serviceAppTest01"),
        "{err}"
    );
    for text in [&out, &err] {
        assert!(!text.contains("SENTINELaccessTOKEN"), "access token leaked");
        for line in &key_lines {
            assert!(!text.contains(line), "private key leaked");
        }
    }
    assert_no_argument_sentinel(&err);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_client_secret_in_a_result_and_a_key_file_never_reach_stderr() {
    let client_secret = "SENTINELclientSECRET-0123456789abcdefABCDEF";
    let mut case = load_all(&fixtures_dir())
        .unwrap()
        .into_iter()
        .find(|f| f.cassette.tool == "okta_get_app" && f.cassette.case == "success")
        .unwrap()
        .cassette;
    let body = case.interactions[0].response.body.as_mut().unwrap();
    body["credentials"]["oauthClient"] = json!({
        "client_id": "0oa1gjh63g214q0Hq0g4",
        "client_secret": client_secret,
        "token_endpoint_auth_method": "client_secret_basic"
    });
    let org = MockOrg::reusable(case.interactions.clone(), None).await;
    let mut cfg = TokenConfig::new("0oa1serviceAppTest01", &key("test-only-rsa.pub.pem"));
    cfg.token_prefix = "SENTINELappsACCESS".into();
    let tokens = TokenEndpoint::mount(org.server(), cfg).await;
    let key_file = fixtures_dir().join("keys").join("test-only-rsa.pem");
    let key_text = key("test-only-rsa.pem");
    let dir = std::env::temp_dir().join(format!("okta-mcp-secrets-apps-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let log = dir.join("apps.log");
    let uri = org.uri();
    let key_path = key_file.display().to_string();
    let bin = binary_path("okta-mcp-apps").expect("binary");
    let client = connect_with_stderr(
        &bin,
        &[
            ("OKTA_ORG_URL", &uri),
            ("OKTA_CLIENT_ID", "0oa1serviceAppTest01"),
            ("OKTA_PRIVATE_KEY_FILE", &key_path),
            ("OKTA_MCP_LOG", "trace"),
            ("OKTA_MCP_MAX_RETRIES", "0"),
        ],
        Stdio::from(std::fs::File::create(&log).unwrap()),
    )
    .await
    .expect("connect");
    let r = call(&client, &case.tool, &case.arguments)
        .await
        .expect("call");
    client.cancel().await.expect("close");
    assert_eq!(r.is_error, Some(false));
    assert!(
        serde_json::to_string(&r).unwrap().contains(client_secret),
        "the model reads the app's secret in the result"
    );
    assert_eq!(tokens.issued(), 1);
    let err = std::fs::read_to_string(&log).unwrap();
    assert!(err.contains("TRACE") || err.contains("DEBUG"), "{err}");
    assert!(
        !err.contains(client_secret),
        "a returned client secret reached stderr"
    );
    assert!(!err.contains("SENTINELappsACCESS"), "access token leaked");
    for line in key_text.lines().filter(|l| !l.starts_with("-----")) {
        assert!(!err.contains(line), "the key file's content leaked");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A custom domain's private key (issue item 4) reaches neither stderr at trace level nor stdout:
/// not on success, not in an Okta error, not in a local refusal of its arguments.
#[tokio::test]
async fn a_certificate_private_key_is_never_echoed() {
    let files = load_all(&fixtures_dir()).unwrap();
    let cases: Vec<Cassette> = files
        .iter()
        .filter(|f| f.cassette.tool == "okta_upsert_custom_domain_certificate")
        .map(|f| f.cassette.clone())
        .collect();
    let success = cases
        .iter()
        .find(|c| c.expect == Expect::Success)
        .expect("a success case");
    let failure = cases
        .iter()
        .find(|c| c.expect == Expect::Error)
        .expect("an error case");
    let key = success.arguments["privateKey"].as_str().unwrap().to_owned();
    assert!(
        key.contains("SENTINELprivateKEY"),
        "the cases use the sentinel key"
    );
    let key_lines: Vec<&str> = key.lines().filter(|l| !l.starts_with("-----")).collect();

    let dir = std::env::temp_dir().join(format!("okta-mcp-cert-secrets-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let log = dir.join("trace.log");
    let mut transcript = String::new();
    for (case, expect_error) in [(success, false), (failure, true)] {
        // A strict org per call, so the error case's answer is the one served.
        let org = MockOrg::strict(case.interactions.clone()).await;
        let uri = org.uri();
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&log)
            .unwrap();
        let bin = binary_path("okta-mcp-branding").expect("binary");
        let env = [
            ("OKTA_ORG_URL", uri.as_str()),
            (
                "OKTA_API_TOKEN",
                "00SENTINELbrandingTOKEN0123456789abcdefXY",
            ),
            ("OKTA_MCP_LOG", "trace"),
            ("OKTA_MCP_MAX_RETRIES", "0"),
        ];
        let client = connect_with_stderr(&bin, &env, Stdio::from(file))
            .await
            .expect("connect");
        let r = call(&client, &case.tool, &case.arguments)
            .await
            .expect("call");
        assert_eq!(r.is_error, Some(expect_error), "{r:?}");
        transcript.push_str(&serde_json::to_string(&r).unwrap());
        // Refused locally: an unknown type and an unknown argument, with the key beside them.
        for (k, v) in [("type", json!("DER")), ("extra", json!(key.clone()))] {
            let mut args = case.arguments.clone();
            args.insert(k.into(), v);
            let r = call(&client, &case.tool, &args).await.expect("call");
            assert_eq!(r.is_error, Some(true), "{r:?}");
            transcript.push_str(&serde_json::to_string(&r).unwrap());
        }
        client.cancel().await.expect("close");
        org.verify().unwrap();
    }
    let err = std::fs::read_to_string(&log).unwrap();
    assert!(
        err.contains("TRACE") || err.contains("DEBUG"),
        "trace logs were captured"
    );
    for text in [&transcript, &err] {
        for line in &key_lines {
            assert!(!text.contains(line), "the private key leaked: {line}");
        }
        assert!(
            !text.contains("SENTINELprivateKEY"),
            "the private key leaked"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
