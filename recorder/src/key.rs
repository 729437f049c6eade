//! The scrub key: fake ids, emails and names are derived from a keyed hash of the real value, so the
//! same real value always gives the same fake (across a run and across runs), while nobody without
//! the key can check a guess ("is this fake the hash of jane@acme.com?").

use std::path::{Path, PathBuf};

use hmac::{Hmac, Mac};
use rand::Rng;
use sha2::{Digest, Sha256};

pub const ALNUM: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
pub const HEX: &[u8] = b"0123456789abcdef";

/// The environment variable that holds the key itself (any text of 16 characters or more).
pub const KEY_ENV: &str = "OKTA_RECORD_SCRUB_KEY";

fn hmac(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    #[allow(clippy::expect_used)]
    let mut mac =
        <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC takes keys of any length");
    for p in parts {
        // Length-prefixed, so ("ab", "c") and ("a", "bc") differ.
        mac.update(&(p.len() as u64).to_be_bytes());
        mac.update(p);
    }
    mac.finalize().into_bytes().into()
}

/// `n` characters from `alphabet`, derived from `key`, a domain (what kind of value) and the value.
pub fn keyed_chars(key: &[u8], domain: &str, value: &str, n: usize, alphabet: &[u8]) -> String {
    let mut out = String::with_capacity(n);
    let mut counter: u32 = 0;
    while out.len() < n {
        let block = hmac(
            key,
            &[domain.as_bytes(), value.as_bytes(), &counter.to_be_bytes()],
        );
        for b in block {
            if out.len() == n {
                break;
            }
            out.push(char::from(alphabet[usize::from(b) % alphabet.len()]));
        }
        counter += 1;
    }
    out
}

/// A number in `0..n` derived like [`keyed_chars`].
pub fn keyed_index(key: &[u8], domain: &str, value: &str, n: usize) -> usize {
    let block = hmac(key, &[domain.as_bytes(), value.as_bytes()]);
    let mut x = [0u8; 8];
    x.copy_from_slice(&block[..8]);
    (u64::from_be_bytes(x) % n.max(1) as u64) as usize
}

/// An unkeyed check code: fakes end with one, so a fake is recognised as a fake by anyone (and the
/// scrubber leaves it alone), whatever key made it.
pub fn check_code(head: &str, n: usize) -> String {
    let digest = Sha256::new()
        .chain_update(b"okta-mcp-recorder/placeholder/v1\0")
        .chain_update(head.as_bytes())
        .finalize();
    digest
        .iter()
        .take(n)
        .map(|b| char::from(ALNUM[usize::from(*b) % ALNUM.len()]))
        .collect()
}

/// Where the key lives when neither `--scrub-key-file` nor [`KEY_ENV`] says otherwise: outside the
/// repository, so it is never committed.
pub fn default_key_file() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(base.join("okta-mcp").join("recorder-scrub.key"))
}

/// The key and where it came from (for one line of output; never the key itself).
#[derive(Debug)]
pub struct ScrubKey {
    pub bytes: Vec<u8>,
    pub source: String,
}

/// Reads the key from [`KEY_ENV`], else from `file`, creating the file with a new random key when it
/// does not exist yet.
pub fn load(file: Option<&Path>) -> Result<ScrubKey, String> {
    if let Ok(k) = std::env::var(KEY_ENV) {
        let k = k.trim();
        if k.len() < 16 {
            return Err(format!(
                "{KEY_ENV} is shorter than 16 characters: use a long random value"
            ));
        }
        return Ok(ScrubKey {
            bytes: k.as_bytes().to_vec(),
            source: format!("${KEY_ENV}"),
        });
    }
    let path = match file {
        Some(p) => p.to_owned(),
        None => default_key_file().ok_or(
            "no place for the scrub key: set HOME, or pass --scrub-key-file, or set OKTA_RECORD_SCRUB_KEY",
        )?,
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            let k = text.trim();
            if k.len() < 16 {
                return Err(format!(
                    "{}: the scrub key is shorter than 16 characters",
                    path.display()
                ));
            }
            Ok(ScrubKey {
                bytes: k.as_bytes().to_vec(),
                source: path.display().to_string(),
            })
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let mut rng = rand::rng();
            let k: String = (0..64)
                .map(|_| char::from(HEX[rng.random_range(0..HEX.len())]))
                .collect();
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)
                    .map_err(|e| format!("creating {}: {e}", dir.display()))?;
            }
            write_private(&path, &k).map_err(|e| format!("writing {}: {e}", path.display()))?;
            Ok(ScrubKey {
                bytes: k.into_bytes(),
                source: format!("{} (new)", path.display()),
            })
        }
        Err(e) => Err(format!("reading {}: {e}", path.display())),
    }
}

#[cfg(unix)]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    f.write_all(text.as_bytes())?;
    f.write_all(b"\n")
}

#[cfg(not(unix))]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    std::fs::write(path, format!("{text}\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyed_values_are_stable_and_depend_on_the_key() {
        let a = keyed_chars(b"key one", "id", "00uREAL", 30, ALNUM);
        assert_eq!(a, keyed_chars(b"key one", "id", "00uREAL", 30, ALNUM));
        assert_eq!(a.len(), 30);
        assert_ne!(a, keyed_chars(b"key two", "id", "00uREAL", 30, ALNUM));
        assert_ne!(a, keyed_chars(b"key one", "email", "00uREAL", 30, ALNUM));
        // Longer than one HMAC block.
        assert_eq!(keyed_chars(b"k", "d", "v", 100, HEX).len(), 100);
        assert!(keyed_index(b"k", "d", "v", 7) < 7);
    }

    #[test]
    fn a_missing_key_file_is_created_once_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("key");
        // The environment variable would win; tests do not set it.
        if std::env::var(KEY_ENV).is_ok() {
            return;
        }
        let first = load(Some(&path)).unwrap();
        assert!(first.source.ends_with("(new)"));
        let second = load(Some(&path)).unwrap();
        assert_eq!(first.bytes, second.bytes);
        assert_eq!(first.bytes.len(), 64);
    }
}
