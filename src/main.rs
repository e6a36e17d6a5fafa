//! The `citecheck` command line: parse arguments, call the library, render, exit.
//!
//! Exit codes: 0 nothing fails; 1 an entry (or, with `--locked`, a source) fails; 2 bad input or
//! usage.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

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
    },
    /// Find passages repeated within or across sources, identically or nearly.
    Dups {
        #[command(flatten)]
        common: Common,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Shortest passage reported, in words (default: citecheck.toml `[dups] min_words`, 8).
        #[arg(long, value_name = "N")]
        min_words: Option<usize>,
        /// Lowest word-level similarity of near duplicates, 0-1 (default: `[dups] similarity`,
        /// 0.8).
        #[arg(long, value_name = "X", value_parser = fraction)]
        similarity: Option<f64>,
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
        } => {
            let project = open(&common)?;
            let root = Some(project.root.clone());
            let report = citecheck::check(&project, &CheckOptions { fail_on, locked })
                .map_err(|e| (root.clone(), e))?;
            let rendered = reporter(format).render(&report);
            emit(&rendered, output.as_deref()).map_err(|e| (root, e))?;
            Ok(report.exit_code() as u8)
        }
        Command::Dups {
            common,
            format,
            min_words,
            similarity,
        } => {
            let project = open(&common)?;
            let root = Some(project.root.clone());
            let mut options = citecheck::dups::DupOptions::from(&project.config.dups);
            options.min_words = min_words.unwrap_or(options.min_words);
            options.similarity = similarity.unwrap_or(options.similarity);
            let report =
                citecheck::duplicates(&project, &options).map_err(|e| (root.clone(), e))?;
            emit(&report.render(format), None).map_err(|e| (root, e))?;
            Ok(0)
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

/// A number in [0, 1].
fn fraction(s: &str) -> Result<f64, String> {
    let x: f64 = s.parse().map_err(|e| format!("{e}"))?;
    if (0.0..=1.0).contains(&x) {
        Ok(x)
    } else {
        Err(format!("{x} is outside [0, 1]"))
    }
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
