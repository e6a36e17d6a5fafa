//! `citecheck diff` on two versions of a source: the example project is checked, its cable is
//! "re-released" (a banner line added on top, one sentence reworded), and checked again.

mod common;
use common::{copy_example, run_ok};

use std::path::{Path, PathBuf};

use citecheck::compare::{diff, DiffFormat, Direction};
use citecheck::{CheckOptions, Report};
use serde_json::Value;

fn check(root: &Path) -> Report {
    citecheck::check(
        &citecheck::open(root).expect("project"),
        &CheckOptions::default(),
    )
    .expect("checks")
}

/// Old and new reports around a re-release of sources/cable.txt, written as JSON files.
fn two_versions(dir: &Path) -> (Report, Report, PathBuf, PathBuf) {
    copy_example(dir);
    let old = check(dir);
    let cable = dir.join("sources/cable.txt");
    let text = std::fs::read_to_string(&cable).expect("read cable");
    assert!(text.contains("Nobody likes them."));
    // A new banner line moves every passage; one quoted sentence is reworded.
    let changed = format!(
        "RE-RELEASED 2026\n{}",
        text.replace("Nobody likes them.", "Nobody cares about them.")
    );
    std::fs::write(&cable, changed).expect("write cable");
    // A new entry and a removed one.
    let claims = dir.join("claims/cable.toml");
    let c = std::fs::read_to_string(&claims).expect("read claims");
    let c = c.replace("id = \"broad-support\"", "id = \"broad-support-2\"");
    std::fs::write(&claims, c).expect("write claims");
    let new = check(dir);
    let old_json = dir.join("old.json");
    let new_json = dir.join("new.json");
    let json = |r: &Report| serde_json::to_string_pretty(r).expect("json");
    std::fs::write(&old_json, json(&old)).expect("write");
    std::fs::write(&new_json, json(&new)).expect("write");
    (old, new, old_json, new_json)
}

#[test]
fn diff_reports_source_verdict_moves_and_entries() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (old, new, _, _) = two_versions(dir.path());
    let d = diff(&old, &new);

    assert_eq!(d.sources.len(), 1);
    assert_eq!(d.sources[0].path, "sources/cable.txt");
    assert_ne!(d.sources[0].old_sha256, d.sources[0].new_sha256);

    let nobody = d
        .verdicts
        .iter()
        .find(|v| v.id == "nobody-likes-them")
        .expect("verdict change");
    assert_eq!(nobody.old_status.as_str(), "verified");
    assert!(nobody.new_fails);
    assert_eq!(nobody.direction, Direction::Worse);

    // The banner shifts every located passage by its 17 bytes.
    let moved = d
        .moved
        .iter()
        .find(|m| m.id == "bahai-prefer")
        .expect("moved");
    assert_eq!(
        moved.new_span.start,
        moved.old_span.start + "RE-RELEASED 2026\n".len()
    );
    assert_eq!(
        moved.new_lines.map(|l| l[0]),
        moved.old_lines.map(|l| l[0] + 1)
    );
    // Passages in the unchanged articles did not move.
    assert!(d.moved.iter().all(|m| m.source == "sources/cable.txt"));
    // Claims citing lines 10 and 43-62 as their evidence are still found at those lines: the
    // banner put other text there, but a `lines` pointer did not move.
    for id in ["dismissive", "execution-order"] {
        assert!(d.moved.iter().all(|m| m.id != id), "{id} listed as moved");
    }

    assert_eq!(
        d.added.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(),
        ["broad-support-2"]
    );
    assert_eq!(
        d.removed.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(),
        ["broad-support"]
    );
    assert_eq!(d.exit_code(), 1);

    // Reversed, the reworded sentence is fixed: better, not worse.
    let back = diff(&new, &old);
    let nobody = back
        .verdicts
        .iter()
        .find(|v| v.id == "nobody-likes-them")
        .expect("verdict change");
    assert_eq!(nobody.direction, Direction::Better);

    // Identical reports: nothing to say, exit 0 (what diff says of a report and itself; not a
    // test of determinism).
    let same = diff(&old, &old);
    assert_eq!(same.summary, Default::default());
    assert_eq!(same.exit_code(), 0);
}

#[test]
fn diff_renders_every_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (old, new, _, _) = two_versions(dir.path());
    let d = diff(&old, &new);
    let text = d.render(DiffFormat::Text);
    assert!(text.contains("WORSE nobody-likes-them at claims/cable.toml:12: verified → "));
    let md = d.render(DiffFormat::Markdown);
    assert!(md.contains("- **WORSE** `nobody-likes-them`"));
    let html = d.render(DiffFormat::Html);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<strong>WORSE</strong> <code>nobody-likes-them</code>"));
    let json: serde_json::Value = serde_json::from_str(&d.render(DiffFormat::Json)).expect("json");
    assert_eq!(json["summary"]["added"], 1);
    // Snapshots hold the layout (spans depend only on the committed example files). That the
    // same inputs give the same bytes is tests/determinism.rs's to show.
    insta::assert_snapshot!("diff_text", text);
    insta::assert_snapshot!("diff_markdown", md);
}

#[test]
fn diff_command_exits_1_when_a_verdict_got_worse() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, _, old_json, new_json) = two_versions(dir.path());
    let diff = |a: &Path, b: &Path, code: i32| {
        let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
        run_ok(dir.path(), &["diff", a, b, "--format", "markdown"], code)
    };
    let worse = diff(&old_json, &new_json, 1);
    assert!(worse.stdout.contains("**WORSE**"), "{}", worse.stdout);
    diff(&old_json, &old_json, 0);
    // Not a report: exit 2 with a located message.
    std::fs::write(dir.path().join("bad.json"), "{\"version\": 1,").expect("write");
    let bad = diff(&dir.path().join("bad.json"), &new_json, 2);
    assert!(
        bad.stderr.contains("not a citecheck JSON report"),
        "{}",
        bad.stderr
    );
}

/// A re-release that copies a paragraph of the cable (line 10) into the news intro, and puts a
/// banner on top of the cable so every duplicate already there moves down one line.
fn paragraph_copied(dir: &Path) -> (Report, Report) {
    copy_example(dir);
    let old = check(dir);
    let cable_path = dir.join("sources/cable.txt");
    let cable = std::fs::read_to_string(&cable_path).expect("read cable");
    let paragraph = cable.lines().nth(9).expect("line 10").to_string();
    assert!(paragraph.starts_with("5. (SBU) In speaking to hundreds of Iranians"));
    std::fs::write(&cable_path, format!("RE-RELEASED 2026\n{cable}")).expect("write cable");
    let intro_path = dir.join("sources/news-intro.txt");
    let intro = std::fs::read_to_string(&intro_path).expect("read intro");
    std::fs::write(&intro_path, format!("{intro}\n{paragraph}\n")).expect("write intro");
    (old, check(dir))
}

#[test]
fn diff_reports_duplicates_that_appeared_or_vanished() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (old, new) = paragraph_copied(dir.path());
    assert_eq!(new.duplicates.len(), old.duplicates.len() + 1);
    let d = diff(&old, &new);
    // Only the copied paragraph is new: the cable's other duplicates moved down a line under
    // the banner, but they are the same passages and are paired by content.
    assert_eq!(d.duplicates_vanished, vec![]);
    assert_eq!(
        d.duplicates_appeared.len(),
        1,
        "{:#?}",
        d.duplicates_appeared
    );
    let c = &d.duplicates_appeared[0];
    let places: Vec<(&str, [usize; 2])> = c
        .occurrences
        .iter()
        .map(|o| (o.source.as_str(), o.lines))
        .collect();
    assert_eq!(
        places,
        [
            ("sources/cable.txt", [11, 11]),
            ("sources/news-intro.txt", [7, 7])
        ]
    );
    assert!(c.diff.is_empty() && c.words > 100);
    assert_eq!(d.summary.duplicates_appeared, 1);
    assert_eq!(d.summary.duplicates_vanished, 0);

    // Reversed: the same passage vanished.
    let back = diff(&new, &old);
    assert_eq!(back.duplicates_appeared, vec![]);
    assert_eq!(back.duplicates_vanished, d.duplicates_appeared);

    // Every format says so.
    let text = d.render(DiffFormat::Text);
    assert!(text.contains("1 duplicated passage appeared, 0 vanished."));
    assert!(text.contains(&format!(
        "Duplicated passages appeared (1)\n  {} words, 2 copies, identical: sources/cable.txt line 11 [",
        c.words
    )));
    let md = d.render(DiffFormat::Markdown);
    assert!(md.contains("### Duplicated passages appeared (1)"));
    assert!(md.contains("identical: `sources/cable.txt` line 11 ["));
    let html = d.render(DiffFormat::Html);
    assert!(html.contains("<h2>Duplicated passages appeared (1)</h2>"));
    assert!(html.contains("<code>sources/news-intro.txt</code> line 7 ["));
    let json: serde_json::Value = serde_json::from_str(&d.render(DiffFormat::Json)).expect("json");
    assert_eq!(json["summary"]["duplicates_appeared"], 1);
    assert_eq!(
        json["duplicates_appeared"][0]["occurrences"][1]["source"],
        "sources/news-intro.txt"
    );
    assert_eq!(
        back.render(DiffFormat::Text)
            .matches("Duplicated passages vanished (1)")
            .count(),
        1
    );
}

#[test]
fn diff_shows_a_near_duplicate_that_appeared_with_its_word_diff() {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_example(dir.path());
    let old = check(dir.path());
    let cable_path = dir.path().join("sources/cable.txt");
    let cable = std::fs::read_to_string(&cable_path).expect("read cable");
    let paragraph = cable.lines().nth(9).expect("line 10");
    let edited = paragraph.replace("almost uniformly dismissive", "almost always< dismissive");
    let intro_path = dir.path().join("sources/news-intro.txt");
    let intro = std::fs::read_to_string(&intro_path).expect("read intro");
    std::fs::write(&intro_path, format!("{intro}\n{edited}\n")).expect("write intro");
    let d = diff(&old, &check(dir.path()));
    assert_eq!(d.duplicates_appeared.len(), 1);
    assert!(d.duplicates_vanished.is_empty());
    // Duplicates are not failures: with no verdict worse, the exit code stays 0.
    assert_eq!(d.summary.verdicts_changed, 0);
    assert_eq!(d.exit_code(), 0);
    let text = d.render(DiffFormat::Text);
    assert!(
        text.contains("almost [-uniformly -]{+always< +}dismissive of"),
        "{text}"
    );
    let md = d.render(DiffFormat::Markdown);
    assert!(
        md.contains("almost <del>uniformly </del><ins>always&lt; </ins>dismissive"),
        "{md}"
    );
    let html = d.render(DiffFormat::Html);
    assert!(html.contains("almost <del>uniformly </del><ins>always&lt; </ins>dismissive"));
}

// ------------------------------------------------------------ moved passages, through the binary

/// The re-release of `two_versions`, run as a user runs it: `check --format json -o` before and
/// after, then `citecheck diff --format json`. Returns the cable before and after, the two
/// reports and the diff.
fn rerelease_through_the_binary(dir: &Path) -> (String, String, Value, Value, Value) {
    copy_example(dir);
    let root = dir.to_str().unwrap();
    run_ok(dir, &["check", "--format", "json", "-o", "old.json"], 1);
    let cable_path = dir.join("sources/cable.txt");
    let old_cable = std::fs::read_to_string(&cable_path).expect("read cable");
    let new_cable = format!(
        "RE-RELEASED 2026\n{}",
        old_cable.replace("Nobody likes them.", "Nobody cares about them.")
    );
    std::fs::write(&cable_path, &new_cable).expect("write cable");
    run_ok(dir, &["check", "--format", "json", "-o", "new.json"], 1);
    let d = run_ok(
        dir,
        &["diff", "old.json", "new.json", "--format", "json"],
        1,
    );
    let read = |name: &str| -> Value {
        serde_json::from_str(&std::fs::read_to_string(Path::new(root).join(name)).expect("read"))
            .expect("json")
    };
    let diff: Value = serde_json::from_str(&d.stdout).expect("diff json");
    (
        old_cable,
        new_cable,
        read("old.json"),
        read("new.json"),
        diff,
    )
}

/// Byte span `[a, b]` of a JSON report.
fn span(v: &Value) -> Option<[usize; 2]> {
    let a = v.as_array()?;
    Some([a[0].as_u64()? as usize, a[1].as_u64()? as usize])
}

/// The cable entries whose found passage is the same text at another place after the
/// re-release: the passages that moved.
fn passages_found_elsewhere(
    old_cable: &str,
    new_cable: &str,
    old: &Value,
    new: &Value,
) -> Vec<String> {
    let results = |r: &Value| r["results"].as_array().expect("results").clone();
    let new_results = results(new);
    results(old)
        .iter()
        .filter(|o| o["source"] == "sources/cable.txt")
        .filter_map(|o| {
            let n = new_results.iter().find(|n| n["id"] == o["id"])?;
            let ([a, b], [c, d]) = (span(&o["found_span"])?, span(&n["found_span"])?);
            ([a, b] != [c, d] && old_cable[a..b] == new_cable[c..d])
                .then(|| o["id"].as_str().expect("id").to_string())
        })
        .collect()
}

fn moved_ids(diff: &Value) -> Vec<String> {
    diff["moved"]
        .as_array()
        .expect("moved")
        .iter()
        .map(|m| m["id"].as_str().expect("id").to_string())
        .collect()
}

#[test]
fn diff_lists_every_passage_found_elsewhere() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (old_cable, new_cable, old, new, diff) = rerelease_through_the_binary(dir.path());
    let elsewhere = passages_found_elsewhere(&old_cable, &new_cable, &old, &new);
    // The banner moves every located cable passage down a line; twelve of them are found again.
    assert_eq!(elsewhere.len(), 12, "{elsewhere:?}");
    let moved = moved_ids(&diff);
    for id in &elsewhere {
        assert!(
            moved.contains(id),
            "{id} moved but is not listed: {moved:?}"
        );
        let m = diff["moved"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["id"] == id.as_str())
            .unwrap();
        let (a, b) = (
            span(&m["old_lines"]).unwrap(),
            span(&m["new_lines"]).unwrap(),
        );
        assert_eq!([a[0] + 1, a[1] + 1], b, "{id}: one line down");
    }
}

/// `dismissive` (`lines = [10, 10]`) and `execution-order` (`lines = [43, 62]`) are claims
/// judged at their own pointer (no `evidence`): after the re-release their pointer names the
/// same lines, now holding other text. The diff lists them as moved ("[4476, 5177) line 10 →
/// [4476, 4492) line 10", "[18732, 21934) lines 43-62 → [17812, 21848) lines 43-62"; also in
/// tests/snapshots/diff__diff_text.snap): nothing moved, the text under the pointer changed
/// (their verdict change is reported on its own).
#[test]
fn diff_moves_only_passages_found_elsewhere() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (old_cable, new_cable, old, new, diff) = rerelease_through_the_binary(dir.path());
    let elsewhere = passages_found_elsewhere(&old_cable, &new_cable, &old, &new);
    assert_eq!(moved_ids(&diff), elsewhere);
    for m in diff["moved"].as_array().expect("moved") {
        let (a, b) = (span(&m["old_span"]).unwrap(), span(&m["new_span"]).unwrap());
        assert_eq!(
            old_cable[a[0]..a[1]],
            new_cable[b[0]..b[1]],
            "{}: listed as moved, but the old place's text is not at the new place",
            m["id"]
        );
    }
}

/// The example before and after an edit inside line 13 of the cable that adds bytes but no
/// line: every passage after it shifts in bytes, none changes line.
fn words_added_in_line_13(dir: &Path) -> (Report, Report) {
    copy_example(dir);
    let old = check(dir);
    let cable_path = dir.join("sources/cable.txt");
    let cable = std::fs::read_to_string(&cable_path).expect("read cable");
    let mut lines: Vec<&str> = cable.split('\n').collect();
    let edited = format!("(Re-released.) {}", lines[12]);
    lines[12] = &edited;
    std::fs::write(&cable_path, lines.join("\n")).expect("write cable");
    (old, check(dir))
}

#[test]
fn a_lines_pointer_moves_with_its_lines_a_span_pointer_with_its_bytes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (old, new) = words_added_in_line_13(dir.path());
    let d = diff(&old, &new);
    let result = |r: &Report, id: &str| {
        r.results
            .iter()
            .find(|e| e.id == id)
            .cloned()
            .expect("entry")
    };
    let moved = |id: &str| d.moved.iter().any(|m| m.id == id);
    // Every entry below was found in both reports, on the same lines, at other bytes.
    for id in [
        "no-support",
        "oppose-support",
        "bahai-prefer",
        "want-power",
        "intro-oppose",
        "rajavi-conduct",
        "execution-order",
    ] {
        let (o, n) = (result(&old, id), result(&new, id));
        assert_eq!(o.found_lines, n.found_lines, "{id}");
        assert_ne!(o.found_span, n.found_span, "{id}");
        // A `span` pointer (no-support) or none (oppose-support) names bytes: moved. A `lines`
        // pointer names lines, which held: not moved.
        assert_eq!(moved(id), n.declared_lines.is_none(), "{id}");
    }
    assert!(result(&new, "no-support").declared_span.is_some());
    assert!(result(&new, "oppose-support").declared_lines.is_none());
    assert!(moved("no-support") && moved("oppose-support"));
    assert_eq!(d.summary.moved, d.moved.len());
}
