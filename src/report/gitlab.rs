//! GitLab Code Quality JSON (`artifacts: reports: codequality`), which merge requests show as
//! a widget and inline in the diff: an array of issues, one per failing or warning entry and
//! one per changed source, each with `description`, `check_name` (the finding code),
//! `fingerprint`, `severity` and `location` (`path` from the repository's top level,
//! `lines.begin`).
//!
//! The fingerprint is what GitLab compares between the base and the head pipeline to say
//! which issues a merge request introduced or fixed, so it hashes what identifies the finding
//! (claims file, entry id, code), never a position: an entry moving down its file stays the
//! same issue.

use std::fmt::Write;

use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::common::{diff_plain, explanation, repo_path, source_change, title};
use super::Reporter;
use crate::model::{Code, EntryResult, Report, Severity, SourceReport, Status};

/// Renders GitLab Code Quality JSON.
#[derive(Debug, Default)]
pub struct GitlabReporter;

/// Hex SHA-256 of the parts, each ended by a NUL (so `a`+`bc` and `ab`+`c` differ).
fn fingerprint(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0]);
    }
    crate::fs::hex(&h.finalize())
}

/// GitLab's severity for an entry: a quotation or claim the source does not hold at all, or
/// says the opposite of, is `critical`; any other failure `major`; a passing entry that warns
/// (relocated, normalized, source changed) `minor`.
fn entry_severity(r: &EntryResult) -> &'static str {
    match r.severity() {
        Severity::Error if matches!(r.status, Status::Missing | Status::Contradicted) => "critical",
        Severity::Error => "major",
        _ => "minor",
    }
}

fn source_severity(s: &SourceReport) -> &'static str {
    match s.severity() {
        Severity::Error => "major",
        _ => "minor",
    }
}

fn entry_issue(report: &Report, r: &EntryResult) -> Value {
    // A passing verdict whose only problem is a changed source is reported under that code
    // (as in SARIF).
    let code = if r.status.severity() == Severity::Pass && r.source_changed {
        Code::SourceChanged
    } else {
        r.code
    };
    let mut description = format!("{}: {}", title(r), explanation(r));
    if let Some(e) = &r.evidence {
        let _ = write!(description, " Evidence as cited: “{e}”.");
    }
    if let Some(d) = &r.diff {
        let _ = write!(description, " Diff: {}", diff_plain(d));
    }
    json!({
        "type": "issue",
        "description": description,
        "check_name": code.as_str(),
        "categories": ["Bug Risk"],
        "fingerprint": fingerprint(&[&r.file, &r.id, code.as_str()]),
        "severity": entry_severity(r),
        "location": {
            "path": repo_path(report, &r.file),
            "lines": { "begin": r.line },
        },
    })
}

fn source_issue(report: &Report, s: &SourceReport) -> Value {
    let code = Code::SourceChanged;
    let description = format!("{} changed: {}.", s.path, source_change(s));
    json!({
        "type": "issue",
        "description": description,
        "check_name": code.as_str(),
        "categories": ["Bug Risk"],
        "fingerprint": fingerprint(&[&s.path, code.as_str()]),
        "severity": source_severity(s),
        "location": {
            "path": repo_path(report, &s.path),
            "lines": { "begin": 1 },
        },
    })
}

impl Reporter for GitlabReporter {
    fn render(&self, report: &Report) -> String {
        let mut issues: Vec<Value> = report
            .results
            .iter()
            .filter(|r| r.severity() != Severity::Pass)
            .map(|r| entry_issue(report, r))
            .collect();
        issues.extend(
            report
                .sources
                .iter()
                .filter(|s| s.severity() != Severity::Pass)
                .map(|s| source_issue(report, s)),
        );
        let mut s = serde_json::to_string_pretty(&Value::Array(issues))
            .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
        s.push('\n');
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_separates_its_parts() {
        assert_ne!(fingerprint(&["a", "bc"]), fingerprint(&["ab", "c"]));
        assert_eq!(fingerprint(&["a", "b"]).len(), 64);
    }
}
