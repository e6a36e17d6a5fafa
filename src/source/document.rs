//! Sources read through an extractor (HTML, Markdown, PDF; see [`crate::extract`]): the text
//! citecheck matches on comes from the extractor, and every position in it maps back to the
//! file, so a report can say where an auditor finds the words in the document they have.

use crate::error::Diagnostic;
use crate::extract::{self, ExtractError, Format, OriginMap};
use crate::model::{InFile, Span};
use crate::text::LineIndex;

/// How a source's text was extracted from its file, and the way back.
#[derive(Debug)]
pub struct Document {
    /// The file's format.
    pub format: Format,
    /// The extractor's name, version and mode (recorded in the lock).
    pub extractor: String,
    origin: OriginMap,
    pages: Vec<usize>,
    /// The file's bytes (not for PDF: its positions are pages), to count lines and columns.
    raw: Vec<u8>,
    raw_lines: LineIndex,
}

impl Document {
    /// Where the extracted text's bytes `span` are in the file.
    pub fn in_file(&self, span: Span) -> InFile {
        let page = (!self.pages.is_empty())
            .then(|| self.pages.partition_point(|&p| p <= span.start).max(1));
        let Some(r) = self.origin.span(span.start, span.end) else {
            return InFile {
                span: None,
                line: None,
                column: None,
                page,
            };
        };
        let line = self.raw_lines.line_of(r.start);
        let start = self
            .raw_lines
            .span_of_lines(&self.raw, line, line)
            .map_or(0, |l| l.0);
        let column = String::from_utf8_lossy(&self.raw[start.min(r.start)..r.start])
            .chars()
            .count()
            + 1;
        InFile {
            span: Some(Span::new(r.start, r.end)),
            line: Some(line),
            column: Some(column),
            page,
        }
    }

    /// The 1-based page holding byte `at` of the extracted text (PDF only).
    pub fn page_of(&self, at: usize) -> Option<usize> {
        (!self.pages.is_empty()).then(|| self.pages.partition_point(|&p| p <= at).max(1))
    }

    /// Byte offsets in the extracted text where each page starts (PDF only).
    pub fn pages(&self) -> &[usize] {
        &self.pages
    }

    /// The map from extracted text to file bytes (empty for PDF).
    pub fn origin(&self) -> &OriginMap {
        &self.origin
    }
}

/// How to make a document citecheck cannot read into one it can, for every extraction
/// diagnostic.
const CONVERT: &str = "check that the file is what its extension says; or extract its text \
                       yourself and save it as a .txt source";

/// Read `bytes`, the file `rel` in `format`, into its text and [`Document`]; a diagnostic
/// naming the file when it cannot be read.
pub(super) fn read(
    rel: &str,
    bytes: Vec<u8>,
    format: Format,
    opts: &extract::Options,
) -> Result<(String, Document), Box<Diagnostic>> {
    let extracted = extract::extract(&bytes, format, opts).map_err(|e| {
        let help = match &e {
            ExtractError::Program { .. } => {
                "install it, or read PDFs with the built-in reader: remove `pdf = \"pdftotext\"` \
                 from this source's table in citecheck.toml"
            }
            ExtractError::NoText { .. } => {
                "a scanned document has no text layer: run OCR on it (e.g. `ocrmypdf`) and \
                 cite the result"
            }
            ExtractError::Malformed { .. } => CONVERT,
        };
        Box::new(Diagnostic::file(rel, format!("{} source: {e}", format.name())).help(help))
    })?;
    let raw = if format == Format::Pdf {
        Vec::new()
    } else {
        bytes
    };
    let doc = Document {
        format,
        extractor: extracted.extractor,
        origin: extracted.origin,
        pages: extracted.pages,
        raw_lines: LineIndex::new(&raw),
        raw,
    };
    Ok((extracted.text, doc))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html_like() -> Document {
        // "<p>Tom &amp; Jerry</p>\n<p>caf\u{e9} run</p>" extracted as "Tom & Jerry\ncafé run".
        let raw = "<p>Tom &amp; Jerry</p>\n<p>caf\u{e9} run</p>"
            .as_bytes()
            .to_vec();
        let mut origin = OriginMap::default();
        origin.push(0..4, 3..7);
        origin.push(4..5, 7..12);
        origin.push(5..11, 12..18);
        origin.push(12..21, 26..35);
        Document {
            format: Format::Html,
            extractor: "test".into(),
            origin,
            pages: Vec::new(),
            raw_lines: LineIndex::new(&raw),
            raw,
        }
    }

    #[test]
    fn positions_map_to_the_file_with_line_and_column_in_characters() {
        let d = html_like();
        let at = d.in_file(Span::new(6, 11));
        assert_eq!(at.span, Some(Span::new(13, 18)));
        assert_eq!((at.line, at.column, at.page), (Some(1), Some(14), None));
        // "run" on line 2, after "<p>café " (8 characters, 9 bytes).
        let at = d.in_file(Span::new(18, 21));
        assert_eq!(at.span, Some(Span::new(32, 35)));
        assert_eq!((at.line, at.column), (Some(2), Some(9)));
    }

    #[test]
    fn pdf_positions_are_pages() {
        let d = Document {
            format: Format::Pdf,
            extractor: "test".into(),
            origin: OriginMap::default(),
            pages: vec![0, 10, 20],
            raw: Vec::new(),
            raw_lines: LineIndex::new(b""),
        };
        let at = d.in_file(Span::new(12, 15));
        assert_eq!((at.span, at.line, at.page), (None, None, Some(2)));
    }
}
