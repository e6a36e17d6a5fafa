//! Choosing among a text's exact and normalized occurrences as the locator streams them: the
//! one the pointer or the declared context singles out, or, when none is singled out, every
//! copy counted and the first few kept for the report.
//!
//! Nothing here holds more than a handful of occurrences, however many the source has: a
//! source repeating a quote ten million times is judged in memory that does not grow with it
//! (issue 13), and the choice is the same as if every occurrence had been listed first.

use std::cmp::Reverse;
use std::ops::ControlFlow;

use super::numbers;
use crate::locate::{How, Locator, Match, Needle};
use crate::model::{Span, Status};
use crate::source::Source;
use crate::text::normalize;
use crate::text::words::fold_case;

/// What the occurrences say before any approximate search.
#[derive(Debug)]
pub(super) enum Choice {
    /// One occurrence is the quote's, with the status it earns (verified, normalized or
    /// relocated).
    One(Match, Status),
    /// Several copies and nothing to choose between them: the first `listed` (in position
    /// order, at most the cap) and how many there are.
    Many {
        /// The first copies.
        listed: Vec<Span>,
        /// Every copy.
        count: usize,
    },
    /// No exact or normalized occurrence.
    None,
}

/// The declared context, folded once (it is compared with every occurrence).
pub(super) struct Context {
    prefix: Option<String>,
    suffix: Option<String>,
}

/// True when `a` and `b` are both letters or digits: a context match ending or starting between
/// them would cut a word ("He said:" is not the end of "She said:").
fn splits_word(a: Option<char>, b: Option<char>) -> bool {
    a.zip(b)
        .is_some_and(|(a, b)| a.is_alphanumeric() && b.is_alphanumeric())
}

fn fold(s: &str) -> String {
    fold_case(normalize(s).as_str().trim())
}

impl Context {
    /// The context an entry declares (`prefix`, `suffix`); empty ones count as absent.
    pub(super) fn new(prefix: Option<&str>, suffix: Option<&str>) -> Context {
        let keep = |s: Option<&str>| s.map(fold).filter(|s| !s.is_empty());
        Context {
            prefix: keep(prefix),
            suffix: keep(suffix),
        }
    }

    /// How many of the declared prefix and suffix surround the occurrence at `span`.
    pub(super) fn score(&self, source: &Source, span: Span) -> usize {
        let mut score = 0;
        if let Some(p) = &self.prefix {
            let (before, _) =
                source.window(span.start.saturating_sub(p.len() * 2 + 16), span.start);
            let before = fold(&before);
            if before
                .strip_suffix(p.as_str())
                .is_some_and(|rest| !splits_word(rest.chars().next_back(), p.chars().next()))
            {
                score += 1;
            }
        }
        if let Some(s) = &self.suffix {
            let (after, _) = source.window(span.end, span.end + s.len() * 2 + 16);
            let after = fold(&after);
            if after
                .strip_prefix(s.as_str())
                .is_some_and(|rest| !splits_word(s.chars().next_back(), rest.chars().next()))
            {
                score += 1;
            }
        }
        score
    }

    fn is_empty(&self) -> bool {
        self.prefix.is_none() && self.suffix.is_none()
    }
}

/// Fewest bytes between `span` and `near` (0 inside it), so a copy just past a wide `lines`
/// region beats one far before its start.
fn gap(span: Span, near: Span) -> usize {
    near.start
        .saturating_sub(span.end)
        .max(span.start.saturating_sub(near.end))
}

/// The best occurrence of one kind seen so far: best context first, then nearest the region,
/// then first in the source (occurrences arrive in position order, so a later equal loses).
struct Best(Option<((Reverse<usize>, usize), Match)>);

impl Best {
    fn offer(&mut self, key: (Reverse<usize>, usize), m: &Match) {
        if self.0.as_ref().is_none_or(|(k, _)| key < *k) {
            self.0 = Some((key, m.clone()));
        }
    }
}

/// Offer `m` to the best exact copy inside the region, the best copy inside it and the best
/// copy anywhere, as far as it is one.
fn offer_in(best: &mut [Best; 3], key: (Reverse<usize>, usize), m: &Match, inside: bool) {
    if inside {
        if m.how == How::Exact {
            best[0].offer(key, m);
        }
        best[1].offer(key, m);
    }
    best[2].offer(key, m);
}

/// Choose among the occurrences of `needle` in `source` (see [`Choice`]), keeping at most
/// `max_listed` copies for an ambiguous text.
///
/// Occurrences that begin or end inside a number of the source ("200 people" in "1,200
/// people", see [`super::numbers`]) are chosen only when every occurrence does: the source
/// does not say those words there. What follows applies to the occurrences left.
///
/// With a pointer region: an exact copy inside it is verified, a normalized one inside it
/// normalized, any other copy relocated — each time the best by context, then nearness.
/// Without one: the copies with the most declared context, and of those the exact ones when
/// any is exact (the quote's exact bytes single out a verbatim copy; a typographic variant
/// elsewhere is a different passage, not a second occurrence); one left is the quote's,
/// several are ambiguous.
pub(super) fn choose(
    locator: &dyn Locator,
    source: &Source,
    needle: &Needle,
    region: Option<Span>,
    context: &Context,
    max_listed: usize,
) -> Choice {
    // Only a text whose first or last word is a number can cut one.
    let may_cut = numbers::may_cut(&needle.raw) || numbers::may_cut(&needle.norm);
    let cuts = |m: &Match| may_cut && numbers::cuts_any(source, m.span);
    if let Some(r) = region {
        // [exact inside, inside, anywhere], of the occurrences cutting no number and of all.
        let mut whole = [Best(None), Best(None), Best(None)];
        let mut all = [Best(None), Best(None), Best(None)];
        locator.each_occurrence(source, needle, &mut |m| {
            let key = (Reverse(context.score(source, m.span)), gap(m.span, r));
            let inside = m.span.start >= r.start && m.span.end <= r.end;
            if !cuts(&m) {
                offer_in(&mut whole, key, &m, inside);
            }
            offer_in(&mut all, key, &m, inside);
            ControlFlow::Continue(())
        });
        let [exact_inside, inside, anywhere] = if whole[2].0.is_some() { whole } else { all };
        return match (exact_inside.0, inside.0, anywhere.0) {
            (Some((_, m)), _, _) => Choice::One(m, Status::Verified),
            (None, Some((_, m)), _) => Choice::One(m, Status::Normalized),
            (None, None, Some((_, m))) => Choice::One(m, Status::Relocated),
            (None, None, None) => Choice::None,
        };
    }
    // The copies of the highest class (cutting no number, context score, then exactness) seen
    // so far: how many, and the first of them. A higher class starts the count again.
    let keep = max_listed.max(1);
    let mut top: Option<(bool, usize, bool)> = None;
    let mut count = 0usize;
    let mut kept: Vec<Match> = Vec::new();
    locator.each_occurrence(source, needle, &mut |m| {
        let score = if context.is_empty() {
            0
        } else {
            context.score(source, m.span)
        };
        let class = (!cuts(&m), score, m.how == How::Exact);
        if top.is_none_or(|t| class > t) {
            top = Some(class);
            count = 0;
            kept.clear();
        }
        if Some(class) == top {
            count += 1;
            if kept.len() < keep {
                kept.push(m);
            }
        }
        ControlFlow::Continue(())
    });
    match (count, kept.first()) {
        (0, _) | (_, None) => Choice::None,
        (1, Some(m)) => {
            let status = if m.how == How::Exact {
                Status::Verified
            } else {
                Status::Normalized
            };
            Choice::One(m.clone(), status)
        }
        (count, Some(_)) => Choice::Many {
            listed: kept.iter().take(max_listed).map(|m| m.span).collect(),
            count,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locate::IndexLocator;
    use proptest::prelude::*;

    /// The choice made the way it was before streaming: every occurrence listed first, then
    /// filtered (see `choose`'s docs). The streaming choice must agree with it everywhere.
    fn reference(
        source: &Source,
        needle: &Needle,
        region: Option<Span>,
        context: &Context,
        max: usize,
    ) -> Choice {
        let mut occ = IndexLocator.occurrences(source, needle);
        // The occurrences cutting no number, if any.
        if occ.iter().any(|m| !numbers::cuts_any(source, m.span)) {
            occ.retain(|m| !numbers::cuts_any(source, m.span));
        }
        let pick = |cands: &[&Match], near: Span| -> Option<Match> {
            cands
                .iter()
                .min_by_key(|m| {
                    (
                        Reverse(context.score(source, m.span)),
                        gap(m.span, near),
                        m.span.start,
                    )
                })
                .map(|m| (*m).clone())
        };
        if let Some(r) = region {
            let inside: Vec<&Match> = occ
                .iter()
                .filter(|m| m.span.start >= r.start && m.span.end <= r.end)
                .collect();
            let exact: Vec<&Match> = inside
                .iter()
                .copied()
                .filter(|m| m.how == How::Exact)
                .collect();
            let all: Vec<&Match> = occ.iter().collect();
            return if let Some(m) = pick(&exact, r) {
                Choice::One(m, Status::Verified)
            } else if let Some(m) = pick(&inside, r) {
                Choice::One(m, Status::Normalized)
            } else if let Some(m) = pick(&all, r) {
                Choice::One(m, Status::Relocated)
            } else {
                Choice::None
            };
        }
        let mut cands: Vec<&Match> = occ.iter().collect();
        if cands.len() > 1 && !context.is_empty() {
            let best = cands
                .iter()
                .map(|m| context.score(source, m.span))
                .max()
                .unwrap_or(0);
            if best > 0 {
                cands.retain(|m| context.score(source, m.span) == best);
            }
        }
        if cands.iter().any(|m| m.how == How::Exact) {
            cands.retain(|m| m.how == How::Exact);
        }
        match cands.as_slice() {
            [] => Choice::None,
            [m] if m.how == How::Exact => Choice::One((*m).clone(), Status::Verified),
            [m] => Choice::One((*m).clone(), Status::Normalized),
            many => Choice::Many {
                listed: many.iter().take(max).map(|m| m.span).collect(),
                count: many.len(),
            },
        }
    }

    fn same(a: &Choice, b: &Choice) -> bool {
        match (a, b) {
            (Choice::One(m, s), Choice::One(n, t)) => m.span == n.span && s == t,
            (
                Choice::Many { listed, count },
                Choice::Many {
                    listed: l,
                    count: c,
                },
            ) => listed == l && count == c,
            (Choice::None, Choice::None) => true,
            _ => false,
        }
    }

    #[test]
    fn a_copy_cutting_a_number_is_chosen_only_when_every_copy_does() {
        let none = Context::new(None, None);
        let needle = Needle::new("200 people died");
        // Two copies, one inside "1,200": the other is the quote's, not an ambiguity.
        let text = "In May 1,200 people died. In June 200 people died.";
        let source = Source::from_text("s.txt", text.into());
        let whole = text.rfind("200 people died").unwrap();
        match choose(&IndexLocator, &source, &needle, None, &none, 5) {
            Choice::One(m, Status::Verified) => assert_eq!(m.span.start, whole),
            other => panic!("expected the whole copy, got {other:?}"),
        }
        // A pointer at the cut copy: the whole copy elsewhere is the quote's, relocated.
        let region = Some(Span::new(0, 24));
        match choose(&IndexLocator, &source, &needle, region, &none, 5) {
            Choice::One(m, Status::Relocated) => assert_eq!(m.span.start, whole),
            other => panic!("expected the whole copy relocated, got {other:?}"),
        }
        // Only cut copies: chosen (the judge makes them drift), one or several.
        let source = Source::from_text("s.txt", "In May 1,200 people died.".into());
        assert!(matches!(
            choose(&IndexLocator, &source, &needle, None, &none, 5),
            Choice::One(_, Status::Verified)
        ));
        let text = "In May 1,200 people died. In June 3,200 people died.";
        let source = Source::from_text("s.txt", text.into());
        assert!(matches!(
            choose(&IndexLocator, &source, &needle, None, &none, 5),
            Choice::Many { count: 2, .. }
        ));
    }

    #[test]
    fn every_copy_is_counted_and_only_the_first_are_kept() {
        // Past `SCAN_BELOW` (64 KiB), so the copies come from the word index in batches.
        let text = "The talks failed again. ".repeat(3000);
        let source = Source::from_text("s.txt", text);
        let needle = Needle::new("The talks failed again.");
        let none = Context::new(None, None);
        match choose(&IndexLocator, &source, &needle, None, &none, 3) {
            Choice::Many { listed, count } => {
                assert_eq!(count, 3000);
                assert_eq!(
                    listed,
                    vec![Span::new(0, 23), Span::new(24, 47), Span::new(48, 71)]
                );
            }
            other => panic!("expected ambiguous, got {other:?}"),
        }
        // A declared context that only the last copy has singles it out among all of them.
        let mut text = "The talks failed again. ".repeat(3000);
        text.push_str("Then: The talks failed again. Sadly.");
        let source = Source::from_text("s.txt", text);
        let context = Context::new(Some("Then:"), Some("Sadly"));
        match choose(&IndexLocator, &source, &needle, None, &context, 3) {
            Choice::One(m, Status::Verified) => assert_eq!(m.span.start, 72_000 + 6),
            other => panic!("expected the last copy, got {other:?}"),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        /// Sources of a few phrases, some typographic variants, repeated in random order;
        /// random pointer regions, contexts and caps: streaming never chooses differently.
        #[test]
        fn streaming_chooses_as_listing_everything_would(
            pieces in prop::collection::vec(0usize..7, 1..40),
            quote in 0usize..4,
            region in prop::option::of((0usize..400, 0usize..200)),
            prefix in prop::option::of(0usize..5),
            suffix in prop::option::of(0usize..5),
            max in 0usize..4,
        ) {
            let phrases = [
                "they have no support",
                "they have “no” support",
                "we said they have no support",
                "they have no support at home",
                "nothing at all",
                "1,200 died at home",
                "200 died at home",
            ];
            let text: String = pieces.iter().map(|&i| phrases[i]).collect::<Vec<_>>().join(". ");
            let source = Source::from_text("s.txt", text.clone());
            let needle =
                Needle::new(["they have no support", "no support", "at home", "200 died"][quote]);
            let region = region.map(|(a, l)| {
                let a = a.min(text.len());
                let mut b = (a + l).min(text.len());
                while !text.is_char_boundary(b) { b += 1; }
                let mut a = a;
                while !text.is_char_boundary(a) { a -= 1; }
                Span::new(a, b)
            });
            let words = ["we said", "said", "home", "at home", "nothing"];
            let context = Context::new(prefix.map(|i| words[i]), suffix.map(|i| words[i]));
            let streamed = choose(&IndexLocator, &source, &needle, region, &context, max);
            let listed = reference(&source, &needle, region, &context, max);
            prop_assert!(same(&streamed, &listed), "{streamed:?} vs {listed:?}");
        }
    }
}
