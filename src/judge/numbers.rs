//! Quotes that begin or end inside a number of the source.
//!
//! Words split at every mark, so "200 people died" occurs on word boundaries in "1,200 people
//! died", "5 percent" in "3.5 percent", "40 degrees" in "-40 degrees", and "The group had 10"
//! in "The group had 10,000". The words are the source's; the numbers are not. A quote found
//! so (verified, normalized or relocated) is `drifted`, code `quote-cuts-number`, with one
//! finding per cut number giving the quote's part and the source's whole number, a diff
//! against the source text widened to the whole numbers, and a similarity below 1. Among
//! several occurrences, one that cuts no number is the quote's (see [`super::choose`]). Where
//! a number ends is [`crate::text::numerals`]' business.

use crate::locate::diff::text_diff;
use crate::model::{Finding, Rule, Span, Status};
use crate::source::Source;
use crate::text::normalize;
use crate::text::numerals::{cut_at_end, cut_at_start, is_digit, Cut};
use crate::text::words::words;

use super::Verdict;

/// How far around an end of a found span a number is read: numbers are shorter (a longer one
/// still shows as cut, its shown digits clipped).
const REACH: usize = 256;

/// A number of the source that a span begins or ends inside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct SourceCut {
    /// The whole number, in source bytes.
    pub number: Span,
    /// The part of it inside the span, in source bytes.
    pub quoted: Span,
    /// Whether the span begins inside it (else it ends inside it).
    pub at_start: bool,
}

/// Whether `text` (a quote) may begin or end inside a number: its first or last word is one.
/// Occurrences of other texts need not be read for cuts.
pub(super) fn may_cut(text: &str) -> bool {
    let first = text.chars().find(|c| c.is_alphanumeric());
    let last = text.chars().rfind(|c| c.is_alphanumeric());
    first.is_some_and(is_digit) || last.is_some_and(is_digit)
}

/// The numbers of `source` that `span` begins or ends inside (one when it does both in the
/// same number).
pub(super) fn cuts(source: &Source, span: Span) -> Vec<SourceCut> {
    let mut out = Vec::new();
    out.extend(start_cut(source, span));
    if let Some(c) = end_cut(source, span) {
        match out.first_mut() {
            // One number cut at both ends: "200" of "1,200,000".
            Some(first)
                if first.number.start < c.number.end && c.number.start < first.number.end =>
            {
                first.number = Span::new(
                    first.number.start.min(c.number.start),
                    first.number.end.max(c.number.end),
                );
                first.quoted = Span::new(first.quoted.start, c.quoted.end);
            }
            _ => out.push(c),
        }
    }
    out
}

/// Whether `span` begins or ends inside a number of `source` (run for every occurrence of a
/// quote opening or closing with a digit: the end is read only when the start cuts nothing).
pub(super) fn cuts_any(source: &Source, span: Span) -> bool {
    start_cut(source, span).is_some() || end_cut(source, span).is_some()
}

/// The cut at `span`'s start, read in a window of the source around it.
fn start_cut(source: &Source, span: Span) -> Option<SourceCut> {
    let (t, base) = source.window(span.start.saturating_sub(REACH), span.start + REACH);
    let end = span.end.min(base + t.len());
    let c = cut_at_start(&t, span.start - base, end.max(span.start) - base)?;
    Some(source_cut(c, base, true))
}

/// The cut at `span`'s end, read in a window of the source around it.
fn end_cut(source: &Source, span: Span) -> Option<SourceCut> {
    let (t, base) = source.window(span.end.saturating_sub(REACH), span.end + REACH);
    let start = span.start.max(base).min(span.end);
    let c = cut_at_end(&t, start - base, span.end - base)?;
    Some(source_cut(c, base, false))
}

/// A cut found in a window starting at byte `base`, at source positions.
fn source_cut(c: Cut, base: usize, at_start: bool) -> SourceCut {
    SourceCut {
        number: Span::new(base + c.number.start, base + c.number.end),
        quoted: Span::new(base + c.quoted.start, base + c.quoted.end),
        at_start,
    }
}

/// A quote found (verified, normalized or relocated) at a span that begins or ends inside a
/// number of the source is `drifted` (`quote-cuts-number`): its findings give the quote's
/// part and the source's whole number, the found span is widened to the whole numbers and the
/// diff is against them. `quote` is the quote's text as compared (surrounding marks stripped),
/// `entry_text` the text as written (the findings' spans are in it).
pub(super) fn check(v: &mut Verdict, quote: &str, entry_text: &str, source: &Source) {
    if !matches!(
        v.status,
        Status::Verified | Status::Normalized | Status::Relocated
    ) {
        return;
    }
    let Some(found) = v.found else { return };
    let cuts = cuts(source, found);
    if cuts.is_empty() {
        return;
    }
    let mut widened = found;
    for c in &cuts {
        widened = Span::new(
            widened.start.min(c.number.start),
            widened.end.max(c.number.end),
        );
        v.findings.push(finding(c, entry_text, source));
    }
    v.status = Status::Drifted;
    v.found = Some(widened);
    v.similarity = Some(similarity(quote, source, found, widened));
    v.diff = Some(text_diff(quote, &source.slice(widened)));
    v.conventions.clear();
    v.cuts_number = true;
}

/// Similarity of a quote found at `found` to the whole numbers' span `widened`, as an elision's
/// (`2 × quote words / (2 × quote words + words added)`), and below 1 even when the numbers add
/// no word ("-40" for "40").
fn similarity(quote: &str, source: &Source, found: Span, widened: Span) -> f64 {
    let count = |t: &str| words(t).count();
    let q = count(normalize(quote).as_str()) as f64;
    let added = count(&source.slice(Span::new(widened.start, found.start)))
        + count(&source.slice(Span::new(found.end, widened.end)));
    (2.0 * q / (2.0 * q + added as f64)).min(0.9999)
}

/// The finding of one cut number: "the quote begins inside the source's number: it says “200”
/// where the source says “1,200”".
fn finding(c: &SourceCut, entry_text: &str, source: &Source) -> Finding {
    let quoted = source.slice(c.quoted).trim().to_string();
    let whole = source.slice(c.number).to_string();
    // The quoted part in the entry's text: its first copy for a cut at the start, its last
    // for one at the end (empty at that end if the text writes it otherwise).
    let in_entry = if c.at_start {
        entry_text
            .find(quoted.as_str())
            .map_or([0, 0], |i| [i, i + quoted.len()])
    } else {
        entry_text
            .rfind(quoted.as_str())
            .map_or([entry_text.len(); 2], |i| [i, i + quoted.len()])
    };
    let end = if c.at_start { "begins" } else { "ends" };
    Finding {
        rule: Rule::Number,
        explanation: format!(
            "the quote {end} inside a number of the source: it says “{quoted}” where the source says “{whole}”"
        ),
        claim: quoted,
        evidence: whole,
        claim_span: in_entry,
        evidence_span: c.number.into(),
    }
}
