//! Reporters: one per format, behind [`Reporter`], each turning the [`Report`] model into text.
//! Reporters only render: the verdict is decided in `judge`, whether it fails in
//! `judge::Policy` (recorded in each result's `fails`), so no reporter re-decides either.

pub mod common;
pub mod github;
pub mod gitlab;
pub mod html;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;
pub mod text;
pub mod w3c;

use crate::model::{DupsFormat, DupsReport, Format, Report};

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
        Format::Gitlab => Box::new(gitlab::GitlabReporter),
        Format::Html => Box::new(html::HtmlReporter),
        Format::W3c => Box::new(w3c::W3cReporter),
    }
}

/// Render the result of `citecheck dups` in `format`.
pub fn render_dups(report: &DupsReport, format: DupsFormat) -> String {
    match format {
        DupsFormat::Text => text::render_dups(report),
        DupsFormat::Json => json::to_json(report),
    }
}
