//! A source edited after its entries were pinned: pointers that no longer fit it (past its end,
//! splitting a character, lines out of range) are findings on those entries, not bad input that
//! stops the whole check; `fix` repairs them. A pointer that does not fit the very bytes it was
//! pinned to stays bad input.

mod common;

use std::path::Path;

use common::{copy_example, result, run, run_ok};
use serde_json::Value;

fn report(dir: &Path) -> Value {
    let out = run_ok(dir, &["check", "--format", "json", "--no-dups"], 1);
    serde_json::from_str(&out.stdout).expect("json")
}

fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains(from), "{file} lacks {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
}

#[test]
fn an_edited_source_leaves_stale_pointers_that_are_reported_and_fixed() {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_example(dir.path());
    // The edit: 8 bytes shorter, so a later span splits a character.
    edit(
        dir.path(),
        "sources/cable.txt",
        "has no significant popular support",
        "has little popular support",
    );
    let before = report(dir.path());
    let stale: Vec<&Value> = before["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["stale_pointer"] == true)
        .collect();
    assert!(!stale.is_empty(), "no stale pointer reported");
    for r in &stale {
        // Found elsewhere is relocated; never verified at a pointer that names nothing.
        assert!(
            ["relocated", "drifted", "missing", "ambiguous"]
                .contains(&r["status"].as_str().unwrap()),
            "{r}"
        );
        assert_eq!(r["source_changed"], true, "{r}");
    }
    let no_support = result(&before, "no-support");
    assert_eq!(no_support["stale_pointer"], true);
    assert_eq!(no_support["status"], "relocated");
    assert_eq!(no_support["found_text"], no_support["text"]);

    // fix moves the pointer to the words; the next check has no stale pointer left.
    let fixed = run(dir.path(), &["fix"]);
    assert!(fixed.code == 0 || fixed.code == 1, "{}", fixed.stderr);
    assert!(fixed.stdout.contains("no-support"), "{}", fixed.stdout);
    let after = report(dir.path());
    assert!(
        after["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r.get("stale_pointer").is_none()),
        "stale pointers left after fix"
    );
    let no_support = result(&after, "no-support");
    assert_eq!(no_support["declared_span"], no_support["found_span"]);
}

#[test]
fn a_claim_judged_at_its_stale_lines_fails_closed() {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_example(dir.path());
    // Keep the cable's first 9 lines: `dismissive` (lines = [10, 10], no `evidence`) now points
    // past the end, and has no words to find again.
    let path = dir.path().join("sources/cable.txt");
    let text = std::fs::read_to_string(&path).expect("read");
    let head: Vec<&str> = text.split_inclusive('\n').take(9).collect();
    std::fs::write(&path, head.concat()).expect("write");
    let r = report(dir.path());
    let dismissive = result(&r, "dismissive");
    assert_eq!(dismissive["status"], "missing", "{dismissive}");
    assert_eq!(dismissive["stale_pointer"], true);
    assert_eq!(dismissive["fails"], true);
}

#[test]
fn a_pointer_that_never_fit_its_pinned_source_is_bad_input() {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_example(dir.path());
    // The source matches citecheck.lock: a span past its end is the claims file's own error.
    edit(
        dir.path(),
        "claims/cable.toml",
        "span = [6986, 7015]",
        "span = [6986, 99999999]",
    );
    let out = run(dir.path(), &["check"]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(out.stderr.contains("out of range"), "{}", out.stderr);
}
