//! CLI cases: every `tests/cmd/*.toml` runs the `citecheck` binary on a fixture project
//! (`<case>.in/`, copied into a sandbox) and compares exit code, stdout and stderr.
//! Regenerate expectations after an intended change with `TRYCMD=overwrite cargo test --test cli`.

#[test]
fn cli_cases() {
    trycmd::TestCases::new()
        .env("NO_COLOR", "1")
        .case("tests/cmd/*.toml");
}
