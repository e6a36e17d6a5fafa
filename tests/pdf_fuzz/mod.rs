//! The property the `extract_pdf` fuzz target checks (fuzz/fuzz_targets/extract_pdf.rs),
//! also run by tests/extract_pdf.rs on every input kept under
//! tests/fuzz_cases/extract_pdf/, so a fixed crash stays fixed: any bytes read as a PDF by the
//! built-in engine give an error or a well-formed extraction — never a panic, an abort
//! (stack overflow) or a hang.

#![allow(dead_code)]

use citecheck::extract::{pdf, PdfEngine};

/// Panics when the property fails.
pub fn extract_pdf(data: &[u8]) {
    let Ok(e) = pdf::extract(data, PdfEngine::Builtin) else {
        return;
    };
    // Pages start at 0, in order, on character boundaries, each after a form feed.
    assert_eq!(e.pages.first(), Some(&0));
    assert!(e.pages.windows(2).all(|w| w[0] < w[1]));
    for (i, &start) in e.pages.iter().enumerate() {
        assert!(e.text.is_char_boundary(start));
        assert_eq!(e.page_of(start), Some(i + 1));
        if i > 0 {
            assert_eq!(&e.text[start - 1..start], "\u{c}");
        }
    }
    assert_eq!(e.text.matches('\u{c}').count() + 1, e.pages.len());
    // Ligature glyphs are letters by now; some text is there (else NoText).
    assert!(!e
        .text
        .chars()
        .any(|c| ('\u{fb00}'..='\u{fb06}').contains(&c)));
    assert!(!e.text.trim().is_empty());
    assert!(e.origin.is_empty());
    assert!(e.extractor.starts_with("pdf-extract "));
}
