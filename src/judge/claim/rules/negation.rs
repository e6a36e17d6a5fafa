//! Negation and polarity: one side negates what the other affirms.
//!
//! Cues: not, no, never, none, nobody, nothing, nowhere, neither, nor, cannot, without, any
//! "n't", lack(s/ed/ing), absence of, fail(ed) to, refuse(d) to, decline(d) to, unable to,
//! deny/denied that.
//! Idioms that only look negative ("not only", "no doubt", "without exception", "nothing
//! but", "no more than 5", which is a bound) are not cues. A cue's scope runs to the end of
//! its clause. The rule fires when a cue's scope holds aligned words and none of their
//! partners is negated on the other side: "Officials did not confirm the deal" agrees with
//! "The deal was not confirmed by officials" (both negate "confirm"), not with "The deal was
//! confirmed".

use super::super::doc::Doc;
use super::{Ctx, Hit};
use crate::model::Rule;

/// A negation cue: its tokens and the tokens in its scope.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cue {
    /// The cue's own tokens `[a, b)`.
    pub at: (usize, usize),
    /// Its scope `[a, b)`: after the cue to the end of its clause.
    pub scope: (usize, usize),
}

const SINGLE: &[&str] = &[
    "cannot", "neither", "never", "no", "nobody", "none", "nor", "not", "nothing", "nowhere",
    "without",
];

const LACK: &[&str] = &["lack", "lacked", "lacking", "lacks"];

/// Verbs that negate when followed by `to` ("failed to confirm", "refused to pay").
const BEFORE_TO: &[&str] = &[
    "decline",
    "declined",
    "declines",
    "declining",
    "fail",
    "failed",
    "failing",
    "fails",
    "refuse",
    "refused",
    "refuses",
    "refusing",
    "unable",
];

const DENY: &[&str] = &["denied", "denies", "deny", "denying"];

/// Idioms: (cue, next word) pairs that do not negate.
const NOT_NEGATING: &[(&str, &str)] = &[
    ("not", "only"),
    ("not", "just"),
    ("not", "merely"),
    ("not", "least"),
    ("not", "to"),
    ("no", "doubt"),
    ("no", "sooner"),
    ("no", "matter"),
    ("without", "exception"),
    ("without", "doubt"),
    ("without", "question"),
    ("nothing", "but"),
    ("none", "other"),
];

fn word<'d>(doc: &'d Doc, i: usize) -> Option<&'d str> {
    doc.toks
        .get(i)
        .filter(|t| t.is_wordlike())
        .map(|t| t.lower.as_str())
}

/// The length of the negation cue starting at token `i`, if one does.
fn cue_len(doc: &Doc, i: usize) -> Option<usize> {
    if doc.in_quantity[i].is_some() {
        return None; // "no more than 5" is a bound
    }
    let w = word(doc, i)?;
    let next = word(doc, i + 1).unwrap_or("");
    if NOT_NEGATING.contains(&(w, next)) {
        return None;
    }
    // "whether or not", "if not most": alternatives, not denials.
    if w == "not" && i > 0 && matches!(word(doc, i - 1), Some("or" | "if")) {
        return None;
    }
    if SINGLE.contains(&w) || (w.ends_with("n't") && w.len() > 3) {
        return Some(1);
    }
    if LACK.contains(&w) {
        return Some(1);
    }
    if w == "absence" && next == "of" {
        return Some(2);
    }
    if BEFORE_TO.contains(&w) && next == "to" {
        return Some(2);
    }
    if DENY.contains(&w) && matches!(next, "that" | "any" | "having" | "being") {
        return Some(1);
    }
    None
}

/// The negation cues of `doc` within tokens `[a, b)`.
pub(crate) fn cues(doc: &Doc, (a, b): (usize, usize)) -> Vec<Cue> {
    let mut out = Vec::new();
    let mut i = a;
    while i < b {
        if let Some(n) = cue_len(doc, i) {
            let clause = doc.toks[i].clause;
            let mut end = i + n;
            while end < b && doc.toks[end].clause == clause {
                end += 1;
            }
            out.push(Cue {
                at: (i, i + n),
                scope: (i + n, end),
            });
            i += n;
        } else {
            i += 1;
        }
    }
    out
}

/// Per token of `doc`: inside the scope of a negation within `range`.
pub(crate) fn mask(doc: &Doc, range: (usize, usize)) -> Vec<bool> {
    let mut m = vec![false; doc.toks.len()];
    for c in cues(doc, range) {
        for x in &mut m[c.scope.0..c.scope.1] {
            *x = true;
        }
    }
    m
}

/// Negation findings: a cue on one side whose aligned words are affirmed on the other.
pub(crate) fn check(ctx: &Ctx) -> Vec<Hit> {
    let mut hits = Vec::new();
    for cue in cues(ctx.claim, (0, ctx.claim.toks.len())) {
        let pairs: Vec<(usize, usize)> = (cue.scope.0..cue.scope.1)
            .filter_map(|c| ctx.align[c].map(|e| (c, e)))
            .collect();
        if pairs.is_empty() || pairs.iter().any(|&(_, e)| ctx.ev_neg[e]) {
            continue;
        }
        let last = pairs.last().map_or(cue.scope.0, |p| p.0 + 1);
        let (lo, hi) = span_of(pairs.iter().map(|p| p.1));
        let what = ctx.claim_words(cue.at.0, cue.at.1);
        hits.push(ctx.finding(
            Rule::Negation,
            (cue.at.0, last),
            (lo, hi),
            format!(
                "the claim negates “{}” (“{what}”); the evidence affirms it",
                ctx.ev_words(lo, hi)
            ),
        ));
    }
    for cue in cues(ctx.ev, ctx.passage.toks) {
        let pairs: Vec<(usize, usize)> = (cue.scope.0..cue.scope.1)
            .filter_map(|e| ctx.back.get(&e).map(|cs| (cs[0], e)))
            .collect();
        if pairs.is_empty() || pairs.iter().any(|&(c, _)| ctx.claim_neg[c]) {
            continue;
        }
        let last = pairs.last().map_or(cue.scope.0, |p| p.1 + 1);
        let (lo, hi) = span_of(pairs.iter().map(|p| p.0));
        let what = ctx.ev_words(cue.at.0, cue.at.1);
        hits.push(ctx.finding(
            Rule::Negation,
            (lo, hi),
            (cue.at.0, last),
            format!(
                "the evidence negates “{}” (“{what}”); the claim affirms it",
                ctx.claim_words(lo, hi)
            ),
        ));
    }
    hits
}

/// The token range `[min, max + 1)` of `it`.
fn span_of(it: impl Iterator<Item = usize>) -> (usize, usize) {
    let v: Vec<usize> = it.collect();
    let lo = v.iter().copied().min().unwrap_or(0);
    let hi = v.iter().copied().max().map_or(lo, |m| m + 1);
    (lo, hi)
}

#[cfg(test)]
mod tests {
    use super::super::fired;
    use crate::model::Rule;

    fn fires(claim: &str, evidence: &str) -> bool {
        !fired(claim, evidence, Rule::Negation).is_empty()
    }

    #[test]
    fn one_side_negated_fires() {
        assert!(fires(
            "The MEK has significant popular support inside Iran.",
            "The MEK opposition group has no significant popular support inside Iran."
        ));
        assert!(fires(
            "The drug reduced symptoms.",
            "The drug did not reduce symptoms."
        ));
        assert!(fires(
            "The company plans to expand.",
            "The company has no plans to expand."
        ));
        assert!(fires(
            "Officials confirmed the report.",
            "Officials failed to confirm the report."
        ));
        assert!(fires(
            "The senator never voted for the bill.",
            "The senator voted for the bill."
        ));
        assert!(fires(
            "The firm paid the fine.",
            "The firm refused to pay the fine."
        ));
        assert!(fires(
            "Regulators approved the merger.",
            "Regulators haven’t approved the merger."
        ));
        assert!(fires(
            "The study found an effect on memory.",
            "The study found no effect on memory."
        ));
        assert!(fires(
            "The minister said taxes would rise.",
            "The minister denied that taxes would rise."
        ));
    }

    #[test]
    fn both_negated_or_outside_the_claim_does_not_fire() {
        assert!(!fires(
            "Officials did not confirm the deal.",
            "The deal was not confirmed by officials."
        ));
        assert!(!fires(
            "The MEK lacks popular support.",
            "The MEK has no popular support."
        ));
        assert!(!fires(
            "The drug reduced symptoms.",
            "The drug reduced symptoms but did not cure the disease."
        ));
        assert!(!fires(
            "Sales rose in March.",
            "Although the company did not disclose figures, sales rose in March."
        ));
        assert!(!fires(
            "The results were not only fast but accurate.",
            "The results were fast and accurate."
        ));
        assert!(!fires(
            "No fewer than 300 people came.",
            "At least 300 people came."
        ));
    }
}
