//! The HTML reader on a page made from the seed document (`tests/fixtures/html/articles.html`):
//! an index page whose news intro and cable are `<article>` elements with teasers, beside
//! navigation, a site header and footer, a script quoting the cable, a style sheet, entities
//! and hidden blocks. The expected texts (`articles.main.txt`, `articles.all.txt`) were written
//! from the seed's lines by the script that wrote the page, not by this reader.

use citecheck::extract::{html, HtmlMode};

mod common;

use common::{check_one_source, result, run_ok, write_files};

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

// ------------------------------------------------ struck-through text and superscripts

/// Every way a page strikes words out, each around its own phrase.
const STRUCK: &str = r#"<html><body><main>
<p>One: the group is <del>widely admired by Iranians</del> <ins>hated by Iranians</ins> today.</p>
<p>Two: <s>The minister resigned on Friday.</s> The minister stayed.</p>
<p>Three: <STRIKE>The vote was held in March.</STRIKE> It was delayed.</p>
<p>Four: <span style="text-decoration: line-through">The MEK bombed the office in Tehran.</span> Retracted.</p>
<p>Five: <span style="COLOR:red;TEXT-DECORATION : Underline LINE-THROUGH">alpha bravo charlie delta</span> kept.</p>
<p>Six: <em style='text-decoration-line:line-through'>echo foxtrot golf hotel</em> kept.</p>
<div style="-webkit-text-decoration-line: line-through"><p>india juliet <b>kilo</b> lima</p></div>
<p>Seven: <del><span style="text-decoration: none">mike november oscar papa</span></del> kept.</p>
</main></body></html>"#;

/// The struck phrases of [`STRUCK`], none of which the page says any more.
const STRUCK_PHRASES: [&str; 8] = [
    "widely admired by Iranians",
    "The minister resigned on Friday.",
    "The vote was held in March.",
    "The MEK bombed the office in Tehran.",
    "alpha bravo charlie delta",
    "echo foxtrot golf hotel",
    "india juliet kilo lima",
    "mike november oscar papa",
];

#[test]
fn struck_through_text_is_not_read_and_inserted_text_is() {
    for mode in [HtmlMode::Main, HtmlMode::All] {
        let e = html::extract(STRUCK.as_bytes(), mode);
        for gone in STRUCK_PHRASES {
            assert!(!e.text.contains(gone), "{gone:?} read in {mode:?}");
        }
        let lines: Vec<&str> = e.text.lines().collect();
        assert_eq!(
            lines,
            [
                "One: the group is hated by Iranians today.",
                "Two: The minister stayed.",
                "Three: It was delayed.",
                "Four: Retracted.",
                "Five: kept.",
                "Six: kept.",
                "Seven: kept.",
            ],
            "{mode:?}"
        );
        // The text around a struck stretch still maps to its own bytes.
        let s = "hated by Iranians";
        let at = e.text.find(s).unwrap();
        let r = e.origin.span(at, at + s.len()).unwrap();
        assert_eq!(&STRUCK[r], s);
    }
}

/// Superscripts and subscripts: exponents, a unit, a chemical formula, an ordinal and
/// footnote markers (bare and Wikipedia's bracketed link).
const SCRIPTS: &str = r##"<html><body><main>
<p>The army had 10<sup>4</sup> soldiers in reserve.</p>
<p>The area was 50 km<sup>2</sup> in total, 10<sup>&minus;3</sup> of it water.</p>
<p>Rivers carry H<sub>2</sub>O and x<sup>n+1</sup> grows.</p>
<p>He came 1<sup>st</sup> in the race and 2<sup>nd</sup>place after.</p>
<p>Most ordinary Iranians<sup>12</sup> were dismissive of the group in every survey.</p>
<p>The cable reported<sup><a href="#cite-3">[3]</a></sup> little support for the group anywhere.</p>
</main></body></html>"##;

#[test]
fn superscripts_and_subscripts_stay_apart_from_ordinary_text() {
    let e = html::extract(SCRIPTS.as_bytes(), HtmlMode::Main);
    let lines: Vec<&str> = e.text.lines().collect();
    assert_eq!(
        lines,
        [
            "The army had 10\u{2074} soldiers in reserve.",
            "The area was 50 km\u{b2} in total, 10\u{207b}\u{b3} of it water.",
            "Rivers carry H\u{2082}O and x\u{207f}\u{207a}\u{b9} grows.",
            // No superscript form for `st`, `nd`: kept as written, never fused into a word.
            "He came 1 st in the race and 2 nd place after.",
            "Most ordinary Iranians\u{b9}\u{b2} were dismissive of the group in every survey.",
            "The cable reported[3] little support for the group anywhere.",
        ]
    );
    for fused in ["104", "km2", "H2O", "1st", "2nd", "ndplace", "Iranians12"] {
        assert!(!e.text.contains(fused), "{fused:?} in {}", e.text);
    }
    // Each raised character maps to the byte it was written as.
    let at = e.text.find('\u{2074}').unwrap();
    let r = e.origin.span(at, at + '\u{2074}'.len_utf8()).unwrap();
    assert_eq!(&SCRIPTS[r.start - 5..r.end + 6], "<sup>4</sup>");
    let at = e.text.find('\u{207b}').unwrap();
    let r = e.origin.span(at, at + '\u{207b}'.len_utf8()).unwrap();
    assert_eq!(&SCRIPTS[r], "&minus;");
}

/// A project with one HTML source and `claims`, checked: the JSON report.
fn check(html: &str, claims: &str) -> serde_json::Value {
    check_one_source("page.html", html, claims)
}

#[test]
fn quotes_and_claims_of_struck_words_fail_and_inserted_words_verify() {
    let mut claims = String::new();
    for (i, q) in STRUCK_PHRASES.iter().enumerate() {
        claims.push_str(&format!(
            "[[quote]]\nid = \"struck-{i}\"\nsource = \"page.html\"\ntext = \"{q}\"\n\n"
        ));
    }
    claims.push_str(
        "[[quote]]\nid = \"ins\"\nsource = \"page.html\"\n\
         text = \"the group is hated by Iranians today.\"\n\n\
         [[claim]]\nid = \"claim\"\nsource = \"page.html\"\n\
         text = \"The MEK bombed the office in Tehran.\"\nlines = [1, 7]\n",
    );
    let report = check(STRUCK, &claims);
    for i in 0..STRUCK_PHRASES.len() {
        let r = result(&report, &format!("struck-{i}"));
        assert_eq!(r["status"], "missing", "{r}");
        assert_eq!(r["fails"], true);
    }
    assert_eq!(result(&report, "ins")["status"], "verified");
    let claim = result(&report, "claim");
    assert_ne!(claim["status"], "supported", "{claim}");
    assert_eq!(claim["fails"], true, "{claim}");
}

#[test]
fn a_flattened_superscript_never_verifies_and_a_footnote_marker_may_be_left_out() {
    let claims = r#"
[[quote]]
id = "flat-exponent"
source = "page.html"
text = "The army had 104 soldiers in reserve."

[[quote]]
id = "flat-unit"
source = "page.html"
text = "The area was 50 km2 in total"

[[quote]]
id = "flat-formula"
source = "page.html"
text = "Rivers carry H2O and"

[[quote]]
id = "raised"
source = "page.html"
text = "The army had 10⁴ soldiers in reserve."

[[quote]]
id = "footnote"
source = "page.html"
text = "Most ordinary Iranians were dismissive of the group in every survey."

[[quote]]
id = "bracketed-footnote"
source = "page.html"
text = "The cable reported little support for the group anywhere."
"#;
    let report = check(SCRIPTS, claims);
    for id in ["flat-exponent", "flat-unit", "flat-formula"] {
        let r = result(&report, id);
        assert!(
            r["status"] != "verified" && r["status"] != "normalized" && r["fails"] == true,
            "{id}: {r}"
        );
    }
    assert_eq!(result(&report, "raised")["status"], "verified");
    for id in ["footnote", "bracketed-footnote"] {
        let r = result(&report, id);
        assert_eq!(r["fails"], false, "{id}: {r}");
        assert_eq!(
            r["conventions"],
            serde_json::json!(["footnote"]),
            "{id}: {r}"
        );
    }
}

/// A page nesting its elements thousands deep (html5ever's time grows with the square of the
/// depth: 100,000 levels took over a minute) is refused as bad input before it is parsed; the
/// same number of elements side by side is read.
#[test]
fn a_page_nested_thousands_deep_is_refused_before_it_is_parsed() {
    let dir = tempfile::tempdir().unwrap();
    let deep = format!(
        "<html><body>{}hello world{}</body></html>",
        "<div>".repeat(50_000),
        "</div>".repeat(50_000)
    );
    write_files(
        dir.path(),
        &[
            ("citecheck.toml", ""),
            ("sources/page.html", &deep),
            (
                "claims/c.toml",
                "[[quote]]\nid = \"q\"\nsource = \"page.html\"\ntext = \"hello world\"\n",
            ),
        ],
    );
    let run = run_ok(dir.path(), &["check", "--no-dups"], 2);
    assert!(run.stderr.contains("page.html"), "{}", run.stderr);
    assert!(
        run.stderr.contains("nest more than 4096 deep"),
        "{}",
        run.stderr
    );
    let wide = format!(
        "<html><body>{}</body></html>",
        "<div>hello world</div>".repeat(50_000)
    );
    std::fs::write(dir.path().join("sources/page.html"), wide).unwrap();
    // Read: the quote is found, 50,000 times (ambiguous, exit 1), not refused (exit 2).
    let run = run_ok(dir.path(), &["check", "--no-dups", "--format", "json"], 1);
    assert!(run.stdout.contains("\"ambiguous\""), "{}", run.stdout);
}

/// Text a sighted reader never sees — drawn at no size, fully transparent, or under one of
/// the conventional hiding classes — is not the page's text: a quote of it is missing, while
/// the visible sentence beside it verifies.
#[test]
fn text_drawn_invisible_or_under_a_hiding_class_is_not_read() {
    let page = "<html><body><main><p>The council met on Tuesday to approve the budget.</p>\
        <p><span style=\"font-size: 0px\">The minister resigned in disgrace after the vote.</span></p>\
        <p><span style=\"opacity:0\">The army seized the airport before dawn today.</span></p>\
        <p><span class=\"lead sr-only\">The rebels signed the ceasefire in the capital.</span></p>\
        <p><span class=\"visually-hidden\">The report was withdrawn by its authors later.</span></p>\
        </main></body></html>";
    let hidden = [
        "The minister resigned in disgrace after the vote.",
        "The army seized the airport before dawn today.",
        "The rebels signed the ceasefire in the capital.",
        "The report was withdrawn by its authors later.",
    ];
    let mut claims = String::from(
        "[[quote]]\nid = \"shown\"\nsource = \"page.html\"\n\
         text = \"The council met on Tuesday to approve the budget.\"\n\n",
    );
    for (i, q) in hidden.iter().enumerate() {
        claims.push_str(&format!(
            "[[quote]]\nid = \"hidden-{i}\"\nsource = \"page.html\"\ntext = \"{q}\"\n\n"
        ));
    }
    let report = check(page, &claims);
    assert_eq!(result(&report, "shown")["status"], "verified");
    for i in 0..hidden.len() {
        let r = result(&report, &format!("hidden-{i}"));
        assert_eq!(r["status"], "missing", "{r}");
    }
}
