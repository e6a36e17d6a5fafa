//! Opening a project and reading everything a run needs: settings, sources, claims — every
//! problem of every file collected before the run fails, so a user fixes them in one pass.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::claims::{self, Entry};
use crate::config::{self, Project, CONFIG_FILE};
use crate::error::{Diagnostic, Error, Result};
use crate::model::Shard;
use crate::source::{self, Source, SourceFile};

/// Open the project rooted exactly at `root`. A problem in citecheck.toml or citecheck.lock
/// fails the run, but only after the claims and sources were read too (with whatever settings
/// parsed), so the error lists every problem of the project at once.
pub fn open(root: &Path) -> Result<Project> {
    open_with_settings(root, None)
}

/// [`open`], with the settings read from `settings` instead of the root's citecheck.toml when
/// given (`--config PATH`, see [`Project::read_with_settings`]).
pub fn open_with_settings(root: &Path, settings: Option<&Path>) -> Result<Project> {
    let (project, mut problems) = Project::read_with_settings(root, settings)?;
    if problems.is_empty() {
        return Ok(project);
    }
    if let Err(Error::Invalid(more)) = load(&project) {
        problems.extend(more);
    }
    sort_problems(&mut problems);
    Err(Error::Invalid(problems))
}

/// [`open`] for `citecheck lock`, which rewrites citecheck.lock: a lock that does not parse is
/// what the command repairs, so its problems do not stop it (a lock that is not a regular
/// file, or a link, is still refused when written).
pub fn open_to_relock(root: &Path) -> Result<Project> {
    let (mut project, problems) = Project::read(root)?;
    let problems: Vec<Diagnostic> = problems
        .into_iter()
        .filter(|d| d.file != config::LOCK_FILE)
        .collect();
    if problems.is_empty() {
        project.lock = None;
        return Ok(project);
    }
    open(root)
}

/// Find the project from `start`: the nearest folder upward holding citecheck.toml or
/// claims/, as cargo finds Cargo.toml.
pub fn discover(start: &Path) -> Result<Project> {
    let start = start
        .canonicalize()
        .map_err(|e| Error::io(start.to_path_buf(), e))?;
    match config::find_root(&start) {
        Some(root) => open(&root),
        None => Err(Error::NoProject(start)),
    }
}

fn sort_problems(problems: &mut [Diagnostic]) {
    problems.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
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
pub(crate) fn load_parts(
    project: &Project,
    shard: Option<Shard>,
) -> Result<(Loaded, Vec<SourceFile>)> {
    let mut problems = Vec::new();
    let limit = project.config.check.max_source_bytes;
    let files = source::discover_project(project, &mut problems)?;
    let claim_files = claims::discover(&project.root, limit, &mut problems)?;
    let mut entries: Vec<Entry> = claim_files
        .iter()
        .flat_map(|f| claims::parse_file(&f.path, &f.text, &mut problems))
        .collect();
    let wanted: Vec<SourceFile> = match shard {
        None => files.clone(),
        Some(shard) => shard_sources(shard, &entries, &files),
    };
    let unloaded: BTreeSet<&str> = files
        .iter()
        .map(|f| f.id.as_str())
        .filter(|id| !wanted.iter().any(|w| w.id == *id))
        .collect();
    let sources = source::load_files(&wanted, &mut problems)?;
    let skipped: Vec<SourceFile> = files
        .iter()
        .filter(|f| unloaded.contains(f.id.as_str()))
        .cloned()
        .collect();
    let by_id: BTreeMap<&str, &Source> = sources.iter().map(|s| (s.id.as_str(), s)).collect();
    // Sources that exist but were refused (undecodable, too large, a FIFO, a link out) are
    // reported once, where they are: the claims citing them are not "unknown source" too.
    let refused: Vec<String> = problems
        .iter()
        .filter_map(|d| d.file.strip_prefix("sources/"))
        .filter(|id| !id.is_empty())
        .map(str::to_string)
        .collect();
    let mut unloaded = unloaded;
    unloaded.extend(refused.iter().map(String::as_str));
    if problems.iter().any(|d| d.file == "sources/") {
        // The folder itself was refused: no source is unknown, none could be read.
        unloaded.extend(entries.iter().map(|e| e.source.as_str()));
    }
    let changed = |e: &Entry, s: &Source| {
        super::entry::stale_pin(e, s) || super::sources::lock_differs(project, s)
    };
    claims::validate_known(&entries, &by_id, &unloaded, &changed, &mut problems);
    for id in project.config.sources.keys() {
        if !by_id.contains_key(id.as_str()) && !unloaded.contains(id.as_str()) {
            problems.push(
                Diagnostic::file(
                    CONFIG_FILE,
                    format!("`[sources.\"{id}\"]` names a source that does not exist"),
                )
                .help("fix the path (relative to sources/) or remove the table"),
            );
        }
    }
    if !problems.is_empty() {
        sort_problems(&mut problems);
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
    let skipped_ids = skipped.iter().map(|f| f.id.clone()).collect();
    Ok((
        Loaded {
            sources,
            entries,
            skipped: skipped_ids,
        },
        skipped,
    ))
}

/// The sources a shard reads: those its entries cite, plus its share (by position) of the
/// sources no entry cites, so every source is hashed and reported by exactly one shard.
fn shard_sources(shard: Shard, entries: &[Entry], files: &[SourceFile]) -> Vec<SourceFile> {
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
        .filter(|f| {
            if cited.contains(f.id.as_str()) {
                mine.contains(f.id.as_str())
            } else {
                uncited += 1;
                shard.owns(uncited - 1)
            }
        })
        .cloned()
        .collect()
}
