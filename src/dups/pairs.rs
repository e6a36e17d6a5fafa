//! Pairs of sources: the comparisons of a search split by the two sources they pair, and
//! their results kept in the cache per pair, so a search after some sources changed compares
//! again only the passages of pairs whose seeds changed (issue 16's incremental duplicates).
//!
//! Seeds (the exact shared runs, see `seeds`) are found afresh over every source: they are
//! what a pair's result is keyed on. Everything after them — chaining seeds into near-duplicate
//! candidates, stretching those through edits at their ends, measuring them with a word diff,
//! judging them against periodic stretches — depends on nothing but the pair's own seeds,
//! the two sources' words and the two sources' periodic stretches:
//! - a chain never crosses a barrier, and open chains are kept per pair
//!   ([`chain`](super::chains::chain)), so a pair's chains are those its own seeds give;
//! - an extension stops at a barrier, and a passage is trivial or not by its own source's
//!   words (`chains::trivial`);
//! - a stretch lies in one source, and a chain is judged against the stretches holding its
//!   two sides (`periodic::Stretches::judge`).
//!
//! So a pair whose seeds (in the pair's own coordinates: word positions from each source's
//! start), texts and stretches are those of an earlier search gives what it gave then: its
//! pairs of passages and its links between stretches, read back and moved to this corpus's
//! positions. A source inserted, removed or grown before them moves both sources, never the
//! pair's own coordinates. The results are then ordered as one sweep over every seed would
//! find them: by their chain's first seed (earlier copy, then later), which is the order in
//! which a sweep starts its chains, so clusters are grouped exactly as in a search without the
//! cache (`tests/cache.rs`, and the tests below, compare the two byte for byte).
//!
//! What is still done for every source: reading the words (`corpus`), gathering fingerprints
//! and pairing equal ones, extending the pairs into seeds, and the periodic stretches (a
//! passage pasted back to back: chained and cut into units again, within its source). A pair
//! with fewer than [`MIN_CACHED_SEEDS`] seeds is chained again too: cheaper than a file.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use super::chains::Edge;
use super::periodic::Stretches;
use super::runs::SortedSeeds;
use crate::cache::{Cache, Pieces, Reader};
use crate::source::Source;

/// The cache folder's kind for per-pair results.
const KIND: &str = "dups-pairs";
/// Bump when what a pair gives, or how it is written, changes.
const VERSION: u32 = 1;
/// Pairs with fewer seeds are not cached: chaining them again costs less than a file.
pub(super) const MIN_CACHED_SEEDS: usize = 64;

/// A pair of sources by index: the source of the earlier copies, then of the later ones (the
/// same source twice for passages repeated within one).
pub(super) type Pair = (u32, u32);

/// What the chains of some pairs gave: pairs of passages and links between stretches (global
/// word ranges), each with its chain's key, [`chain_key`].
#[derive(Default)]
pub(super) struct Judged {
    pub(super) found: Vec<(u64, Edge)>,
    pub(super) links: Vec<(u64, Edge)>,
}

impl Judged {
    /// Sorted by chain key, in one sweep's order (see [`chain_key`]); a chain's own pairs of
    /// passages keep their order.
    pub(super) fn sort(&mut self) {
        self.found.sort_by_key(|(key, _)| *key);
        self.links.sort_by_key(|(key, _)| *key);
    }

    /// Everything `other` holds, added.
    pub(super) fn append(&mut self, other: Judged) {
        self.found.extend(other.found);
        self.links.extend(other.links);
    }
}

/// The key that orders a chain among all: where its first seed's copies start (earlier, then
/// later), the order in which one sweep over every seed, sorted so, starts its chains.
pub(super) fn chain_key(a: usize, b: usize) -> u64 {
    ((a as u64) << 32) | b as u64
}

/// The source holding global word `p`, by the corpus's `base` (each source's first word, and
/// the end).
pub(super) fn source_of(base: &[usize], p: usize) -> u32 {
    (base.partition_point(|&b| b <= p) - 1) as u32
}

/// Which pairs of sources are read from the cache, and the keys the others are stored under.
pub(super) struct Plan<'a> {
    cache: Option<&'a Cache>,
    base: &'a [usize],
    /// Pairs with seeds enough to be cached, by their key; those found in the cache are in
    /// `reused` too.
    keys: HashMap<Pair, (String, usize)>,
    /// Pairs whose result was read from the cache.
    reused: HashSet<Pair>,
    /// What they gave (global positions).
    pub(super) judged: Judged,
}

impl<'a> Plan<'a> {
    /// Every pair compared afresh: no cache.
    pub(super) fn uncached(base: &'a [usize]) -> Plan<'a> {
        Plan {
            cache: None,
            base,
            keys: HashMap::new(),
            reused: HashSet::new(),
            judged: Judged::default(),
        }
    }

    /// The pairs of `seeds` whose result `cache` holds (keyed on `head`, the search's
    /// settings, the two sources' texts, their stretches and the pair's seeds), read.
    pub(super) fn new(
        cache: &'a Cache,
        sources: &[Source],
        base: &'a [usize],
        seeds: &SortedSeeds,
        stretches: &Stretches,
        head: &str,
    ) -> Plan<'a> {
        let stretch_digests: Vec<[u8; 32]> = base
            .par_windows(2)
            .map(|w| stretches.digest(w[0]..w[1]))
            .collect();
        // Per source of earlier copies, in parallel: every pair's seeds digested in order.
        let digests: Vec<Vec<(Pair, usize, [u8; 32])>> = base
            .par_windows(2)
            .enumerate()
            .map(|(a, w)| {
                let mut by_later: HashMap<u32, (usize, Sha256)> = HashMap::new();
                for s in seeds.iter_in(w[0]..w[1]) {
                    let b = source_of(base, s.b());
                    let (n, h) = by_later.entry(b).or_default();
                    *n += 1;
                    let local = [
                        (s.a() - w[0]) as u32,
                        (s.b() - base[b as usize]) as u32,
                        s.len() as u32,
                    ];
                    h.update(bytemuck::cast_slice::<u32, u8>(&local));
                }
                by_later
                    .into_iter()
                    .filter(|(_, (n, _))| *n >= MIN_CACHED_SEEDS)
                    .map(|(b, (n, h))| ((a as u32, b), n, h.finalize().into()))
                    .collect()
            })
            .collect();
        let keys: HashMap<Pair, (String, usize)> = digests
            .into_iter()
            .flatten()
            .map(|((a, b), n, digest)| {
                let mut h = Sha256::new();
                let (sa, sb) = (&sources[a as usize], &sources[b as usize]);
                let same = if a == b { "within" } else { "across" };
                h.update(
                    format!(
                        "{VERSION} {head} {same} {} {} {n}\n",
                        sa.text_key, sb.text_key
                    )
                    .as_bytes(),
                );
                h.update(digest);
                h.update(stretch_digests[a as usize]);
                h.update(stretch_digests[b as usize]);
                ((a, b), (crate::fs::hex(&h.finalize()), n))
            })
            .collect();
        let mut sorted: Vec<(&Pair, &(String, usize))> = keys.iter().collect();
        sorted.sort_unstable();
        let read: Vec<(Pair, Judged)> = sorted
            .into_par_iter()
            .filter_map(|(&pair, (key, n))| {
                let payload = cache.get(KIND, key, crate::cache::bound(2 * n, 24))?;
                Some((pair, decode(&payload, base, pair)?))
            })
            .collect();
        let mut plan = Plan {
            cache: Some(cache),
            base,
            keys,
            reused: HashSet::new(),
            judged: Judged::default(),
        };
        for (pair, judged) in read {
            plan.reused.insert(pair);
            plan.judged.append(judged);
        }
        plan
    }

    /// True when the pair is compared in this search (its result was not read).
    pub(super) fn fresh(&self, pair: Pair) -> bool {
        !self.reused.contains(&pair)
    }

    /// Of the pairs with seeds enough to be cached: those read from the cache, and those
    /// compared in this search, each sorted.
    pub(super) fn uses(&self) -> (Vec<Pair>, Vec<Pair>) {
        let (mut reused, mut compared): (Vec<Pair>, Vec<Pair>) =
            self.keys.keys().partition(|p| self.reused.contains(p));
        reused.sort_unstable();
        compared.sort_unstable();
        (reused, compared)
    }

    /// What the pairs read from the cache gave.
    pub(super) fn into_judged(self) -> Judged {
        self.judged
    }

    /// Store what the pairs compared in this search gave (`fresh`, global positions), for the
    /// pairs with a key.
    pub(super) fn store(&self, fresh: &Judged) {
        let Some(cache) = self.cache else {
            return;
        };
        let mut by_pair: HashMap<Pair, (Vec<u32>, Vec<u32>)> = self
            .keys
            .keys()
            .filter(|p| !self.reused.contains(p))
            .map(|&p| (p, Default::default()))
            .collect();
        let mut put = |list: &[(u64, Edge)], found: bool| {
            for (key, e) in list {
                let (ka, kb) = ((key >> 32) as usize, *key as u32 as usize);
                let pair = (source_of(self.base, ka), source_of(self.base, kb));
                let Some(lists) = by_pair.get_mut(&pair) else {
                    continue;
                };
                let (ba, bb) = (self.base[pair.0 as usize], self.base[pair.1 as usize]);
                let to = if found { &mut lists.0 } else { &mut lists.1 };
                to.extend(
                    [ka - ba, kb - bb]
                        .into_iter()
                        .chain([e.a.0 as usize - ba, e.a.1 as usize - ba])
                        .chain([e.b.0 as usize - bb, e.b.1 as usize - bb])
                        .map(|x| x as u32),
                );
            }
        };
        put(&fresh.found, true);
        put(&fresh.links, false);
        let mut pending: Vec<_> = by_pair.into_iter().collect();
        pending.sort_unstable_by_key(|(p, _)| *p);
        pending.into_par_iter().for_each(|(pair, (found, links))| {
            let mut p = Pieces::default();
            p.u32s(found);
            p.u32s(links);
            cache.put_parts(KIND, &self.keys[&pair].0, &p.slices());
        });
    }
}

/// A pair's entry read back as global positions, or `None` when anything in it lies outside
/// the two sources (then the pair is compared afresh).
fn decode(payload: &[u8], base: &[usize], (a, b): Pair) -> Option<Judged> {
    let (ba, bb) = (base[a as usize], base[b as usize]);
    let len = |s: u32| base[s as usize + 1] - base[s as usize] - 1;
    let (la, lb) = (len(a), len(b));
    let mut r = Reader(payload);
    let mut list = || -> Option<Vec<(u64, Edge)>> {
        let raw = r.u32s()?;
        if raw.len() % 6 != 0 {
            return None;
        }
        raw.chunks_exact(6)
            .map(|x| {
                let [ka, kb, a0, a1, b0, b1] =
                    [x[0], x[1], x[2], x[3], x[4], x[5]].map(|v| v as usize);
                let sound = ka < la && kb < lb && a0 <= a1 && a1 <= la && b0 <= b1 && b1 <= lb;
                sound.then(|| {
                    (
                        chain_key(ba + ka, bb + kb),
                        Edge::new((ba + a0, ba + a1), (bb + b0, bb + b1)),
                    )
                })
            })
            .collect()
    };
    let found = list()?;
    let links = list()?;
    r.is_done().then_some(Judged { found, links })
}

#[cfg(test)]
mod tests {
    use super::super::{search, search_counted, DupOptions, Duplicates};
    use super::*;
    use crate::cache::Secret;
    use crate::model::Cluster;

    /// A deterministic stream of words from a vocabulary of 400.
    struct Words(u64);

    impl Words {
        fn next(&mut self) -> String {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            format!("w{}", self.0 % 400)
        }
        fn text(&mut self, n: usize) -> Vec<String> {
            (0..n).map(|_| self.next()).collect()
        }
    }

    /// `words` with every `every`-th word replaced (an edited copy: one seed per stretch
    /// between edits, all chained into one passage).
    fn edited(words: &[String], every: usize, tag: &str) -> Vec<String> {
        let mut out = words.to_vec();
        for (i, w) in out.iter_mut().enumerate() {
            if i % every == every - 1 {
                *w = format!("{tag}{i}");
            }
        }
        out
    }

    /// Sources sharing edited copies of each other's passages (so many pairs have seeds
    /// enough to be cached), repeating passages within themselves, and one holding a passage
    /// pasted back to back (a periodic stretch).
    fn corpus() -> Vec<(String, Vec<String>)> {
        let mut w = Words(0x9e37_79b9_7f4a_7c15);
        let shared: Vec<Vec<String>> = (0..4).map(|_| w.text(900)).collect();
        let mut out = Vec::new();
        for s in 0..5 {
            let mut text = w.text(300);
            for (i, block) in shared.iter().enumerate() {
                if (s + i) % 3 != 0 {
                    text.extend(edited(block, 7 + s + i, &format!("e{s}x")));
                    text.extend(w.text(50));
                }
            }
            if s == 2 {
                let unit = w.text(30);
                for _ in 0..6 {
                    text.extend(unit.iter().cloned());
                }
                let again = text[310..1300].to_vec();
                text.extend(w.text(40));
                text.extend(edited(&again, 11, "r"));
            }
            text.extend(w.text(200));
            out.push((format!("s{s}.txt"), text));
        }
        out
    }

    fn sources(texts: &[(String, Vec<String>)]) -> Vec<Source> {
        texts
            .iter()
            .map(|(id, words)| {
                let body: Vec<String> = words
                    .chunks(12)
                    .map(|c| format!("{}.", c.join(" ")))
                    .collect();
                Source::from_text(id, body.join("\n"))
            })
            .collect()
    }

    fn clusters(sources: &[Source], d: Duplicates) -> Vec<Cluster> {
        d.into_clusters(sources, usize::MAX)
    }

    /// Pairs of sources by their names.
    type Named = Vec<(String, String)>;

    /// The names of the sources of each pair.
    fn named(sources: &[Source], pairs: &[Pair]) -> Named {
        pairs
            .iter()
            .map(|&(a, b)| {
                let n = |i: u32| sources[i as usize].path.clone();
                (n(a), n(b))
            })
            .collect()
    }

    /// One search with the cache, checked against a search without it; returns the pairs
    /// read from the cache and those compared, by name.
    fn searched(
        cache: &Cache,
        texts: &[(String, Vec<String>)],
        opts: &DupOptions,
    ) -> (Named, Named) {
        let s = sources(texts);
        let (found, reused, compared) = search_counted(&s, opts, Some(cache));
        let found = clusters(&s, found);
        assert!(found.len() > 5, "{}", found.len());
        assert_eq!(found, clusters(&s, search(&s, opts)));
        (named(&s, &reused), named(&s, &compared))
    }

    fn involves(pairs: &[(String, String)], name: &str) -> bool {
        pairs.iter().all(|(a, b)| a == name || b == name)
    }

    #[test]
    fn only_pairs_involving_a_changed_source_are_compared_and_the_result_is_the_uncached_one() {
        for min_words in [8, 2] {
            let dir = tempfile::tempdir().unwrap();
            let cache = Cache::with_secret(dir.path(), Some(Secret::from_text("pairs")));
            let opts = DupOptions {
                min_words,
                ..DupOptions::default()
            };
            let mut texts = corpus();
            let (reused, all) = searched(&cache, &texts, &opts);
            assert!(reused.is_empty());
            assert!(all.len() >= 8, "{all:?}");
            assert!(all.iter().any(|(a, b)| a == b), "a pair within one source");
            let (reused, compared) = searched(&cache, &texts, &opts);
            assert_eq!((reused, compared), (all.clone(), vec![]), "nothing changed");

            // A source in the middle changes (words replaced in a shared passage, words
            // added): only its pairs are compared.
            texts[2].1[900] = "changed".into();
            texts[2].1.extend(["more".to_string(), "words".to_string()]);
            let (reused, compared) = searched(&cache, &texts, &opts);
            assert!(
                !compared.is_empty() && involves(&compared, "sources/s2.txt"),
                "{compared:?}"
            );
            let untouched = all
                .iter()
                .filter(|(a, b)| a != "sources/s2.txt" && b != "sources/s2.txt");
            assert_eq!(reused, untouched.cloned().collect::<Vec<_>>());

            // A source inserted before every other moves every word of the corpus: the
            // pairs' own positions do not move.
            let first = (String::from("a0.txt"), texts[3].1[100..1500].to_vec());
            texts.insert(0, first);
            let (reused, compared) = searched(&cache, &texts, &opts);
            assert!(
                !compared.is_empty() && involves(&compared, "sources/a0.txt"),
                "{compared:?}"
            );
            assert!(reused.len() >= all.len() - 4, "{reused:?}");

            // One removed, then the first grown at its start (its positions all move).
            texts.remove(2);
            let (_, compared) = searched(&cache, &texts, &opts);
            assert_eq!(compared, vec![], "every pair left was seen");
            texts[1].1.insert(0, "new".into());
            let (reused, compared) = searched(&cache, &texts, &opts);
            assert!(
                !compared.is_empty() && involves(&compared, "sources/s0.txt"),
                "{compared:?}"
            );
            assert!(!reused.is_empty());
        }
    }

    #[test]
    fn a_damaged_or_out_of_range_entry_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::with_secret(dir.path(), Some(Secret::from_text("pairs")));
        let opts = DupOptions::default();
        let texts = corpus();
        let (_, all) = searched(&cache, &texts, &opts);
        let folder = dir.path().join(crate::cache::CACHE_DIR).join(KIND);
        let mut files: Vec<_> = std::fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        assert_eq!(files.len(), all.len());
        // Damaged: a flipped byte fails the signature.
        for f in &files {
            let mut b = std::fs::read(f).unwrap();
            *b.last_mut().unwrap() ^= 1;
            std::fs::write(f, b).unwrap();
        }
        let (reused, compared) = searched(&cache, &texts, &opts);
        assert_eq!((reused, compared.len()), (vec![], all.len()));
        // Signed, but naming words past the end of a source (as a payload of another
        // project's pair could): read, refused, compared again.
        let key = |f: &std::path::PathBuf| f.file_stem().unwrap().to_str().unwrap().to_string();
        for f in &files {
            let mut p = Pieces::default();
            p.u32s(vec![0, 1, 0, 5, 1_000_000, 1_000_008]);
            p.u32s(Vec::new());
            cache.put(KIND, &key(f), &p.concat());
        }
        let (reused, compared) = searched(&cache, &texts, &opts);
        assert_eq!((reused, compared.len()), (vec![], all.len()));
        // Sound entries again (the search above stored them): all reused.
        let (reused, _) = searched(&cache, &texts, &opts);
        assert_eq!(reused, all);
    }

    #[test]
    fn entries_keep_positions_local_to_their_sources() {
        let base = [0usize, 11, 32, 40];
        let mut p = Pieces::default();
        p.u32s(vec![2, 3, 2, 9, 3, 6]);
        p.u32s(vec![0, 0, 0, 4, 0, 4]);
        let read = decode(&p.concat(), &base, (1, 2)).unwrap();
        let e = &read.found[0].1;
        assert_eq!(read.found[0].0, chain_key(13, 35));
        assert_eq!((e.a, e.b), ((13, 20), (35, 38)));
        assert_eq!(read.links.len(), 1);
        // Source 2 has 7 words: an edge to word 8 is refused, as is a ragged list.
        let mut p = Pieces::default();
        p.u32s(vec![0, 0, 0, 1, 0, 8]);
        p.u32s(Vec::new());
        assert!(decode(&p.concat(), &base, (1, 2)).is_none());
        let mut p = Pieces::default();
        p.u32s(vec![0, 0, 0]);
        p.u32s(Vec::new());
        assert!(decode(&p.concat(), &base, (1, 2)).is_none());
    }
}
