//! Claims files: the TOML schema (`[[quote]]`, `[[claim]]`) read into [`Entry`]s.
//!
//! The schema is a contract (see the README). Files are parsed with `toml_edit`, which keeps the
//! byte span of every key and value, so each problem points at the exact place in the user's
//! file. Every problem in every file is collected before the run fails: a user fixes them all in
//! one pass instead of one per run.

use std::collections::BTreeMap;
use std::path::Path;

use toml_edit::{Item, Table, Value};

pub mod schema;
pub mod target;
pub mod write;

use crate::error::{closest, Diagnostic, Error, Result};
use crate::model::Kind;
use crate::source::Source;
use crate::text::LineIndex;

/// Where an entry points in its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pointer {
    /// UTF-8 byte offsets `[start, end)`.
    Span(usize, usize),
    /// First and last line, 1-based, inclusive.
    Lines(usize, usize),
}

/// A place in a claims file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Origin {
    /// Claims file, relative to the project root (`claims/cable.toml`).
    pub file: String,
    /// Byte range in the file.
    pub span: (usize, usize),
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

impl Origin {
    fn new(file: &str, text: &str, lines: &LineIndex, span: (usize, usize)) -> Origin {
        let (line, column) = lines.line_col(text, span.0);
        Origin {
            file: file.to_string(),
            span,
            line,
            column,
        }
    }

    /// A diagnostic at this place.
    pub fn diagnostic(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            file: self.file.clone(),
            span: Some(self.span),
            line: self.line,
            column: self.column,
            message: message.into(),
            label: String::new(),
            help: None,
            related: None,
        }
    }
}

/// One declared quote or claim.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Unique id (`[A-Za-z0-9._-]+`).
    pub id: String,
    /// Quote or claim.
    pub kind: Kind,
    /// Where the entry's table header is.
    pub origin: Origin,
    /// Source id (path relative to sources/).
    pub source: String,
    /// Where the `source` value is.
    pub source_origin: Origin,
    /// The quote or claim text, as written.
    pub text: String,
    /// The declared pointer, if any.
    pub pointer: Option<Pointer>,
    /// Where the pointer value is.
    pub pointer_origin: Option<Origin>,
    /// SHA-256 of the source when the entry was recorded.
    pub sha256: Option<String>,
    /// Context expected before the quote.
    pub prefix: Option<String>,
    /// Context expected after the quote.
    pub suffix: Option<String>,
    /// Free text carried into reports.
    pub note: Option<String>,
    /// For claims: what the cited span said when cited.
    pub evidence: Option<String>,
}

const QUOTE_KEYS: &[&str] = &[
    "id", "source", "text", "span", "lines", "sha256", "prefix", "suffix", "note",
];
const CLAIM_KEYS: &[&str] = &[
    "id", "source", "text", "span", "lines", "sha256", "evidence", "note", "prefix", "suffix",
];

/// A claims file, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimsFile {
    /// Path relative to the project root (`claims/cable.toml`).
    pub path: String,
    /// Its text.
    pub text: String,
}

/// Every claims file under `root/claims` (`*.toml`, any depth), sorted by path: regular files
/// inside claims/ of at most `max_bytes` (anything else is a diagnostic, see
/// [`crate::source::discover_in`]).
pub fn discover(
    root: &Path,
    max_bytes: u64,
    problems: &mut Vec<Diagnostic>,
) -> Result<Vec<ClaimsFile>> {
    let dir = root.join("claims");
    // The same rule `add --to` and `import-w3c --into` check their target by.
    let is_toml = |id: &str| target::is_read(id);
    let files = crate::source::discover_in(&dir, max_bytes, &is_toml, problems)?;
    let mut out = Vec::new();
    for crate::source::SourceFile { id, path, .. } in files {
        if !is_toml(&id) {
            continue;
        }
        let rel = format!("claims/{id}");
        match crate::fs::read_regular(&path, max_bytes, |_| {}) {
            Ok(bytes) => {
                match String::from_utf8(bytes) {
                    Ok(text) => out.push(ClaimsFile { path: rel, text }),
                    Err(e) => {
                        let at = e.utf8_error().valid_up_to();
                        let prefix = String::from_utf8_lossy(&e.as_bytes()[..at]).into_owned();
                        problems.push(
                        Diagnostic::at(
                            &rel,
                            &prefix,
                            (at, at),
                            format!("claims file is not valid UTF-8 (byte 0x{:02x} at offset {at})", e.as_bytes()[at]),
                        )
                        .help("save the file as UTF-8, e.g. `iconv -f utf-16 -t utf-8 FILE > NEW`"),
                    );
                    }
                }
            }
            Err(crate::fs::ReadError::Refused(r)) => {
                problems.push(Diagnostic::file(&rel, r.message()).help(r.help()));
            }
            Err(crate::fs::ReadError::Io(e)) => return Err(Error::io(path, e)),
        }
    }
    Ok(out)
}

/// Parse one claims file's text into entries, collecting every problem.
pub fn parse_file(file: &str, text: &str, problems: &mut Vec<Diagnostic>) -> Vec<Entry> {
    let doc = match toml_edit::Document::parse(text) {
        Ok(d) => d,
        Err(e) => {
            let span = e.span().map_or((0, 0), |r| (r.start, r.end));
            let msg = e.message().trim().to_string();
            problems.push(
                Diagnostic::at(file, text, span, format!("invalid TOML: {msg}"))
                    .label("here")
                    .help("fix the TOML syntax; strings need quotes, arrays brackets"),
            );
            return Vec::new();
        }
    };
    let mut entries = Vec::new();
    let line_index = LineIndex::new(text.as_bytes());
    let root = doc.as_table();
    for (key, _) in root.iter() {
        if key != "quote" && key != "claim" {
            let span = key_span(root, key);
            problems.push(
                Diagnostic::at(
                    file,
                    text,
                    span,
                    format!("unknown key `{key}` in a claims file"),
                )
                .label("not `[[quote]]` or `[[claim]]`")
                .help("a claims file holds `[[quote]]` and `[[claim]]` tables only"),
            );
        }
    }
    for kind in [Kind::Quote, Kind::Claim] {
        let Some(item) = root.get(kind.as_str()) else {
            continue;
        };
        match item {
            Item::ArrayOfTables(aot) => {
                for table in aot.iter() {
                    if let Some(e) = parse_entry(file, text, &line_index, kind, table, problems) {
                        entries.push(e);
                    }
                }
            }
            _ => {
                let span = key_span(root, kind.as_str());
                problems.push(
                    Diagnostic::at(
                        file,
                        text,
                        span,
                        format!("`{}` must be an array of tables", kind.as_str()),
                    )
                    .label("declared here")
                    .help(format!(
                        "write each entry under its own `[[{}]]` header",
                        kind.as_str()
                    )),
                );
            }
        }
    }
    entries.sort_by_key(|e| e.origin.span.0);
    entries
}

fn key_span(table: &Table, key: &str) -> (usize, usize) {
    table
        .get_key_value(key)
        .and_then(|(k, _)| k.span())
        .map_or((0, 0), |r| (r.start, r.end))
}

fn value_span(table: &Table, key: &str) -> (usize, usize) {
    table
        .get(key)
        .and_then(Item::span)
        .map_or_else(|| key_span(table, key), |r| (r.start, r.end))
}

fn parse_entry(
    file: &str,
    text: &str,
    line_index: &LineIndex,
    kind: Kind,
    table: &Table,
    problems: &mut Vec<Diagnostic>,
) -> Option<Entry> {
    let header = table.span().map_or((0, 0), |r| (r.start, r.end));
    let origin = Origin::new(file, text, line_index, header);
    check_keys(file, text, kind, table, problems);
    let fields = Fields {
        file,
        text,
        kind,
        table,
        origin: &origin,
    };
    let id = fields.string("id", true, problems);
    let source = fields.string("source", true, problems);
    let body = fields.string("text", true, problems);
    let sha256 = fields.string("sha256", false, problems);
    let prefix = fields.string("prefix", false, problems);
    let suffix = fields.string("suffix", false, problems);
    let note = fields.string("note", false, problems);
    let evidence = fields.string("evidence", false, problems);
    fields.check_values(&id, &source, &body, &sha256, problems);
    let (pointer, pointer_origin) = fields.pointer(line_index, problems);
    // An entry with problems is still returned (the run fails anyway) so that project-wide
    // checks such as duplicate ids see it too.
    Some(Entry {
        id: id?,
        kind,
        source_origin: Origin::new(file, text, line_index, value_span(table, "source")),
        source: source?,
        text: body?,
        pointer,
        pointer_origin,
        sha256: sha256.map(|h| h.to_ascii_lowercase()),
        prefix,
        suffix,
        note,
        evidence,
        origin,
    })
}

/// Every key of the entry that its kind does not accept, with the closest accepted one.
fn check_keys(file: &str, text: &str, kind: Kind, table: &Table, problems: &mut Vec<Diagnostic>) {
    let allowed = match kind {
        Kind::Quote => QUOTE_KEYS,
        Kind::Claim => CLAIM_KEYS,
    };
    for (key, _) in table.iter() {
        if !allowed.contains(&key) {
            let suggestion = closest(key, allowed.iter().copied(), strsim::jaro_winkler, 0.8)
                .map(|k| format!("did you mean `{k}`? "))
                .unwrap_or_default();
            problems.push(
                Diagnostic::at(
                    file,
                    text,
                    key_span(table, key),
                    format!("unknown key `{key}` in [[{}]]", kind.as_str()),
                )
                .label("unknown key")
                .help(format!("{suggestion}accepted keys: {}", allowed.join(", "))),
            );
        }
    }
}

/// One `[[quote]]`/`[[claim]]` table being read: its values, each problem pointing at the
/// exact key or value in the file.
struct Fields<'a> {
    file: &'a str,
    text: &'a str,
    kind: Kind,
    table: &'a Table,
    origin: &'a Origin,
}

impl Fields<'_> {
    fn at(&self, key: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::at(self.file, self.text, value_span(self.table, key), message)
    }

    /// The string value of `key`; a missing required key or a non-string is a problem.
    fn string(&self, key: &str, required: bool, problems: &mut Vec<Diagnostic>) -> Option<String> {
        let Some(item) = self.table.get(key) else {
            if required {
                problems.push(
                    self.origin
                        .diagnostic(format!(
                            "[[{}]] is missing required key `{key}`",
                            self.kind.as_str()
                        ))
                        .label("in this entry")
                        .help(format!("add `{key} = \"...\"` to the entry")),
                );
            }
            return None;
        };
        if let Some(s) = item.as_str() {
            return Some(s.to_string());
        }
        problems.push(
            self.at(key, format!("`{key}` must be a string"))
                .label("not a string")
                .help(format!("write `{key} = \"...\"`")),
        );
        None
    }

    /// What the strings must be beyond strings: a valid id, a source path inside sources/,
    /// words to check, a well-formed SHA-256.
    fn check_values(
        &self,
        id: &Option<String>,
        source: &Option<String>,
        body: &Option<String>,
        sha256: &Option<String>,
        problems: &mut Vec<Diagnostic>,
    ) {
        if let Some(id) = id.as_deref().filter(|id| !valid_id(id)) {
            problems.push(
                self.at("id", format!("invalid id `{id}`"))
                    .label("ids use letters, digits, `.`, `_` and `-`")
                    .help("rename it, e.g. `no-support-in-iran`"),
            );
        }
        if let Some(src) = source.as_deref().filter(|s| !stays_inside(s)) {
            let plain = plain_form(src);
            let d = match plain.as_deref() {
                // `./a.txt` does not leave sources/: it is only not written as an id.
                Some(plain) => self
                    .at(
                        "source",
                        format!("source path `{src}` is not written as an id"),
                    )
                    .label("an id is the plain path relative to sources/")
                    .help(format!("write `{plain}`, without `./` or empty parts")),
                None => self
                    .at("source", format!("source path `{src}` leaves sources/"))
                    .label("must stay inside sources/")
                    .help("give the path relative to sources/, without `..` or a leading `/`"),
            };
            problems.push(d);
        }
        if body
            .as_deref()
            .is_some_and(|t| crate::text::strip_quotation_marks(t).is_empty())
        {
            problems.push(
                self.at("text", "`text` is empty")
                    .label("nothing to check")
                    .help("put the quoted or claimed words in `text`"),
            );
        }
        if sha256
            .as_deref()
            .is_some_and(|h| h.len() != 64 || !h.chars().all(|c| c.is_ascii_hexdigit()))
        {
            problems.push(
                self.at("sha256", "`sha256` must be 64 hexadecimal digits")
                    .label("not a SHA-256")
                    .help("copy the hash from `citecheck lock` or `sha256sum`, or remove the key"),
            );
        }
    }

    /// The entry's pointer (`span` or `lines`, not both) and where it is written; a claim
    /// must have one.
    fn pointer(
        &self,
        line_index: &LineIndex,
        problems: &mut Vec<Diagnostic>,
    ) -> (Option<Pointer>, Option<Origin>) {
        let (file, text, table) = (self.file, self.text, self.table);
        let span = pair(file, text, table, "span", problems, 0);
        let lines = pair(file, text, table, "lines", problems, 1);
        let origin_of = |key| Some(Origin::new(file, text, line_index, value_span(table, key)));
        let found = match (span, lines) {
            (Some(_), Some(_)) => {
                problems.push(
                    self.at("lines", "both `span` and `lines` are declared")
                        .label("second pointer")
                        .help("keep one pointer: `span` (bytes) or `lines`"),
                );
                (None, None)
            }
            (Some((a, b)), None) => (Some(Pointer::Span(a, b)), origin_of("span")),
            (None, Some((a, b))) => (Some(Pointer::Lines(a, b)), origin_of("lines")),
            (None, None) => (None, None),
        };
        if self.kind == Kind::Claim
            && found.0.is_none()
            && table.get("span").is_none()
            && table.get("lines").is_none()
        {
            problems.push(
                self.origin
                    .diagnostic("[[claim]] needs a pointer to its evidence")
                    .label("in this entry")
                    .help("add `span = [start, end]` (bytes) or `lines = [first, last]`"),
            );
        }
        found
    }
}

/// True when `id` is a valid entry id: one or more ASCII letters, digits, `.`, `_` and `-`.
/// The one rule for ids read from claims files and ids given to `citecheck add --id`.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

/// True when a declared source path names a file inside sources/ (relative, no `..`).
/// The plain id a source path inside sources/ stands for (`./a.txt` is `a.txt`), when it
/// has one: no `..`, no leading `/`, no backslash, something left.
fn plain_form(src: &str) -> Option<String> {
    if src.contains('\\') || src.starts_with('/') {
        return None;
    }
    let mut parts = Vec::new();
    for part in src.split('/') {
        match part {
            "" | "." => {}
            ".." => return None,
            p => parts.push(p),
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

fn stays_inside(src: &str) -> bool {
    let p = Path::new(src);
    !src.is_empty()
        && !p.is_absolute()
        && !src.contains('\\')
        && p.components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
}

/// Read `[a, b]` (two non-negative integers, a <= b; for lines, a >= 1).
fn pair(
    file: &str,
    text: &str,
    table: &Table,
    key: &str,
    problems: &mut Vec<Diagnostic>,
    min: i64,
) -> Option<(usize, usize)> {
    let item = table.get(key)?;
    let values: Option<Vec<i64>> = item
        .as_array()
        .map(|a| a.iter().map(Value::as_integer).collect::<Option<Vec<_>>>())
        .unwrap_or(None);
    let what = if key == "span" {
        "byte offsets [start, end)"
    } else {
        "line numbers [first, last]"
    };
    match values.as_deref() {
        Some(&[a, b]) if a >= min && b >= a && (key == "lines" || b > a) => {
            Some((a as usize, b as usize))
        }
        Some(&[a, b]) if a < min || b < min => {
            let (msg, help) = if key == "span" {
                (
                    format!("`span` is [{a}, {b}]: byte offsets cannot be negative"),
                    "offsets count bytes from 0 at the start of the source",
                )
            } else {
                (
                    format!("`lines` is [{a}, {b}]: line numbers start at 1"),
                    "the first line of the source is line 1",
                )
            };
            problems.push(
                Diagnostic::at(file, text, value_span(table, key), msg)
                    .label("out of range")
                    .help(help),
            );
            None
        }
        Some(&[a, b]) if a == b => {
            problems.push(
                Diagnostic::at(
                    file,
                    text,
                    value_span(table, key),
                    format!("`span` is [{a}, {b}]: an empty span (it covers no byte)"),
                )
                .label("empty range")
                .help(
                    "a span covers the bytes [start, end): the end must be greater than the start",
                ),
            );
            None
        }
        Some(&[a, b]) if a >= min && b >= min => {
            problems.push(
                Diagnostic::at(
                    file,
                    text,
                    value_span(table, key),
                    format!("`{key}` is [{a}, {b}]: the end comes before the start"),
                )
                .label("empty or reversed range")
                .help(format!("`{key}` holds {what}")),
            );
            None
        }
        _ => {
            problems.push(
                Diagnostic::at(
                    file,
                    text,
                    value_span(table, key),
                    format!("`{key}` must be two integers, {what}"),
                )
                .label("malformed pointer")
                .help(if key == "span" {
                    "write `span = [5120, 5149]`"
                } else {
                    "write `lines = [19, 19]` (1-based)"
                }),
            );
            None
        }
    }
}

/// Check entries against each other and the loaded sources: unique ids, known sources, pointers
/// in range and on character boundaries. Entries citing a source in `unloaded` (which exists
/// but another shard reads) are checked for unique ids only.
///
/// A pointer that does not fit a source that `changed` (its bytes differ from the entry's pin
/// or the lock) is no problem here: the source moved under it, which is what a check is for;
/// `judge` reports the entry with a stale pointer and `fix` repairs it. Only a pointer that
/// does not fit the very bytes it was pinned to (or an unpinned source) is bad input.
pub fn validate_known(
    entries: &[Entry],
    sources: &BTreeMap<&str, &Source>,
    unloaded: &std::collections::BTreeSet<&str>,
    changed: &dyn Fn(&Entry, &Source) -> bool,
    problems: &mut Vec<Diagnostic>,
) {
    let mut seen: BTreeMap<&str, &Entry> = BTreeMap::new();
    for e in entries {
        if let Some(first) = seen.get(e.id.as_str()) {
            problems.push(
                e.origin
                    .diagnostic(format!("duplicate id `{}`", e.id))
                    .label("declared again here")
                    .help("ids must be unique across the whole project; rename one of them")
                    .related(
                        first
                            .origin
                            .diagnostic(format!("`{}` first declared here", e.id))
                            .label("first declared here"),
                    ),
            );
        } else {
            seen.insert(&e.id, e);
        }
        if !stays_inside(&e.source) {
            continue; // reported where it was parsed
        }
        let Some(src) = sources.get(e.source.as_str()) else {
            if unloaded.contains(e.source.as_str()) {
                continue;
            }
            let close = closest(
                &e.source,
                sources.keys().copied(),
                strsim::normalized_levenshtein,
                0.5,
            )
            .map(|k| format!("did you mean `{k}`? "));
            problems.push(
                e.source_origin
                    .diagnostic(format!("unknown source `{}`", e.source))
                    .label("no such file under sources/")
                    .help(format!(
                        "{}sources are paths relative to sources/ ({} known)",
                        close.unwrap_or_default(),
                        sources.len()
                    )),
            );
            continue;
        };
        let (Some(p), Some(o)) = (e.pointer, &e.pointer_origin) else {
            continue;
        };
        if changed(e, src) {
            continue;
        }
        match p {
            Pointer::Span(a, b) => {
                if b > src.len() {
                    problems.push(
                        o.diagnostic(format!(
                            "span [{a}, {b}] is out of range: `{}` has {} bytes",
                            e.source,
                            src.len()
                        ))
                        .label("past the end of the source")
                        .help("fix the offsets, or let `citecheck fix` find the quote"),
                    );
                } else if !src.is_char_boundary(a) || !src.is_char_boundary(b) {
                    problems.push(
                        o.diagnostic(format!(
                            "span [{a}, {b}] splits a UTF-8 character in `{}`",
                            e.source
                        ))
                        .label("not on a character boundary")
                        .help(
                            "spans are UTF-8 byte offsets; use the offsets `citecheck add` prints",
                        ),
                    );
                }
            }
            Pointer::Lines(a, b) => {
                if b > src.lines.count() {
                    problems.push(
                        o.diagnostic(format!(
                            "lines [{a}, {b}] are out of range: `{}` has {} lines",
                            e.source,
                            src.lines.count()
                        ))
                        .label("past the last line")
                        .help("fix the line numbers (1-based, inclusive)"),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_entries_with_origins() {
        let text = "# comment\n[[quote]]\nid = \"a\"\nsource = \"c.txt\"\ntext = \"x y\"\nspan = [1, 4]\n\n[[claim]]\nid = \"b\"\nsource = \"c.txt\"\ntext = \"t\"\nlines = [2, 3]\n";
        let mut p = Vec::new();
        let e = parse_file("claims/c.toml", text, &mut p);
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(e.len(), 2);
        assert_eq!(
            (e[0].origin.line, e[0].pointer),
            (2, Some(Pointer::Span(1, 4)))
        );
        assert_eq!((e[1].origin.line, e[1].kind), (8, Kind::Claim));
    }

    #[test]
    fn collects_every_problem() {
        let text = "[[quote]]\nid = \"a b\"\nsourse = \"c.txt\"\ntext = \"\"\nspan = [5, 2]\n";
        let mut p = Vec::new();
        parse_file("claims/c.toml", text, &mut p);
        let msgs: Vec<_> = p.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(p.len(), 5, "{msgs:?}");
        assert!(p.iter().any(|d| d.message.contains("unknown key `sourse`")
            && d.help
                .as_deref()
                .unwrap_or("")
                .contains("did you mean `source`")));
        assert!(p
            .iter()
            .any(|d| d.message.contains("missing required key `source`")));
    }
}
