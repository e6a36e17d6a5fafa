//! What a bracket may stand for. An editor's bracket replaces a word that needs its referent
//! or its grammar adjusted out of context — a pronoun (`about [the MEK]` for "about them"), an
//! article or demonstrative, a tense (`[resigned]` for "resigns") — or adds words where the
//! source has none. It may not replace a word that carries content of its own: `The group is
//! [loved]` for "The group is hated", `[Iran] attacked` for "Iraq attacked", `Rajavi met
//! [Khomeini]` for "Rajavi met Saddam" all read as the source saying what it does not. Whether
//! a replaced name and its bracket have the same referent cannot be checked from the text,
//! so a bracket standing for a content word fails closed: the quote is `drifted` with code
//! `quote-bracket-changes-meaning`, both sides shown.

use crate::text::terms::stem;

/// Words a bracket may replace by anything: pronouns, articles, demonstratives, possessives,
/// relatives, and the connectives that start a clause. They point at something said elsewhere
/// (or only link), which is what a bracket makes explicit.
const REPLACEABLE: &[&str] = &[
    "a",
    "also",
    "an",
    "and",
    "he",
    "her",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "i",
    "it",
    "its",
    "itself",
    "me",
    "mine",
    "my",
    "myself",
    "one",
    "ones",
    "our",
    "ours",
    "ourselves",
    "she",
    "so",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "these",
    "they",
    "this",
    "those",
    "thus",
    "us",
    "we",
    "what",
    "which",
    "who",
    "whom",
    "whose",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
];

/// Words that start a noun phrase without ending it: a bracket standing for one stands for
/// the words after it up to the phrase's head too (`executed [them]` for "executed the
/// prisoners" stands for "the prisoners").
const DETERMINERS: &[&str] = &[
    "a", "an", "her", "his", "its", "my", "our", "that", "the", "their", "these", "this", "those",
    "your",
];

/// The words right after a quote's end that a bracket closing it stands for (`after`: the
/// clause's next words): up to and including the first that is not a determiner. The rest of
/// the clause is only left unquoted, as after any quote.
pub fn at_end(after: &[String]) -> &[String] {
    let head = after
        .iter()
        .position(|w| !DETERMINERS.contains(&w.to_lowercase().as_str()))
        .map_or(after.len(), |i| i + 1);
    &after[..head]
}

/// Forms of one auxiliary verb each: a bracket may change a tense or person among them
/// (`[was]` for "is"), not turn one verb into another.
const AUXILIARIES: &[&[&str]] = &[
    &["am", "are", "be", "been", "being", "is", "was", "were"],
    &["had", "has", "have", "having"],
    &["did", "do", "does", "doing", "done"],
];

/// Whether `a` and `b` (lower case) are forms of one word: one auxiliary's, or one Snowball
/// stem, the stemmer the claim rules use (`resigns`/`resigned`, `attack`/`attacking`), so a
/// tense or number may change but `convicted` never stands for `convinced`.
fn same_word(a: &str, b: &str) -> bool {
    a == b
        || AUXILIARIES
            .iter()
            .any(|forms| forms.contains(&a) && forms.contains(&b))
        || stem(a) == stem(b)
}

/// The source words among `replaced` that the bracket holding `inner` may not stand for: each
/// one that neither only points or links (the list `REPLACEABLE`) nor is a form of one of the
/// bracket's own words (compared in lower case).
pub fn not_replaceable(inner: &[String], replaced: &[String]) -> Vec<String> {
    replaced
        .iter()
        .filter(|w| {
            let w = w.to_lowercase();
            !REPLACEABLE.contains(&w.as_str())
                && !inner.iter().any(|i| same_word(&i.to_lowercase(), &w))
        })
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn pronouns_articles_and_forms_of_the_same_word_may_be_replaced() {
        assert!(not_replaceable(&words("the MEK"), &words("them")).is_empty());
        assert!(not_replaceable(&words("Khomeini"), &words("he")).is_empty());
        assert!(not_replaceable(&words("resigned"), &words("resigns")).is_empty());
        assert!(not_replaceable(&words("was"), &words("is")).is_empty());
        assert!(not_replaceable(&words("attacking"), &words("attack")).is_empty());
        assert!(not_replaceable(&words("the group"), &words("This")).is_empty());
    }

    #[test]
    fn a_bracket_closing_a_quote_stands_for_the_next_noun_phrase() {
        assert_eq!(at_end(&words("them to the")), ["them"]);
        assert_eq!(
            at_end(&words("the prisoners in 1988")),
            ["the", "prisoners"]
        );
        assert_eq!(at_end(&words("The")), ["The"]);
        assert!(at_end(&[]).is_empty());
    }

    #[test]
    fn content_words_may_not_be_replaced() {
        assert_eq!(not_replaceable(&words("loved"), &words("hated")), ["hated"]);
        assert_eq!(not_replaceable(&words("Iran"), &words("Iraq")), ["Iraq"]);
        assert_eq!(
            not_replaceable(&words("acquitted"), &words("convicted")),
            ["convicted"]
        );
        assert_eq!(
            not_replaceable(&words("convinced"), &words("convicted")),
            ["convicted"]
        );
        assert_eq!(not_replaceable(&words("is"), &words("has")), ["has"]);
        assert_eq!(
            not_replaceable(&words("denied that he"), &words("said he")),
            ["said"]
        );
        assert_eq!(
            not_replaceable(&words("The MEK"), &words("The regime")),
            ["regime"]
        );
    }
}
