//! Property: no argument value can change a request's route. Each path value stays one segment and
//! decodes back to itself; query values stay values.

// Helpers outside #[test] fns may unwrap too: a failure here is a failed test.
#![allow(clippy::unwrap_used)]

use okta_mcp_core::{Decl, Route, ToolInput, ToolKind, ToolSpec};
use percent_encoding::percent_decode_str;
use proptest::prelude::*;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Map, Value};

#[derive(Deserialize, JsonSchema, ToolInput)]
#[serde(rename_all = "camelCase")]
struct Args {
    #[arg(path)]
    app_id: String,
    #[arg(path)]
    user_id: String,
    #[arg(query)]
    q: Option<String>,
}

fn spec() -> ToolSpec {
    ToolSpec::new::<Args>(Decl {
        name: "t",
        title: "t",
        description: "d",
        kind: ToolKind::Read,
        scope: "okta.apps.read",
        route: Route::get("/api/v1/apps/{appId}/users/{userId}"),
    })
    .build()
}

fn hostile() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("../x".to_owned()),
        Just("..".to_owned()),
        Just("a/b?c#d".to_owned()),
        Just("%2F..%2Fadmin".to_owned()),
        Just("00u1?limit=1000&after=x".to_owned()),
        Just("ü/ñ/漢字".to_owned()),
        "\\PC{0,40}",
        "[./?#%&=a-z]{0,20}",
        ".{2000,4000}",
    ]
}

proptest! {
    #[test]
    fn path_values_stay_one_segment(app in hostile(), user in hostile(), q in hostile()) {
        let mut args = Map::new();
        args.insert("appId".into(), Value::String(app.clone()));
        args.insert("userId".into(), Value::String(user.clone()));
        args.insert("q".into(), Value::String(q.clone()));
        match spec().request(args) {
            Err(e) => {
                // Refused only for values that cannot be ids: empty or dot-only.
                let bad = |s: &str| s.trim().is_empty() || s.chars().all(|c| c == '.');
                prop_assert!(bad(&app) || bad(&user), "refused {app:?}/{user:?}: {e}");
            }
            Ok(req) => {
                let mut url = url::Url::parse("https://example.okta.com").unwrap();
                url.set_path(&req.path);
                url.query_pairs_mut().extend_pairs(req.query.iter());
                let segments: Vec<&str> = url.path_segments().unwrap().collect();
                prop_assert_eq!(segments.len(), 6, "{}", url);
                prop_assert_eq!(&segments[..3], &["api", "v1", "apps"]);
                prop_assert_eq!(segments[4], "users");
                prop_assert_eq!(percent_decode_str(segments[3]).decode_utf8_lossy(), app.as_str());
                prop_assert_eq!(percent_decode_str(segments[5]).decode_utf8_lossy(), user.as_str());
                let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
                prop_assert_eq!(pairs, vec![("q".to_owned(), q.clone())]);
                prop_assert!(url.fragment().is_none());
            }
        }
    }
}
