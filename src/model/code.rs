//! Stable finding codes. Each kind of finding has one code, used as the JSON `code`, the SARIF
//! rule id, the JUnit test class and the README anchor; codes never change meaning.

use serde::{Deserialize, Serialize};

use super::verdict::{Kind, Severity, Status};

/// A kind of finding. Serialized in kebab-case (`quote-drifted`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    /// The quote occurs byte for byte at its pointer (or exactly once).
    QuoteVerified,
    /// The quote matches only after typographic normalization.
    QuoteNormalized,
    /// The quote occurs, but not at its declared pointer.
    QuoteRelocated,
    /// The quote has no pointer and occurs more than once.
    QuoteAmbiguous,
    /// Only a close approximate match exists.
    QuoteDrifted,
    /// Nothing close to the quote occurs in its source.
    QuoteMissing,
    /// The claim's evidence holds its numbers and most content words.
    ClaimSupported,
    /// The claim's evidence says something incompatible with the claim.
    ClaimContradicted,
    /// No passage of the claim's evidence holds the claim's terms, numbers and names.
    ClaimUnsupported,
    /// The claim's evidence text occurs, but not at its pointer.
    ClaimRelocated,
    /// The claim's evidence text changed.
    ClaimDrifted,
    /// The claim's evidence text no longer occurs in the source.
    ClaimMissing,
    /// The claim's evidence occurs more than once.
    ClaimAmbiguous,
    /// The source's SHA-256 differs from an entry's pin or the lock.
    SourceChanged,
    /// The quote's elision leaves out a negation, a number, a quantifier or a modal.
    QuoteElisionChangesMeaning,
    /// The quote's bracket inserts or removes a negation, a number, a quantifier or a modal,
    /// or changes a number.
    QuoteBracketChangesMeaning,
    /// The quote begins or ends inside a number of the source ("200" of "1,200", "5" of
    /// "3.5", "40" of "-40", "10" of "10,000").
    QuoteCutsNumber,
}

impl Code {
    /// Every code, in a fixed order (the SARIF rule order).
    pub const ALL: [Code; 17] = [
        Code::QuoteVerified,
        Code::QuoteNormalized,
        Code::QuoteRelocated,
        Code::QuoteAmbiguous,
        Code::QuoteDrifted,
        Code::QuoteMissing,
        Code::ClaimSupported,
        Code::ClaimContradicted,
        Code::ClaimUnsupported,
        Code::ClaimRelocated,
        Code::ClaimDrifted,
        Code::ClaimMissing,
        Code::ClaimAmbiguous,
        Code::SourceChanged,
        Code::QuoteElisionChangesMeaning,
        Code::QuoteBracketChangesMeaning,
        Code::QuoteCutsNumber,
    ];

    /// The code as written in reports (`quote-drifted`).
    pub fn as_str(self) -> &'static str {
        match self {
            Code::QuoteVerified => "quote-verified",
            Code::QuoteNormalized => "quote-normalized",
            Code::QuoteRelocated => "quote-relocated",
            Code::QuoteAmbiguous => "quote-ambiguous",
            Code::QuoteDrifted => "quote-drifted",
            Code::QuoteMissing => "quote-missing",
            Code::ClaimSupported => "claim-supported",
            Code::ClaimContradicted => "claim-contradicted",
            Code::ClaimUnsupported => "claim-unsupported",
            Code::ClaimRelocated => "claim-relocated",
            Code::ClaimDrifted => "claim-drifted",
            Code::ClaimMissing => "claim-missing",
            Code::ClaimAmbiguous => "claim-ambiguous",
            Code::SourceChanged => "source-changed",
            Code::QuoteElisionChangesMeaning => "quote-elision-changes-meaning",
            Code::QuoteBracketChangesMeaning => "quote-bracket-changes-meaning",
            Code::QuoteCutsNumber => "quote-cuts-number",
        }
    }

    /// What the code means, in one sentence (SARIF rule text, report explanations).
    pub fn description(self) -> &'static str {
        match self {
            Code::QuoteVerified => {
                "The quote occurs byte for byte at its pointer (or exactly once)."
            }
            Code::QuoteNormalized => "The quote matches only after typographic normalization.",
            Code::QuoteRelocated => "The quote occurs, but not at its declared pointer.",
            Code::QuoteAmbiguous => "The quote has no pointer and occurs more than once.",
            Code::QuoteDrifted => "Only a close approximate match exists; see the word diff.",
            Code::QuoteMissing => "Nothing close to the quote occurs in its source.",
            Code::ClaimSupported => {
                "One passage of the claim's evidence holds its terms, numbers and names and agrees with it."
            }
            Code::ClaimContradicted => {
                "The claim's evidence says something incompatible with the claim; see its findings."
            }
            Code::ClaimUnsupported => {
                "No passage of the claim's evidence holds the claim's terms, numbers and names."
            }
            Code::ClaimRelocated => "The claim's evidence text occurs, but not at its pointer.",
            Code::ClaimDrifted => "The claim's evidence text changed; see the word diff.",
            Code::ClaimMissing => "The claim's evidence text no longer occurs in the source.",
            Code::ClaimAmbiguous => "The claim's evidence occurs more than once.",
            Code::SourceChanged => "The source's SHA-256 differs from the entry's pin or the lock.",
            Code::QuoteElisionChangesMeaning => {
                "The quote's elision leaves out words that carry meaning (a negation, number, quantifier or modal); see the diff."
            }
            Code::QuoteBracketChangesMeaning => {
                "The quote's bracket inserts or removes words that carry meaning (a negation, number, quantifier or modal) or changes a number; see the diff."
            }
            Code::QuoteCutsNumber => {
                "The quote begins or ends inside a number of the source, so its number is not the source's; see the findings."
            }
        }
    }

    /// The code of an entry of `kind` judged `status`, or `None` for a pair no verdict can
    /// have: a quote is never supported or unsupported (those judge a paraphrase), and a
    /// claim's found evidence is always judged supported or unsupported, never left verified
    /// or normalized.
    pub fn for_verdict(kind: Kind, status: Status) -> Option<Code> {
        Some(match (kind, status) {
            (Kind::Quote, Status::Verified) => Code::QuoteVerified,
            (Kind::Quote, Status::Normalized) => Code::QuoteNormalized,
            (Kind::Quote, Status::Relocated) => Code::QuoteRelocated,
            (Kind::Quote, Status::Ambiguous) => Code::QuoteAmbiguous,
            (Kind::Quote, Status::Drifted) => Code::QuoteDrifted,
            (Kind::Quote, Status::Missing) => Code::QuoteMissing,
            (Kind::Claim, Status::Supported) => Code::ClaimSupported,
            (Kind::Claim, Status::Contradicted) => Code::ClaimContradicted,
            (Kind::Claim, Status::Unsupported) => Code::ClaimUnsupported,
            (Kind::Claim, Status::Relocated) => Code::ClaimRelocated,
            (Kind::Claim, Status::Drifted) => Code::ClaimDrifted,
            (Kind::Claim, Status::Missing) => Code::ClaimMissing,
            (Kind::Claim, Status::Ambiguous) => Code::ClaimAmbiguous,
            (Kind::Quote, Status::Supported | Status::Unsupported | Status::Contradicted)
            | (Kind::Claim, Status::Verified | Status::Normalized) => return None,
        })
    }

    /// The status an entry with this code has (`None` for `source-changed`, which is about a
    /// source, not an entry).
    pub fn status(self) -> Option<Status> {
        Some(match self {
            Code::QuoteVerified => Status::Verified,
            Code::QuoteNormalized => Status::Normalized,
            Code::QuoteRelocated | Code::ClaimRelocated => Status::Relocated,
            Code::QuoteAmbiguous | Code::ClaimAmbiguous => Status::Ambiguous,
            Code::QuoteDrifted
            | Code::ClaimDrifted
            | Code::QuoteElisionChangesMeaning
            | Code::QuoteBracketChangesMeaning
            | Code::QuoteCutsNumber => Status::Drifted,
            Code::QuoteMissing | Code::ClaimMissing => Status::Missing,
            Code::ClaimSupported => Status::Supported,
            Code::ClaimContradicted => Status::Contradicted,
            Code::ClaimUnsupported => Status::Unsupported,
            Code::SourceChanged => return None,
        })
    }

    /// How serious a finding with this code is under the default policy (a changed source
    /// warns; `--locked` or `fail_on = ["source_changed"]` make it fail).
    pub fn default_severity(self) -> Severity {
        self.status().map_or(Severity::Warning, Status::severity)
    }

    /// Look a code up by its name.
    pub fn parse(name: &str) -> Option<Code> {
        Code::ALL.into_iter().find(|c| c.as_str() == name)
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_serialize_as_their_names() {
        let mut names: Vec<_> = Code::ALL.iter().map(|c| c.as_str()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), Code::ALL.len());
        for c in Code::ALL {
            let json = serde_json::to_string(&c).unwrap();
            assert_eq!(json, format!("\"{}\"", c.as_str()));
            assert_eq!(Code::parse(c.as_str()), Some(c));
            assert_eq!(serde_json::from_str::<Code>(&json).unwrap(), c);
        }
    }

    #[test]
    fn every_possible_verdict_has_a_code_of_its_own_kind_and_status() {
        for kind in [Kind::Quote, Kind::Claim] {
            for s in Status::ALL {
                if let Some(c) = Code::for_verdict(kind, s) {
                    assert_eq!(c.status(), Some(s));
                    assert!(c.as_str().starts_with(kind.as_str()), "{c}");
                }
            }
        }
        // A quote can't be supported and a claim can't end verified: no code hides them.
        assert_eq!(Code::for_verdict(Kind::Quote, Status::Supported), None);
        assert_eq!(Code::for_verdict(Kind::Claim, Status::Verified), None);
    }
}
