//! The verdict rules, in one place.
//!
//! `locate` says where a text could be; this module decides what that means for an entry, from
//! the matches, the entry's pointer and pins, and the thresholds. Reporters never re-decide.
//! Uncertainty fails closed: several copies without a pointer are `ambiguous`, a near match is
//! `drifted` with its diff, and the closeness needed for `drifted` grows as quotes get shorter.

mod choose;
pub mod claim;
pub mod conventions;
pub mod elision;
mod numbers;
mod policy;
mod thresholds;

pub use policy::Policy;
pub use thresholds::Thresholds;

use choose::Choice;

use crate::claims::{Entry, Pointer};
use crate::locate::{How, Locator, Needle};
use crate::model::{Code, DiffOp, Finding, Kind, Span, Status};
use crate::source::Source;

/// The judgement of one entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// The status.
    pub status: Status,
    /// The occurrence the verdict is about, in source bytes.
    pub found: Option<Span>,
    /// For `ambiguous`: the first occurrences, in position order, at most
    /// [`Thresholds::max_occurrences`] of them.
    pub occurrences: Vec<Span>,
    /// For `ambiguous`: how many occurrences there are (listed or not).
    pub occurrence_count: usize,
    /// Similarity of the found text (1 for exact and normalized matches).
    pub similarity: Option<f64>,
    /// Word diff, entry text versus source, for drifted entries.
    pub diff: Option<Vec<DiffOp>>,
    /// Claim terms the evidence lacks.
    pub missing_terms: Vec<String>,
    /// Other sources holding the text (for missing entries).
    pub found_in: Vec<String>,
    /// The declared pointer as a source byte region.
    pub region: Option<Span>,
    /// For a claim: the passage of the evidence the rules judged it on, in source bytes.
    pub passage: Option<Span>,
    /// For a claim: why it is not supported (rules and their words; spans in source bytes).
    pub findings: Vec<Finding>,
    /// The declared pointer no longer fits the source (which changed since it was pinned).
    pub stale_pointer: bool,
    /// For a quote: its elision leaves out words that carry meaning (see [`elision`]); the
    /// status is `drifted` and the code `quote-elision-changes-meaning`.
    pub elision_changes_meaning: bool,
    /// For a quote: its bracket adds or drops a negation, number, quantifier or modal, or
    /// changes a number (see [`conventions`]); the status is `drifted` and the code
    /// `quote-bracket-changes-meaning`.
    pub bracket_changes_meaning: bool,
    /// For a quote: it begins or ends inside a number of the source ("200" of "1,200"; see
    /// `judge::numbers`); the status is `drifted`, the code `quote-cuts-number`, and `findings`
    /// give the quote's part and the source's whole number.
    pub cuts_number: bool,
    /// For an accepted quote: the editorial conventions it needed, in
    /// [`crate::model::Convention::ALL`] order.
    pub conventions: Vec<crate::model::Convention>,
    /// For a short missing text: the nearest text in the source and its similarity (a hint;
    /// see [`crate::locate::closest`]).
    pub closest: Option<(Span, f64)>,
}

impl Verdict {
    fn new(status: Status) -> Verdict {
        Verdict {
            status,
            found: None,
            occurrences: Vec::new(),
            occurrence_count: 0,
            similarity: None,
            diff: None,
            missing_terms: Vec::new(),
            found_in: Vec::new(),
            region: None,
            passage: None,
            findings: Vec::new(),
            stale_pointer: false,
            elision_changes_meaning: false,
            bracket_changes_meaning: false,
            cuts_number: false,
            conventions: Vec::new(),
            closest: None,
        }
    }
}

/// Whether pointer `p` fits `source`: a span within its bytes and on character boundaries,
/// lines within its lines. A pointer into a source that changed since it was pinned may not.
pub fn pointer_fits(source: &Source, p: Pointer) -> bool {
    match p {
        Pointer::Span(a, b) => {
            a <= b && b <= source.len() && source.is_char_boundary(a) && source.is_char_boundary(b)
        }
        Pointer::Lines(a, b) => a >= 1 && a <= b && b <= source.lines.count(),
    }
}

/// The source byte region a pointer names (`None` when it does not fit the source).
pub fn region(source: &Source, p: Pointer) -> Option<Span> {
    match p {
        Pointer::Span(a, b) => pointer_fits(source, p).then_some(Span::new(a, b)),
        Pointer::Lines(a, b) => source.span_of_lines(a, b).map(Span::from),
    }
}

/// What to look for: a prepared text, the region its pointer names, and its declared context.
#[derive(Debug, Clone, Copy)]
pub struct Query<'a> {
    /// The text to find.
    pub needle: &'a Needle,
    /// The declared pointer as a source byte region.
    pub region: Option<Span>,
    /// Context expected before the text.
    pub prefix: Option<&'a str>,
    /// Context expected after the text.
    pub suffix: Option<&'a str>,
}

impl<'a> Query<'a> {
    /// The query for `needle` (an entry's text or evidence) with the entry's context.
    pub fn for_entry(entry: &'a Entry, needle: &'a Needle, region: Option<Span>) -> Query<'a> {
        Query {
            needle,
            region,
            prefix: entry.prefix.as_deref(),
            suffix: entry.suffix.as_deref(),
        }
    }
}

/// Judge where a text stands in `source` (the quote rules; claims use them for evidence).
pub fn locate_text(
    locator: &dyn Locator,
    source: &Source,
    others: &[&Source],
    q: Query<'_>,
    thresholds: &Thresholds,
) -> Verdict {
    let Query {
        needle,
        region,
        prefix,
        suffix,
    } = q;
    let context = choose::Context::new(prefix, suffix);
    match choose::choose(
        locator,
        source,
        needle,
        region,
        &context,
        thresholds.max_occurrences,
    ) {
        Choice::One(m, status) => {
            let mut v = Verdict::new(status);
            v.found = Some(m.span);
            v.similarity = Some(1.0);
            v.region = region;
            return v;
        }
        Choice::Many { listed, count } => {
            let mut v = Verdict::new(Status::Ambiguous);
            v.occurrences = listed;
            v.occurrence_count = count;
            v.similarity = Some(1.0);
            return v;
        }
        Choice::None => {}
    }
    // Nothing exact or normalized: a close approximate match is drift, anything else missing.
    // The floor lets the locator skip candidates the thresholds would reject anyway.
    let floor = thresholds.required_similarity(needle.words.len());
    if let Some(m) = locator.approximate(source, needle, region.map(|r| r.start), floor) {
        if let How::Approx(a) = &m.how {
            if thresholds.accepts(a) {
                let mut v = Verdict::new(Status::Drifted);
                v.found = Some(m.span);
                v.similarity = Some(a.similarity);
                v.diff = Some(a.diff.clone());
                v.region = region;
                return v;
            }
        }
    }
    let mut v = Verdict::new(Status::Missing);
    v.region = region;
    v.found_in = found_in(locator, source, others, needle);
    v.closest = crate::locate::closest(locator, source, needle, region.map(|r| r.start));
    v
}

/// Paths of the sources among `others` (except `source` itself) holding an exact or normalized
/// occurrence of `needle`: where a text missing from its own source may have come from.
pub fn found_in(
    locator: &dyn Locator,
    source: &Source,
    others: &[&Source],
    needle: &Needle,
) -> Vec<String> {
    others
        .iter()
        .filter(|o| o.id != source.id && locator.occurs(o, needle))
        .map(|o| o.path.clone())
        .collect()
}

/// The text an entry's locating searched for: a quote's text, a claim's evidence.
pub fn searched_text(entry: &Entry) -> Option<&str> {
    match entry.kind {
        Kind::Quote => Some(&entry.text),
        Kind::Claim => entry.evidence.as_deref(),
    }
}

/// Judge one entry against its source.
pub fn judge(
    locator: &dyn Locator,
    entry: &Entry,
    source: &Source,
    others: &[&Source],
    thresholds: &Thresholds,
) -> Verdict {
    // A pointer that no longer fits its (changed) source names nothing: the text is looked
    // for everywhere, and what is found is at best relocated (see `validate_known`).
    let stale = entry.pointer.is_some_and(|p| !pointer_fits(source, p));
    let region = entry.pointer.and_then(|p| region(source, p));
    let mut v = match entry.kind {
        // A claim without `evidence` is judged on the text at its pointer: with the pointer
        // stale there is none, and nothing to find again.
        Kind::Claim if stale && entry.evidence.is_none() => Verdict::new(Status::Missing),
        Kind::Quote => {
            let mut v =
                conventions::judge_quote(locator, entry, source, others, region, thresholds);
            let quote = if thresholds.allows(crate::model::Convention::Elision) {
                Needle::new(&entry.text).raw
            } else {
                Needle::plain(&entry.text).raw
            };
            numbers::check(&mut v, &quote, &entry.text, source);
            v
        }
        Kind::Claim => judge_claim(locator, entry, source, others, region, thresholds),
    };
    // The rules never give a quote a claim's status nor leave a claim's found evidence
    // unjudged; were a change to break that, the entry fails closed rather than passing
    // under a status its code can't name.
    if Code::for_verdict(entry.kind, v.status).is_none() {
        v.status = Status::Missing;
    }
    if stale {
        v.stale_pointer = true;
        if matches!(v.status, Status::Verified | Status::Normalized) {
            v.status = Status::Relocated;
        }
    }
    v
}

/// A quote found (verified, normalized or relocated) whose elisions leave out a negation, a
/// number, a quantifier or a modal is `drifted`: similarity below 1, a diff inserting the
/// omitted words between the parts, and the meaning words in `missing_terms`. An elision that
/// leaves out only ordinary words keeps its status.
fn check_elision(v: &mut Verdict, needle: &Needle, source: &Source) {
    if !matches!(
        v.status,
        Status::Verified | Status::Normalized | Status::Relocated
    ) {
        return;
    }
    let Some(found) = v.found else { return };
    let Some(o) = elision::omitted(needle, &source.slice(found)) else {
        return;
    };
    if o.meaning.is_empty() && !o.joins_sentences {
        return;
    }
    v.status = Status::Drifted;
    v.similarity = Some(elision::similarity(needle, &o).min(0.9999));
    v.diff = Some(elision::diff(needle, &o));
    v.missing_terms = o.meaning;
    v.elision_changes_meaning = true;
}

/// The finding code of a verdict on an entry of `kind`: [`code`] of its status, except a
/// quote whose bracket or elision changes its meaning, `quote-bracket-changes-meaning` or
/// `quote-elision-changes-meaning`, and one that begins or ends inside a number,
/// `quote-cuts-number`.
pub fn code_of(kind: Kind, v: &Verdict) -> Code {
    if kind == Kind::Quote && v.status == Status::Drifted && v.cuts_number {
        return Code::QuoteCutsNumber;
    }
    if kind == Kind::Quote && v.status == Status::Drifted && v.bracket_changes_meaning {
        return Code::QuoteBracketChangesMeaning;
    }
    if kind == Kind::Quote && v.status == Status::Drifted && v.elision_changes_meaning {
        return Code::QuoteElisionChangesMeaning;
    }
    code(kind, v.status)
}

/// The finding code of a verdict on an entry of `kind`: total because [`judge`] never leaves
/// an impossible pair (see [`Code::for_verdict`]); such a pair would read as its kind's
/// `missing`, failing closed.
pub fn code(kind: Kind, status: Status) -> Code {
    Code::for_verdict(kind, status).unwrap_or(match kind {
        Kind::Quote => Code::QuoteMissing,
        Kind::Claim => Code::ClaimMissing,
    })
}

fn judge_claim(
    locator: &dyn Locator,
    entry: &Entry,
    source: &Source,
    others: &[&Source],
    region: Option<Span>,
    thresholds: &Thresholds,
) -> Verdict {
    let mut v = match &entry.evidence {
        Some(evidence) => {
            let needle = Needle::new(evidence);
            let q = Query::for_entry(entry, &needle, region);
            locate_text(locator, source, others, q, thresholds)
        }
        None => {
            // The span itself is the evidence.
            let mut v = Verdict::new(Status::Verified);
            v.found = region;
            v.region = region;
            v
        }
    };
    let Some(found) = v.found else { return v };
    judge_claim_text(&mut v, entry, source, found, thresholds);
    v
}

/// Judge the claim against its located evidence (see [`claim::assess`]): the status of found
/// evidence becomes supported, contradicted or unsupported; drift, ambiguity and absence of
/// the evidence stay what they are (the claim can't be judged on text that isn't there).
fn judge_claim_text(
    v: &mut Verdict,
    entry: &Entry,
    source: &Source,
    found: Span,
    thresholds: &Thresholds,
) {
    // The evidence lies within the found passage's lines: only they are read.
    let (lines, base) = source.lines_around(found);
    let local = Span::new(found.start - base, found.end - base);
    let evidence = enclosing_sentences(&lines, local);
    let text = &lines[evidence.start..evidence.end];
    let evidence = Span::new(evidence.start + base, evidence.end + base);
    let a = claim::assess(&entry.text, text, &thresholds.claims);
    // Spans in the evidence text become spans in the source.
    let at = |s: [usize; 2]| Span::new(evidence.start + s[0], evidence.start + s[1]);
    v.passage = a.passage.map(at);
    v.findings = a
        .findings
        .into_iter()
        .map(|mut f| {
            f.evidence_span = at(f.evidence_span).into();
            f
        })
        .collect();
    v.missing_terms = a.missing_terms;
    let judged = match a.outcome {
        claim::Outcome::Supported => Status::Supported,
        claim::Outcome::Contradicted => Status::Contradicted,
        claim::Outcome::Unsupported => Status::Unsupported,
    };
    v.status = match v.status {
        Status::Verified | Status::Normalized => judged,
        // Evidence found elsewhere than its pointer: relocated when it still supports the
        // claim, else what the rules found (that is the worse news).
        Status::Relocated if judged != Status::Supported => judged,
        other => other,
    };
}

/// Abbreviations whose period ends no sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "prof", "gen", "sen", "rep", "gov", "lt", "col",
    "no", "inc", "co", "corp", "ltd", "vs", "etc", "jan", "feb", "mar", "apr", "aug", "sep",
    "sept", "oct", "nov", "dec", "approx", "dept", "est",
];

/// Whether the `.`, `!` or `?` at byte `i` of `line` ends a sentence: whitespace (or the end)
/// follows, then a capital, digit, quotation mark or bracket; and a period does not close an
/// initial ("U.S.", "J.") or a common abbreviation ("Mr.", "Inc.").
fn ends_sentence(line: &str, i: usize) -> bool {
    let b = line.as_bytes();
    if !matches!(b[i], b'.' | b'!' | b'?') {
        return false;
    }
    let rest = &line[i + 1..];
    if !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
        return false;
    }
    let next_ok = rest
        .trim_start()
        .chars()
        .next()
        .is_none_or(|c| c.is_uppercase() || c.is_ascii_digit() || "\"“‘'([".contains(c));
    if !next_ok {
        return false;
    }
    if b[i] != b'.' {
        return true;
    }
    let word = line[..i]
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    let initial =
        word.contains('.') || (word.chars().count() == 1 && word.chars().all(char::is_uppercase));
    !initial && !ABBREVIATIONS.contains(&word.to_lowercase().as_str())
}

/// `span` widened to the whole sentences it lies in, within its line: evidence quoted as a
/// fragment is judged with the rest of its sentence, whose names and numbers belong to it (a
/// passage is a sentence or up to three; the rules choose within what is given).
fn enclosing_sentences(text: &str, span: Span) -> Span {
    let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[span.end..]
        .find('\n')
        .map_or(text.len(), |i| span.end + i);
    let ends_sentence = |i: usize| ends_sentence(&text[line_start..line_end], i - line_start);
    let start = (line_start..span.start)
        .rev()
        .find(|&i| ends_sentence(i))
        .map_or(line_start, |i| i + 1);
    let end = (span.end.saturating_sub(1).max(span.start)..line_end)
        .find(|&i| ends_sentence(i))
        .map_or(line_end, |i| i + 1);
    // Whitespace at the edges is not part of the evidence.
    let lead = text[start..span.start].len() - text[start..span.start].trim_start().len();
    Span::new(start + lead, end.max(span.end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quote(text: &str) -> Entry {
        Entry {
            id: "q".into(),
            kind: Kind::Quote,
            origin: Default::default(),
            source: "t.txt".into(),
            source_origin: Default::default(),
            text: text.into(),
            pointer: None,
            pointer_origin: None,
            sha256: None,
            prefix: None,
            suffix: None,
            note: None,
            evidence: None,
        }
    }

    #[test]
    fn an_elision_leaving_out_a_meaning_word_is_drifted_with_its_own_code() {
        let src = Source::from_text(
            "t.txt",
            "The group is not popular. People hate them, and they are terrorists.".into(),
        );
        let t = Thresholds::default();
        let loc = crate::locate::IndexLocator;
        let v = judge(&loc, &quote("The group is … popular."), &src, &[], &t);
        assert_eq!(v.status, Status::Drifted);
        assert_eq!(code_of(Kind::Quote, &v), Code::QuoteElisionChangesMeaning);
        assert_eq!(v.missing_terms, ["not"]);
        assert!(v.similarity.unwrap() < 1.0);
        assert!(v.status.fails_by_default());
        // Leaving out "and" is an honest elision.
        let v = judge(
            &loc,
            &quote("People hate them, … they are terrorists."),
            &src,
            &[],
            &t,
        );
        assert_eq!(v.status, Status::Verified);
        assert_eq!(code_of(Kind::Quote, &v), Code::QuoteVerified);
        assert!(v.diff.is_none() && v.missing_terms.is_empty());
    }

    #[test]
    fn shorter_quotes_need_more_similarity() {
        let t = Thresholds::default();
        assert_eq!(t.required_similarity(3), 1.0);
        assert!(t.required_similarity(6) > t.required_similarity(10));
        assert!(t.required_similarity(10) <= 0.9);
        assert!(t.required_similarity(100) >= t.min_similarity);
        // From five words, one word changed is drift: (n - 1) / n suffices.
        for n in 5..40 {
            let one_changed = (n - 1) as f64 / n as f64;
            assert!(one_changed >= t.required_similarity(n), "{n} words");
        }
        // Two changed of five is not.
        assert!(0.6 < t.required_similarity(5));
    }

    #[test]
    fn evidence_is_widened_to_its_sentences_within_its_line() {
        let text =
            "First one. The MEK has no support, he said. Third here.\nNext line. Any U.S. aid hurts.";
        let at = |w: &str| {
            let a = text.find(w).unwrap();
            Span::new(a, a + w.len())
        };
        let s = enclosing_sentences(text, at("has no support"));
        assert_eq!(&text[s.start..s.end], "The MEK has no support, he said.");
        let s = enclosing_sentences(text, at("Third here."));
        assert_eq!(&text[s.start..s.end], "Third here.");
        let s = enclosing_sentences(text, at("one. The"));
        assert_eq!(
            &text[s.start..s.end],
            "First one. The MEK has no support, he said."
        );
        // An initial's period ends no sentence.
        let s = enclosing_sentences(text, at("aid hurts"));
        assert_eq!(&text[s.start..s.end], "Any U.S. aid hurts.");
    }
}
