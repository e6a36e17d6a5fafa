//! GitHub Actions workflow commands: `::error file=...,line=...,col=...,title=...::message` for
//! each failing entry and `::warning ...` for each warning, so the pull request shows them
//! inline. `file=` paths are from the repository's top level (the checkout GitHub resolves
//! them against), so a project in a subfolder annotates its own files. Values are escaped as the runner requires (`%`, CR and LF in messages; also `:` and
//! `,` in properties). GitHub shows only ten annotations of a kind per step, so the binary also
//! appends the Markdown report to `$GITHUB_STEP_SUMMARY` when it is set.

use std::fmt::Write;

use super::common::{count, diff_plain, explanation, repo_path, source_change, title};
use super::Reporter;
use crate::model::{Code, Report, Severity};

/// Renders workflow commands.
#[derive(Debug, Default)]
pub struct GithubReporter;

/// Escape a command's message (the part after `::`).
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a command property value (`file=`, `title=`, ...).
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn command(sev: Severity) -> &'static str {
    match sev {
        Severity::Error => "error",
        _ => "warning",
    }
}

impl Reporter for GithubReporter {
    fn render(&self, report: &Report) -> String {
        let mut out = String::new();
        for r in &report.results {
            let sev = r.severity();
            if sev == Severity::Pass {
                continue;
            }
            let mut msg = explanation(r);
            if let Some(e) = &r.evidence {
                let _ = write!(msg, "\nEvidence as cited: {e}");
            }
            if let Some(f) = super::common::in_file_label(r) {
                let _ = write!(msg, "\nIn the file: {f}");
            }
            if let Some(d) = &r.diff {
                let _ = write!(
                    msg,
                    "\nDiff ([-entry only-]{{+source only+}}): {}",
                    diff_plain(d)
                );
            }
            let _ = writeln!(
                out,
                "::{} file={},line={},col={},title={}::{}",
                command(sev),
                escape_property(&repo_path(report, &r.file)),
                r.line,
                r.column,
                escape_property(&format!("{} ({})", title(r), r.code)),
                escape_data(&msg)
            );
        }
        for s in &report.sources {
            let sev = s.severity();
            if sev == Severity::Pass {
                continue;
            }
            let _ = writeln!(
                out,
                "::{} file={},title={}::{}",
                command(sev),
                escape_property(&repo_path(report, &s.path)),
                escape_property(&format!("source changed ({})", Code::SourceChanged)),
                escape_data(&source_change(s))
            );
        }
        let sm = &report.summary;
        let _ = writeln!(
            out,
            "citecheck: {}, {} failing, {} ({} changed)",
            count(sm.entries, "entry", "entries"),
            sm.failed,
            count(sm.sources, "source", "sources"),
            sm.sources_changed
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_runner_requires() {
        assert_eq!(escape_data("50% a\r\nb: c, d"), "50%25 a%0D%0Ab: c, d");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
