//! The search's result, held compact until the report is built: each copy of a passage is a
//! source number and a byte span (12 bytes), not a [`DupOccurrence`] (a path string, a span
//! and lines: about 90 bytes with the string's allocation). A sentence repeated a million
//! times has a million copies, all kept until every entry's `also_at` has seen them, while the
//! locator's indexes are built: 125 MB of occurrences for a 117 MB source, 17 MB here.

use crate::model::{Cluster, DiffOp, DupOccurrence, Span};
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
    pub(super) places: Vec<Place>,
    pub(super) diff: Vec<DiffOp>,
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
