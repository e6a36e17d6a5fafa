//! Antonyms: the claim uses the opposite of the evidence's word (increase/decrease,
//! support/oppose, legal/illegal), from the curated lexicon, derived opposites ("popular" /
//! "unpopular") and the project's own pairs.
//!
//! A claim word is checked against the opposites in the evidence clause that holds the rest of
//! its clause, when the claim word itself is absent there or sits farther from its neighbours'
//! partners than the opposite does ("Sales fell in March" against "Sales rose in March and fell
//! in April"). A negated opposite agrees ("not popular" = "unpopular"), and so does a
//! converse pair whose parties swap ("A bought B's unit" = "B sold the unit to A").

use super::super::doc::Doc;
use super::{Ctx, Hit};
use crate::model::Rule;

/// Words that turn the next word toward its opposite: "less expensive" is "cheaper".
const LESSENERS: &[&str] = &["less", "least"];

/// A claim word and the evidence word opposite to it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Pair {
    /// The claim token.
    pub claim: usize,
    /// The evidence token.
    pub ev: usize,
    /// True when exactly one of the two is negated (they then agree).
    pub negated: bool,
    /// True for a converse pair whose parties swap (they then agree).
    pub swapped: bool,
}

/// Every opposite pair between a claim word and the evidence clause holding its clause.
pub(crate) fn pairs(ctx: &Ctx) -> Vec<Pair> {
    let claim = ctx.claim;
    let ev = ctx.ev;
    let mut out = Vec::new();
    for c in 0..claim.toks.len() {
        if !claim.toks[c].is_wordlike() || claim.in_quantity[c].is_some() {
            continue;
        }
        let clause = claim.toks[c].clause;
        let anchors = neighbours(ctx, c);
        if anchors.is_empty() {
            continue;
        }
        let dist = |e: usize| anchors.iter().map(|&a| a.abs_diff(e)).sum::<usize>();
        let own = ctx.align[c].map(dist);
        for ec in ctx.main_clauses(clause) {
            let (a, b) = ctx.ev_clause(ec);
            for e in a..b {
                if ctx.is_partner(e) || !ev.toks[e].is_wordlike() {
                    continue;
                }
                let x = (claim.concepts[c].as_str(), claim.toks[c].lower.as_str());
                let y = (ev.concepts[e].as_str(), ev.toks[e].lower.as_str());
                let Some(converse) = ctx.antonyms.opposite(x, y) else {
                    continue;
                };
                if own.is_some_and(|d| d <= dist(e)) {
                    continue;
                }
                let lessened = |doc: &Doc, i: usize| {
                    i > 0 && LESSENERS.contains(&doc.toks[i - 1].lower.as_str())
                };
                let flipped =
                    (ctx.claim_neg[c] != lessened(claim, c)) != (ctx.ev_neg[e] != lessened(ev, e));
                out.push(Pair {
                    claim: c,
                    ev: e,
                    negated: flipped,
                    swapped: converse && swapped(ctx, c, e),
                });
            }
        }
    }
    out
}

/// Partners of the aligned claim words nearest to `c` on each side, in its clause.
fn neighbours(ctx: &Ctx, c: usize) -> Vec<usize> {
    let (a, b) = ctx.claim_clause(ctx.claim.toks[c].clause);
    let before = (a..c).rev().find_map(|i| ctx.align[i]);
    let after = (c + 1..b).find_map(|i| ctx.align[i]);
    before.into_iter().chain(after).collect()
}

/// True when the parties on either side of claim token `c` (the nearest aligned names, else
/// the nearest aligned words) stand on the other sides of evidence token `e` ("A is larger
/// than B" against "B is smaller than A").
pub(crate) fn swapped(ctx: &Ctx, c: usize, e: usize) -> bool {
    let (a, b) = ctx.claim_clause(ctx.claim.toks[c].clause);
    let party = |range: &mut dyn Iterator<Item = usize>| {
        let all: Vec<usize> = range.filter(|&i| ctx.align[i].is_some()).collect();
        all.iter()
            .find(|&&i| ctx.claim.entity[i])
            .or(all.first())
            .and_then(|&i| ctx.align[i])
    };
    let left = party(&mut (a..c).rev());
    let right = party(&mut (c + 1..b));
    match (left, right) {
        (Some(l), Some(r)) => l > e && r < e,
        (Some(l), None) => l > e,
        (None, Some(r)) => r < e,
        (None, None) => false,
    }
}

/// Antonym findings: opposite words that neither a negation nor a swap reconciles.
pub(crate) fn check(ctx: &Ctx) -> Vec<Hit> {
    let mut hits = Vec::new();
    let mut seen = Vec::new();
    for p in pairs(ctx) {
        if p.negated || p.swapped || seen.contains(&p.claim) {
            continue;
        }
        seen.push(p.claim);
        let c = ctx.claim_words(p.claim, p.claim + 1);
        let e = ctx.ev_words(p.ev, p.ev + 1);
        hits.push(ctx.finding(
            Rule::Antonym,
            (p.claim, p.claim + 1),
            (p.ev, p.ev + 1),
            format!("the claim says “{c}” where the evidence says the opposite, “{e}”"),
        ));
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::super::super::{assess, ClaimOptions, Outcome};
    use super::super::fired;
    use crate::model::Rule;

    fn fires(claim: &str, evidence: &str) -> bool {
        !fired(claim, evidence, Rule::Antonym).is_empty()
    }

    #[test]
    fn opposites_fire() {
        assert!(fires(
            "Quarterly revenue increased.",
            "Quarterly revenue decreased."
        ));
        assert!(fires(
            "The group is popular. People love them.",
            "The group is not popular. People hate them."
        ));
        assert!(fires(
            "Voters accepted the proposal.",
            "Voters rejected the proposal."
        ));
        assert!(fires(
            "The court found him guilty.",
            "The court found him innocent."
        ));
        assert!(fires(
            "The practice is legal in Texas.",
            "The practice is illegal in Texas."
        ));
        assert!(fires(
            "Sales fell in March.",
            "Sales rose in March and fell in April."
        ));
        assert!(fires(
            "The party supports the treaty.",
            "The party opposes the treaty."
        ));
    }

    #[test]
    fn negated_opposites_swaps_and_other_clauses_agree() {
        assert!(!fires(
            "The group is unpopular.",
            "The group is not popular."
        ));
        assert!(!fires(
            "Apple bought the unit from Intel.",
            "Intel sold the unit to Apple."
        ));
        assert!(!fires(
            "Iran is larger than Iraq.",
            "Iraq is smaller than Iran."
        ));
        assert!(!fires("Revenue rose.", "Revenue rose while costs fell."));
        let a = assess(
            "The group is unpopular.",
            "The group is not popular.",
            &ClaimOptions::default(),
        );
        assert_eq!(a.outcome, Outcome::Supported, "{a:?}");
    }

    #[test]
    fn project_pairs_extend_the_lexicon() {
        let opts = ClaimOptions {
            antonyms: vec![("hawkish".into(), "dovish".into())],
            ..ClaimOptions::default()
        };
        let a = assess(
            "The bank sounded hawkish.",
            "The bank sounded dovish.",
            &opts,
        );
        assert_eq!(a.outcome, Outcome::Contradicted, "{a:?}");
        assert_eq!(a.findings[0].rule, Rule::Antonym);
    }
}
