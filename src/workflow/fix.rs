//! `citecheck fix`: move the pointers of entries found elsewhere to where their words are, and
//! refresh stale `sha256` pins; list for a person what it cannot fix.

use std::collections::BTreeMap;
use std::path::Path;

use crate::claims::write::{self as edit, Change, EntryChange};
use crate::claims::{Entry, Pointer};
use crate::config::Project;
use crate::error::{Error, Result};
use crate::judge::{self, Thresholds, Verdict};
use crate::locate::IndexLocator;
use crate::model::{Kind, Span, Status};
use crate::report::common::{diff_plain, lines_phrase};
use crate::source::Source;

/// A change `fix` makes (or would make) to one entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Fixed {
    /// Entry id.
    pub id: String,
    /// Claims file and line.
    pub file: String,
    /// Line of the entry's header.
    pub line: usize,
    /// What changes, for people (`span [5671, 5774] -> [5684, 5787]`).
    pub what: Vec<String>,
}

/// An entry `fix` leaves for a person.
#[derive(Debug, Clone, PartialEq)]
pub struct Unfixed {
    /// Entry id.
    pub id: String,
    /// Claims file.
    pub file: String,
    /// Line of the entry's header.
    pub line: usize,
    /// Its status.
    pub status: Status,
    /// Why, with the diff for drifted entries.
    pub detail: String,
}

/// One claims file `fix` rewrites.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rewrite {
    /// The claims file, relative to the project root.
    pub file: String,
    /// Its text now.
    pub old: String,
    /// Its text after the fix.
    pub new: String,
}

/// Everything `fix` found: the rewritten files and what it could not fix.
#[derive(Debug, Clone, Default)]
pub struct FixPlan {
    /// Each claims file that changes.
    pub files: Vec<Rewrite>,
    /// Entries whose pointer or pin changes.
    pub fixed: Vec<Fixed>,
    /// Entries left for a person.
    pub unfixed: Vec<Unfixed>,
}

/// Work out what `fix` changes: for every entry found elsewhere than its pointer, the pointer
/// moves to the occurrence found (the declared prefix/suffix, then nearness to the old position,
/// choose among copies: the rules of `judge`); stale `sha256` pins are refreshed where the text
/// still matches. Texts are never changed. Drifted, missing, ambiguous, contradicted and unsupported entries
/// are listed for a person.
pub fn plan_fix(project: &Project) -> Result<FixPlan> {
    let loaded = crate::check::load(project)?;
    let t = Thresholds::from(&project.config);
    let all: Vec<&Source> = loaded.sources.iter().collect();
    let mut plan = FixPlan::default();
    let mut changes: BTreeMap<String, Vec<EntryChange>> = BTreeMap::new();
    for e in &loaded.entries {
        let Some(src) = loaded.sources.iter().find(|s| s.id == e.source) else {
            continue;
        };
        let v = judge::judge(&IndexLocator, e, src, &all, &t);
        // A claim without `evidence` has no words to find again: its lines cannot be moved,
        // and a stale pin cannot be confirmed.
        let findable = e.kind == Kind::Quote || e.evidence.is_some();
        let stale_pin = e.sha256.as_ref().is_some_and(|h| *h != src.sha256);
        let located = findable
            && !matches!(
                v.status,
                Status::Missing | Status::Drifted | Status::Ambiguous
            );
        if let (true, Some(found)) = (located, v.found) {
            let (what, list) = entry_changes(e, src, &v, found, stale_pin);
            if !what.is_empty() {
                plan.fixed.push(Fixed {
                    id: e.id.clone(),
                    file: e.origin.file.clone(),
                    line: e.origin.line,
                    what,
                });
            }
            if !list.is_empty() {
                changes
                    .entry(e.origin.file.clone())
                    .or_default()
                    .extend(list);
            }
        }
        if let Some(detail) = left_for_a_person(&v, src, findable, stale_pin) {
            plan.unfixed.push(Unfixed {
                id: e.id.clone(),
                file: e.origin.file.clone(),
                line: e.origin.line,
                status: v.status,
                detail,
            });
        }
    }
    for (file, list) in changes {
        let (path, _) = crate::fs::confine_write(&project.root, "claims", Path::new(&file))?;
        let limit = project.config.check.max_source_bytes;
        let Some(old) = crate::fs::read_tree_text(&path, &file, limit)? else {
            return Err(Error::io(&path, std::io::ErrorKind::NotFound.into()));
        };
        // A CRLF claims file stays CRLF (the edited values come back with LF).
        let crlf = crate::fs::uses_crlf(&old);
        let new = crate::fs::with_line_endings(edit::apply_changes(&file, &old, &list)?, crlf);
        if new != old {
            plan.files.push(Rewrite { file, old, new });
        }
    }
    Ok(plan)
}

/// What changes for entry `e`, located at `found` (verdict `v`): the lines people read, and the
/// in-place changes to its claims file. A pointer moves only when the words lie outside it.
fn entry_changes(
    e: &Entry,
    src: &Source,
    v: &Verdict,
    found: Span,
    stale_pin: bool,
) -> (Vec<String>, Vec<EntryChange>) {
    let mut what = Vec::new();
    let mut list = Vec::new();
    // A stale pointer (it no longer fits the changed source) moves to where the words are.
    let moved = v.stale_pointer
        || v.region
            .is_some_and(|r| found.start < r.start || found.end > r.end);
    let lines = src.lines_of(found);
    match (moved, e.pointer) {
        (true, Some(Pointer::Span(a, b))) => {
            what.push(format!(
                "span [{a}, {b}] -> [{}, {}]",
                found.start, found.end
            ));
            list.push((
                e.kind,
                e.id.clone(),
                Change::Pointer(Pointer::Span(found.start, found.end)),
                Some(lines),
            ));
        }
        (true, Some(Pointer::Lines(a, b))) => {
            what.push(format!("lines [{a}, {b}] -> [{}, {}]", lines[0], lines[1]));
            list.push((
                e.kind,
                e.id.clone(),
                Change::Pointer(Pointer::Lines(lines[0], lines[1])),
                None,
            ));
        }
        _ => {}
    }
    if stale_pin {
        what.push("sha256 pin refreshed".into());
        list.push((
            e.kind,
            e.id.clone(),
            Change::Sha256(src.sha256.clone()),
            None,
        ));
    }
    (what, list)
}

/// Why an entry with verdict `v` is left for a person, or `None` when `fix` has dealt with it.
fn left_for_a_person(v: &Verdict, src: &Source, findable: bool, stale_pin: bool) -> Option<String> {
    let detail = match v.status {
        Status::Drifted => format!(
            "the words differ from the source (similarity {:.2}); a person decides\n      diff: {}",
            v.similarity.unwrap_or(0.0),
            v.diff.as_deref().map(diff_plain).unwrap_or_default()
        ),
        Status::Missing if v.found_in.is_empty() => "found nowhere in its source".into(),
        Status::Missing => format!("not in its source; found in {}", v.found_in.join(", ")),
        Status::Ambiguous => format!(
            "{} copies ({}{}); add a span, lines or prefix/suffix to choose",
            v.occurrence_count,
            v.occurrences
                .iter()
                .map(|&s| lines_phrase(&src.lines_of(s)))
                .collect::<Vec<_>>()
                .join(", "),
            match v.occurrence_count.saturating_sub(v.occurrences.len()) {
                0 => String::new(),
                more => format!(" and {more} more"),
            }
        ),
        Status::Unsupported => format!("the evidence lacks: {}", v.missing_terms.join(", ")),
        Status::Contradicted => format!(
            "the evidence says otherwise: {}",
            v.findings
                .iter()
                .map(|f| format!("{} ({} / {})", f.rule.as_str(), f.claim, f.evidence))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        _ if !findable && stale_pin => String::new(),
        _ => return None,
    };
    if !findable && stale_pin {
        let pin = "the source changed since pinned and the claim has no `evidence` to find again; check the cited lines, then update or remove its `sha256`";
        if detail.is_empty() {
            return Some(pin.to_string());
        }
        return Some(format!("{detail}; {pin}"));
    }
    Some(detail)
}

/// Write the plan's files (atomically).
pub fn apply_fix(project: &Project, plan: &FixPlan) -> Result<()> {
    for r in &plan.files {
        let (path, _) = crate::fs::confine_write(&project.root, "claims", Path::new(&r.file))?;
        // Under the folder's lock (as `add` appends), and only over the text the plan was made
        // from: a file another run changed meanwhile is left as it is, never overwritten.
        let _lock = path.parent().and_then(crate::fs::lock_folder);
        let now = crate::fs::read_tree_text(&path, &r.file, crate::fs::DEFAULT_MAX_BYTES)?;
        if now.as_deref() != Some(r.old.as_str()) {
            return Err(Error::Usage(format!(
                "{} changed while `fix` was planning its changes; nothing was written to it \
                 (help: run `citecheck fix` again)",
                r.file
            )));
        }
        crate::fs::write_atomic(&path, r.new.as_bytes())?;
    }
    Ok(())
}

impl FixPlan {
    /// The unified diff of every change.
    pub fn diff(&self) -> String {
        self.files
            .iter()
            .map(|r| edit::unified_diff(&r.file, &r.old, &r.new))
            .collect()
    }
}
