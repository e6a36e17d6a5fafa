//! The periodic stretches of one source, found and kept per source: a stretch lies in one
//! source and is found from the seeds within it (see `periodic`), so each source's are found
//! on their own, in parallel, and the cache keeps them with the rest of what the source's
//! pair with itself gives (see `pairs`).

use super::chains::{self, chain, Chain, Edge, Lines};
use super::corpus::source_of;
use super::pairs::chain_key;
use super::periodic::{overlaps_itself, stretches, Stretches};
use super::runs::SortedSeeds;
use super::DupOptions;
use crate::cache::{Pieces, Reader};

/// What the periodic stretches of one source give: the stretches, their units paired up
/// (`units`, `lines`), and the pairs of passages and links of the parts of its periodic chains
/// that are ordinary after all (judged as every chain is).
#[derive(Default)]
pub(super) struct SourceStretches {
    pub(super) stretches: Stretches,
    pub(super) units: Vec<Edge>,
    pub(super) lines: Lines,
    pub(super) rest_found: Vec<Edge>,
    pub(super) rest_links: Vec<Edge>,
}

/// How a chain is judged: whether it is kept and what it gives (pairs of passages, a link).
pub(super) type Judge<'a> = dyn Fn(&Stretches, &Chain) -> (Vec<Edge>, Option<Edge>) + Sync + 'a;

impl SourceStretches {
    /// The stretches of the source whose words are `within`, from its seeds with both copies
    /// in it; `t` as for [`chains::trivial`].
    pub(super) fn find(
        keys: &[u32],
        seeds: &SortedSeeds,
        base: &[usize],
        within: std::ops::Range<usize>,
        (opts, t): (&DupOptions, usize),
        judge: &Judge<'_>,
    ) -> SourceStretches {
        let source = source_of(base, within.start);
        let later = |s: &super::seeds::Seed| source_of(base, s.b());
        let mut periodic = Vec::new();
        let mine = seeds.iter_in(within).filter(|s| later(s) == source);
        chain(keys, mine, later, |c| {
            if overlaps_itself(&c) && !chains::trivial(keys, &c, t) {
                periodic.push(c);
            }
        });
        periodic.sort_unstable_by_key(|c| chain_key(c.seeds.first().a(), c.seeds.first().b()));
        let mut out = SourceStretches::default();
        let (found, rest) = stretches(keys, periodic, opts, &mut out.units, &mut out.lines);
        for c in &rest {
            let (edges, link) = judge(&found, c);
            out.rest_found.extend(edges);
            out.rest_links.extend(link);
        }
        out.stretches = found;
        out
    }

    /// Everything `other` (another source's) holds, added after what this holds.
    pub(super) fn append(&mut self, other: SourceStretches) {
        self.stretches.append(other.stretches);
        self.units.extend(other.units);
        self.lines.append(other.lines);
        self.rest_found.extend(other.rest_found);
        self.rest_links.extend(other.rest_links);
    }

    /// Written for the cache, in positions from `base` (the source's first word).
    pub(super) fn encode(&self, base: usize, p: &mut Pieces<'_>) {
        p.u32s(self.stretches.encode(base));
        let edges = |list: &[Edge]| -> Vec<u32> {
            list.iter()
                .flat_map(|e| [e.a.0, e.a.1, e.b.0, e.b.1])
                .map(|x| x - base as u32)
                .collect()
        };
        p.u32s(edges(&self.units));
        let places: Vec<u32> = self
            .lines
            .places
            .iter()
            .flat_map(|&(s, e)| [s, e])
            .map(|x| x - base as u32)
            .collect();
        p.u32s(places);
        p.u32s(self.lines.ends.clone());
        p.u32s(edges(&self.rest_found));
        p.u32s(edges(&self.rest_links));
    }

    /// Read back what [`SourceStretches::encode`] wrote, for a source of `len` words from
    /// `base`; `None` when anything lies outside it, a range is empty, or the lines do not
    /// tile the places.
    pub(super) fn decode(r: &mut Reader<'_>, base: usize, len: usize) -> Option<SourceStretches> {
        let stretches = Stretches::decode(&r.u32s()?, base, len)?;
        let within = |x: u32| (x as usize <= len).then_some(base + x as usize);
        // Every range this search writes holds a word.
        let range = |s: u32, e: u32| Some((within(s)?, within(e)?)).filter(|(s, e)| s < e);
        let edges = |raw: Vec<u32>| -> Option<Vec<Edge>> {
            if !raw.len().is_multiple_of(4) {
                return None;
            }
            raw.chunks_exact(4)
                .map(|x| Some(Edge::new(range(x[0], x[1])?, range(x[2], x[3])?)))
                .collect()
        };
        let units = edges(r.u32s()?)?;
        let places = r.u32s()?;
        if !places.len().is_multiple_of(2) {
            return None;
        }
        let places = places
            .chunks_exact(2)
            .map(|x| range(x[0], x[1]).map(|(s, e)| (s as u32, e as u32)))
            .collect::<Option<Vec<_>>>()?;
        // Lines tile the places, each of two places or more, the last ending with them: a
        // line left open would run on into the next source's first line.
        let ends = r.u32s()?;
        let mut start = 0;
        for &e in &ends {
            if e < start + 2 {
                return None;
            }
            start = e;
        }
        if start as usize != places.len() {
            return None;
        }
        Some(SourceStretches {
            stretches,
            units,
            lines: Lines { places, ends },
            rest_found: edges(r.u32s()?)?,
            rest_links: edges(r.u32s()?)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flat(edges: &[Edge]) -> Vec<(u32, u32, u32, u32)> {
        edges.iter().map(|e| (e.a.0, e.a.1, e.b.0, e.b.1)).collect()
    }

    #[test]
    fn a_sources_stretches_read_back_as_written_and_out_of_range_ones_are_refused() {
        // A source of 100 words from word 50: one stretch (10..40, period 10, units at 10, 20,
        // 30), its units, a line, and the parts of its chains that were ordinary after all.
        let base = 50;
        let stretches = Stretches::decode(&[10, 40, 10, 3, 10, 20, 30], base, 100).unwrap();
        let e = |a: usize, b: usize, n: usize| {
            Edge::new((base + a, base + a + n), (base + b, base + b + n))
        };
        let own = SourceStretches {
            stretches,
            units: vec![e(10, 20, 10), e(20, 30, 10)],
            lines: Lines {
                places: vec![(60, 70), (70, 80), (80, 90)],
                ends: vec![3],
            },
            rest_found: vec![e(0, 60, 8)],
            rest_links: vec![e(12, 42, 9)],
        };
        let mut p = Pieces::default();
        own.encode(base, &mut p);
        let bytes = p.concat();
        let mut r = Reader(&bytes);
        let back = SourceStretches::decode(&mut r, base, 100).unwrap();
        assert!(r.is_done());
        assert_eq!(back.stretches.encode(base), own.stretches.encode(base));
        assert_eq!(flat(&back.units), flat(&own.units));
        assert_eq!(back.lines.places, own.lines.places);
        assert_eq!(back.lines.ends, own.lines.ends);
        assert_eq!(flat(&back.rest_found), flat(&own.rest_found));
        assert_eq!(flat(&back.rest_links), flat(&own.rest_links));
        // The same entry for a source of 60 words: the chain part at 60..68 is past its end.
        assert!(SourceStretches::decode(&mut Reader(&bytes), base, 60).is_none());
        // Lines that leave a place out (it would join the next source's first line), and an
        // empty range, are refused.
        let refused = |own: &SourceStretches| {
            let mut p = Pieces::default();
            own.encode(base, &mut p);
            SourceStretches::decode(&mut Reader(&p.concat()), base, 100).is_none()
        };
        let mut open = SourceStretches::decode(&mut Reader(&bytes), base, 100).unwrap();
        open.lines.ends = vec![2];
        assert!(refused(&open));
        let mut empty = SourceStretches::decode(&mut Reader(&bytes), base, 100).unwrap();
        empty.units.push(e(30, 40, 0));
        assert!(refused(&empty));
        // A period longer than its stretch, and a stretch without units.
        assert!(Stretches::decode(&[10, 40, 31, 1, 10], base, 100).is_none());
        assert!(Stretches::decode(&[10, 40, 10, 0], base, 100).is_none());
        // A stretch without a period, or with units out of order, is refused.
        assert!(Stretches::decode(&[10, 40, 0, 1, 10], base, 100).is_none());
        assert!(Stretches::decode(&[10, 40, 10, 2, 20, 10], base, 100).is_none());
        assert!(Stretches::decode(&[10, 40, 10, 2, 20], base, 100).is_none());
    }
}
