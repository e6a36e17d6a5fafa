//! `citecheck fetch`: a web page or PDF downloaded into `sources/`, its provenance recorded in
//! citecheck.toml (`[sources."NAME"]`, edited in place: the user's comments and layout stay)
//! and its pin written into citecheck.lock; and `fetch --refresh`, which downloads fetched
//! sources again and says which changed.
//!
//! A fetched source is one whose `[sources."NAME"]` table has a `url`. Nothing else under
//! `sources/` is ever overwritten: a document a person put there is evidence, and a download
//! must not replace it. A fetched source is replaced only by `--refresh --update`, which
//! fetches it from its recorded URL; a plain `fetch` onto its name is refused too, so a second
//! URL cannot silently take the place of the first.
//!
//! Every check runs before anything is written, and the bytes go to disk only once the new
//! citecheck.toml and lock are computed: a failure (4xx, timeout, a body over the limit, a
//! refused name) leaves the project as it was.

use std::path::{Path, PathBuf};

use toml_edit::{DocumentMut, Item, Table, Value};

use crate::config::{Config, Lock, LockedSource, Project, SourceMeta, CONFIG_FILE};
use crate::error::{Diagnostic, Error, Result};
use crate::extract::Format;
use crate::fetch::{self, Clock, FetchError, Options, Outcome, Provenance, Validators};
use crate::fs::{confine, ConfineError};

/// What `fetch URL` was asked.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// The URL (http or https).
    pub url: String,
    /// The source name (relative to sources/); derived from the URL when `None`.
    pub name: Option<String>,
    /// An archived snapshot of the page (Robust Links' `data-versionurl`).
    pub version_url: Option<String>,
    /// The date of that snapshot (`2026-01-31` or an RFC 3339 timestamp).
    pub version_date: Option<String>,
    /// Timeouts and the size limit.
    pub options: Options,
}

/// A source fetched and saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    /// Its name (relative to sources/).
    pub name: String,
    /// Where it came from.
    pub provenance: Provenance,
}

/// Fetch `request.url` into `sources/NAME` and record it (see the module docs). Refused, with
/// nothing written: a non-http URL, a name outside sources/ or of a kind citecheck does not
/// read, a name taken by a source that was not fetched or by a fetched one, an error status,
/// a timeout, a body over the limit.
pub fn fetch_new(project: &Project, request: &Request, clock: &dyn Clock) -> Result<Saved> {
    let url = fetch::parse_url(&request.url).map_err(refused)?;
    if let Some(v) = &request.version_url {
        fetch::parse_url(v).map_err(|e| usage(format!("--version-url: {e}")))?;
    }
    if let Some(d) = &request.version_date {
        if !fetch::is_date(d) {
            return Err(usage(format!(
                "--version-date `{d}` is not a date (help: write `2026-01-31` or \
                 `2026-01-31T12:00:00Z`)"
            )));
        }
    }
    let sources = sources_dir(project)?;
    if let Some(name) = &request.name {
        check_name(name, "--as")?;
        target(project, &sources, name)?;
    }
    let options = limited(project, &request.options);
    let doc = match fetch::fetch(&request.url, &options, &Validators::default(), clock) {
        Ok(Outcome::Fetched(doc)) => doc,
        Ok(Outcome::NotModified { .. }) => {
            return Err(usage(format!(
                "{}: the server answered 304 Not Modified to a request without conditions; \
                 nothing was written",
                request.url
            )))
        }
        Err(e) => return Err(refused(e)),
    };
    let kind = fetch::content_format(doc.provenance.content_type.as_deref(), &doc.bytes);
    let name = match &request.name {
        Some(n) => n.clone(),
        None => {
            let Some(kind) = kind else {
                return Err(usage(format!(
                    "{}: cannot tell what kind of document this is (Content-Type {}); nothing \
                     was written (help: name it with `--as NAME.html`, `.pdf`, `.md` or `.txt`)",
                    request.url,
                    doc.provenance.content_type.as_deref().unwrap_or("missing")
                )));
            };
            fetch::derive_name(&url, kind)
        }
    };
    check_kind(&name, &doc.provenance, &doc.bytes)?;
    let path = target(project, &sources, &name)?;

    let edits = [(name.clone(), doc.provenance.clone())];
    let config_text = edit_config(project, &edits, request)?;
    let config = parsed(&config_text)?;
    let extractor = read_as(project, &config, &name, &doc.bytes, &doc.provenance.sha256)
        .map_err(|e| usage(format!("{}: {e}; nothing was written", request.url)))?;
    let lock = pinned(project, &config, &[(&name, &doc.provenance, extractor)]);

    crate::fs::write_atomic(&path, &doc.bytes)?;
    write_config(project, &config_text)?;
    write_lock(project, &lock)?;
    Ok(Saved {
        name,
        provenance: doc.provenance,
    })
}

/// What `fetch --refresh` was asked.
#[derive(Debug, Clone, Default)]
pub struct Refresh {
    /// The fetched sources to download again (all of them when empty).
    pub names: Vec<String>,
    /// Write the new bytes, provenance and pins of those that changed.
    pub update: bool,
    /// Timeouts and the size limit.
    pub options: Options,
}

/// What a refresh found for one source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Downloaded; the same bytes as the file in sources/.
    Unchanged,
    /// The server answered 304 Not Modified to the recorded ETag / Last-Modified.
    NotModified,
    /// Different bytes (or the file was missing).
    Changed {
        /// SHA-256 of the file in sources/, when there is one.
        old_sha256: Option<String>,
        /// SHA-256 of the new download.
        new_sha256: String,
        /// Whether the new version was written (`--update`).
        written: bool,
    },
    /// The download failed, or brought something that cannot replace the source; nothing
    /// was written for it.
    Failed(String),
}

/// One source's refresh.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refreshed {
    /// The source name.
    pub name: String,
    /// The URL it was fetched from.
    pub url: String,
    /// What was found.
    pub change: Change,
}

/// Download every fetched source (or those named) again and compare with sources/. With
/// `update`, the changed ones are written (bytes, provenance, pins), all at once at the end;
/// without it nothing is written. Naming a source that was not fetched is refused before any
/// download.
pub fn refresh(project: &Project, request: &Refresh, clock: &dyn Clock) -> Result<Vec<Refreshed>> {
    let fetched: Vec<(&String, &SourceMeta)> = project
        .config
        .sources
        .iter()
        .filter(|(_, m)| m.url.is_some())
        .collect();
    let chosen: Vec<(&String, &SourceMeta)> = if request.names.is_empty() {
        fetched
    } else {
        let mut out = Vec::new();
        for n in &request.names {
            match fetched.iter().find(|(name, _)| *name == n) {
                Some(found) => out.push(*found),
                None => {
                    return Err(usage(format!(
                        "`{n}` is not a fetched source: citecheck.toml has no `url` under \
                         [sources.\"{n}\"] (help: `citecheck fetch --refresh` takes the names \
                         of sources downloaded with `citecheck fetch`); nothing was fetched"
                    )))
                }
            }
        }
        out
    };
    // The names come from citecheck.toml, part of the tree: held to the rules of `--as`.
    for (name, _) in &chosen {
        check_name(name, &format!("{CONFIG_FILE}: [sources]"))?;
    }
    let sources = sources_dir(project)?;
    let options = limited(project, &request.options);
    let mut results = Vec::new();
    let mut downloads: Vec<(String, PathBuf, fetch::Document)> = Vec::new();
    for (name, meta) in chosen {
        let url = meta.url.clone().unwrap_or_default();
        let path = confine(&sources.join(name), &sources, "sources/")
            .map_err(|e| e.into_error(&format!("sources/{name}"), &sources.join(name)))?;
        let on_disk = crate::source::read_and_hash(&path, project.config.check.max_source_bytes)
            .ok()
            .map(|(_, sha)| sha);
        // Ask "changed since?" only when the file is what was fetched (its pin): a file edited
        // by hand must be compared with the whole download, not waved through on a 304.
        let pinned = project
            .lock
            .as_ref()
            .and_then(|l| l.get(name))
            .map(|p| &p.sha256);
        let validators = if on_disk.is_some() && on_disk.as_ref() == pinned {
            Validators {
                etag: meta.etag.clone(),
                last_modified: meta.last_modified.clone(),
            }
        } else {
            Validators::default()
        };
        let change = match fetch::fetch(&url, &options, &validators, clock) {
            Ok(Outcome::NotModified { .. }) => Change::NotModified,
            Ok(Outcome::Fetched(doc)) => {
                if on_disk.as_deref() == Some(doc.provenance.sha256.as_str()) {
                    Change::Unchanged
                } else if let Err(e) = check_kind(name, &doc.provenance, &doc.bytes) {
                    Change::Failed(e.to_string())
                } else {
                    let new_sha256 = doc.provenance.sha256.clone();
                    downloads.push((name.clone(), path, doc));
                    Change::Changed {
                        old_sha256: on_disk,
                        new_sha256,
                        written: false,
                    }
                }
            }
            Err(e) => Change::Failed(e.to_string()),
        };
        results.push(Refreshed {
            name: name.clone(),
            url,
            change,
        });
    }
    if request.update && !downloads.is_empty() {
        let edits: Vec<(String, Provenance)> = downloads
            .iter()
            .map(|(n, _, d)| (n.clone(), d.provenance.clone()))
            .collect();
        let config_text = edit_config(project, &edits, &Request::default())?;
        let config = parsed(&config_text)?;
        let mut pins: Vec<(&String, &Provenance, Option<String>)> = Vec::new();
        for (n, _, d) in &downloads {
            let sha256 = &d.provenance.sha256;
            let extractor = read_as(project, &config, n, &d.bytes, sha256).map_err(|e| {
                usage(format!(
                    "sources/{n}: the new version: {e}; nothing was written"
                ))
            })?;
            pins.push((n, &d.provenance, extractor));
        }
        let lock = pinned(project, &config, &pins);
        for (_, path, doc) in &downloads {
            crate::fs::write_atomic(path, &doc.bytes)?;
        }
        write_config(project, &config_text)?;
        write_lock(project, &lock)?;
        for r in &mut results {
            if let Change::Changed { written, .. } = &mut r.change {
                *written = true;
            }
        }
    }
    Ok(results)
}

/// A usage error (exit 2).
fn usage(message: String) -> Error {
    Error::Usage(message)
}

/// A failed download as a usage error: it says what failed, and that nothing was written.
fn refused(e: FetchError) -> Error {
    usage(format!("{e}; nothing was written"))
}

/// The options with the size limit lowered to `[check] max_source_bytes`: a download `check`
/// would refuse to read is refused now.
fn limited(project: &Project, options: &Options) -> Options {
    let mut o = options.clone();
    o.max_bytes = o.max_bytes.min(project.config.check.max_source_bytes);
    o
}

/// The project's sources/ folder, resolved (it may not exist yet) and required inside the
/// root: a sources/ linked elsewhere would make a download land outside the project.
fn sources_dir(project: &Project) -> Result<PathBuf> {
    let dir = project.sources_dir();
    confine(&dir, &project.root, "the project").map_err(|e| e.into_error("sources/", &dir))
}

/// Refuse a name (`given_as` says where it came from) that is not a plain relative path of
/// visible pieces, or whose extension citecheck does not read.
fn check_name(name: &str, given_as: &str) -> Result<()> {
    let bad = |why: &str| {
        usage(format!(
            "{given_as} `{name}`: {why} (help: give a path relative to sources/, such as \
             `example.org/page.html`); nothing was fetched"
        ))
    };
    if name.is_empty() {
        return Err(bad("the name is empty"));
    }
    if name.starts_with('/') || name.contains('\\') || name.chars().any(char::is_control) {
        return Err(bad(
            "the name must be a relative path with `/` between folders",
        ));
    }
    for piece in name.split('/') {
        if piece.is_empty() || piece == "." || piece == ".." {
            return Err(bad("`..`, `.` and empty folder names are not allowed"));
        }
        if piece.starts_with('.') {
            return Err(bad(
                "a name starting with `.` is hidden, and hidden files are not read as sources",
            ));
        }
    }
    if let Err(ext) = Format::from_name(name) {
        return Err(bad(&format!(
            "citecheck does not read `.{ext}` files; use .html, .htm, .pdf, .md or .txt"
        )));
    }
    Ok(())
}

/// Where source `name` is written: resolved inside sources/, and not taken. A file there that
/// was not fetched is never replaced; a fetched one only by `--refresh --update`.
fn target(project: &Project, sources: &Path, name: &str) -> Result<PathBuf> {
    let shown = format!("sources/{name}");
    let path = sources.join(name);
    let real = confine(&path, sources, "sources/").map_err(|e| match e {
        ConfineError::Refused(r) => usage(format!(
            "`{shown}` {} (help: name a file inside sources/); nothing was fetched",
            r.message()
        )),
        ConfineError::Io(e) => Error::io(&path, e),
    })?;
    let meta = project.config.sources.get(name);
    if let Some(url) = meta.and_then(|m| m.url.as_deref()) {
        return Err(usage(format!(
            "`{shown}` was already fetched from {url} (help: `citecheck fetch --refresh \
             --update {name}` downloads it again; choose another name with --as to keep both); \
             nothing was fetched"
        )));
    }
    if path.symlink_metadata().is_ok() || real.symlink_metadata().is_ok() {
        return Err(usage(format!(
            "`{shown}` already exists and was not fetched (citecheck.toml records no `url` \
             for it): citecheck never overwrites such a source (help: choose another name \
             with --as); nothing was fetched"
        )));
    }
    Ok(real)
}

/// Refuse bytes that do not fit the name: a PDF saved under a name that is not `.pdf`, or
/// anything else (an HTML login page, an error page served with 200) under a `.pdf` name.
fn check_kind(name: &str, provenance: &Provenance, bytes: &[u8]) -> Result<()> {
    let named = Format::from_name(name).unwrap_or(Format::Text);
    let sent = fetch::content_format(provenance.content_type.as_deref(), bytes);
    let is_pdf = fetch::name::is_pdf(bytes);
    let what = provenance
        .content_type
        .as_deref()
        .unwrap_or("no Content-Type");
    if named == Format::Pdf && !is_pdf {
        return Err(usage(format!(
            "{}: `sources/{name}` names a PDF, but the server sent {what} that is not a PDF \
             (no %PDF- header); nothing was written",
            provenance.url
        )));
    }
    if named != Format::Pdf && (sent == Some(Format::Pdf) || is_pdf) {
        return Err(usage(format!(
            "{}: the server sent a PDF, but `sources/{name}` is not named .pdf (help: name it \
             `.pdf`); nothing was written",
            provenance.url
        )));
    }
    Ok(())
}

/// citecheck.toml's path, refusing a link (writing would replace what it points to).
fn config_path(project: &Project) -> Result<PathBuf> {
    let (path, rel) = crate::fs::confine_write(&project.root, "", Path::new(CONFIG_FILE))?;
    if rel != CONFIG_FILE {
        return Err(usage(format!(
            "{CONFIG_FILE} is a link to `{rel}`: writing provenance would overwrite it (help: \
             make {CONFIG_FILE} a regular file); nothing was written"
        )));
    }
    Ok(path)
}

/// The text of citecheck.toml with each source's `[sources."NAME"]` table holding its new
/// provenance (created when missing). Keys the user wrote there (title, format, ...) stay, as
/// do every comment and the layout; a recorded ETag or Last-Modified the new answer lacks is
/// removed (it would describe other bytes). `request`'s version URL and date are set when
/// given. The result is checked to read as a valid citecheck.toml.
fn edit_config(
    project: &Project,
    edits: &[(String, Provenance)],
    request: &Request,
) -> Result<String> {
    let path = config_path(project)?;
    let old = crate::fs::read_tree_text(&path, CONFIG_FILE, crate::fs::DEFAULT_MAX_BYTES)?;
    let mut doc = match &old {
        Some(text) => text.parse::<DocumentMut>().map_err(|e| {
            let span = e.span().map_or((0, 0), |r| (r.start, r.end));
            Error::Invalid(vec![Diagnostic::at(CONFIG_FILE, text, span, e.message())
                .label("here")
                .help("fix the TOML syntax first")])
        })?,
        None => DocumentMut::new(),
    };
    let not_table = || {
        usage(format!(
            "{CONFIG_FILE}: `sources` is not a table, so provenance cannot be recorded under \
             it (help: write it as `[sources.\"NAME\"]` tables); nothing was written"
        ))
    };
    let sources = doc.entry("sources").or_insert_with(|| {
        let mut t = Table::new();
        t.set_implicit(true);
        Item::Table(t)
    });
    let sources = sources.as_table_like_mut().ok_or_else(not_table)?;
    for (name, p) in edits.iter() {
        if sources.get(name).is_none() {
            sources.insert(name, Item::Table(Table::new()));
        }
        let table = sources
            .get_mut(name)
            .and_then(Item::as_table_like_mut)
            .ok_or_else(not_table)?;
        let text = |s: &Option<String>| s.as_deref().map(Value::from);
        set(table, "url", Some(p.url.as_str().into()));
        set(table, "final_url", Some(p.final_url.as_str().into()));
        set(table, "http_status", Some(i64::from(p.status).into()));
        set(table, "content_type", text(&p.content_type));
        set(table, "etag", text(&p.etag));
        set(table, "last_modified", text(&p.last_modified));
        set(table, "retrieved", Some(p.retrieved.as_str().into()));
        if let Some(v) = &request.version_url {
            set(table, "version_url", Some(v.as_str().into()));
        }
        if let Some(d) = &request.version_date {
            set(table, "version_date", Some(d.as_str().into()));
        }
    }
    let crlf = old.as_deref().is_some_and(crate::fs::uses_crlf);
    let text = crate::fs::with_line_endings(doc.to_string(), crlf);
    if let Err(e) = toml::from_str::<Config>(&text) {
        return Err(usage(format!(
            "{CONFIG_FILE} would not read back after recording provenance ({}); nothing was \
             written",
            e.message()
        )));
    }
    Ok(text)
}

/// Set `key` to `value` keeping the decor (spacing, a trailing comment) of the value it
/// replaces; `None` removes the key.
fn set(table: &mut dyn toml_edit::TableLike, key: &str, value: Option<Value>) {
    match value {
        None => {
            table.remove(key);
        }
        Some(mut new) => {
            if let Some(old) = table.get(key).and_then(Item::as_value) {
                *new.decor_mut() = old.decor().clone();
            }
            table.insert(key, Item::Value(new));
        }
    }
}

fn write_config(project: &Project, text: &str) -> Result<()> {
    crate::fs::write_atomic(&config_path(project)?, text.as_bytes())
}

/// The new citecheck.toml's settings (`text`, as edited), or why they do not read.
fn parsed(text: &str) -> Result<Config> {
    toml::from_str(text).map_err(|e| usage(format!("{CONFIG_FILE}: {}", e.message())))
}

/// How the downloaded `bytes` of source `name` read, as `check` will read them (the format
/// and settings of `config`, the new citecheck.toml; through the project's cache, which then
/// holds the extraction for the next check): the extractor the lock records (`None` for
/// plain text), or why they cannot be read — a document `check` would refuse is not saved.
fn read_as(
    project: &Project,
    config: &Config,
    name: &str,
    bytes: &[u8],
    sha256: &str,
) -> std::result::Result<Option<String>, String> {
    let path = project.sources_dir().join(name);
    let file = crate::source::SourceFile::of_project(project, config, name, path);
    let format = file.format().map_err(|d| d.message)?;
    crate::source::from_bytes(&file, bytes.to_vec(), sha256.to_string())
        .map(|s| s.document.map(|d| d.extractor))
        .map_err(|d| {
            // The diagnostic names the format first ("pdf source: ..."): said once here.
            let prefix = format!("{} source: ", format.name());
            let why = d.message.strip_prefix(&prefix).unwrap_or(&d.message);
            format!("its text cannot be read as {}: {why}", format.name())
        })
}

fn pinned(
    project: &Project,
    config: &Config,
    pins: &[(&String, &Provenance, Option<String>)],
) -> Lock {
    let mut lock = project.lock.clone().unwrap_or(Lock {
        version: 1,
        sources: Vec::new(),
    });
    for (name, p, extractor) in pins {
        let meta = config.sources.get(*name).cloned().unwrap_or_default();
        let extractor = extractor.clone();
        lock.sources.retain(|s| &s.path != *name);
        lock.sources.push(LockedSource {
            path: (*name).clone(),
            sha256: p.sha256.clone(),
            bytes: p.size,
            extractor,
            meta,
        });
    }
    lock.sources.sort_by(|a, b| a.path.cmp(&b.path));
    lock
}

fn write_lock(project: &Project, lock: &Lock) -> Result<()> {
    let path = crate::workflow::lock::lock_path(project)?;
    crate::fs::write_atomic(&path, lock.to_toml().as_bytes())
}
