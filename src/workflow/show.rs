//! `citecheck show`: one entry, judged as `check` judges it, with the source lines around it.

use crate::check::{CheckOptions, Loaded};
use crate::config::Project;
use crate::error::{Error, Result};
use crate::locate::IndexLocator;
use crate::model::EntryResult;
use crate::report::common::{clip, terminal_safe};
use crate::source::Source;

/// One line of the source passage `show` prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PassageLine {
    /// 1-based line number.
    pub line: usize,
    /// The line: with the found words marked `«…»` and some context where it holds them,
    /// shortened otherwise.
    pub text: String,
    /// True for the lines the entry stands on.
    pub inside: bool,
}

/// One entry, its verdict and the source passage around it.
#[derive(Debug, Clone)]
pub struct Shown {
    /// The entry's result, as `check` reports it.
    pub result: EntryResult,
    /// Source lines around the passage (two either side of it).
    pub passage: Vec<PassageLine>,
}

/// The entry `id`, judged, with two lines of source either side of where it stands.
pub fn show(project: &Project, id: &str) -> Result<Shown> {
    let Loaded {
        sources, entries, ..
    } = crate::check::load(project)?;
    let known = entries.len();
    let Some(at) = entries.iter().position(|e| e.id == id) else {
        let ids: Vec<&str> = entries.iter().map(|e| e.id.as_str()).collect();
        let hint = match closest_ids(id, &ids).as_slice() {
            [] => String::new(),
            near => format!(
                "; did you mean {}?",
                near.iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        return Err(Error::Usage(format!(
            "no entry with id `{id}` ({known} entries in claims/){hint}"
        )));
    };
    let mut entries = entries;
    let entry = entries.swap_remove(at);
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
    let passage = src.map_or_else(Vec::new, |src| passage(src, &result));
    Ok(Shown { result, passage })
}

/// The ids most like `id` (a typo, a different case, a missing or extra part), best first, at
/// most three: Jaro-Winkler similarity 0.8 or more, case ignored, ties in id order.
pub fn closest_ids<'a>(id: &str, ids: &[&'a str]) -> Vec<&'a str> {
    let wanted = id.to_lowercase();
    let mut scored: Vec<(f64, &str)> = ids
        .iter()
        .map(|&c| (strsim::jaro_winkler(&wanted, &c.to_lowercase()), c))
        .filter(|&(score, _)| score >= 0.8)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(3).map(|(_, c)| c).collect()
}

/// The lines of `src` around where `r` stands (found, declared, or its first copy), two either
/// side.
fn passage(src: &Source, r: &EntryResult) -> Vec<PassageLine> {
    let around = r
        .found_lines
        .or(r.declared_lines)
        .or_else(|| r.occurrences.first().map(|o| o.lines))
        .or_else(|| r.declared_span.map(|s| src.lines_of(s)));
    let Some([a, b]) = around else {
        return Vec::new();
    };
    let first = a.saturating_sub(2).max(1);
    let last = (b + 2).min(src.lines.count());
    let found = r.found_span.map(|f| (f.start, f.end));
    let mut out = Vec::new();
    for n in first..=last {
        if let Some((s, e)) = src.span_of_lines(n, n) {
            let text = match found {
                // The found words marked «…», with a little of the line either side (the
                // cable's lines are whole paragraphs).
                Some((fa, fb)) if fa < e && fb > s => {
                    let (fa, fb) = (fa.max(s), fb.min(e));
                    let before: String = src.slice(s..fa).chars().rev().take(60).collect();
                    let before: String = before.chars().rev().collect();
                    let after: String = src.slice(fb..e).chars().take(60).collect();
                    // Each piece made terminal-safe on its own, so a cut never leaves an
                    // escape sequence open.
                    format!(
                        "{}{}«{}»{}{}",
                        if before.len() < fa - s { "…" } else { "" },
                        terminal_safe(&before),
                        terminal_safe(&src.slice(fa..fb)),
                        terminal_safe(&after),
                        if after.len() < e - fb { "…" } else { "" }
                    )
                }
                // Sanitized before clipped: no escape sequence is ever cut open.
                _ => clip(&terminal_safe(&src.slice(s..e)), 160),
            };
            out.push(PassageLine {
                line: n,
                text,
                inside: n >= a && n <= b,
            });
        }
    }
    out
}
