//! The corpus the search runs on: every source's words as 32-bit keys (case-insensitive,
//! punctuation aside), laid end to end with a [`BARRIER`] between sources, and the few word
//! offsets needed to map a word range back to source bytes.
//!
//! Memory stays near one byte per source byte on top of the loaded sources (100 MB of text:
//! 225 MB loaded, 323 MB at peak): 4 bytes per word for keys, written once into one array
//! (the words are counted first, in parallel chunks, so the keys are never held twice), and a
//! sparse table of word offsets (one per [`STRIDE`] words) from which word spans are recomputed
//! on demand. Word positions and offsets are `u32`: a source may hold up to 4 GiB, all sources
//! 4 G words.

use rayon::prelude::*;

use super::found::Place;
use crate::source::Source;
use crate::text::normalize;
use crate::text::words::{count_words, words};

/// Word keys never produced by the tokenizer (its keys are odd): marks a source boundary or an
/// ignored word; it never matches anything, itself included.
pub(super) const BARRIER: u32 = 0;
/// One word offset is kept per this many words.
pub const STRIDE: usize = 32;
/// Sources above this size are tokenized and winnowed in parallel chunks of about this size.
const CHUNK_BYTES: usize = 4 << 20;

/// Offsets of every [`STRIDE`]-th word of one chunk of a source's normalized text.
#[derive(Debug)]
struct Chunk {
    /// Index (within the source) of the chunk's first word.
    first_word: usize,
    /// Normalized byte offset of words `first_word`, `first_word + STRIDE`, ...
    checkpoints: Vec<u32>,
}

/// The words of every source, as keys laid end to end.
pub(super) struct Corpus<'a> {
    pub(super) sources: &'a [Source],
    /// Global word keys: source 0's words, a barrier, source 1's words, a barrier, ...
    pub(super) keys: Vec<u32>,
    /// Global index of each source's first word (one more entry: the end).
    pub(super) base: Vec<usize>,
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

/// The source holding global word `g`, by `base` (each source's first word, and the end; see
/// [`Corpus::base`]).
pub(super) fn source_of(base: &[usize], g: usize) -> u32 {
    (base.partition_point(|&b| b <= g) - 1) as u32
}

impl<'a> Corpus<'a> {
    pub(super) fn build(sources: &'a [Source], ignore: &[String]) -> Corpus<'a> {
        let patterns: Vec<Vec<u32>> = ignore
            .iter()
            .map(|p| {
                let n = normalize(p);
                words(n.as_str()).map(|w| w.key).collect()
            })
            .collect();
        // Two passes over chunks of every source, both in parallel: count the words (without
        // their keys, see `count_words`), then write their keys straight into one zeroed
        // array (zero is the barrier, so the gaps between sources need no writing), which
        // never holds the keys twice.
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
        let counts: Vec<usize> = pieces.par_iter().map(|p| count_words(text(p))).collect();
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

    /// The words of source `s` (the barriers around them left out).
    pub(super) fn source_keys(&self, s: usize) -> &[u32] {
        &self.keys[self.base[s]..self.base[s + 1] - 1]
    }

    /// The source holding global word `g`.
    pub(super) fn source_of(&self, g: usize) -> usize {
        source_of(&self.base, g) as usize
    }

    /// Normalized byte spans of words `[a, b)` (local indices) of source `s`.
    pub(super) fn word_spans(&self, s: usize, a: usize, b: usize) -> Vec<(usize, usize)> {
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

    /// Where global words `[a, b)` lie in source bytes.
    pub(super) fn place(&self, (a, b): (usize, usize)) -> Place {
        let s = self.source_of(a);
        let spans = self.word_spans(s, a - self.base[s], b - self.base[s]);
        let src = &self.sources[s];
        // Re-tokenizing yields the words counted at build time, so `spans` has b - a entries.
        let (ns, ne) = match (spans.first(), spans.last()) {
            (Some(f), Some(l)) => (f.0, l.1),
            _ => (0, 0),
        };
        let (start, end) = src.norm.to_source(ns, ne);
        // Source offsets fit in `u32`, as the normalizer's own do (sources are under 4 GiB).
        Place {
            source: s as u32,
            start: start as u32,
            end: end as u32,
        }
    }
}
