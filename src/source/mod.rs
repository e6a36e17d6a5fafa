//! Sources: reading, decoding and hashing the documents under `sources/`.
//!
//! Each source is read exactly once per run; the bytes hashed are the file's bytes, and those
//! matched are its text: the same bytes for UTF-8, the UTF-8 decoding of a UTF-16 file with a
//! byte-order mark (whose spans then count bytes of that UTF-8 text). Reading
//! and hashing are one streaming pass (SHA-256 is updated chunk by chunk as the file arrives),
//! and files are loaded in parallel. HTML, Markdown and PDF files are read through an
//! extractor ([`crate::extract`]): their text is the extracted text, spans count its bytes,
//! and [`Source::document`] maps every position back to the file (`document`).

pub mod derived;
mod document;
mod pin;

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock, RwLock};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::cache::Cache;
use crate::config::{Config, Project, SourceMeta};
use crate::error::{Diagnostic, Error, Result};
use crate::extract::{Format, Options as ExtractOptions};
use crate::fs::{ConfineError, ReadError, Refusal, DEFAULT_MAX_BYTES};
use crate::model::{InFile, Span};
use crate::text::conventions::{line_broken_words, BrokenWord};
use crate::text::index::WordIndex;
use crate::text::original::{Basis, Original};
use crate::text::{LineIndex, NormalizedText};

/// A loaded source document.
#[derive(Debug)]
pub struct Source {
    /// Id: path relative to `sources/`, forward slashes (`cable.txt`).
    pub id: String,
    /// Path relative to the project root (`sources/cable.txt`).
    pub path: String,
    /// The decoded text (the file's bytes validated as UTF-8, or UTF-16 with a byte-order mark
    /// decoded); spans are byte offsets into it. Read it with [`Source::text`] or, for a
    /// span, [`Source::slice`]: it is held once, see [`Held`].
    held: Held,
    /// Hex SHA-256 of the bytes.
    pub sha256: String,
    /// Size of the file in bytes (of `text` for a source built in memory).
    pub file_bytes: u64,
    /// Normalized text with its map back to `text`'s bytes.
    pub norm: NormalizedText,
    /// Line starts, for reporting line ranges.
    pub lines: LineIndex,
    /// For a file read through an extractor (HTML, Markdown, PDF): how, and the way back to
    /// the file's bytes, lines and pages.
    pub document: Option<Document>,
    /// Names the text exactly (its bytes, how they were read, this build): the key of what is
    /// derived from it in the cache, and of results that depend on it.
    pub text_key: String,
    /// Where derived tables are kept between runs (`None`: not kept).
    cache: Option<Cache>,
    /// The word index, built on first use and kept until [`Source::release_index`] (a check
    /// of an archive keeps one source's index at a time).
    index: RwLock<Option<Arc<WordIndex>>>,
    broken: OnceLock<Vec<BrokenWord>>,
}

/// How a source's text is held. Normalized text and text are nearly the same bytes, and an
/// archive's sources are most of a run's memory, so the text is kept as what rebuilds it from
/// the normalized text ([`Original`]) when that is small, and whole otherwise. Spans are
/// rebuilt as they are read; the whole text only when something asks for it.
#[derive(Debug)]
enum Held {
    Whole(String),
    Rebuilt {
        original: Original,
        whole: OnceLock<String>,
    },
}

/// The text is held as an [`Original`] when that takes at most this fraction of it.
const REBUILT_AT_MOST: usize = 4;

pub use derived::{text_key, DERIVED_VERSION};
pub use document::Document;
pub use pin::{pin_files, pin_one, Pin, Utf8Stream};

impl Source {
    /// Build a source from text already in memory (tests, `scan`, benchmarks).
    pub fn from_text(id: &str, text: String) -> Source {
        let sha256 = hex(&Sha256::digest(text.as_bytes()));
        let key = text_key(&sha256, Format::Text, &ExtractOptions::default());
        Source::new(id, text, sha256, key, None)
    }

    /// The source `id` of `text` (read from bytes whose SHA-256 is `sha256`, named by `key`),
    /// its normalized text and index kept in `cache` when there is one.
    fn new(id: &str, text: String, sha256: String, key: String, cache: Option<Cache>) -> Source {
        let mut norm = derived::normalized(cache.as_ref(), &key, &text);
        let mut original = Original::of(&text, &norm);
        if original.is_none() {
            // The normalized text is not this text's (a cache entry that does not belong to
            // it): normalize again, trusting nothing read.
            norm = crate::text::normalize(&text);
            original = Original::of(&text, &norm);
        }
        let lines = LineIndex::new(text.as_bytes());
        let file_bytes = text.len() as u64;
        let broken = OnceLock::new();
        let held = match original {
            Some(o) if o.heap_bytes() <= text.len() / REBUILT_AT_MOST => {
                // Found now, while the text is whole: a scan of its line ends (a missing
                // quote asks for them, and rebuilding the text for it would undo the saving).
                let _ = broken.set(line_broken_words(&text));
                Held::Rebuilt {
                    original: o,
                    whole: OnceLock::new(),
                }
            }
            _ => Held::Whole(text),
        };
        Source {
            text_key: key,
            cache,
            file_bytes,
            id: id.to_string(),
            path: format!("sources/{id}"),
            held,
            sha256,
            norm,
            lines,
            document: None,
            index: RwLock::new(None),
            broken,
        }
    }

    /// Size of the text in bytes.
    pub fn len(&self) -> usize {
        match &self.held {
            Held::Whole(t) => t.len(),
            Held::Rebuilt { original, .. } => original.len(),
        }
    }

    /// True for an empty source.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The whole text. A source held as what rebuilds it is rebuilt on the first call (and
    /// kept): where a span will do, [`Source::slice`] costs no such copy.
    pub fn text(&self) -> &str {
        match &self.held {
            Held::Whole(t) => t,
            Held::Rebuilt { original, whole } => {
                whole.get_or_init(|| original.rebuild(self.basis()))
            }
        }
    }

    /// What a text held as an [`Original`] is rebuilt from besides it.
    fn basis(&self) -> Basis<'_> {
        Basis {
            norm: &self.norm,
            line_starts: self.lines.starts(),
        }
    }

    /// The whole text, owned.
    pub fn into_text(self) -> String {
        match self.held {
            Held::Whole(t) => t,
            Held::Rebuilt { original, whole } => whole.into_inner().unwrap_or_else(|| {
                original.rebuild(Basis {
                    norm: &self.norm,
                    line_starts: self.lines.starts(),
                })
            }),
        }
    }

    /// The text's bytes `span`, or `None` when the span is out of bounds or not at character
    /// boundaries (like [`str::get`]).
    pub fn get(&self, span: impl Into<Span>) -> Option<Cow<'_, str>> {
        let span = span.into();
        match self.rebuilt() {
            Ok(t) => t.get(span.start..span.end).map(Cow::Borrowed),
            Err(o) => o.get(self.basis(), span.start, span.end),
        }
    }

    /// The whole text when it is at hand (held whole, or already rebuilt), else what
    /// rebuilds it.
    fn rebuilt(&self) -> std::result::Result<&str, &Original> {
        match &self.held {
            Held::Whole(t) => Ok(t),
            Held::Rebuilt { original, whole } => whole.get().map(String::as_str).ok_or(original),
        }
    }

    /// The text's bytes `span`. Spans citecheck makes are in bounds and at character
    /// boundaries; any other reads as its bytes decoded lossily (clamped to the text), so
    /// that a slip shows in the report rather than stopping the run.
    pub fn slice(&self, span: impl Into<Span>) -> Cow<'_, str> {
        let span = span.into();
        self.get(span).unwrap_or_else(|| {
            let end = span.end.min(self.len());
            let start = span.start.min(end);
            let bytes = self.bytes(start..end).unwrap_or_default();
            Cow::Owned(String::from_utf8_lossy(&bytes).into_owned())
        })
    }

    /// The text's bytes `span`, at any offsets (`None` when out of bounds).
    pub fn bytes(&self, span: impl Into<Span>) -> Option<Cow<'_, [u8]>> {
        let span = span.into();
        match self.rebuilt() {
            Ok(t) => t.as_bytes().get(span.start..span.end).map(Cow::Borrowed),
            Err(o) => o.bytes(self.basis(), span.start, span.end),
        }
    }

    /// The byte span of 1-based lines `first..=last`, without the line break after `last`
    /// (see [`LineIndex::span_of_lines`]).
    pub fn span_of_lines(&self, first: usize, last: usize) -> Option<(usize, usize)> {
        self.lines.span_of_lines(|i| self.byte(i), first, last)
    }

    /// The lines holding `span`, without the line break after the last, and where they
    /// start.
    pub fn lines_around(&self, span: Span) -> (Cow<'_, str>, usize) {
        let first = self.lines.line_of(span.start);
        let last = self.lines.line_of(span.end);
        let a = self.lines.start_of(first);
        let next = self.lines.start_of(last + 1);
        // The next line starts after a line break; the last line runs to the end.
        let b = if next < self.len() || self.byte(next.wrapping_sub(1)) == Some(b'\n') {
            next - 1
        } else {
            next
        };
        (self.slice(a..b.max(span.end)), a)
    }

    /// The text around `[a, b)` and where it starts: from the character boundary at or
    /// before `a` to the one at or after `b` (within the text). For work that looks a bounded
    /// distance around a place (a context window, an adjacent word) without the whole text.
    pub fn window(&self, a: usize, b: usize) -> (Cow<'_, str>, usize) {
        let len = self.len();
        let mut a = a.min(len);
        let mut b = b.clamp(a, len);
        while !self.is_char_boundary(a) {
            a -= 1;
        }
        while !self.is_char_boundary(b) {
            b += 1;
        }
        (self.slice(a..b), a)
    }

    /// The text's byte at `at`.
    pub fn byte(&self, at: usize) -> Option<u8> {
        match self.rebuilt() {
            Ok(t) => t.as_bytes().get(at).copied(),
            Err(o) => o.byte(self.basis(), at),
        }
    }

    /// True when `at` is the start or end of one of the text's characters (like
    /// [`str::is_char_boundary`]).
    pub fn is_char_boundary(&self, at: usize) -> bool {
        match self.rebuilt() {
            Ok(t) => t.is_char_boundary(at),
            Err(o) => o.is_char_boundary(self.basis(), at),
        }
    }

    /// The word index of the normalized text, built on first use (read from the cache when
    /// it holds one) and kept until released.
    pub fn index(&self) -> Arc<WordIndex> {
        if let Some(i) = self
            .index
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
        {
            return Arc::clone(i);
        }
        let mut slot = self.index.write().unwrap_or_else(|e| e.into_inner());
        // Another thread may have built it while this one waited.
        Arc::clone(slot.get_or_insert_with(|| {
            Arc::new(derived::index(
                self.cache.as_ref(),
                &self.text_key,
                self.norm.as_str(),
            ))
        }))
    }

    /// Drop the word index (it is built again, or read from the cache, on next use); lookups
    /// still running keep theirs until they finish.
    pub fn release_index(&self) {
        *self.index.write().unwrap_or_else(|e| e.into_inner()) = None;
    }

    /// The words the source breaks across a line end with a hyphen (see
    /// [`line_broken_words`]), found on first use.
    pub fn line_broken_words(&self) -> &[BrokenWord] {
        self.broken.get_or_init(|| line_broken_words(self.text()))
    }

    /// Where the text's bytes `span` are in the original file, for a source read through an
    /// extractor (`None` for plain text, whose spans are the file's own).
    pub fn in_file(&self, span: impl Into<Span>) -> Option<InFile> {
        self.document.as_ref().map(|d| d.in_file(span.into()))
    }

    /// The format the file was read as.
    pub fn format(&self) -> Format {
        self.document.as_ref().map_or(Format::Text, |d| d.format)
    }

    /// 1-based [first, last] lines of a source byte span.
    pub fn lines_of(&self, span: impl Into<Span>) -> [usize; 2] {
        let span = span.into();
        self.lines.lines_of(span.start, span.end)
    }
}

pub use crate::fs::hex;

/// Read `path` in one streaming pass, hashing as it arrives: a regular file of at most
/// `max_bytes` (see [`crate::fs::read_regular`]). Returns the bytes and hex SHA-256.
pub fn read_and_hash(
    path: &Path,
    max_bytes: u64,
) -> std::result::Result<(Vec<u8>, String), ReadError> {
    let mut hasher = Sha256::new();
    let bytes = crate::fs::read_regular(path, max_bytes, |chunk| hasher.update(chunk))?;
    Ok((bytes, hex(&hasher.finalize())))
}

/// A file found under a project folder, not read yet.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SourceFile {
    /// Path relative to the folder, with forward slashes (a source's id).
    pub id: String,
    /// Where the file is: its canonical path, inside the folder.
    pub path: PathBuf,
    /// The most bytes it may hold (`[check] max_source_bytes`).
    pub max_bytes: u64,
    /// The format citecheck.toml names for it (`None`: by its extension).
    pub format: Option<Format>,
    /// How to extract its text (citecheck.toml; defaults when silent).
    pub options: ExtractOptions,
    /// The project's cache, where extracted text is kept between runs (`None`: not used).
    pub cache: Option<Cache>,
}

impl SourceFile {
    /// The file `id` of `project`'s sources/ at `path`, with the size limit, the format and
    /// extraction settings `config` gives it (the project's own, or a new one being written),
    /// and the project's cache.
    pub fn of_project(project: &Project, config: &Config, id: &str, path: PathBuf) -> SourceFile {
        SourceFile {
            id: id.to_string(),
            path,
            max_bytes: project.config.check.max_source_bytes,
            format: None,
            options: ExtractOptions::default(),
            cache: project.cache(),
        }
        .with_settings(config.sources.get(id))
    }

    /// The format the file is read as: the one citecheck.toml names, else its extension's; a
    /// diagnostic for an extension no format claims.
    pub fn format(&self) -> std::result::Result<Format, Box<Diagnostic>> {
        match self.format {
            Some(f) => Ok(f),
            None => Format::from_name(&self.id).map_err(|ext| {
                Box::new(unknown_format(
                    &format!("sources/{}", self.id),
                    &self.id,
                    &ext,
                ))
            }),
        }
    }

    /// Take the format and extraction settings `meta` (its citecheck.toml table) names.
    pub fn with_settings(mut self, meta: Option<&SourceMeta>) -> SourceFile {
        if let Some(m) = meta {
            self.format = m.format;
            self.options = m.extract_options();
        }
        self
    }
}

/// Every file under `dir`, recursively, sorted by id, with the default size limit (see
/// [`discover_in`]).
pub fn discover(dir: &Path, problems: &mut Vec<Diagnostic>) -> Result<Vec<SourceFile>> {
    discover_in(dir, DEFAULT_MAX_BYTES, &|_| true, problems)
}

/// Every regular file under `dir` (a folder of the project root, `dir`'s parent), recursively,
/// sorted by id. Hidden entries (starting with `.`) are skipped. The folder itself must resolve
/// inside the root, and every entry inside the folder: a symlink leading out, nowhere, or into
/// a loop (to a folder holding it, or back through links already followed) is reported, as is a
/// non-regular file (FIFO, device, socket) whose id `wanted` accepts (the caller reads only
/// those). The tree is walked with walkdir, which follows no link itself: each symlink is
/// confined here first, and a folder it names inside is walked under the link's name. Nothing
/// is opened here.
pub fn discover_in(
    dir: &Path,
    max_bytes: u64,
    wanted: &dyn Fn(&str) -> bool,
    problems: &mut Vec<Diagnostic>,
) -> Result<Vec<SourceFile>> {
    let mut out = Vec::new();
    let top = dir
        .file_name()
        .map_or("sources".into(), |n| n.to_string_lossy().into_owned());
    match dir.symlink_metadata() {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(Error::io(dir, e)),
        Ok(_) => {}
    }
    let parent = dir.parent().unwrap_or(Path::new("."));
    let root = parent.canonicalize().map_err(|e| Error::io(parent, e))?;
    let canon_dir = match crate::fs::confine(dir, &root, "the project") {
        Ok(p) => p,
        Err(ConfineError::Refused(r)) => {
            problems.push(
                Diagnostic::file(
                    &format!("{top}/"),
                    format!("the folder `{top}/`: {}", r.message()),
                )
                .help("make it a folder of the project, not a link to one elsewhere"),
            );
            return Ok(out);
        }
        Err(ConfineError::Io(e)) => return Err(Error::io(dir, e)),
    };
    if !canon_dir.is_dir() {
        problems.push(
            Diagnostic::file(&format!("{top}/"), format!("`{top}` is not a folder"))
                .help(format!("make `{top}/` a folder (or remove it)")),
        );
        return Ok(out);
    }
    let walk = Walk {
        top: &top,
        canon_dir: &canon_dir,
        within: format!("{top}/"),
        max_bytes,
        wanted,
    };
    walk.folder(
        &canon_dir,
        "",
        std::slice::from_ref(&canon_dir),
        &mut out,
        problems,
    )?;
    out.sort();
    Ok(out)
}

/// What [`discover_in`] walks with: the folder (its name and canonical path), and what it keeps.
struct Walk<'a> {
    top: &'a str,
    canon_dir: &'a Path,
    within: String,
    max_bytes: u64,
    wanted: &'a dyn Fn(&str) -> bool,
}

impl Walk<'_> {
    /// Every entry under `dir` (a canonical folder inside the walked one, whose entries' ids
    /// start with `prefix`), in name order, with walkdir not following links: a symlink is
    /// confined first, then a file it names is kept and a folder walked in turn. `chain` holds
    /// the canonical folders from the top down to `dir` (through earlier links): a link back to
    /// one of them, or to a folder holding the link, is a loop.
    fn folder(
        &self,
        dir: &Path,
        prefix: &str,
        chain: &[PathBuf],
        out: &mut Vec<SourceFile>,
        problems: &mut Vec<Diagnostic>,
    ) -> Result<()> {
        let entries = walkdir::WalkDir::new(dir)
            .follow_links(false)
            .min_depth(1)
            .sort_by_file_name()
            .into_iter()
            // Hidden entries (`.git`, editors' swap files) are not the project's documents.
            .filter_entry(|e| !crate::fs::is_hidden(&e.file_name().to_string_lossy()));
        for entry in entries {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let at = e.path().unwrap_or(dir).to_path_buf();
                    return Err(Error::io(at, std::io::Error::from(e)));
                }
            };
            let path = entry.path();
            let rel = path.strip_prefix(dir).unwrap_or(path);
            let rel = format!(
                "{prefix}{}",
                rel.components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/")
            );
            let shown = format!("{}/{rel}", self.top);
            let ft = entry.file_type();
            if ft.is_dir() {
                continue; // walkdir goes into it
            }
            // Every folder holding a link, for telling a loop from a link elsewhere.
            let mut holders = Vec::new();
            let (real, meta) = if ft.is_symlink() {
                holders = chain.to_vec();
                holders.extend(
                    path.ancestors()
                        .skip(1)
                        .take_while(|a| a.starts_with(dir))
                        .map(Path::to_path_buf),
                );
                match crate::fs::confine(path, self.canon_dir, &self.within) {
                    Ok(real) => match std::fs::metadata(&real) {
                        Ok(m) if m.is_dir() && holders.contains(&real) => {
                            refuse(problems, &shown, &Refusal::Loop);
                            continue;
                        }
                        Ok(m) => (real, m.file_type()),
                        Err(e) => return Err(Error::io(path, e)),
                    },
                    Err(ConfineError::Refused(r)) => {
                        // A link to a folder holding it loops, wherever that folder is.
                        let to_holder = path
                            .canonicalize()
                            .is_ok_and(|t| path.parent().is_some_and(|p| p.starts_with(&t)));
                        match r {
                            _ if to_holder => refuse(problems, &shown, &Refusal::Loop),
                            Refusal::Outside { .. } => problems.push(
                                Diagnostic::file(&shown, format!("symlink {}", r.message()))
                                    .help(r.help()),
                            ),
                            _ => refuse(problems, &shown, &r),
                        }
                        continue;
                    }
                    Err(ConfineError::Io(e)) => return Err(Error::io(path, e)),
                }
            } else {
                (path.to_path_buf(), ft)
            };
            if meta.is_dir() {
                // Only a link leads here (walkdir walks real folders itself).
                let mut chain = holders;
                chain.push(real.clone());
                self.folder(&real, &format!("{rel}/"), &chain, out, problems)?;
            } else if meta.is_file() {
                out.push(SourceFile {
                    id: rel,
                    path: real,
                    max_bytes: self.max_bytes,
                    format: None,
                    options: ExtractOptions::default(),
                    cache: None,
                });
            } else if (self.wanted)(&rel) {
                refuse(
                    problems,
                    &shown,
                    &Refusal::NotRegular(crate::fs::kind_of(&meta)),
                );
            }
        }
        Ok(())
    }
}

/// Report `shown` refused for `r`.
fn refuse(problems: &mut Vec<Diagnostic>, shown: &str, r: &Refusal) {
    problems.push(Diagnostic::file(shown, r.message()).help(r.help()));
}

/// Load every source under `root/sources` in parallel, with the default size limit.
/// Undecodable and binary files become diagnostics (with the line and column of the first bad
/// byte); they are not skipped silently.
pub fn load_all(root: &Path, problems: &mut Vec<Diagnostic>) -> Result<Vec<Source>> {
    let files = discover(&root.join("sources"), problems)?;
    load_files(&files, problems)
}

/// Every file under a project's sources/ (see [`discover_in`]), with its size limit and each
/// file's format and extraction settings from citecheck.toml.
pub fn discover_project(
    project: &Project,
    problems: &mut Vec<Diagnostic>,
) -> Result<Vec<SourceFile>> {
    Ok(discover_in(
        &project.sources_dir(),
        project.config.check.max_source_bytes,
        &|_| true,
        problems,
    )?
    .into_iter()
    .map(|f| SourceFile::of_project(project, &project.config, &f.id, f.path))
    .collect())
}

/// [`load_all`] for a project: the files [`discover_project`] finds.
pub fn load_project(project: &Project, problems: &mut Vec<Diagnostic>) -> Result<Vec<Source>> {
    let files = discover_project(project, problems)?;
    load_files(&files, problems)
}

/// Load the given files in parallel (see [`load_all`]).
pub fn load_files(files: &[SourceFile], problems: &mut Vec<Diagnostic>) -> Result<Vec<Source>> {
    each_file(files, problems, load_one)
}

/// `one` of every file, in parallel, in the files' order: a file's diagnostic joins
/// `problems`, the first I/O failure is the error.
fn each_file<T: Send>(
    files: &[SourceFile],
    problems: &mut Vec<Diagnostic>,
    one: fn(&SourceFile) -> Result<std::result::Result<T, Diagnostic>>,
) -> Result<Vec<T>> {
    let done: Vec<Result<std::result::Result<T, Diagnostic>>> = files.par_iter().map(one).collect();
    let mut out = Vec::with_capacity(done.len());
    for r in done {
        match r? {
            Ok(v) => out.push(v),
            Err(d) => problems.push(d),
        }
    }
    Ok(out)
}

/// Load one source file; a refused, unreadable or undecodable file, or one of a format
/// citecheck does not read, is a diagnostic, an I/O failure an error.
pub fn load_one(file: &SourceFile) -> Result<std::result::Result<Source, Diagnostic>> {
    // The format first: a file of a kind citecheck does not read is not read at all.
    if let Err(d) = file.format() {
        return Ok(Err(*d));
    }
    let (bytes, sha256) = match read_and_hash(&file.path, file.max_bytes) {
        Ok(read) => read,
        Err(ReadError::Refused(r)) => {
            let rel = format!("sources/{}", file.id);
            return Ok(Err(Diagnostic::file(&rel, r.message()).help(r.help())));
        }
        Err(ReadError::Io(e)) => return Err(Error::io(&file.path, e)),
    };
    Ok(from_bytes(file, bytes, sha256).map_err(|d| *d))
}

/// The source `file` names made of `bytes` (its contents, whose SHA-256 is `sha256`), read
/// as `check` reads it: decoded, or extracted (through the cache when `file` has one). A
/// diagnostic when its format is not one citecheck reads or its text cannot be read.
pub fn from_bytes(
    file: &SourceFile,
    bytes: Vec<u8>,
    sha256: String,
) -> std::result::Result<Source, Box<Diagnostic>> {
    let format = file.format()?;
    let rel = format!("sources/{}", file.id);
    let file_bytes = bytes.len() as u64;
    let (text, doc) = if format == Format::Text {
        (decode(&rel, bytes)?, None)
    } else {
        let cache = file.cache.as_ref();
        let (text, doc) = document::read(&rel, bytes, &sha256, format, &file.options, cache)?;
        (text, Some(doc))
    };
    let key = text_key(&sha256, format, &file.options);
    let mut s = Source::new(&file.id, text, sha256, key, file.cache.clone());
    s.file_bytes = file_bytes;
    s.document = doc;
    Ok(s)
}

/// The diagnostic for a file whose extension names no format citecheck reads.
fn unknown_format(rel: &str, id: &str, ext: &str) -> Diagnostic {
    Diagnostic::file(
        rel,
        format!("`.{ext}` files are not read as sources: citecheck reads text (.txt, or no extension), HTML (.html, .htm), Markdown (.md) and PDF (.pdf)"),
    )
    .help(format!(
        "convert it to one of those, or, if it is one of them under another name, say which in \
         citecheck.toml: [sources.\"{id}\"] format = \"text\" (or \"html\", \"markdown\", \"pdf\")"
    ))
}

/// How to convert a file to UTF-8, for every decoding diagnostic.
const CONVERT: &str = "sources must be text: UTF-8, or UTF-16 with a byte-order mark; convert \
                       it, e.g. `iconv -f latin1 -t utf-8 FILE > FILE.txt` (name the encoding \
                       it is in: `-f utf-16le` for UTF-16 without a byte-order mark); extract \
                       the text of HTML or PDF first";

/// The text of a source file (named `rel`): UTF-8 as it is; UTF-16 with a byte-order mark
/// (LE or BE) decoded to UTF-8, spans then counting bytes of the decoded text. Anything else
/// is refused with the offset of the first bad byte in the file.
pub fn decode(rel: &str, bytes: Vec<u8>) -> std::result::Result<String, Box<Diagnostic>> {
    let utf16 = match bytes.get(..2) {
        Some([0xFF, 0xFE]) => Some(u16::from_le_bytes as fn([u8; 2]) -> u16),
        Some([0xFE, 0xFF]) => Some(u16::from_be_bytes as fn([u8; 2]) -> u16),
        _ => None,
    };
    if let Some(unit) = utf16 {
        let units = bytes[2..].chunks_exact(2).map(|c| unit([c[0], c[1]]));
        let mut text = String::with_capacity(bytes.len());
        // Offset, in the file, of the next code unit to decode (after the byte-order mark).
        let mut at = 2;
        for c in char::decode_utf16(units) {
            match c {
                Ok(c) => {
                    at += 2 * c.len_utf16();
                    text.push(c);
                }
                Err(_) => {
                    return Err(Box::new(
                        Diagnostic::file(
                            rel,
                            format!("not valid UTF-16: unpaired surrogate at offset {at}"),
                        )
                        .help(CONVERT),
                    ));
                }
            }
        }
        if bytes.len() % 2 == 1 {
            return Err(Box::new(
                Diagnostic::file(
                    rel,
                    format!(
                        "not valid UTF-16: the file ends in half a character at offset {}",
                        bytes.len() - 1
                    ),
                )
                .help(CONVERT),
            ));
        }
        if let Some(nul) = text.find('\0') {
            let at = 2 + 2 * text[..nul].chars().map(char::len_utf16).sum::<usize>();
            return Err(Box::new(
                Diagnostic::file(
                    rel,
                    format!("binary file: contains a NUL character (UTF-16, at offset {at})"),
                )
                .help(CONVERT),
            ));
        }
        return Ok(text);
    }
    if let Some(nul) = memchr::memchr(0, &bytes) {
        let prefix = String::from_utf8_lossy(&bytes[..nul]);
        return Err(Box::new(
            Diagnostic::at(
                rel,
                &prefix,
                (prefix.len(), prefix.len()),
                format!("binary file: contains a NUL byte (at offset {nul})"),
            )
            .help(CONVERT),
        ));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let prefix = String::from_utf8_lossy(&bytes[..at]).into_owned();
            Err(Box::new(
                Diagnostic::at(
                    rel,
                    &prefix,
                    (at, at),
                    format!("not valid UTF-8 (byte 0x{:02x} at offset {at})", bytes[at]),
                )
                .help(CONVERT),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(text: &str, le: bool) -> Vec<u8> {
        let mut out = if le {
            vec![0xFF, 0xFE]
        } else {
            vec![0xFE, 0xFF]
        };
        for u in text.encode_utf16() {
            out.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        out
    }

    fn found(dir: &Path) -> (Vec<String>, Vec<String>) {
        let mut problems = Vec::new();
        let files = discover(dir, &mut problems).unwrap();
        let ids = files.into_iter().map(|f| f.id).collect();
        let said = problems
            .iter()
            .map(|d| format!("{}: {}", d.file, d.message))
            .collect();
        (ids, said)
    }

    #[test]
    fn discovery_is_sorted_skips_hidden_entries_and_walks_linked_folders_inside() {
        use std::os::unix::fs::symlink;
        let t = tempfile::tempdir().unwrap();
        let dir = t.path().join("sources");
        for f in [
            "z.txt",
            "b/y.txt",
            "a.txt",
            "b/a.txt",
            ".hidden/x.txt",
            "b/.swp",
        ] {
            let p = dir.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "x").unwrap();
        }
        symlink("b", dir.join("c")).unwrap();
        symlink("../a.txt", dir.join("b/alias.txt")).unwrap();
        let (ids, said) = found(&dir);
        assert!(said.is_empty(), "{said:?}");
        assert_eq!(
            ids,
            [
                "a.txt",
                "b/a.txt",
                "b/alias.txt",
                "b/y.txt",
                "c/a.txt",
                "c/alias.txt",
                "c/y.txt",
                "z.txt"
            ]
        );
    }

    #[test]
    fn links_back_to_a_folder_holding_them_are_loops_even_above_the_folder() {
        use std::os::unix::fs::symlink;
        let t = tempfile::tempdir().unwrap();
        let dir = t.path().join("sources");
        std::fs::create_dir_all(dir.join("sub/deeper")).unwrap();
        std::fs::write(dir.join("sub/deeper/a.txt"), "x").unwrap();
        symlink("../..", dir.join("sub/deeper/top")).unwrap(); // sources/ itself
        symlink("..", dir.join("up")).unwrap(); // the project, above sources/
        symlink("/", dir.join("sub/root")).unwrap(); // the file system
        std::fs::create_dir_all(dir.join("x")).unwrap();
        symlink("../sub", dir.join("x/s")).unwrap(); // a folder elsewhere inside: walked
        let (ids, said) = found(&dir);
        assert_eq!(
            said,
            [
                "sources/sub/deeper/top: symlink loop: it leads back to itself or to a folder holding it",
                "sources/sub/root: symlink loop: it leads back to itself or to a folder holding it",
                "sources/up: symlink loop: it leads back to itself or to a folder holding it",
                "sources/x/s/deeper/top: symlink loop: it leads back to itself or to a folder holding it",
                "sources/x/s/root: symlink loop: it leads back to itself or to a folder holding it",
            ]
        );
        assert_eq!(ids, ["sub/deeper/a.txt", "x/s/deeper/a.txt"]);
    }

    #[test]
    fn folders_linked_to_each_other_are_walked_once_each_way_then_called_a_loop() {
        use std::os::unix::fs::symlink;
        let t = tempfile::tempdir().unwrap();
        let dir = t.path().join("sources");
        for f in ["a/1.txt", "b/2.txt"] {
            std::fs::create_dir_all(dir.join(f).parent().unwrap()).unwrap();
            std::fs::write(dir.join(f), "x").unwrap();
        }
        symlink("../b", dir.join("a/tob")).unwrap();
        symlink("../a", dir.join("b/toa")).unwrap();
        let (ids, said) = found(&dir);
        assert_eq!(ids, ["a/1.txt", "a/tob/2.txt", "b/2.txt", "b/toa/1.txt"]);
        let loop_ = "symlink loop: it leads back to itself or to a folder holding it";
        assert_eq!(
            said,
            [
                format!("sources/a/tob/toa: {loop_}"),
                format!("sources/b/toa/tob: {loop_}")
            ]
        );
    }

    #[test]
    fn utf16_with_a_byte_order_mark_is_decoded() {
        let text = "Caf\u{e9} \u{201c}au lait\u{201d} \u{1f600}\n";
        assert_eq!(decode("s", utf16(text, true)).unwrap(), text);
        assert_eq!(decode("s", utf16(text, false)).unwrap(), text);
    }

    #[test]
    fn undecodable_files_name_the_offset_of_the_first_bad_byte() {
        let mut bad = utf16("ab", true);
        bad.extend([0x00, 0xD8, b'c', 0]); // a lone high surrogate, then `c`
        let d = decode("s", bad).unwrap_err();
        assert!(d.message.contains("offset 6"), "{}", d.message);
        let mut odd = utf16("ab", false);
        odd.push(0);
        assert!(decode("s", odd).unwrap_err().message.contains("offset 6"));
        let d = decode("s", b"ok\ncaf\xe9".to_vec()).unwrap_err();
        assert!(d.message.contains("offset 6"), "{}", d.message);
        assert!(d.help.unwrap_or_default().contains("iconv"));
        let d = decode("s", b"ab\0".to_vec()).unwrap_err();
        assert!(d.message.contains("offset 2"), "{}", d.message);
    }
}
