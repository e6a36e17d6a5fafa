//! `citecheck diff` on two versions of a source: the example project is checked, its cable is
//! "re-released" (a banner line added on top, one sentence reworded), and checked again.

mod common;
use common::copy_example;

use std::path::{Path, PathBuf};
use std::process::Command;

use citecheck::report::diff::{diff, DiffFormat, Direction};
use citecheck::report::Report;
use citecheck::{CheckOptions, Project};

fn check(root: &Path) -> Report {
    citecheck::check(
        &Project::open(root).expect("project"),
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
        moved.new_span[0],
        moved.old_span[0] + "RE-RELEASED 2026\n".len()
    );
    assert_eq!(
        moved.new_lines.map(|l| l[0]),
        moved.old_lines.map(|l| l[0] + 1)
    );
    // Passages in the unchanged articles did not move.
    assert!(d.moved.iter().all(|m| m.source == "sources/cable.txt"));

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

    // Identical reports: nothing to say, exit 0.
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
    // Deterministic: the same inputs render the same bytes, and snapshots hold the layout
    // (spans depend only on the committed example files).
    insta::assert_snapshot!("diff_text", text);
    insta::assert_snapshot!("diff_markdown", md);
}

#[test]
fn diff_command_exits_1_when_a_verdict_got_worse() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, _, old_json, new_json) = two_versions(dir.path());
    let run = |a: &Path, b: &Path| {
        Command::new(env!("CARGO_BIN_EXE_citecheck"))
            .arg("diff")
            .arg(a)
            .arg(b)
            .args(["--format", "markdown"])
            .output()
            .expect("runs")
    };
    let worse = run(&old_json, &new_json);
    assert_eq!(worse.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&worse.stdout).contains("**WORSE**"));
    let same = run(&old_json, &old_json);
    assert_eq!(same.status.code(), Some(0));
    // Not a report: exit 2 with a located message.
    std::fs::write(dir.path().join("bad.json"), "{\"version\": 1,").expect("write");
    let bad = run(&dir.path().join("bad.json"), &new_json);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("not a citecheck JSON report"));
}
