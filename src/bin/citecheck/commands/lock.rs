//! `citecheck lock`: citecheck.lock written, each source's pin listed.

use std::io::Write;

use citecheck::Error;

use super::Failure;
use crate::args::ProjectArgs;

/// Run `lock`.
pub fn run(args: ProjectArgs) -> Result<u8, Failure> {
    super::refuse_config(&args.common, "lock")?;
    // A lock that does not parse is what `lock` rewrites: it does not stop the command.
    let root = match &args.common.root {
        Some(r) => r.clone(),
        None => {
            let cwd = std::env::current_dir().map_err(|e| Error::io(".", e))?;
            citecheck::config::find_root(&cwd).ok_or(Error::NoProject(cwd))?
        }
    };
    let project = citecheck::check::open_to_relock(&root).map_err(|e| Failure::at(&root, e))?;
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
