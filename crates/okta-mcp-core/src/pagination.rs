//! Okta's cursor pagination: the `Link` header with `rel="next"` carries the next page's URL.
//!
//! Reads headers and URLs only: must not send requests or fetch further pages.

use reqwest::header::{HeaderMap, LINK};
use url::Url;

/// The URL of the next page, from every `Link` header Okta sent, exactly as given.
pub fn next_link(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(LINK)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| split_links(v))
        .find_map(|(target, params)| {
            params
                .split(';')
                .filter_map(|p| p.trim().split_once('='))
                .any(|(k, v)| k.trim().eq_ignore_ascii_case("rel") && rel_has_next(v))
                .then(|| target.to_owned())
        })
}

fn rel_has_next(v: &str) -> bool {
    v.trim()
        .trim_matches('"')
        .split_ascii_whitespace()
        .any(|r| r.eq_ignore_ascii_case("next"))
}

/// Splits `<a>; rel="x", <b>; rel="y"` into (target, params) pairs; commas inside `<…>` are kept.
fn split_links(header: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut rest = header;
    while let Some(start) = rest.find('<') {
        let Some(end) = rest[start..].find('>') else {
            break;
        };
        let target = &rest[start + 1..start + end];
        let after = &rest[start + end + 1..];
        let next = after.find(",").map_or(after.len(), |i| {
            // A comma ends this link only if another `<` follows.
            if after[i..].contains('<') {
                i
            } else {
                after.len()
            }
        });
        out.push((target, &after[..next]));
        rest = &after[next..];
    }
    out
}

/// The cursor a caller passes back as `after`: the `after` parameter of the next link, which may be
/// absolute or, in some APIs' bodies, relative to the org.
pub fn cursor_of(next: &str) -> Option<String> {
    let url = if next.starts_with('/') {
        Url::parse("https://org.invalid").ok()?.join(next).ok()?
    } else {
        Url::parse(next).ok()?
    };
    url.query_pairs()
        .find(|(k, _)| k == "after")
        .map(|(_, v)| v.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn finds_next_among_several_link_headers() {
        let mut h = HeaderMap::new();
        h.append(
            LINK,
            HeaderValue::from_static("<https://x.okta.com/api/v1/users?limit=2>; rel=\"self\""),
        );
        h.append(
            LINK,
            HeaderValue::from_static(
                "<https://x.okta.com/api/v1/users?after=00u2&limit=2>; rel=\"next\"",
            ),
        );
        let next = next_link(&h).unwrap();
        assert_eq!(next, "https://x.okta.com/api/v1/users?after=00u2&limit=2");
        assert_eq!(cursor_of(&next).as_deref(), Some("00u2"));
    }

    #[test]
    fn finds_next_in_one_comma_separated_header() {
        let mut h = HeaderMap::new();
        h.append(
            LINK,
            HeaderValue::from_static(
                "<https://x.okta.com/api/v1/logs?since=a,b&limit=1>; rel=\"self\", <https://x.okta.com/api/v1/logs?after=1700%2C2&limit=1>; rel=\"next\"",
            ),
        );
        let next = next_link(&h).unwrap();
        assert_eq!(cursor_of(&next).as_deref(), Some("1700,2"));
    }

    #[test]
    fn relative_next_links_give_their_cursor() {
        assert_eq!(
            cursor_of("/governance/api/v1/campaigns?after=abc&limit=2").as_deref(),
            Some("abc")
        );
    }

    #[test]
    fn no_next_means_last_page() {
        let mut h = HeaderMap::new();
        h.append(
            LINK,
            HeaderValue::from_static("<https://x.okta.com/api/v1/users>; rel=\"self\""),
        );
        assert_eq!(next_link(&h), None);
        assert_eq!(next_link(&HeaderMap::new()), None);
    }
}
