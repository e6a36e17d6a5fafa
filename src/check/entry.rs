//! One entry's result: the judge's verdict, the policy's answer, and what a reader needs to
//! check it (the found text, its lines and context, other copies of the passage).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::claims::{Entry, Pointer};
use crate::dups;
use crate::judge::{self, Policy, Verdict};
use crate::locate::Locator;
use crate::model::{Closest, EntryResult, Occurrence, Passage, Span};
use crate::source::Source;
use crate::text::codepoints::CodePoints;

/// What building an entry's result needs besides the entry and its verdict.
pub(crate) struct Context<'a> {
    /// The run's failure policy.
    pub policy: &'a Policy,
    /// Every loaded source (for `also_at`).
    pub sources: &'a [Source],
    /// The duplicated passages found in this run.
    pub duplicates: &'a dups::Duplicates,
    /// The locator (for `also_at`'s exact checks).
    pub locator: &'a dyn Locator,
    /// Code-point offsets per source id (for W3C selectors), built on first use.
    pub code_points: &'a BTreeMap<&'a str, OnceLock<CodePoints>>,
    /// Most occurrences and other copies listed per entry (`[check] max_occurrences`).
    pub max_occurrences: usize,
}

/// True when the entry's `sha256` pin names another hash than the source has now.
pub(crate) fn stale_pin(entry: &Entry, source: &Source) -> bool {
    entry.sha256.as_ref().is_some_and(|h| *h != source.sha256)
}

/// The result of `entry`, judged `v` against `src`; `lock_differs` when the lock pins other
/// bytes for `src`.
pub(crate) fn result(
    cx: &Context<'_>,
    e: &Entry,
    src: &Source,
    v: Verdict,
    lock_differs: bool,
) -> EntryResult {
    let source_changed = stale_pin(e, src) || lock_differs;
    let fails = cx
        .policy
        .entry_fails(v.status, source_changed, lock_differs);
    let mut also_at = v.found.map_or_else(Vec::new, |f| {
        dups::also_at(cx.duplicates, cx.sources, cx.locator, src, f)
    });
    let also_at_count = also_at.len();
    let copies_differ = also_at.iter().any(|a| a.differs);
    also_at.truncate(cx.max_occurrences);
    let occ = |span: Span| Occurrence {
        span,
        lines: src.lines_of(span),
    };
    EntryResult {
        id: e.id.clone(),
        kind: e.kind,
        code: judge::code_of(e.kind, &v),
        file: e.origin.file.clone(),
        line: e.origin.line,
        column: e.origin.column,
        source: src.path.clone(),
        status: v.status,
        fails,
        similarity: v.similarity.map(|s| (s * 10_000.0).round() / 10_000.0),
        declared_span: match e.pointer {
            Some(Pointer::Span(a, b)) => Some(Span::new(a, b)),
            _ => None,
        },
        declared_lines: match e.pointer {
            Some(Pointer::Lines(a, b)) => Some([a, b]),
            _ => None,
        },
        found_span: v.found,
        found_lines: v.found.map(|s| src.lines_of(s)),
        found_in_file: v.found.and_then(|s| src.in_file(s)),
        occurrences: v
            .occurrences
            .iter()
            .take(cx.max_occurrences)
            .map(|&s| occ(s))
            .collect(),
        occurrence_count: v.occurrence_count,
        source_changed,
        diff: v.diff,
        missing_terms: v.missing_terms,
        found_in: v.found_in,
        text: e.text.clone(),
        found_text: v.found.map(|s| src.slice(s).into_owned()),
        note: e.note.clone(),
        evidence: e.evidence.clone(),
        context_before: v.found.map(|s| context_before(src, s.start)),
        context_after: v.found.map(|s| context_after(src, s.end)),
        found_chars: v.found.map(|s| {
            let bytes = |a: usize, b: usize| src.bytes(a..b).unwrap_or_default();
            let cp =
                cx.code_points[src.id.as_str()].get_or_init(|| CodePoints::of(src.len(), bytes));
            [cp.at_in(s.start, bytes), cp.at_in(s.end, bytes)]
        }),
        copies_differ,
        also_at,
        also_at_count,
        evidence_passage: v.passage.map(|p| Passage {
            span: p,
            text: src.slice(p).into_owned(),
        }),
        findings: v.findings,
        judge: None,
        stale_pointer: v.stale_pointer,
        conventions: v.conventions,
        closest: v.closest.map(|(span, similarity)| Closest {
            span,
            lines: src.lines_of(span),
            text: src.slice(span).into_owned(),
            similarity: (similarity * 10_000.0).round() / 10_000.0,
        }),
    }
}

/// Most bytes of context shown on each side of a found passage.
pub const CONTEXT_BYTES: usize = 160;

/// How much of a passage's line is kept as its context, and where a shortened window is cut.
/// Reports show [`ContextWindow::REPORT`]; the `prefix`/`suffix` anchors that `add` and `scan`
/// write into claims files are cut shorter and to whole words only (see `workflow::common`), so
/// each names its window and both share the walk along the line.
#[derive(Debug, Clone, Copy)]
pub struct ContextWindow {
    /// Most bytes kept on each side.
    pub max_bytes: usize,
    /// The characters a shortened window may be cut at, so it holds whole words.
    pub word_break: fn(char) -> bool,
    /// When a shortened window holds no such character: keep the part of a word it holds
    /// (`true`) or nothing (`false`).
    pub keep_partial_word: bool,
}

impl ContextWindow {
    /// The window reports show: [`CONTEXT_BYTES`] either side, cut at any white space.
    pub const REPORT: ContextWindow = ContextWindow {
        max_bytes: CONTEXT_BYTES,
        word_break: char::is_whitespace,
        keep_partial_word: true,
    };

    /// The text before byte `at` on its line: at most `max_bytes`, untrimmed, and when that
    /// cuts the line short, starting at a word break (the break included).
    pub fn before<'t>(&self, text: &'t str, at: usize) -> &'t str {
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let mut from = at.saturating_sub(self.max_bytes).max(line_start);
        while !text.is_char_boundary(from) {
            from += 1;
        }
        if from > line_start {
            // Cut at a word boundary so the context does not start mid-word.
            match text[from..at].find(self.word_break) {
                Some(sp) => from += sp,
                None if !self.keep_partial_word => from = at,
                None => {}
            }
        }
        &text[from..at]
    }

    /// The text after byte `at` on its line: at most `max_bytes`, untrimmed, and when that
    /// cuts the line short, ending at a word break (the break excluded).
    pub fn after<'t>(&self, text: &'t str, at: usize) -> &'t str {
        let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
        let mut to = (at + self.max_bytes).min(line_end);
        while !text.is_char_boundary(to) {
            to -= 1;
        }
        if to < line_end {
            match text[at..to].rfind(self.word_break) {
                Some(sp) => to = at + sp,
                None if !self.keep_partial_word => to = at,
                None => {}
            }
        }
        &text[at..to]
    }
}

impl ContextWindow {
    /// [`ContextWindow::before`] in `source`, reading only the bytes it can reach: one more
    /// than `max_bytes` tells whether the line starts within reach.
    pub fn before_in(&self, source: &Source, at: usize) -> String {
        let (text, start) = source.window(at.saturating_sub(self.max_bytes + 1), at);
        self.before(&text, at - start).to_string()
    }

    /// [`ContextWindow::after`] in `source`, reading only the bytes it can reach.
    pub fn after_in(&self, source: &Source, at: usize) -> String {
        let (text, start) = source.window(at, at + self.max_bytes + 1);
        self.after(&text, at - start).to_string()
    }
}

/// The text before byte `at` of `source` on its line, at most [`CONTEXT_BYTES`], starting at
/// a word.
pub fn context_before(source: &Source, at: usize) -> String {
    ContextWindow::REPORT
        .before_in(source, at)
        .trim_start()
        .to_string()
}

/// The text after byte `at` of `source` on its line, at most [`CONTEXT_BYTES`], ending at a
/// word.
pub fn context_after(source: &Source, at: usize) -> String {
    ContextWindow::REPORT
        .after_in(source, at)
        .trim_end()
        .to_string()
}
