//! `citecheck import-w3c`: W3C Web Annotations appended to a claims file as quotes.

use std::io::Write;

use super::{open, Failure};
use crate::args::ImportW3cArgs;

/// Run `import-w3c`.
pub fn run(args: ImportW3cArgs) -> Result<u8, Failure> {
    let project = open(&args.common)?;
    let fail = |e| Failure::at(&project.root, e);
    let file = &args.file;
    let shown_file = file.to_string_lossy().replace('\\', "/");
    let json = citecheck::fs::read_input(file, &shown_file).map_err(fail)?;
    let shown_into = args.into.to_string_lossy().replace('\\', "/");
    let summary = citecheck::import::w3c::import(
        &project,
        &json,
        &shown_file,
        &args.into,
        args.source.as_deref(),
    )
    .map_err(fail)?;
    let mut out = anstream::stdout();
    for id in &summary.skipped {
        // Ids come from the imported file: shown with their controls escaped.
        let id = citecheck::report::common::terminal_safe(id);
        let _ = writeln!(out, "skipped {id}: an entry with this id exists");
    }
    for (n, what) in &summary.not_quotes {
        let _ = writeln!(out, "not imported: annotation {n} is {what}");
    }
    let _ = writeln!(
        out,
        "added {} quote(s) to {shown_into}",
        summary.added.len()
    );
    Ok(0)
}
