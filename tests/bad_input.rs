//! Bad input: every problem the issue lists, planted in one project, must come back in ONE run,
//! each with its file:line:column, message and help, exit code 2, and never a panic.
//!
//! The schema problems live in the fixture `tests/cmd/bad-input.in/`; the problems that cannot
//! be committed (a symlink out of sources/) or that are easier to read as bytes written here
//! (non-UTF-8, NUL) are added to a copy before the run.

mod common;

use common::{fixture, run, sandbox, Run};

/// (location as rendered `--> file:line:col`, message, help).
const EXPECTED: &[(&str, &str, &str)] = &[
    (
        "citecheck.toml:2:1",
        "unknown field `fail_onn`",
        "accepted keys",
    ),
    (
        "claims/a.toml:12:1",
        "unknown key `sorce` in [[quote]]",
        "did you mean `source`?",
    ),
    (
        "claims/a.toml:14:1",
        "[[quote]] is missing required key `source`",
        "add `source = \"...\"` to the entry",
    ),
    (
        "claims/a.toml:20:10",
        "unknown source `dok.txt`",
        "did you mean `doc.txt`?",
    ),
    (
        "claims/a.toml:25:10",
        "source path `../secret.txt` leaves sources/",
        "without `..` or a leading `/`",
    ),
    (
        "claims/a.toml:30:10",
        "source path `/etc/passwd` leaves sources/",
        "without `..` or a leading `/`",
    ),
    (
        "claims/a.toml:37:8",
        "span [0, 999] is out of range: `doc.txt` has 28 bytes",
        "fix the offsets",
    ),
    (
        "claims/a.toml:43:8",
        "span [0, 4] splits a UTF-8 character in `doc.txt`",
        "spans are UTF-8 byte offsets",
    ),
    (
        "claims/a.toml:49:9",
        "lines [2, 40] are out of range: `doc.txt` has 2 lines",
        "1-based, inclusive",
    ),
    (
        "claims/a.toml:54:8",
        "`text` is empty",
        "put the quoted or claimed words in `text`",
    ),
    (
        "claims/a.toml:61:9",
        "both `span` and `lines` are declared",
        "keep one pointer",
    ),
    (
        "claims/a.toml:63:1",
        "[[claim]] needs a pointer to its evidence",
        "add `span = [start, end]`",
    ),
    (
        "claims/a.toml:72:9",
        "`lines` is [0, 1]: line numbers start at 1",
        "the first line of the source is line 1",
    ),
    (
        "claims/a.toml:78:8",
        "`span` is [-1, 5]: byte offsets cannot be negative",
        "offsets count bytes from 0",
    ),
    (
        "claims/broken.toml:3:21",
        "invalid TOML: invalid basic string",
        "fix the TOML syntax",
    ),
    (
        "claims/sub/b.toml:1:1",
        "duplicate id `dup`",
        "ids must be unique across the whole project",
    ),
    // The second place of the duplicate is named too.
    ("claims/a.toml:3:1", "`dup` first declared here", ""),
    (
        "sources/binary.dat:2:3",
        "binary file: contains a NUL byte",
        "sources must be UTF-8 text",
    ),
    (
        "sources/latin1.txt:2:4",
        "not valid UTF-8 (byte 0xe9 at offset 6)",
        "convert the file to UTF-8",
    ),
    (
        "sources/escape.txt",
        "symlink leads outside the folder",
        "copy the document into the folder",
    ),
];

/// The message block that mentions `location`: from its `error:`/`note:` line to the next one.
fn block_at<'a>(stderr: &'a str, location: &str) -> Option<&'a str> {
    let arrow = format!("--> {location}");
    let at = stderr
        .find(&format!("{arrow}\n"))
        .or_else(|| stderr.find(&arrow))?;
    let start = stderr[..at]
        .rfind("\nerror:")
        .max(stderr[..at].rfind("\nnote:"))
        .map_or(0, |i| i + 1);
    let end = stderr[at..]
        .find("\nerror:")
        .map_or(stderr.len(), |i| at + i);
    Some(&stderr[start..end])
}

#[test]
fn every_problem_is_reported_in_one_run_with_place_message_and_help() {
    let dir = sandbox(&fixture("bad-input.in"));
    let root = dir.path();
    std::fs::write(root.join("sources/latin1.txt"), b"ok\ncaf\xe9 au lait\n").unwrap();
    std::fs::write(root.join("sources/binary.dat"), b"ab\ncd\0ef").unwrap();
    std::fs::write(root.join("outside.txt"), "secret\n").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(root.join("outside.txt"), root.join("sources/escape.txt")).unwrap();

    let Run {
        code,
        stdout,
        stderr,
    } = run(root, &["check"]);
    assert_eq!(code, 2, "bad input exits 2\n{stderr}");
    assert_eq!(stdout, "", "no report on bad input");
    assert!(!stderr.contains("panicked"), "{stderr}");
    for (location, message, help) in EXPECTED {
        if location.starts_with("sources/escape") && cfg!(not(unix)) {
            continue;
        }
        let block = block_at(&stderr, location)
            .unwrap_or_else(|| panic!("no diagnostic at {location}\n{stderr}"));
        assert!(
            block.contains(message),
            "{location}: want {message:?}\n{block}"
        );
        assert!(
            block.contains(help),
            "{location}: want help {help:?}\n{block}"
        );
    }
    let errors = EXPECTED.len() - 1; // the `first declared here` note belongs to the duplicate
    let errors = if cfg!(unix) { errors } else { errors - 1 };
    assert!(
        stderr.ends_with(&format!(
            "error: {errors} problem(s) found; nothing was checked\n"
        )),
        "{stderr}"
    );
}

#[test]
fn lock_reports_bad_sources_instead_of_pinning_them() {
    let dir = sandbox(&fixture("verdicts.in"));
    std::fs::write(dir.path().join("sources/binary.dat"), b"\0\x01\x02").unwrap();
    let Run { code, stderr, .. } = run(dir.path(), &["lock"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("sources/binary.dat"), "{stderr}");
    assert!(
        stderr.contains("binary file: contains a NUL byte"),
        "{stderr}"
    );
    assert!(
        !dir.path().join("citecheck.lock").exists(),
        "no lock written"
    );
}

#[test]
fn usage_errors_and_a_folder_without_a_project_exit_2() {
    let dir = sandbox(&fixture("verdicts.in"));
    for args in [
        &["check", "--format", "xml"][..],
        &["check", "--fail-on", "everything"],
        &["check", "--no-such-flag"],
        &["frobnicate"],
    ] {
        let Run {
            code,
            stdout,
            stderr,
        } = run(dir.path(), args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert_eq!(stdout, "", "{args:?}");
        assert!(stderr.starts_with("error:"), "{args:?}: {stderr}");
    }
    let empty = tempfile::tempdir().unwrap();
    let Run { code, stderr, .. } = run(empty.path(), &["check"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("no citecheck project found"), "{stderr}");
    let missing = empty.path().join("nope");
    let Run { code, stderr, .. } = run(dir.path(), &["check", "--root", missing.to_str().unwrap()]);
    assert_eq!(code, 2, "{stderr}");
}
