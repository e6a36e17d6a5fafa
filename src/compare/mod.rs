//! What changed between two reports (`citecheck diff OLD.json NEW.json`), for auditors who
//! re-run a check after a source was re-released: sources whose hash changed (or that came or
//! went), entries whose verdict changed and in which direction, passages that moved, and new
//! and removed entries, and duplicated passages that appeared or vanished. Entries are matched
//! by id (ids are unique across a project); duplicate clusters by where their copies are, or,
//! when an edit shifted them, by what they are (see [`match_clusters`]).
//!
//! A passage **moved** when it was found in both reports at places that differ in the unit the
//! entry's pointer counts in:
//!
//! - an entry with a `lines` pointer moved when its found lines changed. Its author counts in
//!   lines: while the passage stays on the lines named, the pointer holds and nothing needs
//!   doing, however the bytes before it shifted. A claim whose evidence is the cited lines
//!   themselves is found at those lines by definition, so it moves only when its pointer does;
//!   other text a re-release put on those lines shows in the verdict, not as a move.
//! - an entry with a `span` pointer, or with none, moved when its found byte span changed: a
//!   span names bytes, and bytes are the report's coordinates, so a passage that shifted within
//!   its line moved.
//!
//! (The new report's pointer decides the unit.) A passage found in another source moved too.
//!
//! [`ReportDiff`] is the model; the JSON format is it serialized. Text, Markdown and HTML say
//! the same things in the same order, so `layout` lays the diff out once, as sections of
//! items made of inline pieces, and each of `text`, `markdown` and `html` only turns those
//! pieces into its own markup. [`ReportDiff::exit_code`] is 1 when any verdict got worse.

mod html;
mod layout;
mod markdown;
mod text;

use std::cmp::Ordering;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::{Cluster, Code, DiffTag, EntryResult, Report, SourceReport, Span, Status};
use crate::report::json::to_json;

/// Output formats of `citecheck diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DiffFormat {
    /// Plain text.
    Text,
    /// GitHub-flavoured Markdown.
    Markdown,
    /// A self-contained HTML page.
    Html,
    /// The [`ReportDiff`] model, serialized.
    Json,
}

impl DiffFormat {
    /// Every format, in the order `--help` lists them.
    pub const ALL: [DiffFormat; 4] = [
        DiffFormat::Text,
        DiffFormat::Markdown,
        DiffFormat::Html,
        DiffFormat::Json,
    ];

    /// The name used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            DiffFormat::Text => "text",
            DiffFormat::Markdown => "markdown",
            DiffFormat::Html => "html",
            DiffFormat::Json => "json",
        }
    }

    /// One line saying what the format is.
    pub fn description(self) -> &'static str {
        match self {
            DiffFormat::Text => "Plain text",
            DiffFormat::Markdown => "GitHub-flavoured Markdown",
            DiffFormat::Html => "A self-contained HTML page",
            DiffFormat::Json => {
                "The differences as JSON (sources, verdicts, moved passages, entries)"
            }
        }
    }
}

/// Direction of a verdict change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// The new verdict is worse (fails where it passed, or a worse status).
    Worse,
    /// The new verdict is better.
    Better,
    /// Different, but as bad as before (e.g. `drifted` to `unsupported`).
    Same,
}

/// A source whose bytes changed, or that appeared or vanished.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceChange {
    /// Root-relative path.
    pub path: String,
    /// SHA-256 in the old report (`null`: the source is new).
    pub old_sha256: Option<String>,
    /// SHA-256 in the new report (`null`: the source was removed).
    pub new_sha256: Option<String>,
    /// Size before and after, when known.
    pub old_bytes: Option<u64>,
    /// Size after.
    pub new_bytes: Option<u64>,
}

/// An entry whose verdict (status or whether it fails) changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerdictChange {
    /// Entry id.
    pub id: String,
    /// Claims file and line in the new report.
    pub file: String,
    /// Line of the entry's header.
    pub line: usize,
    /// Old status and code.
    pub old_status: Status,
    /// New status.
    pub new_status: Status,
    /// Old finding code.
    pub old_code: Code,
    /// New finding code.
    pub new_code: Code,
    /// Did the entry fail before?
    pub old_fails: bool,
    /// Does it fail now?
    pub new_fails: bool,
    /// Worse, better, or neither.
    pub direction: Direction,
}

/// An entry whose passage was found at another place in its source: other lines for an entry
/// with a `lines` pointer, other bytes otherwise (see the module docs).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moved {
    /// Entry id.
    pub id: String,
    /// Claims file.
    pub file: String,
    /// Source path (new report).
    pub source: String,
    /// Byte span before.
    pub old_span: Span,
    /// Byte span now.
    pub new_span: Span,
    /// Lines before.
    pub old_lines: Option<[usize; 2]>,
    /// Lines now.
    pub new_lines: Option<[usize; 2]>,
}

/// An entry present in only one of the reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryRef {
    /// Entry id.
    pub id: String,
    /// Claims file.
    pub file: String,
    /// Line.
    pub line: usize,
    /// Its status in the report that has it.
    pub status: Status,
    /// Whether it fails there.
    pub fails: bool,
}

/// Counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffSummary {
    /// Sources changed, added or removed.
    pub sources_changed: usize,
    /// Verdicts changed.
    pub verdicts_changed: usize,
    /// Verdicts that got worse.
    pub worse: usize,
    /// Verdicts that got better.
    pub better: usize,
    /// Passages that moved.
    pub moved: usize,
    /// Entries only in the new report.
    pub added: usize,
    /// Entries only in the old report.
    pub removed: usize,
    /// Duplicated passages only in the new report.
    #[serde(default)]
    pub duplicates_appeared: usize,
    /// Duplicated passages only in the old report.
    #[serde(default)]
    pub duplicates_vanished: usize,
}

/// The difference between two reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportDiff {
    /// Sources, sorted by path.
    pub sources: Vec<SourceChange>,
    /// Verdict changes, in the new report's order.
    pub verdicts: Vec<VerdictChange>,
    /// Moved passages, in the new report's order.
    pub moved: Vec<Moved>,
    /// New entries, in the new report's order.
    pub added: Vec<EntryRef>,
    /// Removed entries, in the old report's order.
    pub removed: Vec<EntryRef>,
    /// Duplicated passages only in the new report, in its order.
    #[serde(default)]
    pub duplicates_appeared: Vec<Cluster>,
    /// Duplicated passages only in the old report, in its order.
    #[serde(default)]
    pub duplicates_vanished: Vec<Cluster>,
    /// Counts.
    pub summary: DiffSummary,
}

/// How bad a verdict is: failing dominates, then the status (missing worst).
fn badness(r: &EntryResult) -> (bool, u8) {
    let s = match r.status {
        Status::Verified | Status::Supported => 0,
        Status::Normalized => 1,
        Status::Relocated => 2,
        Status::Ambiguous => 3,
        Status::Drifted | Status::Unsupported => 4,
        Status::Missing | Status::Contradicted => 5,
    };
    (r.fails, s)
}

fn entry_ref(r: &EntryResult) -> EntryRef {
    EntryRef {
        id: r.id.clone(),
        file: r.file.clone(),
        line: r.line,
        status: r.status,
        fails: r.fails,
    }
}

/// Where a cluster's copies are: (source, lines) of each, sorted.
fn cluster_place(c: &Cluster) -> Vec<(&str, [usize; 2])> {
    let mut k: Vec<_> = c
        .occurrences
        .iter()
        .map(|o| (o.source.as_str(), o.lines))
        .collect();
    k.sort_unstable();
    k
}

/// A cluster's size, sources (one per copy), similarity and diff words.
type Content<'a> = (usize, Vec<&'a str>, String, Vec<(DiffTag, &'a str)>);

/// What a cluster is, wherever it sits: its size, its sources (one per copy), its similarity
/// and its diff's words. A line added above a duplicated passage moves it but keeps this.
fn cluster_content(c: &Cluster) -> Content<'_> {
    let mut sources: Vec<&str> = c.occurrences.iter().map(|o| o.source.as_str()).collect();
    sources.sort_unstable();
    (
        c.words,
        sources,
        format!("{:.3}", c.similarity),
        c.diff.iter().map(|d| (d.op, d.text.as_str())).collect(),
    )
}

/// Pair the clusters of two reports one to one: first those whose copies sit at the same
/// lines, then, among the rest, those with the same content (moved by an edit elsewhere in
/// the source). Returns the new clusters left unpaired (appeared) and the old ones (vanished).
pub fn match_clusters(old: &[Cluster], new: &[Cluster]) -> (Vec<Cluster>, Vec<Cluster>) {
    let mut old_used = vec![false; old.len()];
    let mut new_used = vec![false; new.len()];
    type Same = fn(&Cluster, &Cluster) -> bool;
    let keys: [Same; 2] = [
        |a, b| cluster_place(a) == cluster_place(b),
        |a, b| cluster_content(a) == cluster_content(b),
    ];
    for same in keys {
        for (n, nc) in new.iter().enumerate() {
            if new_used[n] {
                continue;
            }
            if let Some(o) = (0..old.len()).find(|&o| !old_used[o] && same(&old[o], nc)) {
                old_used[o] = true;
                new_used[n] = true;
            }
        }
    }
    let left = |list: &[Cluster], used: &[bool]| -> Vec<Cluster> {
        list.iter()
            .zip(used)
            .filter(|(_, &u)| !u)
            .map(|(c, _)| c.clone())
            .collect()
    };
    (left(new, &new_used), left(old, &old_used))
}

/// Compare two reports.
pub fn diff(old: &Report, new: &Report) -> ReportDiff {
    let sources = source_changes(&old.sources, &new.sources);
    let entries = entry_changes(&old.results, &new.results);
    let (duplicates_appeared, duplicates_vanished) =
        match_clusters(&old.duplicates, &new.duplicates);
    let count = |d: Direction| entries.verdicts.iter().filter(|v| v.direction == d).count();
    let summary = DiffSummary {
        sources_changed: sources.len(),
        verdicts_changed: entries.verdicts.len(),
        worse: count(Direction::Worse),
        better: count(Direction::Better),
        moved: entries.moved.len(),
        added: entries.added.len(),
        removed: entries.removed.len(),
        duplicates_appeared: duplicates_appeared.len(),
        duplicates_vanished: duplicates_vanished.len(),
    };
    ReportDiff {
        sources,
        verdicts: entries.verdicts,
        moved: entries.moved,
        added: entries.added,
        removed: entries.removed,
        duplicates_appeared,
        duplicates_vanished,
        summary,
    }
}

/// Sources whose SHA-256 differs, or that are in one report only, sorted by path.
fn source_changes(old: &[SourceReport], new: &[SourceReport]) -> Vec<SourceChange> {
    let old_src: BTreeMap<&str, &SourceReport> = old.iter().map(|s| (s.path.as_str(), s)).collect();
    let new_src: BTreeMap<&str, &SourceReport> = new.iter().map(|s| (s.path.as_str(), s)).collect();
    let mut paths: Vec<&str> = old_src.keys().chain(new_src.keys()).copied().collect();
    paths.sort_unstable();
    paths.dedup();
    paths
        .into_iter()
        .filter_map(|p| {
            let (o, n) = (old_src.get(p), new_src.get(p));
            if let (Some(o), Some(n)) = (o, n) {
                if o.sha256 == n.sha256 {
                    return None;
                }
            }
            Some(SourceChange {
                path: p.to_string(),
                old_sha256: o.map(|s| s.sha256.clone()),
                new_sha256: n.map(|s| s.sha256.clone()),
                old_bytes: o.map(|s| s.bytes),
                new_bytes: n.map(|s| s.bytes),
            })
        })
        .collect()
}

/// What happened to the entries: the lists of [`ReportDiff`] that are about entries.
struct EntryChanges {
    verdicts: Vec<VerdictChange>,
    moved: Vec<Moved>,
    added: Vec<EntryRef>,
    removed: Vec<EntryRef>,
}

/// Entries matched by id: verdict changes and moves in the new report's order, then the
/// entries only one report has.
fn entry_changes(old: &[EntryResult], new: &[EntryResult]) -> EntryChanges {
    let old_by_id: BTreeMap<&str, &EntryResult> = old.iter().map(|r| (r.id.as_str(), r)).collect();
    let new_ids: BTreeMap<&str, &EntryResult> = new.iter().map(|r| (r.id.as_str(), r)).collect();
    let mut changes = EntryChanges {
        verdicts: Vec::new(),
        moved: Vec::new(),
        added: Vec::new(),
        removed: Vec::new(),
    };
    for n in new {
        let Some(o) = old_by_id.get(n.id.as_str()) else {
            changes.added.push(entry_ref(n));
            continue;
        };
        changes.verdicts.extend(verdict_change(o, n));
        changes.moved.extend(moved(o, n));
    }
    changes.removed = old
        .iter()
        .filter(|o| !new_ids.contains_key(o.id.as_str()))
        .map(entry_ref)
        .collect();
    changes
}

/// The entry's verdict change, if its status or whether it fails changed.
fn verdict_change(o: &EntryResult, n: &EntryResult) -> Option<VerdictChange> {
    if o.status == n.status && o.fails == n.fails {
        return None;
    }
    Some(VerdictChange {
        id: n.id.clone(),
        file: n.file.clone(),
        line: n.line,
        old_status: o.status,
        new_status: n.status,
        old_code: o.code,
        new_code: n.code,
        old_fails: o.fails,
        new_fails: n.fails,
        direction: match badness(n).cmp(&badness(o)) {
            Ordering::Greater => Direction::Worse,
            Ordering::Less => Direction::Better,
            Ordering::Equal => Direction::Same,
        },
    })
}

/// The entry's move, if its passage was found in both reports at different places, "place"
/// being what the entry's pointer names: lines for a `lines` pointer, bytes otherwise (see the
/// module docs).
fn moved(o: &EntryResult, n: &EntryResult) -> Option<Moved> {
    let (os, ns) = (o.found_span?, n.found_span?);
    let same_place = if n.declared_lines.is_some() {
        o.found_lines == n.found_lines
    } else {
        os == ns
    };
    if same_place && o.source == n.source {
        return None;
    }
    Some(Moved {
        id: n.id.clone(),
        file: n.file.clone(),
        source: n.source.clone(),
        old_span: os,
        new_span: ns,
        old_lines: o.found_lines,
        new_lines: n.found_lines,
    })
}

impl ReportDiff {
    /// 1 when a verdict got worse (or a new entry fails), else 0.
    pub fn exit_code(&self) -> i32 {
        i32::from(self.summary.worse > 0 || self.added.iter().any(|a| a.fails))
    }

    /// Render in `format`.
    pub fn render(&self, format: DiffFormat) -> String {
        match format {
            DiffFormat::Json => to_json(self),
            DiffFormat::Text => text::render(&layout::layout(self)),
            DiffFormat::Markdown => markdown::render(&layout::layout(self)),
            DiffFormat::Html => html::render(&layout::layout(self)),
        }
    }
}
