//! The `pdftotext` engine: poppler's program, when installed, for documents the built-in
//! reader reads poorly.
//!
//! It runs as `pdftotext -enc UTF-8 -eol unix IN OUT` on temporary files, in its default
//! reading-order mode: `-layout` would pad columns with runs of spaces and interleave the
//! lines of side-by-side columns, which breaks sentences apart; reading order keeps each
//! column's sentences together. Pages come back separated by form feeds. The run has a time
//! limit, after which the program is killed.

use std::io::ErrorKind;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::FORMAT;
use crate::extract::ExtractError;

/// The program run.
const PROGRAM: &str = "pdftotext";

/// How long one run may take before it is killed.
const TIME_LIMIT: Duration = Duration::from_secs(120);

/// The text of each page and the extractor's name (`pdftotext 24.02.0`).
pub fn pages(bytes: &[u8]) -> Result<(Vec<String>, String), ExtractError> {
    run(PROGRAM, bytes)
}

/// [`pages`] with the program named (the tests name one that does not exist).
pub(super) fn run(program: &str, bytes: &[u8]) -> Result<(Vec<String>, String), ExtractError> {
    let fail = |reason: String| ExtractError::Program {
        program: PROGRAM,
        reason,
    };
    let dir = tempfile::tempdir().map_err(|e| fail(format!("no temporary folder: {e}")))?;
    let input = dir.path().join("in.pdf");
    let output = dir.path().join("out.txt");
    let errors = dir.path().join("err.txt");
    std::fs::write(&input, bytes).map_err(|e| fail(format!("writing a temporary copy: {e}")))?;

    // `-v` prints "pdftotext version 24.02.0" (and copyright lines) on stderr.
    let version_out = dir.path().join("version.txt");
    let status = wait(
        Command::new(program).arg("-v"),
        &version_out,
        &version_out,
        program,
    )?;
    let banner = std::fs::read_to_string(&version_out).unwrap_or_default();
    let version = banner
        .lines()
        .find_map(|l| l.trim().strip_prefix("pdftotext version "))
        .map(str::trim)
        .filter(|v| !v.is_empty());
    let Some(version) = version.map(str::to_string) else {
        return Err(fail(format!(
            "`{program} -v` did not name a pdftotext version (exit {status:?})"
        )));
    };

    let mut cmd = Command::new(program);
    cmd.args(["-enc", "UTF-8", "-eol", "unix"])
        .arg(&input)
        .arg(&output);
    let status = wait(&mut cmd, &errors, &errors, program)?;
    let stderr = std::fs::read_to_string(&errors).unwrap_or_default();
    let first = stderr
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim();
    match status {
        Some(0) => {}
        // poppler's exit codes: 1 cannot open (corrupt), 3 permissions (encrypted).
        Some(1) | Some(3) => {
            return Err(ExtractError::Malformed {
                format: FORMAT,
                reason: format!("pdftotext: {first}"),
            })
        }
        other => return Err(fail(format!("exit {other:?}: {first}"))),
    }
    let raw = std::fs::read(&output).map_err(|e| fail(format!("reading its output: {e}")))?;
    let text = String::from_utf8_lossy(&raw);
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    // pdftotext ends every page with a form feed: the piece after the last one is no page.
    if pages.len() > 1 && pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    Ok((pages, format!("pdftotext {version}")))
}

/// Run `cmd` with its stdout and stderr sent to files, killing it after [`TIME_LIMIT`];
/// its exit code (None when killed by a signal).
fn wait(
    cmd: &mut Command,
    out: &Path,
    err: &Path,
    program: &str,
) -> Result<Option<i32>, ExtractError> {
    let fail = |reason: String| ExtractError::Program {
        program: PROGRAM,
        reason,
    };
    let out_file = std::fs::File::create(out).map_err(|e| fail(e.to_string()))?;
    let err_file = if out == err {
        out_file.try_clone().map_err(|e| fail(e.to_string()))?
    } else {
        std::fs::File::create(err).map_err(|e| fail(e.to_string()))?
    };
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(out_file)
        .stderr(err_file)
        .spawn()
        .map_err(|e| match e.kind() {
            ErrorKind::NotFound => fail(format!(
                "`{program}` is not installed (not found on PATH); install poppler-utils, \
                 or use the builtin PDF engine"
            )),
            _ => fail(e.to_string()),
        })?;
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Ok(status.code()),
            Ok(None) if start.elapsed() > TIME_LIMIT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(fail(format!(
                    "took longer than {} s and was stopped",
                    TIME_LIMIT.as_secs()
                )));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => return Err(fail(e.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_program_is_a_program_error_naming_it() {
        let err = run("citecheck-no-such-pdftotext", b"%PDF-1.4\n").unwrap_err();
        match err {
            ExtractError::Program { program, reason } => {
                assert_eq!(program, "pdftotext");
                assert!(reason.contains("not installed"), "{reason}");
            }
            other => panic!("expected a Program error, got {other:?}"),
        }
    }

    #[test]
    fn a_program_that_is_not_pdftotext_is_refused() {
        // `true` runs and exits 0 but names no version: refused, not read as empty text.
        if Path::new("/bin/true").exists() {
            let err = run("/bin/true", b"%PDF-1.4\n").unwrap_err();
            assert!(matches!(err, ExtractError::Program { .. }), "{err:?}");
        }
    }
}
