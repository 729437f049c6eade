//! OAuth through the proxy: the proxy, not the server, gets the access token from the org's token
//! endpoint (with a client assertion made for the org's token URL, and DPoP when the org demands
//! it); the server's own token request is answered locally; no token exchange is recorded.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;

use mock_okta::{MockOrg, TokenConfig, TokenEndpoint, load_all};
use okta_mcp_core::config::Config;
use recorder::drive::{TEST_CLIENT_ID, fixtures_dir, test_key};
use recorder::proxy::Upstream;
use recorder::{Keep, Options, Outcome, Recorder, cassette_json};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_proxy_authenticates_with_oauth_and_dpop_and_records_no_token_exchange() {
    common::users_binary();
    let files = load_all(&fixtures_dir()).unwrap();
    let f = files
        .iter()
        .find(|f| {
            f.server == "users"
                && f.cassette.tool == "okta_get_user"
                && f.cassette.case == "success"
        })
        .unwrap();
    let org = MockOrg::strict(f.cassette.interactions.clone()).await;
    let mut cfg = TokenConfig::new(TEST_CLIENT_ID, &test_key("test-only-rsa.pub.pem"));
    cfg.require_dpop = true;
    cfg.require_nonce = true;
    let token = TokenEndpoint::mount(org.server(), cfg).await;

    // The org as the test OAuth service app sees it.
    let env = [
        ("OKTA_ORG_URL", org.uri()),
        ("OKTA_CLIENT_ID", TEST_CLIENT_ID.to_owned()),
        ("OKTA_PRIVATE_KEY", test_key("test-only-rsa.pem")),
        ("OKTA_KEY_ID", "test-only-key".to_owned()),
    ];
    let config = Config::from_lookup(|k| {
        env.iter()
            .find(|(name, _)| *name == k)
            .map(|(_, v)| v.clone())
    })
    .unwrap();
    let users = recorder::ServerInfo::all()
        .into_iter()
        .find(|s| s.toolset == "users")
        .unwrap();
    let scopes = okta_mcp_core::tool::scopes_of(users.tools.values());
    let upstream = Upstream::new(&config, &scopes).unwrap();

    let mut opts = Options::for_tests(b"oauth-test-key");
    opts.keep = Arc::new(Keep::from_cassettes(files.iter().map(|f| &f.cassette)));
    let mut rec = Recorder::start(opts).await.unwrap();
    rec.proxy().set_upstream(upstream);
    let c = match rec.record("users", &f.cassette).await {
        Outcome::Recorded(c) => c,
        other => panic!("{other:?}"),
    };
    org.verify().unwrap();

    // The org issued a token to the proxy, for the users server's scopes, over DPoP.
    assert!(token.issued() >= 1, "{:?}", token.requests());
    let last = token.requests().pop().unwrap();
    assert!(last.refused.is_none(), "{last:?}");
    assert!(last.dpop);
    assert_eq!(last.scopes, scopes);
    // Only the API call is in the recording: it is the committed cassette.
    let text = cassette_json(&c);
    assert_eq!(text, cassette_json(&f.cassette));
    assert!(!text.contains("oauth2") && !text.contains("mock-access-token"));
}
