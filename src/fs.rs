//! The one gate between citecheck and the file system for everything the project tree names.
//!
//! The tree is untrusted (CI runs citecheck on strangers' pull requests), the command line is
//! not. So every path read or written because of the tree — the `sources/`, `claims/` and
//! `reports/` folders, every entry under them, the lock, citecheck.toml — is resolved here
//! ([`confine`]: canonicalized, then required to lie inside the folder it belongs to), and
//! every such file is read here ([`read_regular`]: opened without blocking, checked to be a
//! regular file on the open handle, read up to a size limit). Nothing is written but through
//! [`write_atomic`], which keeps the mode of the file it replaces and writes non-regular
//! targets (`/dev/null`, a FIFO) in place instead of renaming over them.

use std::io::{Read, Write};
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};

/// How many bytes a file of the project may hold unless citecheck.toml says otherwise
/// (`[check] max_source_bytes`): 256 MiB, far above any text a person cites, far below what
/// would exhaust memory once normalized and indexed.
pub const DEFAULT_MAX_BYTES: u64 = 256 << 20;

/// Why a path of the project tree was refused. Each says what the path is, not a guess.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// It resolves (through a symlink, or `..`) outside the folder it must stay in.
    Outside {
        /// The folder it must stay in, relative to the root (`sources/`, or `the project`).
        within: String,
    },
    /// A symlink that leads to itself, or to a folder containing it.
    Loop,
    /// A symlink whose target does not exist.
    Dangling,
    /// Not a regular file: a FIFO, a device, a socket, a folder.
    NotRegular(&'static str),
    /// Larger than the limit.
    TooLarge {
        /// The limit, in bytes.
        limit: u64,
    },
}

impl Refusal {
    /// The message of a diagnostic about the refused path.
    pub fn message(&self) -> String {
        match self {
            Refusal::Outside { within } => format!("leads outside {within}"),
            Refusal::Loop => {
                "symlink loop: it leads back to itself or to a folder holding it".into()
            }
            Refusal::Dangling => "symlink leads nowhere (its target does not exist)".into(),
            Refusal::NotRegular(kind) => format!("not a regular file ({kind}); it is not read"),
            Refusal::TooLarge { limit } => format!("larger than the limit of {limit} bytes"),
        }
    }

    /// How to fix it.
    pub fn help(&self) -> &'static str {
        match self {
            Refusal::Outside { .. } | Refusal::Dangling => {
                "copy the document into the folder instead of linking to it"
            }
            Refusal::Loop => "remove the symlink, or point it at a file",
            Refusal::NotRegular(_) => "only regular files are read; replace it with a regular file",
            Refusal::TooLarge { .. } => {
                "raise `max_source_bytes` under `[check]` in citecheck.toml, or split the file"
            }
        }
    }
}

/// A failure to read a file of the tree: refused by the rules above, or an I/O error.
#[derive(Debug)]
pub enum ReadError {
    /// The file breaks a rule of the tree (reported as a diagnostic, exit 2).
    Refused(Refusal),
    /// The file could not be read.
    Io(std::io::Error),
}

impl From<std::io::Error> for ReadError {
    fn from(e: std::io::Error) -> Self {
        ReadError::Io(e)
    }
}

/// What kind of file a non-regular file type is, in words.
pub fn kind_of(ft: &std::fs::FileType) -> &'static str {
    if ft.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "a FIFO";
        }
        if ft.is_char_device() {
            return "a character device";
        }
        if ft.is_block_device() {
            return "a block device";
        }
        if ft.is_socket() {
            return "a socket";
        }
    }
    "not a file"
}

fn is_loop(e: &std::io::Error) -> bool {
    #[cfg(unix)]
    if e.raw_os_error() == Some(libc::ELOOP) {
        return true;
    }
    let _ = e;
    false
}

/// Lower-case hex of a digest (a SHA-256 as the lock, the reports and the cache write it).
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// Resolve `path` (which need not exist) and require it inside `within` (a canonical folder):
/// the canonical path, or why it is refused. A path that does not exist resolves through its
/// nearest existing ancestor, so a write target is checked before anything is created.
/// `within_name` names the folder in the refusal (`sources/`).
pub fn confine(
    path: &Path,
    within: &Path,
    within_name: &str,
) -> std::result::Result<PathBuf, ConfineError> {
    let resolved = resolve(path)?;
    if resolved.starts_with(within) {
        Ok(resolved)
    } else {
        Err(ConfineError::Refused(Refusal::Outside {
            within: within_name.to_string(),
        }))
    }
}

/// A failure of [`confine`].
#[derive(Debug)]
pub enum ConfineError {
    /// Refused by the rules of the tree.
    Refused(Refusal),
    /// An I/O error while resolving.
    Io(std::io::Error),
}

impl ConfineError {
    /// As a library error about `shown` (a path as the user wrote it): a refusal is a usage
    /// error naming the path, an I/O error an I/O error.
    pub fn into_error(self, shown: &str, path: &Path) -> Error {
        match self {
            ConfineError::Refused(r) => {
                let help = match &r {
                    Refusal::Outside { within } => format!("name a file inside {within}"),
                    other => other.help().to_string(),
                };
                Error::Usage(format!(
                    "`{shown}` {} (help: {help}); nothing was written",
                    r.message()
                ))
            }
            ConfineError::Io(e) => Error::io(path, e),
        }
    }
}

/// Canonicalize `path`; when it does not exist, canonicalize its nearest existing ancestor and
/// append the rest (which must be plain names: a `..` after a missing folder is refused).
fn resolve(path: &Path) -> std::result::Result<PathBuf, ConfineError> {
    match path.canonicalize() {
        Ok(p) => return Ok(p),
        Err(e) if is_loop(&e) => return Err(ConfineError::Refused(Refusal::Loop)),
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(ConfineError::Io(e)),
        Err(_) => {}
    }
    if path.symlink_metadata().is_ok() {
        // It exists as a link but its target does not.
        return Err(ConfineError::Refused(Refusal::Dangling));
    }
    let (Some(parent), Some(name)) = (path.parent(), path.file_name()) else {
        return Err(ConfineError::Io(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "no such file or folder",
        )));
    };
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    if matches!(
        Path::new(name).components().next(),
        Some(Component::ParentDir | Component::CurDir)
    ) {
        return Err(ConfineError::Io(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "no such folder",
        )));
    }
    Ok(resolve(parent)?.join(name))
}

/// Open `path`, a resolved path (no symlink in it: [`confine`]'s answer), for reading,
/// without blocking. On Linux the kernel walks it refusing every symlink (openat2 with
/// `RESOLVE_NO_SYMLINKS`), so a folder of the path swapped for a link out of the project
/// after it was resolved is refused (`ELOOP`), not followed; elsewhere, or where openat2 is
/// not available (kernels before 5.6, some sandboxes), only the last component is protected
/// (`O_NOFOLLOW`).
fn open_resolved(path: &Path) -> std::io::Result<std::fs::File> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{openat2, Mode, OFlags, ResolveFlags, CWD};
        use rustix::io::Errno;
        match openat2(
            CWD,
            path,
            OFlags::RDONLY | OFlags::NONBLOCK | OFlags::NOFOLLOW | OFlags::CLOEXEC,
            Mode::empty(),
            ResolveFlags::NO_SYMLINKS | ResolveFlags::NO_MAGICLINKS,
        ) {
            Ok(fd) => return Ok(std::fs::File::from(fd)),
            Err(e) if e == Errno::NOSYS || e == Errno::PERM => {}
            Err(e) => return Err(e.into()),
        }
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW);
    }
    options.open(path)
}

/// Open `path` (resolved: see [`open_resolved`]) for reading without following a symlink and
/// without blocking (a FIFO's open would wait for a writer forever), and require a regular file
/// on the open handle (not by a stat before the open, which a swap could outrun) of at most
/// `limit` bytes. Returns the handle and the size it had when opened.
fn open_regular(path: &Path, limit: u64) -> std::result::Result<(std::fs::File, u64), ReadError> {
    let file = match open_resolved(path) {
        Ok(f) => f,
        Err(e) if is_loop(&e) => {
            // O_NOFOLLOW on a symlink: resolve it for the right words.
            return Err(ReadError::Refused(match path.canonicalize() {
                Err(e) if is_loop(&e) => Refusal::Loop,
                _ => Refusal::Outside {
                    within: "the folder".into(),
                },
            }));
        }
        Err(e) => return Err(ReadError::Io(e)),
    };
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(ReadError::Refused(Refusal::NotRegular(kind_of(
            &meta.file_type(),
        ))));
    }
    if meta.len() > limit {
        return Err(ReadError::Refused(Refusal::TooLarge { limit }));
    }
    Ok((file, meta.len()))
}

/// Open `path` as `open_regular` does (resolved, no symlink followed, no blocking, a regular
/// file on the open handle), then read at most `limit` bytes, calling `each` on every chunk as
/// it arrives (hashing while the bytes are in cache).
pub fn read_regular(
    path: &Path,
    limit: u64,
    mut each: impl FnMut(&[u8]),
) -> std::result::Result<Vec<u8>, ReadError> {
    let (file, len) = open_regular(path, limit)?;
    let mut bytes = Vec::with_capacity(len as usize + 1);
    // Read straight into the final buffer a megabyte at a time; the limit holds even for a
    // file that grows while it is read.
    let mut reader = file.take(limit + 1);
    loop {
        let at = bytes.len();
        let n = (&mut reader).take(1 << 20).read_to_end(&mut bytes)?;
        if n == 0 {
            break;
        }
        if bytes.len() as u64 > limit {
            return Err(ReadError::Refused(Refusal::TooLarge { limit }));
        }
        each(&bytes[at..]);
    }
    Ok(bytes)
}

/// How many bytes [`stream_regular`] reads at a time: large enough that a read costs little
/// beside hashing it, small enough to stay in the core's cache while it is hashed.
const STREAM_CHUNK: usize = 256 << 10;

/// [`read_regular`] without keeping the file: the same confinement (resolved path, no symlink
/// followed, no blocking, a regular file on the open handle, at most `limit` bytes, even for a
/// file growing while it is read), but every chunk is handed to `each` from one reused buffer
/// and dropped. Returns how many bytes were read. What only needs the file's hash (`lock`)
/// then costs one buffer, not the file.
pub fn stream_regular(
    path: &Path,
    limit: u64,
    mut each: impl FnMut(&[u8]),
) -> std::result::Result<u64, ReadError> {
    let (mut file, _) = open_regular(path, limit)?;
    let mut buf = vec![0u8; STREAM_CHUNK];
    let mut total = 0u64;
    loop {
        let n = match file.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(ReadError::Io(e)),
        };
        total += n as u64;
        if total > limit {
            return Err(ReadError::Refused(Refusal::TooLarge { limit }));
        }
        each(&buf[..n]);
    }
    Ok(total)
}

/// Read a file of the tree whose text matters only when it is there (a diagnostic's snippet):
/// `root/rel`, confined to `root`, a regular file of at most `limit` bytes, UTF-8. Anything
/// else is `None`: what the loaders refused is never read for display either.
pub fn read_confined_text(root: &Path, rel: &str, limit: u64) -> Option<String> {
    let root = root.canonicalize().ok()?;
    let path = confine(&root.join(rel), &root, "the project").ok()?;
    let bytes = read_regular(&path, limit, |_| {}).ok()?;
    String::from_utf8(bytes).ok()
}

/// Resolve a file the tree makes citecheck write (`--to`, `--into`, `--write`, reports/, the
/// lock, the judge's cache): `file` (relative to `root`, or absolute) must resolve inside
/// `root/folder`, the folder itself inside `root` (`folder` empty: the root), and must be a
/// regular file or not exist yet — never a FIFO or device a write would block on or replace. Returns the resolved path and the path relative to the root (forward
/// slashes) for messages.
pub fn confine_write(root: &Path, folder: &str, file: &Path) -> Result<(PathBuf, String)> {
    let root = &root.canonicalize().map_err(|e| Error::io(root, e))?;
    let shown = file.to_string_lossy().replace('\\', "/");
    let folder_name = if folder.is_empty() {
        "the project".to_string()
    } else {
        format!("{folder}/")
    };
    let within = if folder.is_empty() {
        root.to_path_buf()
    } else {
        confine(&root.join(folder), root, "the project")
            .map_err(|e| e.into_error(&folder_name, &root.join(folder)))?
    };
    let path = if file.is_absolute() {
        file.to_path_buf()
    } else {
        root.join(file)
    };
    let real = confine(&path, &within, &folder_name).map_err(|e| e.into_error(&shown, &path))?;
    // A folder linked to sources/ (reports -> sources) must not make a write land on a source.
    if let Ok(sources) = root.join("sources").canonicalize() {
        if real.starts_with(&sources) {
            let help = if folder.is_empty() {
                "make it a regular file, not a link".to_string()
            } else {
                format!("make {folder_name} a folder of its own, not a link to sources/")
            };
            return Err(Error::Usage(format!(
                "`{shown}` resolves under sources/: citecheck never writes a source (help: \
                 {help}); nothing was written"
            )));
        }
    }
    match std::fs::metadata(&real) {
        Ok(m) if !m.is_file() => {
            let r = Refusal::NotRegular(kind_of(&m.file_type()));
            return Err(ConfineError::Refused(r).into_error(&shown, &real));
        }
        _ => {}
    }
    let rel = real
        .strip_prefix(root)
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_else(|_| shown.clone());
    Ok((real, rel))
}

/// `bytes` as UTF-8 text, or a usage error naming the file `shown` and how to convert it.
fn utf8_text(bytes: Vec<u8>, shown: &str) -> Result<String> {
    String::from_utf8(bytes).map_err(|e| {
        Error::Usage(format!(
            "{shown}: not valid UTF-8 (at offset {}); save it as UTF-8, e.g. with \
             `iconv -f latin1 -t utf-8`",
            e.utf8_error().valid_up_to()
        ))
    })
}

/// Read the text of a file of the tree at `path` (already resolved by [`confine_write`]):
/// `None` when it does not exist; a regular file of at most `limit` bytes, UTF-8, or a usage
/// error naming it `shown`.
pub fn read_tree_text(path: &Path, shown: &str, limit: u64) -> Result<Option<String>> {
    match read_regular(path, limit, |_| {}) {
        Ok(bytes) => utf8_text(bytes, shown).map(Some),
        Err(ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(ReadError::Io(e)) => Err(Error::io(path, e)),
        Err(ReadError::Refused(r)) => Err(ConfineError::Refused(r).into_error(shown, path)),
    }
}

/// Refuse an output file the user named (`-o`) when it is a source (under `root/sources/`)
/// or the lock (only `citecheck lock` writes it). Anything else the user may choose.
pub fn check_output(root: &Path, output: &Path, lock_name: &str) -> Result<()> {
    let Ok(target) = resolve(output) else {
        return Ok(()); // unresolvable: the write itself reports it
    };
    let Ok(root) = root.canonicalize() else {
        return Ok(());
    };
    let shown = output.display();
    if let Ok(sources) = root.join("sources").canonicalize() {
        if target.starts_with(&sources) {
            return Err(Error::Usage(format!(
                "`{shown}` is under sources/: citecheck never writes a source (nothing was \
                 written; choose another output file)"
            )));
        }
    }
    if target == root.join(lock_name) {
        return Err(Error::Usage(format!(
            "`{shown}` is the lock: only `citecheck lock` writes it (nothing was written; \
             choose another output file)"
        )));
    }
    Ok(())
}

/// Write `bytes` to `path`. A regular file (or none) is replaced atomically: a temporary file
/// beside it, synced, then renamed over, so an interrupted run never leaves a half-written
/// lock, report or claims file. The new file keeps the mode of the one it replaces; a new file
/// gets the mode the umask gives. A symlink is followed (its target is replaced, the link
/// stays). Anything else — `/dev/null`, `/dev/stdout`, a FIFO — is written in place: renaming
/// over a device would replace it with a regular file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_parts(path, &[bytes], true)
}

/// [`write_atomic`] of `parts` laid end to end, without syncing before the rename: for the
/// cache, whose entries are checked on every read (an entry a crash leaves empty or cut short
/// is ignored and rebuilt), and which would otherwise flush gigabytes to disk on a cold run of
/// an archive.
pub fn write_atomic_unsynced(path: &Path, parts: &[&[u8]]) -> Result<()> {
    write_parts(path, parts, false)
}

fn write_parts(path: &Path, parts: &[&[u8]], sync: bool) -> Result<()> {
    let target = match std::fs::metadata(path) {
        Ok(meta) if !meta.is_file() && !meta.is_dir() => {
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .truncate(true)
                .open(path)
                .map_err(|e| Error::io(path, e))?;
            for bytes in parts {
                f.write_all(bytes).map_err(|e| Error::io(path, e))?;
            }
            return Ok(());
        }
        Ok(meta) => {
            let real = path.canonicalize().map_err(|e| Error::io(path, e))?;
            Some((real, meta.permissions()))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(Error::io(path, e)),
    };
    let (path, old_mode) = match &target {
        Some((real, perms)) => (real.as_path(), Some(perms.clone())),
        None => (path, None),
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".citecheck-").suffix(".tmp");
    #[cfg(unix)]
    let umask_mode = {
        use std::os::unix::fs::PermissionsExt;
        // Created with 0666, the umask applies as to any new file (tempfile's default 0600
        // would survive the rename).
        std::fs::Permissions::from_mode(0o666)
    };
    #[cfg(unix)]
    builder.permissions(umask_mode);
    let mut tmp = builder.tempfile_in(dir).map_err(|e| Error::io(dir, e))?;
    if let Some(perms) = old_mode {
        tmp.as_file()
            .set_permissions(perms)
            .map_err(|e| Error::io(tmp.path(), e))?;
    }
    for bytes in parts {
        tmp.write_all(bytes).map_err(|e| Error::io(tmp.path(), e))?;
    }
    if sync {
        tmp.as_file()
            .sync_all()
            .map_err(|e| Error::io(tmp.path(), e))?;
    }
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

/// Whether every line of `text` ends with CRLF (and at least one does): rewritten TOML keeps
/// the file's line endings.
pub fn uses_crlf(text: &str) -> bool {
    let lf = memchr::memchr_iter(b'\n', text.as_bytes()).count();
    lf > 0 && text.matches("\r\n").count() == lf
}

/// `text` with its line endings made CRLF when `crlf` (lone LFs become CRLF; CRLFs stay).
pub fn with_line_endings(text: String, crlf: bool) -> String {
    if !crlf {
        return text;
    }
    let mut out = String::with_capacity(text.len() + text.len() / 32);
    let mut prev = '\0';
    for c in text.chars() {
        if c == '\n' && prev != '\r' {
            out.push('\r');
        }
        out.push(c);
        prev = c;
    }
    out
}

/// An exclusive advisory lock on folder `dir`, held until the returned handle is dropped
/// (`None` where it cannot be taken: then nothing waits). Writers that read a file, change it
/// and rename the new text over it take it on the file's folder, so two runs do not each
/// replace the other's change (the rename gives the file a new inode: the folder is what
/// stays). Linux only (`flock`); elsewhere no lock is taken.
pub fn lock_folder(dir: &Path) -> Option<std::fs::File> {
    #[cfg(target_os = "linux")]
    {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        let f = std::fs::File::open(dir).ok()?;
        rustix::fs::flock(&f, rustix::fs::FlockOperation::LockExclusive).ok()?;
        Some(f)
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = dir;
        None
    }
}

/// How many bytes a file named on the command line may hold (`scan`'s manuscript,
/// `import-w3c`'s annotations, the reports `diff` and `merge` read): 256 MiB, as for the
/// files of the tree. Such a file may itself come from the tree (a manuscript committed in a
/// pull request, a report downloaded from CI), so it gets the same limit.
pub const INPUT_MAX_BYTES: u64 = DEFAULT_MAX_BYTES;

/// Read a UTF-8 file named on the command line (`shown`, as the user wrote it) the way the
/// files of the tree are read: symlinks resolved first (the user may name a link), then
/// opened without blocking (a FIFO would wait for a writer forever), required to be a regular
/// file on the open handle (not `/dev/zero`, a device, a folder), and read up to
/// [`INPUT_MAX_BYTES`]. Anything else is a usage error naming the file and how to fix it.
pub fn read_input(path: &Path, shown: &str) -> Result<String> {
    let real = match path.canonicalize() {
        Ok(p) => p,
        Err(e) if is_loop(&e) => {
            return Err(Error::Usage(format!(
                "`{shown}`: {} (help: {}); nothing was read",
                Refusal::Loop.message(),
                Refusal::Loop.help()
            )))
        }
        Err(e) => return Err(Error::io(path, e)),
    };
    let refused = |r: Refusal| {
        let help = match &r {
            Refusal::TooLarge { .. } => "split the file, or name a smaller one".to_string(),
            other => other.help().to_string(),
        };
        Error::Usage(format!("`{shown}`: {} (help: {help})", r.message()))
    };
    let bytes = match read_regular(&real, INPUT_MAX_BYTES, |_| {}) {
        Ok(b) => b,
        Err(ReadError::Refused(r)) => return Err(refused(r)),
        Err(ReadError::Io(e)) => return Err(Error::io(path, e)),
    };
    utf8_text(bytes, shown)
}

/// True when a file or folder name is hidden (starts with `.`: `.git`, editors' swap files).
/// The walks of sources/ and claims/ skip hidden entries at any depth; the commands that write
/// claims files refuse a hidden target by this same rule, so the two never disagree.
pub fn is_hidden(name: &str) -> bool {
    name.starts_with('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_endings_follow_the_file() {
        assert!(uses_crlf("a\r\nb\r\n"));
        assert!(!uses_crlf("a\r\nb\n"));
        assert!(!uses_crlf("ab"));
        assert_eq!(
            with_line_endings("a\nb\r\nc\n".into(), true),
            "a\r\nb\r\nc\r\n"
        );
        assert_eq!(with_line_endings("a\nb\n".into(), false), "a\nb\n");
    }

    #[cfg(unix)]
    #[test]
    fn writes_keep_the_mode_and_new_files_follow_the_umask() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.toml");
        std::fs::write(&p, "x").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&p, b"y").unwrap();
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        let q = dir.path().join("new.toml");
        write_atomic(&q, b"z").unwrap();
        let mode = std::fs::metadata(&q).unwrap().permissions().mode() & 0o777;
        let plain = dir.path().join("plain");
        std::fs::File::create(&plain).unwrap();
        let umask_mode = std::fs::metadata(&plain).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, umask_mode, "a new file gets the umask's mode");
    }

    #[cfg(unix)]
    #[test]
    fn confinement_names_what_a_path_is() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let inner = root.join("in");
        std::fs::create_dir(&inner).unwrap();
        std::fs::write(root.join("out.txt"), "x").unwrap();
        symlink(root.join("out.txt"), inner.join("out")).unwrap();
        symlink(inner.join("b"), inner.join("a")).unwrap();
        symlink(inner.join("a"), inner.join("b")).unwrap();
        symlink(root.join("none"), inner.join("dangling")).unwrap();
        let refusal = |p: &str| match confine(&inner.join(p), &inner, "in/") {
            Err(ConfineError::Refused(r)) => Some(r),
            _ => None,
        };
        assert_eq!(
            refusal("out"),
            Some(Refusal::Outside {
                within: "in/".into()
            })
        );
        assert_eq!(refusal("a"), Some(Refusal::Loop));
        assert_eq!(refusal("dangling"), Some(Refusal::Dangling));
        assert!(
            refusal("../in/new/file.toml").is_none(),
            "a new file inside resolves"
        );
        assert!(
            refusal("../x.toml").is_some(),
            "`..` out is refused before it exists"
        );
        assert_eq!(
            confine(&inner.join("new.toml"), &inner, "in/").unwrap(),
            inner.join("new.toml")
        );
    }

    #[test]
    fn too_large_files_are_refused_with_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("big.txt");
        std::fs::write(&p, vec![b'a'; 100]).unwrap();
        assert!(matches!(
            read_regular(&p, 99, |_| {}),
            Err(ReadError::Refused(Refusal::TooLarge { limit: 99 }))
        ));
        assert_eq!(read_regular(&p, 100, |_| {}).unwrap().len(), 100);
    }

    /// A folder of a resolved path replaced by a link out of the project after `confine`
    /// resolved it (a race an attacker on the machine could run): the open refuses the link
    /// instead of following it to the file outside.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_folder_swapped_for_a_link_after_resolving_is_not_followed() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let outside = root.join("outside");
        std::fs::create_dir(&outside).unwrap();
        std::fs::write(outside.join("secret.txt"), "private key").unwrap();
        let sub = root.join("project/sources/sub");
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(sub.join("secret.txt"), "public text").unwrap();
        let resolved = confine(&sub.join("secret.txt"), &root.join("project"), "project").unwrap();
        assert_eq!(
            read_regular(&resolved, 100, |_| {}).unwrap(),
            b"public text"
        );
        // The swap, between resolving and opening.
        std::fs::remove_dir_all(&sub).unwrap();
        symlink(&outside, &sub).unwrap();
        match read_regular(&resolved, 100, |_| {}) {
            Err(ReadError::Refused(Refusal::Outside { .. })) => {}
            other => panic!("the swapped link was followed or misreported: {other:?}"),
        }
    }

    /// The streaming read keeps nothing but refuses exactly what the kept read refuses: a
    /// file over the limit, a symlink, a FIFO (without blocking on it), a folder; and hands on
    /// every byte of a file larger than its buffer, in order.
    #[cfg(unix)]
    #[test]
    fn streaming_reads_refuse_what_kept_reads_refuse_and_pass_every_byte() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let big: Vec<u8> = (0..STREAM_CHUNK * 2 + 77)
            .map(|i| (i % 251) as u8)
            .collect();
        let p = root.join("big.bin");
        std::fs::write(&p, &big).unwrap();
        let mut seen = Vec::new();
        let n = stream_regular(&p, big.len() as u64, |c| seen.extend_from_slice(c)).unwrap();
        assert_eq!(n, big.len() as u64);
        assert_eq!(seen, big);
        assert!(matches!(
            stream_regular(&p, big.len() as u64 - 1, |_| {}),
            Err(ReadError::Refused(Refusal::TooLarge { .. }))
        ));
        symlink(&p, root.join("link.bin")).unwrap();
        assert!(matches!(
            stream_regular(&root.join("link.bin"), u64::MAX, |_| {}),
            Err(ReadError::Refused(_))
        ));
        let fifo = root.join("fifo");
        assert!(std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success());
        assert!(matches!(
            stream_regular(&fifo, u64::MAX, |_| {}),
            Err(ReadError::Refused(Refusal::NotRegular("a FIFO")))
        ));
        assert!(matches!(
            stream_regular(&root, u64::MAX, |_| {}),
            Err(ReadError::Refused(Refusal::NotRegular("a folder")))
        ));
    }
}
