//! Merging sharded runs: `check --shard K/N` judges the entries at positions
//! `K-1, K-1+N, K-1+2N, ...` of the sorted entry list (a deterministic 1/N of the work) and reads
//! only the sources those entries cite, plus a 1/N share of the sources no entry cites (so
//! every source is hashed and reported by exactly one shard at least). [`merge`] combines the
//! N shard reports into the report an unsharded run writes, byte for byte: results in entry
//! order, every source once, the summary recounted. A CI matrix, a batch scheduler or GNU
//! parallel then scales a check out.

use std::collections::BTreeMap;

use crate::error::{Error, Result};
use crate::model::{EntryResult, Report, SourceReport, Summary};

/// Merge shard reports (`(path, report)`, any order) into the report of the whole run.
///
/// Every shard `1..=N` of one `N` must be present exactly once, from the same tool version;
/// anything else is an error naming the offending file, because a silently partial merge would
/// report a partial check as complete.
pub fn merge(reports: Vec<(String, Report)>) -> Result<Report> {
    let bad = |path: &str, message: String| Error::Report {
        path: path.to_string(),
        message,
    };
    let Some((first_path, first)) = reports.first() else {
        return Err(bad("merge", "no reports given".into()));
    };
    // The first report's shard is checked with every other's in the loop below.
    let count = match first.shard {
        Some(s) => s.count,
        None => {
            return Err(bad(
                first_path,
                "not a shard report (written without --shard)".into(),
            ))
        }
    };
    let (version, tool) = (first.version, first.tool.clone());
    // Shards of one run check one project: its place in the repository is the first's.
    let project_dir = first.project_dir.clone();
    // Keyed by index, so the memory follows the reports given, never the count they claim.
    let mut seen: BTreeMap<usize, &str> = BTreeMap::new();
    for (path, r) in &reports {
        let Some(s) = r.shard else {
            return Err(bad(
                path,
                "not a shard report (written without --shard)".into(),
            ));
        };
        if let Some(why) = s.invalid() {
            return Err(bad(
                path,
                format!("not a valid shard report: {why} (help: write it again with `check --shard K/N`)"),
            ));
        }
        if s.count != count {
            return Err(bad(
                path,
                format!("shard {s} does not belong to a run of {count} shards"),
            ));
        }
        if r.version != first.version || r.tool != first.tool {
            return Err(bad(
                path,
                format!(
                    "written by {} {} (report version {}), the others by {} {} (version {})",
                    r.tool.name,
                    r.tool.version,
                    r.version,
                    first.tool.name,
                    first.tool.version,
                    first.version
                ),
            ));
        }
        if let Some(other) = seen.insert(s.index, path) {
            return Err(bad(path, format!("shard {s} given twice (also {other})")));
        }
    }
    // Every index given is in 1..=count and none twice: as many as the count means all.
    if seen.len() != count {
        let k = (1..=count).find(|k| !seen.contains_key(k)).unwrap_or(count);
        return Err(bad(
            "merge",
            format!(
                "shard {k}/{count} is missing ({} of {count} given)",
                seen.len()
            ),
        ));
    }

    let mut results: Vec<EntryResult> = Vec::new();
    let mut sources: BTreeMap<String, SourceReport> = BTreeMap::new();
    for (path, r) in reports {
        results.extend(r.results);
        for s in r.sources {
            match sources.get_mut(&s.id) {
                None => {
                    sources.insert(s.id.clone(), s);
                }
                Some(have) => {
                    if have.sha256 != s.sha256 {
                        return Err(bad(
                            &path,
                            format!(
                                "source `{}` has another SHA-256 than in another shard: it changed between the shards' runs",
                                s.id
                            ),
                        ));
                    }
                    // A source's pins by entries are seen only by the shards holding them.
                    have.changed |= s.changed;
                    have.fails |= s.fails;
                    for p in s.stale_pins {
                        if !have.stale_pins.contains(&p) {
                            have.stale_pins.push(p);
                        }
                    }
                    have.stale_pins
                        .sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
                }
            }
        }
    }
    // The whole run's order: by claims file, then line.
    results.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    if let Some(w) = results
        .windows(2)
        .find(|w| (&w[0].file, w[0].line) == (&w[1].file, w[1].line))
    {
        return Err(bad(
            &w[1].file,
            format!("entry `{}` appears in two shards", w[1].id),
        ));
    }
    let sources: Vec<SourceReport> = sources.into_values().collect();
    let summary = Summary::compute(&results, &sources);
    Ok(Report {
        version,
        tool,
        shard: None,
        sources,
        results,
        summary,
        // Sharded runs do not search for duplicates (they need every source).
        duplicates: Vec::new(),
        project_dir,
    })
}
