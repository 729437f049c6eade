//! Response headers Okta sends that the specs leave implicit: `Link` pagination and rate limits.

use std::collections::BTreeMap;

use super::{Category, Finding};

/// The headers every Okta API response carries.
pub const RATE_LIMIT_HEADERS: &[&str] = &[
    "X-Rate-Limit-Limit",
    "X-Rate-Limit-Remaining",
    "X-Rate-Limit-Reset",
];

fn header<'h>(headers: &'h BTreeMap<String, String>, name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// The `rel` values of a Link header (`<url>; rel="next", <url>; rel="self"`).
pub fn link_rels(value: &str) -> Vec<String> {
    let mut rels = Vec::new();
    // A link's parameters run from its `>` to the next `<`; a URL may itself hold `,` or `;`.
    for part in value.split('<').skip(1) {
        let params = part.split_once('>').map_or("", |(_, p)| p);
        for param in params.split([';', ',']) {
            if let Some((name, v)) = param.split_once('=')
                && name.trim().eq_ignore_ascii_case("rel")
            {
                let v = v.trim().trim_matches('"');
                rels.extend(v.split_whitespace().map(str::to_ascii_lowercase));
            }
        }
    }
    rels
}

/// Whether the response's Link header names a next page.
pub fn has_next(headers: &BTreeMap<String, String>) -> bool {
    header(headers, "Link").is_some_and(|v| link_rels(v).iter().any(|r| r == "next"))
}

/// A page of a list carries `rel="self"` beside any `rel="next"`, as Okta sends them.
pub fn check_link_self(headers: &BTreeMap<String, String>) -> Option<Finding> {
    let rels = link_rels(header(headers, "Link").unwrap_or_default());
    (!rels.iter().any(|r| r == "self")).then(|| {
        let has = if rels.is_empty() {
            "no Link header".to_owned()
        } else {
            format!("Link rels: {}", rels.join(", "))
        };
        Finding::new(
            Category::LinkSelfMissing,
            "response.headers.Link",
            format!("a list page carries rel=\"self\" and, when more follow, rel=\"next\"; {has}"),
        )
    })
}

/// Every Okta response carries its rate-limit headers.
pub fn check_rate_limit(headers: &BTreeMap<String, String>) -> Option<Finding> {
    let missing: Vec<&str> = RATE_LIMIT_HEADERS
        .iter()
        .copied()
        .filter(|h| header(headers, h).is_none())
        .collect();
    (!missing.is_empty()).then(|| {
        Finding::new(
            Category::RateLimitMissing,
            "response.headers",
            format!("missing {}", missing.join(", ")),
        )
    })
}
