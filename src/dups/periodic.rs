//! Periodic stretches: a passage repeated back to back (a paragraph pasted 40 times in a row,
//! a sentence repeated with a line number) reported as one cluster of its copies.
//!
//! Consecutive copies of a passage of `d` words match each other one copy apart, on diagonal
//! `d`, and the seeds there follow each other without a gap: they chain into one passage that
//! overlaps itself (copies 1..n-1 against copies 2..n). Its two sides are one place, so as a
//! pair of passages it said nothing, and the most repeated text of all vanished from the
//! report. Such a chain is read instead as what it shows: a stretch of text with period `d`.
//! The stretch is cut into units from its start, each as long as the chain's diagonal at its
//! start (the length of that copy, words inserted or deleted included; of that many copies
//! when one is shorter than `min_words`), and consecutive units are paired up when similar
//! enough, so the units group into one cluster of every copy, alongside copies of the same
//! passage elsewhere. A stretch none of whose units is like the next (a sentence recurring
//! among different words) gives its chain's long enough seeds instead, as an ordinary chain
//! that is not similar enough as a whole does.
//!
//! The same stretch also matches itself at every multiple of its period (`2d`, `3d`, ...: the
//! candidates pair every copy with every other one up to 32 copies): those chains say nothing
//! the units do not (a run of copies equal to the next run of copies), so a self-overlapping
//! chain on a multiple of an accepted stretch's period in the same place is dropped, and so is
//! an ordinary chain inside a stretch pairing the same place of two copies. A chain pairing
//! different places (a sentence twice in the repeated paragraph) stays.

use std::collections::BTreeMap;

use super::chains::{compare_similarity, x_drop, Chain, Edge, Lines};
use super::corpus::BARRIER;
use super::DupOptions;

/// Two stretches are one when the overlap covers this share of the later-considered one.
const SAME_STRETCH: f64 = 0.8;
/// Accepted stretches looked at, before a chain's start, for one that holds the chain.
const HOLDERS_LOOKED_AT: usize = 8;

/// A stretch of global words `[start, end)` whose text repeats every `period` words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stretch {
    start: usize,
    end: usize,
    period: usize,
}

/// True when a chain matches its passage against itself: its earlier side runs past the start
/// of its later side.
pub(super) fn overlaps_itself(c: &Chain) -> bool {
    c.end().0 > c.seeds.first().b()
}

/// The parts of `c` whose seeds lie on its first seed's diagonal, give or take an eighth of
/// it (the drift of copies with a few words inserted or deleted).
fn one_period_parts(c: Chain) -> Vec<Chain> {
    let diag = |x: super::seeds::Seed| x.b() - x.a();
    let starts = |first: super::seeds::Seed, x: super::seeds::Seed| {
        diag(x).abs_diff(diag(first)) * 8 > diag(first)
    };
    // A chain of one part (a passage repeated a million times is one chain of a million
    // seeds) is returned as it is, not copied.
    let first = c.seeds.first();
    if !c.seeds.iter().any(|x| starts(first, x)) {
        return vec![c];
    }
    c.seeds
        .split_where(starts)
        .into_iter()
        .map(|seeds| Chain { seeds })
        .collect()
}

/// True when `shift` is a multiple of `period`, give or take an eighth of the period (a
/// near-periodic stretch drifts by the words its copies insert or delete).
fn multiple_of(shift: usize, period: usize) -> bool {
    if shift < period {
        return false;
    }
    let r = shift % period;
    r.min(period - r) * 8 <= period
}

/// The periodic stretches of a corpus, each with where its units start, by start.
#[derive(Default)]
pub(super) struct Stretches {
    accepted: BTreeMap<usize, Vec<(Stretch, Vec<u32>)>>,
}

/// The stretches the chains overlapping themselves (see [`overlaps_itself`]) show, in chain
/// order, with their units paired up in `out` (see the module docs), and the parts of those
/// chains that are ordinary after all, for [`edges`](super::chains::edges). A stretch none of
/// whose units is like the next (a sentence recurring every so many words among different
/// ones) gives its long enough seeds, which still pair its copies.
pub(super) fn stretches(
    keys: &[u32],
    periodic: Vec<Chain>,
    opts: &DupOptions,
    out: &mut Vec<Edge>,
    lines: &mut Lines,
) -> (Stretches, Vec<Chain>) {
    // A chain may run from one passage into a periodic stretch on a nearby diagonal: its parts
    // on one period each are looked at alone.
    let (periodic, rest): (Vec<Chain>, Vec<Chain>) = periodic
        .into_iter()
        .flat_map(one_period_parts)
        .partition(overlaps_itself);
    let mut found: Vec<(Stretch, Chain)> = periodic
        .into_iter()
        .map(|c| {
            let s = Stretch {
                start: c.seeds.first().a(),
                end: c.end().1,
                period: c.seeds.first().b() - c.seeds.first().a(),
            };
            (stretched(keys, s), c)
        })
        .collect();
    // The shortest period first: it is the stretch's own, the others its multiples.
    found.sort_by_key(|(s, c)| (s.period, s.start, s.end, c.seeds.first().b()));
    found.dedup_by_key(|(s, _)| *s);
    // Accepted stretches by start, each with where its units start.
    let mut accepted: BTreeMap<usize, Vec<(Stretch, Vec<u32>)>> = BTreeMap::new();
    for (s, c) in found {
        // A stretch met on a multiple of the period may start anywhere in the stretch (the
        // candidates on that diagonal may pair only some of its copies).
        let len = (s.end - s.start) as f64;
        let same = accepted
            .range(..=s.start + s.period / 2)
            .rev()
            .flat_map(|(_, v)| v)
            .take(HOLDERS_LOOKED_AT)
            .any(|(t, _)| {
                let ov = s.end.min(t.end).saturating_sub(s.start.max(t.start)) as f64;
                multiple_of(s.period, t.period) && ov >= SAME_STRETCH * len
            });
        if same {
            continue;
        }
        if let Some(starts) = units(keys, s, &c, opts, out, lines) {
            accepted.entry(s.start).or_default().push((s, starts));
        }
    }
    (Stretches { accepted }, rest)
}

impl Stretches {
    /// Every stretch of `other` (another source's) added.
    pub(super) fn append(&mut self, other: Stretches) {
        for (start, list) in other.accepted {
            self.accepted.entry(start).or_default().extend(list);
        }
    }

    /// The stretches for the cache, in positions from `base`: start, end, period, how many
    /// units, where they start; stretch after stretch, in order.
    pub(super) fn encode(&self, base: usize) -> Vec<u32> {
        let local = |x: usize| (x - base) as u32;
        let mut out = Vec::new();
        for (s, starts) in self.accepted.values().flatten() {
            out.extend([
                local(s.start),
                local(s.end),
                s.period as u32,
                starts.len() as u32,
            ]);
            out.extend(starts.iter().map(|&x| x - base as u32));
        }
        out
    }

    /// A digest of [`Stretches::encode`]'s output (see `pairs`).
    pub(super) fn digest(&self, base: usize) -> [u8; 32] {
        use sha2::{Digest, Sha256};
        Sha256::digest(bytemuck::cast_slice::<u32, u8>(&self.encode(base))).into()
    }

    /// Read back what [`Stretches::encode`] wrote for a source of `len` words from `base`;
    /// `None` when a stretch lies outside it, has no period (or one longer than itself), or
    /// no units, or its units are out of order.
    pub(super) fn decode(raw: &[u32], base: usize, len: usize) -> Option<Stretches> {
        let mut out = Stretches::default();
        let mut rest = raw;
        while let [start, end, period, n, tail @ ..] = rest {
            let (start, end, period, n) = (
                *start as usize,
                *end as usize,
                *period as usize,
                *n as usize,
            );
            let sound = start < end && end <= len && (1..=end - start).contains(&period);
            if !sound || n == 0 || tail.len() < n {
                return None;
            }
            let starts = &tail[..n];
            let inside = starts.iter().all(|&x| (start..end).contains(&(x as usize)));
            if !inside || !starts.windows(2).all(|w| w[0] < w[1]) {
                return None;
            }
            let s = Stretch {
                start: base + start,
                end: base + end,
                period,
            };
            let starts = starts.iter().map(|&x| x + base as u32).collect();
            out.accepted.entry(s.start).or_default().push((s, starts));
            rest = &tail[n..];
        }
        rest.is_empty().then_some(out)
    }

    /// The accepted stretch holding words [p, e): its start and period, the offset of p in
    /// its unit, and that unit.
    fn holder(&self, p: usize, e: usize) -> Option<(usize, usize, usize, (usize, usize))> {
        self.accepted
            .range(..=p)
            .rev()
            .flat_map(|(_, v)| v)
            .take(HOLDERS_LOOKED_AT)
            .find_map(|(t, starts)| {
                let i = starts
                    .partition_point(|&x| x as usize <= p)
                    .checked_sub(1)?;
                let at = |i: usize| starts.get(i).map(|&x| x as usize);
                let unit = (starts[i] as usize, at(i + 1).unwrap_or(t.end));
                (e <= t.end).then_some((t.start, t.period, p - unit.0, unit))
            })
    }

    /// Whether the ordinary chain `c` still says something the units do not, and the pair of
    /// units it links, if any.
    ///
    /// An ordinary chain inside a stretch pairing the same place of two of its copies (give
    /// or take an eighth of a period) pairs runs of its copies: the units say it. One pairing
    /// different places of the copies (a sentence twice in the repeated paragraph) stays. A
    /// chain with both sides in stretches of one period (the same stretch, or the passage
    /// pasted back to back in two places) at the same place of a copy pairs runs of copies:
    /// dropped, the units say it (a unit of several periods, for a period under `min_words`,
    /// holds the same place once a period). Between two stretches, it still links them: its
    /// first pair of units is kept, when alike.
    pub(super) fn judge(&self, keys: &[u32], c: &Chain, opts: &DupOptions) -> (bool, Option<Edge>) {
        if self.accepted.is_empty() {
            return (true, None);
        }
        let (a0, b0) = (c.seeds.first().a(), c.seeds.first().b());
        let (ea, eb) = c.end();
        let (Some((sa, pa, oa, ua)), Some((sb, pb, ob, ub))) =
            (self.holder(a0, ea), self.holder(b0, eb))
        else {
            return (true, None);
        };
        let r = oa.abs_diff(ob) % pa;
        let held = pa.abs_diff(pb) * 8 <= pa && r.min(pa - r) * 8 <= pa;
        if held && sa != sb {
            // Unlike units: the chain is judged whole, as any other.
            let sim = compare_similarity(&keys[ua.0..ua.1], &keys[ub.0..ub.1]);
            if sim + 1e-9 < opts.similarity {
                return (true, None);
            }
            return (false, Some(Edge::new(ua, ub)));
        }
        (!held, None)
    }
}

/// The stretch `s` taken further through edits at its ends (as a chain is, see
/// [`x_drop`]), each end compared with the text a period inside it: the first copy's first
/// words are in the stretch even when the first seed starts after an edit in that copy.
fn stretched(keys: &[u32], s: Stretch) -> Stretch {
    let word = |p: usize| keys.get(p).copied().filter(|&k| k != BARRIER);
    let (back, _) = x_drop(
        |i| s.start.checked_sub(i + 1).and_then(word),
        |i| (s.start + s.period).checked_sub(i + 1).and_then(word),
    );
    let (fwd, _) = x_drop(|i| word(s.end + i), |i| word(s.end - s.period + i));
    Stretch {
        start: s.start - back,
        end: s.end + fwd,
        period: s.period,
    }
}

/// Pairs of consecutive units of the stretch `s` (found by the chain `c`) similar enough to
/// count as copies, pushed to `out`: units of the period, or of its smallest multiple reaching
/// `min_words`; a shorter last unit (the stretch ends inside its last copy, as when each copy
/// ends with its own line number) counts when it holds `min_words` words and most of a unit.
/// Where two units are too unlike, the chain's long enough seeds between them pair their
/// words instead, as [`edges`](super::chains::edges) does. Where the units start, or `None`
/// when no two units are alike:
/// the stretch is no run of copies, and its long enough seeds alone are pushed (a chain
/// overlapping itself is always most like itself, so its similarity says nothing).
fn units(
    keys: &[u32],
    s: Stretch,
    c: &Chain,
    opts: &DupOptions,
    out: &mut Vec<Edge>,
    lines: &mut Lines,
) -> Option<Vec<u32>> {
    let times = opts.min_words.div_ceil(s.period).max(1);
    // The chain pairs each copy with the next: the diagonal of its seed at a copy's start is
    // that copy's length, words inserted or deleted included, so units follow the copies.
    let step = |p: usize| {
        let s = c.seeds.at_or_before(p);
        s.b() - s.a()
    };
    let before = out.len();
    let mut alike = false;
    let mut prev: Option<(usize, usize)> = None;
    let mut starts = Vec::new();
    let mut at = s.start;
    while at < s.end {
        let next = (0..times).fold(at, |q, _| q + step(q));
        let u = (at, next.min(s.end));
        let len = u.1 - u.0;
        if len < opts.min_words || (len as f64) < SAME_STRETCH * (next - at) as f64 {
            break;
        }
        if let Some(p) = prev {
            let sim = compare_similarity(&keys[p.0..p.1], &keys[u.0..u.1]);
            if sim + 1e-9 >= opts.similarity {
                lines.link(p, u);
                alike = true;
            } else {
                let seeds = c
                    .seeds
                    .iter()
                    .filter(|x| x.len() >= opts.min_words && x.a() < u.0 && x.a() + x.len() > p.0);
                out.extend(
                    seeds.map(|x| Edge::new((x.a(), x.a() + x.len()), (x.b(), x.b() + x.len()))),
                );
            }
        }
        prev = Some(u);
        starts.push(at as u32);
        at = next;
    }
    if !alike {
        out.truncate(before);
        out.extend(
            c.seeds
                .iter()
                .filter(|x| x.len() >= opts.min_words)
                .map(|x| Edge::new((x.a(), x.a() + x.len()), (x.b(), x.b() + x.len()))),
        );
    }
    alike.then_some(starts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multiples_of_a_period_allow_a_little_drift() {
        assert!(multiple_of(26, 13));
        assert!(multiple_of(39, 13));
        assert!(!multiple_of(20, 13));
        assert!(!multiple_of(5, 13));
        assert!(multiple_of(161, 40));
        assert!(!multiple_of(170, 40));
    }
}
