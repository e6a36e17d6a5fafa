//! `found_in`: where a quote missing from its own source is. `check` judges an archive one
//! source at a time and answers "is it in that other source?" afterwards, from what is left of
//! each released word index where that can say no for certain (src/check/by_source.rs). These
//! tests hold the shortcut to its one promise (it never says no to a text that is there) and
//! the report to what a reader expects: every other source holding the text, in source order.

mod common;

use citecheck::locate::{IndexLocator, Locator, Needle};
use citecheck::source::Source;
use common::{run_ok, write_files};

/// A deterministic pseudo-random text of about `bytes` bytes from a small vocabulary, so that
/// word trigrams repeat and collide, with the punctuation and line breaks of prose.
fn prose(seed: u64, bytes: usize) -> String {
    const VOCAB: [&str; 24] = [
        "the", "council", "said", "that", "harbour", "was", "closed", "and", "ships", "waited",
        "for", "news", "of", "winter", "treaty", "signed", "in", "town", "men", "spoke", "against",
        "it", "quietly", "again",
    ];
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let mut out = String::with_capacity(bytes + 64);
    while out.len() < bytes {
        let r = next();
        out.push_str(VOCAB[(r % VOCAB.len() as u64) as usize]);
        out.push_str(match r >> 40 & 15 {
            0 => ".\n",
            1 => ", ",
            2 => "\n",
            _ => " ",
        });
    }
    out
}

/// Some words of `text` from word `from` on, `n` of them, joined by spaces.
fn words_at(text: &str, from: usize, n: usize) -> String {
    let all: Vec<&str> = text.split_whitespace().collect();
    all.iter()
        .cycle()
        .skip(from % all.len())
        .take(n)
        .copied()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn presence_never_rules_out_a_text_that_is_there() {
    let source = Source::from_text("a.txt", prose(7, 200_000));
    let presence = source.index().presence();
    let other = prose(8, 200_000);
    let (mut found, mut ruled_out) = (0, 0);
    for i in 0..3000usize {
        let n = 1 + i % 14;
        // Texts from the source (there, give or take the punctuation it cuts through), from
        // another text of the same words (often not there), elided ones, and punctuation.
        let text = match i % 5 {
            0 | 1 => words_at(source.text(), i * 37, n),
            2 => words_at(&other, i * 53, n),
            3 => format!(
                "{} … {}",
                words_at(source.text(), i * 41, n),
                words_at(&other, i * 29, n)
            ),
            _ => ["—", "...", "?!", ", ,"][i % 4].to_string(),
        };
        let needle = Needle::new(&text);
        let occurs = IndexLocator.occurs(&source, &needle);
        let may = IndexLocator.may_occur(&source, &needle, &presence);
        assert!(!occurs || may, "{text:?} occurs but was ruled out");
        // Without the index, by scanning: never no to a text that is there.
        assert!(
            !occurs || IndexLocator.may_occur_by_scan(&source, &needle),
            "{text:?} occurs but a scan ruled it out"
        );
        found += usize::from(occurs);
        ruled_out += usize::from(!may);
    }
    // Both cases were exercised.
    assert!(found > 500, "{found} found");
    assert!(ruled_out > 100, "{ruled_out} ruled out");
}

#[test]
fn presence_rules_out_most_long_texts_that_are_not_there() {
    let source = Source::from_text("a.txt", prose(11, 300_000));
    let presence = source.index().presence();
    let mut passed = 0;
    for i in 0..1000 {
        // Words the source never uses: every anchor is absent.
        let text = common::words(i * 20, i * 20 + 12);
        let needle = Needle::new(&text);
        assert!(!IndexLocator.occurs(&source, &needle));
        passed += usize::from(IndexLocator.may_occur(&source, &needle, &presence));
    }
    // Eight anchors each passing about two times in five: almost none pass all.
    assert!(passed <= 10, "{passed} of 1000 absent texts passed");
}

/// A project in `root` of the sources `texts` (`a.txt`, `b.txt`, ...) and one claims file.
fn project(root: &std::path::Path, texts: &[&str], claims: &str) {
    let names: Vec<String> = (b'a'..)
        .take(texts.len())
        .map(|c| format!("sources/{}.txt", c as char))
        .collect();
    let mut files = vec![("citecheck.toml", ""), ("claims/q.toml", claims)];
    files.extend(names.iter().map(String::as_str).zip(texts.iter().copied()));
    write_files(root, &files);
}

/// The JSON reports of `check` in `root`, with the cache and without.
fn found_in_each_way(root: &std::path::Path) -> Vec<serde_json::Value> {
    [&[][..], &["--no-cache"][..]]
        .iter()
        .map(|extra| {
            let mut args = vec!["check", "--format", "json", "-q", "--no-dups"];
            args.extend(*extra);
            let run = run_ok(root, &args, 1);
            serde_json::from_str(&run.stdout).unwrap()
        })
        .collect()
}

#[test]
fn many_texts_found_elsewhere_are_all_named() {
    // Enough texts found in one other source that its index is built again to answer them
    // (rather than scanned for each).
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let planted: Vec<String> = (0..48)
        .map(|i| common::words(20_000 + i * 12, 20_000 + i * 12 + 12))
        .collect();
    let a = prose(1, 100_000);
    let b = format!("{}\n{}\n", prose(2, 100_000), planted.join(".\n"));
    let c = prose(3, 100_000);
    let mut claims = String::new();
    for (i, t) in planted.iter().enumerate() {
        claims.push_str(&format!(
            "[[quote]]\nid = \"p{i:02}\"\nsource = \"{}\"\ntext = \"{t}\"\n\n",
            if i % 2 == 0 { "a.txt" } else { "c.txt" }
        ));
    }
    project(root, &[&a, &b, &c], &claims);
    for report in found_in_each_way(root) {
        for i in 0..planted.len() {
            let r = common::result(&report, &format!("p{i:02}"));
            assert_eq!(r["status"], "missing");
            assert_eq!(
                r["found_in"],
                serde_json::json!(["sources/b.txt"]),
                "p{i:02}"
            );
        }
    }
}

#[test]
fn found_in_names_every_other_source_holding_the_text_in_source_order() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let texts: Vec<String> = (0..4).map(|i| prose(100 + i, 120_000)).collect();
    // A passage of distinct words, planted in some sources only.
    let planted = common::words(5000, 5014);
    let with = |i: usize| {
        format!(
            "{}\n{planted}.\n{}",
            &texts[i][..60_000],
            &texts[i][60_000..]
        )
    };
    let (b, d) = (with(1), with(3));
    let also = common::words(7000, 7012);
    let a = format!("{}\n{also}\n", texts[0]);
    let c = format!("{also}\n{}", texts[2]);
    let claims = format!(
        "[[quote]]\nid = \"in-b-and-d\"\nsource = \"a.txt\"\ntext = \"{planted}\"\n\n\
         [[quote]]\nid = \"in-a-and-c\"\nsource = \"d.txt\"\ntext = \"{also}\"\n\n\
         [[quote]]\nid = \"nowhere\"\nsource = \"c.txt\"\ntext = \"{}\"\n",
        common::words(9000, 9012)
    );
    project(root, &[&a, &b, &c, &d], &claims);
    for report in found_in_each_way(root) {
        let found_in = |id: &str| {
            let r = common::result(&report, id);
            assert_eq!(r["status"], "missing", "{id}");
            r["found_in"].clone()
        };
        assert_eq!(
            found_in("in-b-and-d"),
            serde_json::json!(["sources/b.txt", "sources/d.txt"])
        );
        assert_eq!(
            found_in("in-a-and-c"),
            serde_json::json!(["sources/a.txt", "sources/c.txt"])
        );
        assert_eq!(found_in("nowhere"), serde_json::json!([]));
    }
}

#[test]
fn found_in_does_not_depend_on_how_many_texts_ask_about_a_source() {
    // A text that begins with a combining mark matches inside a source word ("x" + U+0301
    // "bar ..."): a substring scan takes that start, the word index does not. Whether the
    // source's questions are few (scanned first) or many (its index built again), the answer
    // must be the index's.
    let filler = prose(21, 70_000);
    let a = prose(22, 70_000);
    let b = format!("{filler} x\u{301}bar foo baz qux {filler} bar foo baz zzz. foo baz qux.");
    let odd = "\u{301}bar foo baz qux";
    let planted: Vec<String> = (0..40)
        .map(|i| common::words(30_000 + i * 12, 30_000 + i * 12 + 12))
        .collect();
    let entry = |id: &str, text: &str| {
        format!("[[quote]]\nid = \"{id}\"\nsource = \"a.txt\"\ntext = \"{text}\"\n\n")
    };
    let mut found = Vec::new();
    for many in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let mut claims = entry("odd", odd);
        let mut b = b.clone();
        if many {
            b.push_str(&format!("\n{}\n", planted.join(".\n")));
            for (i, t) in planted.iter().enumerate() {
                claims.push_str(&entry(&format!("p{i:02}"), t));
            }
        }
        project(root, &[&a, &b], &claims);
        let run = run_ok(root, &["check", "--format", "json", "-q", "--no-dups"], 1);
        let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        let r = common::result(&report, "odd");
        assert_eq!(r["status"], "missing");
        found.push(r["found_in"].clone());
    }
    assert_eq!(found[0], found[1]);
    assert_eq!(
        found[0],
        serde_json::json!([]),
        "the index does not take that start"
    );
}
