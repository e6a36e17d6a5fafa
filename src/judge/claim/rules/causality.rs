//! Causality: cause and effect must point the same way.
//!
//! A causal marker splits its sentence into a cause and an effect: "A led to / caused /
//! resulted in / triggered B" and "A, so B" put the cause first; "B because (of) / due to / as
//! a result of / resulted from / was caused by A" put it last; a sentence opened by "Because
//! A, B" has the cause up to the comma. A claim's cause must be the evidence's cause. The
//! claim fails too when the evidence links the same two things only by association ("linked
//! to", "associated with"), by time ("after", "following") or by concession ("despite"); when
//! the evidence states no link at all between them, the cause is unsupported.

use super::super::doc::Doc;
use super::{Ctx, Effect, Hit};
use crate::model::Rule;

/// How a marker relates the two sides of its sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Link {
    /// Cause first: "A led to B".
    Forward,
    /// Cause last: "B because of A".
    Backward,
    /// No direction: "A is linked to B".
    Association,
    /// Against expectation: "B despite A".
    Concession,
    /// Only a sequence: "B after A".
    Temporal,
}

const MARKERS: &[(&[&str], Link)] = &[
    (&["as", "a", "result", "of"], Link::Backward),
    (&["as", "a", "consequence", "of"], Link::Backward),
    (&["on", "account", "of"], Link::Backward),
    (&["in", "spite", "of"], Link::Concession),
    (&["gave", "rise", "to"], Link::Forward),
    (&["because", "of"], Link::Backward),
    (&["due", "to"], Link::Backward),
    (&["owing", "to"], Link::Backward),
    (&["thanks", "to"], Link::Backward),
    (&["resulted", "from"], Link::Backward),
    (&["results", "from"], Link::Backward),
    (&["result", "from"], Link::Backward),
    (&["stemmed", "from"], Link::Backward),
    (&["stems", "from"], Link::Backward),
    (&["attributed", "to"], Link::Backward),
    (&["blamed", "on"], Link::Backward),
    (&["led", "to"], Link::Forward),
    (&["lead", "to"], Link::Forward),
    (&["leads", "to"], Link::Forward),
    (&["leading", "to"], Link::Forward),
    (&["resulted", "in"], Link::Forward),
    (&["result", "in"], Link::Forward),
    (&["results", "in"], Link::Forward),
    (&["resulting", "in"], Link::Forward),
    (&["contributed", "to"], Link::Forward),
    (&["contributes", "to"], Link::Forward),
    (&["brought", "about"], Link::Forward),
    (&["linked", "to"], Link::Association),
    (&["linked", "with"], Link::Association),
    (&["associated", "with"], Link::Association),
    (&["correlated", "with"], Link::Association),
    (&["correlates", "with"], Link::Association),
    (&["tied", "to"], Link::Association),
    (&["coincided", "with"], Link::Association),
    (&["regardless", "of"], Link::Concession),
    (&["even", "though"], Link::Concession),
    (&["because"], Link::Backward),
    (&["caused"], Link::Forward),
    (&["causes"], Link::Forward),
    (&["causing"], Link::Forward),
    (&["triggered"], Link::Forward),
    (&["triggers"], Link::Forward),
    (&["sparked"], Link::Forward),
    (&["sparks"], Link::Forward),
    (&["prompted"], Link::Forward),
    (&["prompts"], Link::Forward),
    (&["drove"], Link::Forward),
    (&["driven"], Link::Forward),
    (&["fueled"], Link::Forward),
    (&["fuelled"], Link::Forward),
    (&["therefore"], Link::Forward),
    (&["thus"], Link::Forward),
    (&["hence"], Link::Forward),
    (&["consequently"], Link::Forward),
    (&["despite"], Link::Concession),
    (&["although"], Link::Concession),
    (&["though"], Link::Concession),
    (&["notwithstanding"], Link::Concession),
    (&["after"], Link::Temporal),
    (&["following"], Link::Temporal),
    (&["before"], Link::Temporal),
    (&["when"], Link::Temporal),
];

/// A marker: its tokens, link, and the cause and effect sides (token ranges).
#[derive(Debug, Clone, Copy)]
struct Marker {
    at: (usize, usize),
    link: Link,
    cause: (usize, usize),
    effect: (usize, usize),
}

fn markers(doc: &Doc, (a, b): (usize, usize)) -> Vec<Marker> {
    let mut out = Vec::new();
    let mut i = a;
    while i < b {
        let hit = MARKERS.iter().find(|(phrase, _)| {
            phrase
                .iter()
                .enumerate()
                .all(|(k, w)| doc.toks.get(i + k).is_some_and(|t| t.is(w)))
        });
        let Some((phrase, link)) = hit else {
            i += 1;
            continue;
        };
        let at = (i, i + phrase.len());
        // "caused by", "driven by": the passive turns a forward verb round.
        let passive = *link == Link::Forward && doc.toks.get(at.1).is_some_and(|t| t.is("by"));
        let link = if passive { Link::Backward } else { *link };
        let at = if passive { (at.0, at.1 + 1) } else { at };
        let (s0, s1) = doc.sentences[doc.toks[i].sentence];
        let opens = (s0..i).all(|j| !doc.toks[j].is_wordlike());
        if opens && link == Link::Forward {
            // "Therefore, B": the cause is in an earlier sentence.
            i = at.1;
            continue;
        }
        let (left, right) = if opens {
            // "Because A, B": A runs to the first comma.
            let comma = (at.1..s1)
                .find(|&j| doc.toks[j].is_punct(','))
                .unwrap_or(s1);
            ((comma, s1), (at.1, comma))
        } else {
            ((s0, at.0), (at.1, s1))
        };
        let (cause, effect) = if link == Link::Forward {
            (left, right)
        } else {
            (right, left)
        };
        out.push(Marker {
            at,
            link,
            cause,
            effect,
        });
        i = at.1;
    }
    out
}

fn inside(r: (usize, usize), x: usize) -> bool {
    (r.0..r.1).contains(&x)
}

/// Causality findings.
pub(crate) fn check(ctx: &Ctx) -> Vec<Hit> {
    let mut hits = Vec::new();
    let ev_markers = markers(ctx.ev, ctx.passage.toks);
    for m in markers(ctx.claim, (0, ctx.claim.toks.len())) {
        let causal = matches!(m.link, Link::Forward | Link::Backward);
        if !causal && m.link != Link::Concession {
            continue;
        }
        let side =
            |r: (usize, usize)| -> Vec<usize> { (r.0..r.1).filter_map(|c| ctx.align[c]).collect() };
        let (pc, pe) = (side(m.cause), side(m.effect));
        if pc.is_empty() || pe.is_empty() {
            continue;
        }
        // The evidence marker whose sides hold the claim's two sides.
        let straddles = |em: &&Marker| {
            let count = |ps: &[usize], r| ps.iter().filter(|&&e| inside(r, e)).count();
            let same = count(&pc, em.cause) + count(&pe, em.effect);
            let rev = count(&pc, em.effect) + count(&pe, em.cause);
            let holds = |ps: &[usize]| count(ps, em.cause) + count(ps, em.effect) > 0;
            (holds(&pc) && holds(&pe), same, rev)
        };
        // A stated cause outranks a mere sequence in the same passage.
        let found = ev_markers
            .iter()
            .map(|em| (em, straddles(&em)))
            .filter(|(_, s)| s.0)
            .min_by_key(|(em, _)| !matches!(em.link, Link::Forward | Link::Backward));
        let cw = ctx.claim_words(m.at.0, m.at.1);
        let explanation = match found {
            None if causal => {
                let mut h = ctx.finding(
                    Rule::Causality,
                    m.at,
                    ctx.passage.toks,
                    format!("the claim says “{cw}”; the evidence states no cause linking the two"),
                );
                h.effect = Effect::Unsupports;
                hits.push(h);
                continue;
            }
            None => continue,
            Some((em, (_, same, rev))) => {
                let ew = ctx.ev_words(em.at.0, em.at.1);
                match (causal, em.link) {
                    (true, Link::Forward | Link::Backward) if rev > same => (
                        em.at,
                        format!(
                            "the claim's cause is the evidence's effect (“{cw}” against “{ew}”)"
                        ),
                    ),
                    (true, Link::Association | Link::Concession | Link::Temporal) => (
                        em.at,
                        format!("the claim says “{cw}” where the evidence says only “{ew}”"),
                    ),
                    (false, Link::Forward | Link::Backward) => (
                        em.at,
                        format!("the claim says “{cw}” where the evidence gives a cause, “{ew}”"),
                    ),
                    _ => continue,
                }
            }
        };
        hits.push(ctx.finding(Rule::Causality, m.at, explanation.0, explanation.1));
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::super::fired;
    use crate::model::Rule;

    fn fires(claim: &str, evidence: &str) -> bool {
        !fired(claim, evidence, Rule::Causality).is_empty()
    }

    #[test]
    fn reversed_or_unfounded_causes_fire() {
        assert!(fires(
            "The strike caused the delays.",
            "The delays caused the strike."
        ));
        assert!(fires(
            "Prices rose because demand fell.",
            "Demand fell because prices rose."
        ));
        assert!(fires(
            "Smoking causes the disease.",
            "Smoking is linked to the disease."
        ));
        assert!(fires(
            "Sales fell because of the recall.",
            "Sales fell after the recall."
        ));
        assert!(fires(
            "Profits rose because of the strike.",
            "Profits rose despite the strike."
        ));
        assert!(fires(
            "The outage led to losses.",
            "The losses led to the outage."
        ));
    }

    #[test]
    fn the_same_direction_agrees() {
        assert!(!fires(
            "The strike caused the delays.",
            "The delays were caused by the strike."
        ));
        assert!(!fires(
            "The strike led to delays.",
            "Delays occurred because of the strike."
        ));
        assert!(!fires(
            "Because demand fell, prices dropped.",
            "Prices dropped because demand fell."
        ));
        assert!(!fires(
            "Iranians dislike the MEK because of its alliance with Saddam Hussein.",
            "Iranians express severe dislike for the MEK, primarily due to its alliance with Saddam Hussein."
        ));
    }
}
