//! Seeds held as runs: a passage repeated back to back gives one seed per copy, each starting
//! where the one before it ends on the same diagonal (copy `i` against copy `i + 1`), and a
//! phrase of five short words repeated three million times gave three million seeds of 12
//! bytes, held twice (in the seed list and in the chain of the stretch): more than the text.
//! Held as runs, such seeds cost one entry a stretch.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::seeds::Seed;

impl Seed {
    /// The seed right after this one on its diagonal, as long: the next copy of a passage
    /// repeated back to back.
    fn after(&self) -> Seed {
        Seed::new(self.a() + self.len(), self.b() + self.len(), self.len())
    }

    /// The `n`-th seed after this one (see [`Seed::after`]).
    fn nth_after(&self, n: usize) -> Seed {
        let step = n * self.len();
        Seed::new(self.a() + step, self.b() + step, self.len())
    }
}

/// A chain's seeds in order, each seed right after the one before it (see [`Seed::after`])
/// kept in one run.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct SeedRuns {
    /// Each run's first seed and how many seeds it holds.
    runs: Vec<(Seed, u32)>,
    len: usize,
}

impl SeedRuns {
    /// One seed.
    pub(super) fn one(s: Seed) -> SeedRuns {
        SeedRuns {
            runs: vec![(s, 1)],
            len: 1,
        }
    }

    /// Add `s` after the last seed.
    pub(super) fn push(&mut self, s: Seed) {
        self.len += 1;
        if let Some((first, n)) = self.runs.last_mut() {
            if *n < u32::MAX && first.nth_after(*n as usize) == s {
                *n += 1;
                return;
            }
        }
        self.runs.push((s, 1));
    }

    /// How many seeds there are.
    pub(super) fn len(&self) -> usize {
        self.len
    }

    /// The first seed (a chain holds at least one).
    pub(super) fn first(&self) -> Seed {
        self.runs[0].0
    }

    /// The last seed.
    pub(super) fn last(&self) -> Seed {
        let (s, n) = self.runs[self.runs.len() - 1];
        s.nth_after(n as usize - 1)
    }

    /// Every seed, in order.
    pub(super) fn iter(&self) -> impl Iterator<Item = Seed> + '_ {
        self.runs
            .iter()
            .flat_map(|&(s, n)| (0..n as usize).map(move |i| s.nth_after(i)))
    }

    /// The last seed starting (on its earlier side) at or before `p`, or the first seed.
    pub(super) fn at_or_before(&self, p: usize) -> Seed {
        let r = self.runs.partition_point(|(s, _)| s.a() <= p);
        let Some(r) = r.checked_sub(1) else {
            return self.first();
        };
        let (s, n) = self.runs[r];
        let i = ((p - s.a()) / s.len().max(1)).min(n as usize - 1);
        s.nth_after(i)
    }

    /// Split into parts, a new one starting at every seed for which `starts(previous part's
    /// first seed, seed)` holds.
    pub(super) fn split_where(self, starts: impl Fn(Seed, Seed) -> bool) -> Vec<SeedRuns> {
        let mut parts: Vec<SeedRuns> = Vec::new();
        let mut cur = SeedRuns::default();
        for s in self.iter() {
            if cur.len > 0 && starts(cur.first(), s) {
                parts.push(std::mem::take(&mut cur));
            }
            cur.push(s);
        }
        if cur.len > 0 {
            parts.push(cur);
        }
        parts
    }

    /// Give back spare capacity when there is much of it.
    pub(super) fn shrink(&mut self) {
        if self.runs.capacity() - self.runs.len() > 1024 {
            self.runs.shrink_to_fit();
        }
    }
}

/// Seeds sorted by their earlier copy, then their later one, each seed right after the one
/// before it on its diagonal (see [`Seed::after`]) kept in one run with it.
#[derive(Debug, Default)]
pub(super) struct SortedSeeds {
    /// Seeds on their own.
    single: Vec<Seed>,
    /// Runs of two or more: first seed and count.
    runs: Vec<(Seed, u32)>,
}

impl SortedSeeds {
    /// The seeds in `seeds`, given in any order.
    pub(super) fn new(seeds: Vec<Seed>) -> SortedSeeds {
        // Runs are found on each diagonal in order of position.
        let mut seeds = seeds;
        seeds.sort_unstable_by_key(|s| (s.b() - s.a(), s.a()));
        let mut runs = Vec::new();
        let (mut i, mut w) = (0, 0);
        while i < seeds.len() {
            let mut j = i + 1;
            while j < seeds.len() && seeds[j] == seeds[j - 1].after() && j - i < u32::MAX as usize {
                j += 1;
            }
            if j - i == 1 {
                // Written over the seeds already read: the two lists are never held whole.
                seeds[w] = seeds[i];
                w += 1;
            } else {
                runs.push((seeds[i], (j - i) as u32));
            }
            i = j;
        }
        let mut single = seeds;
        single.truncate(w);
        single.sort_unstable_by_key(|s| (s.a(), s.b()));
        single.shrink_to_fit();
        runs.sort_unstable_by_key(|(s, _)| (s.a(), s.b()));
        runs.shrink_to_fit();
        SortedSeeds { single, runs }
    }

    /// How many seeds there are.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.single.len() + self.runs.iter().map(|&(_, n)| n as usize).sum::<usize>()
    }

    /// Every seed, sorted by its earlier copy, then its later one.
    #[cfg(test)]
    pub(super) fn iter(&self) -> impl Iterator<Item = Seed> + '_ {
        Self::merged(&self.single, &self.runs)
    }

    /// The seeds whose earlier copy starts in `within` (word positions), in [`iter`] order. A
    /// run's seeds follow each other back to back, so a barrier never falls among them: for
    /// the words of one source, a run is in or out whole.
    ///
    /// [`iter`]: SortedSeeds::iter
    pub(super) fn iter_in(
        &self,
        within: std::ops::Range<usize>,
    ) -> impl Iterator<Item = Seed> + '_ {
        let single = {
            let lo = self.single.partition_point(|s| s.a() < within.start);
            let hi = self.single.partition_point(|s| s.a() < within.end);
            &self.single[lo..hi.max(lo)]
        };
        let runs = {
            let lo = self.runs.partition_point(|(s, _)| s.a() < within.start);
            let hi = self.runs.partition_point(|(s, _)| s.a() < within.end);
            &self.runs[lo..hi.max(lo)]
        };
        Self::merged(single, runs)
    }

    /// The seeds of `single` and of `runs` (each sorted by first seed), merged in order.
    fn merged<'a>(single: &'a [Seed], runs: &'a [(Seed, u32)]) -> impl Iterator<Item = Seed> + 'a {
        let key = |s: &Seed| (s.a(), s.b());
        let mut single = single.iter().copied().peekable();
        let mut runs = runs.iter().copied().peekable();
        // Runs started: the next seed (earlier copy, later copy, length) and seeds left, least
        // first.
        let mut started: BinaryHeap<Reverse<(u32, u32, u32, u32)>> = BinaryHeap::new();
        std::iter::from_fn(move || {
            if let Some(&(s, n)) = runs.peek() {
                let top = started.peek().map(|t| (t.0 .0 as usize, t.0 .1 as usize));
                if top.is_none_or(|t| key(&s) < t) {
                    runs.next();
                    started.push(Reverse((s.a() as u32, s.b() as u32, s.len() as u32, n)));
                }
            }
            let run = started.peek().map(|t| (t.0 .0 as usize, t.0 .1 as usize));
            match (single.peek(), run) {
                (Some(s), r) if r.is_none_or(|r| key(s) <= r) => single.next(),
                (_, Some(_)) => {
                    let Reverse((a, b, len, left)) = started.pop().expect("a run");
                    let s = Seed::new(a as usize, b as usize, len as usize);
                    if left > 1 {
                        started.push(Reverse((a + len, b + len, len, left - 1)));
                    }
                    Some(s)
                }
                (_, None) => None,
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seeds(seed: u64) -> Vec<Seed> {
        let mut x = seed;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut out = Vec::new();
        for _ in 0..400 {
            let (a, d, len) = (
                (next() % 2000) as usize,
                1 + (next() % 50) as usize,
                1 + (next() % 9) as usize,
            );
            // Runs of seeds back to back, some crossing others.
            for i in 0..(next() % 6) as usize {
                out.push(Seed::new(a + i * len, a + d + i * len, len));
            }
        }
        out
    }

    #[test]
    fn sorted_seeds_give_every_seed_in_order() {
        for seed in [1, 7, 42] {
            let mut plain = seeds(seed);
            let sorted = SortedSeeds::new(plain.clone());
            plain.sort_unstable_by_key(|s| (s.a(), s.b()));
            let got: Vec<Seed> = sorted.iter().collect();
            let key = |s: &Seed| (s.a(), s.b(), s.len());
            let mut want = plain.clone();
            want.sort_unstable_by_key(key);
            let mut got_sorted = got.clone();
            got_sorted.sort_unstable_by_key(key);
            assert_eq!(got_sorted, want, "seed {seed}: every seed, once");
            assert!(
                got.windows(2)
                    .all(|w| (w[0].a(), w[0].b()) <= (w[1].a(), w[1].b())),
                "seed {seed}: in order"
            );
            assert_eq!(sorted.len(), plain.len());
            assert!(!sorted.runs.is_empty());
        }
    }

    #[test]
    fn seeds_by_range_of_their_earlier_copy_are_the_seeds_in_order() {
        for seed in [1, 7, 42] {
            let sorted = SortedSeeds::new(seeds(seed));
            let all: Vec<Seed> = sorted.iter().collect();
            // Cut where no run of seeds is under way (as a barrier between sources is).
            let mut inside = vec![false; 2100];
            for &(s, n) in &sorted.runs {
                let end = s.a() + s.len() * n as usize;
                inside[s.a() + 1..end].iter_mut().for_each(|x| *x = true);
            }
            let cuts: Vec<usize> = (0..2100).filter(|&p| !inside[p] && p % 11 == 0).collect();
            assert!(cuts.len() > 5, "seed {seed}: {cuts:?}");
            let mut bounds = vec![0];
            bounds.extend(cuts.iter().copied().filter(|&c| c > 0));
            bounds.push(usize::MAX);
            let pieces: Vec<Seed> = bounds
                .windows(2)
                .flat_map(|w| sorted.iter_in(w[0]..w[1]).collect::<Vec<_>>())
                .collect();
            assert_eq!(pieces, all, "seed {seed}");
            assert_eq!(sorted.iter_in(5..5).count(), 0);
        }
    }

    #[test]
    fn seed_runs_keep_order_and_answer_lookups() {
        let mut plain = seeds(5);
        plain.sort_unstable_by_key(|s| (s.a(), s.b()));
        plain.dedup_by_key(|s| s.a());
        let mut runs = SeedRuns::default();
        for &s in &plain {
            runs.push(s);
        }
        assert_eq!(runs.iter().collect::<Vec<_>>(), plain);
        assert_eq!(runs.len(), plain.len());
        assert_eq!(runs.first(), plain[0]);
        assert_eq!(runs.last(), plain[plain.len() - 1]);
        assert!(runs.runs.len() < plain.len());
        for p in 0..2100 {
            let i = plain.partition_point(|x| x.a() <= p).saturating_sub(1);
            assert_eq!(runs.at_or_before(p), plain[i], "p {p}");
        }
        let parts = runs.clone().split_where(|f, s| s.a() > f.a() + 100);
        let joined: Vec<Seed> = parts.iter().flat_map(SeedRuns::iter).collect();
        assert_eq!(joined, plain);
        assert!(parts.len() > 1);
        for p in &parts {
            assert!(p.iter().all(|s| s.a() <= p.first().a() + 100));
        }
    }
}
