//! `citecheck lock`: pin the SHA-256 and size of every source in citecheck.lock.

use std::path::{Path, PathBuf};

use crate::config::{Lock, LockedSource, Project, LOCK_FILE};
use crate::error::{Error, Result};
use crate::source;

/// Compute the lock for the project's current sources (metadata from citecheck.toml).
pub fn compute_lock(project: &Project) -> Result<Lock> {
    let mut problems = Vec::new();
    let sources = source::load_project(project, &mut problems)?;
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    Ok(Lock {
        version: 1,
        sources: sources
            .iter()
            .map(|s| LockedSource {
                path: s.id.clone(),
                sha256: s.sha256.clone(),
                bytes: s.file_bytes,
                extractor: s.document.as_ref().map(|d| d.extractor.clone()),
                meta: project
                    .config
                    .sources
                    .get(&s.id)
                    .cloned()
                    .unwrap_or_default(),
            })
            .collect(),
    })
}

/// Write citecheck.lock for the project's current sources, atomically. Returns the lock.
pub fn write_lock(project: &Project) -> Result<Lock> {
    // Checked before the sources are even read.
    let path = lock_path(project)?;
    let lock = compute_lock(project)?;
    crate::fs::write_atomic(&path, lock.to_toml().as_bytes())?;
    Ok(lock)
}

/// Where citecheck.lock is written. The lock must be the lock: a link (to a source, a claims
/// file, anything) would have the write overwrite what it points to.
pub fn lock_path(project: &Project) -> Result<PathBuf> {
    let (path, rel) = crate::fs::confine_write(&project.root, "", Path::new(LOCK_FILE))?;
    if rel != LOCK_FILE {
        return Err(Error::Usage(format!(
            "{LOCK_FILE} is a link to `{rel}`: writing the lock would overwrite it (help: make \
             {LOCK_FILE} a regular file); nothing was written"
        )));
    }
    Ok(path)
}
