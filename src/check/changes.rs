//! What changed since a git revision (`check --changed-since REV`), so a pull request is
//! annotated only with the entries it touched: entries whose claims lines changed, and entries
//! citing a source that changed. The full check still runs; this only narrows the report.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use crate::error::{Diagnostic, Error, Result};
use crate::model::{Report, Summary};

/// Files and lines changed since a revision, root-relative with forward slashes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChangeSet {
    /// Changed, added or untracked files under sources/ and claims/.
    pub files: BTreeSet<String>,
    /// Per claims file, the changed line ranges `[first, last]` of its current version.
    /// Files new since the revision are in `new_files` instead.
    pub lines: BTreeMap<String, Vec<[usize; 2]>>,
    /// Files that did not exist at the revision (or are untracked): every line counts.
    pub new_files: BTreeSet<String>,
}

fn git(root: &Path, args: &[&str]) -> Result<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["-c", "core.quotePath=false"])
        .args(args)
        .output()
        .map_err(|e| Error::io("git", e))?;
    if !out.status.success() {
        return Err(Error::Invalid(vec![Diagnostic::file(
            ".",
            format!(
                "`git {}` failed: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr).trim()
            ),
        )
        .help("--changed-since needs a git work tree and a revision git knows (a commit, branch or tag)")]));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Parse `git diff -U0` output into changed files and new-side line ranges.
pub fn parse_diff(diff: &str, changes: &mut ChangeSet) {
    let mut file: Option<String> = None;
    let mut old_missing = false;
    for line in diff.lines() {
        if line.starts_with("diff --git ") {
            file = None;
            old_missing = false;
        } else if line == "--- /dev/null" {
            old_missing = true;
        } else if let Some(path) = line.strip_prefix("+++ ") {
            file = path.strip_prefix("b/").map(str::to_string);
            if let Some(f) = &file {
                changes.files.insert(f.clone());
                if old_missing {
                    changes.new_files.insert(f.clone());
                }
            }
        } else if let (Some(f), Some(hunk)) = (&file, line.strip_prefix("@@ ")) {
            // `@@ -a[,b] +c[,d] @@`: the new side starts at c and has d lines (default 1).
            let Some(new) = hunk.split_whitespace().find_map(|p| p.strip_prefix('+')) else {
                continue;
            };
            let mut parts = new.split(',');
            let start: usize = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0);
            let count: usize = parts.next().and_then(|s| s.parse().ok()).unwrap_or(1);
            // A pure deletion (count 0) sits after line `start`: mark the lines on both sides.
            let range = if count == 0 {
                [start.max(1), start + 1]
            } else {
                [start, start + count - 1]
            };
            changes.lines.entry(f.clone()).or_default().push(range);
        }
    }
}

/// What changed under sources/ and claims/ between `rev` and the work tree (staged, unstaged
/// and untracked files included).
///
/// A `rev` that is empty or starts with `-` is refused: git would read it as an option (one
/// that writes files, `--output=FILE`, among them). It is also passed after
/// `--end-of-options`, so git never reads it as one.
pub fn changed_since(root: &Path, rev: &str) -> Result<ChangeSet> {
    if let Some(why) = bad_revision(rev) {
        return Err(Error::Usage(why));
    }
    let mut changes = ChangeSet::default();
    let diff = git(
        root,
        &[
            "diff",
            "--no-color",
            "--no-ext-diff",
            "-U0",
            "--relative",
            "--end-of-options",
            rev,
            "--",
            "sources",
            "claims",
        ],
    )?;
    parse_diff(&diff, &mut changes);
    let untracked = git(
        root,
        &[
            "ls-files",
            "--others",
            "--exclude-standard",
            "--",
            "sources",
            "claims",
        ],
    )?;
    for f in untracked.lines().filter(|l| !l.is_empty()) {
        changes.files.insert(f.to_string());
        changes.new_files.insert(f.to_string());
    }
    Ok(changes)
}

/// Why `rev` is not accepted as `--changed-since` revision, when it is not.
pub fn bad_revision(rev: &str) -> Option<String> {
    if rev.is_empty() {
        return Some(
            "--changed-since needs a git revision (a commit, branch or tag), e.g. \
             `--changed-since origin/main`"
                .to_string(),
        );
    }
    rev.starts_with('-').then(|| {
        format!(
            "--changed-since {rev:?} starts with `-`, so git would read it as an option, not a \
             revision; give a commit, branch or tag (e.g. `--changed-since origin/main`)"
        )
    })
}

/// The part of `report` that `changes` touched: entries whose lines in their claims file
/// changed (an entry spans from its header to the line before the next entry's header) or
/// whose source changed, and the sources those entries cite or that changed. Counts are
/// recomputed for what is kept; verdicts are untouched.
pub fn filter(report: &Report, changes: &ChangeSet) -> Report {
    let mut keep = Vec::new();
    for (i, r) in report.results.iter().enumerate() {
        let next = report.results[i + 1..]
            .iter()
            .find(|n| n.file == r.file && n.line > r.line)
            .map_or(usize::MAX, |n| n.line - 1);
        let lines_changed = changes
            .lines
            .get(&r.file)
            .is_some_and(|ranges| ranges.iter().any(|l| l[0] <= next && l[1] >= r.line));
        if lines_changed || changes.new_files.contains(&r.file) || changes.files.contains(&r.source)
        {
            keep.push(r.clone());
        }
    }
    let cited: BTreeSet<&str> = keep.iter().map(|r| r.source.as_str()).collect();
    let sources: Vec<_> = report
        .sources
        .iter()
        .filter(|s| cited.contains(s.path.as_str()) || changes.files.contains(&s.path))
        .cloned()
        .collect();
    let summary = Summary::compute(&keep, &sources);
    Report {
        version: report.version,
        tool: report.tool.clone(),
        sources,
        results: keep,
        summary,
        duplicates: report.duplicates.clone(),
        shard: report.shard,
        project_dir: report.project_dir.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_hunks_become_new_side_line_ranges() {
        let diff = "diff --git a/claims/a.toml b/claims/a.toml\n\
                    --- a/claims/a.toml\n+++ b/claims/a.toml\n\
                    @@ -3 +3 @@\n-x\n+y\n@@ -10,2 +10,0 @@\n-a\n-b\n@@ -20,0 +19,3 @@\n+c\n\
                    diff --git a/claims/new.toml b/claims/new.toml\n\
                    --- /dev/null\n+++ b/claims/new.toml\n@@ -0,0 +1,2 @@\n+q\n+r\n";
        let mut c = ChangeSet::default();
        parse_diff(diff, &mut c);
        assert_eq!(c.lines["claims/a.toml"], [[3, 3], [10, 11], [19, 21]]);
        assert!(c.new_files.contains("claims/new.toml"));
        assert!(!c.new_files.contains("claims/a.toml"));
        assert_eq!(c.files.len(), 2);
    }
}
