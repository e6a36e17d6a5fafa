//! The result of a run, as every format renders it and the JSON format serializes it.
//!
//! [`Report`] is what `check` returns; the JSON format is this struct serialized, so its fields
//! are documented here field by field and are the format's contract (`version` changes when a
//! field changes meaning).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::code::Code;
use super::convention::Convention;
use super::diff::DiffOp;
use super::dups::Cluster;
use super::finding::Finding;
use super::shard::Shard;
use super::span::Span;
use super::verdict::{Kind, Severity, Status};

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
    pub shard: Option<Shard>,
    /// Every source of the project, sorted by path.
    pub sources: Vec<SourceReport>,
    /// One result per entry, sorted by (claims file, line).
    pub results: Vec<EntryResult>,
    /// Counts.
    pub summary: Summary,
    /// Duplicated passages in the sources, sorted by first occurrence.
    #[serde(default)]
    pub duplicates: Vec<Cluster>,
    /// Where the project root is in its git repository: its path from the repository's top
    /// level, `/`-separated (`docs`). Empty (and left out) when the project root is the top
    /// level or is in no repository. Every other path of the report is relative to the
    /// project root; the SARIF, GitHub and GitLab formats prefix this so their paths name the
    /// repository's files, as code-scanning and merge-request views expect.
    #[serde(skip_serializing_if = "String::is_empty", default)]
    pub project_dir: String,
}

/// Another copy of the duplicated passage a quote was found in.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct AlsoAt {
    /// Source path relative to the project root.
    pub source: String,
    /// Byte span `[start, end)` of the copy.
    pub span: Span,
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
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
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
    /// Declared retrieval date (for a fetched source: when, UTC).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub retrieved: Option<String>,
    /// How the file was read: `html`, `markdown` or `pdf` (absent for plain text).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub format: Option<String>,
    /// The extractor that read it (name, version, mode), as the lock records it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub extractor: Option<String>,
    /// The URL it was fetched from.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub url: Option<String>,
    /// The URL after redirects, when it differs.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub final_url: Option<String>,
    /// An archived snapshot of the page as cited (Robust Links).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub version_url: Option<String>,
    /// The date of that snapshot.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub version_date: Option<String>,
    /// True when this source makes the run fail (`--locked` and not matching the lock).
    pub fails: bool,
    /// True when citecheck.lock pins this source but its file is gone (`sha256` is then empty).
    #[serde(default)]
    pub missing: bool,
    /// The entries whose `sha256` pin names other bytes than the source has now (what makes
    /// a source `changed` when the lock agrees with it), each with the hash it pins.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub stale_pins: Vec<StalePin>,
}

/// An entry whose `sha256` pin differs from its source's bytes (see
/// [`SourceReport::stale_pins`]).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct StalePin {
    /// Entry id.
    pub id: String,
    /// Claims file, relative to the project root.
    pub file: String,
    /// Line of the entry's header.
    pub line: usize,
    /// The SHA-256 the entry pins.
    pub sha256: String,
}

/// One occurrence of a text in a source.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub struct Occurrence {
    /// Byte span `[start, end)`.
    pub span: Span,
    /// Lines `[first, last]`, 1-based.
    pub lines: [usize; 2],
}

/// Where a text of a source read through an extractor (HTML, Markdown, PDF) is in the
/// original file, so an auditor can find it in the document they have: the spans of a report
/// count bytes of the extracted text (what `citecheck extract` prints), this counts the file.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub struct InFile {
    /// Byte range `[start, end)` in the file (absent for PDF, whose bytes are compressed
    /// streams).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub span: Option<Span>,
    /// 1-based line of the start in the file (absent for PDF).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub line: Option<usize>,
    /// 1-based column, in characters, of the start in the file (absent for PDF).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub column: Option<usize>,
    /// 1-based page (PDF only).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub page: Option<usize>,
}

/// The verdict on one entry.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct EntryResult {
    /// Entry id.
    pub id: String,
    /// `quote` or `claim`.
    pub kind: Kind,
    /// Stable finding code (`quote-drifted`).
    pub code: Code,
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
    pub declared_span: Option<Span>,
    /// The declared pointer as lines, if any.
    pub declared_lines: Option<[usize; 2]>,
    /// Where the text (or claim evidence) was found, in source bytes.
    pub found_span: Option<Span>,
    /// Lines of `found_span`.
    pub found_lines: Option<[usize; 2]>,
    /// For a source read through an extractor: where `found_span` is in the original file.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub found_in_file: Option<InFile>,
    /// For `ambiguous`: the first occurrences, at most `[check] max_occurrences` of them
    /// (100 unless configured); `occurrence_count` has how many there are.
    pub occurrences: Vec<Occurrence>,
    /// For `ambiguous`: how many occurrences there are, listed or not (absent when none).
    #[serde(skip_serializing_if = "is_zero", default)]
    pub occurrence_count: usize,
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
    /// For a claim: its `evidence` text as declared (what the cited passage said when cited).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub evidence: Option<String>,
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
    /// Other copies of the duplicated passage holding the found text (see `dups`): the first
    /// ones, at most `[check] max_occurrences`; `also_at_count` has how many there are.
    #[serde(default)]
    pub also_at: Vec<AlsoAt>,
    /// How many other copies there are, listed or not (absent when none).
    #[serde(skip_serializing_if = "is_zero", default)]
    pub also_at_count: usize,
    /// True when some other copy differs within the quoted words.
    #[serde(default)]
    pub copies_differ: bool,
    /// For a claim: the passage of its evidence (a sentence, or up to three adjacent ones)
    /// the verdict is about.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub evidence_passage: Option<Passage>,
    /// For a claim that is not supported: one finding per reason, each naming its rule, the
    /// claim's words and the evidence's words (`evidence_span` in source bytes).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub findings: Vec<Finding>,
    /// The external judge's opinion (`[claims] judge`), when one ran on this claim.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub judge: Option<Opinion>,
    /// The declared pointer no longer fits the source, which changed since it was pinned (past
    /// its end, splitting a character, lines out of range): the text was looked for
    /// everywhere; `citecheck fix` repairs the pointer.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub stale_pointer: bool,
    /// For a quote: the editorial conventions its text needed to read as the source
    /// (`elision`, `bracket`, `sic`, `emphasis`, `capital`, `nested-quotes`, `hyphenation`,
    /// `footnote`), in [`Convention::ALL`] order; empty when it needed none. Always written.
    #[serde(default)]
    pub conventions: Vec<Convention>,
    /// For a short `missing` text (a quote, or a claim's evidence, of at most twelve words): the
    /// nearest text its source holds, too far from it to count as drift. A hint for the reader;
    /// the status stays `missing`. Absent when nothing near was found.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub closest: Option<Closest>,
}

/// The nearest text to a missing entry's text (see [`EntryResult::closest`]).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Closest {
    /// Byte span `[start, end)` in the source.
    pub span: Span,
    /// Lines `[first, last]`, 1-based.
    pub lines: [usize; 2],
    /// The source text at `span`.
    pub text: String,
    /// Word similarity of that text to the entry's, in [0, 1].
    pub similarity: f64,
}

/// A passage of a source: its bytes and its text.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Passage {
    /// Byte span in the source.
    pub span: Span,
    /// The source text there.
    pub text: String,
}

/// What an external judge (`[claims] judge`) said of a claim.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Opinion {
    /// The judge's name (its program, as configured).
    pub name: String,
    /// `supported`, `contradicted` or `unsupported`.
    pub status: Status,
    /// Its confidence, as it gave it (0-1), if it gave one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub score: Option<f64>,
    /// Its reason, in its words.
    #[serde(default)]
    pub rationale: String,
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

impl EntryResult {
    /// How this entry shows up: an error when the run's policy made it fail (recorded in
    /// `fails`), a warning when it passed but was relocated, normalized or its source changed.
    pub fn severity(&self) -> Severity {
        if self.fails {
            Severity::Error
        } else if self.source_changed || self.status.severity() != Severity::Pass {
            Severity::Warning
        } else {
            Severity::Pass
        }
    }
}

impl SourceReport {
    /// How this source's provenance shows up: an error when it fails the run (`--locked`), a
    /// warning when it changed.
    pub fn severity(&self) -> Severity {
        if self.fails {
            Severity::Error
        } else if self.changed {
            Severity::Warning
        } else {
            Severity::Pass
        }
    }
}

/// Serde's test for count fields left out when zero.
pub(crate) fn is_zero(n: &usize) -> bool {
    *n == 0
}
