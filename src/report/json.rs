//! JSON: the [`Report`] serialized, pretty-printed, fields in declaration order.

use super::Reporter;
use crate::model::Report;

/// Renders the report as JSON.
#[derive(Debug, Default)]
pub struct JsonReporter;

impl Reporter for JsonReporter {
    fn render(&self, report: &Report) -> String {
        to_json(report)
    }
}

/// Pretty JSON of any report model, with a final newline.
pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> String {
    let mut s =
        serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}
