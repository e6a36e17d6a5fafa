//! `citecheck completions SHELL`: the shell's completion script, generated from the same clap
//! definition the binary parses (so it never lists a flag that does not exist).

use clap::CommandFactory;

use super::Failure;
use crate::args::{Cli, CompletionsArgs};

/// Run `completions`: the script on standard output.
pub fn run(args: CompletionsArgs) -> Result<u8, Failure> {
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut command, "citecheck", &mut out);
    crate::output::print(&String::from_utf8_lossy(&out));
    Ok(0)
}
