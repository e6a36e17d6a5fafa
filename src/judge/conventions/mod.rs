//! Quotations as editors write them (issue 12): the editorial conventions a quote may use and
//! still be accepted, each verified against the source text it was found at, and named in the
//! verdict.
//!
//! A quote is first judged as written (elisions split it as ever). When that does not pass and
//! the quote has editorial marks (a bracket, `[sic]`, an emphasis note) or a first letter whose
//! case may have been changed, it is read into literal parts and marks ([`plan`]), the parts
//! are placed in order ([`verify::place`]) and every mark is checked against the source there
//! ([`verify::verify`]). Only a placement where every mark holds as its convention defines it
//! is accepted; a bracket or elision that adds or drops a meaning word is `drifted` with its
//! own code; anything else leaves the plain-text verdict standing. A convention left out of
//! `[check] conventions` (all, under `--strict`) is never applied.

pub mod plan;
pub mod sic;
pub mod stands_for;
pub mod verify;

use std::ops::ControlFlow;

use super::{check_elision, locate_text, Query, Thresholds, Verdict};
use crate::claims::Entry;
use crate::locate::{Locator, Match, Needle};
use crate::model::{Convention, Span, Status};
use crate::source::Source;
use crate::text::conventions::source_side;
use crate::text::elision::{mark_after, mark_before};
use crate::text::normalize;
use verify::{Outcome, Placed};

/// A locator that knows only the occurrences it was given: the verified placements of a
/// quote's parts, handed to the ordinary rules (pointer region, context, ambiguity).
struct Placements(Vec<Match>);

impl Locator for Placements {
    fn each_occurrence(
        &self,
        _: &Source,
        _: &Needle,
        visit: &mut dyn FnMut(Match) -> ControlFlow<()>,
    ) {
        for m in &self.0 {
            if visit(m.clone()).is_break() {
                return;
            }
        }
    }
    fn approximate(&self, _: &Source, _: &Needle, _: Option<usize>, _: f64) -> Option<Match> {
        None
    }
}

/// Whether a verdict is a pass of the quote rules' kind (found where it may be).
fn passes(s: Status) -> bool {
    matches!(
        s,
        Status::Verified | Status::Normalized | Status::Relocated | Status::Ambiguous
    )
}

/// Judge a quote: as written, then, if that does not pass, by its conventions.
pub fn judge_quote(
    locator: &dyn Locator,
    entry: &Entry,
    source: &Source,
    others: &[&Source],
    region: Option<Span>,
    t: &Thresholds,
) -> Verdict {
    let needle = if t.allows(Convention::Elision) {
        Needle::new(&entry.text)
    } else {
        Needle::plain(&entry.text)
    };
    let q = Query::for_entry(entry, &needle, region);
    let mut v = locate_text(locator, source, others, q, t);
    check_elision(&mut v, &needle, source);
    if passes(v.status) {
        name_plain(&mut v, &needle, source, t);
        return v;
    }
    if v.elision_changes_meaning {
        return v;
    }
    if let Some(w) = by_source_side(entry, source, &needle, region, &v, t) {
        return w;
    }
    if let Some(w) = by_line_breaks(locator, entry, source, &needle, region, &v, t) {
        return w;
    }
    let Some(plan) = plan::parse(&entry.text, t.allows(Convention::Capital)) else {
        return v;
    };
    if !(plan.is_editorial() || plan.folds()) || plan.uses.iter().any(|c| !t.allows(*c)) {
        return v;
    }
    by_conventions(locator, entry, source, &plan, &needle, region, t).unwrap_or(v)
}

/// The conventions a quote found as written needed: `elision` for its marks, and the
/// source-side ones its parts needed. A source-side convention left out of the enabled set
/// makes the quote plain drift (its words differ from the source's as written).
fn name_plain(v: &mut Verdict, needle: &Needle, source: &Source, t: &Thresholds) {
    let Some(found) = v.found else { return };
    let text = &*source.slice(found);
    let mut named = Vec::new();
    // Marks the source has right there are its own text, not an elision: a quote found whole
    // used none, nor does an end mark the found span takes in.
    let (lead, trail) = needle.marked_ends();
    let norm = normalize(text);
    let whole = norm.as_str().contains(needle.norm.as_str());
    let elided = (!needle.parts.is_empty() && !whole)
        || (lead && mark_after(text, 0) == 0)
        || (trail && mark_before(text, text.len()) == 0);
    if elided {
        named.push(Convention::Elision);
    }
    // Each part against its own place in the found text, found in order in normal form.
    let pieces: Vec<&str> = if needle.parts.is_empty() {
        vec![needle.raw.as_str()]
    } else {
        needle.parts.iter().map(|p| p.raw.as_str()).collect()
    };
    let mut at = 0;
    for piece in pieces {
        let pn = normalize(piece);
        let pn = pn.as_str().trim();
        let Some(i) = norm.as_str()[at..].find(pn).map(|i| i + at) else {
            break;
        };
        let (a, b) = norm.to_source(i, i + pn.len());
        at = i + pn.len();
        if text[a..b] != *piece {
            named.extend(source_side(piece, &text[a..b]).unwrap_or_default());
        }
    }
    named.sort();
    named.dedup();
    if named.iter().any(|c| !t.allows(*c)) {
        // Found only by a convention that is off: the words differ as written.
        v.status = Status::Drifted;
        v.similarity = Some(0.9999);
        v.diff = Some(crate::locate::diff::text_diff(&needle.raw, text));
        return;
    }
    v.conventions = named;
}

/// A drifted quote whose every difference from the text found is a source-side convention (a
/// word broken at a line end, a footnote marker left out, nested quotation marks swapped):
/// judged as a normalized occurrence there, with the conventions named. `None` leaves the
/// drifted verdict standing.
fn by_source_side(
    entry: &Entry,
    source: &Source,
    needle: &Needle,
    region: Option<Span>,
    v: &Verdict,
    t: &Thresholds,
) -> Option<Verdict> {
    // Elided quotes and quotes with marks at their ends are the plan's business.
    if v.status != Status::Drifted
        || !needle.parts.is_empty()
        || needle.marked_ends() != (false, false)
    {
        return None;
    }
    let found = v.found?;
    let cs = source_side(&needle.raw, &source.slice(found))?;
    if cs.is_empty() || cs.iter().any(|c| !t.allows(*c)) {
        return None;
    }
    let occ = Placements(vec![Match {
        span: found,
        how: crate::locate::How::Normalized,
    }]);
    let q = Query::for_entry(entry, needle, region);
    let mut w = locate_text(&occ, source, &[], q, t);
    w.conventions = cs;
    passes(w.status).then_some(w)
}

/// A quote missing as written, some of whose words the source breaks across a line end
/// (`infor-` / `mation`): those words written as the source breaks them and the quote located
/// again. A quote too short for an approximate match to bridge the break is found this way. What
/// is found must still read as the quote up to the source-side conventions (an in-line hyphen,
/// `re-sign` for `resign`, is not a line break), and is at best `normalized`, `hyphenation`
/// named. Quotes with elisions are left to the other rules.
fn by_line_breaks(
    locator: &dyn Locator,
    entry: &Entry,
    source: &Source,
    needle: &Needle,
    region: Option<Span>,
    v: &Verdict,
    t: &Thresholds,
) -> Option<Verdict> {
    if v.status != Status::Missing || !t.allows(Convention::Hyphenation) || !needle.parts.is_empty()
    {
        return None;
    }
    let broken = source.line_broken_words();
    if broken.is_empty() {
        return None;
    }
    // The quote as written, each word the source breaks written broken where it does.
    let raw = needle.raw.as_str();
    let mut text = String::with_capacity(raw.len() + 8);
    let mut last = 0;
    let mut rewritten = false;
    let mut words = raw.char_indices().peekable();
    while let Some((a, c)) = words.next() {
        if !c.is_alphabetic() {
            continue;
        }
        let mut b = a + c.len_utf8();
        while let Some(&(i, c)) = words.peek().filter(|(_, c)| c.is_alphabetic()) {
            b = i + c.len_utf8();
            words.next();
        }
        let word = &raw[a..b];
        let i = broken.partition_point(|w| w.word.as_str() < word);
        if let Some(w) = broken.get(i).filter(|w| w.word == word) {
            let cut = word.char_indices().nth(w.at).map_or(word.len(), |(k, _)| k);
            text.push_str(&raw[last..a + cut]);
            text.push('-');
            last = a + cut;
            rewritten = true;
        }
    }
    if !rewritten {
        return None;
    }
    text.push_str(&raw[last..]);
    let broken_needle = Needle::plain(&text);
    let q = Query::for_entry(entry, &broken_needle, region);
    let mut w = locate_text(locator, source, &[], q, t);
    if !passes(w.status) {
        return None;
    }
    if let Some(found) = w.found {
        let named = source_side(raw, &source.slice(found))?;
        if !named.contains(&Convention::Hyphenation) {
            return None;
        }
        if named.iter().any(|c| !t.allows(*c)) {
            return None;
        }
        w.conventions = Convention::ALL
            .into_iter()
            .filter(|c| named.contains(c))
            .collect();
        if w.status == Status::Verified {
            w.status = Status::Normalized;
        }
    }
    Some(w)
}

/// The verdict by the plan's conventions: `None` when no placement's marks hold (the plain
/// verdict stands).
fn by_conventions(
    locator: &dyn Locator,
    entry: &Entry,
    source: &Source,
    plan: &plan::Plan,
    needle: &Needle,
    region: Option<Span>,
    t: &Thresholds,
) -> Option<Verdict> {
    let placed = verify::place(locator, source, plan);
    let mut accepted: Vec<(Placed, Vec<Convention>, bool)> = Vec::new();
    let mut changes: Vec<(Placed, Outcome)> = Vec::new();
    for p in placed {
        match verify::verify(plan, source, &p, &t.conventions) {
            Outcome::Accept { exact, conventions } => accepted.push((p, conventions, exact)),
            o @ Outcome::Meaning { .. } => changes.push((p, o)),
            Outcome::Reject => {}
        }
    }
    if !accepted.is_empty() {
        let occ = Placements(
            accepted
                .iter()
                .map(|(p, _, exact)| verify::as_match(p, *exact))
                .collect(),
        );
        let q = Query::for_entry(entry, needle, region);
        let mut v = locate_text(&occ, source, &[], q, t);
        let chosen = v.found.or(v.occurrences.first().copied());
        v.conventions = accepted
            .iter()
            .find(|(p, _, _)| Some(p.span) == chosen)
            .map(|(_, c, _)| c.clone())
            .unwrap_or_default();
        return passes(v.status).then_some(v);
    }
    // Placements whose marks change the meaning: the nearest to the pointer is the finding.
    let near = region.map_or(0, |r| r.start);
    let (p, o) = changes
        .into_iter()
        .min_by_key(|(p, _)| p.span.start.abs_diff(near))?;
    let Outcome::Meaning {
        bracket,
        words,
        diff,
        similarity,
    } = o
    else {
        return None;
    };
    let mut v = Verdict::new(Status::Drifted);
    v.found = Some(p.span);
    v.region = region;
    v.similarity = Some(similarity);
    v.diff = Some(diff);
    v.missing_terms = words;
    v.bracket_changes_meaning = bracket;
    v.elision_changes_meaning = !bracket;
    Some(v)
}
