//! Where a project is in its git repository, so reports consumed by repository views (SARIF
//! code scanning, GitHub annotations, GitLab Code Quality) name the repository's files. Found
//! by walking up for `.git` (a folder, or the file a worktree or submodule has): no git binary
//! is needed, and a project outside any repository keeps its root-relative paths.

use std::path::{Component, Path};

/// The project root's path from the top level of the git repository holding it,
/// `/`-separated (`docs/guide`); empty when the root is the top level, or when no folder at or
/// above it has a `.git` (the report's paths are then relative to the project root, as
/// before). A root that cannot be resolved counts as in no repository.
pub fn project_dir(root: &Path) -> String {
    let Ok(root) = std::fs::canonicalize(root) else {
        return String::new();
    };
    for top in root.ancestors() {
        // `symlink_metadata`: a `.git` that exists in any form (folder, worktree file) marks
        // the top level, as git itself decides.
        if std::fs::symlink_metadata(top.join(".git")).is_ok() {
            let rel = root.strip_prefix(top).unwrap_or(Path::new(""));
            return rel
                .components()
                .filter_map(|c| match c {
                    Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
                    _ => None,
                })
                .collect::<Vec<_>>()
                .join("/");
        }
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_nearest_git_folder_or_file_above() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let docs = tmp.path().join("repo/docs/guide");
        std::fs::create_dir_all(&docs).expect("mkdir");
        // No repository anywhere below the temp dir's own ancestors (which may hold one):
        // the answer then cannot name `repo/...`.
        assert!(!project_dir(&docs).starts_with("repo/"));
        std::fs::create_dir(tmp.path().join("repo/.git")).expect("mkdir .git");
        assert_eq!(project_dir(&docs), "docs/guide");
        assert_eq!(project_dir(&tmp.path().join("repo")), "");
        // A worktree's `.git` is a file; the nearest one wins.
        std::fs::write(tmp.path().join("repo/docs/.git"), "gitdir: elsewhere\n").expect("write");
        assert_eq!(project_dir(&docs), "guide");
    }
}
