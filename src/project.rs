//! The project a user keeps: root discovery, `citecheck.toml` settings, `citecheck.lock` pins.
//!
//! ```text
//! citecheck.toml   optional settings (thresholds, which verdicts fail, source metadata)
//! citecheck.lock   SHA-256 pins of every source, written by `citecheck lock`
//! sources/         the documents; a source's id is its path relative to sources/
//! claims/          *.toml files (any depth) declaring quotes and claims
//! reports/         where reports go
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, Error, Result};
use crate::judge::Status;

/// Name of the settings file.
pub const CONFIG_FILE: &str = "citecheck.toml";
/// Name of the lock file.
pub const LOCK_FILE: &str = "citecheck.lock";

/// A discovered project: its root folder, settings and lock.
#[derive(Debug, Clone)]
pub struct Project {
    /// The project folder (holds sources/ and claims/).
    pub root: PathBuf,
    /// Settings from citecheck.toml (defaults when absent).
    pub config: Config,
    /// Pins from citecheck.lock, when present.
    pub lock: Option<Lock>,
}

/// `citecheck.toml`. Unknown keys are errors: a typo must not silently disable a check.
#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// `[check]`: verdict thresholds and failure policy.
    pub check: CheckConfig,
    /// `[dups]`: duplicated-passage detection.
    pub dups: DupsConfig,
    /// `[sources."cable.txt"]`: provenance metadata per source id.
    pub sources: BTreeMap<String, SourceMeta>,
    /// `[report]`: what `citecheck report` writes.
    pub report: ReportConfig,
}

/// The JSON Schema of `citecheck.toml` (draft 2020-12), from the same types that read it: the
/// committed `docs/citecheck.schema.json` (editors such as Taplo use it for completion and
/// checking; a test keeps it current).
pub fn config_schema() -> String {
    let schema = schemars::schema_for!(Config);
    let mut json = serde_json::to_string_pretty(&schema).unwrap_or_default();
    json.push('\n');
    json
}

/// `[report]` settings.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ReportConfig {
    /// Formats `citecheck report` writes into reports/, one file each.
    pub formats: Vec<crate::report::Format>,
}

impl Default for ReportConfig {
    fn default() -> Self {
        use crate::report::Format;
        ReportConfig {
            formats: vec![
                Format::Json,
                Format::Html,
                Format::Markdown,
                Format::Sarif,
                Format::Junit,
            ],
        }
    }
}

/// `[check]` settings.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct CheckConfig {
    /// Statuses that fail the run in addition to the defaults (drifted, missing, ambiguous,
    /// unsupported): any of relocated, normalized, source_changed.
    pub fail_on: Vec<FailOn>,
    /// Lowest similarity a long quote may have and still count as drifted rather than missing.
    /// Shorter quotes need more (see the README's verdict rules).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub min_similarity: f64,
    /// Share of a claim's content words that its evidence must contain.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub support_threshold: f64,
}

impl Default for CheckConfig {
    fn default() -> Self {
        CheckConfig {
            fail_on: Vec::new(),
            min_similarity: 0.65,
            support_threshold: 0.6,
        }
    }
}

/// `[dups]` settings.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct DupsConfig {
    /// Shortest passage, in words, reported as duplicated.
    pub min_words: usize,
    /// Lowest word-level similarity for two passages to count as near duplicates.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub similarity: f64,
    /// Text never counted as part of a duplicate (boilerplate): each pattern's words, matched
    /// case-insensitively word by word after normalization, are masked out before the search.
    pub ignore: Vec<String>,
}

impl Default for DupsConfig {
    fn default() -> Self {
        DupsConfig {
            min_words: 8,
            similarity: 0.8,
            ignore: Vec::new(),
        }
    }
}

/// Provenance metadata a user declares for a source.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceMeta {
    /// Human title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Where it came from (URL, archive reference).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// When it was retrieved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retrieved: Option<String>,
}

/// A verdict kind that can be added to the failing set.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Deserialize,
    Serialize,
    clap::ValueEnum,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[value(rename_all = "snake_case")]
pub enum FailOn {
    /// Entries found elsewhere than their pointer.
    Relocated,
    /// Entries that match only after typographic normalization.
    Normalized,
    /// Entries whose source no longer matches their pin or the lock.
    SourceChanged,
    /// Drifted (always fails; accepted for completeness).
    Drifted,
    /// Missing (always fails).
    Missing,
    /// Ambiguous (always fails).
    Ambiguous,
    /// Unsupported (always fails).
    Unsupported,
}

impl FailOn {
    /// The status this names, if it is one (source_changed is a flag, not a status).
    pub fn status(self) -> Option<Status> {
        Some(match self {
            FailOn::Relocated => Status::Relocated,
            FailOn::Normalized => Status::Normalized,
            FailOn::Drifted => Status::Drifted,
            FailOn::Missing => Status::Missing,
            FailOn::Ambiguous => Status::Ambiguous,
            FailOn::Unsupported => Status::Unsupported,
            FailOn::SourceChanged => return None,
        })
    }
}

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

impl Project {
    /// Find the project from `start`: the nearest folder upward holding citecheck.toml or
    /// claims/, as cargo finds Cargo.toml.
    pub fn discover(start: &Path) -> Result<Project> {
        let start = start
            .canonicalize()
            .map_err(|e| Error::io(start.to_path_buf(), e))?;
        match find_root(&start) {
            Some(root) => Project::open(&root),
            None => Err(Error::NoProject(start)),
        }
    }

    /// Open the project rooted exactly at `root`, reading its settings and lock.
    pub fn open(root: &Path) -> Result<Project> {
        // A mistyped `--root` must not pass as an empty project that checks nothing.
        if !root.is_dir() {
            return Err(Error::io(
                root,
                std::io::Error::new(std::io::ErrorKind::NotFound, "no such project folder"),
            ));
        }
        let mut problems = Vec::new();
        let config = read_toml::<Config>(root, CONFIG_FILE, &mut problems)?.unwrap_or_default();
        let lock = read_toml::<Lock>(root, LOCK_FILE, &mut problems)?;
        for (name, value) in [
            ("check.min_similarity", config.check.min_similarity),
            ("check.support_threshold", config.check.support_threshold),
            ("dups.similarity", config.dups.similarity),
        ] {
            if !(0.0..=1.0).contains(&value) {
                problems.push(
                    Diagnostic::file(CONFIG_FILE, format!("`{name}` is {value}, outside [0, 1]"))
                        .help("use a fraction between 0 and 1"),
                );
            }
        }
        if !problems.is_empty() {
            // Report the claims' and sources' problems in the same run (with whatever settings
            // parsed): a user fixes everything in one pass, not one file per run.
            let fallback = Project {
                root: root.to_path_buf(),
                config,
                lock,
            };
            if let Err(Error::Invalid(more)) = crate::load(&fallback) {
                problems.extend(more);
            }
            problems.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
            return Err(Error::Invalid(problems));
        }
        Ok(Project {
            root: root.to_path_buf(),
            config,
            lock,
        })
    }

    /// The sources/ folder.
    pub fn sources_dir(&self) -> PathBuf {
        self.root.join("sources")
    }

    /// The claims/ folder.
    pub fn claims_dir(&self) -> PathBuf {
        self.root.join("claims")
    }
}

/// The nearest folder from `start` upward that holds citecheck.toml or claims/.
pub fn find_root(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|d| d.join(CONFIG_FILE).is_file() || d.join("claims").is_dir())
        .map(Path::to_path_buf)
}

/// The accepted key closest to the unknown one in serde's "unknown field `x`, expected one of
/// `a`, `b`" (or "expected `a` or `b`"), when one is close enough to be a typo.
fn did_you_mean(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("unknown field `")?;
    let mut names = rest.split('`').step_by(2);
    let unknown = names.next()?;
    crate::error::closest(unknown, names, strsim::jaro_winkler, 0.8)
}

/// Read and parse an optional TOML file of the project; a parse error becomes a diagnostic.
fn read_toml<T: serde::de::DeserializeOwned>(
    root: &Path,
    name: &str,
    problems: &mut Vec<Diagnostic>,
) -> Result<Option<T>> {
    let path = root.join(name);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(path, e)),
    };
    match toml::from_str::<T>(&text) {
        Ok(v) => Ok(Some(v)),
        Err(e) => {
            let span = e.span().map_or((0, 0), |r| (r.start, r.end));
            let guess = did_you_mean(e.message())
                .map(|k| format!("did you mean `{k}`? "))
                .unwrap_or_default();
            problems.push(
                Diagnostic::at(name, &text, span, e.message().to_string())
                    .label("here")
                    .help(format!(
                        "{guess}see the README's `{name}` section for the accepted keys"
                    )),
            );
            Ok(None)
        }
    }
}
