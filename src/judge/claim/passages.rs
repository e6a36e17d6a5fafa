//! Candidate passages (a sentence or up to three adjacent ones that form one passage, as
//! `subject::linked` decides), the one holding the most of the claim, and which evidence word
//! each claim word stands for there.
//!
//! Scoring is per sentence, then per window of one to three sentences, so it stays linear in
//! the evidence's length: each evidence word is looked up once in a table of the claim's keys.

use std::collections::{HashMap, HashSet};

use super::doc::Doc;
use super::lexicon::Antonyms;
use super::numbers::Relation;

/// The most sentences a passage may join.
pub(crate) const MAX_SENTENCES: usize = 3;

/// A claim's content word to look for (repeats folded by concept).
#[derive(Debug, Clone)]
pub(crate) struct Term {
    /// The claim token it was read from (its first occurrence).
    pub tok: usize,
    /// The keys it is found by.
    pub keys: Vec<String>,
    /// A name or date: the claim needs it, whatever the share.
    pub entity: bool,
}

/// The content words of the claim, one per concept, in order.
pub(crate) fn terms(claim: &Doc) -> Vec<Term> {
    let mut seen = HashSet::new();
    let mut out: Vec<Term> = Vec::new();
    for i in 0..claim.toks.len() {
        if !claim.content[i] && !claim.entity[i] {
            continue;
        }
        if seen.insert(claim.concepts[i].clone()) {
            out.push(Term {
                tok: i,
                keys: claim.keys(i),
                entity: claim.entity[i],
            });
        } else if claim.entity[i] {
            if let Some(t) = out.iter_mut().find(|t| t.keys[0] == claim.concepts[i]) {
                t.entity = true;
            }
        }
    }
    out
}

/// A passage: a run of evidence sentences.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Passage {
    /// Its sentences `[a, b)`.
    pub sentences: (usize, usize),
    /// Its tokens `[a, b)`.
    pub toks: (usize, usize),
    /// Its bytes in the evidence.
    pub span: (usize, usize),
}

impl Passage {
    /// True when evidence token `e` is in the passage.
    pub fn has(&self, e: usize) -> bool {
        (self.toks.0..self.toks.1).contains(&e)
    }
}

/// What one sentence (or passage) holds of the claim.
#[derive(Debug, Clone, Default)]
pub(crate) struct Holds {
    /// Per term: present.
    pub term: Vec<bool>,
    /// Per term: an opposite is present.
    pub opposite: Vec<bool>,
    /// Per claim quantity: a quantity that makes it true is present.
    pub quantity: Vec<bool>,
}

impl Holds {
    fn union(&mut self, other: &Holds) {
        let or = |a: &mut Vec<bool>, b: &Vec<bool>| a.iter_mut().zip(b).for_each(|(x, y)| *x |= *y);
        or(&mut self.term, &other.term);
        or(&mut self.opposite, &other.opposite);
        or(&mut self.quantity, &other.quantity);
    }

    fn score(&self, terms: &[Term]) -> usize {
        let t: usize = self
            .term
            .iter()
            .zip(terms)
            .map(|(&h, t)| if h { 2 + usize::from(t.entity) } else { 0 })
            .sum();
        let o = self
            .opposite
            .iter()
            .zip(&self.term)
            .filter(|(o, h)| **o && !**h)
            .count();
        t + o + 3 * self.quantity.iter().filter(|&&q| q).count()
    }
}

/// What each evidence sentence holds of the claim.
pub(crate) fn sentence_holds(
    claim: &Doc,
    terms: &[Term],
    ev: &Doc,
    antonyms: &Antonyms,
) -> Vec<Holds> {
    let mut by_key: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut by_opposite: HashMap<String, Vec<usize>> = HashMap::new();
    for (ti, t) in terms.iter().enumerate() {
        for k in &t.keys {
            by_key.entry(k.as_str()).or_default().push(ti);
        }
        for o in antonyms.opposites_of(&t.keys[0]) {
            by_opposite.entry(o).or_default().push(ti);
        }
    }
    let empty = Holds {
        term: vec![false; terms.len()],
        opposite: vec![false; terms.len()],
        quantity: vec![false; claim.quantities.len()],
    };
    let mut out = vec![empty; ev.sentences.len()];
    for (s, &(a, b)) in ev.sentences.iter().enumerate() {
        for e in a..b {
            // Stop words and cues are no evidence for a content word ("likely" is no "like").
            if !(ev.content[e] || ev.entity[e]) {
                continue;
            }
            for k in ev.keys(e) {
                for &ti in by_key.get(k.as_str()).into_iter().flatten() {
                    out[s].term[ti] = true;
                }
                for &ti in by_opposite.get(&k).into_iter().flatten() {
                    out[s].opposite[ti] = true;
                }
            }
        }
    }
    for q in &ev.quantities {
        let s = ev.toks[q.core].sentence;
        for (ci, c) in claim.quantities.iter().enumerate() {
            if c.relation(q) == Relation::Holds {
                out[s].quantity[ci] = true;
            }
        }
    }
    out
}

/// A candidate while searching: its score key, its sentences and what it holds.
type Best = ((usize, std::cmp::Reverse<usize>), (usize, usize), Holds);

/// The passage holding the most of the claim (ties: fewer sentences, then the first), and
/// what it holds, among the windows of sentences `[a, b)` that `linked` accepts (one sentence
/// always is a passage). `None` when the evidence has no sentence.
pub(crate) fn best(
    ev: &Doc,
    terms: &[Term],
    per_sentence: &[Holds],
    linked: &dyn Fn((usize, usize)) -> bool,
) -> Option<(Passage, Holds)> {
    let n = per_sentence.len();
    let mut best: Option<Best> = None;
    for s in 0..n {
        let mut acc = per_sentence[s].clone();
        for k in 1..=MAX_SENTENCES.min(n - s) {
            if k > 1 {
                acc.union(&per_sentence[s + k - 1]);
                if !linked((s, s + k)) {
                    continue;
                }
            }
            let key = (acc.score(terms), std::cmp::Reverse(k));
            if best.as_ref().is_none_or(|(b, _, _)| key > *b) {
                best = Some((key, (s, s + k), acc.clone()));
            }
        }
    }
    let (_, (a, b), holds) = best?;
    let toks = (ev.sentences[a].0, ev.sentences[b - 1].1);
    let span = if toks.0 < toks.1 {
        (ev.toks[toks.0].start, ev.toks[toks.1 - 1].end)
    } else {
        (0, 0)
    };
    Some((
        Passage {
            sentences: (a, b),
            toks,
            span,
        },
        holds,
    ))
}

/// For each claim token: the evidence token in the passage it stands for, if any. Among
/// several occurrences the one in the evidence clause holding most of the claim clause's
/// concepts wins, then the one nearest the previous alignment, then the first.
pub(crate) fn align(claim: &Doc, ev: &Doc, p: &Passage) -> Vec<Option<usize>> {
    let mut index: HashMap<String, Vec<usize>> = HashMap::new();
    for e in p.toks.0..p.toks.1 {
        if ev.content[e] || ev.entity[e] {
            for k in ev.keys(e) {
                index.entry(k).or_default().push(e);
            }
        }
    }
    let candidates = |i: usize| -> Vec<usize> {
        let mut c: Vec<usize> = claim
            .keys(i)
            .iter()
            .filter_map(|k| index.get(k))
            .flatten()
            .copied()
            .collect();
        c.sort_unstable();
        c.dedup();
        c
    };
    // Concepts per claim clause and per evidence clause.
    let mut claim_clause: HashMap<usize, HashSet<usize>> = HashMap::new();
    let mut ev_clause_of: HashMap<usize, HashSet<usize>> = HashMap::new(); // claim tok -> ev clauses
    for i in 0..claim.toks.len() {
        if claim.content[i] || claim.entity[i] {
            claim_clause
                .entry(claim.toks[i].clause)
                .or_default()
                .insert(i);
            let clauses = candidates(i).iter().map(|&e| ev.toks[e].clause).collect();
            ev_clause_of.insert(i, clauses);
        }
    }
    let density = |cc: usize, ec: usize| -> usize {
        claim_clause.get(&cc).map_or(0, |toks| {
            toks.iter()
                .filter(|t| ev_clause_of.get(t).is_some_and(|s| s.contains(&ec)))
                .count()
        })
    };
    let mut out = vec![None; claim.toks.len()];
    let mut last: Option<usize> = None;
    for (i, slot) in out.iter_mut().enumerate() {
        if !(claim.content[i] || claim.entity[i]) {
            continue;
        }
        let cc = claim.toks[i].clause;
        let pick = candidates(i).into_iter().max_by_key(|&e| {
            let near = last.map_or(0, |l| usize::MAX / 2 - l.abs_diff(e));
            (density(cc, ev.toks[e].clause), near, std::cmp::Reverse(e))
        });
        if let Some(e) = pick {
            *slot = Some(e);
            last = Some(e);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn best_text(claim: &str, evidence: &str) -> String {
        let (c, e) = (Doc::new(claim), Doc::new(evidence));
        let terms = terms(&c);
        let holds = sentence_holds(&c, &terms, &e, &Antonyms::default());
        let (p, _) = best(&e, &terms, &holds, &|_| true).unwrap();
        evidence[p.span.0..p.span.1].to_string()
    }

    #[test]
    fn the_best_passage_is_the_smallest_holding_most() {
        let ev = "Sales rose. The weather was fine. Profits fell in March. Costs held.";
        assert_eq!(
            best_text("Profits fell in March.", ev),
            "Profits fell in March."
        );
        assert_eq!(
            best_text("Sales rose and profits fell.", ev),
            "Sales rose. The weather was fine. Profits fell in March."
        );
    }

    #[test]
    fn alignment_prefers_the_clause_holding_the_claim() {
        let ev = Doc::new("Sales rose in March, while costs rose in April.");
        let claim = Doc::new("Costs rose in April.");
        let p = Passage {
            sentences: (0, 1),
            toks: (0, ev.toks.len()),
            span: (0, ev.text.len()),
        };
        let a = align(&claim, &ev, &p);
        let rose = claim.toks.iter().position(|t| t.lower == "rose").unwrap();
        let e = a[rose].unwrap();
        assert_eq!(ev.toks[e].start, ev.text.rfind("rose").unwrap());
    }
}
