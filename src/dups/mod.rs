//! Duplicated passages: every passage of `min_words` words or more that occurs twice or more,
//! within one source or across sources, identically or nearly (word-level similarity).
//!
//! The pipeline works on the word keys (case-insensitive, punctuation aside) of every source's
//! normalized text, laid end to end with a barrier word between sources (`corpus`), one file
//! per stage:
//!
//! 1. **Candidates** (linear, `winnow`, `seeds`): winnowing fingerprints (Schleimer et al.
//!    2003) of word `k`-grams with window `w`, `k + w - 1 <= min_words`, so every exact shared
//!    run of `min_words` words (and of `k + w - 1` words inside an edited copy) shares at least
//!    one fingerprint. Each source is winnowed on its own, so its fingerprints depend on its
//!    words alone and the cache keeps them: a search after one source changed winnows that
//!    source only. Equal fingerprints pair up their positions.
//! 2. **Seeds** (`seeds`): each pair is verified and extended word by word to the maximal exact run on its
//!    diagonal; pairs falling inside a run already found are skipped, so a long copy costs one
//!    extension, not one per shingle. What stages 3 and 4 give for a pair of sources is
//!    decided by that pair's seeds, words and periodic stretches (`pairs`): with the cache, a
//!    pair of sources whose seeds, texts and stretches did not change is not compared again,
//!    its result read back. Stages 5 and 6 run over every pair's result.
//! 3. **Chains** (`chains`): seeds close to each other on nearby diagonals (a few substituted, inserted or
//!    deleted words apart) are chained into one near-duplicate candidate, whose similarity is
//!    then measured precisely by a word diff. Sentences copied in another order sit on distant
//!    diagonals and are never chained into one passage. Each chain is then stretched through
//!    edits at its ends (banded X-drop alignment), so an edit near a copy's edge does not cut
//!    the passage short.
//! 4. **Periodic stretches** (`periodic`): a chain overlapping itself (copies pasted back to
//!    back match each other one copy along) is a stretch of text repeating every so many
//!    words; it is cut into units of its period, consecutive units paired, so every copy is
//!    reported rather than the whole stretch counting as one place (and vanishing). Chains on
//!    multiples of the period inside the stretch are dropped: the units say them.
//! 5. **Clusters** (`clusters`): pairs of passages are grouped; two passages in the same place count as one
//!    occurrence when each covers most of the other, so a passage found against several copies
//!    is reported once, with every copy.
//! 6. **Maximal** (`maximal`): a cluster every copy of which lies inside a copy of another
//!    cluster, a different copy each, says nothing more and is dropped, so only maximal
//!    passages are reported.
//!
//! Memory stays near one byte per source byte on top of the loaded sources (one 100 MB
//! source: 235,340 KB at the peak of `citecheck dups`, session 9): 4 bytes per word for keys,
//! written once; fingerprints (kept as one bit per word, their hashes the words' again)
//! gathered 8 bytes each a quarter at a time; and a sparse table of word offsets (one per
//! [`STRIDE`] words) from which word spans are recomputed on demand. Word positions and
//! offsets are `u32`: a source may hold up to 4 GiB, all sources 4 G words.
//! Repetition costs little more: candidate pairs under `k` words apart (which never give a
//! seed) are never stored, a run of one fingerprint under `k` words apart (one word, or "ab
//! cd", repeated) keeps its first 33 members and its last, a passage repeated back to back is
//! held as runs (of fingerprints, of pairs, of seeds: `runs`) and its units as one line of
//! places, chains are held only while a seed may still join them, fingerprints, seeds and
//! chains with too few distinct words around them to give a reportable passage are dropped
//! as they are found, and the result ([`Duplicates`]) holds each copy as a source number and
//! a span, 12 bytes, until the report lists the first ones. Peak memory of `citecheck dups`
//! (release build, `scripts/hostile_bounds.py`): one line repeated, 117 MB: 405 MB (3.5 times
//! the source, 278 MB of it the loaded source); a five-word phrase repeated, 62 MB: 229 MB;
//! random words from a vocabulary of ten, 49 MB: 179 MB, of two, 42 MB: 139 MB.
//!
//! Words compare by their case-insensitive keys, so the similarity and the diff are about
//! words; a copy that differs only in case or punctuation is identical here (a quote's
//! `also_at` still checks the exact text, see [`also_at()`], in `also_at`).

mod also_at;
mod chains;
mod clusters;
mod corpus;
mod found;
mod maximal;
mod pairs;
mod periodic;
mod runs;
mod seeds;
mod winnow;
mod within;

use std::collections::HashMap;

use rayon::prelude::*;

use crate::cache::{self, through, Cache, Payload, Reader};
use crate::config::DupsConfig;
use crate::model::Cluster;
use crate::source::Source;

pub use also_at::also_at;
pub use corpus::STRIDE;
pub use found::Duplicates;

use chains::{chain, edges, Chain, Edge};
use clusters::{group, measure, worth_reporting};
use corpus::Corpus;
use found::Found;
use maximal::maximal;
use pairs::{chain_key, Judged, Plan};
use periodic::overlaps_itself;
use seeds::{candidate_pairs, seeds};
use winnow::{fingerprints, params, source_prints, PrintCache, PART_BITS};
use within::SourceStretches;

/// Settings of a duplicate search: the `[dups]` table of citecheck.toml, whose defaults
/// (8 words, similarity 0.8, no ignore patterns) are the search's defaults.
pub type DupOptions = DupsConfig;

/// Finished chains are turned into pairs of passages this many at a time, in parallel.
const BATCH: usize = 1 << 14;

/// Find every duplicated passage in `sources` (see the module docs), each with every copy.
/// Clusters are sorted by their first occurrence; the result is the same for the same inputs.
pub fn find_duplicates(sources: &[Source], opts: &DupOptions) -> Vec<Cluster> {
    search(sources, opts).into_clusters(sources, usize::MAX)
}

/// Bump when the search may find other passages in the same texts: results cached by older
/// versions are then not used. (The key also names the build.)
pub const SEARCH_VERSION: u32 = 3;

/// The cache folder's kind for search results.
const CACHE_KIND: &str = "dups";

/// [`search`], its result kept in `cache` between runs: a search of the same texts (by their
/// [`Source::text_key`]), under the same paths, with the same settings, by the same build,
/// reads the result found before instead of searching again. The result is the same either
/// way: an entry that does not read back whole, or names a span no source holds, is ignored
/// and the search runs.
pub fn search_cached(sources: &[Source], opts: &DupOptions, cache: Option<&Cache>) -> Duplicates {
    let Some(cache) = cache else {
        return search(sources, opts);
    };
    let read = |p: Payload| {
        let mut r = Reader(&p);
        Duplicates::from_bytes(&mut r, sources).filter(|_| r.is_done())
    };
    let key = search_key(sources, opts);
    // Each passage found names its places and carries a diff of texts the sources hold, a
    // bounded number of times over; an entry larger than that is not read.
    let total: usize = sources.iter().map(|s| s.norm.as_str().len()).sum();
    let bound = crate::cache::bound(total, 256);
    through(Some(cache), CACHE_KIND, &key, bound, read, || {
        search_with(sources, opts, Some(cache))
    })
}

/// The cache key of a search of `sources` with `opts` (everything its result depends on).
fn search_key(sources: &[Source], opts: &DupOptions) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(format!("{}\n", settings_head(opts)).as_bytes());
    for s in sources {
        h.update(format!("{:?} {}\n", s.path, s.text_key).as_bytes());
    }
    crate::fs::hex(&h.finalize())
}

/// What a search's result depends on besides the texts: the search's version, the build, and
/// the settings.
fn settings_head(opts: &DupOptions) -> String {
    format!(
        "{SEARCH_VERSION} {} {} {} {:?}",
        env!("CITECHECK_VERSION"),
        opts.min_words,
        opts.similarity.to_bits(),
        opts.ignore
    )
}

/// Find every duplicated passage in `sources`, held compact (see [`Duplicates`]): what `check`
/// keeps while it judges the entries, whose `also_at` needs every copy.
pub fn search(sources: &[Source], opts: &DupOptions) -> Duplicates {
    search_with(sources, opts, None)
}

/// [`search`], every source's fingerprints kept in `cache` (when given) between runs, and
/// what each pair of sources gave: a search after one source changed winnows that source
/// only (see [`PrintCache`]) and chains and measures again only the pairs of sources whose
/// key changed (their texts, seeds or stretches), those too small to cache, and those whose
/// entry is gone (see `pairs`); clusters are then grouped and measured over every pair.
fn search_with(sources: &[Source], opts: &DupOptions, cache: Option<&Cache>) -> Duplicates {
    search_counted(sources, opts, cache).0
}

/// [`search_with`], and which pairs of sources (of those with seeds enough to be cached)
/// were read from the cache and which were compared.
fn search_counted(
    sources: &[Source],
    opts: &DupOptions,
    cache: Option<&Cache>,
) -> (Duplicates, Vec<pairs::Pair>, Vec<pairs::Pair>) {
    let min_words = opts.min_words.max(2);
    let corpus = Corpus::build(sources, &opts.ignore);
    let keys = &corpus.keys;
    let base = &corpus.base;
    let (k, w) = params(min_words);
    // Fingerprints, seeds and chains whose passages are all trivial are dropped as soon as
    // they are found.
    let t = clusters::distinct_needed(min_words);
    let prints = cache.map(|c| PrintCache::new(c, sources, (k, w, t), &opts.ignore));
    // Every source's fingerprints, compact, winnowed once (or read from the cache), then
    // gathered a partition at a time.
    let mut prints = source_prints(&corpus, k, w, t, prints.as_ref());
    let mut pairs = seeds::Pairs::default();
    for part in 0..1 << PART_BITS {
        let found = fingerprints(&corpus, &mut prints, k, part);
        candidate_pairs(found, k, &mut pairs);
    }
    let seeds = seeds(keys, pairs, k, |s| !chains::trivial_seed(keys, s, t));
    let seeds = runs::SortedSeeds::new(seeds);
    let opts = DupOptions {
        min_words,
        ..opts.clone()
    };
    // The pairs of sources whose seeds and texts the cache has seen give what they gave then;
    // only the others are compared.
    let mut plan = match cache {
        Some(c) if c.in_use() => Plan::new(c, sources, base, &seeds, &settings_head(&opts)),
        _ => Plan::uncached(base),
    };
    // How a chain is judged: whether the stretches make it redundant, and if not, the pairs
    // of passages it gives (none when trivial) and the link between stretches it makes.
    let judge_one = |stretches: &periodic::Stretches, c: &Chain| {
        let (keep, link) = stretches.judge(keys, c, &opts);
        let found = if keep && !chains::trivial(keys, c, t) {
            edges(keys, c, &opts)
        } else {
            Vec::new()
        };
        (found, link)
    };
    // Chains are found twice, each held only while open: first the periodic stretches (chains
    // overlapping themselves, so of seeds within one source: found per source, or read with
    // the source's pair with itself), then the ordinary chains, which the stretches may make
    // redundant (see `periodic`), each turned into pairs of passages as soon as it is
    // finished.
    let found_within: Vec<(SourceStretches, Option<Vec<u8>>)> = plan
        .take_within()
        .into_par_iter()
        .enumerate()
        .map(|(a, read)| match read {
            Some(own) => (own, None),
            None => {
                let within = base[a]..base[a + 1];
                let own = SourceStretches::find(keys, &seeds, base, within, (&opts, t), &judge_one);
                let a = a as u32;
                let kept = plan.kept((a, a)).then(|| {
                    let mut p = cache::Pieces::default();
                    own.encode(base[a as usize], &mut p);
                    p.concat()
                });
                (own, kept)
            }
        })
        .collect();
    // The pairs of two sources are keyed on their stretches too.
    if plan.caching() {
        let digests: Vec<[u8; 32]> = found_within
            .par_iter()
            .enumerate()
            .map(|(a, (own, _))| own.stretches.digest(base[a]))
            .collect();
        plan.read_across(sources, &digests);
    }
    let mut periodic = SourceStretches::default();
    let mut to_store = HashMap::new();
    for (a, (own, kept)) in found_within.into_iter().enumerate() {
        periodic.append(own);
        if let Some(bytes) = kept {
            to_store.insert(a as u32, bytes);
        }
    }
    let SourceStretches {
        stretches,
        units,
        lines,
        rest_found,
        rest_links,
    } = periodic;
    // Pairs of passages and links between stretches, by the key of the chain they came from,
    // so that they come out in chain order however the chains finish.
    let judge = |j: &mut Batch| {
        let done: Vec<(u64, Vec<Edge>, Option<Edge>)> = j
            .batch
            .par_drain(..)
            .map(|(key, c)| {
                let (found, link) = judge_one(&stretches, &c);
                (key, found, link)
            })
            .collect();
        for (key, found, link) in done {
            j.judged.found.extend(found.into_iter().map(|e| (key, e)));
            j.judged.links.extend(link.map(|e| (key, e)));
        }
    };
    let batches = chain_by_source(
        keys,
        &seeds,
        base,
        |a, b| plan.fresh((a, b)),
        |j: &mut Batch, c| {
            if !overlaps_itself(&c) {
                let key = chain_key(c.seeds.first().a(), c.seeds.first().b());
                j.batch.push((key, c));
                if j.batch.len() >= BATCH {
                    judge(j);
                }
            }
        },
    );
    drop(seeds);
    let mut fresh = Judged::default();
    for mut j in batches {
        judge(&mut j);
        fresh.append(j.judged);
    }
    // One sweep's order (see `pairs::chain_key`); the edges of one chain stay in order.
    fresh.sort();
    plan.store(&fresh, &to_store);
    let (reused, compared) = plan.uses();
    let mut all = plan.into_judged();
    all.append(fresh);
    all.sort();
    // Where the stretches' units start is no longer needed.
    drop(stretches);
    // The ordinary parts of periodic chains come after every chain.
    let edges: Vec<Edge> = all
        .found
        .into_iter()
        .map(|(_, e)| e)
        .chain(rest_found)
        .chain(units)
        .chain(all.links.into_iter().map(|(_, e)| e))
        .chain(rest_links)
        .collect();
    let groups: Vec<_> = group(&edges, &lines)
        .into_iter()
        .filter(|occ| worth_reporting(keys, occ, min_words))
        .collect();
    drop((edges, lines));
    let mut found: Vec<((u32, u32), Found)> = maximal(groups)
        .into_par_iter()
        .filter_map(|occ| Some((occ[0], measure(&corpus, &occ)?)))
        .collect();
    found.sort_by_key(|(first, _)| *first);
    let found = Duplicates::new(sources, found.into_iter().map(|(_, c)| c).collect());
    (found, reused, compared)
}

/// Chains waiting to be judged (with their keys, see `pairs::chain_key`), and what the judged
/// ones gave.
#[derive(Default)]
struct Batch {
    batch: Vec<(u64, Chain)>,
    judged: Judged,
}

/// [`chain`] run over the seeds of each source (by their earlier copy), the sources in
/// parallel, those of the pairs of sources `take` names (source of the earlier copy, of the
/// later one), each chain handed to `each` with that source's `T`; returns every source's
/// `T`. The chains of a pair are those one sweep over every seed finds (see [`chain`]).
fn chain_by_source<T: Default + Send>(
    keys: &[u32],
    seeds: &runs::SortedSeeds,
    base: &[usize],
    take: impl Fn(u32, u32) -> bool + Sync,
    each: impl Fn(&mut T, Chain) + Sync,
) -> Vec<T> {
    base.par_windows(2)
        .enumerate()
        .map(|(a, w)| {
            let mut to = T::default();
            let later = |s: &seeds::Seed| corpus::source_of(base, s.b());
            let mine = seeds
                .iter_in(w[0]..w[1])
                .filter(|s| take(a as u32, later(s)));
            chain(keys, mine, later, |c| each(&mut to, c));
            to
        })
        .collect()
}

/// List at most `max` copies of each cluster (the first ones, in (source, position) order);
/// `copies` keeps how many there are. Done after every entry's `also_at` has seen all copies
/// ([`Duplicates::into_clusters`] does it for a search's result).
pub fn cap_copies(clusters: &mut [Cluster], max: usize) {
    for c in clusters {
        c.copies = c.copies.max(c.occurrences.len());
        c.occurrences.truncate(max);
        c.occurrences.shrink_to_fit();
    }
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
                &src.text()[o.span.start..o.span.end]
            })
            .collect()
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
    fn a_passage_copied_inside_trivial_text_is_found_alone() {
        // Random words from a vocabulary of two (every 8-word run occurs hundreds of times,
        // and is trivial) with one sentence pasted twice in it.
        let mut x = 7u64;
        let mut coin = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x.is_multiple_of(2)
        };
        let sentence = "The quick brown fox jumps over the lazy dog near the river bank";
        let mut t = String::new();
        for part in 0..3 {
            for _ in 0..20_000 {
                t.push_str(if coin() { "yes " } else { "no " });
            }
            if part < 2 {
                t.push_str(sentence);
                t.push(' ');
            }
        }
        let s = vec![src("a.txt", &t)];
        let c = find_duplicates(&s, &DupOptions::default());
        assert_eq!(c.len(), 1, "{c:#?}");
        assert_eq!(c[0].occurrences.len(), 2);
        for found in texts(&s, &c[0]) {
            assert!(found.contains(sentence), "{found}");
            // Random words on either side may chain on (two words match half the time).
            assert!(found.len() < 2_000, "{found}");
        }
        // The trivial text gives fingerprints only within reach of the sentence.
        let corpus = Corpus::build(&s, &[]);
        let (k, w) = params(8);
        let held = |t| -> usize {
            let mut prints = source_prints(&corpus, k, w, t, None);
            (0..1 << PART_BITS)
                .map(|part| fingerprints(&corpus, &mut prints, k, part).fps.len())
                .sum()
        };
        let (lean, all) = (held(clusters::distinct_needed(8)), held(0));
        assert!(all > 20_000, "{all}");
        assert!(lean <= 2 * (13 + 2 * (winnow::TRIVIAL_REACH + k)), "{lean}");
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
