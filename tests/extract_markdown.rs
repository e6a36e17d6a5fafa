//! The Markdown reader on notes about the seed's cable (`tests/fixtures/markdown/notes.md`):
//! matched on the rendered words, with markup, code, comments and metadata gone, and every
//! word mapped back to the file.

use citecheck::extract::markdown;

const NOTES: &str = include_str!("fixtures/markdown/notes.md");

#[test]
fn the_rendered_text_line_by_line() {
    let e = markdown::extract(NOTES.as_bytes()).expect("UTF-8");
    let want = [
        "Notes on the 2011 cable",
        "The State Department cable (released under FOIA) says the MEK has no significant \
         popular support inside Iran. Quoted defectors describe the MEK as a cult \u{2014} see \
         the list below.",
        "\u{201c}Nobody likes them.\u{201d}",
        "\u{201c}They have no support in Iran.\u{201d}",
        "Ankara, Baku, Berlin, Dubai and Istanbul",
        "Iranians queried tended to disbelieve the MEK's expressed allegiance",
        "Prices rose 5*3 times & more",
        "Post Feedback",
        "Ankara dismissive",
        "Dubai apathy shrug",
        "Line one ends hard",
        "line two follows.",
        "Inline HTML tags go, their text stays.",
    ];
    let got: Vec<&str> = e.text.lines().collect();
    assert_eq!(got, want);
    for gone in [
        "The MEK is a joke",
        "They are a terrorist organization",
        "They killed many people",
        "Camp Ashraf gate",
        "example.org",
        "title:",
        "```",
        "span",
    ] {
        assert!(!e.text.contains(gone), "{gone:?} read");
    }
    assert!(e.extractor.starts_with("pulldown-cmark "));
}

#[test]
fn words_map_back_to_their_markdown_source() {
    let e = markdown::extract(NOTES.as_bytes()).unwrap();
    let cases = [
        (
            "no significant popular support",
            "no significant popular support",
        ),
        ("released under FOIA", "released under FOIA"),
        ("MEK's", "MEK\\'s"),
        ("5*3", "5\\*3"),
        ("&", "&amp;"),
        ("\u{2014}", "&mdash;"),
        ("Notes on the 2011 cable", "Notes on the *2011* cable"),
        ("2011 cable", "2011* cable"),
        ("shrug", "shrug"),
    ];
    for (text, src) in cases {
        let at = e.text.find(text).unwrap_or_else(|| panic!("{text:?}"));
        let r = e.origin.span(at, at + text.len()).unwrap();
        // Markup inside the words is part of their range; markup around them is not.
        assert_eq!(&NOTES[r], src, "{text:?}");
    }
    // A quote spanning a soft line break maps to both lines.
    let s = "FOIA) says";
    let at = e.text.find(s).unwrap();
    let r = e.origin.span(at, at + s.len()).unwrap();
    assert_eq!(
        &NOTES[r],
        "FOIA](https://example.org/cable.pdf \"the PDF\"))\nsays"
    );
}
