//! Chains: near-duplicate candidates from seeds, stretched through edits at their ends.
//!
//! Seeds close to each other on nearby diagonals (a few substituted, inserted or deleted words
//! apart) are chained into one candidate, whose similarity is then measured precisely by a word
//! diff. Sentences copied in another order sit on distant diagonals and are never chained into
//! one passage. Each chain is then stretched through edits at its ends (banded X-drop
//! alignment), so an edit near a copy's edge does not cut the passage short.

use std::collections::HashMap;

use super::corpus::BARRIER;
use super::runs::SeedRuns;
use super::seeds::Seed;
use super::DupOptions;

/// Most words between two chained seeds, on either side.
const MAX_GAP: usize = 16;
/// Most net inserted or deleted words between two chained seeds.
pub(super) const MAX_SHIFT: i64 = 4;

/// A chain of seeds: one near-duplicate candidate.
pub(super) struct Chain {
    pub(super) seeds: SeedRuns,
}

impl Chain {
    /// Where the chain ends on each side (past its last seed).
    pub(super) fn end(&self) -> (usize, usize) {
        let s = self.seeds.last();
        (s.a() + s.len(), s.b() + s.len())
    }
    fn diag(&self) -> i64 {
        let s = self.seeds.last();
        s.b() as i64 - s.a() as i64
    }
}

/// Chain seeds lying a few words apart on nearby diagonals, handing each chain to `finished`
/// once no later seed can join it.
///
/// `seeds` are sorted by their earlier copy, then their later one; `later` names the source
/// of a seed's later copy. A chain is finished when another of the same pair of sources
/// takes its diagonal, or when the seeds have moved more than [`MAX_GAP`] words past its end:
/// only the chains still open are held, so a corpus of three million unrelated seeds (random
/// words from a vocabulary of ten) never holds three million chains.
///
/// Chains never cross a barrier, and open chains are kept by diagonal *and* later source, so
/// the chains of one pair of sources are those its own seeds give, whatever seeds of other
/// pairs come between: the search can reuse a pair's result when its seeds did not change
/// (see `pairs`).
pub(super) fn chain(
    keys: &[u32],
    seeds: impl Iterator<Item = Seed>,
    later: impl Fn(&Seed) -> u32,
    mut finished: impl FnMut(Chain),
) {
    // Open chains in slots (a slot is reused once its chain is finished), by diagonal and
    // the source of their later copy.
    let mut slots: Vec<Option<Chain>> = Vec::new();
    let mut free: Vec<usize> = Vec::new();
    let mut open: HashMap<(i64, u32), usize> = HashMap::new();
    let mut swept_at = 1024;
    let mut finish = |slots: &mut Vec<Option<Chain>>, free: &mut Vec<usize>, at: usize| {
        if let Some(mut c) = slots[at].take() {
            // A chain grows by doubling: a passage repeated a million times is one chain
            // of a million seeds, up to half of it spare capacity while its periodic
            // stretch is cut into units.
            c.seeds.shrink();
            free.push(at);
            finished(c);
        }
    };
    for s in seeds {
        let d = s.b() as i64 - s.a() as i64;
        let to = later(&s);
        if open.len() >= swept_at {
            // Chains ending more than MAX_GAP words before this seed can take no more.
            let stale: Vec<((i64, u32), usize)> = open
                .iter()
                .filter(|(_, &at)| {
                    let (ea, _) = slots[at].as_ref().expect("an open chain").end();
                    s.a() > ea + MAX_GAP
                })
                .map(|(&d, &at)| (d, at))
                .collect();
            for (d, at) in stale {
                open.remove(&d);
                finish(&mut slots, &mut free, at);
            }
            swept_at = (2 * open.len()).max(1024);
        }
        let mut best: Option<(usize, usize)> = None; // (gap, slot)
        for dd in -MAX_SHIFT..=MAX_SHIFT {
            let Some(&at) = open.get(&(d + dd, to)) else {
                continue;
            };
            let c = &slots[at].as_ref().expect("an open chain");
            let (ea, eb) = c.end();
            // The new seed may overlap the chain's end by a few words (repeated words around
            // an indel), but must move forward on both sides.
            if s.a() + s.len() <= ea || s.b() + s.len() <= eb {
                continue;
            }
            let gap = s.a().saturating_sub(ea).max(s.b().saturating_sub(eb));
            if gap > MAX_GAP || s.a() + MAX_GAP < ea || s.b() + MAX_GAP < eb {
                continue;
            }
            let (ga, gb) = (ea.min(s.a())..s.a().max(ea), eb.min(s.b())..s.b().max(eb));
            if keys[ga].contains(&BARRIER) || keys[gb].contains(&BARRIER) {
                continue;
            }
            if best.is_none_or(|(g, _)| gap < g) {
                best = Some((gap, at));
            }
        }
        let at = match best {
            Some((_, at)) => {
                let c = slots[at].as_mut().expect("an open chain");
                let (ea, eb) = c.end();
                let skip = ea.saturating_sub(s.a()).max(eb.saturating_sub(s.b()));
                let t = Seed::new(s.a() + skip, s.b() + skip, s.len() - skip);
                let old = c.diag();
                c.seeds.push(t);
                // Every open chain is open on its last diagonal, and only there.
                open.remove(&(old, to));
                at
            }
            None => {
                let chain = Chain {
                    seeds: SeedRuns::one(s),
                };
                match free.pop() {
                    Some(at) => {
                        slots[at] = Some(chain);
                        at
                    }
                    None => {
                        slots.push(Some(chain));
                        slots.len() - 1
                    }
                }
            }
        };
        // A chain open on this diagonal before can take no more seeds.
        if let Some(prev) = open.insert((d, to), at) {
            finish(&mut slots, &mut free, prev);
        }
    }
    let mut rest: Vec<usize> = open.into_values().collect();
    rest.sort_unstable();
    for at in rest {
        finish(&mut slots, &mut free, at);
    }
}

/// True when every passage `c` can give (the chain taken through edits at its ends, its
/// seeds, or for a chain overlapping itself, the units of its stretch) is trivial: fewer than
/// `t` distinct words around either side, as far as an extension reaches. Such passages are
/// never reported (see `clusters::trivial`); random words from a vocabulary of two match
/// themselves nearly everywhere, and their chains (half a gigabyte from 42 MB) were all held
/// and measured for nothing.
pub(super) fn trivial(keys: &[u32], c: &Chain, t: usize) -> bool {
    let first = c.seeds.first();
    let (ea, eb) = c.end();
    trivial_sides(keys, (first.a(), ea), (first.b(), eb), t)
}

/// [`trivial`] for a seed: the passages of its chain are judged again when it is chained.
pub(super) fn trivial_seed(keys: &[u32], s: &Seed, t: usize) -> bool {
    trivial_sides(keys, (s.a(), s.a() + s.len()), (s.b(), s.b() + s.len()), t)
}

/// True when the passage pairs `a` and `b` (global word ranges, `a` first) can give, taken
/// through edits at their ends, hold fewer than `t` distinct words each.
///
/// An extension stops at a barrier (see [`extend_ends`]), so the words looked at around a
/// passage stop there too: another source's words never make a passage worth measuring, and
/// a pair of sources is judged on its own words alone (see `pairs`).
fn trivial_sides(keys: &[u32], a: (usize, usize), b: (usize, usize), t: usize) -> bool {
    let few = |lo: usize, hi: usize| {
        let from = (lo.saturating_sub(EXTEND_WORDS)..lo)
            .rev()
            .take_while(|&i| keys[i] != BARRIER)
            .last()
            .unwrap_or(lo);
        let to = (hi..(hi + EXTEND_WORDS).min(keys.len()))
            .find(|&i| keys[i] == BARRIER)
            .unwrap_or((hi + EXTEND_WORDS).min(keys.len()));
        super::clusters::fewer_distinct(&keys[from..to.max(hi)], t)
    };
    if a.1 > b.0 {
        // Overlapping itself: its stretch runs from one side's start to the other's end.
        few(a.0, b.1)
    } else {
        // Each passage lies on one side (a word diff measures the two against each other).
        few(a.0, a.1) && few(b.0, b.1)
    }
}

/// Passages up to this many words (both sides together) are diffed whole. Myers' diff holds
/// about 40 bytes per word of its input: a passage covering most of a repetitive corpus (a
/// sentence repeated a million times is a near duplicate of itself shifted by one line) took
/// ten times the corpus. Longer passages are cut into blocks at words both sides share once.
const DIFF_WHOLE_WORDS: usize = 1 << 16;

/// Word-level similarity and alignment of two key sequences.
pub(super) fn compare(a: &[u32], b: &[u32]) -> (f64, Vec<similar::DiffOp>) {
    let mut ops = Vec::new();
    let same = diff_blocks(a, b, &mut |op| ops.push(op));
    (similarity(same, a, b), ops)
}

/// The similarity alone, without keeping the diff (see [`compare`]).
pub(super) fn compare_similarity(a: &[u32], b: &[u32]) -> f64 {
    let same = diff_blocks(a, b, &mut |_| {});
    similarity(same, a, b)
}

fn similarity(same: usize, a: &[u32], b: &[u32]) -> f64 {
    let total = a.len() + b.len();
    if total == 0 {
        1.0
    } else {
        2.0 * same as f64 / total as f64
    }
}

/// Diff `a` against `b`, each op handed to `emit` (indexes into `a` and `b`), and return the
/// words equal: whole when short, else block by block, cut at anchors (words that occur once
/// in each side's window, in order on both), each block diffed whole. Memory stays bounded by
/// the window, whatever the passage.
fn diff_blocks(a: &[u32], b: &[u32], emit: &mut dyn FnMut(similar::DiffOp)) -> usize {
    let mut same = 0;
    let mut block = |(a0, a1): (usize, usize), (b0, b1): (usize, usize)| {
        if a1 - a0 + b1 - b0 <= DIFF_WHOLE_WORDS {
            for op in
                similar::capture_diff_slices(similar::Algorithm::Myers, &a[a0..a1], &b[b0..b1])
            {
                same += match op {
                    similar::DiffOp::Equal { len, .. } => len,
                    _ => 0,
                };
                emit(shift(op, a0, b0));
            }
        } else if a1 > a0 || b1 > b0 {
            emit(similar::DiffOp::Replace {
                old_index: a0,
                old_len: a1 - a0,
                new_index: b0,
                new_len: b1 - b0,
            });
        }
    };
    // Walk both passages a window at a time; cut each window at its last anchor past its
    // middle (or its last one at all), so the memory is the window's, not the passage's.
    let half = DIFF_WHOLE_WORDS / 2;
    let (mut pa, mut pb) = (0, 0);
    while a.len() - pa + b.len() - pb > DIFF_WHOLE_WORDS {
        let (ea, eb) = ((pa + half).min(a.len()), (pb + half).min(b.len()));
        let found = anchors(&a[pa..ea], &b[pb..eb]);
        let cut = found
            .iter()
            .rev()
            .find(|&&(i, j)| i + j >= half)
            .or(found.last())
            .copied()
            .filter(|&(i, j)| i + j > 0);
        match cut {
            Some((i, j)) => {
                block((pa, pa + i), (pb, pb + j));
                (pa, pb) = (pa + i, pb + j);
            }
            None => {
                // Nothing shared once in the two windows: they differ throughout.
                block((pa, ea), (pb, eb));
                (pa, pb) = (ea, eb);
            }
        }
    }
    block((pa, a.len()), (pb, b.len()));
    same
}

/// `op` with its indexes moved by `a0` and `b0`.
fn shift(op: similar::DiffOp, a0: usize, b0: usize) -> similar::DiffOp {
    use similar::DiffOp::*;
    match op {
        Equal {
            old_index,
            new_index,
            len,
        } => Equal {
            old_index: old_index + a0,
            new_index: new_index + b0,
            len,
        },
        Delete {
            old_index,
            old_len,
            new_index,
        } => Delete {
            old_index: old_index + a0,
            old_len,
            new_index: new_index + b0,
        },
        Insert {
            old_index,
            new_index,
            new_len,
        } => Insert {
            old_index: old_index + a0,
            new_index: new_index + b0,
            new_len,
        },
        Replace {
            old_index,
            old_len,
            new_index,
            new_len,
        } => Replace {
            old_index: old_index + a0,
            old_len,
            new_index: new_index + b0,
            new_len,
        },
    }
}

/// Positions `(i, j)` of words occurring once in `a` and once in `b`, the longest chain of
/// them increasing on both sides (patience), sorted.
fn anchors(a: &[u32], b: &[u32]) -> Vec<(usize, usize)> {
    let count = |s: &[u32]| {
        let mut m: HashMap<u32, (usize, u32)> = HashMap::new();
        for (i, &k) in s.iter().enumerate() {
            if k != BARRIER {
                m.entry(k).or_insert((i, 0)).1 += 1;
            }
        }
        m
    };
    let (ca, cb) = (count(a), count(b));
    let mut pairs: Vec<(usize, usize)> = ca
        .iter()
        .filter(|(_, &(_, n))| n == 1)
        .filter_map(|(k, &(i, _))| match cb.get(k) {
            Some(&(j, 1)) => Some((i, j)),
            _ => None,
        })
        .collect();
    drop((ca, cb));
    pairs.sort_unstable();
    let mut tails: Vec<usize> = Vec::new();
    let mut back: Vec<usize> = vec![usize::MAX; pairs.len()];
    for (k, &(_, j)) in pairs.iter().enumerate() {
        let at = tails.partition_point(|&t| pairs[t].1 < j);
        if at > 0 {
            back[k] = tails[at - 1];
        }
        if at == tails.len() {
            tails.push(k);
        } else {
            tails[at] = k;
        }
    }
    let mut out = Vec::with_capacity(tails.len());
    let mut cur = tails.last().copied().unwrap_or(usize::MAX);
    while cur != usize::MAX {
        out.push(pairs[cur]);
        cur = back[cur];
    }
    out.reverse();
    out
}

/// A pair of passages (global word ranges) that repeat each other. Word positions are `u32`
/// (see the module docs of [`super`]): a sentence repeated a million times gives a million
/// edges, held while they are grouped.
pub(super) struct Edge {
    pub(super) a: (u32, u32),
    pub(super) b: (u32, u32),
}

impl Edge {
    /// The pair of passages `a` and `b` (global word ranges).
    pub(super) fn new(a: (usize, usize), b: (usize, usize)) -> Edge {
        Edge {
            a: (a.0 as u32, a.1 as u32),
            b: (b.0 as u32, b.1 as u32),
        }
    }
}

/// Places (global word ranges) each linked to the next: the units of a periodic stretch, each
/// a copy of the one before it. One entry a place where pairs of passages took two (a phrase
/// repeated three million times is a line of three million units).
#[derive(Default)]
pub(super) struct Lines {
    /// Every line's places, one line after another.
    pub(super) places: Vec<(u32, u32)>,
    /// Where each line ends in `places`.
    pub(super) ends: Vec<u32>,
}

impl Lines {
    /// Link place `a` to place `b`: the line ending at `a` goes on to `b`, else a new line.
    pub(super) fn link(&mut self, a: (usize, usize), b: (usize, usize)) {
        let (a, b) = ((a.0 as u32, a.1 as u32), (b.0 as u32, b.1 as u32));
        if self.places.last() != Some(&a) {
            self.places.push(a);
            self.ends.push(0);
        }
        self.places.push(b);
        *self.ends.last_mut().expect("a line") = self.places.len() as u32;
    }

    /// The lines of `other` added after these.
    pub(super) fn append(&mut self, other: Lines) {
        let at = self.places.len() as u32;
        self.places.extend(other.places);
        self.ends.extend(other.ends.into_iter().map(|e| e + at));
    }
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
pub(super) fn x_drop(
    a: impl Fn(usize) -> Option<u32>,
    b: impl Fn(usize) -> Option<u32>,
) -> (usize, usize) {
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

/// Turn a chain into pairs of passages: the chain extended through edits at its ends when it
/// stays similar enough, else its long enough exact runs on their own.
pub(super) fn edges(keys: &[u32], c: &Chain, opts: &DupOptions) -> Vec<Edge> {
    let first = c.seeds.first();
    let (ea, eb) = c.end();
    let mut out = Vec::new();
    let (a, b) = extend_ends(keys, (first.a(), ea), (first.b(), eb));
    let exact = c.seeds.len() == 1 && a == (first.a(), ea) && b == (first.b(), eb);
    let words = (a.1 - a.0).min(b.1 - b.0);
    if !exact && words >= opts.min_words {
        let sim = compare_similarity(&keys[a.0..a.1], &keys[b.0..b.1]);
        if sim + 1e-9 >= opts.similarity {
            out.push(Edge::new(a, b));
            return out;
        }
    }
    for s in c.seeds.iter() {
        if s.len() >= opts.min_words {
            out.push(Edge::new(
                (s.a(), s.a() + s.len()),
                (s.b(), s.b() + s.len()),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Equal words counted by a diff's ops, and whether the ops cover both sides in order.
    fn check_ops(a: &[u32], b: &[u32], ops: &[similar::DiffOp]) -> usize {
        let (mut i, mut j, mut same) = (0, 0, 0);
        for op in ops {
            assert_eq!(
                (op.old_range().start, op.new_range().start),
                (i, j),
                "{op:?}"
            );
            if let similar::DiffOp::Equal { len, .. } = op {
                assert_eq!(a[i..i + len], b[j..j + len]);
                same += len;
            }
            i = op.old_range().end;
            j = op.new_range().end;
        }
        assert_eq!((i, j), (a.len(), b.len()));
        same
    }

    #[test]
    fn a_long_passage_is_diffed_in_blocks_with_every_word_accounted_for() {
        // 150,000 words with one in 13 changed (a repeated sentence with a line number): too
        // long to diff whole, cut at the numbers, which occur once each side.
        let a: Vec<u32> = (0..150_000u32)
            .map(|i| if i % 13 == 12 { 1_000 + i } else { i % 13 })
            .collect();
        let b: Vec<u32> = (0..150_000u32)
            .map(|i| if i % 13 == 12 { 1_000 + i + 13 } else { i % 13 })
            .collect();
        let (sim, ops) = compare(&a, &b);
        let same = check_ops(&a, &b, &ops);
        assert_eq!(sim, 2.0 * same as f64 / 300_000.0);
        assert!(sim > 0.9, "{sim}");
        assert_eq!(compare_similarity(&a, &b), sim);
    }

    #[test]
    fn a_short_passage_is_diffed_whole() {
        let a = [1, 2, 3, 4, 5, 6];
        let b = [1, 2, 9, 4, 5, 6, 7];
        let (sim, ops) = compare(&a, &b);
        assert_eq!(check_ops(&a, &b, &ops), 5);
        assert!((sim - 10.0 / 13.0).abs() < 1e-12);
    }
}
