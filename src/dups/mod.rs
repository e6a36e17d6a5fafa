//! Duplicated passages: every passage of `min_words` words or more that occurs twice or more,
//! within one source or across sources, identically or nearly (word-level similarity).
//!
//! The pipeline works on the word keys (case-insensitive, punctuation aside) of every source's
//! normalized text, laid end to end with a barrier word between sources:
//!
//! 1. **Candidates** (linear): winnowing fingerprints (Schleimer et al. 2003) of word `k`-grams
//!    with window `w`, `k + w - 1 <= min_words`, so every exact shared run of `min_words` words
//!    (and of `k + w - 1` words inside an edited copy) shares at least one fingerprint. Equal
//!    fingerprints pair up their positions.
//! 2. **Seeds**: each pair is verified and extended word by word to the maximal exact run on its
//!    diagonal; pairs falling inside a run already found are skipped, so a long copy costs one
//!    extension, not one per shingle.
//! 3. **Chains**: seeds close to each other on nearby diagonals (a few substituted, inserted or
//!    deleted words apart) are chained into one near-duplicate candidate, whose similarity is
//!    then measured precisely by a word diff. Sentences copied in another order sit on distant
//!    diagonals and are never chained into one passage. Each chain is then stretched through
//!    edits at its ends (banded X-drop alignment), so an edit near a copy's edge does not cut
//!    the passage short.
//! 4. **Clusters**: pairs of passages are grouped; two passages in the same place count as one
//!    occurrence when each covers most of the other, so a passage found against several copies
//!    is reported once, with every copy.
//!
//! Memory stays near one byte per source byte on top of the loaded sources (100 MB of text:
//! 225 MB loaded, 323 MB at peak): 4 bytes per word for keys, written once; fingerprints (8
//! bytes, about every other word) gathered a quarter at a time; and a sparse table of word
//! offsets (one per [`STRIDE`] words) from which word spans are recomputed on demand. Word
//! positions and offsets are `u32`: a source may hold up to 4 GiB, all sources 4 G words.
//!
//! Words compare by their case-insensitive keys, so the similarity and the diff are about
//! words; a copy that differs only in case or punctuation is identical here (a quote's
//! `also_at` still checks the exact text, see [`also_at`]).

use std::collections::HashMap;

use rayon::prelude::*;

use crate::config::DupsConfig;
use crate::locate::{Locator, Needle};
use crate::model::{AlsoAt, Cluster, DiffOp, DiffTag, DupOccurrence};
use crate::source::Source;
use crate::text::normalize;
use crate::text::words::{ngram_key, words};

/// Settings of a duplicate search: the `[dups]` table of citecheck.toml, whose defaults
/// (8 words, similarity 0.8, no ignore patterns) are the search's defaults.
pub type DupOptions = DupsConfig;

/// Word keys never produced by the tokenizer (its keys are odd): marks a source boundary or an
/// ignored word; it never matches anything, itself included.
const BARRIER: u32 = 0;
/// One word offset is kept per this many words.
pub const STRIDE: usize = 32;
/// Sources above this size are tokenized and winnowed in parallel chunks of about this size.
const CHUNK_BYTES: usize = 4 << 20;
/// Fingerprint groups up to this size pair every member; larger (common phrases) pair
/// neighbours only, which still links every copy.
const ALL_PAIRS_UP_TO: usize = 32;
/// Most words between two chained seeds, on either side.
const MAX_GAP: usize = 16;
/// Most net inserted or deleted words between two chained seeds.
const MAX_SHIFT: i64 = 4;
/// Fingerprints are gathered in `1 << PART_BITS` partitions by hash.
const PART_BITS: u32 = 2;
/// Two passages in one place are the same occurrence when their overlap covers this share of
/// each.
const SAME_OCCURRENCE: f64 = 0.8;

/// Offsets of every [`STRIDE`]-th word of one chunk of a source's normalized text.
#[derive(Debug)]
struct Chunk {
    /// Index (within the source) of the chunk's first word.
    first_word: usize,
    /// Normalized byte offset of words `first_word`, `first_word + STRIDE`, ...
    checkpoints: Vec<u32>,
}

/// The words of every source, as keys laid end to end.
struct Corpus<'a> {
    sources: &'a [Source],
    /// Global word keys: source 0's words, a barrier, source 1's words, a barrier, ...
    keys: Vec<u32>,
    /// Global index of each source's first word (one more entry: the end).
    base: Vec<usize>,
    /// Per source, its chunks' word offsets.
    chunks: Vec<Vec<Chunk>>,
}

/// Byte ranges `[a, b)` splitting `text` into pieces of about `CHUNK_BYTES`, cut at spaces (a
/// word never spans a space in normalized text).
fn chunk_ranges(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut a = 0;
    while a < bytes.len() {
        let target = a + CHUNK_BYTES;
        let b = if target >= bytes.len() {
            bytes.len()
        } else {
            memchr::memchr(b' ', &bytes[target..]).map_or(bytes.len(), |i| target + i)
        };
        out.push((a, b));
        a = b;
    }
    out
}

/// Replace every run of words matching an ignore pattern by barriers.
fn mask_ignored(keys: &mut [u32], patterns: &[Vec<u32>]) {
    for p in patterns.iter().filter(|p| !p.is_empty()) {
        let mut i = 0;
        while i + p.len() <= keys.len() {
            if keys[i] == p[0] && keys[i..i + p.len()] == p[..] {
                keys[i..i + p.len()].fill(BARRIER);
                i += p.len();
            } else {
                i += 1;
            }
        }
    }
}

impl<'a> Corpus<'a> {
    fn build(sources: &'a [Source], ignore: &[String]) -> Corpus<'a> {
        let patterns: Vec<Vec<u32>> = ignore
            .iter()
            .map(|p| {
                let n = normalize(p);
                words(n.as_str()).map(|w| w.key).collect()
            })
            .collect();
        // Two passes over chunks of every source, both in parallel: count the words, then
        // write their keys straight into one zeroed array (zero is the barrier, so the gaps
        // between sources need no writing), which never holds the keys twice.
        let pieces: Vec<(usize, usize, usize)> = sources
            .iter()
            .enumerate()
            .flat_map(|(i, s)| {
                chunk_ranges(s.norm.as_str())
                    .into_iter()
                    .map(move |(a, b)| (i, a, b))
            })
            .collect();
        let text = |&(i, a, b): &(usize, usize, usize)| &sources[i].norm.as_str()[a..b];
        let counts: Vec<usize> = pieces.par_iter().map(|p| words(text(p)).count()).collect();
        let mut base = Vec::with_capacity(sources.len() + 1);
        let mut offsets = Vec::with_capacity(pieces.len());
        let mut at = 0;
        let mut next = 0;
        for s in 0..sources.len() {
            base.push(at);
            while next < pieces.len() && pieces[next].0 == s {
                offsets.push(at);
                at += counts[next];
                next += 1;
            }
            at += 1; // the barrier after each source
        }
        base.push(at);
        let mut keys = vec![BARRIER; at];
        let mut slices: Vec<&mut [u32]> = Vec::with_capacity(pieces.len());
        let mut rest: &mut [u32] = &mut keys;
        let mut consumed = 0;
        for (&off, &n) in offsets.iter().zip(&counts) {
            let (_, r) = std::mem::take(&mut rest).split_at_mut(off - consumed);
            let (mine, r) = r.split_at_mut(n);
            slices.push(mine);
            rest = r;
            consumed = off + n;
        }
        let checkpoints: Vec<Vec<u32>> = pieces
            .par_iter()
            .zip(slices.into_par_iter())
            .map(|(p, out)| {
                let mut cps = Vec::with_capacity(out.len() / STRIDE + 1);
                for (i, (w, slot)) in words(text(p)).zip(out.iter_mut()).enumerate() {
                    if i % STRIDE == 0 {
                        cps.push((p.1 + w.start) as u32);
                    }
                    *slot = w.key;
                }
                cps
            })
            .collect();
        let mut chunks: Vec<Vec<Chunk>> = (0..sources.len()).map(|_| Vec::new()).collect();
        for ((p, cps), off) in pieces.iter().zip(checkpoints).zip(offsets) {
            chunks[p.0].push(Chunk {
                first_word: off - base[p.0],
                checkpoints: cps,
            });
        }
        for s in 0..sources.len() {
            mask_ignored(&mut keys[base[s]..base[s + 1] - 1], &patterns);
        }
        Corpus {
            sources,
            keys,
            base,
            chunks,
        }
    }

    /// The source holding global word `g`.
    fn source_of(&self, g: usize) -> usize {
        self.base.partition_point(|&b| b <= g) - 1
    }

    /// Normalized byte spans of words `[a, b)` (local indices) of source `s`.
    fn word_spans(&self, s: usize, a: usize, b: usize) -> Vec<(usize, usize)> {
        let chunks = &self.chunks[s];
        let text = self.sources[s].norm.as_str();
        let mut out = Vec::with_capacity(b.saturating_sub(a));
        if a >= b {
            return out;
        }
        let ci = chunks.partition_point(|c| c.first_word <= a) - 1;
        let c = &chunks[ci];
        let k = (a - c.first_word) / STRIDE;
        let from = c.checkpoints[k] as usize;
        let skip = a - c.first_word - k * STRIDE;
        // A checkpoint is a word start, so tokenizing from it yields the same words.
        for w in words(&text[from..]).skip(skip).take(b - a) {
            out.push((from + w.start, from + w.end));
        }
        out
    }

    /// The occurrence of global words `[a, b)` in source bytes.
    fn occurrence(&self, a: usize, b: usize) -> DupOccurrence {
        let s = self.source_of(a);
        let spans = self.word_spans(s, a - self.base[s], b - self.base[s]);
        let src = &self.sources[s];
        // Re-tokenizing yields the words counted at build time, so `spans` has b - a entries.
        let (ns, ne) = match (spans.first(), spans.last()) {
            (Some(f), Some(l)) => (f.0, l.1),
            _ => (0, 0),
        };
        let span = src.norm.to_source(ns, ne);
        DupOccurrence {
            source: src.path.clone(),
            span: [span.0, span.1],
            lines: src.lines_of(span),
        }
    }
}

/// Winnowing parameters for `min_words`: k-gram length and window.
fn params(min_words: usize) -> (usize, usize) {
    let m = min_words.max(2);
    let k = m.min(4);
    let w = (m + 1 - k).clamp(1, 3);
    (k, w)
}

/// Fingerprints of `keys` as `hash32 << 32 | position`, sorted and unique: those whose hash
/// falls in partition `part` of `1 << PART_BITS` (the search runs partition by partition, so
/// only a fraction of the fingerprints is ever held at once).
fn fingerprints(keys: &[u32], k: usize, w: usize, part: u64) -> Vec<u64> {
    let n = keys.len();
    if n < k + w - 1 {
        return Vec::new();
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
            out
        })
        .collect();
    fps.par_sort_unstable();
    fps.dedup();
    fps
}

/// A maximal exact run shared by global words `[a, a + len)` and `[b, b + len)`, `a < b`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Seed {
    a: usize,
    b: usize,
    len: usize,
}

/// Candidate position pairs from equal fingerprints.
fn candidate_pairs(fps: &[u64]) -> Vec<(u32, u32)> {
    let mut pairs = Vec::new();
    let mut i = 0;
    while i < fps.len() {
        let h = fps[i] >> 32;
        let mut j = i + 1;
        while j < fps.len() && fps[j] >> 32 == h {
            j += 1;
        }
        let g = &fps[i..j];
        let pos = |x: u64| x as u32;
        if g.len() <= ALL_PAIRS_UP_TO {
            for x in 0..g.len() {
                for y in x + 1..g.len() {
                    pairs.push((pos(g[x]), pos(g[y])));
                }
            }
        } else {
            for x in 1..g.len() {
                pairs.push((pos(g[x - 1]), pos(g[x])));
            }
        }
        i = j;
    }
    pairs
}

/// Verify and extend candidate pairs into maximal exact runs, one per run.
fn seeds(keys: &[u32], mut pairs: Vec<(u32, u32)>, k: usize) -> Vec<Seed> {
    pairs.par_sort_unstable_by_key(|&(p, q)| (u64::from(q - p) << 32) | u64::from(p));
    pairs.dedup();
    let mut out = Vec::new();
    let mut diag = u32::MAX;
    let mut last_end = 0usize; // end (A side) of the last run on this diagonal
    for (p, q) in pairs {
        let d = q - p;
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
            out.push(Seed {
                a,
                b: a + d,
                len: e - a,
            });
        }
    }
    out
}

/// A chain of seeds: one near-duplicate candidate.
struct Chain {
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
fn chain(keys: &[u32], mut seeds: Vec<Seed>) -> Vec<Chain> {
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
fn compare(a: &[u32], b: &[u32]) -> (f64, Vec<similar::DiffOp>) {
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
struct Edge {
    a: (usize, usize),
    b: (usize, usize),
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
fn edges(keys: &[u32], chains: Vec<Chain>, opts: &DupOptions) -> Vec<Edge> {
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

fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        parent[ra.max(rb)] = ra.min(rb);
    }
}

/// Group pairs of passages into clusters of occurrences (global word ranges, sorted).
fn group(edges: &[Edge]) -> Vec<Vec<(usize, usize)>> {
    let nodes: Vec<(usize, usize)> = edges.iter().flat_map(|e| [e.a, e.b]).collect();
    let mut parent: Vec<usize> = (0..nodes.len()).collect();
    for i in 0..edges.len() {
        union(&mut parent, 2 * i, 2 * i + 1);
    }
    // The same place found against different copies: one occurrence.
    let mut order: Vec<usize> = (0..nodes.len()).collect();
    order.sort_unstable_by_key(|&i| nodes[i]);
    for (x, &i) in order.iter().enumerate() {
        let (s, e) = nodes[i];
        for &j in order[x + 1..].iter().take(64) {
            let (s2, e2) = nodes[j];
            if s2 >= e {
                break;
            }
            let ov = (e.min(e2) - s2) as f64;
            if ov >= SAME_OCCURRENCE * (e - s) as f64 && ov >= SAME_OCCURRENCE * (e2 - s2) as f64 {
                union(&mut parent, i, j);
            }
        }
    }
    let mut comps: HashMap<usize, Vec<(usize, usize)>> = HashMap::new();
    for (i, &n) in nodes.iter().enumerate() {
        let r = find(&mut parent, i);
        comps.entry(r).or_default().push(n);
    }
    let mut out: Vec<Vec<(usize, usize)>> = comps
        .into_values()
        .filter_map(|mut v| {
            // Overlapping ranges of one cluster are one occurrence: their union.
            v.sort_unstable();
            let mut occ: Vec<(usize, usize)> = Vec::with_capacity(v.len());
            for (s, e) in v {
                match occ.last_mut() {
                    Some(last) if s < last.1 => last.1 = last.1.max(e),
                    _ => occ.push((s, e)),
                }
            }
            (occ.len() >= 2).then_some(occ)
        })
        .collect();
    out.sort_unstable();
    out
}

/// Text pieces of a word diff between two passages, from their word alignment.
fn diff_pieces(
    ops: &[similar::DiffOp],
    old: (&str, &[(usize, usize)]),
    new: (&str, &[(usize, usize)]),
) -> Vec<DiffOp> {
    // A piece runs from its first word's start to the next word's start (so it carries the
    // spacing and punctuation that follow it), or to its last word's end at the passage's end.
    let piece = |(text, spans): (&str, &[(usize, usize)]), r: std::ops::Range<usize>| {
        let start = spans[r.start].0;
        let end = spans.get(r.end).map_or(spans[r.end - 1].1, |s| s.0);
        text[start..end].to_string()
    };
    let mut out: Vec<DiffOp> = Vec::new();
    let mut push = |op: DiffTag, text: String| match out.last_mut() {
        Some(last) if last.op == op => last.text.push_str(&text),
        _ => out.push(DiffOp { op, text }),
    };
    for o in ops {
        let (tag, ro, rn) = o.as_tag_tuple();
        if !ro.is_empty() {
            let t = piece(old, ro.clone());
            match tag {
                similar::DiffTag::Equal => push(DiffTag::Equal, t),
                _ => push(DiffTag::Delete, t),
            }
        }
        if tag != similar::DiffTag::Equal && !rn.is_empty() {
            push(DiffTag::Insert, piece(new, rn));
        }
    }
    out
}

/// True when a passage is trivial: too few distinct words to mean anything ("ha ha ha ...",
/// a row of the same number).
fn trivial(keys: &[u32], min_words: usize) -> bool {
    let mut k = keys.to_vec();
    k.sort_unstable();
    k.dedup();
    k.len() < (min_words / 2).max(2)
}

/// Find every duplicated passage in `sources` (see the module docs). Clusters are sorted by
/// their first occurrence; the result is the same for the same inputs.
pub fn find_duplicates(sources: &[Source], opts: &DupOptions) -> Vec<Cluster> {
    let min_words = opts.min_words.max(2);
    let corpus = Corpus::build(sources, &opts.ignore);
    let keys = &corpus.keys;
    let (k, w) = params(min_words);
    let mut pairs = Vec::new();
    for part in 0..1 << PART_BITS {
        pairs.extend(candidate_pairs(&fingerprints(keys, k, w, part)));
    }
    let seeds = seeds(keys, pairs, k);
    let chains = chain(keys, seeds);
    let opts = DupOptions {
        min_words,
        ..opts.clone()
    };
    let edges = edges(keys, chains, &opts);
    let groups = group(&edges);
    drop(edges);
    let mut clusters: Vec<((usize, usize), Cluster)> = groups
        .into_par_iter()
        .filter_map(|occ| {
            let first = occ[0];
            let fk = &keys[first.0..first.1];
            if fk.len() < min_words || trivial(fk, min_words) {
                return None;
            }
            // The occurrence least like the first decides the similarity and the diff.
            let mut worst: Option<(f64, usize, Vec<similar::DiffOp>)> = None;
            for (i, o) in occ.iter().enumerate().skip(1) {
                let (sim, ops) = compare(fk, &keys[o.0..o.1]);
                if worst.as_ref().is_none_or(|(s, _, _)| sim < *s) {
                    worst = Some((sim, i, ops));
                }
            }
            let (sim, wi, ops) = worst?;
            let diff = if sim < 1.0 {
                let (s0, s1) = (corpus.source_of(first.0), corpus.source_of(occ[wi].0));
                let sp0 =
                    corpus.word_spans(s0, first.0 - corpus.base[s0], first.1 - corpus.base[s0]);
                let sp1 =
                    corpus.word_spans(s1, occ[wi].0 - corpus.base[s1], occ[wi].1 - corpus.base[s1]);
                diff_pieces(
                    &ops,
                    (sources[s0].norm.as_str(), &sp0),
                    (sources[s1].norm.as_str(), &sp1),
                )
            } else {
                Vec::new()
            };
            Some((
                first,
                Cluster {
                    similarity: (sim * 10_000.0).round() / 10_000.0,
                    words: fk.len(),
                    occurrences: occ.iter().map(|&(a, b)| corpus.occurrence(a, b)).collect(),
                    diff,
                },
            ))
        })
        .collect();
    clusters.sort_by_key(|(first, _)| *first);
    clusters.into_iter().map(|(_, c)| c).collect()
}

/// The other copies of the duplicated passages that hold `span` of `source` (a quote's found
/// text), each with whether it differs within those words: the found text does not occur,
/// even after normalization, inside that copy. Copies overlapping in one source are reported
/// once (the shortest passage: the one closest to the quote). Sorted by (source, position).
pub fn also_at(
    clusters: &[Cluster],
    sources: &[Source],
    locator: &dyn Locator,
    source: &Source,
    span: (usize, usize),
) -> Vec<AlsoAt> {
    // The found text sits in a copy when all its words do (it may take in the punctuation
    // around the passage, which is not part of it).
    let wordless =
        |a: usize, b: usize| a >= b || !source.text[a..b].chars().any(char::is_alphanumeric);
    let holds = |o: &DupOccurrence| {
        o.source == source.path
            && o.span[0] < span.1
            && span.0 < o.span[1]
            && wordless(span.0, o.span[0].max(span.0))
            && wordless(o.span[1].min(span.1), span.1)
    };
    let mut others: Vec<&DupOccurrence> = Vec::new();
    for c in clusters {
        if c.occurrences.iter().any(holds) {
            others.extend(c.occurrences.iter().filter(|o| !holds(o)));
        }
    }
    if others.is_empty() {
        return Vec::new();
    }
    // Shortest first, so an overlapping longer copy in the same place is dropped.
    others.sort_by_key(|o| (o.span[1] - o.span[0], &o.source, o.span[0]));
    let mut kept: Vec<&DupOccurrence> = Vec::new();
    for o in others {
        let overlaps = kept
            .iter()
            .any(|k| k.source == o.source && k.span[0] < o.span[1] && o.span[0] < k.span[1]);
        if !overlaps {
            kept.push(o);
        }
    }
    kept.sort_by_key(|o| (&o.source, o.span[0]));
    // Compare words and what lies between them, not the punctuation around the found text.
    let found = &source.text[span.0..span.1];
    let first = found.find(char::is_alphanumeric).unwrap_or(0);
    let last = found.rfind(char::is_alphanumeric).map_or(found.len(), |i| {
        i + found[i..].chars().next().map_or(1, char::len_utf8)
    });
    let needle = Needle::new(&found[first..last.max(first)]);
    kept.into_iter()
        .map(|o| {
            let same = sources
                .iter()
                .find(|s| s.path == o.source)
                .is_some_and(|s| {
                    locator
                        .occurrences(s, &needle)
                        .iter()
                        .any(|m| o.span[0] <= m.span.0 && m.span.1 <= o.span[1])
                });
            AlsoAt {
                source: o.source.clone(),
                span: o.span,
                lines: o.lines,
                differs: !same,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(id: &str, t: &str) -> Source {
        Source::from_text(id, t.to_string())
    }

    fn texts<'a>(s: &'a [Source], c: &Cluster) -> Vec<&'a str> {
        c.occurrences
            .iter()
            .map(|o| {
                let src = s.iter().find(|x| x.path == o.source).unwrap();
                &src.text[o.span[0]..o.span[1]]
            })
            .collect()
    }

    #[test]
    fn winnowing_window_guarantees_min_words() {
        for m in 2..12 {
            let (k, w) = params(m);
            assert!(k + w - 1 <= m, "min_words {m}: k {k} w {w}");
        }
    }

    #[test]
    fn exact_repeat_within_one_source_is_one_maximal_passage() {
        let s = vec![src(
            "a.txt",
            "Intro words here. The quick brown fox jumps over the lazy dog near the river bank \
             today. Other filler text follows now. The quick brown fox jumps over the lazy dog \
             near the river bank today. End.",
        )];
        let c = find_duplicates(&s, &DupOptions::default());
        assert_eq!(c.len(), 1, "{c:#?}");
        assert_eq!(c[0].similarity, 1.0);
        assert_eq!(c[0].words, 14);
        assert!(c[0].diff.is_empty());
        let t = texts(&s, &c[0]);
        assert_eq!(
            t[0],
            "The quick brown fox jumps over the lazy dog near the river bank today"
        );
        assert_eq!(t[0], t[1]);
    }

    #[test]
    fn periodic_text_is_trivial() {
        let s = vec![src("a.txt", &"ha ".repeat(200))];
        assert!(find_duplicates(&s, &DupOptions::default()).is_empty());
    }

    #[test]
    fn ignore_patterns_mask_boilerplate() {
        let t = "Copyright Example News all rights reserved reproduction prohibited without \
                 permission. Some story. Copyright Example News all rights reserved \
                 reproduction prohibited without permission.";
        let s = vec![src("a.txt", t)];
        assert_eq!(find_duplicates(&s, &DupOptions::default()).len(), 1);
        let opts = DupOptions {
            ignore: vec!["all rights reserved".into()],
            ..DupOptions::default()
        };
        assert!(find_duplicates(&s, &opts).is_empty());
    }
}
