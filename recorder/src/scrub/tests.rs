//! The scrubber's tests: ids, personal data, secrets and kept values, each on a second pass too.

use std::sync::Arc;

use mock_okta::Interaction;
use mock_okta::cassette::QueryValue;
use serde_json::json;
use url::Url;

use super::fields::{FIRST_NAMES, doc_ip};
use super::ids::tokens;
use super::*;

fn scrubber() -> Scrubber {
    Scrubber::new(b"unit-test-scrub-key-0123456789")
}

fn ctx() -> ScrubContext {
    ScrubContext::for_org(&Url::parse("https://acme.oktapreview.com").unwrap())
}

#[test]
fn tokens_split_on_escapes_and_punctuation() {
    let s = "a/00uAbC%2200uXyZ%22?x=1-2_3";
    let t: Vec<&str> = tokens(s).into_iter().map(|(a, b)| &s[a..b]).collect();
    assert_eq!(t, ["a", "00uAbC", "00uXyZ", "x", "1-2_3"]);
}

#[test]
fn fake_ids_keep_prefix_and_length_and_are_stable() {
    let s = scrubber();
    let real = "00u1ab2CD3ef4GH5ij6K";
    let fake = s.fake_token(real, 3);
    assert_eq!(fake.len(), real.len());
    assert!(fake.starts_with("00u"));
    assert_ne!(fake, real);
    assert_eq!(fake, s.fake_token(real, 3));
    assert!(is_placeholder(&fake));
    assert!(!is_placeholder(real));
    // Another key, another fake; both recognised as fakes.
    let other = Scrubber::new(b"another key, another fake").fake_token(real, 3);
    assert_ne!(other, fake);
    assert!(is_placeholder(&other));
}

#[test]
fn ids_are_consistent_across_paths_links_and_bodies() {
    let s = scrubber();
    let real = "00u1ab2CD3ef4GH5ij6K";
    let i: Interaction = serde_json::from_value(json!({
        "request": {"method": "GET", "path": format!("/api/v1/users/{real}"), "query": {"after": real}, "body": null},
        "response": {"status": 200, "headers": {
            "Link": format!("<https://acme.oktapreview.com/api/v1/users?after={real}&limit=2>; rel=\"next\""),
            "Date": "Tue, 10 Jun 2025 14:05:22 GMT", "X-Rate-Limit-Reset": "1749564382"},
          "body": {"id": real, "errorSummary": format!("Not found: {real}"),
            "_links": {"self": {"href": format!("https://acme.oktapreview.com/api/v1/users/{real}")}}}}
    }))
    .unwrap();
    let out = s.interactions(&ctx(), &[i]);
    let text = serde_json::to_string(&out).unwrap();
    assert!(!text.contains(real), "{text}");
    assert!(!text.contains("acme"), "{text}");
    let fake = s.fake_token(real, 3);
    let o = &out[0];
    assert_eq!(o.request.path, format!("/api/v1/users/{fake}"));
    assert_eq!(o.request.query["after"], QueryValue::One(fake.clone()));
    assert_eq!(
        o.response.headers["Link"],
        format!("<{{{{baseUrl}}}}/api/v1/users?after={fake}&limit=2>; rel=\"next\"")
    );
    assert_eq!(o.response.headers.len(), 2, "dates dropped");
    assert_eq!(
        o.response.headers["X-Rate-Limit-Reset"], "1795478400",
        "the reset time is fixed"
    );
    let body = o.response.body.as_ref().unwrap();
    assert_eq!(body["id"], json!(fake));
    assert_eq!(body["errorSummary"], json!(format!("Not found: {fake}")));
    assert_eq!(
        body["_links"]["self"]["href"],
        json!(format!("https://example.okta.com/api/v1/users/{fake}"))
    );
}

#[test]
fn personal_data_becomes_placeholders_and_stays_put_on_a_second_pass() {
    let s = scrubber();
    let user = json!({
        "id": "00u1ab2CD3ef4GH5ij6K",
        "status": "ACTIVE",
        "created": "2025-06-10T14:05:22.000Z",
        "profile": {
            "firstName": "Jane", "lastName": "Realperson", "displayName": "Jane Realperson",
            "login": "jane.realperson@acme-corp.com", "email": "jane.realperson@acme-corp.com",
            "secondEmail": "jane@gmail.com", "mobilePhone": "+44 7700 900123",
            "primaryPhone": "(415) 555-2671", "streetAddress": "1 Real Road", "department": "Sales"
        },
        "client": {"ipAddress": "81.2.69.160", "geographicalContext": {"city": "Leeds", "postalCode": "LS1"}},
        "securityContext": {"asNumber": 5089, "asOrg": "virgin media", "isp": "Virgin Media"},
        "target": [{"type": "AppInstance", "displayName": "Okta Dashboard"}],
        "credentials": {"provider": {"type": "OKTA", "name": "OKTA"}}
    });
    let once = s.value(&ctx(), &user);
    let text = once.to_string();
    for leak in [
        "Jane",
        "Realperson",
        "acme-corp",
        "gmail",
        "7700",
        "2671",
        "Real Road",
        "81.2.69",
        "Leeds",
        "00u1ab2CD3ef4GH5ij6K",
        "irgin",
    ] {
        assert!(!text.contains(leak), "{leak} survived: {text}");
    }
    assert_eq!(once["status"], "ACTIVE");
    assert_eq!(once["profile"]["department"], "Sales");
    assert_eq!(once["created"], "2025-06-10T14:05:22.000Z");
    assert!(
        once["profile"]["email"]
            .as_str()
            .unwrap()
            .ends_with("@example.com")
    );
    assert_eq!(once["profile"]["email"], once["profile"]["login"]);
    assert!(FIRST_NAMES.contains(&once["profile"]["firstName"].as_str().unwrap()));
    assert_eq!(
        once["profile"]["displayName"].as_str().unwrap(),
        format!(
            "{} {}",
            once["profile"]["firstName"].as_str().unwrap(),
            once["profile"]["lastName"].as_str().unwrap()
        )
    );
    assert_eq!(once["target"][0]["displayName"], "Okta Dashboard");
    assert!(
        once["profile"]["mobilePhone"]
            .as_str()
            .unwrap()
            .starts_with("+1-555-01")
    );
    assert!(doc_ip(once["client"]["ipAddress"].as_str().unwrap()));
    // Deterministic, and a fixed point.
    assert_eq!(s.value(&ctx(), &user), once);
    assert_eq!(s.value(&ctx(), &once), once);
}

#[test]
fn secrets_are_removed_wherever_they_are() {
    let s = scrubber();
    let jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIwMG91MSJ9.c2lnbmF0dXJlLXNlY3JldA";
    let pem =
        "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----";
    let ssws = "00SECRETsswsTOKENabcdefghijklmnopqrstuvwx";
    let body = json!({
        "note": format!("Authorization: SSWS {ssws}; also Bearer abcdef0123456789SECRET and DPoP {jwt}"),
        "token": ssws,
        "access_token": "opaqueSECRETaccessTOKEN123",
        "client_secret": "clientSECRETvalue987654321",
        "assertion": jwt,
        "key": pem,
        "escaped": pem.replace('\n', "\\n"),
        "cut": "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAsecret",
        "jwk": {"kty": "RSA", "kid": "k1", "n": "public-modulus", "e": "AQAB", "d": "PRIVATEexponent", "p": "PRIMEp", "q": "PRIMEq"},
        "activationUrl": "https://acme.oktapreview.com/tokens/Lq3Gv9XkT2bWn8RfYp4Z/verify",
        "activationToken": "Lq3Gv9XkT2bWn8RfYp4Z",
        "credentials": {"password": {"value": "hunter2hunter2!"}},
        "channel": {"config": {"authScheme": {"type": "HEADER", "key": "Authorization", "value": "my-webhook-secret-value"}}}
    });
    let mut c = ctx();
    c.secrets.push("opaqueSECRETaccessTOKEN123".into());
    let once = s.value(&c, &body);
    let text = once.to_string();
    for leak in [
        "SECRET",
        "eyJ",
        "MIIE",
        "PRIVATEexponent",
        "PRIME",
        "Lq3Gv9XkT2bWn8RfYp4Z",
        "hunter2",
        "my-webhook-secret",
        "acme",
    ] {
        assert!(!text.contains(leak), "{leak} survived: {text}");
    }
    assert_eq!(once["jwk"]["n"], "public-modulus");
    assert_eq!(once["jwk"]["kid"], "k1");
    // The activation token in the URL and in its own field got the same fake.
    let token = once["activationToken"].as_str().unwrap();
    assert_eq!(token.len(), 20);
    assert!(once["activationUrl"].as_str().unwrap().contains(token));
    assert_eq!(s.value(&c, &once), once);
}

#[test]
fn kept_values_aliases_and_the_run_prefix_map_as_told() {
    let s = scrubber();
    let mut keep = Keep::default();
    keep.add_str("00ub0oNGTSWTBKOLGLNR");
    keep.add_str("Isaac");
    let mut c = ctx();
    c.keep = Arc::new(keep);
    c.run_prefix = Some("okta-mcp-rec-abc123".into());
    c.aliases = vec![("00uREALcreated000001".into(), "00u1f96ECLNVOKVMUSEA".into())];
    let v = json!({
        "a": "00ub0oNGTSWTBKOLGLNR", "firstName": "Isaac",
        "b": "/api/v1/users/00uREALcreated000001",
        "login": "okta-mcp-rec-abc123-7@example.com"
    });
    let out = s.value(&c, &v);
    assert_eq!(out["a"], "00ub0oNGTSWTBKOLGLNR");
    assert_eq!(out["firstName"], "Isaac");
    assert_eq!(out["b"], "/api/v1/users/00u1f96ECLNVOKVMUSEA");
    assert_eq!(out["login"], "{{runPrefix}}-7@example.com");
}
