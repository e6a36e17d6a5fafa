//! Word diffs, as reports carry them.

use serde::{Deserialize, Serialize};

/// One piece of a word diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffOp {
    /// `equal`, `delete` (in the quote, not in the source) or `insert` (in the source only).
    pub op: DiffTag,
    /// The words (with their spacing).
    pub text: String,
}

/// Kind of a diff piece.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DiffTag {
    /// Same on both sides.
    Equal,
    /// Only in the old text (the quote).
    Delete,
    /// Only in the new text (the source).
    Insert,
}
