//! Duplicated passages: passages repeated within or across sources.

use serde::{Deserialize, Serialize};

use super::diff::DiffOp;
use super::report::Tool;
use super::span::Span;

/// The result of `citecheck dups`: the duplicated passages alone.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DupsReport {
    /// Report format version ([`REPORT_VERSION`](super::REPORT_VERSION)).
    pub version: u32,
    /// The tool that wrote it.
    pub tool: Tool,
    /// Number of sources searched.
    pub sources: usize,
    /// Duplicated passages, sorted by first occurrence.
    pub duplicates: Vec<Cluster>,
}

/// One group of passages that repeat each other.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Cluster {
    /// Lowest word-level similarity of any occurrence to the first (1 for identical words;
    /// words compare case-insensitively, punctuation aside).
    pub similarity: f64,
    /// Number of words of the first occurrence.
    pub words: usize,
    /// The first occurrences, sorted by (source, position): every one, up to `[check]
    /// max_occurrences` (100 unless configured); `copies` has how many there are.
    pub occurrences: Vec<DupOccurrence>,
    /// How many occurrences the passage has, listed or not.
    #[serde(default)]
    pub copies: usize,
    /// For near duplicates, a word diff from the first occurrence (`delete`) to the occurrence
    /// least like it (`insert`); empty when the words are identical.
    pub diff: Vec<DiffOp>,
}

/// Where one copy of a duplicated passage is.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct DupOccurrence {
    /// Source path relative to the project root (`sources/cable.txt`).
    pub source: String,
    /// Byte span `[start, end)` in the source's original bytes.
    pub span: Span,
    /// Lines `[first, last]`, 1-based.
    pub lines: [usize; 2],
}
