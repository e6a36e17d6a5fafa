//! The editor's workflow: `init`, `scan`, `add`, `fix` and `show`.
//!
//! Nobody should compute byte offsets by hand. These commands turn a manuscript and a folder of
//! sources into pinned, checkable entries and keep them true as sources change. They locate with
//! the same pipeline `check` uses ([`judge::locate_text`] over [`IndexLocator`]), so an entry
//! written here is judged by `check` exactly as it was judged when written; they write only
//! through [`crate::edit`] (toml_edit, atomic writes). Every function returns data; the binary
//! renders it.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::check::{CheckOptions, Loaded};
use crate::claims::write::{self as edit, Change, NewEntry};
use crate::claims::{Entry, Pointer};
use crate::config::Project;
use crate::error::{Error, Result};
use crate::judge::{self, Query, Thresholds, Verdict};
use crate::locate::{IndexLocator, Locator, Needle};
use crate::model::{DiffOp, DiffTag, Kind, Status};
use crate::source::Source;
use crate::text::terms;
use crate::workflow::scan_quotes::Quotation;

fn thresholds(project: &Project) -> Thresholds {
    Thresholds {
        min_similarity: project.config.check.min_similarity,
        support: project.config.check.support_threshold,
    }
}

/// A diff as one line: `equal [-quote only-]{+source only+}`.
pub fn diff_line(diff: &[DiffOp]) -> String {
    diff.iter()
        .map(|d| match d.op {
            DiffTag::Equal => d.text.clone(),
            DiffTag::Delete => format!("[-{}-]", d.text),
            DiffTag::Insert => format!("{{+{}+}}", d.text),
        })
        .collect()
}

fn clip(text: &str, max: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        return flat;
    }
    let cut: String = flat.chars().take(max).collect();
    format!("{cut}…")
}

fn lines_label(l: [usize; 2]) -> String {
    if l[0] == l[1] {
        format!("line {}", l[0])
    } else {
        format!("lines {}-{}", l[0], l[1])
    }
}

// ---------------------------------------------------------------------------------------------
// init

const INIT_CONFIG: &str = r#"# citecheck settings. Every key is optional; unknown keys are errors.

[check]
# Statuses that fail the run besides drifted, missing, ambiguous and unsupported:
# any of "relocated", "normalized", "source_changed".
fail_on = []
# Similarity a long quote needs to count as drifted rather than missing (shorter quotes need more).
min_similarity = 0.65
# Share of a claim's content words its evidence must contain.
support_threshold = 0.6

# Provenance of each source, carried into citecheck.lock and the reports:
# [sources."example.txt"]
# title = "An example source"
# origin = "https://example.org/document"
# retrieved = "2026-01-01"
"#;

const INIT_SOURCE: &str = "An example source.\n\
Sources are UTF-8 text files under sources/; a source's id is its path relative to sources/.\n\
Every quotation must be found here, word for word.\n";

const INIT_CLAIMS: &str = r#"# Quotes and claims citing sources/example.txt. `citecheck add` and `citecheck scan --write`
# append entries here; `citecheck fix` keeps their pointers up to date.

[[quote]]
id = "word-for-word"
source = "example.txt"
text = "Every quotation must be found here, word for word."
lines = [3, 3]
"#;

/// Create a new project in `dir`: citecheck.toml (commented defaults), sources/, claims/ and
/// reports/ with a short example. Refuses, creating nothing, when any of them exists. Returns
/// the paths created (relative to `dir`).
pub fn init(dir: &Path) -> Result<Vec<String>> {
    let planned: [(&str, Option<&str>); 6] = [
        (crate::config::CONFIG_FILE, Some(INIT_CONFIG)),
        ("sources", None),
        ("claims", None),
        ("reports", None),
        ("sources/example.txt", Some(INIT_SOURCE)),
        ("claims/example.toml", Some(INIT_CLAIMS)),
    ];
    let existing: Vec<&str> = planned
        .iter()
        .map(|(p, _)| *p)
        .filter(|p| dir.join(p).symlink_metadata().is_ok())
        .collect();
    if !existing.is_empty() {
        return Err(Error::Usage(format!(
            "{} already holds {}; `citecheck init` never overwrites anything (nothing was created)",
            dir.display(),
            existing.join(", ")
        )));
    }
    let mut created = Vec::new();
    for (path, content) in planned {
        let full = dir.join(path);
        match content {
            Some(text) => crate::fs::write_atomic(&full, text.as_bytes())?,
            None => std::fs::create_dir_all(&full).map_err(|e| Error::io(&full, e))?,
        }
        created.push(path.to_string());
    }
    crate::fs::write_atomic(&dir.join("reports/.gitkeep"), b"")?;
    Ok(created)
}

// ---------------------------------------------------------------------------------------------
// Shared: locating a text, ids, context, target files

/// Where a text stands in one source: the verdict and the exact words that were located (the
/// text itself, or without trailing punctuation a manuscript added inside its quotation marks).
#[derive(Debug, Clone)]
pub struct Located {
    /// The verdict of the pipeline.
    pub verdict: Verdict,
    /// The text that was located.
    pub text: String,
}

/// Locate `text` in `source` with the check pipeline. When it is not found as written, the same
/// words without trailing punctuation or ellipses are tried: manuscripts put a sentence's full
/// stop inside the closing quotation mark whether or not the source has one there.
pub fn locate(
    source: &Source,
    others: &[&Source],
    text: &str,
    region: Option<(usize, usize)>,
    thresholds: &Thresholds,
) -> Located {
    let run = |t: &str| {
        let needle = Needle::new(t);
        let q = Query {
            needle: &needle,
            region,
            prefix: None,
            suffix: None,
        };
        judge::locate_text(&IndexLocator, source, others, q, thresholds)
    };
    let verdict = run(text);
    if matches!(verdict.status, Status::Missing | Status::Drifted) {
        let trimmed = text
            .trim()
            .trim_start_matches(['.', '…', ' '])
            .trim_end_matches(['.', ',', ';', ':', '!', '?', '…', ' ']);
        if !trimmed.is_empty() && trimmed != text.trim() {
            let v = run(trimmed);
            if !matches!(v.status, Status::Missing | Status::Drifted) {
                return Located {
                    verdict: v,
                    text: trimmed.to_string(),
                };
            }
        }
    }
    Located {
        verdict,
        text: text.to_string(),
    }
}

/// An id from the first content words of `text` (`extent-iranians-know-group`), made unique
/// against `taken` with a numeric suffix.
pub fn derive_id(text: &str, taken: &BTreeSet<String>) -> String {
    let folded = crate::text::normalize(text).as_str().to_lowercase();
    let words: Vec<String> = folded
        .split(|c: char| !c.is_alphanumeric())
        .map(|w| {
            w.chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
        })
        .filter(|w| w.len() > 1)
        .collect();
    let content: Vec<&String> = words.iter().filter(|w| !terms::is_stop_word(w)).collect();
    let chosen: Vec<&String> = if content.len() >= 2 {
        content.into_iter().take(4).collect()
    } else {
        words.iter().take(4).collect()
    };
    let base = if chosen.is_empty() {
        "quote".to_string()
    } else {
        chosen
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("-")
    };
    if !taken.contains(&base) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken.contains(id))
        .unwrap_or(base)
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

/// A few words of the same line before and after `span`: the `prefix` and `suffix` that let
/// `check` and `fix` tell copies of a passage apart.
pub fn context(source: &Source, span: (usize, usize)) -> (Option<String>, Option<String>) {
    const MAX: usize = 40;
    let text = &source.text;
    let line_start = text[..span.0].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[span.1..].find('\n').map_or(text.len(), |i| span.1 + i);
    let before = &text[line_start..span.0];
    let mut from = before.len().saturating_sub(MAX);
    while !before.is_char_boundary(from) {
        from += 1;
    }
    let mut prefix = &before[from..];
    if from > 0 {
        // Start at a word boundary rather than inside a word.
        prefix = prefix.find(' ').map_or("", |i| &prefix[i..]);
    }
    let after = &text[span.1..line_end];
    let mut to = after.len().min(MAX);
    while !after.is_char_boundary(to) {
        to -= 1;
    }
    let mut suffix = &after[..to];
    if to < after.len() {
        suffix = suffix.rfind(' ').map_or("", |i| &suffix[..i]);
    }
    let keep = |s: &str| {
        let s = s.trim();
        (!s.is_empty()).then(|| s.to_string())
    };
    (keep(prefix), keep(suffix))
}

/// Resolve a claims file argument: relative paths are taken from the project root, and the file
/// must lie under claims/ (where `check` reads). Returns (absolute path, path relative to root).
fn claims_target(project: &Project, file: &Path) -> Result<(PathBuf, String)> {
    let rel = if file.is_absolute() {
        let root = project
            .root
            .canonicalize()
            .map_err(|e| Error::io(&project.root, e))?;
        let parent = file
            .parent()
            .and_then(|p| p.canonicalize().ok())
            .unwrap_or_else(|| file.to_path_buf());
        parent
            .strip_prefix(&root)
            .ok()
            .map(|p| p.join(file.file_name().unwrap_or_default()))
            .unwrap_or_else(|| file.to_path_buf())
    } else {
        file.to_path_buf()
    };
    let rel_str = rel.to_string_lossy().replace('\\', "/");
    let ok = rel.starts_with("claims")
        && rel.extension().is_some_and(|e| e == "toml")
        && rel
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
    if !ok {
        return Err(Error::Usage(format!(
            "`{}` is not a claims file: write to claims/<name>.toml under the project root ({})",
            file.display(),
            project.root.display()
        )));
    }
    Ok((project.root.join(&rel), rel_str))
}

fn read_optional(path: &Path) -> Result<Option<String>> {
    match std::fs::read_to_string(path) {
        Ok(t) => Ok(Some(t)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(path, e)),
    }
}

/// Parse the entries `edit` rendered and judge them as `check` will (a self-check before
/// writing: what the user is told is what `check` will say).
fn judge_rendered(
    project: &Project,
    loaded: &Loaded,
    file: &str,
    rendered: &str,
) -> Vec<(Entry, Verdict)> {
    let mut problems = Vec::new();
    let entries = crate::claims::parse_file(file, rendered, &mut problems);
    let all: Vec<&Source> = loaded.sources.iter().collect();
    let t = thresholds(project);
    entries
        .into_iter()
        .filter_map(|e| {
            let src = loaded.sources.iter().find(|s| s.id == e.source)?;
            let v = judge::judge(&IndexLocator, &e, src, &all, &t);
            Some((e, v))
        })
        .collect()
}

fn taken_ids(loaded: &Loaded) -> BTreeSet<String> {
    loaded.entries.iter().map(|e| e.id.clone()).collect()
}

// ---------------------------------------------------------------------------------------------
// scan

/// One quotation of a manuscript and where it stands in the project's sources.
#[derive(Debug, Clone)]
pub struct ScanItem {
    /// The quotation as found in the manuscript.
    pub quotation: Quotation,
    /// The best source (verified before normalized before ambiguous before drifted), if any.
    pub source: Option<String>,
    /// The verdict in that source (`missing` when found nowhere).
    pub status: Status,
    /// Similarity of the best match.
    pub similarity: Option<f64>,
    /// The found span and its lines, in the best source.
    pub found: Option<((usize, usize), [usize; 2])>,
    /// For drifted quotations: the word diff.
    pub diff: Option<Vec<DiffOp>>,
    /// For ambiguous quotations: how many copies.
    pub copies: usize,
    /// The entry written (or that would be written) for it, when it was located.
    pub entry: Option<NewEntry>,
    /// The id of a quote already recorded with these words from this source (then nothing is
    /// written: scanning twice adds nothing).
    pub recorded: Option<String>,
}

/// The result of scanning a manuscript.
#[derive(Debug, Clone)]
pub struct Scan {
    /// Manuscript path as given.
    pub manuscript: String,
    /// Every quotation, in manuscript order.
    pub items: Vec<ScanItem>,
    /// Quotations of fewer than [`MIN_SCAN_WORDS`] words, not located.
    pub short: usize,
    /// The claims file written, with the number of entries appended.
    pub written: Option<(String, usize)>,
}

/// Quotations shorter than this many words (scare quotes, titles: `the "moderate" wing`) prove
/// nothing by being found, and are left out of a scan.
pub const MIN_SCAN_WORDS: usize = 3;

fn rank(status: Status) -> u8 {
    match status {
        Status::Verified => 0,
        Status::Normalized => 1,
        Status::Ambiguous => 2,
        Status::Drifted => 3,
        _ => 4,
    }
}

/// Scan `manuscript` for quotations and locate each in the project's sources (the manuscript
/// itself is skipped when it lies under sources/). With `write`, append a `[[quote]]` entry for
/// every quotation found verified or normalized to that claims file; others are never written.
pub fn scan(project: &Project, manuscript: &Path, write: Option<&Path>) -> Result<Scan> {
    let text = std::fs::read_to_string(manuscript).map_err(|e| Error::io(manuscript, e))?;
    let loaded = crate::check::load(project)?;
    let own = manuscript.canonicalize().ok();
    let sources: Vec<&Source> = loaded
        .sources
        .iter()
        .filter(|s| {
            let p = project.sources_dir().join(&s.id).canonicalize().ok();
            own.is_none() || p != own
        })
        .collect();
    let t = thresholds(project);
    let mut taken = taken_ids(&loaded);
    let mut seen: BTreeSet<(String, (usize, usize))> = BTreeSet::new();
    let recorded: std::collections::BTreeMap<(String, String), String> = loaded
        .entries
        .iter()
        .filter(|e| e.kind == Kind::Quote)
        .map(|e| ((e.source.clone(), Needle::new(&e.text).norm), e.id.clone()))
        .collect();
    let mut items = Vec::new();
    let (quotations, short): (Vec<Quotation>, Vec<Quotation>) =
        crate::workflow::scan_quotes::quotations(&text)
            .into_iter()
            .partition(|q| crate::text::words::words(&q.text).count() >= MIN_SCAN_WORDS);
    for q in quotations {
        let best = sources
            .iter()
            .map(|s| (s, locate(s, &[], &q.text, None, &t)))
            .min_by(|(a, x), (b, y)| {
                rank(x.verdict.status)
                    .cmp(&rank(y.verdict.status))
                    .then(
                        y.verdict
                            .similarity
                            .unwrap_or(0.0)
                            .total_cmp(&x.verdict.similarity.unwrap_or(0.0)),
                    )
                    .then(a.id.cmp(&b.id))
            });
        let mut item = ScanItem {
            quotation: q.clone(),
            source: None,
            status: Status::Missing,
            similarity: None,
            found: None,
            diff: None,
            copies: 0,
            entry: None,
            recorded: None,
        };
        if let Some((src, located)) = best.filter(|(_, l)| l.verdict.status != Status::Missing) {
            let v = &located.verdict;
            item.source = Some(src.id.clone());
            item.status = v.status;
            item.similarity = v.similarity;
            item.found = v.found.map(|f| (f, src.lines_of(f)));
            item.diff = v.diff.clone();
            item.copies = v.occurrences.len();
            item.recorded = recorded
                .get(&(src.id.clone(), Needle::new(&located.text).norm))
                .cloned();
            if let (Status::Verified | Status::Normalized, Some(found), None) =
                (v.status, v.found, &item.recorded)
            {
                if seen.insert((src.id.clone(), found)) {
                    let id = derive_id(&located.text, &taken);
                    taken.insert(id.clone());
                    let (prefix, suffix) = context(src, found);
                    item.entry = Some(NewEntry {
                        kind: Kind::Quote,
                        id,
                        source: src.id.clone(),
                        text: located.text.clone(),
                        evidence: None,
                        pointer: Some(Pointer::Span(found.0, found.1)),
                        lines: Some(src.lines_of(found)),
                        sha256: Some(src.sha256.clone()),
                        prefix,
                        suffix,
                    });
                }
            }
        }
        items.push(item);
    }
    let mut written = None;
    if let Some(file) = write {
        let (path, rel) = claims_target(project, file)?;
        let entries: Vec<NewEntry> = items.iter().filter_map(|i| i.entry.clone()).collect();
        if !entries.is_empty() {
            let old = read_optional(&path)?;
            let new = edit::append_entries(&rel, old.as_deref(), &entries)?;
            crate::fs::write_atomic(&path, new.as_bytes())?;
        }
        written = Some((rel, entries.len()));
    }
    Ok(Scan {
        manuscript: manuscript.display().to_string(),
        items,
        short: short.len(),
        written,
    })
}

impl Scan {
    /// The table people read: quote, best source, verdict, similarity; then what was written.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{} quotation(s) in {}",
            self.items.len(),
            self.manuscript
        );
        let _ = writeln!(
            out,
            "{:<6} {:<50} {:<22} {:<11} {:>5}",
            "LINE", "QUOTE", "SOURCE", "VERDICT", "SIM"
        );
        for i in &self.items {
            let where_ = match (&i.source, i.found) {
                (Some(s), Some((_, l))) => format!("{s}:{}", l[0]),
                (Some(s), None) => s.clone(),
                (None, _) => "-".into(),
            };
            let sim = i.similarity.map_or("-".into(), |s| format!("{s:.2}"));
            let _ = writeln!(
                out,
                "{:<6} {:<50} {:<22} {:<11} {:>5}",
                i.quotation.line,
                clip(&i.quotation.text, 48),
                where_,
                i.status.as_str(),
                sim
            );
            if let Some(d) = &i.diff {
                let _ = writeln!(out, "       diff: {}", diff_line(d));
            }
            if let Some(id) = &i.recorded {
                let _ = writeln!(out, "       already recorded as `{id}`");
            }
            if i.status == Status::Ambiguous {
                let _ = writeln!(
                    out,
                    "       {} copies; use `citecheck add --occurrence N` to choose",
                    i.copies
                );
            }
        }
        match &self.written {
            Some((file, n)) => {
                let _ = writeln!(
                    out,
                    "wrote {n} entr{} to {file}",
                    if *n == 1 { "y" } else { "ies" }
                );
                for e in self.items.iter().filter_map(|i| i.entry.as_ref()) {
                    let _ = writeln!(out, "  [[quote]] {}", e.id);
                }
            }
            None => {
                let n = self.items.iter().filter(|i| i.entry.is_some()).count();
                if n > 0 {
                    let _ = writeln!(out, "{n} located; `--write FILE` appends them as entries");
                }
            }
        }
        if self.short > 0 {
            let _ = writeln!(
                out,
                "{} shorter quotation(s) (under {MIN_SCAN_WORDS} words) skipped",
                self.short
            );
        }
        let missing = self
            .items
            .iter()
            .filter(|i| i.status == Status::Missing)
            .count();
        if missing > 0 {
            let _ = writeln!(out, "{missing} missing: found in no source (never written)");
        }
        out
    }
}

// ---------------------------------------------------------------------------------------------
// add

/// What `add` is asked to record.
#[derive(Debug, Clone, Default)]
pub struct AddRequest {
    /// Source id (path relative to sources/).
    pub source: String,
    /// The quote or claim text.
    pub text: String,
    /// Id to use (derived from the words when absent).
    pub id: Option<String>,
    /// Record a claim rather than a quote.
    pub claim: bool,
    /// For claims: evidence text to locate.
    pub evidence: Option<String>,
    /// An explicit pointer (`--span A:B` or `--lines A-B`).
    pub pointer: Option<Pointer>,
    /// Choose the Nth (1-based) of several occurrences.
    pub occurrence: Option<usize>,
    /// Claims file to append to (default claims/<source stem>.toml).
    pub to: Option<PathBuf>,
}

/// One candidate occurrence offered when `add` refuses an ambiguous text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Byte span in the source.
    pub span: (usize, usize),
    /// Its lines.
    pub lines: [usize; 2],
    /// The occurrence with a little of its surroundings.
    pub context: String,
}

/// What `add` did.
#[derive(Debug, Clone)]
pub enum AddOutcome {
    /// The entry was appended.
    Written {
        /// Claims file written (relative to the root).
        file: String,
        /// The TOML appended.
        rendered: String,
        /// The verdict `check` gives the new entry.
        status: Status,
        /// A warning for the person (approximate match, unsupported claim), with details.
        warning: Option<String>,
    },
    /// Nothing was written.
    Refused {
        /// Why.
        reason: String,
        /// For ambiguous texts: every occurrence.
        candidates: Vec<Candidate>,
    },
}

fn candidate(src: &Source, span: (usize, usize)) -> Candidate {
    let (p, s) = context(src, span);
    Candidate {
        span,
        lines: src.lines_of(span),
        context: format!(
            "…{} [{}] {}…",
            p.unwrap_or_default(),
            clip(&src.text[span.0..span.1], 60),
            s.unwrap_or_default()
        ),
    }
}

/// Locate a text in a source and append it as a `[[quote]]` (or, with `claim`, a `[[claim]]`).
/// Refuses missing and ambiguous texts (listing the candidates; `occurrence` chooses one);
/// records a close approximate match with a warning and its diff.
pub fn add(project: &Project, req: &AddRequest) -> Result<AddOutcome> {
    let loaded = crate::check::load(project)?;
    let Some(src) = loaded.sources.iter().find(|s| s.id == req.source) else {
        let known: Vec<&str> = loaded.sources.iter().map(|s| s.id.as_str()).collect();
        return Err(Error::Usage(format!(
            "unknown source `{}` (sources are paths relative to sources/: {})",
            req.source,
            known.join(", ")
        )));
    };
    if req.evidence.is_some() && !req.claim {
        return Err(Error::Usage(
            "`--evidence` belongs to claims; add `--claim`, or quote the words themselves".into(),
        ));
    }
    if req.claim && req.evidence.is_none() && req.pointer.is_none() {
        return Err(Error::Usage(
            "a claim needs its evidence: `--evidence TEXT`, `--span A:B` or `--lines A-B`".into(),
        ));
    }
    let mut taken = taken_ids(&loaded);
    let id = match &req.id {
        Some(id) if !valid_id(id) => {
            return Err(Error::Usage(format!(
                "invalid id `{id}`: ids use letters, digits, `.`, `_` and `-`"
            )))
        }
        Some(id) if taken.contains(id) => {
            return Err(Error::Usage(format!(
                "id `{id}` is already taken; ids are unique across the project"
            )))
        }
        Some(id) => id.clone(),
        None => derive_id(&req.text, &taken),
    };
    taken.insert(id.clone());
    let default_to = PathBuf::from(format!(
        "claims/{}.toml",
        Path::new(&src.id)
            .file_stem()
            .map_or("claims".into(), |s| s.to_string_lossy())
    ));
    let (path, rel) = claims_target(project, req.to.as_deref().unwrap_or(&default_to))?;
    let region = match req.pointer {
        Some(p) => Some(judge::region(src, p).ok_or_else(|| {
            Error::Usage(format!(
                "{} is out of range for `{}` ({} bytes, {} lines)",
                match p {
                    Pointer::Span(a, b) => format!("span {a}:{b}"),
                    Pointer::Lines(a, b) => format!("lines {a}-{b}"),
                },
                src.id,
                src.len(),
                src.lines.count()
            ))
        })?),
        None => None,
    };
    let t = thresholds(project);
    let all: Vec<&Source> = loaded.sources.iter().collect();
    // What must be found in the source: the quote, or the claim's evidence.
    let wanted = if req.claim {
        req.evidence.as_deref()
    } else {
        Some(req.text.as_str())
    };
    let mut text = req.text.clone();
    let mut evidence = req.evidence.clone();
    let mut warning = None;
    let mut found = region;
    if let Some(wanted) = wanted {
        let located = locate(src, &all, wanted, region, &t);
        let v = &located.verdict;
        if req.claim {
            evidence = Some(located.text.clone());
        } else {
            text = located.text.clone();
        }
        let needle = Needle::new(&located.text);
        let copies: Vec<(usize, usize)> = IndexLocator
            .occurrences(src, &needle)
            .into_iter()
            .map(|m| m.span)
            .filter(|s| region.is_none_or(|(a, b)| s.0 >= a && s.1 <= b))
            .collect();
        found = match (v.status, req.occurrence) {
            (_, Some(n)) if !copies.is_empty() => match copies.get(n.wrapping_sub(1)) {
                Some(&s) => Some(s),
                None => {
                    return Ok(AddOutcome::Refused {
                        reason: format!(
                            "--occurrence {n}: `{}` has {} occurrence(s) of the text",
                            src.id,
                            copies.len()
                        ),
                        candidates: copies.iter().map(|&s| candidate(src, s)).collect(),
                    })
                }
            },
            (Status::Verified | Status::Normalized, _) => v.found,
            (Status::Ambiguous, _) => {
                return Ok(AddOutcome::Refused {
                    reason: format!(
                        "ambiguous: the text occurs {} times in `{}`; choose one with --occurrence N (or --span/--lines)",
                        v.occurrences.len(),
                        src.id
                    ),
                    candidates: v.occurrences.iter().map(|&s| candidate(src, s)).collect(),
                })
            }
            (Status::Relocated, _) => {
                return Ok(AddOutcome::Refused {
                    reason: format!(
                        "the text is not within the given {}; it occurs elsewhere in `{}`",
                        if matches!(req.pointer, Some(Pointer::Lines(..))) { "lines" } else { "span" },
                        src.id
                    ),
                    candidates: copies_all(src, &needle),
                })
            }
            (Status::Drifted, _) => {
                warning = Some(format!(
                    "only an approximate match (similarity {:.2}); `check` will report it drifted until the text matches the source\n  diff: {}",
                    v.similarity.unwrap_or(0.0),
                    v.diff.as_deref().map(diff_line).unwrap_or_default()
                ));
                v.found
            }
            _ => {
                let elsewhere = if v.found_in.is_empty() {
                    String::new()
                } else {
                    format!(" (it is in {})", v.found_in.join(", "))
                };
                return Ok(AddOutcome::Refused {
                    reason: format!("missing: the text is not in `{}`{elsewhere}", src.id),
                    candidates: Vec::new(),
                });
            }
        };
    }
    let Some(found) = found else {
        return Ok(AddOutcome::Refused {
            reason: "nothing to point at".into(),
            candidates: Vec::new(),
        });
    };
    let pointer = req.pointer.unwrap_or(Pointer::Span(found.0, found.1));
    let (prefix, suffix) = if wanted.is_some() {
        context(src, found)
    } else {
        (None, None)
    };
    let entry = NewEntry {
        kind: if req.claim { Kind::Claim } else { Kind::Quote },
        id,
        source: src.id.clone(),
        text,
        evidence,
        pointer: Some(pointer),
        lines: matches!(pointer, Pointer::Span(..)).then(|| src.lines_of(found)),
        sha256: Some(src.sha256.clone()),
        prefix,
        suffix,
    };
    let rendered = edit::render_entry(&entry);
    let status = judge_rendered(project, &loaded, &rel, &rendered)
        .first()
        .map_or(Status::Missing, |(_, v)| v.status);
    if status == Status::Unsupported && warning.is_none() {
        warning = Some(
            "the evidence lacks the claim's numbers or most of its content words; `check` will report it unsupported"
                .into(),
        );
    }
    let old = read_optional(&path)?;
    let new = edit::append_entries(&rel, old.as_deref(), std::slice::from_ref(&entry))?;
    crate::fs::write_atomic(&path, new.as_bytes())?;
    Ok(AddOutcome::Written {
        file: rel,
        rendered,
        status,
        warning,
    })
}

fn copies_all(src: &Source, needle: &Needle) -> Vec<Candidate> {
    IndexLocator
        .occurrences(src, needle)
        .into_iter()
        .map(|m| candidate(src, m.span))
        .collect()
}

impl AddOutcome {
    /// What people read.
    pub fn render(&self) -> String {
        let mut out = String::new();
        match self {
            AddOutcome::Written {
                file,
                rendered,
                status,
                warning,
            } => {
                if let Some(w) = warning {
                    let _ = writeln!(out, "warning: {w}");
                }
                let _ = writeln!(out, "appended to {file} ({}):", status.as_str());
                let _ = write!(out, "{rendered}");
            }
            AddOutcome::Refused { reason, candidates } => {
                let _ = writeln!(out, "refused: {reason}; nothing was written");
                for (n, c) in candidates.iter().enumerate() {
                    let _ = writeln!(
                        out,
                        "  {}. [{}, {}) {}: {}",
                        n + 1,
                        c.span.0,
                        c.span.1,
                        lines_label(c.lines),
                        c.context
                    );
                }
            }
        }
        out
    }
}

// ---------------------------------------------------------------------------------------------
// fix

/// A change `fix` makes (or would make) to one entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Fixed {
    /// Entry id.
    pub id: String,
    /// Claims file and line.
    pub file: String,
    /// Line of the entry's header.
    pub line: usize,
    /// What changes, for people (`span [5671, 5774] -> [5684, 5787]`).
    pub what: Vec<String>,
}

/// An entry `fix` leaves for a person.
#[derive(Debug, Clone, PartialEq)]
pub struct Unfixed {
    /// Entry id.
    pub id: String,
    /// Claims file.
    pub file: String,
    /// Line of the entry's header.
    pub line: usize,
    /// Its status.
    pub status: Status,
    /// Why, with the diff for drifted entries.
    pub detail: String,
}

/// Everything `fix` found: the rewritten files and what it could not fix.
#[derive(Debug, Clone, Default)]
pub struct FixPlan {
    /// (claims file, old text, new text) for each file that changes.
    pub files: Vec<(String, String, String)>,
    /// Entries whose pointer or pin changes.
    pub fixed: Vec<Fixed>,
    /// Entries left for a person.
    pub unfixed: Vec<Unfixed>,
}

/// Work out what `fix` changes: for every entry found elsewhere than its pointer, the pointer
/// moves to the occurrence found (the declared prefix/suffix, then nearness to the old position,
/// choose among copies: the rules of `judge`); stale `sha256` pins are refreshed where the text
/// still matches. Texts are never changed. Drifted, missing, ambiguous and unsupported entries
/// are listed for a person.
pub fn plan_fix(project: &Project) -> Result<FixPlan> {
    let loaded = crate::check::load(project)?;
    let t = thresholds(project);
    let all: Vec<&Source> = loaded.sources.iter().collect();
    let mut plan = FixPlan::default();
    let mut changes: std::collections::BTreeMap<String, Vec<edit::EntryChange>> =
        Default::default();
    for e in &loaded.entries {
        let Some(src) = loaded.sources.iter().find(|s| s.id == e.source) else {
            continue;
        };
        let v = judge::judge(&IndexLocator, e, src, &all, &t);
        // A claim without `evidence` has no words to find again: its lines cannot be moved,
        // and a stale pin cannot be confirmed.
        let findable = e.kind == Kind::Quote || e.evidence.is_some();
        let stale_pin = e.sha256.as_ref().is_some_and(|h| *h != src.sha256);
        let located = findable
            && !matches!(
                v.status,
                Status::Missing | Status::Drifted | Status::Ambiguous
            );
        let mut what = Vec::new();
        if let (true, Some(found)) = (located, v.found) {
            let moved = v.region.is_some_and(|(a, b)| found.0 < a || found.1 > b);
            let lines = src.lines_of(found);
            match (moved, e.pointer) {
                (true, Some(Pointer::Span(a, b))) => {
                    what.push(format!("span [{a}, {b}] -> [{}, {}]", found.0, found.1));
                    changes.entry(e.origin.file.clone()).or_default().push((
                        e.kind,
                        e.id.clone(),
                        Change::Pointer(Pointer::Span(found.0, found.1)),
                        Some(lines),
                    ));
                }
                (true, Some(Pointer::Lines(a, b))) => {
                    what.push(format!("lines [{a}, {b}] -> [{}, {}]", lines[0], lines[1]));
                    changes.entry(e.origin.file.clone()).or_default().push((
                        e.kind,
                        e.id.clone(),
                        Change::Pointer(Pointer::Lines(lines[0], lines[1])),
                        None,
                    ));
                }
                _ => {}
            }
            if stale_pin {
                what.push("sha256 pin refreshed".into());
                changes.entry(e.origin.file.clone()).or_default().push((
                    e.kind,
                    e.id.clone(),
                    Change::Sha256(src.sha256.clone()),
                    None,
                ));
            }
        }
        if !what.is_empty() {
            plan.fixed.push(Fixed {
                id: e.id.clone(),
                file: e.origin.file.clone(),
                line: e.origin.line,
                what,
            });
        }
        let detail = match v.status {
            Status::Drifted => format!(
                "the words differ from the source (similarity {:.2}); a person decides\n      diff: {}",
                v.similarity.unwrap_or(0.0),
                v.diff.as_deref().map(diff_line).unwrap_or_default()
            ),
            Status::Missing if v.found_in.is_empty() => "found nowhere in its source".into(),
            Status::Missing => format!("not in its source; found in {}", v.found_in.join(", ")),
            Status::Ambiguous => format!(
                "{} copies ({}); add a span, lines or prefix/suffix to choose",
                v.occurrences.len(),
                v.occurrences
                    .iter()
                    .map(|&s| lines_label(src.lines_of(s)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Status::Unsupported => format!(
                "the evidence lacks: {}",
                v.missing_terms.join(", ")
            ),
            _ if !findable && stale_pin => String::new(),
            _ => continue,
        };
        let detail = if !findable && stale_pin {
            let pin = "the source changed since pinned and the claim has no `evidence` to find again; check the cited lines, then update or remove its `sha256`";
            if detail.is_empty() {
                pin.to_string()
            } else {
                format!("{detail}; {pin}")
            }
        } else {
            detail
        };
        plan.unfixed.push(Unfixed {
            id: e.id.clone(),
            file: e.origin.file.clone(),
            line: e.origin.line,
            status: v.status,
            detail,
        });
    }
    for (file, list) in changes {
        let path = project.root.join(&file);
        let old = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        let new = edit::apply_changes(&file, &old, &list)?;
        if new != old {
            plan.files.push((file, old, new));
        }
    }
    Ok(plan)
}

/// Write the plan's files (atomically).
pub fn apply_fix(project: &Project, plan: &FixPlan) -> Result<()> {
    for (file, _, new) in &plan.files {
        crate::fs::write_atomic(&project.root.join(file), new.as_bytes())?;
    }
    Ok(())
}

impl FixPlan {
    /// The unified diff of every change.
    pub fn diff(&self) -> String {
        self.files
            .iter()
            .map(|(f, old, new)| edit::unified_diff(f, old, new))
            .collect()
    }

    /// What people read after a fix (or a dry run, with `dry_run`).
    pub fn render(&self, dry_run: bool) -> String {
        let mut out = String::new();
        if dry_run {
            out.push_str(&self.diff());
        }
        let verb = if dry_run { "would fix" } else { "fixed" };
        for f in &self.fixed {
            let _ = writeln!(
                out,
                "{verb} {}:{}  {}  {}",
                f.file,
                f.line,
                f.id,
                f.what.join("; ")
            );
        }
        for u in &self.unfixed {
            let _ = writeln!(
                out,
                "cannot fix {}:{}  {}  {}: {}",
                u.file,
                u.line,
                u.id,
                u.status.as_str(),
                u.detail
            );
        }
        let _ = writeln!(
            out,
            "{} entr{} {}, {} left for a person{}",
            self.fixed.len(),
            if self.fixed.len() == 1 { "y" } else { "ies" },
            if dry_run { "to fix" } else { "fixed" },
            self.unfixed.len(),
            if dry_run {
                "; nothing was written (dry run)".to_string()
            } else if self.files.is_empty() {
                "; nothing to write".to_string()
            } else {
                format!(
                    "; wrote {}",
                    self.files
                        .iter()
                        .map(|(f, _, _)| f.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
        );
        out
    }
}

// ---------------------------------------------------------------------------------------------
// show

/// One entry, its verdict and the source passage around it.
#[derive(Debug, Clone)]
pub struct Shown {
    /// The entry's result, as `check` reports it.
    pub result: crate::model::EntryResult,
    /// Source lines around the passage: (1-based line, text, inside the passage). Lines holding
    /// the found words show them marked `«…»` with some context; others are shortened.
    pub passage: Vec<(usize, String, bool)>,
}

/// The entry `id`, judged, with two lines of source either side of where it stands.
pub fn show(project: &Project, id: &str) -> Result<Shown> {
    let Loaded {
        sources, entries, ..
    } = crate::check::load(project)?;
    let known = entries.len();
    let Some(entry) = entries.into_iter().find(|e| e.id == id) else {
        return Err(Error::Usage(format!(
            "no entry with id `{id}` ({known} entries in claims/)"
        )));
    };
    let loaded = Loaded {
        sources,
        entries: vec![entry],
        skipped: Vec::new(),
    };
    let report =
        crate::check::check_loaded(project, &loaded, &CheckOptions::default(), &IndexLocator);
    let Some(result) = report.results.into_iter().next() else {
        return Err(Error::Usage(format!("no entry with id `{id}`")));
    };
    let src = loaded.sources.iter().find(|s| s.path == result.source);
    let mut passage = Vec::new();
    let around = result
        .found_lines
        .or(result.declared_lines)
        .or_else(|| result.occurrences.first().map(|o| o.lines))
        .or_else(|| {
            let s = result.declared_span?;
            src.map(|src| src.lines_of((s[0], s[1])))
        });
    if let (Some(src), Some([a, b])) = (src, around) {
        let first = a.saturating_sub(2).max(1);
        let last = (b + 2).min(src.lines.count());
        let found = result.found_span.map(|f| (f[0], f[1]));
        for n in first..=last {
            if let Some((s, e)) = src.lines.span_of_lines(src.text.as_bytes(), n, n) {
                let text = match found {
                    // The found words marked «…», with a little of the line either side (the
                    // cable's lines are whole paragraphs).
                    Some((fa, fb)) if fa < e && fb > s => {
                        let (fa, fb) = (fa.max(s), fb.min(e));
                        let before: String = src.text[s..fa].chars().rev().take(60).collect();
                        let before: String = before.chars().rev().collect();
                        let after: String = src.text[fb..e].chars().take(60).collect();
                        format!(
                            "{}{before}«{}»{after}{}",
                            if before.len() < fa - s { "…" } else { "" },
                            &src.text[fa..fb],
                            if after.len() < e - fb { "…" } else { "" }
                        )
                    }
                    _ => clip(&src.text[s..e], 160),
                };
                passage.push((n, text, n >= a && n <= b));
            }
        }
    }
    Ok(Shown { result, passage })
}

impl Shown {
    /// What people read.
    pub fn render(&self) -> String {
        let r = &self.result;
        let mut out = String::new();
        let _ = writeln!(out, "{} {}  ({}:{})", r.kind.as_str(), r.id, r.file, r.line);
        let _ = writeln!(out, "  source:  {}", r.source);
        let _ = writeln!(out, "  text:    {}", r.text);
        if let Some(n) = &r.note {
            let _ = writeln!(out, "  note:    {n}");
        }
        let mut verdict = r.status.as_str().to_string();
        if let Some(s) = r.similarity {
            let _ = write!(verdict, "  similarity {s:.2}");
        }
        if r.source_changed {
            verdict.push_str("  (source changed since pinned)");
        }
        let _ = writeln!(out, "  verdict: {verdict}  [{}]", r.code);
        if let (Some(s), Some(l)) = (r.found_span, r.found_lines) {
            let _ = writeln!(out, "  found:   [{}, {}) {}", s[0], s[1], lines_label(l));
        }
        if let Some(d) = &r.diff {
            let _ = writeln!(out, "  diff:    {}", diff_line(d));
        }
        if !r.missing_terms.is_empty() {
            let _ = writeln!(out, "  not in the evidence: {}", r.missing_terms.join(", "));
        }
        for o in &r.occurrences {
            let _ = writeln!(
                out,
                "  occurrence [{}, {}) {}",
                o.span[0],
                o.span[1],
                lines_label(o.lines)
            );
        }
        if !r.found_in.is_empty() {
            let _ = writeln!(out, "  found in: {}", r.found_in.join(", "));
        }
        if !self.passage.is_empty() {
            let _ = writeln!(out, "  --- {}", r.source);
            for (n, text, inside) in &self.passage {
                let mark = if *inside { '>' } else { ' ' };
                let _ = writeln!(out, "  {mark}{n:>5} | {text}");
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_come_from_content_words_and_stay_unique() {
        let mut taken = BTreeSet::new();
        let a = derive_id("They have no support in Iran.", &taken);
        assert_eq!(a, "no-support-iran");
        taken.insert(a);
        assert_eq!(
            derive_id("They have NO support in Iran!", &taken),
            "no-support-iran-2"
        );
        assert_eq!(derive_id("“…”", &taken), "quote");
    }

    #[test]
    fn context_stays_on_the_line_and_on_word_boundaries() {
        let src = Source::from_text(
            "s.txt",
            "first line\nsome long words before the quoted words and some long words after it\n"
                .into(),
        );
        let at = src.text.find("quoted words").unwrap_or(0);
        let (p, s) = context(&src, (at, at + "quoted words".len()));
        assert_eq!(p.as_deref(), Some("some long words before the"));
        assert_eq!(s.as_deref(), Some("and some long words after it"));
    }
}
