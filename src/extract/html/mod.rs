//! HTML pages: the text a reader of the page sees, through a real HTML5 parser (html5ever,
//! by way of scraper's tree), with every byte of it mapped back to the file.
//!
//! What is read:
//! - the bytes are decoded as a browser would (byte-order mark, `<meta charset>`, else UTF-8;
//!   bad bytes read as U+FFFD) — see `decode`;
//! - dropped everywhere: `head`, `script`, `style`, `template`, `noscript`, `iframe`, `nav`
//!   (and `role="navigation"`), page-level `header`/`footer` (those outside any `article`,
//!   `aside`, `main`, `nav` or `section`; an article's own header stays) and
//!   `role="banner"`/`"contentinfo"`, form controls (`button`, `select`, `textarea`, ...),
//!   media and graphics (`svg`, `canvas`, `video`, ...), a closed `dialog`, hidden
//!   elements (`hidden`, `aria-hidden="true"`, inline `display:none`/`visibility:hidden`,
//!   `font-size:0`, `opacity:0`, the conventional hiding classes `sr-only`,
//!   `visually-hidden`, `screen-reader-text`, `d-none`, `hidden`, `invisible`)
//!   and struck-through text (`del`, `s`, `strike`, an inline style with `text-decoration`
//!   or `text-decoration-line` `line-through`): deleted words are not what the page says
//!   (inserted text, `ins`, is kept);
//! - text in `sup` and `sub` stays apart from ordinary text (`10⁴`, not `104`; see
//!   `extract::script`);
//! - [`HtmlMode::Main`] also drops `aside` (`role="complementary"`) and keeps only the main
//!   content: the `<main>` element(s) (`role="main"`), else every outermost `<article>` (an
//!   index page keeps all of them, each a block), else the densest block of text (see
//!   `main_content`); [`HtmlMode::All`] keeps the whole body;
//! - block elements (`p`, `div`, `li`, `h1`–`h6`, `tr`, `blockquote`, ...) become lines, one
//!   `\n` between blocks; `<br>` is a line break; table cells are set off by a space;
//! - whitespace collapses as a browser collapses it (one space, none at a line's ends), except
//!   inside `pre` (and `listing`, `plaintext`, `xmp`), which keeps it; character references
//!   are decoded.
//!
//! The map: html5ever reports no byte offsets, so `scan` walks the raw text once as the
//! tokenizer does and each text node of the tree is found there in document order. Text
//! copied as it stood maps byte for byte; a character reference maps to its whole `&...;`, a
//! collapsed run of whitespace to the whole run. A node that cannot be found where the parser
//! put it (text the parser moved, e.g. out of a table) maps as a whole to the place the walk
//! had reached: never a panic, never a position outside the file.

mod decode;
pub mod depth;
mod main_content;
mod scan;

use std::ops::Range;

use ego_tree::iter::Edge;
use scraper::node::Element;
use scraper::{Html, Node};

use super::inline;
use super::script::{would_fuse, Script};
use super::{Extracted, HtmlMode, OriginMap};
use decode::InputMap;
use scan::{Matcher, Scanned};

/// The html5ever version this reader is built with; a test keeps it equal to Cargo.lock's.
/// Recorded in [`Extracted::extractor`]: another parser version may build another tree.
pub const HTML5EVER_VERSION: &str = "0.40.1";

/// The revision of this module's rules (what is dropped, how blocks are joined, how the main
/// content is chosen). Raise it when they change, so extractions cached under the old rules
/// are not reused.
const RULES: u32 = 3;

/// Extract the readable text of an HTML document. Any bytes are accepted: this never fails
/// and never panics (a page with no text gives an empty text).
pub fn extract(bytes: &[u8], mode: HtmlMode) -> Extracted {
    extract_decoded(decode::decode(bytes), mode)
}

/// [`extract`], unless the page nests its elements past [`depth::MAX_DEPTH`] (counted in the
/// decoded text, so a UTF-16 page is read as its characters): then the byte offset in that
/// text where it does, and nothing is parsed. The page is decoded once for both.
pub fn extract_checked(bytes: &[u8], mode: HtmlMode) -> Result<Extracted, usize> {
    let input = decode::decode(bytes);
    match depth::too_deep(input.text.as_bytes()) {
        Some(at) => Err(at),
        None => Ok(extract_decoded(input, mode)),
    }
}

/// [`extract`] of a decoded page.
fn extract_decoded(input: decode::Input<'_>, mode: HtmlMode) -> Extracted {
    let src: &str = &input.text;
    let scanned = scan::scan(src);
    let html = Html::parse_document(src);
    // In document order, so the walk meets them one after the other.
    let roots = match mode {
        HtmlMode::Main => main_content::roots(&html),
        HtmlMode::All => Vec::new(),
    };
    let whole = roots.is_empty();
    let mut next_root = 0;
    let mut open_roots = Vec::new();
    let mut walk = Walk::new(mode);
    let mut matcher = Matcher::new(&scanned);
    let mut out = Render::new(&scanned);
    let mut in_root = 0usize;
    let mut pre = 0usize;
    // The `sup`/`sub` elements open around the walk, innermost last.
    let mut scripts: Vec<Script> = Vec::new();
    for edge in html.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(el) => {
                    walk.open(el);
                    if roots.get(next_root) == Some(&node.id()) {
                        next_root += 1;
                        open_roots.push(node.id());
                        in_root += 1;
                        out.block();
                    }
                    let name = el.name();
                    if preformatted(name) {
                        pre += 1;
                    }
                    if let Some(s) = Script::of(name) {
                        scripts.push(s);
                    }
                    if walk.visible() && (whole || in_root > 0) {
                        out.open(name);
                    }
                }
                Node::Text(t) => {
                    let raw = node
                        .parent()
                        .and_then(|p| p.value().as_element())
                        .is_some_and(|p| {
                            p.name.ns == html5ever::ns!(html) && scan::RAWTEXT.contains(&p.name())
                        });
                    if raw {
                        continue;
                    }
                    let at = matcher.find(t);
                    if walk.visible() && (whole || in_root > 0) {
                        let place = at.ok_or(matcher.cursor);
                        out.script = scripts.last().copied();
                        out.text(t, place, pre > 0);
                    }
                }
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(el) = node.value() {
                    let name = el.name();
                    if Script::of(name).is_some() {
                        scripts.pop();
                        out.script = None;
                    }
                    if walk.visible() && (whole || in_root > 0) {
                        out.close(name);
                    }
                    if preformatted(name) {
                        pre = pre.saturating_sub(1);
                    }
                    if open_roots.last() == Some(&node.id()) {
                        open_roots.pop();
                        in_root = in_root.saturating_sub(1);
                        out.block();
                    }
                    walk.close();
                }
            }
        }
    }
    let (text, pieces) = (out.text, out.pieces);
    let origin = finish_map(&text, pieces, &input.map);
    let mode = match mode {
        HtmlMode::Main => "main",
        HtmlMode::All => "all",
    };
    Extracted {
        text,
        origin,
        pages: Vec::new(),
        extractor: format!("html5ever {HTML5EVER_VERSION} {mode} (rules {RULES})"),
    }
}

/// Turn the text's map into the decoded document into one into the file.
fn finish_map(
    text: &str,
    pieces: Vec<(Range<usize>, Range<usize>)>,
    input: &InputMap,
) -> OriginMap {
    let mut origin = OriginMap::default();
    match input {
        InputMap::Shift(s) => {
            for (t, o) in pieces {
                origin.push(t, o.start + s..o.end + s);
            }
        }
        InputMap::Map(m) => {
            let file = |a: usize, b: usize| {
                if a == b {
                    let f = m.start(a).unwrap_or(0);
                    f..f
                } else {
                    m.span(a, b).unwrap_or(0..0)
                }
            };
            for (t, o) in pieces {
                if t.len() == o.len() {
                    // Copied text: each character to the bytes it was decoded from.
                    let Some(s) = text.get(t.clone()) else {
                        continue;
                    };
                    for (i, c) in s.char_indices() {
                        let a = t.start + i;
                        let b = a + c.len_utf8();
                        origin.push(a..b, file(o.start + i, o.start + i + c.len_utf8()));
                    }
                } else {
                    origin.push(t, file(o.start, o.end));
                }
            }
        }
    }
    origin
}

/// Elements whose whitespace is kept.
fn preformatted(name: &str) -> bool {
    matches!(name, "pre" | "listing" | "plaintext" | "xmp")
}

/// Elements dropped in every mode: not part of what a reader reads as the page's text.
fn dropped(name: &str) -> bool {
    matches!(
        name,
        "head"
            | "script"
            | "style"
            | "template"
            | "noscript"
            | "iframe"
            | "noembed"
            | "noframes"
            | "nav"
            | "object"
            | "embed"
            | "svg"
            | "math"
            | "canvas"
            | "audio"
            | "video"
            | "button"
            | "select"
            | "datalist"
            | "textarea"
            | "input"
    )
}

/// Elements that end one line and start another.
fn block(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "caption"
            | "center"
            | "dd"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "html"
            | "legend"
            | "li"
            | "listing"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "plaintext"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "tfoot"
            | "thead"
            | "tr"
            | "ul"
    )
}

/// Elements whose header and footer belong to them rather than to the page.
fn sectioning(name: &str) -> bool {
    matches!(name, "article" | "aside" | "main" | "nav" | "section")
}

/// What an element's attributes say about reading it.
#[derive(Default)]
struct Attrs {
    /// Its ARIA role (the first token), lowercased.
    role: Option<String>,
    /// Hidden from every reader (`hidden`, `aria-hidden="true"`, an inline style that hides).
    hidden: bool,
    /// Has `open` (a `dialog` without it is closed).
    open: bool,
    /// Struck through by an inline style (see [`inline::style_strikes`]).
    struck: bool,
}

/// Read the attributes that matter, in one pass over them (no name lookups).
fn attrs(el: &Element) -> Attrs {
    let mut a = Attrs::default();
    for (name, value) in el.attrs() {
        match name {
            "hidden" => a.hidden = true,
            "open" => a.open = true,
            "aria-hidden" => a.hidden |= value.trim().eq_ignore_ascii_case("true"),
            "role" => {
                a.role = value
                    .split_ascii_whitespace()
                    .next()
                    .map(str::to_ascii_lowercase)
            }
            "style" => {
                a.hidden |= inline::style_hides(value);
                a.struck |= inline::style_strikes(value);
            }
            "class" => a.hidden |= inline::class_hides(value),
            _ => {}
        }
    }
    a
}

/// Which elements the reader skips, tracked down the tree.
struct Walk {
    mode: HtmlMode,
    /// Per open element: (dropped here, counts as sectioning).
    stack: Vec<(bool, bool)>,
    dropped: usize,
    sectioning: usize,
}

impl Walk {
    fn new(mode: HtmlMode) -> Walk {
        Walk {
            mode,
            stack: Vec::new(),
            dropped: 0,
            sectioning: 0,
        }
    }

    /// Enter `el`.
    fn open(&mut self, el: &Element) {
        let name = el.name();
        let attrs = attrs(el);
        let role = attrs.role.as_deref();
        let chrome = match name {
            "header" | "footer" => self.sectioning == 0,
            "aside" => self.mode == HtmlMode::Main,
            _ => false,
        } || match role {
            Some("navigation" | "banner" | "contentinfo" | "search") => true,
            Some("complementary") => self.mode == HtmlMode::Main,
            _ => false,
        };
        let closed = name == "dialog" && !attrs.open;
        let drop = dropped(name)
            || chrome
            || attrs.hidden
            || closed
            || inline::struck(name)
            || attrs.struck;
        let sect = sectioning(name) || role == Some("main");
        self.dropped += usize::from(drop);
        self.sectioning += usize::from(sect);
        self.stack.push((drop, sect));
    }

    /// Leave the element entered last.
    fn close(&mut self) {
        if let Some((drop, sect)) = self.stack.pop() {
            self.dropped -= usize::from(drop);
            self.sectioning -= usize::from(sect);
        }
    }

    /// Whether the element entered last, and so the text in it, is read.
    fn visible(&self) -> bool {
        self.dropped == 0
    }
}

/// The text being built, with its map into the decoded document; breaks and spaces are put
/// in lazily, so no line starts or ends with a space and no block leaves an empty line.
struct Render<'a> {
    scanned: &'a Scanned,
    hint: usize,
    text: String,
    /// (text range, decoded-document range), in text order, adjacent copies merged.
    pieces: Vec<(Range<usize>, Range<usize>)>,
    /// Line breaks owed before the next text.
    breaks: usize,
    /// Collapsed whitespace owed before the next text, and where it stood.
    space: Option<Range<usize>>,
    /// A table cell started: the next text is set off by a space.
    cell: bool,
    /// The script (`sup`/`sub`) of the text being added, if any.
    script: Option<Script>,
    /// The last text added was a run inside `sup`/`sub` kept as written, ending in a letter
    /// or digit.
    loose: bool,
    /// A `sup`/`sub` ended on such a run: the next word is set off from it when it would
    /// run into it.
    guard: bool,
}

impl<'a> Render<'a> {
    fn new(scanned: &'a Scanned) -> Render<'a> {
        Render {
            scanned,
            hint: 0,
            text: String::with_capacity(scanned.dec.len()),
            pieces: Vec::new(),
            breaks: 0,
            space: None,
            cell: false,
            script: None,
            loose: false,
            guard: false,
        }
    }

    fn block(&mut self) {
        self.breaks = self.breaks.max(1);
        self.space = None;
        self.cell = false;
    }

    fn open(&mut self, name: &str) {
        match name {
            "br" => {
                self.breaks += 1;
                self.space = None;
            }
            "td" | "th" => self.cell = true,
            _ if block(name) => self.block(),
            _ => {}
        }
    }

    fn close(&mut self, name: &str) {
        if block(name) {
            self.block();
        }
        if Script::of(name).is_some() {
            self.guard = self.loose;
        }
    }

    fn push(&mut self, s: &str, orig: Range<usize>) {
        self.loose = false;
        let t = self.text.len();
        self.text.push_str(s);
        let t = t..self.text.len();
        if let Some((lt, lo)) = self.pieces.last_mut() {
            if lt.len() == lo.len()
                && t.len() == orig.len()
                && lt.end == t.start
                && lo.end == orig.start
            {
                lt.end = t.end;
                lo.end = orig.end;
                return;
            }
        }
        if !t.is_empty() {
            self.pieces.push((t, orig));
        }
    }

    /// Put in what is owed before new text.
    fn separate(&mut self) {
        let space = self.space.take();
        let (breaks, cell) = (self.breaks, self.cell);
        self.breaks = 0;
        self.cell = false;
        if self.text.is_empty() {
            return;
        }
        if breaks > 0 {
            for _ in 0..breaks {
                self.text.push('\n');
            }
        } else if self.text.ends_with([' ', '\n']) {
        } else if let Some(r) = space {
            self.push(" ", r);
        } else if cell {
            self.text.push(' ');
        }
    }

    /// Text `d` of the decoded document (its whole original range when it is not a copy).
    fn copy(&mut self, d: Range<usize>) {
        let scanned = self.scanned;
        let mut hint = self.hint;
        scanned.parts(d, &mut hint, |d, o| {
            if let Some(s) = scanned.dec.get(d) {
                self.push(s, o);
            }
        });
        self.hint = hint;
    }

    /// A text node: found at `place` of the scanned text (`Ok`), or not found, the walk
    /// being at `Err(cursor)`. `pre`: keep its whitespace.
    fn text(&mut self, t: &str, place: Result<usize, usize>, pre: bool) {
        let fallback = |this: &mut Self| {
            let c = place.err().unwrap_or(0);
            let mut hint = this.hint;
            let f = this.scanned.src_start(c, &mut hint);
            f..f
        };
        // Inside `sup`/`sub` every run is read on its own (whitespace collapses there).
        if pre && self.script.is_none() {
            if t.is_empty() {
                return;
            }
            self.separate();
            match place {
                Ok(d) => self.copy(d..d + t.len()),
                Err(_) => {
                    let f = fallback(self);
                    self.push(t, f);
                }
            }
            return;
        }
        let b = t.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let ws = scan::is_space(b[i]);
            let mut j = i;
            loop {
                j = b[j..]
                    .iter()
                    .position(|&c| scan::is_space(c) != ws)
                    .map_or(b.len(), |k| j + k);
                // Words joined by single spaces are copied as one stretch: the same text and
                // map as word, space, word, in one step.
                if ws
                    || self.script.is_some()
                    || j + 1 >= b.len()
                    || b[j] != b' '
                    || scan::is_space(b[j + 1])
                {
                    break;
                }
                j += 1;
            }
            if ws {
                let r = match place {
                    Ok(d) => {
                        let mut hint = self.hint;
                        let a = self.scanned.src_start(d + i, &mut hint);
                        let e = self.scanned.src_end(d + j, &mut hint);
                        a..e.max(a)
                    }
                    Err(_) => fallback(self),
                };
                self.space = Some(match self.space.take() {
                    Some(prev) if prev.start <= r.start => prev.start..r.end.max(prev.end),
                    _ => r,
                });
            } else {
                let at = match place {
                    Ok(d) => Ok(d + i),
                    Err(_) => Err(fallback(self)),
                };
                self.word(&t[i..j], at);
            }
            i = j;
        }
    }

    /// A run of text without whitespace, found at `place` of the scanned text (`Ok`), or not
    /// found (`Err`: the file range it maps to as a whole).
    fn word(&mut self, w: &str, place: Result<usize, Range<usize>>) {
        let guard = std::mem::take(&mut self.guard);
        let loose = self.loose;
        self.separate();
        let first = w.chars().next();
        let formed = self.script.and_then(|s| s.run(w));
        if let Some(formed) = formed {
            // In superscript (subscript) form: each character maps to its own bytes.
            match place {
                Ok(d) => {
                    let scanned = self.scanned;
                    let mut hint = self.hint;
                    let mut chars = formed.chars();
                    let mut buf = [0u8; 4];
                    scanned.parts(d..d + w.len(), &mut hint, |dr, o| {
                        let verbatim = dr.len() == o.len();
                        let Some(part) = scanned.dec.get(dr) else {
                            return;
                        };
                        for (k, c) in part.char_indices() {
                            let orig = if verbatim {
                                o.start + k..o.start + k + c.len_utf8()
                            } else {
                                o.clone()
                            };
                            if let Some(f) = chars.next() {
                                self.push(f.encode_utf8(&mut buf), orig);
                            }
                        }
                    });
                    self.hint = hint;
                }
                Err(f) => self.push(&formed, f),
            }
            return;
        }
        // Kept as written: a run inside `sup`/`sub` never runs into the word before it, and
        // a word never runs into such a run before it.
        let script = self.script.is_some();
        if (script && !loose || guard) && would_fuse(self.text.chars().next_back(), first) {
            self.text.push(' ');
        }
        match place {
            Ok(d) => self.copy(d..d + w.len()),
            Err(f) => self.push(w, f),
        }
        self.loose = script && w.chars().next_back().is_some_and(char::is_alphanumeric);
    }
}

#[cfg(test)]
mod tests;
