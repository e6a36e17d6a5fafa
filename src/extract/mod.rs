//! Reading the documents people cite — HTML pages, Markdown files, PDFs — as the text
//! citecheck matches on, with a map from every position of that text back to the original
//! file, so a report can name the byte, line and column (or the page) an auditor will find.
//!
//! The lock pins the raw bytes; the text is derived from them by a named, versioned extractor
//! ([`Extracted::extractor`]), recorded beside the hash, so a verdict says both which bytes it
//! was checked against and how they were read.
//!
//! Plain text is not extracted here: it is decoded as it always was (see [`crate::source`]),
//! and its spans are its own bytes.
//!
//! One file per format: [`html`], [`markdown`], [`pdf`]; [`OriginMap`] in `map`; how
//! superscripts and subscripts are read in `script`.

pub mod html;
mod inline;
mod map;
pub mod markdown;
pub mod pdf;
mod script;

use serde::{Deserialize, Serialize};

pub use map::OriginMap;

/// What a source file is, chosen by its extension or by `format` in its citecheck.toml
/// `[sources."NAME"]` table.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Plain text, matched on its own bytes (`.txt`, `.text`, or no extension).
    Text,
    /// An HTML document (`.html`, `.htm`, `.xhtml`).
    Html,
    /// A CommonMark document, matched on its rendered text (`.md`, `.markdown`).
    Markdown,
    /// A PDF document, read page by page (`.pdf`).
    Pdf,
}

impl Format {
    /// Every format, in the order `--help` and errors list them.
    pub const ALL: [Format; 4] = [Format::Text, Format::Html, Format::Markdown, Format::Pdf];

    /// The format a file name's extension says, or the extension when no format claims it
    /// (the caller refuses the file, naming it).
    pub fn from_name(name: &str) -> Result<Format, String> {
        let file = name.rsplit('/').next().unwrap_or(name);
        let ext = match file.rsplit_once('.') {
            // A leading dot is a hidden file's name, not an extension (".notes" is text).
            Some((stem, ext)) if !stem.is_empty() => ext.to_ascii_lowercase(),
            _ => return Ok(Format::Text),
        };
        match ext.as_str() {
            "txt" | "text" => Ok(Format::Text),
            "html" | "htm" | "xhtml" => Ok(Format::Html),
            "md" | "markdown" => Ok(Format::Markdown),
            "pdf" => Ok(Format::Pdf),
            _ => Err(ext),
        }
    }

    /// The name used in citecheck.toml and reports.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "html",
            Format::Markdown => "markdown",
            Format::Pdf => "pdf",
        }
    }
}

/// How much of an HTML page is kept.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum HtmlMode {
    /// The main content: `<main>`, else `<article>` elements, else the densest block of text.
    #[default]
    Main,
    /// Every visible text of the page (chrome such as scripts and hidden elements still goes).
    All,
}

/// Which program reads a PDF's text.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum PdfEngine {
    /// The built-in pure-Rust reader.
    #[default]
    Builtin,
    /// poppler's `pdftotext`, when installed (chosen in config; recorded in the lock).
    Pdftotext,
}

/// Extraction settings of one source.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Options {
    /// How much of an HTML page is kept.
    pub html: HtmlMode,
    /// Which program reads PDFs.
    pub pdf: PdfEngine,
}

/// A document's text as citecheck matches it, and how to find each part of it in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extracted {
    /// The readable text: blocks separated by line breaks, entities decoded, markup gone.
    pub text: String,
    /// Where each byte of `text` came from in the original file (empty for PDF, whose
    /// bytes are compressed streams: positions there are pages).
    pub origin: OriginMap,
    /// For PDF: the byte offset in `text` where each page starts (page 1 first); empty for
    /// other formats.
    pub pages: Vec<usize>,
    /// The extractor's name, version and mode, as the lock records it
    /// (`html5ever 0.27 main-content`): a different extractor may read other words.
    pub extractor: String,
}

impl Extracted {
    /// The 1-based page holding byte `offset` of the text (PDF only).
    pub fn page_of(&self, offset: usize) -> Option<usize> {
        page_of(&self.pages, offset)
    }
}

/// The 1-based page holding byte `offset` of a text whose pages start at `pages` (`None`
/// when there are no pages: not a PDF).
pub fn page_of(pages: &[usize], offset: usize) -> Option<usize> {
    (!pages.is_empty()).then(|| pages.partition_point(|&p| p <= offset).max(1))
}

/// Why a document could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    /// The file is not a document of the format it claims (a corrupt PDF, ...).
    #[error("not a readable {format} file: {reason}")]
    Malformed {
        /// The format it was read as.
        format: &'static str,
        /// What the reader reported.
        reason: String,
    },
    /// The document has no text to match (a scanned PDF without a text layer, ...).
    #[error("no text could be extracted: {reason}")]
    NoText {
        /// Why (and what to do is the caller's help text).
        reason: String,
    },
    /// The configured external program could not be run.
    #[error("could not run `{program}`: {reason}")]
    Program {
        /// The program (`pdftotext`).
        program: &'static str,
        /// What failed.
        reason: String,
    },
}

/// Read `bytes`, a document of `format`, into the text citecheck matches on. Plain text is
/// the caller's (see the module docs): asking for it here is a programming error reported as
/// [`ExtractError::Malformed`], never a panic.
pub fn extract(bytes: &[u8], format: Format, opts: &Options) -> Result<Extracted, ExtractError> {
    match format {
        Format::Html => match html::extract_checked(bytes, opts.html) {
            Err(at) => Err(ExtractError::Malformed {
                format: "HTML",
                reason: format!(
                    "its elements nest more than {} deep (at byte {at} of its decoded \
                     text); no page a person reads does, and parsing it would take minutes",
                    html::depth::MAX_DEPTH
                ),
            }),
            Ok(e) => Ok(e),
        },
        Format::Markdown => markdown::extract(bytes),
        Format::Pdf => pdf::extract(bytes, opts.pdf),
        Format::Text => Err(ExtractError::Malformed {
            format: "text",
            reason: "plain text is decoded, not extracted".into(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_extension_and_the_rest_refused_by_name() {
        assert_eq!(Format::from_name("cable.txt"), Ok(Format::Text));
        assert_eq!(Format::from_name("dir/README"), Ok(Format::Text));
        assert_eq!(Format::from_name(".notes"), Ok(Format::Text));
        assert_eq!(Format::from_name("page.HTM"), Ok(Format::Html));
        assert_eq!(Format::from_name("a.b/notes.md"), Ok(Format::Markdown));
        assert_eq!(Format::from_name("cable.pdf"), Ok(Format::Pdf));
        assert_eq!(Format::from_name("scan.docx"), Err("docx".to_string()));
    }

    #[test]
    fn pages_are_counted_from_one() {
        let e = Extracted {
            text: "one\u{c}two\u{c}three".into(),
            origin: OriginMap::default(),
            pages: vec![0, 4, 8],
            extractor: String::new(),
        };
        assert_eq!(e.page_of(0), Some(1));
        assert_eq!(e.page_of(3), Some(1));
        assert_eq!(e.page_of(4), Some(2));
        assert_eq!(e.page_of(12), Some(3));
    }
}
