//! Fingerprints: where two places may share a run of words, found in linear time by
//! winnowing (Schleimer et al. 2003): fingerprints of word `k`-grams, the rightmost minimum of
//! every window of `w`, with `k + w - 1 <= min_words`, so every exact shared run of
//! `min_words` words (and of `k + w - 1` words inside an edited copy) shares at least one
//! fingerprint.
//!
//! Each source is winnowed on its own (windows never hold k-grams of two sources: the `k`
//! k-grams holding the barrier between them hash to the maximum, and `w <= k`), so what a
//! source gives depends on its words alone. That is what lets the cache keep every source's
//! fingerprints (see [`PrintCache`]): a search after one source changed winnows that source
//! only, and finds what a search without the cache finds, because both assemble the same
//! per-source fingerprints. Each source is winnowed once, every partition at once, its singles
//! kept as one bit per word ([`SourcePrints`], 3% of the text); the search then gathers the
//! fingerprints of a quarter of the hashes at a time (8 bytes each), so only a fraction of
//! them is ever held.

use rayon::prelude::*;

use super::corpus::{Corpus, BARRIER};
use super::seeds::ALL_PAIRS_UP_TO;
use crate::cache::{Cache, Encode, Pieces, Reader};
use crate::source::Source;
use crate::text::words::ngram_key;
/// Fingerprints are gathered in `1 << PART_BITS` partitions by hash.
pub(super) const PART_BITS: u32 = 2;

/// The partition of a fingerprint whose hash (in the high 32 bits) is `h`: its lowest bits.
/// Not its highest: winnowing keeps each window's minimum, so the kept hashes crowd the
/// low end of the range, and a partition by the high bits held half of them (35 of 75
/// million fingerprints at 1 GB) where a quarter was meant.
pub(super) fn part_of(h: u64) -> u64 {
    (h >> 32) & ((1 << PART_BITS) - 1)
}

/// Winnowing parameters for `min_words`: k-gram length and window.
pub(super) fn params(min_words: usize) -> (usize, usize) {
    let m = min_words.max(2);
    let k = m.min(4);
    let w = (m + 1 - k).clamp(1, 3);
    (k, w)
}

/// Fingerprints of one partition (see [`fingerprints()`]), with the neighbours they must not
/// pair (see [`thin_runs`]).
pub(super) struct Fingerprints {
    /// `hash32 << 32 | position`, sorted and unique.
    pub(super) fps: Vec<u64>,
    /// Runs of one fingerprint at evenly spaced positions (see [`FpRun`]), sorted; their
    /// members are not in `fps`.
    pub(super) runs: Vec<FpRun>,
    /// `(fingerprint, position)`: two members of one group that are neighbours only because
    /// the members between them were thinned out; sorted.
    pub(super) unpaired: Vec<(u64, u32)>,
}

/// How many partitions there are.
const PARTS: usize = 1 << PART_BITS;

/// The fingerprint of the k-gram `gram` at `pos`: its hash's high 32 bits over the position.
fn print_of(gram: &[u32], pos: usize) -> u64 {
    (ngram_key(gram) & !0xffff_ffff) | pos as u64
}

/// The fingerprints of one source's word keys `keys` (an ignored word is a [`BARRIER`] among
/// them), every partition, at positions local to the source: the singles handed to `singles` a segment of windows at a time (unsorted; a place given by
/// two segments comes twice), so they are never all held; the runs taken out of them and the
/// unpaired neighbours returned (see [`Fingerprints`]). Runs of one fingerprint under `k`
/// words apart are thinned when `thin` (the tests compare the two).
///
/// Every window of `w` k-grams holding a k-gram of the source is winnowed, those reaching past
/// either end of it included, as if barriers lay on both sides (between sources they do; the
/// first and last source are treated as the others), so the result depends on the source's
/// words alone.
///
/// A fingerprint with fewer than `t` distinct words around it in its source, as far as a
/// passage through it could be reported from (see [`TRIVIAL_REACH`]), is left out: every
/// passage there is trivial (random words from a vocabulary of two gave ten million
/// fingerprints, every one leading to seeds and chains that were measured and dropped). A
/// passage never crosses a source's end, so the words of the next source are not looked at.
fn winnow_segments(
    keys: &[u32],
    k: usize,
    w: usize,
    thin: bool,
    t: usize,
    singles: &(dyn Fn(Vec<u64>) + Sync),
) -> Winnowed {
    let n = keys.len();
    if n < k {
        return Winnowed {
            runs: Vec::new(),
            unpaired: Vec::new(),
        };
    }
    // Windows are numbered by their first k-gram, counted from `pad` k-grams before the
    // source's first: the windows reaching before its start are windows 0..pad. A k-gram
    // outside the source hashes to the maximum, as one holding a barrier does.
    let pad = w - 1;
    let grams = n + 1 - k;
    let windows = grams + pad;
    let hash = |v: usize| -> u64 {
        match v.checked_sub(pad).filter(|&g| g < grams) {
            Some(g) => {
                let g = &keys[g..g + k];
                if g.contains(&BARRIER) {
                    u64::MAX
                } else {
                    ngram_key(g) & !0xffff_ffff | 1 // keep it below u64::MAX
                }
            }
            None => u64::MAX,
        }
    };
    let trivial_around = |p: usize| {
        let span = &keys[p.saturating_sub(TRIVIAL_REACH)..(p + k + TRIVIAL_REACH).min(n)];
        t > 0 && super::clusters::fewer_distinct(span, t)
    };
    let step = 1 << 20;
    let unpaired = std::sync::Mutex::new(Vec::new());
    let runs = std::sync::Mutex::new(Vec::new());
    (0..windows.div_ceil(step)).into_par_iter().for_each(|seg| {
        let lo = seg * step;
        let hi = (lo + step).min(windows);
        let mut out = Vec::with_capacity((hi - lo) / 2 + 1);
        let mut last = usize::MAX;
        // Each k-gram's hash is computed once, a block at a time, and read by the `w`
        // windows holding it (hashing every window's k-grams afresh hashed each k-gram
        // `w` times: most of the search's time at 1 GB).
        let mut hs: Vec<u64> = Vec::with_capacity(HASH_BLOCK + w - 1);
        for b0 in (lo..hi).step_by(HASH_BLOCK) {
            let b1 = (b0 + HASH_BLOCK).min(hi);
            hs.clear();
            hs.extend((b0..b1 + w - 1).map(hash));
            for j in b0..b1 {
                // Rightmost minimum of the window, as Schleimer et al. prescribe.
                let win = &hs[j - b0..j - b0 + w];
                let mut best = 0;
                let mut bh = win[0];
                for (i, &h) in win.iter().enumerate().skip(1) {
                    if h <= bh {
                        bh = h;
                        best = i;
                    }
                }
                let best = j + best;
                if bh != u64::MAX && best != last {
                    // A k-gram of the source: `best >= pad`.
                    let at = best - pad;
                    if !trivial_around(at) {
                        out.push((bh & !0xffff_ffff) | at as u64);
                    }
                    last = best;
                }
            }
        }
        if thin {
            // Positions only this segment gives: windows of the segments before it
            // reach `w - 1` k-grams into it (`lo + w - 1 - pad`, in source positions).
            let own = lo as u64..hi.saturating_sub(pad) as u64;
            let mut skip = Vec::new();
            thin_runs(&mut out, k, own.clone(), &mut skip);
            if !skip.is_empty() {
                unpaired
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .append(&mut skip);
            }
            let mut found = evenly_spaced_runs(&mut out, own);
            if !found.is_empty() {
                runs.lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .append(&mut found);
            }
        }
        singles(out);
    });
    let unpaired = unpaired.into_inner().unwrap_or_else(|e| e.into_inner());
    let runs = runs.into_inner().unwrap_or_else(|e| e.into_inner());
    Winnowed { runs, unpaired }
}

/// What [`winnow_segments`] returns: the runs taken out of the singles, and the unpaired
/// neighbours.
struct Winnowed {
    runs: Vec<FpRun>,
    unpaired: Vec<(u64, u32)>,
}

/// [`winnow_segments`], one sorted [`Fingerprints`] per partition: what the search reads, by
/// definition (the tests compare the two, and the winnowing with its definition).
#[cfg(test)]
pub(super) fn winnow(keys: &[u32], k: usize, w: usize, thin: bool, t: usize) -> Vec<Fingerprints> {
    let segments = std::sync::Mutex::new(Vec::new());
    let Winnowed { runs, unpaired } = winnow_segments(keys, k, w, thin, t, &|seg| {
        segments.lock().unwrap().push(seg)
    });
    let segments = segments.into_inner().unwrap();
    (0..PARTS as u64)
        .map(|part| {
            let mine = |h: u64| part_of(h) == part;
            let mut fps: Vec<u64> = segments
                .iter()
                .flatten()
                .copied()
                .filter(|&x| mine(x))
                .collect();
            fps.sort_unstable();
            fps.dedup();
            let mut runs: Vec<FpRun> = runs.iter().copied().filter(|r| mine(r.first)).collect();
            runs.sort_unstable();
            let mut unpaired: Vec<(u64, u32)> =
                unpaired.iter().copied().filter(|u| mine(u.0)).collect();
            unpaired.sort_unstable();
            Fingerprints {
                fps,
                runs,
                unpaired,
            }
        })
        .collect()
}

/// Every fingerprint of one source (see [`winnow_segments`]), every partition, compact: the
/// places of its single fingerprints as one bit a word (their hashes are the words' again),
/// its runs and its unpaired neighbours as they are, at positions local to the source. Held
/// for every source through the search (a 100 MB source: 3 MB, where its fingerprints
/// took 60 MB), so the words are winnowed once, not once per partition; and what the cache
/// keeps of a source's (see [`PrintCache`]).
pub(super) struct SourcePrints {
    /// Bit `p % 64` of word `p / 64`: a single fingerprint at word `p`.
    chosen: Vec<u64>,
    /// Runs of every partition, sorted.
    runs: Vec<FpRun>,
    /// Unpaired neighbours of every partition, sorted.
    unpaired: Vec<(u64, u32)>,
    /// How many singles each partition has (so a partition's are written straight into
    /// their place among every source's).
    counts: [usize; PARTS],
}

impl SourcePrints {
    /// Winnow the words `keys` of one source (see [`winnow_segments`]).
    pub(super) fn winnow(keys: &[u32], k: usize, w: usize, t: usize) -> SourcePrints {
        use std::sync::atomic::{AtomicU64, Ordering};
        // Each segment's singles marked as it is done (two segments may mark one word), so a
        // large source's are never all held: a 100 MB source gives 60 MB of them.
        let bits: Vec<AtomicU64> = (0..keys.len().div_ceil(64))
            .map(|_| AtomicU64::new(0))
            .collect();
        let Winnowed {
            mut runs,
            mut unpaired,
        } = winnow_segments(keys, k, w, true, t, &|seg| {
            for x in seg {
                let p = x as u32 as usize;
                bits[p / 64].fetch_or(1 << (p % 64), Ordering::Relaxed);
            }
        });
        let chosen = bits.into_iter().map(AtomicU64::into_inner).collect();
        runs.sort_unstable();
        unpaired.sort_unstable();
        SourcePrints {
            chosen,
            runs,
            unpaired,
            counts: [0; PARTS],
        }
        .counted(keys, k)
    }

    /// The fingerprint of each single, in order (`keys`: the source's words, every single at
    /// a k-gram of them).
    fn singles<'a>(&'a self, keys: &'a [u32], k: usize) -> impl Iterator<Item = u64> + 'a {
        self.places().map(move |p| print_of(&keys[p..p + k], p))
    }

    /// With [`SourcePrints::counts`] counted.
    fn counted(mut self, keys: &[u32], k: usize) -> SourcePrints {
        let mut counts = [0; PARTS];
        for x in self.singles(keys, k) {
            counts[part_of(x) as usize] += 1;
        }
        self.counts = counts;
        self
    }

    /// Positions of the single fingerprints, in order.
    fn places(&self) -> impl Iterator<Item = usize> + '_ {
        self.chosen.iter().enumerate().flat_map(|(i, &bits)| {
            let mut bits = bits;
            std::iter::from_fn(move || {
                (bits != 0).then(|| {
                    let b = bits.trailing_zeros() as usize;
                    bits &= bits - 1;
                    i * 64 + b
                })
            })
        })
    }

    /// The singles of partition `part`, `base` added to their positions, written in order
    /// into `out` (of [`SourcePrints::counts`]`[part]` places).
    fn write_part(&self, keys: &[u32], k: usize, part: u64, base: u64, out: &mut [u64]) {
        let mine = self.singles(keys, k).filter(|&x| part_of(x) == part);
        for (slot, x) in out.iter_mut().zip(mine) {
            *slot = x + base;
        }
    }

    /// The runs and unpaired neighbours of partition `part`, `base` added to their positions,
    /// appended to `to`'s.
    fn add_groups_of(&self, part: u64, base: u64, to: &mut Fingerprints) {
        let mine = |h: u64| part_of(h) == part;
        to.runs
            .extend(self.runs.iter().filter(|r| mine(r.first)).map(|r| FpRun {
                first: r.first + base,
                ..*r
            }));
        to.unpaired.extend(
            self.unpaired
                .iter()
                .filter(|u| mine(u.0))
                .map(|&(x, p)| (x + base, p + base as u32)),
        );
    }

    /// The fingerprints of partition `part`, at positions local to the source (the singles in
    /// position order).
    #[cfg(test)]
    pub(super) fn part(&self, keys: &[u32], k: usize, part: u64) -> Fingerprints {
        let mut f = Fingerprints {
            fps: vec![0; self.counts[part as usize]],
            runs: Vec::new(),
            unpaired: Vec::new(),
        };
        self.write_part(keys, k, part, 0, &mut f.fps);
        self.add_groups_of(part, 0, &mut f);
        f
    }
}

/// Every source's fingerprints (see [`SourcePrints`]), read from `cache` where it holds a
/// source's (see [`PrintCache`]), else winnowed now (and stored).
pub(super) fn source_prints(
    corpus: &Corpus<'_>,
    k: usize,
    w: usize,
    t: usize,
    cache: Option<&PrintCache<'_>>,
) -> Vec<SourcePrints> {
    (0..corpus.sources.len())
        .into_par_iter()
        .map(|s| {
            let keys = corpus.source_keys(s);
            match cache {
                Some(c) => c.get_or_winnow(s, keys, k, w, t),
                None => SourcePrints::winnow(keys, k, w, t),
            }
        })
        .collect()
}

/// Fingerprints of partition `part` of every source of `corpus` (`prints`, one per source),
/// at corpus positions, sorted. The last partition takes `prints` (nothing needs them after
/// it), each source's freed once its partition is written.
pub(super) fn fingerprints(
    corpus: &Corpus<'_>,
    prints: &mut Vec<SourcePrints>,
    k: usize,
    part: usize,
) -> Fingerprints {
    let mut all = Fingerprints {
        fps: Vec::new(),
        runs: Vec::new(),
        unpaired: Vec::new(),
    };
    for (s, p) in prints.iter().enumerate() {
        p.add_groups_of(part as u64, corpus.base[s] as u64, &mut all);
    }
    // Every source's singles written straight into their place in one list (zeroed pages
    // are only counted once written), so they are never held twice.
    all.fps = vec![0; prints.iter().map(|p| p.counts[part]).sum()];
    let mut places: Vec<&mut [u64]> = Vec::with_capacity(prints.len());
    let mut rest = &mut all.fps[..];
    for p in prints.iter() {
        let (mine, others) = std::mem::take(&mut rest).split_at_mut(p.counts[part]);
        places.push(mine);
        rest = others;
    }
    let write = |s: usize, p: &SourcePrints, out: &mut [u64]| {
        p.write_part(
            corpus.source_keys(s),
            k,
            part as u64,
            corpus.base[s] as u64,
            out,
        )
    };
    if part + 1 == PARTS {
        std::mem::take(prints)
            .into_par_iter()
            .zip(places)
            .enumerate()
            .for_each(|(s, (p, out))| write(s, &p, out));
    } else {
        prints
            .par_iter()
            .zip(places)
            .enumerate()
            .for_each(|(s, (p, out))| write(s, p, out));
    }
    // Positions are distinct, so the list is already unique.
    all.fps.par_sort_unstable();
    all.runs.sort_unstable();
    all.unpaired.sort_unstable();
    all
}

/// Bump when a source's fingerprints may come out otherwise for the same words: entries of
/// older versions are then not used. (The key also names the text and the build.)
const PRINTS_VERSION: u32 = 1;

/// The cache folder's kind for a source's fingerprints.
const PRINTS_KIND: &str = "prints";

/// Every source's fingerprints ([`SourcePrints`]) kept in the project's cache, keyed by the
/// source's text ([`Source::text_key`]) and the search's settings: a search after one source
/// of an archive changed winnows that source only, and reads the others' (a 1 GB archive's
/// entries: 31 MB).
///
/// An entry is used only when its signature holds (only this user's citecheck signs one, see
/// [`crate::cache`]) and it is consistent with the source's words: as many bits as words,
/// every single at a k-gram of the source without a barrier (its hash is computed from the
/// words, not read), every member of a run and every unpaired neighbour at a k-gram of the
/// hash it names, and no run overlapping another member of its group. Anything else is
/// winnowed again, and nothing read can make the search index past a source or pair out of
/// order. What cannot be checked without winnowing again is whether a fingerprint was left
/// out (or a neighbour marked unpaired that should not be), which would hide a copy: that
/// rests on the signature, as the word index's postings do. Entries this build wrote are what
/// winnowing gave, so the search finds the same passages with and without the cache
/// (tests/cache.rs).
pub(super) struct PrintCache<'a> {
    cache: &'a Cache,
    /// Per source, the key of its entry.
    keys: Vec<String>,
}

impl<'a> PrintCache<'a> {
    /// The cache of fingerprints of `sources` winnowed with `(k, w)`, trivial ones (fewer than
    /// `t` distinct words around) left out, the words matching `ignore` masked.
    pub(super) fn new(
        cache: &'a Cache,
        sources: &[Source],
        (k, w, t): (usize, usize, usize),
        ignore: &[String],
    ) -> PrintCache<'a> {
        use sha2::{Digest, Sha256};
        let keys = sources
            .iter()
            .map(|s| {
                let id = format!(
                    "{PRINTS_VERSION} {} {} {k} {w} {t} {ignore:?}",
                    env!("CITECHECK_VERSION"),
                    s.text_key
                );
                crate::fs::hex(&Sha256::digest(id.as_bytes()))
            })
            .collect();
        PrintCache { cache, keys }
    }

    /// Source `s`'s fingerprints (its words `keys`): the cached ones when sound, else
    /// winnowed now and stored.
    fn get_or_winnow(&self, s: usize, keys: &[u32], k: usize, w: usize, t: usize) -> SourcePrints {
        let key = &self.keys[s];
        if let Some(p) = self
            .cache
            .get(PRINTS_KIND, key, crate::cache::bound(keys.len(), 64))
            .and_then(|p| SourcePrints::decode(&mut Reader(&p), keys, k))
        {
            return p;
        }
        let p = SourcePrints::winnow(keys, k, w, t);
        self.cache.put_parts(PRINTS_KIND, key, &p.pieces().slices());
        p
    }
}

/// A source's fingerprints as kept in the cache: the bits (as `u32` pairs, low first), the
/// runs (first, step, count) and the unpaired neighbours, as `u32`s.
impl Encode for SourcePrints {
    fn pieces(&self) -> Pieces<'_> {
        let mut p = Pieces::default();
        let lo_hi = |x: u64| [x as u32, (x >> 32) as u32];
        if cfg!(target_endian = "little") {
            // Written as it lies in memory (little-endian `u64`s are `u32` pairs, low first),
            // not copied.
            p.u32s(bytemuck::cast_slice::<u64, u32>(&self.chosen));
        } else {
            p.u32s(
                self.chosen
                    .iter()
                    .flat_map(|&x| lo_hi(x))
                    .collect::<Vec<u32>>(),
            );
        }
        let runs: Vec<u32> = self
            .runs
            .iter()
            .flat_map(|r| {
                let [lo, hi] = lo_hi(r.first);
                [lo, hi, r.step, r.count]
            })
            .collect();
        p.u32s(runs);
        let unpaired: Vec<u32> = self
            .unpaired
            .iter()
            .flat_map(|&(x, pos)| {
                let [lo, hi] = lo_hi(x);
                [lo, hi, pos]
            })
            .collect();
        p.u32s(unpaired);
        p
    }
}

impl SourcePrints {
    /// The fingerprints of a source whose words are `keys`, read back from what [`Encode`]
    /// wrote, when they are sound for those words (see [`PrintCache`]); else `None`, never a
    /// panic later.
    fn decode(r: &mut Reader<'_>, keys: &[u32], k: usize) -> Option<SourcePrints> {
        let pair = |c: &[u32]| u64::from(c[0]) | u64::from(c[1]) << 32;
        let bits = r.u32s()?;
        let runs = r.u32s()?;
        let unpaired = r.u32s()?;
        let n = keys.len();
        if !r.is_done()
            || bits.len() != 2 * n.div_ceil(64)
            || !runs.len().is_multiple_of(4)
            || !unpaired.len().is_multiple_of(3)
        {
            return None;
        }
        // The fingerprint a k-gram of the source at `pos` gives, if there is one.
        let print_at = |pos: usize| -> Option<u64> {
            let g = keys.get(pos..pos.checked_add(k)?)?;
            (!g.contains(&BARRIER)).then(|| print_of(g, pos))
        };
        let prints = SourcePrints {
            chosen: bits.chunks_exact(2).map(pair).collect(),
            runs: runs
                .chunks_exact(4)
                .map(|c| FpRun {
                    first: pair(c),
                    step: c[2],
                    count: c[3],
                })
                .collect(),
            unpaired: unpaired.chunks_exact(3).map(|c| (pair(c), c[2])).collect(),
            counts: [0; PARTS],
        };
        // Every single is at a k-gram of the source without a barrier (checked for the last
        // first, so the others can be read).
        let last = prints.chosen.iter().rposition(|&b| b != 0);
        if last.is_some_and(|i| i * 64 + 63 - prints.chosen[i].leading_zeros() as usize + k > n)
            || prints.places().any(|p| keys[p..p + k].contains(&BARRIER))
        {
            return None;
        }
        // Every member of a run is a distinct place of the source, so there are no more
        // than its words (which also bounds the work below).
        let members: u64 = prints.runs.iter().map(|r| u64::from(r.count)).sum();
        if members > n as u64 || !prints.runs.is_sorted() || !prints.unpaired.is_sorted() {
            return None;
        }
        let mut spans: std::collections::HashMap<u64, Vec<(u64, u64)>> = Default::default();
        for r in &prints.runs {
            let pos = r.first as u32 as u64;
            if r.count == 0 || r.step == 0 || print_at(pos as usize) != Some(r.first) {
                return None;
            }
            // Bounded before any member is read (a `usize` of 32 bits would cut it).
            let last = pos + u64::from(r.step) * u64::from(r.count - 1);
            if last + k as u64 > n as u64
                || (0..u64::from(r.count)).any(|i| {
                    let at = pos + u64::from(r.step) * i;
                    print_at(at as usize) != Some(r.first & !0xffff_ffff | at)
                })
            {
                return None;
            }
            let group = spans.entry(r.first >> 32).or_default();
            // Runs are sorted, so a group's spans come in order: each must end before the
            // next starts.
            if group.last().is_some_and(|&(_, end)| end >= pos) {
                return None;
            }
            group.push((pos, last));
        }
        if !spans.is_empty() {
            // No single of a group lies inside a run of it.
            for x in prints.singles(keys, k) {
                let p = x as u32 as u64;
                if let Some(group) = spans.get(&(x >> 32)) {
                    let at = group.partition_point(|&(_, end)| end < p);
                    if group.get(at).is_some_and(|&(start, _)| start <= p) {
                        return None;
                    }
                }
            }
        }
        let sound = prints.unpaired.iter().all(|&(x, pos)| {
            print_at(x as u32 as usize) == Some(x)
                && print_at(pos as usize).is_some_and(|y| y >> 32 == x >> 32)
        });
        sound.then(|| prints.counted(keys, k))
    }
}

/// Words looked at on either side of a fingerprint for a distinct word (see
/// [`winnow_segments`]): as far as a chain's extension and one gap between its seeds reach.
pub(super) const TRIVIAL_REACH: usize = 64;

/// Windows whose k-gram hashes are computed together (the hashes stay in the L1 cache).
const HASH_BLOCK: usize = 2048;

/// Members of one fingerprint at evenly spaced positions: `first + i * step` for
/// `i < count` (the hash in the high bits stays). A passage repeated back to back gives
/// each of its fingerprints once a copy: a phrase of five short words repeated three million
/// times gave nine million fingerprints, 74 MB, more than the text, all of one partition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct FpRun {
    pub(super) first: u64,
    pub(super) step: u32,
    pub(super) count: u32,
}

/// Runs of fewer members than this stay in the list.
const MIN_FP_RUN: usize = 8;

/// Take the runs of one fingerprint at evenly spaced positions out of one segment's
/// fingerprints `out` (which it sorts), each all at positions in `own` (which no other
/// segment gives, so no member of its group from elsewhere falls between its members).
fn evenly_spaced_runs(out: &mut Vec<u64>, own: std::ops::Range<u64>) -> Vec<FpRun> {
    out.sort_unstable();
    let pos = |x: u64| x & 0xffff_ffff;
    let mut runs = Vec::new();
    let (mut w, mut i) = (0, 0);
    while i < out.len() {
        let mut j = i + 1;
        let mut step = 0;
        if j < out.len() && out[j] >> 32 == out[i] >> 32 && own.contains(&pos(out[i])) {
            step = out[j] - out[i];
            while j < out.len()
                && out[j] >> 32 == out[i] >> 32
                && out[j] - out[j - 1] == step
                && own.contains(&pos(out[j]))
            {
                j += 1;
            }
        }
        if j - i >= MIN_FP_RUN {
            runs.push(FpRun {
                first: out[i],
                step: step as u32,
                count: (j - i) as u32,
            });
        } else {
            out.copy_within(i..j, w);
            w += j - i;
        }
        i = j;
    }
    out.truncate(w);
    runs
}

/// Thin out runs of one fingerprint whose consecutive positions are under `k` words apart
/// (a word repeated, or "ab cd" repeated: every other position shares one fingerprint;
/// eight million of them in 48 MB). Pairs under `k` apart are left out (see
/// [`candidate_pairs`](super::seeds::candidate_pairs)), so such a run gives no pair inside it, only with the members of
/// its group before and after it. A run of more than `ALL_PAIRS_UP_TO + 2` members, all at
/// positions in `own` (which no other segment gives, so no member of the group can fall
/// between them), keeps its first `ALL_PAIRS_UP_TO + 1` and its last: the group still has
/// over [`ALL_PAIRS_UP_TO`] members, so [`candidate_pairs`](super::seeds::candidate_pairs) pairs neighbours, the same ones
/// at the run's ends, and the kept members under `k` apart pair with nothing, as before. The
/// one new pair of neighbours (the last kept of the first ones with the last) is pushed to
/// `unpaired`, which [`candidate_pairs`](super::seeds::candidate_pairs) leaves out.
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

#[cfg(test)]
mod tests;
