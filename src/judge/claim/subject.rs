//! The claim's subject and predicate, and when adjacent evidence sentences form one passage.
//!
//! Without a parser the subject is read by position: the first content word or name of the
//! claim (after a leading adverbial such as "According to X," or "In 2012"), and the words a
//! possessive or an "of" join to it ("Pellham's revenue", "members of the group"). The
//! predicate is the next content word of the same clause ("executed" in "The MEK executed the
//! prisoners").
//!
//! A passage is one sentence, or a sentence with the one or two before it when it refers back
//! to them by a pronoun ("It killed 17 workers", "the regulator rejected it", "Its revenue
//! climbed"). Words of two sentences that do not refer to each other never add up ("The MEK is
//! based in Iraq. Protesters attacked the embassy." says nothing about who attacked for the
//! MEK), and the claim's subject and predicate must meet in one sentence: in the last one, or
//! the last one opens with a pronoun standing for the subject ("It", "They", "Its revenue")
//! and the sentence before it opens with the claim's subject (the pronoun is read as standing
//! for that sentence's subject: "Rajavi met Saddam. He ordered …" is about Rajavi).

use super::doc::Doc;
use super::passages::{Holds, Term};
use super::tokens::Tk;

/// Pronouns that refer back to an earlier sentence.
const ANAPHORS: &[&str] = &[
    "it", "its", "they", "them", "their", "he", "him", "his", "she", "her",
];

/// Pronouns that, opening a sentence, stand for its subject.
const SUBJECT_PRONOUNS: &[&str] = &["it", "they", "he", "she"];

/// Possessives that, opening a sentence, stand for the owner of the next word.
const POSSESSIVES: &[&str] = &["its", "their", "his", "her"];

/// Words that open a leading adverbial before the subject ("In 2012 the camp held …").
const OPENERS: &[&str] = &[
    "according",
    "after",
    "as",
    "at",
    "before",
    "by",
    "despite",
    "during",
    "following",
    "for",
    "from",
    "in",
    "last",
    "on",
    "over",
    "since",
    "under",
    "until",
    "when",
    "while",
    "within",
];

const DETERMINERS: &[&str] = &[
    "a", "an", "the", "its", "their", "his", "her", "our", "this", "that", "these", "those",
];

/// The claim's subject head and predicate, as term indices.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Roles {
    /// The subject's first content word (or name), its claim token and term.
    pub subject: Option<(usize, usize)>,
    /// The predicate's claim token and term.
    pub predicate: Option<(usize, usize)>,
}

fn is_word(doc: &Doc, i: usize) -> bool {
    (doc.content[i] || doc.entity[i]) && doc.in_quantity[i].is_none()
}

fn term_of(doc: &Doc, terms: &[Term], i: usize) -> Option<usize> {
    terms.iter().position(|t| t.keys[0] == doc.concepts[i])
}

/// Where the subject search starts: after a leading adverbial, if any.
fn subject_start(c: &Doc) -> usize {
    let first = (0..c.toks.len()).find(|&i| c.toks[i].tk == Tk::Word);
    let Some(first) = first else { return 0 };
    if !OPENERS.contains(&c.toks[first].lower.as_str()) {
        return first;
    }
    let clause = c.toks[first].clause;
    // "According to the authors, the drug …": the subject follows the comma.
    if let Some(comma) = (first..c.toks.len())
        .take_while(|&i| c.toks[i].clause == clause || c.toks[i].is_punct(','))
        .find(|&i| c.toks[i].is_punct(','))
    {
        return comma + 1;
    }
    // "In 2012 the camp held …": the subject opens with the next determiner.
    (first + 1..c.toks.len())
        .find(|&i| DETERMINERS.contains(&c.toks[i].lower.as_str()))
        .unwrap_or(c.toks.len())
}

/// The claim's subject head and predicate (see the module docs).
pub(crate) fn roles(c: &Doc, terms: &[Term]) -> Roles {
    let n = c.toks.len();
    let Some(head) = (subject_start(c)..n).find(|&i| is_word(c, i)) else {
        return Roles::default();
    };
    let clause = c.toks[head].clause;
    let mut last = head;
    let mut predicate = None;
    let mut j = head + 1;
    while j < n && c.toks[j].clause == clause {
        if is_word(c, j) {
            // A possessive or an "of" joins the word to the subject's phrase.
            let joined = c.toks[last].lower.ends_with("'s")
                || c.toks[last].lower.ends_with("s'")
                || (last + 1..j).any(|k| c.toks[k].is("of"));
            if joined {
                last = j;
            } else {
                predicate = Some(j);
                break;
            }
        }
        j += 1;
    }
    Roles {
        subject: term_of(c, terms, head).map(|t| (head, t)),
        predicate: predicate.and_then(|p| term_of(c, terms, p).map(|t| (p, t))),
    }
}

/// The claim's predicate read against evidence sentence `s`: as [`roles`] reads it, except
/// that a word right after the subject's that `s` also writes right after it belongs to the
/// subject's phrase ("The opposition alliance executed": "alliance" is no verb when the
/// sentence says "The opposition alliance condemned").
fn predicate_in(c: &Doc, terms: &[Term], roles: &Roles, ev: &Doc, s: usize) -> Option<usize> {
    let (head, _) = roles.subject?;
    let (a, b) = ev.sentences[s];
    let pair = |x: usize, y: usize| {
        (a..b.saturating_sub(1))
            .any(|e| ev.concepts[e] == c.concepts[x] && ev.concepts[e + 1] == c.concepts[y])
    };
    let mut tok = roles.predicate.map(|(t, _)| t)?;
    let mut prev = tok.checked_sub(1)?;
    while prev + 1 == tok && pair(prev, tok) {
        prev = tok;
        tok = (tok + 1..c.toks.len())
            .take_while(|&i| c.toks[i].clause == c.toks[head].clause)
            .find(|&i| is_word(c, i))?;
    }
    term_of(c, terms, tok)
}

/// True when every claim word sentence `y` adds to sentence `x` is part of a name of the
/// claim whose other word `x` writes after "the" ("Camp Ashraf" for "the camp"), and `y` adds
/// at least one.
fn completes_names(
    c: &Doc,
    terms: &[Term],
    ev: &Doc,
    per_sentence: &[Holds],
    x: usize,
    y: usize,
) -> bool {
    let (core, other) = (&per_sentence[x], &per_sentence[y]);
    let (a, b) = ev.sentences[x];
    let definite = |ci: usize| {
        (a + 1..b).any(|e| ev.concepts[e] == c.concepts[ci] && ev.toks[e - 1].is("the"))
    };
    let mut added = 0;
    for (ti, t) in terms.iter().enumerate() {
        if core.term[ti] || !other.term[ti] {
            continue;
        }
        added += 1;
        let i = t.tok;
        let neighbour = [i.wrapping_sub(1), i + 1]
            .into_iter()
            .filter(|&j| j < c.toks.len() && c.entity[j] && j != i)
            .any(definite);
        if !(c.entity[i] && neighbour) {
            return false;
        }
    }
    added > 0
}

/// True when evidence sentence `s` holds a pronoun referring back.
pub(crate) fn refers_back(ev: &Doc, s: usize) -> bool {
    let (a, b) = ev.sentences[s];
    (a..b).any(|e| ANAPHORS.contains(&ev.toks[e].lower.as_str()))
}

/// True when sentence `s` opens with a pronoun standing for the claim's subject: a subject
/// pronoun ("It killed …"), or a possessive before one of the claim's words ("Its revenue").
fn opens_with_subject_pronoun(terms: &[Term], ev: &Doc, s: usize) -> bool {
    let (a, b) = ev.sentences[s];
    let Some(first) = (a..b).find(|&e| ev.toks[e].tk == Tk::Word) else {
        return false;
    };
    let w = ev.toks[first].lower.as_str();
    if SUBJECT_PRONOUNS.contains(&w) {
        return true;
    }
    POSSESSIVES.contains(&w)
        && (first + 1..b)
            .find(|&e| ev.content[e] || ev.entity[e])
            .is_some_and(|e| {
                let keys = ev.keys(e);
                terms
                    .iter()
                    .any(|t| t.keys.iter().any(|k| keys.contains(k)))
            })
}

/// True when sentences `[a, b)` of the evidence form one passage for the claim (see the
/// module docs). One sentence always does (as many as the claim has, for a claim of several).
pub(crate) fn linked(
    c: &Doc,
    terms: &[Term],
    roles: &Roles,
    ev: &Doc,
    per_sentence: &[Holds],
    (a, b): (usize, usize),
) -> bool {
    // A claim of several sentences is matched sentence for sentence.
    if b - a <= c.sentences.len().max(1) {
        return true;
    }
    let Some((_, subject)) = roles.subject else {
        return false;
    };
    // "… hold 3500 people hostage inside the camp. … inside Camp Ashraf …": one sentence says
    // the claim, its neighbour only completes a name the first calls by its common noun.
    if b - a == 2 {
        for (x, y) in [(a, a + 1), (a + 1, a)] {
            let core = &per_sentence[x];
            if core.term[subject]
                && predicate_in(c, terms, roles, ev, x).is_none_or(|p| core.term[p])
                && completes_names(c, terms, ev, per_sentence, x, y)
            {
                return true;
            }
        }
    }
    if !(a + 1..b).all(|s| refers_back(ev, s)) {
        return false;
    }
    let last = &per_sentence[b - 1];
    if last.term[subject] {
        return predicate_in(c, terms, roles, ev, b - 1).is_none_or(|p| last.term[p]);
    }
    // The pronoun stands for the subject of the sentence before it ("Rajavi met Saddam. He
    // ordered …" is about Rajavi), which must be the claim's.
    let before = ev.sentences[b - 2];
    let antecedent = (before.0..before.1).find(|&e| is_word(ev, e));
    opens_with_subject_pronoun(terms, ev, b - 1)
        && antecedent.is_some_and(|e| {
            let keys = ev.keys(e);
            terms[subject].keys.iter().any(|k| keys.contains(k))
        })
}

#[cfg(test)]
mod tests {
    use super::super::{assess, ClaimOptions, Outcome};
    use crate::model::Rule;

    fn outcome(claim: &str, evidence: &str) -> Outcome {
        assess(claim, evidence, &ClaimOptions::default()).outcome
    }

    fn rules(claim: &str, evidence: &str) -> Vec<Rule> {
        let a = assess(claim, evidence, &ClaimOptions::default());
        a.findings.iter().map(|f| f.rule).collect()
    }

    #[test]
    fn sentences_without_a_link_do_not_pool_their_words() {
        for (claim, evidence) in [
            (
                "The MEK attacked the embassy on Monday.",
                "The MEK is based in Iraq. Protesters attacked the embassy on Monday.",
            ),
            (
                "The MEK executed the prisoners.",
                "The regime executed the prisoners. The MEK condemned the killings.",
            ),
            (
                "Rajavi ordered the attack on the camp.",
                "Rajavi met Saddam in Baghdad. Khamenei ordered the attack on the camp.",
            ),
            (
                "Pellham's revenue climbed 12%.",
                "Pellham reported results on Thursday. Revenue climbed 12%.",
            ),
        ] {
            assert_eq!(outcome(claim, evidence), Outcome::Unsupported, "{claim}");
            assert!(
                rules(claim, evidence).contains(&Rule::SplitPassage),
                "{claim}"
            );
        }
    }

    #[test]
    fn a_pronoun_links_only_when_subject_and_predicate_meet() {
        // "them" refers back, but the subject and its verb are in different sentences.
        assert_eq!(
            outcome(
                "The MEK executed the prisoners.",
                "The regime executed the prisoners. The MEK condemned them."
            ),
            Outcome::Unsupported
        );
        // "He" continues the subject of the sentence before: Rajavi, not Saddam.
        let ev = "Rajavi met Saddam in Baghdad. He ordered the attack on the camp.";
        assert_eq!(
            outcome("Saddam ordered the attack on the camp.", ev),
            Outcome::Unsupported
        );
        assert_eq!(
            outcome("Rajavi ordered the attack on the camp.", ev),
            Outcome::Supported
        );
        assert_eq!(
            outcome(
                "A fire in Dhaka killed 17 workers.",
                "A fire broke out at a factory in Dhaka. It killed 17 workers."
            ),
            Outcome::Supported
        );
        assert_eq!(
            outcome(
                "Pellham's revenue climbed 12%.",
                "Pellham reported results on Thursday. Its revenue climbed 12%."
            ),
            Outcome::Supported
        );
        assert_eq!(
            outcome(
                "The regulator rejected the drug last week.",
                "The drug was submitted last year. Last week the regulator rejected it."
            ),
            Outcome::Supported
        );
    }

    #[test]
    fn a_neighbour_may_complete_a_name() {
        let ev = "The group holds 3500 people hostage inside the camp. \
                  Aid workers describe conditions in Camp Ashraf as poor.";
        assert_eq!(
            outcome(
                "The group holds 3,500 people hostage inside Camp Ashraf.",
                ev
            ),
            Outcome::Supported
        );
    }

    #[test]
    fn the_subject_must_be_in_the_passage() {
        for (claim, evidence) in [
            (
                "The minister resigned from the cabinet on Friday.",
                "The general resigned from the cabinet on Friday.",
            ),
            (
                "The president met the ambassador on Friday.",
                "The prime minister met the ambassador on Friday.",
            ),
            (
                "In 2015 the government approved the dam project.",
                "In 2015 the planning committee approved the dam project.",
            ),
        ] {
            let a = assess(claim, evidence, &ClaimOptions::default());
            assert_eq!(a.outcome, Outcome::Unsupported, "{claim}");
            let f = a.findings.iter().find(|f| f.rule == Rule::MissingSubject);
            let f = f.unwrap_or_else(|| panic!("{claim}: {a:#?}"));
            assert!(f.explanation.contains("the passage says it of"), "{f:#?}");
        }
        assert_eq!(
            outcome(
                "The county council closed three libraries last year.",
                "Last year the county council closed three libraries."
            ),
            Outcome::Supported
        );
    }

    #[test]
    fn supported_claims_still_list_the_words_not_compared() {
        let a = assess(
            "The group was abolished by students in Tehran in 1965.",
            "The group was founded by students in Tehran in 1965.",
            &ClaimOptions::default(),
        );
        assert!(a.missing_terms.contains(&"abolished".to_string()), "{a:#?}");
    }
}
