//! Sources read through an extractor (HTML, Markdown, PDF; see [`crate::extract`]): the text
//! citecheck matches on comes from the extractor, and every position in it maps back to the
//! file, so a report can say where an auditor finds the words in the document they have.

use crate::cache::{Cache, Pieces, Reader};
use crate::error::Diagnostic;
use crate::extract::{self, ExtractError, Extracted, Format, OriginMap};
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
        let page = extract::page_of(&self.pages, span.start);
        let Some(r) = self.origin.span(span.start, span.end) else {
            return InFile {
                span: None,
                line: None,
                column: None,
                page,
            };
        };
        let (line, column) = self.raw_lines.line_col_bytes(&self.raw, r.start);
        InFile {
            span: Some(Span::new(r.start, r.end)),
            line: Some(line),
            column: Some(column),
            page,
        }
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

/// The cache folder's kind for extractions.
const CACHE_KIND: &str = "extract";

/// How to make a document citecheck cannot read into one it can, for every extraction
/// diagnostic.
const CONVERT: &str = "check that the file is what its extension says; or extract its text \
                       yourself and save it as a .txt source";

/// Bump when any extractor may read the same bytes into other text (a change here or an
/// updated extraction crate): cached extractions of older versions are then not used.
const EXTRACTION_VERSION: u32 = 3;

/// The cache key of `format`'s extraction of the bytes whose SHA-256 is `sha256`, with
/// `opts`, by this release: the text depends on all of them.
fn cache_key(sha256: &str, format: Format, opts: &extract::Options) -> String {
    let version = format!("{EXTRACTION_VERSION} {}", env!("CARGO_PKG_VERSION"));
    super::derived::key(sha256, format, opts, &version)
}

fn to_payload(e: &Extracted) -> Pieces<'_> {
    let mut p = Pieces::default();
    p.str(&e.extractor);
    p.str(&e.text);
    let pieces: Vec<_> = e.origin.pieces().collect();
    p.u64(pieces.len() as u64);
    for (t, o) in pieces {
        for v in [t.start, t.end, o.start, o.end] {
            p.u64(v as u64);
        }
    }
    p.u64(e.pages.len() as u64);
    for &page in &e.pages {
        p.u64(page as u64);
    }
    p
}

/// The extraction a payload holds, when it is whole and consistent (ranges in order and
/// within the text and file, pages ascending): anything else is a damaged entry, rebuilt.
fn from_payload(bytes: &[u8], file_len: usize) -> Option<Extracted> {
    let mut r = Reader(bytes);
    let extractor = r.str()?.to_string();
    let text = r.str()?.to_string();
    let mut origin = OriginMap::default();
    let mut last = 0;
    for _ in 0..r.usize()? {
        let (ts, te, os, oe) = (r.usize()?, r.usize()?, r.usize()?, r.usize()?);
        let sound = last <= ts && ts <= te && te <= text.len() && os <= oe && oe <= file_len;
        if !sound || !text.is_char_boundary(ts) || !text.is_char_boundary(te) {
            return None;
        }
        origin.push(ts..te, os..oe);
        last = te;
    }
    let mut pages = Vec::new();
    for _ in 0..r.usize()? {
        let p = r.usize()?;
        if p > text.len() || pages.last().is_some_and(|&l| l > p) || !text.is_char_boundary(p) {
            return None;
        }
        pages.push(p);
    }
    r.is_done().then_some(Extracted {
        text,
        origin,
        pages,
        extractor,
    })
}

/// Read `bytes`, the file `rel` in `format`, into its text and [`Document`]; a diagnostic
/// naming the file when it cannot be read. With a cache, an extraction of the same bytes by
/// the same extractor is read from it instead of parsing again.
pub(super) fn read(
    rel: &str,
    bytes: Vec<u8>,
    sha256: &str,
    format: Format,
    opts: &extract::Options,
    cache: Option<&Cache>,
) -> Result<(String, Document), Box<Diagnostic>> {
    let key = cache_key(sha256, format, opts);
    // What an extraction of `bytes` can hold: its text (a PDF's compressed streams inflate up
    // to about a thousandfold) and a 32-byte origin piece per few bytes of it. A larger entry
    // is not read (see `Cache::get`).
    let per_byte = if format == Format::Pdf { 1 << 15 } else { 64 };
    let bound = crate::cache::bound(bytes.len(), per_byte);
    let cached = cache
        .and_then(|c| c.get(CACHE_KIND, &key, bound))
        .and_then(|p| from_payload(&p, bytes.len()));
    let extracted = match cached {
        Some(e) => Ok(e),
        None => extract::extract(&bytes, format, opts).inspect(|e| {
            if let Some(c) = cache {
                c.put_parts(CACHE_KIND, &key, &to_payload(e).slices());
            }
        }),
    };
    let extracted = extracted.map_err(|e| {
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
