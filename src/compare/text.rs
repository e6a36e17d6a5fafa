//! The diff as plain text: the title, the counts, then each section's heading after a blank
//! line and its items indented by two spaces. Nothing is escaped or marked up.

use std::fmt::Write;

use super::layout::{Inline, Item, Layout};
use crate::report::common::diff_plain;

/// Render the laid-out diff as plain text.
pub(super) fn render(l: &Layout) -> String {
    let mut out = format!("{}\n{}\n", l.title, l.counts);
    for s in &l.sections {
        let _ = writeln!(out, "\n{}", s.title);
        for item in &s.items {
            let _ = writeln!(out, "  {}", inline(item));
        }
    }
    out
}

/// An item's pieces as they are; the diff with `[-...-]{+...+}` marks.
fn inline(item: &Item) -> String {
    item.iter()
        .map(|piece| match piece {
            Inline::Lit(s) | Inline::Text(s) | Inline::Code(s) => s.clone(),
            Inline::Strong(s) => (*s).to_string(),
            Inline::Diff(d) => diff_plain(d),
        })
        .collect()
}
