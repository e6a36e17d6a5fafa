//! The ends of a match: what a quote's first and last characters take in. A text made only of
//! punctuation is matched by its bytes; an elision mark the quote had at an end is taken in
//! where the source has one right there; the punctuation around the quote's end words; whether
//! a changed end word may pair with the source's neighbour (how strongly the text breaks there);
//! and the span and diff of an approximate match, built from these.

use super::{diff, overlapping_matches, How, Match, Needle};
use crate::model::{DiffOp, DiffTag, Span};
use crate::source::Source;
use crate::text::elision::{mark_after, mark_before};
use crate::text::normalize;

/// Occurrences of a text without words ("?!", "—", "..."): its exact bytes, wherever they
/// are. Normal form would make every dash one `-` and every ellipsis `...`, and for a text that
/// is nothing but punctuation the punctuation is what is quoted: a hyphen does not stand for an
/// em dash.
pub(super) fn punctuation_occurrences(source: &Source, needle: &Needle) -> Vec<Match> {
    if needle.raw.is_empty() {
        return Vec::new();
    }
    overlapping_matches(source.text().as_bytes(), needle.raw.as_bytes())
        .into_iter()
        .filter(|&a| source.text().is_char_boundary(a))
        .map(|a| Match {
            span: Span::new(a, a + needle.raw.len()),
            how: How::Exact,
        })
        .collect()
}

/// Bytes of the elision marks the source has right at `span`'s ends (spaces between allowed)
/// where the quote had one at that end: `(before, after)`.
pub(super) fn marks_at(source: &Source, needle: &Needle, span: Span) -> (usize, usize) {
    let blank = |b: Option<u8>| matches!(b, Some(b' ' | b'\t'));
    let before = if needle.marked_ends.0 {
        let mut p = span.start;
        while p > 0 && blank(source.byte(p - 1)) {
            p -= 1;
        }
        // A mark ending at `p` is at most `MARK_REACH` bytes long.
        let (text, base) = source.window(p.saturating_sub(MARK_REACH), p);
        match mark_before(&text, p - base) {
            0 => 0,
            m => m + (span.start - p),
        }
    } else {
        0
    };
    let after = if needle.marked_ends.1 {
        let mut p = span.end;
        while blank(source.byte(p)) {
            p += 1;
        }
        match mark_after_in(source, p) {
            0 => 0,
            m => m + (p - span.end),
        }
    } else {
        0
    };
    (before, after)
}

/// The longest elision mark but a run of dots (`[. . .]`), and the farthest back
/// [`mark_before`] looks (16 characters), in bytes.
const MARK_REACH: usize = 64;

/// [`mark_after`] at `at` in `source`, reading only the bytes a mark there can take: a run
/// of dots is counted on past the window.
fn mark_after_in(source: &Source, at: usize) -> usize {
    let (text, base) = source.window(at, at + MARK_REACH);
    let m = mark_after(&text, at - base);
    if m > 0 && at - base + m == text.len() {
        // Only a run of dots reaches the window's end: count the rest of it.
        let mut end = at + m;
        while source.byte(end) == Some(b'.') {
            end += 1;
        }
        return end - at;
    }
    m
}

/// `span` taking in the elision marks the source has right at its ends, where the quote had
/// one: an ellipsis the quote ends with and the source has right there is the source's own, so
/// the found text reads as quoted.
pub(super) fn with_marks(source: &Source, needle: &Needle, span: Span) -> Span {
    let (before, after) = marks_at(source, needle, span);
    Span::new(span.start - before, span.end + after)
}

/// How strongly the text between two words separates them: 2 for the end of a sentence (`.`,
/// `!`, `?`), 1 for a clause break (`;`, `:`, `,`, a parenthesis, a dash), 0 for a space. A
/// quote's changed end word is paired with the source's neighbouring word only when the source
/// separates them no more than the quote does: never with the end of the sentence before
/// unless the quote has a sentence break there too.
pub(super) fn break_strength(gap: &str) -> u8 {
    if gap.contains(['.', '!', '?']) {
        2
    } else if gap.contains([';', ':', ',', '(', ')', '-']) {
        1
    } else {
        0
    }
}

/// The source span and the diff of an approximate match at normalized `[s, e)`. An elision
/// mark the quote had at an end, and the source has right there, is the source's own: the
/// span takes it in and the diff shows it as equal. A mark the source does not have there is
/// the editor's note that words were left out, not a word of the quote: it is neither in the
/// span nor in the diff (the diff covers the found span; inside an elided quote, `...` stands
/// where the omitted source words are, see [`super::elided`]).
pub(super) fn approximate_span_and_diff(
    source: &Source,
    needle: &Needle,
    s: usize,
    e: usize,
) -> (Span, Vec<DiffOp>) {
    let (mut a, mut b) = source.norm.to_source(s, e);
    let quote = normalize(&needle.raw);
    let lead = quote.as_str().len() - quote.as_str().trim_start().len();
    let mut ops = Vec::new();
    let (before, after) = marks_at(source, needle, Span::new(a, b));
    diff::push(&mut ops, DiffTag::Equal, &source.slice(a - before..a));
    // The diffed range maps back inside [a, b): only those source bytes are read.
    let found = source.slice(a..b);
    let core = diff::source_diff(
        &diff::Side {
            map: &quote,
            original: &needle.raw,
            base: 0,
            range: (lead, lead + needle.norm.len()),
        },
        &diff::Side {
            map: &source.norm,
            original: &found,
            base: a,
            range: (s, e),
        },
    );
    for op in core {
        diff::push(&mut ops, op.op, &op.text);
    }
    diff::push(&mut ops, DiffTag::Equal, &source.slice(b..b + after));
    a -= before;
    b += after;
    (Span::new(a, b), ops)
}

/// `[s, e)` widened to take in the punctuation the quote has around its first and last words,
/// as far as `hay` has the same marks there (a quote ending `citizens.` takes in the source's
/// `.` after `countrymen`, but a quote ending in `]` does not take in a source's `,`). An
/// elision mark stripped from an end is taken in only where the source has one, see
/// [`approximate_span_and_diff`].
pub(super) fn widen_to_punctuation(
    needle: &Needle,
    hay: &str,
    mut s: usize,
    mut e: usize,
) -> (usize, usize) {
    let n = needle.words.len();
    let marks = |t: &str| -> Vec<char> { t.chars().filter(|c| !c.is_whitespace()).collect() };
    let lead = marks(&needle.norm[..needle.words[0].start]);
    let trail = marks(&needle.norm[needle.words[n - 1].end..]);
    for _ in 0..lead.len() {
        match hay[..s].chars().next_back() {
            Some(c) if lead.contains(&c) => s -= c.len_utf8(),
            _ => break,
        }
    }
    for _ in 0..trail.len() {
        match hay[e..].chars().next() {
            Some(c) if trail.contains(&c) => e += c.len_utf8(),
            _ => break,
        }
    }
    (s, e)
}
