//! PDF extraction (issue 14) on PDFs of the seed's cable generated here by
//! tests/pdf_writer: exact page texts, running header and page-number footer gone, a word
//! hyphenated at a line end joined, a ligature glyph read as letters, pages located; and
//! corrupt, hostile, encrypted and image-only files answered with errors, never panics.

mod common;
mod pdf_fuzz;
mod pdf_writer;

use citecheck::extract::{pdf, ExtractError, Extracted, PdfEngine};
use pdf_writer::{assemble, layout, BodyFont, Layout, Style};

/// The cable section of the seed document (shared/seed/000_8737ac8363dbb42b.txt, lines
/// 7-68), as the repository keeps it in sources/cable.txt: one paragraph a line.
fn cable() -> Vec<String> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/sources/cable.txt"))
        .expect("sources/cable.txt");
    let lines: Vec<&str> = text.lines().collect();
    let (start, end) = (0, lines.len() - 1);
    assert_eq!(lines[start], "UNCLASSIFIED");
    assert!(lines[end].starts_with("Post -2003:"));
    let mut paras: Vec<String> = lines[start..=end].iter().map(|s| s.to_string()).collect();
    // One "fi" printed as the U+FB01 ligature glyph (mapped by a ToUnicode CMap).
    let summary = paras
        .iter_mut()
        .find(|p| p.starts_with("Summary"))
        .expect("summary");
    assert!(summary.contains("significant"));
    *summary = summary.replacen("significant", "signi\u{fb01}cant", 1);
    paras
}

/// The cable laid out: 95 characters a line, 45 lines a page, one word hyphenated on page 2
/// or later.
fn cable_layout() -> Layout {
    let paras = cable();
    let refs: Vec<&str> = paras.iter().map(String::as_str).collect();
    layout(&refs, 95, 45, Some(1))
}

fn style(font: BodyFont) -> Style {
    Style {
        header: Some("UNCLASSIFIED".into()),
        page_numbers: true,
        font,
    }
}

/// What a reader must give for page `i`: the expected lines, the ligature as letters.
fn expected_page(lay: &Layout, i: usize) -> String {
    lay.page_text(i).replace('\u{fb01}', "fi")
}

fn page_texts(e: &Extracted) -> Vec<&str> {
    e.text.split('\u{c}').collect()
}

fn check_cable(font: BodyFont) {
    let lay = cable_layout();
    assert!(lay.printed.len() >= 4, "the cable fills several pages");
    let bytes = pdf_writer::pdf(&lay.printed, &style(font));
    let e = pdf::extract(&bytes, PdfEngine::Builtin).expect("the cable PDF reads");
    let pages = page_texts(&e);
    assert_eq!(pages.len(), lay.printed.len());
    assert_eq!(e.pages.len(), lay.printed.len());
    for (i, page) in pages.iter().enumerate() {
        assert_eq!(*page, expected_page(&lay, i), "page {}", i + 1);
        assert!(
            e.text[e.pages[i]..].starts_with(page),
            "page {} offset",
            i + 1
        );
    }
    assert!(e.origin.is_empty(), "PDF positions are pages, not bytes");
}

#[test]
fn the_cable_in_helvetica_reads_page_by_page_exactly() {
    check_cable(BodyFont::Helvetica);
}

#[test]
fn the_cable_in_a_type0_font_with_to_unicode_reads_page_by_page_exactly() {
    check_cable(BodyFont::Cid);
}

#[test]
fn running_header_and_page_numbers_go_but_the_same_words_in_the_body_stay() {
    let lay = cable_layout();
    let bytes = pdf_writer::pdf(&lay.printed, &style(BodyFont::Helvetica));
    let e = pdf::extract(&bytes, PdfEngine::Builtin).unwrap();
    // The cable's own first line is "UNCLASSIFIED", right under page 1's header: it stays.
    assert_eq!(e.text.matches("UNCLASSIFIED").count(), 1);
    assert!(e
        .text
        .starts_with("UNCLASSIFIED\nIRANIAN POPULAR ATTITUDES"));
    assert!(!e.text.contains("Page "), "no page-number footer left");
    assert!(!e.text.contains(" of 6"));
}

#[test]
fn a_word_hyphenated_at_a_line_end_is_joined_and_the_ligature_is_letters() {
    let lay = cable_layout();
    let word = lay.hyphenated.clone().expect("a hyphenated word");
    let half = &word[..word.len() / 2];
    let bytes = pdf_writer::pdf(&lay.printed, &style(BodyFont::Helvetica));
    // The PDF really shows the word in two halves.
    let printed = lay.printed.concat();
    assert!(printed.iter().any(|l| l.ends_with(&format!(" {half}-"))));
    let e = pdf::extract(&bytes, PdfEngine::Builtin).unwrap();
    assert!(!e.text.contains(&format!("{half}-\n")));
    let at = e
        .text
        .lines()
        .position(|l| l.ends_with(&format!(" {word}")))
        .expect("the word whole at the end of its line");
    assert!(at > 0);
    assert!(e.text.contains("has not significant popular support"));
    assert!(!e.text.contains('\u{fb01}'));
}

#[test]
fn a_sentence_from_page_2_is_found_on_page_2() {
    let lay = cable_layout();
    let bytes = pdf_writer::pdf(&lay.printed, &style(BodyFont::Helvetica));
    let e = pdf::extract(&bytes, PdfEngine::Builtin).unwrap();
    // Three lines from the middle of page 2, as a reader would quote them (spaces, not
    // line breaks): found in the text once its whitespace is the matcher's.
    let quote = lay.expected[1][10..13].join(" ");
    let flat: String = e
        .text
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    let at = flat
        .find(&quote)
        .expect("the page-2 sentence is in the text");
    assert_eq!(e.page_of(at), Some(2));
    assert_eq!(e.page_of(at + quote.len() - 1), Some(2));
    // And the first line of page 3 is on page 3.
    let p3 = e.text.find(&lay.expected[2][0]).unwrap();
    assert_eq!(e.page_of(p3), Some(3));
}

#[test]
fn the_extractor_names_the_crate_version_in_cargo_lock() {
    let lay = layout(&["One short page."], 95, 45, None);
    let plain = Style {
        header: None,
        page_numbers: false,
        font: BodyFont::Helvetica,
    };
    let bytes = pdf_writer::pdf(&lay.printed, &plain);
    let e = pdf::extract(&bytes, PdfEngine::Builtin).unwrap();
    let lock = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.lock")).unwrap();
    let version = lock
        .split("[[package]]")
        .find(|p| p.contains("name = \"pdf-extract\""))
        .and_then(|p| p.lines().find_map(|l| l.strip_prefix("version = ")))
        .map(|v| v.trim_matches('"').to_string())
        .expect("pdf-extract in Cargo.lock");
    // The crate's version, and the revision of citecheck's reading of its glyphs.
    let rest = e
        .extractor
        .strip_prefix(&format!("pdf-extract {version} ("));
    assert!(
        rest.is_some_and(|r| r.starts_with("rules ") && r.ends_with(')')),
        "{}",
        e.extractor
    );
    assert_eq!(e.text, "One short page.");
}

/// Errors of a kind, for each input; never a panic.
fn malformed(bytes: &[u8]) -> String {
    match pdf::extract(bytes, PdfEngine::Builtin) {
        Err(ExtractError::Malformed { format, reason }) => {
            assert_eq!(format, "PDF");
            reason
        }
        other => panic!("expected Malformed, got {other:?}"),
    }
}

#[test]
fn corrupt_and_truncated_files_are_errors_not_panics() {
    let lay = cable_layout();
    let good = pdf_writer::pdf(&lay.printed, &style(BodyFont::Helvetica));
    malformed(b"");
    malformed(b"%PDF-1.4\n");
    malformed(b"this is not a PDF at all");
    malformed(&good[..good.len() / 3]);
    // Every byte flipped in the middle third: a parse error or a page error, never a panic.
    let mut garbled = good.clone();
    let n = garbled.len();
    for b in &mut garbled[n / 3..2 * n / 3] {
        *b = b.wrapping_mul(31).wrapping_add(7);
    }
    let _ = pdf::extract(&garbled, PdfEngine::Builtin);
}

/// A one-page document built from raw objects; `page` is the page dictionary (object 3),
/// `extra` objects follow from number 4.
fn raw_doc(pages: &str, page: &str, extra: &[&str]) -> Vec<u8> {
    let mut objects = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        pages.to_string(),
        page.to_string(),
    ];
    objects.extend(extra.iter().map(|s| s.to_string()));
    assemble(&objects)
}

const FONT: &str =
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>";

#[test]
fn a_form_that_draws_itself_is_refused_not_recursed_into() {
    let content = "q /X1 Do Q";
    let bytes = raw_doc(
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /XObject << /X1 4 0 R >> >> /Contents 5 0 R >>",
        &[
            &format!("<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] /Length {} >>\nstream\n{content}\nendstream", content.len()),
            &format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        ],
    );
    let reason = malformed(&bytes);
    assert!(reason.contains("draws itself"), "{reason}");
}

#[test]
fn a_page_tree_that_contains_itself_is_an_error() {
    // The page's parent is a Pages node whose parent is itself.
    let bytes = raw_doc(
        "<< /Type /Pages /Kids [3 0 R] /Count 1 /Parent 2 0 R >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        &[FONT, "<< /Length 30 >>\nstream\nBT /F1 10 Tf 72 700 Td (x) Tj ET\nendstream"],
    );
    assert!(pdf::extract(&bytes, PdfEngine::Builtin).is_err());
    // Kids pointing back at the root: the reader's page walk must end.
    let bytes = raw_doc(
        "<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        &[FONT, "<< /Length 32 >>\nstream\nBT /F1 10 Tf 72 700 Td (hi) Tj ET\nendstream"],
    );
    let _ = pdf::extract(&bytes, PdfEngine::Builtin);
}

#[test]
fn a_huge_declared_stream_length_is_an_answer_not_a_hang() {
    let bytes = raw_doc(
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        &[FONT, "<< /Length 99999999999 >>\nstream\nBT /F1 10 Tf 72 700 Td (Hello there) Tj ET\nendstream"],
    );
    // Either the stream is recovered by its `endstream` and read, or the page is unreadable
    // (lopdf 0.42 drops the stream, so the page has no text): never other words, a panic or
    // a wait.
    match pdf::extract(&bytes, PdfEngine::Builtin) {
        Ok(e) => assert_eq!(e.text, "Hello there"),
        Err(e) => assert!(
            matches!(
                e,
                ExtractError::Malformed { .. } | ExtractError::NoText { .. }
            ),
            "{e:?}"
        ),
    }
}

#[test]
fn a_page_without_text_is_no_text() {
    // A page that only paints a rectangle: what a scan without OCR looks like to a reader.
    let bytes = raw_doc(
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        &["<< /Length 22 >>\nstream\n0 0 612 792 re f\nendstream"],
    );
    match pdf::extract(&bytes, PdfEngine::Builtin) {
        Err(ExtractError::NoText { reason }) => assert!(reason.contains("OCR"), "{reason}"),
        other => panic!("expected NoText, got {other:?}"),
    }
}

#[test]
fn an_encrypted_document_is_an_error() {
    // A standard security handler whose user password is not empty: unreadable without it.
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>".to_string(),
        "<< /Length 10 >>\nstream\n0123456789\nendstream".to_string(),
        format!(
            "<< /Filter /Standard /V 1 /R 2 /O <{}> /U <{}> /P -4 >>",
            "11".repeat(32),
            "22".repeat(32)
        ),
    ];
    let mut bytes = assemble(&objects);
    let text = String::from_utf8(bytes.clone()).unwrap();
    let text = text.replace("/Root 1 0 R >>", "/Root 1 0 R /Encrypt 5 0 R /ID [<0123456789ABCDEF0123456789ABCDEF> <0123456789ABCDEF0123456789ABCDEF>] >>");
    bytes = text.into_bytes();
    let reason = malformed(&bytes);
    assert!(
        reason.to_lowercase().contains("encrypt") || reason.to_lowercase().contains("password"),
        "{reason}"
    );
}

fn pdftotext_installed() -> bool {
    std::process::Command::new("which")
        .arg("pdftotext")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn the_pdftotext_engine_reads_the_cable_or_says_it_is_not_installed() {
    let lay = cable_layout();
    let bytes = pdf_writer::pdf(&lay.printed, &style(BodyFont::Helvetica));
    let got = pdf::extract(&bytes, PdfEngine::Pdftotext);
    if pdftotext_installed() {
        let e = got.expect("pdftotext reads the cable");
        assert!(e.extractor.starts_with("pdftotext "), "{}", e.extractor);
        let pages = page_texts(&e);
        assert_eq!(pages.len(), lay.printed.len());
        // poppler joins a hyphenated word's lines itself ("ordinary Iranians" on one line):
        // the words and their order are the same, line breaks may differ (the matcher reads
        // any whitespace as one space).
        let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        for (i, page) in pages.iter().enumerate() {
            assert_eq!(
                words(page),
                words(&expected_page(&lay, i)),
                "page {}",
                i + 1
            );
        }
        let bad = pdf::extract(b"this is not a PDF", PdfEngine::Pdftotext);
        assert!(
            matches!(bad, Err(ExtractError::Malformed { .. })),
            "{bad:?}"
        );
    } else {
        match got {
            Err(ExtractError::Program { program, reason }) => {
                assert_eq!(program, "pdftotext");
                assert!(reason.contains("not installed"), "{reason}");
            }
            other => panic!("expected a Program error, got {other:?}"),
        }
    }
}

#[test]
fn a_structure_the_reader_panics_on_is_a_malformed_error() {
    // No MediaBox anywhere: pdf-extract 0.12 panics ("MediaBox"); the panic is caught (and
    // kept off stderr) and the page named.
    let bytes = raw_doc(
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        &[
            FONT,
            "<< /Length 32 >>\nstream\nBT /F1 10 Tf 72 700 Td (hi) Tj ET\nendstream",
        ],
    );
    let reason = malformed(&bytes);
    assert!(reason.starts_with("page 1:"), "{reason}");
    assert!(reason.contains("cannot read its content"), "{reason}");
}

/// The fuzz seed: three short pages of the cable (header, page numbers, a hyphenated word,
/// the ligature, both body fonts' resources), small enough for the fuzzer's input limit.
fn fuzz_seed() -> Vec<u8> {
    let paras = cable();
    let refs: Vec<&str> = paras.iter().take(3).map(String::as_str).collect();
    let lay = layout(&refs, 50, 6, Some(0));
    let pages: Vec<Vec<String>> = lay.printed.into_iter().take(3).collect();
    pdf_writer::pdf(&pages, &style(BodyFont::Helvetica))
}

#[test]
fn the_fuzz_seed_is_the_writers_and_every_kept_input_holds_the_property() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_cases/extract_pdf");
    let seed = fuzz_seed();
    assert!(
        seed.len() <= 8192,
        "the seed fits the fuzzer's input limit: {}",
        seed.len()
    );
    let path = dir.join("seed-cable-3-pages.pdf");
    if std::env::var_os("CITECHECK_BLESS").is_some() {
        std::fs::write(&path, &seed).unwrap();
    }
    assert_eq!(
        std::fs::read(&path).ok(),
        Some(seed.clone()),
        "CITECHECK_BLESS=1 rewrites it"
    );
    let e = pdf::extract(&seed, PdfEngine::Builtin).unwrap();
    assert_eq!(e.pages.len(), 3);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    for f in files {
        let data = std::fs::read(&f).unwrap();
        let outcome = std::panic::catch_unwind(|| pdf_fuzz::extract_pdf(&data));
        assert!(outcome.is_ok(), "{} fails its property again", f.display());
    }
}

/// A page whose superscripts and subscripts are smaller glyphs raised or lowered by text rise
/// (`Ts`) or by a moved text matrix (`Td` by the width of "The area was 50 km" in 12-point
/// Helvetica, 108.708 points), beside a heading whose smaller body text below it is the
/// next line, not a subscript.
fn scripts_pdf() -> Vec<u8> {
    let content = "BT /F1 12 Tf 14 TL 72 740 Td\n\
        (The army had 10) Tj /F1 7 Tf 5 Ts (4) Tj /F1 12 Tf 0 Ts ( soldiers in reserve.) Tj T*\n\
        (The area was 50 km) Tj /F1 8 Tf 108.708 4 Td (2) Tj \
        /F1 12 Tf 4.448 -4 Td ( in total.) Tj -113.156 -14 Td\n\
        (Rivers carry H) Tj /F1 7 Tf -3 Ts (2) Tj /F1 12 Tf 0 Ts (O every day.) Tj T*\n\
        (He came 1) Tj /F1 7 Tf 5 Ts (st) Tj /F1 12 Tf 0 Ts (place in the race.) Tj T*\n\
        (Most ordinary Iranians) Tj /F1 7 Tf 5 Ts (12) Tj /F1 12 Tf 0 Ts \
        ( were dismissive of the group in every survey.) Tj T*\n\
        ET\n\
        BT /F1 18 Tf 72 600 Td (A Heading 2024) Tj ET\n\
        BT /F1 10 Tf 72 582 Td (Body text 2025 under it.) Tj ET";
    let stream = format!(
        "<< /Length {} >>\nstream\n{content}\nendstream",
        content.len()
    );
    raw_doc(
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >>",
        &[&stream, FONT],
    )
}

#[test]
fn raised_and_lowered_small_glyphs_stay_apart_from_ordinary_text() {
    let e = pdf::extract(&scripts_pdf(), PdfEngine::Builtin).unwrap();
    // (The reader leaves a blank line where the baseline jumps: not what this is about.)
    let lines: Vec<&str> = e.text.lines().filter(|l| !l.is_empty()).collect();
    assert_eq!(
        lines,
        [
            "The army had 10\u{2074} soldiers in reserve.",
            "The area was 50 km\u{b2} in total.",
            "Rivers carry H\u{2082}O every day.",
            // No superscript form for `st`: kept as written, never fused into a word.
            "He came 1 st place in the race.",
            "Most ordinary Iranians\u{b9}\u{b2} were dismissive of the group in every survey.",
            "A Heading 2024",
            "Body text 2025 under it.",
        ],
        "{}",
        e.text
    );
}

#[test]
fn a_flattened_pdf_superscript_never_verifies_and_a_footnote_marker_may_be_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("sources")).unwrap();
    std::fs::create_dir_all(root.join("claims")).unwrap();
    std::fs::write(root.join("citecheck.toml"), "").unwrap();
    std::fs::write(root.join("sources/doc.pdf"), scripts_pdf()).unwrap();
    let claims = r#"
[[quote]]
id = "flat"
source = "doc.pdf"
text = "The army had 104 soldiers in reserve."

[[quote]]
id = "raised"
source = "doc.pdf"
text = "The army had 10⁴ soldiers in reserve."

[[quote]]
id = "footnote"
source = "doc.pdf"
text = "Most ordinary Iranians were dismissive of the group in every survey."
"#;
    std::fs::write(root.join("claims/c.toml"), claims).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_citecheck"))
        .args(["check", "--no-dups", "--format", "json", "--root"])
        .arg(root)
        .env("CITECHECK_CACHE_KEY", "citecheck tests")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let entry = |id: &str| common::result(&report, id).clone();
    let flat = entry("flat");
    assert!(
        flat["status"] != "verified" && flat["status"] != "normalized" && flat["fails"] == true,
        "{flat}"
    );
    assert_eq!(entry("raised")["status"], "verified");
    let note = entry("footnote");
    assert_eq!(note["fails"], false, "{note}");
    assert_eq!(
        note["conventions"],
        serde_json::json!(["footnote"]),
        "{note}"
    );
}

#[test]
fn a_smaller_raised_cell_further_along_the_line_is_not_a_superscript() {
    // Two table cells: the second in a smaller font, its baseline a little higher, 200 points
    // to the right of the first.
    let content = "BT /F1 12 Tf 72 700 Td (Soldiers) Tj ET\n\
                   BT /F1 9 Tf 272 702 Td (104) Tj ET";
    let stream = format!(
        "<< /Length {} >>\nstream\n{content}\nendstream",
        content.len()
    );
    let bytes = raw_doc(
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >>",
        &[&stream, FONT],
    );
    let e = pdf::extract(&bytes, PdfEngine::Builtin).unwrap();
    assert_eq!(e.text, "Soldiers 104");
}
