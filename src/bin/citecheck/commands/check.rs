//! `citecheck check`: the report in one format, on stdout or in a file; with `--format github`
//! also the Markdown report in the step summary.

use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::AtomicUsize;
use std::sync::Arc;

use citecheck::report::reporter;
use citecheck::{CheckOptions, Error, FailOn, Format, Project, Report, Shard};

use super::{open, Failure};
use crate::args::{unwrap, CheckArgs, Common};
use crate::output::emit;
use crate::progress::with_progress;

/// Run `check`.
pub fn run(args: CheckArgs) -> Result<u8, Failure> {
    let (project, full) = check_project_with(
        &args.common,
        unwrap(&args.fail_on),
        args.locked,
        args.shard,
        args.no_dups,
        args.strict,
    )?;
    let fail = |e| Failure::at(&project.root, e);
    let report = match &args.changed_since {
        Some(rev) => {
            let changes =
                citecheck::check::changes::changed_since(&project.root, rev).map_err(fail)?;
            citecheck::check::changes::filter(&full, &changes)
        }
        None => full.clone(),
    };
    let exit = if args.changed_only_exit {
        &report
    } else {
        &full
    }
    .exit_code();
    let rendered = reporter(args.format.0).render(&report);
    emit(&rendered, args.output.as_deref()).map_err(fail)?;
    if args.format.0 == Format::Github {
        append_step_summary(&report).map_err(fail)?;
    }
    Ok(exit as u8)
}

/// Open the project and run the check (shared by `check` and `report`).
/// A progress spinner is shown on a terminal only (see [`with_progress`]).
pub fn check_project(
    common: &Common,
    fail_on: Vec<FailOn>,
    locked: bool,
    shard: Option<Shard>,
    skip_duplicates: bool,
) -> Result<(Project, Report), Failure> {
    check_project_with(common, fail_on, locked, shard, skip_duplicates, false)
}

/// [`check_project`], with `strict` turning every quotation convention off (`--strict`).
pub fn check_project_with(
    common: &Common,
    fail_on: Vec<FailOn>,
    locked: bool,
    shard: Option<Shard>,
    skip_duplicates: bool,
    strict: bool,
) -> Result<(Project, Report), Failure> {
    let mut project = open(common)?;
    if strict {
        project.config.check.conventions.clear();
    }
    let progress = Arc::new(AtomicUsize::new(0));
    let options = CheckOptions {
        fail_on,
        locked,
        shard,
        progress: Some(progress.clone()),
        skip_duplicates,
    };
    let report = with_progress(&progress, || citecheck::check(&project, &options))
        .map_err(|e| Failure::at(&project.root, e))?;
    Ok((project, report))
}

/// GitHub shows only ten annotations of a kind per step: when `GITHUB_STEP_SUMMARY` names the
/// step's summary file, append the Markdown report there too. Appending (not an atomic
/// replace) is what the runner expects: earlier steps' summaries stay.
fn append_step_summary(report: &Report) -> Result<(), Error> {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) else {
        return Ok(());
    };
    let markdown = reporter(Format::Markdown).render(report);
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .and_then(|mut f| f.write_all(markdown.as_bytes()))
        .map_err(|e| Error::io(PathBuf::from(&path), e))
}
