//! Output formats: what a report can be rendered as.

use serde::{Deserialize, Serialize};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
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
    /// GitLab Code Quality JSON, for merge-request widgets.
    Gitlab,
    /// One self-contained HTML page for auditors.
    Html,
    /// W3C Web Annotations (JSON-LD) with quote and position selectors.
    W3c,
}

impl Format {
    /// Every format, in the order `--help` lists them.
    pub const ALL: [Format; 9] = [
        Format::Text,
        Format::Json,
        Format::Markdown,
        Format::Sarif,
        Format::Junit,
        Format::Github,
        Format::Gitlab,
        Format::Html,
        Format::W3c,
    ];

    /// The name used on the command line and in citecheck.toml.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Markdown => "markdown",
            Format::Sarif => "sarif",
            Format::Junit => "junit",
            Format::Github => "github",
            Format::Gitlab => "gitlab",
            Format::Html => "html",
            Format::W3c => "w3c",
        }
    }

    /// One line saying what the format is for.
    pub fn description(self) -> &'static str {
        match self {
            Format::Text => "Human-readable, grouped by status (colour on a terminal)",
            Format::Json => "The report model, serialized",
            Format::Markdown => "GitHub-flavoured Markdown for a pull-request comment",
            Format::Sarif => "SARIF 2.1.0 for code-scanning UIs",
            Format::Junit => "JUnit XML, one testcase per entry",
            Format::Github => "GitHub Actions workflow commands (annotations)",
            Format::Gitlab => "GitLab Code Quality JSON, for merge-request widgets",
            Format::Html => "One self-contained HTML page for auditors",
            Format::W3c => "W3C Web Annotations (JSON-LD) with quote and position selectors",
        }
    }

    /// File name `citecheck report` writes this format to, inside reports/.
    pub fn file_name(self) -> &'static str {
        match self {
            Format::Text => "citecheck.txt",
            Format::Json => "citecheck.json",
            Format::Markdown => "citecheck.md",
            Format::Sarif => "citecheck.sarif",
            Format::Junit => "junit.xml",
            Format::Github => "github-annotations.txt",
            Format::Gitlab => "gl-code-quality-report.json",
            Format::Html => "citecheck.html",
            Format::W3c => "annotations.jsonld",
        }
    }
}

/// Output formats of `citecheck dups`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DupsFormat {
    /// Human-readable clusters with their diffs.
    Text,
    /// The duplicates report serialized.
    Json,
}

impl DupsFormat {
    /// Every format.
    pub const ALL: [DupsFormat; 2] = [DupsFormat::Text, DupsFormat::Json];

    /// The name used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            DupsFormat::Text => "text",
            DupsFormat::Json => "json",
        }
    }

    /// One line saying what the format is for.
    pub fn description(self) -> &'static str {
        match self {
            DupsFormat::Text => "Human-readable clusters with their diffs",
            // As `--help` has always put it (the words of the variant's first doc comment).
            DupsFormat::Json => {
                "The duplicate clusters as JSON (every copy, span, lines, similarity)"
            }
        }
    }
}
