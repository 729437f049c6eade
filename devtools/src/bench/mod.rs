//! The bench's parts that are not measurement: Okta-shaped bodies and the figures' file and README
//! section. The measuring is `src/bin/bench.rs`.

pub mod bodies;
pub mod figures;
