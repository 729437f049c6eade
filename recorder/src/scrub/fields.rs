//! Personal data and secrets found by the name of their field: names, logins and emails, phones,
//! IPs, street addresses, ISPs and places become fixed placeholders; secret-named values become
//! fakes or `[REDACTED]`.

use std::net::IpAddr;
use std::sync::LazyLock;

use regex::Regex;
use serde_json::{Value, json};

use super::pass::Pass;
use super::{REDACTED, RUN_PREFIX, re};
use crate::key::{HEX, keyed_chars, keyed_index};

pub(super) static EMAIL: LazyLock<Regex> =
    LazyLock::new(|| re(r"[A-Za-z0-9._%+{}-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"));

pub(super) const FIRST_NAMES: &[&str] = &[
    "Alex", "Avery", "Blair", "Casey", "Devon", "Emery", "Finley", "Harper", "Jamie", "Kendall",
    "Logan", "Morgan", "Parker", "Quinn", "Reese", "Riley", "Rowan", "Sage", "Skyler", "Taylor",
];
const LAST_NAMES: &[&str] = &[
    "Archer", "Bennett", "Carver", "Dalton", "Ellis", "Fischer", "Garcia", "Hughes", "Ibarra",
    "Jensen", "Keller", "Lambert", "Moreno", "Novak", "Ortiz", "Porter", "Quincy", "Ramos",
    "Sutton", "Turner",
];
const STREET: &str = "100 Example Street";
const ISP: &str = "Example ISP";

/// Where the events of the System Log say a client was: replaced whole, it is where a person is.
pub(super) fn fixed_geo() -> Value {
    json!({
        "city": "San Francisco",
        "state": "California",
        "country": "United States",
        "postalCode": "94107",
        "geolocation": { "lat": 37.7697, "lon": -122.3933 }
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Field {
    Secret,
    First,
    Last,
    Full,
    Login,
    Phone,
    Ip,
    Street,
    Isp,
    Plain,
}

pub(super) fn field(key: Option<&str>, parent: Option<&str>) -> Field {
    let Some(key) = key else {
        return Field::Plain;
    };
    let k = key.to_ascii_lowercase();
    let parent = parent.map(str::to_ascii_lowercase);
    match k.as_str() {
        "access_token" | "id_token" | "refresh_token" | "client_assertion" | "client_secret"
        | "clientsecret" | "assertion" | "sharedsecret" | "secret" | "private_key"
        | "privatekey" | "apitoken" | "api_token" | "token" | "activationtoken"
        | "sessiontoken" | "recoverytoken" | "statetoken" | "password" | "answer" => Field::Secret,
        "value" if matches!(parent.as_deref(), Some("password" | "authscheme")) => Field::Secret,
        "firstname" | "givenname" | "middlename" | "nickname" => Field::First,
        "lastname" | "familyname" => Field::Last,
        "displayname" | "fullname" => Field::Full,
        "login" | "username" | "email" | "secondemail" | "primaryemail" | "workemail" => {
            Field::Login
        }
        "ipaddress" | "ip" | "clientip" => Field::Ip,
        "streetaddress" | "postaladdress" => Field::Street,
        "isp" | "asorg" => Field::Isp,
        _ if k.contains("phone") => Field::Phone,
        _ => Field::Plain,
    }
}

pub(super) fn doc_ip(t: &str) -> bool {
    [
        "203.0.113.",
        "198.51.100.",
        "192.0.2.",
        "2001:db8:",
        "2001:0db8:",
    ]
    .iter()
    .any(|p| t.starts_with(p))
}

impl Pass<'_> {
    /// A string after ids and secrets were replaced, as the field it is in wants it.
    pub(super) fn by_field(&self, t: String, field: Field) -> String {
        let kept = |t: &str| self.kept(t) || t.is_empty() || t.contains(RUN_PREFIX);
        match field {
            Field::Plain => t,
            Field::Secret => {
                if kept(&t) || t.starts_with("[REDACTED") {
                    t
                } else if t.len() >= 12 {
                    self.s.fake_token(&t, 0)
                } else {
                    REDACTED.to_owned()
                }
            }
            Field::First => {
                if kept(&t) || FIRST_NAMES.contains(&t.as_str()) {
                    t
                } else {
                    self.s.pick("first", &t, FIRST_NAMES)
                }
            }
            Field::Last => {
                if kept(&t) || LAST_NAMES.contains(&t.as_str()) {
                    t
                } else {
                    self.s.pick("last", &t, LAST_NAMES)
                }
            }
            Field::Full => {
                let fake_already = match t.split_once(' ') {
                    Some((a, b)) => FIRST_NAMES.contains(&a) && LAST_NAMES.contains(&b),
                    None => FIRST_NAMES.contains(&t.as_str()),
                };
                if kept(&t) || fake_already {
                    t
                } else {
                    // Word by word, so "Jane Doe" matches the fakes of firstName "Jane" and lastName "Doe".
                    match t.split_once(' ') {
                        Some((a, b)) => format!(
                            "{} {}",
                            self.s.pick("first", a, FIRST_NAMES),
                            self.s.pick("last", b, LAST_NAMES)
                        ),
                        None => self.s.pick("first", &t, FIRST_NAMES),
                    }
                }
            }
            Field::Login => {
                let email = EMAIL.find(&t).is_some_and(|m| m.as_str() == t);
                // A login this scrubber made (an email domain's sender `userName`) stays as it is.
                let fake_already = t
                    .strip_prefix("user-")
                    .is_some_and(|h| h.len() == 8 && h.bytes().all(|b| b.is_ascii_hexdigit()));
                if kept(&t) || email || fake_already {
                    t
                } else {
                    format!(
                        "user-{}",
                        keyed_chars(&self.s.key, "login", &t.to_lowercase(), 8, HEX)
                    )
                }
            }
            Field::Phone => {
                if kept(&t) || t.starts_with("+1-555-") {
                    t
                } else {
                    format!("+1-555-01{:02}", keyed_index(&self.s.key, "phone", &t, 100))
                }
            }
            Field::Ip => match t.parse::<IpAddr>() {
                Ok(_) if !kept(&t) && !doc_ip(&t) => {
                    let n = keyed_index(&self.s.key, "ip", &t, 254) + 1;
                    if t.contains(':') {
                        format!("2001:db8::{n:x}")
                    } else {
                        format!("203.0.113.{n}")
                    }
                }
                _ => t,
            },
            Field::Street => {
                if kept(&t) {
                    t
                } else {
                    STREET.to_owned()
                }
            }
            Field::Isp => {
                if kept(&t) || t == ISP {
                    t
                } else {
                    ISP.to_owned()
                }
            }
        }
    }

    pub(super) fn geo_kept(&self, v: &Value) -> bool {
        let fixed = fixed_geo();
        match v {
            Value::String(s) => {
                self.kept(s)
                    || fixed
                        .as_object()
                        .is_some_and(|o| o.values().any(|x| x == v))
            }
            Value::Array(a) => a.iter().all(|x| self.geo_kept(x)),
            Value::Object(o) => o.values().all(|x| self.geo_kept(x)),
            _ => true,
        }
    }
}
