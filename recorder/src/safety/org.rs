//! Which orgs the recorder may touch. A real org is changed by a recording run (users are created,
//! suspended, deleted), so only preview orgs are accepted unless the caller says otherwise.

use std::net::IpAddr;

use url::{Host, Url};

/// What kind of org a URL points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrgClass {
    /// A server on this machine (mock-okta, a test double): nothing real can be harmed.
    Loopback,
    /// `*.oktapreview.com`: Okta's preview cell, where sandboxes live.
    Preview,
    /// Anything else, production orgs included.
    Other,
}

impl OrgClass {
    pub fn of(url: &Url) -> Self {
        match url.host() {
            Some(Host::Ipv4(ip)) if IpAddr::V4(ip).is_loopback() => Self::Loopback,
            Some(Host::Ipv6(ip)) if IpAddr::V6(ip).is_loopback() => Self::Loopback,
            Some(Host::Domain(d)) if d.eq_ignore_ascii_case("localhost") => Self::Loopback,
            Some(Host::Domain(d)) => {
                let d = d.to_ascii_lowercase();
                let d = d.trim_end_matches('.');
                match d.strip_suffix(".oktapreview.com") {
                    Some(sub) if !sub.is_empty() => Self::Preview,
                    _ => Self::Other,
                }
            }
            _ => Self::Other,
        }
    }

    /// A test org: the safety rules for real orgs (run prefix, own objects only) are not needed.
    pub fn is_test(self) -> bool {
        self == Self::Loopback
    }
}

/// Refuses an org that is neither a preview org nor on loopback, unless `allow_non_preview`.
pub fn check(url: &Url, allow_non_preview: bool) -> Result<OrgClass, String> {
    let class = OrgClass::of(url);
    if class == OrgClass::Other && !allow_non_preview {
        return Err(format!(
            "refusing to record against {}: it is not an Okta preview org (*.oktapreview.com). \
             Recording creates, changes and deletes objects; use a preview org, or pass \
             --allow-non-preview if this org is really a disposable test org",
            url.host_str().unwrap_or("(no host)")
        ));
    }
    Ok(class)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).expect("url")
    }

    #[test]
    fn production_hosts_need_the_override() {
        for u in [
            "https://example.okta.com",
            "https://acme.okta-emea.com",
            "https://oktapreview.com",
            "https://acme.oktapreview.com.evil.example",
            "https://evil-oktapreview.com",
            "https://10.0.0.5",
        ] {
            let e = check(&url(u), false).unwrap_err();
            assert!(e.contains("--allow-non-preview"), "{u}: {e}");
            assert_eq!(check(&url(u), true), Ok(OrgClass::Other), "{u}");
        }
    }

    #[test]
    fn preview_and_loopback_orgs_are_allowed() {
        assert_eq!(
            check(&url("https://acme.oktapreview.com"), false),
            Ok(OrgClass::Preview)
        );
        assert_eq!(
            check(&url("https://ACME-dev.OktaPreview.com"), false),
            Ok(OrgClass::Preview)
        );
        for u in [
            "http://127.0.0.1:8080",
            "http://127.0.0.2:1",
            "http://[::1]:9",
            "http://localhost:3000",
        ] {
            let class = check(&url(u), false).unwrap();
            assert_eq!(class, OrgClass::Loopback, "{u}");
            assert!(class.is_test());
        }
        assert!(!OrgClass::Preview.is_test());
    }
}
