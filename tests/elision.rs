//! Quotes with elision marks, as properties, through the binary: a quote made of ordered runs
//! of a source's words joined by any elision mark (and perhaps marked at its ends) is found,
//! spanning its first part's first byte to its last part's last byte; the same parts out of
//! order are missing. Each case is a generated project checked by one `check --format json`.

mod common;

use proptest::prelude::*;

use common::{copy_example, result, run, run_ok, word, write_files};

/// Elision marks a writer sets between parts (bare ones with a space on either side).
const MARKS: [&str; 8] = [
    " … ",
    " ... ",
    " . . . ",
    " [...] ",
    " […] ",
    " (…) ",
    " (...) ",
    " [. . .] ",
];

/// Marks at either end of a quote: not part of the quoted text.
const LEADS: [&str; 3] = ["", "… ", "[...] "];
const TRAILS: [&str; 3] = ["", " …", " ..."];

/// One generated case: the source text, the byte span of each part in it, and the marks.
#[derive(Debug, Clone)]
struct Case {
    source: String,
    parts: Vec<(usize, usize)>,
    marks: Vec<&'static str>,
    lead: &'static str,
    trail: &'static str,
}

impl Case {
    /// The quote of `order` (indexes into `parts`) joined by the marks.
    fn quote(&self, order: &[usize]) -> String {
        let mut q = self.lead.to_string();
        for (n, &i) in order.iter().enumerate() {
            if n > 0 {
                q.push_str(self.marks[n - 1]);
            }
            let (a, b) = self.parts[i];
            // Quoted as written, one space between words (the source may break a line there).
            q.push_str(
                &self.source[a..b]
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
            );
        }
        q.push_str(self.trail);
        q
    }

    /// Whether some part crosses a line break of the source (then it matches normalized).
    fn crosses_a_line(&self) -> bool {
        self.parts
            .iter()
            .any(|&(a, b)| self.source[a..b].contains('\n'))
    }
}

/// Sources of 2 to 4 parts (2 to 5 words each) with 1 to 12 words left out between them, some
/// words before and after, a line break every `width` words.
fn cases() -> impl Strategy<Value = Case> {
    (
        0usize..8,
        prop::collection::vec((2usize..=5, 1usize..=12), 2..=4),
        0usize..8,
        5usize..=14,
        prop::collection::vec(prop::sample::select(MARKS.to_vec()), 3),
        prop::sample::select(LEADS.to_vec()),
        prop::sample::select(TRAILS.to_vec()),
    )
        .prop_map(|(before, runs, after, width, marks, lead, trail)| {
            let mut source = String::new();
            let mut parts = Vec::new();
            let mut i = 0;
            let push = |source: &mut String, i: &mut usize| {
                if *i > 0 {
                    source.push(if (*i).is_multiple_of(width) {
                        '\n'
                    } else {
                        ' '
                    });
                }
                source.push_str(&word(*i));
                *i += 1;
            };
            for _ in 0..before {
                push(&mut source, &mut i);
            }
            for (n, &(len, gap)) in runs.iter().enumerate() {
                if n > 0 {
                    for _ in 0..gap {
                        push(&mut source, &mut i);
                    }
                }
                let mut start = None;
                for _ in 0..len {
                    push(&mut source, &mut i);
                    let end = source.len();
                    start.get_or_insert(end - word(i - 1).len());
                }
                parts.push((start.unwrap(), source.len()));
            }
            for _ in 0..after {
                push(&mut source, &mut i);
            }
            source.push('\n');
            Case {
                source,
                parts,
                marks,
                lead,
                trail,
            }
        })
}

/// TOML basic string for `s`.
fn toml_string(s: &str) -> String {
    serde_json::to_string(s).expect("a JSON string is a TOML basic string here")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn ordered_parts_are_found_at_their_span_and_disordered_ones_are_missing(case in cases()) {
        let in_order: Vec<usize> = (0..case.parts.len()).collect();
        let reversed: Vec<usize> = in_order.iter().rev().copied().collect();
        let claims = format!(
            "[[quote]]\nid = \"in-order\"\nsource = \"s.txt\"\ntext = {}\n\n\
             [[quote]]\nid = \"reversed\"\nsource = \"s.txt\"\ntext = {}\n",
            toml_string(&case.quote(&in_order)),
            toml_string(&case.quote(&reversed)),
        );
        let dir = tempfile::tempdir().unwrap();
        write_files(dir.path(), &[("sources/s.txt", &case.source), ("claims/c.toml", &claims)]);
        let r = run(dir.path(), &["check", "--format", "json", "--no-dups"]);
        prop_assert_eq!(r.code, 1, "the reversed quote fails\n{}\n{}", r.stderr, claims);
        let report: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        let get = |id: &str| result(&report, id).clone();

        let found = get("in-order");
        let want = if case.crosses_a_line() { "normalized" } else { "verified" };
        prop_assert_eq!(&found["status"], want, "{}\n{}", claims, case.source);
        let (start, end) = (case.parts[0].0, case.parts[case.parts.len() - 1].1);
        prop_assert_eq!(&found["found_span"], &serde_json::json!([start, end]), "{}", claims);
        prop_assert_eq!(&found["found_text"], &case.source[start..end]);

        let disordered = get("reversed");
        prop_assert_eq!(&disordered["status"], "missing", "{}\n{}", claims, case.source);
        prop_assert!(disordered["found_span"].is_null());
    }
}

/// Quotes against the example's cable (and one added source) whose elisions leave out a
/// negation, a number, a quantifier or a modal, and one that leaves out only "and".
const ELIDED: &str = r#"
[[quote]]
id = "drops-not"
source = "cable.txt"
text = "The group is … popular. People hate them, and they are terrorists."

[[quote]]
id = "drops-no"
source = "cable.txt"
text = "They have … support in Iran."

[[quote]]
id = "drops-number"
source = "cable.txt"
text = "the latter stages of the … Iran-Iraq war"

[[quote]]
id = "drops-all"
source = "cable.txt"
text = "contemporary Iran, … of whom were Iranian by birth"

[[quote]]
id = "drops-may"
source = "extra.txt"
text = "The vote … be held in June."

[[quote]]
id = "drops-and"
source = "cable.txt"
text = "The group is not popular. People hate them, … they are terrorists."
"#;

#[test]
fn elisions_that_leave_out_meaning_words_are_drifted_and_name_them() {
    let dir = tempfile::tempdir().unwrap();
    copy_example(dir.path());
    write_files(
        dir.path(),
        &[
            ("claims/elided.toml", ELIDED),
            ("sources/extra.txt", "The vote may be held in June.\n"),
        ],
    );
    let r = run_ok(dir.path(), &["check", "--format", "json", "--no-dups"], 1);
    let report: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let get = |id: &str| result(&report, id).clone();
    for (id, omitted) in [
        ("drops-not", vec!["not"]),
        ("drops-no", vec!["no"]),
        ("drops-number", vec!["1980", "1988"]),
        ("drops-all", vec!["all"]),
        ("drops-may", vec!["may"]),
    ] {
        let e = get(id);
        assert_eq!(e["status"], "drifted", "{id}: {e}");
        assert_eq!(e["code"], "quote-elision-changes-meaning", "{id}");
        assert_eq!(e["fails"], true, "{id}");
        assert_eq!(e["missing_terms"], serde_json::json!(omitted), "{id}");
        assert!(e["similarity"].as_f64().unwrap() < 1.0, "{id}");
        let inserted: Vec<&str> = e["diff"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["op"] == "insert")
            .map(|d| d["text"].as_str().unwrap())
            .collect();
        assert_eq!(inserted.len(), 1, "{id}: {inserted:?}");
        for w in &omitted {
            assert!(inserted[0].contains(w), "{id}: {inserted:?}");
        }
    }
    let honest = get("drops-and");
    assert_eq!(honest["status"], "verified", "{honest}");
    assert_eq!(honest["code"], "quote-verified");
    assert!(honest["diff"].is_null());
}

/// Meaning words set into a generated source's first elided run.
const MEANING: [&str; 8] = ["not", "no", "never", "42", "all", "only", "may", "could"];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// A quote cut from a generated source, its runs joined by elisions, stays verified (or
    /// normalized) while the elided words are ordinary; with a meaning word set into the first
    /// elided run it is drifted with `quote-elision-changes-meaning`, naming that word.
    #[test]
    fn an_elided_meaning_word_is_never_verified(case in cases(), mw in prop::sample::select(MEANING.to_vec())) {
        let in_order: Vec<usize> = (0..case.parts.len()).collect();
        let quote = case.quote(&in_order);
        let at = case.parts[0].1;
        let with = format!("{} {mw}{}", &case.source[..at], &case.source[at..]);
        let claims = |src: &str| format!(
            "[[quote]]\nid = \"q\"\nsource = \"{src}\"\ntext = {}\n",
            toml_string(&quote),
        );
        let dir = tempfile::tempdir().unwrap();
        write_files(dir.path(), &[
            ("sources/plain.txt", &case.source),
            ("sources/meaning.txt", &with),
            ("claims/plain.toml", &claims("plain.txt")),
            ("claims/meaning.toml", &claims("meaning.txt").replace("id = \"q\"", "id = \"m\"")),
        ]);
        let r = run(dir.path(), &["check", "--format", "json", "--no-dups"]);
        prop_assert_eq!(r.code, 1, "{}", r.stderr);
        let report: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        let get = |id: &str| result(&report, id).clone();
        let plain = get("q");
        let want = if case.crosses_a_line() { "normalized" } else { "verified" };
        prop_assert_eq!(&plain["status"], want, "{}\n{}", quote, case.source);
        let m = get("m");
        prop_assert_eq!(&m["status"], "drifted", "{}\n{}", quote, with);
        prop_assert_eq!(&m["code"], "quote-elision-changes-meaning");
        prop_assert_eq!(&m["missing_terms"], &serde_json::json!([mw]));
    }
}

/// A quote of many elided one-word fragments against a long source of the same few words
/// (every fragment occurs tens of thousands of times within reach of every other): the work
/// stays bounded (each later part is found forward from the part before, never gathered
/// whole) and the verdicts are still right. Fragments of the filler in its order are found at
/// thousands of places (ambiguous, every placement counted); 30 fragments of a passage found
/// once are verified; a quote naming a word the source lacks is not; past the limit on parts
/// (32) the marks are read as text, so the quote is not verified (it fails, never passes).
#[test]
fn a_quote_of_many_elided_fragments_still_gets_its_verdict() {
    let dir = tempfile::tempdir().unwrap();
    copy_example(dir.path());
    // 60,000 words of a, b, c and d, pseudo-random, then a passage of distinct words.
    let mut x: u64 = 7;
    let mut words: Vec<&str> = (0..60_000)
        .map(|_| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ["a", "b", "c", "d"][(x >> 33) as usize % 4]
        })
        .collect();
    // Distinct words of letters only (a digit would make a number the elision leaves out).
    let passage: Vec<String> = (0..64u8)
        .map(|i| {
            format!(
                "zy{}{}",
                char::from(b'a' + i / 26),
                char::from(b'a' + i % 26)
            )
        })
        .collect();
    words.extend(passage.iter().map(String::as_str));
    words.extend(["a", "b", "c", "d"]);
    let source = words.join(" ");
    // Every other word of the filler's first 60 words: 30 fragments, in order.
    let in_order: Vec<&str> = words[..60].iter().step_by(2).copied().collect();
    let fragments = |ws: &[&str]| ws.join(" … ");
    let claims = format!(
        "[[quote]]\nid = \"ordered\"\nsource = \"many.txt\"\ntext = {}\n\n\
         [[quote]]\nid = \"passage\"\nsource = \"many.txt\"\ntext = {}\n\n\
         [[quote]]\nid = \"absent\"\nsource = \"many.txt\"\ntext = {}\n\n\
         [[quote]]\nid = \"too-many\"\nsource = \"many.txt\"\ntext = {}\n",
        toml_string(&fragments(&in_order)),
        toml_string(&fragments(
            &passage
                .iter()
                .step_by(2)
                .take(30)
                .map(String::as_str)
                .collect::<Vec<_>>()
        )),
        toml_string(&fragments(
            &[&in_order[..20], &["zulu"], &in_order[20..]].concat()
        )),
        toml_string(&fragments(
            &words[..160].iter().step_by(2).copied().collect::<Vec<_>>()
        )),
    );
    write_files(
        dir.path(),
        &[("claims/many.toml", &claims), ("sources/many.txt", &source)],
    );
    let r = run(dir.path(), &["check", "--format", "json", "--no-dups"]);
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    let report: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let get = |id: &str| result(&report, id).clone();
    let status = |id: &str| get(id)["status"].as_str().unwrap().to_string();
    let ordered = get("ordered");
    assert_eq!(ordered["status"], "ambiguous", "{ordered}");
    assert!(
        ordered["occurrence_count"].as_u64().unwrap() > 1000,
        "every placement counted: {}",
        ordered["occurrence_count"]
    );
    let passage = get("passage");
    assert_eq!(passage["status"], "verified", "{passage}");
    for id in ["absent", "too-many"] {
        let s = status(id);
        assert!(s != "verified" && s != "normalized", "{id}: {s}");
    }
}
