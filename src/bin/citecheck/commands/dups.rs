//! `citecheck dups`: duplicated passages in the sources.

use super::{open, Failure};
use crate::args::DupsArgs;
use crate::output::emit;

/// Run `dups`; the options on the command line override citecheck.toml's `[dups]`.
pub fn run(args: DupsArgs) -> Result<u8, Failure> {
    // An output that is a source or the lock is refused before the search runs.
    crate::output::refuse_protected(args.output.as_deref(), args.common.root.as_deref())?;
    let project = open(&args.common)?;
    let fail = |e| Failure::at(&project.root, e);
    let mut options = project.config.dups.clone();
    options.min_words = args.min_words.unwrap_or(options.min_words);
    options.similarity = args.similarity.unwrap_or(options.similarity);
    let report = citecheck::check::duplicates(&project, &options).map_err(fail)?;
    emit(
        &citecheck::report::render_dups(&report, args.format.0),
        args.output.as_deref(),
        Some(&project.root),
    )
    .map_err(fail)?;
    Ok(0)
}
