//! Secrets planted in what the org answers (an SSWS token, a PEM private key, a JWT, a bearer
//! token, emails, names, a phone number, the org's host) do not reach any file the recorder
//! writes: neither through the scrubber alone nor through the whole path (server, proxy, scrubber,
//! writer). The credential the proxy itself sends upstream is never written either.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;

use mock_okta::{Cassette, Expect, Interaction, MockOrg, load_all};
use recorder::drive::{fixtures_dir, replay};
use recorder::proxy::Upstream;
use recorder::{
    Keep, Options, Outcome, Recorder, ScrubContext, Scrubber, cassette_json, write_cassette,
};
use serde_json::{Value, json};
use url::Url;

const SSWS: &str = "00SECRETsswsTOKENabcdefghijklmnopqrstuvwx";
const UPSTREAM_TOKEN: &str = "00SECRETupstreamTOKENabcdefghijklmnopqrst";
const JWT: &str = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJTRUNSRVRzdWJqZWN0In0.U0VDUkVUc2lnbmF0dXJlMDEyMzQ1Njc4OQ";
const PEM: &str = "-----BEGIN PRIVATE KEY-----\nMIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQC7SECRETKEY\nAoGBAMSECRETKEYLINE2\n-----END PRIVATE KEY-----";
const BEARER: &str = "SECRETbearerTOKEN0123456789abcdef";
const USER_ID: &str = "00uPLANTEDuser000001";

/// What must not appear in any written file.
const LEAKS: &[&str] = &[
    "SECRET",
    "MIIEvgIBAD",
    "BEGIN PRIVATE KEY",
    "eyJhbGci",
    "jane.realperson",
    "acme-corp",
    "gmail",
    "Realperson",
    "Janet",
    "7700 900123",
    "acme.oktapreview.com",
    "otyREALtypeID0000001",
];

/// A user as an org might answer, with secrets where no secret should be.
fn planted_user() -> Value {
    json!({
        "id": USER_ID,
        "status": "ACTIVE",
        "created": "2025-06-10T14:05:22.000Z",
        "type": {"id": "otyREALtypeID0000001"},
        "profile": {
            "firstName": "Janet",
            "lastName": "Realperson",
            "displayName": "Janet Realperson",
            "email": "jane.realperson@acme-corp.com",
            "login": "jane.realperson@acme-corp.com",
            "secondEmail": "jane.r@gmail.com",
            "mobilePhone": "+44 7700 900123",
            "title": format!("Authorization: SSWS {SSWS}"),
            "division": format!("Authorization: Bearer {BEARER}"),
            "organization": JWT,
            "costCenter": PEM,
            "nickName": format!("ping jane.realperson@acme-corp.com, token {SSWS}"),
            "apiToken": SSWS
        },
        "credentials": {"provider": {"type": "OKTA", "name": "OKTA"}},
        "_links": {"self": {"href": format!("https://acme.oktapreview.com/api/v1/users/{USER_ID}")}}
    })
}

fn planted_cassette() -> Cassette {
    let interaction: Interaction = serde_json::from_value(json!({
        "request": {"method": "GET", "path": format!("/api/v1/users/{USER_ID}"), "query": {}, "body": null},
        "response": {
            "status": 200,
            "headers": {"Link": "<https://acme.oktapreview.com/api/v1/users?after=00uPLANTEDuser000001>; rel=\"next\""},
            "body": planted_user()
        }
    }))
    .unwrap();
    Cassette {
        tool: "okta_get_user".into(),
        case: "planted".into(),
        expect: Expect::Success,
        description: "An answer with secrets planted in it.".into(),
        assumed: None,
        arguments: json!({"userId": USER_ID}).as_object().unwrap().clone(),
        interactions: vec![interaction],
    }
}

fn assert_clean(what: &str, text: &str) {
    for leak in LEAKS {
        assert!(!text.contains(leak), "{what}: {leak:?} survived:\n{text}");
    }
}

#[test]
fn the_scrubber_removes_every_planted_secret() {
    let c = planted_cassette();
    let s = Scrubber::new(b"secrets-test-key");
    let mut ctx = ScrubContext::for_org(&Url::parse("https://acme.oktapreview.com").unwrap());
    let mut keep = Keep::default();
    keep.add_value(&Value::Object(c.arguments.clone()));
    ctx.keep = Arc::new(keep);
    let mut out = c.clone();
    out.interactions = s.interactions(&ctx, &c.interactions);
    let text = cassette_json(&out);
    assert_clean("scrubbed cassette", &text);
    // The argument id is the cassette's own and stays, so the recording replays.
    assert!(text.contains(USER_ID));
    // Scrubbing again changes nothing.
    let again = s.interactions(&ctx, &out.interactions);
    assert_eq!(
        serde_json::to_value(&again).unwrap(),
        serde_json::to_value(&out.interactions).unwrap()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_planted_reaches_a_written_file() {
    let bin = common::users_binary();
    let c = planted_cassette();
    // The org answers with the planted secrets (on loopback, with its host in the bodies).
    let org = MockOrg::strict(c.interactions.clone()).await;

    let files = load_all(&fixtures_dir()).unwrap();
    let mut opts = Options::for_tests(b"secrets-test-key");
    opts.keep = Arc::new(Keep::from_cassettes(files.iter().map(|f| &f.cassette)));
    let mut rec = Recorder::start(opts).await.unwrap();
    rec.proxy()
        .set_upstream(Upstream::ssws(&org.uri(), UPSTREAM_TOKEN).unwrap());
    let recorded = match rec.record("users", &c).await {
        Outcome::Recorded(r) => r,
        other => panic!("not recorded: {other:?}"),
    };
    org.verify().unwrap();
    let dir = tempfile::tempdir().unwrap();
    write_cassette(dir.path(), "users", &recorded).unwrap();

    let written = common::files_under(dir.path());
    assert_eq!(written.len(), 1);
    for (path, text) in &written {
        assert_clean(&path.display().to_string(), text);
    }
    // Still a working cassette: it replays, and the result carries the placeholders.
    let summary = replay(&bin, &recorded).await.unwrap();
    assert_clean("replayed result", &summary.to_string());
    assert_eq!(summary["structuredContent"]["id"], USER_ID);
}
