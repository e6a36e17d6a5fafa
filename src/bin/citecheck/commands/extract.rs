//! `citecheck extract`: a source's text as citecheck matches it, or its map back to the file.

use std::fmt::Write as _;
use std::io::{IsTerminal, Write as _};

use citecheck::workflow::extract::Extraction;

use super::{in_project, Failure};
use crate::args::ExtractArgs;
use crate::output::print_safe;

/// Run `extract`.
pub fn run(args: ExtractArgs) -> Result<u8, Failure> {
    let extraction = in_project(&args.common, |p| {
        citecheck::workflow::extract::extract(p, &args.source)
    })?;
    if args.map {
        print_safe(&map(&extraction));
    } else if std::io::stdout().is_terminal() {
        // The text comes from the tree: control characters are shown escaped on a terminal.
        print_safe(&extraction.text);
    } else {
        // Into a file or a pipe, byte for byte: spans and pointers count these bytes (a PDF's
        // pages are separated by form feeds).
        let _ = std::io::stdout()
            .lock()
            .write_all(extraction.text.as_bytes());
    }
    Ok(0)
}

/// One line per mapped stretch: `TEXT_START-TEXT_END  FILE_START-FILE_END  LINE:COLUMN`, or
/// `page N` for PDF, after a header naming the source, its format and extractor.
fn map(e: &Extraction) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# sources/{}  format {}  extractor {}",
        e.id,
        e.format,
        e.extractor
            .as_deref()
            .unwrap_or("none (the file's own bytes)")
    );
    let _ = writeln!(out, "# text bytes -> file bytes, line:column (or page)");
    for (text, at) in &e.map {
        let _ = write!(out, "{}-{}", text.start, text.end);
        if let (Some(s), Some(l), Some(c)) = (at.span, at.line, at.column) {
            let _ = write!(out, "  {}-{}  {l}:{c}", s.start, s.end);
        }
        if let Some(p) = at.page {
            let _ = write!(out, "  page {p}");
        }
        out.push('\n');
    }
    out
}
