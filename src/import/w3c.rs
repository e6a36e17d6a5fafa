//! W3C Web Annotations (such as `check --format w3c` writes) read back as `[[quote]]`
//! entries: a collection, a page, an array or one annotation; each annotation's
//! `TextQuoteSelector` gives the text, its `TextPositionSelector` (code points) the span when
//! it matches the source there. They are appended to a claims file with toml_edit, so its
//! comments and layout stay.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

use crate::config::Project;
use crate::error::{Diagnostic, Error, Result};
use crate::report::w3c::ID_PREFIX;
use crate::source::Source;

/// Import the annotations in `json` (named `file` in diagnostics) into the claims file `into`
/// (relative to the project root, named so in diagnostics): every quote whose id is not taken
/// yet is appended; nothing is written when none is. The project is loaded first, so its own
/// problems are reported and the ids in use are known.
pub fn import(project: &Project, json: &str, file: &str, into: &Path) -> Result<ImportSummary> {
    // `into` must be a claims file under claims/ (symlinks resolved): checked before anything
    // is read, so a refused target leaves everything untouched.
    let shown = into.to_string_lossy().replace('\\', "/");
    if into.extension().is_none_or(|e| e != "toml") {
        return Err(Error::Usage(format!(
            "`{shown}` is not a claims file: import into claims/<name>.toml under the project \
             root; nothing was written"
        )));
    }
    let (target, _) = crate::fs::confine_write(&project.root, "claims", into)?;
    let loaded = crate::check::load(project)?;
    let existing = loaded.entries.iter().map(|e| e.id.clone()).collect();
    let summary = parse(json, file, &loaded.sources, &existing)?;
    if !summary.added.is_empty() {
        append_quotes(&target, &shown, &summary.added)?;
    }
    Ok(summary)
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
    let existing = crate::fs::read_tree_text(path, shown, crate::fs::DEFAULT_MAX_BYTES)?
        .unwrap_or_else(|| {
            "# Quotes imported from W3C Web Annotations (`citecheck import-w3c`).\n".to_string()
        });
    let crlf = crate::fs::uses_crlf(&existing);
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
    // A CRLF file stays CRLF (toml_edit writes the new tables with LF).
    let text = crate::fs::with_line_endings(doc.to_string(), crlf);
    crate::fs::write_atomic(path, text.as_bytes())
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
