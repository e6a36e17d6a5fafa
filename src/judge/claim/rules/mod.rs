//! The rules that compare a claim with its best passage. Each reads the claim, the evidence
//! and the alignment (which evidence word stands for which claim word) and reports findings.
//!
//! Scope is the clause: a cue (a negation, a hedge, a quantifier) speaks about the words of
//! its own clause, and clauses end at sentence ends, `;`, `:`, dashes and brackets, before
//! "but", "while", "although" and the like, around a comma-delimited relative clause (or a
//! ", whether A or B," aside), before an embedded question ("why", "how", "whether": "no one
//! can explain why X" neither negates nor hedges X, and "... and why Y" opens another), and
//! before ", and" that opens a new subject. A rule only speaks when the words it compares are
//! aligned, so a negation about something the claim does not say never fires.

pub(crate) mod antonym;
pub(crate) mod causality;
pub(crate) mod certainty;
pub(crate) mod comparison;
pub(crate) mod negation;
pub(crate) mod number;
pub(crate) mod quantifier;
pub(crate) mod role;

use std::collections::HashMap;

use super::doc::Doc;
use super::lexicon::Antonyms;
use super::passages::Passage;
use crate::model::{Finding, Rule};

/// What a finding does to the verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Effect {
    /// The passage says something incompatible: `contradicted`.
    Contradicts,
    /// The passage does not say it: `unsupported`.
    Unsupports,
}

/// A finding and its effect.
#[derive(Debug, Clone)]
pub(crate) struct Hit {
    /// The finding.
    pub finding: Finding,
    /// Its effect.
    pub effect: Effect,
}

/// Everything a rule reads.
pub(crate) struct Ctx<'a> {
    /// The claim.
    pub claim: &'a Doc<'a>,
    /// The evidence.
    pub ev: &'a Doc<'a>,
    /// The best passage.
    pub passage: Passage,
    /// Per claim token: its evidence token in the passage.
    pub align: Vec<Option<usize>>,
    /// Per evidence token: the claim tokens aligned to it.
    pub back: HashMap<usize, Vec<usize>>,
    /// The opposite pairs in force.
    pub antonyms: &'a Antonyms,
    /// Per claim token: inside a negation's scope.
    pub claim_neg: Vec<bool>,
    /// Per evidence token: inside a negation's scope.
    pub ev_neg: Vec<bool>,
}

impl<'a> Ctx<'a> {
    /// The context of a claim judged against `passage`.
    pub fn new(
        claim: &'a Doc<'a>,
        ev: &'a Doc<'a>,
        passage: Passage,
        align: Vec<Option<usize>>,
        antonyms: &'a Antonyms,
    ) -> Ctx<'a> {
        let mut back: HashMap<usize, Vec<usize>> = HashMap::new();
        for (c, e) in align.iter().enumerate() {
            if let Some(e) = e {
                back.entry(*e).or_default().push(c);
            }
        }
        let claim_neg = negation::mask(claim, (0, claim.toks.len()));
        let ev_neg = negation::mask(ev, passage.toks);
        Ctx {
            claim,
            ev,
            passage,
            align,
            back,
            antonyms,
            claim_neg,
            ev_neg,
        }
    }

    /// A finding on claim tokens `c` and evidence tokens `e` (ranges `[a, b)`).
    pub fn finding(
        &self,
        rule: Rule,
        c: (usize, usize),
        e: (usize, usize),
        explanation: String,
    ) -> Hit {
        let (claim, claim_span) = self.claim.span_text(c.0, c.1);
        let (evidence, evidence_span) = self.ev.span_text(e.0, e.1);
        Hit {
            finding: Finding {
                rule,
                claim,
                evidence,
                claim_span,
                evidence_span,
                explanation,
            },
            effect: Effect::Contradicts,
        }
    }

    /// The claim tokens `[a, b)` as written.
    pub fn claim_words(&self, a: usize, b: usize) -> String {
        self.claim.span_text(a, b).0
    }

    /// The evidence tokens `[a, b)` as written.
    pub fn ev_words(&self, a: usize, b: usize) -> String {
        self.ev.span_text(a, b).0
    }

    /// Claim tokens of clause `clause`.
    pub fn claim_clause(&self, clause: usize) -> (usize, usize) {
        clause_range(self.claim, clause, (0, self.claim.toks.len()))
    }

    /// Evidence tokens of clause `clause`, within the passage.
    pub fn ev_clause(&self, clause: usize) -> (usize, usize) {
        clause_range(self.ev, clause, self.passage.toks)
    }

    /// The evidence clauses holding the most partners of claim clause `clause`'s words.
    pub fn main_clauses(&self, clause: usize) -> Vec<usize> {
        let (a, b) = self.claim_clause(clause);
        let mut count: HashMap<usize, usize> = HashMap::new();
        for e in (a..b).filter_map(|c| self.align[c]) {
            *count.entry(self.ev.toks[e].clause).or_default() += 1;
        }
        let max = count.values().copied().max().unwrap_or(0);
        let mut out: Vec<usize> = count
            .into_iter()
            .filter(|&(_, n)| n == max && n > 0)
            .map(|(c, _)| c)
            .collect();
        out.sort_unstable();
        out
    }

    /// True when evidence token `e` stands for some claim word.
    pub fn is_partner(&self, e: usize) -> bool {
        self.back.contains_key(&e)
    }
}

/// The tokens of `clause` within `within`.
fn clause_range(doc: &Doc, clause: usize, within: (usize, usize)) -> (usize, usize) {
    let toks = &doc.toks[within.0..within.1];
    let a = toks.partition_point(|t| t.clause < clause);
    let b = toks.partition_point(|t| t.clause <= clause);
    (within.0 + a, within.0 + b)
}

/// Every rule's hits, in rule order.
pub(crate) fn run(ctx: &Ctx) -> Vec<Hit> {
    let mut hits = Vec::new();
    hits.extend(negation::check(ctx));
    hits.extend(antonym::check(ctx));
    hits.extend(comparison::check(ctx));
    hits.extend(quantifier::check(ctx));
    hits.extend(certainty::check(ctx));
    hits.extend(number::check(ctx));
    hits.extend(role::check(ctx));
    hits.extend(causality::check(ctx));
    hits
}

/// Test helper: the rules of `rule` that fire for `claim` against `evidence`.
#[cfg(test)]
pub(crate) fn fired(claim: &str, evidence: &str, rule: Rule) -> Vec<Finding> {
    let a = super::assess(claim, evidence, &super::ClaimOptions::default());
    a.findings.into_iter().filter(|f| f.rule == rule).collect()
}
