//! The bench's parts that are not measurement: Okta-shaped bodies, the figures' file and README
//! section, and reading a process's memory from the OS. The measuring is `src/bin/bench.rs`.

pub mod bodies;
pub mod figures;
pub mod procmem;
