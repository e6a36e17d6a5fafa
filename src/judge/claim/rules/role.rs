//! Roles: two parties linked by a relation must stand on the same sides of it.
//!
//! The parties are aligned names ("Apple", "the MEK") or aligned nouns after a determiner
//! ("the regulator"); the relation is an aligned word between them, or an attribution verb
//! ("said", "told", "accused"). "Apple bought Beats" agrees with "Beats was bought by Apple"
//! (the voice turns with the order: a "by" after the relation marks the passive) and not with
//! "Beats bought Apple" nor "Apple was bought by Beats"; "Smith said Jones lied" does not
//! agree with "Jones said Smith lied". Symmetric relations ("met", "merged with", "and") have
//! no sides.

use super::super::doc::Doc;
use super::{Ctx, Hit};
use crate::model::Rule;

/// Relations without sides.
const SYMMETRIC: &[&str] = &[
    "and",
    "with",
    "versus",
    "vs",
    "between",
    "among",
    "met",
    "meet",
    "meets",
    "married",
    "merged",
    "merge",
    "tied",
    "talked",
    "negotiated",
    "clashed",
    "partnered",
    "or",
    "both",
];

/// Attribution words that carry a relation although they are stop words.
const ATTRIBUTION: &[&str] = &["said", "says", "say", "told", "tells"];

const DETERMINERS: &[&str] = &[
    "a", "an", "the", "its", "their", "his", "her", "our", "this", "that", "these", "those",
];

/// True when claim or evidence token `i` can be a party: a name, or the first word after a
/// determiner.
fn is_party(doc: &Doc, i: usize) -> bool {
    if doc.entity[i] {
        return true;
    }
    let det = |j: usize| DETERMINERS.contains(&doc.toks[j].lower.as_str());
    // The word right after the determiner stands for its noun phrase: order is all the rule
    // reads, and any word of the phrase keeps it ("the federal regulator").
    doc.content[i] && i >= 1 && det(i - 1)
}

fn relation_word(doc: &Doc, i: usize) -> bool {
    let t = &doc.toks[i];
    (doc.content[i] && !doc.entity[i] || ATTRIBUTION.contains(&t.lower.as_str()))
        && !SYMMETRIC.contains(&t.lower.as_str())
}

/// Prepositions that put a word in a phrase of its own ("rose 8% in the first half",
/// "were experienced by a quarter of the patients after the first dose"): a party behind
/// one is no object of the relation. "of" is not among them: "replicated the findings of
/// the Stanford team" has the team for its object.
const PREPOSITIONS: &[&str] = &[
    "about",
    "across",
    "after",
    "against",
    "at",
    "before",
    "behind",
    "beside",
    "during",
    "for",
    "from",
    "in",
    "inside",
    "into",
    "near",
    "on",
    "outside",
    "per",
    "since",
    "through",
    "throughout",
    "until",
    "within",
];

/// True when a "by" follows the relation at `rel` before `until` (passive voice); "by" before
/// a number is a difference ("increased by 8 percent"), not an agent.
fn passive(doc: &Doc, rel: usize, until: usize) -> bool {
    (rel + 1..until).any(|j| doc.toks[j].is("by") && !by_quantity(doc, j))
}

fn by_quantity(doc: &Doc, j: usize) -> bool {
    doc.in_quantity.get(j + 1).is_some_and(|q| q.is_some())
        || doc
            .toks
            .get(j + 1)
            .is_some_and(|t| t.tk == super::super::tokens::Tk::Number)
}

/// True when the party at `party` is the object (or passive agent) of the relation at `rel`:
/// no preposition but an agent's "by" stands between them.
fn governed(doc: &Doc, rel: usize, party: usize) -> bool {
    !(rel + 1..party).any(|j| {
        let w = doc.toks[j].lower.as_str();
        PREPOSITIONS.contains(&w) || (w == "by" && by_quantity(doc, j))
    })
}

/// Role findings: parties on the other sides of their relation with the same voice, or on
/// the same sides with the voice turned.
pub(crate) fn check(ctx: &Ctx) -> Vec<Hit> {
    let mut hits = Vec::new();
    let claim = ctx.claim;
    let n = claim.toks.len();
    let parties: Vec<usize> = (0..n)
        .filter(|&i| ctx.align[i].is_some() && is_party(claim, i))
        .collect();
    for (k, &a) in parties.iter().enumerate() {
        for &b in &parties[k + 1..] {
            if let Some(hit) = pair(ctx, &parties, a, b) {
                hits.push(hit);
                return hits; // one swap explains the claim; more would repeat it
            }
        }
    }
    hits
}

/// A finding when parties `a` and `b` of the claim stand the other way round in the evidence.
fn pair(ctx: &Ctx, parties: &[usize], a: usize, b: usize) -> Option<Hit> {
    let claim = ctx.claim;
    if claim.toks[a].clause != claim.toks[b].clause {
        return None;
    }
    let (pa, pb) = (ctx.align[a]?, ctx.align[b]?);
    if ctx.ev.toks[pa].sentence != ctx.ev.toks[pb].sentence || pa == pb {
        return None;
    }
    // Symmetric relations have no sides; comparisons are the comparison rule's.
    let between = |j: &usize| claim.toks[*j].lower.clone();
    if (a + 1..b)
        .map(|j| between(&j))
        .any(|w| SYMMETRIC.contains(&w.as_str()) || w == "than")
    {
        return None;
    }
    // The relation is the first word between the parties that the evidence also writes between
    // them: in "Iranian soldiers killed MEK fighters" the party's own noun ("soldiers") is no
    // relation when the evidence puts it elsewhere.
    let mut words = (a + 1..b).filter(|&r| relation_word(claim, r) && !parties.contains(&r));
    let first = words.next()?;
    let (r, pr) = match partner_between(ctx, first, pa.min(pb), pa.max(pb)) {
        Some(pr) => (first, pr),
        // Only a word right after the first party can be its own noun ("Iranian soldiers");
        // one more try, between two names.
        None if first == a + 1 && claim.entity[a] && claim.entity[b] => {
            let next = words.next()?;
            (next, partner_between(ctx, next, pa.min(pb), pa.max(pb))?)
        }
        None => return None,
    };
    if !governed(claim, r, b) {
        return None;
    }
    if !governed(ctx.ev, pr, pa.max(pb)) {
        return None;
    }
    let swapped = pb < pa;
    let voice_turned = passive(claim, r, b) != passive(ctx.ev, pr, pa.max(pb));
    if swapped == voice_turned {
        return None;
    }
    let (lo, hi) = (pa.min(pb), pa.max(pb) + 1);
    let cw = ctx.claim_words(a, b + 1);
    let ew = ctx.ev_words(lo, hi);
    Some(ctx.finding(
        Rule::Role,
        (a, b + 1),
        (lo, hi),
        format!("the claim has “{cw}”; the evidence puts the parties the other way round: “{ew}”"),
    ))
}

/// The evidence word for claim relation `r` strictly between evidence tokens `lo` and `hi`.
fn partner_between(ctx: &Ctx, r: usize, lo: usize, hi: usize) -> Option<usize> {
    if let Some(e) = ctx.align[r] {
        return (e > lo && e < hi).then_some(e);
    }
    let concept = &ctx.claim.concepts[r];
    (lo + 1..hi).find(|&e| ctx.ev.concepts[e] == *concept)
}

#[cfg(test)]
mod tests {
    use super::super::fired;
    use crate::model::Rule;

    fn fires(claim: &str, evidence: &str) -> bool {
        !fired(claim, evidence, Rule::Role).is_empty()
    }

    #[test]
    fn swapped_parties_fire() {
        assert!(fires("Apple bought Beats.", "Beats bought Apple."));
        assert!(fires(
            "Apple acquired Beats.",
            "Apple was acquired by Beats."
        ));
        assert!(fires("Google was bought by Apple.", "Google bought Apple."));
        assert!(fires("Smith said Jones lied.", "Jones said Smith lied."));
        assert!(fires(
            "The company sued the regulator.",
            "The regulator sued the company."
        ));
        assert!(fires(
            "Germany beat Brazil in the final.",
            "Brazil beat Germany in the final."
        ));
        // The parties' own nouns stand between them: the relation is the verb.
        assert!(fires(
            "Iranian soldiers killed MEK fighters near the border.",
            "MEK fighters killed Iranian soldiers near the border."
        ));
        assert!(fires(
            "French officials accused Dutch diplomats of spying.",
            "Dutch diplomats accused French officials of spying."
        ));
    }

    #[test]
    fn voice_and_symmetric_relations_agree() {
        assert!(!fires("Apple bought Beats.", "Beats was bought by Apple."));
        assert!(!fires(
            "Beats was acquired by Apple.",
            "Apple acquired Beats."
        ));
        assert!(!fires("Smith met Jones.", "Jones met Smith."));
        assert!(!fires(
            "Iranian soldiers killed MEK fighters near the border.",
            "MEK fighters were killed by Iranian soldiers near the border."
        ));
        assert!(!fires(
            "Pfizer and BioNTech made the vaccine.",
            "BioNTech and Pfizer made the vaccine."
        ));
        assert!(!fires("Smith said Jones lied.", "Jones lied, Smith said."));
        assert!(!fires(
            "The regulator was sued by the company.",
            "The company sued the regulator."
        ));
    }
}
