//! A word-trigram index of a normalized text, built once per source in linear time.
//!
//! Every quote of three or more words is located through it: exact and normalized occurrences
//! by looking up the quote's rarest inner trigram and comparing bytes at each hit, approximate
//! ones by letting the quote's trigrams vote for alignment diagonals (with `e` word edits, at
//! most `3e` of a quote's trigrams are destroyed, so a lightly edited quote keeps most votes).
//! The postings are one flat array in bucket order (CSR), so the index costs about 12 bytes per
//! word (≈ 2x the text) whatever the vocabulary.

use crate::text::words::{ngram_key, words};

/// Index over the words of one normalized text.
#[derive(Debug, Default)]
pub struct WordIndex {
    /// Start byte of each word in the normalized text.
    pub starts: Vec<u32>,
    /// End byte (exclusive) of each word.
    pub ends: Vec<u32>,
    /// Case-insensitive key of each word.
    pub keys: Vec<u32>,
    buckets: Vec<u32>,
    postings: Vec<u32>,
    mask: u64,
}

impl WordIndex {
    /// Index `text` (normalized). Offsets are stored as u32: sources are limited to 4 GiB.
    pub fn build(text: &str) -> WordIndex {
        let mut starts = Vec::with_capacity(text.len() / 6);
        let mut ends = Vec::with_capacity(text.len() / 6);
        let mut keys = Vec::with_capacity(text.len() / 6);
        for w in words(text) {
            starts.push(w.start as u32);
            ends.push(w.end as u32);
            keys.push(w.key);
        }
        let n = keys.len();
        if n < 3 {
            return WordIndex {
                starts,
                ends,
                keys,
                ..Default::default()
            };
        }
        let nb = (n / 2).next_power_of_two().max(1024);
        let mask = (nb - 1) as u64;
        let mut buckets = vec![0u32; nb + 1];
        for i in 0..n - 2 {
            let b = (ngram_key(&keys[i..i + 3]) & mask) as usize;
            buckets[b + 1] += 1;
        }
        for b in 0..nb {
            buckets[b + 1] += buckets[b];
        }
        let mut fill: Vec<u32> = buckets[..nb].to_vec();
        let mut postings = vec![0u32; n - 2];
        for i in 0..n - 2 {
            let b = (ngram_key(&keys[i..i + 3]) & mask) as usize;
            postings[fill[b] as usize] = i as u32;
            fill[b] += 1;
        }
        WordIndex {
            starts,
            ends,
            keys,
            buckets,
            postings,
            mask,
        }
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// True when the text has no words.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Positions of words starting the trigram `keys` (a candidate list: hash collisions are
    /// possible, callers verify with [`WordIndex::trigram_at`]).
    pub fn candidates(&self, keys: &[u32]) -> &[u32] {
        if self.postings.is_empty() || keys.len() != 3 {
            return &[];
        }
        let b = (ngram_key(keys) & self.mask) as usize;
        &self.postings[self.buckets[b] as usize..self.buckets[b + 1] as usize]
    }

    /// True when the three words at `pos` have `keys`.
    pub fn trigram_at(&self, pos: usize, keys: &[u32]) -> bool {
        self.keys.get(pos..pos + 3) == Some(keys)
    }

    /// Approximate heap bytes held.
    pub fn heap_bytes(&self) -> usize {
        4 * (self.starts.len()
            + self.ends.len()
            + self.keys.len()
            + self.buckets.len()
            + self.postings.len())
    }
}
