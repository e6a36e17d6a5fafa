//! `citecheck add`: locate a quote (or a claim's evidence) in a source and append it as an
//! entry, judged first as `check` will judge it.
//!
//! In four steps, each its own function: the request is checked against the project
//! (`validate`: source, claim rules, id), the claims file is chosen (`target_file`), the
//! occurrence the entry points at is chosen or the request refused (`choose_occurrence`), and
//! the entry is built (`build_entry`), self-checked and appended.

use std::path::{Path, PathBuf};

use crate::check::Loaded;
use crate::claims::write::{self as edit, NewEntry};
use crate::claims::{self, Pointer};
use crate::config::Project;
use crate::error::{Error, Result};
use crate::judge::{self, Thresholds};
use crate::locate::{IndexLocator, Locator, Needle};
use crate::model::{Kind, Span, Status};
use crate::report::common::{clip, diff_plain};
use crate::source::Source;
use crate::workflow::common::{claims_target, context, derive_id, locate, taken_ids};

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
    pub span: Span,
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

/// Locate a text in a source and append it as a `[[quote]]` (or, with `claim`, a `[[claim]]`).
/// Refuses missing and ambiguous texts (listing the candidates; `occurrence` chooses one);
/// records a close approximate match with a warning and its diff.
pub fn add(project: &Project, req: &AddRequest) -> Result<AddOutcome> {
    let loaded = crate::check::load(project)?;
    let (src, id) = validate(req, &loaded)?;
    let (path, rel) = target_file(project, req, src)?;
    let region = region(req, src)?;
    let t = Thresholds::from(&project.config);
    let all: Vec<&Source> = loaded.sources.iter().collect();
    let chosen = match choose_occurrence(req, src, &all, region, &t) {
        Ok(chosen) => chosen,
        Err(refused) => return Ok(refused),
    };
    let Some(found) = chosen.found else {
        return Ok(refuse("nothing to point at".into(), Vec::new()));
    };
    let entry = build_entry(req, src, id, &chosen, found);
    let rendered = edit::render_entry(&entry);
    let status = judge_rendered(project, &loaded, &rel, &rendered);
    let mut warning = chosen.warning;
    if status == Status::Unsupported && warning.is_none() {
        warning = Some(
            "the evidence lacks the claim's numbers or most of its content words; `check` will report it unsupported"
                .into(),
        );
    }
    edit::append_to_file(&path, &rel, std::slice::from_ref(&entry))?;
    Ok(AddOutcome::Written {
        file: rel,
        rendered,
        status,
        warning,
    })
}

/// Check the request against the project: the source exists, `--evidence` and `--claim` go
/// together as they must, and the id (given or derived from the words) is valid and free.
/// Returns the source and the id.
fn validate<'l>(req: &AddRequest, loaded: &'l Loaded) -> Result<(&'l Source, String)> {
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
    let taken = taken_ids(loaded);
    let id = match &req.id {
        Some(id) if !claims::valid_id(id) => {
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
    Ok((src, id))
}

/// The claims file to append to: `--to`, or claims/<source stem>.toml. Returns (absolute path,
/// path relative to the root).
fn target_file(project: &Project, req: &AddRequest, src: &Source) -> Result<(PathBuf, String)> {
    let default_to = PathBuf::from(format!(
        "claims/{}.toml",
        Path::new(&src.id)
            .file_stem()
            .map_or("claims".into(), |s| s.to_string_lossy())
    ));
    claims_target(project, req.to.as_deref().unwrap_or(&default_to))
}

/// The byte region an explicit pointer names, or an error when it lies outside the source.
fn region(req: &AddRequest, src: &Source) -> Result<Option<Span>> {
    let Some(p) = req.pointer else {
        return Ok(None);
    };
    let region = judge::region(src, p).ok_or_else(|| {
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
    })?;
    Ok(Some(region))
}

/// What must be found in the source: the quote, or the claim's evidence (a claim given only a
/// pointer has none).
fn wanted(req: &AddRequest) -> Option<&str> {
    if req.claim {
        req.evidence.as_deref()
    } else {
        Some(req.text.as_str())
    }
}

/// Where the new entry points and the words recorded there.
struct Chosen {
    /// The passage the entry points at (`None`: nothing was located and no pointer given).
    found: Option<Span>,
    /// The entry's text: for a quote, the words located.
    text: String,
    /// For a claim: the evidence words located.
    evidence: Option<String>,
    /// For an approximate match: the warning, with its diff.
    warning: Option<String>,
}

/// Locate what must be found (the quote, or the claim's evidence) within `region` and choose
/// the occurrence the entry points at: the one `--occurrence` names, the one found, or, for an
/// approximate match, the closest with a warning. `Err` holds the refusal to return (missing,
/// ambiguous, outside the pointer given, no such occurrence). A claim given only a pointer
/// points at its region.
fn choose_occurrence(
    req: &AddRequest,
    src: &Source,
    all: &[&Source],
    region: Option<Span>,
    t: &Thresholds,
) -> std::result::Result<Chosen, AddOutcome> {
    let mut chosen = Chosen {
        found: region,
        text: req.text.clone(),
        evidence: req.evidence.clone(),
        warning: None,
    };
    let Some(wanted) = wanted(req) else {
        return Ok(chosen);
    };
    let located = locate(src, all, wanted, region, t);
    let v = &located.verdict;
    if req.claim {
        chosen.evidence = Some(located.text.clone());
    } else {
        chosen.text = located.text.clone();
    }
    let needle = Needle::new(&located.text);
    let copies: Vec<Span> = IndexLocator
        .occurrences(src, &needle)
        .into_iter()
        .map(|m| m.span)
        .filter(|s| region.is_none_or(|r| s.start >= r.start && s.end <= r.end))
        .collect();
    let candidates =
        |spans: &[Span]| -> Vec<Candidate> { spans.iter().map(|&s| candidate(src, s)).collect() };
    chosen.found = match (v.status, req.occurrence) {
        (_, Some(n)) if !copies.is_empty() => match copies.get(n.wrapping_sub(1)) {
            Some(&s) => Some(s),
            None => {
                return Err(refuse(
                    format!(
                        "--occurrence {n}: `{}` has {} occurrence(s) of the text",
                        src.id,
                        copies.len()
                    ),
                    candidates(&copies),
                ))
            }
        },
        (Status::Verified | Status::Normalized, _) => v.found,
        (Status::Ambiguous, _) => {
            return Err(refuse(
                format!(
                    "ambiguous: the text occurs {} times in `{}`; choose one with --occurrence N (or --span/--lines)",
                    v.occurrence_count,
                    src.id
                ),
                candidates(&v.occurrences),
            ))
        }
        (Status::Relocated, _) => {
            let everywhere: Vec<Span> = IndexLocator
                .occurrences(src, &needle)
                .into_iter()
                .map(|m| m.span)
                .collect();
            return Err(refuse(
                format!(
                    "the text is not within the given {}; it occurs elsewhere in `{}`",
                    if matches!(req.pointer, Some(Pointer::Lines(..))) { "lines" } else { "span" },
                    src.id
                ),
                candidates(&everywhere),
            ));
        }
        (Status::Drifted, _) => {
            chosen.warning = Some(format!(
                "only an approximate match (similarity {:.2}); `check` will report it drifted until the text matches the source\n  diff: {}",
                v.similarity.unwrap_or(0.0),
                v.diff.as_deref().map(diff_plain).unwrap_or_default()
            ));
            v.found
        }
        _ => {
            let elsewhere = if v.found_in.is_empty() {
                String::new()
            } else {
                format!(" (it is in {})", v.found_in.join(", "))
            };
            return Err(refuse(
                format!("missing: the text is not in `{}`{elsewhere}", src.id),
                Vec::new(),
            ));
        }
    };
    Ok(chosen)
}

fn refuse(reason: String, candidates: Vec<Candidate>) -> AddOutcome {
    AddOutcome::Refused { reason, candidates }
}

/// An occurrence offered to choose from: its span and lines, and its words with a few of the
/// line either side.
fn candidate(src: &Source, span: Span) -> Candidate {
    let (p, s) = context(src, span);
    Candidate {
        span,
        lines: src.lines_of(span),
        context: format!(
            "…{} [{}] {}…",
            p.unwrap_or_default(),
            clip(&src.slice(span), 60),
            s.unwrap_or_default()
        ),
    }
}

/// The entry for `req`, pointing at `found`: the pointer given (else the span found), the
/// lines a span covers (written as a comment), the source's pin, and anchors around the words
/// when words were located (a claim given only a pointer gets none).
fn build_entry(
    req: &AddRequest,
    src: &Source,
    id: String,
    chosen: &Chosen,
    found: Span,
) -> NewEntry {
    let pointer = req.pointer.unwrap_or(Pointer::Span(found.start, found.end));
    let (prefix, suffix) = if wanted(req).is_some() {
        context(src, found)
    } else {
        (None, None)
    };
    NewEntry {
        kind: if req.claim { Kind::Claim } else { Kind::Quote },
        id,
        source: src.id.clone(),
        text: chosen.text.clone(),
        evidence: chosen.evidence.clone(),
        pointer: Some(pointer),
        lines: matches!(pointer, Pointer::Span(..)).then(|| src.lines_of(found)),
        sha256: Some(src.sha256.clone()),
        prefix,
        suffix,
    }
}

/// The verdict `check` will give the entry `edit` rendered (parsed back and judged: a
/// self-check before writing, so what the person is told is what `check` will say).
fn judge_rendered(project: &Project, loaded: &Loaded, file: &str, rendered: &str) -> Status {
    let mut problems = Vec::new();
    let entries = claims::parse_file(file, rendered, &mut problems);
    let all: Vec<&Source> = loaded.sources.iter().collect();
    let t = Thresholds::from(&project.config);
    entries
        .iter()
        .find_map(|e| {
            let src = loaded.sources.iter().find(|s| s.id == e.source)?;
            Some(judge::judge(&IndexLocator, e, src, &all, &t).status)
        })
        .unwrap_or(Status::Missing)
}
