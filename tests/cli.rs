//! CLI cases: every `tests/cmd/*.toml` runs the `citecheck` binary on a fixture project
//! (`<case>.in/`, copied into a sandbox) and compares exit code, stdout and stderr.
//! Regenerate expectations after an intended change with `TRYCMD=overwrite cargo test --test cli`.
//!
//! trycmd normalizes what it compares (every `\` becomes `/`, so a JSON `\"` reads `/"`, and
//! `[..]` matches anything): the JSON reports are compared here instead, byte for byte, against
//! tests/expected/ (bless with `CITECHECK_BLESS=1`). Only the tool's version is masked.

mod common;

use common::{compare_or_bless, fixture, run, sandbox};

#[test]
fn cli_cases() {
    trycmd::TestCases::new()
        .env("NO_COLOR", "1")
        .case("tests/cmd/*.toml");
}

/// `citecheck ARGS` on a sandboxed copy of the fixture `base`: exit `code`, nothing on stderr,
/// and stdout equal to the committed `expected` file, byte for byte but for the version.
fn exact_json(base: &str, args: &[&str], code: i32, expected: &str) {
    let dir = sandbox(&fixture(base));
    let r = run(dir.path(), args);
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
