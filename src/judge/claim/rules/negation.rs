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
//!
//! Frames (see [`Frame`]) call a clause false without negating its words: "it is untrue that
//! X", "a myth that X", "critics falsely claimed that X", "officials denied the reports that
//! X", "the rumour that X was never confirmed". Against a side that affirms X they fire as a
//! negation does, unless that side names the frame's verb or report too (it then speaks of
//! the claim made, not of X).

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

/// Adverbs that call false what a verb of saying or believing reports ("falsely claimed
/// that", "wrongly believed").
const FALSELY: &[&str] = &[
    "falsely",
    "wrongly",
    "mistakenly",
    "erroneously",
    "incorrectly",
    "wrongfully",
];

/// Verbs of saying or believing, whose reported clause a [`FALSELY`] adverb calls false.
const SAYING: &[&str] = &[
    "assert",
    "asserted",
    "asserting",
    "asserts",
    "assume",
    "assumed",
    "assumes",
    "believe",
    "believed",
    "believes",
    "believing",
    "claim",
    "claimed",
    "claiming",
    "claims",
    "conclude",
    "concluded",
    "concludes",
    "declare",
    "declared",
    "declares",
    "insist",
    "insisted",
    "insisting",
    "insists",
    "report",
    "reported",
    "reporting",
    "reports",
    "say",
    "said",
    "saying",
    "says",
    "state",
    "stated",
    "states",
    "stating",
    "suggest",
    "suggested",
    "suggesting",
    "suggests",
    "think",
    "thinking",
    "thinks",
    "thought",
];

/// Words that call a "that" clause after them false ("it is untrue that", "a myth that").
const FALSITY: &[&str] = &[
    "false",
    "untrue",
    "incorrect",
    "unfounded",
    "baseless",
    "groundless",
    "unsubstantiated",
    "myth",
    "fiction",
    "falsehood",
];

/// Nouns that name a reported clause: "the claim that", "rumours that".
const REPORTS: &[&str] = &[
    "allegation",
    "allegations",
    "assertion",
    "assertions",
    "belief",
    "claim",
    "claims",
    "notion",
    "report",
    "reports",
    "rumor",
    "rumors",
    "rumour",
    "rumours",
    "speculation",
    "story",
    "stories",
    "suggestion",
    "suggestions",
    "theory",
];

/// Verbs that, said of a reported clause, call it false ("the claim that X was debunked").
const DISPROVED: &[&str] = &[
    "debunked",
    "denied",
    "discredited",
    "dismissed",
    "disproved",
    "disproven",
    "refuted",
];

/// What proving would have made true, said with "never" or "not" ("was never confirmed").
const PROVED: &[&str] = &[
    "confirmed",
    "corroborated",
    "proved",
    "proven",
    "substantiated",
    "true",
    "verified",
];

/// Words that, after a copula, call the reported clause before it false ("the rumour that X
/// was a hoax"), besides [`FALSITY`] and [`DISPROVED`].
const CALLED_FALSE: &[&str] = &["lie", "hoax", "fabricated", "fabrication", "nonsense"];

/// A frame that calls a clause false without negating its words: "critics falsely claim
/// that X", "it is untrue that X", "officials denied the report that X", "the rumour that X
/// was never confirmed". `guards` are the words the frame turns on (the verb of saying, the
/// word calling the clause false, the noun naming the report): a claim that says one of them
/// too ("critics claimed that X", "the rumour that X was false", "the committee published a
/// report" against "the report that the committee published was false", where "that" opens
/// a relative clause) is about the frame, and is not contradicted by it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Frame {
    /// The frame's own tokens `[a, b)` (what calls the clause false).
    pub at: (usize, usize),
    /// The clause called false, `[a, b)`.
    pub scope: (usize, usize),
    /// The words the frame turns on (one may be named twice).
    pub guards: [usize; 2],
}

/// Most tokens a frame's clause runs (and is looked through for what calls it false): a
/// reported clause is a few words, and a text of one unpunctuated clause repeating "it is
/// untrue that ..." must not cost each frame the whole text.
const FRAME_REACH: usize = 64;

/// The frames of `doc` within tokens `[a, b)` (see [`Frame`]).
pub(crate) fn frames(doc: &Doc, (a, b): (usize, usize)) -> Vec<Frame> {
    let w = |i: usize| {
        if i < b {
            word(doc, i).unwrap_or("")
        } else {
            ""
        }
    };
    // From token `i` to the end of its clause, or as far as a frame reaches.
    let clause_from = |i: usize| {
        let clause = doc.toks[i].clause;
        let mut e = i;
        while e < b.min(i + FRAME_REACH) && doc.toks[e].clause == clause {
            e += 1;
        }
        (i, e)
    };
    let mut out = Vec::new();
    for i in a..b {
        let here = w(i);
        if FALSELY.contains(&here) {
            // "falsely claimed that X", "were wrongly thought to be": the verb within two
            // words after (an auxiliary between); "claimed falsely that X": just before.
            let after = (i + 1..(i + 3).min(b)).find(|&v| SAYING.contains(&w(v)));
            let before = (i > a && SAYING.contains(&w(i - 1))).then(|| i - 1);
            let Some(v) = after.or(before) else {
                continue;
            };
            let mut from = v.max(i) + 1;
            if matches!(w(from), "that" | "as" | "to") {
                from += 1;
            }
            if from < b {
                out.push(Frame {
                    at: (i.min(v), v.max(i) + 1),
                    scope: clause_from(from),
                    guards: [v, i],
                });
            }
        } else if FALSITY.contains(&here) && w(i + 1) == "that" && i + 2 < b {
            // "it is untrue that X", "a myth that X".
            out.push(Frame {
                at: (i, i + 2),
                scope: clause_from(i + 2),
                guards: [i, i],
            });
        } else if FALSITY.contains(&here) || DISPROVED.contains(&here) || DENY.contains(&here) {
            // "the false claim that X", "officials denied the report that X".
            let det = matches!(w(i + 1), "the" | "a" | "an" | "these" | "those" | "any");
            let n = if det { i + 2 } else { i + 1 };
            if REPORTS.contains(&w(n)) && w(n + 1) == "that" && n + 2 < b {
                out.push(Frame {
                    at: (i, n + 2),
                    scope: clause_from(n + 2),
                    guards: [i, n],
                });
            }
        } else if REPORTS.contains(&here) && w(i + 1) == "that" && i + 2 < b {
            // "the rumour that X was never confirmed": called false after the clause, in the
            // same sentence.
            if let Some((copula, pred)) = called_false_after(doc, i + 2, b, &w) {
                out.push(Frame {
                    at: (copula, pred + 1),
                    scope: (i + 2, copula),
                    guards: [pred, i],
                });
            }
        }
    }
    out
}

/// The first copula of the sentence after token `from` (within `[from, b)`, at most
/// [`FRAME_REACH`] tokens on) that calls the
/// clause before it false: followed within three words by a [`FALSITY`], [`CALLED_FALSE`] or
/// [`DISPROVED`] word, or by "never"/"not" and a [`PROVED`] word ("was never confirmed").
/// Returns where the clause ends (the copula, or "has" before "been") and the word that calls
/// it false.
fn called_false_after<'d>(
    doc: &Doc,
    from: usize,
    b: usize,
    w: &dyn Fn(usize) -> &'d str,
) -> Option<(usize, usize)> {
    const COPULAS: &[&str] = &[
        "is", "was", "were", "are", "been", "proved", "proven", "turned", "remains", "remained",
    ];
    let sentence = doc.toks[from].sentence;
    let reach = b.min(from + FRAME_REACH);
    let end = (from..reach)
        .find(|&i| doc.toks[i].sentence != sentence)
        .unwrap_or(reach);
    for c in from + 1..end {
        if !COPULAS.contains(&w(c)) {
            continue;
        }
        let called = (c + 1..(c + 4).min(end)).find(|&p| {
            let x = w(p);
            FALSITY.contains(&x)
                || CALLED_FALSE.contains(&x)
                || DISPROVED.contains(&x)
                || PROVED.contains(&x) && matches!(w(p - 1), "never" | "not")
        });
        if let Some(p) = called {
            let start = if matches!(w(c - 1), "has" | "have" | "had") {
                c - 1
            } else {
                c
            };
            return Some((start, p));
        }
    }
    None
}

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
    // The end of the clause last measured: a clause's tokens follow each other, so a text of
    // one unpunctuated clause with a cue every few words is measured once, not once a cue.
    let mut known: Option<(usize, usize)> = None;
    let mut i = a;
    while i < b {
        if let Some(n) = cue_len(doc, i) {
            let clause = doc.toks[i].clause;
            let end = match known {
                Some((c, end)) if c == clause && end >= i + n => end,
                _ => {
                    let mut end = i + n;
                    while end < b && doc.toks[end].clause == clause {
                        end += 1;
                    }
                    known = Some((clause, end));
                    end
                }
            };
            out.push(Cue {
                at: (i, i + n),
                scope: (i + n, end.max(i + n)),
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
    // Scopes come in order, and those of one clause end together: each token is marked once.
    let mut marked_to = 0;
    for c in cues(doc, range) {
        for x in &mut m[c.scope.0.max(marked_to)..c.scope.1] {
            *x = true;
        }
        marked_to = marked_to.max(c.scope.1);
    }
    m
}

/// The tokens of each cue's scope up to the next cue (which speaks for the rest of the
/// clause itself): every token is looked at for one cue, however many cues a clause has.
fn own_scopes(found: &[Cue]) -> Vec<(usize, usize)> {
    found
        .iter()
        .enumerate()
        .map(|(k, c)| {
            let next = found.get(k + 1).map_or(c.scope.1, |n| n.at.0);
            (c.scope.0, c.scope.1.min(next.max(c.scope.0)))
        })
        .collect()
}

/// Per token of `doc`: inside the clause a [`Frame`] within `range` calls false.
fn framed(doc: &Doc, range: (usize, usize)) -> (Vec<Frame>, Vec<bool>) {
    let found = frames(doc, range);
    let mut m = vec![false; doc.toks.len()];
    for f in &found {
        for x in &mut m[f.scope.0..f.scope.1] {
            *x = true;
        }
    }
    (found, m)
}

/// Negation findings: a cue on one side whose aligned words are affirmed on the other, or a
/// frame on one side calling false a clause whose aligned words the other affirms.
pub(crate) fn check(ctx: &Ctx) -> Vec<Hit> {
    let mut hits = Vec::new();
    let (claim_frames, claim_framed) = framed(ctx.claim, (0, ctx.claim.toks.len()));
    let (ev_frames, ev_framed) = framed(ctx.ev, ctx.passage.toks);
    let claim_cues = cues(ctx.claim, (0, ctx.claim.toks.len()));
    for (cue, own) in claim_cues.iter().zip(own_scopes(&claim_cues)) {
        let pairs: Vec<(usize, usize)> = (own.0..own.1)
            .filter_map(|c| ctx.align[c].map(|e| (c, e)))
            .collect();
        if pairs.is_empty() || pairs.iter().any(|&(_, e)| ctx.ev_neg[e] || ev_framed[e]) {
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
    let ev_cues = cues(ctx.ev, ctx.passage.toks);
    for (cue, own) in ev_cues.iter().zip(own_scopes(&ev_cues)) {
        let pairs: Vec<(usize, usize)> = (own.0..own.1)
            .filter_map(|e| ctx.back.get(&e).map(|cs| (cs[0], e)))
            .collect();
        if pairs.is_empty()
            || pairs
                .iter()
                .any(|&(c, _)| ctx.claim_neg[c] || claim_framed[c])
        {
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
    // Frames: "it is untrue that X" against "X". A claim that says the frame's word too
    // ("critics claimed that X" against "critics falsely claimed that X") reports the frame.
    let back = |e: usize| ctx.back.get(&e).map(|cs| cs[0]);
    let on_claim = |c: usize| ctx.claim_neg[c] || claim_framed[c];
    let on_ev = |e: usize| ctx.ev_neg[e] || ev_framed[e];
    hits.extend(
        ev_frames
            .iter()
            .filter_map(|f| frame_hit(ctx, f, Side::Evidence, &back, &on_claim)),
    );
    hits.extend(
        claim_frames
            .iter()
            .filter_map(|f| frame_hit(ctx, f, Side::Claim, &|c| ctx.align[c], &on_ev)),
    );
    hits
}

/// Which side a [`Frame`] is on.
#[derive(Clone, Copy, PartialEq)]
enum Side {
    Claim,
    Evidence,
}

/// The finding of frame `f` on `side`: its clause's words (each with its partner on the other
/// side, by `partner`) affirmed there, none of them `negated` there, and no word of the frame
/// itself said there too (see [`Frame`]).
fn frame_hit(
    ctx: &Ctx,
    f: &Frame,
    side: Side,
    partner: &dyn Fn(usize) -> Option<usize>,
    negated: &dyn Fn(usize) -> bool,
) -> Option<Hit> {
    let pairs: Vec<(usize, usize)> = (f.scope.0..f.scope.1)
        .filter_map(|i| partner(i).map(|o| (i, o)))
        .collect();
    let reported = f.guards.iter().any(|&g| partner(g).is_some());
    if pairs.is_empty() || reported || pairs.iter().any(|p| negated(p.1)) {
        return None;
    }
    let (lo, hi) = span_of(pairs.iter().map(|p| p.1));
    let last = pairs.last().map_or(f.scope.0, |p| p.0 + 1);
    let framed = (f.at.0.min(f.scope.0), last.max(f.at.1));
    Some(match side {
        Side::Evidence => ctx.finding(
            Rule::Negation,
            (lo, hi),
            framed,
            format!(
                "the evidence calls “{}” false (“{}”); the claim affirms it",
                ctx.claim_words(lo, hi),
                ctx.ev_words(f.at.0, f.at.1)
            ),
        ),
        Side::Claim => ctx.finding(
            Rule::Negation,
            framed,
            (lo, hi),
            format!(
                "the claim calls “{}” false (“{}”); the evidence affirms it",
                ctx.ev_words(lo, hi),
                ctx.claim_words(f.at.0, f.at.1)
            ),
        ),
    })
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
    fn many_cues_in_one_clause_mark_the_clause_once_and_each_cue_judges_its_own_words() {
        use super::super::super::doc::Doc;
        let text = "the group was not popular and never won and nobody voted; it ran not once";
        let doc = Doc::new(text);
        let found = super::cues(&doc, (0, doc.toks.len()));
        assert_eq!(found.len(), 4);
        // Every scope runs to the end of its clause, as if each were measured alone.
        for c in &found {
            let clause = doc.toks[c.at.0].clause;
            let end = (c.at.1..doc.toks.len())
                .find(|&i| doc.toks[i].clause != clause)
                .unwrap_or(doc.toks.len());
            assert_eq!(c.scope, (c.at.1, end), "{c:?}");
        }
        let naive: Vec<bool> = (0..doc.toks.len())
            .map(|i| found.iter().any(|c| (c.scope.0..c.scope.1).contains(&i)))
            .collect();
        assert_eq!(super::mask(&doc, (0, doc.toks.len())), naive);
        // "not A and never B" against "A and not B": the first cue is judged on A alone.
        assert!(fires(
            "The group was popular and did not win.",
            "The group was not popular and never won."
        ));
    }

    #[test]
    fn a_frame_calling_the_clause_false_fires() {
        for (claim, evidence) in [
            (
                "The MEK enjoys popular support in Iran.",
                "It is untrue that the MEK enjoys popular support in Iran.",
            ),
            (
                "The group was founded in 1965.",
                "Critics falsely claim that the group was founded in 1965.",
            ),
            (
                "The minister resigned last week.",
                "The rumour that the minister resigned last week is false.",
            ),
            (
                "The refinery exploded.",
                "The claim that the refinery exploded was never confirmed.",
            ),
            (
                "The army crossed the border.",
                "Officials denied the reports that the army crossed the border.",
            ),
            (
                "The vaccine causes autism.",
                "It is a myth that the vaccine causes autism.",
            ),
            (
                "The bridge was unsafe.",
                "Engineers had mistakenly believed that the bridge was unsafe.",
            ),
        ] {
            assert!(fires(claim, evidence), "{claim} / {evidence}");
        }
    }

    #[test]
    fn a_frame_the_claim_reports_or_agrees_with_does_not_fire() {
        for (claim, evidence) in [
            // The claim reports the claim (and not its truth).
            (
                "Critics claimed that the group was founded in 1965.",
                "Critics falsely claimed that the group was founded in 1965.",
            ),
            (
                "The rumour that the minister resigned was false.",
                "The rumour that the minister resigned was false.",
            ),
            // Both deny it.
            (
                "The minister did not resign.",
                "It is untrue that the minister resigned.",
            ),
            // "Wrongly" of a deed, not of a report: he was convicted.
            (
                "He was convicted of fraud.",
                "He was wrongly convicted of fraud.",
            ),
            // A report confirmed, or a report whose own words say "false".
            (
                "The minister resigned.",
                "The report that the minister resigned was confirmed by officials.",
            ),
            (
                "The documents were false.",
                "The report that the documents were false was published.",
            ),
            // "that" opening a relative clause: the claim names the report.
            (
                "The committee published a report.",
                "The report that the committee published was false.",
            ),
        ] {
            assert!(!fires(claim, evidence), "{claim} / {evidence}");
        }
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
