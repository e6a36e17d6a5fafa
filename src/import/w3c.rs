//! W3C Web Annotations (such as `check --format w3c` writes, or Hypothesis exports) read back
//! as `[[quote]]` entries: a collection, a page, an array, one annotation, or the Hypothesis
//! API's `{"total": N, "rows": [...]}`; each annotation's `TextQuoteSelector` gives the text
//! (and its `prefix`/`suffix` the context that tells copies apart), its `TextPositionSelector`
//! (code points) the span only when it holds that very text in the source: a browser counts
//! the characters of the page as it renders it, not of the text citecheck extracts, so
//! positions are hints and the quoted words the truth. A target names its source by path
//! (`sources/x`), or by the URL the source was fetched from (its `url` or `final_url` in
//! citecheck.toml). Page notes and replies quote nothing: they are listed, not imported. The
//! quotes are appended to a claims file with toml_edit, so its comments and layout stay.

use std::collections::{BTreeMap, BTreeSet};
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
/// `source` assigns every annotation to that source id (a one-page export), whatever its
/// target says.
pub fn import(
    project: &Project,
    json: &str,
    file: &str,
    into: &Path,
    source: Option<&str>,
) -> Result<ImportSummary> {
    // `into` must be a claims file check reads: checked before anything is read.
    let shown = into.to_string_lossy().replace('\\', "/");
    let (target, _) = crate::claims::target::resolve(&project.root, into)?;
    let loaded = crate::check::load(project)?;
    let existing = loaded.entries.iter().map(|e| e.id.clone()).collect();
    let targets = Targets::new(project, &loaded.sources, source)?;
    let summary = parse(json, file, &loaded.sources, &existing, &targets)?;
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
    /// The selector's `prefix`: the text just before the quote.
    pub prefix: Option<String>,
    /// The selector's `suffix`: the text just after the quote.
    pub suffix: Option<String>,
}

/// What [`import`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    /// Quotes appended.
    pub added: Vec<ImportedQuote>,
    /// Ids skipped because an entry with that id already exists.
    pub skipped: Vec<String>,
    /// Annotations that quote nothing (page notes, replies): their number in the file (from
    /// 1) and what they are.
    pub not_quotes: Vec<(usize, &'static str)>,
}

/// How annotation targets name sources: by path, by the URL a source was fetched from, or
/// all by one source (`--source`).
#[derive(Debug, Default)]
pub struct Targets {
    /// Source id per URL (`url` and `final_url` of fetched sources, normalized).
    by_url: BTreeMap<String, String>,
    /// Every annotation goes to this source.
    all_to: Option<String>,
}

impl Targets {
    /// The URLs `project`'s sources were fetched from; `source`, when given, must be one of
    /// `sources`.
    pub fn new(project: &Project, sources: &[Source], source: Option<&str>) -> Result<Targets> {
        let by_url = project
            .config
            .fetched_urls()
            .map(|(key, id)| (key, id.to_string()))
            .collect();
        let all_to = match source {
            None => None,
            Some(s) => {
                let id = s.strip_prefix("sources/").unwrap_or(s);
                if !sources.iter().any(|x| x.id == id) {
                    return Err(Error::Usage(format!(
                        "--source `{s}` is not a source in sources/; name one by its path \
                         relative to sources/"
                    )));
                }
                Some(id.to_string())
            }
        };
        Ok(Targets { by_url, all_to })
    }

    /// The source a target names, among `known` ids.
    fn source_of<'a>(&'a self, target: &'a str, known: &BTreeSet<&str>) -> Option<&'a str> {
        if let Some(id) = &self.all_to {
            return Some(id);
        }
        source_id(target, known).or_else(|| {
            self.by_url
                .get(&crate::fetch::url_key(target))
                .map(String::as_str)
        })
    }
}

fn annotations(doc: &Value) -> Vec<&Value> {
    match doc {
        Value::Array(items) => items.iter().flat_map(annotations).collect(),
        // The Hypothesis API's search result: `{"total": N, "rows": [...]}`.
        Value::Object(o)
            if o.get("type").is_none() && o.get("rows").is_some_and(Value::is_array) =>
        {
            o.get("rows").map(annotations).unwrap_or_default()
        }
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
    targets: &Targets,
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
        // A reply (Hypothesis: `references` names the annotations it answers) quotes nothing.
        if a.get("references")
            .and_then(Value::as_array)
            .is_some_and(|r| !r.is_empty())
        {
            summary.not_quotes.push((n + 1, "a reply"));
            continue;
        }
        let target_list: Vec<&Value> = match a.get("target") {
            Some(Value::Array(t)) => t.iter().collect(),
            Some(t) => vec![t],
            None => {
                problems.push(here("no `target`".into()).help("each annotation needs a target"));
                continue;
            }
        };
        let Some(target) = target_list.iter().find(|t| t.get("selector").is_some()) else {
            // Targets a page without selecting text in it: a page note.
            summary
                .not_quotes
                .push((n + 1, "a page note (it selects no text)"));
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
        let quote_selector = of_type("TextQuoteSelector");
        let context = |key: &str| {
            quote_selector
                .and_then(|s| s.get(key))
                .and_then(Value::as_str)
                .filter(|c| !c.trim().is_empty())
                .map(str::to_string)
        };
        let Some(exact) = quote_selector
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
        // Hypothesis rows name the page as `uri` too.
        let target_source = target
            .get("source")
            .and_then(Value::as_str)
            .or_else(|| a.get("uri").and_then(Value::as_str))
            .unwrap_or("");
        let Some(source) = targets.source_of(target_source, &known) else {
            problems.push(
                here(format!(
                    "target source `{target_source}` is not in sources/"
                ))
                .help(
                    "use the source's path relative to the project root (`sources/cable.txt`), \
                     fetch the page first (`citecheck fetch URL`) so its URL names it, or give \
                     --source NAME for an export of one page",
                ),
            );
            continue;
        };
        let src = sources.iter().find(|s| s.id == source);
        let span = of_type("TextPositionSelector").and_then(|p| {
            let start = p.get("start")?.as_u64()?;
            let end = p.get("end")?.as_u64()?;
            byte_span(src?.text(), start, end, exact)
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
            prefix: context("prefix"),
            suffix: context("suffix"),
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
    // A file of comments only (the header of a new file, or a hand-written one) parses as a
    // document whose comments trail it: kept there, they would land after the new entries.
    // They head the file instead.
    let leading = if doc.as_table().is_empty() {
        let comments = doc.trailing().as_str().unwrap_or_default().to_string();
        doc.set_trailing("");
        comments
    } else {
        String::new()
    };
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
        for (key, v) in [("prefix", &q.prefix), ("suffix", &q.suffix)] {
            if let Some(v) = v {
                t[key] = toml_edit::value(v.as_str());
            }
        }
        array.push(t);
    }
    // A CRLF file stays CRLF (toml_edit writes the new tables with LF).
    let text = crate::fs::with_line_endings(format!("{leading}{doc}"), crlf);
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

    /// A Hypothesis API export of one page fetched from a URL: rows with `target` arrays and
    /// `uri`, browser character positions, a page note and a reply.
    #[test]
    fn hypothesis_exports_map_their_page_url_to_the_fetched_source() {
        let page = "Tom said hello. Later, Tom said hello again.";
        let sources = vec![Source::from_text("page.html", page.to_string())];
        let targets = Targets {
            by_url: [(
                crate::fetch::url_key("https://Example.org/news/"),
                "page.html".to_string(),
            )]
            .into(),
            all_to: None,
        };
        let json = r#"{"total": 3, "rows": [
          {"id": "a1", "uri": "https://example.org/news#annotations:a1",
           "target": [{"source": "https://example.org/news",
             "selector": [
               {"type": "TextPositionSelector", "start": 120, "end": 129},
               {"type": "TextQuoteSelector", "exact": "Tom said hello", "prefix": "Later, ", "suffix": " again."}]}]},
          {"id": "n1", "uri": "https://example.org/news", "target": [{"source": "https://example.org/news"}]},
          {"id": "r1", "uri": "https://example.org/news", "references": ["a1"],
           "target": [{"source": "https://example.org/news"}]}
        ]}"#;
        let s = parse(json, "export.json", &sources, &BTreeSet::new(), &targets).unwrap();
        assert_eq!(s.added.len(), 1);
        let q = &s.added[0];
        assert_eq!(
            (q.source.as_str(), q.text.as_str()),
            ("page.html", "Tom said hello")
        );
        // The browser's position does not hold the text here: a hint, not a span.
        assert_eq!(q.span, None);
        assert_eq!(q.prefix.as_deref(), Some("Later, "));
        assert_eq!(q.suffix.as_deref(), Some(" again."));
        assert_eq!(
            s.not_quotes,
            vec![(2, "a page note (it selects no text)"), (3, "a reply")]
        );
        // An unknown page is bad input, unless every annotation is assigned to one source.
        let elsewhere = json.replace("example.org/news", "example.org/other");
        assert!(parse(&elsewhere, "e.json", &sources, &BTreeSet::new(), &targets).is_err());
        let all_to = Targets {
            all_to: Some("page.html".into()),
            ..Targets::default()
        };
        let s = parse(&elsewhere, "e.json", &sources, &BTreeSet::new(), &all_to).unwrap();
        assert_eq!(s.added.len(), 1);
    }
}
