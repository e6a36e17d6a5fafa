//! Clusters: pairs of passages grouped into clusters of occurrences, and each cluster measured.
//!
//! Two passages in the same place count as one occurrence when each covers most of the other,
//! so a passage found against several copies is reported once, with every copy. A cluster's
//! similarity and diff are those of the occurrence least like the first.

use std::collections::HashMap;

use super::chains::{compare, compare_similarity, Edge};
use super::corpus::Corpus;
use crate::model::{Cluster, DiffOp, DiffTag};

/// Two passages in one place are the same occurrence when their overlap covers this share of
/// each.
const SAME_OCCURRENCE: f64 = 0.8;

fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        parent[ra.max(rb)] = ra.min(rb);
    }
}

/// Group pairs of passages into clusters of occurrences (global word ranges, sorted).
pub(super) fn group(edges: &[Edge]) -> Vec<Vec<(usize, usize)>> {
    let nodes: Vec<(usize, usize)> = edges.iter().flat_map(|e| [e.a, e.b]).collect();
    let mut parent: Vec<usize> = (0..nodes.len()).collect();
    for i in 0..edges.len() {
        union(&mut parent, 2 * i, 2 * i + 1);
    }
    // The same place found against different copies: one occurrence.
    let mut order: Vec<usize> = (0..nodes.len()).collect();
    order.sort_unstable_by_key(|&i| nodes[i]);
    for (x, &i) in order.iter().enumerate() {
        let (s, e) = nodes[i];
        for &j in order[x + 1..].iter().take(64) {
            let (s2, e2) = nodes[j];
            if s2 >= e {
                break;
            }
            let ov = (e.min(e2) - s2) as f64;
            if ov >= SAME_OCCURRENCE * (e - s) as f64 && ov >= SAME_OCCURRENCE * (e2 - s2) as f64 {
                union(&mut parent, i, j);
            }
        }
    }
    let mut comps: HashMap<usize, Vec<(usize, usize)>> = HashMap::new();
    for (i, &n) in nodes.iter().enumerate() {
        let r = find(&mut parent, i);
        comps.entry(r).or_default().push(n);
    }
    let mut out: Vec<Vec<(usize, usize)>> = comps
        .into_values()
        .filter_map(|mut v| {
            // Overlapping ranges of one cluster are one occurrence: their union.
            v.sort_unstable();
            let mut occ: Vec<(usize, usize)> = Vec::with_capacity(v.len());
            for (s, e) in v {
                match occ.last_mut() {
                    Some(last) if s < last.1 => last.1 = last.1.max(e),
                    _ => occ.push((s, e)),
                }
            }
            (occ.len() >= 2).then_some(occ)
        })
        .collect();
    out.sort_unstable();
    out
}

/// Text pieces of a word diff between two passages, from their word alignment.
fn diff_pieces(
    ops: &[similar::DiffOp],
    old: (&str, &[(usize, usize)]),
    new: (&str, &[(usize, usize)]),
) -> Vec<DiffOp> {
    // A piece runs from its first word's start to the next word's start (so it carries the
    // spacing and punctuation that follow it), or to its last word's end at the passage's end.
    let piece = |(text, spans): (&str, &[(usize, usize)]), r: std::ops::Range<usize>| {
        let start = spans[r.start].0;
        let end = spans.get(r.end).map_or(spans[r.end - 1].1, |s| s.0);
        text[start..end].to_string()
    };
    let mut out: Vec<DiffOp> = Vec::new();
    let mut push = |op: DiffTag, text: String| match out.last_mut() {
        Some(last) if last.op == op => last.text.push_str(&text),
        _ => out.push(DiffOp { op, text }),
    };
    for o in ops {
        let (tag, ro, rn) = o.as_tag_tuple();
        if !ro.is_empty() {
            let t = piece(old, ro.clone());
            match tag {
                similar::DiffTag::Equal => push(DiffTag::Equal, t),
                _ => push(DiffTag::Delete, t),
            }
        }
        if tag != similar::DiffTag::Equal && !rn.is_empty() {
            push(DiffTag::Insert, piece(new, rn));
        }
    }
    out
}

/// True when a passage is trivial: too few distinct words to mean anything ("ha ha ha ...",
/// a row of the same number).
fn trivial(keys: &[u32], min_words: usize) -> bool {
    let mut k = keys.to_vec();
    k.sort_unstable();
    k.dedup();
    k.len() < (min_words / 2).max(2)
}

/// Whether a cluster of the occurrences `occ` is reported at all: its first occurrence has
/// `min_words` words and is not [`trivial`].
pub(super) fn worth_reporting(keys: &[u32], occ: &[(usize, usize)], min_words: usize) -> bool {
    let fk = &keys[occ[0].0..occ[0].1];
    fk.len() >= min_words && !trivial(fk, min_words)
}

/// The cluster of the occurrences `occ` (global word ranges, sorted), measured: the
/// occurrence least like the first decides its similarity and diff (`None` with fewer than two
/// occurrences, which [`group`] never gives).
pub(super) fn measure(corpus: &Corpus, occ: &[(usize, usize)]) -> Option<Cluster> {
    let keys = &corpus.keys;
    let first = occ[0];
    let fk = &keys[first.0..first.1];
    // The least similar copy first, by similarity alone; its diff is computed once after
    // (a copy's diff is as long as its edits: a million copies' diffs were all held before).
    let mut worst: Option<(f64, usize)> = None;
    for (i, o) in occ.iter().enumerate().skip(1) {
        let sim = compare_similarity(fk, &keys[o.0..o.1]);
        if worst.is_none_or(|(s, _)| sim < s) {
            worst = Some((sim, i));
        }
    }
    let (sim, wi) = worst?;
    let ops = if sim < 1.0 {
        compare(fk, &keys[occ[wi].0..occ[wi].1]).1
    } else {
        Vec::new()
    };
    let diff = if sim < 1.0 {
        let (s0, s1) = (corpus.source_of(first.0), corpus.source_of(occ[wi].0));
        let sp0 = corpus.word_spans(s0, first.0 - corpus.base[s0], first.1 - corpus.base[s0]);
        let sp1 = corpus.word_spans(s1, occ[wi].0 - corpus.base[s1], occ[wi].1 - corpus.base[s1]);
        diff_pieces(
            &ops,
            (corpus.sources[s0].norm.as_str(), &sp0),
            (corpus.sources[s1].norm.as_str(), &sp1),
        )
    } else {
        Vec::new()
    };
    Some(Cluster {
        similarity: (sim * 10_000.0).round() / 10_000.0,
        words: fk.len(),
        occurrences: occ.iter().map(|&(a, b)| corpus.occurrence(a, b)).collect(),
        copies: occ.len(),
        diff,
    })
}
