//! Fault injection: the ways Okta (and the network in front of it) fails, on demand.
//!
//! Two mechanisms, because wiremock can answer badly but cannot break a connection:
//! - [`http`]: [`mount`] puts an [`HttpFault`] on a mock org's server (`org.server()`), above the
//!   cassette responder: 429s with Okta's rate-limit headers or `Retry-After`, 5xx with Okta or
//!   HTML bodies, slow answers, malformed JSON, HTML pages, empty and oversized bodies.
//! - [`wire`]: [`FaultProxy`] is a small HTTP/1.1 proxy on raw TCP in front of the mock org. It
//!   forwards every request, records what it saw (so tests can count requests, retries and
//!   duplicate POSTs), and can fault a request itself with a [`WireFault`]: a connection dropped
//!   mid-body, closed before any answer, an endless chunked body; or refuse connections for a
//!   while. It can also ask the org for any [`HttpFault`], so one seeded generator can mix both
//!   kinds (the soak does).
//!
//! Both pick their requests the same way ([`trigger`]): a [`Route`] says which requests are
//! candidates and a [`Trigger`] which of those fault: always, the first N, or a seeded
//! pseudo-random share.

pub mod http;
pub mod trigger;
pub mod wire;

use std::sync::{Mutex, MutexGuard, PoisonError};

pub use http::{ErrorPage, HttpFault, answer, http_date, large_json, mount, okta_error};
pub use trigger::{FaultHandle, Route, Trigger};
pub use wire::{Fault, FaultProxy, Outcome, SeenRequest, WireFault};

/// Priority of fault mocks: above the token endpoint's routes (1 too, mounted first) and far above
/// the cassette responder (255).
const FAULT_PRIORITY: u8 = 1;

/// A lock that survives a test thread that panicked while holding it: the counts stay readable.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}
