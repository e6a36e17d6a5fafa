//! SARIF 2.1.0 for code-scanning UIs (GitHub code scanning, VS Code's SARIF viewer, ...).
//!
//! One rule per finding code ([`Code::ALL`](crate::model::Code::ALL), the rule id is the code), one result per
//! failing or warning entry located at the entry's header in its claims file, with the source
//! passage (or each ambiguous occurrence) as a related location. Changed sources get a
//! `source-changed` result at the source file.
//!
//! Paths are relative to the repository's top level (uri base `SRCROOT`), which is what code
//! scanning resolves them against, so a project in a subfolder (`--root docs`) attaches its
//! alerts to `docs/claims/...`; the project root itself is declared as the uri base
//! `PROJECTROOT` (its path from `SRCROOT`). Rule help links are absolute (the repository's
//! README), so they work from any viewer.

use serde_json::{json, Value};

use super::common::{diff_plain, explanation, help_uri, repo_path, title};
use super::Reporter;
use crate::model::{Code, EntryResult, Report, Severity, SourceReport, Span};

/// Version of the SARIF format written.
pub const SARIF_VERSION: &str = "2.1.0";
/// The schema URI SARIF consumers expect in `$schema`.
pub const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Renders SARIF.
#[derive(Debug, Default)]
pub struct SarifReporter;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Pass => "note",
    }
}

fn rule_index(code: Code) -> usize {
    Code::ALL.iter().position(|&c| c == code).unwrap_or(0)
}

fn rules() -> Vec<Value> {
    Code::ALL
        .iter()
        .map(|&c| {
            let (id, description, uri) = (c.as_str(), c.description(), help_uri(c));
            json!({
                "id": id,
                "shortDescription": { "text": description },
                "helpUri": uri,
                "help": {
                    "text": format!("{description} See {uri}"),
                    "markdown": format!("{description} See [`{id}`]({uri})."),
                },
                "defaultConfiguration": { "level": level(c.default_severity()) },
            })
        })
        .collect()
}

/// The uri base every path of the report is relative to: the repository's top level.
const SRCROOT: &str = "SRCROOT";

/// An artifact location for `path` (relative to the project root), as a path from the
/// repository's top level.
fn artifact_location(report: &Report, path: &str) -> Value {
    json!({ "uri": repo_path(report, path), "uriBaseId": SRCROOT })
}

/// `originalUriBaseIds`: `SRCROOT`, the repository's top level (where the tool ran from is
/// not recorded: reports stay the same on every machine), and `PROJECTROOT`, the project
/// root as a path from it.
fn uri_bases(report: &Report) -> Value {
    let project = if report.project_dir.is_empty() {
        "./".to_string()
    } else {
        format!("{}/", report.project_dir)
    };
    json!({
        SRCROOT: {
            "description": { "text": "The repository's top level (the project root when it is in no git repository)." },
        },
        "PROJECTROOT": {
            "uri": project,
            "uriBaseId": SRCROOT,
            "description": { "text": "The citecheck project root (holds citecheck.toml, claims/ and sources/)." },
        },
    })
}

fn source_region(lines: [usize; 2], span: Span) -> Value {
    json!({
        "startLine": lines[0],
        "endLine": lines[1],
        "byteOffset": span.start,
        "byteLength": span.len(),
    })
}

fn entry_result(report: &Report, r: &EntryResult) -> Value {
    // A passing verdict whose only problem is a changed source is reported under that code.
    let rule = if r.status.severity() == Severity::Pass && r.source_changed {
        Code::SourceChanged
    } else {
        r.code
    };
    let mut message = format!("{}. {}", title(r), explanation(r));
    if let Some(e) = &r.evidence {
        message.push_str(&format!(" Evidence as cited: “{e}”."));
    }
    if let Some(d) = &r.diff {
        message.push_str(&format!(" Diff: {}", diff_plain(d)));
    }
    let mut related = Vec::new();
    if let Some(at) = r.found_in_file {
        // A document read through an extractor: the region is in the file itself (SARIF
        // viewers open the file), the page for a PDF, whose bytes have no lines to show.
        let mut text = format!("Passage in {}", r.source);
        if let Some(p) = at.page {
            text.push_str(&format!(", page {p}"));
        }
        let mut location = json!({ "artifactLocation": artifact_location(report, &r.source) });
        if let (Some(span), Some(line), Some(column)) = (at.span, at.line, at.column) {
            location["region"] = json!({
                "startLine": line,
                "startColumn": column,
                "byteOffset": span.start,
                "byteLength": span.len(),
            });
        }
        related.push(json!({
            "id": 1,
            "message": { "text": text },
            "physicalLocation": location,
        }));
    } else if let (Some(span), Some(lines)) = (r.found_span, r.found_lines) {
        related.push(json!({
            "id": 1,
            "message": { "text": format!("Passage in {}", r.source) },
            "physicalLocation": {
                "artifactLocation": artifact_location(report, &r.source),
                "region": source_region(lines, span),
            },
        }));
    }
    for (i, o) in r.occurrences.iter().enumerate() {
        related.push(json!({
            "id": i + 2,
            "message": { "text": format!("Occurrence {} in {}", i + 1, r.source) },
            "physicalLocation": {
                "artifactLocation": artifact_location(report, &r.source),
                "region": source_region(o.lines, o.span),
            },
        }));
    }
    let mut result = json!({
        "ruleId": rule,
        "ruleIndex": rule_index(rule),
        "level": level(r.severity()),
        "message": { "text": message },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": artifact_location(report, &r.file),
                "region": { "startLine": r.line, "startColumn": r.column },
            },
            "logicalLocations": [{ "name": r.id, "kind": "object" }],
        }],
        "partialFingerprints": { "citecheckEntry/v1": format!("{}#{}", r.file, r.id) },
        "properties": {
            "status": r.status.as_str(),
            "kind": r.kind.as_str(),
            "similarity": r.similarity,
            "sourceChanged": r.source_changed,
        },
    });
    if !related.is_empty() {
        result["relatedLocations"] = Value::Array(related);
    }
    result
}

fn source_result(report: &Report, s: &SourceReport) -> Value {
    json!({
        "ruleId": Code::SourceChanged,
        "ruleIndex": rule_index(Code::SourceChanged),
        "level": level(s.severity()),
        "message": {
            "text": format!("{} changed: {}.", s.path, super::common::source_change(s)),
        },
        "locations": [{
            "physicalLocation": { "artifactLocation": artifact_location(report, &s.path) },
        }],
        "partialFingerprints": { "citecheckSource/v1": s.path },
    })
}

/// A source as a SARIF artifact: its bytes' SHA-256 and size, and its provenance (how it was
/// read, where it was fetched from) as properties and, in one line, its description.
fn artifact(report: &Report, s: &SourceReport) -> Value {
    let mut a = json!({ "location": artifact_location(report, &s.path) });
    if !s.missing {
        a["length"] = json!(s.bytes);
        a["hashes"] = json!({ "sha-256": s.sha256 });
    }
    if let Some(p) = super::common::provenance_line(s) {
        a["description"] = json!({ "text": p });
    }
    let mut props = serde_json::Map::new();
    for (k, v) in [
        ("format", &s.format),
        ("extractor", &s.extractor),
        ("url", &s.url),
        ("finalUrl", &s.final_url),
        ("retrieved", &s.retrieved),
        ("versionUrl", &s.version_url),
        ("versionDate", &s.version_date),
    ] {
        if let Some(v) = v {
            props.insert(k.to_string(), json!(v));
        }
    }
    if !props.is_empty() {
        a["properties"] = Value::Object(props);
    }
    a
}

impl Reporter for SarifReporter {
    fn render(&self, report: &Report) -> String {
        let mut results: Vec<Value> = report
            .results
            .iter()
            .filter(|r| r.severity() != Severity::Pass)
            .map(|r| entry_result(report, r))
            .collect();
        results.extend(
            report
                .sources
                .iter()
                .filter(|s| s.severity() != Severity::Pass)
                .map(|s| source_result(report, s)),
        );
        let doc = json!({
            "$schema": SARIF_SCHEMA,
            "version": SARIF_VERSION,
            "runs": [{
                "tool": {
                    "driver": {
                        "name": report.tool.name,
                        "version": report.tool.version,
                        "rules": rules(),
                    },
                },
                "columnKind": "unicodeCodePoints",
                "originalUriBaseIds": uri_bases(report),
                "artifacts": report.sources.iter().map(|s| artifact(report, s)).collect::<Vec<_>>(),
                "results": results,
            }],
        });
        let mut s = serde_json::to_string_pretty(&doc)
            .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
        s.push('\n');
        s
    }
}
