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
//! pair's own coordinates. A source's stretches are found from its seeds with itself, so its
//! pair with itself is keyed on those seeds alone and its entry holds its stretches too (see
//! `within`): an unchanged source is not cut into units again either. The results are then
//! ordered as one sweep over every seed would find them: by their chain's first seed (earlier
//! copy, then later), which is the order in which a sweep starts its chains, so clusters are
//! grouped exactly as in a search without the cache (`tests/cache.rs` compares the reports
//! byte for byte, the tests below the clusters).
//!
//! What is still done for every source: reading its words (`corpus`), gathering fingerprints
//! and pairing equal ones, extending the pairs into seeds (the exact shared runs the keys are
//! made of), digesting each source's stretches, grouping the pairs of passages into clusters
//! and measuring each cluster's copies against its first; a source whose pair with itself is
//! not cached (too few seeds, or changed) has its stretches found again. A pair's seeds can change without either source changing: a phrase
//! shared by more than 32 places pairs only neighbours (see `seeds`), so a new copy of it
//! elsewhere can change which places of two unchanged sources are paired; such a pair is
//! compared again (its key changed), never read stale. A pair with fewer than
//! [`MIN_CACHED_SEEDS`] seeds is compared again too: cheaper than a file.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use super::chains::Edge;
use super::corpus::source_of;
use super::runs::SortedSeeds;
use super::within::SourceStretches;
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

/// A pair's seeds, digested: how many, and one SHA-256 over every seed's (earlier copy, later
/// copy, length) in the pair's own positions, in order.
type SeedDigest = (usize, [u8; 32]);

/// The seeds of every pair with [`MIN_CACHED_SEEDS`] or more digested (see [`SeedDigest`]),
/// the sources of earlier copies in parallel. Seeds are counted first, so a pair too small to
/// be cached holds a count, not a hash's state (a corpus of many small sources has many).
fn digests(base: &[usize], seeds: &SortedSeeds) -> HashMap<Pair, SeedDigest> {
    let per_source: Vec<Vec<(Pair, SeedDigest)>> = base
        .par_windows(2)
        .enumerate()
        .map(|(a, w)| {
            let mut counts: HashMap<u32, usize> = HashMap::new();
            for s in seeds.iter_in(w[0]..w[1]) {
                *counts.entry(source_of(base, s.b())).or_default() += 1;
            }
            let mut hashes: HashMap<u32, Sha256> = counts
                .iter()
                .filter(|(_, &n)| n >= MIN_CACHED_SEEDS)
                .map(|(&b, _)| (b, Sha256::new()))
                .collect();
            if hashes.is_empty() {
                return Vec::new();
            }
            for s in seeds.iter_in(w[0]..w[1]) {
                let b = source_of(base, s.b());
                if let Some(h) = hashes.get_mut(&b) {
                    let local = [
                        (s.a() - w[0]) as u32,
                        (s.b() - base[b as usize]) as u32,
                        s.len() as u32,
                    ];
                    h.update(bytemuck::cast_slice::<u32, u8>(&local));
                }
            }
            hashes
                .into_iter()
                .map(|(b, h)| ((a as u32, b), (counts[&b], h.finalize().into())))
                .collect()
        })
        .collect();
    per_source.into_iter().flatten().collect()
}

/// Which pairs of sources are read from the cache, and the keys the others are stored under.
///
/// A source's pair with itself is keyed on its text and its seeds, and its entry holds its
/// periodic stretches too (see `within`); a pair of two sources on both texts, its seeds, and
/// the stretches of both (which decide how a chain with a side in them is judged). So the
/// pairs within one source are read first ([`Plan::new`]), the stretches of the others found,
/// then the pairs across sources read ([`Plan::read_across`]).
pub(super) struct Plan<'a> {
    cache: Option<&'a Cache>,
    /// The search's settings (see `settings_head`), part of every key.
    head: String,
    base: &'a [usize],
    /// The seeds of every pair with enough of them, digested.
    digests: HashMap<Pair, SeedDigest>,
    /// Pairs with seeds enough to be cached, by their key, with how many seeds they have;
    /// those found in the cache are in `reused` too.
    keys: HashMap<Pair, (String, usize)>,
    /// Pairs whose result was read from the cache.
    reused: HashSet<Pair>,
    /// What they gave (global positions).
    judged: Judged,
    /// Per source, its stretches when its pair with itself was read from the cache.
    within: Vec<Option<SourceStretches>>,
}

impl<'a> Plan<'a> {
    /// Every pair compared afresh: no cache.
    pub(super) fn uncached(base: &'a [usize]) -> Plan<'a> {
        Plan {
            cache: None,
            head: String::new(),
            base,
            digests: HashMap::new(),
            keys: HashMap::new(),
            reused: HashSet::new(),
            judged: Judged::default(),
            within: (1..base.len()).map(|_| None).collect(),
        }
    }

    /// The pairs of each source with itself whose result `cache` holds (keyed on `head`, the
    /// search's settings, the source's text and seeds), read.
    pub(super) fn new(
        cache: &'a Cache,
        sources: &[Source],
        base: &'a [usize],
        seeds: &SortedSeeds,
        head: &str,
    ) -> Plan<'a> {
        let mut plan = Plan {
            cache: Some(cache),
            head: head.to_string(),
            digests: digests(base, seeds),
            ..Plan::uncached(base)
        };
        let keys = plan.keyed(|(a, b), n, digest| {
            (a == b).then(|| {
                let mut h = Sha256::new();
                let text = &sources[a as usize].text_key;
                h.update(format!("{VERSION} {head} within {text} {n}\n").as_bytes());
                h.update(digest);
                h
            })
        });
        plan.read(keys);
        plan
    }

    /// The pairs of two sources whose result the cache holds (keyed on the search's settings,
    /// both texts, the pair's seeds, and each source's stretches by `stretches`, a digest per
    /// source), read.
    pub(super) fn read_across(&mut self, sources: &[Source], stretches: &[[u8; 32]]) {
        if self.cache.is_none() {
            return;
        }
        let head = &self.head;
        let keys = self.keyed(|(a, b), n, digest| {
            (a != b).then(|| {
                let mut h = Sha256::new();
                let (ta, tb) = (&sources[a as usize].text_key, &sources[b as usize].text_key);
                h.update(format!("{VERSION} {head} across {ta} {tb} {n}\n").as_bytes());
                h.update(digest);
                h.update(stretches[a as usize]);
                h.update(stretches[b as usize]);
                h
            })
        });
        self.read(keys);
    }

    /// The keys `hash` gives the pairs with seeds enough to be cached (`None`: not now).
    fn keyed(
        &self,
        hash: impl Fn(Pair, usize, [u8; 32]) -> Option<Sha256> + Sync,
    ) -> Vec<(Pair, String, usize)> {
        let mut keys: Vec<(Pair, String, usize)> = self
            .digests
            .iter()
            .filter_map(|(&pair, &(n, digest))| {
                let h = hash(pair, n, digest)?;
                Some((pair, crate::fs::hex(&h.finalize()), n))
            })
            .collect();
        keys.sort_unstable();
        keys
    }

    /// Every pair of `keys` noted, and read from the cache when its entry is sound.
    fn read(&mut self, keys: Vec<(Pair, String, usize)>) {
        let (Some(cache), base) = (self.cache, self.base) else {
            return;
        };
        let read: Vec<(Pair, Option<SourceStretches>, Judged)> = keys
            .par_iter()
            .filter_map(|(pair, key, n)| {
                let pair = *pair;
                let words = len(base, pair.0) * usize::from(pair.0 == pair.1);
                let bound = crate::cache::bound(2 * n + 2 * words, 24);
                let payload = cache.get(KIND, key, bound)?;
                let mut r = Reader(&payload);
                let own = match pair.0 == pair.1 {
                    true => Some(SourceStretches::decode(
                        &mut r,
                        base[pair.0 as usize],
                        words,
                    )?),
                    false => None,
                };
                let judged = decode(&mut r, base, pair)?;
                r.is_done().then_some((pair, own, judged))
            })
            .collect();
        self.keys
            .extend(keys.into_iter().map(|(pair, key, n)| (pair, (key, n))));
        for (pair, own, judged) in read {
            self.reused.insert(pair);
            self.judged.append(judged);
            if own.is_some() {
                self.within[pair.0 as usize] = own;
            }
        }
    }

    /// True when the pair is compared in this search (its result was not read).
    pub(super) fn fresh(&self, pair: Pair) -> bool {
        !self.reused.contains(&pair)
    }

    /// True when what the pair gives is stored once compared.
    pub(super) fn kept(&self, pair: Pair) -> bool {
        self.keys.contains_key(&pair) && self.fresh(pair)
    }

    /// True when results are read from and stored in a cache.
    pub(super) fn caching(&self) -> bool {
        self.cache.is_some()
    }

    /// Per source, its stretches when they were read from the cache (taken out).
    pub(super) fn take_within(&mut self) -> Vec<Option<SourceStretches>> {
        std::mem::take(&mut self.within)
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
    /// pairs with a key; `within` holds, per source whose pair with itself is stored, its
    /// stretches as [`SourceStretches::encode`] wrote them.
    pub(super) fn store(&self, fresh: &Judged, within: &HashMap<u32, Vec<u8>>) {
        let Some(cache) = self.cache else {
            return;
        };
        let mut by_pair: HashMap<Pair, (Vec<u32>, Vec<u32>)> = self
            .keys
            .keys()
            .filter(|&&p| self.kept(p))
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
            if pair.0 == pair.1 {
                let Some(own) = within.get(&pair.0) else {
                    return;
                };
                p.0.push(own.as_slice().into());
            }
            p.u32s(found);
            p.u32s(links);
            cache.put_parts(KIND, &self.keys[&pair].0, &p.slices());
        });
    }
}

/// How many words source `s` has.
fn len(base: &[usize], s: u32) -> usize {
    base[s as usize + 1] - base[s as usize] - 1
}

/// A pair's pairs of passages and links, read back as global positions, or `None` when
/// anything in them lies outside the two sources (then the pair is compared afresh).
fn decode(r: &mut Reader<'_>, base: &[usize], (a, b): Pair) -> Option<Judged> {
    let (ba, bb) = (base[a as usize], base[b as usize]);
    let (la, lb) = (len(base, a), len(base, b));
    let mut list = || -> Option<Vec<(u64, Edge)>> {
        let raw = r.u32s()?;
        if !raw.len().is_multiple_of(6) {
            return None;
        }
        raw.chunks_exact(6)
            .map(|x| {
                let [ka, kb, a0, a1, b0, b1] =
                    [x[0], x[1], x[2], x[3], x[4], x[5]].map(|v| v as usize);
                let sound = ka < la && kb < lb && a0 < a1 && a1 <= la && b0 < b1 && b1 <= lb;
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
    Some(Judged { found, links })
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
        let pasted = w.text(25);
        let mut out = Vec::new();
        for s in 0..5 {
            let mut text = w.text(300);
            if s == 1 || s == 3 {
                // One passage pasted back to back in two sources: two stretches, linked.
                for _ in 0..5 + s {
                    text.extend(pasted.iter().cloned());
                }
                text.extend(w.text(30));
            }
            for (i, block) in shared.iter().enumerate() {
                if (s + i) % 3 != 0 {
                    text.extend(edited(block, 7 + s + i, &format!("e{s}x")));
                    text.extend(w.text(50));
                }
            }
            if s == 3 {
                // A sentence recurring among other words: a stretch whose units are unlike.
                let sentence = w.text(10);
                for _ in 0..8 {
                    text.extend(sentence.iter().cloned());
                    text.extend(w.text(8));
                }
            }
            if s == 2 {
                let unit = w.text(30);
                for _ in 0..6 {
                    text.extend(unit.iter().cloned());
                }
            }
            if (1..=3).contains(&s) {
                // Repeated within the source, edited: its pair with itself is cached.
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
        let most = found.iter().map(|c| c.occurrences.len()).max();
        assert!(
            most >= Some(10),
            "the units of both stretches, one cluster: {most:?}"
        );
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
            // pairs' own positions do not move, and only the new source's pairs are compared.
            let first = (String::from("a0.txt"), texts[3].1[600..1500].to_vec());
            texts.insert(0, first);
            let (reused, compared) = searched(&cache, &texts, &opts);
            assert!(
                !compared.is_empty() && involves(&compared, "sources/a0.txt"),
                "{compared:?}"
            );
            assert!(reused.len() >= all.len() - 4, "{reused:?}");

            // A source pasting the stretch s1 and s3 hold: a phrase shared by more than 32
            // places pairs only neighbours, so the seeds of s1 and s3 may change, and their
            // pairs are then compared again; no other pair is.
            let stretch = (String::from("s1b.txt"), texts[4].1[300..520].to_vec());
            texts.insert(3, stretch);
            let (_, compared) = searched(&cache, &texts, &opts);
            let near = ["sources/s1b.txt", "sources/s1.txt", "sources/s3.txt"];
            assert!(
                compared
                    .iter()
                    .all(|(a, b)| near.contains(&a.as_str()) || near.contains(&b.as_str())),
                "{compared:?}"
            );
            assert!(compared.iter().any(|(a, b)| a == near[0] || b == near[0]));

            // One removed (s2, whose passages are shared by few places), then the first grown
            // at its start (its positions all move).
            assert_eq!(texts[4].0, "s2.txt");
            texts.remove(4);
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
        // Signed, but naming words past the end of a source (as an entry written by other
        // code under the same key could): read, refused, compared again.
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
        let bytes = p.concat();
        let read = decode(&mut Reader(&bytes), &base, (1, 2)).unwrap();
        let e = &read.found[0].1;
        assert_eq!(read.found[0].0, chain_key(13, 35));
        assert_eq!((e.a, e.b), ((13, 20), (35, 38)));
        assert_eq!(read.links.len(), 1);
        // Source 2 has 7 words: an edge to word 8 is refused, as is a ragged list.
        let mut p = Pieces::default();
        p.u32s(vec![0, 0, 0, 1, 0, 8]);
        p.u32s(Vec::new());
        assert!(decode(&mut Reader(&p.concat()), &base, (1, 2)).is_none());
        let mut p = Pieces::default();
        p.u32s(vec![0, 0, 0]);
        p.u32s(Vec::new());
        assert!(decode(&mut Reader(&p.concat()), &base, (1, 2)).is_none());
    }
}
