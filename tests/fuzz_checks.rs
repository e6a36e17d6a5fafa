//! The properties the fuzz targets (`fuzz/`) check, in one place: each fuzz target calls one of
//! these functions on its input, and `cargo test` runs them on every input kept under
//! `tests/fuzz_cases/<target>/` (inputs a fuzzer once found failing), so a fixed crash stays
//! fixed. Each function panics when its property fails.
//!
//! This file is both an integration test (the regression run below) and, through `#[path]`, a
//! module of each fuzz target.

#![allow(dead_code)]

use citecheck::dups::{find_duplicates, DupOptions};
use citecheck::judge::{locate_text, Query, Thresholds};
use citecheck::locate::{IndexLocator, Locator, Needle};
use citecheck::source::Source;

/// The claims loader: parsing any text collects problems and never panics; an entry it keeps
/// has an id.
pub fn claims(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut problems = Vec::new();
    let entries = citecheck::claims::parse_file("claims/fuzz.toml", text, &mut problems);
    for e in &entries {
        assert!(
            !e.id.is_empty() || !problems.is_empty(),
            "an entry without id and no problem"
        );
    }
}

/// Normalization and its offset map: every normalized range maps to a source range on
/// character boundaries, inside the text, starts in order; a source offset maps inside the
/// normal form.
pub fn normalize(data: &[u8]) {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    let n = citecheck::text::normalize(src);
    let norm = n.as_str();
    let mut last = 0;
    for (i, _) in norm
        .char_indices()
        .chain(std::iter::once((norm.len(), ' ')))
    {
        let (a, b) = n.to_source(i, norm.len());
        assert!(a <= b && b <= src.len(), "span [{a}, {b}) of {}", src.len());
        assert!(
            src.is_char_boundary(a) && src.is_char_boundary(b),
            "[{a}, {b}) splits a character"
        );
        assert!(a >= last, "starts go back: {a} after {last}");
        last = a;
    }
    for (i, _) in src.char_indices() {
        assert!(n.from_source(i) <= norm.len());
    }
}

/// The elision splitter: parts are pieces of the text, in order; stripping the ends keeps a
/// piece of the text; a needle builds from anything.
pub fn elision(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let stripped = citecheck::text::elision::strip_elision_ends(text);
    assert!(text.contains(stripped.text));
    let mut from = 0;
    for part in citecheck::text::elision::split_elisions(text) {
        let at = text[from..]
            .find(part)
            .expect("a part is a piece of the text, in order");
        from += at + part.len();
    }
    let _ = Needle::new(text);
}

/// The locator and the quote rules: the first line is the quote, the rest the source (the
/// whole input both when there is one line, so approximate paths run). Every span is inside
/// the source, on character boundaries.
pub fn locate(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (quote, source) = text.split_once('\n').unwrap_or((text, text));
    let source = Source::from_text("fuzz.txt", source.to_string());
    let needle = Needle::new(quote);
    let valid = |a: usize, b: usize| {
        a <= b
            && b <= source.len()
            && source.text().is_char_boundary(a)
            && source.text().is_char_boundary(b)
    };
    for m in IndexLocator.occurrences(&source, &needle) {
        assert!(valid(m.span.start, m.span.end), "occurrence {:?}", m.span);
    }
    if let Some(m) = IndexLocator.approximate(&source, &needle, None, 0.0) {
        assert!(valid(m.span.start, m.span.end), "approximate {:?}", m.span);
    }
    let q = Query {
        needle: &needle,
        region: None,
        prefix: None,
        suffix: None,
    };
    let v = locate_text(&IndexLocator, &source, &[], q, &Thresholds::default());
    for s in v.found.iter().chain(&v.occurrences) {
        assert!(valid(s.start, s.end), "verdict span {s:?}");
    }
}

/// The duplicate finder on two sources (the input split at its middle character): every
/// copy's span is inside its source, on character boundaries.
pub fn dups(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mid = text
        .char_indices()
        .nth(text.chars().count() / 2)
        .map_or(text.len(), |(i, _)| i);
    let (a, b) = text.split_at(mid);
    let sources = vec![
        Source::from_text("a.txt", a.to_string()),
        Source::from_text("b.txt", b.to_string()),
    ];
    let opts = DupOptions {
        min_words: 3,
        ..DupOptions::default()
    };
    for c in find_duplicates(&sources, &opts) {
        for o in &c.occurrences {
            let s = sources
                .iter()
                .find(|s| o.source.ends_with(&s.id))
                .expect("a copy names a source");
            assert!(o.span.start <= o.span.end && o.span.end <= s.len());
            assert!(
                s.text().is_char_boundary(o.span.start) && s.text().is_char_boundary(o.span.end)
            );
        }
    }
}

/// Every text byte of an extraction maps inside the file; `utf8`: the file was read as UTF-8
/// as it stands, so mapped ranges fall on its character boundaries.
fn extraction_maps_into(data: &[u8], e: &citecheck::extract::Extracted, utf8: bool) {
    let text = &e.text;
    for (i, c) in text.char_indices() {
        let r = e
            .origin
            .span(i, i + c.len_utf8())
            .expect("a character of the text maps");
        assert!(
            r.start <= r.end && r.end <= data.len(),
            "{r:?} of {}",
            data.len()
        );
        if let (true, Ok(s)) = (utf8, std::str::from_utf8(data)) {
            assert!(
                s.is_char_boundary(r.start) && s.is_char_boundary(r.end),
                "{r:?} splits a character"
            );
        }
    }
    let end = e.origin.start(text.len());
    assert!(end.is_none_or(|x| x <= data.len()));
}

/// The HTML reader: any bytes give text whose map stays in the file (on character
/// boundaries when the page is plain UTF-8), the same every time, in both modes.
pub fn extract_html(data: &[u8]) {
    use citecheck::extract::{html, HtmlMode};
    let head = String::from_utf8_lossy(&data[..data.len().min(1024)]).to_ascii_lowercase();
    let plain_utf8 = !head.contains("charset")
        && !data.starts_with(b"\xFF\xFE")
        && !data.starts_with(b"\xFE\xFF");
    for mode in [HtmlMode::Main, HtmlMode::All] {
        let e = html::extract(data, mode);
        extraction_maps_into(data, &e, plain_utf8);
        assert_eq!(e, html::extract(data, mode), "not deterministic");
    }
}

/// The Markdown reader: refuses exactly the files that are not UTF-8; otherwise its map stays
/// in the file on character boundaries.
pub fn extract_markdown(data: &[u8]) {
    let body = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    match citecheck::extract::markdown::extract(data) {
        Ok(e) => {
            assert!(
                std::str::from_utf8(body).is_ok(),
                "read a file that is not UTF-8"
            );
            extraction_maps_into(data, &e, true);
        }
        Err(err) => assert!(std::str::from_utf8(body).is_err(), "refused UTF-8: {err}"),
    }
}

/// A fuzz target's property.
type Property = fn(&[u8]);

/// Every kept input of every target still holds its property.
#[test]
fn kept_fuzz_inputs_hold() {
    let targets: [(&str, Property); 7] = [
        ("claims", claims),
        ("normalize", normalize),
        ("elision", elision),
        ("locate", locate),
        ("dups", dups),
        ("extract_html", extract_html),
        ("extract_markdown", extract_markdown),
    ];
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_cases");
    let mut ran = 0;
    for (name, check) in targets {
        let dir = root.join(name);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.expect("entry").path())
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        for f in files {
            let data = std::fs::read(&f).expect("read a kept input");
            let outcome = std::panic::catch_unwind(|| check(&data));
            assert!(outcome.is_ok(), "{} fails its property again", f.display());
            ran += 1;
        }
    }
    assert!(ran > 0, "no kept inputs under tests/fuzz_cases");
}
