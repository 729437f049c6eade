//! The rules that keep a recording run from harming a real org. A run against a real org creates,
//! changes and deletes objects; these rules decide what it may touch, and undo what it made.
//!
//! What they guarantee, for a real org (they are switched off for a loopback test org, where
//! nothing real can be harmed):
//! - **Preview orgs only** ([`org::check`]): an org that is not `*.oktapreview.com` (or on
//!   loopback) is refused before anything is sent, unless the operator says `--allow-non-preview`.
//! - **A run prefix** ([`new_run_prefix`], [`check_run_prefix`]): every object the run creates
//!   carries it in a name or login, so whatever a failed cleanup leaves is findable by hand.
//! - **Own objects only** ([`Ledger::allowed`]): a read may go anywhere; any other tool may act
//!   only on objects this run created, or on the fixtures' deliberately missing ids
//!   ([`MISSING_MARKER`]); a create must carry the run prefix or hang under the run's own object.
//!   A call the rules refuse is never sent.
//! - **Cleanup** ([`Ledger::cleanup`]): what the run created is removed, newest first, with the
//!   create tool's matching delete; what cannot be removed is reported, and if cleanup is skipped
//!   (a panic, an early return) the ledger says on stderr what is left in the org when dropped.

mod ledger;
pub mod org;

pub use ledger::{CleanupReport, Created, Ledger};

/// Ids that contain this are the fixtures' deliberately missing objects (`00uNOTFOUND000000000`).
/// Okta's ids are random, so no real object has one; calling a tool on it changes nothing.
pub const MISSING_MARKER: &str = "NOTFOUND";

/// `okta-mcp-rec-` and 8 random characters.
pub fn new_run_prefix() -> String {
    use rand::Rng;
    const CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::rng();
    let tail: String = (0..8)
        .map(|_| char::from(CHARS[rng.random_range(0..CHARS.len())]))
        .collect();
    format!("okta-mcp-rec-{tail}")
}

/// A run prefix must be findable in logins and names, and not match anything else.
pub fn check_run_prefix(p: &str) -> Result<(), String> {
    if p.len() < 8 || p.len() > 40 {
        return Err(format!(
            "--run-prefix {p:?}: use 8 to 40 characters, e.g. okta-mcp-rec-1234"
        ));
    }
    if !p
        .bytes()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
        || !p.as_bytes()[0].is_ascii_lowercase()
    {
        return Err(format!(
            "--run-prefix {p:?}: use lowercase letters, digits and '-', starting with a letter (it goes into logins)"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_prefixes_are_checked() {
        let p = new_run_prefix();
        assert!(p.starts_with("okta-mcp-rec-"));
        check_run_prefix(&p).unwrap();
        assert!(check_run_prefix("short").is_err());
        assert!(check_run_prefix("Okta-MCP-rec-1").is_err());
        assert!(check_run_prefix("okta mcp rec 1").is_err());
    }
}
