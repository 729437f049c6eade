//! A fake Okta org on wiremock: strict cassette replay for tests, and a demo org on loopback.

pub mod cassette;
pub mod faults;
pub mod multipart;
pub mod replay;
pub mod token;

pub use cassette::{Cassette, CassetteFile, Expect, FormPart, Interaction, load_all};
pub use replay::MockOrg;
pub use token::{TokenConfig, TokenEndpoint};
