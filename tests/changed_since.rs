//! `check --changed-since REV`: a git repository holding the example project, then edits to
//! one claims entry and one source; only the touched entries are reported.

mod common;
use common::{copy_example, run, run_ok};

use std::path::Path;
use std::process::Command;

fn git(root: &Path, args: &[&str]) {
    let ok = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.invalid"])
        .args(args)
        .status()
        .expect("git runs")
        .success();
    assert!(ok, "git {args:?}");
}

fn check(root: &Path, extra: &[&str]) -> (i32, serde_json::Value) {
    let mut args = vec!["check", "--format", "json"];
    args.extend(extra);
    let r = run(root, &args);
    let json = serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stderr));
    (r.code, json)
}

fn ids(report: &serde_json::Value) -> Vec<&str> {
    report["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| r["id"].as_str().expect("id"))
        .collect()
}

fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_example(dir.path());
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-q", "-m", "example"]);
    dir
}

#[test]
fn only_entries_touched_since_rev_are_reported() {
    let dir = repo();
    let root = dir.path();
    // Nothing changed: nothing reported, but the full check still fails the run.
    let (code, report) = check(root, &["--changed-since", "HEAD"]);
    assert_eq!(ids(&report), Vec::<&str>::new());
    assert_eq!(code, 1);
    let (code, _) = check(root, &["--changed-since", "HEAD", "--changed-only-exit"]);
    assert_eq!(code, 0);

    // Touch one passing entry's note (a line inside the entry, not its header).
    let claims = root.join("claims/cable.toml");
    let text = std::fs::read_to_string(&claims).expect("read");
    let text = text.replace(
        "lines = [18, 18]",
        "lines = [18, 18]\nnote = \"checked again\"",
    );
    std::fs::write(&claims, text).expect("write");
    let (code, report) = check(root, &["--changed-since", "HEAD", "--changed-only-exit"]);
    assert_eq!(ids(&report), ["nobody-likes-them"]);
    assert_eq!(report["summary"]["entries"], 1);
    assert_eq!(code, 0, "the touched entry passes");

    // Change a source: every entry citing it is reported too.
    let articles = root.join("sources/articles.txt");
    let mut a = std::fs::read_to_string(&articles).expect("read");
    a.push_str("\nA new paragraph.\n");
    std::fs::write(&articles, a).expect("write");
    let (code, report) = check(root, &["--changed-since", "HEAD", "--changed-only-exit"]);
    assert_eq!(
        ids(&report),
        ["nobody-likes-them", "hostages", "hostages-inflated"]
    );
    assert_eq!(code, 1, "hostages-inflated fails");
    let paths: Vec<&str> = report["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .map(|s| s["path"].as_str().expect("path"))
        .collect();
    assert_eq!(paths, ["sources/articles.txt", "sources/cable.txt"]);
}

#[test]
fn an_unknown_revision_is_bad_input() {
    let dir = repo();
    let r = run_ok(dir.path(), &["check", "--changed-since", "no-such-rev"], 2);
    assert!(r.stderr.contains("no-such-rev"), "{}", r.stderr);
}

#[test]
fn a_revision_git_would_read_as_an_option_is_refused() {
    let dir = repo();
    let root = dir.path();
    let outside = tempfile::tempdir().expect("tempdir");
    let written = outside.path().join("gitout");
    let as_option = format!("--output={}", written.display());
    for rev in [as_option.as_str(), "--", "-p", "--no-index", ""] {
        for args in [
            vec!["check", "--changed-since", rev],
            vec!["check", &format!("--changed-since={rev}")],
        ] {
            let r = run_ok(root, &args, 2);
            assert!(r.stdout.is_empty(), "{args:?} reported: {}", r.stdout);
            // clap itself refuses `--changed-since -x` (a missing value, an unknown option);
            // the `=` form reaches the check, which says why.
            if args[1].contains('=') && !rev.is_empty() {
                assert!(
                    r.stderr.contains("would read it as an option"),
                    "{args:?}: {}",
                    r.stderr
                );
            }
        }
    }
    assert!(!written.exists(), "git wrote outside the project");
    // A revision such as `HEAD~0` still works.
    let (_, report) = check(root, &["--changed-since", "HEAD~0"]);
    assert_eq!(ids(&report), Vec::<&str>::new());
}
