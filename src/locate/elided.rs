//! Quotes with elisions: `“the group has no support […] inside Iran”`.
//!
//! An elision mark inside a quote stands for words the writer left out, so the quote is found
//! part by part: every part in order, each starting after the previous one ends and at most
//! [`MAX_GAP`] source bytes later. The match spans the first part's start to the last part's
//! end (the omitted words included, so a report shows what was left out). Parts are located by
//! any [`Locator`], exactly as whole quotes are.
//!
//! Work stays proportionate to the quote and the source, whatever a stranger's quote holds
//! (`a … b … c …` against a text of the words a, b and c): a quote of more than [`MAX_PARTS`]
//! parts is not split (its marks are read as text, so it is found only where the source has
//! them: it fails, never passes, by the limit). Exact placements stream: the first part's
//! occurrences one at a time, each later part found forward from the end of the one before
//! (a scan of the text that each placement resumes, not a list of every occurrence), so
//! memory stays flat and time is about the parts times the text, whatever the repetition.
//! An approximate placement starts from a few anchors and finds later parts the same way.

use std::ops::ControlFlow;

use super::forward::Forward;
use super::{Approx, DiffOp, DiffTag, How, Locator, Match, Needle};
use crate::model::Span;
use crate::source::Source;

/// Most source bytes one elision may stand for (about three hundred words): enough for words
/// or sentences left out of one passage, not for joining two passages pages apart.
pub const MAX_GAP: usize = 2000;

/// First parts tried when the quote is not found exactly.
const MAX_ANCHORS: usize = 16;

/// Most parts an elided quote is split into: one with more elision marks inside is read as
/// written, marks and all (see [`Needle::new`]). Real quotes leave words out a few times.
pub const MAX_PARTS: usize = 32;

/// The occurrence in `occ` (sorted by start) that starts first at or after `end`, if it
/// starts within [`MAX_GAP`] bytes of it.
#[cfg(test)]
fn next_after(occ: &[Match], end: usize) -> Option<&Match> {
    let i = occ.partition_point(|o| o.span.start < end);
    occ.get(i).filter(|o| o.span.start - end <= MAX_GAP)
}

/// Exact or normalized occurrences of an elided quote, from the occurrences of each part
/// (each list sorted by start): one per occurrence of the first part that the others follow
/// in order, each later part taking its earliest possible occurrence. Of two placements that
/// end at the same place the shorter is kept. Exact when every part is exact. The reference
/// the streaming placement (`follow` over [`Forward`](super::forward) cursors) is tested
/// against; the locator itself never gathers every part's occurrences.
#[cfg(test)]
pub fn chains(parts: &[Vec<Match>]) -> Vec<Match> {
    let Some((first, rest)) = parts.split_first() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut merge = Merge::default();
    for m in first {
        let placed = follow(m, rest.len(), |k, end| next_after(&rest[k], end).cloned());
        out.extend(placed.and_then(|p| merge.push(p)));
    }
    out.extend(merge.finish());
    out
}

/// The placement of an elided quote from `m`, an occurrence of its first part: each of the
/// `later` parts at its first occurrence starting at or after the end of the one before
/// (`next(k, end)`: later part `k`'s), if that starts within [`MAX_GAP`] bytes of it. Exact
/// when every part is.
pub fn follow(
    m: &Match,
    later: usize,
    mut next: impl FnMut(usize, usize) -> Option<Match>,
) -> Option<Match> {
    let (mut end, mut exact) = (m.span.end, m.how == How::Exact);
    for k in 0..later {
        let o = next(k, end).filter(|o| o.span.start - end <= MAX_GAP)?;
        end = o.span.end;
        exact &= o.how == How::Exact;
    }
    let how = if exact { How::Exact } else { How::Normalized };
    Some(Match {
        span: Span::new(m.span.start, end),
        how,
    })
}

/// Placements in the order of their first parts, of which two that end at the same place
/// keep only the shorter (greedy placements end in start order, so equal ends are
/// neighbours): what [`Merge::push`] returns is final. Streaming, so placements from ten
/// million occurrences of a first part are not held.
#[derive(Debug, Default)]
pub struct Merge {
    pending: Option<Match>,
}

impl Merge {
    /// Take placement `m`; the one before it, once final.
    pub fn push(&mut self, m: Match) -> Option<Match> {
        match &self.pending {
            Some(last) if last.span.end == m.span.end => {
                self.pending = Some(m);
                None
            }
            _ => self.pending.replace(m),
        }
    }

    /// The last placement.
    pub fn finish(self) -> Option<Match> {
        self.pending
    }
}

/// One placed part: its match, similarity, word edits, case-only flag and diff.
struct Placed {
    span: Span,
    similarity: f64,
    edits: usize,
    case_only: bool,
    diff: Vec<DiffOp>,
}

/// `m` as a placed part; an exact or normalized part's diff is the source's own text there.
fn placed(m: &Match, source: &Source) -> Placed {
    match &m.how {
        How::Approx(a) => Placed {
            span: m.span,
            similarity: a.similarity,
            edits: a.edits,
            case_only: a.case_only,
            diff: a.diff.clone(),
        },
        How::Exact | How::Normalized => Placed {
            span: m.span,
            similarity: 1.0,
            edits: 0,
            case_only: false,
            diff: vec![DiffOp {
                op: DiffTag::Equal,
                text: super::diff::one_line(&source.slice(m.span)),
            }],
        },
    }
}

/// The best approximate placement of an elided quote (see [`Locator::approximate`]): from each
/// occurrence of the first part (or its best approximate match), each later part at its first
/// exact occurrence within reach, else at its best approximate match if that lies within reach.
/// The similarity is the parts' similarities weighted by their words; the diff joins the
/// parts' diffs with `...` where words were left out.
pub fn approximate(
    locator: &dyn Locator,
    source: &Source,
    needle: &Needle,
    near: Option<usize>,
    floor: f64,
) -> Option<Match> {
    let parts = &needle.parts;
    let mut first = Vec::new();
    locator.each_occurrence(source, parts.first()?, &mut |m| {
        first.push(m);
        if first.len() < MAX_ANCHORS {
            ControlFlow::Continue(())
        } else {
            ControlFlow::Break(())
        }
    });
    let anchors: Vec<Match> = if first.is_empty() {
        locator
            .approximate(source, &parts[0], near, 0.0)
            .into_iter()
            .collect()
    } else {
        first
    };
    // Later parts found forward from where the part before ends, never gathered whole.
    let mut later: Vec<Forward<'_>> = parts[1..].iter().map(|p| Forward::new(source, p)).collect();
    let mut best: Option<(f64, Vec<Placed>)> = None;
    'anchor: for anchor in &anchors {
        let mut chain = vec![placed(anchor, source)];
        for (k, part) in parts.iter().enumerate().skip(1) {
            let end = chain.last().map_or(0, |p| p.span.end);
            let exact = later[k - 1].first_from(end);
            if let Some(o) = exact.filter(|o| o.span.start - end <= MAX_GAP) {
                chain.push(placed(&o, source));
                continue;
            }
            match locator.approximate(source, part, Some(end), 0.0) {
                Some(m) if m.span.start >= end && m.span.start - end <= MAX_GAP => {
                    chain.push(placed(&m, source))
                }
                _ => continue 'anchor,
            }
        }
        let words: usize = parts.iter().map(|p| p.words.len()).sum();
        let sim = parts
            .iter()
            .zip(&chain)
            .map(|(p, c)| c.similarity * p.words.len() as f64)
            .sum::<f64>()
            / words.max(1) as f64;
        if best.as_ref().is_none_or(|(b, _)| sim > *b + 1e-12) {
            best = Some((sim, chain));
        }
    }
    let (similarity, chain) = best?;
    let edits = chain.iter().map(|c| c.edits).sum();
    let case_only = edits == 0 && chain.iter().any(|c| c.case_only);
    if similarity + 1e-9 < floor && !case_only {
        return None;
    }
    let mut diff: Vec<DiffOp> = Vec::new();
    for (k, c) in chain.iter().enumerate() {
        let sep = DiffOp {
            op: DiffTag::Equal,
            text: " ... ".to_string(),
        };
        let ops = (k > 0)
            .then_some(sep)
            .into_iter()
            .chain(c.diff.iter().cloned());
        for op in ops {
            match diff.last_mut() {
                Some(last) if last.op == op.op => last.text.push_str(&op.text),
                _ => diff.push(op),
            }
        }
    }
    let span = Span::new(chain[0].span.start, chain.last().map_or(0, |c| c.span.end));
    Some(Match {
        span,
        how: How::Approx(Box::new(Approx {
            similarity,
            edits,
            case_only,
            quote_words: needle.words.len(),
            diff,
        })),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locate::IndexLocator;
    use proptest::prelude::*;

    proptest! {
        /// Any quote, marks and all, against a text holding the same words: no panic, and
        /// every span returned lies on character boundaries of the source (what must be
        /// found where is stated by `elided_parts_are_found_in_order_at_their_span`).
        #[test]
        fn any_quote_locates_without_panicking(pieces in prop::collection::vec(prop::sample::select(vec![
            "group", "has", "no", "support", "Iran", "the", " ", " … ", "…", "...", " [...] ", "“",
            "”", ",", "é", "\n",
        ]), 0..24)) {
            let s = src(&format!("{TEXT} The group… has no support in Iran, é… “the” group."));
            let n = Needle::new(&pieces.concat());
            let occ = IndexLocator.occurrences(&s, &n);
            let approx = IndexLocator.approximate(&s, &n, Some(3), 0.0);
            for m in occ.iter().chain(approx.iter()) {
                prop_assert!(m.span.start <= m.span.end && m.span.end <= s.text().len());
                prop_assert!(s.text().is_char_boundary(m.span.start) && s.text().is_char_boundary(m.span.end));
            }
        }
    }

    /// A source of distinct words, and quotes made of ordered runs of them: (words, runs as
    /// (first word, word count), in order, with at least one word left out between runs).
    fn runs() -> impl Strategy<Value = (usize, Vec<(usize, usize)>)> {
        prop::collection::vec((1usize..6, 2usize..5), 2..5).prop_map(|spec| {
            let mut runs = Vec::new();
            let mut at = 3;
            for (skip, len) in spec {
                runs.push((at, len));
                at += len + skip;
            }
            (at + 3, runs)
        })
    }

    proptest! {
        /// Ordered parts of a source, elided, are found as one exact occurrence spanning the
        /// first part's first byte to the last part's last; the same parts in reverse order,
        /// or with the source's gap grown past MAX_GAP, are not found.
        #[test]
        fn elided_parts_are_found_in_order_at_their_span((n, runs) in runs()) {
            let words: Vec<String> = (0..n).map(|i| format!("w{i}q")).collect();
            let starts: Vec<usize> = words
                .iter()
                .scan(0, |at, w| { let s = *at; *at += w.len() + 1; Some(s) })
                .collect();
            let s = src(&words.join(" "));
            let part = |&(first, len): &(usize, usize)| words[first..first + len].join(" ");
            let quote: Vec<String> = runs.iter().map(part).collect();
            let occ = IndexLocator.occurrences(&s, &Needle::new(&quote.join(" … ")));
            let (first, (last, last_len)) = (runs[0].0, *runs.last().unwrap());
            let end = starts[last + last_len - 1] + words[last + last_len - 1].len();
            prop_assert_eq!(occ.len(), 1);
            prop_assert_eq!(occ[0].span, Span::new(starts[first], end));
            prop_assert_eq!(&occ[0].how, &How::Exact);

            let reversed: Vec<String> = quote.iter().rev().cloned().collect();
            prop_assert!(IndexLocator.occurrences(&s, &Needle::new(&reversed.join(" … "))).is_empty());

            // Pad the gap before the last part past MAX_GAP with words the quote does not use.
            let pad = "pad ".repeat(MAX_GAP / 4 + 1);
            let gap_at = starts[last];
            let far = src(&format!("{}{pad}{}", &s.text()[..gap_at], &s.text()[gap_at..]));
            prop_assert!(IndexLocator.occurrences(&far, &Needle::new(&quote.join(" … "))).is_empty());
        }
    }

    fn src(t: &str) -> Source {
        Source::from_text("t.txt", t.to_string())
    }

    const TEXT: &str =
        "The group has no significant popular support, the cable said, inside Iran. \
                        Elsewhere the group has many friends.";

    #[test]
    fn parts_found_in_order_make_one_occurrence() {
        let s = src(TEXT);
        let n = Needle::new("“group has no significant popular support … inside Iran”");
        assert_eq!(n.parts.len(), 2);
        let occ = IndexLocator.occurrences(&s, &n);
        assert_eq!(occ.len(), 1);
        assert_eq!(occ[0].how, How::Exact);
        assert_eq!(
            &s.text()[occ[0].span.start..occ[0].span.end],
            "group has no significant popular support, the cable said, inside Iran"
        );
    }

    #[test]
    fn parts_out_of_order_or_too_far_apart_are_not_an_occurrence() {
        let s = src(TEXT);
        let n = Needle::new("inside Iran [...] the group has no significant popular support");
        assert!(IndexLocator.occurrences(&s, &n).is_empty());
        let far = format!(
            "alpha beta gamma {} delta epsilon zeta",
            "x ".repeat(MAX_GAP)
        );
        let s = src(&far);
        assert!(IndexLocator
            .occurrences(&s, &Needle::new("alpha beta gamma … delta epsilon zeta"))
            .is_empty());
        let near = src("alpha beta gamma and then some delta epsilon zeta");
        assert_eq!(
            IndexLocator
                .occurrences(&near, &Needle::new("alpha beta gamma … delta epsilon zeta"))
                .len(),
            1
        );
    }

    #[test]
    fn leading_and_trailing_marks_are_not_part_of_the_quote() {
        let s = src(TEXT);
        let n = Needle::new("… the group has many friends …");
        assert!(n.parts.is_empty());
        let occ = IndexLocator.occurrences(&s, &n);
        assert_eq!(occ.len(), 1);
        assert_eq!(occ[0].how, How::Exact);
    }

    #[test]
    fn an_ellipsis_the_source_has_at_the_quotes_end_stays_in_the_span() {
        let s = src("Then he paused... and left the room.");
        let occ = IndexLocator.occurrences(&s, &Needle::new("“Then he paused…”"));
        assert_eq!(occ.len(), 1);
        assert_eq!(
            &s.text()[occ[0].span.start..occ[0].span.end],
            "Then he paused..."
        );
        // Without the mark in the quote the span stops at the word.
        let occ = IndexLocator.occurrences(&s, &Needle::new("Then he paused"));
        assert_eq!(
            &s.text()[occ[0].span.start..occ[0].span.end],
            "Then he paused"
        );
    }

    #[test]
    fn an_edited_part_is_drift_with_a_diff_per_part() {
        let s = src(TEXT);
        let n = Needle::new("group has no real popular support … inside Iran");
        assert!(IndexLocator.occurrences(&s, &n).is_empty());
        let m = IndexLocator.approximate(&s, &n, None, 0.0).unwrap();
        let How::Approx(a) = m.how else {
            panic!("not approximate")
        };
        assert_eq!(a.edits, 1);
        let text: String = a.diff.iter().map(|d| d.text.as_str()).collect();
        assert!(text.contains(" ... inside Iran"), "{text}");
        let changed: Vec<&str> = a
            .diff
            .iter()
            .filter(|d| d.op != DiffTag::Equal)
            .map(|d| d.text.as_str())
            .collect();
        assert_eq!(changed, ["real", "significant"]);
    }

    #[test]
    fn chains_keep_the_shorter_of_two_placements_ending_together() {
        let m = |a, b| Match {
            span: Span::new(a, b),
            how: How::Exact,
        };
        let parts = vec![vec![m(0, 5), m(10, 15)], vec![m(20, 25)]];
        assert_eq!(chains(&parts), vec![m(10, 25)]);
    }
}
