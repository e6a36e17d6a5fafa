//! Text for people: results grouped by status (worst first), each with its claims file and
//! line, the source location, a word diff for drift (`[-quote-]{+source+}`, coloured on a
//! terminal) and a summary line.

use std::fmt::Write;

use anstyle::{AnsiColor, Effects, Style};

use super::common::{
    clip, copies_label, count, count_more, elide_equal, finding_line, lines_phrase,
    missing_terms_label, passage_pieces, shown_findings, span_label, terminal_safe,
    terminal_safe_clusters, terminal_safe_report, PassageMark, DIFF_CONTEXT_WORDS,
};
use super::Reporter;
use crate::model::{Cluster, DiffOp, DiffTag, DupsReport, EntryResult, Report, Severity, Status};

/// Renders the human-readable report.
#[derive(Debug, Default)]
pub struct TextReporter;

const RED: Style = AnsiColor::Red.on_default();
const GREEN: Style = AnsiColor::Green.on_default();
const YELLOW: Style = AnsiColor::Yellow.on_default();
const BOLD: Style = Style::new().effects(Effects::BOLD);

/// A status group's heading colour: what the status means under the default policy.
fn status_style(s: Status) -> Style {
    match s.severity() {
        Severity::Error => RED.effects(Effects::BOLD),
        Severity::Warning => YELLOW.effects(Effects::BOLD),
        Severity::Pass => GREEN.effects(Effects::BOLD),
    }
}

fn paint(style: Style, text: &str) -> String {
    format!("{style}{text}{style:#}")
}

fn entry(out: &mut String, r: &EntryResult) {
    let _ = writeln!(
        out,
        "  {}  {} {}{}",
        // Not dimmed: where to go to fix the entry is the line's most actionable text.
        format_args!("{}:{}:{}", r.file, r.line, r.column),
        r.kind.as_str(),
        paint(BOLD, &r.id),
        if r.fails {
            paint(RED, "  (fails)")
        } else {
            String::new()
        }
    );
    let _ = writeln!(out, "    {}", clip(&r.text, 110));
    if let Some(e) = &r.evidence {
        let _ = writeln!(out, "    evidence: {}", clip(e, 110));
    }
    let mut at = format!("    in {}", r.source);
    if let (Some(s), Some(l)) = (&r.found_span, &r.found_lines) {
        let _ = write!(at, " {} ({})", span_label(s), lines_phrase(l));
    }
    if let Some(sim) = r.similarity.filter(|s| *s < 1.0) {
        let _ = write!(at, "  similarity {sim:.2}");
    }
    if r.status == Status::Relocated {
        if let Some(d) = r.declared_span {
            let _ = write!(at, "  (declared {})", span_label(&d));
        } else if let Some(l) = r.declared_lines {
            let _ = write!(at, "  (declared {})", lines_phrase(&l));
        }
    }
    let _ = writeln!(out, "{at}");
    if let Some(f) = super::common::in_file_label(r) {
        let _ = writeln!(out, "    in the file: {f}");
    }
    if let Some(c) = super::common::conventions_list(r) {
        let _ = writeln!(out, "    conventions: {c}");
    }
    if r.source_changed {
        let _ = writeln!(
            out,
            "    {}",
            paint(YELLOW, "source changed since pinned (sha256 differs)")
        );
    }
    if r.stale_pointer {
        let _ = writeln!(
            out,
            "    {}",
            paint(
                YELLOW,
                "the declared pointer no longer fits the source; `citecheck fix` moves it"
            )
        );
    }
    for o in &r.occurrences {
        let _ = writeln!(
            out,
            "    occurrence {} ({})",
            span_label(&o.span),
            lines_phrase(&o.lines)
        );
    }
    if r.occurrence_count > r.occurrences.len() {
        let _ = writeln!(
            out,
            "    … and {}",
            count_more(
                r.occurrence_count - r.occurrences.len(),
                "occurrence",
                "occurrences"
            )
        );
    }
    if let Some(diff) = &r.diff {
        let _ = writeln!(out, "    diff: {}", render_diff(diff, usize::MAX));
    }
    for a in &r.also_at {
        let _ = writeln!(
            out,
            "    also at {} {} ({}){}",
            a.source,
            span_label(&a.span),
            lines_phrase(&a.lines),
            if a.differs {
                paint(YELLOW, "  differs within the quote")
            } else {
                String::new()
            }
        );
    }
    if r.also_at_count > r.also_at.len() {
        let _ = writeln!(
            out,
            "    … and {}",
            count_more(r.also_at_count - r.also_at.len(), "copy", "copies")
        );
    }
    if r.evidence_passage.is_some() {
        // The passage explains a verdict the rules gave; drift and absence have their diff.
        if matches!(r.status, Status::Contradicted | Status::Unsupported) {
            let _ = writeln!(out, "    evidence passage: {}", marked_passage(r));
        }
    }
    for f in shown_findings(r) {
        let _ = writeln!(out, "    {}", finding_line(f));
    }
    if !r.missing_terms.is_empty() {
        let _ = writeln!(
            out,
            "    {}: {}",
            missing_terms_label(r),
            r.missing_terms.join(", ")
        );
    }
    if let Some(j) = &r.judge {
        let _ = writeln!(
            out,
            "    judge {}: {}{} {}",
            j.name,
            j.status.as_str(),
            j.score.map(|s| format!(" ({s:.2})")).unwrap_or_default(),
            clip(&j.rationale, 100)
        );
    }
    if !r.found_in.is_empty() {
        let _ = writeln!(out, "    found in: {}", r.found_in.join(", "));
    }
    if let Some(c) = &r.closest {
        let _ = writeln!(
            out,
            "    closest: \"{}\" {} ({})  similarity {:.2}",
            clip(&c.text, 100),
            span_label(&c.span),
            lines_phrase(&c.lines),
            c.similarity
        );
    }
    if let Some(n) = &r.note {
        let _ = writeln!(out, "    note: {}", clip(n, 110));
    }
}

/// Most characters of an evidence passage shown on one line.
const PASSAGE_CHARS: usize = 160;

/// A claim's evidence passage on one line, the words a finding names against the claim as
/// `>>word<<` (red on a terminal) and the words the claim shares underlined in green; a long
/// passage is cut to a window that starts shortly before the first word against the claim.
fn marked_passage(r: &EntryResult) -> String {
    // Each piece as shown, before any colour: whitespace runs (line breaks included) one
    // space, a contradicting piece in `>>…<<`. The window is chosen on this plain text and
    // painted after, so no escape sequence is ever cut or counted.
    let pieces: Vec<(PassageMark, String)> = passage_pieces(r)
        .into_iter()
        .map(|(mark, piece)| {
            let text = terminal_safe(&fold_spaces(piece)).into_owned();
            match mark {
                PassageMark::Contradicting => (mark, format!(">>{text}<<")),
                _ => (mark, text),
            }
        })
        .collect();
    let plain: Vec<char> = pieces.iter().flat_map(|(_, t)| t.chars()).collect();
    let first_mark = pieces
        .iter()
        .position(|(m, _)| *m == PassageMark::Contradicting)
        .map_or(0, |i| {
            pieces[..i].iter().map(|(_, t)| t.chars().count()).sum()
        });
    let from = first_mark.saturating_sub(60);
    let end = (from + PASSAGE_CHARS).min(plain.len());
    // A window that starts inside the text starts at a whole word: at the next one when it
    // starts on a space, else after the word it starts in (which it may have cut).
    let mut start = from;
    if from > 0 && plain[from] != ' ' {
        start = plain[from..end]
            .iter()
            .position(|&c| c == ' ')
            .map_or(end, |i| from + i);
    }
    while start < end && plain[start] == ' ' {
        start += 1;
    }
    let mut out = String::new();
    let mut at = 0;
    for (mark, text) in &pieces {
        let n = text.chars().count();
        let (a, b) = (start.max(at), end.min(at + n));
        if a < b {
            let slice: String = text.chars().skip(a - at).take(b - a).collect();
            out.push_str(&match mark {
                PassageMark::Plain => slice,
                PassageMark::Supporting => paint(GREEN.effects(Effects::UNDERLINE), &slice),
                PassageMark::Contradicting => paint(RED.effects(Effects::BOLD), &slice),
            });
        }
        at += n;
    }
    let cut_end = plain.len() > end;
    // A cut end keeps its last space, so the ellipsis reads as words left out ("massive …").
    let mut out = if cut_end {
        out
    } else {
        out.trim_end().to_string()
    };
    if from > 0 {
        out.insert(0, '…');
    }
    if cut_end {
        out.push('…');
    }
    out
}

/// `piece` with every run of whitespace as one space (edges kept as one space too).
fn fold_spaces(piece: &str) -> String {
    let mut out = String::with_capacity(piece.len());
    let mut in_space = false;
    for c in piece.chars() {
        if c.is_whitespace() {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    out
}

/// A word diff as `[-old-]{+new+}`; equal pieces longer than `keep` words are shortened to
/// their first and last few words around an ellipsis.
fn render_diff(diff: &[DiffOp], keep: usize) -> String {
    let mut d = String::new();
    for op in elide_equal(diff, keep) {
        match op.op {
            DiffTag::Equal => d.push_str(&op.text),
            DiffTag::Delete => d.push_str(&paint(
                RED.effects(Effects::STRIKETHROUGH),
                &format!("[-{}-]", op.text),
            )),
            DiffTag::Insert => d.push_str(&paint(
                GREEN.effects(Effects::UNDERLINE),
                &format!("{{+{}+}}", op.text),
            )),
        }
    }
    d
}

/// The DUPLICATES section: each cluster with its size, similarity, copies and diff.
fn duplicates(out: &mut String, clusters: &[Cluster]) {
    if clusters.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "{} ({})",
        paint(YELLOW.effects(Effects::BOLD), "DUPLICATES"),
        clusters.len()
    );
    for c in clusters {
        let kind = if c.diff.is_empty() {
            "identical".to_string()
        } else {
            format!("similarity {:.2}", c.similarity)
        };
        let (copies, more) = copies_label(c);
        let _ = writeln!(out, "  {} words, {copies} copies{more}, {}", c.words, kind);
        for o in &c.occurrences {
            let _ = writeln!(
                out,
                "    {} {} ({})",
                o.source,
                span_label(&o.span),
                lines_phrase(&o.lines)
            );
        }
        if !c.diff.is_empty() {
            let _ = writeln!(
                out,
                "    diff: {}",
                render_diff(&c.diff, DIFF_CONTEXT_WORDS)
            );
        }
    }
    out.push('\n');
}

/// Render the result of `citecheck dups` as text.
pub(crate) fn render_dups(report: &DupsReport) -> String {
    let mut out = String::new();
    let mut clusters = report.duplicates.clone();
    terminal_safe_clusters(&mut clusters);
    duplicates(&mut out, &clusters);
    let near = report
        .duplicates
        .iter()
        .filter(|c| !c.diff.is_empty())
        .count();
    let _ = writeln!(
        out,
        "{} ({} identical, {} near) in {}",
        count(
            report.duplicates.len(),
            "duplicated passage",
            "duplicated passages"
        ),
        report.duplicates.len() - near,
        near,
        count(report.sources, "source", "sources")
    );
    out
}

impl Reporter for TextReporter {
    fn render(&self, report: &Report) -> String {
        // Text from sources and claims reaches a terminal: control characters and bidi
        // overrides shown escaped, before anything is clipped.
        let report = &terminal_safe_report(report);
        let mut out = String::new();
        for status in Status::ALL {
            let group: Vec<&EntryResult> = report
                .results
                .iter()
                .filter(|r| r.status == status)
                .collect();
            if group.is_empty() {
                continue;
            }
            let _ = writeln!(
                out,
                "{} ({})",
                paint(status_style(status), &status.as_str().to_uppercase()),
                group.len()
            );
            for r in group {
                entry(&mut out, r);
            }
            out.push('\n');
        }
        duplicates(&mut out, &report.duplicates);
        let changed: Vec<_> = report
            .sources
            .iter()
            .filter(|s| s.changed || s.fails)
            .collect();
        if !changed.is_empty() {
            let _ = writeln!(
                out,
                "{}",
                paint(YELLOW.effects(Effects::BOLD), "CHANGED SOURCES")
            );
            for s in changed {
                let lock = match &s.locked_sha256 {
                    Some(h) if s.missing || *h != s.sha256 => format!("lock: {h}"),
                    Some(_) => "lock agrees".to_string(),
                    None => "not in citecheck.lock".to_string(),
                };
                if s.missing {
                    let _ = writeln!(out, "  {}  missing  ({lock})", s.path);
                } else {
                    let _ = writeln!(out, "  {}  sha256 {}  ({lock})", s.path, s.sha256);
                }
                // The entries whose own pin differs, each with the hash it pins.
                for p in &s.stale_pins {
                    let _ = writeln!(
                        out,
                        "    {}:{} {} pins {}",
                        p.file,
                        p.line,
                        paint(BOLD, &p.id),
                        p.sha256
                    );
                }
            }
            out.push('\n');
        }
        let described: Vec<(&str, String)> = report
            .sources
            .iter()
            .filter_map(|s| super::common::provenance_line(s).map(|p| (s.path.as_str(), p)))
            .collect();
        if !described.is_empty() {
            let _ = writeln!(out, "{}", paint(BOLD, "PROVENANCE"));
            for (path, p) in described {
                let _ = writeln!(out, "  {path}  {p}");
            }
            out.push('\n');
        }
        let sm = &report.summary;
        let counts: Vec<String> = Status::ALL
            .iter()
            .filter_map(|s| {
                sm.statuses
                    .get(s)
                    .filter(|&&n| n > 0)
                    // Coloured as its group heading: a warning (normalized, relocated) reads
                    // as one here too.
                    .map(|n| paint(status_style(*s), &format!("{n} {}", s.as_str())))
            })
            .collect();
        let verdict = if sm.failed > 0 {
            paint(
                RED.effects(Effects::BOLD),
                &format!("{} failing", sm.failed),
            )
        } else {
            paint(GREEN.effects(Effects::BOLD), "all passing")
        };
        let _ = writeln!(
            out,
            "{}: {}; {} ({} changed); {}",
            count(sm.entries, "entry", "entries"),
            if counts.is_empty() {
                "none".to_string()
            } else {
                counts.join(", ")
            },
            count(sm.sources, "source", "sources"),
            sm.sources_changed,
            verdict
        );
        out
    }
}
