//! The Markdown reader on notes about the seed's cable (`tests/fixtures/markdown/notes.md`):
//! matched on the rendered words, with markup, code, comments and metadata gone, and every
//! word mapped back to the file.

use citecheck::extract::markdown;

mod common;

use common::{check_one_source, result};

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

// ------------------------------------------------ struck-through text and superscripts

/// Every way a Markdown file strikes words out or hides them inline, each around its own
/// phrase.
const STRUCK: &str = r#"# Report

One: the group is ~~widely admired by Iranians~~ hated by Iranians today.

Two: <del>The minister resigned on Friday.</del> The minister stayed.

Three: <s>The vote was held in March.</s> It was delayed.

Four: <STRIKE>alpha bravo charlie delta</STRIKE> kept.

Five: <span style="Text-Decoration : LINE-THROUGH">echo foxtrot golf hotel</span> kept.

Six: <span hidden>india juliet kilo lima</span> kept.

Seven: <span aria-hidden="true">mike november oscar papa</span> kept.

Eight: <ins>quebec romeo sierra tango</ins> kept.
"#;

/// The struck or hidden phrases of [`STRUCK`].
const STRUCK_PHRASES: [&str; 7] = [
    "widely admired by Iranians",
    "The minister resigned on Friday.",
    "The vote was held in March.",
    "alpha bravo charlie delta",
    "echo foxtrot golf hotel",
    "india juliet kilo lima",
    "mike november oscar papa",
];

#[test]
fn struck_and_hidden_inline_text_is_not_read_and_inserted_text_is() {
    let e = markdown::extract(STRUCK.as_bytes()).unwrap();
    for gone in STRUCK_PHRASES {
        assert!(!e.text.contains(gone), "{gone:?} read: {}", e.text);
    }
    // Words either side of a struck stretch are one space apart once normalized.
    let lines: Vec<String> = e
        .text
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(
        lines,
        [
            "Report",
            "One: the group is hated by Iranians today.",
            "Two: The minister stayed.",
            "Three: It was delayed.",
            "Four: kept.",
            "Five: kept.",
            "Six: kept.",
            "Seven: kept.",
            "Eight: quebec romeo sierra tango kept.",
        ]
    );
    let s = "hated by Iranians";
    let at = e.text.find(s).unwrap();
    let r = e.origin.span(at, at + s.len()).unwrap();
    assert_eq!(&STRUCK[r], s);
}

#[test]
fn an_open_strike_tag_carries_on_as_in_a_browser_and_other_tags_end_with_their_block() {
    let md = "A <s>struck here\n\nstill struck</s> back.\n\nB <sup>2\n\nplain 3 here.\n";
    let e = markdown::extract(md.as_bytes()).unwrap();
    assert!(!e.text.contains("struck"), "{}", e.text);
    assert!(e.text.contains("back."), "{}", e.text);
    // The unclosed `<sup>` ends with its paragraph.
    assert!(e.text.contains("B \u{b2}"), "{}", e.text);
    assert!(e.text.contains("plain 3 here."), "{}", e.text);
}

/// Superscripts and subscripts written as inline HTML.
const SCRIPTS: &str = "The army had 10<sup>4</sup> soldiers in reserve.\n\n\
The area was 50 km<sup>2</sup> in total, 10<sup>-3</sup> of it water.\n\n\
Rivers carry H<sub>2</sub>O every day.\n\n\
He came 1<sup>st</sup> in the race.\n\n\
Most ordinary Iranians<sup>12</sup> were dismissive of the group in every survey.\n\n\
The cable reported<sup>[3]</sup> little support for the group anywhere.\n";

#[test]
fn inline_superscripts_and_subscripts_stay_apart_from_ordinary_text() {
    let e = markdown::extract(SCRIPTS.as_bytes()).unwrap();
    let lines: Vec<&str> = e.text.lines().collect();
    assert_eq!(
        lines,
        [
            "The army had 10\u{2074} soldiers in reserve.",
            "The area was 50 km\u{b2} in total, 10\u{207b}\u{b3} of it water.",
            "Rivers carry H\u{2082}O every day.",
            "He came 1 st in the race.",
            "Most ordinary Iranians\u{b9}\u{b2} were dismissive of the group in every survey.",
            "The cable reported[3] little support for the group anywhere.",
        ]
    );
    let at = e.text.find('\u{2074}').unwrap();
    let r = e.origin.span(at, at + '\u{2074}'.len_utf8()).unwrap();
    assert_eq!(&SCRIPTS[r.start - 5..r.end + 6], "<sup>4</sup>");
}

/// A project with one Markdown source and `claims`, checked: the JSON report.
fn check(md: &str, claims: &str) -> serde_json::Value {
    check_one_source("notes.md", md, claims)
}

#[test]
fn quotes_and_claims_of_struck_words_fail_and_inserted_words_verify() {
    let mut claims = String::new();
    for (i, q) in STRUCK_PHRASES.iter().enumerate() {
        claims.push_str(&format!(
            "[[quote]]\nid = \"struck-{i}\"\nsource = \"notes.md\"\ntext = \"{q}\"\n\n"
        ));
    }
    claims.push_str(
        "[[quote]]\nid = \"ins\"\nsource = \"notes.md\"\n\
         text = \"quebec romeo sierra tango kept.\"\n\n\
         [[claim]]\nid = \"claim\"\nsource = \"notes.md\"\n\
         text = \"The minister resigned on Friday.\"\nlines = [1, 5]\n",
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
source = "notes.md"
text = "The army had 104 soldiers in reserve."

[[quote]]
id = "flat-unit"
source = "notes.md"
text = "The area was 50 km2 in total"

[[quote]]
id = "raised"
source = "notes.md"
text = "The army had 10⁴ soldiers in reserve."

[[quote]]
id = "footnote"
source = "notes.md"
text = "Most ordinary Iranians were dismissive of the group in every survey."

[[quote]]
id = "bracketed-footnote"
source = "notes.md"
text = "The cable reported little support for the group anywhere."
"#;
    let report = check(SCRIPTS, claims);
    for id in ["flat-exponent", "flat-unit"] {
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
