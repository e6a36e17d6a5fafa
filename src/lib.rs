//! # citecheck
//!
//! Prove quotations and claims against their sources. A project keeps its documents in
//! `sources/`, declares quotes and claims in `claims/*.toml`, and pins every source's SHA-256 in
//! `citecheck.lock`. [`check`] runs the pipeline and returns a [`Report`]; the binary only
//! parses arguments and renders.
//!
//! The modules follow the data:
//!
//! ```text
//! project ─▶ source (read + hash, parallel) ─▶ text::normalize (offset map) ─▶ locate (index,
//! align) ─▶ judge (the rules) ─▶ report (one model; a reporter per format)
//!        └▶ claims (TOML schema, every problem collected)
//! ```
//!
//! Invariants: every span that leaves the library is a byte range into the source's original
//! bytes; the library never prints; a source is read once per run and the bytes hashed are the
//! bytes matched; the same inputs give byte-identical reports.

#![warn(missing_docs)]

pub mod changes;
pub mod claims;
pub mod codes;
pub mod dups;
pub mod edit;
pub mod editor;
pub mod error;
pub mod judge;
pub mod locate;
pub mod project;
pub mod report;
pub mod scan;
pub mod shard;
pub mod source;
pub mod text;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use rayon::prelude::*;

pub use claims::{Entry, Kind, Pointer};
pub use error::{Diagnostic, Error, Result};
pub use judge::{Status, Thresholds, Verdict};
pub use project::{Config, FailOn, Lock, Project};
pub use report::{Format, Report};
pub use shard::Shard;
pub use source::Source;

use locate::{IndexLocator, Locator};
use report::{EntryResult, Occurrence, SourceReport, Summary, Tool};

/// Options of one `check` run (beyond the project's settings).
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Statuses (and `source_changed`) that fail the run, added to the defaults and the config.
    pub fail_on: Vec<FailOn>,
    /// Fail on any source that does not match citecheck.lock.
    pub locked: bool,
    /// Judge only this shard of the entries (and read only the sources it needs).
    pub shard: Option<Shard>,
    /// Incremented once per judged entry, for a progress display (the library never prints).
    pub progress: Option<Arc<AtomicUsize>>,
    /// Do not search for duplicated passages (`check --no-dups`; implied by `shard`).
    pub skip_duplicates: bool,
}

/// Everything a run reads: sources and entries, all validated.
#[derive(Debug)]
pub struct Loaded {
    /// Every source, sorted by id.
    pub sources: Vec<Source>,
    /// Every entry, sorted by (claims file, line).
    pub entries: Vec<Entry>,
    /// Ids of sources that exist but were not read (another shard reads them).
    pub skipped: Vec<String>,
}

/// Load and validate the project's sources and claims, collecting every problem.
pub fn load(project: &Project) -> Result<Loaded> {
    load_shard(project, None)
}

/// [`load`] for one shard: every claims file is parsed and validated, but only the shard's
/// entries are kept, and only the sources they cite (plus the shard's share of the sources no
/// entry cites) are read and hashed. `None` loads everything.
pub fn load_shard(project: &Project, shard: Option<Shard>) -> Result<Loaded> {
    load_parts(project, shard).map(|(loaded, _)| loaded)
}

/// [`load_shard`], also returning the sources that exist but were not read.
fn load_parts(
    project: &Project,
    shard: Option<Shard>,
) -> Result<(Loaded, Vec<(String, std::path::PathBuf)>)> {
    let mut problems = Vec::new();
    let files = source::discover(&project.root.join("sources"), &mut problems)?;
    let claim_files = claims::discover(&project.root, &mut problems)?;
    let mut entries: Vec<Entry> = claim_files
        .iter()
        .flat_map(|(file, text)| claims::parse_file(file, text, &mut problems))
        .collect();
    let mut unloaded: BTreeSet<&str> = BTreeSet::new();
    let wanted: Vec<(String, std::path::PathBuf)> = match shard {
        None => files.clone(),
        Some(shard) => {
            let mut order: Vec<usize> = (0..entries.len()).collect();
            order.sort_by(|&a, &b| {
                let (a, b) = (&entries[a].origin, &entries[b].origin);
                (&a.file, a.line).cmp(&(&b.file, b.line))
            });
            let mut mine: BTreeSet<&str> = BTreeSet::new();
            for (pos, &i) in order.iter().enumerate() {
                if shard.owns(pos) {
                    mine.insert(entries[i].source.as_str());
                }
            }
            let cited: BTreeSet<&str> = entries.iter().map(|e| e.source.as_str()).collect();
            let mut uncited = 0;
            files
                .iter()
                .filter(|(id, _)| {
                    let keep = if cited.contains(id.as_str()) {
                        mine.contains(id.as_str())
                    } else {
                        uncited += 1;
                        shard.owns(uncited - 1)
                    };
                    if !keep {
                        unloaded.insert(id.as_str());
                    }
                    keep
                })
                .cloned()
                .collect()
        }
    };
    let sources = source::load_files(&wanted, &mut problems)?;
    let skipped: Vec<(String, std::path::PathBuf)> = files
        .iter()
        .filter(|(id, _)| unloaded.contains(id.as_str()))
        .cloned()
        .collect();
    let by_id: BTreeMap<&str, &Source> = sources.iter().map(|s| (s.id.as_str(), s)).collect();
    claims::validate_known(&entries, &by_id, &unloaded, &mut problems);
    for id in project.config.sources.keys() {
        if !by_id.contains_key(id.as_str()) && !unloaded.contains(id.as_str()) {
            problems.push(
                Diagnostic::file(
                    project::CONFIG_FILE,
                    format!("`[sources.\"{id}\"]` names a source that does not exist"),
                )
                .help("fix the path (relative to sources/) or remove the table"),
            );
        }
    }
    if !problems.is_empty() {
        problems.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
        return Err(Error::Invalid(problems));
    }
    entries.sort_by(|a, b| (&a.origin.file, a.origin.line).cmp(&(&b.origin.file, b.origin.line)));
    if let Some(shard) = shard {
        entries = entries
            .into_iter()
            .enumerate()
            .filter(|(pos, _)| shard.owns(*pos))
            .map(|(_, e)| e)
            .collect();
    }
    let skipped_ids = skipped.iter().map(|(id, _)| id.clone()).collect();
    Ok((
        Loaded {
            sources,
            entries,
            skipped: skipped_ids,
        },
        skipped,
    ))
}

/// Run the whole check: load, locate, judge, and build the report.
pub fn check(project: &Project, options: &CheckOptions) -> Result<Report> {
    let (loaded, skipped) = load_parts(project, options.shard)?;
    let mut report = check_loaded(project, &loaded, options, &IndexLocator);
    if !skipped.is_empty() && report.results.iter().any(|r| r.status == Status::Missing) {
        complete_found_in(&mut report, &loaded, &skipped, &IndexLocator)?;
    }
    Ok(report)
}

/// A shard reads only the sources its entries cite, but a missing entry's `found_in` names every
/// other source holding the text: read the rest (only when something is missing) and fill it in,
/// so the shard reports what a whole run would.
fn complete_found_in(
    report: &mut Report,
    loaded: &Loaded,
    skipped: &[(String, std::path::PathBuf)],
    locator: &dyn Locator,
) -> Result<()> {
    let mut problems = Vec::new();
    let extra = source::load_files(skipped, &mut problems)?;
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    let mut all: Vec<&Source> = loaded.sources.iter().chain(&extra).collect();
    all.sort_by(|a, b| a.id.cmp(&b.id));
    let by_id: BTreeMap<&str, &Source> = all.iter().map(|s| (s.id.as_str(), *s)).collect();
    report
        .results
        .par_iter_mut()
        .zip(&loaded.entries)
        .filter(|(r, _)| r.status == Status::Missing)
        .for_each(|(r, e)| {
            if let Some(text) = judge::searched_text(e) {
                let needle = locate::Needle::new(text);
                r.found_in = judge::found_in(locator, by_id[e.source.as_str()], &all, &needle);
            }
        });
    Ok(())
}

/// True when the entry's `sha256` pin names another hash than the source has now.
fn stale_pin(entry: &Entry, source: &Source) -> bool {
    entry.sha256.as_ref().is_some_and(|h| *h != source.sha256)
}

/// Judge every entry of an already loaded project with `locator`.
pub fn check_loaded(
    project: &Project,
    loaded: &Loaded,
    options: &CheckOptions,
    locator: &dyn Locator,
) -> Report {
    let thresholds = Thresholds {
        min_similarity: project.config.check.min_similarity,
        support: project.config.check.support_threshold,
    };
    let fail_on: BTreeSet<FailOn> = project
        .config
        .check
        .fail_on
        .iter()
        .chain(&options.fail_on)
        .copied()
        .collect();
    let fail_changed = fail_on.contains(&FailOn::SourceChanged);
    let by_id: BTreeMap<&str, &Source> =
        loaded.sources.iter().map(|s| (s.id.as_str(), s)).collect();
    let all: Vec<&Source> = loaded.sources.iter().collect();
    let lock = project.lock.as_ref();
    let lock_differs = |s: &Source| {
        lock.and_then(|l| l.get(&s.id))
            .is_some_and(|p| p.sha256 != s.sha256)
    };

    // Duplicates need every source; a shard reads only its own, so sharded runs skip them.
    // Found before the word indexes are built: their working memory (a key per word, about the
    // size of an index) is freed by then, so the two never add up in the peak.
    let duplicates = if options.skip_duplicates || options.shard.is_some() {
        Vec::new()
    } else {
        dups::find_duplicates(&loaded.sources, &project.config.dups)
    };
    // Index every cited source up front, each build using every core, rather than lazily
    // inside the first entry that needs it while the other threads wait for it.
    let cited: BTreeSet<&str> = loaded.entries.iter().map(|e| e.source.as_str()).collect();
    loaded
        .sources
        .par_iter()
        .filter(|s| cited.contains(s.id.as_str()))
        .for_each(|s| {
            s.index();
        });
    // Code-point offsets (for W3C selectors), indexed once per source on first use.
    let code_points: BTreeMap<&str, std::sync::OnceLock<text::codepoints::CodePoints>> = loaded
        .sources
        .iter()
        .map(|s| (s.id.as_str(), std::sync::OnceLock::new()))
        .collect();

    let results: Vec<EntryResult> = loaded
        .entries
        .par_iter()
        .map(|e| {
            // Validation guarantees the source exists.
            let src = by_id[e.source.as_str()];
            let v = judge::judge(locator, e, src, &all, &thresholds);
            if let Some(p) = &options.progress {
                p.fetch_add(1, Ordering::Relaxed);
            }
            let source_changed = stale_pin(e, src) || lock_differs(src);
            let fails = v.status.fails_by_default()
                || fail_on.iter().any(|f| f.status() == Some(v.status))
                || (source_changed && fail_changed)
                // --locked is about the lock: a stale pin in an entry alone does not trip it.
                || (options.locked && lock_differs(src));
            let also_at = v.found.map_or_else(Vec::new, |f| {
                dups::also_at(&duplicates, &loaded.sources, locator, src, f)
            });
            let occ = |span: (usize, usize)| Occurrence {
                span: [span.0, span.1],
                lines: src.lines_of(span),
            };
            EntryResult {
                id: e.id.clone(),
                kind: e.kind,
                code: codes::for_status(e.kind, v.status).to_string(),
                file: e.origin.file.clone(),
                line: e.origin.line,
                column: e.origin.column,
                source: src.path.clone(),
                status: v.status,
                fails,
                similarity: v.similarity.map(|s| (s * 10_000.0).round() / 10_000.0),
                declared_span: match e.pointer {
                    Some(Pointer::Span(a, b)) => Some([a, b]),
                    _ => None,
                },
                declared_lines: match e.pointer {
                    Some(Pointer::Lines(a, b)) => Some([a, b]),
                    _ => None,
                },
                found_span: v.found.map(|s| [s.0, s.1]),
                found_lines: v.found.map(|s| src.lines_of(s)),
                occurrences: v.occurrences.iter().map(|&s| occ(s)).collect(),
                source_changed,
                diff: v.diff,
                missing_terms: v.missing_terms,
                found_in: v.found_in,
                text: e.text.clone(),
                found_text: v.found.map(|(a, b)| src.text[a..b].to_string()),
                note: e.note.clone(),
                context_before: v.found.map(|(a, _)| context_before(&src.text, a)),
                context_after: v.found.map(|(_, b)| context_after(&src.text, b)),
                found_chars: v.found.map(|(a, b)| {
                    let cp = code_points[src.id.as_str()]
                        .get_or_init(|| text::codepoints::CodePoints::new(&src.text));
                    [cp.at(&src.text, a), cp.at(&src.text, b)]
                }),
                copies_differ: also_at.iter().any(|a| a.differs),
                also_at,
            }
        })
        .collect();

    // A source is changed when the lock or any entry's pin names another hash.
    let pinned_elsewhere: BTreeSet<&str> = loaded
        .entries
        .iter()
        .filter(|e| stale_pin(e, by_id[e.source.as_str()]))
        .map(|e| e.source.as_str())
        .collect();
    let sources: Vec<SourceReport> = loaded
        .sources
        .iter()
        .map(|s| {
            let pin = lock.and_then(|l| l.get(&s.id));
            let meta = project
                .config
                .sources
                .get(&s.id)
                .cloned()
                .unwrap_or_default();
            let changed = lock_differs(s) || pinned_elsewhere.contains(s.id.as_str());
            SourceReport {
                id: s.id.clone(),
                path: s.path.clone(),
                sha256: s.sha256.clone(),
                bytes: s.len() as u64,
                lines: s.lines.count(),
                locked_sha256: pin.map(|p| p.sha256.clone()),
                changed,
                title: meta.title,
                origin: meta.origin,
                retrieved: meta.retrieved,
                fails: options.locked && pin.is_none_or(|p| p.sha256 != s.sha256),
                missing: false,
            }
        })
        .collect();
    // A pinned source whose file is gone differs from the lock too: `--locked` must not pass.
    let mut sources = sources;
    for pin in lock.map_or(&[][..], |l| &l.sources) {
        // A source another shard reads is not gone.
        if !by_id.contains_key(pin.path.as_str()) && !loaded.skipped.contains(&pin.path) {
            sources.push(SourceReport {
                id: pin.path.clone(),
                path: format!("sources/{}", pin.path),
                sha256: String::new(),
                bytes: 0,
                lines: 0,
                locked_sha256: Some(pin.sha256.clone()),
                changed: true,
                title: pin.meta.title.clone(),
                origin: pin.meta.origin.clone(),
                retrieved: pin.meta.retrieved.clone(),
                fails: options.locked,
                missing: true,
            });
        }
    }
    sources.sort_by(|a, b| a.id.cmp(&b.id));
    let summary = Summary::compute(&results, &sources);
    Report {
        version: report::REPORT_VERSION,
        tool: Tool {
            name: "citecheck".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        },
        shard: options.shard,
        sources,
        results,
        summary,
        duplicates,
    }
}

/// Most bytes of context shown on each side of a found passage.
const CONTEXT_BYTES: usize = 160;

/// The text before byte `at` on its line, at most [`CONTEXT_BYTES`], starting at a word.
fn context_before(text: &str, at: usize) -> String {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let mut from = at.saturating_sub(CONTEXT_BYTES).max(line_start);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    if from > line_start {
        // Cut at a word boundary so the context does not start mid-word.
        if let Some(sp) = text[from..at].find(char::is_whitespace) {
            from += sp;
        }
    }
    text[from..at].trim_start().to_string()
}

/// The text after byte `at` on its line, at most [`CONTEXT_BYTES`], ending at a word.
fn context_after(text: &str, at: usize) -> String {
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let mut to = (at + CONTEXT_BYTES).min(line_end);
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    if to < line_end {
        if let Some(sp) = text[at..to].rfind(char::is_whitespace) {
            to = at + sp;
        }
    }
    text[at..to].trim_end().to_string()
}

/// Find the duplicated passages of the project's sources (`citecheck dups`), with the
/// project's `[dups]` settings unless `options` overrides them.
pub fn duplicates(project: &Project, options: &dups::DupOptions) -> Result<report::DupsReport> {
    let mut problems = Vec::new();
    let sources = source::load_all(&project.root, &mut problems)?;
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    Ok(report::DupsReport {
        version: report::REPORT_VERSION,
        tool: Tool {
            name: "citecheck".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        },
        sources: sources.len(),
        duplicates: dups::find_duplicates(&sources, options),
    })
}

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
            .map(|s| project::LockedSource {
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
    edit::write_atomic(
        &project.root.join(project::LOCK_FILE),
        lock.to_toml().as_bytes(),
    )?;
    Ok(lock)
}
