//! A word-trigram index of a normalized text, built once per source in linear time.
//!
//! Every quote of three or more words is located through it: exact and normalized occurrences
//! by looking up the quote's rarest trigram and comparing bytes at each hit, approximate ones by
//! letting the quote's trigrams vote for alignment diagonals (with `e` word edits, at most `3e`
//! of a quote's trigrams are destroyed, so a lightly edited quote keeps most votes).
//!
//! Memory is the constraint at archive scale (100 MB of text is about 17 M words), so the index
//! keeps only what cannot be recomputed cheaply: the postings, one flat array in bucket order
//! (CSR), and the start byte of every 16th word. A word's start, end and key are re-read from the
//! text when needed (a few words per candidate, never the whole text): about 5 bytes per word in
//! all, where storing starts, ends and keys took 17.
//!
//! The build runs on every core: the text is cut between words into one piece per thread; each
//! piece counts its words and its trigrams per bucket, the counts become per-piece write cursors,
//! and each piece then fills its own slots of the postings. Each bucket is then sorted by posting
//! value, which puts the postings in (fingerprint, position) order: one trigram's postings form a
//! contiguous run in ascending position order, found by binary search, so counting a trigram's
//! hits costs a lookup and not a scan of its bucket (a common trigram's bucket grows with the
//! text, and the quote's cost would grow with it).
//!
//! At archive scale every lookup is a cache miss (and a TLB miss) into tables far larger than
//! the cache. A quote's lookups do not depend on each other, so [`WordIndex::runs`] and
//! [`WordIndex::prefetch_words`] issue them together and let the memory system serve them in
//! parallel, instead of waiting for each in turn.

// The crate denies unsafe code; this module measured a need (the prefetch hint and the
// parallel build's disjoint writes into one buffer) and allows it here alone.
#![allow(unsafe_code)]

use rayon::prelude::*;

use crate::text::words::{ngram_key, run_start, words, Word};

/// Below this many bytes the index is built on one thread.
const PARALLEL_ABOVE: usize = 1 << 20;
/// Every `MARK`-th word's start is kept; the others are re-read from the nearest mark.
const MARK: usize = 16;

/// Index over the words of one normalized text.
#[derive(Debug, Default)]
pub struct WordIndex {
    words: usize,
    marks: Vec<u32>,
    buckets: Vec<u32>,
    /// Word number in the low `pos_bits` bits; the spare high bits hold a fingerprint of the
    /// trigram (bits of its key the bucket number does not use), so most of the other trigrams
    /// sharing a bucket are told apart without reading the text.
    postings: Vec<u32>,
    mask: u64,
    pos_bits: u32,
}

/// One piece of the text for the parallel build: its byte range and first word's number.
struct Piece {
    from: usize,
    to: usize,
    first_word: usize,
}

/// Trigrams handed to the build's passes at a time.
const BATCH: usize = 4096;
/// How many trigrams of a batch ahead the build's passes prefetch the bucket's counter: far
/// enough for a miss to be served before its turn.
const PREFETCH_AHEAD: usize = 16;

/// Call `f` with batches of `(word number, bucket, fingerprint bits)` for every trigram starting in `piece` (its
/// last words read ahead into the next piece); `mark(word number, start)` for every word of the
/// piece. Returns the number of words in the piece.
///
/// Batching matters: the passes scatter into tables far larger than the cache, and a tight loop
/// over a batch lets the CPU overlap those misses, which interleaving them with the tokenizer's
/// byte-by-byte work does not (measured: 3x slower unbatched at 100 MB).
fn trigrams(
    text: &str,
    piece: &Piece,
    mask: u64,
    mut mark: impl FnMut(usize, usize),
    mut f: impl FnMut(&[(u32, u32, u32)]),
) -> usize {
    let mut in_piece = 0usize;
    let mut keys = [0u32; 3];
    let mut seen = 0usize;
    let mut batch: Vec<(u32, u32, u32)> = Vec::with_capacity(BATCH);
    for w in words(&text[piece.from..]) {
        let start = piece.from + w.start;
        if start < piece.to {
            mark(piece.first_word + in_piece, start);
            in_piece += 1;
        }
        keys[seen % 3] = w.key;
        seen += 1;
        if seen >= 3 {
            let first = seen - 3;
            if first >= in_piece {
                break;
            }
            let k = [
                keys[first % 3],
                keys[(first + 1) % 3],
                keys[(first + 2) % 3],
            ];
            let key = ngram_key(&k);
            batch.push((
                (piece.first_word + first) as u32,
                (key & mask) as u32,
                (key >> 32) as u32,
            ));
            if batch.len() == BATCH {
                f(&batch);
                batch.clear();
            }
        }
    }
    if !batch.is_empty() {
        f(&batch);
    }
    in_piece
}

/// Which trigram slots of a [`WordIndex`] hold postings, a few bits per word: what is left of
/// an index once it is released, enough to tell that a trigram is certainly not in the text.
/// A slot (bucket and fingerprint bits) is hashed to one bit; a clear bit means no posting
/// has that slot, so a lookup of any trigram there would find nothing.
#[derive(Debug, Clone)]
pub struct Presence {
    bits: Vec<u64>,
    /// log2 of the number of bits.
    log_bits: u32,
    mask: u64,
    pos_bits: u32,
}

impl Presence {
    /// The bit of slot `(bucket, want)`.
    fn bit(&self, bucket: usize, want: u32) -> usize {
        let x = ((bucket as u64) << 32 | u64::from(want)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (x >> (64 - self.log_bits)) as usize
    }

    /// False when the index this was made from has no posting for the trigram `keys` (a
    /// lookup there finds nothing); true when it may have one.
    pub fn may_hold(&self, keys: &[u32]) -> bool {
        let (b, want) = slot(self.mask, self.pos_bits, keys);
        let i = self.bit(b, want);
        self.bits[i / 64] >> (i % 64) & 1 == 1
    }
}

/// Where the postings of the trigram `keys` are in an index of `mask` and `pos_bits`: its
/// bucket and the fingerprint bits.
fn slot(mask: u64, pos_bits: u32, keys: &[u32]) -> (usize, u32) {
    let key = ngram_key(keys);
    let fp = fingerprint_mask(pos_bits);
    let want = ((key >> 32) as u32).checked_shl(pos_bits).unwrap_or(0) & fp;
    ((key & mask) as usize, want)
}

/// The posting bits left for the fingerprint above `pos_bits` bits of word number.
fn fingerprint_mask(pos_bits: u32) -> u32 {
    u32::MAX.checked_shl(pos_bits).unwrap_or(0)
}

/// Hint that `*p` will be read soon (a no-op where no prefetch instruction is known).
#[inline(always)]
fn prefetch<T>(p: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is only a hint: it never faults and reads nothing observable, and
    // `p` is a valid reference anyway.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
            (p as *const T).cast::<i8>(),
        );
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// Sort every bucket of `postings` (bounds in `buckets`) by value, in parallel over groups of
/// buckets.
fn sort_buckets(buckets: &[u32], postings: &mut [u32]) {
    let nb = buckets.len() - 1;
    let groups = (rayon::current_num_threads() * 8).clamp(1, nb.max(1));
    let mut slices: Vec<(&[u32], &mut [u32])> = Vec::with_capacity(groups);
    let mut rest = postings;
    let mut done = 0usize;
    for g in 0..groups {
        let (b0, b1) = (nb * g / groups, nb * (g + 1) / groups);
        let bounds = &buckets[b0..=b1];
        let (head, tail) = rest.split_at_mut(buckets[b1] as usize - done);
        done = buckets[b1] as usize;
        slices.push((bounds, head));
        rest = tail;
    }
    slices.into_par_iter().for_each(|(bounds, slice)| {
        let base = bounds[0] as usize;
        for w in bounds.windows(2) {
            slice[w[0] as usize - base..w[1] as usize - base].sort_unstable();
        }
    });
}

/// Shares a write-only output buffer between the pieces of the parallel build.
struct Slots(*mut u32);
// SAFETY: each piece writes only the slots its own cursors hand out; the cursors of different
// pieces cover disjoint ranges of the buffer (see `WordIndex::build`).
unsafe impl Sync for Slots {}

impl WordIndex {
    /// Index `text` (normalized). Offsets are stored as u32: sources are limited to 4 GiB.
    pub fn build(text: &str) -> WordIndex {
        let threads = if text.len() < PARALLEL_ABOVE {
            1
        } else {
            rayon::current_num_threads().clamp(1, 16)
        };
        // Cut between words: at an ASCII byte that is not a letter or digit.
        let bytes = text.as_bytes();
        let mut cuts = vec![0];
        for k in 1..threads {
            let from = (text.len() * k / threads).max(*cuts.last().unwrap_or(&0));
            if let Some(p) = (from..bytes.len())
                .find(|&p| bytes[p].is_ascii() && !bytes[p].is_ascii_alphanumeric())
            {
                cuts.push(p);
            }
        }
        cuts.push(text.len());
        cuts.dedup();
        let mut pieces: Vec<Piece> = cuts
            .windows(2)
            .map(|w| Piece {
                from: w[0],
                to: w[1],
                first_word: 0,
            })
            .collect();
        // About eight trigrams per bucket (sized from the byte length, ~6.5 bytes a word, so
        // the table exists before the words are counted): candidates are verified anyway, and a
        // small table matters more at 100 MB than a few extra comparisons per lookup.
        let nb = (text.len() / 52).next_power_of_two().max(1024);
        let mask = (nb - 1) as u64;
        // Pass 1: per-piece word counts and bucket counts.
        let mut counts: Vec<(usize, Vec<u32>)> = pieces
            .par_iter()
            .map(|p| {
                let mut c = vec![0u32; nb];
                let n = trigrams(
                    text,
                    p,
                    mask,
                    |_, _| {},
                    |batch| {
                        for (i, &(_, b, _)) in batch.iter().enumerate() {
                            if let Some(ahead) = batch.get(i + PREFETCH_AHEAD) {
                                prefetch(&c[ahead.1 as usize]);
                            }
                            c[b as usize] += 1;
                        }
                    },
                );
                (n, c)
            })
            .collect();
        let mut first_word = 0;
        for (p, (n, _)) in pieces.iter_mut().zip(&counts) {
            p.first_word = first_word;
            first_word += n;
        }
        let pos_bits = (usize::BITS - first_word.leading_zeros()).max(1);
        let fp_mask = fingerprint_mask(pos_bits);
        // Bucket starts, and each piece's write cursor within each bucket.
        let mut buckets = vec![0u32; nb + 1];
        let mut run = 0u32;
        for b in 0..nb {
            buckets[b] = run;
            for (_, c) in counts.iter_mut() {
                let k = c[b];
                c[b] = run;
                run += k;
            }
        }
        buckets[nb] = run;
        // Pass 2: every piece fills its own slots and keeps its marks.
        let mut postings = vec![0u32; run as usize];
        let out = Slots(postings.as_mut_ptr());
        let len = postings.len();
        let marks: Vec<Vec<u32>> = pieces
            .par_iter()
            .zip(counts.par_iter_mut())
            .map(|(p, (_, cursor))| {
                let out = &out;
                let mut marks = Vec::new();
                trigrams(
                    text,
                    p,
                    mask,
                    |i, start| {
                        if i % MARK == 0 {
                            marks.push(start as u32);
                        }
                    },
                    |batch| {
                        for (i, &(pos, b, hi)) in batch.iter().enumerate() {
                            // The cursors (megabytes, hit at random) are asked for ahead of
                            // use: measured at 100 MB, this pass took half the CPU time.
                            if let Some(ahead) = batch.get(i + PREFETCH_AHEAD) {
                                prefetch(&cursor[ahead.1 as usize]);
                            }
                            let slot = cursor[b as usize] as usize;
                            cursor[b as usize] += 1;
                            assert!(slot < len);
                            let value = pos | (hi.checked_shl(pos_bits).unwrap_or(0) & fp_mask);
                            // SAFETY: in bounds (checked), and the slot belongs to this piece
                            // only: its cursors start after the counts of the pieces before it.
                            unsafe { *out.0.add(slot) = value };
                        }
                    },
                );
                marks
            })
            .collect();
        sort_buckets(&buckets, &mut postings);
        WordIndex {
            words: first_word,
            marks: marks.concat(),
            buckets,
            postings,
            mask,
            pos_bits,
        }
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.words
    }

    /// True when the text has no words.
    pub fn is_empty(&self) -> bool {
        self.words == 0
    }

    /// Where the postings of the trigram `keys` would be: its bucket and the fingerprint bits.
    fn slot(&self, keys: &[u32]) -> (usize, u32) {
        slot(self.mask, self.pos_bits, keys)
    }

    /// Which of the index's slots hold postings (see [`Presence`]): two bits per posting, so
    /// about two in five bits are set and a trigram that is not there passes for one that is
    /// two times in five; a text of three absent trigrams, one time in sixteen.
    pub fn presence(&self) -> Presence {
        let log_bits = (self.postings.len().max(32) * 2)
            .next_power_of_two()
            .trailing_zeros();
        let mut p = Presence {
            bits: vec![0; (1usize << log_bits) / 64],
            log_bits,
            mask: self.mask,
            pos_bits: self.pos_bits,
        };
        let fp = fingerprint_mask(self.pos_bits);
        for (b, w) in self.buckets.windows(2).enumerate() {
            for &v in &self.postings[w[0] as usize..w[1] as usize] {
                let i = p.bit(b, v & fp);
                p.bits[i / 64] |= 1 << (i % 64);
            }
        }
        p
    }

    /// The run of postings with fingerprint `want` in bucket `b` (the bucket is sorted by
    /// value, fingerprint bits first).
    fn run(&self, b: usize, want: u32) -> &[u32] {
        let bucket = &self.postings[self.buckets[b] as usize..self.buckets[b + 1] as usize];
        let fp = fingerprint_mask(self.pos_bits);
        let lo = bucket.partition_point(|&v| v & fp < want);
        let hi = lo + bucket[lo..].partition_point(|&v| v & fp == want);
        &bucket[lo..hi]
    }

    /// Positions of words starting the trigram `keys`, ascending (candidates: hash collisions
    /// are rare but possible: callers that need certainty verify with
    /// [`WordIndex::trigram_start`]).
    pub fn candidates(&self, keys: &[u32]) -> impl Iterator<Item = usize> + '_ {
        let run = if self.postings.is_empty() || keys.len() != 3 {
            &[][..]
        } else {
            let (b, want) = self.slot(keys);
            self.run(b, want)
        };
        self.positions(run)
    }

    /// The word positions of a run of postings.
    pub fn positions<'a>(&self, run: &'a [u32]) -> impl Iterator<Item = usize> + 'a {
        let fp = fingerprint_mask(self.pos_bits);
        run.iter().map(move |&v| (v & !fp) as usize)
    }

    /// The postings runs of every trigram of `keys` (`keys.len() - 2` of them; trigram `i`
    /// starts at key `i`), each run's length being the trigram's candidate count.
    pub fn runs(&self, keys: &[u32]) -> Vec<&[u32]> {
        let all: Vec<usize> = (0..keys.len().saturating_sub(2)).collect();
        self.runs_of(keys, &all)
    }

    /// The postings runs of the trigrams of `keys` starting at the keys `starts` (each at most
    /// `keys.len() - 3`), in that order.
    ///
    /// The lookups go out together: the bucket bounds of every trigram are prefetched before
    /// any is read, then the runs' middle postings, so a quote pays about two memory latencies
    /// for all its trigrams rather than two per trigram.
    pub fn runs_of(&self, keys: &[u32], starts: &[usize]) -> Vec<&[u32]> {
        if self.postings.is_empty() {
            return vec![&[]; starts.len()];
        }
        let slots: Vec<(usize, u32)> = starts.iter().map(|&i| self.slot(&keys[i..i + 3])).collect();
        for &(b, _) in &slots {
            prefetch(&self.buckets[b]);
        }
        for &(b, _) in &slots {
            let (from, to) = (self.buckets[b] as usize, self.buckets[b + 1] as usize);
            if from < to {
                prefetch(&self.postings[(from + to) / 2]);
            }
        }
        slots.iter().map(|&(b, want)| self.run(b, want)).collect()
    }

    /// Ask the memory system for the words at `positions` (their mark and the text after it,
    /// through the `words` words from each position), ahead of [`WordIndex::trigram_start`] or
    /// [`WordIndex::words_from`] reading them.
    pub fn prefetch_words(&self, text: &str, positions: &[usize], words: usize) {
        for &p in positions {
            if let Some(m) = self.marks.get(p / MARK) {
                prefetch(m);
            }
        }
        // The text from the mark: the words skipped to reach the position, then `words`, at
        // about 6.5 bytes a word (a guess is enough: a short read costs a later miss, not a
        // wrong answer).
        let bytes = (MARK + words) * 7;
        for &p in positions {
            if let Some(&m) = self.marks.get(p / MARK) {
                let from = (m as usize).min(text.len());
                let to = (from + bytes).min(text.len());
                for line in (from..to).step_by(64) {
                    prefetch(&text.as_bytes()[line]);
                }
            }
        }
    }

    /// The words from word number `pos` on, read again from `text` (the indexed text); byte
    /// offsets are offsets into `text`.
    pub fn words_from<'t>(&self, text: &'t str, pos: usize) -> impl Iterator<Item = Word> + 't {
        let (at, skip) = match self.marks.get(pos / MARK) {
            Some(&m) if pos < self.words => (m as usize, pos % MARK),
            _ => (text.len(), 0),
        };
        // A mark inside a run of a dictionary script (Thai ...) is read from the run's start,
        // where the build read it, so the run is cut into the same words.
        let from = run_start(text, at);
        words(&text[from..])
            .skip_while(move |w| w.start + from < at)
            .skip(skip)
            .map(move |w| Word {
                start: w.start + from,
                end: w.end + from,
                key: w.key,
            })
    }

    /// The start byte of word `pos` when the three words there have `keys`.
    pub fn trigram_start(&self, text: &str, pos: usize, keys: &[u32]) -> Option<usize> {
        if pos + 3 > self.len() || keys.len() != 3 {
            return None;
        }
        let mut it = self.words_from(text, pos);
        let first = it.next()?;
        (first.key == keys[0] && it.take(2).map(|w| w.key).eq(keys[1..].iter().copied()))
            .then_some(first.start)
    }

    /// Approximate heap bytes held.
    pub fn heap_bytes(&self) -> usize {
        4 * (self.marks.len() + self.buckets.len() + self.postings.len())
    }
}

/// Keeping an index between runs (the cache): its tables as they are, read back only when they
/// are consistent with each other and with the text, so a damaged copy is rebuilt, not used.
impl super::bytes::Encode for WordIndex {
    fn pieces(&self) -> super::bytes::Pieces<'_> {
        let mut p = super::bytes::Pieces::default();
        p.u64(self.words as u64);
        p.u64(self.mask);
        p.u64(u64::from(self.pos_bits));
        p.u32s(&self.marks[..]);
        p.u32s(&self.buckets[..]);
        p.u32s(&self.postings[..]);
        p
    }
}

impl WordIndex {
    /// The index stored (its [`Encode`](super::bytes::Encode) payload) for `text`, when its tables agree: as many
    /// buckets as the mask says, bounds ascending and ending at the postings' end, each bucket
    /// sorted, every posting a word number below the count, one mark per `MARK` (16) words, marks
    /// ascending at character boundaries of `text`.
    pub fn from_bytes(r: &mut super::bytes::Reader<'_>, text: &str) -> Option<WordIndex> {
        let words = r.usize()?;
        let mask = r.u64()?;
        let pos_bits = u32::try_from(r.u64()?).ok()?;
        let (marks, buckets, postings) = (r.u32s()?, r.u32s()?, r.u32s()?);
        let nb = usize::try_from(mask.checked_add(1)?).ok()?;
        let sound = nb.is_power_of_two()
            && (1..=32).contains(&pos_bits)
            && (pos_bits == 32 || (words as u64) < 1u64 << pos_bits)
            && buckets.len() == nb + 1
            && buckets.first() == Some(&0)
            && buckets.windows(2).all(|w| w[0] <= w[1])
            && buckets.last().map(|&b| b as usize) == Some(postings.len())
            && marks.len() == words.div_ceil(MARK)
            && marks.windows(2).all(|w| w[0] < w[1])
            && marks
                .iter()
                .all(|&m| (m as usize) < text.len() && text.is_char_boundary(m as usize));
        if !sound {
            return None;
        }
        let fp = fingerprint_mask(pos_bits);
        let postings_sound = buckets.windows(2).all(|b| {
            let run = &postings[b[0] as usize..b[1] as usize];
            run.windows(2).all(|w| w[0] <= w[1])
                && run.iter().all(|&v| ((v & !fp) as usize) < words)
        });
        postings_sound.then_some(WordIndex {
            words,
            marks,
            buckets,
            postings,
            mask,
            pos_bits,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parallel_build_equals_one_pass() {
        let vocab = [
            "alpha ", "beta ", "gamma, ", "delta ", "Épée ", "x ", "the ", "of ",
        ];
        let text = crate::text::random_text(&vocab, 3, 3 * PARALLEL_ABOVE);
        let big = WordIndex::build(&text);
        let all: Vec<Word> = words(&text).collect();
        assert_eq!(big.len(), all.len());
        for p in [0, 1, 15, 16, 17, all.len() / 3, all.len() - 1] {
            assert_eq!(big.words_from(&text, p).next(), Some(all[p]));
        }
        assert_eq!(big.words_from(&text, all.len()).next(), None);
        // Every trigram is listed under its key, in ascending position order.
        for i in [0, 1, all.len() / 2, all.len() - 3] {
            let keys: Vec<u32> = all[i..i + 3].iter().map(|w| w.key).collect();
            let c: Vec<usize> = big.candidates(&keys).collect();
            assert!(c.contains(&i));
            assert!(c.windows(2).all(|w| w[0] < w[1]));
            assert_eq!(big.trigram_start(&text, i, &keys), Some(all[i].start));
        }
        assert_eq!(big.postings.len(), all.len() - 2);
        assert!(big.pos_bits < 32, "room for a fingerprint");
    }

    #[test]
    fn words_read_again_inside_unspaced_runs_are_the_words_indexed() {
        // Marks (every 16th word) fall inside long Thai runs, whose cut depends on the whole
        // run, and inside Chinese runs: reading again from any word gives the indexed words.
        let vocab = [
            "ทุกสองสัปดาห์ประชาชนไปตลาด ",
            "我们今天去北京看朋友",
            "MEK的成员 ",
            "alpha, ",
            "Straße ",
        ];
        let text = crate::text::random_text(&vocab, 7, 4000);
        let idx = WordIndex::build(&text);
        let all: Vec<Word> = words(&text).collect();
        assert_eq!(idx.len(), all.len());
        for p in 0..all.len() {
            let again: Vec<Word> = idx.words_from(&text, p).take(3).collect();
            assert_eq!(again, all[p..(p + 3).min(all.len())], "word {p}");
        }
    }

    #[test]
    fn an_index_read_back_is_the_index_built_and_a_damaged_one_is_refused() {
        use crate::text::bytes::{Encode, Reader};
        let vocab = ["alpha ", "beta ", "gamma, ", "Épée ", "x ", "the "];
        let text = crate::text::random_text(&vocab, 5, 3 * PARALLEL_ABOVE);
        let built = WordIndex::build(&text);
        let stored = built.pieces().concat();
        let back = WordIndex::from_bytes(&mut Reader(&stored), &text).unwrap();
        assert_eq!(
            (
                back.words,
                &back.marks,
                &back.buckets,
                &back.postings,
                back.mask,
                back.pos_bits
            ),
            (
                built.words,
                &built.marks,
                &built.buckets,
                &built.postings,
                built.mask,
                built.pos_bits
            )
        );
        // Cut short, or read against a shorter text its marks do not fit: refused.
        assert!(WordIndex::from_bytes(&mut Reader(&stored[..stored.len() - 4]), &text).is_none());
        assert!(WordIndex::from_bytes(&mut Reader(&stored), &text[..text.len() / 2]).is_none());
        // A posting naming a word past the end: refused.
        let mut bad = WordIndex::from_bytes(&mut Reader(&stored), &text).unwrap();
        let last = bad.postings.len() - 1;
        bad.postings[last] |= (1 << bad.pos_bits) - 1;
        assert!(WordIndex::from_bytes(&mut Reader(&bad.pieces().concat()), &text).is_none());
    }

    proptest::proptest! {
        /// A damaged index (any byte changed, or cut anywhere) is refused, or reads as one
        /// whose lookups and re-reads never panic and never name a word past the end.
        #[test]
        fn a_damaged_index_is_refused_or_safe_to_use(
            seed in 0u64..1000,
            at in proptest::prelude::any::<proptest::sample::Index>(),
            flip in 1u8..=255,
            cut in proptest::prelude::any::<bool>(),
        ) {
            use crate::text::bytes::{damage, Encode, Reader};
            let vocab = ["alpha ", "beta ", "gamma, ", "Épée ", "x ", "我们今天 "];
            let text = crate::text::random_text(&vocab, seed, 600);
            let bytes = damage(WordIndex::build(&text).pieces().concat(), at, flip, cut);
            if let Some(idx) = WordIndex::from_bytes(&mut Reader(&bytes), &text) {
                let all: Vec<Word> = words(&text).collect();
                for p in 0..all.len().saturating_sub(2) {
                    let keys = [all[p].key, all[p + 1].key, all[p + 2].key];
                    for c in idx.candidates(&keys) {
                        proptest::prop_assert!(c < idx.len());
                        let _ = idx.trigram_start(&text, c, &keys);
                    }
                    let _ = idx.runs(&keys);
                }
                for p in 0..=idx.len() {
                    for w in idx.words_from(&text, p).take(3) {
                        proptest::prop_assert!(w.end <= text.len());
                    }
                }
            }
        }
    }
}
