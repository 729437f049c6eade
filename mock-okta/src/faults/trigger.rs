//! Which requests fault: a [`Route`] picks the candidates, a [`Trigger`] which of them fault, and a
//! [`FaultHandle`] counts both. Shared by the wiremock faults and the wire proxy.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use super::lock;

/// Which requests a fault or an answer applies to: a method, a path, part of the body.
#[derive(Debug, Clone, Default)]
pub struct Route {
    method: Option<String>,
    path: Option<String>,
    prefix: bool,
    body_contains: Option<String>,
}

impl Route {
    /// One method on one exact path (`GET`, `/api/v1/users/00u1`).
    pub fn new(method: &str, path: &str) -> Self {
        Self {
            method: Some(method.to_ascii_uppercase()),
            path: Some(path.to_owned()),
            ..Self::default()
        }
    }

    /// Every request.
    pub fn any() -> Self {
        Self::default()
    }

    /// Every request whose path starts with `prefix`, any method.
    pub fn prefix(prefix: &str) -> Self {
        Self {
            path: Some(prefix.to_owned()),
            prefix: true,
            ..Self::default()
        }
    }

    /// Only requests with this method.
    pub fn with_method(mut self, method: &str) -> Self {
        self.method = Some(method.to_ascii_uppercase());
        self
    }

    /// Only requests whose body contains `needle` (a marker that tells concurrent POSTs apart).
    pub fn with_body_containing(mut self, needle: &str) -> Self {
        self.body_contains = Some(needle.to_owned());
        self
    }

    /// Whether a request (method, path without query, raw body) is on this route.
    pub fn matches(&self, method: &str, path: &str, body: &[u8]) -> bool {
        if let Some(m) = &self.method
            && !m.eq_ignore_ascii_case(method)
        {
            return false;
        }
        if let Some(p) = &self.path {
            let ok = if self.prefix {
                path.starts_with(p.as_str())
            } else {
                path == p
            };
            if !ok {
                return false;
            }
        }
        if let Some(needle) = &self.body_contains {
            let needle = needle.as_bytes();
            if needle.is_empty() || !body.windows(needle.len()).any(|w| w == needle) {
                return false;
            }
        }
        true
    }
}

/// Which of the requests on a route fault.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Trigger {
    /// Every request.
    Always,
    /// The first N requests; the rest pass to the org.
    First(u64),
    /// A pseudo-random share (0.0–1.0) of requests, reproducible from the seed for a given order.
    Share { share: f64, seed: u64 },
}

/// SplitMix64: tiny, seedable, good enough to pick faults.
#[derive(Debug, Clone)]
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        if n <= 1 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }
}

#[derive(Debug)]
pub(crate) struct TriggerState {
    trigger: Trigger,
    rng: Rng,
}

impl TriggerState {
    pub(crate) fn new(trigger: Trigger) -> Self {
        let seed = match trigger {
            Trigger::Share { seed, .. } => seed,
            _ => 0,
        };
        Self {
            trigger,
            rng: Rng(seed),
        }
    }
}

/// Counts for one injected fault: how many requests were on its route, how many it faulted.
#[derive(Debug, Clone, Default)]
pub struct FaultHandle {
    matched: Arc<AtomicU64>,
    injected: Arc<AtomicU64>,
}

impl FaultHandle {
    /// Requests seen on the route (faulted or not).
    pub fn matched(&self) -> u64 {
        self.matched.load(Ordering::SeqCst)
    }

    /// Requests that were faulted.
    pub fn injected(&self) -> u64 {
        self.injected.load(Ordering::SeqCst)
    }

    /// Records one request on the route; true when it must fault.
    pub(crate) fn fire(&self, state: &Mutex<TriggerState>) -> bool {
        let n = self.matched.fetch_add(1, Ordering::SeqCst) + 1;
        let mut s = lock(state);
        let fire = match s.trigger {
            Trigger::Always => true,
            Trigger::First(k) => n <= k,
            Trigger::Share { share, .. } => s.rng.next_f64() < share,
        };
        if fire {
            self.injected.fetch_add(1, Ordering::SeqCst);
        }
        fire
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_reproducible_and_near_the_share() {
        let count = |seed| {
            let h = FaultHandle::default();
            let s = Mutex::new(TriggerState::new(Trigger::Share { share: 0.1, seed }));
            (0..10_000).filter(|_| h.fire(&s)).count()
        };
        assert_eq!(count(7), count(7));
        let n = count(7);
        assert!((800..1200).contains(&n), "{n}");
    }

    #[test]
    fn first_n_then_pass() {
        let h = FaultHandle::default();
        let s = Mutex::new(TriggerState::new(Trigger::First(2)));
        let fired: Vec<bool> = (0..4).map(|_| h.fire(&s)).collect();
        assert_eq!(fired, [true, true, false, false]);
        assert_eq!((h.matched(), h.injected()), (4, 2));
    }

    #[test]
    fn routes() {
        let r = Route::new("post", "/api/v1/users").with_body_containing("m-1");
        assert!(r.matches("POST", "/api/v1/users", br#"{"login":"m-1"}"#));
        assert!(!r.matches("POST", "/api/v1/users", br#"{"login":"m-2"}"#));
        assert!(!r.matches("GET", "/api/v1/users", br#"{"login":"m-1"}"#));
        assert!(Route::prefix("/api/v1/").matches("DELETE", "/api/v1/sessions/x", b""));
        assert!(Route::any().matches("PUT", "/x", b""));
    }
}
