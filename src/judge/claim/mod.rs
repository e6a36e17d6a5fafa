//! Claims judged by rules: `supported` only when one passage says the same thing.
//!
//! [`assess`] reads a claim and its evidence (plain text, no pipeline types) and decides:
//!
//! - **supported**: one passage of the evidence (a sentence, or one with the sentences before
//!   it that it refers back to: see `subject`) holds the claim's content words (at least the
//!   `support_threshold` share, on Snowball stems and a curated synonym list), its subject,
//!   every number with its scale and unit, every name and date, and no rule below fires on it;
//!   `missing_terms` still lists the words the threshold let pass;
//! - **contradicted**: a rule fires on the best passage (the one holding the most of the
//!   claim), which holds the claim well enough to be about the same thing;
//! - **unsupported**: no passage holds the claim; `missing_terms` lists what is missing, and a
//!   name, date or number that no passage has is a `new-entity` finding; a subject the passage
//!   lacks is a `missing-subject` finding, and words only found across sentences that do not
//!   form one passage a `split-passage` finding.
//!
//! The rules, one file each under `rules/`: negation, antonym, comparison, quantifier,
//! certainty, number, role, causality. Each finding names its rule, the claim's words and the
//! evidence's words with their byte spans. When unsure the judge does not say supported: an
//! unaligned hedge, quantifier or negation near the claim's words counts against it.
//!
//! The module is pure text in, verdict out: tokens (`tokens`), sentences (`sentences`), the
//! analyzed text (`doc`), quantities (`numbers`), the lexicon (`lexicon`) and the passages
//! (`passages`) are its own, so it depends on `text` and `model` only.

mod doc;
mod lexicon;
mod numbers;
mod passages;
mod rules;
pub(crate) mod sentences;
mod subject;
mod tokens;

#[cfg(test)]
mod cases;
#[cfg(test)]
mod tests;

use std::collections::HashSet;

use crate::model::{Finding, Rule};
use doc::Doc;
use lexicon::Antonyms;
use passages::{Holds, Passage, Term};
use rules::{Ctx, Effect, Hit};

/// What the rules need from the project's settings.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimOptions {
    /// The share of the claim's content words the passage must hold (0 to 1).
    pub support_threshold: f64,
    /// Extra opposite pairs (words, any inflection) beyond the curated lexicon.
    pub antonyms: Vec<(String, String)>,
}

impl Default for ClaimOptions {
    fn default() -> Self {
        ClaimOptions {
            support_threshold: 0.6,
            antonyms: Vec::new(),
        }
    }
}

/// The verdict on a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// One passage says the same thing.
    Supported,
    /// The best passage says something incompatible.
    Contradicted,
    /// No passage says it.
    Unsupported,
}

/// A claim's verdict and its reasons.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    /// The verdict.
    pub outcome: Outcome,
    /// The best passage, in bytes of the evidence (`None` for evidence without text).
    pub passage: Option<[usize; 2]>,
    /// Why the claim is not supported (the rules that fired; for unsupported, what is new).
    pub findings: Vec<Finding>,
    /// The claim's numbers, names and words the best passage lacks (for a supported claim, the
    /// ones the threshold let pass; empty for a contradicted one).
    pub missing_terms: Vec<String>,
}

/// Judge `claim` against `evidence` (see the module docs).
pub fn assess(claim: &str, evidence: &str, options: &ClaimOptions) -> Assessment {
    let ev = Doc::new(evidence);
    let mut c = Doc::new(claim);
    promote_names(&mut c, &ev);
    let antonyms = Antonyms::new(&options.antonyms);
    let terms = passages::terms(&c);
    let per_sentence = passages::sentence_holds(&c, &terms, &ev, &antonyms);
    let roles = subject::roles(&c, &terms);
    let linked = |w: (usize, usize)| subject::linked(&c, &terms, &roles, &ev, &per_sentence, w);
    let Some((passage, holds)) = passages::best(&ev, &terms, &per_sentence, &linked) else {
        let none = Holds {
            term: vec![false; terms.len()],
            opposite: vec![false; terms.len()],
            quantity: vec![false; c.quantities.len()],
        };
        let mut findings = new_entities(&c, &ev, &terms, &none, None);
        findings.extend(vacuous(&c, &terms));
        return Assessment {
            outcome: Outcome::Unsupported,
            passage: None,
            findings,
            missing_terms: missing(&c, &terms, &none),
        };
    };
    let align = passages::align(&c, &ev, &passage);
    let ctx = Ctx::new(&c, &ev, passage, align, &antonyms);
    let hits = rules::run(&ctx);
    // Opposites that a negation or a swap reconciles ("unpopular" / "not popular") hold.
    let reconciled: HashSet<String> = rules::antonym::pairs(&ctx)
        .into_iter()
        .filter(|p| p.negated || p.swapped)
        .map(|p| c.concepts[p.claim].clone())
        .collect();
    let everywhere = union(&per_sentence, &terms, &c);
    let mut a = decide(
        &ctx,
        &terms,
        &holds,
        &everywhere,
        (&reconciled, &roles),
        hits,
        options,
    );
    if a.outcome == Outcome::Unsupported {
        a.findings
            .extend(split(&c, &ev, &terms, &per_sentence, &holds, options));
    }
    a
}

/// A `split-passage` finding when adjacent sentences that do not form one passage (see
/// `subject`) would together hold the claim: which of its words each sentence has.
fn split(
    c: &Doc,
    ev: &Doc,
    terms: &[Term],
    per_sentence: &[Holds],
    held: &Holds,
    options: &ClaimOptions,
) -> Option<Finding> {
    let (p, all) = passages::best(ev, terms, per_sentence, &|_| true)?;
    if p.sentences.1 - p.sentences.0 < 2 {
        return None;
    }
    let n = |h: &Holds| h.term.iter().filter(|&&x| x).count();
    let enough =
        terms.is_empty() || n(&all) as f64 / terms.len() as f64 + 1e-9 >= options.support_threshold;
    let entities = terms.iter().zip(&all.term).all(|(t, &h)| h || !t.entity);
    if !(enough && entities && all.quantity.iter().all(|&q| q)) || n(&all) <= n(held) {
        return None;
    }
    let mut parts = Vec::new();
    let (first, end) = p.sentences;
    for (s, here) in per_sentence.iter().enumerate().take(end).skip(first) {
        let words: Vec<String> = terms
            .iter()
            .zip(&here.term)
            .filter(|(_, &h)| h)
            .map(|(t, _)| format!("“{}”", c.span_text(t.tok, t.tok + 1).0))
            .collect();
        let (a, b) = ev.sentences[s];
        let text = ev.span_text(a, b).0;
        let has = if words.is_empty() {
            "none of its words".to_string()
        } else {
            words.join(", ")
        };
        parts.push(format!("{has} in “{text}”"));
    }
    let (evidence, evidence_span) = ev.span_text(p.toks.0, p.toks.1);
    Some(Finding {
        rule: Rule::SplitPassage,
        claim: c.text.to_string(),
        evidence,
        claim_span: [0, c.text.len()],
        evidence_span,
        explanation: format!(
            "the claim's words are only found across sentences that do not say it together: \
             {}; a passage is one sentence, or one that refers back to the sentences before it \
             by a pronoun standing for the claim's subject",
            parts.join("; ")
        ),
    })
}

/// Claim words capitalized only by position are names when the evidence writes them
/// capitalized mid-sentence ("Beats was bought" against "Apple bought Beats").
fn promote_names(c: &mut Doc, ev: &Doc) {
    let names: HashSet<&str> = (0..ev.toks.len())
        // "THE IRAQI MILITARY" in capitals makes no name of a claim's opening "The".
        .filter(|&i| ev.entity[i] && !ev.toks[i].initial && ev.content[i])
        .map(|i| ev.toks[i].stem.as_str())
        .collect();
    for i in 0..c.toks.len() {
        if c.toks[i].initial && c.toks[i].cap && names.contains(c.toks[i].stem.as_str()) {
            c.entity[i] = true;
        }
    }
}

/// What the whole evidence holds of the claim.
fn union(per_sentence: &[Holds], terms: &[Term], c: &Doc) -> Holds {
    let mut all = Holds {
        term: vec![false; terms.len()],
        opposite: vec![false; terms.len()],
        quantity: vec![false; c.quantities.len()],
    };
    for h in per_sentence {
        all.term.iter_mut().zip(&h.term).for_each(|(a, b)| *a |= *b);
        all.quantity
            .iter_mut()
            .zip(&h.quantity)
            .for_each(|(a, b)| *a |= *b);
    }
    all
}

/// The verdict from the passage's holdings and the rules' hits.
fn decide(
    ctx: &Ctx,
    terms: &[Term],
    holds: &Holds,
    everywhere: &Holds,
    (reconciled, roles): (&HashSet<String>, &subject::Roles),
    hits: Vec<Hit>,
    options: &ClaimOptions,
) -> Assessment {
    let c = ctx.claim;
    let held: Vec<bool> = terms
        .iter()
        .enumerate()
        .map(|(i, t)| holds.term[i] || reconciled.contains(&t.keys[0]))
        .collect();
    let total = terms.len();
    let n_held = held.iter().filter(|&&h| h).count();
    let n_opposed = (0..total)
        .filter(|&i| !held[i] && holds.opposite[i])
        .count();
    let share = |n: usize| {
        if total == 0 {
            1.0
        } else {
            n as f64 / total as f64
        }
    };
    let threshold = options.support_threshold;
    let (contradicts, unsupports): (Vec<Hit>, Vec<Hit>) = hits
        .into_iter()
        .partition(|h| h.effect == Effect::Contradicts);
    let passage = Some([ctx.passage.span.0, ctx.passage.span.1]);
    // Contradicted only when the passage is about the claim: its words there, if opposed.
    if !contradicts.is_empty() && share(n_held + n_opposed) + 1e-9 >= threshold.min(0.5) {
        return Assessment {
            outcome: Outcome::Contradicted,
            passage,
            findings: contradicts.into_iter().map(|h| h.finding).collect(),
            missing_terms: Vec::new(),
        };
    }
    let holds_all = Holds {
        term: held.clone(),
        ..holds.clone()
    };
    let entities_held = terms.iter().zip(&held).all(|(t, &h)| h || !t.entity);
    let numbers_held = holds.quantity.iter().all(|&q| q);
    let vacuous_claim = total == 0 && c.quantities.is_empty();
    // The passage must say it of the claim's subject, not of someone else.
    let subject_missing = roles.subject.filter(|&(_, t)| !held[t]);
    if share(n_held) + 1e-9 >= threshold
        && entities_held
        && numbers_held
        && subject_missing.is_none()
        && unsupports.is_empty()
        && contradicts.is_empty()
        && !vacuous_claim
    {
        return Assessment {
            outcome: Outcome::Supported,
            passage,
            findings: Vec::new(),
            // The words the threshold let pass: what was not compared is said.
            missing_terms: missing(c, terms, &holds_all),
        };
    }
    let mut findings = new_entities(c, ctx.ev, terms, everywhere, Some(&ctx.passage));
    findings.extend(vacuous(c, terms));
    // A name missing is already a `new-entity` or `missing-terms` finding; with too few words
    // in the passage, `missing-terms` says why.
    let decisive = share(n_held) + 1e-9 >= threshold;
    if let Some((tok, _)) = subject_missing.filter(|&(_, t)| !terms[t].entity && decisive) {
        let p = ctx.passage;
        let (claim, claim_span) = c.span_text(tok, tok + 1);
        let other = evidence_subject(ctx, roles);
        // Without the evidence's own subject, no evidence words: the passage is shown anyway.
        let (evidence, evidence_span) = match other {
            Some(e) => ctx.ev.span_text(e, e + 1),
            None => (String::new(), ctx.ev.span_text(p.toks.0, p.toks.0).1),
        };
        let whom = match other {
            Some(_) => format!("; the passage says it of “{evidence}”"),
            None => String::new(),
        };
        findings.push(Finding {
            rule: Rule::MissingSubject,
            explanation: format!(
                "the claim says it of “{claim}”, which the passage holding the rest of the claim \
                 does not name{whom}"
            ),
            claim,
            evidence,
            claim_span,
            evidence_span,
        });
    }
    findings.extend(unsupports.into_iter().map(|h| h.finding));
    let missing_terms = missing(c, terms, &holds_all);
    let too_few = share(n_held) + 1e-9 < threshold;
    findings.extend(missing_words(ctx, terms, &held, &everywhere.term, too_few));
    Assessment {
        outcome: Outcome::Unsupported,
        passage,
        findings,
        missing_terms,
    }
}

/// The evidence's word in the claim subject's place: the last content word or name before
/// the claim predicate's partner in its sentence that stands for no claim word ("general" in
/// "The general resigned …" against "The minister resigned …").
fn evidence_subject(ctx: &Ctx, roles: &subject::Roles) -> Option<usize> {
    let (p, _) = roles.predicate?;
    let e = ctx.align[p]?;
    let ev = ctx.ev;
    let (a, _) = ev.sentences[ev.toks[e].sentence];
    (a..e)
        .rev()
        .find(|&i| (ev.content[i] || ev.entity[i]) && !ctx.is_partner(i))
}

/// The claim's quantities (as today's `terms::numbers` writes them) and words the holdings
/// lack, numbers first.
fn missing(c: &Doc, terms: &[Term], holds: &Holds) -> Vec<String> {
    let numbers = c
        .quantities
        .iter()
        .zip(&holds.quantity)
        .filter(|(_, &h)| !h)
        .map(|(q, _)| q.text.clone());
    let words = terms
        .iter()
        .zip(&holds.term)
        .filter(|(_, &h)| !h)
        .map(|(t, _)| c.span_text(t.tok, t.tok + 1).0);
    numbers.chain(words).collect()
}

/// `new-entity` findings: names, dates and numbers of the claim that no passage has.
fn new_entities(
    c: &Doc,
    ev: &Doc,
    terms: &[Term],
    everywhere: &Holds,
    passage: Option<&Passage>,
) -> Vec<Finding> {
    let at = passage.map_or((0, 0), |p| p.toks);
    let (_, evidence_span) = ev.span_text(at.0, at.0);
    let mk = |(claim, claim_span): (String, [usize; 2]), what: &str| Finding {
        rule: Rule::NewEntity,
        explanation: format!("the claim's {what} “{claim}” is in no passage of the evidence"),
        claim,
        evidence: String::new(),
        claim_span,
        evidence_span,
    };
    let names = terms
        .iter()
        .zip(&everywhere.term)
        .filter(|(t, &h)| t.entity && !h)
        .map(|(t, _)| mk(c.span_text(t.tok, t.tok + 1), "name"));
    let numbers = c
        .quantities
        .iter()
        .zip(&everywhere.quantity)
        .filter(|(_, &h)| !h)
        .map(|(q, _)| mk(c.span_text(q.tokens.0, q.tokens.1), "number"));
    names.chain(numbers).collect()
}

/// A claim without content words, names or numbers claims nothing a passage could hold.
fn vacuous(c: &Doc, terms: &[Term]) -> Option<Finding> {
    (terms.is_empty() && c.quantities.is_empty()).then(|| Finding {
        rule: Rule::MissingTerms,
        claim: c.text.to_string(),
        evidence: String::new(),
        claim_span: [0, c.text.len()],
        evidence_span: [0, 0],
        explanation: "the claim has no content words, names or numbers to look for".to_string(),
    })
}

/// `missing-terms` findings: claim words the best passage lacks (when too few are there), and
/// names the passage lacks although another passage has them.
fn missing_words(
    ctx: &Ctx,
    terms: &[Term],
    held: &[bool],
    anywhere: &[bool],
    too_few: bool,
) -> Vec<Finding> {
    let p = ctx.passage;
    let (evidence, evidence_span) = ctx.ev.span_text(p.toks.0, p.toks.1);
    terms
        .iter()
        .zip(held)
        .zip(anywhere)
        // A name no passage has is already a `new-entity` finding.
        .filter(|((t, &h), &a)| !h && if t.entity { a } else { too_few })
        .map(|((t, _), _)| {
            let (claim, claim_span) = ctx.claim.span_text(t.tok, t.tok + 1);
            Finding {
                rule: Rule::MissingTerms,
                explanation: format!("the best passage lacks “{claim}”"),
                claim,
                evidence: evidence.clone(),
                claim_span,
                evidence_span,
            }
        })
        .collect()
}
