//! Comparison and direction: bounds on numbers (more than / fewer than / at least / up to /
//! over / under / above / below / exceeded / nearly) and the order of what is compared ("A
//! more than B", "prefer A to B", "A rather than B").
//!
//! A claim's bound must allow every value the evidence's allows: "at least 3,000" follows from
//! "more than 3,000", "fewer than 3,000" does not, nor does "3,000" from "more than 3,000". An
//! ordered comparison must keep its sides, unless its comparative turns round too ("Iraq is
//! smaller than Iran" = "Iran is larger than Iraq").

use std::collections::HashSet;

use super::super::doc::Doc;
use super::super::numbers::Relation;
use super::{Ctx, Hit};
use crate::model::Rule;

/// Comparatives that are rule cues rather than content words, and their direction.
const CUE_COMPARATIVES: &[(&str, i8)] = &[
    ("more", 1),
    ("greater", 1),
    ("rather", 1),
    ("less", -1),
    ("fewer", -1),
];

/// Findings on bounds and on ordered comparisons.
pub(crate) fn check(ctx: &Ctx) -> Vec<Hit> {
    let mut hits = bounds(ctx);
    hits.extend(orders(ctx));
    hits.extend(outcomes(ctx));
    hits
}

/// A claim quantity whose value the passage has only under another bound.
fn bounds(ctx: &Ctx) -> Vec<Hit> {
    let mut hits = Vec::new();
    let in_passage = |q: &&super::super::numbers::Quantity| ctx.passage.has(q.core);
    for cq in &ctx.claim.quantities {
        let evs: Vec<_> = ctx.ev.quantities.iter().filter(in_passage).collect();
        if evs.iter().any(|e| cq.relation(e) == Relation::Holds) {
            continue;
        }
        let Some(e) = evs
            .iter()
            .find(|e| cq.relation(e) == Relation::BoundDiffers)
        else {
            continue;
        };
        let c = ctx.claim_words(cq.tokens.0, cq.tokens.1);
        let ew = ctx.ev_words(e.tokens.0, e.tokens.1);
        hits.push(ctx.finding(
            Rule::Comparison,
            cq.tokens,
            e.tokens,
            format!("the claim says “{c}” where the evidence says “{ew}”"),
        ));
    }
    hits
}

/// Verbs that put a result above a mark ("exceeded forecasts", "beat estimates").
const ABOVE_MARK: &[&str] = &[
    "beat",
    "beating",
    "beats",
    "exceed",
    "exceeded",
    "exceeding",
    "exceeds",
    "outpace",
    "outpaced",
    "outpaces",
    "outperform",
    "outperformed",
    "outperforms",
    "outstrip",
    "outstripped",
    "outstrips",
    "overshot",
    "surpass",
    "surpassed",
    "surpasses",
    "topped",
];

/// Verbs that put it below ("missed forecasts", "fell short of estimates", "lagged").
const BELOW_MARK: &[&str] = &[
    "lag",
    "lagged",
    "lags",
    "miss",
    "missed",
    "misses",
    "trail",
    "trailed",
    "trails",
    "undershot",
    "underperform",
    "underperformed",
    "underperforms",
];

/// The direction of a result against its mark at token `i`: 1 above, -1 below.
fn mark_direction(doc: &Doc, i: usize) -> Option<i8> {
    let w = doc.toks[i].lower.as_str();
    if ABOVE_MARK.contains(&w) {
        return Some(1);
    }
    if BELOW_MARK.contains(&w) {
        return Some(-1);
    }
    let short = doc.toks.get(i + 1).is_some_and(|t| t.is("short"));
    (short
        && matches!(
            w,
            "fall" | "falls" | "fell" | "fallen" | "falling" | "came" | "come"
        ))
    .then_some(-1)
}

/// A result put above its mark on one side and below it on the other ("revenue exceeded
/// forecasts" / "revenue fell short of forecasts"), in the evidence clauses holding the
/// claim clause's words.
fn outcomes(ctx: &Ctx) -> Vec<Hit> {
    let mut hits = Vec::new();
    let c = ctx.claim;
    for i in 0..c.toks.len() {
        let Some(cd) = mark_direction(c, i) else {
            continue;
        };
        let clauses = ctx.main_clauses(c.toks[i].clause);
        let found = clauses.iter().find_map(|&cl| {
            let (a, b) = ctx.ev_clause(cl);
            (a..b).find_map(|e| mark_direction(ctx.ev, e).map(|d| (e, d)))
        });
        let Some((e, ed)) = found.filter(|&(_, d)| d != cd) else {
            continue;
        };
        let cn = if cd == -1
            && !ABOVE_MARK.contains(&c.toks[i].lower.as_str())
            && !BELOW_MARK.contains(&c.toks[i].lower.as_str())
        {
            2
        } else {
            1
        };
        let en = if ed == -1 && !BELOW_MARK.contains(&ctx.ev.toks[e].lower.as_str()) {
            2
        } else {
            1
        };
        hits.push(ctx.finding(
            Rule::Comparison,
            (i, i + cn),
            (e, e + en),
            format!(
                "the claim puts it {} the mark (“{}”); the evidence {} (“{}”)",
                if cd == 1 { "above" } else { "below" },
                ctx.claim_words(i, i + cn),
                if ed == 1 { "above" } else { "below" },
                ctx.ev_words(e, e + en)
            ),
        ));
    }
    hits
}

/// A pivot of an ordered comparison: "than", "to"/"over" after "prefer", "instead of".
#[derive(Debug, Clone, Copy)]
struct Pivot {
    at: usize,
    comparative: Option<usize>,
}

fn pivots(doc: &Doc, (a, b): (usize, usize)) -> Vec<Pivot> {
    let mut out = Vec::new();
    // Where the current clause starts (within `a..`) and its last "prefer" before `i`, kept
    // as `i` advances: looked up by walking back from every word, a passage of one long
    // clause (a source without punctuation) cost its length squared.
    let mut clause_start = a;
    let mut last_prefer: Option<usize> = None;
    for i in a..b {
        let t = &doc.toks[i];
        if i > a && doc.toks[i - 1].clause != t.clause {
            clause_start = i;
            last_prefer = None;
        }
        let prefer_before = last_prefer;
        if t.stem == "prefer" {
            last_prefer = Some(i);
        }
        if doc.in_quantity[i].is_some() {
            continue;
        }
        let comparative = match t.lower.as_str() {
            "than" => (clause_start.max(i.saturating_sub(8))..i)
                .rev()
                .find(|&j| is_comparative(doc, j)),
            "to" | "over" => prefer_before,
            // "twice as many women as men", "as large as": the first "as" is the comparative.
            "as" => (clause_start.max(i.saturating_sub(6))..i)
                .rev()
                .find(|&j| doc.toks[j].is("as"))
                .filter(|&j| !as_idiom(doc, j)),
            "instead" if doc.toks.get(i + 1).is_some_and(|n| n.is("of")) => None,
            _ => continue,
        };
        if t.lower != "instead" && comparative.is_none() {
            continue;
        }
        out.push(Pivot { at: i, comparative });
    }
    out
}

/// "as well as", "as soon as", "as long as", "as far as", "such as": conjunctions and
/// conditions, not an equality with sides.
fn as_idiom(doc: &Doc, j: usize) -> bool {
    let next = doc.toks.get(j + 1).map_or("", |t| t.lower.as_str());
    matches!(
        next,
        "well" | "soon" | "long" | "far" | "though" | "if" | "a" | "an" | "the"
    ) || (j > 0 && doc.toks[j - 1].is("such"))
}

fn is_comparative(doc: &Doc, j: usize) -> bool {
    let w = doc.toks[j].lower.as_str();
    CUE_COMPARATIVES.iter().any(|(c, _)| *c == w)
        || (w.ends_with("er") && w.len() > 4 && doc.toks[j].tk == super::super::tokens::Tk::Word)
}

/// Direction of a comparative relative to another: 1 same, -1 opposite, 0 unknown.
fn direction(ctx: &Ctx, c: Option<usize>, e: Option<usize>) -> (i8, bool) {
    let (Some(c), Some(e)) = (c, e) else {
        return (i8::from(c.is_none() && e.is_none()), false);
    };
    let (ct, et) = (&ctx.claim.toks[c], &ctx.ev.toks[e]);
    let cue = |w: &str| {
        CUE_COMPARATIVES
            .iter()
            .find(|(k, _)| *k == w)
            .map(|(_, d)| *d)
    };
    let involves_cue = cue(&ct.lower).is_some() || cue(&et.lower).is_some();
    if ctx.claim.concepts[c] == ctx.ev.concepts[e] {
        return (1, involves_cue);
    }
    if let (Some(x), Some(y)) = (cue(&ct.lower), cue(&et.lower)) {
        return (x * y, true);
    }
    let x = (ctx.claim.concepts[c].as_str(), ct.lower.as_str());
    let y = (ctx.ev.concepts[e].as_str(), et.lower.as_str());
    match ctx.antonyms.opposite(x, y) {
        Some(_) => (-1, involves_cue),
        None => (0, involves_cue),
    }
}

/// The concepts of the names and content words of `doc` in `[a, b)`.
fn concepts<'d>(doc: &'d Doc, (a, b): (usize, usize)) -> HashSet<&'d str> {
    (a..b)
        .filter(|&i| doc.content[i] || doc.entity[i])
        .map(|i| doc.concepts[i].as_str())
        .collect()
}

/// The two sides of a pivot within its clause. The first side is what stands between the
/// comparative and the pivot ("prefer [A] to B", "more likely to [A] than B") or, when only
/// the compared property stands there ("[A] is more effective than B"), what precedes the
/// comparative. A concept on both sides counts on neither ("exports to China grew more than
/// exports to Japan").
fn sides<'d>(
    doc: &'d Doc,
    p: &Pivot,
    clause: (usize, usize),
) -> (HashSet<&'d str>, HashSet<&'d str>, HashSet<&'d str>) {
    let mut left = match p.comparative.filter(|&c| c < p.at) {
        Some(c) => {
            // "more effective than": the adjective belongs to the comparative.
            let cue = CUE_COMPARATIVES.iter().any(|(w, _)| doc.toks[c].is(w));
            // "more electric vans than": the adjective is the compared thing's, not the
            // comparative's; only a word standing alone ("more likely to") is skipped.
            let alone = !doc.content.get(c + 2).copied().unwrap_or(false);
            let skip =
                usize::from(cue && alone && doc.content.get(c + 1).copied().unwrap_or(false));
            let between = concepts(doc, ((c + 1 + skip).min(p.at), p.at));
            if between.is_empty() {
                concepts(doc, (clause.0, c))
            } else {
                between
            }
        }
        None => concepts(doc, (clause.0, p.at)),
    };
    let mut right = concepts(doc, (p.at + 1, clause.1));
    let both: Vec<&str> = left.intersection(&right).copied().collect();
    for c in both {
        left.remove(c);
        right.remove(c);
    }
    // The compared thing itself: the words right after the pivot ("than [diesel vans] for
    // the first time", "as [women] had been turned away"); what follows is the predicate
    // both sides share.
    let mut end = p.at + 1;
    while end < clause.1
        && doc.toks[end].is_wordlike()
        && DETERMINERS.contains(&doc.toks[end].lower.as_str())
    {
        end += 1;
    }
    while end < clause.1 && (doc.content[end] || doc.entity[end]) {
        end += 1;
    }
    let head = concepts(doc, (p.at + 1, end))
        .into_iter()
        .filter(|c| right.contains(c))
        .collect();
    (left, right, head)
}

const DETERMINERS: &[&str] = &["a", "an", "any", "the", "its", "their", "his", "her", "our"];

/// Ordered comparisons whose sides swap while the comparative stays, or stay while it turns.
fn orders(ctx: &Ctx) -> Vec<Hit> {
    let mut hits = Vec::new();
    let ev_pivots = pivots(ctx.ev, ctx.passage.toks);
    for p in pivots(ctx.claim, (0, ctx.claim.toks.len())) {
        let clause = ctx.claim_clause(ctx.claim.toks[p.at].clause);
        let (ca, cb, ch) = sides(ctx.claim, &p, clause);
        if ca.is_empty() || cb.is_empty() {
            continue;
        }
        let word = &ctx.claim.toks[p.at].lower;
        for q in ev_pivots
            .iter()
            .filter(|q| ctx.ev.toks[q.at].lower == *word)
        {
            let (ea, eb, eh) = sides(ctx.ev, q, ctx.ev_clause(ctx.ev.toks[q.at].clause));
            // A shared predicate after the compared things ("had been turned away") is no
            // evidence that the sides stayed.
            let same = ca.intersection(&ea).count() + ch.intersection(&eh).count();
            let rev = ca.intersection(&eb).count() + cb.intersection(&ea).count();
            if same + rev == 0 {
                continue;
            }
            let (dir, cue) = direction(ctx, p.comparative, q.comparative);
            // Two words changing sides outweigh as many staying (shared heads such as
            // "government" in "MEK government" / "current government" stay put).
            let turned = rev > same || (rev >= 2 && rev == same);
            if !((dir == 1 && turned) || (dir == -1 && cue && same > rev)) {
                break;
            }
            let c_from = p.comparative.map_or(p.at, |c| c.min(p.at));
            let e_from = q.comparative.map_or(q.at, |c| c.min(q.at));
            let cw = ctx.claim_words(c_from, clause.1);
            let ew = ctx.ev_words(e_from, ctx.ev_clause(ctx.ev.toks[q.at].clause).1);
            hits.push(ctx.finding(
                Rule::Comparison,
                trim(ctx.claim, (c_from, clause.1)),
                trim(ctx.ev, (e_from, ctx.ev_clause(ctx.ev.toks[q.at].clause).1)),
                format!(
                    "the claim compares “{}” the other way round from the evidence, “{}”",
                    cw.trim_end_matches(['.', ',']),
                    ew.trim_end_matches(['.', ','])
                ),
            ));
            break;
        }
    }
    hits
}

/// `[a, b)` without trailing punctuation.
fn trim(doc: &Doc, (a, mut b): (usize, usize)) -> (usize, usize) {
    while b > a + 1 && !doc.toks[b - 1].is_wordlike() {
        b -= 1;
    }
    (a, b)
}

#[cfg(test)]
mod tests {
    use super::super::fired;
    use crate::model::Rule;

    fn fires(claim: &str, evidence: &str) -> bool {
        !fired(claim, evidence, Rule::Comparison).is_empty()
    }

    #[test]
    fn bounds_that_disagree_fire() {
        assert!(fires(
            "More than 3,000 people attended.",
            "Fewer than 3,000 people attended."
        ));
        assert!(fires(
            "The firm employs 500 staff.",
            "The firm employs more than 500 staff."
        ));
        assert!(fires(
            "Over 40% of voters agreed.",
            "Under 40% of voters agreed."
        ));
        assert!(fires("Revenue exceeded $5bn.", "Revenue was nearly $5bn."));
        assert!(fires(
            "Up to 200 members took part.",
            "At least 200 members took part."
        ));
    }

    #[test]
    fn weaker_or_equal_bounds_agree() {
        assert!(!fires(
            "At least 3,000 people attended.",
            "More than 3,000 people attended."
        ));
        assert!(!fires(
            "About 3,000 people attended.",
            "Nearly 3,000 people attended."
        ));
        assert!(!fires(
            "More than 3,000 people attended.",
            "Some 3,500 people attended."
        ));
    }

    #[test]
    fn compared_sides_must_keep_their_order() {
        assert!(fires(
            "Bahais in Iran would prefer an MEK government to the current one.",
            "even Bahais in Iran would much prefer the current Iranian government to any MEK government."
        ));
        assert!(fires(
            "Iranians are more likely to support the MEK than oppose it.",
            "Iranians are far more likely to oppose the MEK than support it."
        ));
        assert!(fires(
            "Exports to China grew more than exports to Japan.",
            "Exports to Japan grew more than exports to China."
        ));
        assert!(!fires(
            "Iranians are more likely to oppose the MEK than support it.",
            "Iranians are far more likely to oppose the MEK than support it."
        ));
        assert!(!fires(
            "Fewer voters backed Smith than Jones.",
            "More voters backed Jones than Smith."
        ));
    }
}
