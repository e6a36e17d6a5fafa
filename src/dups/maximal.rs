//! Maximal passages: a cluster is dropped when another cluster already says everything it
//! says, that is when every copy of it lies inside a copy of that other cluster, a different
//! copy each.
//!
//! Such a cluster comes from a passage met on several diagonals: a sentence repeated end to
//! end (`s s s s s s s s s`) matches itself at every shift of one sentence; the run at one
//! shift may hold the run at another, and the two pairs, too unlike to count as one occurrence,
//! were reported as two clusters, one inside the other (a 10-word cluster inside a 15-word one
//! on line 13 of `tests/cmd/verdicts.in/sources/doc.txt`).
//!
//! What stays, because the longer passage's cluster does not tell it: a shorter passage with a
//! copy outside every copy of the longer one (passage A three times, twice inside a longer
//! passage copied twice), and a shorter passage with two copies inside one copy of the longer
//! one (the longer passage repeats A within itself). Clusters with the very same copies are
//! one cluster: the first is kept.

use rayon::prelude::*;

/// The clusters (occurrences as global word ranges, sorted, disjoint) that no other cluster
/// covers (see the module docs), in their order.
pub(super) fn maximal(clusters: Vec<Vec<(u32, u32)>>) -> Vec<Vec<(u32, u32)>> {
    if clusters.len() < 2 {
        // Nothing to cover it: the index below would hold a lone cluster's million copies.
        return clusters;
    }
    // Every occurrence of every cluster, by start: those that can hold a cluster's first
    // occurrence start at or before it and end at or after it.
    // `u32` throughout, as word positions are: a passage repeated a million times has a
    // million occurrences here.
    let mut all: Vec<(u32, u32, u32)> = clusters
        .iter()
        .enumerate()
        .flat_map(|(c, occ)| occ.iter().map(move |&(s, e)| (s, e, c as u32)))
        .collect();
    all.sort_unstable();
    let ends = Ends::new(all.iter().map(|o| o.1).collect());
    let covered: Vec<bool> = clusters
        .par_iter()
        .enumerate()
        .map(|(c, occ)| {
            let (s, e) = occ[0];
            let before = all.partition_point(|o| o.0 <= s);
            ends.at_least(before, e).into_iter().any(|i| {
                let d = all[i].2 as usize;
                d != c && covers(&clusters[d], occ) && (clusters[d] != *occ || d < c)
            })
        })
        .collect();
    clusters
        .into_iter()
        .zip(covered)
        .filter_map(|(occ, covered)| (!covered).then_some(occ))
        .collect()
}

/// True when every occurrence of `inner` lies inside an occurrence of `outer`, no two inside
/// the same one (both sorted by start; the occurrences of one cluster are disjoint).
fn covers(outer: &[(u32, u32)], inner: &[(u32, u32)]) -> bool {
    let mut last = None;
    inner.iter().all(|&(s, e)| {
        // The one occurrence of `outer` that may hold this one: the last to start at or before.
        let Some(i) = outer.partition_point(|o| o.0 <= s).checked_sub(1) else {
            return false;
        };
        // `inner` is sorted, so `i` never decreases: a repeated `i` is a shared occurrence.
        let alone = last != Some(i);
        last = Some(i);
        outer[i].1 >= e && alone
    })
}

/// A max-tree over the ends of the occurrences sorted by start, so the occurrences that hold a
/// range are found in time proportional to their number (times a logarithm), however long the
/// passages: a scan back from the range would cross every occurrence a long passage spans.
struct Ends {
    /// Number of leaves (a power of two).
    size: usize,
    /// Node `n` holds the largest end below it; leaves at `size..`, padding 0 (ends are > 0).
    max: Vec<u32>,
}

impl Ends {
    fn new(ends: Vec<u32>) -> Ends {
        let size = ends.len().next_power_of_two();
        let mut max = vec![0; 2 * size];
        max[size..size + ends.len()].copy_from_slice(&ends);
        for n in (1..size).rev() {
            max[n] = max[2 * n].max(max[2 * n + 1]);
        }
        Ends { size, max }
    }

    /// Indices below `before` whose end is at least `end`.
    fn at_least(&self, before: usize, end: u32) -> Vec<usize> {
        let mut out = Vec::new();
        let mut stack = vec![(1, 0, self.size)]; // a node and the leaves [lo, hi) below it
        while let Some((n, lo, hi)) = stack.pop() {
            if lo >= before || self.max[n] < end {
                continue;
            }
            if n >= self.size {
                out.push(lo);
                continue;
            }
            let mid = (lo + hi) / 2;
            stack.push((2 * n + 1, mid, hi));
            stack.push((2 * n, lo, mid));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cluster_inside_another_copy_for_copy_goes() {
        let outer = vec![(0, 15), (30, 45)];
        let inner = vec![(0, 10), (35, 45)];
        assert_eq!(maximal(vec![outer.clone(), inner]), [outer]);
    }

    #[test]
    fn a_copy_outside_or_two_copies_in_one_keep_the_cluster() {
        let outer = vec![(10, 40), (100, 130)];
        let third_copy_outside = vec![(20, 29), (110, 119), (200, 209)];
        let twice_in_each = vec![(12, 20), (25, 33), (102, 110), (115, 123)];
        let all = vec![outer, third_copy_outside, twice_in_each];
        assert_eq!(maximal(all.clone()), all);
    }

    #[test]
    fn the_same_copies_are_one_cluster() {
        let a = vec![(0, 9), (20, 29)];
        assert_eq!(maximal(vec![a.clone(), a.clone()]), [a]);
    }

    #[test]
    fn holders_are_found_among_many_occurrences() {
        let ends = Ends::new(vec![50, 3, 12, 40, 7]);
        assert_eq!(ends.at_least(5, 12), [0, 2, 3]);
        assert_eq!(ends.at_least(2, 12), [0]);
        assert!(ends.at_least(5, 60).is_empty());
    }
}
