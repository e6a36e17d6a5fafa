//! What changed between two reports (`citecheck diff OLD.json NEW.json`), for auditors who
//! re-run a check after a source was re-released: sources whose hash changed (or that came or
//! went), entries whose verdict changed and in which direction, passages that moved, and new
//! and removed entries, and duplicated passages that appeared or vanished. Entries are matched
//! by id (ids are unique across a project); duplicate clusters by where their copies are, or,
//! when an edit shifted them, by what they are (see [`match_clusters`]).
//!
//! [`ReportDiff`] is the model; the JSON format is it serialized, and text, Markdown and HTML
//! render it. [`ReportDiff::exit_code`] is 1 when any verdict got worse.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde::{Deserialize, Serialize};

use crate::model::{Cluster, Code, DiffOp, DiffTag, EntryResult, Report, SourceReport, Status};
use crate::report::common::{
    diff_html, diff_marked, diff_plain, elide_equal, escape, lines_phrase, DIFF_CONTEXT_WORDS,
};
use crate::report::markdown::{escape_md, escape_md_keep_space};

/// Output formats of `citecheck diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DiffFormat {
    /// Plain text.
    Text,
    /// GitHub-flavoured Markdown.
    Markdown,
    /// A self-contained HTML page.
    Html,
    /// The [`ReportDiff`] model, serialized.
    Json,
}

impl DiffFormat {
    /// Every format, in the order `--help` lists them.
    pub const ALL: [DiffFormat; 4] = [
        DiffFormat::Text,
        DiffFormat::Markdown,
        DiffFormat::Html,
        DiffFormat::Json,
    ];

    /// The name used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            DiffFormat::Text => "text",
            DiffFormat::Markdown => "markdown",
            DiffFormat::Html => "html",
            DiffFormat::Json => "json",
        }
    }

    /// One line saying what the format is.
    pub fn description(self) -> &'static str {
        match self {
            DiffFormat::Text => "Plain text",
            DiffFormat::Markdown => "GitHub-flavoured Markdown",
            DiffFormat::Html => "A self-contained HTML page",
            DiffFormat::Json => "The [`ReportDiff`] model, serialized",
        }
    }
}

/// Direction of a verdict change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// The new verdict is worse (fails where it passed, or a worse status).
    Worse,
    /// The new verdict is better.
    Better,
    /// Different, but as bad as before (e.g. `drifted` to `unsupported`).
    Same,
}

/// A source whose bytes changed, or that appeared or vanished.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceChange {
    /// Root-relative path.
    pub path: String,
    /// SHA-256 in the old report (`null`: the source is new).
    pub old_sha256: Option<String>,
    /// SHA-256 in the new report (`null`: the source was removed).
    pub new_sha256: Option<String>,
    /// Size before and after, when known.
    pub old_bytes: Option<u64>,
    /// Size after.
    pub new_bytes: Option<u64>,
}

/// An entry whose verdict (status or whether it fails) changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerdictChange {
    /// Entry id.
    pub id: String,
    /// Claims file and line in the new report.
    pub file: String,
    /// Line of the entry's header.
    pub line: usize,
    /// Old status and code.
    pub old_status: Status,
    /// New status.
    pub new_status: Status,
    /// Old finding code.
    pub old_code: Code,
    /// New finding code.
    pub new_code: Code,
    /// Did the entry fail before?
    pub old_fails: bool,
    /// Does it fail now?
    pub new_fails: bool,
    /// Worse, better, or neither.
    pub direction: Direction,
}

/// An entry whose passage was found at another place in its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moved {
    /// Entry id.
    pub id: String,
    /// Claims file.
    pub file: String,
    /// Source path (new report).
    pub source: String,
    /// Byte span before.
    pub old_span: [usize; 2],
    /// Byte span now.
    pub new_span: [usize; 2],
    /// Lines before.
    pub old_lines: Option<[usize; 2]>,
    /// Lines now.
    pub new_lines: Option<[usize; 2]>,
}

/// An entry present in only one of the reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryRef {
    /// Entry id.
    pub id: String,
    /// Claims file.
    pub file: String,
    /// Line.
    pub line: usize,
    /// Its status in the report that has it.
    pub status: Status,
    /// Whether it fails there.
    pub fails: bool,
}

/// Counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffSummary {
    /// Sources changed, added or removed.
    pub sources_changed: usize,
    /// Verdicts changed.
    pub verdicts_changed: usize,
    /// Verdicts that got worse.
    pub worse: usize,
    /// Verdicts that got better.
    pub better: usize,
    /// Passages that moved.
    pub moved: usize,
    /// Entries only in the new report.
    pub added: usize,
    /// Entries only in the old report.
    pub removed: usize,
    /// Duplicated passages only in the new report.
    #[serde(default)]
    pub duplicates_appeared: usize,
    /// Duplicated passages only in the old report.
    #[serde(default)]
    pub duplicates_vanished: usize,
}

/// The difference between two reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportDiff {
    /// Sources, sorted by path.
    pub sources: Vec<SourceChange>,
    /// Verdict changes, in the new report's order.
    pub verdicts: Vec<VerdictChange>,
    /// Moved passages, in the new report's order.
    pub moved: Vec<Moved>,
    /// New entries, in the new report's order.
    pub added: Vec<EntryRef>,
    /// Removed entries, in the old report's order.
    pub removed: Vec<EntryRef>,
    /// Duplicated passages only in the new report, in its order.
    #[serde(default)]
    pub duplicates_appeared: Vec<Cluster>,
    /// Duplicated passages only in the old report, in its order.
    #[serde(default)]
    pub duplicates_vanished: Vec<Cluster>,
    /// Counts.
    pub summary: DiffSummary,
}

/// How bad a verdict is: failing dominates, then the status (missing worst).
fn badness(r: &EntryResult) -> (bool, u8) {
    let s = match r.status {
        Status::Verified | Status::Supported => 0,
        Status::Normalized => 1,
        Status::Relocated => 2,
        Status::Ambiguous => 3,
        Status::Drifted | Status::Unsupported => 4,
        Status::Missing => 5,
    };
    (r.fails, s)
}

fn entry_ref(r: &EntryResult) -> EntryRef {
    EntryRef {
        id: r.id.clone(),
        file: r.file.clone(),
        line: r.line,
        status: r.status,
        fails: r.fails,
    }
}

/// Where a cluster's copies are: (source, lines) of each, sorted.
fn cluster_place(c: &Cluster) -> Vec<(&str, [usize; 2])> {
    let mut k: Vec<_> = c
        .occurrences
        .iter()
        .map(|o| (o.source.as_str(), o.lines))
        .collect();
    k.sort_unstable();
    k
}

/// A cluster's size, sources (one per copy), similarity and diff words.
type Content<'a> = (usize, Vec<&'a str>, String, Vec<(DiffTag, &'a str)>);

/// What a cluster is, wherever it sits: its size, its sources (one per copy), its similarity
/// and its diff's words. A line added above a duplicated passage moves it but keeps this.
fn cluster_content(c: &Cluster) -> Content<'_> {
    let mut sources: Vec<&str> = c.occurrences.iter().map(|o| o.source.as_str()).collect();
    sources.sort_unstable();
    (
        c.words,
        sources,
        format!("{:.3}", c.similarity),
        c.diff.iter().map(|d| (d.op, d.text.as_str())).collect(),
    )
}

/// Pair the clusters of two reports one to one: first those whose copies sit at the same
/// lines, then, among the rest, those with the same content (moved by an edit elsewhere in
/// the source). Returns the new clusters left unpaired (appeared) and the old ones (vanished).
pub fn match_clusters(old: &[Cluster], new: &[Cluster]) -> (Vec<Cluster>, Vec<Cluster>) {
    let mut old_used = vec![false; old.len()];
    let mut new_used = vec![false; new.len()];
    type Same = fn(&Cluster, &Cluster) -> bool;
    let keys: [Same; 2] = [
        |a, b| cluster_place(a) == cluster_place(b),
        |a, b| cluster_content(a) == cluster_content(b),
    ];
    for same in keys {
        for (n, nc) in new.iter().enumerate() {
            if new_used[n] {
                continue;
            }
            if let Some(o) = (0..old.len()).find(|&o| !old_used[o] && same(&old[o], nc)) {
                old_used[o] = true;
                new_used[n] = true;
            }
        }
    }
    let left = |list: &[Cluster], used: &[bool]| -> Vec<Cluster> {
        list.iter()
            .zip(used)
            .filter(|(_, &u)| !u)
            .map(|(c, _)| c.clone())
            .collect()
    };
    (left(new, &new_used), left(old, &old_used))
}

/// Compare two reports.
pub fn diff(old: &Report, new: &Report) -> ReportDiff {
    let old_src: BTreeMap<&str, &SourceReport> =
        old.sources.iter().map(|s| (s.path.as_str(), s)).collect();
    let new_src: BTreeMap<&str, &SourceReport> =
        new.sources.iter().map(|s| (s.path.as_str(), s)).collect();
    let mut paths: Vec<&str> = old_src.keys().chain(new_src.keys()).copied().collect();
    paths.sort_unstable();
    paths.dedup();
    let sources: Vec<SourceChange> = paths
        .into_iter()
        .filter_map(|p| {
            let (o, n) = (old_src.get(p), new_src.get(p));
            if let (Some(o), Some(n)) = (o, n) {
                if o.sha256 == n.sha256 {
                    return None;
                }
            }
            Some(SourceChange {
                path: p.to_string(),
                old_sha256: o.map(|s| s.sha256.clone()),
                new_sha256: n.map(|s| s.sha256.clone()),
                old_bytes: o.map(|s| s.bytes),
                new_bytes: n.map(|s| s.bytes),
            })
        })
        .collect();

    let old_by_id: BTreeMap<&str, &EntryResult> =
        old.results.iter().map(|r| (r.id.as_str(), r)).collect();
    let new_ids: BTreeMap<&str, &EntryResult> =
        new.results.iter().map(|r| (r.id.as_str(), r)).collect();
    let mut verdicts = Vec::new();
    let mut moved = Vec::new();
    let mut added = Vec::new();
    for n in &new.results {
        let Some(o) = old_by_id.get(n.id.as_str()) else {
            added.push(entry_ref(n));
            continue;
        };
        if o.status != n.status || o.fails != n.fails {
            let (bo, bn) = (badness(o), badness(n));
            verdicts.push(VerdictChange {
                id: n.id.clone(),
                file: n.file.clone(),
                line: n.line,
                old_status: o.status,
                new_status: n.status,
                old_code: o.code,
                new_code: n.code,
                old_fails: o.fails,
                new_fails: n.fails,
                direction: match bn.cmp(&bo) {
                    std::cmp::Ordering::Greater => Direction::Worse,
                    std::cmp::Ordering::Less => Direction::Better,
                    std::cmp::Ordering::Equal => Direction::Same,
                },
            });
        }
        if let (Some(os), Some(ns)) = (o.found_span, n.found_span) {
            if os != ns || o.source != n.source {
                moved.push(Moved {
                    id: n.id.clone(),
                    file: n.file.clone(),
                    source: n.source.clone(),
                    old_span: os,
                    new_span: ns,
                    old_lines: o.found_lines,
                    new_lines: n.found_lines,
                });
            }
        }
    }
    let removed: Vec<EntryRef> = old
        .results
        .iter()
        .filter(|o| !new_ids.contains_key(o.id.as_str()))
        .map(entry_ref)
        .collect();
    let (duplicates_appeared, duplicates_vanished) =
        match_clusters(&old.duplicates, &new.duplicates);
    let summary = DiffSummary {
        sources_changed: sources.len(),
        verdicts_changed: verdicts.len(),
        worse: verdicts
            .iter()
            .filter(|v| v.direction == Direction::Worse)
            .count(),
        better: verdicts
            .iter()
            .filter(|v| v.direction == Direction::Better)
            .count(),
        moved: moved.len(),
        added: added.len(),
        removed: removed.len(),
        duplicates_appeared: duplicates_appeared.len(),
        duplicates_vanished: duplicates_vanished.len(),
    };
    ReportDiff {
        sources,
        verdicts,
        moved,
        added,
        removed,
        duplicates_appeared,
        duplicates_vanished,
        summary,
    }
}

impl ReportDiff {
    /// 1 when a verdict got worse (or a new entry fails), else 0.
    pub fn exit_code(&self) -> i32 {
        i32::from(self.summary.worse > 0 || self.added.iter().any(|a| a.fails))
    }

    /// Render in `format`.
    pub fn render(&self, format: DiffFormat) -> String {
        match format {
            DiffFormat::Json => {
                let mut s = serde_json::to_string_pretty(self)
                    .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
                s.push('\n');
                s
            }
            DiffFormat::Text => self.render_with(&Plain),
            DiffFormat::Markdown => self.render_with(&Md),
            DiffFormat::Html => {
                let body = self.render_with(&Html);
                format!(
                    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
                     <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
                     <title>citecheck report diff</title>\n<style>{DIFF_CSS}</style>\n</head>\n\
                     <body>\n<main>\n{body}</main>\n</body>\n</html>\n"
                )
            }
        }
    }

    /// The three text-like formats share one layout: a heading, a count line, then one
    /// section per kind of change with one line per item.
    fn render_with(&self, m: &dyn Markup) -> String {
        let mut out = String::new();
        let sm = &self.summary;
        m.heading(&mut out, 1, "citecheck report diff");
        m.para(
            &mut out,
            &format!(
                "{} source(s) changed; {} verdict(s) changed ({} worse, {} better); {} moved; {} added; {} removed; \
                 {} duplicated passage(s) appeared, {} vanished.",
                sm.sources_changed, sm.verdicts_changed, sm.worse, sm.better, sm.moved, sm.added, sm.removed,
                sm.duplicates_appeared, sm.duplicates_vanished
            ),
        );
        let short = |h: &Option<String>| {
            h.as_deref()
                .map_or("(none)".to_string(), |h| h.chars().take(12).collect())
        };
        let section = |out: &mut String, title: &str, items: Vec<String>| {
            if items.is_empty() {
                return;
            }
            m.heading(out, 2, &format!("{title} ({})", items.len()));
            m.list(out, &items);
        };
        section(
            &mut out,
            "Sources changed",
            self.sources
                .iter()
                .map(|s| {
                    let what = match (&s.old_sha256, &s.new_sha256) {
                        (None, _) => "added".to_string(),
                        (_, None) => "removed".to_string(),
                        _ => format!(
                            "sha256 {} → {} ({} → {} bytes)",
                            short(&s.old_sha256),
                            short(&s.new_sha256),
                            s.old_bytes.unwrap_or(0),
                            s.new_bytes.unwrap_or(0)
                        ),
                    };
                    format!("{}: {}", m.code(&s.path), m.text(&what))
                })
                .collect(),
        );
        section(
            &mut out,
            "Verdicts changed",
            self.verdicts
                .iter()
                .map(|v| {
                    let dir = match v.direction {
                        Direction::Worse => "WORSE",
                        Direction::Better => "better",
                        Direction::Same => "changed",
                    };
                    let fails = |f: bool| if f { " (fails)" } else { "" };
                    format!(
                        "{} {} at {}: {}{} → {}{}",
                        m.strong(dir),
                        m.code(&v.id),
                        m.code(&format!("{}:{}", v.file, v.line)),
                        v.old_status.as_str(),
                        fails(v.old_fails),
                        v.new_status.as_str(),
                        fails(v.new_fails)
                    )
                })
                .collect(),
        );
        section(
            &mut out,
            "Passages moved",
            self.moved
                .iter()
                .map(|mv| {
                    let lines = |l: &Option<[usize; 2]>| {
                        l.map_or(String::new(), |l| format!(" {}", lines_phrase(&l)))
                    };
                    format!(
                        "{} in {}: [{}, {}){} → [{}, {}){}",
                        m.code(&mv.id),
                        m.code(&mv.source),
                        mv.old_span[0],
                        mv.old_span[1],
                        lines(&mv.old_lines),
                        mv.new_span[0],
                        mv.new_span[1],
                        lines(&mv.new_lines)
                    )
                })
                .collect(),
        );
        let refs = |list: &[EntryRef]| -> Vec<String> {
            list.iter()
                .map(|e| {
                    format!(
                        "{} at {}: {}{}",
                        m.code(&e.id),
                        m.code(&format!("{}:{}", e.file, e.line)),
                        e.status.as_str(),
                        if e.fails { " (fails)" } else { "" }
                    )
                })
                .collect()
        };
        section(&mut out, "New entries", refs(&self.added));
        section(&mut out, "Removed entries", refs(&self.removed));
        let clusters = |list: &[Cluster]| -> Vec<String> {
            list.iter()
                .map(|c| {
                    let places: Vec<String> = c
                        .occurrences
                        .iter()
                        .map(|o| {
                            format!(
                                "{} {} [{}, {})",
                                m.code(&o.source),
                                lines_phrase(&o.lines),
                                o.span[0],
                                o.span[1]
                            )
                        })
                        .collect();
                    let (kind, diff) = if c.diff.is_empty() {
                        ("identical".to_string(), String::new())
                    } else {
                        (
                            format!("similarity {:.2}", c.similarity),
                            format!(
                                "; diff: {}",
                                m.diff(&elide_equal(&c.diff, DIFF_CONTEXT_WORDS))
                            ),
                        )
                    };
                    format!(
                        "{} words, {} copies, {kind}: {}{diff}",
                        c.words,
                        c.occurrences.len(),
                        places.join(", ")
                    )
                })
                .collect()
        };
        section(
            &mut out,
            "Duplicated passages appeared",
            clusters(&self.duplicates_appeared),
        );
        section(
            &mut out,
            "Duplicated passages vanished",
            clusters(&self.duplicates_vanished),
        );
        out
    }
}

const DIFF_CSS: &str = "body{margin:0;font:15px/1.5 system-ui,sans-serif;color:#1d2939;background:#f8f9fb}\
main{max-width:960px;margin:0 auto;padding:24px}h1{font-size:22px}h2{font-size:17px;margin-top:24px}\
code{font:13px ui-monospace,Menlo,Consolas,monospace}li{margin:4px 0}strong{color:#b42318}\
del{background:#fee4e2;color:#912018}ins{background:#d1fadf;color:#05603a}";

/// The few constructs the diff layout needs, per output language.
trait Markup {
    fn heading(&self, out: &mut String, level: usize, text: &str);
    fn para(&self, out: &mut String, text: &str);
    fn list(&self, out: &mut String, items: &[String]);
    /// Escaped inline text.
    fn text(&self, s: &str) -> String;
    /// Inline code (ids, paths).
    fn code(&self, s: &str) -> String;
    fn strong(&self, s: &str) -> String;
    /// A word diff, deletions and insertions marked.
    fn diff(&self, d: &[DiffOp]) -> String;
}

struct Plain;
struct Md;
struct Html;

impl Markup for Plain {
    fn heading(&self, out: &mut String, level: usize, text: &str) {
        let _ = writeln!(out, "{}{text}", if level > 1 { "\n" } else { "" });
    }
    fn para(&self, out: &mut String, text: &str) {
        let _ = writeln!(out, "{text}");
    }
    fn list(&self, out: &mut String, items: &[String]) {
        for i in items {
            let _ = writeln!(out, "  {i}");
        }
    }
    fn text(&self, s: &str) -> String {
        s.to_string()
    }
    fn code(&self, s: &str) -> String {
        s.to_string()
    }
    fn strong(&self, s: &str) -> String {
        s.to_string()
    }
    fn diff(&self, d: &[DiffOp]) -> String {
        diff_plain(d)
    }
}

impl Markup for Md {
    fn heading(&self, out: &mut String, level: usize, text: &str) {
        let _ = writeln!(out, "{} {}\n", "#".repeat(level + 1), escape_md(text));
    }
    fn para(&self, out: &mut String, text: &str) {
        let _ = writeln!(out, "{}\n", escape_md(text));
    }
    fn list(&self, out: &mut String, items: &[String]) {
        for i in items {
            let _ = writeln!(out, "- {i}");
        }
        out.push('\n');
    }
    fn text(&self, s: &str) -> String {
        escape_md(s)
    }
    fn code(&self, s: &str) -> String {
        format!("`{}`", s.replace('`', "'"))
    }
    fn strong(&self, s: &str) -> String {
        format!("**{}**", escape_md(s))
    }
    fn diff(&self, d: &[DiffOp]) -> String {
        diff_marked(d, escape_md_keep_space)
    }
}

impl Markup for Html {
    fn heading(&self, out: &mut String, level: usize, text: &str) {
        let _ = writeln!(out, "<h{level}>{}</h{level}>", escape(text));
    }
    fn para(&self, out: &mut String, text: &str) {
        let _ = writeln!(out, "<p>{}</p>", escape(text));
    }
    fn list(&self, out: &mut String, items: &[String]) {
        out.push_str("<ul>\n");
        for i in items {
            let _ = writeln!(out, "<li>{i}</li>");
        }
        out.push_str("</ul>\n");
    }
    fn text(&self, s: &str) -> String {
        escape(s)
    }
    fn code(&self, s: &str) -> String {
        format!("<code>{}</code>", escape(s))
    }
    fn strong(&self, s: &str) -> String {
        format!("<strong>{}</strong>", escape(s))
    }
    fn diff(&self, d: &[DiffOp]) -> String {
        diff_html(d)
    }
}
