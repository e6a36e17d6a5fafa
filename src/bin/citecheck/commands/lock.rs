//! `citecheck lock`: citecheck.lock written, each source's pin listed.

use std::io::Write;

use super::{open, Failure};
use crate::args::ProjectArgs;

/// Run `lock`.
pub fn run(args: ProjectArgs) -> Result<u8, Failure> {
    let project = open(&args.common)?;
    let lock = citecheck::workflow::lock::write_lock(&project)
        .map_err(|e| Failure::at(&project.root, e))?;
    let mut out = anstream::stdout();
    for s in &lock.sources {
        // A source's name comes from the tree: shown with its controls escaped.
        let path = citecheck::report::common::terminal_safe(&s.path);
        let _ = writeln!(out, "{}  {path}  {} bytes", s.sha256, s.bytes);
    }
    let _ = writeln!(
        out,
        "wrote {} ({} sources)",
        citecheck::config::LOCK_FILE,
        lock.sources.len()
    );
    Ok(0)
}
