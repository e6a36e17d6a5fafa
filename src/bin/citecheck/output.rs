//! Where rendered text goes: standard output (colour stripped where it does not belong) or a
//! file written atomically (always plain).

use std::io::Write;
use std::path::Path;

use citecheck::Error;

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
