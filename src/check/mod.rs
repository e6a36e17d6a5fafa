//! The pipeline: open the project, load its sources and claims, locate and judge every entry,
//! find duplicated passages, and assemble the [`Report`].
//!
//! ```text
//! load (settings, sources hashed in parallel, claims validated)
//!   └▶ dups::search_cached (all sources)       ─┐
//!   └▶ per source, its entries in parallel: judge::judge (see `by_source`)
//!        └▶ per entry: entry::result (policy, context, also_at)
//!   └▶ sources::rows (provenance, lock)         ─┴▶ Report
//! ```
//!
//! With `[claims] judge` set, [`external`] then gives the claims to an external judge (once
//! per run), and the stricter of its status and the rules' decides. [`merge`](mod@merge) combines the
//! reports of sharded runs; [`changes`] narrows a report to what a git revision changed;
//! [`repo`] finds where the project sits in its git repository (the report's `project_dir`).

mod by_source;
pub mod changes;
mod entry;
pub mod external;
mod load;
pub mod merge;
pub mod repo;
mod sources;

use std::collections::BTreeMap;
use std::sync::atomic::AtomicUsize;
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;

pub use entry::{context_after, context_before, ContextWindow, CONTEXT_BYTES};
pub use load::{discover, load, load_shard, open, open_to_relock, open_with_settings, Loaded};
pub use merge::merge;

use crate::config::{FailOn, Project};
use crate::dups::{self, DupOptions};
use crate::error::{Error, Result};
use crate::judge::{self, Policy, Thresholds};
use crate::locate::{IndexLocator, Locator, Needle};
use crate::model::{DupsReport, Report, Shard, Status, Summary, Tool, REPORT_VERSION};
use crate::source::{self, Source};

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

/// The tool that writes the reports.
fn tool() -> Tool {
    Tool {
        name: "citecheck".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    }
}

/// Run the whole check: load, locate, judge, and build the report.
///
/// A project that names an external judge the caller has not allowed
/// ([`Project::allow_judge`]) fails at once, before anything is read or run.
pub fn check(project: &Project, options: &CheckOptions) -> Result<Report> {
    if let Some(refusal) = project.judge_refusal() {
        return Err(Error::Invalid(vec![refusal]));
    }
    let (loaded, skipped) = load::load_parts(project, options.shard)?;
    let mut report = check_loaded(project, &loaded, options, &IndexLocator);
    if !skipped.is_empty() && report.results.iter().any(|r| r.status == Status::Missing) {
        complete_found_in(&mut report, &loaded, &skipped, &IndexLocator)?;
    }
    let policy = Policy::new(&project.config.check, &options.fail_on, options.locked);
    external::apply(project, &policy, &mut report)?;
    Ok(report)
}

/// A shard reads only the sources its entries cite, but a missing entry's `found_in` names every
/// other source holding the text: read the rest (only when something is missing) and fill it in,
/// so the shard reports what a whole run would.
fn complete_found_in(
    report: &mut Report,
    loaded: &Loaded,
    skipped: &[source::SourceFile],
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
                let needle = Needle::new(text);
                r.found_in = judge::found_in(locator, by_id[e.source.as_str()], &all, &needle);
            }
        });
    Ok(())
}

/// Judge every entry of an already loaded project with `locator`.
pub fn check_loaded(
    project: &Project,
    loaded: &Loaded,
    options: &CheckOptions,
    locator: &dyn Locator,
) -> Report {
    let thresholds = Thresholds::from(&project.config);
    let policy = Policy::new(&project.config.check, &options.fail_on, options.locked);
    let by_id: BTreeMap<&str, &Source> =
        loaded.sources.iter().map(|s| (s.id.as_str(), s)).collect();
    let all: Vec<&Source> = loaded.sources.iter().collect();

    // Duplicates need every source; a shard reads only its own, so sharded runs skip them.
    // Found before the word indexes are built: their working memory (a key per word, about the
    // size of an index) is freed by then, so the two never add up in the peak.
    // Held compact (a source number and a span per copy) until the report is built.
    let duplicates = if options.skip_duplicates || options.shard.is_some() {
        dups::Duplicates::default()
    } else {
        dups::search_cached(
            &loaded.sources,
            &project.config.dups,
            project.cache().as_ref(),
        )
    };
    let code_points = loaded
        .sources
        .iter()
        .map(|s| (s.id.as_str(), OnceLock::new()))
        .collect();
    let cx = entry::Context {
        policy: &policy,
        sources: &loaded.sources,
        duplicates: &duplicates,
        locator,
        code_points: &code_points,
        max_occurrences: project.config.check.max_occurrences,
    };
    // Judged source by source, one word index held at a time (see `by_source`).
    let verdicts = by_source::judge_all(
        locator,
        &loaded.entries,
        &by_id,
        &all,
        &thresholds,
        options.progress.as_ref(),
    );
    let results: Vec<_> = loaded
        .entries
        .par_iter()
        .zip(verdicts)
        .map(|(e, v)| {
            let src = by_id[e.source.as_str()];
            entry::result(&cx, e, src, v, sources::lock_differs(project, src))
        })
        .collect();
    // Every entry's `also_at` has seen every copy; the report lists the first ones.
    let duplicates =
        duplicates.into_clusters(&loaded.sources, project.config.check.max_occurrences);
    let sources = sources::rows(project, loaded, &policy);
    let summary = Summary::compute(&results, &sources);
    Report {
        version: REPORT_VERSION,
        tool: tool(),
        shard: options.shard,
        sources,
        results,
        summary,
        duplicates,
        project_dir: repo::project_dir(&project.root),
    }
}

/// Find the duplicated passages of the project's sources (`citecheck dups`), with the
/// project's `[dups]` settings unless `options` overrides them.
pub fn duplicates(project: &Project, options: &DupOptions) -> Result<DupsReport> {
    let mut problems = Vec::new();
    let sources = source::load_project(project, &mut problems)?;
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    Ok(DupsReport {
        version: REPORT_VERSION,
        tool: tool(),
        sources: sources.len(),
        duplicates: dups::search_cached(&sources, options, project.cache().as_ref())
            .into_clusters(&sources, project.config.check.max_occurrences),
    })
}
