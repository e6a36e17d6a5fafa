//! Semi-global alignment of a quote's words against a window of source words.
//!
//! The quote must be consumed whole; the window's start and end are free. Costs are unit
//! (substitute, insert, delete); words compare by case-insensitive key, and a pair that matches
//! only ignoring case is remembered so the similarity and the diff can show case drift.

/// A word to align: its case-insensitive key and its text.
#[derive(Debug, Clone, Copy)]
pub struct AWord<'a> {
    /// Case-insensitive key.
    pub key: u32,
    /// The word as written.
    pub text: &'a str,
}

/// The best alignment found.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Alignment {
    /// First window word of the match.
    pub start: usize,
    /// One past the last window word of the match.
    pub end: usize,
    /// Word edits (substitutions + insertions + deletions); case changes not counted.
    pub edits: usize,
    /// Aligned pairs equal letter for letter.
    pub exact: usize,
    /// Aligned pairs equal only ignoring case.
    pub case_only: usize,
    /// Quote words before the first matched pair that no window word stands for (counted in
    /// `edits`); see [`extend_ends`].
    pub head: usize,
    /// Quote words after the last matched pair that no window word stands for.
    pub tail: usize,
}

impl Alignment {
    /// Word-level similarity in [0, 1]: `2 * matches / (quote words + matched words)`, where a
    /// pair equal only ignoring case counts 0.9 of a match.
    pub fn similarity(&self, quote_words: usize) -> f64 {
        let total = quote_words + (self.end - self.start);
        if total == 0 {
            return 0.0;
        }
        2.0 * (self.exact as f64 + 0.9 * self.case_only as f64) / total as f64
    }
}

/// Align `quote` against `window`; `None` when either is empty.
///
/// Among the alignments with the fewest edits, the one with the most matched words wins: a
/// quote with a word left out (`for X Y` against `for also X Y`) aligns as one deletion with
/// `for` matched, not as `for` substituted by `also`, which costs as many edits but matches
/// one word fewer and so looks less similar than it is.
pub fn align(quote: &[AWord<'_>], window: &[AWord<'_>]) -> Option<Alignment> {
    let (n, m) = (quote.len(), window.len());
    if n == 0 || m == 0 {
        return None;
    }
    // A long quote: the same alignment in a band, in memory linear in the quote (issue 13).
    if (n + 1).saturating_mul(m + 1) > super::linear_align::MATRIX_CELLS {
        return super::linear_align::align(quote, window);
    }
    let w = m + 1;
    // score[i * w + j] for quote[..i] ending at window[..j]: edits * EDIT - matches, so the
    // fewest edits come first and, among those, the most matches.
    let edit = (n + 1) as i64;
    let step = |same: bool| if same { -1 } else { edit };
    let mut score = vec![0i64; (n + 1) * w];
    for i in 1..=n {
        score[i * w] = i as i64 * edit;
        for j in 1..=m {
            let sub = score[(i - 1) * w + j - 1] + step(quote[i - 1].key == window[j - 1].key);
            let del = score[(i - 1) * w + j] + edit;
            let ins = score[i * w + j - 1] + edit;
            score[i * w + j] = sub.min(del).min(ins);
        }
    }
    // Best end: the best score; among equals the earliest, which keeps the match tight.
    let (mut best_j, mut best) = (0, i64::MAX);
    for j in 0..=m {
        let c = score[n * w + j];
        if c < best {
            best = c;
            best_j = j;
        }
    }
    let at = |i: usize, j: usize| score[i * w + j];
    Some(trace_back(
        quote,
        window,
        best_j,
        |i, j| at(i, j) == at(i - 1, j - 1) + step(quote[i - 1].key == window[j - 1].key),
        |i, j| at(i, j) == at(i, j - 1) + edit,
    ))
}

/// Trace an alignment back from quote word `n` at window word `best_j`, preferring a diagonal
/// move (`diag(i, j)`: cell `(i, j)` was reached from `(i - 1, j - 1)`), then an inserted window
/// word (`left(i, j)`: from `(i, j - 1)`), else a deleted quote word, and trim the path's ends
/// (see [`trim`]). The matrix aligner and the banded one ([`super::linear_align`]) answer the two
/// questions from their own tables; the path and its reading are this one function's.
pub(super) fn trace_back(
    quote: &[AWord<'_>],
    window: &[AWord<'_>],
    best_j: usize,
    mut diag: impl FnMut(usize, usize) -> bool,
    mut left: impl FnMut(usize, usize) -> bool,
) -> Alignment {
    let (mut i, mut j) = (quote.len(), best_j);
    let mut path: Vec<Step> = Vec::with_capacity(quote.len() + 8);
    while i > 0 {
        if j > 0 {
            if diag(i, j) {
                let (q, w) = (&quote[i - 1], &window[j - 1]);
                path.push(if q.key != w.key {
                    Step::Sub
                } else if q.text == w.text {
                    Step::Exact
                } else {
                    Step::Case
                });
                i -= 1;
                j -= 1;
                continue;
            }
            if left(i, j) {
                path.push(Step::Ins);
                j -= 1;
                continue;
            }
        }
        path.push(Step::Del);
        i -= 1;
    }
    path.reverse();
    trim(&path, j)
}

/// One step of an alignment path: a pair equal letter for letter, equal ignoring case, or
/// substituted; a quote word deleted; a window word inserted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Exact,
    Case,
    Sub,
    Del,
    Ins,
}

/// The alignment a path starting at window word `from` gives, its ends trimmed to its first and
/// last matched pair: a word substituted at either end costs the same as a word dropped there,
/// so which one the path shows is the dynamic programme's tie-break, not evidence. The quote
/// words outside the matched pairs are left unpaired (`head`, `tail`); whether the source's
/// neighbouring words take them is decided by [`extend_ends`], from the text around them.
fn trim(path: &[Step], from: usize) -> Alignment {
    let matched = |s: &Step| matches!(s, Step::Exact | Step::Case);
    let quote_words = |steps: &[Step]| steps.iter().filter(|s| **s != Step::Ins).count();
    let window_words = |steps: &[Step]| steps.iter().filter(|s| **s != Step::Del).count();
    let (Some(first), Some(last)) = (
        path.iter().position(matched),
        path.iter().rposition(matched),
    ) else {
        return Alignment {
            start: from,
            end: from,
            edits: quote_words(path),
            exact: 0,
            case_only: 0,
            head: quote_words(path),
            tail: 0,
        };
    };
    let core = &path[first..=last];
    let start = from + window_words(&path[..first]);
    let (head, tail) = (quote_words(&path[..first]), quote_words(&path[last + 1..]));
    Alignment {
        start,
        end: start + window_words(core),
        edits: head + tail + core.iter().filter(|s| !matched(s)).count(),
        exact: core.iter().filter(|s| **s == Step::Exact).count(),
        case_only: core.iter().filter(|s| **s == Step::Case).count(),
        head,
        tail,
    }
}

/// `a` with its unpaired end words paired with the window's neighbouring words, one for one,
/// as far as the window has words there and `joined(k)` says window words `k` and `k + 1`
/// belong to one stretch of text (no sentence break between them that the quote does not have
/// too). A quote whose first or last word differs from the source is found with the source's
/// word in its span, so the diff shows both sides and the similarity counts the span that was
/// read; words the quote adds at an end with nothing to pair in its sentence stay unpaired.
/// Pairing replaces a deletion by a substitution: the edits stay the same.
pub fn extend_ends(
    mut a: Alignment,
    window_len: usize,
    mut joined: impl FnMut(usize, Pairing) -> bool,
) -> Alignment {
    if a.end == a.start {
        return a;
    }
    while a.head > 0 && a.start > 0 && joined(a.start - 1, Pairing::Head(a.head - 1)) {
        a.start -= 1;
        a.head -= 1;
    }
    while a.tail > 0 && a.end < window_len && joined(a.end - 1, Pairing::Tail(a.tail - 1)) {
        a.end += 1;
        a.tail -= 1;
    }
    a
}

/// Which unpaired quote word [`extend_ends`] is about to pair: `Head(k)` the quote's word `k`
/// (counted from its first word), `Tail(k)` the `k`-th word from its last one (0 is the last).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pairing {
    /// A word of the quote's unpaired start.
    Head(usize),
    /// A word of the quote's unpaired end, counted from the end.
    Tail(usize),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::words::words;

    fn aw(t: &str) -> Vec<AWord<'_>> {
        words(t)
            .map(|w| AWord {
                key: w.key,
                text: &t[w.start..w.end],
            })
            .collect()
    }

    #[test]
    fn finds_edited_quote_inside_window() {
        let q = aw("the group has no significant popular support");
        let w =
            aw("strongly indicates that the group has not significant popular support inside Iran");
        let a = align(&q, &w).unwrap();
        assert_eq!((a.start, a.end, a.edits, a.exact), (3, 10, 1, 6));
        assert!((a.similarity(q.len()) - 12.0 / 14.0).abs() < 1e-9);
    }

    #[test]
    fn an_added_first_word_is_not_matched_to_the_word_before() {
        // (quote, window, expected (start, end, edits, exact)): the alignment stops at its
        // matched pairs; a word at either end that matches nothing is left unpaired (whether
        // the neighbouring source word takes it is `extend_ends`'s call).
        for (q, w, want) in [
            (
                "Indeed the report found the river flooded",
                "spring census the report found the river flooded twice",
                (2, 8, 1, 6),
            ),
            (
                "the report found the river flooded indeed",
                "census the report found the river flooded twice",
                (1, 7, 1, 6),
            ),
        ] {
            let a = align(&aw(q), &aw(w)).unwrap();
            assert_eq!((a.start, a.end, a.edits, a.exact), want, "{q}");
            assert_eq!(a.head + a.tail, 1, "{q}");
        }
    }

    #[test]
    fn substituted_end_words_are_left_unpaired_then_paired_where_the_text_runs_on() {
        // Two substituted words at the start, one at the end: the trimmed alignment covers the
        // matched words only, whatever the tie-break.
        let q = aw("so they are hated among all the people");
        let w = aw("x y z a b are hated among all the citizens now");
        let a = align(&q, &w).unwrap();
        assert_eq!((a.start, a.end, a.head, a.tail, a.edits), (5, 10, 2, 1, 3));
        let joined = extend_ends(a, w.len(), |_, _| true);
        assert_eq!(
            (joined.start, joined.end, joined.head, joined.tail),
            (3, 11, 0, 0)
        );
        assert_eq!(joined.edits, a.edits);
        assert!(joined.similarity(q.len()) < a.similarity(q.len()));
        // A break before the match keeps the start where it was; pairing asks about the
        // right quote words (head from the inside out, tail from the inside out).
        let mut asked = Vec::new();
        let cut = extend_ends(a, w.len(), |k, p| {
            asked.push((k, p));
            k != 4
        });
        assert_eq!((cut.start, cut.end, cut.head, cut.tail), (5, 11, 2, 0));
        assert_eq!(asked, [(4, Pairing::Head(1)), (9, Pairing::Tail(0))]);
        // At the window's end nothing is there to pair.
        let edge = extend_ends(a, 10, |_, _| true);
        assert_eq!((edge.end, edge.tail), (10, 1));
    }

    #[test]
    fn nothing_matched_is_an_empty_alignment() {
        let a = align(&aw("alpha beta"), &aw("gamma delta")).unwrap();
        assert_eq!(a.end, a.start);
        assert_eq!(a.edits, 2);
        assert_eq!(extend_ends(a, 2, |_, _| true), a);
    }

    #[test]
    fn a_left_out_word_is_one_deletion_not_a_substitution() {
        let q = aw("for fieheandtion lountveawhing floullslom he only");
        let w = aw("choshflealer for also fieheandtion lountveawhing floullslom he only why");
        let a = align(&q, &w).unwrap();
        assert_eq!((a.start, a.end, a.edits, a.exact), (1, 8, 1, 6));
    }

    #[test]
    fn case_only_costs_no_edit() {
        let q = aw("they just want power");
        let w = aw("THEY JUST WANT POWER now");
        let a = align(&q, &w).unwrap();
        assert_eq!((a.edits, a.case_only, a.start, a.end), (0, 4, 0, 4));
    }
}
