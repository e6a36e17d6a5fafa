//! Where a setting sits in citecheck.toml, for diagnostics about values that parsed but are
//! refused: numbers out of range, and the external judge without the opt-in of the person
//! running citecheck (the settings may come from a stranger's pull request; the refusal points
//! at the `judge` line, see [`super::Project::judge_refusal`]).

use std::collections::BTreeMap;

use crate::error::Diagnostic;

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
