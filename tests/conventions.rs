//! Quotation conventions (issue 12): quotes edited the way editors edit them (a bracket for a
//! pronoun, a changed capital, `[sic]` after the source's own slip, an emphasis note, an
//! elision) are accepted and name what was applied; edits that change the meaning (a bracket
//! inserting "not", an elision dropping a number) and marks that do not hold (a `[sic]` on a
//! corrected or correct word, a case change mid-quote, a bracket for too many words) are not.
//! Built from the seed document and the example's sources; properties from random spans.

mod common;

use std::path::Path;

use citecheck::judge::elision::is_meaning_word;
use citecheck::judge::{code_of, judge};
use citecheck::locate::IndexLocator;
use citecheck::model::{Code, Convention};
use citecheck::{Entry, Kind, Pointer, Source, Status, Thresholds};
use proptest::prelude::*;

use common::{quote_entry, repo, run_ok, write_files};

/// The seed page (the cable, the articles and their teasers), as committed for the tests.
fn seed() -> Source {
    let text = std::fs::read_to_string(repo().join("tests/fixtures/seed-page.txt")).unwrap();
    Source::from_text("seed.txt", text)
}

fn example(name: &str) -> Source {
    let text = std::fs::read_to_string(repo().join("sources").join(name)).unwrap();
    Source::from_text(name, text)
}

fn quote(text: &str, pointer: Option<Pointer>) -> Entry {
    Entry {
        pointer,
        ..quote_entry("seed.txt", text)
    }
}

fn check_in(
    src: &Source,
    text: &str,
    pointer: Option<Pointer>,
    t: &Thresholds,
) -> citecheck::Verdict {
    judge(&IndexLocator, &quote(text, pointer), src, &[], t)
}

fn check(src: &Source, text: &str) -> citecheck::Verdict {
    check_in(src, text, None, &Thresholds::default())
}

fn accepted(s: Status) -> bool {
    matches!(s, Status::Verified | Status::Normalized)
}

/// The cable's table of issue 12, against the example's cable.
#[test]
fn the_issue_table_on_the_example_cable() {
    let cable = example("cable.txt");
    let v = check(
        &cable,
        "many young Iranians don’t know much about [the MEK]",
    );
    assert!(accepted(v.status), "{v:?}");
    assert_eq!(v.conventions, [Convention::Bracket]);
    // The span takes in the word the bracket stands for.
    let found = v.found.expect("found");
    assert!(
        cable.text()[found.start..found.end].ends_with("about them"),
        "{:?}",
        &cable.text()[found.start..found.end]
    );
    let v = check(&cable, "Many young Iranians don’t know much about them");
    assert!(accepted(v.status), "{v:?}");
    assert_eq!(v.conventions, [Convention::Capital]);
    let v = check(
        &cable,
        "They MEK [sic] under the leadership of Massoud Rajavi",
    );
    assert!(accepted(v.status), "{v:?}");
    assert_eq!(v.conventions, [Convention::Sic]);
    let v = check(
        &cable,
        "The group is … popular. People hate them, and they are terrorists.",
    );
    assert_eq!(v.status, Status::Drifted);
    // The last two rows: a changed first or last word is drift, both sides in the diff.
    let shown = |v: &citecheck::Verdict| -> String {
        v.diff
            .iter()
            .flatten()
            .map(|op| match op.op {
                citecheck::model::DiffTag::Equal => op.text.clone(),
                citecheck::model::DiffTag::Delete => format!("[-{}-]", op.text),
                citecheck::model::DiffTag::Insert => format!("{{+{}+}}", op.text),
            })
            .collect()
    };
    let v = check(&cable, "… the blood of their fellow citizens.");
    assert_eq!(v.status, Status::Drifted, "{v:?}");
    assert_eq!(
        shown(&v),
        "the blood of their fellow [-citizens.-]{+countrymen.+}"
    );
    let v = check(
        &cable,
        "Some are hated among Iranians, since their hands are stained",
    );
    assert_eq!(v.status, Status::Drifted, "{v:?}");
    assert_eq!(
        shown(&v),
        "[-Some-]{+They+} are hated among Iranians, since their hands are stained"
    );
}

#[test]
fn each_convention_on_the_seed_is_accepted_and_named() {
    let s = seed();
    let cases: &[(&str, &[Convention])] = &[
        (
            "many young Iranians don’t know much about [the MEK]",
            &[Convention::Bracket],
        ),
        (
            "[The MEK] are detested among the young and old in Iran",
            &[Convention::Bracket],
        ),
        (
            // The source's "The" at the start: a capital changed too.
            "the MEK are detested among [both] the young and old in Iran",
            &[Convention::Bracket, Convention::Capital],
        ),
        (
            "Many young Iranians don’t know much about them",
            &[Convention::Capital],
        ),
        (
            "They MEK [sic] under the leadership of Massoud Rajavi",
            &[Convention::Sic],
        ),
        (
            "They MEK (sic) under the leadership of Massoud Rajavi and President Maryam Rajavi \
             are meaningless [emphasis added]",
            &[Convention::Sic, Convention::Emphasis],
        ),
        (
            "They try however, with great effort, to create the impression that they are the \
             most significant Iranian exiled opposition group (emphasis in original).",
            &[Convention::Emphasis],
        ),
        (
            "They MEK under the leadership of Massoud Rajavi … are meaningless in the domestic \
             Iranian political spectrum",
            &[Convention::Elision],
        ),
        (
            "in the domestic Iranian political spectrum and totally marginalized. … [T]hey try \
             however, with great effort",
            &[Convention::Elision, Convention::Bracket],
        ),
        (
            "… they are the most significant Iranian exiled opposition group. [italics added]",
            &[Convention::Elision, Convention::Emphasis],
        ),
    ];
    for (q, want) in cases {
        let v = check(&s, q);
        assert!(accepted(v.status), "{q}: {v:?}");
        assert_eq!(v.conventions, *want, "{q}");
        assert!(matches!(
            code_of(Kind::Quote, &v),
            Code::QuoteVerified | Code::QuoteNormalized
        ));
    }
    // `[sic]` on the page title's own typo (the title stands twice: the pointer picks one).
    let v = check_in(
        &s,
        "support for Mojahedin Khaq (MKO, MEK, Rajavi cult) among Iranains [sic]",
        Some(Pointer::Lines(1, 1)),
        &Thresholds::default(),
    );
    assert!(accepted(v.status), "{v:?}");
    assert_eq!(v.conventions, [Convention::Sic]);
}

#[test]
fn marks_that_do_not_hold_fail() {
    let s = seed();
    // A bracket inserting "not": its own code, the word named.
    let v = check(
        &s,
        "They MEK under the leadership of Massoud Rajavi and President Maryam Rajavi are [not] \
         meaningless",
    );
    assert_eq!(v.status, Status::Drifted, "{v:?}");
    assert_eq!(code_of(Kind::Quote, &v), Code::QuoteBracketChangesMeaning);
    assert_eq!(v.missing_terms, ["not"]);
    // A bracket dropping "all" and one changing a number.
    let v = check(
        &s,
        "[the] Iranians queried tended to disbelieve the MEK’s expressed allegiance",
    );
    assert!(!accepted(v.status), "{v:?}");
    let v = check(&s, "during the [nine]-year Iran-Iraq war");
    assert!(!accepted(v.status), "{v:?}");
    // A bracket standing for too many words.
    let v = check(
        &s,
        "They MEK [the group] are meaningless in the domestic Iranian political spectrum",
    );
    assert!(!accepted(v.status), "{v:?}");
    // `[sic]` on a word the quote silently corrected: drift, the diff shows it.
    let v = check(
        &s,
        "The MEK [sic] under the leadership of Massoud Rajavi and President Maryam",
    );
    assert_eq!(v.status, Status::Drifted, "{v:?}");
    assert!(v.diff.is_some());
    // `[sic]` on an evidently correct word.
    let v = check(
        &s,
        "They MEK under the leadership [sic] of Massoud Rajavi and President Maryam",
    );
    assert!(!accepted(v.status), "{v:?}");
    // A capital changed mid-quote, or a letter other than the first.
    let v = check(
        &s,
        "They MEK under The leadership of Massoud Rajavi and President Maryam",
    );
    assert_eq!(v.status, Status::Drifted, "{v:?}");
    let v = check(&s, "MAny young Iranians don’t know much about them");
    assert!(!accepted(v.status), "{v:?}");
}

#[test]
fn disabled_conventions_are_plain_text() {
    let s = seed();
    let mut t = Thresholds {
        conventions: vec![Convention::Elision],
        ..Default::default()
    };
    let v = check_in(
        &s,
        "many young Iranians don’t know much about [the MEK]",
        None,
        &t,
    );
    assert!(!accepted(v.status), "{v:?}");
    let v = check_in(
        &s,
        "Many young Iranians don’t know much about them",
        None,
        &t,
    );
    assert!(!accepted(v.status), "{v:?}");
    t.conventions.clear();
    let v = check_in(
        &s,
        "They MEK under the leadership of Massoud Rajavi … are meaningless in the domestic",
        None,
        &t,
    );
    assert!(!accepted(v.status), "{v:?}");
}

/// Through the binary: `[check] conventions` and `check --strict`, and the JSON field.
#[test]
fn config_and_strict_turn_conventions_off() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let cable = std::fs::read_to_string(repo().join("sources/cable.txt")).unwrap();
    write_files(
        root,
        &[
            ("sources/cable.txt", &cable),
            (
                "claims/c.toml",
                "[[quote]]\nid = \"b\"\nsource = \"cable.txt\"\n\
                 text = \"many young Iranians don’t know much about [the MEK]\"\n\
                 [[quote]]\nid = \"c\"\nsource = \"cable.txt\"\n\
                 text = \"Many young Iranians don’t know much about them\"\n",
            ),
        ],
    );
    let json = |root: &Path, extra: &[&str], code: i32| -> serde_json::Value {
        let mut args = vec!["check", "--format", "json"];
        args.extend_from_slice(extra);
        serde_json::from_str(&run_ok(root, &args, code).stdout).unwrap()
    };
    let r = json(root, &[], 0);
    for (i, c) in ["bracket", "capital"].iter().enumerate() {
        assert_eq!(r["results"][i]["status"], "verified");
        assert_eq!(r["results"][i]["conventions"], serde_json::json!([c]));
    }
    let r = json(root, &["--strict"], 1);
    for i in 0..2 {
        assert_eq!(r["results"][i]["status"], "drifted", "{}", r["results"][i]);
        assert_eq!(r["results"][i]["conventions"], serde_json::json!([]));
    }
    write_files(
        root,
        &[("citecheck.toml", "[check]\nconventions = [\"capital\"]\n")],
    );
    let r = json(root, &[], 1);
    assert_eq!(r["results"][0]["status"], "drifted");
    assert_eq!(r["results"][1]["status"], "verified");
    // A misspelt convention is bad input, with its place.
    write_files(
        root,
        &[("citecheck.toml", "[check]\nconventions = [\"brackets\"]\n")],
    );
    let bad = run_ok(root, &["check"], 2);
    assert!(
        bad.stderr.contains("unknown variant `brackets`"),
        "{}",
        bad.stderr
    );
    assert!(bad.stderr.contains("citecheck.toml:2:16"), "{}", bad.stderr);
}

/// Word boundaries of `text` split by whitespace only: (start, end) of each token.
fn tokens(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

/// A plain word: letters only, so replacing or capitalizing it is clean.
fn plain(w: &str) -> bool {
    w.len() > 1 && w.chars().all(|c| c.is_ascii_alphabetic())
}

/// Words a bracket may replace whatever it says (they point at a referent, or link).
const POINTING: &[&str] = &[
    "he", "her", "his", "it", "its", "she", "that", "the", "their", "them", "these", "they",
    "this", "those", "which", "who",
];

/// Whether a token carries meaning, by the rules' own word lists (a negation, number,
/// quantifier or modal; `don't` holds one).
fn is_meaning(w: &str) -> bool {
    let words: Vec<String> = w
        .split(|c: char| !c.is_alphanumeric())
        .filter(|x| !x.is_empty())
        .map(str::to_lowercase)
        .collect();
    (0..words.len())
        .any(|i| is_meaning_word(&words[i], i.checked_sub(1).map(|p| words[p].as_str())))
}

/// Sources the properties cut from.
fn sources() -> Vec<Source> {
    vec![
        seed(),
        example("cable.txt"),
        example("articles.txt"),
        example("news-intro.txt"),
    ]
}

/// A span of 8 to 14 whitespace tokens of a source, as (source, token range).
fn span() -> impl Strategy<Value = (usize, usize, usize)> {
    (0usize..4, any::<prop::sample::Index>(), 8usize..=14)
        .prop_map(|(s, at, len)| (s, at.index(1_000_000), len))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, max_global_rejects: 100_000, .. ProptestConfig::default() })]

    /// A quote cut from a source and edited by one accepted convention is accepted, with that
    /// convention named (a pointer names the cut, so a repeated passage is not ambiguous).
    #[test]
    fn one_convention_is_accepted_and_named(
        (s, at, len) in span(),
        kind in 0usize..4,
        pick in any::<prop::sample::Index>(),
    ) {
        let srcs = sources();
        let src = &srcs[s];
        let toks = tokens(src.text());
        prop_assume!(toks.len() > len + 2);
        let first = at % (toks.len() - len);
        let ts = &toks[first..first + len];
        let (a, b) = (ts[0].0, ts[len - 1].1);
        let word = |i: usize| &src.text()[ts[i].0..ts[i].1];
        // Cut within one line: a quote runs on one line of a claims file anyway.
        prop_assume!(!src.text()[a..b].contains('\n'));
        prop_assume!(ts.iter().all(|&(x, y)| !src.text()[x..y].contains(['[', ']', '(', ')', '…'])));
        prop_assume!(!src.text()[a..b].contains("..."));
        let body = &src.text()[a..b];
        let (quote, want) = match kind {
            0 => {
                // Bracket-replace an inner word that only points or links (a pronoun, an
                // article, a demonstrative): what a bracket may stand for.
                let i = 1 + pick.index(len - 2);
                prop_assume!(POINTING.contains(&word(i).to_lowercase().as_str()));
                (format!("{}[it]{}", &src.text()[a..ts[i].0], &src.text()[ts[i].1..b]), Convention::Bracket)
            }
            1 => {
                let f = body.chars().next().unwrap();
                prop_assume!(f.is_ascii_alphabetic());
                let flipped = if f.is_ascii_uppercase() { f.to_ascii_lowercase() } else { f.to_ascii_uppercase() };
                (format!("{flipped}{}", &body[1..]), Convention::Capital)
            }
            2 => (format!("{body} [emphasis added]"), Convention::Emphasis),
            _ => {
                // Elide inner words that carry no meaning.
                let (i, j) = (3, len - 3);
                prop_assume!((i..j).all(|k| !is_meaning(word(k))));
                prop_assume!(plain(word(i - 1)) && plain(word(j)));
                // Within one sentence: an elision over a sentence's end joins two (a rule of
                // its own, below).
                prop_assume!((i..j).all(|k| !word(k).ends_with(['.', '!', '?', '"', '”', ')'])));
                (format!("{} … {}", &src.text()[a..ts[i - 1].1], &src.text()[ts[j].0..b]), Convention::Elision)
            }
        };
        let v = check_in(src, &quote, Some(Pointer::Span(a, b)), &Thresholds::default());
        prop_assert!(accepted(v.status), "{:?}: {:?}", quote, v);
        prop_assert!(v.conventions.contains(&want), "{:?}: {:?}", quote, v.conventions);
    }

    /// The same kind of quote with one meaning word removed (elided or bracket-replaced) or a
    /// meaning word bracket-inserted is never verified or normalized.
    #[test]
    fn a_meaning_word_dropped_or_inserted_never_passes(
        (s, at, len) in span(),
        kind in 0usize..3,
        inserted in prop::sample::select(vec!["not", "no", "never", "all", "some", "only", "may", "might", "40"]),
        pick in any::<prop::sample::Index>(),
    ) {
        let srcs = sources();
        let src = &srcs[s];
        let toks = tokens(src.text());
        prop_assume!(toks.len() > len + 2);
        let first = at % (toks.len() - len);
        let ts = &toks[first..first + len];
        let (a, b) = (ts[0].0, ts[len - 1].1);
        let word = |i: usize| &src.text()[ts[i].0..ts[i].1];
        let i = 2 + pick.index(len - 4);
        let quote = match kind {
            0 | 1 => {
                // A meaning word inside, standing alone.
                prop_assume!(is_meaning(word(i)) && plain(word(i - 1)) && plain(word(i + 1)));
                let repl = if kind == 0 { " … " } else { " [it] " };
                format!("{}{repl}{}", &src.text()[a..ts[i - 1].1], &src.text()[ts[i + 1].0..b])
            }
            _ => {
                prop_assume!(plain(word(i)) && (i.saturating_sub(3)..(i + 3).min(len)).all(|k| !is_meaning(word(k))));
                format!("{} [{inserted}] {}", &src.text()[a..ts[i].1], &src.text()[ts[i + 1].0..b])
            }
        };
        let v = check_in(src, &quote, Some(Pointer::Span(a, b)), &Thresholds::default());
        prop_assert!(!accepted(v.status), "{:?}: {:?}", quote, v);
        prop_assert!(v.status != Status::Relocated, "{:?}: {:?}", quote, v);
    }
}

/// Conventions on a small text of its own: a tense in brackets, a doubled word and a slip under
/// `[sic]`, an ellipsis that is the source's own (no convention), a bracketed letter after an
/// elision, marks in parentheses.
#[test]
fn tenses_slips_and_the_sources_own_marks() {
    let src = Source::from_text(
        "t.txt",
        "The report said the the group is small. They was late, he said. Then he paused... \
         and left the room. The press said nothing of it."
            .to_string(),
    );
    let v = check(&src, "the the [sic] group [was] small");
    assert!(accepted(v.status), "{v:?}");
    assert_eq!(v.conventions, [Convention::Bracket, Convention::Sic]);
    let v = check(&src, "They was [sic!] late, he said");
    assert_eq!(v.conventions, [Convention::Sic], "{v:?}");
    // "late" is an ordinary word after "was": evidently correct.
    let v = check(&src, "They was late [sic], he said");
    assert!(!accepted(v.status), "{v:?}");
    let v = check(&src, "Then he paused…");
    assert!(accepted(v.status), "{v:?}");
    assert!(v.conventions.is_empty(), "{v:?}");
    let v = check(&src, "he paused … [t]he press said nothing");
    assert!(accepted(v.status), "{v:?}");
    assert_eq!(v.conventions, [Convention::Elision, Convention::Bracket]);
    // A bracket may not stand for words that carry content of their own: "[and walked out]"
    // for "and left the room" changes what the source says, both sides shown.
    let v = check(
        &src,
        "Then he paused... [and walked out]. The press said nothing",
    );
    assert_eq!(v.status, Status::Drifted, "{v:?}");
    assert!(v.bracket_changes_meaning, "{v:?}");
    for w in ["left", "room", "walked"] {
        assert!(v.missing_terms.iter().any(|m| m == w), "{w}: {v:?}");
    }
    // Nor for six source words, whatever they are.
    let v = check(&src, "The report said [it] was late, he said");
    assert!(!accepted(v.status), "{v:?}");
    // Parts out of order around a bracket are not a placement.
    let v = check(&src, "the group is small [and] The report said");
    assert!(!accepted(v.status), "{v:?}");
    let v = check(&src, "The report said [that] the the group is small");
    assert!(accepted(v.status), "{v:?}");
    assert_eq!(v.conventions, [Convention::Bracket]);
}

/// The seed's teaser sets ellipses at both ends; quoted that way against the body the marks
/// are an elision, and an elision dropping the body's "no" is drift with its own code.
#[test]
fn the_teasers_ellipses_against_the_body() {
    let s = seed();
    let v = check_in(
        &s,
        "… The cables said the MEK leadership ordered the execution of all attempted defectors.",
        Some(Pointer::Lines(5, 5)),
        &Thresholds::default(),
    );
    assert!(accepted(v.status), "{v:?}");
    assert_eq!(v.conventions, [Convention::Elision]);
    let v = check_in(
        &s,
        "says the MEK has … popular support inside Iran",
        Some(Pointer::Lines(5, 5)),
        &Thresholds::default(),
    );
    assert_eq!(v.status, Status::Drifted, "{v:?}");
    assert_eq!(code_of(Kind::Quote, &v), Code::QuoteElisionChangesMeaning);
    assert_eq!(v.missing_terms, ["no"]);
    // The same with a bracket standing for "no": a bracket that drops the negation.
    let v = check_in(
        &s,
        "says the MEK has [much] popular support inside Iran",
        Some(Pointer::Lines(5, 5)),
        &Thresholds::default(),
    );
    assert_eq!(
        code_of(Kind::Quote, &v),
        Code::QuoteBracketChangesMeaning,
        "{v:?}"
    );
}

/// Source-side conventions end to end: a source that breaks a word at a line end, carries a
/// footnote marker and double quotation marks; quotes that join the word, leave the marker out
/// and nest the marks as single ones are normalized with the convention named, and a quote
/// that differs in anything else (an apostrophe made a double mark, a changed word) is not.
#[test]
fn source_side_conventions_through_the_judge() {
    let src = Source::from_text(
        "seed.txt",
        "Several officials said the MEK has no significant popular support in the country, and \
         that the group's infor-\nmation campaign abroad was costly.² The embassy reported \
         that officials called the group \"a cult of personality\" in private meetings held \
         during the spring.\n"
            .to_string(),
    );
    let cases: [(&str, Convention); 3] = [
        (
            "that the group's information campaign abroad was costly. The embassy reported",
            Convention::Hyphenation,
        ),
        (
            "campaign abroad was costly. The embassy reported that officials called the group",
            Convention::Footnote,
        ),
        (
            "officials called the group 'a cult of personality' in private meetings held",
            Convention::NestedQuotes,
        ),
    ];
    for (text, convention) in cases {
        let v = check(&src, text);
        assert!(accepted(v.status), "{text}: {v:?}");
        assert!(v.conventions.contains(&convention), "{text}: {v:?}");
    }
    for text in [
        "that the group\"s information campaign abroad was costly. The embassy reported",
        "that the group's information campaign abroad was cheap. The embassy reported",
    ] {
        let v = check(&src, text);
        assert!(!accepted(v.status), "{text}: {v:?}");
    }
}

/// A short quote of a word the source breaks across a line end is found (no approximate match
/// can bridge the break in a few words), normalized with `hyphenation` named; an in-line hyphen
/// elsewhere is not a line break; `--strict` leaves the quote missing.
#[test]
fn short_quotes_across_a_line_broken_word() {
    let src = Source::from_text(
        "seed.txt",
        "The cable cites infor-\nmation gleaned from both sides. He said he would re-\nsign \
         soon. They re-sign the contract yearly.\n"
            .to_string(),
    );
    let v = check(&src, "information gleaned from both");
    assert_eq!(v.status, Status::Normalized, "{v:?}");
    assert_eq!(v.conventions, [Convention::Hyphenation]);
    let found = v.found.expect("found");
    assert_eq!(
        &src.text()[found.start..found.end],
        "infor-\nmation gleaned from both"
    );
    // The word broken at a line end, quoted whole where the source has it on one line with a
    // real hyphen: not the same word.
    let v = check(&src, "They resign the contract");
    assert!(!accepted(v.status), "{v:?}");
    // Where it is broken at a line end, it is.
    let v = check(&src, "he would resign soon");
    assert_eq!(v.status, Status::Normalized, "{v:?}");
    // Conventions off: the words differ as written.
    let strict = Thresholds {
        conventions: Vec::new(),
        ..Thresholds::default()
    };
    let v = check_in(&src, "information gleaned from both", None, &strict);
    assert!(!accepted(v.status), "{v:?}");
}
