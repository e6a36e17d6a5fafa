//! When `[sic]` is honest: it marks the source's own error, so the word it follows must stand
//! in the source exactly as quoted (checked in `verify`) and must not be evidently correct.
//!
//! "Evidently correct" is decided on the sic'd span, the word before the marker and the word
//! before that (when the quote has one). `[sic]` is accepted when any of these holds:
//! - the word is not an ordinary English word: not in the embedded word list (SCOWL size 35,
//!   common names included; see `WORDS-LICENSE`), so a misspelling ("Iranains"), a rarer name
//!   or a foreign word;
//! - the word is an acronym (two or more letters, all capitals, "MEK") or holds a digit;
//! - the word doubles the one before it ("the the");
//! - the pair is a grammatical slip from a short list: a plural subject with a singular verb or
//!   the reverse ("they was", "he were"), "a" before a vowel or "an" before a consonant
//!   ("a error"), "could of".
//!
//! Anything else, an ordinary word in an ordinary phrase, is evidently correct and the `[sic]`
//! fails: the quote then is judged as plain text, its marker a word the source lacks.

use std::collections::HashSet;
use std::sync::OnceLock;

/// Lower-case English words, one a line (see `WORDS-LICENSE`).
const WORDS: &str = include_str!("words.txt");

fn dictionary() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| WORDS.lines().collect())
}

/// Whether `w` (any case) is an ordinary English word of the embedded list.
pub fn is_english(w: &str) -> bool {
    dictionary().contains(w.to_lowercase().as_str())
}

const PLURAL_SUBJECTS: &[&str] = &["they", "we", "you", "these", "those"];
const SINGULAR_VERBS: &[&str] = &["is", "was", "has", "does", "doesn", "wasn", "isn", "hasn"];
const SINGULAR_SUBJECTS: &[&str] = &["he", "she", "it", "this"];
const PLURAL_VERBS: &[&str] = &["are", "were", "have", "do", "don", "weren", "aren", "haven"];

/// Whether `prev word` (lower case) is a grammatical slip of the listed kinds.
fn is_slip(prev: &str, word: &str) -> bool {
    let vowel = word.starts_with(['a', 'e', 'i', 'o']);
    (PLURAL_SUBJECTS.contains(&prev) && SINGULAR_VERBS.contains(&word))
        || (SINGULAR_SUBJECTS.contains(&prev) && PLURAL_VERBS.contains(&word))
        || (prev == "i" && matches!(word, "is" | "are" | "has"))
        || (prev == "a" && vowel)
        || (prev == "an" && !vowel && !word.starts_with(['h', 'u']))
        || (matches!(prev, "could" | "would" | "should" | "must" | "might") && word == "of")
}

/// Whether a `[sic]` after `word` (the word before it being `prev`) marks something that may
/// be an error; `false` when the span is evidently correct (see the module docs).
pub fn may_be_error(prev: Option<&str>, word: &str) -> bool {
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    let acronym = letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase());
    let lw = word.to_lowercase();
    let lp = prev.map(str::to_lowercase);
    !is_english(word)
        || acronym
        || word.chars().any(|c| c.is_ascii_digit())
        || lp.as_deref() == Some(lw.as_str())
        || lp.as_deref().is_some_and(|p| is_slip(p, &lw))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_acronyms_doubles_and_slips_may_be_sicd() {
        assert!(may_be_error(Some("among"), "Iranains"));
        assert!(may_be_error(Some("They"), "MEK"));
        assert!(may_be_error(Some("the"), "the"));
        assert!(may_be_error(Some("they"), "was"));
        assert!(may_be_error(Some("a"), "error"));
        assert!(may_be_error(None, "Rajavi"));
    }

    #[test]
    fn ordinary_words_in_ordinary_phrases_are_evidently_correct() {
        assert!(!may_be_error(Some("among"), "people"));
        assert!(!may_be_error(Some("They"), "are"));
        assert!(!may_be_error(None, "popular"));
        assert!(!may_be_error(Some("an"), "hour"));
        assert!(is_english("Support") && !is_english("suport"));
    }
}
