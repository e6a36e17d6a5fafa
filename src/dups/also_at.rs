//! A quote's other copies: the occurrences of the duplicated passages that hold its found
//! text, each checked for whether it differs within the quoted words.
//!
//! Words compare by their case-insensitive keys in the duplicate search, so a copy that differs
//! only in case or punctuation is identical there; here the exact text is checked again with
//! the locator, so such a copy is marked as differing.

use std::collections::{BTreeMap, HashMap};

use super::found::{Duplicates, Place};
use crate::locate::{Locator, Needle};
use crate::model::{AlsoAt, Span};
use crate::source::Source;

/// The other copies of the duplicated passages that hold `span` of `source` (a quote's found
/// text), each with whether it differs within those words: the found text does not occur,
/// even after normalization, inside that copy. Copies overlapping in one source are reported
/// once (the shortest passage: the one closest to the quote). Sorted by (source, position).
/// `sources` are the sources searched.
pub fn also_at(
    dups: &Duplicates,
    sources: &[Source],
    locator: &dyn Locator,
    source: &Source,
    span: Span,
) -> Vec<AlsoAt> {
    let Some(me) = dups.paths.iter().position(|p| *p == source.path) else {
        return Vec::new();
    };
    let me = me as u32;
    // The found text sits in a copy when all its words do (it may take in the punctuation
    // around the passage, which is not part of it).
    let wordless =
        |a: usize, b: usize| a >= b || !source.slice(a..b).chars().any(char::is_alphanumeric);
    let holds = |o: &Place| {
        let o = (o.source, o.span());
        o.0 == me
            && o.1.start < span.end
            && span.start < o.1.end
            && wordless(span.start, o.1.start.max(span.start))
            && wordless(o.1.end.min(span.end), span.end)
    };
    let mut others: Vec<Place> = Vec::new();
    for c in &dups.found {
        if c.places.iter().any(|o| holds(&o)) {
            others.extend(c.places.iter().filter(|o| !holds(o)));
        }
    }
    if others.is_empty() {
        return Vec::new();
    }
    // Copies compare by their source's path (its rank among the paths), as the report
    // sorts them.
    let rank = |o: &Place| dups.rank[o.source as usize];
    // Shortest first, so an overlapping longer copy in the same place is dropped. The kept
    // copies of a source are disjoint, so a new one is checked against its two neighbours
    // only: a passage repeated a million times costs n log n here, not n squared.
    others.sort_by_key(|o| (o.end - o.start, rank(o), o.start));
    let mut kept_at: BTreeMap<(u32, u32), Place> = BTreeMap::new();
    for o in others {
        let key = (rank(&o), o.start);
        let before = kept_at.range(..=key).next_back().map(|(_, k)| *k);
        let after = kept_at.range(key..).next().map(|(_, k)| *k);
        let overlaps = [before, after]
            .into_iter()
            .flatten()
            .any(|k| k.source == o.source && k.start < o.end && o.start < k.end);
        if !overlaps {
            kept_at.insert(key, o);
        }
    }
    // Compare words and what lies between them, not the punctuation around the found text.
    let found = &*source.slice(span);
    let first = found.find(char::is_alphanumeric).unwrap_or(0);
    let last = found.rfind(char::is_alphanumeric).map_or(found.len(), |i| {
        i + found[i..].chars().next().map_or(1, char::len_utf8)
    });
    let needle = Needle::new(&found[first..last.max(first)]);
    // The found text's occurrences, looked up once per source (sorted by start).
    let mut found_in: HashMap<u32, Vec<Span>> = HashMap::new();
    kept_at
        .into_values()
        .map(|o| {
            let src = dups.source(sources, o.source);
            let occ = found_in.entry(o.source).or_insert_with(|| {
                src.map(|s| locator.occurrences(s, &needle))
                    .unwrap_or_default()
                    .into_iter()
                    .map(|m| m.span)
                    .collect()
            });
            let span = o.span();
            let from = occ.partition_point(|m| m.start < span.start);
            let same = occ[from..]
                .iter()
                .take_while(|m| m.start < span.end)
                .any(|m| m.end <= span.end);
            AlsoAt {
                source: dups.paths[o.source as usize].clone(),
                span,
                lines: src.map_or([0, 0], |s| s.lines_of(span)),
                differs: !same,
            }
        })
        .collect()
}
