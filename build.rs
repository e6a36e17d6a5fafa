//! Build script: `citecheck --version` names the git commit the binary was built from.
//!
//! Sets `CITECHECK_VERSION` to `0.1.0 (abc1234def56)` inside a git checkout, or
//! `0.1.0 (unknown commit)` when there is no repository or no git (a crates.io tarball, a
//! vendored copy). It reruns only when HEAD or the ref HEAD points at moves, so an ordinary
//! `cargo build` does not rebuild the binary every time. (No `-dirty` mark: edits to the work
//! tree do not rerun the script, so such a mark would go stale.) `tests/build_script.rs`
//! includes this file to test [`describe`] in and out of git.

use std::path::{Path, PathBuf};
use std::process::Command;

#[allow(dead_code)] // the entry point of the build script; unused where a test includes it
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let (shown, watched) = describe(&version, &manifest, "git");
    for path in watched {
        println!("cargo:rerun-if-changed={}", path.display());
    }
    println!("cargo:rustc-env=CITECHECK_VERSION={shown}");
}

/// The version as `--version` shows it, and the files whose change moves the commit, for the
/// crate whose manifest folder is `manifest`; `git` is the program to ask.
pub fn describe(version: &str, manifest: &Path, git: &str) -> (String, Vec<PathBuf>) {
    match git_dir(manifest, git) {
        Some(dir) => match run(git, manifest, &["rev-parse", "--short=12", "HEAD"]) {
            Some(commit) => (format!("{version} ({commit})"), watched(&dir)),
            // A repository without a commit yet: rerun once HEAD gets one.
            None => (format!("{version} (unknown commit)"), watched(&dir)),
        },
        None => (format!("{version} (unknown commit)"), Vec::new()),
    }
}

/// The repository's git folder, when the manifest is inside a work tree that tracks it
/// (worktrees and submodules keep a `.git` file pointing at it); a copy unpacked inside some
/// unrelated repository names no commit rather than that repository's.
fn git_dir(manifest: &Path, git: &str) -> Option<PathBuf> {
    run(
        git,
        manifest,
        &["ls-files", "--error-unmatch", "Cargo.toml"],
    )?;
    let dir = PathBuf::from(run(git, manifest, &["rev-parse", "--absolute-git-dir"])?);
    dir.is_dir().then_some(dir)
}

/// What moves HEAD: HEAD itself (a checkout), the ref it names (a commit on the branch) and
/// packed refs (where a ref lives after `git gc`). Linked worktrees keep refs in the common
/// folder.
fn watched(git: &Path) -> Vec<PathBuf> {
    let head = git.join("HEAD");
    let mut out = vec![head.clone()];
    let common = std::fs::read_to_string(git.join("commondir"))
        .ok()
        .map(|c| git.join(c.trim()))
        .unwrap_or_else(|| git.to_path_buf());
    let packed = common.join("packed-refs");
    if packed.exists() {
        out.push(packed);
    }
    if let Some(reference) = std::fs::read_to_string(&head)
        .ok()
        .and_then(|h| h.strip_prefix("ref: ").map(|r| r.trim().to_string()))
    {
        if let Some(path) = [git, common.as_path()]
            .iter()
            .map(|base| base.join(&reference))
            .find(|p| p.exists())
        {
            out.push(path);
        }
    }
    out
}

/// `GIT ARGS` in `dir`: its trimmed output, or None when git is missing or fails.
fn run(git: &str, dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new(git)
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    let text = text.trim();
    (out.status.success() && !text.is_empty()).then(|| text.to_string())
}
