//! Certainty: a claim may not turn a possibility into a fact.
//!
//! Each clause has a modality: possible (may, might, could, possibly, perhaps, suggests,
//! appears to, seems, allegedly, reportedly, is believed to, potential, if, unclear whether),
//! probable (likely, probably, would, should, expected to, plans to, intends to, aims to) or
//! fact (none of these, or will, shows, demonstrates, proves, confirmed, established). The
//! claim's clause may not be more certain than the evidence clauses holding its words:
//! "suggests the drug may help" does not support "the drug helps", "will help" or "shows the
//! drug helps". Attribution ("analysts said") is not a hedge: it leaves the modality to the
//! reported clause. A yes-no question ("Did the treaty end the war?") says neither yes nor
//! no: a claim stating its words as fact is unsupported by it (not contradicted).

use super::super::doc::Doc;
use super::{Ctx, Hit};
use crate::model::Rule;

/// Modality levels.
const POSSIBLE: u8 = 1;
const PROBABLE: u8 = 2;
const FACT: u8 = 3;

/// Single words and their level.
const HEDGES: &[(&str, u8)] = &[
    ("may", POSSIBLE),
    ("might", POSSIBLE),
    ("could", POSSIBLE),
    ("possibly", POSSIBLE),
    ("possible", POSSIBLE),
    ("perhaps", POSSIBLE),
    ("maybe", POSSIBLE),
    ("potentially", POSSIBLE),
    ("potential", POSSIBLE),
    ("allegedly", POSSIBLE),
    ("alleged", POSSIBLE),
    ("reportedly", POSSIBLE),
    ("purportedly", POSSIBLE),
    ("apparently", POSSIBLE),
    ("seemingly", POSSIBLE),
    ("seem", POSSIBLE),
    ("seems", POSSIBLE),
    ("seemed", POSSIBLE),
    ("suggest", POSSIBLE),
    ("suggests", POSSIBLE),
    ("suggested", POSSIBLE),
    ("suggesting", POSSIBLE),
    ("hint", POSSIBLE),
    ("hints", POSSIBLE),
    ("hinted", POSSIBLE),
    ("speculate", POSSIBLE),
    ("speculated", POSSIBLE),
    ("hypothesize", POSSIBLE),
    ("hypothesized", POSSIBLE),
    ("unconfirmed", POSSIBLE),
    ("unclear", POSSIBLE),
    ("uncertain", POSSIBLE),
    ("proposed", POSSIBLE),
    ("considering", POSSIBLE),
    ("if", POSSIBLE),
    ("whether", POSSIBLE),
    ("unlikely", POSSIBLE),
    ("likely", PROBABLE),
    ("probably", PROBABLE),
    ("would", PROBABLE),
    ("should", PROBABLE),
    ("planned", PROBABLE),
];

/// Words that hedge only before "to" or "that" ("appears to", "plans to", "is thought to").
const BEFORE_TO: &[(&str, u8)] = &[
    ("appear", POSSIBLE),
    ("appears", POSSIBLE),
    ("appeared", POSSIBLE),
    ("believed", POSSIBLE),
    ("thought", POSSIBLE),
    ("rumored", POSSIBLE),
    ("rumoured", POSSIBLE),
    ("said", POSSIBLE),
    ("plan", PROBABLE),
    ("plans", PROBABLE),
    ("intend", PROBABLE),
    ("intends", PROBABLE),
    ("intended", PROBABLE),
    ("aim", PROBABLE),
    ("aims", PROBABLE),
    ("aimed", PROBABLE),
    ("hope", PROBABLE),
    ("hopes", PROBABLE),
    ("hoped", PROBABLE),
    ("seek", PROBABLE),
    ("seeks", PROBABLE),
    ("sought", PROBABLE),
    ("expect", PROBABLE),
    ("expected", PROBABLE),
    ("expects", PROBABLE),
    ("forecast", PROBABLE),
    ("projected", PROBABLE),
    ("predicted", PROBABLE),
    ("set", PROBABLE),
];

/// A hedge: its token and level; `question`: the question sentence `[a, b)` it opens.
#[derive(Debug, Clone, Copy)]
struct Hedge {
    at: usize,
    level: u8,
    question: Option<(usize, usize)>,
}

/// Auxiliaries that open a yes-no question ("Did the treaty end the war?").
const ASKING: &[&str] = &[
    "am",
    "are",
    "aren't",
    "can",
    "can't",
    "could",
    "couldn't",
    "did",
    "didn't",
    "do",
    "does",
    "doesn't",
    "don't",
    "had",
    "hadn't",
    "has",
    "hasn't",
    "have",
    "haven't",
    "is",
    "isn't",
    "might",
    "must",
    "shall",
    "should",
    "shouldn't",
    "was",
    "wasn't",
    "were",
    "weren't",
    "will",
    "won't",
    "would",
    "wouldn't",
];

/// The yes-no questions among the sentences of `doc` overlapping `[a, b)`: a sentence that
/// opens with an auxiliary and ends with "?" asks whether its words hold, and says neither.
/// (A question opening with "why" or "how" takes its words for granted: not one of these.)
fn questions(doc: &Doc, (a, b): (usize, usize)) -> Vec<(usize, usize)> {
    doc.sentences
        .iter()
        .copied()
        .filter(|&(s, e)| s < b && e > a && s < e)
        .filter(|&(s, e)| {
            let first = (s..e).find(|&i| doc.toks[i].is_wordlike());
            let last = (s..e).rev().find(|&i| !doc.toks[i].lower.trim().is_empty());
            first.is_some_and(|i| ASKING.contains(&doc.toks[i].lower.as_str()))
                && last.is_some_and(|i| doc.toks[i].is_punct('?'))
        })
        .collect()
}

fn hedges(doc: &Doc, (a, b): (usize, usize)) -> Vec<Hedge> {
    let mut out = Vec::new();
    for i in a..b {
        let t = &doc.toks[i];
        if !t.is_wordlike() {
            continue;
        }
        let next = doc.toks.get(i + 1).map_or("", |n| n.lower.as_str());
        let before_to = next == "to" || next == "that";
        // "said to" hedges only in the passive ("is said to be"), not "said to reporters".
        let passive = i > 0
            && matches!(
                doc.toks[i - 1].lower.as_str(),
                "is" | "are" | "was" | "were" | "be" | "been"
            );
        let level = HEDGES
            .iter()
            .find(|(w, _)| t.is(w))
            .map(|(_, l)| *l)
            .or_else(|| {
                BEFORE_TO
                    .iter()
                    .find(|(w, _)| {
                        t.is(w)
                            && before_to
                            && (passive || !matches!(*w, "said" | "thought" | "believed" | "set"))
                    })
                    .map(|(_, l)| *l)
            });
        if level.is_some() && alternative(doc, i) {
            continue;
        }
        // "in May", "on 3 May": the month (a name, see `Doc::entity`), not the modal.
        if t.is("may") && doc.entity[i] {
            continue;
        }
        if let Some(level) = level {
            out.push(Hedge {
                at: i,
                level,
                question: None,
            });
        }
    }
    // A question hedges every clause of it, each from its first word.
    for q in questions(doc, (a, b)) {
        let mut clause = None;
        for i in q.0.max(a)..q.1.min(b) {
            let t = &doc.toks[i];
            if t.is_wordlike() && clause != Some(t.clause) {
                clause = Some(t.clause);
                out.push(Hedge {
                    at: i,
                    level: POSSIBLE,
                    question: Some(q),
                });
            }
        }
    }
    out
}

/// True when "whether" at `i` lists alternatives set off by commas ("everyone, whether
/// owner or tenant, pays"; "the union will strike, whether managers agree or not"): what
/// the sentence says holds either way, so it is no hedge.
fn alternative(doc: &Doc, i: usize) -> bool {
    if !doc.toks[i].is("whether") || i == 0 || !doc.toks[i - 1].is_punct(',') {
        return false;
    }
    let clause = doc.toks[i].clause;
    doc.toks[i + 1..]
        .iter()
        .take_while(|t| t.clause == clause && !t.is_punct(','))
        .any(|t| t.is("or"))
}

/// The least certain modality among `hedges` inside clause `clause`.
fn modality(doc: &Doc, hedges: &[Hedge], clause: usize) -> (u8, Option<usize>) {
    hedges
        .iter()
        .filter(|h| doc.toks[h.at].clause == clause)
        .min_by_key(|h| h.level)
        .map_or((FACT, None), |h| (h.level, Some(h.at)))
}

/// Certainty findings: a claim clause more certain than the evidence clauses holding it.
pub(crate) fn check(ctx: &Ctx) -> Vec<Hit> {
    let mut hits = Vec::new();
    let claim_hedges = hedges(ctx.claim, (0, ctx.claim.toks.len()));
    let ev_hedges = hedges(ctx.ev, ctx.passage.toks);
    let mut clauses: Vec<usize> = ctx.claim.toks.iter().map(|t| t.clause).collect();
    clauses.dedup();
    for cc in clauses {
        let (a, b) = ctx.claim_clause(cc);
        let partners: Vec<usize> = (a..b).filter_map(|c| ctx.align[c]).collect();
        if partners.is_empty() {
            continue;
        }
        let (claim_level, claim_at) = modality(ctx.claim, &claim_hedges, cc);
        let mut ev_clauses: Vec<usize> = partners.iter().map(|&e| ctx.ev.toks[e].clause).collect();
        ev_clauses.sort_unstable();
        ev_clauses.dedup();
        let (ev_level, ev_at) = ev_clauses
            .iter()
            .map(|&ec| modality(ctx.ev, &ev_hedges, ec))
            .min_by_key(|(l, _)| *l)
            .unwrap_or((FACT, None));
        let Some(ev_at) = ev_at.filter(|_| claim_level > ev_level) else {
            continue;
        };
        let c_range = claim_at.map_or((a, b), |h| (h, h + 1));
        let claim_says = match claim_at {
            Some(h) => format!("“{}”", ctx.claim_words(h, h + 1)),
            None => "it as fact".to_string(),
        };
        let asked = ev_hedges
            .iter()
            .find(|h| h.at == ev_at)
            .and_then(|h| h.question);
        if let Some((qa, qb)) = asked {
            // A question says nothing either way: the claim is not supported, not refuted.
            let mut hit = ctx.finding(
                Rule::Certainty,
                trim_marks(ctx.claim, c_range),
                (qa, qb),
                format!(
                    "the evidence asks it (“{}”), which says neither yes nor no; the claim says \
                     {claim_says}",
                    ctx.ev_words(qa, qb)
                ),
            );
            hit.effect = super::Effect::Unsupports;
            hits.push(hit);
            continue;
        }
        hits.push(ctx.finding(
            Rule::Certainty,
            trim_marks(ctx.claim, c_range),
            (ev_at, ev_at + 1),
            format!(
                "the evidence hedges with “{}”; the claim says {claim_says}",
                ctx.ev_words(ev_at, ev_at + 1)
            ),
        ));
    }
    hits
}

/// `[a, b)` without leading and trailing punctuation.
fn trim_marks(doc: &Doc, (mut a, mut b): (usize, usize)) -> (usize, usize) {
    while a < b && !doc.toks[a].is_wordlike() {
        a += 1;
    }
    while b > a && !doc.toks[b - 1].is_wordlike() {
        b -= 1;
    }
    (a, b)
}

#[cfg(test)]
mod tests {
    use super::super::fired;
    use crate::model::Rule;

    fn fires(claim: &str, evidence: &str) -> bool {
        !fired(claim, evidence, Rule::Certainty).is_empty()
    }

    #[test]
    fn a_yes_no_question_supports_nothing() {
        assert!(fires(
            "The treaty ended the war.",
            "Did the treaty end the war? Historians still disagree."
        ));
        assert!(fires(
            "The minister knew about the payments.",
            "Was the minister aware of the payments, and did he know who made them?"
        ));
        // A question the claim asks too, and one that takes its words for granted.
        assert!(!fires(
            "Did the treaty end the war?",
            "Did the treaty end the war? Historians still disagree."
        ));
        assert!(!fires(
            "The minister resigned.",
            "Why did the minister resign? He gave no reason."
        ));
    }

    #[test]
    fn possibilities_turned_into_facts_fire() {
        assert!(fires(
            "The drug reduces symptoms.",
            "The drug may reduce symptoms."
        ));
        assert!(fires(
            "The study shows the drug works.",
            "The study suggests the drug works."
        ));
        assert!(fires(
            "The merger will create 500 jobs.",
            "The merger could create 500 jobs."
        ));
        assert!(fires(
            "The company hired 300 workers.",
            "The company plans to hire 300 workers."
        ));
        assert!(fires(
            "The tower is unsafe.",
            "The tower appears to be unsafe."
        ));
        assert!(fires("Rates will rise.", "Rates are likely to rise."));
        assert!(fires(
            "USG support for the MEK will harm USG popularity.",
            "Many Iranian respondents believe that any indication of USG support for the MEK would seriously harm USG popularity."
        ));
    }

    #[test]
    fn the_month_of_may_is_no_hedge() {
        assert!(!fires(
            "The company's shares rose sharply.",
            "The company's shares rose sharply in May."
        ));
        assert!(!fires(
            "Parliament passed the law.",
            "On 3 May parliament passed the law."
        ));
        // The modal still is, also opening a sentence.
        assert!(fires(
            "The company's shares rose sharply.",
            "The company's shares may rise sharply."
        ));
        assert!(fires(
            "Parliament passes the law.",
            "May parliament pass the law?"
        ));
    }

    #[test]
    fn equal_or_weaker_certainty_agrees() {
        assert!(!fires(
            "The drug might reduce symptoms.",
            "The drug may reduce symptoms."
        ));
        assert!(!fires(
            "The drug may reduce symptoms.",
            "The drug reduces symptoms."
        ));
        assert!(!fires(
            "The drug reduces symptoms, researchers said.",
            "Researchers said the drug reduces symptoms."
        ));
        assert!(!fires(
            "Sales rose 5%.",
            "Sales rose 5%, and analysts say profits may follow."
        ));
        assert!(!fires(
            "The firm intends to hire 300 workers.",
            "The firm plans to hire 300 workers."
        ));
    }
}
