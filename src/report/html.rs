//! One self-contained HTML page for auditors: no network, no external assets, no script (the
//! status filter is pure CSS on radio buttons, so it works opened from disk with scripts off).
//!
//! Layout: summary counts by status, the provenance table (path, SHA-256, bytes, origin,
//! retrieved, pinned/changed), then one card per entry (id, claims file:line, text, the source
//! passage with its context, the inline word diff with `<del>`/`<ins>` marks, and the other
//! copies when the passage is duplicated), then the duplicated passages of the sources (each
//! cluster's copies and, for near duplicates, the same inline diff). Every piece of user or
//! source text goes through [`escape`], so a quote holding `<script>` is text.

use std::fmt::Write;

use super::common::{
    copies_label, count, count_more, diff_html, escape, explanation, finding_line, lines_phrase,
    missing_term_pieces, missing_terms_label, passage_pieces, shown_findings, span_label,
    PassageMark,
};
use super::Reporter;
use crate::model::{AlsoAt, Cluster, EntryResult, Report, Severity, SourceReport, Span, Status};

/// Renders the HTML report.
#[derive(Debug, Default)]
pub struct HtmlReporter;

const CSS: &str = r#"
:root { --fail:#b42318; --fail-bg:#fef3f2; --warn:#b54708; --warn-bg:#fffaeb; --pass:#067647;
  --pass-bg:#ecfdf3; --ink:#1d2939; --muted:#667085; --line:#d0d5dd; --paper:#fff; --wash:#f8f9fb; }
* { box-sizing: border-box; }
body { margin:0; font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;
  color:var(--ink); background:var(--wash); }
main { max-width:1080px; margin:0 auto; padding:24px 28px 48px; }
h1 { font-size:24px; margin:0 0 4px; } h2 { font-size:18px; margin:32px 0 12px; }
h3 { font-size:16px; margin:0; font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace; }
code, .mono { font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace; font-size:13px; }
.meta { color:var(--muted); margin:0; }
.verdict { display:inline-block; margin:12px 0 0; padding:6px 12px; border-radius:6px; font-weight:600; }
.verdict.fail { background:var(--fail-bg); color:var(--fail); border:1px solid var(--fail); }
.verdict.pass { background:var(--pass-bg); color:var(--pass); border:1px solid var(--pass); }
.counts { display:grid; grid-template-columns:repeat(auto-fill,minmax(118px,1fr)); gap:10px; }
.count { background:var(--paper); border:1px solid var(--line); border-top:4px solid var(--muted);
  border-radius:6px; padding:8px 12px; }
label.count { cursor:pointer; } label.count:hover { border-color:var(--ink); }
.count .n { display:block; font-size:26px; font-weight:700; line-height:1.2; }
.count.fail { border-top-color:var(--fail); } .count.warn { border-top-color:var(--warn); }
.count.pass { border-top-color:var(--pass); } .count.zero { opacity:.55; }
table { width:100%; border-collapse:collapse; background:var(--paper); border:1px solid var(--line); }
th, td { text-align:left; vertical-align:top; padding:8px 10px; border-bottom:1px solid var(--line); }
th { background:var(--wash); font-size:13px; color:var(--muted); font-weight:600; }
td.num { text-align:right; font-variant-numeric:tabular-nums; }
.hash { word-break:break-all; }
.badge { display:inline-block; padding:1px 8px; border-radius:999px; font-size:12px; font-weight:600;
  border:1px solid currentColor; white-space:nowrap; }
.badge.fail { color:var(--fail); background:var(--fail-bg); }
.badge.warn { color:var(--warn); background:var(--warn-bg); }
.badge.pass { color:var(--pass); background:var(--pass-bg); }
.filters { display:flex; flex-wrap:wrap; gap:6px; margin:0 0 14px; align-items:center; }
input.filter { position:absolute; opacity:0; pointer-events:none; }
.filters label { cursor:pointer; padding:3px 10px; border:1px solid var(--line); border-radius:999px;
  background:var(--paper); font-size:13px; }
.card { background:var(--paper); border:1px solid var(--line); border-left:5px solid var(--muted);
  border-radius:6px; padding:14px 18px; margin:0 0 14px; break-inside:avoid; }
.card.fail { border-left-color:var(--fail); } .card.warn { border-left-color:var(--warn); }
.card.pass { border-left-color:var(--pass); }
.card summary { display:flex; flex-wrap:wrap; gap:8px 12px; align-items:baseline; cursor:pointer;
  list-style:none; }
.card summary::-webkit-details-marker { display:none; }
.card summary::before { content:"▸"; color:var(--muted); width:1em; }
.card details[open] > summary::before { content:"▾"; }
.card details[open] > summary { margin-bottom:4px; }
.card .loc { color:var(--muted); margin-left:auto; }
.why { margin:8px 0 10px; }
.label { font-size:12px; text-transform:uppercase; letter-spacing:.04em; color:var(--muted); margin:10px 0 2px; }
.label code, .label del, .label ins, .label mark { text-transform:none; letter-spacing:0; }
blockquote { margin:0; padding:8px 12px; background:var(--wash); border-left:3px solid var(--line);
  font-family:Georgia,"Times New Roman",serif; font-size:15.5px; white-space:pre-wrap; overflow-wrap:anywhere; }
.ctx { color:var(--muted); }
mark { background:#fef0c7; color:inherit; padding:0 1px; }
mark.missing { background:none; color:var(--fail); text-decoration:underline wavy var(--fail); font-weight:600; }
.evidence-cited { font-style:italic; }
del { background:#fee4e2; color:#912018; text-decoration:line-through; }
ins { background:#d1fadf; color:#05603a; text-decoration:underline; }
ul.plain { margin:4px 0; padding-left:20px; }
.dup { background:var(--paper); border:1px solid var(--line); border-left:5px solid var(--muted);
  border-radius:6px; padding:12px 18px; margin:0 0 12px; break-inside:avoid; }
.dup.near { border-left-color:var(--warn); }
.dup header { display:flex; flex-wrap:wrap; gap:8px 12px; align-items:baseline; }
.dup h3 { font-family:inherit; }
a { color:inherit; }
footer { margin-top:32px; color:var(--muted); font-size:13px; }
@media (max-width:700px) { main { padding:16px; } .card .loc { margin-left:0; } }
@page { margin:14mm; }
@media print {
  body { background:#fff; font-size:10pt; } main { max-width:none; width:auto; padding:0; }
  .filters, .filter-note { display:none; }
  h2 { break-after:avoid; }
  .counts { grid-template-columns:repeat(4,1fr); }
  .prov { table-layout:fixed; }
  .prov th:nth-child(1) { width:22%; } .prov th:nth-child(2) { width:30%; }
  .prov th:nth-child(3) { width:9%; } .prov th:nth-child(5) { width:11%; } .prov th:nth-child(6) { width:11%; }
  .prov code { word-break:break-all; } .hash { font-size:7.5pt; }
  th, td { padding:6px; } .prov td { overflow-wrap:anywhere; }
  .card, .dup { border-left-width:4px; }
  .card summary::before { content:none; }
  blockquote { font-size:10pt; }
  del, ins, mark, .badge, .count, .verdict { -webkit-print-color-adjust:exact; print-color-adjust:exact; }
}
"#;

fn class(s: Severity) -> &'static str {
    match s {
        Severity::Error => "fail",
        Severity::Warning => "warn",
        Severity::Pass => "pass",
    }
}

fn status_class(s: Status) -> &'static str {
    class(s.severity())
}

/// `21935` as `21,935`.
fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn summary(out: &mut String, report: &Report) {
    let sm = &report.summary;
    out.push_str("<section id=\"summary\"><h2>Summary</h2><div class=\"counts\">");
    for s in Status::ALL {
        let n = sm.statuses.get(&s).copied().unwrap_or(0);
        // A non-zero count is a label of its status filter: clicking it shows those cards.
        let (tag, target) = if n > 0 {
            ("label", format!(" for=\"f-{}\"", s.as_str()))
        } else {
            ("div", String::new())
        };
        let _ = write!(
            out,
            "<{tag}{target} class=\"count {}{}\" data-status=\"{}\"><span class=\"n\">{n}</span>{}</{tag}>",
            status_class(s),
            if n == 0 { " zero" } else { "" },
            s.as_str(),
            s.as_str()
        );
    }
    out.push_str("</div></section>\n");
}

fn provenance(out: &mut String, sources: &[SourceReport]) {
    out.push_str(
        "<section id=\"sources\"><h2>Sources</h2><table class=\"prov\"><thead><tr>\
         <th>Source</th><th>SHA-256</th><th>Bytes</th><th>Origin</th><th>Retrieved</th>\
         <th>Pinned</th></tr></thead><tbody>\n",
    );
    for s in sources {
        let pinned = if s.fails {
            "<span class=\"badge fail\">fails lock</span>".to_string()
        } else if s.changed {
            let lock = match &s.locked_sha256 {
                Some(h) if *h != s.sha256 => {
                    format!("<div class=\"mono hash\">lock: {}</div>", escape(h))
                }
                Some(_) => "<div>matches lock</div>".to_string(),
                None => "<div>not in citecheck.lock</div>".to_string(),
            };
            // Each entry whose own pin differs, with the hash it pins.
            let pins: String = s
                .stale_pins
                .iter()
                .map(|p| {
                    format!(
                        "<div class=\"stale-pin\"><a href=\"#entry-{}\"><code>{}</code></a> \
                         (<code>{}:{}</code>) pins <span class=\"mono hash\">{}</span></div>",
                        escape(&p.id),
                        escape(&p.id),
                        escape(&p.file),
                        p.line,
                        escape(&p.sha256)
                    )
                })
                .collect();
            format!("<span class=\"badge warn\">changed</span>{lock}{pins}")
        } else if s.locked_sha256.is_some() {
            "<span class=\"badge pass\">pinned</span>".to_string()
        } else {
            "<span class=\"badge warn\">not locked</span>".to_string()
        };
        let mut title = s
            .title
            .as_deref()
            .map(|t| format!("<div>{}</div>", escape(t)))
            .unwrap_or_default();
        if let Some(u) = &s.url {
            // Linked only when it is a web address: the value comes from the tree.
            let link = if u.starts_with("https://") || u.starts_with("http://") {
                format!(
                    "<a href=\"{}\" rel=\"noopener noreferrer\">{}</a>",
                    escape(u),
                    escape(u)
                )
            } else {
                escape(u)
            };
            title.push_str(&format!("<div>fetched from {link}</div>"));
        }
        if let Some(v) = &s.version_url {
            let date = s
                .version_date
                .as_deref()
                .map(|d| format!(" ({})", escape(d)))
                .unwrap_or_default();
            let link = if v.starts_with("https://") || v.starts_with("http://") {
                format!(
                    "<a href=\"{}\" rel=\"noopener noreferrer\">archived copy</a>",
                    escape(v)
                )
            } else {
                escape(v)
            };
            title.push_str(&format!("<div>{link}{date}</div>"));
        }
        if let (Some(f), Some(e)) = (&s.format, &s.extractor) {
            title.push_str(&format!(
                "<div>read as {} by {}</div>",
                escape(f),
                escape(e)
            ));
        }
        let _ = writeln!(
            out,
            "<tr data-source=\"{}\"><td><code>{}</code>{title}</td><td><code class=\"hash\">{}</code></td>\
             <td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{pinned}</td></tr>",
            escape(&s.path),
            escape(&s.path),
            escape(&s.sha256),
            thousands(s.bytes),
            escape(s.origin.as_deref().unwrap_or("—")),
            escape(s.retrieved.as_deref().unwrap_or("—")),
        );
    }
    out.push_str("</tbody></table></section>\n");
}

/// Filters are radio buttons placed before the labels and the cards, as their siblings; CSS
/// hides the cards that do not match, so the filter needs no script and the page stays static.
/// Returns the CSS rules for the statuses present.
fn filters(out: &mut String, report: &Report) -> String {
    let failing = report.results.iter().filter(|r| r.fails).count();
    let mut options = vec![
        ("all".to_string(), format!("all ({})", report.results.len())),
        ("failing".to_string(), format!("failing ({failing})")),
    ];
    for s in Status::ALL {
        let n = report.summary.statuses.get(&s).copied().unwrap_or(0);
        if n > 0 {
            options.push((s.as_str().to_string(), format!("{} ({n})", s.as_str())));
        }
    }
    let mut css = String::new();
    for (i, (value, _)) in options.iter().enumerate() {
        let _ = write!(
            out,
            "<input type=\"radio\" class=\"filter\" name=\"filter\" id=\"f-{value}\" value=\"{value}\"{}>",
            if i == 0 { " checked" } else { "" }
        );
        let _ = writeln!(
            css,
            "#f-{value}:checked ~ .filters label[for=f-{value}] {{ background:var(--ink); color:#fff; border-color:var(--ink); }}\n\
             #f-{value}:focus-visible ~ .filters label[for=f-{value}] {{ outline:2px solid #2e90fa; }}"
        );
        match value.as_str() {
            "all" => {}
            "failing" => {
                css.push_str("#f-failing:checked ~ .cards .card:not(.fails) { display:none; }\n")
            }
            v => {
                let _ = writeln!(
                    css,
                    "#f-{v}:checked ~ .cards .card:not(.s-{v}) {{ display:none; }}"
                );
            }
        }
    }
    out.push_str(
        "\n<div class=\"filters\" role=\"group\" aria-label=\"Filter by status\"><span class=\"filter-note\">Show:</span>",
    );
    for (value, label) in &options {
        let _ = write!(out, "<label for=\"f-{value}\">{label}</label>");
    }
    out.push_str("</div>\n");
    css
}

fn passage(out: &mut String, r: &EntryResult) {
    let Some(found) = &r.found_text else {
        return;
    };
    let mut where_ = match (r.found_lines, r.found_span) {
        (Some(l), Some(s)) => format!("{} · bytes {}", lines_phrase(&l), span_label(&s)),
        _ => String::new(),
    };
    if let Some(f) = super::common::in_file_label(r) {
        where_.push_str(&format!(" · in the file: <code>{}</code>", escape(&f)));
    }
    let _ = write!(
        out,
        "<div class=\"label\">Source passage · <code>{}</code> {where_}</div><blockquote class=\"passage\">",
        escape(&r.source)
    );
    if let Some(b) = r.context_before.as_deref().filter(|b| !b.is_empty()) {
        let _ = write!(out, "<span class=\"ctx\">{}</span>", escape(b));
    }
    if r.status == Status::Unsupported {
        // No passage holds the claim: marking the whole text would say it supports it. The
        // words it lacks are marked in the claim; the passage is shown as it is.
        let _ = write!(out, "<span class=\"found\">{}</span>", escape(found));
    } else {
        let _ = write!(out, "<mark>{}</mark>", escape(found));
    }
    if let Some(a) = r.context_after.as_deref().filter(|a| !a.is_empty()) {
        let _ = write!(out, "<span class=\"ctx\">{}</span>", escape(a));
    }
    out.push_str("</blockquote>\n");
}

/// `<code>sources/x.txt</code> lines 4-5 · bytes [10, 90)`: one place in a source.
fn place(source: &str, lines: &[usize; 2], span: &Span) -> String {
    format!(
        "<code>{}</code> {} · bytes {}",
        escape(source),
        lines_phrase(lines),
        span_label(span)
    )
}

/// Index of the cluster one of whose copies covers `a` (also_at names a cluster's copy).
fn cluster_of(clusters: &[Cluster], a: &AlsoAt) -> Option<usize> {
    clusters.iter().position(|c| {
        c.occurrences.iter().any(|o| {
            o.source == a.source && o.span.start <= a.span.start && a.span.end <= o.span.end
        })
    })
}

/// The other copies of a quote's duplicated passage; a copy that differs within the quoted
/// words is flagged, since a reader checking that copy would not find the quote.
fn also_at(out: &mut String, r: &EntryResult, clusters: &[Cluster]) {
    if r.also_at.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "<div class=\"label\">Also at · the passage is duplicated{}</div><ul class=\"plain also-at\">",
        if r.copies_differ {
            " · <span class=\"badge warn\">copies differ</span>"
        } else {
            ""
        }
    );
    for a in &r.also_at {
        let cluster = cluster_of(clusters, a)
            .map(|i| format!(" · <a href=\"#dup-{}\">passage {}</a>", i + 1, i + 1))
            .unwrap_or_default();
        let _ = write!(
            out,
            "<li{}>{}{cluster}{}</li>",
            if a.differs { " class=\"differs\"" } else { "" },
            place(&a.source, &a.lines, &a.span),
            if a.differs {
                " · <span class=\"badge warn\">differs within the quote</span>"
            } else {
                ""
            }
        );
    }
    more(out, r.also_at_count, r.also_at.len(), ("copy", "copies"));
    out.push_str("</ul>\n");
}

/// The last item of a list capped at `[check] max_occurrences`: how many were left out of
/// the `total`, so a capped list is not read as complete.
fn more(out: &mut String, total: usize, listed: usize, what: (&str, &str)) {
    if total > listed {
        let _ = write!(
            out,
            "<li class=\"more\">… and {} ({total} in all)</li>",
            count_more(total - listed, what.0, what.1)
        );
    }
}

/// A claim's evidence passage, its words marked: `<ins>` what the claim has too, `<del>` what
/// a finding names against it; then each finding in plain words.
fn evidence_passage(out: &mut String, r: &EntryResult) {
    let Some(p) = &r.evidence_passage else {
        return;
    };
    let _ = write!(
        out,
        "<div class=\"label\">Evidence passage · bytes {} · <ins>in the claim too</ins> <del>against it</del></div><blockquote class=\"evidence\">",
        span_label(&p.span)
    );
    for (mark, text) in passage_pieces(r) {
        let _ = match mark {
            PassageMark::Plain => write!(out, "{}", escape(text)),
            PassageMark::Supporting => write!(out, "<ins>{}</ins>", escape(text)),
            PassageMark::Contradicting => write!(out, "<del>{}</del>", escape(text)),
        };
    }
    out.push_str("</blockquote>\n");
    let findings: Vec<_> = shown_findings(r).collect();
    if !findings.is_empty() {
        out.push_str("<div class=\"label\">Findings</div><ul class=\"plain findings\">");
        for f in findings {
            let _ = write!(
                out,
                "<li><code>{}</code> {}</li>",
                f.rule.as_str(),
                escape(&finding_line(f))
            );
        }
        out.push_str("</ul>\n");
    }
    if let Some(j) = &r.judge {
        let _ = writeln!(
            out,
            "<div class=\"label\">External judge · <code>{}</code></div><p class=\"note\">{}{} {}</p>",
            escape(&j.name),
            j.status.as_str(),
            j.score.map(|s| format!(" ({s:.2})")).unwrap_or_default(),
            escape(&j.rationale)
        );
    }
}

fn card(out: &mut String, r: &EntryResult, clusters: &[Cluster]) {
    let sev = r.severity();
    let _ = writeln!(
        out,
        "<article class=\"card {} s-{}{}\" id=\"entry-{}\" data-status=\"{}\" data-code=\"{}\">",
        class(sev),
        r.status.as_str(),
        if r.fails { " fails" } else { "" },
        escape(&r.id),
        r.status.as_str(),
        escape(r.code.as_str())
    );
    // Passing cards folded, failing and warning ones open: an auditor meets what needs them
    // first, and a long clean list stays one line per entry.
    let _ = writeln!(
        out,
        "<details{}><summary><span class=\"badge {}\">{}</span><h3>{}</h3><span>{}</span>\
         <span class=\"mono\">{}</span>{}<span class=\"loc mono\">{}:{}</span></summary>",
        if sev == Severity::Pass { "" } else { " open" },
        class(sev),
        r.status.as_str(),
        escape(&r.id),
        r.kind.as_str(),
        escape(r.code.as_str()),
        if r.copies_differ {
            "<span class=\"badge warn\" title=\"another copy of this passage differs within the quoted words\">copies differ</span>"
        } else {
            ""
        },
        escape(&r.file),
        r.line
    );
    let _ = writeln!(out, "<p class=\"why\">{}</p>", escape(&explanation(r)));
    let label = match r.kind {
        crate::model::Kind::Quote => "Quote",
        crate::model::Kind::Claim => "Claim",
    };
    let pieces = missing_term_pieces(r);
    let legend = if pieces.iter().any(|(m, _)| *m) {
        format!(
            " · <mark class=\"missing\">{}</mark>",
            missing_terms_label(r)
        )
    } else {
        String::new()
    };
    let _ = write!(
        out,
        "<div class=\"label\">{label}{legend}</div><blockquote class=\"entry-text\">"
    );
    for (missing, text) in pieces {
        if missing {
            let _ = write!(out, "<mark class=\"missing\">{}</mark>", escape(text));
        } else {
            out.push_str(&escape(text));
        }
    }
    out.push_str("</blockquote>\n");
    if let Some(e) = &r.evidence {
        let _ = writeln!(
            out,
            "<div class=\"label\">Evidence as cited</div><blockquote class=\"evidence-cited\">{}</blockquote>",
            escape(e)
        );
    }
    passage(out, r);
    evidence_passage(out, r);
    if let Some(d) = &r.diff {
        let _ = writeln!(
            out,
            "<div class=\"label\">Word diff · <del>only in the entry</del> <ins>only in the source</ins></div>\
             <blockquote class=\"diff\">{}</blockquote>",
            diff_html(d)
        );
    }
    if !r.occurrences.is_empty() {
        out.push_str("<div class=\"label\">Occurrences</div><ul class=\"plain\">");
        for o in &r.occurrences {
            let _ = write!(out, "<li>{}</li>", place(&r.source, &o.lines, &o.span));
        }
        more(
            out,
            r.occurrence_count,
            r.occurrences.len(),
            ("occurrence", "occurrences"),
        );
        out.push_str("</ul>\n");
    }
    also_at(out, r, clusters);
    if let Some(n) = &r.note {
        let _ = writeln!(
            out,
            "<div class=\"label\">Note</div><p class=\"note\">{}</p>",
            escape(n)
        );
    }
    out.push_str("</details></article>\n");
}

/// The duplicated passages: one block per cluster, numbered so entry cards can link to it.
fn duplicates(out: &mut String, clusters: &[Cluster]) {
    if clusters.is_empty() {
        return;
    }
    let near = clusters.iter().filter(|c| !c.diff.is_empty()).count();
    let _ = writeln!(
        out,
        "<section id=\"duplicates\"><h2>Duplicated passages</h2>\
         <p class=\"meta\">{} more than once in the sources ({} identical, {near} near): \
         a quote matching one copy may be cited against another, and a drifted copy is where errors hide.</p>",
        if clusters.len() == 1 {
            "1 passage occurs".to_string()
        } else {
            format!("{} passages occur", clusters.len())
        },
        clusters.len() - near
    );
    for (i, c) in clusters.iter().enumerate() {
        let n = i + 1;
        let (kind, badge) = if c.diff.is_empty() {
            (String::new(), "<span class=\"badge pass\">identical</span>")
        } else {
            (
                format!(" · similarity {:.2}", c.similarity),
                "<span class=\"badge warn\">near duplicate</span>",
            )
        };
        // Every copy is counted, listed or not (the list stops at `[check] max_occurrences`).
        let (copies, listed) = copies_label(c);
        let _ = writeln!(
            out,
            "<article class=\"dup{}\" id=\"dup-{n}\" data-copies=\"{copies}\" data-words=\"{}\">\
             <header>{badge}<h3>Passage {n}</h3><span>{} words · {copies} copies{}{kind}</span></header>",
            if c.diff.is_empty() { "" } else { " near" },
            c.words,
            c.words,
            escape(&listed),
        );
        out.push_str("<ul class=\"plain\">");
        for o in &c.occurrences {
            let _ = write!(out, "<li>{}</li>", place(&o.source, &o.lines, &o.span));
        }
        more(out, copies, c.occurrences.len(), ("copy", "copies"));
        out.push_str("</ul>\n");
        if !c.diff.is_empty() {
            // The model's diff runs from the first copy to the copy least like it.
            let other = if copies == 2 {
                "the second copy"
            } else {
                "the least similar copy"
            };
            let _ = writeln!(
                out,
                "<div class=\"label\">Word diff · <del>only in the first copy</del> <ins>only in {other}</ins></div>\
                 <blockquote class=\"diff\">{}</blockquote>",
                diff_html(&c.diff)
            );
        }
        out.push_str("</article>\n");
    }
    out.push_str("</section>\n");
}

impl Reporter for HtmlReporter {
    fn render(&self, report: &Report) -> String {
        let sm = &report.summary;
        let headline = if sm.failed > 0 {
            format!("{} failing", sm.failed)
        } else {
            "all passing".to_string()
        };
        let mut body = String::new();
        let _ = writeln!(
            body,
            "<header><h1>citecheck report</h1><p class=\"meta\">{} {} · report format {}</p>\
             <p class=\"verdict {}\" id=\"verdict\">{headline} · {} · {} ({} changed)</p></header>",
            escape(&report.tool.name),
            escape(&report.tool.version),
            report.version,
            if sm.failed > 0 { "fail" } else { "pass" },
            count(sm.entries, "entry", "entries"),
            count(sm.sources, "source", "sources"),
            sm.sources_changed
        );
        summary(&mut body, report);
        if !report.duplicates.is_empty() {
            // The section sits after the cards; say up front that it exists.
            let _ = writeln!(
                body,
                "<p class=\"dup-note\"><a href=\"#duplicates\">{}</a> in the sources \
                 ({} with differences); {} a duplicated passage, {} where the copies differ.</p>",
                count(
                    report.duplicates.len(),
                    "duplicated passage",
                    "duplicated passages"
                ),
                count(
                    report
                        .duplicates
                        .iter()
                        .filter(|c| !c.diff.is_empty())
                        .count(),
                    "near duplicate",
                    "near duplicates"
                ),
                match report
                    .results
                    .iter()
                    .filter(|r| !r.also_at.is_empty())
                    .count()
                {
                    1 => "1 entry quotes".to_string(),
                    n => format!("{n} entries quote"),
                },
                report.results.iter().filter(|r| r.copies_differ).count(),
            );
        }
        provenance(&mut body, &report.sources);
        body.push_str("<section id=\"entries\"><h2>Entries</h2>\n");
        let filter_css = filters(&mut body, report);
        body.push_str("<div class=\"cards\">\n");
        // Worst first, as in the text report, so an auditor meets the failures before the
        // passing entries; within a status, the report's (file, line) order.
        let mut cards: Vec<&EntryResult> = report.results.iter().collect();
        cards.sort_by_key(|r| Status::ALL.iter().position(|s| *s == r.status));
        for r in cards {
            card(&mut body, r, &report.duplicates);
        }
        body.push_str("</div></section>\n");
        duplicates(&mut body, &report.duplicates);
        let _ = writeln!(
            body,
            "<footer>Spans are byte offsets into the source file; lines are 1-based. \
             Paths are relative to the project root.</footer>"
        );
        format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>citecheck report · {headline}</title>\n<style>{CSS}{filter_css}</style>\n</head>\n\
             <body>\n<main>\n{body}</main>\n</body>\n</html>\n"
        )
    }
}
