//! JUnit XML for GitLab, Jenkins and other CI test views: one `<testsuite>` per claims file,
//! one `<testcase>` per entry (classname = claims file, name = entry id, `file` and `line`
//! attributes), a `<failure>` with the explanation and word diff for each failing entry, and
//! warnings in `<system-out>` (they pass, so they are not failures).
//!
//! A test's identity (classname, name) is where the entry is declared, never its verdict: an
//! entry that goes from verified to drifted is the same test failing, a regression CI
//! dashboards track, not a new failing test beside a vanished passing one. The finding code
//! is in the failure's `type` and message.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use super::common::{diff_plain, entry_location, escape, explanation, title};
use super::Reporter;
use crate::model::{EntryResult, Report, Severity};

/// Renders JUnit XML.
#[derive(Debug, Default)]
pub struct JunitReporter;

/// A failure's message: the title with the finding code, the explanation, and a claim's
/// evidence as cited (CI views often show only this line).
fn message(r: &EntryResult) -> String {
    let mut m = format!("{} ({}). {}", title(r), r.code, explanation(r));
    if let Some(e) = &r.evidence {
        let _ = write!(m, " Evidence as cited: “{e}”.");
    }
    m
}

fn testcase(out: &mut String, r: &EntryResult, name: &str) {
    let _ = write!(
        out,
        "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{}\" time=\"0\"",
        escape(name),
        escape(&r.file),
        escape(&r.file),
        r.line
    );
    let sev = r.severity();
    if sev == Severity::Pass {
        out.push_str("/>\n");
        return;
    }
    out.push_str(">\n");
    let mut body = format!("{}\n{}\n", entry_location(r), explanation(r));
    let _ = writeln!(body, "Text: {}", r.text);
    if let Some(e) = &r.evidence {
        let _ = writeln!(body, "Evidence as cited: {e}");
    }
    if let Some(f) = super::common::in_file_label(r) {
        let _ = writeln!(body, "In the file: {f}");
    }
    if let Some(d) = &r.diff {
        let _ = writeln!(
            body,
            "Diff ([-entry only-]{{+source only+}}): {}",
            diff_plain(d)
        );
    }
    if let Some(n) = &r.note {
        let _ = writeln!(body, "Note: {n}");
    }
    if sev == Severity::Error {
        let _ = writeln!(
            out,
            "      <failure message=\"{}\" type=\"{}\">{}</failure>",
            escape(&message(r)),
            escape(r.code.as_str()),
            escape(&body)
        );
    } else {
        let _ = writeln!(
            out,
            "      <system-out>warning ({}): {}</system-out>",
            escape(r.code.as_str()),
            escape(&body)
        );
    }
    out.push_str("    </testcase>\n");
}

impl Reporter for JunitReporter {
    fn render(&self, report: &Report) -> String {
        let mut by_file: BTreeMap<&str, Vec<&EntryResult>> = BTreeMap::new();
        for r in &report.results {
            by_file.entry(r.file.as_str()).or_default().push(r);
        }
        let failures = report
            .results
            .iter()
            .filter(|r| r.severity() == Severity::Error)
            .count();
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        let _ = writeln!(
            out,
            "<testsuites name=\"citecheck\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\" time=\"0\">",
            report.results.len()
        );
        for (file, entries) in by_file {
            let fails = entries
                .iter()
                .filter(|r| r.severity() == Severity::Error)
                .count();
            let _ = writeln!(
                out,
                "  <testsuite name=\"{}\" file=\"{}\" tests=\"{}\" failures=\"{fails}\" errors=\"0\" skipped=\"0\" time=\"0\">",
                escape(file),
                escape(file),
                entries.len()
            );
            // The provenance of the sources this suite's entries cite (fetched, or read by an
            // extractor), as suite properties: CI keeps them beside the results.
            let cited: BTreeSet<&str> = entries.iter().map(|r| r.source.as_str()).collect();
            let described: Vec<(String, String)> = report
                .sources
                .iter()
                .filter(|s| cited.contains(s.path.as_str()))
                .filter_map(|s| super::common::provenance_line(s).map(|p| (s.path.clone(), p)))
                .collect();
            if !described.is_empty() {
                out.push_str("    <properties>\n");
                for (path, p) in described {
                    let _ = writeln!(
                        out,
                        "      <property name=\"source {}\" value=\"{}\"/>",
                        escape(&path),
                        escape(&p)
                    );
                }
                out.push_str("    </properties>\n");
            }
            // Ids are unique project-wide, but a report may be hand-made or merged: keep test
            // names unique within a suite whatever the input.
            let mut seen = BTreeSet::new();
            for r in entries {
                let name = if seen.insert(r.id.as_str()) {
                    r.id.clone()
                } else {
                    format!("{} (line {})", r.id, r.line)
                };
                testcase(&mut out, r, &name);
            }
            out.push_str("  </testsuite>\n");
        }
        out.push_str("</testsuites>\n");
        out
    }
}
