//! GitHub-flavoured Markdown for a pull-request comment or a job summary: a summary table
//! first, then each failure with its word diff, then warnings and changed sources, and the
//! passing entries folded in `<details>` so a long clean list does not bury the failures.
//! Duplicated passages of the sources follow: near duplicates with their word diffs, the
//! identical ones folded when there are many.

use std::fmt::Write;

use super::common::{
    copies_label, count, count_more, diff_marked, elide_equal, entry_location, explanation,
    finding_line, lines_phrase, passage_pieces, shown_findings, span_label, PassageMark,
    DIFF_CONTEXT_WORDS,
};
use super::Reporter;
use crate::model::{Cluster, EntryResult, Report, Severity, SourceReport, Status};

/// Failures (and warnings) shown in full; GitHub caps a comment at 65,536 characters, so a
/// long tail is summarized in one line instead of making the comment fail to post.
pub const MAX_DETAILED: usize = 40;

/// Rows of the folded passing-entries table, for the same reason.
pub const MAX_PASSING_ROWS: usize = 200;

/// Identical duplicated passages listed open up to this many; more are folded in `<details>`.
pub const MAX_OPEN_IDENTICAL: usize = 5;

/// Renders the Markdown report.
#[derive(Debug, Default)]
pub struct MarkdownReporter;

/// Escape user or source text for inline Markdown, table cells included: HTML-significant
/// characters become entities, Markdown punctuation is backslash-escaped (a `|` cannot end a
/// table cell), a leading list or heading marker is escaped, white space runs (line breaks
/// too) are one space, and an `@` is followed by a zero-width space so a pull-request comment
/// mentions nobody. The text renders literally and nothing in it acts.
pub fn escape_md(s: &str) -> String {
    let flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(flat.len() + 8);
    // "1. x", "- x", "+ x" at the start of a line would open a list inside a quote.
    let digits = flat.chars().take_while(char::is_ascii_digit).count();
    // ("---" alone would be a rule: a marker followed by nothing or a space, or a line of
    // dashes, is escaped; "-based" is not a marker.)
    let mut rest = flat[digits..].chars();
    let marker = rest.next();
    let then = rest.next();
    let marker_ends = matches!(then, None | Some(' '))
        || (marker == Some('-') && flat.chars().all(|c| c == '-' || c == ' '));
    let list_at = match marker {
        Some('.' | ')') if digits > 0 && marker_ends => Some(digits),
        Some('-' | '+' | '=') if digits == 0 && marker_ends => Some(0),
        _ => None,
    };
    for (i, c) in flat.chars().enumerate() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '@' => out.push_str("@\u{200b}"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' | '!' | '{' | '}' | '$' => {
                out.push('\\');
                out.push(c);
            }
            c if Some(i) == list_at => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

fn icon(s: Severity) -> &'static str {
    match s {
        Severity::Error => "❌",
        Severity::Warning => "⚠️",
        Severity::Pass => "✅",
    }
}

fn status_icon(s: Status) -> &'static str {
    icon(s.severity())
}

fn heading(out: &mut String, r: &EntryResult) {
    let _ = writeln!(
        out,
        "#### {} {} · {} {} · {}\n",
        icon(r.severity()),
        code_span(&r.id),
        r.kind.as_str(),
        r.status.as_str(),
        code_span(&entry_location(r)),
    );
}

/// `s` (an id or a path) as an inline code span: white space one space (a code span cannot
/// end a heading's or a list item's line), fenced by one backtick more than the longest run
/// of backticks in it, padded when it starts or ends with one. Nothing inside a code span
/// acts: no HTML, no emphasis, no mention. Not for table cells: see [`code_cell`].
pub fn code_span(s: &str) -> String {
    let flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let longest = flat.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if flat.starts_with('`') || flat.ends_with('`') || flat.is_empty() {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{flat}{pad}{fence}")
}

/// [`code_span`] for a table cell: GitHub splits a row on every `|` not escaped, even inside
/// a code span, and unescapes `\|` there, so a path holding `|` stays one cell.
pub fn code_cell(s: &str) -> String {
    code_span(s).replace('|', "\\|")
}

fn failure(out: &mut String, r: &EntryResult) {
    heading(out, r);
    let _ = writeln!(out, "> {}\n", escape_md(&r.text));
    if let Some(e) = &r.evidence {
        let _ = writeln!(out, "Evidence as cited: {}\n", escape_md(e));
    }
    let _ = writeln!(out, "{} (code `{}`)\n", escape_md(&explanation(r)), r.code);
    if let Some(f) = super::common::in_file_label(r) {
        let _ = writeln!(out, "In the file: {}\n", code_cell(&f));
    }
    if let Some(diff) = &r.diff {
        let _ = writeln!(
            out,
            "Diff (<del>only in the entry</del>, <ins>only in the source</ins>):\n\n> {}\n",
            diff_marked(diff, escape_md_keep_space)
        );
    }
    if r.evidence_passage.is_some() {
        let marked: String = passage_pieces(r)
            .into_iter()
            .map(|(mark, t)| match mark {
                PassageMark::Plain => escape_md_keep_space(t),
                PassageMark::Supporting => format!("<ins>{}</ins>", escape_md_keep_space(t)),
                PassageMark::Contradicting => format!("<del>{}</del>", escape_md_keep_space(t)),
            })
            .collect();
        let _ = writeln!(
            out,
            "Evidence passage (<ins>in the claim too</ins>, <del>against it</del>):\n\n> {}\n",
            marked.replace('\n', " ")
        );
    }
    for f in shown_findings(r) {
        let _ = writeln!(
            out,
            "- `{}` {}",
            f.rule.as_str(),
            escape_md(&finding_line(f))
        );
    }
    if shown_findings(r).next().is_some() {
        out.push('\n');
    }
    if let Some(j) = &r.judge {
        let _ = writeln!(
            out,
            "External judge {}: {} {}\n",
            code_span(&j.name),
            j.status.as_str(),
            escape_md(&j.rationale)
        );
    }
    if !r.also_at.is_empty() {
        let copies: Vec<String> = r
            .also_at
            .iter()
            .map(|a| {
                format!(
                    "{} {}{}",
                    code_span(&a.source),
                    lines_phrase(&a.lines),
                    if a.differs {
                        " (**differs within the quote**)"
                    } else {
                        ""
                    }
                )
            })
            .collect();
        let more = r.also_at_count.saturating_sub(r.also_at.len());
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "The passage is duplicated; also at {}{more}.\n",
            copies.join(", ")
        );
    }
    if let Some(n) = &r.note {
        let _ = writeln!(out, "Note: {}\n", escape_md(n));
    }
}

/// One list item per cluster: size, copies and where they are; near duplicates get their
/// word diff (long equal runs elided) as a quote under the item.
fn cluster_item(out: &mut String, c: &Cluster) {
    let kind = if c.diff.is_empty() {
        "identical".to_string()
    } else {
        format!("similarity {:.2}", c.similarity)
    };
    let places: Vec<String> = c
        .occurrences
        .iter()
        .map(|o| {
            format!(
                "{} {} {}",
                code_span(&o.source),
                lines_phrase(&o.lines),
                span_label(&o.span)
            )
        })
        .collect();
    let (copies, more) = copies_label(c);
    let _ = writeln!(
        out,
        "- **{} words, {copies} copies{more}, {kind}**: {}",
        c.words,
        places.join("; ")
    );
    if !c.diff.is_empty() {
        let _ = writeln!(
            out,
            "\n  > {}\n",
            diff_marked(
                &elide_equal(&c.diff, DIFF_CONTEXT_WORDS),
                escape_md_keep_space
            )
        );
    }
}

/// The duplicated passages: near duplicates open (that is where a drifted copy hides), the
/// identical ones folded when there are more than [`MAX_OPEN_IDENTICAL`].
fn duplicates(out: &mut String, clusters: &[Cluster]) {
    if clusters.is_empty() {
        return;
    }
    let (near, same): (Vec<&Cluster>, Vec<&Cluster>) =
        clusters.iter().partition(|c| !c.diff.is_empty());
    let _ = writeln!(
        out,
        "### Duplicated passages ({})\n\n{} (<del>only in the first copy</del>, \
         <ins>only in the copy least like it</ins>), {} identical.\n",
        clusters.len(),
        count(near.len(), "near duplicate", "near duplicates"),
        same.len()
    );
    for c in near.iter().take(MAX_DETAILED) {
        cluster_item(out, c);
    }
    if near.len() > MAX_DETAILED {
        let _ = writeln!(
            out,
            "- … and {}.",
            count_more(
                near.len() - MAX_DETAILED,
                "near duplicate",
                "near duplicates"
            )
        );
    }
    if same.is_empty() {
        return;
    }
    let fold = same.len() > MAX_OPEN_IDENTICAL;
    if fold {
        let _ = writeln!(
            out,
            "\n<details><summary>{}</summary>\n",
            count(
                same.len(),
                "identical duplicated passage",
                "identical duplicated passages"
            )
        );
    } else {
        out.push('\n');
    }
    for c in same.iter().take(MAX_PASSING_ROWS) {
        cluster_item(out, c);
    }
    if same.len() > MAX_PASSING_ROWS {
        let _ = writeln!(
            out,
            "- … and {}.",
            count_more(
                same.len() - MAX_PASSING_ROWS,
                "identical passage",
                "identical passages"
            )
        );
    }
    out.push_str(if fold { "\n</details>\n\n" } else { "\n" });
}

/// Like [`escape_md`] but keeps a piece's leading and trailing space (diff pieces abut).
pub fn escape_md_keep_space(s: &str) -> String {
    let lead = if s.starts_with(char::is_whitespace) {
        " "
    } else {
        ""
    };
    let trail = if s.ends_with(char::is_whitespace) && !s.trim().is_empty() {
        " "
    } else {
        ""
    };
    format!("{lead}{}{trail}", escape_md(s))
}

impl Reporter for MarkdownReporter {
    fn render(&self, report: &Report) -> String {
        let mut out = String::new();
        summary(&mut out, report);
        for (sev, title) in [
            (Severity::Error, "Failures"),
            (Severity::Warning, "Warnings"),
        ] {
            detailed(&mut out, &by_severity(report, sev), title);
        }
        changed_sources(&mut out, &report.sources);
        provenance(&mut out, &report.sources);
        duplicates(&mut out, &report.duplicates);
        passing(&mut out, &by_severity(report, Severity::Pass));
        out
    }
}

/// The entries of one severity, in the report's order.
fn by_severity(report: &Report, want: Severity) -> Vec<&EntryResult> {
    report
        .results
        .iter()
        .filter(|r| r.severity() == want)
        .collect()
}

/// The heading (failing or all passing), the table of entries per status, and the sources line.
fn summary(out: &mut String, report: &Report) {
    let sm = &report.summary;
    if sm.failed > 0 {
        let _ = writeln!(
            out,
            "## citecheck: {} failing ({}, {})\n",
            sm.failed,
            count(sm.entries, "entry", "entries"),
            count(sm.sources, "source", "sources")
        );
    } else {
        let _ = writeln!(
            out,
            "## citecheck: all passing ({}, {})\n",
            count(sm.entries, "entry", "entries"),
            count(sm.sources, "source", "sources")
        );
    }
    out.push_str("| Status | Entries |\n| --- | ---: |\n");
    for s in Status::ALL {
        let n = sm.statuses.get(&s).copied().unwrap_or(0);
        if n > 0 {
            let _ = writeln!(out, "| {} {} | {n} |", status_icon(s), s.as_str());
        }
    }
    let _ = writeln!(out, "| **total** | **{}** |", sm.entries);
    let _ = writeln!(
        out,
        "\nSources: {} ({} changed since pinned). Entries whose source changed: {}.\n",
        sm.sources, sm.sources_changed, sm.source_changed
    );
}

/// A section of failures or warnings, each in full up to [`MAX_DETAILED`].
fn detailed(out: &mut String, list: &[&EntryResult], title: &str) {
    if list.is_empty() {
        return;
    }
    let _ = writeln!(out, "### {title} ({})\n", list.len());
    for r in list.iter().take(MAX_DETAILED) {
        failure(out, r);
    }
    if list.len() > MAX_DETAILED {
        let more = list.len() - MAX_DETAILED;
        let noun = title.to_lowercase();
        let _ = writeln!(
            out,
            "… and {more} more {}; the full list is in the JSON, HTML or text report.\n",
            if more == 1 {
                noun.trim_end_matches('s')
            } else {
                &noun
            }
        );
    }
}

/// Where the sources that were fetched or read through an extractor came from, one line each.
fn provenance(out: &mut String, sources: &[SourceReport]) {
    let lines: Vec<String> = sources
        .iter()
        .filter_map(|s| {
            let p = super::common::provenance_line(s)?;
            Some(format!("- {}: {}", code_cell(&s.path), escape_md(&p)))
        })
        .collect();
    if !lines.is_empty() {
        let _ = writeln!(out, "### Provenance\n\n{}\n", lines.join("\n"));
    }
}

/// The table of sources that warn or fail, each with why.
fn changed_sources(out: &mut String, sources: &[SourceReport]) {
    let changed: Vec<_> = sources
        .iter()
        .filter(|s| s.severity() != Severity::Pass)
        .collect();
    if changed.is_empty() {
        return;
    }
    let _ = writeln!(out, "### Changed sources ({})\n", changed.len());
    out.push_str("| Source | SHA-256 now | In citecheck.lock | Why |\n| --- | --- | --- | --- |\n");
    for s in changed {
        let mut why = match &s.locked_sha256 {
            None => "not in citecheck.lock".to_string(),
            Some(h) if *h != s.sha256 => "differs from citecheck.lock".to_string(),
            Some(_) => "citecheck.lock agrees".to_string(),
        };
        // The entries whose own pin differs, each with the hash it pins.
        for p in &s.stale_pins {
            let _ = write!(
                why,
                "; {} ({}) pins {}",
                code_cell(&p.id),
                code_cell(&format!("{}:{}", p.file, p.line)),
                code_cell(&p.sha256)
            );
        }
        let _ = writeln!(
            out,
            "| {} {} | `{}` | {} | {why} |",
            icon(s.severity()),
            code_cell(&s.path),
            s.sha256,
            match s.locked_sha256.as_deref() {
                None => "not locked".to_string(),
                // One hash shown once: the same value twice reads as a change.
                Some(h) if h == s.sha256 => "the same".to_string(),
                Some(h) => format!("`{h}`"),
            }
        );
    }
    out.push('\n');
}

/// The passing entries, one table row each, folded in `<details>` (up to
/// [`MAX_PASSING_ROWS`]).
fn passing(out: &mut String, passing: &[&EntryResult]) {
    if passing.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<details><summary>{} {} passing</summary>\n",
        icon(Severity::Pass),
        count(passing.len(), "entry", "entries")
    );
    out.push_str("| Entry | Verdict | Claims | Source |\n| --- | --- | --- | --- |\n");
    for r in passing.iter().take(MAX_PASSING_ROWS) {
        let mut at = r
            .found_lines
            .map_or(String::new(), |l| format!(" {}", lines_phrase(&l)));
        if let Some(f) = super::common::in_file_label(r) {
            at.push_str(&format!(" (in the file: {})", code_cell(&f)));
        }
        // A claim's evidence as cited, shortened: the row stays one line of the table.
        if let Some(e) = &r.evidence {
            at.push_str(&format!(
                "; evidence as cited: {}",
                escape_md(&super::common::clip(e, 60))
            ));
        }
        let conventions = super::common::conventions_list(r)
            .map_or(String::new(), |c| format!(" ({})", escape_md(&c)));
        let _ = writeln!(
            out,
            "| {} | {} {}{conventions} | {} | {}{} |",
            code_cell(&r.id),
            r.kind.as_str(),
            r.status.as_str(),
            code_cell(&entry_location(r)),
            code_cell(&r.source),
            at
        );
    }
    if passing.len() > MAX_PASSING_ROWS {
        let _ = writeln!(
            out,
            "\n… and {} passing.",
            count_more(passing.len() - MAX_PASSING_ROWS, "entry", "entries")
        );
    }
    out.push_str("\n</details>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escape_renders_literally() {
        assert_eq!(
            escape_md("a|b *c* <script>"),
            "a\\|b \\*c\\* &lt;script&gt;"
        );
        // Nothing that would start a list, a heading or a rule, nor mention anyone.
        assert_eq!(escape_md("- item"), "\\- item");
        assert_eq!(escape_md("12. item"), "12\\. item");
        assert_eq!(escape_md("---"), "\\---");
        assert_eq!(escape_md("-based on"), "-based on");
        assert_eq!(escape_md("# no"), "\\# no");
        assert_eq!(escape_md("cc @octocat"), "cc @\u{200b}octocat");
    }

    #[test]
    fn code_spans_hold_any_backtick_run_and_cells_any_pipe() {
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`x``"), "``` `x`` ```");
        assert_eq!(code_span("two\nlines"), "`two lines`");
        assert_eq!(code_cell("a|b"), "`a\\|b`");
    }
}
