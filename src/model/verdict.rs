//! What an entry is, what was found for it, and how serious that is.

use serde::{Deserialize, Serialize};

/// What an entry declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// `[[quote]]`: verbatim text.
    Quote,
    /// `[[claim]]`: a paraphrase citing evidence.
    Claim,
}

impl Kind {
    /// The TOML table name.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Quote => "quote",
            Kind::Claim => "claim",
        }
    }
}

/// The status of one entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Not found, nor anything close.
    Missing,
    /// Only a close approximate match.
    Drifted,
    /// No pointer, and several occurrences.
    Ambiguous,
    /// A claim whose evidence says something incompatible with it (a rule names what).
    Contradicted,
    /// A claim no one passage of whose evidence holds its terms, numbers and names.
    Unsupported,
    /// Found, but not at the declared pointer.
    Relocated,
    /// Found after typographic normalization.
    Normalized,
    /// Found byte for byte.
    Verified,
    /// A claim one passage of whose evidence holds its terms, numbers and names and agrees
    /// with it on every rule.
    Supported,
}

impl Status {
    /// Every status, worst first (the text report's group order).
    pub const ALL: [Status; 9] = [
        Status::Missing,
        Status::Drifted,
        Status::Ambiguous,
        Status::Contradicted,
        Status::Unsupported,
        Status::Relocated,
        Status::Normalized,
        Status::Verified,
        Status::Supported,
    ];

    /// The snake_case name used in JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Missing => "missing",
            Status::Drifted => "drifted",
            Status::Ambiguous => "ambiguous",
            Status::Contradicted => "contradicted",
            Status::Unsupported => "unsupported",
            Status::Relocated => "relocated",
            Status::Normalized => "normalized",
            Status::Verified => "verified",
            Status::Supported => "supported",
        }
    }

    /// How serious this status is under the default policy: the five that mean "the source
    /// does not say this" fail every run; relocated and normalized pass but deserve a look
    /// (a policy may make them fail too, see `judge::Policy`).
    pub fn severity(self) -> Severity {
        match self {
            Status::Missing
            | Status::Drifted
            | Status::Ambiguous
            | Status::Contradicted
            | Status::Unsupported => Severity::Error,
            Status::Relocated | Status::Normalized => Severity::Warning,
            Status::Verified | Status::Supported => Severity::Pass,
        }
    }

    /// Statuses that fail a run whatever the policy says.
    pub fn fails_by_default(self) -> bool {
        self.severity() == Severity::Error
    }
}

/// How a finding shows up: the one scale every format maps its own levels onto.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Fails the run.
    Error,
    /// Passes, but deserves a look: relocated, normalized, or its source changed.
    Warning,
    /// Nothing to say.
    Pass,
}

impl Severity {
    /// Lower-case name (`error`, `warning`, `pass`).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Pass => "pass",
        }
    }
}
