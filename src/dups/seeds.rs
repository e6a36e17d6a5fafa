//! Candidates and seeds: where two places may share a run of words, and the maximal exact runs
//! they do share.
//!
//! Candidates are pairs of places with equal fingerprints (see `winnow`). Each pair is then
//! verified and extended word by word to the maximal exact run on its
//! diagonal; pairs falling inside a run already found are skipped, so a long copy costs one
//! extension, not one per shingle.

use rayon::prelude::*;

use super::corpus::BARRIER;
use super::winnow::{Fingerprints, FpRun};

/// Fingerprint groups up to this size pair every member; larger (common phrases) pair
/// neighbours only, which still links every copy.
pub(super) const ALL_PAIRS_UP_TO: usize = 32;
/// A maximal exact run shared by global words `[a, a + len)` and `[b, b + len)`, `a < b`.
/// Held as `u32` (word positions are `u32`, see the module docs): 12 bytes a seed, as many
/// seeds as copies on a repetitive corpus (a phrase repeated three million times), all
/// chained while they are still held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Seed {
    a: u32,
    b: u32,
    len: u32,
}

impl Seed {
    /// The run `[a, a + len)` and `[b, b + len)`.
    pub(super) fn new(a: usize, b: usize, len: usize) -> Seed {
        Seed {
            a: a as u32,
            b: b as u32,
            len: len as u32,
        }
    }
    /// Where the earlier copy starts.
    pub(super) fn a(&self) -> usize {
        self.a as usize
    }
    /// Where the later copy starts.
    pub(super) fn b(&self) -> usize {
        self.b as usize
    }
    /// How many words the run has.
    pub(super) fn len(&self) -> usize {
        self.len as usize
    }
}

/// Candidate pairs: single pairs `(q - p) << 32 | p` (so they sort by diagonal, then
/// position) in parts, and runs of pairs following each other on one diagonal.
#[derive(Default)]
pub(super) struct Pairs {
    /// Single pairs, each part sorted in [`seeds`].
    parts: Vec<Vec<u64>>,
    /// Runs of pairs one diagonal apart on their diagonal (see [`Run`]).
    runs: Vec<Run>,
}

impl Pairs {
    /// How many pairs there are, runs expanded.
    #[cfg(test)]
    fn count(&self) -> usize {
        self.parts.iter().map(Vec::len).sum::<usize>()
            + self.runs.iter().map(|r| r.count as usize).sum::<usize>()
    }
}

/// The pairs `first + i * d` for `i < count`, `d = first >> 32`: on diagonal `d`, positions
/// `p, p + d, p + 2d, ...`, each pair's later word the next one's earlier word. A passage
/// repeated back to back pairs each copy with the next like this, a million pairs in one
/// group of fingerprints: held as one run, not a million pairs (a 117 MB source of one line
/// repeated gave 12 million pairs, 95 MB).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Run {
    first: u64,
    count: u32,
}

impl Run {
    fn step(&self) -> u64 {
        self.first >> 32
    }
}

/// Runs shorter than this are kept as single pairs (a run takes the room of two).
const MIN_RUN: u32 = 3;

/// Gathers consecutive pairs following each other on one diagonal into [`Run`]s.
#[derive(Default)]
struct RunBuilder {
    run: Option<Run>,
}

impl RunBuilder {
    /// The next pair of a group's neighbours (`None`: a pair left out, which ends a run).
    fn feed(&mut self, v: Option<u64>, emit: &mut dyn FnMut(u64), runs: &mut Vec<Run>) {
        match (v, self.run.as_mut()) {
            (Some(v), Some(r)) if v == r.first + u64::from(r.count) * r.step() => r.count += 1,
            (Some(v), _) => {
                self.close(emit, runs);
                self.run = Some(Run { first: v, count: 1 });
            }
            (None, _) => self.close(emit, runs),
        }
    }

    /// End the run being gathered: kept as a run when long enough, else its pairs emitted.
    fn close(&mut self, emit: &mut dyn FnMut(u64), runs: &mut Vec<Run>) {
        if let Some(r) = self.run.take() {
            if r.count >= MIN_RUN {
                runs.push(r);
            } else {
                for n in 0..u64::from(r.count) {
                    emit(r.first + n * r.step());
                }
            }
        }
    }
}

/// The members of one group in position order: its fingerprints `single` and its runs
/// `runs` (which no single falls inside, see `winnow::evenly_spaced_runs`), both sorted.
fn members<'a>(single: &'a [u64], runs: &'a [FpRun]) -> impl Iterator<Item = u64> + 'a {
    let mut single = single.iter().copied().peekable();
    let mut runs = runs.iter().copied().peekable();
    let mut run: Option<FpRun> = None;
    std::iter::from_fn(move || {
        if run.is_none() {
            run = runs.next_if(|r| single.peek().is_none_or(|&s| r.first < s));
        }
        match run.as_mut() {
            Some(r) => {
                let v = r.first;
                r.first += u64::from(r.step);
                r.count -= 1;
                if r.count == 0 {
                    run = None;
                }
                Some(v)
            }
            None => single.next(),
        }
    })
}

/// Candidate position pairs `(p, q)` from equal fingerprints, each as `(q - p) << 32 | p`
/// (so they sort by diagonal, then position), added to `pairs` as one or two parts and runs.
/// Written over the fingerprints as they are read: the pairs of a repetitive corpus are as
/// many as its fingerprints, and both were held at the duplicate search's peak. A group of
/// over [`ALL_PAIRS_UP_TO`] members gives fewer pairs than members, so its pairs fit in its
/// place (neighbours following each other on one diagonal as one [`Run`]); the pairs of
/// smaller groups, and of groups holding runs of fingerprints (mostly runs themselves), go
/// to a second part.
///
/// Pairs less than `k` words apart are left out: a seed's earlier copy ends before the later
/// one starts and is at least `k` words long (see [`seeds`]), so they never give one (a word
/// repeated ten million times gave ten million of them, all dropped there).
pub(super) fn candidate_pairs(fps: Fingerprints, k: usize, pairs: &mut Pairs) {
    let Fingerprints {
        mut fps,
        runs: fp_runs,
        unpaired,
    } = fps;
    let pos = |x: u64| x as u32;
    let pair = |p: u32, q: u32| {
        let far = (q - p) as usize >= k;
        far.then_some((u64::from(q - p) << 32) | u64::from(p))
    };
    // The pair of neighbours `prev` and `cur`, unless left out.
    let neighbours = |prev: u64, cur: u64| {
        (unpaired.is_empty() || unpaired.binary_search(&(prev, pos(cur))).is_err())
            .then(|| pair(pos(prev), pos(cur)))
            .flatten()
    };
    let mut small = Vec::new();
    let mut builder = RunBuilder::default();
    let (mut w, mut i, mut r) = (0, 0, 0);
    while i < fps.len() || r < fp_runs.len() {
        let h = match (fps.get(i), fp_runs.get(r)) {
            (Some(&a), Some(b)) => (a >> 32).min(b.first >> 32),
            (Some(&a), None) => a >> 32,
            (None, Some(b)) => b.first >> 32,
            (None, None) => break,
        };
        let mut j = i;
        while j < fps.len() && fps[j] >> 32 == h {
            j += 1;
        }
        let mut rr = r;
        while rr < fp_runs.len() && fp_runs[rr].first >> 32 == h {
            rr += 1;
        }
        let runs = &fp_runs[r..rr];
        let n = j - i + runs.iter().map(|x| x.count as usize).sum::<usize>();
        if n <= ALL_PAIRS_UP_TO {
            let group: Vec<u64> = members(&fps[i..j], runs).collect();
            for x in 0..group.len() {
                for y in x + 1..group.len() {
                    small.extend(pair(pos(group[x]), pos(group[y])));
                }
            }
        } else if runs.is_empty() {
            // Neighbours only: the pairs of members up to `x` are written before `x`, over
            // members already read (`prev` keeps the one before it); a run pending holds
            // fewer pairs than the members it was read from.
            let mut prev = fps[i];
            for x in i + 1..j {
                let cur = fps[x];
                let v = neighbours(prev, cur);
                builder.feed(
                    v,
                    &mut |p| {
                        fps[w] = p;
                        w += 1;
                    },
                    &mut pairs.runs,
                );
                prev = cur;
            }
            builder.close(
                &mut |p| {
                    fps[w] = p;
                    w += 1;
                },
                &mut pairs.runs,
            );
        } else {
            let mut group = members(&fps[i..j], runs);
            let mut prev = group.next().expect("a member");
            let mut emit = |p| small.push(p);
            for cur in group {
                builder.feed(neighbours(prev, cur), &mut emit, &mut pairs.runs);
                prev = cur;
            }
            builder.close(&mut emit, &mut pairs.runs);
        }
        i = j;
        r = rr;
    }
    fps.truncate(w);
    fps.shrink_to_fit();
    for part in [fps, small] {
        if !part.is_empty() {
            pairs.parts.push(part);
        }
    }
}

/// Every pair of [`Pairs`] in increasing order, runs expanded, each part given back to the
/// allocator as it is read (the parts are sorted in decreasing order and read from their
/// ends, so the seeds found grow while the pairs shrink, and the two are not held whole at
/// once).
struct Merged {
    parts: Vec<Vec<u64>>,
    /// Runs not started yet, by first pair, the last first.
    runs: Vec<Run>,
    /// Runs started: `(next pair, pairs left, step)`, least first.
    started: std::collections::BinaryHeap<std::cmp::Reverse<(u64, u32, u64)>>,
}

impl Merged {
    fn new(pairs: Pairs) -> Merged {
        let Pairs {
            mut parts,
            mut runs,
        } = pairs;
        for part in &mut parts {
            part.par_sort_unstable_by(|a, b| b.cmp(a));
        }
        runs.sort_unstable_by(|a, b| b.cmp(a));
        Merged {
            parts,
            runs,
            started: std::collections::BinaryHeap::new(),
        }
    }
}

impl Iterator for Merged {
    type Item = u64;

    fn next(&mut self) -> Option<u64> {
        // A run starts when its first pair is the least to come (runs are sorted, so the
        // next one never starts before the one just started).
        if let Some(r) = self.runs.last() {
            if self.started.peek().is_none_or(|t| r.first < t.0 .0) {
                let r = self.runs.pop().expect("a run");
                self.started
                    .push(std::cmp::Reverse((r.first, r.count, r.step())));
            }
        }
        let from_run = self.started.peek().map(|t| t.0 .0);
        let from_part = (0..self.parts.len())
            .filter_map(|i| Some((*self.parts[i].last()?, i)))
            .min();
        match (from_part, from_run) {
            (Some((v, i)), r) if r.is_none_or(|r| v <= r) => {
                let part = &mut self.parts[i];
                part.pop();
                if part.capacity() > 1 << 16 && part.len() < part.capacity() / 2 {
                    part.shrink_to_fit();
                }
                Some(v)
            }
            (_, Some(v)) => {
                let std::cmp::Reverse((_, left, step)) = self.started.pop().expect("a run");
                if left > 1 {
                    self.started
                        .push(std::cmp::Reverse((v + step, left - 1, step)));
                }
                Some(v)
            }
            (_, None) => None,
        }
    }
}

/// Verify and extend candidate pairs into maximal exact runs, one per run, those for which
/// `keep` holds. The pairs are read in increasing order (by diagonal and position), each
/// pair once.
pub(super) fn seeds(
    keys: &[u32],
    pairs: Pairs,
    k: usize,
    keep: impl Fn(&Seed) -> bool,
) -> Vec<Seed> {
    let merged = Merged::new(pairs);
    let mut out: Vec<Seed> = Vec::new();
    let mut diag = u32::MAX;
    let mut last_end = 0usize; // end (A side) of the last run on this diagonal
    let mut last = None;
    for v in merged {
        if last == Some(v) {
            continue; // the same pair from another fingerprint
        }
        last = Some(v);
        let (d, p) = ((v >> 32) as u32, v as u32);
        let q = p + d;
        if d != diag {
            diag = d;
            last_end = 0;
        }
        let (p, q, d) = (p as usize, q as usize, d as usize);
        if p < last_end {
            continue; // inside a run already found
        }
        if keys[p..p + k] != keys[q..q + k] || keys[p..p + k].contains(&BARRIER) {
            continue; // hash collision, or a gram across a barrier
        }
        let mut a = p;
        while a > last_end && keys[a - 1] != BARRIER && keys[a - 1] == keys[a - 1 + d] {
            a -= 1;
        }
        // The earlier copy ends before the later one starts: a periodic run ("ha ha ha")
        // does not match itself shifted.
        let limit = a + d;
        let mut e = p + k;
        while e < limit && keys[e] != BARRIER && keys[e] == keys[e + d] {
            e += 1;
        }
        let e = e.min(limit);
        last_end = e.max(last_end);
        let seed = Seed::new(a, a + d, e - a);
        if e >= a + k && keep(&seed) {
            out.push(seed);
        }
    }
    // Up to half of it spare capacity, held through both passes of the chaining.
    out.shrink_to_fit();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dups::winnow::{params, part_of, winnow};
    use crate::text::words::ngram_key;

    /// Keys of a repetitive text: words from a small vocabulary, runs of one word and of two
    /// or three alternating (some long enough to be thinned), and pieces of what came before copied again.
    fn repetitive_keys(seed: u64) -> Vec<u32> {
        let mut x = seed;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut keys: Vec<u32> = Vec::new();
        while keys.len() < 20_000 {
            match next() % 5 {
                4 => {
                    // Two or three words alternating ("ab cd ab cd"), as long as a run of one.
                    let period: Vec<u32> = (0..2 + next() % 2)
                        .map(|_| 2 * (next() % 5) as u32 + 1)
                        .collect();
                    let len = 20 + next() as usize % 400;
                    keys.extend(period.iter().cycle().take(len));
                }
                0 => {
                    let word = 2 * (next() % 5) as u32 + 1;
                    let len = 20 + next() as usize % 400;
                    keys.extend(std::iter::repeat_n(word, len));
                }
                1 if keys.len() > 500 => {
                    let from = next() as usize % (keys.len() - 400);
                    let len = 5 + next() as usize % 300;
                    keys.extend_from_within(from..from + len);
                }
                2 => keys.push(BARRIER),
                _ => {
                    for _ in 0..next() % 40 {
                        keys.push(2 * (next() % 60) as u32 + 1);
                    }
                }
            }
        }
        keys.push(BARRIER); // the corpus ends each source with one
        keys
    }

    #[test]
    fn thinning_runs_and_leaving_out_close_pairs_give_the_same_seeds() {
        for seed in [3, 17, 99] {
            let keys = repetitive_keys(seed);
            for min_words in 2..10 {
                let (k, w) = params(min_words);
                let (mut lean, mut full) = (Pairs::default(), Pairs::default());
                let (mut held_lean, mut held_full, mut unpaired) = (0, 0, 0);
                // Every partition winnowed and thinned together, as the search does.
                let parts = winnow(&keys, k, w, true, 0).into_iter();
                for (thinned, all) in parts.zip(winnow(&keys, k, w, false, 0)) {
                    held_lean += thinned.fps.len();
                    held_full += all.fps.len();
                    unpaired += thinned.unpaired.len();
                    candidate_pairs(thinned, k, &mut lean);
                    // Pairs at any distance: none left out.
                    candidate_pairs(all, 0, &mut full);
                }
                assert!(held_lean < held_full, "seed {seed}, min_words {min_words}");
                assert!(unpaired > 0, "seed {seed}, min_words {min_words}");
                assert!(
                    lean.count() < full.count(),
                    "seed {seed}, min_words {min_words}"
                );
                let found = seeds(&keys, full, k, |_| true);
                assert!(!found.is_empty());
                assert_eq!(
                    seeds(&keys, lean, k, |_| true),
                    found,
                    "seed {seed}, min_words {min_words}"
                );
            }
        }
    }

    #[test]
    fn runs_of_fingerprints_and_of_pairs_give_the_same_seeds() {
        // Phrases of 5 and 11 words pasted back to back thousands of times (so the segments
        // of the winnowing are crossed), with other words and a barrier between.
        let mut keys: Vec<u32> = Vec::new();
        for (len, times) in [(5u32, 300_000usize), (11, 40_000)] {
            let phrase: Vec<u32> = (0..len).map(|i| 2 * (i + 100 * len) + 1).collect();
            keys.extend(phrase.iter().cycle().take(phrase.len() * times));
            keys.extend((0..50).map(|i| 2 * (i + 5000) + 1));
            keys.push(BARRIER);
        }
        for min_words in [2, 8] {
            let (k, w) = params(min_words);
            let (mut lean, mut full) = (Pairs::default(), Pairs::default());
            let mut fp_runs = 0;
            let parts = winnow(&keys, k, w, true, 0).into_iter();
            for (thinned, all) in parts.zip(winnow(&keys, k, w, false, 0)) {
                fp_runs += thinned.runs.len();
                candidate_pairs(thinned, k, &mut lean);
                candidate_pairs(all, 0, &mut full);
            }
            assert!(fp_runs > 0, "min_words {min_words}");
            assert!(!lean.runs.is_empty(), "min_words {min_words}");
            let held = lean.parts.iter().map(Vec::len).sum::<usize>() + lean.runs.len();
            assert!(held * 100 < full.count(), "min_words {min_words}: {held}");
            let found = seeds(&keys, full, k, |_| true);
            assert!(found.len() > 40_000);
            assert_eq!(
                seeds(&keys, lean, k, |_| true),
                found,
                "min_words {min_words}"
            );
        }
    }

    /// The winnowing by its definition: every window holding a k-gram of the text (windows
    /// reaching past either end of it included) hashed afresh, the rightmost minimum taken,
    /// a position kept once however many windows choose it in a row.
    fn winnow_by_definition(keys: &[u32], k: usize, w: usize, part: u64) -> Vec<u64> {
        let last_gram = keys.len() as i64 - k as i64;
        let hash = |i: i64| -> u64 {
            if i < 0 || i > last_gram {
                return u64::MAX;
            }
            let g = &keys[i as usize..i as usize + k];
            if g.contains(&BARRIER) {
                u64::MAX
            } else {
                ngram_key(g) & !0xffff_ffff | 1
            }
        };
        let mut out = Vec::new();
        let mut last = i64::MIN;
        for j in -(w as i64 - 1)..=last_gram {
            let best = (j..j + w as i64)
                .rev()
                .min_by_key(|&i| hash(i))
                .unwrap_or(j);
            let bh = hash(best);
            if bh != u64::MAX && best != last {
                if part_of(bh) == part {
                    out.push((bh & !0xffff_ffff) | best as u64);
                }
                last = best;
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    #[test]
    fn winnowing_keeps_every_windows_rightmost_minimum() {
        // Long enough to cross many blocks of precomputed hashes, with barriers and repeats.
        let keys = repetitive_keys(5);
        for min_words in 2..10 {
            let (k, w) = params(min_words);
            for (part, found) in winnow(&keys, k, w, false, 0).into_iter().enumerate() {
                let part = part as u64;
                assert_eq!(
                    found.fps,
                    winnow_by_definition(&keys, k, w, part),
                    "min_words {min_words}, part {part}"
                );
            }
        }
    }

    #[test]
    fn winnowing_window_guarantees_min_words() {
        for m in 2..12 {
            let (k, w) = params(m);
            assert!(k + w - 1 <= m, "min_words {m}: k {k} w {w}");
        }
    }
}
