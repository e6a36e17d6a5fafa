//! Why a claim is not supported: one finding per reason, naming the rule that saw it, the
//! claim's words and the evidence's words with their byte spans.

use serde::{Deserialize, Serialize};

/// A rule of the claim judge. Serialized in kebab-case (`new-entity`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// One side negates what the other affirms.
    Negation,
    /// The two sides use opposite words (increase/decrease, support/oppose).
    Antonym,
    /// A bound or direction differs (more than / fewer than, at least / up to).
    Comparison,
    /// The claim strengthens the evidence's quantifier (some -> all, many -> most).
    Quantifier,
    /// The claim turns a possibility into a fact (may -> will, suggests -> shows).
    Certainty,
    /// The claim gives another value for the same quantity, or a number of another event.
    Number,
    /// Two parties swap roles around a relation (who bought whom, who said what).
    Role,
    /// A name, date or number in the claim that no passage of the evidence has.
    NewEntity,
    /// Cause and effect point the other way, or the evidence states no cause.
    Causality,
    /// Too few of the claim's content words are in the best passage.
    MissingTerms,
    /// The claim's words are only in sentences that do not form one passage.
    SplitPassage,
    /// The claim's subject is not in the passage that holds the rest of the claim.
    MissingSubject,
}

impl Rule {
    /// Every rule, in declaration order.
    pub const ALL: [Rule; 12] = [
        Rule::Negation,
        Rule::Antonym,
        Rule::Comparison,
        Rule::Quantifier,
        Rule::Certainty,
        Rule::Number,
        Rule::Role,
        Rule::NewEntity,
        Rule::Causality,
        Rule::MissingTerms,
        Rule::SplitPassage,
        Rule::MissingSubject,
    ];

    /// The kebab-case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::Negation => "negation",
            Rule::Antonym => "antonym",
            Rule::Comparison => "comparison",
            Rule::Quantifier => "quantifier",
            Rule::Certainty => "certainty",
            Rule::Number => "number",
            Rule::Role => "role",
            Rule::NewEntity => "new-entity",
            Rule::Causality => "causality",
            Rule::MissingTerms => "missing-terms",
            Rule::SplitPassage => "split-passage",
            Rule::MissingSubject => "missing-subject",
        }
    }

    /// What the rule checks, in one line of plain words (for reports).
    pub fn description(self) -> &'static str {
        match self {
            Rule::Negation => "one side negates what the other affirms",
            Rule::Antonym => "the claim uses the opposite word of the evidence",
            Rule::Comparison => "the claim states another bound or direction than the evidence",
            Rule::Quantifier => "the claim makes the evidence's quantifier stronger",
            Rule::Certainty => "the claim states as fact what the evidence gives as a possibility",
            Rule::Number => "the claim gives another number for the same quantity",
            Rule::Role => "the claim swaps who does what to whom",
            Rule::NewEntity => "the claim names a person, place, date or number the evidence lacks",
            Rule::Causality => "the claim's cause and effect do not match the evidence",
            Rule::MissingTerms => "the evidence lacks too many of the claim's words",
            Rule::SplitPassage => {
                "the claim's words come from sentences that do not form one passage"
            }
            Rule::MissingSubject => "the passage says it of someone or something else",
        }
    }
}

/// One reason a claim is not supported by its evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// The rule that saw it.
    pub rule: Rule,
    /// The claim's words concerned.
    pub claim: String,
    /// The evidence's words concerned (empty when the evidence has none).
    pub evidence: String,
    /// Where `claim` is, in bytes of the claim text.
    pub claim_span: [usize; 2],
    /// Where `evidence` is, in bytes of the evidence text the claim was judged against.
    pub evidence_span: [usize; 2],
    /// The reason in plain words.
    pub explanation: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_kebab_case_and_serde_agrees() {
        for rule in Rule::ALL {
            let json = serde_json::to_string(&rule).expect("serialize");
            assert_eq!(json, format!("\"{}\"", rule.as_str()));
            assert!(!rule.description().is_empty());
        }
        assert_eq!(Rule::NewEntity.as_str(), "new-entity");
    }
}
