//! Placing a plan's parts in a source, in order, and verifying every mark against the source
//! text between and around them. A placement either passes (each convention holds as
//! defined), changes the meaning (a bracket or elision adds or drops a negation, number,
//! quantifier or modal), or is rejected (the marks don't fit: the quote is then judged as
//! plain text).

use std::collections::BTreeSet;
use std::ops::ControlFlow;

use super::plan::{Plan, Sep, MAX_BRACKET_WORDS};
use super::sic;
use super::stands_for::{at_end, not_replaceable};
use crate::judge::elision::{is_meaning_word, joins_sentences};
use crate::locate::elided::{MAX_GAP, MAX_PARTS};
use crate::locate::{How, Locator, Match, Needle};
use crate::model::{Convention, DiffOp, DiffTag, Span};
use crate::source::Source;
use crate::text::conventions::source_side;
use crate::text::normalize;
use crate::text::words::word_vec;

/// Most source words a bracket may stand for: "a few" (a pronoun, a name, a tense).
pub const MAX_REPLACED: usize = 4;

/// Most source bytes a bracket may stand for (the word count is checked after).
const BRACKET_REACH: usize = 160;

/// Most bytes between the parts around a bracketed letter (`[t]he`): a space or two.
const JOIN_REACH: usize = 8;

/// First-part occurrences tried (a placement per occurrence).
const MAX_ANCHORS: usize = 4096;

/// A placement of a plan's parts in a source.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    /// First part's start to last part's end.
    pub span: Span,
    /// Each part's span.
    pub parts: Vec<Span>,
    /// Whether each part was found with its first letter's case changed.
    pub flipped: Vec<bool>,
}

/// What a placement means.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Every mark holds: the quote reads as the source with the conventions undone.
    Accept {
        /// The source's bytes are the quote's, conventions undone (else normalization was
        /// needed too).
        exact: bool,
        /// The conventions applied, in [`Convention::ALL`] order.
        conventions: Vec<Convention>,
    },
    /// A bracket or elision adds or leaves out meaning words.
    Meaning {
        /// A bracket is involved (else only elisions).
        bracket: bool,
        /// The meaning words added or left out.
        words: Vec<String>,
        /// Quote versus source: parts equal, bracket text deleted, source gap inserted.
        diff: Vec<DiffOp>,
        /// Below 1.
        similarity: f64,
    },
    /// A mark does not hold as its convention defines it.
    Reject,
}

/// `text` with its first letter's case changed (after any opening punctuation: `“many`), when
/// that is one letter for one; `None` when the text starts with no cased letter.
fn flip_first(text: &str) -> Option<String> {
    let (at, c) = text.char_indices().find(|(_, c)| c.is_alphanumeric())?;
    let other: Vec<char> = if c.is_uppercase() {
        c.to_lowercase().collect()
    } else if c.is_lowercase() {
        c.to_uppercase().collect()
    } else {
        return None;
    };
    let [f] = other.as_slice() else {
        return None;
    };
    Some(format!("{}{f}{}", &text[..at], &text[at + c.len_utf8()..]))
}

/// Every placement of the plan's parts in order, each later part at its earliest occurrence
/// within reach of the one before (an elision's reach, a bracket's, a bracketed letter's).
///
/// Bounded like [`crate::locate::elided`]: a plan of more than `MAX_PARTS` parts is not
/// placed (the quote is not found: it fails, never passes, by the limit), only the first
/// `MAX_ANCHORS` occurrences of the first part start a placement, and of a later part only
/// the occurrences within reach of one kept of the part before are kept (the source is
/// streamed, not gathered whole, and the scan stops past the last reach).
pub fn place(locator: &dyn Locator, source: &Source, plan: &Plan) -> Vec<Placed> {
    let reach = |sep: &Sep| match sep {
        Sep::Elision | Sep::Bracket { elided: true, .. } => MAX_GAP,
        Sep::Bracket { .. } => BRACKET_REACH,
        Sep::Join => JOIN_REACH,
    };
    if plan.parts.is_empty() || plan.parts.len() > MAX_PARTS {
        return Vec::new();
    }
    let mut occ: Vec<Vec<(Match, bool)>> = Vec::with_capacity(plan.parts.len());
    // The ends of the part before's kept occurrences, sorted, and its separator's reach: a
    // later occurrence is kept only if it starts within reach after one of them (where a
    // placement can take it). `None` for the first part.
    let mut after: Option<(Vec<usize>, usize)> = None;
    for (k, p) in plan.parts.iter().enumerate() {
        let take = if k == 0 { MAX_ANCHORS } else { usize::MAX };
        let limit = after.as_ref().map_or(usize::MAX, |(ends, r)| {
            ends.last().map_or(0, |e| e.saturating_add(*r))
        });
        let reachable = |start: usize| {
            after.as_ref().is_none_or(|(ends, r)| {
                let i = ends.partition_point(|&e| e.saturating_add(*r) < start);
                ends.get(i).is_some_and(|&e| e <= start)
            })
        };
        let mut all: Vec<(Match, bool)> = Vec::new();
        let mut gather = |text: &str, flipped: bool| {
            let mut n = 0;
            locator.each_occurrence(source, &Needle::new(text), &mut |m| {
                if n >= take || m.span.start > limit {
                    return ControlFlow::Break(());
                }
                if reachable(m.span.start) {
                    n += 1;
                    all.push((m, flipped));
                }
                ControlFlow::Continue(())
            });
        };
        gather(&p.text, false);
        if let Some(f) = p.fold_first.then(|| flip_first(&p.text)).flatten() {
            gather(&f, true);
        }
        all.sort_by_key(|(m, _)| (m.span.start, m.span.end));
        // The first `take` of both lists merged are the first `take` of all.
        all.truncate(take);
        let mut ends: Vec<usize> = all.iter().map(|(m, _)| m.span.end).collect();
        ends.sort_unstable();
        after = plan.seps.get(k).map(|sep| (ends, reach(sep)));
        occ.push(all);
    }
    let mut out: Vec<Placed> = Vec::new();
    'anchor: for first in &occ[0] {
        let mut parts = vec![first.0.span];
        let mut flipped = vec![first.1];
        for (k, list) in occ.iter().enumerate().skip(1) {
            let end = parts[k - 1].end;
            let i = list.partition_point(|(m, _)| m.span.start < end);
            match list.get(i) {
                Some((m, f)) if m.span.start - end <= reach(&plan.seps[k - 1]) => {
                    parts.push(m.span);
                    flipped.push(*f);
                }
                _ => continue 'anchor,
            }
        }
        // A bracket at an end stands for source words outside the parts: the span takes in the
        // nearest one (at least the word it replaced; how many it stands for is not known), so a
        // found quote is never reported shorter than the text it matched.
        let start = match plan.lead {
            Some(_) => adjacent_word_in(source, parts[0].start, true),
            None => parts[0].start,
        };
        let end = match plan.trail {
            Some(_) => adjacent_word_in(source, parts[parts.len() - 1].end, false),
            None => parts[parts.len() - 1].end,
        };
        let span = Span::new(start, end);
        match out.last_mut() {
            // Of two placements ending together the shorter is kept.
            Some(last) if last.span.end == span.end => {
                *last = Placed {
                    span,
                    parts,
                    flipped,
                }
            }
            _ => out.push(Placed {
                span,
                parts,
                flipped,
            }),
        }
    }
    out
}

/// The far edge of the word next to byte `at` of `text` (before it or after it), across spaces
/// but not across a line break or clause punctuation; `at` itself when there is none.
/// [`adjacent_word`] in `source`, reading a window around `at` (the whole text only when the
/// word or the blanks before it reach past the window).
fn adjacent_word_in(source: &Source, at: usize, before: bool) -> usize {
    const REACH: usize = 256;
    let (text, base) = if before {
        source.window(at.saturating_sub(REACH), at)
    } else {
        source.window(at, at + REACH)
    };
    let at = at - base;
    // The blanks and the word may go on past the window when they fill it to its edge.
    let reaches_edge = if before {
        base > 0
            && text[..at]
                .trim_end_matches([' ', '\t'])
                .trim_end_matches(is_word_char)
                .is_empty()
    } else {
        base + text.len() < source.len()
            && text[at..]
                .trim_start_matches([' ', '\t'])
                .trim_start_matches(is_word_char)
                .is_empty()
    };
    if reaches_edge {
        adjacent_word(source.text(), at + base, before)
    } else {
        adjacent_word(&text, at, before) + base
    }
}

/// The characters of a word for [`adjacent_word`].
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '\'' | '’' | '-')
}

fn adjacent_word(text: &str, at: usize, before: bool) -> usize {
    let is_word = is_word_char;
    if before {
        let head = &text[..at];
        let trimmed = head.trim_end_matches([' ', '\t']);
        let word = trimmed.trim_end_matches(is_word);
        if word.len() == trimmed.len() {
            at
        } else {
            word.len()
        }
    } else {
        let tail = &text[at..];
        let trimmed = tail.trim_start_matches([' ', '\t']);
        let word = trimmed.trim_start_matches(is_word);
        if word.len() == trimmed.len() {
            at
        } else {
            text.len() - word.len()
        }
    }
}

/// The words of `text` (normalized), as written there.
fn words_of(text: &str) -> Vec<String> {
    let n = normalize(text);
    let t = n.as_str();
    word_vec(t)
        .iter()
        .map(|w| t[w.start..w.end].to_string())
        .collect()
}

/// The meaning words among `words` (lower-cased; `not` for the `t` of `n't`, so `[do not]`
/// may stand for "don't"), sorted.
fn meaning(words: &[String]) -> Vec<String> {
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let mut out: Vec<String> = lower
        .iter()
        .enumerate()
        .filter(|(i, w)| is_meaning_word(w, i.checked_sub(1).map(|p| lower[p].as_str())))
        .map(|(_, w)| {
            if w == "t" {
                "not".to_string()
            } else {
                w.clone()
            }
        })
        .collect();
    out.sort();
    out
}

/// The words of `a` not matched in `b` (multisets, both sorted), then those of `b` not in `a`.
fn differ(a: &[String], b: &[String]) -> Vec<String> {
    let mut only = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) if x == y => (i, j) = (i + 1, j + 1),
            (Some(x), Some(y)) if x < y => {
                only.push(x.clone());
                i += 1
            }
            (Some(_), Some(y)) | (None, Some(y)) => {
                only.push(y.clone());
                j += 1
            }
            (Some(x), None) => {
                only.push(x.clone());
                i += 1
            }
            (None, None) => break,
        }
    }
    only
}

/// Up to [`MAX_REPLACED`] source words right before `at` (`before`) or right after it, within
/// its clause: the words a bracket at the quote's start or end may stand for.
fn edge_words(text: &str, at: usize, before: bool) -> Vec<String> {
    let stop = |c: char| matches!(c, '.' | '!' | '?' | ';' | ':' | '\n' | '“' | '”' | '"');
    let mut from = at.saturating_sub(BRACKET_REACH);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let mut to = (at + BRACKET_REACH).min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    if before {
        let w = &text[from..at];
        let clause = w.rsplit(stop).next().unwrap_or(w);
        let all = words_of(clause);
        all[all.len().saturating_sub(MAX_REPLACED)..].to_vec()
    } else {
        let w = &text[at..to];
        let clause = w.split(stop).next().unwrap_or(w);
        words_of(clause).into_iter().take(MAX_REPLACED).collect()
    }
}

/// Verify one placement of `plan` in `source` (see [`Outcome`]); `allowed` are the enabled
/// conventions.
pub fn verify(plan: &Plan, source: &Source, p: &Placed, allowed: &[Convention]) -> Outcome {
    // Only the placement and what the edge words may reach around it are read (a margin
    // past the reach, so character boundaries are found as in the whole text); the
    // placement's spans are shifted into the window.
    let margin = BRACKET_REACH + 4;
    let (text, base) = source.window(p.span.start.saturating_sub(margin), p.span.end + margin);
    let text = &*text;
    let shift = |s: &Span| Span::new(s.start - base, s.end - base);
    let p = &Placed {
        span: shift(&p.span),
        parts: p.parts.iter().map(shift).collect(),
        flipped: p.flipped.clone(),
    };
    let literal: usize = plan.parts.iter().map(|x| words_of(&x.text).len()).sum();
    // The window's sentences, split once if an elision needs them.
    let cuts = std::cell::OnceCell::new();
    let mut bracket_words = 0;
    let mut changed: Vec<String> = Vec::new();
    let (mut bracket_changes, mut elision_changes) = (false, false);
    let mut diff: Vec<DiffOp> = Vec::new();
    let mut extra = 0;
    let push = |diff: &mut Vec<DiffOp>, op: DiffTag, t: &str| {
        if t.is_empty() {
            return;
        }
        match diff.last_mut() {
            Some(last) if last.op == op => last.text.push_str(t),
            _ => diff.push(DiffOp {
                op,
                text: t.to_string(),
            }),
        }
    };
    // A bracket's words against the source words around it (`replaced`, whose meaning words
    // it must keep) and those it takes the place of (`stands`, which it may replace only when
    // they point or link, or are forms of its own words: see `stands_for`).
    let mut bracket =
        |inner: &str, replaced: &[String], stands: &[String], changed: &mut Vec<String>| -> bool {
            let words = words_of(inner);
            bracket_words += words.len();
            if words.len() > MAX_BRACKET_WORDS {
                return false;
            }
            let d = differ(&meaning(&words), &meaning(replaced));
            if !d.is_empty() {
                changed.extend(d);
                bracket_changes = true;
            }
            let content = not_replaceable(&words, stands);
            if !content.is_empty() {
                changed.extend(content.iter().map(|w| w.to_lowercase()));
                changed.extend(words.iter().map(|w| w.to_lowercase()));
                bracket_changes = true;
            }
            true
        };
    if let Some(lead) = &plan.lead {
        let before = edge_words(text, p.parts[0].start, true);
        // It takes the place of some of the clause's words right before the quote (up to
        // `MAX_REPLACED`); which ones is not known, and the sentence's subject may be among
        // them, so it may stand for none that carries content.
        if !bracket(lead, &before, &before, &mut changed) {
            return Outcome::Reject;
        }
        push(&mut diff, DiffTag::Delete, &format!("[{lead}] "));
        // The source's words the bracket stands for, so every word it may have replaced is
        // shown (`[The minister] approved` over "The minister never approved").
        if !before.is_empty() {
            push(
                &mut diff,
                DiffTag::Insert,
                &format!("{} ", before.join(" ")),
            );
        }
    }
    for (k, part) in plan.parts.iter().enumerate() {
        if k > 0 {
            let gap_text = &text[p.parts[k - 1].end..p.parts[k].start];
            let gap = words_of(gap_text);
            let shown = normalize(gap_text).as_str().trim().to_string();
            extra += gap.len();
            match &plan.seps[k - 1] {
                Sep::Join if !gap.is_empty() => return Outcome::Reject,
                Sep::Join => push(&mut diff, DiffTag::Equal, " "),
                Sep::Bracket {
                    text: inner,
                    elided,
                } => {
                    if !elided && gap.len() > MAX_REPLACED {
                        return Outcome::Reject;
                    }
                    // Beside an elision mark the bracket takes the place of the gap's words
                    // at one end (which end is not known: both are held to it), the elision
                    // the rest; else it takes the place of every word in the gap.
                    let ends: Vec<String> = match (gap.first(), gap.last()) {
                        (Some(a), Some(b)) if gap.len() > 1 => vec![a.clone(), b.clone()],
                        _ => gap.clone(),
                    };
                    let stands: &[String] = if *elided { &ends } else { &gap };
                    if !bracket(inner, &gap, stands, &mut changed) {
                        return Outcome::Reject;
                    }
                    push(&mut diff, DiffTag::Equal, " ");
                    push(&mut diff, DiffTag::Delete, &format!("[{inner}]"));
                    push(&mut diff, DiffTag::Insert, &shown);
                    push(&mut diff, DiffTag::Equal, " ");
                }
                Sep::Elision => {
                    let m = meaning(&gap);
                    if !m.is_empty() {
                        elision_changes = true;
                        changed.extend(m);
                    }
                    // A bracketed capital after the mark (`… [t]he press`) shows that a
                    // sentence started there.
                    let marked = part.letter && p.flipped[k];
                    let (a, b) = (p.parts[k - 1].end, p.parts[k].start);
                    if !marked && joins_sentences(&plan.parts[k - 1].text, text, &cuts, a, b) {
                        elision_changes = true;
                    }
                    push(&mut diff, DiffTag::Equal, " ");
                    if !shown.is_empty() {
                        push(&mut diff, DiffTag::Insert, &shown);
                        push(&mut diff, DiffTag::Equal, " ");
                    }
                }
            }
        }
        push(
            &mut diff,
            DiffTag::Equal,
            normalize(&part.text).as_str().trim(),
        );
    }
    if let Some(trail) = &plan.trail {
        let after = edge_words(text, p.parts[p.parts.len() - 1].end, false);
        if !bracket(trail, &after, at_end(&after), &mut changed) {
            return Outcome::Reject;
        }
        push(&mut diff, DiffTag::Delete, &format!(" [{trail}]"));
        let stands = at_end(&after);
        if !stands.is_empty() {
            push(
                &mut diff,
                DiffTag::Insert,
                &format!(" {}", stands.join(" ")),
            );
        }
    }
    // The editor's words may not outnumber the source's.
    if literal == 0 || bracket_words > literal {
        return Outcome::Reject;
    }
    // `[sic]`: the word stands in the source exactly as quoted, and may be an error.
    for s in &plan.sics {
        let (q, src) = (&plan.parts[s.part].text, p.parts[s.part]);
        let qn = normalize(q);
        let qw = word_vec(qn.as_str());
        let sn = normalize(&text[src.start..src.end]);
        let sw = word_vec(sn.as_str());
        let (Some(w), Some(sword)) = (qw.get(s.word), sw.get(s.word)) else {
            return Outcome::Reject;
        };
        let (qa, qb) = qn.to_source(w.start, w.end);
        let (sa, sb) = sn.to_source(sword.start, sword.end);
        let quoted = &q[qa..qb];
        if text[src.start + sa..src.start + sb] != *quoted {
            return Outcome::Reject;
        }
        let prev = s.word.checked_sub(1).map(|i| {
            let (a, b) = qn.to_source(qw[i].start, qw[i].end);
            &q[a..b]
        });
        if !sic::may_be_error(prev, quoted) {
            return Outcome::Reject;
        }
    }
    if bracket_changes || elision_changes {
        let q = literal as f64;
        let extra = (extra + bracket_words).max(1) as f64;
        changed.sort();
        changed.dedup();
        return Outcome::Meaning {
            bracket: bracket_changes,
            words: changed,
            diff,
            similarity: (2.0 * q / (2.0 * q + extra)).min(0.9999),
        };
    }
    // Each part reads as the source (its case change undone), up to normalization and the
    // source-side conventions.
    let mut named: BTreeSet<Convention> = plan.uses.iter().copied().collect();
    let mut exact = true;
    for (k, part) in plan.parts.iter().enumerate() {
        let quoted = if p.flipped[k] {
            named.insert(if part.letter {
                Convention::Bracket
            } else {
                Convention::Capital
            });
            flip_first(&part.text).unwrap_or_default()
        } else {
            part.text.clone()
        };
        let found = &text[p.parts[k].start..p.parts[k].end];
        if found != quoted {
            exact = false;
            match source_side(&quoted, found) {
                Some(cs) => named.extend(cs),
                None => return Outcome::Reject,
            }
        }
    }
    if named.iter().any(|c| !allowed.contains(c)) {
        return Outcome::Reject;
    }
    Outcome::Accept {
        exact,
        conventions: Convention::ALL
            .into_iter()
            .filter(|c| named.contains(c))
            .collect(),
    }
}

/// The placement as an occurrence, for the verdict rules.
pub fn as_match(p: &Placed, exact: bool) -> Match {
    Match {
        span: p.span,
        how: if exact { How::Exact } else { How::Normalized },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meaning_words_and_their_differences() {
        let w = |s: &str| words_of(s);
        assert_eq!(
            meaning(&w("they don't have 40 or all")),
            ["40", "all", "not"]
        );
        assert!(differ(&meaning(&w("do not")), &meaning(&w("don't"))).is_empty());
        assert_eq!(differ(&meaning(&w("not")), &meaning(&w("them"))), ["not"]);
        assert!(differ(&meaning(&w("the MEK")), &meaning(&w("them"))).is_empty());
        assert_eq!(differ(&meaning(&w("40")), &meaning(&w("41"))), ["40", "41"]);
    }

    #[test]
    fn a_bracket_at_an_end_takes_in_the_next_word() {
        let t = "know much about them, and so";
        assert_eq!(&t[adjacent_word(t, 15, false)..], ", and so");
        assert_eq!(
            adjacent_word(t, 20, false),
            20,
            "punctuation ends the reach"
        );
        assert_eq!(&t[adjacent_word(t, 15, true)..15], "about");
        assert_eq!(
            adjacent_word("\nthem", 1, true),
            1,
            "a line break ends the reach"
        );
    }

    #[test]
    fn edge_words_stay_in_their_clause() {
        let t = "Nobody knows. The group is popular";
        let at = t.find("is popular").unwrap();
        assert_eq!(edge_words(t, at, true), ["The", "group"]);
        assert_eq!(edge_words(t, t.find(" knows").unwrap(), false), ["knows"]);
    }

    #[test]
    fn first_letters_flip_one_for_one() {
        assert_eq!(flip_first("many").as_deref(), Some("Many"));
        assert_eq!(flip_first("Éte").as_deref(), Some("éte"));
        assert_eq!(flip_first("1 a"), None);
        assert_eq!(flip_first("“many").as_deref(), Some("“Many"));
        assert_eq!(flip_first("ß"), None);
    }
}
