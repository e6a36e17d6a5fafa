//! Stable finding codes. Each kind of finding has one code, used as the JSON `code`, the SARIF
//! rule id, the JUnit class name and the README anchor; codes never change meaning.

use crate::claims::Kind;
use crate::judge::Status;

/// A finding code with its one-line description.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code {
    /// The code (`quote-drifted`).
    pub id: &'static str,
    /// What it means.
    pub description: &'static str,
}

/// Every code, in a fixed order.
pub const ALL: &[Code] = &[
    Code {
        id: "quote-verified",
        description: "The quote occurs byte for byte at its pointer (or exactly once).",
    },
    Code {
        id: "quote-normalized",
        description: "The quote matches only after typographic normalization.",
    },
    Code {
        id: "quote-relocated",
        description: "The quote occurs, but not at its declared pointer.",
    },
    Code {
        id: "quote-ambiguous",
        description: "The quote has no pointer and occurs more than once.",
    },
    Code {
        id: "quote-drifted",
        description: "Only a close approximate match exists; see the word diff.",
    },
    Code {
        id: "quote-missing",
        description: "Nothing close to the quote occurs in its source.",
    },
    Code {
        id: "claim-supported",
        description: "The claim's evidence holds its numbers and most content words.",
    },
    Code {
        id: "claim-unsupported",
        description: "The claim's evidence lacks numbers or content words of the claim.",
    },
    Code {
        id: "claim-relocated",
        description: "The claim's evidence text occurs, but not at its pointer.",
    },
    Code {
        id: "claim-drifted",
        description: "The claim's evidence text changed; see the word diff.",
    },
    Code {
        id: "claim-missing",
        description: "The claim's evidence text no longer occurs in the source.",
    },
    Code {
        id: "claim-ambiguous",
        description: "The claim's evidence occurs more than once.",
    },
    Code {
        id: "source-changed",
        description: "The source's SHA-256 differs from the entry's pin or the lock.",
    },
];

/// The code for an entry of `kind` with `status`.
pub fn for_status(kind: Kind, status: Status) -> &'static str {
    match (kind, status) {
        (Kind::Quote, Status::Verified) => "quote-verified",
        (Kind::Quote, Status::Normalized) => "quote-normalized",
        (Kind::Quote, Status::Relocated) => "quote-relocated",
        (Kind::Quote, Status::Ambiguous) => "quote-ambiguous",
        (Kind::Quote, Status::Drifted) => "quote-drifted",
        (Kind::Quote, Status::Missing | Status::Unsupported | Status::Supported) => "quote-missing",
        (Kind::Claim, Status::Supported | Status::Verified | Status::Normalized) => {
            "claim-supported"
        }
        (Kind::Claim, Status::Unsupported) => "claim-unsupported",
        (Kind::Claim, Status::Relocated) => "claim-relocated",
        (Kind::Claim, Status::Drifted) => "claim-drifted",
        (Kind::Claim, Status::Missing) => "claim-missing",
        (Kind::Claim, Status::Ambiguous) => "claim-ambiguous",
    }
}

/// The code for a changed source.
pub const SOURCE_CHANGED: &str = "source-changed";

/// Look a code up.
pub fn describe(id: &str) -> Option<&'static Code> {
    ALL.iter().find(|c| c.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_cover_every_verdict() {
        let mut ids: Vec<_> = ALL.iter().map(|c| c.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), ALL.len());
        for kind in [Kind::Quote, Kind::Claim] {
            for s in Status::ALL {
                assert!(describe(for_status(kind, s)).is_some());
            }
        }
        assert!(describe(SOURCE_CHANGED).is_some());
    }
}
