//! Terms for judging claim support: numbers, content words, a Snowball stemmer and stop words.
//!
//! A claim paraphrases its evidence, so exact wording cannot be required; what must survive a
//! faithful paraphrase is every number and most content words (in some inflection). Stems come
//! from the maintained Snowball English stemmer (`rust-stemmers`), so inflections and common
//! derivations ("dismissive"/"dismissed", "supporters"/"supporting") of one word meet.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};

/// English function words that carry no claim on their own.
const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "even",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "may",
    "me",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "myself",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "s",
    "said",
    "same",
    "says",
    "she",
    "should",
    "so",
    "some",
    "such",
    "t",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "us",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "yours",
    "yourself",
];

/// True for a stop word (given in lower case).
pub fn is_stop_word(w: &str) -> bool {
    STOP_WORDS.binary_search(&w).is_ok()
}

/// The Snowball English stemmer, built once: stemming runs for every word of every claim and
/// evidence, and the stemmer's tables need not be rebuilt each time.
static STEMMER: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));

/// Reduce an English word (lower case) to its Snowball (Porter 2) stem: "dismissed" and
/// "dismissive" meet at "dismiss", "countries" and "country" at "countri".
pub fn stem(word: &str) -> String {
    // Snowball strips a straight-apostrophe possessive itself; a typographic one would
    // otherwise stay glued to the stem ("MEK’s").
    let w = word
        .strip_suffix("\u{2019}s")
        .or_else(|| word.strip_suffix('\u{2019}'))
        .unwrap_or(word);
    STEMMER.stem(w).into_owned()
}

/// Numbers written in `text`, canonicalized: thousands separators dropped (`3,500` = `3500`),
/// a trailing `.0…` dropped. Years, counts and percentages are all numbers.
pub fn numbers(text: &str) -> Vec<String> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len()
            && (b[i].is_ascii_digit()
                || ((b[i] == b',' || b[i] == b'.') && i + 1 < b.len() && b[i + 1].is_ascii_digit()))
        {
            i += 1;
        }
        let raw: String = text[start..i].chars().filter(|&c| c != ',').collect();
        let canon = match raw.split_once('.') {
            Some((int, frac)) if frac.chars().all(|c| c == '0') => int.to_string(),
            _ => raw,
        };
        out.push(canon);
    }
    out
}

/// A content word of a text: as written, and its stem (what comparisons use).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentWord {
    /// The word as written.
    pub word: String,
    /// Its stem.
    pub stem: String,
}

/// The content words of `text`, in order, without repeats (by stem) and without numbers or
/// stop words.
pub fn content_words(text: &str) -> Vec<ContentWord> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for w in super::words::words(text) {
        let word = &text[w.start..w.end];
        let lower = super::words::fold_case(word);
        if lower.chars().all(|c| c.is_ascii_digit()) || is_stop_word(&lower) {
            continue;
        }
        let s = stem(&lower);
        if seen.insert(s.clone()) {
            out.push(ContentWord {
                word: word.to_string(),
                stem: s,
            });
        }
    }
    out
}

/// The stems of every word in `text`.
pub fn stem_set(text: &str) -> BTreeSet<String> {
    super::words::words(text)
        .map(|w| stem(&super::words::fold_case(&text[w.start..w.end])))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_sorted_for_binary_search() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn stems_meet() {
        assert_eq!(stem("iranians"), stem("iranian"));
        assert_eq!(stem("supported"), stem("supporting"));
        assert_eq!(stem("countries"), stem("country"));
        assert_eq!(stem("dismissive"), stem("dismissed"));
        assert_eq!(stem("MEK\u{2019}s".to_lowercase().as_str()), "mek");
    }

    #[test]
    fn numbers_are_canonical() {
        assert_eq!(
            numbers("3,500 people in 2011, 4.0 and 2.5%"),
            ["3500", "2011", "4", "2.5"]
        );
        assert!(numbers("no digits").is_empty());
    }
}
