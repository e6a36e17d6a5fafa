//! Numbers: a claim's number must be the evidence's number for the same thing.
//!
//! A claim's quantity qualifies the aligned word nearest to it in its clause ("4,000 people",
//! "founded in 1998"). In the evidence, the quantity of the same kind nearest that word's
//! partner (a comma costs three words, a clause boundary eight, a sentence boundary fifty) is the
//! one that word has there; a year binds to years, a count to counts, a share to shares. When
//! that one has another value the claim contradicts the evidence, even if the claim's value
//! occurs elsewhere in the passage for another event ("which went public in 1998, was founded
//! in 1995" does not support "founded in 1998"). Two quantities that stand together in the
//! claim and together in the evidence ("$6 billion in 2019") bind each other.

use super::super::doc::Doc;
use super::super::numbers::{Quantity, Relation, Unit};
use super::{Ctx, Hit};
use crate::model::Rule;

/// What crossing a clause boundary costs, in words.
const CLAUSE_COST: usize = 8;
/// What crossing a sentence boundary costs, in words.
const SENTENCE_COST: usize = 50;

/// True when two quantities can be values of the same thing.
fn same_kind(c: &Quantity, e: &Quantity) -> bool {
    let year = |q: &Quantity| q.year || q.unit == Unit::Decade;
    year(c) == year(e) && c.relation(e) != Relation::Unrelated
}

/// The aligned claim word a quantity qualifies: the nearest in its clause (ties: the word
/// after a count, "4,000 people"; the word before a year, "founded in 1998").
fn anchor(ctx: &Ctx, q: &Quantity) -> Option<usize> {
    let doc = ctx.claim;
    let clause = doc.toks[q.core].clause;
    let dist = |i: usize| {
        if i < q.tokens.0 {
            q.tokens.0 - i
        } else {
            i + 1 - q.tokens.1
        }
    };
    (0..doc.toks.len())
        .filter(|&i| {
            doc.toks[i].clause == clause
                && doc.in_quantity[i].is_none()
                && ctx.align[i].is_some()
                && doc.content[i]
        })
        .min_by_key(|&i| {
            let after = i >= q.tokens.1;
            (dist(i), if q.year { after } else { !after })
        })
}

/// What crossing a comma costs, in words ("built in 2012, opened in 2014").
const COMMA_COST: usize = 3;

/// The cost of reaching evidence token `b` from `a`.
fn cost(doc: &Doc, a: usize, b: usize) -> usize {
    let (ta, tb) = (&doc.toks[a], &doc.toks[b]);
    let commas = doc.toks[a.min(b)..a.max(b)]
        .iter()
        .filter(|t| t.is_punct(','))
        .count();
    let mut c = a.abs_diff(b) + COMMA_COST * commas;
    if ta.sentence != tb.sentence {
        c += SENTENCE_COST;
    }
    if ta.clause != tb.clause {
        c += CLAUSE_COST;
    }
    c
}

/// Quantities the evidence gives side by side that hold two quantities standing side by side
/// in the claim: "$6 billion in 2019" in "$5 billion in 2018 and $6 billion in 2019".
fn travels_together(ctx: &Ctx, cq: &Quantity) -> bool {
    let holding = |q: &Quantity| -> Vec<&Quantity> {
        ctx.ev
            .quantities
            .iter()
            .filter(|e| ctx.passage.has(e.core) && q.relation(e) == Relation::Holds)
            .collect()
    };
    let near = |a: &Quantity, b: &Quantity, reach: usize| {
        a.tokens.1 + reach >= b.tokens.0 && b.tokens.1 + reach >= a.tokens.0
    };
    let mates = ctx
        .claim
        .quantities
        .iter()
        .filter(|q| *q != cq && near(q, cq, 3));
    mates.into_iter().any(|mate| {
        holding(cq)
            .iter()
            .any(|e| holding(mate).iter().any(|m| near(e, m, 3)))
    })
}

/// Number findings: the quantity bound to the claim's word in the evidence has another value.
pub(crate) fn check(ctx: &Ctx) -> Vec<Hit> {
    let mut hits = Vec::new();
    for cq in &ctx.claim.quantities {
        let Some(a) = anchor(ctx, cq) else { continue };
        let Some(p) = ctx.align[a] else { continue };
        let bound = ctx
            .ev
            .quantities
            .iter()
            .filter(|e| ctx.passage.has(e.core) && same_kind(cq, e))
            .min_by_key(|e| cost(ctx.ev, p, e.core));
        let Some(e) = bound else { continue };
        if cq.relation(e) != Relation::ValueDiffers || travels_together(ctx, cq) {
            continue;
        }
        let cw = ctx.claim_words(cq.tokens.0, cq.tokens.1);
        let ew = ctx.ev_words(e.tokens.0, e.tokens.1);
        let what = ctx.claim_words(a, a + 1);
        hits.push(ctx.finding(
            Rule::Number,
            cq.tokens,
            e.tokens,
            format!("the claim gives “{cw}” for “{what}”; the evidence gives “{ew}”"),
        ));
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::super::fired;
    use crate::model::Rule;

    fn fires(claim: &str, evidence: &str) -> bool {
        !fired(claim, evidence, Rule::Number).is_empty()
    }

    #[test]
    fn another_value_for_the_same_thing_fires() {
        assert!(fires(
            "The MEK holds 4,000 people hostage.",
            "The MEK holds 3,500 people hostage."
        ));
        assert!(fires(
            "Revenue rose 5%.",
            "Revenue rose 12% while costs rose 5%."
        ));
        assert!(fires(
            "The company was founded in 1998.",
            "The company, which went public in 1998, was founded in 1995."
        ));
        assert!(fires(
            "The deal was worth $3bn.",
            "The deal was worth $2.5 billion."
        ));
        assert!(fires("Twelve people died.", "Fourteen people died."));
    }

    #[test]
    fn the_same_value_in_another_form_agrees() {
        assert!(!fires(
            "The MEK holds 3,500 people hostage.",
            "The MEK holds 3500 people hostage."
        ));
        assert!(!fires(
            "The fund raised 3.5 million dollars.",
            "The fund raised $3.5m."
        ));
        assert!(!fires(
            "Costs rose 5%.",
            "Revenue rose 12% while costs rose 5 percent."
        ));
        assert!(!fires(
            "The company hired 300 workers in 2011.",
            "In 2011, the company hired 300 workers."
        ));
        assert!(!fires(
            "The company went public in 1998.",
            "The company, which went public in 1998, was founded in 1995."
        ));
        assert!(!fires("Twelve people died.", "12 people died."));
    }
}
