//! Where a setting sits in citecheck.toml, for diagnostics about values that parsed but are
//! refused (the external judge without the user's opt-in, numbers out of range).
//!
//! The settings are part of the project tree, which may come from a stranger's pull request:
//! the judge they name is run only with the opt-in of the person running citecheck, and the
//! refusal points at the `judge` line ([`super::Project::judge_refusal`]).

use std::collections::BTreeMap;

use crate::error::Diagnostic;

/// Longest `judge_timeout` accepted, in seconds (a day): beyond it a deadline would be
/// meaningless, and far beyond it the clock's arithmetic overflows.
pub const MAX_TIMEOUT: u64 = 24 * 60 * 60;

/// Every table's keys with the spans of their values (settings that parsed have only tables
/// at the top level).
type Places = BTreeMap<String, BTreeMap<String, toml::Spanned<serde::de::IgnoredAny>>>;

/// The settings file as diagnostics name it, with its text and the place of every key.
pub(super) struct Settings {
    name: String,
    text: String,
    places: Option<Places>,
}

impl Settings {
    /// The settings file `name` whose text is `text`.
    pub(super) fn new(name: String, text: String) -> Self {
        let places = toml::from_str::<Places>(&text).ok();
        Settings { name, text, places }
    }

    /// A diagnostic at the value of `key` in `[table]`, or at the whole file when the key is
    /// not written there (a default).
    pub(super) fn at(&self, table: &str, key: &str, message: impl Into<String>) -> Diagnostic {
        let span = self
            .places
            .as_ref()
            .and_then(|p| p.get(table)?.get(key))
            .map(|v| (v.span().start, v.span().end));
        match span {
            Some(span) => Diagnostic::at(&self.name, &self.text, span, message).label("here"),
            None => Diagnostic::file(&self.name, message),
        }
    }
}
