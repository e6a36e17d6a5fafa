//! The one harness of the integration tests: the `citecheck` binary run with plain
//! (uncoloured) output and a clean environment, fixture projects and the bundled example copied
//! into temporary folders, and small helpers that derive expectations from the sources.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

/// The repository root (holds the bundled example project).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture project under tests/cmd/ (`verdicts.in`, ...).
pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/cmd").join(name)
}

// ------------------------------------------------------------------------------- the runner

/// A finished run of the binary: exit code and both streams (UTF-8, or the run fails).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// Exit code (a run killed by a signal fails the test).
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// `citecheck ARGS` in `cwd`, not yet run: colour off, and nothing inherited from the
/// environment that changes what the binary writes (a CI job's `GITHUB_STEP_SUMMARY` would
/// receive the github format's markdown). Add `--root` to `args` to name the project instead of
/// discovering it from `cwd`.
pub fn command(cwd: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_citecheck"));
    cmd.args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        // The cache's secret: without it a run would make one in the user's own cache folder.
        .env("CITECHECK_CACHE_KEY", "citecheck tests")
        .env_remove("GITHUB_STEP_SUMMARY")
        // Tests that run a project's external judge allow it themselves.
        .env_remove("CITECHECK_ALLOW_JUDGE")
        .env_remove("RAYON_NUM_THREADS");
    cmd
}

/// Run a prepared [`command`] to its end.
pub fn finish(cmd: &mut Command) -> Run {
    let out = cmd.output().expect("run citecheck");
    Run {
        code: out
            .status
            .code()
            .expect("exit code (not killed by a signal)"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

/// Run `citecheck ARGS` in `cwd` (see [`command`]).
pub fn run(cwd: &Path, args: &[&str]) -> Run {
    finish(&mut command(cwd, args))
}

/// [`run`], asserting the exit code: a run whose outcome a test relies on never goes unchecked.
#[track_caller]
pub fn run_ok(cwd: &Path, args: &[&str], code: i32) -> Run {
    let r = run(cwd, args);
    assert_eq!(
        r.code, code,
        "citecheck {args:?} exited {}\nstdout:\n{}\nstderr:\n{}",
        r.code, r.stdout, r.stderr
    );
    r
}

// ----------------------------------------------------------------------- projects on disk

/// Copy `from` (recursively) into a fresh temporary folder; the folder lives as long as the
/// returned guard.
pub fn sandbox(from: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_tree(from, dir.path());
    dir
}

/// The files of the bundled example project, relative to the repository root.
pub const EXAMPLE: [&str; 4] = ["sources", "claims", "citecheck.toml", "citecheck.lock"];

/// Copy the bundled example project (sources/, claims/, citecheck.toml, citecheck.lock) into
/// `to`, creating it.
pub fn copy_example(to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for name in EXAMPLE {
        let from = repo().join(name);
        if from.is_dir() {
            copy_tree(&from, &to.join(name));
        } else {
            std::fs::copy(&from, to.join(name)).expect("copy");
        }
    }
}

/// The bundled example project copied into a fresh temporary folder.
pub fn example_sandbox() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_example(dir.path());
    dir
}

/// Copy the folder `from` (recursively) to `to`, entries in name order.
pub fn copy_tree(from: &Path, to: &Path) {
    copy_tree_ordered(from, to, false);
}

/// Copy the folder `from` (recursively) to `to`, creating the entries of each folder in name
/// order, or in reverse name order when `reverse` (on file systems that list a folder in
/// creation order, such as tmpfs, the copy then lists differently).
pub fn copy_tree_ordered(from: &Path, to: &Path, reverse: bool) {
    std::fs::create_dir_all(to).expect("mkdir");
    let mut entries: Vec<_> = std::fs::read_dir(from)
        .expect("read_dir")
        .map(|e| e.expect("entry"))
        .collect();
    entries.sort_by_key(|e| e.file_name());
    if reverse {
        entries.reverse();
    }
    for entry in entries {
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_tree_ordered(&entry.path(), &target, reverse);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Write `files` (path relative to `root`, contents) into `root`, creating folders.
pub fn write_files(root: &Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
}

/// SHA-256 of every file under `dir`, keyed by path relative to `dir`, sorted.
pub fn hash_tree(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read_dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("read");
                let rel = path
                    .strip_prefix(dir)
                    .expect("inside")
                    .display()
                    .to_string();
                out.push((rel, sha256_hex(&bytes)));
            }
        }
    }
    out.sort();
    out
}

/// [`hash_tree`] without the cache folder (`.citecheck/cache/`), which a run may write: what
/// "the project did not change" compares.
pub fn project_files(dir: &Path) -> Vec<(String, String)> {
    let cache = Path::new(".citecheck").join("cache");
    hash_tree(dir)
        .into_iter()
        .filter(|(rel, _)| !Path::new(rel).starts_with(&cache))
        .collect()
}

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// Every file name under `dir` (recursively) that looks like a leftover temporary file.
pub fn temp_leftovers(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read_dir") {
            let path = entry.expect("entry").path();
            let name = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            if path.is_dir() {
                stack.push(path);
            } else if name.ends_with(".tmp") || name.starts_with(".citecheck-") {
                out.push(path);
            }
        }
    }
    out
}

// ------------------------------------------------------------ expectations from the sources

/// Word `i` of a generated source: lower-case letters only, a different word for every `i`
/// (so any run of them occurs once), two syllables or more, none an English stop word.
pub fn word(i: usize) -> String {
    const SYL: [&str; 12] = [
        "ka", "lo", "mi", "ne", "su", "ta", "ro", "vi", "de", "pa", "gu", "fe",
    ];
    let mut n = i + SYL.len();
    let mut w = String::new();
    while n > 0 {
        w.push_str(SYL[n % SYL.len()]);
        n /= SYL.len();
    }
    w
}

/// Words `from..to` of [`word`], joined by single spaces.
pub fn words(from: usize, to: usize) -> String {
    (from..to).map(word).collect::<Vec<_>>().join(" ")
}

/// Where `needle` occurs in `text`: byte span and 1-based line of its start, every occurrence
/// in order (overlapping ones included).
pub fn occurrences(text: &str, needle: &str) -> Vec<([usize; 2], usize)> {
    assert!(!needle.is_empty());
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find(needle) {
        let start = from + i;
        out.push(([start, start + needle.len()], line_of(text, start)));
        from = start + needle.chars().next().map_or(1, char::len_utf8);
    }
    out
}

/// The one occurrence of `needle` in `text` (the test fails when there is not exactly one).
#[track_caller]
pub fn unique(text: &str, needle: &str) -> ([usize; 2], usize) {
    let all = occurrences(text, needle);
    assert_eq!(all.len(), 1, "{needle:?} occurs {} times", all.len());
    all[0]
}

/// 1-based line of byte `at` in `text`.
pub fn line_of(text: &str, at: usize) -> usize {
    text[..at].matches('\n').count() + 1
}

/// Compare `generated` with the committed file at `path` (relative to the repository root).
/// With `CITECHECK_BLESS` set, the file is first rewritten with `generated`; the comparison is
/// still against what was committed before, so a blessing run fails when it changed anything
/// (review the rewrite, then rerun without `CITECHECK_BLESS`).
#[track_caller]
pub fn compare_or_bless(path: &str, generated: &str) {
    let file = repo().join(path);
    let committed = std::fs::read_to_string(&file).unwrap_or_default();
    let bless = std::env::var_os("CITECHECK_BLESS").is_some();
    if bless && committed != generated {
        std::fs::write(&file, generated).expect("bless: write");
    }
    assert!(
        committed == generated,
        "{path} is not the current output; {}",
        if bless {
            "CITECHECK_BLESS rewrote it: review the change and rerun without CITECHECK_BLESS"
        } else {
            "rerun with CITECHECK_BLESS=1 to rewrite it, and review the change"
        }
    );
}

/// A throw-away project of one source `sources/{name}` holding `text` and the claims file
/// `claims`, checked without the duplicate search (exit 1: something fails): the JSON report.
pub fn check_one_source(name: &str, text: &str, claims: &str) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let source = format!("sources/{name}");
    write_files(
        dir.path(),
        &[
            ("citecheck.toml", ""),
            (&source, text),
            ("claims/c.toml", claims),
        ],
    );
    let root = dir.path().to_str().unwrap();
    let out = run_ok(
        dir.path(),
        &["check", "--root", root, "--no-dups", "--format", "json"],
        1,
    );
    serde_json::from_str(&out.stdout).expect("JSON report")
}

/// The result of entry `id` in a JSON report (panics naming the id when there is none).
pub fn result<'a>(report: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    report["results"]
        .as_array()
        .expect("results")
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no result for `{id}`"))
}

/// A quote entry of `text` citing `source`, without a pointer, pin or note: what the tests
/// that call the judge directly hand it.
pub fn quote_entry(source: &str, text: &str) -> citecheck::Entry {
    citecheck::Entry {
        id: "q".into(),
        kind: citecheck::Kind::Quote,
        origin: Default::default(),
        source: source.into(),
        source_origin: Default::default(),
        text: text.into(),
        pointer: None,
        pointer_origin: None,
        sha256: None,
        prefix: None,
        suffix: None,
        note: None,
        evidence: None,
    }
}
