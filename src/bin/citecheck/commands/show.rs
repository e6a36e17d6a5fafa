//! `citecheck show`: one entry, its verdict and its source passage.

use std::fmt::Write as _;

use citecheck::report::common::{
    diff_plain, lines_phrase, missing_terms_label, span_label, terminal_safe, terminal_safe_entry,
};
use citecheck::workflow::show::Shown;

use super::{in_project, Failure};
use crate::args::ShowArgs;
use crate::output::print_safe;

/// Run `show`.
pub fn run(args: ShowArgs) -> Result<u8, Failure> {
    let shown = in_project(&args.common, |p| {
        citecheck::workflow::show::show(p, &args.id)
    })?;
    print_safe(&render(&shown));
    Ok(0)
}

/// What people read: the entry, its verdict and what was found, then the source passage with
/// the entry's lines marked `>`.
pub fn render(shown: &Shown) -> String {
    // Text from sources and claims reaches a terminal: control characters and bidi overrides
    // shown escaped (the passage's lines too), before anything could cut a sequence open.
    let mut safe = shown.result.clone();
    terminal_safe_entry(&mut safe);
    let r = &safe;
    let mut out = String::new();
    let _ = writeln!(out, "{} {}  ({}:{})", r.kind.as_str(), r.id, r.file, r.line);
    let _ = writeln!(out, "  source:  {}", r.source);
    let _ = writeln!(out, "  text:    {}", r.text);
    if let Some(n) = &r.note {
        let _ = writeln!(out, "  note:    {n}");
    }
    let mut verdict = r.status.as_str().to_string();
    if let Some(s) = r.similarity {
        let _ = write!(verdict, "  similarity {s:.2}");
    }
    if r.source_changed {
        verdict.push_str("  (source changed since pinned)");
    }
    let _ = writeln!(out, "  verdict: {verdict}  [{}]", r.code);
    if let (Some(s), Some(l)) = (r.found_span, r.found_lines) {
        let _ = writeln!(out, "  found:   {} {}", span_label(&s), lines_phrase(&l));
    }
    if let Some(d) = &r.diff {
        let _ = writeln!(out, "  diff:    {}", diff_plain(d));
    }
    if !r.missing_terms.is_empty() {
        let _ = writeln!(
            out,
            "  {}: {}",
            missing_terms_label(r),
            r.missing_terms.join(", ")
        );
    }
    for o in &r.occurrences {
        let _ = writeln!(
            out,
            "  occurrence [{}, {}) {}",
            o.span.start,
            o.span.end,
            lines_phrase(&o.lines)
        );
    }
    if !r.found_in.is_empty() {
        let _ = writeln!(out, "  found in: {}", r.found_in.join(", "));
    }
    if !shown.passage.is_empty() {
        let _ = writeln!(out, "  --- {}", r.source);
        for p in &shown.passage {
            let mark = if p.inside { '>' } else { ' ' };
            let _ = writeln!(out, "  {mark}{:>5} | {}", p.line, terminal_safe(&p.text));
        }
    }
    out
}
