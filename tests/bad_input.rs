//! Bad input: every problem the issue lists, planted in one project, must come back in ONE run,
//! each with its file:line:column, message and help, exit code 2, and never a panic.
//!
//! The schema problems live in the fixture `tests/cmd/bad-input.in/`; the problems that cannot
//! be committed (a symlink out of sources/) or that are easier to read as bytes written here
//! (non-UTF-8, NUL) are added to a copy before the run.

mod common;

use common::{fixture, run, sandbox, Run};

/// How every undecodable source is told to be converted.
const CONVERT: &str = "sources must be text: UTF-8, or UTF-16 with a byte-order mark; convert it, e.g. `iconv -f latin1 -t utf-8 FILE > FILE.txt` (name the encoding it is in: `-f utf-16le` for UTF-16 without a byte-order mark); extract the text of HTML or PDF first";

/// (location as rendered `--> file:line:col`, first line of the message, its `= help:` line;
/// `None` for a note, which carries no help).
const EXPECTED: &[(&str, &str, Option<&str>)] = &[
    (
        "citecheck.toml:2:1",
        "error: unknown field `fail_onn`, expected one of `fail_on`, `max_source_bytes`, `min_similarity`, `support_threshold`, `conventions`, `max_occurrences`",
        Some("did you mean `fail_on`? see the README's `citecheck.toml` section for the accepted keys"),
    ),
    (
        "claims/a.toml:12:1",
        "error: unknown key `sorce` in [[quote]]",
        Some("did you mean `source`? accepted keys: id, source, text, span, lines, sha256, prefix, suffix, note"),
    ),
    (
        "claims/a.toml:14:1",
        "error: [[quote]] is missing required key `source`",
        Some("add `source = \"...\"` to the entry"),
    ),
    (
        "claims/a.toml:20:10",
        "error: unknown source `dok.txt`",
        Some("did you mean `doc.txt`? sources are paths relative to sources/ (1 known)"),
    ),
    (
        "claims/a.toml:25:10",
        "error: source path `../secret.txt` leaves sources/",
        Some("give the path relative to sources/, without `..` or a leading `/`"),
    ),
    (
        "claims/a.toml:30:10",
        "error: source path `/etc/passwd` leaves sources/",
        Some("give the path relative to sources/, without `..` or a leading `/`"),
    ),
    (
        "claims/a.toml:37:8",
        "error: span [0, 999] is out of range: `doc.txt` has 28 bytes",
        Some("fix the offsets, or let `citecheck fix` find the quote"),
    ),
    (
        "claims/a.toml:43:8",
        "error: span [0, 4] splits a UTF-8 character in `doc.txt`",
        Some("spans are UTF-8 byte offsets; use the offsets `citecheck add` prints"),
    ),
    (
        "claims/a.toml:49:9",
        "error: lines [2, 40] are out of range: `doc.txt` has 2 lines",
        Some("fix the line numbers (1-based, inclusive)"),
    ),
    (
        "claims/a.toml:54:8",
        "error: `text` is empty",
        Some("put the quoted or claimed words in `text`"),
    ),
    (
        "claims/a.toml:61:9",
        "error: both `span` and `lines` are declared",
        Some("keep one pointer: `span` (bytes) or `lines`"),
    ),
    (
        "claims/a.toml:63:1",
        "error: [[claim]] needs a pointer to its evidence",
        Some("add `span = [start, end]` (bytes) or `lines = [first, last]`"),
    ),
    (
        "claims/a.toml:72:9",
        "error: `lines` is [0, 1]: line numbers start at 1",
        Some("the first line of the source is line 1"),
    ),
    (
        "claims/a.toml:78:8",
        "error: `span` is [-1, 5]: byte offsets cannot be negative",
        Some("offsets count bytes from 0 at the start of the source"),
    ),
    (
        "claims/broken.toml:3:21",
        "error: invalid TOML: invalid basic string, expected `\"`",
        Some("fix the TOML syntax; strings need quotes, arrays brackets"),
    ),
    (
        "claims/sub/b.toml:1:1",
        "error: duplicate id `dup`",
        Some("ids must be unique across the whole project; rename one of them"),
    ),
    // The second place of the duplicate is named too, by a note without help.
    ("claims/a.toml:3:1", "note: `dup` first declared here", None),
    (
        "sources/binary.txt:2:3",
        "error: binary file: contains a NUL byte (at offset 5)",
        Some(CONVERT),
    ),
    (
        "sources/latin1.txt:2:4",
        "error: not valid UTF-8 (byte 0xe9 at offset 6)",
        Some(CONVERT),
    ),
    (
        "sources/escape.txt:1:1",
        "error: symlink leads outside sources/",
        Some("copy the document into the folder instead of linking to it"),
    ),
];

/// The message block whose arrow is exactly `--> location`: from its `error:`/`note:` line to
/// the next one.
fn block_at<'a>(stderr: &'a str, location: &str) -> Option<&'a str> {
    let arrow = format!("--> {location}\n");
    let at = stderr.find(&arrow)?;
    let start = stderr[..at]
        .rfind("\nerror:")
        .max(stderr[..at].rfind("\nnote:"))
        .map_or(0, |i| i + 1);
    let end = [stderr[at..].find("\nerror:"), stderr[at..].find("\nnote:")]
        .into_iter()
        .flatten()
        .min()
        .map_or(stderr.len(), |i| at + i + 1);
    Some(&stderr[start..end])
}

#[test]
fn every_problem_is_reported_in_one_run_with_place_message_and_help() {
    let dir = sandbox(&fixture("bad-input.in"));
    let root = dir.path();
    std::fs::write(root.join("sources/latin1.txt"), b"ok\ncaf\xe9 au lait\n").unwrap();
    std::fs::write(root.join("sources/binary.txt"), b"ab\ncd\0ef").unwrap();
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
        assert_eq!(
            block.lines().next(),
            Some(*message),
            "{location}: first line\n{block}"
        );
        let helps: Vec<&str> = block
            .lines()
            .filter_map(|l| l.trim_start().strip_prefix("= help: "))
            .collect();
        assert_eq!(helps, help.as_slice(), "{location}: help\n{block}");
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
    std::fs::write(dir.path().join("sources/binary.txt"), b"\0\x01\x02").unwrap();
    let Run { code, stderr, .. } = run(dir.path(), &["lock"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("sources/binary.txt"), "{stderr}");
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

/// Thousands of problems still come back all at once, each with its own place and line: two
/// claims files declaring the same 10,000 ids give 10,000 duplicate-id errors, each showing the
/// line it points at (numbered as in the file) and the line of the first declaration. (They
/// render in time linear in their number: each snippet is cut from the lines it shows.)
#[test]
fn ten_thousand_problems_are_all_reported_each_at_its_line() {
    let dir = sandbox(&fixture("verdicts.in"));
    let root = dir.path();
    let n = 10_000;
    let entries: String = (0..n)
        .map(|i| format!("[[quote]]\nid = \"q{i}\"\nsource = \"doc.txt\"\ntext = \"x y z\"\n"))
        .collect();
    for f in ["big.toml", "dup.toml"] {
        std::fs::write(root.join("claims").join(f), &entries).unwrap();
    }
    let Run {
        code,
        stdout,
        stderr,
    } = run(root, &["check", "--no-cache", "--no-dups"]);
    assert_eq!(code, 2, "{}", &stderr[stderr.len().saturating_sub(2000)..]);
    assert_eq!(stdout, "");
    assert!(stderr.contains("problem(s) found; nothing was checked"));
    let dups = stderr.matches("error: duplicate id `q").count();
    assert_eq!(dups, n, "every duplicate is reported");
    for i in [0, 4321, n - 1] {
        let line = 4 * i + 1;
        let pad = " ".repeat(line.to_string().len());
        let again = format!(
            "error: duplicate id `q{i}`\n{pad}--> claims/dup.toml:{line}:1\n{pad} |\n{line} | [[quote]]\n"
        );
        assert!(stderr.contains(&again), "q{i} at line {line}");
        let first = format!(
            "note: `q{i}` first declared here\n{pad}--> claims/big.toml:{line}:1\n{pad} |\n{line} | [[quote]]\n"
        );
        assert!(stderr.contains(&first), "q{i} first at line {line}");
    }
}
