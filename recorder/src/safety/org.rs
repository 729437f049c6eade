//! Which orgs the recorder may touch. A real org is changed by a recording run (users are created,
//! suspended, deleted), so only preview orgs are accepted unless the caller says otherwise.
//!
//! A loopback URL is not proof of a test org: an SSH tunnel or a port forward puts a real org on
//! 127.0.0.1. So a loopback org turns the real-org rules off only when the caller says it is a
//! test double (`--allow-loopback-org`); otherwise it is refused like any non-preview org.

use std::net::IpAddr;

use url::{Host, Url};

/// What kind of org a URL points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrgClass {
    /// A server on this machine that the caller vouched for as a test double (mock-okta):
    /// nothing real can be harmed.
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

/// What the caller allowed beyond preview orgs.
#[derive(Debug, Clone, Copy, Default)]
pub struct Allow {
    /// `--allow-non-preview`: any org, under the real-org rules.
    pub non_preview: bool,
    /// `--allow-loopback-org`: a loopback org is a test double, without the real-org rules.
    pub loopback_org: bool,
}

/// Refuses an org that is not a preview org unless allowed. A loopback org is a test org only with
/// `allow.loopback_org`; with `allow.non_preview` alone it is an ordinary org ([`OrgClass::Other`]).
pub fn check(url: &Url, allow: Allow) -> Result<OrgClass, String> {
    let class = OrgClass::of(url);
    if class == OrgClass::Loopback {
        return match allow {
            Allow {
                loopback_org: true, ..
            } => Ok(OrgClass::Loopback),
            Allow {
                non_preview: true, ..
            } => Ok(OrgClass::Other),
            _ => Err(format!(
                "refusing to record against {}: a loopback address may forward to a real org. \
                 If it is a test double (mock-okta), pass --allow-loopback-org, which also turns \
                 off the real-org safety rules",
                url.host_str().unwrap_or("(no host)")
            )),
        };
    }
    if class == OrgClass::Other && !allow.non_preview {
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
            let e = check(&url(u), Allow::default()).unwrap_err();
            assert!(e.contains("--allow-non-preview"), "{u}: {e}");
            assert_eq!(check(&url(u), NON_PREVIEW), Ok(OrgClass::Other), "{u}");
            // The loopback flag does not open other orgs.
            assert!(check(&url(u), LOOPBACK).is_err(), "{u}");
        }
    }

    const NON_PREVIEW: Allow = Allow {
        non_preview: true,
        loopback_org: false,
    };
    const LOOPBACK: Allow = Allow {
        non_preview: false,
        loopback_org: true,
    };

    #[test]
    fn preview_orgs_are_allowed_and_loopback_orgs_are_test_orgs_only_when_vouched_for() {
        assert_eq!(
            check(&url("https://acme.oktapreview.com"), Allow::default()),
            Ok(OrgClass::Preview)
        );
        assert_eq!(
            check(&url("https://ACME-dev.OktaPreview.com"), Allow::default()),
            Ok(OrgClass::Preview)
        );
        for u in [
            "http://127.0.0.1:8080",
            "http://127.0.0.2:1",
            "http://[::1]:9",
            "http://localhost:3000",
        ] {
            let e = check(&url(u), Allow::default()).unwrap_err();
            assert!(e.contains("--allow-loopback-org"), "{u}: {e}");
            // Allowed as any org: the real-org rules stay on.
            let class = check(&url(u), NON_PREVIEW).unwrap();
            assert_eq!(class, OrgClass::Other, "{u}");
            assert!(!class.is_test());
            let class = check(&url(u), LOOPBACK).unwrap();
            assert_eq!(class, OrgClass::Loopback, "{u}");
            assert!(class.is_test());
        }
        assert!(!OrgClass::Preview.is_test());
    }
}
