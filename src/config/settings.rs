//! `citecheck.toml`: thresholds, the failure policy's additions, duplicate search settings,
//! source provenance and what `citecheck report` writes. Unknown keys are errors (with the
//! closest accepted key suggested): a typo must not silently disable a check. The one place
//! the defaults are written; `judge::Thresholds` and `judge::Policy` are built from these.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::extract::{Format as SourceFormat, HtmlMode, Options as ExtractOptions, PdfEngine};
use crate::model::{Convention, Format, Status};

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
    /// `[claims]`: how claims are judged beyond the built-in rules.
    pub claims: ClaimsConfig,
    /// `[cache]`: what is kept between runs in `.citecheck/cache`.
    pub cache: CacheConfig,
}

/// `[cache]` settings.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct CacheConfig {
    /// Bound on `.citecheck/cache`, in MiB: past it, the entries least recently used are
    /// deleted. A source's normalized text and word index take about 1.7 times its size, so
    /// the default (4096) keeps a 2 GB archive whole.
    #[schemars(range(min = 1))]
    pub max_mib: u64,
}

impl Default for CacheConfig {
    fn default() -> Self {
        CacheConfig {
            max_mib: crate::cache::DEFAULT_MAX_BYTES >> 20,
        }
    }
}

/// `[claims]` settings.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ClaimsConfig {
    /// Opposite word pairs added to the built-in lexicon of the `antonym` rule, e.g.
    /// `[["bullish", "bearish"]]` (any inflection of either word matches).
    pub antonyms: Vec<[String; 2]>,
    /// An external judge run once per check beside the rules: the program and its arguments.
    /// It reads a JSON request on stdin and answers JSON on stdout (see the README); the
    /// stricter of its verdict and the rules' decides. Empty: none.
    pub judge: Vec<String>,
    /// Seconds the external judge may take before the run fails (1 to 86400).
    #[schemars(range(min = 1, max = 86400))]
    pub judge_timeout: u64,
}

impl Default for ClaimsConfig {
    fn default() -> Self {
        ClaimsConfig {
            antonyms: Vec::new(),
            judge: Vec::new(),
            judge_timeout: 300,
        }
    }
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
    pub formats: Vec<Format>,
}

impl Default for ReportConfig {
    fn default() -> Self {
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
    /// The most bytes a source (or claims file) may hold; a larger one is refused with an
    /// error rather than read, so a hostile tree cannot exhaust memory. Default 256 MiB; at
    /// most 4 GiB - 1 (offsets into a source are 32-bit).
    #[schemars(range(min = 1, max = 4294967295u64))]
    pub max_source_bytes: u64,
    /// Lowest similarity a long quote may have and still count as drifted rather than missing.
    /// Shorter quotes need more (see the README's verdict rules).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub min_similarity: f64,
    /// Share of a claim's content words that its evidence must contain.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub support_threshold: f64,
    /// Editorial conventions a quote may use and still be accepted (see the README's
    /// "Quotation conventions"): any of elision, bracket, sic, emphasis, capital,
    /// nested-quotes, hyphenation, footnote. Default: all; `[]` (or `check --strict`) accepts
    /// only the source's words as they stand. A quote that needs a convention left out here is
    /// judged as plain text.
    pub conventions: Vec<Convention>,
    /// Most occurrences listed for one ambiguous quote, and most copies listed for one
    /// duplicated passage or one quote's other copies; the reports give the full count beside
    /// the list, so a source repeating a passage a million times cannot flood them (0 lists
    /// none: the counts alone).
    pub max_occurrences: usize,
}

impl Default for CheckConfig {
    fn default() -> Self {
        CheckConfig {
            fail_on: Vec::new(),
            max_source_bytes: crate::fs::DEFAULT_MAX_BYTES,
            min_similarity: 0.65,
            support_threshold: 0.6,
            conventions: Convention::ALL.to_vec(),
            max_occurrences: 100,
        }
    }
}

/// `[dups]` settings.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct DupsConfig {
    /// Shortest passage, in words, reported as duplicated (1 to 1000).
    #[schemars(range(min = 1, max = 1000))]
    pub min_words: usize,
    /// Lowest word-level similarity for two passages to count as near duplicates.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub similarity: f64,
    /// Text never counted as part of a duplicate (boilerplate): each pattern's words, matched
    /// case-insensitively word by word after normalization, are masked out before the search.
    pub ignore: Vec<String>,
}

impl ClaimsConfig {
    /// Longest `judge_timeout` accepted, in seconds (a day): beyond it a deadline would be
    /// meaningless, and far beyond it the clock's arithmetic overflows.
    pub const MAX_JUDGE_TIMEOUT: u64 = 24 * 60 * 60;
}

impl DupsConfig {
    /// The `min_words` accepted (in citecheck.toml and `dups --min-words`): the search holds
    /// work in proportion to it, and a passage of more than a thousand words is reported
    /// through its shorter parts anyway.
    pub const MIN_WORDS_RANGE: std::ops::RangeInclusive<usize> = 1..=1000;
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

impl Config {
    /// Every URL a source was fetched from (its recorded `url` and `final_url`), as compared
    /// ([`crate::fetch::url_key`]), with the source's id.
    pub fn fetched_urls(&self) -> impl Iterator<Item = (String, &str)> {
        self.sources.iter().flat_map(|(id, m)| {
            [&m.url, &m.final_url]
                .into_iter()
                .flatten()
                .map(move |u| (crate::fetch::url_key(u), id.as_str()))
        })
    }

    /// The source fetched from `url`, if any (see [`Config::fetched_urls`]).
    pub fn fetched_from(&self, url: &str) -> Option<&str> {
        let key = crate::fetch::url_key(url);
        self.fetched_urls()
            .find(|(k, _)| *k == key)
            .map(|(_, id)| id)
    }
}

/// What citecheck.toml says about one source (`[sources."NAME"]`): how to read it, and its
/// provenance — declared by the user, or recorded by `citecheck fetch`. Carried into
/// citecheck.lock and the reports.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceMeta {
    /// Human title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Where it came from (URL, archive reference).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// When it was retrieved (`fetch` writes UTC, RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retrieved: Option<String>,
    /// How to read the file, when its extension does not say (`text`, `html`, `markdown`,
    /// `pdf`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<SourceFormat>,
    /// For HTML: `main` (the main content, the default) or `all` (every visible text).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extract: Option<HtmlMode>,
    /// For PDF: `builtin` (the default) or `pdftotext` (poppler's, when installed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pdf: Option<PdfEngine>,
    /// The URL it was fetched from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The URL after redirects.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub final_url: Option<String>,
    /// The HTTP status of the fetch.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_status: Option<u16>,
    /// The response's Content-Type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// The response's ETag.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    /// The response's Last-Modified.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
    /// An archived snapshot of the page as cited (Robust Links: a web archive's memento URL).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version_url: Option<String>,
    /// The date of that snapshot.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version_date: Option<String>,
}

impl SourceMeta {
    /// The extraction settings these declare (defaults where silent).
    pub fn extract_options(&self) -> ExtractOptions {
        ExtractOptions {
            html: self.extract.unwrap_or_default(),
            pdf: self.pdf.unwrap_or_default(),
        }
    }
}

/// A verdict kind that can be added to the failing set.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
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
    /// Contradicted (always fails).
    Contradicted,
}

impl FailOn {
    /// Every value, in the order `--help` lists them.
    pub const ALL: [FailOn; 8] = [
        FailOn::Relocated,
        FailOn::Normalized,
        FailOn::SourceChanged,
        FailOn::Drifted,
        FailOn::Missing,
        FailOn::Ambiguous,
        FailOn::Unsupported,
        FailOn::Contradicted,
    ];

    /// The name used on the command line and in citecheck.toml.
    pub fn as_str(self) -> &'static str {
        match self {
            FailOn::Relocated => "relocated",
            FailOn::Normalized => "normalized",
            FailOn::SourceChanged => "source_changed",
            FailOn::Drifted => "drifted",
            FailOn::Missing => "missing",
            FailOn::Ambiguous => "ambiguous",
            FailOn::Unsupported => "unsupported",
            FailOn::Contradicted => "contradicted",
        }
    }

    /// One line saying what the value adds to the failing set.
    pub fn description(self) -> &'static str {
        match self {
            FailOn::Relocated => "Entries found elsewhere than their pointer",
            FailOn::Normalized => "Entries that match only after typographic normalization",
            FailOn::SourceChanged => "Entries whose source no longer matches their pin or the lock",
            FailOn::Drifted => "Drifted (always fails; accepted for completeness)",
            FailOn::Missing => "Missing (always fails)",
            FailOn::Ambiguous => "Ambiguous (always fails)",
            FailOn::Unsupported => "Unsupported (always fails)",
            FailOn::Contradicted => "Contradicted (always fails)",
        }
    }

    /// The status this names, if it is one (source_changed is a flag, not a status).
    pub fn status(self) -> Option<Status> {
        Some(match self {
            FailOn::Relocated => Status::Relocated,
            FailOn::Normalized => Status::Normalized,
            FailOn::Drifted => Status::Drifted,
            FailOn::Missing => Status::Missing,
            FailOn::Ambiguous => Status::Ambiguous,
            FailOn::Unsupported => Status::Unsupported,
            FailOn::Contradicted => Status::Contradicted,
            FailOn::SourceChanged => return None,
        })
    }
}

/// The accepted key closest to the unknown one in serde's "unknown field `x`, expected one of
/// `a`, `b`" (or "expected `a` or `b`"), when one is close enough to be a typo.
pub(crate) fn did_you_mean(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("unknown field `")?;
    let mut names = rest.split('`').step_by(2);
    let unknown = names.next()?;
    crate::error::closest(unknown, names, strsim::jaro_winkler, 0.8)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `--fail-on` (through `as_str`) and `fail_on` in citecheck.toml (through serde) accept
    /// the same names.
    #[test]
    fn fail_on_names_are_the_serialized_names() {
        for f in FailOn::ALL {
            let serialized = serde_json::to_string(&f).expect("serializes");
            assert_eq!(serialized, format!("\"{}\"", f.as_str()));
        }
    }
}
