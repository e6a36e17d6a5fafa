//! Tests of the winnowing: the compact fingerprints are the winnowed ones, and what the
//! cache reads back is checked.

use super::*;
use proptest::prelude::*;

/// Words of a text with repeats (runs of one word, two alternating, copies of what came
/// before) and barriers, so runs and unpaired neighbours occur.
fn words(seed: u64, len: usize) -> Vec<u32> {
    let mut x = seed | 1;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let mut keys: Vec<u32> = Vec::new();
    while keys.len() < len {
        match next() % 6 {
            0 => keys.extend(std::iter::repeat_n(
                2 * (next() % 5) as u32 + 1,
                50 + next() as usize % 200,
            )),
            1 => {
                let (a, b) = (2 * (next() % 7) as u32 + 1, 2 * (next() % 7) as u32 + 3);
                keys.extend([a, b].iter().cycle().take(50 + next() as usize % 200));
            }
            2 if keys.len() > 300 => {
                let from = next() as usize % (keys.len() - 200);
                keys.extend_from_within(from..from + 5 + next() as usize % 150);
            }
            3 => keys.push(BARRIER),
            _ => keys.extend((0..next() % 40).map(|_| 2 * (next() % 90) as u32 + 1)),
        }
    }
    keys
}

fn sorted(mut f: Fingerprints) -> Fingerprints {
    f.fps.sort_unstable();
    f
}

#[test]
fn the_compact_fingerprints_are_the_winnowed_ones_partition_by_partition() {
    for seed in [1, 7, 42] {
        let keys = words(seed, 30_000);
        for min_words in [2, 5, 8, 12] {
            let (k, w) = params(min_words);
            for t in [0, super::super::clusters::distinct_needed(min_words)] {
                let prints = SourcePrints::winnow(&keys, k, w, t);
                let direct = winnow(&keys, k, w, true, t);
                assert!(direct.iter().any(|f| !f.runs.is_empty()), "seed {seed}");
                for (part, want) in direct.into_iter().enumerate() {
                    let got = sorted(prints.part(&keys, k, part as u64));
                    assert_eq!(got.fps, want.fps, "seed {seed}, {min_words}, {t}, {part}");
                    assert_eq!(got.runs, want.runs);
                    assert_eq!(got.unpaired, want.unpaired);
                }
            }
        }
    }
}

#[test]
fn the_compact_fingerprints_are_the_winnowed_ones_across_segments() {
    // Over 1 << 20 windows: several segments, runs and places on their edges.
    let keys = words(5, (1 << 20) + 300_000);
    let (k, w) = params(8);
    let prints = SourcePrints::winnow(&keys, k, w, 4);
    let direct = winnow(&keys, k, w, true, 4);
    for (part, want) in direct.into_iter().enumerate() {
        let got = sorted(prints.part(&keys, k, part as u64));
        assert!(!want.runs.is_empty());
        assert_eq!(got.fps, want.fps, "{part}");
        assert_eq!(got.runs, want.runs);
        assert_eq!(got.unpaired, want.unpaired);
    }
}

#[test]
fn kept_fingerprints_read_back_as_they_were() {
    let keys = words(9, 20_000);
    let (k, w) = params(8);
    let prints = SourcePrints::winnow(&keys, k, w, 0);
    assert!(!prints.runs.is_empty() && !prints.unpaired.is_empty());
    let bytes = prints.pieces().concat();
    let back = SourcePrints::decode(&mut Reader(&bytes), &keys, k).expect("sound");
    assert_eq!(back.chosen, prints.chosen);
    assert_eq!(back.runs, prints.runs);
    assert_eq!(back.unpaired, prints.unpaired);
    // Read against other words (another text of the same length), or a shorter text:
    // refused.
    let other = words(10, keys.len());
    assert!(SourcePrints::decode(&mut Reader(&bytes), &other[..keys.len()], k).is_none());
    assert!(SourcePrints::decode(&mut Reader(&bytes), &keys[..keys.len() - 64], k).is_none());
}

#[test]
fn a_run_that_overlaps_a_member_of_its_group_is_refused() {
    let keys = words(9, 20_000);
    let (k, w) = params(8);
    let mut prints = SourcePrints::winnow(&keys, k, w, 0);
    let r = prints.runs[0];
    // One of the run's members also kept as a single: the pairs would come out of order.
    let p = (r.first as u32 + r.step) as usize;
    prints.chosen[p / 64] |= 1 << (p % 64);
    let bytes = prints.pieces().concat();
    assert!(SourcePrints::decode(&mut Reader(&bytes), &keys, k).is_none());
}

#[test]
fn a_run_member_at_a_k_gram_of_another_hash_is_refused() {
    let keys = words(9, 20_000);
    let (k, w) = params(8);
    let mut prints = SourcePrints::winnow(&keys, k, w, 0);
    // A run's first member, and the place after it, whose k-gram hashes otherwise.
    let hash_at = |p: usize| ngram_key(&keys[p..p + k]) >> 32;
    let r = *prints
        .runs
        .iter()
        .find(|r| {
            let p = r.first as u32 as usize;
            hash_at(p + 1) != hash_at(p) && !keys[p + 1..p + 1 + k].contains(&BARRIER)
        })
        .expect("such a run");
    prints.chosen.iter_mut().for_each(|b| *b = 0);
    prints.unpaired.clear();
    let read = |prints: &SourcePrints| {
        let bytes = prints.pieces().concat();
        SourcePrints::decode(&mut Reader(&bytes), &keys, k).is_some()
    };
    prints.runs = vec![FpRun {
        step: 1,
        count: 1,
        ..r
    }];
    assert!(read(&prints), "one member, at its own k-gram");
    prints.runs[0].count = 2;
    assert!(
        !read(&prints),
        "a second member at a k-gram of another hash"
    );
}

#[test]
fn a_single_on_a_barrier_is_refused() {
    let keys = words(9, 20_000);
    let (k, w) = params(8);
    let mut prints = SourcePrints::winnow(&keys, k, w, 0);
    let read = |prints: &SourcePrints| {
        let bytes = prints.pieces().concat();
        SourcePrints::decode(&mut Reader(&bytes), &keys, k).is_some()
    };
    assert!(read(&prints));
    // A k-gram holding an ignored word (or the end of a source) is never a fingerprint.
    let p = (0..keys.len() - k)
        .find(|&p| keys[p + 1] == BARRIER)
        .expect("a barrier");
    prints.chosen[p / 64] |= 1 << (p % 64);
    assert!(!read(&prints));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    /// Whatever a damaged entry says, reading it never panics, and what it gives can be
    /// used: every fingerprint of every partition lies at a k-gram of the source.
    #[test]
    fn a_damaged_entry_never_panics(at: proptest::sample::Index, flip in 1u8.., cut: bool) {
        let keys = words(3, 5_000);
        let (k, w) = params(8);
        let bytes = SourcePrints::winnow(&keys, k, w, 0).pieces().concat();
        let bytes = crate::text::bytes::damage(bytes, at, flip, cut);
        if let Some(p) = SourcePrints::decode(&mut Reader(&bytes), &keys, k) {
            // The search's next steps run on it without a panic.
            let mut pairs = super::super::seeds::Pairs::default();
            for part in 0..PARTS as u64 {
                let f = sorted(p.part(&keys, k, part));
                let end = |pos: u64| pos as u32 as usize + k <= keys.len();
                prop_assert!(f.fps.iter().all(|&x| end(x)));
                prop_assert!(f.runs.iter().all(|r| end(r.first + u64::from(r.step) * u64::from(r.count - 1))));
                super::super::seeds::candidate_pairs(f, k, &mut pairs);
            }
            super::super::seeds::seeds(&keys, pairs, k, |_| true);
        }
    }
}
