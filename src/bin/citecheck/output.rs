//! Where rendered text goes: standard output (colour stripped where it does not belong) or a
//! file written atomically (always plain).

use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use citecheck::{Error, Report};

/// `-q/--quiet`: nothing on standard error but errors.
static QUIET: AtomicBool = AtomicBool::new(false);
/// `--no-progress` (or `--quiet`): no spinner.
static NO_PROGRESS: AtomicBool = AtomicBool::new(false);

/// Apply the global flags once, before any command runs: `--color` sets anstream's choice for
/// both streams (`auto` keeps its reading of NO_COLOR, CLICOLOR_FORCE and the terminal).
pub fn configure(global: &crate::args::Global) {
    use crate::args::ColorWhen;
    match global.color {
        ColorWhen::Auto => {}
        ColorWhen::Always => anstream::ColorChoice::Always.write_global(),
        ColorWhen::Never => anstream::ColorChoice::Never.write_global(),
    }
    QUIET.store(global.quiet, Ordering::Relaxed);
    NO_PROGRESS.store(global.quiet || global.no_progress, Ordering::Relaxed);
}

/// Whether `--quiet` was given.
pub fn quiet() -> bool {
    QUIET.load(Ordering::Relaxed)
}

/// Whether the spinner is off (`--no-progress` or `--quiet`).
pub fn no_progress() -> bool {
    NO_PROGRESS.load(Ordering::Relaxed)
}

/// Whether standard error takes colour (`--color`, NO_COLOR, CLICOLOR_FORCE, a terminal).
pub fn stderr_coloured() -> bool {
    anstream::AutoStream::choice(&std::io::stderr()) != anstream::ColorChoice::Never
}

/// A line on standard error for people and CI logs (not with `--quiet`).
pub fn note(line: &str) {
    if !quiet() {
        let _ = writeln!(anstream::stderr(), "{line}");
    }
}

/// `n thing` or `n things`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The one-line result of a check, for standard error when the report itself goes to a file
/// or is not text: a CI log then still shows how the run went.
pub fn summary_line(report: &Report) -> String {
    let s = &report.summary;
    let mut line = format!(
        "citecheck: {}, {} failing; {}",
        count(s.entries, "entry", "entries"),
        s.failed,
        count(s.sources, "source", "sources"),
    );
    if s.sources_changed > 0 {
        line.push_str(&format!(" ({} changed)", s.sources_changed));
    }
    line
}

/// Whether `text` holds escape codes (colour). Only such text goes through anstream, which
/// strips them where colour does not belong; the machine formats hold none, and stripping
/// scans every byte of them (a tenth of a 10,000-quote check's time went there).
fn has_escapes(text: &str) -> bool {
    memchr::memchr(0x1b, text.as_bytes()).is_some()
}

/// Print `text` to standard output.
pub fn print(text: &str) {
    if has_escapes(text) {
        let _ = anstream::stdout().write_all(text.as_bytes());
    } else {
        let _ = std::io::stdout().lock().write_all(text.as_bytes());
    }
}

/// Refuse an output FILE that is a source or the lock of the project at `root` (the one found
/// upward from the current folder when `None`): exit 2, nothing written. Anything else the
/// user may choose.
pub fn refuse_protected(output: Option<&Path>, root: Option<&Path>) -> Result<(), Error> {
    let Some(path) = output else {
        return Ok(());
    };
    let found;
    let root = match root {
        Some(r) => Some(r),
        None => {
            found = std::env::current_dir()
                .ok()
                .and_then(|d| citecheck::config::find_root(&d));
            found.as_deref()
        }
    };
    match root {
        Some(root) => citecheck::fs::check_output(root, path, citecheck::config::LOCK_FILE),
        None => Ok(()),
    }
}

/// Print `text`, which holds no colour of ours but text from sources and claims files, with
/// every control character and bidi override shown escaped (see
/// [`citecheck::report::common::terminal_safe`]).
pub fn print_safe(text: &str) {
    print(&citecheck::report::common::terminal_safe(text));
}

/// Print to stdout (colour stripped unless a terminal allows it) or write FILE atomically
/// (always plain), once [`refuse_protected`] allows FILE.
pub fn emit(rendered: &str, output: Option<&Path>, root: Option<&Path>) -> Result<(), Error> {
    refuse_protected(output, root)?;
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
