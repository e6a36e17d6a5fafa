//! PDF documents, read page by page.
//!
//! Two engines read a page's text ([`PdfEngine`]): the built-in one, the pure-Rust
//! `pdf-extract` crate (on `lopdf`), which places each glyph by the text matrix and the font's
//! widths (the standard 14 fonts' metrics built in) and maps codes to text through ToUnicode
//! CMaps, simple encodings with Differences, and embedded Type1/CFF encodings; or poppler's
//! `pdftotext`, when installed, for documents the built-in reader reads poorly.
//!
//! The built-in engine lays the glyphs out itself (`output`): as `pdf-extract` would, except
//! that smaller glyphs raised or lowered off the line are superscripts and subscripts, kept
//! apart from ordinary text (`10⁴`, not `104`). `pdftotext`'s text is taken as it gives it
//! (plain text, without glyph sizes or positions to tell a superscript by).
//!
//! Both engines' page texts then go through the same clean-up ([`clean`]): ligature glyphs
//! become letters, running headers and footers go, words hyphenated at a line end are joined,
//! and lines within a paragraph stay lines (citecheck's matching treats any run of whitespace
//! alike, so a quote that wraps in the PDF still matches).
//!
//! The text is the pages in order, each page's lines joined by `\n`, and pages separated by a
//! form feed (`\u{c}`, as `pdftotext` separates them): [`Extracted::pages`] holds the offset
//! where each page's text starts (just after the form feed), so [`Extracted::page_of`] names
//! the page of any match. [`Extracted::origin`] stays empty: a PDF's bytes are compressed
//! content streams that no auditor reads, so positions in a PDF are pages.

mod builtin;
pub mod clean;
mod output;
mod pdftotext;

use super::{ExtractError, Extracted, OriginMap, PdfEngine};

/// The name a PDF error gives its format.
const FORMAT: &str = "PDF";

/// Extract the text of a PDF document, page by page, with `engine`.
///
/// Errors: [`ExtractError::Malformed`] for a file that is not a readable PDF (corrupt,
/// truncated, encrypted with a password, a structure the reader refuses such as a page tree
/// or form that contains itself, or a reader that took longer than the time limit);
/// [`ExtractError::NoText`] for a PDF without a text layer (a scan); [`ExtractError::Program`]
/// when `pdftotext` was asked for and cannot be run. Never panics on any input.
pub fn extract(bytes: &[u8], engine: PdfEngine) -> Result<Extracted, ExtractError> {
    let (pages, extractor) = match engine {
        PdfEngine::Builtin => (builtin::pages(bytes)?, builtin::EXTRACTOR.to_string()),
        PdfEngine::Pdftotext => pdftotext::pages(bytes)?,
    };
    if pages.is_empty() {
        return Err(ExtractError::Malformed {
            format: FORMAT,
            reason: "the document has no pages".into(),
        });
    }
    let cleaned = clean::clean(&pages);
    if cleaned.iter().all(|p| p.trim().is_empty()) {
        return Err(ExtractError::NoText {
            reason: format!(
                "none of the PDF's {} page(s) has a text layer (a scanned document?); \
                 run OCR on it (e.g. ocrmypdf) and cite the OCRed file",
                pages.len()
            ),
        });
    }
    let (text, starts) = clean::join(&cleaned);
    Ok(Extracted {
        text,
        origin: OriginMap::default(),
        pages: starts,
        extractor,
    })
}
