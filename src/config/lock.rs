//! `citecheck.lock`: the SHA-256 and size of every source when it was pinned.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::settings::SourceMeta;
use super::LOCK_FILE;
use crate::error::Diagnostic;

/// The lock format this citecheck reads and writes.
pub const LOCK_VERSION: u32 = 1;

/// How to repair any problem of the lock.
const RELOCK: &str = "citecheck.lock is written by `citecheck lock`: run it to rewrite the file \
                      (see the README's `citecheck lock` section)";

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
    /// The pin for source `id`. Found by bisection in a lock sorted by path (as loaded and as
    /// written); a lock built otherwise is still searched whole before a pin is said to be
    /// missing, since a missing pin must never be a wrong answer.
    pub fn get(&self, id: &str) -> Option<&LockedSource> {
        match self.sources.binary_search_by(|s| s.path.as_str().cmp(id)) {
            Ok(i) => Some(&self.sources[i]),
            Err(_) => self.sources.iter().find(|s| s.path == id),
        }
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

/// The places of what [`validate`] checks (every other key is ignored here: the lock already
/// parsed).
#[derive(Deserialize)]
struct Places {
    version: toml::Spanned<u32>,
    #[serde(default)]
    source: Vec<PlacedSource>,
}

#[derive(Deserialize)]
struct PlacedSource {
    path: toml::Spanned<String>,
}

/// Add to `problems` what is wrong in a lock that parsed (`lock`, whose text is `text`): a
/// version this citecheck does not read (its pins would be misread), a path that is not a
/// source id under sources/ (absolute, with `..`, `.` or an empty part, a backslash), and a
/// path pinned twice (which pin would hold?). Every problem is listed, each where it is written.
pub fn validate(lock: &Lock, text: &str, problems: &mut Vec<Diagnostic>) {
    let Ok(places) = toml::from_str::<Places>(text) else {
        return;
    };
    let at = |span: std::ops::Range<usize>, message: String| {
        Diagnostic::at(LOCK_FILE, text, (span.start, span.end), message)
            .label("here")
            .help(RELOCK)
    };
    if lock.version != LOCK_VERSION {
        problems.push(at(
            places.version.span(),
            format!(
                "citecheck.lock has version {}; this citecheck reads version {LOCK_VERSION}",
                lock.version
            ),
        ));
    }
    let mut first: BTreeMap<&str, std::ops::Range<usize>> = BTreeMap::new();
    for placed in &places.source {
        let path = placed.path.get_ref().as_str();
        let span = placed.path.span();
        if let Some(why) = not_a_source_id(path) {
            problems.push(at(
                span.clone(),
                format!("source path {path:?} {why}; a pin names a file under sources/"),
            ));
        }
        match first.get(path) {
            Some(earlier) => problems.push(
                at(span, format!("source path {path:?} is pinned twice")).related(
                    Diagnostic::at(
                        LOCK_FILE,
                        text,
                        (earlier.start, earlier.end),
                        "first pinned here",
                    )
                    .label("first pin"),
                ),
            ),
            None => {
                first.insert(path, span);
            }
        }
    }
}

/// Why `path` is not a source id (a path relative to sources/, with `/` between its parts).
fn not_a_source_id(path: &str) -> Option<&'static str> {
    if path.is_empty() {
        return Some("is empty");
    }
    if path.starts_with('/') || path.as_bytes().get(1) == Some(&b':') {
        return Some("is absolute");
    }
    if path.contains('\\') {
        return Some("has a backslash (parts are separated by `/`)");
    }
    if path.contains('\0') {
        return Some("has a NUL character");
    }
    path.split('/').find_map(|part| match part {
        ".." => Some("leaves sources/ (`..`)"),
        "." => Some("has a `.` part"),
        "" => Some("has an empty part (`//` or a trailing `/`)"),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pin_is_found_sorted_or_not() {
        let pin = |p: &str| LockedSource {
            path: p.into(),
            ..LockedSource::default()
        };
        let sorted = Lock {
            version: 1,
            sources: vec![pin("a.txt"), pin("b.txt"), pin("c.txt")],
        };
        let unsorted = Lock {
            version: 1,
            sources: vec![pin("c.txt"), pin("a.txt"), pin("b.txt")],
        };
        for lock in [&sorted, &unsorted] {
            for p in ["a.txt", "b.txt", "c.txt"] {
                assert_eq!(lock.get(p).map(|s| s.path.as_str()), Some(p));
            }
            assert!(lock.get("d.txt").is_none());
        }
    }

    #[test]
    fn only_plain_relative_paths_are_source_ids() {
        for bad in [
            "",
            "/etc/passwd",
            "C:/x",
            "a\\b",
            "../x",
            "a/../../b",
            "./a",
            "a//b",
            "a/",
        ] {
            assert!(not_a_source_id(bad).is_some(), "{bad:?}");
        }
        for good in ["a.txt", "dir/a b.html", "x..y/z.md", ".hidden/a"] {
            assert_eq!(not_a_source_id(good), None, "{good:?}");
        }
    }
}
