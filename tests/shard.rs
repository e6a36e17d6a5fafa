//! `check --shard K/N` + `merge` must reproduce the unsharded report byte for byte, and every
//! run's exit code must say what its report says.

mod common;

use std::path::{Path, PathBuf};

use common::{example_sandbox, run, run_ok, Run};

/// The bundled example project, copied (with an extra source no entry cites).
fn example() -> tempfile::TempDir {
    let dir = example_sandbox();
    std::fs::write(
        dir.path().join("sources/uncited.txt"),
        "A source no entry cites is still hashed and reported.\n",
    )
    .unwrap();
    dir
}

/// The exit code a report calls for: 1 when an entry or a source fails, else 0.
fn code_of(json: &str) -> i32 {
    let report: serde_json::Value = serde_json::from_str(json).expect("a JSON report");
    let fails = |key: &str| {
        report[key]
            .as_array()
            .expect("array")
            .iter()
            .any(|x| x["fails"] == true)
    };
    i32::from(fails("results") || fails("sources"))
}

/// Run the `n` shards (each exit code checked against its own report), then merge them in
/// reverse order; returns the merge's exit code and output, and how many shards exited 0 and 1.
fn sharded(root: &Path, n: usize) -> (Run, [usize; 2]) {
    let mut paths: Vec<PathBuf> = Vec::new();
    let mut codes = [0, 0];
    for k in 1..=n {
        let path = root.join(format!("shard-{k}.json"));
        let shard = format!("{k}/{n}");
        let r = run(
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
        let written = std::fs::read_to_string(&path).expect("shard report written");
        assert_eq!(r.code, code_of(&written), "shard {shard}\n{}", r.stderr);
        codes[r.code as usize] += 1;
        paths.push(path);
    }
    // Any order.
    paths.reverse();
    let mut args = vec!["merge", "--format", "json"];
    args.extend(paths.iter().map(|p| p.to_str().unwrap()));
    (run(root, &args), codes)
}

#[test]
fn merged_shards_equal_the_whole_run() {
    let project = example();
    let root = project.path();
    // Sharded runs skip the duplicate search (it needs every source): compare with a whole run
    // that skips it too. The example holds deliberate failures: exit 1.
    let whole = run_ok(root, &["check", "--format", "json", "--no-dups"], 1);
    assert!(whole.stdout.contains("uncited.txt"));
    assert_eq!(code_of(&whole.stdout), 1);
    let with_dups = run_ok(root, &["check", "--format", "json"], 1);
    assert_ne!(
        with_dups.stdout, whole.stdout,
        "the example project has duplicated passages"
    );
    // 3 shards; and more shards than entries, so some shards judge nothing.
    for n in [1, 3, 64] {
        let (merged, codes) = sharded(root, n);
        assert_eq!(merged, whole, "{n} shards: exit code and bytes");
        if n == 64 {
            // Both outcomes occur, so the per-shard check above tested both.
            assert!(codes[0] > 0 && codes[1] > 0, "{codes:?}");
        }
    }
}

#[test]
fn merge_refuses_an_incomplete_set() {
    let project = example();
    let root = project.path();
    let path = root.join("one.json");
    let out = path.to_str().unwrap();
    let r = run(
        root,
        &["check", "--format", "json", "--shard", "1/2", "-o", out],
    );
    let written = std::fs::read_to_string(&path).expect("shard report written");
    assert_eq!(r.code, code_of(&written), "{}", r.stderr);
    let r = run_ok(root, &["merge", out], 2);
    assert_eq!(r.stdout, "");
    assert!(r.stderr.contains("shard 2/2 is missing"), "{}", r.stderr);
}

/// A shard count past the documented bound is refused on the command line, and a shard report
/// whose `shard` says something no run writes (index 0, index above the count, a count past
/// the bound, as an edited CI artifact may) is bad input naming the file: exit 2, never a
/// panic or an allocation the size of the count.
#[test]
fn impossible_shards_are_bad_input_never_a_crash() {
    let project = example();
    let root = project.path();
    for shard in [
        "1/18446744073709551615",
        "1/4000000000",
        "1/10001",
        "0/3",
        "1/0",
    ] {
        let r = run_ok(root, &["check", "--shard", shard], 2);
        assert!(r.stderr.contains("is not a shard"), "{shard}: {}", r.stderr);
        assert!(
            r.stderr.contains("10000"),
            "{shard}: the bound is said: {}",
            r.stderr
        );
    }
    let path = root.join("one.json");
    let out = path.to_str().unwrap();
    run(
        root,
        &["check", "--format", "json", "--shard", "1/1", "-o", out],
    );
    let mut report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let cases: [(u64, u64, &str); 5] = [
        (5, 1, "the index must be from 1 to 1"),
        (0, 1, "the index must be from 1 to 1"),
        (1, u64::MAX, "the count must be from 1 to 10000"),
        (1, 4_000_000_000, "the count must be from 1 to 10000"),
        (1, 0, "the count must be from 1 to 10000"),
    ];
    for (index, count, says) in cases {
        report["shard"] = serde_json::json!({"index": index, "count": count});
        let name = format!("edited-{index}-{count}.json");
        std::fs::write(root.join(&name), report.to_string()).unwrap();
        let r = run_ok(root, &["merge", &name], 2);
        assert!(r.stderr.contains(&name), "{name}: {}", r.stderr);
        assert!(r.stderr.contains(says), "{name}: {}", r.stderr);
        assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
        // Also as the second report of a set.
        let r = run_ok(root, &["merge", out, &name], 2);
        assert!(r.stderr.contains(&name), "{name} second: {}", r.stderr);
    }
}
