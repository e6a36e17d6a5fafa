//! Helpers shared by the integration tests: fixture projects copied into a temporary folder,
//! and the `citecheck` binary run on them with plain (uncoloured) output.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use sha2::{Digest, Sha256};

/// The repository root (holds the bundled example project).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture project under tests/cmd/ (`verdicts.in`, ...).
pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/cmd").join(name)
}

/// Copy `from` (recursively) into a fresh temporary folder; the folder lives as long as the
/// returned guard.
pub fn sandbox(from: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_tree(from, dir.path());
    dir
}

/// Copy the example project of the repository root (sources/, claims/, settings, lock).
pub fn example_sandbox() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for name in ["sources", "claims"] {
        copy_tree(&repo().join(name), &dir.path().join(name));
    }
    for name in ["citecheck.toml", "citecheck.lock"] {
        std::fs::copy(repo().join(name), dir.path().join(name)).expect("copy");
    }
    dir
}

/// Copy the folder `from` (recursively) to `to`.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Run `citecheck ARGS` in `cwd` with colour disabled.
pub fn run(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_citecheck"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("run citecheck")
}

/// Exit code, stdout and stderr of a finished run.
pub fn parts(out: &Output) -> (i32, String, String) {
    (
        out.status
            .code()
            .expect("exit code (not killed by a signal)"),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
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
                out.push((rel, format!("{:x}", Sha256::digest(&bytes))));
            }
        }
    }
    out.sort();
    out
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

/// Copy the bundled example project (sources, claims, settings, lock) into `to`.
pub fn copy_example(to: &Path) {
    for name in ["sources", "claims"] {
        copy_tree(&repo().join(name), &to.join(name));
    }
    for name in ["citecheck.toml", "citecheck.lock"] {
        std::fs::copy(repo().join(name), to.join(name)).expect("copy");
    }
}
