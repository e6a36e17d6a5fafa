//! The `citecheck` command line: parse arguments, call the library, render, exit.
//!
//! Exit codes: 0 nothing fails; 1 an entry (or, with `--locked`, a source) fails; 2 bad input or
//! usage. `add` exits 1 when it refuses (text missing, ambiguous, or not at the pointer given).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use clap::{Args, Parser, Subcommand};

mod commands;

use citecheck::compare::DiffFormat;
use citecheck::model::{DupsFormat, Format};
use citecheck::report::reporter;
use citecheck::{CheckOptions, Diagnostic, Error, FailOn, Project};

/// A clap value for a library enum with `ALL`, `as_str` and `description` (the library does not
/// depend on clap).
#[derive(Debug, Clone, Copy)]
struct Choice<T: 'static>(T);

macro_rules! choice {
    ($t:ty) => {
        impl clap::ValueEnum for Choice<$t> {
            fn value_variants<'a>() -> &'a [Self] {
                const ALL: [Choice<$t>; <$t>::ALL.len()] = {
                    let mut out = [Choice(<$t>::ALL[0]); <$t>::ALL.len()];
                    let mut i = 0;
                    while i < out.len() {
                        out[i] = Choice(<$t>::ALL[i]);
                        i += 1;
                    }
                    out
                };
                &ALL
            }
            fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
                Some(clap::builder::PossibleValue::new(self.0.as_str()).help(self.0.description()))
            }
        }
    };
}
choice!(Format);
choice!(DupsFormat);
choice!(DiffFormat);
choice!(FailOn);

/// The wrapped values, unwrapped.
fn unwrap<T: Copy>(choices: &[Choice<T>]) -> Vec<T> {
    choices.iter().map(|c| c.0).collect()
}

/// Prove quotations and claims against their sources.
#[derive(Parser, Debug)]
#[command(name = "citecheck", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Debug, Clone)]
struct Common {
    /// Project folder (default: the nearest folder upward holding citecheck.toml or claims/).
    #[arg(long, global = true, value_name = "DIR")]
    root: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Verify every quote and claim against its source.
    Check {
        #[command(flatten)]
        common: Common,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Choice<Format>,
        /// Write the report to FILE (atomically) instead of standard output.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Also fail on these (comma-separated): relocated, normalized, source_changed.
        /// drifted, missing, ambiguous and unsupported always fail.
        #[arg(long, value_enum, value_delimiter = ',', value_name = "LIST")]
        fail_on: Vec<Choice<FailOn>>,
        /// Fail when any source differs from citecheck.lock (or is not in it).
        #[arg(long)]
        locked: bool,
        /// Check only shard K of N (a deterministic 1/N of the entries, reading only the
        /// sources they cite); combine the shards' JSON reports with `citecheck merge`.
        #[arg(long, value_name = "K/N")]
        shard: Option<citecheck::Shard>,
        /// Skip the search for duplicated passages (sharded runs always skip it: it needs every
        /// source; run `citecheck dups` once instead).
        #[arg(long)]
        no_dups: bool,
        /// Report only entries whose claims lines or cited sources changed since this git
        /// revision (the full check still decides the exit code).
        #[arg(long, value_name = "REV")]
        changed_since: Option<String>,
        /// With --changed-since: exit by the reported entries only.
        #[arg(long, requires = "changed_since")]
        changed_only_exit: bool,
    },
    /// Check, then write every format listed in citecheck.toml's `[report] formats` into
    /// reports/ (default: json, html, markdown, sarif, junit).
    Report {
        #[command(flatten)]
        common: Common,
        /// Also fail on these (comma-separated): relocated, normalized, source_changed.
        #[arg(long, value_enum, value_delimiter = ',', value_name = "LIST")]
        fail_on: Vec<Choice<FailOn>>,
        /// Fail when any source differs from citecheck.lock (or is not in it).
        #[arg(long)]
        locked: bool,
    },
    /// Read W3C Web Annotations (JSON-LD, e.g. from `check --format w3c`) back as quotes,
    /// appended to a claims file.
    ImportW3c {
        #[command(flatten)]
        common: Common,
        /// The annotations file.
        file: PathBuf,
        /// Claims file to append to, relative to the project root.
        #[arg(long, value_name = "FILE", default_value = "claims/imported.toml")]
        into: PathBuf,
    },
    /// Compare two JSON reports (`check --format json`): changed sources, verdicts, moved
    /// passages, new and removed entries. Exit 1 when a verdict got worse.
    Diff {
        /// The earlier report.
        old: PathBuf,
        /// The later report.
        new: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Choice<DiffFormat>,
        /// Write to FILE (atomically) instead of standard output.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Find passages repeated within or across sources, identically or nearly.
    Dups {
        #[command(flatten)]
        common: Common,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Choice<DupsFormat>,
        /// Shortest passage reported, in words (default: citecheck.toml `[dups] min_words`, 8).
        #[arg(long, value_name = "N")]
        min_words: Option<usize>,
        /// Lowest word-level similarity of near duplicates, 0-1 (default: `[dups] similarity`,
        /// 0.8).
        #[arg(long, value_name = "X", value_parser = fraction)]
        similarity: Option<f64>,
    },
    /// Combine the JSON reports of `check --shard K/N` runs into the report of the whole run.
    Merge {
        /// The shard reports (every shard of one run, any order).
        #[arg(required = true, value_name = "REPORT.json")]
        reports: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Choice<Format>,
        /// Write the report to FILE (atomically) instead of standard output.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Write citecheck.lock: the SHA-256 and size of every source.
    Lock {
        #[command(flatten)]
        common: Common,
    },
    /// Create a project here (or in --root): citecheck.toml, sources/, claims/, reports/.
    Init {
        #[command(flatten)]
        common: Common,
    },
    /// List a manuscript's quotations and where each stands in the sources.
    Scan {
        #[command(flatten)]
        common: Common,
        /// The article (plain text or Markdown).
        manuscript: PathBuf,
        /// Append an entry for every located quotation to this claims file (under claims/,
        /// relative to the project root).
        #[arg(long, value_name = "FILE")]
        write: Option<PathBuf>,
    },
    /// Locate a quote (or claim evidence) in a source and append it as an entry.
    Add {
        #[command(flatten)]
        common: Common,
        /// Source id: path relative to sources/.
        #[arg(long, value_name = "S")]
        source: String,
        /// Entry id (default: derived from the words).
        #[arg(long)]
        id: Option<String>,
        /// Record a claim (a paraphrase) rather than a verbatim quote.
        #[arg(long)]
        claim: bool,
        /// For a claim: the source words that support it.
        #[arg(long, value_name = "TEXT", conflicts_with_all = ["span", "lines"])]
        evidence: Option<String>,
        /// Byte span A:B in the source (0-based, end exclusive).
        #[arg(long, value_name = "A:B", value_parser = parse_span, conflicts_with = "lines")]
        span: Option<(usize, usize)>,
        /// Lines A-B in the source (1-based, inclusive).
        #[arg(long, value_name = "A-B", value_parser = parse_lines)]
        lines: Option<(usize, usize)>,
        /// Choose the Nth (1-based) of several occurrences.
        #[arg(long, value_name = "N")]
        occurrence: Option<usize>,
        /// Claims file to append to (default: claims/<source stem>.toml).
        #[arg(long, value_name = "FILE")]
        to: Option<PathBuf>,
        /// The quoted words (or, with --claim, the claim).
        text: String,
    },
    /// Move pointers of relocated entries to where their words are and refresh stale pins.
    Fix {
        #[command(flatten)]
        common: Common,
        /// Print the changes as a unified diff; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Show one entry, its verdict and the source passage around it.
    Show {
        #[command(flatten)]
        common: Common,
        /// The entry's id.
        id: String,
    },
}

fn parse_pair(s: &str, sep: char) -> Result<(usize, usize), String> {
    let (a, b) = s
        .split_once(sep)
        .ok_or_else(|| format!("expected two numbers separated by `{sep}`"))?;
    let n = |x: &str| x.trim().parse::<usize>().map_err(|e| format!("`{x}`: {e}"));
    Ok((n(a)?, n(b)?))
}

fn parse_span(s: &str) -> Result<(usize, usize), String> {
    let (a, b) = parse_pair(s, ':')?;
    if b <= a {
        return Err("the end must come after the start".into());
    }
    Ok((a, b))
}

fn parse_lines(s: &str) -> Result<(usize, usize), String> {
    let (a, b) = parse_pair(s, '-')?;
    if a == 0 || b < a {
        return Err("lines are 1-based and the last must not come before the first".into());
    }
    Ok((a, b))
}

/// Whether `text` holds escape codes (colour). Only such text goes through anstream, which
/// strips them where colour does not belong; the machine formats hold none, and stripping
/// scans every byte of them (a tenth of a 10,000-quote check's time went there).
fn has_escapes(text: &str) -> bool {
    memchr::memchr(0x1b, text.as_bytes()).is_some()
}

fn print(text: &str) {
    if has_escapes(text) {
        let _ = anstream::stdout().write_all(text.as_bytes());
    } else {
        let _ = std::io::stdout().lock().write_all(text.as_bytes());
    }
}

/// glibc raises its mmap threshold each time a large block is freed, so after the first few
/// transient buffers (normalizing and indexing pieces, duplicate fingerprints) later ones come
/// from the heap and stay resident once freed: 100 MB x 10,000 quotes peaked 20 % higher.
/// A fixed threshold keeps every large buffer mmapped, returned to the system when freed.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn return_large_buffers_to_the_system() {
    // SAFETY: mallopt only sets an allocator parameter; called first thing in main, before any
    // other thread exists or allocates.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn return_large_buffers_to_the_system() {}

fn main() -> ExitCode {
    return_large_buffers_to_the_system();
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err((root, e)) => {
            report_error(root.as_deref(), &e);
            ExitCode::from(2)
        }
    }
}

type Failure = (Option<PathBuf>, Error);

fn open(common: &Common) -> Result<Project, Failure> {
    match &common.root {
        Some(r) => citecheck::open(r).map_err(|e| (Some(r.clone()), e)),
        None => {
            let cwd = std::env::current_dir().map_err(|e| (None, Error::io(".", e)))?;
            // On bad input, keep the root so diagnostics can show their source lines.
            citecheck::discover(&cwd).map_err(|e| (citecheck::config::find_root(&cwd), e))
        }
    }
}

/// Open the project and run `f` on it; a failure carries the root for rendering diagnostics.
fn in_project<T>(
    common: &Common,
    f: impl FnOnce(&Project) -> Result<T, Error>,
) -> Result<T, Failure> {
    let project = open(common)?;
    f(&project).map_err(|e| (Some(project.root.clone()), e))
}

/// Open the project and run the check (shared by `check` and `report`).
/// A progress spinner is shown on a terminal only (see [`with_progress`]).
fn check_project(
    common: &Common,
    fail_on: Vec<FailOn>,
    locked: bool,
    shard: Option<citecheck::Shard>,
    skip_duplicates: bool,
) -> Result<(Project, citecheck::Report), Failure> {
    let project = open(common)?;
    let progress = Arc::new(AtomicUsize::new(0));
    let options = CheckOptions {
        fail_on,
        locked,
        shard,
        progress: Some(progress.clone()),
        skip_duplicates,
    };
    let report = with_progress(&progress, || citecheck::check(&project, &options))
        .map_err(|e| (Some(project.root.clone()), e))?;
    Ok((project, report))
}

fn run(cli: Cli) -> Result<u8, Failure> {
    match cli.command {
        Command::Check {
            common,
            format,
            output,
            fail_on,
            locked,
            shard,
            no_dups,
            changed_since,
            changed_only_exit,
        } => {
            let (project, full) = check_project(&common, unwrap(&fail_on), locked, shard, no_dups)?;
            let root = Some(project.root.clone());
            let report = match &changed_since {
                Some(rev) => {
                    let changes = citecheck::check::changes::changed_since(&project.root, rev)
                        .map_err(|e| (root.clone(), e))?;
                    citecheck::check::changes::filter(&full, &changes)
                }
                None => full.clone(),
            };
            let exit = if changed_only_exit { &report } else { &full }.exit_code();
            let rendered = reporter(format.0).render(&report);
            emit(&rendered, output.as_deref()).map_err(|e| (root.clone(), e))?;
            if format.0 == Format::Github {
                append_step_summary(&report).map_err(|e| (root, e))?;
            }
            Ok(exit as u8)
        }
        Command::Report {
            common,
            fail_on,
            locked,
        } => {
            let (project, report) = check_project(&common, unwrap(&fail_on), locked, None, false)?;
            let root = Some(project.root.clone());
            let dir = project.root.join("reports");
            let mut out = anstream::stdout();
            for &format in &project.config.report.formats {
                let path = dir.join(format.file_name());
                emit(&reporter(format).render(&report), Some(&path))
                    .map_err(|e| (root.clone(), e))?;
                let _ = writeln!(out, "wrote reports/{}", format.file_name());
            }
            Ok(report.exit_code() as u8)
        }
        Command::ImportW3c { common, file, into } => {
            let project = open(&common)?;
            let fail = |e| (Some(project.root.clone()), e);
            let json = std::fs::read_to_string(&file).map_err(|e| fail(Error::io(&file, e)))?;
            let shown_file = file.to_string_lossy().replace('\\', "/");
            let shown_into = into.to_string_lossy().replace('\\', "/");
            let summary = citecheck::import::w3c::import(&project, &json, &shown_file, &into)
                .map_err(fail)?;
            let mut out = anstream::stdout();
            for id in &summary.skipped {
                let _ = writeln!(out, "skipped {id}: an entry with this id exists");
            }
            let _ = writeln!(
                out,
                "added {} quote(s) to {shown_into}",
                summary.added.len()
            );
            Ok(0)
        }
        Command::Diff {
            old,
            new,
            format,
            output,
        } => {
            let old = read_report(&old).map_err(|e| (None, e))?;
            let new = read_report(&new).map_err(|e| (None, e))?;
            let diff = citecheck::compare::diff(&old, &new);
            emit(&diff.render(format.0), output.as_deref()).map_err(|e| (None, e))?;
            Ok(diff.exit_code() as u8)
        }
        Command::Dups {
            common,
            format,
            min_words,
            similarity,
        } => {
            let project = open(&common)?;
            let root = Some(project.root.clone());
            let mut options = project.config.dups.clone();
            options.min_words = min_words.unwrap_or(options.min_words);
            options.similarity = similarity.unwrap_or(options.similarity);
            let report =
                citecheck::check::duplicates(&project, &options).map_err(|e| (root.clone(), e))?;
            emit(&citecheck::report::render_dups(&report, format.0), None)
                .map_err(|e| (root, e))?;
            Ok(0)
        }
        Command::Merge {
            reports,
            format,
            output,
        } => {
            let mut shards = Vec::with_capacity(reports.len());
            for path in &reports {
                let shown = path.display().to_string();
                let text = std::fs::read_to_string(path).map_err(|e| (None, Error::io(path, e)))?;
                let report = serde_json::from_str(&text).map_err(|e| {
                    let message = format!("not a citecheck JSON report: {e}");
                    (
                        None,
                        Error::Report {
                            path: shown.clone(),
                            message,
                        },
                    )
                })?;
                shards.push((shown, report));
            }
            let report = citecheck::check::merge(shards).map_err(|e| (None, e))?;
            let rendered = reporter(format.0).render(&report);
            emit(&rendered, output.as_deref()).map_err(|e| (None, e))?;
            Ok(report.exit_code() as u8)
        }
        Command::Lock { common } => {
            let project = open(&common)?;
            let root = Some(project.root.clone());
            let lock = citecheck::workflow::lock::write_lock(&project).map_err(|e| (root, e))?;
            let mut out = anstream::stdout();
            for s in &lock.sources {
                let _ = writeln!(out, "{}  {}  {} bytes", s.sha256, s.path, s.bytes);
            }
            let _ = writeln!(
                out,
                "wrote {} ({} sources)",
                citecheck::config::LOCK_FILE,
                lock.sources.len()
            );
            Ok(0)
        }
        Command::Init { common } => {
            let dir = match common.root {
                Some(r) => r,
                None => std::env::current_dir().map_err(|e| (None, Error::io(".", e)))?,
            };
            let created = citecheck::workflow::init::init(&dir).map_err(|e| (None, e))?;
            for p in &created {
                print(&format!("created {p}\n"));
            }
            print("next: put documents in sources/, then `citecheck scan ARTICLE --write claims/FILE.toml` or `citecheck add`\n");
            Ok(0)
        }
        Command::Scan {
            common,
            manuscript,
            write,
        } => {
            let scan = in_project(&common, |p| {
                citecheck::workflow::scan::scan(p, &manuscript, write.as_deref())
            })?;
            print(&commands::scan::render(&scan));
            Ok(0)
        }
        Command::Add {
            common,
            source,
            id,
            claim,
            evidence,
            span,
            lines,
            occurrence,
            to,
            text,
        } => {
            let pointer = span
                .map(|(a, b)| citecheck::Pointer::Span(a, b))
                .or(lines.map(|(a, b)| citecheck::Pointer::Lines(a, b)));
            let req = citecheck::workflow::add::AddRequest {
                source,
                text,
                id,
                claim,
                evidence,
                pointer,
                occurrence,
                to,
            };
            let outcome = in_project(&common, |p| citecheck::workflow::add::add(p, &req))?;
            print(&commands::add::render(&outcome));
            Ok(match outcome {
                citecheck::workflow::add::AddOutcome::Written { .. } => 0,
                citecheck::workflow::add::AddOutcome::Refused { .. } => 1,
            })
        }
        Command::Fix { common, dry_run } => {
            let plan = in_project(&common, |p| {
                let plan = citecheck::workflow::fix::plan_fix(p)?;
                if !dry_run {
                    citecheck::workflow::fix::apply_fix(p, &plan)?;
                }
                Ok(plan)
            })?;
            print(&commands::fix::render(&plan, dry_run));
            // Like `check`: 1 while entries are left for a person, so a CI step running
            // `fix --dry-run` fails until they are dealt with.
            Ok(u8::from(!plan.unfixed.is_empty()))
        }
        Command::Show { common, id } => {
            let shown = in_project(&common, |p| citecheck::workflow::show::show(p, &id))?;
            print(&commands::show::render(&shown));
            Ok(0)
        }
    }
}

/// A number in [0, 1].
fn fraction(s: &str) -> Result<f64, String> {
    let x: f64 = s.parse().map_err(|e| format!("{e}"))?;
    if (0.0..=1.0).contains(&x) {
        Ok(x)
    } else {
        Err(format!("{x} is outside [0, 1]"))
    }
}

/// Run `work`, showing a progress bar of judged entries on stderr when stderr is a terminal and
/// the run lasts more than a second (never in pipes, CI logs or the report itself).
fn with_progress<T>(done: &AtomicUsize, work: impl FnOnce() -> T + Send) -> T
where
    T: Send,
{
    if !std::io::stderr().is_terminal() || std::env::var_os("CI").is_some() {
        return work();
    }
    let finished = AtomicBool::new(false);
    std::thread::scope(|scope| {
        scope.spawn(|| {
            let start = Instant::now();
            let mut bar: Option<indicatif::ProgressBar> = None;
            while !finished.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(100));
                let n = done.load(Ordering::Relaxed) as u64;
                match &bar {
                    None if start.elapsed() > Duration::from_secs(1) => {
                        let b = indicatif::ProgressBar::new_spinner();
                        b.set_style(
                            indicatif::ProgressStyle::with_template(
                                "{spinner} {elapsed} {pos} entries checked",
                            )
                            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
                        );
                        b.set_position(n);
                        bar = Some(b);
                    }
                    Some(b) => b.set_position(n),
                    None => {}
                }
            }
            if let Some(b) = bar {
                b.finish_and_clear();
            }
        });
        let out = work();
        finished.store(true, Ordering::Relaxed);
        out
    })
}

/// Print to stdout (colour stripped unless a terminal allows it) or write FILE atomically
/// (always plain).
fn emit(rendered: &str, output: Option<&Path>) -> Result<(), Error> {
    match output {
        Some(path) => {
            if !has_escapes(rendered) {
                return citecheck::fs::write_atomic(path, rendered.as_bytes());
            }
            let plain = anstream::adapter::strip_str(rendered).to_string();
            citecheck::fs::write_atomic(path, plain.as_bytes())
        }
        None => {
            print(rendered);
            Ok(())
        }
    }
}

/// Read a JSON report written by `check --format json`.
fn read_report(path: &Path) -> Result<citecheck::Report, Error> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    serde_json::from_str(&text).map_err(|e| Error::Report {
        path: path.to_string_lossy().replace('\\', "/"),
        message: format!(
            "not a citecheck JSON report ({e}); write one with `citecheck check --format json --output FILE`"
        ),
    })
}

/// GitHub shows only ten annotations of a kind per step: when `GITHUB_STEP_SUMMARY` names the
/// step's summary file, append the Markdown report there too. Appending (not an atomic
/// replace) is what the runner expects: earlier steps' summaries stay.
fn append_step_summary(report: &citecheck::Report) -> Result<(), Error> {
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

fn report_error(root: Option<&Path>, e: &Error) {
    let mut err = anstream::stderr();
    match e {
        Error::Invalid(diags) => {
            let renderer =
                if std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
                    Renderer::styled()
                } else {
                    Renderer::plain()
                };
            for d in diags {
                let _ = writeln!(err, "{}", render_diagnostic(&renderer, root, d));
            }
            let _ = writeln!(
                err,
                "error: {} problem(s) found; nothing was checked",
                diags.len()
            );
        }
        other => {
            let _ = writeln!(err, "error: {other}");
        }
    }
}

fn render_diagnostic(renderer: &Renderer, root: Option<&Path>, d: &Diagnostic) -> String {
    let text = root.and_then(|r| std::fs::read_to_string(r.join(&d.file)).ok());
    let mut groups: Vec<Group<'_>> = Vec::new();
    let title = Level::ERROR.primary_title(d.message.as_str());
    let mut main = match (&text, d.span) {
        (Some(t), Some(span)) if span.1 <= t.len() => {
            let span = if span.0 == span.1 {
                span.0..(span.0 + 1).min(t.len())
            } else {
                span.0..span.1
            };
            title.element(
                Snippet::source(t.as_str())
                    .path(d.file.as_str())
                    .annotation(AnnotationKind::Primary.span(span).label(d.label.as_str())),
            )
        }
        _ => title.element(
            annotate_snippets::Origin::path(d.file.as_str())
                .line(d.line.max(1))
                .char_column(d.column.max(1)),
        ),
    };
    if let Some(help) = &d.help {
        main = main.element(Level::HELP.message(help.as_str()));
    }
    groups.push(main);
    let related_text;
    if let Some(r) = &d.related {
        related_text = root.and_then(|root| std::fs::read_to_string(root.join(&r.file)).ok());
        if let (Some(t), Some(span)) = (&related_text, r.span) {
            groups.push(
                Level::NOTE.secondary_title(r.message.as_str()).element(
                    Snippet::source(t.as_str())
                        .path(r.file.as_str())
                        .annotation(
                            AnnotationKind::Context
                                .span(span.0..span.1)
                                .label(r.label.as_str()),
                        ),
                ),
            );
        }
    }
    renderer.render(&groups)
}
