//! Sources: reading, decoding and hashing the documents under `sources/`.
//!
//! Each source is read exactly once per run; the bytes hashed are the bytes matched. Reading
//! and hashing are one streaming pass (SHA-256 is updated chunk by chunk as the file arrives),
//! and files are loaded in parallel. Later formats (HTML, PDF) will plug in behind the same
//! [`Source`] once text extraction has an offset map of its own.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::error::{Diagnostic, Error, Result};
use crate::model::Span;
use crate::text::index::WordIndex;
use crate::text::{normalize, LineIndex, NormalizedText};

/// A loaded source document.
#[derive(Debug)]
pub struct Source {
    /// Id: path relative to `sources/`, forward slashes (`cable.txt`).
    pub id: String,
    /// Path relative to the project root (`sources/cable.txt`).
    pub path: String,
    /// The decoded text (the file's bytes, validated as UTF-8).
    pub text: String,
    /// Hex SHA-256 of the bytes.
    pub sha256: String,
    /// Normalized text with its map back to `text`'s bytes.
    pub norm: NormalizedText,
    /// Line starts, for reporting line ranges.
    pub lines: LineIndex,
    index: OnceLock<WordIndex>,
}

impl Source {
    /// Build a source from text already in memory (tests, `scan`, benchmarks).
    pub fn from_text(id: &str, text: String) -> Source {
        let sha256 = hex(&Sha256::digest(text.as_bytes()));
        Source::new(id, text, sha256)
    }

    fn new(id: &str, text: String, sha256: String) -> Source {
        let norm = normalize(&text);
        let lines = LineIndex::new(text.as_bytes());
        Source {
            id: id.to_string(),
            path: format!("sources/{id}"),
            text,
            sha256,
            norm,
            lines,
            index: OnceLock::new(),
        }
    }

    /// Size in bytes.
    pub fn len(&self) -> usize {
        self.text.len()
    }

    /// True for an empty source.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The word index of the normalized text, built on first use.
    pub fn index(&self) -> &WordIndex {
        self.index
            .get_or_init(|| WordIndex::build(self.norm.as_str()))
    }

    /// 1-based [first, last] lines of a source byte span.
    pub fn lines_of(&self, span: impl Into<Span>) -> [usize; 2] {
        let span = span.into();
        self.lines.lines_of(span.start, span.end)
    }
}

/// Lower-case hex of a digest.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// Read `path` in one streaming pass, hashing as it arrives. Returns the bytes and hex SHA-256.
pub fn read_and_hash(path: &Path) -> std::io::Result<(Vec<u8>, String)> {
    let mut file = std::fs::File::open(path)?;
    let size = file.metadata().map(|m| m.len() as usize).unwrap_or(0);
    let mut bytes = Vec::with_capacity(size + 1);
    let mut hasher = Sha256::new();
    // Read straight into the final buffer, a megabyte at a time, and hash each megabyte while
    // it is still in cache: one copy (kernel to buffer) and one pass over the bytes.
    loop {
        let at = bytes.len();
        let n = (&mut file).take(1 << 20).read_to_end(&mut bytes)?;
        if n == 0 {
            break;
        }
        hasher.update(&bytes[at..]);
    }
    Ok((bytes, hex(&hasher.finalize())))
}

/// A file found under a project folder, not read yet.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SourceFile {
    /// Path relative to the folder, with forward slashes (a source's id).
    pub id: String,
    /// Where the file is.
    pub path: PathBuf,
}

/// Every file under `dir`, recursively, sorted by id. Hidden files (starting with `.`) are
/// skipped. A symlink that leads outside `dir` is reported.
pub fn discover(dir: &Path, problems: &mut Vec<Diagnostic>) -> Result<Vec<SourceFile>> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    let canon_dir = dir.canonicalize().map_err(|e| Error::io(dir, e))?;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d).map_err(|e| Error::io(&d, e))?;
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(&d, e))?;
            let path = entry.path();
            let name = entry.file_name();
            if name.to_string_lossy().starts_with('.') {
                continue;
            }
            let rel = path
                .strip_prefix(dir)
                .unwrap_or(&path)
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            let ft = entry.file_type().map_err(|e| Error::io(&path, e))?;
            if ft.is_symlink() {
                match path.canonicalize() {
                    Ok(target) if target.starts_with(&canon_dir) => {}
                    _ => {
                        let top = dir
                            .file_name()
                            .map_or("sources".into(), |n| n.to_string_lossy());
                        problems.push(
                            Diagnostic::file(
                                &format!("{top}/{rel}"),
                                "symlink leads outside the folder (or nowhere)",
                            )
                            .help("copy the document into the folder instead of linking to it"),
                        );
                        continue;
                    }
                }
            }
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(SourceFile { id: rel, path });
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Load every source under `root/sources` in parallel. Non-UTF-8 and binary files become
/// diagnostics (with the line and column of the first bad byte); they are not skipped silently.
pub fn load_all(root: &Path, problems: &mut Vec<Diagnostic>) -> Result<Vec<Source>> {
    let files = discover(&root.join("sources"), problems)?;
    load_files(&files, problems)
}

/// Load the given files in parallel (see [`load_all`]).
pub fn load_files(files: &[SourceFile], problems: &mut Vec<Diagnostic>) -> Result<Vec<Source>> {
    let loaded: Vec<Result<std::result::Result<Source, Diagnostic>>> =
        files.par_iter().map(|f| load_one(&f.id, &f.path)).collect();
    let mut sources = Vec::with_capacity(loaded.len());
    for r in loaded {
        match r? {
            Ok(s) => sources.push(s),
            Err(d) => problems.push(d),
        }
    }
    Ok(sources)
}

/// Load one source file; a decoding problem is a diagnostic, an I/O failure an error.
pub fn load_one(id: &str, path: &Path) -> Result<std::result::Result<Source, Diagnostic>> {
    let (bytes, sha256) = read_and_hash(path).map_err(|e| Error::io(path, e))?;
    let rel = format!("sources/{id}");
    if let Some(nul) = memchr::memchr(0, &bytes) {
        let prefix = String::from_utf8_lossy(&bytes[..nul]);
        return Ok(Err(Diagnostic::at(
            &rel,
            &prefix,
            (prefix.len(), prefix.len()),
            "binary file: contains a NUL byte",
        )
        .help(
            "sources must be UTF-8 text; extract the text first (HTML/PDF extraction is planned)",
        )));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Ok(Source::new(id, text, sha256))),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let prefix = String::from_utf8_lossy(&bytes[..at]).into_owned();
            Ok(Err(Diagnostic::at(
                &rel,
                &prefix,
                (at, at),
                format!("not valid UTF-8 (byte 0x{:02x} at offset {at})", bytes[at]),
            )
            .help(
                "convert the file to UTF-8, e.g. `iconv -f latin1 -t utf-8`",
            )))
        }
    }
}
