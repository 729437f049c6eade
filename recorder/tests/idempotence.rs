//! The scrubber on the committed fixtures: with the fixtures as placeholders (as a run uses them)
//! it changes nothing at all; without them it is still a fixed point after one pass.

#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use mock_okta::load_all;
use recorder::{Keep, ScrubContext, Scrubber, cassette_json};
use url::Url;

fn context(keep: Keep) -> ScrubContext {
    // As for a run against mock-okta: the org and the proxy are both on loopback.
    let mut ctx = ScrubContext::for_org(&Url::parse("http://127.0.0.1:41001").unwrap());
    ctx.add_origin(&Url::parse("http://127.0.0.1:41002").unwrap());
    ctx.run_prefix = Some("okta-mcp-rec-fixedpt1".into());
    ctx.keep = Arc::new(keep);
    ctx
}

#[test]
fn committed_fixtures_are_placeholders_already() {
    let files = load_all(&recorder::drive::fixtures_dir()).unwrap();
    assert!(files.len() > 100, "fixtures not found");
    let keep = Keep::from_cassettes(files.iter().map(|f| &f.cassette));
    let ctx = context(keep);
    let s = Scrubber::new(b"fixed-point-test-key");
    let mut changed = Vec::new();
    for f in &files {
        let mut c = f.cassette.clone();
        c.interactions = s.interactions(&ctx, &f.cassette.interactions);
        if cassette_json(&c) != cassette_json(&f.cassette) {
            changed.push(f.path.display().to_string());
        }
    }
    assert!(changed.is_empty(), "the scrubber changed {changed:#?}");
}

#[test]
fn without_the_fixtures_one_pass_is_a_fixed_point() {
    let files = load_all(&recorder::drive::fixtures_dir()).unwrap();
    let s = Scrubber::new(b"fixed-point-test-key");
    for f in &files {
        // Only the case's own arguments are placeholders, as for a cassette nobody committed yet.
        let mut keep = Keep::default();
        keep.add_value(&serde_json::Value::Object(f.cassette.arguments.clone()));
        let ctx = context(keep);
        let once = s.interactions(&ctx, &f.cassette.interactions);
        let twice = s.interactions(&ctx, &once);
        assert_eq!(
            serde_json::to_value(&once).unwrap(),
            serde_json::to_value(&twice).unwrap(),
            "{}",
            f.path.display()
        );
        // And the same input gives the same output (another run, the same key).
        let again = s.interactions(&ctx, &f.cassette.interactions);
        assert_eq!(
            serde_json::to_value(&once).unwrap(),
            serde_json::to_value(&again).unwrap()
        );
    }
}
