//! Duplicated passages (issue 4): the seed page as one source, the repository's example split
//! into three sources, planted copies, and the JSON shape.

mod common;

use std::path::Path;

use common::{repo, run, run_ok};

use citecheck::dups::{find_duplicates, DupOptions};
use citecheck::model::{Cluster, DiffTag, DupOccurrence};
use citecheck::{CheckOptions, Source};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn seed_page() -> Vec<Source> {
    let text = std::fs::read_to_string(Path::new(ROOT).join("tests/fixtures/seed-page.txt"))
        .expect("fixture");
    vec![Source::from_text("seed-page.txt", text)]
}

fn example() -> Vec<Source> {
    let mut problems = Vec::new();
    let s = citecheck::source::load_all(Path::new(ROOT), &mut problems).expect("sources");
    assert!(problems.is_empty(), "{problems:?}");
    s
}

fn text_of<'a>(sources: &'a [Source], c: &Cluster, i: usize) -> &'a str {
    let o = &c.occurrences[i];
    let s = sources.iter().find(|s| s.path == o.source).expect("source");
    &s.text()[o.span.start..o.span.end]
}

/// The cluster whose occurrences lie exactly on these (source, first line) places, in order.
fn cluster_at<'a>(clusters: &'a [Cluster], places: &[(&str, usize)]) -> &'a Cluster {
    clusters
        .iter()
        .find(|c| {
            c.occurrences.len() == places.len()
                && c.occurrences
                    .iter()
                    .zip(places)
                    .all(|(o, (src, line))| o.source == *src && o.lines[0] == *line)
        })
        .unwrap_or_else(|| panic!("no cluster at {places:?}; found:\n{}", listing(clusters)))
}

fn listing(clusters: &[Cluster]) -> String {
    clusters
        .iter()
        .map(|c| {
            let at: Vec<String> = c
                .occurrences
                .iter()
                .map(|o| format!("{}:{}-{}", o.source, o.lines[0], o.lines[1]))
                .collect();
            format!(
                "  {} words, sim {}: {}\n",
                c.words,
                c.similarity,
                at.join(", ")
            )
        })
        .collect()
}

/// The changed pieces of a cluster's diff, trimmed: `-old` / `+new`.
fn changes(c: &Cluster) -> Vec<String> {
    c.diff
        .iter()
        .filter(|d| d.op != DiffTag::Equal)
        .map(|d| {
            let sign = if d.op == DiffTag::Delete { '-' } else { '+' };
            format!("{sign}{}", d.text.trim())
        })
        .collect()
}

// ---------------------------------------------------------------- the seed page, one source

#[test]
fn seed_title_repeated_on_lines_1_and_2() {
    let s = seed_page();
    let c = find_duplicates(&s, &DupOptions::default());
    let t = cluster_at(
        &c,
        &[("sources/seed-page.txt", 1), ("sources/seed-page.txt", 2)],
    );
    assert_eq!(t.similarity, 1.0);
    assert!(t.diff.is_empty());
    assert_eq!(t.occurrences[0].lines, [1, 1]);
    assert_eq!(t.occurrences[1].lines, [2, 2]);
    assert_eq!(
        text_of(&s, t, 0),
        "US State Department claims no popular support for Mojahedin Khaq (MKO, MEK, Rajavi \
         cult) among Iranains"
    );
    assert_eq!(text_of(&s, t, 0), text_of(&s, t, 1));
}

#[test]
fn seed_teasers_against_the_body_they_copy() {
    let s = seed_page();
    let c = find_duplicates(&s, &DupOptions::default());
    let p = "sources/seed-page.txt";
    // (teaser line, body line): the news intro, and the three article teasers whose articles
    // are on the page (one teaser copies two body paragraphs).
    for (teaser, body) in [(4, 5), (71, 73), (71, 75), (82, 88), (96, 102)] {
        let d = cluster_at(&c, &[(p, teaser), (p, body)]);
        assert_eq!(d.similarity, 1.0, "teaser {teaser}");
        assert!(d.words >= 30, "teaser {teaser}: {} words", d.words);
        // The teaser's copy is the body's words, maximal: one passage, not a run of shingles.
        let (a, b) = (text_of(&s, d, 0), text_of(&s, d, 1));
        assert_eq!(a.split_whitespace().count(), b.split_whitespace().count());
    }
    // Exactly one cluster per teaser/body pair: no flood of overlapping pieces.
    let on = |l: usize| {
        c.iter()
            .filter(|x| x.occurrences.iter().any(|o| o.lines[0] == l))
            .count()
    };
    assert_eq!(on(82), 1);
    assert_eq!(on(96), 1);
}

#[test]
fn seed_cable_summary_twice_with_drift() {
    let s = seed_page();
    let c = find_duplicates(&s, &DupOptions::default());
    let p = "sources/seed-page.txt";
    let d = cluster_at(&c, &[(p, 9), (p, 12)]);
    assert!(
        d.similarity >= 0.8 && d.similarity < 1.0,
        "{}",
        d.similarity
    );
    assert!(d.words > 150, "{}", d.words);
    assert_eq!(changes(d), ["-not", "+no", "-this", "+the"]);
    let first = text_of(&s, d, 0);
    assert!(first.starts_with("Summary Showing a unanimity"), "{first}");
    assert!(first.ends_with("END SUMMARY"), "{first}");
    assert!(text_of(&s, d, 1).contains("has no significant popular support"));
}

#[test]
fn seed_news_intro_copies_the_cable() {
    let s = seed_page();
    let c = find_duplicates(&s, &DupOptions::default());
    let p = "sources/seed-page.txt";
    let oppose = cluster_at(&c, &[(p, 4), (p, 5), (p, 48)]);
    assert!(text_of(&s, oppose, 2).contains(
        "to the extent Iranians know about this group they are far more likely to oppose it \
         than support it"
    ));
    let damage = cluster_at(&c, &[(p, 4), (p, 5), (p, 46)]);
    assert!(text_of(&s, damage, 2)
        .starts_with("Any U.S. support for MEK would extremely damage its reputation"));
}

// ---------------------------------------------------------------- the example, three sources

#[test]
fn example_split_into_sources() {
    let s = example();
    let c = find_duplicates(&s, &DupOptions::default());
    let (n, cable, art) = (
        "sources/news-intro.txt",
        "sources/cable.txt",
        "sources/articles.txt",
    );
    cluster_at(&c, &[(n, 1), (n, 2)]);
    cluster_at(&c, &[(n, 4), (n, 5)]);
    // Across sources: the cable's sentences in the news intro (the cable sorts first).
    cluster_at(&c, &[(cable, 40), (n, 4), (n, 5)]);
    cluster_at(&c, &[(cable, 42), (n, 4), (n, 5)]);
    let drift = cluster_at(&c, &[(cable, 3), (cable, 6)]);
    assert_eq!(changes(drift), ["-not", "+no", "-this", "+the"]);
    for (teaser, body) in [(3, 5), (3, 7), (14, 20), (28, 34)] {
        cluster_at(&c, &[(art, teaser), (art, body)]);
    }
    // Sorted by first occurrence (sources by path, then position).
    let firsts: Vec<(&str, usize)> = c
        .iter()
        .map(|x| {
            (
                x.occurrences[0].source.as_str(),
                x.occurrences[0].span.start,
            )
        })
        .collect();
    let mut sorted = firsts.clone();
    sorted.sort();
    assert_eq!(firsts, sorted);
    assert_eq!(
        c,
        find_duplicates(&s, &DupOptions::default()),
        "deterministic"
    );
}

#[test]
fn quotes_in_duplicated_passages_name_the_other_copies() {
    let project = citecheck::open(Path::new(ROOT)).expect("project");
    let report = citecheck::check(&project, &CheckOptions::default()).expect("check");
    assert!(!report.duplicates.is_empty());
    let get = |id: &str| {
        report
            .results
            .iter()
            .find(|r| r.id == id)
            .unwrap_or_else(|| panic!("{id}"))
    };
    // Quoted from the cable; the news intro carries the same words twice.
    let damage = get("intro-damage");
    let at: Vec<(&str, usize)> = damage
        .also_at
        .iter()
        .map(|a| (a.source.as_str(), a.lines[0]))
        .collect();
    assert_eq!(
        at,
        [("sources/news-intro.txt", 4), ("sources/news-intro.txt", 5)]
    );
    assert!(damage.also_at.iter().all(|a| !a.differs));
    assert!(!damage.copies_differ);
    // Evidence from the second summary: the first copy says "not significant".
    let summary = get("summary-says");
    assert_eq!(summary.also_at.len(), 1);
    assert_eq!(summary.also_at[0].lines, [3, 3]);
    assert!(summary.also_at[0].differs);
    assert!(summary.copies_differ);
}

// ---------------------------------------------------------------- planted copies

/// Deterministic filler: pseudo-words from a small LCG, no phrase repeating by chance.
fn filler(seed: u64, n: usize) -> String {
    let mut x = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let w = format!("w{}", (x >> 33) % 20_000);
        out.push(if i % 12 == 11 { format!("{w}.") } else { w });
    }
    out.join(" ")
}

fn sources(texts: &[(&str, String)]) -> Vec<Source> {
    texts
        .iter()
        .map(|(id, t)| Source::from_text(id, t.clone()))
        .collect()
}

const PASSAGE: &str = "The committee found that the archive had been moved twice before the \
                       fire and that no inventory survived from either move, which explains \
                       the gaps in the record";

#[test]
fn planted_exact_copy_across_sources() {
    let a = format!("{} {PASSAGE}. {}", filler(1, 300), filler(2, 300));
    let b = format!("{}\n\n{PASSAGE}.\n\n{}", filler(3, 200), filler(4, 200));
    let s = sources(&[("a.txt", a), ("b.txt", b)]);
    let c = find_duplicates(&s, &DupOptions::default());
    assert_eq!(c.len(), 1, "{}", listing(&c));
    assert_eq!(c[0].similarity, 1.0);
    assert_eq!(c[0].words, PASSAGE.split(' ').count());
    assert_eq!(text_of(&s, &c[0], 0), PASSAGE);
    assert_eq!(text_of(&s, &c[0], 1), PASSAGE);
    assert_eq!(c[0].occurrences[1].lines, [3, 3]);
}

#[test]
fn planted_copy_with_one_word_changed() {
    let edited = PASSAGE.replace("no inventory", "one inventory");
    let t = format!(
        "{} {PASSAGE}. {} {edited}.",
        filler(30, 100),
        filler(31, 100)
    );
    let s = sources(&[("a.txt", t)]);
    let c = find_duplicates(&s, &DupOptions::default());
    assert_eq!(c.len(), 1, "{}", listing(&c));
    assert!(c[0].similarity >= 0.8 && c[0].similarity < 1.0);
    assert_eq!(changes(&c[0]), ["-no", "+one"]);
    assert_eq!(c[0].words, PASSAGE.split(' ').count());
    assert_eq!(text_of(&s, &c[0], 0), PASSAGE);
    assert_eq!(text_of(&s, &c[0], 1), edited);
}

#[test]
fn planted_copy_edited_near_its_start_is_reported_whole() {
    let edited = PASSAGE.replace("found that", "found how");
    let t = format!(
        "{} {PASSAGE}. {} {edited}.",
        filler(32, 100),
        filler(33, 100)
    );
    let s = sources(&[("a.txt", t)]);
    let c = find_duplicates(&s, &DupOptions::default());
    assert_eq!(c.len(), 1, "{}", listing(&c));
    assert_eq!(changes(&c[0]), ["-that", "+how"]);
    assert_eq!(text_of(&s, &c[0], 0), PASSAGE);
    assert_eq!(text_of(&s, &c[0], 1), edited);
}

#[test]
fn planted_copy_with_words_substituted_and_inserted() {
    let edited = PASSAGE.replace("moved twice", "moved three times");
    let edited = edited.replace("no inventory", "one inventory");
    let t = format!(
        "{} {PASSAGE}. {} {edited}. {}",
        filler(5, 100),
        filler(6, 100),
        filler(7, 100)
    );
    let s = sources(&[("a.txt", t)]);
    let c = find_duplicates(&s, &DupOptions::default());
    assert_eq!(c.len(), 1, "{}", listing(&c));
    assert!(c[0].similarity >= 0.8 && c[0].similarity < 1.0);
    assert_eq!(
        changes(&c[0]),
        ["-twice", "+three times", "-no", "+one"],
        "{:?}",
        c[0].diff
    );
    assert_eq!(text_of(&s, &c[0], 0), PASSAGE);
    assert_eq!(text_of(&s, &c[0], 1), edited);

    // The same copy with one word changed, at similarity 1.0 required: only its exact runs.
    let strict = DupOptions {
        similarity: 1.0,
        ..DupOptions::default()
    };
    let c = find_duplicates(&s, &strict);
    assert!(c.iter().all(|x| x.similarity == 1.0 && x.words < 20));
}

#[test]
fn three_copies_one_edited_are_one_cluster() {
    let edited = PASSAGE.replace("the fire", "the flood");
    let s = sources(&[
        (
            "a.txt",
            format!("{} {PASSAGE}. {}", filler(40, 90), filler(41, 90)),
        ),
        (
            "b.txt",
            format!("{} {PASSAGE}. {}", filler(42, 90), filler(43, 90)),
        ),
        (
            "c.txt",
            format!("{} {edited}. {}", filler(44, 90), filler(45, 90)),
        ),
    ]);
    let c = find_duplicates(&s, &DupOptions::default());
    assert_eq!(c.len(), 1, "{}", listing(&c));
    let sources: Vec<&str> = c[0].occurrences.iter().map(|o| o.source.as_str()).collect();
    assert_eq!(sources, ["sources/a.txt", "sources/b.txt", "sources/c.txt"]);
    assert!(c[0].similarity < 1.0);
    assert_eq!(changes(&c[0]), ["-fire", "+flood"]);
    assert_eq!(text_of(&s, &c[0], 2), edited);
}

#[test]
fn typography_does_not_hide_a_copy_and_spans_are_source_bytes() {
    let curly = "He wrote \u{201c}the archive\u{2019}s keepers \u{2014} all of them \u{2014} \
                 had left the city before the fire reached the east wing\u{201d} and signed it.";
    let plain = "He wrote \"the archive's keepers -- all of them -- had left the city before \
                 the fire reached the east wing\" and signed it.";
    let s = sources(&[
        (
            "a.txt",
            format!("{}\n{curly}\n{}", filler(8, 50), filler(9, 50)),
        ),
        ("b.txt", format!("{plain}\n{}", filler(10, 50))),
    ]);
    let c = find_duplicates(&s, &DupOptions::default());
    assert_eq!(c.len(), 1, "{}", listing(&c));
    assert_eq!(c[0].similarity, 1.0);
    assert_eq!(
        text_of(&s, &c[0], 0),
        &curly[..curly.len() - 1],
        "a span of the original bytes"
    );
    assert_eq!(text_of(&s, &c[0], 1), &plain[..plain.len() - 1]);
    assert_eq!(c[0].occurrences[0].lines, [2, 2]);
}

#[test]
fn reordered_sentences_are_not_one_passage() {
    let s1 = "Rivers rose across the northern valley after eleven days of rain";
    let s2 = "Farmers moved their cattle to the old quarry road on higher ground";
    let s3 = "The bridge at Elm Crossing closed on Tuesday and stayed shut all week";
    let a = format!("{} {s1}. {s2}. {s3}. {}", filler(11, 80), filler(12, 80));
    let b = format!("{} {s3}. {s1}. {s2}. {}", filler(13, 80), filler(14, 80));
    let b2 = format!("{} {s3}. {s2}. {s1}. {}", filler(15, 80), filler(16, 80));
    // Fully reordered: three sentences, three passages, none spanning two sentences.
    let s = sources(&[("a.txt", a.clone()), ("b.txt", b2)]);
    let c = find_duplicates(&s, &DupOptions::default());
    assert_eq!(c.len(), 3, "{}", listing(&c));
    for x in &c {
        let t = text_of(&s, x, 0);
        assert!([s1, s2, s3].contains(&t), "{t}");
        assert_eq!(x.similarity, 1.0);
    }
    // Two sentences kept in order are one passage; the moved one is its own.
    let s = sources(&[("a.txt", a), ("b.txt", b)]);
    let c = find_duplicates(&s, &DupOptions::default());
    let texts: Vec<&str> = c.iter().map(|x| text_of(&s, x, 0)).collect();
    assert_eq!(
        texts,
        [format!("{s1}. {s2}").as_str(), s3],
        "{}",
        listing(&c)
    );
}

#[test]
fn min_words_and_ignore_patterns() {
    let seven = "seven words repeat here in both places";
    let boiler = "Copyright Example News Agency all rights reserved worldwide no reuse";
    let t = format!(
        "{} {seven}. {boiler}. {} {seven}. {boiler}. {}",
        filler(17, 60),
        filler(18, 60),
        filler(19, 60)
    );
    let s = sources(&[("a.txt", t)]);
    let c = find_duplicates(&s, &DupOptions::default());
    // The seven-word sentence alone is too short, but runs on into the boilerplate.
    assert_eq!(c.len(), 1, "{}", listing(&c));
    assert_eq!(text_of(&s, &c[0], 0), format!("{seven}. {boiler}"));
    let opts = DupOptions {
        ignore: vec!["copyright example news agency all rights reserved".into()],
        ..DupOptions::default()
    };
    assert!(find_duplicates(&s, &opts).is_empty());
    let opts = DupOptions {
        min_words: 5,
        ..opts
    };
    let c = find_duplicates(&s, &opts);
    let texts: Vec<&str> = c.iter().map(|x| text_of(&s, x, 0)).collect();
    assert_eq!(texts, [seven]);
}

#[test]
fn separator_lines_and_short_repeats_are_not_reported() {
    let t = format!(
        "{}\n--------\n***\n{}\n--------\n***\nSee also: the index.\n{}\nSee also: the \
         index.\n--------\n",
        filler(20, 40),
        filler(21, 40),
        filler(22, 40)
    );
    let s = sources(&[("a.txt", t)]);
    assert!(find_duplicates(&s, &DupOptions::default()).is_empty());
}

// ---------------------------------------------------------------- maximal passages

/// Pairs `(inner, outer)` of clusters where every copy of `inner` lies inside a copy of
/// `outer`, a different copy each: `inner` then says nothing that `outer` does not.
fn nested(clusters: &[Cluster]) -> Vec<(usize, usize)> {
    let inside = |o: &DupOccurrence, p: &DupOccurrence| {
        o.source == p.source && p.span.start <= o.span.start && o.span.end <= p.span.end
    };
    let mut out = Vec::new();
    for (i, inner) in clusters.iter().enumerate() {
        for (j, outer) in clusters.iter().enumerate() {
            let mut used = vec![false; outer.occurrences.len()];
            let covered = i != j
                && inner.occurrences.iter().all(|o| {
                    let k = outer.occurrences.iter().position(|p| inside(o, p));
                    k.is_some_and(|k| !std::mem::replace(&mut used[k], true))
                });
            if covered {
                out.push((i, j));
            }
        }
    }
    out
}

#[test]
fn no_cluster_lies_inside_another() {
    let verdicts = {
        let mut problems = Vec::new();
        let root = Path::new(ROOT).join("tests/cmd/verdicts.in");
        citecheck::source::load_all(&root, &mut problems).expect("sources")
    };
    for (name, s) in [
        ("seed page", seed_page()),
        ("example", example()),
        ("tests/cmd/verdicts.in", verdicts),
    ] {
        let c = find_duplicates(&s, &DupOptions::default());
        assert!(!c.is_empty(), "{name}");
        assert_eq!(nested(&c), [], "{name}:\n{}", listing(&c));
    }
}

#[test]
fn a_sentence_repeated_end_to_end_is_one_passage() {
    // As line 13 of tests/cmd/verdicts.in/sources/doc.txt: the run matches itself at every
    // shift of one sentence, so the search meets it on several diagonals; one cluster says it.
    let run = "Filler about nothing in particular. ".repeat(9);
    let t = format!("{} {run}{}", filler(40, 50), filler(41, 50));
    let s = sources(&[("a.txt", t)]);
    let c = find_duplicates(&s, &DupOptions::default());
    assert_eq!(c.len(), 1, "{}", listing(&c));
    for i in 0..c[0].occurrences.len() {
        assert!(run.contains(text_of(&s, &c[0], i)));
    }
}

/// The clusters found in one source holding `t` are, as (words, copies) sorted, `want`.
#[track_caller]
fn assert_sizes(t: String, want: &[(usize, usize)]) {
    let s = sources(&[("a.txt", t)]);
    let c = find_duplicates(&s, &DupOptions::default());
    let mut sizes: Vec<(usize, usize)> = c.iter().map(|x| (x.words, x.occurrences.len())).collect();
    sizes.sort_unstable();
    assert_eq!(sizes, want, "{}", listing(&c));
}

#[test]
fn a_passage_with_a_copy_outside_the_longer_one_stays() {
    // The longer passage holds PASSAGE and is copied once; PASSAGE has a third copy of its own,
    // which the longer passage's cluster does not tell.
    let longer = format!("{} {PASSAGE} {}", filler(50, 12), filler(51, 12));
    let t = format!(
        "{} {longer}. {} {longer}. {} {PASSAGE}. {}",
        filler(52, 50),
        filler(53, 50),
        filler(54, 50),
        filler(55, 50)
    );
    let words = PASSAGE.split(' ').count();
    assert_sizes(t, &[(words, 3), (words + 24, 2)]);
}

#[test]
fn a_passage_twice_inside_each_copy_of_a_longer_one_stays() {
    // Each copy of the longer passage holds PASSAGE twice: its four copies say the longer
    // passage repeats it within itself, which the longer passage's cluster does not tell.
    let longer = format!(
        "{} {PASSAGE} {} {PASSAGE} {}",
        filler(60, 12),
        filler(61, 12),
        filler(62, 12)
    );
    let t = format!(
        "{} {longer}. {} {longer}. {}",
        filler(63, 50),
        filler(64, 50),
        filler(65, 50)
    );
    let words = PASSAGE.split(' ').count();
    assert_sizes(t, &[(words, 4), (2 * words + 36, 2)]);
}

// ---------------------------------------------------------------- JSON shape

fn keys(v: &serde_json::Value) -> Vec<&str> {
    let mut k: Vec<&str> = v
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    k.sort();
    k
}

#[test]
fn json_shape_of_dups_and_check() {
    let out = run_ok(&repo(), &["dups", "--format", "json"], 0);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    let dups = v["duplicates"].as_array().expect("duplicates[]");
    assert!(dups.len() >= 8);
    for c in dups {
        assert_eq!(
            keys(c),
            ["copies", "diff", "occurrences", "similarity", "words"]
        );
        // Every copy counted; the first `[check] max_occurrences` listed (all, here).
        assert_eq!(
            c["copies"].as_u64(),
            Some(c["occurrences"].as_array().expect("occurrences").len() as u64)
        );
        assert!(c["similarity"]
            .as_f64()
            .is_some_and(|s| (0.8..=1.0).contains(&s)));
        assert!(c["words"].as_u64().is_some_and(|w| w >= 8));
        for o in c["occurrences"].as_array().expect("occurrences") {
            assert_eq!(keys(o), ["lines", "source", "span"]);
            let span = o["span"].as_array().expect("span");
            let lines = o["lines"].as_array().expect("lines");
            assert_eq!((span.len(), lines.len()), (2, 2));
            assert!(span[0].as_u64() < span[1].as_u64());
            assert!(lines[0].as_u64() <= lines[1].as_u64() && lines[0].as_u64() >= Some(1));
            assert!(o["source"]
                .as_str()
                .is_some_and(|s| s.starts_with("sources/")));
        }
        for d in c["diff"].as_array().expect("diff") {
            assert_eq!(keys(d), ["op", "text"]);
            assert!(["equal", "delete", "insert"].contains(&d["op"].as_str().unwrap_or("")));
        }
    }
    let near = dups
        .iter()
        .find(|c| c["similarity"].as_f64() < Some(1.0))
        .expect("a near duplicate");
    assert!(!near["diff"].as_array().expect("diff").is_empty());

    // The same clusters in `check`'s report, and the quote fields.
    let out = run_ok(&repo(), &["check", "--format", "json"], 1);
    let c: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    assert_eq!(c["duplicates"], v["duplicates"]);
    for r in c["results"].as_array().expect("results") {
        assert!(r["also_at"].is_array() && r["copies_differ"].is_boolean());
        for a in r["also_at"].as_array().expect("also_at") {
            assert_eq!(keys(a), ["differs", "lines", "source", "span"]);
        }
    }

    // Options on the command line.
    let out = run_ok(
        &repo(),
        &["dups", "--format", "json", "--similarity", "1"],
        0,
    );
    let strict: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    let strict = strict["duplicates"].as_array().expect("duplicates");
    assert!(!strict.is_empty());
    assert!(strict.iter().all(|c| c["similarity"].as_f64() == Some(1.0)));
    let out = run(&repo(), &["dups", "--similarity", "1.5"]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert_eq!(out.stdout, "");
}

// ---------------------------------------------------------------- maximal passages

/// Every pair of reported clusters where the first lies inside the second: each of its
/// occurrences within an occurrence of the other (same source, span inside span). The README
/// promises maximal passages, so a reported cluster never lies inside another.
fn nested_in_report(report: &serde_json::Value) -> Vec<String> {
    let clusters = report["duplicates"].as_array().expect("duplicates");
    let places = |c: &serde_json::Value| -> Vec<(String, u64, u64)> {
        c["occurrences"]
            .as_array()
            .expect("occurrences")
            .iter()
            .map(|o| {
                let span = o["span"].as_array().expect("span");
                (
                    o["source"].as_str().expect("source").to_string(),
                    span[0].as_u64().expect("start"),
                    span[1].as_u64().expect("end"),
                )
            })
            .collect()
    };
    let mut out = Vec::new();
    for (i, a) in clusters.iter().enumerate() {
        for (j, b) in clusters.iter().enumerate() {
            let (pa, pb) = (places(a), places(b));
            let inside = pa
                .iter()
                .all(|(s, x, y)| pb.iter().any(|(t, u, v)| s == t && u <= x && y <= v));
            if i != j && inside {
                out.push(format!(
                    "cluster {i} ({} words) {pa:?} lies inside cluster {j} ({} words) {pb:?}",
                    a["words"], b["words"]
                ));
            }
        }
    }
    out
}

#[test]
fn no_cluster_lies_inside_another_in_the_example_and_the_seed_page() {
    let example = run_ok(&repo(), &["dups", "--format", "json"], 0);
    let example: serde_json::Value = serde_json::from_str(&example.stdout).expect("json");
    assert!(example["duplicates"].as_array().expect("dups").len() >= 8);
    assert_eq!(nested_in_report(&example), Vec::<String>::new());

    let seed = tempfile::tempdir().expect("tempdir");
    let page = std::fs::read_to_string(repo().join("tests/fixtures/seed-page.txt")).unwrap();
    common::write_files(seed.path(), &[("sources/seed-page.txt", page.as_str())]);
    std::fs::create_dir(seed.path().join("claims")).unwrap();
    let seed = run_ok(seed.path(), &["dups", "--format", "json"], 0);
    let seed: serde_json::Value = serde_json::from_str(&seed.stdout).expect("json");
    assert!(seed["duplicates"].as_array().expect("dups").len() >= 8);
    assert_eq!(nested_in_report(&seed), Vec::<String>::new());
}

/// The verdicts fixture's line 13 repeats one five-word sentence nine times. The reports once
/// pinned a 10-word cluster at [626, 696) and [878, 948) lying inside the 15-word cluster at
/// [626, 732) and [842, 948); they now pin one cluster, the sentence twice, with its 4 copies.
#[test]
fn no_cluster_lies_inside_another_in_a_repeated_sentence() {
    let dir = common::sandbox(&common::fixture("verdicts.in"));
    for args in [
        &["dups", "--format", "json"][..],
        &["check", "--format", "json"],
    ] {
        let code = if args[0] == "dups" { 0 } else { 1 };
        let r = run_ok(dir.path(), args, code);
        let report: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
        assert!(!report["duplicates"].as_array().expect("dups").is_empty());
        assert_eq!(nested_in_report(&report), Vec::<String>::new(), "{args:?}");
    }
}

// ---------------------------------------------------------------- copies back to back

/// A paragraph of ten sentences (of 8 to 19 words) from the filler's words.
fn paragraph(seed: u64) -> String {
    (0..10u64)
        .map(|i| {
            let n = 8 + ((seed + i * 7) % 12) as usize;
            let mut s = filler(seed * 100 + i, n).replace('.', "");
            s.push('.');
            s
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The one cluster found in `t` (a single source), with its (source, span) texts.
#[track_caller]
fn only_cluster(t: String, opts: &DupOptions) -> (Cluster, Vec<String>) {
    let s = sources(&[("a.txt", t)]);
    let c = find_duplicates(&s, opts);
    assert_eq!(c.len(), 1, "{}", listing(&c));
    let texts = (0..c[0].occurrences.len())
        .map(|i| text_of(&s, &c[0], i).to_string())
        .collect();
    (c[0].clone(), texts)
}

#[test]
fn a_paragraph_pasted_back_to_back_is_reported_with_every_copy() {
    // Copies one after another match themselves one copy along: the passage overlaps itself,
    // which once counted as one place, and the most repeated paragraph vanished (33 copies
    // up). Every count from a pair up: one cluster, the paragraph, each copy in turn.
    let para = paragraph(7);
    let words = para.split(' ').count();
    for n in [2, 3, 20, 32, 33, 40, 60] {
        for sep in [" ", "\n\n"] {
            let run = vec![para.as_str(); n].join(sep);
            let t = format!("{}\n\n{run}\n\n{}", filler(70, 60), filler(71, 60));
            let (c, texts) = only_cluster(t, &DupOptions::default());
            assert_eq!((c.words, c.copies), (words, n), "{n} copies");
            assert_eq!(c.occurrences.len(), n, "{n} copies");
            assert_eq!(c.similarity, 1.0);
            for (i, t) in texts.iter().enumerate() {
                assert_eq!(
                    t.trim_end_matches('.'),
                    para.trim_end_matches('.'),
                    "copy {i}"
                );
            }
        }
    }
}

#[test]
fn copies_back_to_back_with_a_copy_elsewhere_are_one_cluster() {
    let para = paragraph(8);
    let a = format!(
        "{}\n\n{}\n\n{}",
        filler(80, 60),
        vec![para.as_str(); 40].join("\n\n"),
        filler(81, 60)
    );
    let b = format!("{}\n\n{para}\n\n{}", filler(82, 60), filler(83, 60));
    let s = sources(&[("a.txt", a), ("b.txt", b)]);
    let c = find_duplicates(&s, &DupOptions::default());
    assert_eq!(c.len(), 1, "{}", listing(&c));
    assert_eq!(c[0].copies, 41);
    assert_eq!(c[0].occurrences.last().unwrap().source, "sources/b.txt");
}

#[test]
fn a_sentence_repeated_with_line_numbers_is_one_cluster_of_its_lines() {
    // Each copy ends with its own number: the copies are near duplicates, chained across the
    // numbers into one passage overlapping itself.
    for n in [3, 20, 40, 60] {
        let t: String = (0..n)
            .map(|i| {
                format!("The committee met again on Tuesday and adjourned without a decision, line {i}.\n")
            })
            .collect();
        let t = format!("{}\n{t}{}", filler(90, 40), filler(91, 40));
        let (c, texts) = only_cluster(t, &DupOptions::default());
        assert_eq!(c.copies, n, "{n} lines");
        for (i, t) in texts.iter().enumerate() {
            assert!(
                t.starts_with(
                    "The committee met again on Tuesday and adjourned without a decision"
                ),
                "line {i}: {t:?}"
            );
        }
    }
}

#[test]
fn a_short_sentence_back_to_back_is_reported_in_runs_of_min_words() {
    // A 5-word sentence is shorter than min_words (8): its copies are counted two at a time.
    for n in [20, 40, 60] {
        let run = "Filler about nothing in particular. ".repeat(n);
        let t = format!("{} {run}{}", filler(92, 50), filler(93, 50));
        let (c, texts) = only_cluster(t, &DupOptions::default());
        assert_eq!((c.words, c.copies), (10, n / 2), "{n} sentences");
        for t in texts {
            assert_eq!(
                t.trim_end_matches('.'),
                "Filler about nothing in particular. Filler about nothing in particular"
            );
        }
    }
}

#[test]
fn copies_back_to_back_are_listed_up_to_max_occurrences_with_the_full_count() {
    let para = paragraph(9);
    let t = format!(
        "{}\n\n{}\n\n{}",
        filler(94, 60),
        vec![para.as_str(); 60].join("\n\n"),
        filler(95, 60)
    );
    let s = sources(&[("a.txt", t)]);
    let mut c = find_duplicates(&s, &DupOptions::default());
    let all = c.clone();
    citecheck::dups::cap_copies(&mut c, 25);
    assert_eq!(c.len(), 1, "{}", listing(&c));
    assert_eq!((c[0].occurrences.len(), c[0].copies), (25, 60));
    assert_eq!(c[0].occurrences[..], all[0].occurrences[..25]);

    // And through the command: the report lists `max_occurrences` copies and counts them all.
    let dir = tempfile::tempdir().expect("tempdir");
    let body = s[0].text().to_string();
    common::write_files(
        dir.path(),
        &[
            ("sources/a.txt", body.as_str()),
            ("citecheck.toml", "[check]\nmax_occurrences = 25\n"),
        ],
    );
    std::fs::create_dir(dir.path().join("claims")).unwrap();
    let r = run_ok(dir.path(), &["dups", "--format", "json"], 0);
    let report: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    let d = &report["duplicates"];
    assert_eq!(d.as_array().expect("dups").len(), 1, "{}", r.stdout);
    assert_eq!(d[0]["copies"], 60);
    assert_eq!(d[0]["occurrences"].as_array().expect("occ").len(), 25);
}

#[test]
fn edited_copies_back_to_back_are_one_cluster_of_near_duplicates() {
    // Each copy has one word of its own changed: near duplicates, chained across the edits.
    let para = paragraph(10);
    let words: Vec<&str> = para.split(' ').collect();
    for n in [5, 40] {
        let copies: Vec<String> = (0..n)
            .map(|i| {
                let mut w = words.clone();
                let at = 3 + (i * 37) % (w.len() - 6);
                let changed = format!("edit{i}");
                w[at] = &changed;
                w.join(" ")
            })
            .collect();
        let t = format!(
            "{}\n\n{}\n\n{}",
            filler(96, 60),
            copies.join("\n\n"),
            filler(97, 60)
        );
        let (c, texts) = only_cluster(t, &DupOptions::default());
        assert_eq!(c.copies, n, "{n} copies");
        assert!(
            c.similarity >= 0.8 && c.similarity < 1.0,
            "{}",
            c.similarity
        );
        for (t, want) in texts.iter().zip(&copies) {
            assert_eq!(t.trim_end_matches('.'), want.trim_end_matches('.'));
        }
    }
}

// ---------------------------------------------------------------- counts in the HTML report

#[test]
fn the_html_report_counts_every_copy_and_occurrence_not_only_those_listed() {
    // a.txt pastes the paragraph 60 times back to back, b.txt holds it once: one cluster of
    // 61 copies. A quote of one sentence in a.txt occurs 60 times; the same quote in b.txt is
    // found once, with 60 other copies. Lists stop at max_occurrences (25); counts do not.
    let para = paragraph(11);
    let sentence = para.split(". ").nth(2).expect("a sentence").to_string();
    let a = format!(
        "{}\n\n{}\n\n{}\n",
        filler(110, 60),
        vec![para.as_str(); 60].join("\n\n"),
        filler(111, 60)
    );
    let b = format!("{}\n\n{para}\n\n{}\n", filler(112, 60), filler(113, 60));
    let claims = format!(
        "[[quote]]\nid = \"in-a\"\nsource = \"a.txt\"\ntext = \"{sentence}\"\n\n\
         [[quote]]\nid = \"in-b\"\nsource = \"b.txt\"\ntext = \"{sentence}\"\n"
    );
    let dir = tempfile::tempdir().expect("tempdir");
    common::write_files(
        dir.path(),
        &[
            ("sources/a.txt", a.as_str()),
            ("sources/b.txt", b.as_str()),
            ("claims/q.toml", claims.as_str()),
            ("citecheck.toml", "[check]\nmax_occurrences = 25\n"),
        ],
    );
    let json = run_ok(dir.path(), &["check", "--format", "json"], 1);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).expect("json");
    assert_eq!(v["duplicates"][0]["copies"], 61, "{}", json.stdout);
    let by_id = |id: &str| {
        v["results"]
            .as_array()
            .expect("results")
            .iter()
            .find(|r| r["id"] == id)
            .expect("entry")
            .clone()
    };
    assert_eq!(by_id("in-a")["occurrence_count"], 60);
    assert_eq!(by_id("in-b")["also_at_count"], 60);

    let html = run_ok(dir.path(), &["check", "--format", "html"], 1).stdout;
    assert!(
        html.contains("data-copies=\"61\"") && html.contains("· 61 copies (the first 25 listed)"),
        "{html}"
    );
    assert!(!html.contains("25 copies"), "{html}");
    assert!(html.contains("… and 36 more copies (61 in all)"), "{html}");
    assert!(
        html.contains("… and 35 more occurrences (60 in all)"),
        "{html}"
    );
    assert!(html.contains("… and 35 more copies (60 in all)"), "{html}");
    // The text report counts the quote's other copies too.
    let text = run_ok(dir.path(), &["check"], 1).stdout;
    assert!(text.contains("… and 35 more copies"), "{text}");
}

#[test]
fn copies_back_to_back_with_words_inserted_or_deleted_are_one_cluster() {
    // Copies of different lengths: the chain's diagonal moves a word at each edit.
    let para = paragraph(12);
    let words: Vec<&str> = para.split(' ').collect();
    for n in [6, 40] {
        let copies: Vec<String> = (0..n)
            .map(|i| {
                let mut w = words.clone();
                let at = 10 + (i * 29) % (w.len() - 20);
                let added = format!("added{i}");
                match i % 3 {
                    0 => w.insert(at, &added),
                    1 => drop(w.remove(at)),
                    _ => {}
                }
                w.join(" ")
            })
            .collect();
        let t = format!(
            "{}\n\n{}\n\n{}",
            filler(120, 60),
            copies.join("\n\n"),
            filler(121, 60)
        );
        let (c, texts) = only_cluster(t, &DupOptions::default());
        assert_eq!(c.copies, n, "{n} copies");
        assert!(
            c.similarity >= 0.8 && c.similarity < 1.0,
            "{}",
            c.similarity
        );
        // Each copy found where it is, whatever its length.
        for (t, want) in texts.iter().zip(&copies) {
            assert_eq!(t.trim_end_matches('.'), want.trim_end_matches('.'));
        }
    }
}

#[test]
fn a_sentence_recurring_among_different_words_keeps_every_copy() {
    // The sentence recurs every 25 words with other words between: its copies chain into one
    // passage overlapping itself, but the stretches between are unlike, so the sentence alone
    // is the duplicate, with every copy.
    let sentence = "The harbour authority closed every northern dock after the storm warning";
    for n in [5, 40] {
        let t: String = (0..n)
            .map(|i| {
                format!(
                    "{sentence}. {}.\n",
                    filler(200 + i as u64, 13).replace('.', "")
                )
            })
            .collect();
        let t = format!("{}\n{t}{}", filler(98, 40), filler(99, 40));
        let (c, texts) = only_cluster(t, &DupOptions::default());
        assert_eq!((c.words, c.copies), (11, n), "{n} copies");
        for t in texts {
            assert_eq!(t, sentence);
        }
    }
}

#[test]
fn copies_back_to_back_in_two_sources_are_one_cluster() {
    // Runs of copies in one source equal to runs in the other say nothing the copies do not.
    let para = paragraph(13);
    let run = |n: usize| vec![para.as_str(); n].join("\n\n");
    let a = format!("{}\n\n{}\n\n{}", filler(130, 60), run(20), filler(131, 60));
    let b = format!("{}\n\n{}\n\n{}", filler(132, 60), run(40), filler(133, 60));
    let s = sources(&[("a.txt", a), ("b.txt", b)]);
    let c = find_duplicates(&s, &DupOptions::default());
    assert_eq!(c.len(), 1, "{}", listing(&c));
    assert_eq!((c[0].words, c[0].copies), (para.split(' ').count(), 60));
}
