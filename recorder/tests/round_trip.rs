//! The round trip, offline: every users and security success cassette is recorded through the recording proxy,
//! with a strict mock org serving that cassette as "the org", scrubbed and written to a temporary
//! directory; replaying the recorded cassettes gives exactly the results of replaying the
//! originals (what the conformance snapshots hold), and the files themselves are unchanged.
//!
//! A strict per-cassette org rather than the demo org: the demo org serves the first interaction
//! that matches, so two cassettes with the same request and different answers could not both
//! round-trip through it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;

use mock_okta::{Expect, MockOrg, load_all};
use recorder::drive::{fixtures_dir, replay};
use recorder::proxy::Upstream;
use recorder::{Keep, Options, Outcome, Recorder, cassette_json, write_cassette};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_users_success_cassette_round_trips() {
    round_trip("users", &common::users_binary(), 30).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_security_success_cassette_round_trips() {
    // Zones hold IP addresses and every answer rate-limit headers: both must survive scrubbing.
    round_trip("security", &common::security_binary(), 20).await;
}

/// Records every success cassette of `server` and checks the recordings replay and read as the
/// committed files.
async fn round_trip(server: &str, bin: &std::path::Path, at_least: usize) {
    let files = load_all(&fixtures_dir()).unwrap();
    let cases: Vec<_> = files
        .iter()
        .filter(|f| f.server == server && f.cassette.expect == Expect::Success)
        .collect();
    assert!(
        cases.len() >= at_least,
        "only {} {server} success cassettes",
        cases.len()
    );

    // As the binary does: the committed fixtures are the placeholders.
    let mut opts = Options::for_tests(b"round-trip-test-key");
    opts.keep = Arc::new(Keep::from_cassettes(files.iter().map(|f| &f.cassette)));
    let mut rec = Recorder::start(opts).await.unwrap();
    let out = tempfile::tempdir().unwrap();

    let mut problems = Vec::new();
    for f in &cases {
        let org = MockOrg::strict(f.cassette.interactions.clone()).await;
        rec.proxy().set_upstream(
            Upstream::ssws(&org.uri(), "00mockUpstreamTokenForTheRoundTripTest01").unwrap(),
        );
        match rec.record(server, &f.cassette).await {
            Outcome::Recorded(c) => {
                write_cassette(out.path(), server, &c).unwrap();
            }
            other => problems.push(format!("{}: {other:?}", f.path.display())),
        }
        if let Err(e) = org.verify() {
            problems.push(format!("{}: the org saw: {e}", f.path.display()));
        }
    }
    // The mock orgs are gone; nothing to clean up.
    rec.disown();
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    let recorded = load_all(out.path()).unwrap();
    assert_eq!(recorded.len(), cases.len());
    for r in &recorded {
        let original = cases
            .iter()
            .find(|f| f.cassette.tool == r.cassette.tool && f.cassette.case == r.cassette.case)
            .unwrap();
        let name = format!("{}/{}", r.cassette.tool, r.cassette.case);
        let want = replay(bin, &original.cassette)
            .await
            .unwrap_or_else(|e| panic!("{name}: the original does not replay: {e}"));
        let got = replay(bin, &r.cassette)
            .await
            .unwrap_or_else(|e| panic!("{name}: the recording does not replay: {e}"));
        assert_eq!(got, want, "{name}: results differ");
        assert_eq!(
            cassette_json(&r.cassette),
            cassette_json(&original.cassette),
            "{name}: the recorded cassette differs from the committed one"
        );
    }
}
