//! The word alignment of [`super::align`](mod@super::align) in memory and time linear in the
//! quote's length.
//!
//! The matrix version fills every cell of the `(n + 1) x (m + 1)` table of a quote of `n` words
//! against a window of `m` (the locator's window is about `1.8 n` words): a 20,000-word quote took
//! 6.3 GB and a 100,000-word one asked for 112 GB. Here the same recurrence is filled only inside
//! a *band* of cells per quote word, and only the three bits the traceback needs (which
//! neighbours reach the cell's score) are kept per cell, with two rows of scores:
//!
//! - When the whole table fits [`FULL_CELLS`] the band is the whole table, and the result is
//!   exactly the matrix version's (same score, same path: the tie rules are replayed from the
//!   bits; a property test holds the two together).
//! - Above that, the band follows the quote through the window: word trigrams that occur once in
//!   the quote and once in the window anchor it, the longest chain of anchors in order in both
//!   gives the diagonal (window word − quote word) at each quote word, interpolated between
//!   anchors, and each quote word's band is that diagonal ± a margin sized so the band holds at
//!   most about [`FULL_CELLS`] cells (never less than [`MIN_MARGIN`]). The work is then
//!   `O(n · margin + m)`, whatever the length.
//!
//! A band only removes paths: the alignment found is always a real alignment of the quote with
//! the words it reports (its similarity and edits describe that text, and the diff is computed
//! from the text again), and its score (edits, then matches) is never better than the best
//! path's. When the band misses the best path the quote looks more edited than it is, never
//! less.

use std::collections::HashMap;

use super::align::{trace_back, AWord, Alignment};

/// Largest table filled whole, so that results equal the matrix version's exactly (16 MB of
/// traceback bits, one byte per cell): every quote up to a few thousand words.
pub const FULL_CELLS: usize = 16 << 20;

/// Tables up to this many cells are left to the matrix version (8 bytes a cell): above it,
/// [`super::align::align`] hands over to this one.
pub const MATRIX_CELLS: usize = 1 << 20;

/// Fewest cells either side of a quote word's band centre, however long the quote.
pub const MIN_MARGIN: usize = 64;

/// Cells allowed in a band of a long quote: the margin is this over twice the quote's words.
const BAND_CELLS: usize = 16 << 20;

const DIAG: u8 = 1;
const LEFT: u8 = 2;
const UP: u8 = 4;
const INF: i64 = i64::MAX / 4;

/// Align `quote` against `window` as [`super::align::align`] does, in a band (see the module
/// docs); `None` when either is empty.
pub fn align(quote: &[AWord<'_>], window: &[AWord<'_>]) -> Option<Alignment> {
    let (n, m) = (quote.len(), window.len());
    if n == 0 || m == 0 {
        return None;
    }
    let rows = if (n + 1).saturating_mul(m + 1) <= FULL_CELLS {
        vec![(0, m); n + 1]
    } else {
        let margin = (BAND_CELLS / (2 * n)).max(MIN_MARGIN);
        band(quote, window, margin)
    };
    align_in(quote, window, &rows)
}

/// The band of cells `(first, last)` window positions (0..=m, inclusive) per quote row
/// `0..=n`, around the diagonal the anchors give.
fn band(quote: &[AWord<'_>], window: &[AWord<'_>], margin: usize) -> Vec<(usize, usize)> {
    let (n, m) = (quote.len(), window.len());
    let chain = anchor_chain(quote, window);
    // Diagonal (window position − quote position) at each row, interpolated between anchors;
    // without anchors, the middle of the window.
    let mut diag = vec![0i64; n + 1];
    if chain.is_empty() {
        diag.fill((m as i64 - n as i64) / 2);
    } else {
        let d = |&(i, j): &(usize, usize)| j as i64 - i as i64;
        let (first, last) = (chain[0], chain[chain.len() - 1]);
        for (i, slot) in diag.iter_mut().enumerate() {
            *slot = if i <= first.0 {
                d(&first)
            } else if i >= last.0 {
                d(&last)
            } else {
                let k = chain.partition_point(|a| a.0 <= i) - 1;
                let (a, b) = (chain[k], chain[k + 1]);
                let (da, db) = (d(&a), d(&b));
                da + (db - da) * (i - a.0) as i64 / (b.0 - a.0) as i64
            };
        }
    }
    let margin = margin as i64;
    (0..=n)
        .map(|i| {
            // A row covers its neighbours' diagonals too, so a jump between anchors (words the
            // quote left out) is a run of cells on one row, not a gap in the band.
            let prev = diag[i.saturating_sub(1)];
            let next = diag[(i + 1).min(n)];
            let lo = prev.min(diag[i]).min(next) - margin + i as i64;
            let hi = prev.max(diag[i]).max(next) + margin + i as i64;
            let lo = lo.clamp(0, m as i64) as usize;
            let hi = hi.clamp(0, m as i64) as usize;
            (lo, hi)
        })
        .collect()
}

/// Hash of the three keys starting at `i`.
fn trigram(words: &[AWord<'_>], i: usize) -> u64 {
    let k = |w: &AWord<'_>| w.key as u64;
    (k(&words[i]) << 42) ^ (k(&words[i + 1]) << 21) ^ k(&words[i + 2]) ^ (k(&words[i + 2]) << 63)
}

/// Positions `(quote word, window word)` of trigrams unique in both, the longest chain of them
/// increasing in both (ties: the earliest), sorted.
fn anchor_chain(quote: &[AWord<'_>], window: &[AWord<'_>]) -> Vec<(usize, usize)> {
    if quote.len() < 3 || window.len() < 3 {
        return Vec::new();
    }
    // trigram -> (position, count)
    let mut seen: HashMap<u64, (usize, u32)> = HashMap::with_capacity(window.len());
    for j in 0..window.len() - 2 {
        let e = seen.entry(trigram(window, j)).or_insert((j, 0));
        e.1 += 1;
    }
    let mut in_quote: HashMap<u64, (usize, u32)> = HashMap::with_capacity(quote.len());
    for i in 0..quote.len() - 2 {
        let e = in_quote.entry(trigram(quote, i)).or_insert((i, 0));
        e.1 += 1;
    }
    let mut pairs: Vec<(usize, usize)> = in_quote
        .iter()
        .filter(|(_, &(_, c))| c == 1)
        .filter_map(|(h, &(i, _))| match seen.get(h) {
            Some(&(j, 1)) => Some((i, j)),
            _ => None,
        })
        .collect();
    pairs.sort_unstable();
    longest_increasing(&pairs)
}

/// The longest subsequence of `pairs` (sorted by quote position, each position once) whose
/// window positions increase: patience sorting with back links, deterministic.
fn longest_increasing(pairs: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut tails: Vec<usize> = Vec::new(); // index into pairs of the smallest tail per length
    let mut back: Vec<Option<usize>> = vec![None; pairs.len()];
    for (k, &(_, j)) in pairs.iter().enumerate() {
        let at = tails.partition_point(|&t| pairs[t].1 < j);
        back[k] = at.checked_sub(1).map(|p| tails[p]);
        if at == tails.len() {
            tails.push(k);
        } else {
            tails[at] = k;
        }
    }
    let mut out = Vec::with_capacity(tails.len());
    let mut cur = tails.last().copied();
    while let Some(k) = cur {
        out.push(pairs[k]);
        cur = back[k];
    }
    out.reverse();
    out
}

/// The recurrence of [`super::align::align`] restricted to `rows[i] = (first, last)` window
/// positions of each quote row; cells outside are unreachable.
fn align_in(
    quote: &[AWord<'_>],
    window: &[AWord<'_>],
    rows: &[(usize, usize)],
) -> Option<Alignment> {
    let (n, m) = (quote.len(), window.len());
    // Same score as the matrix version: edits * EDIT - matches.
    let edit = (n + 1) as i64;
    let step = |same: bool| if same { -1 } else { edit };
    let mut offsets = Vec::with_capacity(n + 2);
    let mut total = 0usize;
    for &(lo, hi) in rows {
        offsets.push(total);
        total += hi + 1 - lo;
    }
    offsets.push(total);
    let mut bits = vec![0u8; total];
    let mut prev = vec![INF; m + 1];
    let mut cur = vec![INF; m + 1];
    let (lo0, hi0) = rows[0];
    prev[lo0..=hi0].fill(0);
    for i in 1..=n {
        let (lo, hi) = rows[i];
        // `prev` and `cur` hold INF outside their rows' bands (cleared below), so a neighbour
        // outside the band reads as unreachable without a bounds test in the loop.
        let row_bits = &mut bits[offsets[i]..offsets[i + 1]];
        let q = quote[i - 1].key;
        for j in lo..=hi {
            let cell = if j == 0 {
                // The matrix version's first column: every quote word so far deleted.
                row_bits[0] = UP;
                i as i64 * edit
            } else {
                let sub = prev[j - 1] + step(q == window[j - 1].key);
                let del = prev[j] + edit;
                let ins = cur[j - 1] + edit;
                let best = sub.min(del).min(ins);
                row_bits[j - lo] = ((sub == best) as u8 * DIAG)
                    | ((ins == best) as u8 * LEFT)
                    | ((del == best) as u8 * UP);
                best.min(INF)
            };
            cur[j] = cell;
        }
        // Clear what this row's band does not cover before it becomes `prev`.
        std::mem::swap(&mut prev, &mut cur);
        let (clo, chi) = rows[i - 1];
        cur[clo..=chi].fill(INF);
    }
    // Best end: the best score on the last row; among equals the earliest.
    let (lo, hi) = rows[n];
    let (mut best_j, mut best) = (lo, INF);
    for (j, &c) in prev.iter().enumerate().take(hi + 1).skip(lo) {
        if c < best {
            best = c;
            best_j = j;
        }
    }
    // Unreachable cells hold INF give or take a few steps.
    if best >= INF / 2 {
        return None;
    }
    // Trace back and trim as the matrix version does, reading moves from the band's bits.
    let cell = |i: usize, j: usize| bits[offsets[i] + j - rows[i].0];
    Some(trace_back(
        quote,
        window,
        best_j,
        |i, j| cell(i, j) & DIAG != 0,
        |i, j| cell(i, j) & LEFT != 0,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn words(keys: &[u32], texts: &'static [&'static str]) -> Vec<AWord<'static>> {
        keys.iter()
            .map(|&k| AWord {
                key: k % 4,
                text: texts[k as usize % texts.len()],
            })
            .collect()
    }

    const TEXTS: &[&str] = &["a", "b", "c", "d", "A", "B", "C", "D"];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// With the whole table as its band, the result is the matrix version's, tie for tie.
        #[test]
        fn whole_band_equals_the_matrix(
            q in prop::collection::vec(0u32..8, 1..12),
            w in prop::collection::vec(0u32..8, 1..20),
        ) {
            let (q, w) = (words(&q, TEXTS), words(&w, TEXTS));
            prop_assert_eq!(align(&q, &w), super::super::align::align(&q, &w));
        }

        /// Any band gives a real alignment no better than the best one, and equal to it when the
        /// band holds every cell.
        #[test]
        fn a_narrow_band_never_scores_better(
            q in prop::collection::vec(0u32..8, 3..30),
            w in prop::collection::vec(0u32..8, 3..40),
            margin in prop::sample::select(vec![0usize, 1, 2, 5, 100]),
        ) {
            let (q, w) = (words(&q, TEXTS), words(&w, TEXTS));
            let full = super::super::align::align(&q, &w).unwrap();
            let rows = band(&q, &w, margin);
            if let Some(b) = align_in(&q, &w, &rows) {
                let score = |a: &Alignment| (a.edits, std::cmp::Reverse(a.exact + a.case_only));
                prop_assert!(score(&b) >= score(&full));
                // Consistent: the counts describe a path from start to end.
                prop_assert_eq!(b.exact + b.case_only + b.edits >= q.len(), true);
                prop_assert!(b.start <= b.end && b.end <= w.len());
                prop_assert!(b.exact + b.case_only + b.edits >= b.end - b.start);
                if margin >= q.len() + w.len() {
                    prop_assert_eq!(Some(b), super::super::align::align(&q, &w));
                }
            }
        }
    }

    fn vocab_text(seed: u64, n: usize) -> Vec<u32> {
        // A small deterministic generator: xorshift over a 5,000-word vocabulary.
        let mut x = seed;
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x % 5000) as u32
            })
            .collect()
    }

    #[test]
    fn a_long_drifted_quote_aligns_in_a_band_with_every_edit_counted() {
        // 30,000 words of source, a 12,000-word quote of its middle with one word in 10 dropped
        // (the diagonal wanders by 1,200 words) and one in 40 replaced: too big for the whole
        // table, so the band must follow the drift.
        let src = vocab_text(7, 30_000);
        let mut quote = Vec::new();
        let (mut dropped, mut replaced) = (0, 0);
        for (k, &w) in src[9_000..21_000].iter().enumerate() {
            if k % 10 == 3 {
                dropped += 1;
            } else if k % 40 == 5 {
                replaced += 1;
                quote.push(5000 + k as u32);
            } else {
                quote.push(w);
            }
        }
        let text = |k: &u32| -> &'static str {
            if k.is_multiple_of(2) {
                "x"
            } else {
                "y"
            }
        };
        let aw = |ks: &[u32]| -> Vec<AWord<'static>> {
            ks.iter()
                .map(|k| AWord {
                    key: *k,
                    text: text(k),
                })
                .collect()
        };
        let (q, w) = (aw(&quote), aw(&src[4_000..26_000]));
        assert!((q.len() + 1) * (w.len() + 1) > FULL_CELLS);
        let a = align(&q, &w).unwrap();
        assert_eq!((a.start, a.end), (5_000, 17_000));
        assert_eq!(a.edits, dropped + replaced);
        assert_eq!(a.exact, q.len() - replaced);
        // The narrowest band still follows the drift to the same alignment.
        assert_eq!(align_in(&q, &w, &band(&q, &w, MIN_MARGIN)), Some(a));
    }
}
