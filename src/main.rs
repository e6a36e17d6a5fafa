//! The `citecheck` command line: parse arguments, call the library, render, exit.
//!
//! Exit codes: 0 nothing fails; 1 an entry (or, with `--locked`, a source) fails; 2 bad input or
//! usage.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use clap::{Args, Parser, Subcommand};

use citecheck::report::{reporter, Format};
use citecheck::{CheckOptions, Diagnostic, Error, FailOn, Project};

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
        format: Format,
        /// Write the report to FILE (atomically) instead of standard output.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Also fail on these (comma-separated): relocated, normalized, source_changed.
        /// drifted, missing, ambiguous and unsupported always fail.
        #[arg(long, value_enum, value_delimiter = ',', value_name = "LIST")]
        fail_on: Vec<FailOn>,
        /// Fail when any source differs from citecheck.lock (or is not in it).
        #[arg(long)]
        locked: bool,
        /// Check only shard K of N (a deterministic 1/N of the entries, reading only the
        /// sources they cite); combine the shards' JSON reports with `citecheck merge`.
        #[arg(long, value_name = "K/N")]
        shard: Option<citecheck::Shard>,
    },
    /// Combine the JSON reports of `check --shard K/N` runs into the report of the whole run.
    Merge {
        /// The shard reports (every shard of one run, any order).
        #[arg(required = true, value_name = "REPORT.json")]
        reports: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Write the report to FILE (atomically) instead of standard output.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Write citecheck.lock: the SHA-256 and size of every source.
    Lock {
        #[command(flatten)]
        common: Common,
    },
}

fn main() -> ExitCode {
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
        Some(r) => Project::open(r).map_err(|e| (Some(r.clone()), e)),
        None => {
            let cwd = std::env::current_dir().map_err(|e| (None, Error::io(".", e)))?;
            Project::discover(&cwd).map_err(|e| (None, e))
        }
    }
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
        } => {
            let project = open(&common)?;
            let root = Some(project.root.clone());
            let progress = Arc::new(AtomicUsize::new(0));
            let options = CheckOptions {
                fail_on,
                locked,
                shard,
                progress: Some(progress.clone()),
            };
            let report = with_progress(&progress, || citecheck::check(&project, &options))
                .map_err(|e| (root.clone(), e))?;
            let rendered = reporter(format).render(&report);
            emit(&rendered, output.as_deref()).map_err(|e| (root, e))?;
            Ok(report.exit_code() as u8)
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
            let report = citecheck::shard::merge(shards).map_err(|e| (None, e))?;
            let rendered = reporter(format).render(&report);
            emit(&rendered, output.as_deref()).map_err(|e| (None, e))?;
            Ok(report.exit_code() as u8)
        }
        Command::Lock { common } => {
            let project = open(&common)?;
            let root = Some(project.root.clone());
            let lock = citecheck::write_lock(&project).map_err(|e| (root, e))?;
            let mut out = anstream::stdout();
            for s in &lock.sources {
                let _ = writeln!(out, "{}  {}  {} bytes", s.sha256, s.path, s.bytes);
            }
            let _ = writeln!(
                out,
                "wrote {} ({} sources)",
                citecheck::project::LOCK_FILE,
                lock.sources.len()
            );
            Ok(0)
        }
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
            let plain = anstream::adapter::strip_str(rendered).to_string();
            citecheck::edit::write_atomic(path, plain.as_bytes())
        }
        None => {
            let mut out = anstream::stdout();
            let _ = out.write_all(rendered.as_bytes());
            Ok(())
        }
    }
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
