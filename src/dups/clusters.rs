//! Clusters: pairs of passages grouped into clusters of occurrences, and each cluster measured.
//!
//! Two passages in the same place count as one occurrence when each covers most of the other,
//! so a passage found against several copies is reported once, with every copy. A cluster's
//! similarity and diff are those of the occurrence least like the first.

use super::chains::{compare, compare_similarity, Edge, Lines};
use super::corpus::{Corpus, BARRIER};
use super::found::Found;
use crate::model::{DiffOp, DiffTag};

/// Two passages in one place are the same occurrence when their overlap covers this share of
/// each.
const SAME_OCCURRENCE: f64 = 0.8;

fn find(parent: &mut [u32], mut x: u32) -> u32 {
    while parent[x as usize] != x {
        parent[x as usize] = parent[parent[x as usize] as usize];
        x = parent[x as usize];
    }
    x
}

fn union(parent: &mut [u32], a: u32, b: u32) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        parent[ra.max(rb) as usize] = ra.min(rb);
    }
}

/// Group pairs of passages into clusters of occurrences (global word ranges, sorted).
///
/// Nodes (the two sides of every edge) are numbered, not copied, and every table is `u32`: a
/// sentence repeated a million times gives two million nodes, and their copies, a hash map of
/// components and `usize` tables took four times the corpus's keys here.
pub(super) fn group(edges: &[Edge], lines: &Lines) -> Vec<Vec<(u32, u32)>> {
    // Nodes: both sides of every edge, then every place of every line.
    let sides = u32::try_from(edges.len() * 2).expect("word positions are u32");
    let node = |i: u32| {
        if i >= sides {
            return lines.places[(i - sides) as usize];
        }
        let e = &edges[i as usize / 2];
        if i.is_multiple_of(2) {
            e.a
        } else {
            e.b
        }
    };
    let n = sides + u32::try_from(lines.places.len()).expect("word positions are u32");
    let mut parent: Vec<u32> = (0..n).collect();
    for i in 0..sides / 2 {
        union(&mut parent, 2 * i, 2 * i + 1);
    }
    let mut start = 0;
    for &end in &lines.ends {
        for x in start + 1..end {
            union(&mut parent, sides + x - 1, sides + x);
        }
        start = end;
    }
    // The same place found against different copies: one occurrence. Ties in place are
    // ordered by node, so the order (and the 64 looked at) never depends on the sort.
    let mut order: Vec<u32> = (0..n).collect();
    order.sort_unstable_by_key(|&i| (node(i), i));
    for (x, &i) in order.iter().enumerate() {
        let (s, e) = node(i);
        for &j in order[x + 1..].iter().take(64) {
            let (s2, e2) = node(j);
            if s2 >= e {
                break;
            }
            let ov = (e.min(e2) - s2) as f64;
            if ov >= SAME_OCCURRENCE * (e - s) as f64 && ov >= SAME_OCCURRENCE * (e2 - s2) as f64 {
                union(&mut parent, i, j);
            }
        }
    }
    // Components: the nodes sorted by root, then by place.
    for i in 0..n {
        parent[i as usize] = find(&mut parent, i);
    }
    order.sort_unstable_by_key(|&i| (parent[i as usize], node(i)));
    let mut out: Vec<Vec<(u32, u32)>> = Vec::new();
    let mut at = 0;
    while at < order.len() {
        let root = parent[order[at] as usize];
        // Overlapping ranges of one cluster are one occurrence: their union.
        let mut occ: Vec<(u32, u32)> = Vec::new();
        while at < order.len() && parent[order[at] as usize] == root {
            let (s, e) = node(order[at]);
            match occ.last_mut() {
                Some(last) if s < last.1 => last.1 = last.1.max(e),
                _ => occ.push((s, e)),
            }
            at += 1;
        }
        if occ.len() >= 2 {
            occ.shrink_to_fit();
            out.push(occ);
        }
    }
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
    fewer_distinct(keys, distinct_needed(min_words))
}

/// The fewest distinct words a reported passage has (see [`trivial`]).
pub(super) fn distinct_needed(min_words: usize) -> usize {
    (min_words / 2).max(2)
}

/// True when `keys` hold fewer than `t` distinct words, barriers aside (looks no further
/// than the `t`-th distinct word). Called for every fingerprint and seed of the search, so
/// the words seen are kept on the stack when `t` is small (it is `min_words / 2`).
pub(super) fn fewer_distinct(keys: &[u32], t: usize) -> bool {
    const ON_STACK: usize = 32;
    let mut stack = [BARRIER; ON_STACK];
    let mut heap = Vec::new();
    let seen: &mut [u32] = if t <= ON_STACK {
        &mut stack[..t]
    } else {
        heap.resize(t, BARRIER);
        &mut heap
    };
    let mut n = 0;
    for &k in keys {
        if k != BARRIER && !seen[..n].contains(&k) {
            if n + 1 >= t {
                return false;
            }
            seen[n] = k;
            n += 1;
        }
    }
    true
}

/// Whether a cluster of the occurrences `occ` is reported at all: its first occurrence has
/// `min_words` words and is not [`trivial`].
pub(super) fn worth_reporting(keys: &[u32], occ: &[(u32, u32)], min_words: usize) -> bool {
    let fk = &keys[occ[0].0 as usize..occ[0].1 as usize];
    fk.len() >= min_words && !trivial(fk, min_words)
}

/// The cluster of the occurrences `occ` (global word ranges, sorted), measured: the
/// occurrence least like the first decides its similarity and diff (`None` with fewer than two
/// occurrences, which [`group`] never gives).
pub(super) fn measure(corpus: &Corpus, occ: &[(u32, u32)]) -> Option<Found> {
    let keys = &corpus.keys;
    let range = |o: (u32, u32)| (o.0 as usize, o.1 as usize);
    let first = range(occ[0]);
    let fk = &keys[first.0..first.1];
    // The least similar copy first, by similarity alone; its diff is computed once after
    // (a copy's diff is as long as its edits: a million copies' diffs were all held before).
    let mut worst: Option<(f64, usize)> = None;
    for (i, &o) in occ.iter().enumerate().skip(1) {
        let o = range(o);
        let sim = compare_similarity(fk, &keys[o.0..o.1]);
        if worst.is_none_or(|(s, _)| sim < s) {
            worst = Some((sim, i));
        }
    }
    let (sim, wi) = worst?;
    let w = range(occ[wi]);
    let ops = if sim < 1.0 {
        compare(fk, &keys[w.0..w.1]).1
    } else {
        Vec::new()
    };
    let diff = if sim < 1.0 {
        let (s0, s1) = (corpus.source_of(first.0), corpus.source_of(w.0));
        let sp0 = corpus.word_spans(s0, first.0 - corpus.base[s0], first.1 - corpus.base[s0]);
        let sp1 = corpus.word_spans(s1, w.0 - corpus.base[s1], w.1 - corpus.base[s1]);
        diff_pieces(
            &ops,
            (corpus.sources[s0].norm.as_str(), &sp0),
            (corpus.sources[s1].norm.as_str(), &sp1),
        )
    } else {
        Vec::new()
    };
    Some(Found {
        similarity: (sim * 10_000.0).round() / 10_000.0,
        words: fk.len(),
        places: occ.iter().map(|&o| corpus.place(range(o))).collect(),
        diff,
    })
}
