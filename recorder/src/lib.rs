//! `just record`: re-records the cassettes of `fixtures/` against a real Okta preview org.
//!
//! Each case's tool is called on the real server binary over stdio; the server talks to the org
//! through a recording proxy on loopback ([`proxy`]); what it sent and got is scrubbed of
//! secrets, personal data and the org's identity ([`scrub`]) and replaces the cassette's
//! interactions ([`record`]). A real org is protected by the rules in [`safety`]: preview orgs
//! only, a run prefix on everything the run creates, only reads on objects the run did not
//! create, and cleanup of what it made; what a case needs is created first and removed after
//! ([`scenarios`]). The servers are reached through [`drive`] alone.

pub mod drive;
pub mod key;
pub mod proxy;
pub mod record;
pub mod safety;
pub mod scenarios;
pub mod scrub;

pub use record::{
    CaseReport, Options, Outcome, Recorder, ServerInfo, Status, cassette_json, write_cassette,
};
pub use safety::CleanupReport;
pub use scrub::{Keep, ScrubContext, Scrubber};
