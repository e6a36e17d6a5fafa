//! Build script: `citecheck --version` names the git commit the binary was built from.
//!
//! Sets `CITECHECK_VERSION` to `0.1.0 (abc1234def56)` inside a git checkout, or
//! `0.1.0 (unknown commit)` when there is no repository or no git (a crates.io tarball, a
//! vendored copy). It reruns only when HEAD or the ref HEAD points at moves, so an ordinary
//! `cargo build` does not rebuild the binary every time. (No `-dirty` mark: edits to the work
//! tree do not rerun the script, so such a mark would go stale.)

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let commit = git_dir(&manifest).and_then(|git| {
        watch(&git);
        commit(&manifest)
    });
    let shown = match commit {
        Some(c) => format!("{version} ({c})"),
        None => format!("{version} (unknown commit)"),
    };
    println!("cargo:rustc-env=CITECHECK_VERSION={shown}");
}

/// The repository's git folder, when the manifest is inside a work tree that tracks it
/// (worktrees and submodules keep a `.git` file pointing at it); a copy unpacked inside some
/// unrelated repository names no commit rather than that repository's.
fn git_dir(manifest: &Path) -> Option<PathBuf> {
    git(manifest, &["ls-files", "--error-unmatch", "Cargo.toml"])?;
    let out = git(manifest, &["rev-parse", "--absolute-git-dir"])?;
    let dir = PathBuf::from(out);
    dir.is_dir().then_some(dir)
}

/// Rerun when HEAD moves: HEAD itself (a checkout), the ref it names (a commit on the
/// branch) and packed refs (where a ref lives after `git gc`). Linked worktrees keep refs in
/// the common folder.
fn watch(git: &Path) {
    let head = git.join("HEAD");
    println!("cargo:rerun-if-changed={}", head.display());
    let common = std::fs::read_to_string(git.join("commondir"))
        .ok()
        .map(|c| git.join(c.trim()))
        .unwrap_or_else(|| git.to_path_buf());
    let packed = common.join("packed-refs");
    if packed.exists() {
        println!("cargo:rerun-if-changed={}", packed.display());
    }
    if let Some(reference) = std::fs::read_to_string(&head)
        .ok()
        .and_then(|h| h.strip_prefix("ref: ").map(|r| r.trim().to_string()))
    {
        for base in [git, common.as_path()] {
            let path = base.join(&reference);
            if path.exists() {
                println!("cargo:rerun-if-changed={}", path.display());
                break;
            }
        }
    }
}

/// The commit HEAD names, abbreviated.
fn commit(manifest: &Path) -> Option<String> {
    git(manifest, &["rev-parse", "--short=12", "HEAD"])
}

/// `git ARGS` in `dir`: its trimmed output, or None when git is missing or fails.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    let text = text.trim();
    (out.status.success() && !text.is_empty()).then(|| text.to_string())
}
