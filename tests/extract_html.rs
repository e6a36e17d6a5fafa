//! The HTML reader on a page made from the seed document (`tests/fixtures/html/articles.html`):
//! an index page whose news intro and cable are `<article>` elements with teasers, beside
//! navigation, a site header and footer, a script quoting the cable, a style sheet, entities
//! and hidden blocks. The expected texts (`articles.main.txt`, `articles.all.txt`) were written
//! from the seed's lines by the script that wrote the page, not by this reader.

use citecheck::extract::{html, HtmlMode};

const PAGE: &str = include_str!("fixtures/html/articles.html");
const MAIN: &str = include_str!("fixtures/html/articles.main.txt");
const ALL: &str = include_str!("fixtures/html/articles.all.txt");

/// A sentence the page's `<script>` holds (the cable's quote left out of the article).
const SCRIPT_SENTENCE: &str = "The MEK is a joke";

/// Strip tags and decode the references the page uses, collapsing whitespace: what a reader
/// sees of a stretch of the page's source (independent of the reader under test).
fn as_read(src: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in src.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&rsquo;", "\u{2019}")
        .replace("&#8216;", "\u{2018}")
        .replace("&#8220;", "\u{201c}")
        .replace("&#x201D;", "\u{201d}")
        .replace("&ndash;", "\u{2013}")
        .replace("&copy;", "\u{a9}")
        .replace("&amp;", "&");
    out.split_ascii_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn main_mode_reads_both_articles_paragraph_by_paragraph() {
    let e = html::extract(PAGE.as_bytes(), HtmlMode::Main);
    let got: Vec<&str> = e.text.lines().collect();
    let want: Vec<&str> = MAIN.lines().collect();
    assert_eq!(got.len(), want.len(), "{}", e.text);
    for (g, w) in got.iter().zip(&want) {
        assert_eq!(g, w);
    }
    // The teaser is its own paragraph, the article's header kept with it.
    assert!(got[0].starts_with("US State Department claims no popular support"));
    assert!(got[1].starts_with("... A U.S. State Department document released in May 2011"));
    assert!(got.contains(&"Filed under MEK & USA"));
    assert!(got.contains(&"\u{201c}They have no support in Iran.\u{201d}"));
    assert!(e.extractor.starts_with("html5ever ") && e.extractor.contains(" main"));
}

#[test]
fn all_mode_adds_the_related_teaser_but_no_chrome() {
    let e = html::extract(PAGE.as_bytes(), HtmlMode::All);
    assert_eq!(e.text, ALL.trim_end());
    for chrome in [
        "Iran Interlink &",
        "Home",
        "Cables & documents",
        "All rights reserved",
    ] {
        assert!(!e.text.contains(chrome), "{chrome:?} in the text");
    }
}

#[test]
fn the_script_sentence_and_hidden_text_are_nowhere() {
    assert!(PAGE.contains(SCRIPT_SENTENCE));
    for mode in [HtmlMode::Main, HtmlMode::All] {
        let e = html::extract(PAGE.as_bytes(), mode);
        for gone in [
            SCRIPT_SENTENCE,
            "pull.length",
            "margin: 0",
            "Subscribe to read the full cable text",
            "a cached copy of this story",
            "MEK news",
        ] {
            assert!(!e.text.contains(gone), "{gone:?} read in {mode:?}");
        }
    }
}

#[test]
fn found_sentences_map_back_to_the_page_source() {
    let sentences = [
        // Entities (&rsquo;), line wraps and indentation inside the source range.
        "All Iranians queried tended to disbelieve the MEK\u{2019}s expressed allegiance to the \
         ideals of human rights and democracy, with even hardened Iranian oppositionists and \
         persecuted religious minorities such as the Iranian Baha\u{2019}i saying they would \
         prefer the current Iranian government to an MEK-affiliated one.",
        // Across an inline link and an entity.
        "Filed under MEK & USA",
        // Raw UTF-8 quotation marks.
        "\u{201c}to the extent Iranians know about this group they are far more likely to oppose \
         it than support it.\u{201d}",
        // Numeric references, hexadecimal and decimal.
        "\u{201c}They have no support in Iran.\u{201d}",
        "POPULAR FEEDBACK",
    ];
    for mode in [HtmlMode::Main, HtmlMode::All] {
        let e = html::extract(PAGE.as_bytes(), mode);
        for s in sentences {
            let at = e.text.find(s).unwrap_or_else(|| panic!("{s:?} not read"));
            let r = e.origin.span(at, at + s.len()).expect("mapped");
            let src = &PAGE[r.clone()];
            assert_eq!(as_read(src), s, "{r:?}");
            // The range is the sentence itself: no markup or space around it.
            assert!(!src.starts_with(['<', ' ', '\n']) && !src.ends_with(['>', ' ', '\n']));
        }
        // Every word of the text maps back to source that reads as that word.
        let mut at = 0;
        for w in e.text.split([' ', '\n']) {
            let start = at;
            at += w.len() + 1;
            if w.is_empty() {
                continue;
            }
            let r = e.origin.span(start, start + w.len()).expect("mapped");
            assert_eq!(as_read(&PAGE[r]), w);
        }
    }
}

#[test]
fn positions_name_the_line_of_the_page() {
    let e = html::extract(PAGE.as_bytes(), HtmlMode::Main);
    let s = "POPULAR FEEDBACK";
    let at = e.text.find(s).unwrap();
    let r = e.origin.span(at, at + s.len()).unwrap();
    let line = PAGE[..r.start].matches('\n').count() + 1;
    let want = PAGE
        .lines()
        .position(|l| l.trim() == "<h3>POPULAR FEEDBACK</h3>")
        .unwrap()
        + 1;
    assert_eq!(line, want);
}
