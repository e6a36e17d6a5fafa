//! `lock` and `--locked`, writing files: `check` never touches a source, the lock and
//! `--output` reports are written atomically (nothing left behind), and a source edited after
//! `lock` makes `check --locked` fail.

mod common;

use common::{
    example_sandbox, fixture, hash_tree, project_files, run, run_ok, sandbox, temp_leftovers, Run,
};

#[test]
fn lock_then_locked_check_passes_until_a_source_changes() {
    let dir = sandbox(&fixture("passing.in"));
    let root = dir.path();
    // Entry pins are a separate matter (they fail `--locked` too): this test is about the lock.
    std::fs::remove_file(root.join("claims/sub/pinned.toml")).unwrap();

    let Run {
        code,
        stdout,
        stderr,
    } = run(root, &["lock"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("speech.txt"), "{stdout}");
    assert!(
        stdout.ends_with("wrote citecheck.lock (1 sources)\n"),
        "{stdout}"
    );
    let lock = std::fs::read_to_string(root.join("citecheck.lock")).unwrap();
    let (_, hash) = hash_tree(&root.join("sources")).remove(0);
    assert!(lock.contains(&format!("sha256 = \"{hash}\"")), "{lock}");
    assert!(
        temp_leftovers(root).is_empty(),
        "{:?}",
        temp_leftovers(root)
    );

    let Run { code, stderr, .. } = run(root, &["check", "--locked"]);
    assert_eq!(code, 0, "locked and unchanged passes\n{stderr}");

    // Locking again is idempotent.
    run_ok(root, &["lock"], 0);
    assert_eq!(
        std::fs::read_to_string(root.join("citecheck.lock")).unwrap(),
        lock
    );

    let speech = root.join("sources/speech.txt");
    let mut text = std::fs::read_to_string(&speech).unwrap();
    text.push_str("Thank you.\n");
    std::fs::write(&speech, text).unwrap();

    let Run { code, stdout, .. } = run(root, &["check"]);
    assert_eq!(
        code, 0,
        "without --locked a changed source only reports\n{stdout}"
    );
    assert!(stdout.contains("CHANGED SOURCES"), "{stdout}");
    let Run { code, stdout, .. } = run(root, &["check", "--locked"]);
    assert_eq!(code, 1, "{stdout}");
    let Run { code, stdout, .. } = run(root, &["check", "--locked", "--format", "json"]);
    assert_eq!(code, 1);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let source = &report["sources"][0];
    assert_eq!(source["changed"], true, "{source}");
    assert_eq!(source["fails"], true, "{source}");
    assert!(report["results"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["source_changed"] == true));

    // Re-locking accepts the edit; a source added after the lock fails `--locked` until locked.
    run_ok(root, &["lock"], 0);
    run_ok(root, &["check", "--locked"], 0);
    std::fs::write(root.join("sources/later.txt"), "Added after the lock.\n").unwrap();
    let Run { code, stdout, .. } = run(root, &["check", "--locked", "--format", "json"]);
    assert_eq!(code, 1, "{stdout}");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let fails: Vec<&str> = report["sources"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["fails"] == true)
        .map(|s| s["path"].as_str().unwrap())
        .collect();
    assert_eq!(fails, ["sources/later.txt"]);
    run_ok(root, &["lock"], 0);
    run_ok(root, &["check", "--locked"], 0);

    // A locked source deleted from sources/ differs from the lock as well.
    std::fs::remove_file(root.join("sources/later.txt")).unwrap();
    let Run { code, stdout, .. } = run(root, &["check"]);
    assert_eq!(code, 0, "without --locked it is only reported\n{stdout}");
    assert!(
        stdout.contains("  sources/later.txt  missing  (lock: "),
        "{stdout}"
    );
    let Run { code, stdout, .. } = run(root, &["check", "--locked", "--format", "json"]);
    assert_eq!(code, 1, "{stdout}");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let gone = &report["sources"][0];
    assert_eq!(gone["path"], "sources/later.txt", "{gone}");
    assert_eq!(
        (&gone["missing"], &gone["fails"]),
        (&true.into(), &true.into()),
        "{gone}"
    );
}

#[test]
fn check_never_modifies_the_project() {
    let dir = example_sandbox();
    let before = project_files(dir.path());
    // Every run must get as far as its output (the example holds deliberate failures: `check`
    // exits 1), or it would prove nothing about writing.
    for (args, code) in [
        (&["check"][..], 1),
        (&["check", "--format", "json"], 1),
        (&["check", "--locked"], 1),
        (&["check", "--format", "html", "--no-dups"], 1),
        (&["dups"], 0),
        (&["show", "hated-blood"], 0),
    ] {
        assert!(
            !run_ok(dir.path(), args, code).stdout.is_empty(),
            "{args:?}"
        );
    }
    assert_eq!(project_files(dir.path()), before);
}

#[test]
fn output_file_is_written_atomically_and_stdout_stays_empty() {
    let dir = sandbox(&fixture("verdicts.in"));
    let root = dir.path();
    let Run {
        code,
        stdout,
        stderr,
    } = run(
        root,
        &[
            "check",
            "--format",
            "json",
            "--output",
            "reports/check.json",
        ],
    );
    assert_eq!(
        code, 1,
        "the exit code still reflects the verdicts\n{stderr}"
    );
    assert_eq!(stdout, "");
    let written = std::fs::read_to_string(root.join("reports/check.json")).unwrap();
    let direct = run_ok(root, &["check", "--format", "json"], 1).stdout;
    assert_eq!(written, direct, "the file holds exactly the report");
    assert!(
        temp_leftovers(root).is_empty(),
        "{:?}",
        temp_leftovers(root)
    );

    let Run { code, stdout, .. } = run(root, &["check", "-o", "report.txt"]);
    assert_eq!(code, 1, "the exit code still reflects the verdicts");
    assert_eq!(stdout, "");
    let text = std::fs::read_to_string(root.join("report.txt")).unwrap();
    assert!(
        text.contains("DRIFTED (") && !text.contains('\x1b'),
        "{text}"
    );
}
