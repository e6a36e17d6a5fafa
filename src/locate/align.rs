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
    // Trace back, preferring diagonal moves.
    let (mut i, mut j) = (n, best_j);
    let (mut exact, mut case_only, mut edits) = (0, 0, 0);
    while i > 0 {
        let here = score[i * w + j];
        if j > 0 {
            let same = quote[i - 1].key == window[j - 1].key;
            // A mismatched first quote word costs the same dropped as substituted; dropping it
            // keeps an unrelated word before the match (the end of the previous sentence) out
            // of the found span, as the earliest best end does for the last word.
            let take_diagonal = same || i > 1;
            if take_diagonal && here == score[(i - 1) * w + j - 1] + step(same) {
                if same {
                    if quote[i - 1].text == window[j - 1].text {
                        exact += 1;
                    } else {
                        case_only += 1;
                    }
                } else {
                    edits += 1;
                }
                i -= 1;
                j -= 1;
                continue;
            }
            if here == score[i * w + j - 1] + edit {
                edits += 1;
                j -= 1;
                continue;
            }
        }
        edits += 1;
        i -= 1;
    }
    // Leading window words skipped for free are not part of the match.
    Some(Alignment {
        start: j,
        end: best_j,
        edits,
        exact,
        case_only,
    })
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
        // (quote, window, expected (start, end, edits, exact)): an added word at either end is
        // dropped, never paired with the neighbouring source word.
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
        }
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
