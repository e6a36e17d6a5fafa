//! `citecheck check`: the report in one format, on stdout or in a file; with `--format github`
//! also the Markdown report in the step summary.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicUsize;
use std::sync::Arc;

use citecheck::report::reporter;
use citecheck::{CheckOptions, Error, FailOn, Format, Project, Report, Shard};

use super::{open, Failure};
use crate::args::{unwrap, CheckArgs, Common};
use crate::output::{emit, note, summary_line};
use crate::progress::with_progress;

/// Run `check`.
pub fn run(args: CheckArgs) -> Result<u8, Failure> {
    // An output that is a source or the lock is refused before anything runs (and writes).
    crate::output::refuse_protected(args.output.as_deref(), args.common.root.as_deref())?;
    let format = chosen_format(args.format.map(|c| c.0), args.output.as_deref())?;
    let (project, full) = check_project_with(
        &args.common,
        unwrap(&args.fail_on),
        args.locked,
        args.shard,
        args.no_dups,
        args.strict,
        args.allow_judge,
    )?;
    let fail = |e| Failure::at(&project.root, e);
    let report = match &args.changed_since {
        Some(rev) => {
            in_git_work_tree(&project.root).map_err(fail)?;
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
    let rendered = reporter(format).render(&report);
    emit(&rendered, args.output.as_deref(), Some(&project.root)).map_err(fail)?;
    if format == Format::Github {
        append_step_summary(&report).map_err(fail)?;
    }
    note_summary(&report, format, args.output.as_deref());
    Ok(exit as u8)
}

/// The text report on standard output ends with its own summary; anything else (a file, a
/// machine format) gets one line on stderr, so a CI log shows how the run went (`check` and
/// `merge`).
pub fn note_summary(report: &Report, format: Format, output: Option<&Path>) {
    if output.is_none() && format == Format::Text {
        return;
    }
    let mut line = summary_line(report);
    if let Some(path) = output {
        line.push_str(&format!(
            "; {} report written to {}",
            format.as_str(),
            path.display()
        ));
    }
    note(&line);
}

/// What an output file's name says its format is, by extension (`.sarif.json` before `.json`).
const EXTENSIONS: [(&str, &str); 8] = [
    (".sarif.json", "sarif"),
    (".sarif", "sarif"),
    (".json", "json"),
    (".jsonld", "w3c"),
    (".html", "html"),
    (".xml", "junit"),
    (".md", "markdown"),
    (".txt", "text"),
];

/// Formats that are JSON documents: any of them may go to a `.json` file (SARIF as
/// `x.sarif.json`, GitLab's `gl-code-quality-report.json`, W3C annotations). Named, not
/// matched, so a format added to the library needs no change here to be accepted or refused.
const JSON_FORMATS: [&str; 4] = ["json", "sarif", "gitlab", "w3c"];

/// Formats that are lines of text: a `.txt` file takes them.
const TEXT_FORMATS: [&str; 2] = ["text", "github"];

/// The format of `check`: `--format` when given (refused when `-o`'s extension says another
/// kind of file), else the one `-o`'s extension names, else text. An `-o` whose extension
/// names no format, without `--format`, is refused rather than filled with plain text (a
/// device or FIFO, which has no such name, takes text).
pub fn chosen_format(given: Option<Format>, output: Option<&Path>) -> Result<Format, Failure> {
    let Some(path) = output else {
        return Ok(given.unwrap_or(Format::Text));
    };
    // A device or a FIFO (`/dev/stdout`, a pipe to a reader) has no extension to go by.
    if path.metadata().is_ok_and(|m| !m.is_file()) {
        return Ok(given.unwrap_or(Format::Text));
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let implied = EXTENSIONS
        .iter()
        .find(|(ext, _)| name.ends_with(ext))
        .map(|&(ext, format)| (ext, format));
    let known = || {
        EXTENSIONS
            .iter()
            .map(|(ext, f)| format!("{ext} ({f})"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match (given, implied) {
        (None, Some((_, format))) => Ok(Format::ALL
            .into_iter()
            .find(|f| f.as_str() == format)
            .unwrap_or(Format::Text)),
        (None, None) => Err(Error::Usage(format!(
            "cannot tell the report format from the name {}: give --format FORMAT, or end \
             the name with one of {}",
            path.display(),
            known()
        ))
        .into()),
        (Some(format), None) => Ok(format),
        (Some(format), Some((ext, implied))) => {
            let name = format.as_str();
            let agrees = name == implied
                || (ext == ".json" && JSON_FORMATS.contains(&name))
                || (ext == ".sarif.json" && JSON_FORMATS.contains(&name))
                || (ext == ".txt" && TEXT_FORMATS.contains(&name));
            if agrees {
                Ok(format)
            } else {
                Err(Error::Usage(format!(
                    "--format {name} disagrees with the output file {}: its extension {ext} \
                     means {implied}; give a name that fits the format (or drop --format to \
                     write {implied})",
                    path.display()
                ))
                .into())
            }
        }
    }
}

/// `--changed-since` asks git what changed: outside a git work tree say so plainly, rather
/// than pass on git's usage text (its `diff` outside a repository behaves as `diff
/// --no-index`).
fn in_git_work_tree(root: &Path) -> Result<(), Error> {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["rev-parse", "--is-inside-work-tree"])
        .output();
    match out {
        Ok(o) if o.status.success() && String::from_utf8_lossy(&o.stdout).trim() == "true" => {
            Ok(())
        }
        Ok(_) => Err(Error::Usage(format!(
            "--changed-since needs git history, but the project {} is not in a git \
             repository (run without --changed-since, or check out the repository; in CI \
             fetch the full history, e.g. actions/checkout with fetch-depth: 0)",
            root.display()
        ))),
        Err(e) => Err(Error::Usage(format!(
            "--changed-since needs git, which could not be run ({e}); install git or run \
             without --changed-since"
        ))),
    }
}

/// Open the project and run the check (shared by `check` and `report`).
/// A progress spinner is shown on a terminal only (see [`with_progress`]).
pub fn check_project(
    common: &Common,
    fail_on: Vec<FailOn>,
    locked: bool,
    shard: Option<Shard>,
    skip_duplicates: bool,
    allow_judge: bool,
) -> Result<(Project, Report), Failure> {
    check_project_with(
        common,
        fail_on,
        locked,
        shard,
        skip_duplicates,
        false,
        allow_judge,
    )
}

/// [`check_project`], with `strict` turning every quotation convention off (`--strict`).
/// The project's external judge runs only when `allow_judge` (`--allow-judge`) or
/// `CITECHECK_ALLOW_JUDGE=1` says so: citecheck.toml may come from a stranger.
pub fn check_project_with(
    common: &Common,
    fail_on: Vec<FailOn>,
    locked: bool,
    shard: Option<Shard>,
    skip_duplicates: bool,
    strict: bool,
    allow_judge: bool,
) -> Result<(Project, Report), Failure> {
    let mut project = open(common)?;
    project.allow_judge =
        allow_judge || std::env::var_os("CITECHECK_ALLOW_JUDGE").is_some_and(|v| v == "1");
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
