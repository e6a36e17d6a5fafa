//! citecheck.toml policy reaching the verdicts and the exit code, and plain output when piped.

mod common;

use common::{command, compare_or_bless, finish, fixture, run, sandbox, Run};

#[test]
fn config_fail_on_adds_to_the_failing_statuses() {
    let dir = sandbox(&fixture("passing.in"));
    let Run { code, .. } = run(dir.path(), &["check"]);
    assert_eq!(code, 0);
    for (fail_on, failing) in [
        ("[\"normalized\"]", "dont-give-up"),
        ("[\"relocated\"]", "greeting-moved"),
        ("[\"source_changed\"]", "pinned"),
    ] {
        std::fs::write(
            dir.path().join("citecheck.toml"),
            format!("[check]\nfail_on = {fail_on}\n"),
        )
        .unwrap();
        let Run {
            code,
            stdout,
            stderr,
        } = run(dir.path(), &["check", "--format", "json"]);
        assert_eq!(code, 1, "{fail_on}: {stderr}");
        let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        let fails: Vec<&str> = report["results"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["fails"] == true)
            .map(|r| r["id"].as_str().unwrap())
            .collect();
        assert_eq!(fails, [failing], "{fail_on}");
    }
}

#[test]
fn config_values_out_of_range_and_unknown_sources_are_bad_input() {
    let dir = sandbox(&fixture("passing.in"));
    std::fs::write(
        dir.path().join("citecheck.toml"),
        "[check]\nmin_similarity = 1.5\n\n[sources.\"nope.txt\"]\ntitle = \"Gone\"\n",
    )
    .unwrap();
    let Run { code, stderr, .. } = run(dir.path(), &["check"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("`check.min_similarity` is 1.5, outside [0, 1]"),
        "{stderr}"
    );
    // Both problems in one run.
    assert!(
        stderr.contains("`[sources.\"nope.txt\"]` names a source that does not exist"),
        "{stderr}"
    );
}

#[test]
fn a_misspelt_setting_gets_a_suggestion() {
    let dir = sandbox(&fixture("passing.in"));
    std::fs::write(
        dir.path().join("citecheck.toml"),
        "[check]\nfial_on = [\"relocated\"]\n",
    )
    .unwrap();
    let Run { code, stderr, .. } = run(dir.path(), &["check"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("citecheck.toml:2:1"), "{stderr}");
    assert!(stderr.contains("unknown field `fial_on`"), "{stderr}");
    assert!(stderr.contains("did you mean `fail_on`?"), "{stderr}");
}

#[test]
fn piped_output_is_plain_even_without_no_color() {
    let r = finish(command(&fixture("verdicts.in"), &["check"]).env_remove("NO_COLOR"));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(!r.stdout.is_empty());
    assert!(!r.stdout.contains('\x1b'), "escape codes in piped output");
}

#[test]
fn the_committed_config_schema_is_current() {
    // A normal run compares the committed file with the generated schema; a blessing run
    // (`CITECHECK_BLESS=1`) rewrites the file and still fails when it was stale.
    compare_or_bless(
        "docs/citecheck.schema.json",
        &citecheck::config::config_schema(),
    );
}

#[test]
fn the_schema_accepts_the_example_settings_and_rejects_a_typo() {
    let schema: serde_json::Value =
        serde_json::from_str(&citecheck::config::config_schema()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let as_json = |toml_text: &str| -> serde_json::Value {
        let value: toml::Value = toml::from_str(toml_text).unwrap();
        serde_json::to_value(value).unwrap()
    };
    let example = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("citecheck.toml"),
    )
    .unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&as_json(&example))
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    for bad in [
        "[check]\nfial_on = [\"relocated\"]\n",
        "[check]\nfail_on = [\"verified\"]\n",
        "[report]\nformats = [\"pdf\"]\n",
        "[check]\nmin_similarity = 1.5\n",
    ] {
        assert!(!validator.is_valid(&as_json(bad)), "accepted: {bad}");
    }
}

#[test]
fn dups_min_words_out_of_range_is_bad_input_not_a_panic() {
    let dir = sandbox(&fixture("passing.in"));
    for n in ["0", "1001", "4294967296", "18446744073709551615"] {
        std::fs::write(
            dir.path().join("citecheck.toml"),
            format!("[dups]\nmin_words = {n}\n"),
        )
        .unwrap();
        for args in [&["check"][..], &["dups"], &["report"]] {
            let Run { code, stderr, .. } = run(dir.path(), args);
            assert_eq!(code, 2, "{n} {args:?}: {stderr}");
            assert!(
                stderr.contains(&format!("`dups.min_words` is {n}, outside 1 to 1000"))
                    && stderr.contains("citecheck.toml:2:13")
                    && stderr.contains("help:"),
                "{n} {args:?}: {stderr}"
            );
        }
    }
    std::fs::write(
        dir.path().join("citecheck.toml"),
        "[dups]\nmin_words = 1000\n",
    )
    .unwrap();
    let Run { code, stderr, .. } = run(dir.path(), &["dups"]);
    assert_eq!(code, 0, "{stderr}");
    std::fs::write(dir.path().join("citecheck.toml"), "").unwrap();
    for n in ["0", "1001", "18446744073709551615", "-1", "many"] {
        let Run { code, stderr, .. } = run(dir.path(), &["dups", "--min-words", n]);
        assert_eq!(code, 2, "--min-words {n}: {stderr}");
        assert!(stderr.contains("--min-words") || n == "-1", "{n}: {stderr}");
    }
    for x in ["NaN", "1.5", "-0.1", "inf"] {
        let Run { code, .. } = run(dir.path(), &["dups", "--similarity", x]);
        assert_eq!(code, 2, "--similarity {x}");
        std::fs::write(
            dir.path().join("citecheck.toml"),
            format!("[dups]\nsimilarity = {}\n", x.to_lowercase()),
        )
        .unwrap();
        let Run { code, stderr, .. } = run(dir.path(), &["dups"]);
        assert_eq!(code, 2, "similarity = {x}: {stderr}");
        assert!(stderr.contains("citecheck.toml:2:"), "{x}: {stderr}");
    }
}

/// The `--> FILE:LINE:COL` locations of the errors in `stderr`.
fn error_locations(stderr: &str) -> Vec<&str> {
    let lines: Vec<&str> = stderr.lines().collect();
    lines
        .windows(2)
        .filter(|w| w[0].starts_with("error: ") && w[1].trim_start().starts_with("--> "))
        .map(|w| w[1].trim_start().trim_start_matches("--> "))
        .collect()
}

#[test]
fn a_malformed_lock_is_bad_input_with_every_problem_located() {
    let dir = sandbox(&fixture("passing.in"));
    let root = dir.path();
    let Run { code, stderr, .. } = run(root, &["lock"]);
    assert_eq!(code, 0, "{stderr}");
    let good = std::fs::read_to_string(root.join("citecheck.lock")).unwrap();
    let sha = "819d37bcee7cc9eadc8d0075d1eaf09a3859585694d8007616b75b448aacd1b4";
    let entry =
        |path: &str| format!("[[source]]\npath = \"{path}\"\nsha256 = \"{sha}\"\nbytes = 1\n");
    let bad = format!(
        "version = 99\n{}{}{}{}{}",
        entry("../../../../etc/passwd"),
        entry("/etc/passwd"),
        entry("a.txt"),
        entry("a.txt"),
        entry("x/./y.txt"),
    );
    std::fs::write(root.join("citecheck.lock"), &bad).unwrap();
    for args in [&["check"][..], &["check", "--locked"], &["report"]] {
        let Run { code, stderr, .. } = run(root, args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        let at = error_locations(&stderr);
        for want in [
            "citecheck.lock:1:11",
            "citecheck.lock:3:8",
            "citecheck.lock:7:8",
            "citecheck.lock:15:8",
            "citecheck.lock:19:8",
        ] {
            assert!(at.contains(&want), "{args:?}: no error at {want}: {stderr}");
        }
        assert!(
            !at.contains(&"citecheck.lock:11:8"),
            "the first a.txt is fine"
        );
        for what in [
            "version 99",
            "leaves sources/",
            "is absolute",
            "pinned twice",
            "`.` part",
        ] {
            assert!(stderr.contains(what), "{args:?}: {what}: {stderr}");
        }
        assert!(stderr.contains("run it to rewrite the file"), "{stderr}");
    }
    // `citecheck lock` repairs it.
    let Run { code, stderr, .. } = run(root, &["lock"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        std::fs::read_to_string(root.join("citecheck.lock")).unwrap(),
        good
    );
    let Run { code, stderr, .. } = run(root, &["check", "--locked"]);
    assert_eq!(code, 0, "{stderr}");
}
