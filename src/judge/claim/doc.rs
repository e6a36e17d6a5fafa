//! A text read once for the rules: its tokens, sentences, clauses, quantities, and for every
//! word its concept and whether it is content or a name.

use super::lexicon;
use super::numbers::{quantities, Quantity};
use super::sentences::sentences;
use super::tokens::{key, tokenize, Tk, Token};
use crate::text::terms;

/// Words that open a contrasting or subordinate clause: a negation or hedge before them does
/// not reach past them.
const CLAUSE_OPENERS: &[&str] = &[
    "although", "but", "except", "however", "though", "unless", "whereas", "while",
];

/// Relative pronouns: after a comma they open a clause that the next comma closes.
const RELATIVES: &[&str] = &["which", "who", "whom", "whose"];

/// Words that open an embedded question ("no one can explain why X", "asked how X"): a
/// negation or hedge of the asking clause does not reach into it, and "and why Y" opens
/// another one. "that" is not among them: "did not say that X" does not assert X, while
/// "did not say why X" takes X for granted.
const EMBEDDED: &[&str] = &["how", "whether", "why"];

/// Subordinating conjunctions: opening a sentence, their clause ends at the first comma
/// ("Although X did not Y, Z rose").
const SUBORDINATORS: &[&str] = &[
    "after", "although", "as", "because", "before", "if", "once", "since", "though", "unless",
    "when", "whereas", "while",
];

/// Words that start a new subject after ", and" (a new clause, not a list item).
const SUBJECT_STARTS: &[&str] = &[
    "a", "an", "he", "her", "his", "i", "it", "its", "our", "she", "that", "the", "their", "these",
    "they", "this", "those", "we", "you",
];

pub(crate) const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Endings of common nouns, verbs and adjectives: a capitalized sentence opener ending so is
/// an ordinary word ("Researchers", "Inflation"), not a name.
const COMMON_ENDINGS: &[&str] = &[
    "ing", "ed", "ly", "tion", "sion", "ment", "ness", "ity", "ance", "ence", "ive", "ous", "ful",
    "less", "able", "ible", "ers", "ists",
];

/// An analyzed text.
#[derive(Debug)]
pub(crate) struct Doc<'a> {
    /// The text.
    pub text: &'a str,
    /// Its tokens.
    pub toks: Vec<Token>,
    /// Per token: its concept (synonym group or stem; the lower text for non-words).
    pub concepts: Vec<String>,
    /// Per token: a content word (not a stop word, cue, number or mark).
    pub content: Vec<bool>,
    /// Per token: a name (capitalized, an acronym, a month).
    pub entity: Vec<bool>,
    /// Per sentence: its token range `[a, b)`.
    pub sentences: Vec<(usize, usize)>,
    /// The quantities, in order.
    pub quantities: Vec<Quantity>,
    /// Per token: the quantity it belongs to.
    pub in_quantity: Vec<Option<usize>>,
    /// Per token: the acronym of the name it opens ("European Union" -> "eu").
    pub initials: Vec<Option<String>>,
}

impl<'a> Doc<'a> {
    /// Read `text`.
    pub fn new(text: &'a str) -> Doc<'a> {
        let mut toks = tokenize(text);
        let spans = sentences(text);
        let sentences = assign_sentences(&mut toks, &spans);
        assign_clauses(&mut toks);
        let quantities = quantities(&toks);
        let mut in_quantity = vec![None; toks.len()];
        for (qi, q) in quantities.iter().enumerate() {
            for slot in &mut in_quantity[q.tokens.0..q.tokens.1] {
                *slot = Some(qi);
            }
        }
        let concepts: Vec<String> = toks
            .iter()
            .map(|t| match t.tk {
                Tk::Word => lexicon::concept(&t.stem),
                _ => t.lower.clone(),
            })
            .collect();
        let content: Vec<bool> = toks
            .iter()
            .zip(&in_quantity)
            .map(|(t, q)| is_content(t) && q.is_none())
            .collect();
        let entity = (0..toks.len())
            .map(|i| in_quantity[i].is_none() && is_entity(&toks, i))
            .collect();
        let initials = (0..toks.len()).map(|i| initials_at(&toks, i)).collect();
        Doc {
            initials,
            text,
            toks,
            concepts,
            content,
            entity,
            sentences,
            quantities,
            in_quantity,
        }
    }

    /// The text of tokens `[a, b)` and its byte span.
    pub fn span_text(&self, a: usize, b: usize) -> (String, [usize; 2]) {
        if a >= b || b > self.toks.len() {
            let at = self.toks.get(a).map_or(self.text.len(), |t| t.start);
            return (String::new(), [at, at]);
        }
        let (s, e) = (self.toks[a].start, self.toks[b - 1].end);
        (self.text[s..e].to_string(), [s, e])
    }

    /// The keys a word is found by: its concept, and for a name the country of a demonym.
    pub fn keys(&self, i: usize) -> Vec<String> {
        let mut keys = vec![self.concepts[i].clone()];
        if self.toks[i].cap {
            keys.extend(lexicon::name_keys(&self.toks[i].lower));
        }
        keys.extend(self.initials[i].iter().cloned());
        keys
    }
}

/// Titles written out where a claim may use their acronym.
const TITLES: &[(&str, &str, &str)] = &[
    ("chief", "executive", "ceo"),
    ("chief", "financial", "cfo"),
    ("chief", "operating", "coo"),
    ("chief", "technology", "cto"),
];

/// Small words a name's acronym skips ("Bank of England" -> "BoE" is rare; "UN" is not).
const NAME_JOINERS: &[&str] = &["of", "and", "for", "the", "&"];

/// The acronym of the capitalized name starting at token `i` (two to six words), if any.
fn initials_at(toks: &[Token], i: usize) -> Option<String> {
    let t = &toks[i];
    if let Some((_, _, acronym)) = TITLES
        .iter()
        .find(|(a, b, _)| t.is(a) && toks.get(i + 1).is_some_and(|n| n.is(b)))
    {
        return Some(key(acronym));
    }
    if t.tk != Tk::Word || !t.cap || t.acronym {
        return None;
    }
    let mut letters = String::new();
    let mut j = i;
    while j < toks.len() && letters.len() < 6 {
        let w = &toks[j];
        if w.tk == Tk::Word && w.cap && !w.acronym {
            letters.extend(w.lower.chars().next());
        } else if !(w.tk == Tk::Word && NAME_JOINERS.contains(&w.lower.as_str())) {
            break;
        }
        j += 1;
    }
    (letters.chars().count() >= 2).then(|| key(&letters))
}

fn is_content(t: &Token) -> bool {
    t.tk == Tk::Word
        && t.lower.chars().count() > 1
        && !terms::is_stop_word(&t.lower)
        && !lexicon::is_cue(&t.lower)
        && !t.lower.ends_with("n't")
}

/// Set each token's sentence and its `initial` flag; return each sentence's token range.
fn assign_sentences(toks: &mut [Token], spans: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut ranges = Vec::with_capacity(spans.len());
    let mut s = 0;
    let mut first = 0;
    for (i, t) in toks.iter_mut().enumerate() {
        while s + 1 < spans.len() && t.start >= spans[s].1 {
            ranges.push((first, i));
            first = i;
            s += 1;
        }
        t.sentence = s;
    }
    if !toks.is_empty() {
        ranges.push((first, toks.len()));
    }
    // Empty sentences (spans without tokens) were skipped above; renumber densely.
    for (k, &(a, b)) in ranges.iter().enumerate() {
        for t in &mut toks[a..b] {
            t.sentence = k;
        }
        mark_initials(&mut toks[a..b]);
    }
    ranges
}

/// The first word of a sentence, and the first after an opening quote, colon or dash, is
/// capitalized by position, not because it names something.
fn mark_initials(sentence: &mut [Token]) {
    let mut opening = true;
    for t in sentence {
        if t.tk == Tk::Punct {
            if matches!(
                t.lower.as_str(),
                ":" | "\u{201c}"
                    | "\""
                    | "\u{2018}"
                    | "("
                    | "-"
                    | "\u{2013}"
                    | "\u{2014}"
                    | "*"
                    | "\u{2022}"
            ) {
                opening = true;
            }
            continue;
        }
        t.initial = opening;
        opening = false;
    }
}

/// Number the clauses (see the module docs of `rules`): boundaries at sentence ends, `;`, `:`,
/// dashes and brackets, before contrasting conjunctions, around a comma-delimited relative
/// clause, and before ", and" + a new subject.
fn assign_clauses(toks: &mut [Token]) {
    let mut clause = 0;
    let mut in_relative = false;
    let mut commas = 0; // in the current clause: two or more make ", and" a list's last item
    for i in 0..toks.len() {
        if i > 0 {
            let prev = &toks[i - 1];
            let t = &toks[i];
            let after_comma = prev.is_punct(',');
            // ", whether A or B," is set off like a relative clause.
            let relative_start =
                after_comma && (RELATIVES.contains(&t.lower.as_str()) || t.lower == "whether");
            let embedded = t.tk == Tk::Word && EMBEDDED.contains(&t.lower.as_str());
            let boundary = t.sentence != prev.sentence
                || matches!(
                    prev.lower.as_str(),
                    ";" | ":" | "(" | ")" | "[" | "]" | "\u{2014}" | "\u{2013}"
                )
                || (prev.is_punct('-') && is_spaced(toks, i - 1))
                || (t.tk == Tk::Word && CLAUSE_OPENERS.contains(&t.lower.as_str()))
                || relative_start
                || embedded
                || (after_comma && in_relative)
                || (after_comma
                    && matches!(t.lower.as_str(), "and" | "or" | "so")
                    && (commas < 2 || toks.get(i + 1).is_some_and(starts_subject)));
            if boundary {
                clause += 1;
                commas = 0;
                in_relative = relative_start || opens_subordinate(toks, i);
            }
        } else {
            in_relative = opens_subordinate(toks, i);
        }
        if toks[i].is_punct(',') {
            commas += 1;
        }
        toks[i].clause = clause;
    }
}

/// True when token `i` opens its sentence with a subordinating conjunction.
fn opens_subordinate(toks: &[Token], i: usize) -> bool {
    toks[i].initial && SUBORDINATORS.contains(&toks[i].lower.as_str())
}

fn starts_subject(t: &Token) -> bool {
    SUBJECT_STARTS.contains(&t.lower.as_str()) || (t.cap && t.tk == Tk::Word)
}

/// A dash with white space on both sides ("a - b") separates; "Iran-Iraq" does not.
fn is_spaced(toks: &[Token], i: usize) -> bool {
    let before = i == 0 || toks[i - 1].end < toks[i].start;
    let after = toks.get(i + 1).is_none_or(|n| n.start > toks[i].end);
    before && after
}

/// True when token `i` names something: an acronym, a word with an inner capital, a month, or
/// a capitalized word that is not capitalized by position. A capitalized sentence opener is a
/// name unless it is a stop word, a rule cue, a word of the lexicon or has a common ending.
fn is_entity(toks: &[Token], i: usize) -> bool {
    let t = &toks[i];
    if t.tk != Tk::Word || t.lower == "i" {
        return false;
    }
    if t.acronym || t.inner_cap {
        return t.lower.chars().any(char::is_alphabetic);
    }
    if !t.cap {
        return false;
    }
    let bare = t.lower.trim_end_matches("'s");
    if MONTHS.contains(&bare) {
        return !(t.initial && bare == "may");
    }
    if terms::is_stop_word(bare) || lexicon::is_cue(bare) {
        return false;
    }
    if !t.initial {
        return true;
    }
    // A sentence opener followed by a capitalized word opens a name ("Massoud Rajavi said").
    if toks
        .get(i + 1)
        .is_some_and(|n| n.tk == Tk::Word && n.cap && !n.initial && !n.acronym)
    {
        return true;
    }
    let plural = bare.ends_with('s') && !bare.ends_with("ss") && !bare.ends_with("us");
    let known = lexicon::is_known(&t.stem);
    !(plural || known || COMMON_ENDINGS.iter().any(|e| bare.ends_with(e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entities(text: &str) -> Vec<&str> {
        let d = Doc::new(text);
        (0..d.toks.len())
            .filter(|&i| d.entity[i])
            .map(|i| &text[d.toks[i].start..d.toks[i].end])
            .collect()
    }

    #[test]
    fn names_dates_and_openers() {
        assert_eq!(
            entities("In January 2011 officers asked Iranian contacts in Tehran."),
            ["January", "Iranian", "Tehran"]
        );
        assert_eq!(entities("Researchers said the MEK lied."), ["MEK"]);
        assert_eq!(entities("Pfizer reported a loss."), ["Pfizer"]);
        assert_eq!(entities("Massoud Rajavi fled."), ["Massoud", "Rajavi"]);
        assert!(entities("The group is not popular. People hate them.").is_empty());
    }

    #[test]
    fn clauses_split_at_contrasts_and_relatives() {
        let d = Doc::new("The firm, which had not paid, won the bid but lost money, and it fell.");
        let clause = |w: &str| {
            let i = d.toks.iter().position(|t| t.lower == w).unwrap();
            d.toks[i].clause
        };
        assert_eq!(clause("firm"), 0);
        assert_ne!(clause("paid"), clause("firm"));
        assert_ne!(clause("won"), clause("paid"));
        assert_ne!(clause("lost"), clause("won"));
        assert_ne!(clause("fell"), clause("lost"));
        let d = Doc::new("In 2011, the company hired 300 workers.");
        assert!(d.toks.iter().all(|t| t.clause == 0));
        let d = Doc::new(
            "No one asked, whether rich or poor, why pay was not rising and why rents rose.",
        );
        let clause = |w: &str| {
            let i = d.toks.iter().position(|t| t.lower == w).unwrap();
            d.toks[i].clause
        };
        assert_ne!(clause("asked"), clause("rich"));
        assert_ne!(clause("rich"), clause("pay"));
        assert_ne!(clause("asked"), clause("pay"));
        assert_ne!(clause("rising"), clause("rents"));
    }
}
