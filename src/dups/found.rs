//! The search's result, held compact until the report is built: each copy of a passage is a
//! source number and a byte span (12 bytes), not a [`DupOccurrence`] (a path string, a span
//! and lines: about 90 bytes with the string's allocation). A sentence repeated a million
//! times has a million copies, all kept until every entry's `also_at` has seen them, while the
//! locator's indexes are built: 125 MB of occurrences for a 117 MB source, 17 MB here.

use crate::cache::{Encode, Pieces, Reader};
use crate::model::{Cluster, DiffOp, DiffTag, DupOccurrence, Span};
use crate::source::Source;

/// Where one copy of a duplicated passage lies: source `source` (its index among the sources
/// searched), bytes `[start, end)` of its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Place {
    pub(super) source: u32,
    pub(super) start: u32,
    pub(super) end: u32,
}

impl Place {
    /// The byte span.
    pub(super) fn span(self) -> Span {
        Span::new(self.start as usize, self.end as usize)
    }
}

/// One duplicated passage, measured: a [`Cluster`] whose copies are [`Place`]s, every one.
#[derive(Debug)]
pub(super) struct Found {
    pub(super) similarity: f64,
    pub(super) words: usize,
    pub(super) places: Places,
    pub(super) diff: Vec<DiffOp>,
}

/// The copies of one passage in order, copies as long as each other and evenly spaced in one
/// source (the copies of a phrase repeated back to back, a million of them) held as one run:
/// they are held while every entry is judged, beside the locator's indexes.
#[derive(Debug, Default)]
pub(super) struct Places {
    /// Each run's first copy, the distance between its copies' starts, and how many it holds.
    runs: Vec<(Place, u32, u32)>,
    len: usize,
}

impl Places {
    /// How many copies there are.
    pub(super) fn len(&self) -> usize {
        self.len
    }

    /// Every copy, in order.
    pub(super) fn iter(&self) -> impl Iterator<Item = Place> + '_ {
        self.runs.iter().flat_map(|&(p, step, count)| {
            (0..count).map(move |i| Place {
                source: p.source,
                start: p.start + i * step,
                end: p.end + i * step,
            })
        })
    }
}

impl FromIterator<Place> for Places {
    fn from_iter<I: IntoIterator<Item = Place>>(places: I) -> Places {
        let mut out = Places::default();
        for p in places {
            out.len += 1;
            if let Some((first, step, count)) = out.runs.last_mut() {
                let alike = first.source == p.source && first.end - first.start == p.end - p.start;
                if alike && p.start > first.start {
                    if *count == 1 {
                        *step = p.start - first.start;
                        *count = 2;
                        continue;
                    }
                    if u64::from(p.start)
                        == u64::from(first.start) + u64::from(*count) * u64::from(*step)
                    {
                        *count += 1;
                        continue;
                    }
                }
            }
            out.runs.push((p, 0, 1));
        }
        out.runs.shrink_to_fit();
        out
    }
}

/// Every duplicated passage of the sources searched, sorted by first occurrence, each with
/// every copy (sorted by source, then position). [`Duplicates::into_clusters`] makes the
/// report's clusters, listing the first copies; [`also_at`](super::also_at()) looks a quote's
/// other copies up among all of them.
#[derive(Debug, Default)]
pub struct Duplicates {
    /// Path of each source searched (`sources/cable.txt`), by index.
    pub(super) paths: Vec<String>,
    /// Rank of each source's path among the paths (reports sort copies by path).
    pub(super) rank: Vec<u32>,
    pub(super) found: Vec<Found>,
}

impl Duplicates {
    /// The result of searching `sources`, with these passages.
    pub(super) fn new(sources: &[Source], found: Vec<Found>) -> Duplicates {
        let paths: Vec<String> = sources.iter().map(|s| s.path.clone()).collect();
        let mut by_path: Vec<usize> = (0..paths.len()).collect();
        by_path.sort_by(|&a, &b| paths[a].cmp(&paths[b]));
        let mut rank = vec![0; paths.len()];
        for (r, &i) in by_path.iter().enumerate() {
            rank[i] = r as u32;
        }
        Duplicates { paths, rank, found }
    }

    /// Number of duplicated passages.
    pub fn len(&self) -> usize {
        self.found.len()
    }

    /// True when no passage is duplicated.
    pub fn is_empty(&self) -> bool {
        self.found.is_empty()
    }

    /// The source searched as number `i`, found in `sources` (the sources searched: by index,
    /// else by path).
    pub(super) fn source<'s>(&self, sources: &'s [Source], i: u32) -> Option<&'s Source> {
        let path = self.paths.get(i as usize)?;
        match sources.get(i as usize) {
            Some(s) if s.path == *path => Some(s),
            _ => sources.iter().find(|s| s.path == *path),
        }
    }

    /// The report's clusters: each lists its first `max` copies (in source, then position
    /// order) and counts them all in `copies`. `sources` are the sources searched (for each
    /// copy's lines).
    pub fn into_clusters(self, sources: &[Source], max: usize) -> Vec<Cluster> {
        let Duplicates { paths, rank, found } = self;
        let me = Duplicates {
            paths,
            rank,
            found: Vec::new(),
        };
        found
            .into_iter()
            .map(|f| Cluster {
                similarity: f.similarity,
                words: f.words,
                occurrences: f
                    .places
                    .iter()
                    .take(max)
                    .map(|p| {
                        let span = p.span();
                        DupOccurrence {
                            source: me.paths[p.source as usize].clone(),
                            span,
                            lines: me
                                .source(sources, p.source)
                                .map_or([0, 0], |s| s.lines_of(span)),
                        }
                    })
                    .collect(),
                copies: f.places.len(),
                diff: f.diff,
            })
            .collect()
    }
}

/// Keeping a search's result between runs (the cache): the passages as they are, read back only
/// when every copy lies at character boundaries inside its source, so a damaged copy is
/// searched again, not reported.
impl Encode for Duplicates {
    fn pieces(&self) -> Pieces<'_> {
        let mut p = Pieces::default();
        p.u64(self.found.len() as u64);
        for f in &self.found {
            p.u64(f.similarity.to_bits());
            p.u64(f.words as u64);
            let flat: Vec<u32> = f
                .places
                .runs
                .iter()
                .flat_map(|&(p, step, count)| [p.source, p.start, p.end, step, count])
                .collect();
            p.u32s(flat);
            p.u64(f.diff.len() as u64);
            for d in &f.diff {
                p.u64(match d.op {
                    DiffTag::Equal => 0,
                    DiffTag::Delete => 1,
                    DiffTag::Insert => 2,
                });
                p.str(&d.text);
            }
        }
        p
    }
}

impl Duplicates {
    /// The result stored (its [`Encode`] payload) for a search of `sources`, when it is whole
    /// and every copy is a span of its source's text.
    pub(super) fn from_bytes(r: &mut Reader<'_>, sources: &[Source]) -> Option<Duplicates> {
        let mut found = Vec::new();
        for _ in 0..r.u64()? {
            let similarity = f64::from_bits(r.u64()?);
            let words = r.usize()?;
            let flat = r.u32s()?;
            if !flat.len().is_multiple_of(5) || !(0.0..=1.0).contains(&similarity) {
                return None;
            }
            let mut places = Places::default();
            for c in flat.chunks_exact(5) {
                let (p, step, count) = (
                    Place {
                        source: c[0],
                        start: c[1],
                        end: c[2],
                    },
                    c[3],
                    c[4],
                );
                let source = sources.get(p.source as usize)?;
                // A run holds one copy, or copies a step apart: never a step of zero, so a run
                // holds at most one copy per byte of its source.
                if count == 0 || (count > 1 && step == 0) || p.end < p.start {
                    return None;
                }
                let last_start = u64::from(p.start) + u64::from(step) * u64::from(count - 1);
                let last_end = last_start + u64::from(p.end - p.start);
                if last_end > source.len() as u64 {
                    return None;
                }
                let on_boundaries = (0..u64::from(count)).map(|i| u64::from(step) * i).all(|d| {
                    source.is_char_boundary((u64::from(p.start) + d) as usize)
                        && source.is_char_boundary((u64::from(p.end) + d) as usize)
                });
                if !on_boundaries {
                    return None;
                }
                // Copies in order: by source, then position.
                if let Some(&(q, qs, qc)) = places.runs.last() {
                    let q_last = u64::from(q.start) + u64::from(qs) * u64::from(qc - 1);
                    if (q.source, q_last) > (p.source, u64::from(p.start)) {
                        return None;
                    }
                }
                places.runs.push((p, step, count));
                places.len += count as usize;
            }
            let mut diff = Vec::new();
            for _ in 0..r.u64()? {
                let op = match r.u64()? {
                    0 => DiffTag::Equal,
                    1 => DiffTag::Delete,
                    2 => DiffTag::Insert,
                    _ => return None,
                };
                diff.push(DiffOp {
                    op,
                    text: r.str()?.to_string(),
                });
            }
            if places.len == 0 {
                return None;
            }
            found.push(Found {
                similarity,
                words,
                places,
                diff,
            });
        }
        Some(Duplicates::new(sources, found))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_give_back_every_copy_in_order() {
        let p = |source, start, end| Place { source, start, end };
        let mut want = Vec::new();
        // A phrase pasted back to back, then unevenly spaced copies, then another source.
        want.extend((0..1000).map(|i| p(0, 100 + 21 * i, 120 + 21 * i)));
        want.extend([
            p(0, 30_000, 30_020),
            p(0, 30_500, 30_520),
            p(0, 30_600, 30_625),
        ]);
        want.extend((0..5).map(|i| p(1, 7 * i, 7 * i + 5)));
        want.push(p(2, 0, 5));
        let places: Places = want.iter().copied().collect();
        assert_eq!(places.len(), want.len());
        assert_eq!(places.iter().collect::<Vec<_>>(), want);
        assert!(places.runs.len() <= 6, "{:?}", places.runs);
    }

    /// Two sources sharing a passage, and their search's result as bytes (searched once).
    fn stored() -> &'static (Vec<Source>, Vec<u8>) {
        static STORED: std::sync::OnceLock<(Vec<Source>, Vec<u8>)> = std::sync::OnceLock::new();
        STORED.get_or_init(|| {
            let shared = "the harbour council signed the winter treaty at the northern station";
            let sources = vec![
                Source::from_text("a.txt", format!("Épée one. {shared}. Two {shared} again.")),
                Source::from_text("b.txt", format!("Другой текст: {shared}, it said.")),
            ];
            let found = super::super::search(&sources, &Default::default());
            assert!(!found.is_empty());
            (sources, found.pieces().concat())
        })
    }

    proptest::proptest! {
        /// A damaged result (any byte changed, or cut anywhere) is refused, or reads as one
        /// whose every copy is a span of its source: reporting it never panics.
        #[test]
        fn a_damaged_result_is_refused_or_safe_to_report(
            at in proptest::prelude::any::<proptest::sample::Index>(),
            flip in 1u8..=255,
            cut in proptest::prelude::any::<bool>(),
        ) {
            use crate::cache::Reader;
            let (sources, stored) = stored();
            let bytes = crate::text::bytes::damage(stored.clone(), at, flip, cut);
            if let Some(d) = Duplicates::from_bytes(&mut Reader(&bytes), sources) {
                for c in d.into_clusters(sources, usize::MAX) {
                    for o in c.occurrences {
                        let s = sources.iter().find(|s| s.path == o.source).unwrap();
                        proptest::prop_assert!(s.text().get(o.span.start..o.span.end).is_some());
                    }
                }
            }
        }
    }
}
