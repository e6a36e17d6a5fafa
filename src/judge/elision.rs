//! Elisions that change the meaning: `The group is … popular.` for "The group is **not**
//! popular." An elided quote found in order is still not verbatim when the words it leaves out
//! carry the meaning: a negation, a number, a quantifier or a modal. Such a quote is `drifted`
//! with code `quote-elision-changes-meaning`, the omitted words shown.

use crate::locate::Needle;
use crate::model::{DiffOp, DiffTag};
use crate::text::normalize;
use crate::text::words::{word_vec, Word};

/// Negations. `n't` is read as the word `t` after a word ending in `n` (`don't`, `isn’t`).
pub const NEGATIONS: &[&str] = &[
    "not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "nowhere", "without",
    "cannot", "hardly", "barely", "scarcely",
];

/// Number words (any word holding a digit is a number too).
pub const NUMBERS: &[&str] = &[
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "hundreds",
    "thousand",
    "thousands",
    "million",
    "millions",
    "billion",
    "billions",
    "trillion",
    "dozen",
    "dozens",
    "half",
    "twice",
    "percent",
];

/// Quantifiers (of things and of times). Not `either` nor `both`, which mostly join two
/// alternatives (`either disdain or apathy`) whose omission keeps the meaning.
pub const QUANTIFIERS: &[&str] = &[
    "all",
    "most",
    "some",
    "only",
    "any",
    "every",
    "each",
    "few",
    "many",
    "much",
    "more",
    "less",
    "fewer",
    "least",
    "several",
    "almost",
    "nearly",
    "mostly",
    "partly",
    "always",
    "sometimes",
    "often",
    "usually",
    "rarely",
    "seldom",
];

/// Modals and hedges.
pub const MODALS: &[&str] = &[
    "may",
    "might",
    "could",
    "would",
    "should",
    "must",
    "can",
    "shall",
    "will",
    "ought",
    "perhaps",
    "possibly",
    "probably",
    "allegedly",
    "reportedly",
    "likely",
    "unlikely",
];

/// Words that negate, disown, exclude or condition what they govern, beyond the plain
/// negations: `The minister … to sign` for "refused to sign", `He … claimed` for "falsely
/// claimed", `Every member … was arrested` for "except one", `The … president` for "former".
/// Leaving one out (or a bracket putting one in) turns what the source says around.
pub const QUALIFIERS: &[&str] = &[
    // Verbs and nouns of refusal, denial, failure, absence and ending.
    "refuse",
    "refuses",
    "refused",
    "refusing",
    "refusal",
    "fail",
    "fails",
    "failed",
    "failing",
    "failure",
    "deny",
    "denies",
    "denied",
    "denying",
    "denial",
    "reject",
    "rejects",
    "rejected",
    "rejecting",
    "rejection",
    "decline",
    "declines",
    "declined",
    "declining",
    "lack",
    "lacks",
    "lacked",
    "lacking",
    "absent",
    "absence",
    "stop",
    "stops",
    "stopped",
    "stopping",
    "cease",
    "ceases",
    "ceased",
    "ceasing",
    "halt",
    "halts",
    "halted",
    "halting",
    "abandon",
    "abandons",
    "abandoned",
    "abandoning",
    "quit",
    "quits",
    "suspend",
    "suspends",
    "suspended",
    "oppose",
    "opposes",
    "opposed",
    "opposing",
    "against",
    "anti",
    "non",
    // Disowning what follows: said falsely, allegedly, by rumour, as a pretence.
    "false",
    "falsely",
    "wrong",
    "wrongly",
    "mistaken",
    "mistakenly",
    "erroneously",
    "incorrectly",
    "untrue",
    "myth",
    "hoax",
    "fake",
    "sham",
    "bogus",
    "mock",
    "forged",
    "fictional",
    "fictitious",
    "imaginary",
    "hypothetical",
    "pretend",
    "pretends",
    "pretended",
    "pretending",
    "feigned",
    "alleged",
    "purported",
    "purportedly",
    "supposed",
    "supposedly",
    "rumour",
    "rumours",
    "rumoured",
    "rumor",
    "rumors",
    "rumored",
    "claimed",
    "disputed",
    "unconfirmed",
    "unproven",
    // Exceptions and conditions.
    "except",
    "excepting",
    "excluding",
    "unless",
    "if",
    "whether",
    "until",
    "unlike",
    // What no longer holds.
    "former",
    "formerly",
    "ex",
    "previously",
    "once",
];

/// What an elided quote leaves out of the span it was found at.
#[derive(Debug, Clone, PartialEq)]
pub struct Omitted {
    /// The source text left out at each elision, in order (normalized, from its first omitted
    /// word to its last; empty where the parts meet).
    pub gaps: Vec<String>,
    /// The omitted words that carry meaning (negations, numbers, quantifiers, modals), in order.
    pub meaning: Vec<String>,
    /// An elision leaves out the end of one sentence and the start of another, so the quote
    /// reads as one sentence the source never wrote (see [`joins_sentences`]).
    pub joins_sentences: bool,
}

/// Whether an elision after the quote's part `before` (as written), over the source text
/// `text` from byte `a` (the end of the words before it) to byte `b` (the start of the words
/// after it), joins two sentences into one: the source ends a sentence (or a paragraph, or a
/// heading) in between, and the quote does not show it: its part before the mark does not end
/// with `.`, `!`, `?` or `…`, and the part after does not start a sentence of the source at its
/// start, capitalised. `The MEK … is popular among exiles.` over "The MEK leadership is hated
/// by ordinary Iranians. The Shah, by contrast, is popular among exiles." joins two statements
/// about two subjects; `The group is weak. … It has no support.` says where one ends, and so
/// does `due to MEK support of Iraq […] Among younger Iranians` over "… of Iraq in the war.
/// Among younger Iranians …". `cuts` holds `text`'s sentences, split on first use and kept
/// for the quote's other elisions.
pub fn joins_sentences(
    before: &str,
    text: &str,
    cuts: &std::cell::OnceCell<Vec<(usize, usize)>>,
    a: usize,
    b: usize,
) -> bool {
    let closers: &[char] = &['"', '\'', ')', ']', '\u{201d}', '\u{2019}', '\u{bb}'];
    let ends = |t: &str| {
        t.trim_end()
            .trim_end_matches(closers)
            .ends_with(['.', '!', '?', '\u{2026}'])
    };
    if ends(before) {
        return false;
    }
    let sentences = cuts.get_or_init(|| super::claim::sentences::sentences(text));
    // The sentence holding the last word before the elision must also hold the first after.
    let same = match sentences.iter().find(|&&(s, e)| s < a && a <= e) {
        Some(&(_, e)) => b < e,
        None => false,
    };
    if same {
        return false;
    }
    // Else the words after must open a sentence, as the reader sees them: a capital at the
    // start of the source's last sentence starting at or before them (after its opening
    // quotes or brackets, if any; any earlier sentence holds that one's words too).
    let opens = match sentences.partition_point(|&(s, _)| s <= b) {
        0 => false,
        i => !text[sentences[i - 1].0..b]
            .chars()
            .any(char::is_alphanumeric),
    };
    !(opens && text[b..].starts_with(char::is_uppercase))
}

/// Whether `w` (lower case) carries meaning; `prev` is the word before it (`t` after a word
/// ending in `n` is the `n't` of `don't`).
pub fn is_meaning_word(w: &str, prev: Option<&str>) -> bool {
    w.bytes().any(|b| b.is_ascii_digit())
        || NEGATIONS.contains(&w)
        || NUMBERS.contains(&w)
        || QUANTIFIERS.contains(&w)
        || MODALS.contains(&w)
        || QUALIFIERS.contains(&w)
        || (w == "t" && prev.is_some_and(|p| p.ends_with('n')))
}

/// The words `needle`'s parts leave out of `found` (the source text its exact or normalized
/// occurrence spans), or `None` when the quote has no elision or its parts can't be placed
/// word by word in `found` (then nothing is claimed about what was left out).
pub fn omitted(needle: &Needle, found: &str) -> Option<Omitted> {
    if needle.parts.len() < 2 {
        return None;
    }
    let norm = normalize(found);
    let text = norm.as_str().to_string();
    let words = word_vec(&text);
    let mut joins = false;
    let cuts = std::cell::OnceCell::new();
    let lower = |w: &Word| text[w.start..w.end].to_lowercase();
    let keys: Vec<u32> = words.iter().map(|w| w.key).collect();
    let mut at = 0;
    let mut gaps = Vec::new();
    let mut meaning = Vec::new();
    for (k, part) in needle.parts.iter().enumerate() {
        let pk: Vec<u32> = part.words.iter().map(|w| w.key).collect();
        if pk.is_empty() {
            continue;
        }
        // The first part starts the span; each later one at its earliest place after the last.
        let start = if k == 0 {
            keys.starts_with(&pk).then_some(0)?
        } else {
            at + keys.get(at..)?.windows(pk.len()).position(|w| w == pk)?
        };
        if k > 0 {
            // Sentences are cut in the source's own text (line breaks and all).
            if let (Some(last), Some(next)) =
                (at.checked_sub(1).map(|i| &words[i]), words.get(start))
            {
                let (_, a) = norm.to_source(last.start, last.end);
                let (b, _) = norm.to_source(next.start, next.end);
                joins |= joins_sentences(&needle.parts[k - 1].raw, found, &cuts, a, b);
            }
            let gap = &words[at..start];
            for (i, w) in gap.iter().enumerate() {
                let prev = if i + at > 0 {
                    Some(lower(&words[at + i - 1]))
                } else {
                    None
                };
                let lw = lower(w);
                if is_meaning_word(&lw, prev.as_deref()) {
                    meaning.push(text[w.start..w.end].to_string());
                }
            }
            gaps.push(match (gap.first(), gap.last()) {
                (Some(a), Some(b)) => text[a.start..b.end].to_string(),
                _ => String::new(),
            });
        }
        at = start + pk.len();
    }
    Some(Omitted {
        gaps,
        meaning,
        joins_sentences: joins,
    })
}

/// The diff of an elided quote against its span: each part equal, each elision's omitted
/// source words inserted (only in the source) between them.
pub fn diff(needle: &Needle, o: &Omitted) -> Vec<DiffOp> {
    let mut ops = Vec::new();
    let parts = needle.parts.iter().filter(|p| !p.words.is_empty());
    for (k, part) in parts.enumerate() {
        if k > 0 {
            ops.push(DiffOp {
                op: DiffTag::Equal,
                text: " ".to_string(),
            });
            if let Some(g) = o.gaps.get(k - 1).filter(|g| !g.is_empty()) {
                ops.push(DiffOp {
                    op: DiffTag::Insert,
                    text: g.clone(),
                });
                ops.push(DiffOp {
                    op: DiffTag::Equal,
                    text: " ".to_string(),
                });
            }
        }
        match ops.last_mut() {
            Some(last) if last.op == DiffTag::Equal => last.text.push_str(&part.norm),
            _ => ops.push(DiffOp {
                op: DiffTag::Equal,
                text: part.norm.clone(),
            }),
        }
    }
    ops
}

/// Similarity of an elided quote to its span: quote words against quote plus omitted words
/// (`2 × quote / (2 × quote + omitted)`), below 1 whenever anything was left out.
pub fn similarity(needle: &Needle, o: &Omitted) -> f64 {
    let q = needle.words.len() as f64;
    let omitted: usize = o.gaps.iter().map(|g| word_vec(g).len()).sum();
    if omitted == 0 {
        return 1.0;
    }
    2.0 * q / (2.0 * q + omitted as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CABLE: &str = "The group is not popular. People hate them, and they are terrorists.";

    /// The meaning words `quote` leaves out of `src`, between its first part's first place
    /// and its last part's last.
    fn meaning(quote: &str, src: &str) -> Vec<String> {
        let n = Needle::new(quote);
        let (first, last) = (&n.parts[0].raw, &n.parts[n.parts.len() - 1].raw);
        let (a, b) = (
            src.find(first.as_str()).unwrap(),
            src.rfind(last.as_str()).unwrap(),
        );
        omitted(&n, &src[a..b + last.len()]).unwrap().meaning
    }

    #[test]
    fn a_dropped_negation_is_named() {
        let o = omitted(
            &Needle::new("The group is … popular. People hate them, and they are terrorists."),
            CABLE,
        )
        .unwrap();
        assert_eq!(o.gaps, ["not"]);
        assert_eq!(o.meaning, ["not"]);
        let d = diff(&Needle::new("The group is … popular. People hate them"), &o);
        let ins: Vec<&str> = d
            .iter()
            .filter(|x| x.op == DiffTag::Insert)
            .map(|x| x.text.as_str())
            .collect();
        assert_eq!(ins, ["not"]);
    }

    #[test]
    fn numbers_quantifiers_modals_and_contractions_are_meaning_words() {
        let src = "They said 40 people may all come and don't stay long today.";
        assert_eq!(meaning("They said … people", src), ["40"]);
        assert_eq!(meaning("people … come", src), ["may", "all"]);
        assert_eq!(
            meaning(
                "They said forty … come",
                "They said forty thousand people come"
            ),
            ["thousand"]
        );
        assert_eq!(meaning("come and … stay long", src), ["t"]);
        assert_eq!(meaning("stay … today", src), Vec::<String>::new());
    }

    #[test]
    fn ordinary_omitted_words_carry_no_meaning_but_lower_similarity() {
        let n = Needle::new("The group … is popular");
        let o = omitted(&n, "The group, the cable said, is popular").unwrap();
        assert_eq!(o.gaps, ["the cable said"]);
        assert!(o.meaning.is_empty());
        assert!(similarity(&n, &o) < 1.0);
        assert!(omitted(&Needle::new("no elision here"), "no elision here").is_none());
        // "either … or" joins alternatives: leaving it out keeps the meaning.
        let src = "dismissive of the MEK reacting with either disdain or apathy their responses";
        assert!(meaning("dismissive of the MEK … their responses", src).is_empty());
    }
}
