//! The project's cache (`.citecheck/cache/` under the root): work derived from a source's
//! bytes, kept between runs and keyed by the bytes' SHA-256 and the deriving code's version,
//! so an unchanged source is not parsed again.
//!
//! The cache is never trusted: every entry carries its kind, its key and the SHA-256 of its
//! payload, and an entry that is unreadable, truncated, foreign (another key or kind) or
//! corrupt is ignored and rebuilt. It is only ever an optimisation: a run reads the same
//! report with or without it. Entries are written atomically, confined to the cache folder
//! like every write of the tree (a `.citecheck` linked out of the project is refused, and the
//! run goes on uncached), and the folder is bounded: past [`Cache::max_bytes`], the entries
//! least recently used are deleted. Deleting the folder is always safe.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// The cache folder, relative to the project root.
pub const CACHE_DIR: &str = ".citecheck/cache";

/// Default bound on the cache folder's size (entries are deleted, oldest use first, past it).
pub const DEFAULT_MAX_BYTES: u64 = 2 << 30;

/// Largest entry read back (a bigger file in the folder is not ours, or not worth trusting).
const MAX_ENTRY_BYTES: u64 = 8 << 30;

const MAGIC: &[u8] = b"citecheck-cache 1\n";

/// A project's cache.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Cache {
    root: PathBuf,
    /// Bound on the folder's size in bytes.
    pub max_bytes: u64,
}

impl Cache {
    /// The cache of the project at `root`.
    pub fn new(root: &Path) -> Cache {
        Cache {
            root: root.to_path_buf(),
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }

    /// `CACHE_DIR/kind/key.bin`, relative to the root.
    fn rel(kind: &str, key: &str) -> PathBuf {
        Path::new(CACHE_DIR).join(kind).join(format!("{key}.bin"))
    }

    /// The payload stored for (`kind`, `key`), when there is a sound one.
    pub fn get(&self, kind: &str, key: &str) -> Option<Vec<u8>> {
        let (path, _) =
            crate::fs::confine_write(&self.root, CACHE_DIR, &Self::rel(kind, key)).ok()?;
        let bytes = crate::fs::read_regular(&path, MAX_ENTRY_BYTES, |_| {}).ok()?;
        let payload = unwrap_entry(&bytes, kind, key)?;
        // Touch it: eviction removes the entries least recently used.
        let _ = std::fs::File::options()
            .append(true)
            .open(&path)
            .and_then(|f| f.set_modified(std::time::SystemTime::now()));
        Some(payload.to_vec())
    }

    /// Store `payload` for (`kind`, `key`). A failure (a read-only tree, a refused folder) is
    /// not an error: the run goes on without the entry.
    pub fn put(&self, kind: &str, key: &str, payload: &[u8]) {
        let Ok((path, _)) = crate::fs::confine_write(&self.root, CACHE_DIR, &Self::rel(kind, key))
        else {
            return;
        };
        let mut entry = Vec::with_capacity(payload.len() + 200);
        entry.extend_from_slice(MAGIC);
        entry.extend_from_slice(format!("{kind} {key} {}\n", digest(payload)).as_bytes());
        entry.extend_from_slice(payload);
        if crate::fs::write_atomic(&path, &entry).is_ok() {
            self.evict(&path);
        }
    }

    /// Delete the least recently used entries until the folder is within its bound, never
    /// `keep` (the entry just written: file times are coarse, and it may tie with older ones).
    fn evict(&self, keep: &Path) {
        let Ok(root) = self.root.canonicalize() else {
            return;
        };
        let Ok(dir) = crate::fs::confine(&root.join(CACHE_DIR), &root, CACHE_DIR) else {
            return;
        };
        let mut entries: Vec<(std::time::SystemTime, u64, PathBuf)> = Vec::new();
        let Ok(kinds) = std::fs::read_dir(&dir) else {
            return;
        };
        for kind in kinds.flatten() {
            // Only our own folders (never a link), and only our own files in them.
            if !kind.file_type().is_ok_and(|t| t.is_dir()) {
                continue;
            }
            let Ok(files) = std::fs::read_dir(kind.path()) else {
                continue;
            };
            for f in files.flatten() {
                let Ok(meta) = f.metadata() else { continue };
                let ours = f.file_name().to_string_lossy().ends_with(".bin");
                if meta.is_file() && ours {
                    let used = meta.modified().unwrap_or(std::time::UNIX_EPOCH);
                    entries.push((used, meta.len(), f.path()));
                }
            }
        }
        let mut total: u64 = entries.iter().map(|e| e.1).sum();
        entries.sort();
        for (_, len, path) in entries {
            if total <= self.max_bytes {
                break;
            }
            if path != keep && std::fs::remove_file(&path).is_ok() {
                total -= len;
            }
        }
    }
}

/// Lower-case hex SHA-256 of `bytes`.
fn digest(bytes: &[u8]) -> String {
    crate::fs::hex(&Sha256::digest(bytes))
}

/// The payload of an entry file, when its header names `kind` and `key` and its payload's
/// SHA-256 is the one recorded.
fn unwrap_entry<'a>(bytes: &'a [u8], kind: &str, key: &str) -> Option<&'a [u8]> {
    let rest = bytes.strip_prefix(MAGIC)?;
    let nl = memchr::memchr(b'\n', rest)?;
    let header = std::str::from_utf8(&rest[..nl]).ok()?;
    let payload = &rest[nl + 1..];
    let mut parts = header.split(' ');
    let ok = parts.next() == Some(kind)
        && parts.next() == Some(key)
        && parts.next() == Some(digest(payload).as_str())
        && parts.next().is_none();
    ok.then_some(payload)
}

/// A little-endian binary writer for cache payloads.
#[derive(Debug, Default)]
pub struct Writer(pub Vec<u8>);

impl Writer {
    /// Append a number.
    pub fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }

    /// Append a length-prefixed string.
    pub fn str(&mut self, s: &str) {
        self.u64(s.len() as u64);
        self.0.extend_from_slice(s.as_bytes());
    }
}

/// Reads what [`Writer`] wrote; every read is checked (`None` past the end or on a bad
/// string), so a damaged payload is refused, never a panic.
#[derive(Debug)]
pub struct Reader<'a>(pub &'a [u8]);

impl<'a> Reader<'a> {
    /// Read a number.
    pub fn u64(&mut self) -> Option<u64> {
        let (head, rest) = self.0.split_first_chunk::<8>()?;
        self.0 = rest;
        Some(u64::from_le_bytes(*head))
    }

    /// Read a number that must fit in memory as a count or offset.
    pub fn usize(&mut self) -> Option<usize> {
        usize::try_from(self.u64()?).ok()
    }

    /// Read a length-prefixed string.
    pub fn str(&mut self) -> Option<&'a str> {
        let len = self.usize()?;
        if len > self.0.len() {
            return None;
        }
        let (s, rest) = self.0.split_at(len);
        self.0 = rest;
        std::str::from_utf8(s).ok()
    }

    /// True when everything was read.
    pub fn is_done(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_round_trip_and_damaged_or_foreign_ones_are_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let cache = Cache::new(&root);
        assert_eq!(cache.get("extract", "k1"), None);
        cache.put("extract", "k1", b"payload");
        assert_eq!(cache.get("extract", "k1").as_deref(), Some(&b"payload"[..]));
        assert_eq!(cache.get("index", "k1"), None, "another kind's key");
        let path = root.join(CACHE_DIR).join("extract/k1.bin");
        // One payload byte changed: the recorded SHA-256 no longer matches.
        let mut bytes = std::fs::read(&path).unwrap();
        *bytes.last_mut().unwrap() ^= 1;
        std::fs::write(&path, &bytes).unwrap();
        assert_eq!(cache.get("extract", "k1"), None);
        // Another entry's file copied under this key: foreign.
        cache.put("extract", "k2", b"other");
        std::fs::copy(root.join(CACHE_DIR).join("extract/k2.bin"), &path).unwrap();
        assert_eq!(cache.get("extract", "k1"), None);
        std::fs::write(&path, b"").unwrap();
        assert_eq!(cache.get("extract", "k1"), None);
    }

    #[test]
    fn the_folder_stays_within_its_bound() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let mut cache = Cache::new(&root);
        cache.max_bytes = 10_000;
        for i in 0..20 {
            cache.put("extract", &format!("k{i}"), &vec![b'x'; 1_000]);
        }
        let total: u64 = std::fs::read_dir(root.join(CACHE_DIR).join("extract"))
            .unwrap()
            .map(|e| e.unwrap().metadata().unwrap().len())
            .sum();
        assert!(total <= 10_000, "{total} bytes");
        assert!(
            cache.get("extract", "k19").is_some(),
            "the newest entry stays"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_cache_folder_linked_out_of_the_project_is_not_used() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap().join("proj");
        let outside = dir.path().canonicalize().unwrap().join("outside");
        std::fs::create_dir_all(&root).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        std::os::unix::fs::symlink(&outside, root.join(".citecheck")).unwrap();
        let cache = Cache::new(&root);
        cache.put("extract", "k", b"payload");
        assert_eq!(cache.get("extract", "k"), None);
        assert_eq!(
            std::fs::read_dir(&outside).unwrap().count(),
            0,
            "nothing written outside"
        );
    }

    #[test]
    fn a_damaged_payload_reads_as_none() {
        let mut w = Writer::default();
        w.str("text");
        w.u64(7);
        let mut r = Reader(&w.0);
        assert_eq!(
            (r.str(), r.u64(), r.is_done()),
            (Some("text"), Some(7), true)
        );
        let mut r = Reader(&w.0[..10]);
        assert_eq!(r.str(), None);
        let mut huge = Writer::default();
        huge.u64(u64::MAX);
        assert_eq!(Reader(&huge.0).str(), None);
    }
}
