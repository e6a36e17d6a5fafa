//! `citecheck lock`: pin the SHA-256 and size of every source in citecheck.lock.

use std::path::{Path, PathBuf};

use crate::config::{Lock, LockedSource, Project, LOCK_FILE};
use crate::error::{Error, Result};
use crate::source;

/// Compute the lock for the project's current sources (metadata from citecheck.toml). Plain
/// text sources are streamed through SHA-256 in parallel without being kept (see
/// [`source::pin_files`]); documents read through an extractor are loaded to name it.
pub fn compute_lock(project: &Project) -> Result<Lock> {
    let mut problems = Vec::new();
    let files = source::discover_project(project, &mut problems)?;
    let pins = source::pin_files(&files, &mut problems)?;
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    Ok(Lock {
        version: 1,
        sources: pins
            .into_iter()
            .map(|p| LockedSource {
                meta: project
                    .config
                    .sources
                    .get(&p.id)
                    .cloned()
                    .unwrap_or_default(),
                path: p.id,
                sha256: p.sha256,
                bytes: p.bytes,
                extractor: p.extractor,
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
