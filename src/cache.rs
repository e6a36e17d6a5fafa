//! The project's cache (`.citecheck/cache/` under the root): work derived from a source's
//! bytes, kept between runs and keyed by the bytes' SHA-256 and the deriving code's version,
//! so an unchanged source is not parsed, normalized or indexed again.
//!
//! The cache is never trusted. The project tree may come from a stranger's pull request, and
//! an entry it carries could say anything (a normalized text holding words the source does
//! not), so every entry is signed: its header carries a keyed BLAKE3 hash (a MAC) of its kind, key and
//! payload under a secret that never lives in the project (see [`Secret`]). An entry that is
//! unreadable, truncated, foreign (another key, kind or secret), forged or corrupt is ignored
//! and rebuilt; without a secret the cache is not used at all. It is only ever an
//! optimisation: a run reads the same report with or without it. Entries are written
//! atomically, confined to the cache folder like every write of the tree (a `.citecheck`
//! linked out of the project is refused, and the run goes on uncached), and the folder is
//! bounded: past [`Cache::max_bytes`], the entries least recently used are deleted. The folder
//! holds a `.gitignore` (`*`) and a `CACHEDIR.TAG`, so git and backup tools leave it alone.
//! Deleting it is always safe.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use sha2::{Digest, Sha256};

/// The cache folder, relative to the project root.
pub const CACHE_DIR: &str = ".citecheck/cache";

/// Default bound on the cache folder's size (entries are deleted, oldest use first, past it):
/// room for a 1 GB archive's normalized texts and word indexes (about 1.7 GB) and more.
pub const DEFAULT_MAX_BYTES: u64 = 4 << 30;

/// Largest entry read back (a bigger file in the folder is not ours, or not worth trusting).
const MAX_ENTRY_BYTES: u64 = 8 << 30;

/// Room every entry's bound leaves beyond its proportional part (see [`bound`]): length
/// prefixes, small tables, an extractor's name.
pub const SLACK_BYTES: u64 = 64 << 10;

/// The most payload bytes an entry derived from `n` units (bytes of a text, words) may hold
/// when each unit yields at most `per_unit` bytes: `per_unit × n +` [`SLACK_BYTES`]. Every
/// reader passes such a bound to [`Cache::get`], so an entry planted under a predictable key
/// (a sparse file of gigabytes) is refused from its size alone, never read: time and memory
/// stay proportionate to the sources, whatever the folder holds.
pub fn bound(n: usize, per_unit: u64) -> u64 {
    (n as u64)
        .saturating_mul(per_unit)
        .saturating_add(SLACK_BYTES)
}

const MAGIC: &[u8] = b"citecheck-cache 3\n";

/// The environment variable that gives the cache's secret (any text; CI sets it from a secret
/// store so runs on fresh machines can share a cache).
pub const KEY_ENV: &str = "CITECHECK_CACHE_KEY";

/// The secret that signs cache entries. It comes from [`KEY_ENV`] when set, else from a file
/// of random bytes in the user's own cache folder (`~/.cache/citecheck/cache-key` on Linux),
/// created on first use with owner-only permissions: the one file citecheck writes outside a
/// project, and one no project can name or reach. Shown redacted.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Secret([u8; 32]);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(..)")
    }
}

impl Secret {
    /// The secret derived from `text` (SHA-256 of it).
    pub fn from_text(text: &str) -> Secret {
        Secret(Sha256::digest(text.as_bytes()).into())
    }

    /// This user's secret (see [`Secret`]), found once per process; `None` when there is no
    /// environment variable and no user cache folder to keep one in.
    pub fn of_user() -> Option<Secret> {
        static SECRET: OnceLock<Option<Secret>> = OnceLock::new();
        SECRET
            .get_or_init(|| match std::env::var(KEY_ENV) {
                Ok(v) if !v.is_empty() => Some(Secret::from_text(&v)),
                _ => user_key_file(),
            })
            .clone()
    }
}

/// The secret kept in the user's cache folder, created when missing (`None` on any failure:
/// the run goes on uncached).
fn user_key_file() -> Option<Secret> {
    let dir = dirs::cache_dir()?.join("citecheck");
    let path = dir.join("cache-key");
    if let Some(s) = read_key(&path) {
        return Some(s);
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(&dir).ok()?;
    let mut key = [0u8; 32];
    getrandom::fill(&mut key).ok()?;
    // Written whole under a temporary name, then linked into place without replacing a key
    // another run made meanwhile (both then read the one that won).
    let mut tmp = tempfile::Builder::new();
    tmp.prefix(".cache-key");
    #[cfg(unix)]
    tmp.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o600));
    let tmp = tmp.tempfile_in(&dir).ok()?;
    std::fs::write(tmp.path(), key).ok()?;
    if path.exists() {
        // There, but not a key (cut short by a crash, or overwritten): replaced, which only
        // makes the entries signed with it unreadable, so they are rebuilt.
        tmp.persist(&path).ok()?;
    } else {
        let _ = tmp.persist_noclobber(&path);
    }
    read_key(&path)
}

fn read_key(path: &Path) -> Option<Secret> {
    let bytes = std::fs::read(path).ok()?;
    let key: [u8; 32] = bytes.try_into().ok()?;
    Some(Secret(key))
}

/// A project's cache.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Cache {
    root: PathBuf,
    /// Bound on the folder's size in bytes.
    pub max_bytes: u64,
    /// Signs and checks entries; `None`: nothing is read or written.
    secret: Option<Secret>,
}

/// An entry's payload, read back and checked.
#[derive(Debug, PartialEq, Eq)]
pub struct Payload {
    bytes: Vec<u8>,
    start: usize,
}

impl Payload {
    /// The entry's bytes and where the payload starts in them.
    pub fn into_parts(self) -> (Vec<u8>, usize) {
        (self.bytes, self.start)
    }
}

impl std::ops::Deref for Payload {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.bytes[self.start..]
    }
}

impl Cache {
    /// The cache of the project at `root`, signed with this user's secret.
    pub fn new(root: &Path) -> Cache {
        Cache::with_secret(root, Secret::of_user())
    }

    /// The cache of the project at `root` signed with `secret` (`None`: never used).
    pub fn with_secret(root: &Path, secret: Option<Secret>) -> Cache {
        Cache {
            root: root.to_path_buf(),
            max_bytes: DEFAULT_MAX_BYTES,
            secret,
        }
    }

    /// `CACHE_DIR/kind/key.bin`, relative to the root.
    fn rel(kind: &str, key: &str) -> PathBuf {
        Path::new(CACHE_DIR).join(kind).join(format!("{key}.bin"))
    }

    /// The payload stored for (`kind`, `key`), when there is a sound one signed with this
    /// cache's secret and at most `max_payload` bytes long (the caller knows how large what it
    /// stored can be: see [`bound`]). A larger file is refused from its size, before a byte of
    /// it is read, and so rebuilt.
    pub fn get(&self, kind: &str, key: &str, max_payload: u64) -> Option<Payload> {
        let secret = self.secret.as_ref()?;
        let (path, _) =
            crate::fs::confine_write(&self.root, CACHE_DIR, &Self::rel(kind, key)).ok()?;
        let limit = header_len(kind, key)
            .saturating_add(max_payload)
            .min(MAX_ENTRY_BYTES);
        let bytes = crate::fs::read_regular(&path, limit, |_| {}).ok()?;
        let start = unwrap_entry(&bytes, secret, kind, key)?;
        // Touch it: eviction removes the entries least recently used.
        let _ = std::fs::File::options()
            .append(true)
            .open(&path)
            .and_then(|f| f.set_modified(std::time::SystemTime::now()));
        Some(Payload { bytes, start })
    }

    /// True when entries are read and written (there is a secret to sign them with).
    pub fn in_use(&self) -> bool {
        self.secret.is_some()
    }

    /// Store `payload` for (`kind`, `key`). A failure (a read-only tree, a refused folder, no
    /// secret) is not an error: the run goes on without the entry.
    pub fn put(&self, kind: &str, key: &str, payload: &[u8]) {
        self.put_parts(kind, key, &[payload]);
    }

    /// [`Cache::put`] of a payload made of `parts` laid end to end (written as they are: a
    /// large table is not copied into one buffer first).
    pub fn put_parts(&self, kind: &str, key: &str, parts: &[&[u8]]) {
        let Some(secret) = self.secret.as_ref() else {
            return;
        };
        let Ok((path, _)) = crate::fs::confine_write(&self.root, CACHE_DIR, &Self::rel(kind, key))
        else {
            return;
        };
        let mut header = MAGIC.to_vec();
        header.extend_from_slice(
            format!("{kind} {key} {}\n", tag(secret, kind, key, parts)).as_bytes(),
        );
        let replaced = std::fs::symlink_metadata(&path).map_or(0, |m| on_disk(m.len()));
        let mut all = vec![header.as_slice()];
        all.extend_from_slice(parts);
        if crate::fs::write_atomic_unsynced(&path, &all).is_ok() {
            let written = on_disk(all.iter().map(|p| p.len() as u64).sum());
            self.account(&path, written, replaced);
        }
    }

    /// Keep the folder within its bound after writing `written` bytes at `path` (over an
    /// entry of `replaced` bytes). The folder is measured once per run and then kept count of,
    /// so a project of ten thousand sources does not list ten thousand entries after each
    /// write; past the bound, the least recently used entries go until a tenth of it is free,
    /// so the next writes do not each measure it again. (Another run writing at the same time
    /// is seen at the next measure.)
    fn account(&self, path: &Path, written: u64, replaced: u64) {
        static TOTALS: Mutex<BTreeMap<PathBuf, u64>> = Mutex::new(BTreeMap::new());
        let mut totals = TOTALS.lock().unwrap_or_else(|e| e.into_inner());
        let total = match totals.get(&self.root) {
            Some(&t) => (t + written).saturating_sub(replaced),
            None => {
                // The first write of the run: the folder is marked and measured.
                self.mark_folder();
                self.evict(path, self.max_bytes)
            }
        };
        let total = if total > self.max_bytes {
            self.evict(path, self.max_bytes - self.max_bytes / 10)
        } else {
            total
        };
        totals.insert(self.root.clone(), total);
    }

    /// Write the folder's `.gitignore` and `CACHEDIR.TAG` when missing.
    fn mark_folder(&self) {
        let files: [(&str, &[u8]); 2] = [
            (".gitignore", b"# citecheck's cache: safe to delete, never commit it.\n*\n"),
            (
                "CACHEDIR.TAG",
                b"Signature: 8a477f597d28d172789f06886806bc55\n# citecheck's cache (https://bford.info/cachedir/)\n",
            ),
        ];
        for (name, text) in files {
            if let Ok((path, _)) =
                crate::fs::confine_write(&self.root, CACHE_DIR, &Path::new(CACHE_DIR).join(name))
            {
                if std::fs::symlink_metadata(&path).is_err() {
                    let _ = crate::fs::write_atomic(&path, text);
                }
            }
        }
    }

    /// Delete the least recently used entries until the folder holds at most `target` bytes,
    /// never `keep` (the entry just written: file times are coarse, and it may tie with older
    /// ones). Returns the bytes left.
    fn evict(&self, keep: &Path, target: u64) -> u64 {
        let Ok(root) = self.root.canonicalize() else {
            return 0;
        };
        let Ok(dir) = crate::fs::confine(&root.join(CACHE_DIR), &root, CACHE_DIR) else {
            return 0;
        };
        let mut entries: Vec<(std::time::SystemTime, u64, PathBuf)> = Vec::new();
        let Ok(kinds) = std::fs::read_dir(&dir) else {
            return 0;
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
                    entries.push((used, on_disk(meta.len()), f.path()));
                }
            }
        }
        let mut total: u64 = entries.iter().map(|e| e.1).sum();
        entries.sort();
        for (_, len, path) in entries {
            if total <= target {
                break;
            }
            if path != keep && std::fs::remove_file(&path).is_ok() {
                total -= len;
            }
        }
        total
    }
}

/// The room an entry of `len` bytes takes, as the bound counts it: whole blocks of 4 KiB, so
/// thousands of small entries (the duplicate search keeps one per pair of sources) cannot
/// fill a disk many times the bound while their bytes stay under it.
fn on_disk(len: u64) -> u64 {
    len.div_ceil(4096).saturating_mul(4096)
}

/// The value kept in `cache` under (`kind`, `key`) when `read` finds a sound one in the entry,
/// else `build`'s, stored for the next run: what every derived table and result goes through.
/// An entry of more than `max_payload` bytes is not read (see [`Cache::get`]).
pub fn through<T: Encode>(
    cache: Option<&Cache>,
    kind: &str,
    key: &str,
    max_payload: u64,
    read: impl FnOnce(Payload) -> Option<T>,
    build: impl FnOnce() -> T,
) -> T {
    if let Some(v) = cache
        .and_then(|c| c.get(kind, key, max_payload))
        .and_then(read)
    {
        return v;
    }
    let v = build();
    if let Some(c) = cache {
        c.put_parts(kind, key, &v.pieces().slices());
    }
    v
}

/// The length of an entry's header (magic, kind, key, hex MAC, two spaces and a newline).
fn header_len(kind: &str, key: &str) -> u64 {
    (MAGIC.len() + kind.len() + key.len() + 2 * blake3::OUT_LEN + 3) as u64
}

/// Lower-case hex MAC of the entry (`kind`, `key`, `payload`) under `secret`.
fn tag(secret: &Secret, kind: &str, key: &str, parts: &[&[u8]]) -> String {
    mac(secret, kind, key, parts).to_hex().to_string()
}

/// The MAC of an entry: BLAKE3 keyed with the secret (a MAC by design, and several times
/// faster than HMAC-SHA256: a warm re-check of an archive checks gigabytes of entries), fed
/// with its kind, key and payload (separated: no two entries feed the same bytes).
fn mac(secret: &Secret, kind: &str, key: &str, parts: &[&[u8]]) -> blake3::Hash {
    let mut mac = blake3::Hasher::new_keyed(&secret.0);
    for part in [kind.as_bytes(), b"\0", key.as_bytes(), b"\0"] {
        mac.update(part);
    }
    for part in parts {
        mac.update(part);
    }
    mac.finalize()
}

/// Where the payload of an entry file starts, when its header names `kind` and `key` and its
/// tag is the one `secret` gives its payload.
fn unwrap_entry(bytes: &[u8], secret: &Secret, kind: &str, key: &str) -> Option<usize> {
    let rest = bytes.strip_prefix(MAGIC)?;
    let nl = memchr::memchr(b'\n', rest)?;
    let header = std::str::from_utf8(&rest[..nl]).ok()?;
    let start = MAGIC.len() + nl + 1;
    let payload = &bytes[start..];
    let mut parts = header.split(' ');
    if parts.next() != Some(kind) || parts.next() != Some(key) {
        return None;
    }
    let claimed = blake3::Hash::from_hex(parts.next()?).ok()?;
    if parts.next().is_some() {
        return None;
    }
    // `blake3::Hash` compares in constant time.
    (mac(secret, kind, key, &[payload]) == claimed).then_some(start)
}

pub use crate::text::bytes::{Encode, Pieces, Reader};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_round_trip_and_damaged_or_foreign_ones_are_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let cache = Cache::with_secret(&root, Some(Secret::from_text("test")));
        assert_eq!(cache.get("extract", "k1", 100), None);
        cache.put("extract", "k1", b"payload");
        assert_eq!(
            cache.get("extract", "k1", 100).as_deref(),
            Some(&b"payload"[..])
        );
        assert_eq!(cache.get("index", "k1", 100), None, "another kind's key");
        let path = root.join(CACHE_DIR).join("extract/k1.bin");
        // One payload byte changed: the recorded SHA-256 no longer matches.
        let mut bytes = std::fs::read(&path).unwrap();
        *bytes.last_mut().unwrap() ^= 1;
        std::fs::write(&path, &bytes).unwrap();
        assert_eq!(cache.get("extract", "k1", 100), None);
        // Another entry's file copied under this key: foreign.
        cache.put("extract", "k2", b"other");
        std::fs::copy(root.join(CACHE_DIR).join("extract/k2.bin"), &path).unwrap();
        assert_eq!(cache.get("extract", "k1", 100), None);
        std::fs::write(&path, b"").unwrap();
        assert_eq!(cache.get("extract", "k1", 100), None);
    }

    #[test]
    fn an_entry_signed_with_another_secret_is_never_trusted() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        // What a pull request could carry: a well-formed entry signed with the attacker's key.
        let forger = Cache::with_secret(&root, Some(Secret::from_text("attacker")));
        forger.put("norm", "k", b"words the source does not hold");
        assert!(forger.get("norm", "k", 100).is_some());
        let ours = Cache::with_secret(&root, Some(Secret::from_text("ours")));
        assert_eq!(ours.get("norm", "k", 100), None);
        // Without a secret nothing is read, and nothing is written.
        let none = Cache::with_secret(&root, None);
        assert_eq!(none.get("norm", "k", 100), None);
        none.put("norm", "k2", b"x");
        assert!(!root.join(CACHE_DIR).join("norm/k2.bin").exists());
        // The folder tells git and backup tools to leave it alone.
        let ignore = std::fs::read_to_string(root.join(CACHE_DIR).join(".gitignore")).unwrap();
        assert!(ignore.lines().any(|l| l == "*"), "{ignore}");
        assert!(root.join(CACHE_DIR).join("CACHEDIR.TAG").is_file());
    }

    #[test]
    fn an_entry_larger_than_its_bound_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let cache = Cache::with_secret(&root, Some(Secret::from_text("test")));
        cache.put("norm", "k", &[b'x'; 1_000]);
        assert!(cache.get("norm", "k", 1_000).is_some(), "within its bound");
        assert_eq!(cache.get("norm", "k", 999), None, "one byte over");
        // A planted sparse file of gigabytes: refused from its size, never read.
        let path = root.join(CACHE_DIR).join("norm/k.bin");
        std::fs::File::create(&path)
            .unwrap()
            .set_len(3 << 30)
            .unwrap();
        assert_eq!(cache.get("norm", "k", bound(1_000, 64)), None);
        assert_eq!(bound(10, 3), 30 + SLACK_BYTES);
        assert_eq!(bound(usize::MAX, u64::MAX), u64::MAX, "saturates");
    }

    #[test]
    fn the_folder_stays_within_its_bound() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let mut cache = Cache::with_secret(&root, Some(Secret::from_text("test")));
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
            cache.get("extract", "k19", 1_000).is_some(),
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
        let cache = Cache::with_secret(&root, Some(Secret::from_text("test")));
        cache.put("extract", "k", b"payload");
        assert_eq!(cache.get("extract", "k", 100), None);
        assert_eq!(
            std::fs::read_dir(&outside).unwrap().count(),
            0,
            "nothing written outside"
        );
    }
}
