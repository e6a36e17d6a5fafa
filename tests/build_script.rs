//! build.rs's version string (`citecheck --version`): the commit inside a git checkout that
//! tracks the crate, "unknown commit" outside one, without git, or inside an unrelated
//! repository; and the files whose change reruns it (HEAD and the branch's ref).

#[path = "../build.rs"]
mod build_script;

use std::path::Path;
use std::process::Command;

use build_script::describe;

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.invalid"])
        .args(args)
        .env("GIT_CEILING_DIRECTORIES", dir.parent().expect("parent"))
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// A crate folder (just a Cargo.toml) in a fresh temporary folder.
fn crate_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("Cargo.toml"), "[package]\n").expect("write");
    dir
}

#[test]
fn outside_git_the_commit_is_unknown() {
    let dir = crate_dir();
    // GIT_CEILING_DIRECTORIES is not set here: rely on the temporary folder not being inside a
    // repository that tracks its Cargo.toml (ls-files refuses files outside the work tree).
    let (shown, watched) = describe("1.2.3", dir.path(), "git");
    assert_eq!(shown, "1.2.3 (unknown commit)");
    assert!(watched.is_empty());
}

#[test]
fn without_git_the_commit_is_unknown() {
    let dir = crate_dir();
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "Cargo.toml"]);
    git(dir.path(), &["commit", "-q", "-m", "c"]);
    let (shown, _) = describe("1.2.3", dir.path(), "no-such-git-program");
    assert_eq!(shown, "1.2.3 (unknown commit)");
}

#[test]
fn in_a_checkout_the_commit_is_named_and_head_and_its_ref_are_watched() {
    let dir = crate_dir();
    git(dir.path(), &["init", "-q", "-b", "trunk"]);
    git(dir.path(), &["add", "Cargo.toml"]);
    git(dir.path(), &["commit", "-q", "-m", "c"]);
    let head = git(dir.path(), &["rev-parse", "--short=12", "HEAD"]);
    let (shown, watched) = describe("1.2.3", dir.path(), "git");
    assert_eq!(shown, format!("1.2.3 ({head})"));
    let watched: Vec<String> = watched
        .iter()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .collect();
    assert!(
        watched.iter().any(|p| p.ends_with(".git/HEAD")),
        "{watched:?}"
    );
    assert!(
        watched.iter().any(|p| p.ends_with(".git/refs/heads/trunk")),
        "{watched:?}"
    );
}

#[test]
fn a_crate_untracked_inside_another_repository_names_no_commit() {
    let outer = tempfile::tempdir().expect("tempdir");
    git(outer.path(), &["init", "-q"]);
    std::fs::write(outer.path().join("other.txt"), "x").expect("write");
    git(outer.path(), &["add", "other.txt"]);
    git(outer.path(), &["commit", "-q", "-m", "other"]);
    let inner = outer.path().join("vendored");
    std::fs::create_dir(&inner).expect("mkdir");
    std::fs::write(inner.join("Cargo.toml"), "[package]\n").expect("write");
    let (shown, _) = describe("1.2.3", &inner, "git");
    assert_eq!(shown, "1.2.3 (unknown commit)");
}
