//! What fails a run and what only warns: the one answer every reporter and the exit code read.
//!
//! A verdict says what was found; the policy says what that means for the run. The four
//! statuses that mean "the source does not say this" (missing, drifted, ambiguous,
//! unsupported) always fail; `fail_on` (citecheck.toml or `--fail-on`) adds relocated,
//! normalized or a changed source; `--locked` fails on any source that differs from the lock.
//! The answer is recorded in each result's and source's `fails`, so reporters, `merge` and
//! `diff` read it instead of deciding again.

use std::collections::BTreeSet;

use crate::config::{CheckConfig, FailOn};
use crate::model::Status;

/// The failure policy of one run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Policy {
    /// Statuses (and `source_changed`) that fail besides the defaults.
    fail_on: BTreeSet<FailOn>,
    /// Fail on any source that does not match citecheck.lock.
    locked: bool,
}

impl Policy {
    /// The policy of citecheck.toml's `[check] fail_on`, plus `extra` and `locked` from the
    /// command line.
    pub fn new(config: &CheckConfig, extra: &[FailOn], locked: bool) -> Policy {
        Policy {
            fail_on: config.fail_on.iter().chain(extra).copied().collect(),
            locked,
        }
    }

    /// Whether an entry fails the run: its status fails by default or is listed in
    /// `fail_on`; its source changed (a stale pin or a lock mismatch) and `source_changed` is
    /// listed; or `--locked` and its source differs from the lock (a stale pin in an entry
    /// alone does not trip `--locked`, which is about the lock).
    pub fn entry_fails(&self, status: Status, source_changed: bool, lock_differs: bool) -> bool {
        status.fails_by_default()
            || self.fail_on.iter().any(|f| f.status() == Some(status))
            || (source_changed && self.fail_on.contains(&FailOn::SourceChanged))
            || (self.locked && lock_differs)
    }

    /// Whether a source fails the run: only under `--locked`, when it differs from its pin
    /// (`differs`: other bytes, or read by another extractor than the lock records) or is not
    /// in the lock at all (`pinned` false).
    pub fn source_fails(&self, pinned: bool, differs: bool) -> bool {
        self.locked && (!pinned || differs)
    }

    /// Whether a source the lock pins but whose file is gone fails the run.
    pub fn gone_source_fails(&self) -> bool {
        self.locked
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_policy_fails_exactly_the_four_unestablished_statuses() {
        let p = Policy::default();
        for s in Status::ALL {
            let want = matches!(
                s,
                Status::Missing
                    | Status::Drifted
                    | Status::Ambiguous
                    | Status::Contradicted
                    | Status::Unsupported
            );
            assert_eq!(p.entry_fails(s, false, false), want, "{s:?}");
            // A changed source alone warns under the default policy.
            assert_eq!(p.entry_fails(s, true, true), want, "{s:?}");
        }
        assert!(!p.source_fails(true, true));
    }

    #[test]
    fn fail_on_and_locked_add_to_the_defaults() {
        let config = CheckConfig {
            fail_on: vec![FailOn::Relocated],
            ..CheckConfig::default()
        };
        let p = Policy::new(&config, &[FailOn::SourceChanged], false);
        assert!(p.entry_fails(Status::Relocated, false, false));
        assert!(!p.entry_fails(Status::Normalized, false, false));
        assert!(p.entry_fails(Status::Verified, true, false));

        let locked = Policy::new(&CheckConfig::default(), &[], true);
        assert!(locked.entry_fails(Status::Verified, true, true));
        assert!(
            !locked.entry_fails(Status::Verified, true, false),
            "a stale pin alone"
        );
        assert!(locked.source_fails(true, true));
        assert!(locked.source_fails(false, false));
        assert!(!locked.source_fails(true, false));
        assert!(locked.gone_source_fails());
    }
}
