//! The JSON Schema of claims files, for editors: `docs/claims.schema.json`.
//!
//! The loader ([`super::parse_file`]) reads claims files by hand with `toml_edit`, to point at
//! the exact key or value of every problem; these types mirror what it accepts, only so that
//! schemars can describe it (they read nothing). A test keeps the committed schema current and
//! checks that the loader and the schema agree on the example files and on typos. What a schema
//! cannot say — that a span's end is past its start, that an id is unique, that the source
//! exists — is still checked by `citecheck check`; the schema never rejects a file the loader
//! accepts.

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Serialize};

/// A claims file (`claims/*.toml`): `[[quote]]` and `[[claim]]` tables, nothing else. Unknown
/// keys are errors: a typo must not silently disable a check.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "citecheck claims file")]
pub struct ClaimsFileSchema {
    /// `[[quote]]`: words quoted from a source, to be found there.
    #[serde(default)]
    pub quote: Vec<QuoteSchema>,
    /// `[[claim]]`: a paraphrase that cites evidence in a source.
    #[serde(default)]
    pub claim: Vec<ClaimSchema>,
}

/// One `[[quote]]`.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("not" = { "required": ["span", "lines"] }))]
pub struct QuoteSchema {
    /// Unique across the whole project: letters, digits, `.`, `_` and `-`.
    #[schemars(regex(pattern = r"^[A-Za-z0-9._-]+$"))]
    pub id: String,
    /// The source: its path relative to sources/ (`cable.txt`, `web/page.html`).
    #[schemars(regex(pattern = SOURCE_PATTERN))]
    pub source: String,
    /// The quoted words (surrounding quotation marks are not part of the quote).
    #[schemars(regex(pattern = r"\S"))]
    pub text: String,
    /// UTF-8 byte offsets `[start, end)` into the source; `span` or `lines`, not both.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "span_schema")]
    pub span: Option<[u64; 2]>,
    /// First and last line, 1-based, inclusive; `span` or `lines`, not both.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "lines_schema")]
    pub lines: Option<[u64; 2]>,
    /// The source's SHA-256 (64 hexadecimal digits) when the entry was recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String", regex(pattern = r"^[0-9A-Fa-f]{64}$"))]
    pub sha256: Option<String>,
    /// Context expected right before the quote (to tell copies apart).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub prefix: Option<String>,
    /// Context expected right after the quote.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub suffix: Option<String>,
    /// Free text, carried into reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub note: Option<String>,
}

/// One `[[claim]]`: like a quote, with `evidence`, and a pointer (`span` or `lines`) required.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend(
    "not" = { "required": ["span", "lines"] },
    "anyOf" = [{ "required": ["span"] }, { "required": ["lines"] }]
))]
pub struct ClaimSchema {
    /// Unique across the whole project: letters, digits, `.`, `_` and `-`.
    #[schemars(regex(pattern = r"^[A-Za-z0-9._-]+$"))]
    pub id: String,
    /// The source: its path relative to sources/.
    #[schemars(regex(pattern = SOURCE_PATTERN))]
    pub source: String,
    /// The claim, in your words.
    #[schemars(regex(pattern = r"\S"))]
    pub text: String,
    /// The evidence: UTF-8 byte offsets `[start, end)` into the source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "span_schema")]
    pub span: Option<[u64; 2]>,
    /// The evidence: first and last line, 1-based, inclusive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "lines_schema")]
    pub lines: Option<[u64; 2]>,
    /// What the cited passage said when the claim was recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub evidence: Option<String>,
    /// The source's SHA-256 (64 hexadecimal digits) when the entry was recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String", regex(pattern = r"^[0-9A-Fa-f]{64}$"))]
    pub sha256: Option<String>,
    /// Context expected right before the evidence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub prefix: Option<String>,
    /// Context expected right after the evidence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub suffix: Option<String>,
    /// Free text, carried into reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub note: Option<String>,
}

/// A path inside sources/: `/`-separated names, none empty, `.` or `..`, no backslash.
const SOURCE_PATTERN: &str =
    r"^(?:(?:[^/\\.]|\.[^/\\.]|\.\.[^/\\])[^/\\]*/)*(?:[^/\\.]|\.[^/\\.]|\.\.[^/\\])[^/\\]*$";

fn pair(minimum: u64, what: &str) -> Schema {
    schemars::json_schema!({
        "description": what,
        "type": "array",
        "items": { "type": "integer", "minimum": minimum },
        "minItems": 2,
        "maxItems": 2
    })
}

fn span_schema(_: &mut SchemaGenerator) -> Schema {
    pair(0, "UTF-8 byte offsets [start, end) into the source")
}

fn lines_schema(_: &mut SchemaGenerator) -> Schema {
    pair(1, "first and last line, 1-based, inclusive")
}

/// The JSON Schema of claims files (draft 2020-12), from the types above: the committed
/// `docs/claims.schema.json` (a TOML language server such as Taplo uses it when a claims file
/// starts with `#:schema ./docs/claims.schema.json`; a test keeps it current).
pub fn claims_schema() -> String {
    let schema = schemars::schema_for!(ClaimsFileSchema);
    let mut json = serde_json::to_string_pretty(&schema).unwrap_or_default();
    json.push('\n');
    json
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The keys the schema describes for `kind`, sorted.
    fn properties(kind: &str) -> Vec<String> {
        let schema: serde_json::Value = serde_json::from_str(&claims_schema()).unwrap();
        let mut keys: Vec<String> = schema["$defs"][kind]["properties"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        keys.sort();
        keys
    }

    fn sorted(keys: &[&str]) -> Vec<String> {
        let mut keys: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
        keys.sort();
        keys
    }

    #[test]
    fn the_schema_describes_exactly_the_keys_the_loader_accepts() {
        assert_eq!(properties("QuoteSchema"), sorted(super::super::QUOTE_KEYS));
        assert_eq!(properties("ClaimSchema"), sorted(super::super::CLAIM_KEYS));
    }
}
