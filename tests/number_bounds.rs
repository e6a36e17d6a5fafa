//! Quotes that begin or end inside a number of the source (`quote-cuts-number`): "200 people
//! died" for "1,200 people died" is the source's words but not its number. End to end through
//! `citecheck check --format json`: every separator kind at either end is `drifted` with a
//! finding giving the quote's part and the source's whole number; quotes that end where the
//! source's number ends (a sentence's period, a range quoted whole, a hyphen joining a word)
//! stay `verified`.

mod common;

use std::fmt::Write as _;

use common::{result, run_ok, write_files};
use serde_json::Value;

/// A project with one source and one quote per `(id, text)`, checked (exit code `code`: 1 when
/// an entry fails); the JSON report and the text report.
fn check(source: &str, quotes: &[(&str, &str)], code: i32) -> (Value, String) {
    let dir = tempfile::tempdir().expect("tmp");
    let mut claims = String::new();
    for (id, text) in quotes {
        let text = text.replace('\\', "\\\\").replace('"', "\\\"");
        let _ = writeln!(
            claims,
            "[[quote]]\nid = \"{id}\"\nsource = \"s.txt\"\ntext = \"{text}\"\n"
        );
    }
    write_files(
        dir.path(),
        &[("sources/s.txt", source), ("claims/q.toml", &claims)],
    );
    let r = run_ok(
        dir.path(),
        &["check", "--format", "json", "--no-dups"],
        code,
    );
    let json = serde_json::from_str(&r.stdout).expect("json");
    let text = run_ok(dir.path(), &["check", "--no-dups"], code).stdout;
    (json, text)
}

const SOURCE: &str = "Officials said 1,200 people died in the attack. Turnout was 3.5 percent \
in the capital. The fund lost $1.5 million last year. Temperatures fell to \u{2212}40 degrees \
overnight. Inflation reached 0.5% in May. The vote was 2/3 in favour. The group had 10,000 \
fighters in Iraq. The meeting began at 12:30 in Vienna. Version 4.2.7 fixed the leak. The war \
lasted from 1980-1988 in the south. Rates stood at .75 percent in June. Il y avait 3\u{202F}400 \
manifestants. He left in 2011. The war went on. See pages 10-12 for the list. It was a 200-page \
report on the camp. There were COVID-19 cases in the camp. It ended in 1999[3] for good. The \
toll was 40.\u{b9} Nobody came.\n";

#[test]
fn quotes_cut_inside_a_number_are_drifted_with_both_numbers() {
    // (id, quote, the quote's part, the source's whole number, the end cut)
    let cases = [
        (
            "thousands",
            "200 people died in the attack.",
            "200",
            "1,200",
            "begins",
        ),
        ("decimal", "5 percent in the capital", "5", "3.5", "begins"),
        ("currency", "5 million last year", "5", "1.5", "begins"),
        (
            "minus",
            "40 degrees overnight",
            "40",
            "\u{2212}40",
            "begins",
        ),
        ("percent", "5% in May", "5", "0.5", "begins"),
        ("fraction", "3 in favour", "3", "2/3", "begins"),
        ("zeros", "000 fighters in Iraq", "000", "10,000", "begins"),
        ("time", "30 in Vienna", "30", "12:30", "begins"),
        ("version", "7 fixed the leak", "7", "4.2.7", "begins"),
        ("range", "1988 in the south", "1988", "1980-1988", "begins"),
        ("point", "75 percent in June", "75", ".75", "begins"),
        ("nbsp", "400 manifestants", "400", "3\u{202F}400", "begins"),
        (
            "point-quoted",
            ".5 million last year",
            ".5",
            "1.5",
            "begins",
        ),
        ("end-thousands", "The group had 10", "10", "10,000", "ends"),
        ("end-decimal", "The fund lost $1", "1", "1.5", "ends"),
        ("end-point", "The fund lost $1.", "1.", "1.5", "ends"),
        ("end-fraction", "The vote was 2", "2", "2/3", "ends"),
        ("end-time", "The meeting began at 12", "12", "12:30", "ends"),
        (
            "end-range",
            "The war lasted from 1980",
            "1980",
            "1980-1988",
            "ends",
        ),
    ];
    let quotes: Vec<(&str, &str)> = cases.iter().map(|c| (c.0, c.1)).collect();
    let (report, text) = check(SOURCE, &quotes, 1);
    for (id, quote, part, whole, end) in cases {
        let r = result(&report, id);
        assert_eq!(r["status"], "drifted", "{id}: {r}");
        assert_eq!(r["code"], "quote-cuts-number", "{id}");
        assert_eq!(r["fails"], true, "{id}");
        assert!(r["similarity"].as_f64().unwrap() < 1.0, "{id}");
        let findings = r["findings"].as_array().expect("findings");
        assert_eq!(findings.len(), 1, "{id}: {r}");
        let f = &findings[0];
        assert_eq!(f["rule"], "number", "{id}");
        assert_eq!(f["claim"], part, "{id}");
        assert_eq!(f["evidence"], whole, "{id}");
        let why = format!(
            "the quote {end} inside a number of the source: it says “{part}” where the source says “{whole}”"
        );
        assert_eq!(f["explanation"], why.as_str(), "{id}");
        // The finding's spans point at the two numbers.
        let span = |v: &Value| -> (usize, usize) {
            (
                v[0].as_u64().unwrap() as usize,
                v[1].as_u64().unwrap() as usize,
            )
        };
        let (a, b) = span(&f["evidence_span"]);
        assert_eq!(&SOURCE[a..b], whole, "{id}");
        let (a, b) = span(&f["claim_span"]);
        assert_eq!(&quote[a..b], part, "{id}");
        // The found text takes in the whole number, and the diff shows it.
        let found = r["found_text"].as_str().unwrap();
        assert!(found.contains(whole), "{id}: {found}");
        let inserted: String = r["diff"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["op"] != "delete")
            .map(|d| d["text"].as_str().unwrap())
            .collect();
        // (The diff writes a no-break space as a space.)
        let spaces = |t: &str| t.replace('\u{202F}', " ");
        assert_eq!(spaces(&inserted), spaces(found), "{id}");
        // The text report gives the explanation too.
        assert!(text.contains(&why), "{id}: {text}");
    }
}

#[test]
fn quotes_ending_where_the_number_ends_stay_verified() {
    let cases = [
        ("sentence-end", "He left in 2011."),
        ("sentence-end-bare", "He left in 2011"),
        ("range-whole", "See pages 10-12 for the list."),
        ("range-start", "pages 10-12"),
        ("hyphen-word", "200-page report on the camp."),
        ("hyphen-word-end", "It was a 200"),
        ("word-number", "19 cases in the camp."),
        ("sign-quoted", "\u{2212}40 degrees overnight."),
        ("currency-left-out", "1.5 million last year."),
        ("whole-thousands", "1,200 people died in the attack."),
        ("whole-decimal", "Turnout was 3.5 percent"),
        ("footnote-after", "It ended in 1999"),
        ("footnote-after-period", "The toll was 40."),
    ];
    let (report, _) = check(SOURCE, &cases, 0);
    for (id, _) in cases {
        let r = result(&report, id);
        assert_eq!(r["status"], "verified", "{id}: {r}");
        assert!(
            r["findings"].as_array().is_none_or(Vec::is_empty),
            "{id}: {r}"
        );
    }
}

#[test]
fn a_copy_cutting_no_number_is_the_quotes_and_longer_or_rewritten_numbers_fail() {
    let source = "In May 1,200 people died in the attack. In June 200 people died in the \
                  attack. Turnout was 3.5 percent in the capital. Prices rose 1.200 euros.\n";
    let cases = [
        ("two-copies", "200 people died in the attack."),
        ("longer", "In June 1,200 people died in the attack."),
        ("decimal-comma", "Turnout was 3,5 percent in the capital."),
        ("thousands-comma", "Prices rose 1,200 euros."),
    ];
    let (report, _) = check(source, &cases, 1);
    // The copy in "1,200" is not the quote's: the whole one is, once.
    let r = result(&report, "two-copies");
    assert_eq!(r["status"], "verified", "{r}");
    assert_eq!(r["found_text"], "200 people died in the attack.");
    let start = source.find("In June").unwrap() + "In June ".len();
    assert_eq!(r["found_span"][0], start);
    // A number the source has shorter, or written with other separators: never a pass.
    for id in ["longer", "decimal-comma", "thousands-comma"] {
        let r = result(&report, id);
        assert_eq!(r["fails"], true, "{id}: {r}");
        assert!(
            matches!(r["status"].as_str(), Some("drifted" | "missing")),
            "{id}: {r}"
        );
    }
}
