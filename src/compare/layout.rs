//! What the text-like formats of `citecheck diff` say, and in which order, decided once: a
//! title, a count line, then one section per kind of change with one item per change. Items
//! are inline pieces that say what they are (an id, literal punctuation, escaped prose, a word
//! diff), so `text`, `markdown` and `html` differ only in how they mark each piece up.

use super::{Direction, EntryRef, ReportDiff};
use crate::model::{Cluster, DiffOp};
use crate::report::common::{elide_equal, lines_phrase, span_label, DIFF_CONTEXT_WORDS};

/// One inline piece of an item.
pub(super) enum Inline {
    /// Markup-free text written as is (numbers, statuses, punctuation, arrows).
    Lit(String),
    /// Prose the format escapes.
    Text(String),
    /// An id or a path, set as code.
    Code(String),
    /// A word set in bold.
    Strong(&'static str),
    /// A word diff (already elided), deletions and insertions marked.
    Diff(Vec<DiffOp>),
}

/// One item of a section: its pieces, in order.
pub(super) type Item = Vec<Inline>;

/// One kind of change, with its items; sections without items are left out.
pub(super) struct Section {
    /// The section's heading with its count: `Sources changed (1)`.
    pub title: String,
    /// One item per change.
    pub items: Vec<Item>,
}

/// The whole diff, laid out.
pub(super) struct Layout {
    /// The document's heading.
    pub title: &'static str,
    /// The line of counts under it.
    pub counts: String,
    /// The non-empty sections, in order.
    pub sections: Vec<Section>,
}

/// Lay out `d`: the counts, then sources, verdicts, moves, new and removed entries, and the
/// duplicated passages that appeared or vanished.
pub(super) fn layout(d: &ReportDiff) -> Layout {
    let sm = &d.summary;
    use crate::report::common::count;
    let counts = format!(
        "{} changed; {} changed ({} worse, {} better); {} moved; {} added; \
         {} removed; {} appeared, {} vanished.",
        count(sm.sources_changed, "source", "sources"),
        count(sm.verdicts_changed, "verdict", "verdicts"),
        sm.worse,
        sm.better,
        sm.moved,
        sm.added,
        sm.removed,
        count(
            sm.duplicates_appeared,
            "duplicated passage",
            "duplicated passages"
        ),
        sm.duplicates_vanished
    );
    let sections = [
        ("Sources changed", sources(d)),
        ("Verdicts changed", verdicts(d)),
        ("Passages moved", moved(d)),
        ("New entries", refs(&d.added)),
        ("Removed entries", refs(&d.removed)),
        (
            "Duplicated passages appeared",
            clusters(&d.duplicates_appeared),
        ),
        (
            "Duplicated passages vanished",
            clusters(&d.duplicates_vanished),
        ),
    ]
    .into_iter()
    .filter(|(_, items)| !items.is_empty())
    .map(|(title, items)| Section {
        title: format!("{title} ({})", items.len()),
        items,
    })
    .collect();
    Layout {
        title: "citecheck report diff",
        counts,
        sections,
    }
}

/// `path: sha256 abc → def (1 → 2 bytes)`, or `added` / `removed`.
fn sources(d: &ReportDiff) -> Vec<Item> {
    // Twelve hex digits tell two hashes apart at a glance; the JSON has them whole.
    let short = |h: &Option<String>| {
        h.as_deref()
            .map_or("(none)".to_string(), |h| h.chars().take(12).collect())
    };
    d.sources
        .iter()
        .map(|s| {
            let what = match (&s.old_sha256, &s.new_sha256) {
                (None, _) => "added".to_string(),
                (_, None) => "removed".to_string(),
                _ => format!(
                    "sha256 {} → {} ({} → {} bytes)",
                    short(&s.old_sha256),
                    short(&s.new_sha256),
                    s.old_bytes.unwrap_or(0),
                    s.new_bytes.unwrap_or(0)
                ),
            };
            vec![
                Inline::Code(s.path.clone()),
                Inline::Lit(": ".into()),
                Inline::Text(what),
            ]
        })
        .collect()
}

/// ` (fails)` after a status that fails.
fn fails(f: bool) -> &'static str {
    if f {
        " (fails)"
    } else {
        ""
    }
}

/// `WORSE id at file:line: old → new (fails)`.
fn verdicts(d: &ReportDiff) -> Vec<Item> {
    d.verdicts
        .iter()
        .map(|v| {
            let dir = match v.direction {
                Direction::Worse => "WORSE",
                Direction::Better => "better",
                Direction::Same => "changed",
            };
            vec![
                Inline::Strong(dir),
                Inline::Lit(" ".into()),
                Inline::Code(v.id.clone()),
                Inline::Lit(" at ".into()),
                Inline::Code(format!("{}:{}", v.file, v.line)),
                Inline::Lit(format!(
                    ": {}{} → {}{}",
                    v.old_status.as_str(),
                    fails(v.old_fails),
                    v.new_status.as_str(),
                    fails(v.new_fails)
                )),
            ]
        })
        .collect()
}

/// `id in source: [a, b) line 3 → [c, d) line 4`.
fn moved(d: &ReportDiff) -> Vec<Item> {
    let lines =
        |l: &Option<[usize; 2]>| l.map_or(String::new(), |l| format!(" {}", lines_phrase(&l)));
    d.moved
        .iter()
        .map(|mv| {
            vec![
                Inline::Code(mv.id.clone()),
                Inline::Lit(" in ".into()),
                Inline::Code(mv.source.clone()),
                Inline::Lit(format!(
                    ": {}{} → {}{}",
                    span_label(&mv.old_span),
                    lines(&mv.old_lines),
                    span_label(&mv.new_span),
                    lines(&mv.new_lines)
                )),
            ]
        })
        .collect()
}

/// `id at file:line: status (fails)`.
fn refs(list: &[EntryRef]) -> Vec<Item> {
    list.iter()
        .map(|e| {
            vec![
                Inline::Code(e.id.clone()),
                Inline::Lit(" at ".into()),
                Inline::Code(format!("{}:{}", e.file, e.line)),
                Inline::Lit(format!(": {}{}", e.status.as_str(), fails(e.fails))),
            ]
        })
        .collect()
}

/// `N words, K copies, identical: src line 3 [a, b), ...`, near duplicates with their diff.
fn clusters(list: &[Cluster]) -> Vec<Item> {
    list.iter()
        .map(|c| {
            let kind = if c.diff.is_empty() {
                "identical".to_string()
            } else {
                format!("similarity {:.2}", c.similarity)
            };
            let mut item = vec![Inline::Lit(format!(
                "{} words, {} copies, {kind}: ",
                c.words,
                c.occurrences.len()
            ))];
            for (i, o) in c.occurrences.iter().enumerate() {
                if i > 0 {
                    item.push(Inline::Lit(", ".into()));
                }
                item.push(Inline::Code(o.source.clone()));
                item.push(Inline::Lit(format!(
                    " {} {}",
                    lines_phrase(&o.lines),
                    span_label(&o.span)
                )));
            }
            if !c.diff.is_empty() {
                item.push(Inline::Lit("; diff: ".into()));
                item.push(Inline::Diff(elide_equal(&c.diff, DIFF_CONTEXT_WORDS)));
            }
            item
        })
        .collect()
}
