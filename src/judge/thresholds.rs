//! How close is close enough: the thresholds of the verdict rules.

use crate::config::{CheckConfig, Config};
use crate::model::Convention;

use super::claim::ClaimOptions;

/// Thresholds the rules use.
#[derive(Debug, Clone)]
pub struct Thresholds {
    /// Similarity a long quote needs to be drifted rather than missing.
    pub min_similarity: f64,
    /// What the claim rules take: the share of a claim's content words its evidence must
    /// hold, and the opposite word pairs `[claims] antonyms` adds to their lexicon.
    pub claims: ClaimOptions,
    /// The editorial conventions a quote may use (`[check] conventions`; none under
    /// `--strict`). A quote needing one not listed is judged as plain text.
    pub conventions: Vec<Convention>,
    /// Most copies of an ambiguous text kept for the report (`[check] max_occurrences`);
    /// every copy is still counted.
    pub max_occurrences: usize,
}

impl Default for Thresholds {
    /// The defaults of `[check]` in citecheck.toml (written once, in `config::settings`).
    fn default() -> Self {
        Thresholds::from(&CheckConfig::default())
    }
}

impl From<&CheckConfig> for Thresholds {
    fn from(c: &CheckConfig) -> Thresholds {
        Thresholds {
            min_similarity: c.min_similarity,
            claims: ClaimOptions {
                support_threshold: c.support_threshold,
                antonyms: Vec::new(),
            },
            conventions: c.conventions.clone(),
            max_occurrences: c.max_occurrences,
        }
    }
}

impl From<&Config> for Thresholds {
    /// `[check]`'s thresholds with `[claims]`' extra antonyms.
    fn from(c: &Config) -> Thresholds {
        let mut t = Thresholds::from(&c.check);
        t.claims.antonyms = c
            .claims
            .antonyms
            .iter()
            .map(|[a, b]| (a.clone(), b.clone()))
            .collect();
        t
    }
}

impl Thresholds {
    /// Similarity a quote of `words` words needs to count as drifted: 1 (no approximate match at
    /// all) up to four words, then falling towards `min_similarity` as quotes get longer
    /// (0.79 at ten words with the default 0.65), because a short look-alike proves nothing.
    /// From five words on, one word changed is always drift (`(n - 1) / n`): the other words in
    /// their order single the passage out, and the reader is better served by its diff than by
    /// `missing` (both fail).
    pub fn required_similarity(&self, words: usize) -> f64 {
        if words <= 4 {
            return 1.0;
        }
        let n = words as f64;
        let one_word = (n - 1.0) / n - 1e-9;
        (self.min_similarity + (1.0 - self.min_similarity) * 4.0 / n)
            .min(1.0)
            .min(one_word)
    }

    /// Whether quotes may use convention `c`.
    pub fn allows(&self, c: Convention) -> bool {
        self.conventions.contains(&c)
    }

    /// Whether an approximate match is close enough to report as drift.
    pub fn accepts(&self, a: &crate::locate::Approx) -> bool {
        a.case_only || a.similarity + 1e-9 >= self.required_similarity(a.quote_words)
    }
}
