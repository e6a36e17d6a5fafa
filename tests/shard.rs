//! `check --shard K/N` + `merge` must reproduce the unsharded report byte for byte.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

/// The bundled example project, copied (with an extra source no entry cites).
fn example() -> tempfile::TempDir {
    let dir = common::example_sandbox();
    std::fs::write(
        dir.path().join("sources/uncited.txt"),
        "A source no entry cites is still hashed and reported.\n",
    )
    .unwrap();
    dir
}

fn citecheck(root: &Path, args: &[&str]) -> (i32, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_citecheck"));
    cmd.args(args);
    if args[0] == "check" {
        cmd.arg("--root").arg(root);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.code() != Some(2),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

fn sharded(root: &Path, n: usize) -> (i32, String) {
    let mut paths: Vec<PathBuf> = Vec::new();
    for k in 1..=n {
        let path = root.join(format!("shard-{k}.json"));
        let shard = format!("{k}/{n}");
        citecheck(
            root,
            &[
                "check",
                "--format",
                "json",
                "--shard",
                &shard,
                "-o",
                path.to_str().unwrap(),
            ],
        );
        paths.push(path);
    }
    // Any order.
    paths.reverse();
    let mut args = vec!["merge", "--format", "json"];
    args.extend(paths.iter().map(|p| p.to_str().unwrap()));
    citecheck(root, &args)
}

#[test]
fn merged_shards_equal_the_whole_run() {
    let project = example();
    // Sharded runs skip the duplicate search (it needs every source): compare with a whole run
    // that skips it too.
    let whole = citecheck(project.path(), &["check", "--format", "json", "--no-dups"]);
    assert!(whole.1.contains("uncited.txt"));
    let with_dups = citecheck(project.path(), &["check", "--format", "json"]);
    assert_ne!(
        with_dups, whole,
        "the example project has duplicated passages"
    );
    // 3 shards; and more shards than entries, so some shards judge nothing.
    for n in [1, 3, 64] {
        assert_eq!(sharded(project.path(), n), whole, "{n} shards");
    }
}

#[test]
fn merge_refuses_an_incomplete_set() {
    let project = example();
    let path = project.path().join("one.json");
    citecheck(
        project.path(),
        &[
            "check",
            "--format",
            "json",
            "--shard",
            "1/2",
            "-o",
            path.to_str().unwrap(),
        ],
    );
    let out = Command::new(env!("CARGO_BIN_EXE_citecheck"))
        .args(["merge", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("shard 2/2 is missing"));
}
