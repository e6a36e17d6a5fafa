//! The report: the one model every output format renders.
//!
//! [`Report`] is what `check` returns; the JSON format is this struct serialized, so its fields
//! are documented here field by field and are the format's contract (`version` changes when a
//! field changes meaning). Reporters (one per format, behind [`Reporter`]) only render: they
//! never re-decide a verdict.

pub mod common;
pub mod diff;
pub mod github;
pub mod html;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;
pub mod text;
pub mod w3c;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::claims::Kind;
use crate::dups::Cluster;
use crate::judge::Status;
use crate::locate::DiffOp;

/// Version of the JSON report format.
pub const REPORT_VERSION: u32 = 1;

/// The result of a run.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Report {
    /// Report format version ([`REPORT_VERSION`]).
    pub version: u32,
    /// The tool that wrote it.
    pub tool: Tool,
    /// For a shard's report (`check --shard K/N`): which shard. Absent from a whole run's report.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub shard: Option<crate::shard::Shard>,
    /// Every source of the project, sorted by path.
    pub sources: Vec<SourceReport>,
    /// One result per entry, sorted by (claims file, line).
    pub results: Vec<EntryResult>,
    /// Counts.
    pub summary: Summary,
    /// Duplicated passages in the sources, sorted by first occurrence.
    #[serde(default)]
    pub duplicates: Vec<Cluster>,
}

/// The result of `citecheck dups`: the duplicated passages alone.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DupsReport {
    /// Report format version ([`REPORT_VERSION`]).
    pub version: u32,
    /// The tool that wrote it.
    pub tool: Tool,
    /// Number of sources searched.
    pub sources: usize,
    /// Duplicated passages, sorted by first occurrence.
    pub duplicates: Vec<Cluster>,
}

/// Output formats of `citecheck dups`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DupsFormat {
    /// Human-readable clusters with their diffs.
    Text,
    /// The [`DupsReport`] serialized.
    Json,
}

impl DupsReport {
    /// Render in `format`.
    pub fn render(&self, format: DupsFormat) -> String {
        match format {
            DupsFormat::Text => text::render_dups(self),
            DupsFormat::Json => json::to_json(self),
        }
    }
}

/// Another copy of the duplicated passage a quote was found in.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct AlsoAt {
    /// Source path relative to the project root.
    pub source: String,
    /// Byte span `[start, end)` of the copy.
    pub span: [usize; 2],
    /// Lines `[first, last]`, 1-based.
    pub lines: [usize; 2],
    /// True when the copy differs within the quoted words (the found text is not in it).
    pub differs: bool,
}

/// Name and version of the tool.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Tool {
    /// Always `citecheck`.
    pub name: String,
    /// The crate version.
    pub version: String,
}

/// Provenance of one source.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct SourceReport {
    /// Id used in claims files (path relative to sources/).
    pub id: String,
    /// Path relative to the project root (`sources/cable.txt`).
    pub path: String,
    /// Hex SHA-256 of the bytes checked.
    pub sha256: String,
    /// Size in bytes.
    pub bytes: u64,
    /// Number of lines.
    pub lines: usize,
    /// SHA-256 recorded in citecheck.lock, if the source is locked.
    pub locked_sha256: Option<String>,
    /// True when the lock or an entry's pin names another SHA-256.
    pub changed: bool,
    /// Declared title (citecheck.toml).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub title: Option<String>,
    /// Declared origin.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub origin: Option<String>,
    /// Declared retrieval date.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub retrieved: Option<String>,
    /// True when this source makes the run fail (`--locked` and not matching the lock).
    pub fails: bool,
    /// True when citecheck.lock pins this source but its file is gone (`sha256` is then empty).
    #[serde(default)]
    pub missing: bool,
}

/// One occurrence of a text in a source.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub struct Occurrence {
    /// Byte span `[start, end)`.
    pub span: [usize; 2],
    /// Lines `[first, last]`, 1-based.
    pub lines: [usize; 2],
}

/// The verdict on one entry.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct EntryResult {
    /// Entry id.
    pub id: String,
    /// `quote` or `claim`.
    pub kind: Kind,
    /// Stable finding code (`quote-drifted`).
    pub code: String,
    /// Claims file, relative to the project root.
    pub file: String,
    /// Line of the entry's `[[quote]]`/`[[claim]]` header.
    pub line: usize,
    /// Column of the header.
    pub column: usize,
    /// Source path relative to the project root (`sources/cable.txt`).
    pub source: String,
    /// The verdict.
    pub status: Status,
    /// True when this entry makes the run fail under the run's policy.
    pub fails: bool,
    /// Similarity of the found text in [0, 1] (1 for exact/normalized; null when missing).
    pub similarity: Option<f64>,
    /// The declared pointer as a byte span, if any.
    pub declared_span: Option<[usize; 2]>,
    /// The declared pointer as lines, if any.
    pub declared_lines: Option<[usize; 2]>,
    /// Where the text (or claim evidence) was found, in source bytes.
    pub found_span: Option<[usize; 2]>,
    /// Lines of `found_span`.
    pub found_lines: Option<[usize; 2]>,
    /// For `ambiguous`: every occurrence.
    pub occurrences: Vec<Occurrence>,
    /// The source differs from the entry's `sha256` pin or the lock.
    pub source_changed: bool,
    /// Word diff for drifted entries: `delete` = only in the entry, `insert` = only in the source.
    pub diff: Option<Vec<DiffOp>>,
    /// Claim terms missing from the evidence.
    pub missing_terms: Vec<String>,
    /// Other sources holding the text, when missing from its own.
    pub found_in: Vec<String>,
    /// The entry's text as declared.
    pub text: String,
    /// The source text at `found_span`.
    pub found_text: Option<String>,
    /// The entry's note.
    pub note: Option<String>,
    /// Source text just before `found_span` (same line, at most ~160 bytes), for reports that
    /// show the passage in context.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub context_before: Option<String>,
    /// Source text just after `found_span` (same line, at most ~160 bytes).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub context_after: Option<String>,
    /// `found_span` in Unicode code points `[start, end)`, as W3C TextPositionSelector wants.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub found_chars: Option<[usize; 2]>,
    /// Other copies of the duplicated passage holding the found text (see `dups`).
    #[serde(default)]
    pub also_at: Vec<AlsoAt>,
    /// True when some other copy differs within the quoted words.
    #[serde(default)]
    pub copies_differ: bool,
}

/// Counts for the whole run.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Summary {
    /// Number of entries.
    pub entries: usize,
    /// Count per status (every status present, zero included).
    pub statuses: BTreeMap<Status, usize>,
    /// Entries whose source changed.
    pub source_changed: usize,
    /// Number of sources.
    pub sources: usize,
    /// Sources that differ from the lock or a pin.
    pub sources_changed: usize,
    /// Entries and sources that fail the run.
    pub failed: usize,
}

impl Summary {
    /// The counts of `results` and `sources`.
    pub fn compute(results: &[EntryResult], sources: &[SourceReport]) -> Summary {
        let mut statuses: BTreeMap<Status, usize> = Status::ALL.iter().map(|&s| (s, 0)).collect();
        for r in results {
            *statuses.entry(r.status).or_default() += 1;
        }
        Summary {
            entries: results.len(),
            statuses,
            source_changed: results.iter().filter(|r| r.source_changed).count(),
            sources: sources.len(),
            sources_changed: sources.iter().filter(|s| s.changed).count(),
            failed: results.iter().filter(|r| r.fails).count()
                + sources.iter().filter(|s| s.fails).count(),
        }
    }
}

impl Report {
    /// Exit code a run with this report should end with: 0 nothing fails, 1 something does.
    pub fn exit_code(&self) -> i32 {
        i32::from(self.summary.failed > 0)
    }
}

/// Output formats.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Human-readable, grouped by status (colour on a terminal).
    Text,
    /// The report model, serialized.
    Json,
    /// GitHub-flavoured Markdown for a pull-request comment.
    Markdown,
    /// SARIF 2.1.0 for code-scanning UIs.
    Sarif,
    /// JUnit XML, one testcase per entry.
    Junit,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// One self-contained HTML page for auditors.
    Html,
    /// W3C Web Annotations (JSON-LD) with quote and position selectors.
    W3c,
}

impl Format {
    /// File name `citecheck report` writes this format to, inside reports/.
    pub fn file_name(self) -> &'static str {
        match self {
            Format::Text => "citecheck.txt",
            Format::Json => "citecheck.json",
            Format::Markdown => "citecheck.md",
            Format::Sarif => "citecheck.sarif",
            Format::Junit => "junit.xml",
            Format::Github => "github-annotations.txt",
            Format::Html => "citecheck.html",
            Format::W3c => "annotations.jsonld",
        }
    }
}

/// Renders a report in one format.
pub trait Reporter {
    /// Render `report`. Colour escape codes may be present; the caller strips them when the
    /// output is not a terminal.
    fn render(&self, report: &Report) -> String;
}

/// The reporter for `format`.
pub fn reporter(format: Format) -> Box<dyn Reporter> {
    match format {
        Format::Text => Box::new(text::TextReporter),
        Format::Json => Box::new(json::JsonReporter),
        Format::Markdown => Box::new(markdown::MarkdownReporter),
        Format::Sarif => Box::new(sarif::SarifReporter),
        Format::Junit => Box::new(junit::JunitReporter),
        Format::Github => Box::new(github::GithubReporter),
        Format::Html => Box::new(html::HtmlReporter),
        Format::W3c => Box::new(w3c::W3cReporter),
    }
}

/// Kind label used in text output.
pub(crate) fn kind_label(k: Kind) -> &'static str {
    k.as_str()
}
