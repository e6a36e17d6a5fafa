//! W3C Web Annotations (JSON-LD), both ways.
//!
//! Export ([`W3cReporter`]): every entry becomes an `Annotation` whose target is its source
//! file with a `TextQuoteSelector` (`exact` = the source text found, `prefix`/`suffix` = up to
//! 32 characters around it) and, when located, a `TextPositionSelector` in Unicode code points
//! as the Web Annotation model requires. Unlocated entries carry the entry's own text as
//! `exact` and no position. The verdict and code go in the bodies, so annotation tools such as
//! Hypothesis show them. The page is an `AnnotationCollection` with one `AnnotationPage`.
//!
//! Import ([`import`]): reads such annotations (a collection, a page, an array or one
//! annotation) back as `[[quote]]` entries, appended to a claims file with toml_edit so its
//! comments and layout stay.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::{json, Value};

use super::common::explanation;
use super::{EntryResult, Report, Reporter};
use crate::error::{Diagnostic, Error, Result};
use crate::source::Source;

/// The Web Annotation JSON-LD context.
pub const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";
/// Prefix of annotation ids citecheck writes; the rest is the entry id.
pub const ID_PREFIX: &str = "urn:citecheck:entry:";
/// Characters of context kept in `prefix` and `suffix`.
const AFFIX_CHARS: usize = 32;

/// Renders W3C Web Annotations.
#[derive(Debug, Default)]
pub struct W3cReporter;

fn last_chars(s: &str, n: usize) -> String {
    let count = s.chars().count();
    s.chars().skip(count.saturating_sub(n)).collect()
}

fn annotation(r: &EntryResult) -> Value {
    let mut selectors = Vec::new();
    let mut quote = json!({
        "type": "TextQuoteSelector",
        "exact": r.found_text.as_deref().unwrap_or(&r.text),
    });
    if let Some(p) = r.context_before.as_deref().filter(|p| !p.is_empty()) {
        quote["prefix"] = json!(last_chars(p, AFFIX_CHARS));
    }
    if let Some(s) = r.context_after.as_deref().filter(|s| !s.is_empty()) {
        quote["suffix"] = json!(s.chars().take(AFFIX_CHARS).collect::<String>());
    }
    selectors.push(quote);
    if let Some([start, end]) = r.found_chars {
        selectors.push(json!({ "type": "TextPositionSelector", "start": start, "end": end }));
    }
    let mut bodies = vec![
        json!({
            "type": "TextualBody",
            "purpose": "assessing",
            "format": "text/plain",
            "value": format!("{}: {}", r.status.as_str(), explanation(r)),
        }),
        json!({ "type": "TextualBody", "purpose": "tagging", "value": r.code }),
    ];
    if r.kind == crate::claims::Kind::Claim {
        bodies.push(json!({
            "type": "TextualBody",
            "purpose": "commenting",
            "format": "text/plain",
            "value": r.text,
        }));
    }
    json!({
        "id": format!("{ID_PREFIX}{}", r.id),
        "type": "Annotation",
        "motivation": match r.kind {
            crate::claims::Kind::Quote => "quoting",
            crate::claims::Kind::Claim => "commenting",
        },
        "body": bodies,
        "target": { "source": r.source, "selector": selectors },
    })
}

impl Reporter for W3cReporter {
    fn render(&self, report: &Report) -> String {
        let items: Vec<Value> = report.results.iter().map(annotation).collect();
        let doc = json!({
            "@context": CONTEXT,
            "type": "AnnotationCollection",
            "label": "citecheck quotes and claims",
            "total": items.len(),
            "first": { "type": "AnnotationPage", "startIndex": 0, "items": items },
        });
        let mut s = serde_json::to_string_pretty(&doc)
            .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
        s.push('\n');
        s
    }
}

/// A quote read from an annotation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedQuote {
    /// Entry id (from a citecheck annotation id, else `w3c-N`).
    pub id: String,
    /// Source id (path relative to sources/).
    pub source: String,
    /// The `exact` text.
    pub text: String,
    /// Byte span, when the position selector matches `exact` in the source.
    pub span: Option<(usize, usize)>,
}

/// What [`import`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    /// Quotes appended.
    pub added: Vec<ImportedQuote>,
    /// Ids skipped because an entry with that id already exists.
    pub skipped: Vec<String>,
}

fn annotations(doc: &Value) -> Vec<&Value> {
    match doc {
        Value::Array(items) => items.iter().flat_map(annotations).collect(),
        Value::Object(o) => match o.get("type").and_then(Value::as_str) {
            Some("AnnotationCollection") => o.get("first").map(annotations).unwrap_or_default(),
            Some("AnnotationPage") => o.get("items").map(annotations).unwrap_or_default(),
            _ => vec![doc],
        },
        _ => vec![doc],
    }
}

/// The id of the source a target names: a root-relative `sources/x` path, a URL ending in
/// `/sources/x`, or a bare source id.
fn source_id<'a>(target: &'a str, known: &BTreeSet<&str>) -> Option<&'a str> {
    if known.contains(target) {
        return Some(target);
    }
    target
        .rfind("sources/")
        .map(|i| &target[i + "sources/".len()..])
        .filter(|id| known.contains(id))
}

/// Byte span of code points `[start, end)` in `text`, if it holds `exact` there.
fn byte_span(text: &str, start: u64, end: u64, exact: &str) -> Option<(usize, usize)> {
    let mut indices = text.char_indices().map(|(i, _)| i).chain([text.len()]);
    let a = indices.nth(usize::try_from(start).ok()?)?;
    let b = match end.checked_sub(start)? {
        0 => a,
        n => indices.nth(usize::try_from(n - 1).ok()?)?,
    };
    (text.get(a..b)? == exact).then_some((a, b))
}

/// Read annotations from `json` (named `file` in diagnostics) as quotes of `sources`,
/// skipping ids in `existing`. Every problem is collected; none is written on error.
pub fn parse(
    json: &str,
    file: &str,
    sources: &[Source],
    existing: &BTreeSet<String>,
) -> Result<ImportSummary> {
    let doc: Value = serde_json::from_str(json).map_err(|e| {
        let mut d = Diagnostic::file(file, format!("not JSON: {e}"))
            .help("give a W3C Web Annotation file (JSON-LD)");
        d.line = e.line();
        d.column = e.column();
        Error::Invalid(vec![d])
    })?;
    let known: BTreeSet<&str> = sources.iter().map(|s| s.id.as_str()).collect();
    let mut problems = Vec::new();
    let mut summary = ImportSummary::default();
    let mut taken: BTreeSet<String> = existing.clone();
    for (n, a) in annotations(&doc).into_iter().enumerate() {
        let here = |msg: String| Diagnostic::file(file, format!("annotation {}: {msg}", n + 1));
        let targets: Vec<&Value> = match a.get("target") {
            Some(Value::Array(t)) => t.iter().collect(),
            Some(t) => vec![t],
            None => {
                problems.push(here("no `target`".into()).help("each annotation needs a target"));
                continue;
            }
        };
        let Some(target) = targets.iter().find(|t| t.get("selector").is_some()) else {
            problems.push(
                here("no target with a selector".into())
                    .help("a quote needs a TextQuoteSelector with `exact`"),
            );
            continue;
        };
        let selectors: Vec<&Value> = match target.get("selector") {
            Some(Value::Array(s)) => s.iter().collect(),
            Some(s) => vec![s],
            None => Vec::new(),
        };
        let of_type = |t: &str| {
            selectors
                .iter()
                .find(|s| s.get("type").and_then(Value::as_str) == Some(t))
        };
        let Some(exact) = of_type("TextQuoteSelector")
            .and_then(|s| s.get("exact"))
            .and_then(Value::as_str)
            .filter(|e| !e.trim().is_empty())
        else {
            problems.push(
                here("no TextQuoteSelector with a non-empty `exact`".into())
                    .help("citecheck imports quotes by their exact text"),
            );
            continue;
        };
        let target_source = target.get("source").and_then(Value::as_str).unwrap_or("");
        let Some(source) = source_id(target_source, &known) else {
            problems.push(
                here(format!(
                    "target source `{target_source}` is not in sources/"
                ))
                .help(
                    "use the source's path relative to the project root, e.g. `sources/cable.txt`",
                ),
            );
            continue;
        };
        let src = sources.iter().find(|s| s.id == source);
        let span = of_type("TextPositionSelector").and_then(|p| {
            let start = p.get("start")?.as_u64()?;
            let end = p.get("end")?.as_u64()?;
            byte_span(&src?.text, start, end, exact)
        });
        let id = a
            .get("id")
            .and_then(Value::as_str)
            .and_then(|i| i.strip_prefix(ID_PREFIX))
            .map(str::to_string)
            .unwrap_or_else(|| format!("w3c-{}", n + 1));
        if !taken.insert(id.clone()) {
            summary.skipped.push(id);
            continue;
        }
        summary.added.push(ImportedQuote {
            id,
            source: source.to_string(),
            text: exact.to_string(),
            span,
        });
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    Ok(summary)
}

/// Append `quotes` to the claims file at `path` (created when absent) as `[[quote]]` tables,
/// keeping the file's comments and layout.
pub fn append_quotes(path: &Path, shown: &str, quotes: &[ImportedQuote]) -> Result<()> {
    let existing = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            "# Quotes imported from W3C Web Annotations (`citecheck import-w3c`).\n".to_string()
        }
        Err(e) => return Err(Error::io(path, e)),
    };
    let mut doc: toml_edit::DocumentMut = existing.parse().map_err(|e: toml_edit::TomlError| {
        let span = e.span().map_or((0, 0), |r| (r.start, r.end));
        Error::Invalid(vec![Diagnostic::at(shown, &existing, span, e.message())])
    })?;
    let quotes_item = doc
        .entry("quote")
        .or_insert(toml_edit::Item::ArrayOfTables(Default::default()));
    let Some(array) = quotes_item.as_array_of_tables_mut() else {
        return Err(Error::Invalid(vec![Diagnostic::file(
            shown,
            "`quote` is not an array of tables",
        )
        .help("claims files declare quotes as [[quote]] tables")]));
    };
    for q in quotes {
        let mut t = toml_edit::Table::new();
        t["id"] = toml_edit::value(q.id.as_str());
        t["source"] = toml_edit::value(q.source.as_str());
        t["text"] = toml_edit::value(q.text.as_str());
        if let Some((a, b)) = q.span {
            let mut span = toml_edit::Array::new();
            span.push(a as i64);
            span.push(b as i64);
            t["span"] = toml_edit::value(span);
        }
        array.push(t);
    }
    crate::edit::write_atomic(path, doc.to_string().as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_points_map_to_bytes_only_where_exact_matches() {
        let text = "“Nobody” likes them.";
        // “ is one code point but three bytes.
        assert_eq!(byte_span(text, 1, 7, "Nobody"), Some((3, 9)));
        assert_eq!(byte_span(text, 0, 6, "Nobody"), None);
        assert_eq!(byte_span(text, 19, 99, "x"), None);
    }
}
