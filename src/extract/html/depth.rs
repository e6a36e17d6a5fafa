//! How deep a page's elements nest, estimated from its tags before it is parsed: html5ever
//! looks through the stack of open elements at every start tag, so a page of 100,000 nested
//! `<div>`s (1.1 MB) took over a minute, its time growing with the square of the depth. No
//! page a person reads nests anywhere near [`MAX_DEPTH`]; one that does is refused.
//!
//! The count is deliberately forgiving of ordinary HTML: void elements (`<br>`), self-closed
//! tags, and elements a later tag closes by itself (`<p>`, `<li>`, `<td>` ... left open) do not
//! deepen it; an end tag closes one level whatever its name; comments, doctypes and the text
//! of `<script>`, `<style>`, `<textarea>`, `<title>` and the like are skipped.

/// Deepest nesting of elements a page may have.
pub const MAX_DEPTH: usize = 4096;

/// Elements with no content.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param",
    "source", "track", "wbr",
];

/// Elements a parser closes by itself when a sibling opens (left open in much real HTML).
const SELF_CLOSING: &[&str] = &[
    "caption", "colgroup", "dd", "dt", "li", "optgroup", "option", "p", "rb", "rp", "rt", "rtc",
    "tbody", "td", "tfoot", "th", "thead", "tr",
];

/// Elements whose content is text up to their end tag.
const RAW: &[&str] = &[
    "iframe", "noembed", "noframes", "script", "style", "textarea", "title", "xmp",
];

/// The byte offset of the first tag past [`MAX_DEPTH`] levels, if the page nests deeper.
pub fn too_deep(html: &[u8]) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'<', &html[i..]) {
        let at = i + off;
        let rest = &html[at + 1..];
        if rest.starts_with(b"!--") {
            // A comment runs to `-->`.
            i = match memchr::memmem::find(&rest[3..], b"-->") {
                Some(e) => at + 4 + e + 3,
                None => return None,
            };
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_start = usize::from(closing);
        let name_len = rest[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
            .count();
        if name_len == 0 || !rest[name_start].is_ascii_alphabetic() {
            // `<!DOCTYPE`, `<?xml`, a lone `<`: no element.
            i = at + 1;
            continue;
        }
        let name =
            String::from_utf8_lossy(&rest[name_start..name_start + name_len]).to_ascii_lowercase();
        let end = memchr::memchr(b'>', rest).map_or(rest.len(), |e| e + 1);
        i = at + 1 + end;
        if closing {
            depth = depth.saturating_sub(1);
            continue;
        }
        let self_closed = end >= 2 && rest[end - 2] == b'/';
        if RAW.contains(&name.as_str()) {
            // Its text holds no tags: skip to its end tag (each byte looked at once).
            let mut j = i;
            loop {
                let p = j + 2 + memchr::memmem::find(&html[j..], b"</")?;
                let here = html.get(p..p + name.len());
                if here.is_some_and(|h| h.eq_ignore_ascii_case(name.as_bytes())) {
                    i = p - 2;
                    break;
                }
                j = p;
            }
            continue;
        }
        if self_closed || VOID.contains(&name.as_str()) || SELF_CLOSING.contains(&name.as_str()) {
            continue;
        }
        depth += 1;
        if depth > MAX_DEPTH {
            return Some(at);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_nesting_is_found_and_ordinary_pages_pass() {
        let deep = format!(
            "<html><body>{}x{}",
            "<div>".repeat(5000),
            "</div>".repeat(5000)
        );
        assert!(too_deep(deep.as_bytes()).is_some());
        let ok = format!(
            "<html><body>{}x{}",
            "<div>".repeat(4000),
            "</div>".repeat(4000)
        );
        assert_eq!(too_deep(ok.as_bytes()), None);
        // Paragraphs, list items and line breaks left open, void and self-closed tags,
        // comments and script text never deepen it.
        let open = "<p>one<li>two<br><img src=x><span/>".repeat(10_000);
        let page =
            format!("<!DOCTYPE html><!-- <div><div> --><script>if (a<b) {{}}</script>{open}");
        assert_eq!(too_deep(page.as_bytes()), None);
        // Siblings closed as they go stay shallow, whatever their number.
        assert_eq!(too_deep("<div>x</div>".repeat(100_000).as_bytes()), None);
    }
}
