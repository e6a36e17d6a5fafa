//! Chains: near-duplicate candidates from seeds, stretched through edits at their ends.
//!
//! Seeds close to each other on nearby diagonals (a few substituted, inserted or deleted words
//! apart) are chained into one candidate, whose similarity is then measured precisely by a word
//! diff. Sentences copied in another order sit on distant diagonals and are never chained into
//! one passage. Each chain is then stretched through edits at its ends (banded X-drop
//! alignment), so an edit near a copy's edge does not cut the passage short.

use std::collections::HashMap;

use rayon::prelude::*;

use super::corpus::BARRIER;
use super::seeds::Seed;
use super::DupOptions;

/// Most words between two chained seeds, on either side.
const MAX_GAP: usize = 16;
/// Most net inserted or deleted words between two chained seeds.
const MAX_SHIFT: i64 = 4;

/// A chain of seeds: one near-duplicate candidate.
pub(super) struct Chain {
    seeds: Vec<Seed>,
}

impl Chain {
    fn end(&self) -> (usize, usize) {
        let s = self.seeds[self.seeds.len() - 1];
        (s.a + s.len, s.b + s.len)
    }
    fn diag(&self) -> i64 {
        let s = self.seeds[self.seeds.len() - 1];
        s.b as i64 - s.a as i64
    }
}

/// Chain seeds lying a few words apart on nearby diagonals.
pub(super) fn chain(keys: &[u32], mut seeds: Vec<Seed>) -> Vec<Chain> {
    seeds.sort_unstable_by_key(|s| (s.a, s.b));
    let mut chains: Vec<Chain> = Vec::new();
    let mut open: HashMap<i64, usize> = HashMap::new();
    for s in seeds {
        let d = s.b as i64 - s.a as i64;
        let mut best: Option<(usize, usize)> = None; // (gap, chain)
        for dd in -MAX_SHIFT..=MAX_SHIFT {
            let Some(&ci) = open.get(&(d + dd)) else {
                continue;
            };
            let c = &chains[ci];
            if c.diag() != d + dd {
                continue;
            }
            let (ea, eb) = c.end();
            // The new seed may overlap the chain's end by a few words (repeated words around
            // an indel), but must move forward on both sides.
            if s.a + s.len <= ea || s.b + s.len <= eb {
                continue;
            }
            let gap = s.a.saturating_sub(ea).max(s.b.saturating_sub(eb));
            if gap > MAX_GAP || s.a + MAX_GAP < ea || s.b + MAX_GAP < eb {
                continue;
            }
            let (ga, gb) = (ea.min(s.a)..s.a.max(ea), eb.min(s.b)..s.b.max(eb));
            if keys[ga].contains(&BARRIER) || keys[gb].contains(&BARRIER) {
                continue;
            }
            if best.is_none_or(|(g, _)| gap < g) {
                best = Some((gap, ci));
            }
        }
        match best {
            Some((_, ci)) => {
                let c = &mut chains[ci];
                let (ea, eb) = c.end();
                let skip = ea.saturating_sub(s.a).max(eb.saturating_sub(s.b));
                let t = Seed {
                    a: s.a + skip,
                    b: s.b + skip,
                    len: s.len - skip,
                };
                let old = c.diag();
                c.seeds.push(t);
                if open.get(&old) == Some(&ci) {
                    open.remove(&old);
                }
                open.insert(d, ci);
            }
            None => {
                open.insert(d, chains.len());
                chains.push(Chain { seeds: vec![s] });
            }
        }
    }
    chains
}

/// Word-level similarity and alignment of two key sequences.
pub(super) fn compare(a: &[u32], b: &[u32]) -> (f64, Vec<similar::DiffOp>) {
    let ops = similar::capture_diff_slices(similar::Algorithm::Myers, a, b);
    let same: usize = ops
        .iter()
        .filter(|o| o.tag() == similar::DiffTag::Equal)
        .map(|o| o.old_range().len())
        .sum();
    let total = a.len() + b.len();
    let sim = if total == 0 {
        1.0
    } else {
        2.0 * same as f64 / total as f64
    };
    (sim, ops)
}

/// A pair of passages (global word ranges) that repeat each other.
pub(super) struct Edge {
    pub(super) a: (usize, usize),
    pub(super) b: (usize, usize),
}

/// Most words looked at beyond either end of a passage when extending it through edits.
const EXTEND_WORDS: usize = 48;
/// Band of the extension's alignment: most net inserted or deleted words.
const EXTEND_BAND: usize = 3;
/// The extension stops once its score falls this far below the best seen.
const X_DROP: i32 = 5;

/// How many more words each side of a passage takes in through edits beyond one end: X-drop
/// extension of a banded word alignment (match +1, substitution or gap -2), as BLAST extends its
/// hits. A gain needs more than two matching words per edit, so copies that merely diverge are
/// not stretched; `a(i)` and `b(i)` are the `i`-th words beyond the end (`None` past a limit
/// or a barrier).
fn x_drop(a: impl Fn(usize) -> Option<u32>, b: impl Fn(usize) -> Option<u32>) -> (usize, usize) {
    // Without a match among the first words the score is below -5 by the fourth row: most
    // passages end where their copies diverge, so answer those without the matrix.
    let any_match = (0..3.min(EXTEND_WORDS)).any(|i| {
        a(i).is_some_and(|k| (0..(i + EXTEND_BAND + 1).min(EXTEND_WORDS)).any(|j| b(j) == Some(k)))
    });
    if !any_match {
        return (0, 0);
    }
    let na = (0..EXTEND_WORDS).take_while(|&i| a(i).is_some()).count();
    let nb = (0..EXTEND_WORDS).take_while(|&i| b(i).is_some()).count();
    const NEG: i32 = i32::MIN / 2;
    let w = nb + 1;
    let mut score = vec![NEG; (na + 1) * w];
    let (mut best, mut at) = (0, (0, 0));
    for i in 0..=na {
        let lo = i.saturating_sub(EXTEND_BAND);
        let hi = (i + EXTEND_BAND).min(nb);
        let mut row_best = NEG;
        for j in lo..=hi {
            let v = if i == 0 && j == 0 {
                0
            } else {
                let mut v = NEG;
                if i > 0 && j > 0 {
                    let same = a(i - 1) == b(j - 1);
                    v = v.max(score[(i - 1) * w + j - 1] + if same { 1 } else { -2 });
                }
                if i > 0 {
                    v = v.max(score[(i - 1) * w + j] - 2);
                }
                if j > 0 {
                    v = v.max(score[i * w + j - 1] - 2);
                }
                v
            };
            score[i * w + j] = v;
            row_best = row_best.max(v);
            if v > best {
                best = v;
                at = (i, j);
            }
        }
        if row_best < best - X_DROP {
            break;
        }
    }
    at
}

/// Extend the passages `a` and `b` (global word ranges, `a` first) through edits at both ends.
/// The earlier copy never grows into the later one.
fn extend_ends(
    keys: &[u32],
    a: (usize, usize),
    b: (usize, usize),
) -> ((usize, usize), (usize, usize)) {
    let word = |p: usize| keys.get(p).copied().filter(|&k| k != BARRIER);
    let gap = b.0.saturating_sub(a.1);
    let (fa, fb) = x_drop(
        |i| if i < gap { word(a.1 + i) } else { None },
        |i| word(b.1 + i),
    );
    let (a, b) = ((a.0, a.1 + fa), (b.0, b.1 + fb));
    let gap = b.0.saturating_sub(a.1);
    let (ba, bb) = x_drop(
        |i| a.0.checked_sub(i + 1).and_then(word),
        |i| if i < gap { word(b.0 - i - 1) } else { None },
    );
    ((a.0 - ba, a.1), (b.0 - bb, b.1))
}

/// Turn chains into pairs of passages: the chain extended through edits at its ends when it
/// stays similar enough, else its long enough exact runs on their own.
pub(super) fn edges(keys: &[u32], chains: Vec<Chain>, opts: &DupOptions) -> Vec<Edge> {
    chains
        .into_par_iter()
        .flat_map_iter(|c| {
            let first = c.seeds[0];
            let (ea, eb) = c.end();
            let mut out = Vec::new();
            let (a, b) = extend_ends(keys, (first.a, ea), (first.b, eb));
            let exact = c.seeds.len() == 1 && a == (first.a, ea) && b == (first.b, eb);
            let words = (a.1 - a.0).min(b.1 - b.0);
            if !exact && words >= opts.min_words {
                let (sim, _) = compare(&keys[a.0..a.1], &keys[b.0..b.1]);
                if sim + 1e-9 >= opts.similarity {
                    out.push(Edge { a, b });
                    return out;
                }
            }
            for s in c.seeds {
                if s.len >= opts.min_words {
                    out.push(Edge {
                        a: (s.a, s.a + s.len),
                        b: (s.b, s.b + s.len),
                    });
                }
            }
            out
        })
        .collect()
}
