//! `citecheck lock`: pin the SHA-256 and size of every source in citecheck.lock.

use crate::config::{Lock, LockedSource, Project, LOCK_FILE};
use crate::error::{Error, Result};
use crate::source;

/// Compute the lock for the project's current sources (metadata from citecheck.toml).
pub fn compute_lock(project: &Project) -> Result<Lock> {
    let mut problems = Vec::new();
    let sources = source::load_all(&project.root, &mut problems)?;
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
                bytes: s.len() as u64,
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
    let lock = compute_lock(project)?;
    crate::fs::write_atomic(&project.root.join(LOCK_FILE), lock.to_toml().as_bytes())?;
    Ok(lock)
}
