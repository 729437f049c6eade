//! Shell completions and the manual page, generated from the flag definitions in [`crate::cli`], so
//! they never drift from what the binary accepts.
//!
//! Builds bytes only: must not print (the `completions` and `man` subcommands in [`crate::run`] do).

use clap::CommandFactory;

use crate::cli::Cli;

/// The flag definitions under the binary's own name and version (the derive would name the
/// library crate).
pub fn command(name: &'static str, version: &'static str) -> clap::Command {
    Cli::command().name(name).bin_name(name).version(version)
}

/// The completion script of binary `name` for `shell`.
pub fn completions(
    shell: clap_complete::Shell,
    name: &'static str,
    version: &'static str,
) -> Vec<u8> {
    let mut cmd = command(name, version);
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, name, &mut out);
    out
}

/// The manual page of binary `name`, in roff.
pub fn man_page(name: &'static str, version: &'static str) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    clap_mangen::Man::new(command(name, version)).render(&mut out)?;
    Ok(out)
}
