//! The diff as GitHub-flavoured Markdown, for a pull-request comment: headings, the counts as
//! a paragraph, one bullet list per section. Prose is escaped with the report's Markdown
//! escaping, ids and paths are code spans, diffs carry `<del>`/`<ins>` marks.

use std::fmt::Write;

use super::layout::{Inline, Item, Layout};
use crate::report::common::diff_marked;
use crate::report::markdown::{code_span, escape_md, escape_md_keep_space};

/// Render the laid-out diff as Markdown.
pub(super) fn render(l: &Layout) -> String {
    let mut out = format!("## {}\n\n{}\n\n", escape_md(l.title), escape_md(&l.counts));
    for s in &l.sections {
        let _ = writeln!(out, "### {}\n", escape_md(&s.title));
        for item in &s.items {
            let _ = writeln!(out, "- {}", inline(item));
        }
        out.push('\n');
    }
    out
}

/// An item's pieces in Markdown.
fn inline(item: &Item) -> String {
    item.iter()
        .map(|piece| match piece {
            Inline::Lit(s) => s.clone(),
            Inline::Text(s) => escape_md(s),
            Inline::Code(s) => code_span(s),
            Inline::Strong(s) => format!("**{}**", escape_md(s)),
            Inline::Diff(d) => diff_marked(d, escape_md_keep_space),
        })
        .collect()
}
