//! `okta-mcp check` against mock-okta: a good set-up passes, and each broken one gets its own
//! failing line with a fix, and a non-zero exit.

// Helpers outside #[test] fns may unwrap too: a failure here is a failed test.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use mock_okta::{TokenConfig, TokenEndpoint};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const CLIENT_ID: &str = "0oa1serviceAppTest01";
const KID: &str = "test-only-key";

fn key(name: &str) -> String {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/keys");
    std::fs::read_to_string(dir.join(name)).unwrap()
}

/// A mock org: the public org document (with `Date` = `okta_now`), a token endpoint set up by
/// `token`, the app's and the token owner's admin roles, and an empty answer to every other read.
async fn org(okta_now: SystemTime, token: impl FnOnce(&mut TokenConfig)) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/.well-known/okta-organization"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("Date", httpdate::fmt_http_date(okta_now).as_str())
                .set_body_json(json!({
                    "id": "00o1mockorg",
                    "pipeline": "idx",
                    "_links": {"organization": {"href": server.uri()}}
                })),
        )
        .mount(&server)
        .await;
    let mut cfg = TokenConfig::new(CLIENT_ID, &key("test-only-rsa.pub.pem"));
    cfg.key_id = Some(KID.to_owned());
    token(&mut cfg);
    TokenEndpoint::mount(&server, cfg).await;
    let super_admin =
        json!([{"type": "SUPER_ADMIN", "label": "Super Administrator", "status": "ACTIVE"}]);
    for p in [
        format!("/oauth2/v1/clients/{CLIENT_ID}/roles"),
        "/api/v1/users/00uadmin/roles".to_owned(),
    ] {
        Mock::given(method("GET"))
            .and(path(p))
            .respond_with(ResponseTemplate::new(200).set_body_json(&super_admin))
            .mount(&server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path("/api/v1/users/me"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(
                json!({"id": "00uadmin", "profile": {"login": "admin@example.com"}}),
            ),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .with_priority(10)
        .mount(&server)
        .await;
    server
}

fn oauth_env(org: &str) -> Vec<(&'static str, String)> {
    vec![
        ("OKTA_ORG_URL", org.to_owned()),
        ("OKTA_CLIENT_ID", CLIENT_ID.to_owned()),
        ("OKTA_PRIVATE_KEY", key("test-only-rsa.pem")),
        ("OKTA_KEY_ID", KID.to_owned()),
        ("OKTA_MCP_MAX_RETRIES", "0".to_owned()),
        ("OKTA_MCP_TIMEOUT_SECS", "5".to_owned()),
    ]
}

fn ssws_env(org: &str) -> Vec<(&'static str, String)> {
    vec![
        ("OKTA_ORG_URL", org.to_owned()),
        ("OKTA_API_TOKEN", "00mockSSWStokenForCheck".to_owned()),
        ("OKTA_MCP_MAX_RETRIES", "0".to_owned()),
    ]
}

struct Outcome {
    ok: bool,
    stdout: String,
}

async fn check(env: &[(&'static str, String)], args: &[&str]) -> Outcome {
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_okta-mcp"))
        .args(args)
        .env_clear()
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .output()
        .await
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        !stdout.contains("00mockSSWS") && !stdout.contains("PRIVATE KEY"),
        "a secret in the report:\n{stdout}"
    );
    Outcome {
        ok: out.status.success(),
        stdout,
    }
}

/// The line of one check, and its fix line when it has one.
fn line(o: &Outcome, check: &str) -> String {
    let lines: Vec<&str> = o.stdout.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with('[') && l[6..].trim_start().starts_with(&format!("{check}: ")))
        .unwrap_or_else(|| panic!("no {check} line:\n{}", o.stdout));
    let mut out = lines[at].to_owned();
    if let Some(fix) = lines
        .get(at + 1)
        .filter(|l| l.trim_start().starts_with("fix:"))
    {
        out.push('\n');
        out.push_str(fix);
    }
    out
}

#[tokio::test]
async fn a_good_oauth_set_up_passes_every_check() {
    let org = org(SystemTime::now(), |_| {}).await;
    let o = check(
        &oauth_env(&org.uri()),
        &["--toolsets", "users,groups", "check"],
    )
    .await;
    assert!(o.ok, "{}", o.stdout);
    for c in [
        "config",
        "org",
        "clock",
        "token",
        "dpop",
        "role",
        "api:users",
        "api:groups",
    ] {
        assert!(line(&o, c).starts_with("[ok]"), "{}", o.stdout);
    }
    assert!(
        line(&o, "role").contains("Super Administrator"),
        "{}",
        o.stdout
    );
    assert!(o.stdout.contains("All checks passed"), "{}", o.stdout);
}

#[tokio::test]
async fn json_is_valid_and_says_the_same() {
    let org = org(SystemTime::now(), |_| {}).await;
    let o = check(
        &oauth_env(&org.uri()),
        &["--toolsets", "users", "check", "--json"],
    )
    .await;
    let v: Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(v["ok"], true, "{v:#}");
    assert_eq!(v["toolsets"], json!(["users"]));
    let checks = v["checks"].as_array().unwrap();
    assert!(checks.iter().all(|c| c["status"] == "pass"), "{v:#}");
    // `--check --json` on the flags, as a single server takes it.
    let o = check(
        &oauth_env(&org.uri()),
        &["--toolsets", "users", "--check", "--json"],
    )
    .await;
    assert!(
        o.ok && serde_json::from_str::<Value>(&o.stdout).is_ok(),
        "{}",
        o.stdout
    );
}

#[tokio::test]
async fn an_unreachable_org_is_named_and_fails() {
    let env = oauth_env("http://127.0.0.1:9");
    let o = check(&env, &["check"]).await;
    assert!(!o.ok);
    let l = line(&o, "org");
    assert!(
        l.starts_with("[FAIL] org: http://127.0.0.1:9 does not answer"),
        "{l}"
    );
    assert!(l.contains("fix: check OKTA_ORG_URL"), "{l}");
    let json = check(&env, &["check", "--json"]).await;
    assert!(!json.ok);
    let v: Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["ok"], false);
}

#[tokio::test]
async fn a_url_that_is_no_okta_org_fails_on_org() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_string("<html>Not here</html>"))
        .mount(&server)
        .await;
    let o = check(&oauth_env(&server.uri()), &["check"]).await;
    assert!(!o.ok);
    let l = line(&o, "org");
    assert!(
        l.contains("answered HTTP 404") && l.contains("not an Okta org"),
        "{l}"
    );
    assert!(l.contains("fix: set OKTA_ORG_URL"), "{l}");
}

#[tokio::test]
async fn a_wrong_key_id_fails_on_token_and_names_it() {
    let org = org(SystemTime::now(), |_| {}).await;
    let mut env = oauth_env(&org.uri());
    env.retain(|(k, _)| *k != "OKTA_KEY_ID");
    env.push(("OKTA_KEY_ID", "not-the-kid".to_owned()));
    let o = check(&env, &["--toolsets", "users", "check"]).await;
    assert!(!o.ok);
    let l = line(&o, "token");
    assert!(
        l.starts_with("[FAIL]") && l.contains("invalid_client"),
        "{l}"
    );
    assert!(l.contains("OKTA_KEY_ID (not-the-kid)"), "{l}");
}

#[tokio::test]
async fn a_missing_scope_is_named() {
    let users = okta_mcp::TOOLSETS
        .iter()
        .find(|s| s.toolset() == "users")
        .unwrap();
    let tools = (users.tools)();
    let granted: Vec<String> = okta_mcp_core::tool::scopes_of(&tools)
        .into_iter()
        .filter(|s| *s != "okta.logs.read")
        .map(str::to_owned)
        .collect();
    let org = org(SystemTime::now(), |c| c.granted_scopes = Some(granted)).await;
    let o = check(&oauth_env(&org.uri()), &["--toolsets", "users", "check"]).await;
    assert!(!o.ok);
    let l = line(&o, "scopes");
    assert!(
        l.starts_with("[FAIL] scopes: not granted to the service app: okta.logs.read\n"),
        "{l}"
    );
    assert!(l.contains("Okta API Scopes"), "{l}");
}

#[tokio::test]
async fn dpop_demanded_fails_with_never_and_passes_with_auto() {
    let org = org(SystemTime::now(), |c| {
        c.require_dpop = true;
        c.require_nonce = true;
    })
    .await;
    let mut env = oauth_env(&org.uri());
    env.push(("OKTA_DPOP", "never".to_owned()));
    let o = check(&env, &["--toolsets", "users", "check"]).await;
    assert!(!o.ok);
    let l = line(&o, "dpop");
    assert!(l.starts_with("[FAIL] dpop: Okta demands DPoP"), "{l}");
    assert!(l.contains("set OKTA_DPOP=auto"), "{l}");
    let o = check(&oauth_env(&org.uri()), &["--toolsets", "users", "check"]).await;
    assert!(o.ok, "{}", o.stdout);
    assert!(line(&o, "dpop").contains("Okta demands DPoP for this app; proofs accepted"));
}

#[tokio::test]
async fn ssws_with_governance_fails_on_governance() {
    let org = org(SystemTime::now(), |_| {}).await;
    let o = check(
        &ssws_env(&org.uri()),
        &["--toolsets", "users,governance", "check"],
    )
    .await;
    assert!(!o.ok);
    let l = line(&o, "governance");
    assert!(
        l.starts_with("[FAIL]") && l.contains("OKTA_CLIENT_ID"),
        "{l}"
    );
    assert!(
        line(&o, "token").contains("acts as admin@example.com"),
        "{}",
        o.stdout
    );
    assert!(line(&o, "api:users").starts_with("[ok]"), "{}", o.stdout);
}

#[tokio::test]
async fn clock_skew_fails_for_oauth() {
    let org = org(SystemTime::now() - Duration::from_secs(600), |_| {}).await;
    let o = check(&oauth_env(&org.uri()), &["--toolsets", "users", "check"]).await;
    assert!(!o.ok);
    let l = line(&o, "clock");
    assert!(
        l.starts_with("[FAIL] clock: this machine's clock is") && l.contains("s ahead of Okta's"),
        "{l}"
    );
    assert!(l.contains("fix: synchronise the clock"), "{l}");
}

#[tokio::test]
async fn the_admin_console_host_fails_on_config_and_names_the_api_host() {
    let env = [
        ("OKTA_ORG_URL", "https://acme-admin.okta.com".to_owned()),
        ("OKTA_API_TOKEN", "00mockSSWStokenForCheck".to_owned()),
    ];
    let o = check(&env, &["check"]).await;
    assert!(!o.ok);
    let l = line(&o, "config");
    assert!(
        l.starts_with("[FAIL] config:") && l.contains("https://acme.okta.com"),
        "{l}"
    );
}
