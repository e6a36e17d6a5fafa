//! `citecheck scan`: a manuscript's quotations, each located in the project's sources, and
//! (with `--write`) appended as `[[quote]]` entries.

pub mod follow;
pub mod links;
pub mod quotations;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::check::Loaded;
use crate::claims::write::{self as edit, NewEntry};
use crate::claims::Pointer;
use crate::config::Project;
use crate::error::Result;
use crate::judge::Thresholds;
use crate::locate::Needle;
use crate::model::{DiffOp, Kind, Span, Status};
use crate::source::Source;
use crate::workflow::common::{claims_target, context, derive_id, locate, taken_ids, Located};

pub use quotations::Quotation;

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
    pub found: Option<(Span, [usize; 2])>,
    /// For drifted quotations: the word diff.
    pub diff: Option<Vec<DiffOp>>,
    /// For ambiguous quotations: how many copies.
    pub copies: usize,
    /// The entry written (or that would be written) for it, when it was located.
    pub entry: Option<NewEntry>,
    /// The id of a quote already recorded with these words from this source (then nothing is
    /// written: scanning twice adds nothing).
    pub recorded: Option<String>,
    /// With `--fetch`: the page the quotation cites, and whether it could be read. A
    /// quotation that cites no single page, or whose page failed, is not located at all.
    pub link: Option<Linked>,
}

/// What a quotation's link came to (`scan --fetch`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Linked {
    /// Located in the source fetched from this URL (and nowhere else).
    Page {
        /// The URL.
        url: String,
    },
    /// No link near it: listed for a person, not attributed.
    NoLink,
    /// Several different links in its sentence or paragraph: a person must say which.
    Several(Vec<String>),
    /// Its page could not be fetched or read.
    Failed {
        /// The URL.
        url: String,
        /// Why.
        reason: String,
    },
}

/// The claims file a scan wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The claims file, relative to the project root.
    pub file: String,
    /// How many entries were appended to it.
    pub entries: usize,
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
    /// The claims file written (`--write`).
    pub written: Option<Written>,
    /// With `--fetch`: every page linked, with its source or why there is none.
    pub pages: Vec<follow::Page>,
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
///
/// With `follow` (`--fetch`), each quotation is attributed to the page its sentence or
/// paragraph links to ([`links`]); each page is fetched once into sources/ (or taken from a
/// source already fetched from it), and the quotation is located in that page alone. A
/// quotation without a link, with several, or whose page failed is listed, never located
/// elsewhere.
pub fn scan(
    project: &Project,
    manuscript: &Path,
    write: Option<&Path>,
    follow: Option<&follow::Follow<'_>>,
) -> Result<Scan> {
    let shown = manuscript.to_string_lossy().replace('\\', "/");
    let text = crate::fs::read_input(manuscript, &shown)?;
    let (quotations, short): (Vec<Quotation>, Vec<Quotation>) =
        quotations::quotations_in(&text, quotations::Manuscript::of(manuscript))
            .into_iter()
            .partition(|q| crate::text::words::words(&q.text).count() >= MIN_SCAN_WORDS);
    let Some(follow) = follow else {
        return scan_all(project, manuscript, quotations, short.len(), write);
    };
    let links = links::Links::read(&text);
    let cited: Vec<links::Cited> = quotations
        .iter()
        .map(|q| links.cited(&text, q.span, q.block))
        .collect();
    let urls: BTreeSet<String> = cited
        .iter()
        .filter_map(|c| match c {
            links::Cited::Url(u) => Some(u.clone()),
            _ => None,
        })
        .collect();
    let (pages, project) = follow::pages(project.clone(), &urls, follow)?;
    let loaded = crate::check::load(&project)?;
    let mut entries = Entries::new(&loaded);
    let t = Thresholds::from(&project.config);
    let items: Vec<ScanItem> = quotations
        .into_iter()
        .zip(cited)
        .map(|(q, c)| {
            let (link, source) = match c {
                links::Cited::NoLink => (Linked::NoLink, None),
                links::Cited::Several(urls) => (Linked::Several(urls), None),
                links::Cited::Url(url) => match page_source(&url, &pages, &loaded.sources) {
                    Ok(s) => (Linked::Page { url }, Some(s)),
                    Err(reason) => (Linked::Failed { url, reason }, None),
                },
            };
            let best = source.and_then(|s| best_match(&[s], &q.text, &t));
            let mut item = entries.item(q, best);
            item.link = Some(link);
            item
        })
        .collect();
    let written = write_entries(&project, &items, write)?;
    Ok(Scan {
        manuscript: manuscript.display().to_string(),
        items,
        short: short.len(),
        written,
        pages,
    })
}

/// The loaded source of the page fetched for `url`, or why there is none.
fn page_source<'s>(
    url: &str,
    pages: &[follow::Page],
    sources: &'s [Source],
) -> std::result::Result<&'s Source, String> {
    // Every linked URL was given a page by `follow::pages`.
    let page = pages
        .iter()
        .find(|p| p.url == url)
        .ok_or_else(|| "not fetched".to_string())?;
    let id = page.source.as_ref().map_err(Clone::clone)?;
    sources
        .iter()
        .find(|s| s.id == *id)
        .ok_or_else(|| format!("sources/{id} could not be read"))
}

/// A scan without `--fetch`: each quotation located in every source, the best kept.
fn scan_all(
    project: &Project,
    manuscript: &Path,
    quotations: Vec<Quotation>,
    short: usize,
    write: Option<&Path>,
) -> Result<Scan> {
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
    let mut entries = Entries::new(&loaded);
    let t = Thresholds::from(&project.config);
    let items: Vec<ScanItem> = quotations
        .into_iter()
        .map(|q| {
            let best = best_match(&sources, &q.text, &t);
            entries.item(q, best)
        })
        .collect();
    let written = write_entries(project, &items, write)?;
    Ok(Scan {
        manuscript: manuscript.display().to_string(),
        items,
        short,
        written,
        pages: Vec::new(),
    })
}

/// Append the entries of `items` to the claims file `write` names, when it names one.
fn write_entries(
    project: &Project,
    items: &[ScanItem],
    write: Option<&Path>,
) -> Result<Option<Written>> {
    let Some(file) = write else {
        return Ok(None);
    };
    let (path, rel) = claims_target(project, file)?;
    let new: Vec<NewEntry> = items.iter().filter_map(|i| i.entry.clone()).collect();
    if !new.is_empty() {
        edit::append_to_file(&path, &rel, &new)?;
    }
    Ok(Some(Written {
        file: rel,
        entries: new.len(),
    }))
}

/// The source where `text` stands best (by [`rank`], then similarity, then source id), with
/// where it stands there.
fn best_match<'s>(
    sources: &[&'s Source],
    text: &str,
    t: &Thresholds,
) -> Option<(&'s Source, Located)> {
    sources
        .iter()
        .map(|s| (*s, locate(s, &[], text, None, t)))
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
        })
}

/// What a scan has recorded so far: the ids in use, the passages already given an entry in
/// this scan, and the quotes the project already records (by source and normalized words).
struct Entries {
    taken: BTreeSet<String>,
    seen: BTreeSet<(String, Span)>,
    recorded: BTreeMap<(String, String), String>,
}

impl Entries {
    fn new(loaded: &Loaded) -> Entries {
        Entries {
            taken: taken_ids(loaded),
            seen: BTreeSet::new(),
            recorded: loaded
                .entries
                .iter()
                .filter(|e| e.kind == Kind::Quote)
                .map(|e| ((e.source.clone(), Needle::new(&e.text).norm), e.id.clone()))
                .collect(),
        }
    }

    /// The row for quotation `q` found at `best`, with the entry to write for it when it was
    /// found verified or normalized, is not recorded yet, and no earlier quotation of this scan
    /// already points at the same passage.
    fn item(&mut self, q: Quotation, best: Option<(&Source, Located)>) -> ScanItem {
        let mut item = ScanItem {
            quotation: q,
            source: None,
            status: Status::Missing,
            similarity: None,
            found: None,
            diff: None,
            copies: 0,
            entry: None,
            recorded: None,
            link: None,
        };
        let Some((src, located)) = best.filter(|(_, l)| l.verdict.status != Status::Missing) else {
            return item;
        };
        let v = &located.verdict;
        item.source = Some(src.id.clone());
        item.status = v.status;
        item.similarity = v.similarity;
        item.found = v.found.map(|f| (f, src.lines_of(f)));
        item.diff = v.diff.clone();
        item.copies = v.occurrence_count;
        item.recorded = self
            .recorded
            .get(&(src.id.clone(), Needle::new(&located.text).norm))
            .cloned();
        if let (Status::Verified | Status::Normalized, Some(found), None) =
            (v.status, v.found, &item.recorded)
        {
            if self.seen.insert((src.id.clone(), found)) {
                let id = derive_id(&located.text, &self.taken);
                self.taken.insert(id.clone());
                let (prefix, suffix) = context(src, found);
                item.entry = Some(NewEntry {
                    kind: Kind::Quote,
                    id,
                    source: src.id.clone(),
                    text: located.text.clone(),
                    evidence: None,
                    pointer: Some(Pointer::Span(found.start, found.end)),
                    lines: Some(src.lines_of(found)),
                    sha256: Some(src.sha256.clone()),
                    prefix,
                    suffix,
                });
            }
        }
        item
    }
}
