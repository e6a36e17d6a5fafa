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

use super::super::doc::{Doc, MONTHS};
use super::super::numbers::{Quantity, Relation, Unit};
use super::{Ctx, Effect, Hit};
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

/// The aligned claim words a quantity qualifies: the nearest in its clause on either side,
/// the likelier first (ties: the word after a count, "4,000 people"; the word before a year,
/// "founded in 1998").
fn anchors(ctx: &Ctx, q: &Quantity) -> Vec<usize> {
    let doc = ctx.claim;
    let clause = doc.toks[q.core].clause;
    let ok = |i: &usize| {
        doc.toks[*i].clause == clause
            && doc.in_quantity[*i].is_none()
            && ctx.align[*i].is_some()
            && doc.content[*i]
    };
    let before = (0..q.tokens.0).rev().find(ok);
    let after = (q.tokens.1..doc.toks.len()).find(ok);
    let mut out: Vec<(usize, bool, usize)> = Vec::new();
    if let Some(i) = before {
        out.push((q.tokens.0 - i, q.year, i));
    }
    if let Some(i) = after {
        out.push((i + 1 - q.tokens.1, !q.year, i));
    }
    out.sort_unstable_by_key(|&(d, later, _)| (d, !later));
    out.into_iter().map(|(_, _, i)| i).collect()
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

/// Number findings: the quantity bound to the claim's word in the evidence has another value
/// (contradicted); or the evidence has the claim's value only for something else: in a clause
/// that is not the one saying the claim ("revenue rose, while headcount grew 12%"), or as the
/// year of an event set off by commas that the claim does not name ("the treaty, signed in
/// 1992, was ratified") (unsupported).
pub(crate) fn check(ctx: &Ctx) -> Vec<Hit> {
    let mut hits = Vec::new();
    for cq in &ctx.claim.quantities {
        // The day of a date ("on 4 July 2016") counts nothing: a date the evidence lacks is
        // a new entity, not another value of some count.
        if day_of_month(ctx.claim, cq) {
            continue;
        }
        if let Some(hit) = currency(ctx, cq) {
            hits.push(hit);
            continue;
        }
        let anchors = anchors(ctx, cq);
        let bound: Vec<&Quantity> = anchors
            .iter()
            .filter_map(|&a| {
                let p = ctx.align[a]?;
                ctx.ev
                    .quantities
                    .iter()
                    .filter(|e| ctx.passage.has(e.core) && same_kind(cq, e))
                    .min_by_key(|e| cost(ctx.ev, p, e.core))
            })
            .collect();
        // Bound to one of its words, the claim's value holds.
        if bound.iter().any(|e| cq.relation(e) == Relation::Holds) {
            hits.extend(elsewhere(ctx, cq));
            continue;
        }
        let (Some(&a), Some(e)) = (anchors.first(), bound.first()) else {
            continue;
        };
        if cq.relation(e) != Relation::ValueDiffers || travels_together(ctx, cq) {
            hits.extend(elsewhere(ctx, cq));
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

/// True when `q` is a day next to a month name ("4 July", "July 4").
fn day_of_month(doc: &Doc, q: &Quantity) -> bool {
    let month = |i: Option<usize>| {
        i.and_then(|i| doc.toks.get(i))
            .is_some_and(|t| MONTHS.contains(&t.lower.as_str()))
    };
    q.unit == Unit::Count
        && !q.year
        && q.lo == q.hi
        && (month(Some(q.tokens.1)) || month(q.tokens.0.checked_sub(1)))
}

/// A contradiction when the passage has the claim's sum of money only in another currency
/// ("a €40m contract" / "a $40m contract").
fn currency(ctx: &Ctx, cq: &Quantity) -> Option<Hit> {
    let Unit::Money(c) = cq.unit else {
        return None;
    };
    let in_passage = || ctx.ev.quantities.iter().filter(|e| ctx.passage.has(e.core));
    if in_passage().any(|e| cq.relation(e) == Relation::Holds) {
        return None;
    }
    let e = in_passage().find(|e| {
        matches!(e.unit, Unit::Money(x) if x != c)
            && (e.lo - cq.lo).abs() <= 1e-9 * cq.lo.abs().max(1.0)
            && (e.hi - cq.hi).abs() <= 1e-9 * cq.hi.abs().max(1.0)
    })?;
    let cw = ctx.claim_words(cq.tokens.0, cq.tokens.1);
    let ew = ctx.ev_words(e.tokens.0, e.tokens.1);
    Some(ctx.finding(
        Rule::Number,
        cq.tokens,
        e.tokens,
        format!("the claim gives “{cw}”; the evidence gives the sum in another currency, “{ew}”"),
    ))
}

/// An `unsupported` finding when every evidence quantity holding the claim's value belongs to
/// something else (see [`check`]).
fn elsewhere(ctx: &Ctx, cq: &Quantity) -> Option<Hit> {
    let holding: Vec<&Quantity> = ctx
        .ev
        .quantities
        .iter()
        .filter(|e| ctx.passage.has(e.core) && cq.relation(e) == Relation::Holds)
        .collect();
    let first = *holding.first()?;
    let main = ctx.main_clauses(ctx.claim.toks[cq.core].clause);
    // Another predication: a clause opened by a contrast, a coordination or a relative
    // ("while headcount grew 12%"), not a bracket or a heading.
    let other_clause = |e: &Quantity| {
        let clause = ctx.ev.toks[e.core].clause;
        let (a, b) = ctx.ev_clause(clause);
        let opener = (a..b)
            .find(|&i| ctx.ev.toks[i].is_wordlike())
            .is_some_and(|i| PREDICATION_OPENERS.contains(&ctx.ev.toks[i].lower.as_str()));
        opener && !main.is_empty() && !main.contains(&clause)
    };
    let why = if holding.iter().all(|e| other_clause(e)) {
        "in another clause than the one saying the claim"
    } else if cq.year && holding.iter().all(|e| side_event(ctx, e)) {
        "as the year of another event"
    } else {
        return None;
    };
    let cw = ctx.claim_words(cq.tokens.0, cq.tokens.1);
    let mut hit = ctx.finding(
        Rule::Number,
        cq.tokens,
        first.tokens,
        format!("the evidence gives “{cw}” only {why}"),
    );
    hit.effect = Effect::Unsupports;
    Some(hit)
}

/// Words opening a clause that says something of its own.
const PREDICATION_OPENERS: &[&str] = &[
    "although", "and", "but", "except", "however", "though", "unless", "whereas", "which", "while",
    "who", "whom", "whose",
];

/// True when evidence year `e` dates a phrase set off by commas whose word the claim lacks:
/// "the treaty, signed in 1992, was ratified", "Built in 1974, the bridge was closed".
fn side_event(ctx: &Ctx, e: &Quantity) -> bool {
    let ev = ctx.ev;
    let closes = ev
        .toks
        .get(e.tokens.1)
        .is_none_or(|t| t.is_punct(',') || t.sentence != ev.toks[e.core].sentence);
    if !closes {
        return false;
    }
    // The event word: the content word just before the year ("signed in 1992").
    let Some(w) = (e.tokens.0.saturating_sub(3)..e.tokens.0)
        .rev()
        .find(|&i| ev.content[i] && ev.in_quantity[i].is_none())
    else {
        return false;
    };
    if (w + 1..e.tokens.0).any(|i| !ev.toks[i].is_wordlike()) {
        return false;
    }
    let opens = ev.toks[w].initial || (w > 0 && ev.toks[w - 1].is_punct(','));
    let claim_has = (0..ctx.claim.toks.len())
        .any(|c| ctx.claim.content[c] && ctx.claim.concepts[c] == ev.concepts[w]);
    opens && !claim_has && !ctx.is_partner(w)
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
    fn another_currency_fires_and_a_day_is_no_count() {
        assert!(fires(
            "The club paid £12m for the striker.",
            "The club paid €12m for the striker."
        ));
        assert!(fires(
            "The regulator fined the airline $3 million.",
            "The regulator fined the airline €3 million."
        ));
        assert!(!fires(
            "The probe reached Mars on 12 March 2019 after a seven-month cruise.",
            "The probe reached Mars after a seven-month cruise."
        ));
        assert!(!fires(
            "The vote took place on May 3 after three days of debate.",
            "The vote took place after three days of debate."
        ));
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
