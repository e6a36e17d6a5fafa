//! Which files `check` reads as claims files, as one rule shared by the walk that finds them
//! ([`super::discover`]) and the commands that write them (`add --to`, `scan --write`,
//! `import-w3c --into`): an entry written where check does not look would be reported as
//! written (even "verified") and then never checked again — a silently skipped entry.

use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};

/// True when `check` reads the claims file `id` (its path under claims/, `/`-separated, by the
/// names the walk reaches it through, links included): a `.toml` name, no component hidden
/// ([`crate::fs::is_hidden`], which the walk skips).
pub fn is_read(id: &str) -> bool {
    id.ends_with(".toml")
        && !id
            .split('/')
            .any(|part| part.is_empty() || crate::fs::is_hidden(part))
}

/// Resolve a claims file argument for writing: a path relative to the project `root` (or
/// absolute) that must name a `.toml` file resolving (symlinks followed) under claims/, where
/// `check` reads, and be one check reads there ([`require_read`]: nothing hidden). Returns the
/// resolved path and the path relative to the root. Checked before anything is read or
/// written, so a refused target leaves everything untouched.
pub fn resolve(root: &Path, file: &Path) -> Result<(PathBuf, String)> {
    let root = root.canonicalize().map_err(|e| Error::io(root, e))?;
    if file.extension().is_none_or(|e| e != "toml") {
        return Err(Error::Usage(format!(
            "`{}` is not a claims file: write to claims/<name>.toml under the project root ({}); \
             nothing was written",
            file.display(),
            root.display()
        )));
    }
    let (path, rel) = crate::fs::confine_write(&root, "claims", file)?;
    // Where check would not look (a hidden name), an entry written would never be checked.
    require_read(&root, file, &rel)?;
    Ok((path, rel))
}

/// Refuse to write the claims file `file` (as the user named it: relative to the project
/// `root`, or absolute) when `check` would not read it. `resolved` is where it resolves to,
/// relative to the root ([`crate::fs::confine_write`]'s answer), used when the name as written
/// is not a plain path under the root (it holds `..`, or lies elsewhere through a link).
pub fn require_read(root: &Path, file: &Path, resolved: &str) -> Result<()> {
    let written = written_id(root, file);
    let id = written
        .as_deref()
        .unwrap_or_else(|| resolved.strip_prefix("claims/").unwrap_or(resolved));
    if is_read(id) {
        return Ok(());
    }
    let shown = file.to_string_lossy().replace('\\', "/");
    let why = match id.split('/').find(|p| crate::fs::is_hidden(p)) {
        Some(hidden) => format!(
            "`{hidden}` is hidden (a name starting with `.`), and check skips hidden files and \
             folders"
        ),
        None => "check reads only `.toml` files under claims/".to_string(),
    };
    Err(Error::Usage(format!(
        "`{shown}`: check would not read this claims file: {why} (help: name a file like \
         claims/<name>.toml, with no part starting with `.`); nothing was written"
    )))
}

/// The id the walk of claims/ gives `file`: its path after `claims/`, from the name as written
/// (relative to `root`, or absolute under it), when that is a plain path (no `..`).
fn written_id(root: &Path, file: &Path) -> Option<String> {
    let rel = if file.is_absolute() {
        let canon = root.canonicalize().ok();
        canon
            .as_deref()
            .and_then(|c| file.strip_prefix(c).ok())
            .or_else(|| file.strip_prefix(root).ok())?
    } else {
        file
    };
    let parts: Option<Vec<String>> = rel
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .map(|c| match c {
            Component::Normal(n) => Some(n.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    let parts = parts?;
    match parts.split_first() {
        Some((first, rest)) if first == "claims" && !rest.is_empty() => Some(rest.join("/")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_parts_and_other_extensions_are_not_read() {
        assert!(is_read("a.toml"));
        assert!(is_read("team/a.toml"));
        assert!(!is_read(".a.toml"));
        assert!(!is_read(".d/a.toml"));
        assert!(!is_read("team/.d/a.toml"));
        assert!(!is_read("a.txt"));
    }

    #[test]
    fn the_name_as_written_decides() {
        let root = Path::new("/nonexistent-root");
        let resolved = "claims/x.toml";
        assert!(require_read(root, Path::new("claims/x.toml"), resolved).is_ok());
        assert!(require_read(root, Path::new("./claims/x.toml"), resolved).is_ok());
        assert!(require_read(root, Path::new("claims/.hidden.toml"), resolved).is_err());
        assert!(require_read(root, Path::new("claims/.d/x.toml"), resolved).is_err());
        assert!(require_read(
            root,
            Path::new("/nonexistent-root/claims/.h.toml"),
            resolved
        )
        .is_err());
        // Not plain: the resolved path decides.
        assert!(require_read(root, Path::new("claims/../claims/x.toml"), resolved).is_ok());
        assert!(require_read(root, Path::new("x/../claims/y.toml"), "claims/.y.toml").is_err());
    }
}
