//! The diff as one self-contained HTML page (inline style, no script, no network): headings,
//! the counts as a paragraph, one list per section. Every piece of text is escaped.

use std::fmt::Write;

use super::layout::{Inline, Item, Layout};
use crate::report::common::{diff_html, escape};

/// The page's style: the report's palette for failures and diffs, in a narrow column.
const CSS: &str = "body{margin:0;font:15px/1.5 system-ui,sans-serif;color:#1d2939;background:#f8f9fb}\
main{max-width:960px;margin:0 auto;padding:24px}h1{font-size:22px}h2{font-size:17px;margin-top:24px}\
code{font:13px ui-monospace,Menlo,Consolas,monospace}li{margin:4px 0}strong{color:#b42318}\
del{background:#fee4e2;color:#912018}ins{background:#d1fadf;color:#05603a}";

/// Render the laid-out diff as an HTML page.
pub(super) fn render(l: &Layout) -> String {
    let mut body = format!(
        "<h1>{}</h1>\n<p>{}</p>\n",
        escape(l.title),
        escape(&l.counts)
    );
    for s in &l.sections {
        let _ = writeln!(body, "<h2>{}</h2>", escape(&s.title));
        body.push_str("<ul>\n");
        for item in &s.items {
            let _ = writeln!(body, "<li>{}</li>", inline(item));
        }
        body.push_str("</ul>\n");
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>citecheck report diff</title>\n<style>{CSS}</style>\n</head>\n\
         <body>\n<main>\n{body}</main>\n</body>\n</html>\n"
    )
}

/// An item's pieces in HTML.
fn inline(item: &Item) -> String {
    item.iter()
        .map(|piece| match piece {
            Inline::Lit(s) => s.clone(),
            Inline::Text(s) => escape(s),
            Inline::Code(s) => format!("<code>{}</code>", escape(s)),
            Inline::Strong(s) => format!("<strong>{}</strong>", escape(s)),
            Inline::Diff(d) => diff_html(d),
        })
        .collect()
}
