//! `just record`: re-records the cassettes of `fixtures/` against a real Okta preview org.
//!
//! Each case's tool is called on the real server binary over stdio; the server talks to the org
//! through a recording proxy on loopback ([`proxy`]); what it sent and got is scrubbed of
//! secrets, personal data and the org's identity ([`scrub`]) and replaces the cassette's
//! interactions. A real org is protected by [`org::check`] (preview orgs only), the run prefix and
//! the rule that only reads may touch objects the run did not create ([`record`]); what a case
//! needs is created first and removed after ([`scenarios`]).

pub mod key;
pub mod org;
pub mod proxy;
pub mod record;
pub mod scenarios;
pub mod scrub;

pub use record::{
    CaseReport, CleanupReport, Options, Outcome, Recorder, ServerInfo, Status, cassette_json,
    write_cassette,
};
pub use scrub::{Keep, ScrubContext, Scrubber};
