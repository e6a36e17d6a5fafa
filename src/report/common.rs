//! Pieces every reporter (and the binary's rendering of the editor commands) shares: line
//! labels, clipping, an entry's one-line explanation, the plain word diff, and escaping for
//! HTML/XML. Reporters only render; everything here reads the verdict already in the
//! [`Report`] and never re-decides it.

use std::fmt::Write;

use crate::model::{
    DiffOp, DiffTag, EntryResult, Finding, Report, Rule, Severity, SourceReport, Span, Status,
};
use crate::text::terms;
use crate::text::words::words;

/// `"1"` or `"1-3"` for a line range.
pub fn line_range(l: &[usize; 2]) -> String {
    if l[0] == l[1] {
        l[0].to_string()
    } else {
        format!("{}-{}", l[0], l[1])
    }
}

/// Where an entry's found text is in the file a reader has, for a source read through an
/// extractor: `sources/page.html:42:7` (HTML, Markdown) or `sources/cable.pdf, page 3` (PDF);
/// `None` for plain text, whose spans and lines are the file's own.
pub fn in_file_label(r: &EntryResult) -> Option<String> {
    let at = r.found_in_file?;
    let mut label = r.source.clone();
    if let (Some(l), Some(c)) = (at.line, at.column) {
        let _ = write!(label, ":{l}:{c}");
    }
    if let Some(p) = at.page {
        let _ = write!(label, ", page {p}");
    }
    Some(label)
}

/// A source's provenance beyond its path and hash, in one line: where it was fetched from and
/// when, the archived snapshot cited, and how it was read. `None` for a plain text source
/// with nothing recorded.
pub fn provenance_line(s: &SourceReport) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(u) = &s.url {
        let mut p = format!("fetched from {u}");
        if let Some(f) = &s.final_url {
            let _ = write!(p, " (redirected to {f})");
        }
        if let Some(r) = &s.retrieved {
            let _ = write!(p, " on {r}");
        }
        parts.push(p);
    }
    if let Some(v) = &s.version_url {
        let mut p = format!("archived at {v}");
        if let Some(d) = &s.version_date {
            let _ = write!(p, " ({d})");
        }
        parts.push(p);
    }
    if let (Some(f), Some(e)) = (&s.format, &s.extractor) {
        parts.push(format!("read as {f} by {e}"));
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// `path` (relative to the project root) as a path from the repository's top level, for the
/// formats a repository view reads (SARIF, GitHub annotations, GitLab Code Quality): the
/// report's `project_dir` joined in front when there is one.
pub fn repo_path(report: &Report, path: &str) -> String {
    if report.project_dir.is_empty() {
        path.to_string()
    } else {
        format!("{}/{path}", report.project_dir)
    }
}

/// `"1 entry"` / `"3 entries"`: a count with its noun in the right number.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `"1 more copy"` / `"3 more copies"`.
pub fn count_more(n: usize, one: &str, many: &str) -> String {
    format!("{n} more {}", if n == 1 { one } else { many })
}

/// Where a finding code is documented: the README's `### code` section in the repository
/// Cargo.toml names, so the link works from a report opened anywhere.
pub fn help_uri(code: crate::model::Code) -> String {
    format!(
        "{}/blob/main/README.md#{}",
        env!("CARGO_PKG_REPOSITORY").trim_end_matches('/'),
        code.as_str()
    )
}

/// Why a source shows as changed, in one line of plain words, each hash as it is: its
/// SHA-256 now, what citecheck.lock pins (or that it agrees, or has no pin), and each entry
/// whose own `sha256` pin differs with the hash it pins. For a gone source: what the lock
/// pins for it.
pub fn source_change(s: &SourceReport) -> String {
    let mut out = if s.missing {
        "the file is gone".to_string()
    } else {
        format!("SHA-256 now {}", s.sha256)
    };
    match &s.locked_sha256 {
        Some(h) if s.missing || *h != s.sha256 => {
            let _ = write!(out, "; citecheck.lock pins {h}");
        }
        Some(_) => out.push_str("; citecheck.lock agrees"),
        None => out.push_str("; not in citecheck.lock"),
    }
    for p in &s.stale_pins {
        let _ = write!(
            out,
            "; entry {} ({}:{}) pins {}",
            p.id, p.file, p.line, p.sha256
        );
    }
    out
}

/// `"[120, 180)"` for a byte span.
pub fn span_label(s: &Span) -> String {
    format!("[{}, {})", s.start, s.end)
}

/// `"line 4"` or `"lines 4-6"`.
pub fn lines_phrase(l: &[usize; 2]) -> String {
    if l[0] == l[1] {
        format!("line {}", l[0])
    } else {
        format!("lines {}-{}", l[0], l[1])
    }
}

/// `text` on one line (white space folded to single spaces), shortened to `max` characters
/// with an ellipsis, cut on a character boundary.
pub fn clip(text: &str, max: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        return flat;
    }
    let cut: String = flat.chars().take(max).collect();
    format!("{cut}…")
}

/// `"claims/cable.toml:42"`.
pub fn entry_location(r: &EntryResult) -> String {
    format!("{}:{}", r.file, r.line)
}

/// A short title: `quote oppose-support: drifted`.
pub fn title(r: &EntryResult) -> String {
    format!("{} {}: {}", r.kind.as_str(), r.id, r.status.as_str())
}

/// What a report says of an entry whose pointer no longer fits its changed source.
pub const STALE_POINTER: &str = "The declared pointer no longer fits the source, which changed \
     since it was pinned; the text was looked for everywhere (`citecheck fix` moves the pointer).";

/// One or more sentences explaining the verdict, in plain text (no markup, no diff).
pub fn explanation(r: &EntryResult) -> String {
    let mut out = r.code.description().to_string();
    let mut add = |s: String| {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&s);
    };
    match (&r.found_lines, r.similarity) {
        (Some(l), Some(sim)) if sim < 1.0 => add(format!(
            "Closest text in {} {} (similarity {sim:.2}).",
            r.source,
            lines_phrase(l)
        )),
        (Some(l), _) => add(format!("Found in {} {}.", r.source, lines_phrase(l))),
        (None, _) if r.occurrences.is_empty() => add(format!("Not found in {}.", r.source)),
        (None, _) => {}
    }
    if r.status == Status::Relocated {
        if let Some(d) = r.declared_span {
            add(format!("Declared at bytes {}.", span_label(&d)));
        } else if let Some(l) = r.declared_lines {
            add(format!("Declared at {}.", lines_phrase(&l)));
        }
    }
    if r.stale_pointer {
        add(STALE_POINTER.to_string());
    }
    if let Some(c) = conventions_list(r) {
        add(format!("Quotation conventions applied: {c}."));
    }
    if !r.occurrences.is_empty() {
        let lines: Vec<String> = r.occurrences.iter().map(|o| line_range(&o.lines)).collect();
        let total = r.occurrence_count.max(r.occurrences.len());
        let more = if total > lines.len() {
            format!(", the first {} of them", lines.len())
        } else {
            String::new()
        };
        add(format!(
            "Occurs {} times in {} (lines {}{more}); add a pointer.",
            total,
            r.source,
            lines.join(", ")
        ));
    }
    if !r.missing_terms.is_empty() {
        let mut label = missing_terms_label(r).to_string();
        label[..1].make_ascii_uppercase();
        add(format!("{label}: {}.", r.missing_terms.join(", ")));
    }
    if !r.found_in.is_empty() {
        add(format!("Found instead in: {}.", r.found_in.join(", ")));
    }
    if let Some(c) = &r.closest {
        add(format!(
            "Closest: “{}” {} (similarity {:.2}).",
            clip(&c.text, 100),
            lines_phrase(&c.lines),
            c.similarity
        ));
    }
    if r.source_changed {
        add("The source changed since the entry was pinned (SHA-256 differs).".to_string());
    }
    out
}

/// The word diff as plain text: `[-only in the entry-]{+only in the source+}`.
pub fn diff_plain(diff: &[DiffOp]) -> String {
    let mut d = String::new();
    for op in diff {
        match op.op {
            DiffTag::Equal => d.push_str(&op.text),
            DiffTag::Delete => {
                let _ = write!(d, "[-{}-]", op.text);
            }
            DiffTag::Insert => {
                let _ = write!(d, "{{+{}+}}", op.text);
            }
        }
    }
    d
}

/// Words of context kept around each change when a long diff is elided.
pub const DIFF_CONTEXT_WORDS: usize = 8;

/// The diff with every equal piece longer than `keep` words shortened to its first and last
/// few words around an ellipsis (only the last words before the first change, only the first
/// after the last), so a long near-duplicate shows its changes, not the whole passage.
pub fn elide_equal(diff: &[DiffOp], keep: usize) -> Vec<DiffOp> {
    diff.iter()
        .enumerate()
        .map(|(i, op)| {
            let words: Vec<&str> = op.text.split(' ').collect();
            if op.op != DiffTag::Equal || words.len() <= keep {
                return op.clone();
            }
            let ctx = keep / 2;
            let mut text = String::new();
            if i > 0 {
                text.push_str(&words[..ctx].join(" "));
                text.push(' ');
            }
            text.push('…');
            if i + 1 < diff.len() {
                text.push(' ');
                text.push_str(&words[words.len() - ctx - 1..].join(" "));
            }
            DiffOp {
                op: DiffTag::Equal,
                text,
            }
        })
        .collect()
}

/// The word diff as HTML: deletions in `<del>`, insertions in `<ins>`, all text escaped.
pub fn diff_html(diff: &[DiffOp]) -> String {
    diff_marked(diff, escape)
}

/// The word diff with `<del>`/`<ins>` marks, each piece escaped by `esc` (HTML or Markdown).
pub fn diff_marked(diff: &[DiffOp], esc: impl Fn(&str) -> String) -> String {
    let mut d = String::new();
    for op in diff {
        let text = esc(&op.text);
        match op.op {
            DiffTag::Equal => d.push_str(&text),
            DiffTag::Delete => {
                let _ = write!(d, "<del>{text}</del>");
            }
            DiffTag::Insert => {
                let _ = write!(d, "<ins>{text}</ins>");
            }
        }
    }
    d
}

/// Escape text for HTML and XML content and attribute values. Characters XML 1.0 forbids
/// (most C0 controls) become U+FFFD so the document stays well-formed.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Counts of entries per severity: (errors, warnings, passing).
pub fn severity_counts(report: &Report) -> (usize, usize, usize) {
    report
        .results
        .iter()
        .fold((0, 0, 0), |(e, w, p), r| match r.severity() {
            Severity::Error => (e + 1, w, p),
            Severity::Warning => (e, w + 1, p),
            Severity::Pass => (e, w, p + 1),
        })
}

/// The findings a report shows one by one: every rule that fired, but not `missing-terms`,
/// whose words the `missing_terms` list already names.
pub fn shown_findings(r: &EntryResult) -> impl Iterator<Item = &Finding> {
    r.findings.iter().filter(|f| f.rule != Rule::MissingTerms)
}

/// A finding in one line of plain words: `negation: the evidence negates … (claim “…”;
/// evidence “…”)`.
pub fn finding_line(f: &Finding) -> String {
    let mut line = format!("{}: {}", f.rule.as_str(), f.explanation);
    if !f.evidence.is_empty() {
        let _ = write!(
            line,
            " (claim “{}”; evidence “{}”)",
            clip(&f.claim, 80),
            clip(&f.evidence, 80)
        );
    }
    line
}

/// How a piece of a claim's evidence passage is marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PassageMark {
    /// Not marked.
    Plain,
    /// A word the claim has too (by stem): what supports it.
    Supporting,
    /// Words a finding names: what contradicts the claim.
    Contradicting,
}

/// The claim's evidence passage cut into marked pieces: the words of a finding's evidence
/// span are contradicting, other words the claim has (by stem) supporting. Marks only show
/// what the verdict already says; they decide nothing.
pub fn passage_pieces(r: &EntryResult) -> Vec<(PassageMark, &str)> {
    let Some(p) = &r.evidence_passage else {
        return Vec::new();
    };
    let text = p.text.as_str();
    let claim_stems: std::collections::BTreeSet<String> = terms::content_words(&r.text)
        .into_iter()
        .map(|w| w.stem)
        .collect();
    let against: Vec<(usize, usize)> = shown_findings(r)
        .map(|f| f.evidence_span)
        .filter(|s| s[0] >= p.span.start && s[1] <= p.span.end && s[0] < s[1])
        .map(|s| (s[0] - p.span.start, s[1] - p.span.start))
        .collect();
    // Marked byte ranges of the passage; words of one mark with only spaces between them
    // form one range ("no significant popular support" is one mark, not four).
    let mut marked: Vec<(PassageMark, usize, usize)> = Vec::new();
    for w in words(text) {
        let mark = if against.iter().any(|&(a, b)| w.start < b && a < w.end) {
            PassageMark::Contradicting
        } else if claim_stems.contains(&terms::stem(&crate::text::words::fold_case(
            &text[w.start..w.end],
        ))) {
            PassageMark::Supporting
        } else {
            continue;
        };
        match marked.last_mut() {
            Some((m, _, end)) if *m == mark && text[*end..w.start].trim().is_empty() => {
                *end = w.end;
            }
            _ => marked.push((mark, w.start, w.end)),
        }
    }
    let mut pieces: Vec<(PassageMark, &str)> = Vec::new();
    let mut at = 0;
    for (mark, start, end) in marked {
        if start > at {
            pieces.push((PassageMark::Plain, &text[at..start]));
        }
        pieces.push((mark, &text[start..end]));
        at = end;
    }
    if at < text.len() {
        pieces.push((PassageMark::Plain, &text[at..]));
    }
    pieces
}

/// The entry's text cut into pieces, `true` for a word `missing_terms` names (compared as
/// case-folded words and by stem, as the judge compared them), so a report can mark in the
/// claim what its evidence lacks. One `(false, text)` piece when nothing is missing.
pub fn missing_term_pieces(r: &EntryResult) -> Vec<(bool, &str)> {
    let text = r.text.as_str();
    if r.missing_terms.is_empty() {
        return vec![(false, text)];
    }
    let fold = crate::text::words::fold_case;
    let wanted: std::collections::BTreeSet<String> = r
        .missing_terms
        .iter()
        .flat_map(|t| [fold(t), terms::stem(&fold(t))])
        .collect();
    let mut pieces = Vec::new();
    let mut at = 0;
    for w in words(text) {
        let folded = fold(&text[w.start..w.end]);
        if wanted.contains(&folded) || wanted.contains(&terms::stem(&folded)) {
            if w.start > at {
                pieces.push((false, &text[at..w.start]));
            }
            pieces.push((true, &text[w.start..w.end]));
            at = w.end;
        }
    }
    if at < text.len() {
        pieces.push((false, &text[at..]));
    }
    pieces
}

/// The quotation conventions an entry needed, comma-separated (`bracket, capital`), or `None`
/// when it needed none.
pub fn conventions_list(r: &EntryResult) -> Option<String> {
    (!r.conventions.is_empty()).then(|| {
        r.conventions
            .iter()
            .map(|c| c.name())
            .collect::<Vec<_>>()
            .join(", ")
    })
}

/// How a report introduces `missing_terms`: words a claim's evidence lacks, or for a quote the
/// meaning words its elision left out.
pub fn missing_terms_label(r: &EntryResult) -> &'static str {
    if r.code == crate::model::Code::QuoteElisionChangesMeaning {
        "left out by the elision"
    } else if r.code == crate::model::Code::QuoteBracketChangesMeaning {
        "changed by the bracket"
    } else {
        "not in the evidence"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_neutralizes_markup_and_controls() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"q\"\u{1}"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;\u{FFFD}"
        );
    }

    #[test]
    fn diff_renders_marks() {
        let ops = vec![
            DiffOp {
                op: DiffTag::Equal,
                text: "a ".into(),
            },
            DiffOp {
                op: DiffTag::Delete,
                text: "<b>".into(),
            },
            DiffOp {
                op: DiffTag::Insert,
                text: "c".into(),
            },
        ];
        assert_eq!(diff_plain(&ops), "a [-<b>-]{+c+}");
        assert_eq!(diff_html(&ops), "a <del>&lt;b&gt;</del><ins>c</ins>");
    }
}

/// How many copies a duplicated passage has, and `" (the first N listed)"` when its list was
/// capped (`[check] max_occurrences`).
pub fn copies_label(c: &crate::model::Cluster) -> (usize, String) {
    let total = c.copies.max(c.occurrences.len());
    let more = if total > c.occurrences.len() {
        format!(" (the first {} listed)", c.occurrences.len())
    } else {
        String::new()
    };
    (total, more)
}

/// Whether `c` must not reach a terminal as itself: C0 and C1 controls and DEL (escape
/// sequences: OSC titles and links, screen clearing; a carriage return that overprints a
/// line) except newline and tab, and the bidirectional controls that reorder what is shown
/// (U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates, U+200E/U+200F and U+061C
/// marks).
pub fn is_unsafe_for_terminal(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// `s` safe to print on a terminal: every character [`is_unsafe_for_terminal`] says must not
/// reach one is shown as its `\u{1b}` escape instead. The one sanitizer of text from sources
/// and claims files in text output; JSON and the other machine formats keep the text exact.
/// Clip after sanitizing, never before, so no escape sequence is ever cut open.
pub fn terminal_safe(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(is_unsafe_for_terminal) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe_for_terminal(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

fn safe_in_place(s: &mut String) {
    if let std::borrow::Cow::Owned(t) = terminal_safe(s) {
        *s = t;
    }
}

/// `r` with every text that came from a source, a claims file or the configuration made
/// [`terminal_safe`], for a terminal reporter. Left as is: the evidence passage, whose text
/// findings point into by offset (a reporter sanitizes its pieces when it cuts them).
pub fn terminal_safe_entry(r: &mut EntryResult) {
    for s in [&mut r.id, &mut r.file, &mut r.source, &mut r.text] {
        safe_in_place(s);
    }
    for s in [
        &mut r.found_text,
        &mut r.note,
        &mut r.context_before,
        &mut r.context_after,
    ]
    .into_iter()
    .flatten()
    {
        safe_in_place(s);
    }
    for op in r.diff.iter_mut().flatten() {
        safe_in_place(&mut op.text);
    }
    for s in r.missing_terms.iter_mut().chain(r.found_in.iter_mut()) {
        safe_in_place(s);
    }
    for a in &mut r.also_at {
        safe_in_place(&mut a.source);
    }
    for f in &mut r.findings {
        safe_in_place(&mut f.claim);
        safe_in_place(&mut f.evidence);
        safe_in_place(&mut f.explanation);
    }
    if let Some(j) = &mut r.judge {
        safe_in_place(&mut j.name);
        safe_in_place(&mut j.rationale);
    }
}

/// Duplicated passages made [`terminal_safe`]: their sources' paths and diff texts.
pub fn terminal_safe_clusters(clusters: &mut [crate::model::Cluster]) {
    for c in clusters {
        for o in &mut c.occurrences {
            safe_in_place(&mut o.source);
        }
        for op in &mut c.diff {
            safe_in_place(&mut op.text);
        }
    }
}

/// A copy of `report` with every text [`terminal_safe`] (see [`terminal_safe_entry`]).
pub fn terminal_safe_report(report: &Report) -> Report {
    let mut r = report.clone();
    r.results.iter_mut().for_each(terminal_safe_entry);
    terminal_safe_clusters(&mut r.duplicates);
    for s in &mut r.sources {
        for t in [&mut s.id, &mut s.path] {
            safe_in_place(t);
        }
        for t in [
            &mut s.title,
            &mut s.origin,
            &mut s.retrieved,
            &mut s.url,
            &mut s.final_url,
            &mut s.version_url,
            &mut s.version_date,
            &mut s.extractor,
        ]
        .into_iter()
        .flatten()
        {
            safe_in_place(t);
        }
    }
    r
}

#[cfg(test)]
mod terminal_tests {
    use super::*;

    #[test]
    fn escapes_and_bidi_controls_are_shown_escaped_and_layout_kept() {
        assert_eq!(
            terminal_safe("a\u{1b}]0;pwned\u{7}b\u{202e}c\u{9b}2J\td\ne\r"),
            "a\\u{1b}]0;pwned\\u{7}b\\u{202e}c\\u{9b}2J\td\ne\\u{d}"
        );
        assert!(matches!(
            terminal_safe("plain «text» — ok"),
            std::borrow::Cow::Borrowed(_)
        ));
        for c in [
            '\u{2066}', '\u{2069}', '\u{200e}', '\u{200f}', '\u{7f}', '\u{0}',
        ] {
            assert!(!terminal_safe(&format!("x{c}y")).contains(c), "{c:?}");
        }
    }
}
