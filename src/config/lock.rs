//! `citecheck.lock`: the SHA-256 and size of every source when it was pinned.

use serde::{Deserialize, Serialize};

use super::settings::SourceMeta;

/// `citecheck.lock`: what each source's bytes were when pinned.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Lock {
    /// Lock format version.
    pub version: u32,
    /// One pin per source, sorted by path.
    #[serde(default, rename = "source")]
    pub sources: Vec<LockedSource>,
}

/// One source's pin.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct LockedSource {
    /// Source id: path relative to sources/.
    pub path: String,
    /// Hex SHA-256 of the bytes.
    pub sha256: String,
    /// Size in bytes.
    pub bytes: u64,
    /// For a document read by an extractor (HTML, Markdown, PDF): its name and version, which
    /// decide the text the bytes were matched as.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extractor: Option<String>,
    /// Declared provenance, copied from citecheck.toml.
    #[serde(flatten)]
    pub meta: SourceMeta,
}

impl Lock {
    /// The pin for source `id`.
    pub fn get(&self, id: &str) -> Option<&LockedSource> {
        self.sources.iter().find(|s| s.path == id)
    }

    /// Serialize as the lock file's text.
    pub fn to_toml(&self) -> String {
        let body = toml::to_string(self).unwrap_or_default();
        format!(
            "# citecheck.lock: SHA-256 pins of every source, written by `citecheck lock`.\n\
             # Commit it; `citecheck check --locked` fails when a source no longer matches.\n\n{body}"
        )
    }
}
