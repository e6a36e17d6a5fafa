//! Candidates and seeds: where two places may share a run of words, and the maximal exact runs
//! they do share.
//!
//! Candidates are found in linear time by winnowing (Schleimer et al. 2003): fingerprints of
//! word `k`-grams, the rightmost minimum of every window of `w`, with `k + w - 1 <= min_words`,
//! so every exact shared run of `min_words` words (and of `k + w - 1` words inside an edited
//! copy) shares at least one fingerprint. Equal fingerprints pair up their positions. The
//! fingerprints are gathered a quarter at a time (by hash), so only a fraction is ever held.
//!
//! Each pair is then verified and extended word by word to the maximal exact run on its
//! diagonal; pairs falling inside a run already found are skipped, so a long copy costs one
//! extension, not one per shingle.

use rayon::prelude::*;

use super::corpus::BARRIER;
use crate::text::words::ngram_key;

/// Fingerprint groups up to this size pair every member; larger (common phrases) pair
/// neighbours only, which still links every copy.
const ALL_PAIRS_UP_TO: usize = 32;
/// Fingerprints are gathered in `1 << PART_BITS` partitions by hash.
pub(super) const PART_BITS: u32 = 2;

/// Winnowing parameters for `min_words`: k-gram length and window.
pub(super) fn params(min_words: usize) -> (usize, usize) {
    let m = min_words.max(2);
    let k = m.min(4);
    let w = (m + 1 - k).clamp(1, 3);
    (k, w)
}

/// Fingerprints of one partition (see [`fingerprints`]), with the neighbours they must not
/// pair (see [`thin_runs`]).
pub(super) struct Fingerprints {
    /// `hash32 << 32 | position`, sorted and unique.
    pub(super) fps: Vec<u64>,
    /// `(fingerprint, position)`: two members of one group that are neighbours only because
    /// the members between them were thinned out; sorted.
    pub(super) unpaired: Vec<(u64, u32)>,
}

/// Fingerprints of `keys` whose hash falls in partition `part` of `1 << PART_BITS` (the
/// search runs partition by partition, so only a fraction of the fingerprints is ever held
/// at once), runs of one fingerprint under `k` words apart thinned.
pub(super) fn fingerprints(keys: &[u32], k: usize, w: usize, part: u64) -> Fingerprints {
    winnow(keys, k, w, part, true)
}

/// [`fingerprints`], its runs thinned or not (the tests compare the two).
fn winnow(keys: &[u32], k: usize, w: usize, part: u64, thin: bool) -> Fingerprints {
    let n = keys.len();
    if n < k + w - 1 {
        return Fingerprints {
            fps: Vec::new(),
            unpaired: Vec::new(),
        };
    }
    let grams = n + 1 - k; // k-gram positions
    let windows = grams + 1 - w;
    let hash = |i: usize| -> u64 {
        let g = &keys[i..i + k];
        if g.contains(&BARRIER) {
            u64::MAX
        } else {
            ngram_key(g) & !0xffff_ffff | 1 // keep it below u64::MAX
        }
    };
    let step = 1 << 20;
    let unpaired = std::sync::Mutex::new(Vec::new());
    let mut fps: Vec<u64> = (0..windows.div_ceil(step))
        .into_par_iter()
        .flat_map_iter(|seg| {
            let lo = seg * step;
            let hi = (lo + step).min(windows);
            let mut out = Vec::with_capacity((hi - lo) / 2 + 1);
            let mut last = usize::MAX;
            for j in lo..hi {
                // Rightmost minimum of the window, as Schleimer et al. prescribe.
                let mut best = j;
                let mut bh = hash(j);
                for i in j + 1..j + w {
                    let h = hash(i);
                    if h <= bh {
                        bh = h;
                        best = i;
                    }
                }
                if bh != u64::MAX && best != last {
                    if bh >> (64 - PART_BITS) == part {
                        out.push((bh & !0xffff_ffff) | best as u64);
                    }
                    last = best;
                }
            }
            if thin {
                // Positions only this segment gives: windows of the segments before it
                // reach `w - 1` words into it.
                let own = (lo + w - 1) as u64..hi as u64;
                let mut skip = Vec::new();
                thin_runs(&mut out, k, own, &mut skip);
                if !skip.is_empty() {
                    unpaired
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .append(&mut skip);
                }
            }
            out
        })
        .collect();
    fps.par_sort_unstable();
    fps.dedup();
    let mut unpaired = unpaired.into_inner().unwrap_or_else(|e| e.into_inner());
    unpaired.sort_unstable();
    Fingerprints { fps, unpaired }
}

/// Thin out runs of one fingerprint whose consecutive positions are under `k` words apart
/// (a word repeated, or "ab cd" repeated: every other position shares one fingerprint;
/// eight million of them in 48 MB). Pairs under `k` apart are left out (see
/// [`candidate_pairs`]), so such a run gives no pair inside it, only with the members of
/// its group before and after it. A run of more than `ALL_PAIRS_UP_TO + 2` members, all at
/// positions in `own` (which no other segment gives, so no member of the group can fall
/// between them), keeps its first `ALL_PAIRS_UP_TO + 1` and its last: the group still has
/// over [`ALL_PAIRS_UP_TO`] members, so [`candidate_pairs`] pairs neighbours, the same ones
/// at the run's ends, and the kept members under `k` apart pair with nothing, as before. The
/// one new pair of neighbours (the last kept of the first ones with the last) is pushed to
/// `unpaired`, which [`candidate_pairs`] leaves out.
fn thin_runs(
    out: &mut Vec<u64>,
    k: usize,
    own: std::ops::Range<u64>,
    unpaired: &mut Vec<(u64, u32)>,
) {
    let keep = ALL_PAIRS_UP_TO + 1;
    let pos = |x: u64| x & 0xffff_ffff;
    let (mut w, mut i) = (0, 0);
    while i < out.len() {
        let mut j = i + 1;
        if own.contains(&pos(out[i])) {
            // The same hash, under `k` words on, in this segment's own positions.
            while j < out.len()
                && out[j] >> 32 == out[i] >> 32
                && out[j] - out[j - 1] < k as u64
                && own.contains(&pos(out[j]))
            {
                j += 1;
            }
        }
        if j - i > keep + 1 {
            let (first, end) = (out[i + keep - 1], out[j - 1]);
            out.copy_within(i..i + keep, w);
            out[w + keep] = end;
            w += keep + 1;
            unpaired.push((first, end as u32));
        } else {
            out.copy_within(i..j, w);
            w += j - i;
        }
        i = j;
    }
    out.truncate(w);
}

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

/// Candidate position pairs `(p, q)` from equal fingerprints, each as `(q - p) << 32 | p`
/// (so they sort by diagonal, then position), pushed to `pairs` as one or two parts. Written
/// over the fingerprints as they are read: the pairs of a repetitive corpus are as many as
/// its fingerprints, and both were held at the duplicate search's peak. A group of over
/// [`ALL_PAIRS_UP_TO`] members gives fewer pairs than members, so its pairs fit in its place;
/// the pairs of smaller groups go to a second part.
///
/// Pairs less than `k` words apart are left out: a seed's earlier copy ends before the later
/// one starts and is at least `k` words long (see [`seeds`]), so they never give one (a word
/// repeated ten million times gave ten million of them, all dropped there).
pub(super) fn candidate_pairs(fps: Fingerprints, k: usize, pairs: &mut Vec<Vec<u64>>) {
    let Fingerprints { mut fps, unpaired } = fps;
    let pos = |x: u64| x as u32;
    let pair = |p: u32, q: u32| {
        let far = (q - p) as usize >= k;
        far.then_some((u64::from(q - p) << 32) | u64::from(p))
    };
    let mut small = Vec::new();
    let (mut w, mut i) = (0, 0);
    while i < fps.len() {
        let h = fps[i] >> 32;
        let mut j = i + 1;
        while j < fps.len() && fps[j] >> 32 == h {
            j += 1;
        }
        if j - i <= ALL_PAIRS_UP_TO {
            for x in i..j {
                for y in x + 1..j {
                    small.extend(pair(pos(fps[x]), pos(fps[y])));
                }
            }
        } else {
            // Neighbours only: the pair of member `x` is written before `x`, over a member
            // already read (`prev` keeps the one before it).
            let mut prev = fps[i];
            for x in i + 1..j {
                let cur = fps[x];
                let (p, q) = (pos(prev), pos(cur));
                if unpaired.is_empty() || unpaired.binary_search(&(prev, q)).is_err() {
                    if let Some(v) = pair(p, q) {
                        fps[w] = v;
                        w += 1;
                    }
                }
                prev = cur;
            }
        }
        i = j;
    }
    fps.truncate(w);
    fps.shrink_to_fit();
    for part in [fps, small] {
        if !part.is_empty() {
            pairs.push(part);
        }
    }
}

/// Verify and extend candidate pairs into maximal exact runs, one per run.
/// `pairs` are the parts [`candidate_pairs`] gave, each sorted here and merged, so by
/// diagonal and position overall, each pair once.
pub(super) fn seeds(keys: &[u32], mut pairs: Vec<Vec<u64>>, k: usize) -> Vec<Seed> {
    for part in &mut pairs {
        part.par_sort_unstable();
    }
    let mut at = vec![0; pairs.len()];
    let merged = std::iter::from_fn(|| {
        let (i, v) = (0..pairs.len())
            .filter(|&i| at[i] < pairs[i].len())
            .map(|i| (i, pairs[i][at[i]]))
            .min_by_key(|&(_, v)| v)?;
        at[i] += 1;
        Some(v)
    });
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
        if e >= a + k {
            out.push(Seed::new(a, a + d, e - a));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
                let (mut lean, mut full) = (Vec::new(), Vec::new());
                let (mut held_lean, mut held_full, mut unpaired) = (0, 0, 0);
                for part in 0..1 << PART_BITS {
                    let thinned = winnow(&keys, k, w, part, true);
                    let all = winnow(&keys, k, w, part, false);
                    held_lean += thinned.fps.len();
                    held_full += all.fps.len();
                    unpaired += thinned.unpaired.len();
                    candidate_pairs(thinned, k, &mut lean);
                    // Pairs at any distance: none left out.
                    candidate_pairs(all, 0, &mut full);
                }
                assert!(held_lean < held_full, "seed {seed}, min_words {min_words}");
                assert!(unpaired > 0, "seed {seed}, min_words {min_words}");
                let count = |p: &Vec<Vec<u64>>| p.iter().map(Vec::len).sum::<usize>();
                assert!(
                    count(&lean) < count(&full),
                    "seed {seed}, min_words {min_words}"
                );
                let found = seeds(&keys, full, k);
                assert!(!found.is_empty());
                assert_eq!(
                    seeds(&keys, lean, k),
                    found,
                    "seed {seed}, min_words {min_words}"
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
