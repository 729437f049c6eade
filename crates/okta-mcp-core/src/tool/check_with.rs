//! Which read tool shows whether a write was applied, for the "may have been applied" message of a
//! write whose outcome is unknown.
//!
//! Owns the derivation from routes; a tool whose route leads to no read tool declares one with
//! `.check_with(..)`. It must not look at anything but the declarations.

use reqwest::Method;

use super::spec::ToolSpec;

/// `/api/v1/users/{userId}` and `/api/v1/users/{id}` are the same route.
fn shape_of(path: &str) -> Vec<&str> {
    path.split('/')
        .filter(|s| !s.is_empty())
        .map(|s| if s.starts_with('{') { "{}" } else { s })
        .collect()
}

/// Every plain GET read tool of `tools`, with its route's shape.
fn read_shapes(tools: &[ToolSpec]) -> Vec<(&'static str, Vec<&'static str>)> {
    tools
        .iter()
        .filter(|t| t.kind.is_read() && t.route.method == Method::GET && !t.is_composite())
        .map(|t| (t.name, shape_of(t.route.path)))
        .collect()
}

/// The read tool for `write`: the GET of its own path, else of the nearest path above it
/// (`POST …/users/{userId}/lifecycle/suspend` → `GET …/users/{userId}`; `POST …/users` → the list).
fn nearest_read(
    write: &ToolSpec,
    reads: &[(&'static str, Vec<&'static str>)],
) -> Option<&'static str> {
    let mut path = shape_of(write.route.path);
    // Stop above the API's root (`/api/v1`): nothing there reads one resource.
    while path.len() > 2 {
        if let Some((name, _)) = reads.iter().find(|(_, p)| *p == path) {
            return Some(*name);
        }
        path.pop();
    }
    None
}

/// Fills in `check_with` for every write that does not declare one and whose route leads to a read
/// tool among `tools`.
pub fn resolve_checks(tools: &mut [ToolSpec]) {
    // Read once: this runs at every start, for every write of every toolset.
    let reads = read_shapes(tools);
    let found: Vec<Option<&'static str>> = tools
        .iter()
        .map(|t| match t.check_with {
            Some(declared) => Some(declared),
            None if t.kind.is_read() => None,
            None => nearest_read(t, &reads),
        })
        .collect();
    for (t, check) in tools.iter_mut().zip(found) {
        t.check_with = check;
    }
}
