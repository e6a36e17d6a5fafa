//! Rewriting claims files.
//!
//! Appending never re-renders what is already in the file: the new table is rendered on its own
//! (by toml_edit, so strings are escaped correctly) and added after the existing bytes. In-place
//! edits go through `toml_edit::DocumentMut`, which keeps comments, key order, blank lines and the
//! formatting of everything it is not asked to change; a replaced value keeps its decor (the
//! spacing around it and a trailing comment).

use std::path::Path;

use toml_edit::{Array, ArrayOfTables, DocumentMut, Item, Table, Value};

use crate::claims::Pointer;
use crate::error::{Error, Result};
use crate::model::Kind;

/// A new `[[quote]]` or `[[claim]]` entry to append to a claims file.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEntry {
    /// Quote or claim.
    pub kind: Kind,
    /// Unique id.
    pub id: String,
    /// Source id (path relative to sources/).
    pub source: String,
    /// The quote or claim text.
    pub text: String,
    /// For claims: the evidence text.
    pub evidence: Option<String>,
    /// Where the entry points.
    pub pointer: Option<Pointer>,
    /// The 1-based lines the pointer covers, written as a comment after a `span` for people.
    pub lines: Option<[usize; 2]>,
    /// SHA-256 of the source when recorded.
    pub sha256: Option<String>,
    /// Context before the text in the source.
    pub prefix: Option<String>,
    /// Context after the text in the source.
    pub suffix: Option<String>,
}

/// An in-place change to one entry, found by its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Rewrite the entry's pointer (the key it already uses: `span` or `lines`).
    Pointer(Pointer),
    /// Rewrite the entry's `sha256` pin.
    Sha256(String),
}

/// One in-place change: the entry's kind and id, the change, and the lines a new pointer covers
/// (to keep a `# line N` comment after a span true).
pub type EntryChange = (Kind, String, Change, Option<[usize; 2]>);

fn parse_doc(file: &str, text: &str) -> Result<DocumentMut> {
    text.parse::<DocumentMut>().map_err(|e| {
        let span = e.span().map_or((0, 0), |r| (r.start, r.end));
        Error::Invalid(vec![crate::error::Diagnostic::at(
            file,
            text,
            span,
            e.message().to_string(),
        )
        .label("here")
        .help("fix the TOML syntax first")])
    })
}

fn lines_comment(l: [usize; 2]) -> String {
    if l[0] == l[1] {
        format!("  # line {}", l[0])
    } else {
        format!("  # lines {}-{}", l[0], l[1])
    }
}

fn pair(a: usize, b: usize) -> Value {
    let mut arr = Array::new();
    arr.push(a as i64);
    arr.push(b as i64);
    Value::Array(arr)
}

/// Render `entry` as one TOML table (header included), as `append_entry` writes it.
pub fn render_entry(entry: &NewEntry) -> String {
    let mut t = Table::new();
    let mut put = |k: &str, v: Value| {
        t.insert(k, Item::Value(v));
    };
    put("id", entry.id.as_str().into());
    put("source", entry.source.as_str().into());
    put("text", entry.text.as_str().into());
    if let Some(e) = &entry.evidence {
        put("evidence", e.as_str().into());
    }
    match entry.pointer {
        Some(Pointer::Span(a, b)) => {
            let mut v = pair(a, b);
            if let Some(l) = entry.lines {
                v.decor_mut().set_suffix(lines_comment(l));
            }
            put("span", v);
        }
        Some(Pointer::Lines(a, b)) => put("lines", pair(a, b)),
        None => {}
    }
    if let Some(h) = &entry.sha256 {
        put("sha256", h.as_str().into());
    }
    if let Some(p) = &entry.prefix {
        put("prefix", p.as_str().into());
    }
    if let Some(s) = &entry.suffix {
        put("suffix", s.as_str().into());
    }
    let mut aot = ArrayOfTables::new();
    aot.push(t);
    let mut doc = DocumentMut::new();
    doc.insert(entry.kind.as_str(), Item::ArrayOfTables(aot));
    doc.to_string()
}

/// The text of claims file `file` (current contents `old`, `None` when it does not exist yet)
/// with `entries` appended. The existing bytes are kept as they are.
pub fn append_entries(file: &str, old: Option<&str>, entries: &[NewEntry]) -> Result<String> {
    let mut out = old.unwrap_or_default().to_string();
    if let Some(old) = old {
        // Appending `[[quote]]` to a file where `quote` is something else would break it.
        let doc = parse_doc(file, old)?;
        for e in entries {
            if let Some(item) = doc.get(e.kind.as_str()) {
                if !item.is_array_of_tables() {
                    return Err(Error::Usage(format!(
                        "{file}: `{}` is not an array of tables; cannot append a [[{}]] entry",
                        e.kind.as_str(),
                        e.kind.as_str()
                    )));
                }
            }
        }
    }
    for e in entries {
        if !out.is_empty() {
            if !out.ends_with('\n') {
                out.push('\n');
            }
            if !out.ends_with("\n\n") {
                out.push('\n');
            }
        }
        out.push_str(&render_entry(e));
    }
    Ok(out)
}

/// Append `entries` to the claims file at `path` (named `file` in messages), creating it when
/// it does not exist, and write it atomically.
pub fn append_to_file(path: &Path, file: &str, entries: &[NewEntry]) -> Result<()> {
    // Two runs appending to one file at once must not lose either's entries: the read, the
    // append and the rename over it happen under an exclusive lock on the file's folder.
    let _lock = path.parent().and_then(crate::fs::lock_folder);
    let old = crate::fs::read_tree_text(path, file, crate::fs::DEFAULT_MAX_BYTES)?;
    // A CRLF file stays CRLF: the entries are appended to its LF form, then every line takes
    // the file's line ending.
    let crlf = old.as_deref().is_some_and(crate::fs::uses_crlf);
    let old = old.map(|t| if crlf { t.replace("\r\n", "\n") } else { t });
    let new = append_entries(file, old.as_deref(), entries)?;
    let new = crate::fs::with_line_endings(new, crlf);
    crate::fs::write_atomic(path, new.as_bytes())
}

/// Replace the value under `key` keeping its decor; a `# line N` comment after a span is
/// brought up to date with `lines` (any other comment is the user's and stays).
fn replace_value(table: &mut Table, key: &str, mut new: Value, lines: Option<[usize; 2]>) {
    if let Some(Item::Value(old)) = table.get_mut(key) {
        let stale_lines_comment = old
            .decor()
            .suffix()
            .and_then(|s| s.as_str())
            .is_some_and(|s| s.trim_start().starts_with("# line"));
        match (&mut *old, &new) {
            // A pair written over several lines keeps its layout and the comments inside it:
            // each number is replaced where it stands (`Array::replace` keeps its decor).
            (Value::Array(was), Value::Array(now)) if was.len() == now.len() => {
                for (i, v) in now.iter().enumerate() {
                    was.replace(i, v.clone());
                }
            }
            _ => {
                *new.decor_mut() = old.decor().clone();
                *old = new;
            }
        }
        if let (true, Some(l)) = (stale_lines_comment, lines) {
            old.decor_mut().set_suffix(lines_comment(l));
        }
    }
}

/// Apply `changes` (entry kind, id, change, lines the new pointer covers) to claims file `file`
/// (text `old`), keeping everything else as written. Returns the new text.
pub fn apply_changes(file: &str, old: &str, changes: &[EntryChange]) -> Result<String> {
    // A byte-order mark is the file's, not the TOML's: the parser drops it, the file keeps it.
    let (bom, old) = match old.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", old),
    };
    let mut doc = parse_doc(file, old)?;
    for (kind, id, change, lines) in changes {
        let Some(aot) = doc
            .get_mut(kind.as_str())
            .and_then(Item::as_array_of_tables_mut)
        else {
            continue;
        };
        let Some(table) = aot
            .iter_mut()
            .find(|t| t.get("id").and_then(Item::as_str) == Some(id.as_str()))
        else {
            continue;
        };
        match change {
            Change::Pointer(Pointer::Span(a, b)) => {
                replace_value(table, "span", pair(*a, *b), *lines)
            }
            Change::Pointer(Pointer::Lines(a, b)) => {
                replace_value(table, "lines", pair(*a, *b), *lines)
            }
            Change::Sha256(h) => replace_value(table, "sha256", h.as_str().into(), None),
        }
    }
    Ok(format!("{bom}{doc}"))
}

/// A unified diff (three lines of context) from `old` to `new`, labelled `a/file` and `b/file`;
/// empty when they are equal.
pub fn unified_diff(file: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{file}"), &format!("b/{file}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "# top comment\n\n[[quote]]   # first\nid = \"a\"\nsource = \"c.txt\"\ntext = \"x y\"\nspan   = [1, 4]   # keep me\nsha256 = \"00\"\n\n# between\n[[quote]]\nid = \"b\"\nsource = \"c.txt\"\ntext = \"z\"\nlines = [2, 2]\n";

    #[test]
    fn changes_keep_comments_and_layout() {
        let out = apply_changes(
            "claims/c.toml",
            FILE,
            &[
                (
                    Kind::Quote,
                    "a".into(),
                    Change::Pointer(Pointer::Span(10, 13)),
                    Some([3, 3]),
                ),
                (Kind::Quote, "a".into(), Change::Sha256("ff".into()), None),
                (
                    Kind::Quote,
                    "b".into(),
                    Change::Pointer(Pointer::Lines(5, 6)),
                    None,
                ),
            ],
        )
        .unwrap();
        let want = FILE
            .replace(
                "span   = [1, 4]   # keep me",
                "span   = [10, 13]   # keep me",
            )
            .replace("sha256 = \"00\"", "sha256 = \"ff\"")
            .replace("lines = [2, 2]", "lines = [5, 6]");
        assert_eq!(out, want);
    }

    #[test]
    fn a_pair_over_several_lines_keeps_its_comments_and_a_bom_stays() {
        let file = "\u{feff}# bom\n[[quote]]\nid = \"a\"\nsource = \"c.txt\"\ntext = \"x\"\n\
                    span = [ # start of the passage\n  0,  # reviewer: checked\n  44,\n]\n";
        let out = apply_changes(
            "claims/c.toml",
            file,
            &[(
                Kind::Quote,
                "a".into(),
                Change::Pointer(Pointer::Span(10, 54)),
                None,
            )],
        )
        .unwrap();
        let want = file
            .replace("  0,  #", "  10,  #")
            .replace("  44,", "  54,");
        assert_eq!(out, want);
    }

    #[test]
    fn appending_keeps_existing_bytes() {
        let e = NewEntry {
            kind: Kind::Claim,
            id: "n".into(),
            source: "c.txt".into(),
            text: "say \"hi\"".into(),
            evidence: None,
            pointer: Some(Pointer::Span(1, 4)),
            lines: Some([1, 1]),
            sha256: None,
            prefix: None,
            suffix: None,
        };
        let out = append_entries("claims/c.toml", Some(FILE), &[e]).unwrap();
        assert!(out.starts_with(FILE));
        let tail = &out[FILE.len()..];
        assert_eq!(
            tail,
            "\n[[claim]]\nid = \"n\"\nsource = \"c.txt\"\ntext = 'say \"hi\"'\nspan = [1, 4]  # line 1\n"
        );
        let mut p = Vec::new();
        let parsed = crate::claims::parse_file("claims/c.toml", &out, &mut p);
        let ids: Vec<&str> = parsed.iter().map(|e| e.id.as_str()).collect();
        // "a" carries a malformed pin on purpose (reported, entry still read); the appended
        // claim reads back intact.
        assert_eq!(ids, ["a", "b", "n"]);
        assert_eq!(p.len(), 1);
        assert_eq!(parsed[2].text, "say \"hi\"");
        assert_eq!(parsed[2].pointer, Some(Pointer::Span(1, 4)));
    }

    #[test]
    fn stale_line_comment_follows_the_span() {
        let f =
            "[[quote]]\nid = \"a\"\nsource = \"c.txt\"\ntext = \"x\"\nspan = [1, 4]  # line 1\n";
        let out = apply_changes(
            "claims/c.toml",
            f,
            &[(
                Kind::Quote,
                "a".into(),
                Change::Pointer(Pointer::Span(7, 9)),
                Some([4, 4]),
            )],
        )
        .unwrap();
        assert!(out.ends_with("span = [7, 9]  # line 4\n"), "{out}");
    }
}
