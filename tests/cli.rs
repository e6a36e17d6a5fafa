//! CLI cases: every `tests/cmd/*.toml` runs the `citecheck` binary on a fixture project
//! (`<case>.in/`, copied into a sandbox) and compares exit code, stdout and stderr.
//! Regenerate expectations after an intended change with `TRYCMD=overwrite cargo test --test cli`.
//!
//! trycmd normalizes what it compares (every `\` becomes `/`, so a JSON `\"` reads `/"`, and
//! `[..]` matches anything): the JSON reports are compared here instead, byte for byte, against
//! tests/expected/ (bless with `CITECHECK_BLESS=1`). Only the tool's version is masked.

mod common;

use std::path::Path;

use common::{command, compare_or_bless, copy_example, finish, fixture, run, run_ok, sandbox};

#[test]
fn cli_cases() {
    trycmd::TestCases::new()
        .env("NO_COLOR", "1")
        .case("tests/cmd/*.toml");
}

/// `citecheck ARGS --quiet` on a sandboxed copy of the fixture `base`: exit `code`, nothing on
/// stderr (no summary line, with `--quiet`), and stdout equal to the committed `expected` file,
/// byte for byte but for the version.
fn exact_json(base: &str, args: &[&str], code: i32, expected: &str) {
    let dir = sandbox(&fixture(base));
    let mut args = args.to_vec();
    args.push("--quiet");
    let r = run(dir.path(), &args);
    assert_eq!(r.code, code, "{}", r.stderr);
    assert_eq!(r.stderr, "");
    let version = format!(
        "\n    \"name\": \"citecheck\",\n    \"version\": \"{}\"\n",
        env!("CARGO_PKG_VERSION")
    );
    assert_eq!(r.stdout.matches(&version).count(), 1, "{}", r.stdout);
    let masked = r.stdout.replace(
        &version,
        "\n    \"name\": \"citecheck\",\n    \"version\": \"[..]\"\n",
    );
    compare_or_bless(expected, &masked);
}

/// Every verdict, exact numbers (spans, similarity, diffs, missing terms, found_in); the source
/// quotes the chair in straight double quotes, so `found_text` and the contexts hold `\"`.
#[test]
fn verdicts_json_is_the_exact_output() {
    exact_json(
        "verdicts.in",
        &["check", "--format", "json"],
        1,
        "tests/expected/verdicts.json",
    );
}

/// A comma-separated `--fail-on` list: relocated and source_changed both fail (per-entry
/// `fails`).
#[test]
fn fail_on_list_json_is_the_exact_output() {
    exact_json(
        "passing.in",
        &[
            "check",
            "--fail-on",
            "relocated,source_changed",
            "--format",
            "json",
        ],
        1,
        "tests/expected/fail-on-list.json",
    );
}

// ----------------------------------------------------------------- the conventional flags

/// The bundled example in a temporary folder, with `reports/` for outputs.
fn example() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_example(dir.path());
    dir
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `check -o FILE` without `--format` writes the format FILE's extension names.
#[test]
fn output_extension_chooses_the_format() {
    let dir = example();
    let root = dir.path();
    type LooksRight = fn(&str) -> bool;
    let cases: [(&str, LooksRight); 7] = [
        ("r.html", |t| t.starts_with("<!DOCTYPE html>")),
        ("r.json", |t| {
            serde_json::from_str::<serde_json::Value>(t).is_ok_and(|v| v["results"].is_array())
        }),
        ("r.sarif", |t| t.contains("\"version\": \"2.1.0\"")),
        ("r.sarif.json", |t| t.contains("\"version\": \"2.1.0\"")),
        ("r.xml", |t| {
            t.starts_with("<?xml") && t.contains("<testsuites")
        }),
        ("r.md", |t| t.starts_with("## citecheck: 11 failing")),
        ("r.txt", |t| t.starts_with("MISSING (3)")),
    ];
    for (name, looks_right) in cases {
        let r = run_ok(root, &["check", "--no-dups", "-o", name], 1);
        let text = read(&root.join(name));
        assert!(
            looks_right(&text),
            "{name}:\n{}",
            &text[..200.min(text.len())]
        );
        // The report went to a file: the CI log still gets the result, on stderr.
        assert!(
            r.stderr
                .contains("citecheck: 21 entries, 11 failing; 3 sources (1 changed)")
                && r.stderr.contains(name),
            "{name}: {}",
            r.stderr
        );
        assert_eq!(r.stdout, "");
    }
}

#[test]
fn unknown_extension_without_format_is_refused_listing_the_known_ones() {
    let dir = example();
    let r = run_ok(dir.path(), &["check", "-o", "report.htm"], 2);
    for ext in [".html", ".json", ".sarif", ".xml", ".md", ".txt"] {
        assert!(r.stderr.contains(ext), "{}", r.stderr);
    }
    assert!(r.stderr.contains("--format"), "{}", r.stderr);
    assert!(!dir.path().join("report.htm").exists(), "nothing written");
    // With --format, any name is the user's choice.
    run_ok(
        dir.path(),
        &["check", "--format", "html", "-o", "report.htm"],
        1,
    );
    assert!(read(&dir.path().join("report.htm")).starts_with("<!DOCTYPE html>"));
}

#[test]
fn format_and_extension_must_agree_but_json_formats_share_json() {
    let dir = example();
    let root = dir.path();
    for (format, name) in [
        ("html", "x.json"),
        ("json", "x.xml"),
        ("junit", "x.html"),
        ("json", "x.sarif"),
        ("markdown", "x.txt"),
    ] {
        let r = run_ok(root, &["check", "--format", format, "-o", name], 2);
        assert!(
            r.stderr.contains(&format!("--format {format}")) && r.stderr.contains(name),
            "{format} -o {name}: {}",
            r.stderr
        );
        assert!(!root.join(name).exists(), "{name}: nothing written");
    }
    // Several formats are JSON documents; GitHub's annotations are lines of text.
    for (format, name) in [
        ("sarif", "x.json"),
        ("w3c", "w3c.json"),
        ("json", "y.sarif.json"),
        ("github", "a.txt"),
    ] {
        run_ok(root, &["check", "--format", format, "-o", name], 1);
        assert!(root.join(name).is_file(), "{format} -o {name}");
    }
}

#[test]
fn machine_formats_on_stdout_get_a_summary_on_stderr_and_quiet_silences_it() {
    let dir = example();
    let root = dir.path();
    let r = run_ok(root, &["check", "--no-dups", "--format", "sarif"], 1);
    assert!(r.stderr.contains("21 entries, 11 failing"), "{}", r.stderr);
    serde_json::from_str::<serde_json::Value>(&r.stdout).expect("stdout is only the report");
    // The text report carries its own summary: nothing on stderr.
    let r = run_ok(root, &["check", "--no-dups"], 1);
    assert_eq!(r.stderr, "");
    // --quiet: nothing on stderr, the report still written (either side of the subcommand).
    for args in [
        &["check", "-q", "--no-dups", "-o", "q.json"][..],
        &[
            "--quiet",
            "check",
            "--no-progress",
            "--no-dups",
            "-o",
            "q2.json",
        ][..],
    ] {
        let r = run_ok(root, args, 1);
        assert_eq!(r.stderr, "", "{args:?}");
        let file = args.last().expect("file");
        assert!(read(&root.join(file)).contains("\"results\""));
    }
    // `report` says how the run went too.
    let r = run_ok(root, &["report"], 1);
    assert!(
        r.stderr.contains("citecheck: 21 entries, 11 failing"),
        "{}",
        r.stderr
    );
    assert_eq!(run_ok(root, &["report", "-q"], 1).stderr, "");
}

/// `--color` overrides the environment; without it NO_COLOR and CLICOLOR_FORCE still decide.
#[test]
fn color_flag_and_the_environment() {
    let dir = example();
    let coloured = |extra: &[&str], env: &[(&str, &str)]| {
        let mut args = vec!["check", "--no-dups"];
        args.extend(extra);
        let mut cmd = command(dir.path(), &args);
        cmd.env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("CLICOLOR");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let r = finish(&mut cmd);
        assert_eq!(r.code, 1, "{}", r.stderr);
        r.stdout.contains('\u{1b}')
    };
    assert!(!coloured(&[], &[]), "a pipe gets no colour");
    assert!(coloured(&["--color", "always"], &[]));
    assert!(
        coloured(&["--color=always"], &[("NO_COLOR", "1")]),
        "the flag wins"
    );
    assert!(!coloured(&["--color", "never"], &[("CLICOLOR_FORCE", "1")]));
    assert!(
        coloured(&[], &[("CLICOLOR_FORCE", "1")]),
        "CLICOLOR_FORCE is honoured"
    );
    assert!(!coloured(
        &["--color", "auto"],
        &[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")]
    ));
    // A file never gets colour.
    let mut cmd = command(
        dir.path(),
        &["check", "--no-dups", "--color", "always", "-o", "c.txt"],
    );
    assert_eq!(finish(&mut cmd).code, 1);
    assert!(!read(&dir.path().join("c.txt")).contains('\u{1b}'));
    assert_eq!(run(dir.path(), &["check", "--color", "sometimes"]).code, 2);
}

/// `--config PATH`: settings from a file outside the project, relative to the working folder.
#[test]
fn config_flag_reads_settings_from_elsewhere() {
    let project = sandbox(&fixture("passing.in"));
    let elsewhere = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(elsewhere.path().join("ci")).expect("mkdir");
    std::fs::write(
        elsewhere.path().join("ci/strict.toml"),
        "[check]\nfail_on = [\"relocated\"]\n",
    )
    .expect("write");
    let root = project.path().to_str().expect("utf-8");
    run_ok(elsewhere.path(), &["check", "--root", root], 0);
    let r = run_ok(
        elsewhere.path(),
        &["check", "--root", root, "--config", "ci/strict.toml"],
        1,
    );
    assert!(r.stdout.contains("RELOCATED"), "{}", r.stdout);
    // The project's own citecheck.toml is not read beside it.
    std::fs::write(
        project.path().join("citecheck.toml"),
        "[check]\nfail_on = [\"relocated\"]\n",
    )
    .expect("write");
    std::fs::write(elsewhere.path().join("ci/lenient.toml"), "").expect("write");
    run_ok(elsewhere.path(), &["check", "--root", root], 1);
    run_ok(
        elsewhere.path(),
        &["check", "--root", root, "--config", "ci/lenient.toml"],
        0,
    );
    // A missing file, or one with a mistake, is an error naming it (exit 2).
    let r = run_ok(
        elsewhere.path(),
        &["check", "--root", root, "--config", "ci/nope.toml"],
        2,
    );
    assert!(r.stderr.contains("ci/nope.toml"), "{}", r.stderr);
    std::fs::write(
        elsewhere.path().join("ci/typo.toml"),
        "[check]\nfail_onn = []\n",
    )
    .expect("write");
    let r = run_ok(
        elsewhere.path(),
        &["check", "--root", root, "--config", "ci/typo.toml"],
        2,
    );
    assert!(
        r.stderr.contains("ci/typo.toml") && r.stderr.contains("fail_onn"),
        "{}",
        r.stderr
    );
    // Commands that write the project's own settings or pins refuse it.
    let r = run_ok(project.path(), &["lock", "--config", "x.toml"], 2);
    assert!(r.stderr.contains("--config"), "{}", r.stderr);
}

#[test]
fn dups_writes_its_report_to_a_file() {
    let dir = example();
    let shown = run_ok(dir.path(), &["dups", "--format", "json"], 0);
    let r = run_ok(
        dir.path(),
        &["dups", "--format", "json", "-o", "dups.json"],
        0,
    );
    assert_eq!(r.stdout, "");
    assert_eq!(read(&dir.path().join("dups.json")), shown.stdout);
    assert!(shown.stdout.contains("\"duplicates\""), "{}", shown.stdout);
    // Never over a source.
    run_ok(dir.path(), &["dups", "-o", "sources/cable.txt"], 2);
}

#[test]
fn show_suggests_the_closest_ids() {
    let dir = example();
    let r = run_ok(dir.path(), &["show", "oppose-suport"], 2);
    assert!(
        r.stderr.contains("did you mean `oppose-support`"),
        "{}",
        r.stderr
    );
    let r = run_ok(dir.path(), &["show", "Broad-Support"], 2);
    assert!(r.stderr.contains("`broad-support`"), "{}", r.stderr);
    let r = run_ok(dir.path(), &["show", "zzzzzz"], 2);
    assert!(!r.stderr.contains("did you mean"), "{}", r.stderr);
}

#[test]
fn changed_since_outside_git_says_so() {
    let dir = example();
    let mut cmd = command(dir.path(), &["check", "--changed-since", "HEAD"]);
    // Never find a repository above the temporary folder.
    cmd.env(
        "GIT_CEILING_DIRECTORIES",
        dir.path().parent().expect("parent"),
    );
    let r = finish(&mut cmd);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("not in a git repository"), "{}", r.stderr);
    assert!(r.stderr.contains("fetch-depth: 0"), "{}", r.stderr);
    assert!(
        !r.stderr.to_lowercase().contains("usage: git"),
        "{}",
        r.stderr
    );
    assert_eq!(r.stdout, "");
}

/// `merge` chooses its format as `check` does, and says how the run went.
#[test]
fn merge_infers_the_format_from_its_output_too() {
    let dir = example();
    let root = dir.path();
    run_ok(root, &["check", "-q", "--shard", "1/2", "-o", "s1.json"], 1);
    run_ok(root, &["check", "-q", "--shard", "2/2", "-o", "s2.json"], 1);
    let r = run_ok(root, &["merge", "s1.json", "s2.json", "-o", "all.html"], 1);
    assert!(read(&root.join("all.html")).starts_with("<!DOCTYPE html>"));
    assert!(r.stderr.contains("21 entries, 11 failing"), "{}", r.stderr);
    run_ok(
        root,
        &["merge", "s1.json", "s2.json", "-o", "all.report"],
        2,
    );
    run_ok(
        root,
        &[
            "merge", "s1.json", "s2.json", "--format", "junit", "-o", "a.json",
        ],
        2,
    );
}
