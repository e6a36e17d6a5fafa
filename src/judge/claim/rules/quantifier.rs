//! Quantifiers: a claim may not strengthen the evidence's quantifier.
//!
//! Quantifiers, frequency and degree adverbs share one scale: few (1) < some, several, a few
//! (2) < many, often (3) < most, mostly, usually (4) < nearly all, almost always (5) < all,
//! every, always, entirely (6); a share in percent takes its place on the same scale ("15
//! percent of voters" is 2, "60 percent" is 4). "almost", "nearly" and "virtually" lower the
//! next word one step. A claim's quantifier is compared with the evidence's on the same
//! aligned word; the claim fails when it is higher, when it says "few" against "many" or
//! more, or when it says "all" and the evidence has no quantifier at all. "No" and "none" are
//! negations, left to that rule.

use super::super::doc::Doc;
use super::super::numbers::{Bound, Unit};
use super::{Ctx, Hit};
use crate::model::Rule;

const LEVELS: &[(&str, u8)] = &[
    ("few", 1),
    ("little", 1),
    ("rarely", 1),
    ("seldom", 1),
    ("hardly", 1),
    ("scarcely", 1),
    ("some", 2),
    ("several", 2),
    ("sometimes", 2),
    ("occasionally", 2),
    ("partly", 2),
    ("partially", 2),
    ("somewhat", 2),
    ("certain", 2),
    ("many", 3),
    ("numerous", 3),
    ("much", 3),
    ("often", 3),
    ("frequently", 3),
    ("widely", 3),
    ("commonly", 3),
    ("regularly", 3),
    ("most", 4),
    ("majority", 4),
    ("mostly", 4),
    ("largely", 4),
    ("mainly", 4),
    ("primarily", 4),
    ("predominantly", 4),
    ("generally", 4),
    ("usually", 4),
    ("typically", 4),
    ("all", 6),
    ("every", 6),
    ("each", 6),
    ("everyone", 6),
    ("everybody", 6),
    ("everything", 6),
    ("always", 6),
    ("entire", 6),
    ("entirely", 6),
    ("completely", 6),
    ("totally", 6),
    ("wholly", 6),
    ("fully", 6),
    ("universally", 6),
    ("unanimously", 6),
    ("uniformly", 6),
    ("invariably", 6),
];

/// Words that lower the next quantifier one step.
const SOFTENERS: &[&str] = &["almost", "nearly", "virtually", "practically"];

/// Tokens between a determiner-like quantifier and the word it counts ("most of the young").
const REACH: usize = 4;

/// A quantifier: its tokens, level and the claim or evidence word it bears on.
#[derive(Debug, Clone, Copy)]
struct Quant {
    at: (usize, usize),
    level: u8,
}

fn level_of(doc: &Doc, i: usize) -> Option<(u8, usize)> {
    let t = &doc.toks[i];
    let next = doc.toks.get(i + 1).map(|n| n.lower.as_str());
    // "a few" and "a little" are positive; "few" and "little" alone are not.
    if t.is("a") && matches!(next, Some("few" | "little")) {
        return Some((2, 2));
    }
    if (t.is("vast") || t.is("overwhelming")) && next == Some("majority") {
        return Some((5, 2));
    }
    if t.is("a") && matches!(next, Some("lot" | "number")) {
        return Some((if next == Some("lot") { 3 } else { 2 }, 2));
    }
    if t.is("little") && i > 0 && doc.toks[i - 1].is("a") {
        return None;
    }
    let (_, l) = LEVELS.iter().find(|(w, _)| t.is(w))?;
    Some((*l, 1))
}

/// Percentages as quantifier levels.
fn level_of_share(p: f64, bound: Bound) -> u8 {
    match p {
        p if p <= 0.0 => 0,
        p if p >= 100.0 => 6,
        p if p >= 90.0 => 5,
        p if p > 50.0 || (p == 50.0 && matches!(bound, Bound::Above)) => 4,
        _ => 2,
    }
}

fn quantifiers(doc: &Doc, (a, b): (usize, usize)) -> Vec<Quant> {
    let mut out = Vec::new();
    let mut i = a;
    while i < b {
        if doc.in_quantity[i].is_some() {
            i += 1;
            continue;
        }
        let soft = SOFTENERS.contains(&doc.toks[i].lower.as_str());
        let at = if soft { i + 1 } else { i };
        if at < b {
            if let Some((level, n)) = level_of(doc, at) {
                let level = if soft && level >= 5 { level - 1 } else { level };
                out.push(Quant {
                    at: (i, at + n),
                    level,
                });
                i = at + n;
                continue;
            }
        }
        i += 1;
    }
    for q in &doc.quantities {
        if q.unit == Unit::Percent && q.tokens.0 >= a && q.tokens.1 <= b {
            out.push(Quant {
                at: q.tokens,
                level: level_of_share(q.lo, q.bound),
            });
        }
    }
    out
}

/// The aligned word a quantifier bears on: the first aligned content word after it within
/// reach in its clause, else the nearest aligned word before it in the clause (adverbs).
fn bears_on(doc: &Doc, q: &Quant, aligned: &dyn Fn(usize) -> bool) -> Option<usize> {
    let clause = doc.toks[q.at.0].clause;
    let same = |j: &usize| doc.toks[*j].clause == clause;
    let after = (q.at.1..doc.toks.len().min(q.at.1 + REACH))
        .take_while(same)
        .find(|&j| aligned(j));
    after.or_else(|| (0..q.at.0).rev().take_while(same).find(|&j| aligned(j)))
}

/// Quantifier findings: the claim's quantifier stronger than the evidence's on one word.
pub(crate) fn check(ctx: &Ctx) -> Vec<Hit> {
    let mut hits = Vec::new();
    let ev_quants = quantifiers(ctx.ev, ctx.passage.toks);
    let ev_is_partner = |e: usize| ctx.is_partner(e);
    let ev_targets: Vec<(Quant, Option<usize>)> = ev_quants
        .iter()
        .map(|q| (*q, bears_on(ctx.ev, q, &ev_is_partner)))
        .collect();
    let claim_aligned = |c: usize| ctx.align[c].is_some();
    for cq in quantifiers(ctx.claim, (0, ctx.claim.toks.len())) {
        if cq.level == 0 {
            continue;
        }
        let Some(target) = bears_on(ctx.claim, &cq, &claim_aligned) else {
            continue;
        };
        let Some(partner) = ctx.align[target] else {
            continue;
        };
        let ev_q = ev_targets
            .iter()
            .filter(|(_, t)| *t == Some(partner))
            .map(|(q, _)| *q)
            .min_by_key(|q| q.level);
        let fires = match ev_q {
            Some(e) => cq.level > e.level || (cq.level == 1 && e.level >= 3),
            None => cq.level >= 6,
        };
        if !fires {
            continue;
        }
        let cw = ctx.claim_words(cq.at.0, cq.at.1);
        let (e_range, ew) = match ev_q {
            Some(e) => (e.at, format!("“{}”", ctx.ev_words(e.at.0, e.at.1))),
            None => ((partner, partner + 1), "no quantifier".to_string()),
        };
        hits.push(ctx.finding(
            Rule::Quantifier,
            (cq.at.0, target.max(cq.at.1 - 1) + 1),
            e_range,
            format!("the claim says “{cw}” where the evidence says {ew}"),
        ));
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::super::fired;
    use crate::model::Rule;

    fn fires(claim: &str, evidence: &str) -> bool {
        !fired(claim, evidence, Rule::Quantifier).is_empty()
    }

    #[test]
    fn strengthened_quantifiers_fire() {
        assert!(fires(
            "All Iranians dislike the MEK.",
            "Many Iranians dislike the MEK."
        ));
        assert!(fires(
            "Most analysts expect a cut.",
            "Some analysts expect a cut."
        ));
        assert!(fires(
            "Most voters backed the plan.",
            "15 percent of voters backed the plan."
        ));
        assert!(fires(
            "Few residents supported the plan.",
            "Many residents supported the plan."
        ));
        assert!(fires("The drug always works.", "The drug often works."));
        assert!(fires(
            "Every employee received a bonus.",
            "Employees received a bonus."
        ));
        assert!(fires(
            "Iranians were uniformly dismissive of the MEK.",
            "Iranians were almost uniformly dismissive of the MEK."
        ));
    }

    #[test]
    fn equal_or_weaker_quantifiers_agree() {
        assert!(!fires(
            "Some Iranians dislike the MEK.",
            "All Iranians dislike the MEK."
        ));
        assert!(!fires(
            "Most voters backed the plan.",
            "60 percent of voters backed the plan."
        ));
        assert!(!fires(
            "A quarter of voters backed the plan.",
            "25 % of voters backed the plan."
        ));
        assert!(!fires(
            "Many young Iranians know little.",
            "Many young Iranians know little."
        ));
        assert!(!fires(
            "The plan was backed by most voters.",
            "Most voters backed the plan."
        ));
    }
}
