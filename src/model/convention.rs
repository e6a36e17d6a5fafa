//! Quotation conventions: the ways editors may change a quote without changing what the source
//! says (issue 12). An accepted quote names every convention it needed, so a report shows
//! exactly what the editor changed.

use serde::{Deserialize, Serialize};

/// One editorial convention a quote may use.
///
/// Serialized in kebab-case (`nested-quotes`); the names are the values of `[check] conventions`
/// and of a result's `conventions` field, and are stable.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Convention {
    /// Words left out, marked `…`, `...`, `. . .`, `[…]`, `[...]` or `(…)`, also at either end.
    Elision,
    /// `[text]` standing for a few source words it replaces (a pronoun, a name, a tense) or adds.
    Bracket,
    /// `[sic]` after words that stand in the source exactly as quoted.
    Sic,
    /// An `[emphasis added]`, `[emphasis mine]` or `(emphasis in original)` note.
    Emphasis,
    /// The first letter's case changed to fit the sentence (at the start, after an elision).
    Capital,
    /// Double quotation marks inside the source become single inside the quote, or the reverse.
    NestedQuotes,
    /// A word hyphenated across a line break in the source matches the whole word; spaces
    /// around a dash are house style.
    Hyphenation,
    /// A footnote marker after a source word (superscript digits, `[12]`) left out.
    Footnote,
}

impl Convention {
    /// Every convention, in the order reports list them.
    pub const ALL: [Convention; 8] = [
        Convention::Elision,
        Convention::Bracket,
        Convention::Sic,
        Convention::Emphasis,
        Convention::Capital,
        Convention::NestedQuotes,
        Convention::Hyphenation,
        Convention::Footnote,
    ];

    /// The stable name (as serialized).
    pub fn name(self) -> &'static str {
        match self {
            Convention::Elision => "elision",
            Convention::Bracket => "bracket",
            Convention::Sic => "sic",
            Convention::Emphasis => "emphasis",
            Convention::Capital => "capital",
            Convention::NestedQuotes => "nested-quotes",
            Convention::Hyphenation => "hyphenation",
            Convention::Footnote => "footnote",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_the_serialized_names() {
        for c in Convention::ALL {
            let json = serde_json::to_string(&c).unwrap();
            assert_eq!(json, format!("\"{}\"", c.name()));
        }
    }
}
