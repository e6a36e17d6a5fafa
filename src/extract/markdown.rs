//! Markdown documents, matched on their rendered text: the words a reader of the rendered
//! page sees, with every one of them mapped back to its bytes in the `.md` file.
//!
//! Parsed with pulldown-cmark (CommonMark, plus tables, footnotes, strikethrough, task lists
//! and a leading YAML metadata block, the extensions people's notes actually use). Its event
//! ranges say where each piece of text stood in the source, so the map is exact:
//!
//! - kept: the text of paragraphs, headings, list items, block quotes, table cells (one
//!   space between cells), footnote definitions, link text, inline code (without its
//!   backticks) and the text between inline HTML tags (`<ins>`, `<b>`, ...);
//! - dropped: emphasis and strong markers, link and image syntax and URLs, image alt text (a
//!   reader sees the picture, not the alt text, so no quotation comes from it), code blocks
//!   fenced or indented (code is not prose: "code fences are not part of the words"), raw HTML
//!   blocks and inline tags, HTML comments, footnote reference marks, task list boxes and the
//!   YAML metadata block;
//! - dropped with their text, as the HTML reader drops them: struck-through text (`~~gone~~`,
//!   inline `<del>`, `<s>`, `<strike>`, a `line-through` style), which the document no longer
//!   says, and inline elements that are hidden (`<span hidden>`, `aria-hidden="true"`,
//!   `display:none`). An inline tag left open ends with its block, except `<s>`/`<strike>`
//!   (and other formatting tags), which a browser carries on into the next blocks;
//! - text in inline `<sup>` and `<sub>` stays apart from ordinary text (`10⁴`, not `104`;
//!   see `extract::script`);
//! - each block (paragraph, heading, list item, table row, ...) is one line: blocks are
//!   separated by one `\n`; a soft line break inside a paragraph is a space (as rendered), a
//!   hard break (`  ` or `\` at a line end) a `\n`.
//!
//! Characters written as entities (`&amp;`, `&#8220;`) or escapes (`\*`) map to their whole
//! source (`&amp;`, the two bytes `\*`); everything else maps byte for byte.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::inline::{self, reopened};
use super::script::{would_fuse, Script};
use super::{ExtractError, Extracted, OriginMap};

/// The pulldown-cmark version this reader is built with; a test keeps it equal to Cargo.lock's.
/// Recorded in [`Extracted::extractor`]: another parser version may read other words.
pub const PULLDOWN_CMARK_VERSION: &str = "0.13.6";

/// The revision of this module's rules (what is kept, how blocks are joined). Raise it when
/// they change so cached extractions made under the old rules are not reused.
const RULES: u32 = 3;

/// Extract the rendered text of a CommonMark document. The file must be UTF-8 (a leading
/// byte-order mark is skipped), like every text source; anything else is refused, naming the
/// first bad byte.
pub fn extract(bytes: &[u8]) -> Result<Extracted, ExtractError> {
    let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let src = std::str::from_utf8(&bytes[bom..]).map_err(|e| {
        let at = bom + e.valid_up_to();
        let (line, col) = crate::text::line_col(&String::from_utf8_lossy(&bytes[..at]), at);
        ExtractError::Malformed {
            format: "markdown",
            reason: format!(
                "not UTF-8: byte {at} (line {line}, column {col}) is not part of a UTF-8 \
                 character; convert the file to UTF-8"
            ),
        }
    })?;
    let mut out = Writer::new(bom);
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_FOOTNOTES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    opts.insert(Options::ENABLE_TASKLISTS);
    opts.insert(Options::ENABLE_YAML_STYLE_METADATA_BLOCKS);
    // Inside these nothing is prose: code blocks, images (alt text), metadata; and struck
    // text (`~~gone~~`) is no longer the document's.
    let mut hidden = 0usize;
    // The end of the last event's source range: a Text event starting one byte after it,
    // behind a backslash, is an escaped character (pulldown-cmark leaves the `\` out).
    let mut prev_end = 0usize;
    // Inline HTML elements open in the current block that drop their text or set a script.
    let mut open = Inline::default();
    for (event, range) in Parser::new_ext(src, opts).into_offset_iter() {
        let shown = hidden == 0 && !open.drops();
        // Text inside `sup`/`sub` is read run by run, and the parser may cut one run into
        // several Text events (`[12]` is three): they are gathered until another event.
        if !matches!(event, Event::Text(_)) {
            out.flush();
        }
        out.script = open.script();
        match event {
            Event::Start(tag) => match tag {
                Tag::CodeBlock(_) | Tag::MetadataBlock(_) => {
                    open.block_ended();
                    out.block();
                    hidden += 1;
                }
                Tag::Image { .. } | Tag::Strikethrough => hidden += 1,
                Tag::TableCell => {
                    open.block_ended();
                    out.cell();
                }
                Tag::Paragraph
                | Tag::Heading { .. }
                | Tag::BlockQuote(_)
                | Tag::Item
                | Tag::List(_)
                | Tag::FootnoteDefinition(_)
                | Tag::HtmlBlock
                | Tag::Table(_)
                | Tag::TableHead
                | Tag::TableRow
                | Tag::DefinitionList
                | Tag::DefinitionListTitle
                | Tag::DefinitionListDefinition => {
                    open.block_ended();
                    out.block();
                }
                _ => {}
            },
            Event::End(end) => match end {
                TagEnd::CodeBlock | TagEnd::MetadataBlock(_) => {
                    hidden = hidden.saturating_sub(1);
                    open.block_ended();
                    out.block();
                }
                TagEnd::Image | TagEnd::Strikethrough => hidden = hidden.saturating_sub(1),
                TagEnd::TableCell => open.block_ended(),
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::BlockQuote(_)
                | TagEnd::Item
                | TagEnd::List(_)
                | TagEnd::FootnoteDefinition
                | TagEnd::HtmlBlock
                | TagEnd::Table
                | TagEnd::TableHead
                | TagEnd::TableRow
                | TagEnd::DefinitionList
                | TagEnd::DefinitionListTitle
                | TagEnd::DefinitionListDefinition => {
                    open.block_ended();
                    out.block();
                }
                _ => {}
            },
            Event::Text(text) if shown => {
                let escaped = range.start > 0
                    && prev_end + 1 == range.start
                    && src.as_bytes()[range.start - 1] == b'\\';
                out.text(src, &text, range.clone(), escaped);
            }
            Event::Code(code) if shown => {
                // The range includes the backticks: map to the code's own bytes when they
                // stand verbatim inside it, else (a line end turned into a space) as a whole.
                let inner = src[range.clone()]
                    .find(&*code)
                    .map(|i| range.start + i..range.start + i + code.len())
                    .unwrap_or(range.clone());
                out.text(src, &code, inner, false);
            }
            // A `<br>` written as inline HTML still breaks the line.
            Event::InlineHtml(tag) if shown && is_br(&tag) => out.literal("\n", range.clone()),
            // Other inline tags are not words, but may hide, strike or raise their text.
            Event::InlineHtml(tag) => match inline::tag(&tag) {
                Some(inline::Tag::Open { name, drops }) => open.open(name, drops),
                Some(inline::Tag::Close(name)) => {
                    let script_ended = open.close(&name);
                    if script_ended {
                        out.end_script();
                    }
                }
                None => {}
            },
            Event::SoftBreak if shown => out.literal(" ", range.clone()),
            Event::HardBreak if shown => out.literal("\n", range.clone()),
            // Raw HTML blocks, comments, footnote marks, task boxes, rules, math: not words.
            _ => {}
        }
        prev_end = range.end;
    }
    Ok(out.finish())
}

/// Whether an inline HTML tag is a `<br>` (`<br>`, `<BR/>`, `<br />`).
fn is_br(tag: &str) -> bool {
    let t = tag.trim().to_ascii_lowercase();
    t.strip_prefix("<br")
        .is_some_and(|rest| rest.trim_start().trim_start_matches('/').trim() == ">")
}

/// The inline HTML elements open in the current block that matter to reading: those that
/// drop their text (struck or hidden) and `sup`/`sub`.
#[derive(Default)]
struct Inline {
    /// (name, script it sets, drops its text), outermost first.
    stack: Vec<(String, Option<Script>, bool)>,
}

impl Inline {
    fn open(&mut self, name: String, drops: bool) {
        let script = Script::of(&name);
        if drops || script.is_some() {
            self.stack.push((name, script, drops));
        }
    }

    /// `</name>`: closes the innermost such element and every one opened inside it (as a
    /// browser does); true when a `sup` or `sub` ended.
    fn close(&mut self, name: &str) -> bool {
        let Some(i) = self.stack.iter().rposition(|e| e.0 == name) else {
            return false;
        };
        let script = self.stack[i..].iter().any(|e| e.1.is_some());
        self.stack.truncate(i);
        script
    }

    /// A block ended or began: elements left open end with it, except the ones a browser
    /// re-opens in the next block (`s`, `strike`, ...).
    fn block_ended(&mut self) {
        self.stack.retain(|e| reopened(&e.0));
    }

    fn drops(&self) -> bool {
        self.stack.iter().any(|e| e.2)
    }

    fn script(&self) -> Option<Script> {
        self.stack.iter().rev().find_map(|e| e.1)
    }
}

/// The text being built and its map, with block breaks put in lazily so no block leaves an
/// empty line or a trailing break behind.
struct Writer {
    text: String,
    origin: OriginMap,
    /// Added to every source offset (the skipped byte-order mark).
    shift: usize,
    /// A block ended: the next text starts a new line.
    pending_break: bool,
    /// A table cell started: the next text is set off by a space.
    pending_space: bool,
    /// The script (`sup`/`sub`) of the text being added, if any.
    script: Option<Script>,
    /// The last text added was a run inside `sup`/`sub` kept as written, ending in a letter
    /// or digit.
    loose: bool,
    /// A `sup`/`sub` ended on such a run: the next word is set off from it when it would
    /// run into it.
    guard: bool,
    /// Text inside `sup`/`sub` not yet written, each character with its bytes.
    pending: Vec<(char, Range<usize>)>,
}

impl Writer {
    fn new(shift: usize) -> Writer {
        Writer {
            text: String::new(),
            origin: OriginMap::default(),
            shift,
            pending_break: false,
            pending_space: false,
            script: None,
            loose: false,
            guard: false,
            pending: Vec::new(),
        }
    }

    fn block(&mut self) {
        self.pending_break = true;
        self.pending_space = false;
    }

    fn cell(&mut self) {
        self.pending_space = true;
    }

    /// Put in the break or space owed before new text.
    fn separate(&mut self) {
        if self.text.is_empty() || self.text.ends_with('\n') {
            self.pending_break = false;
            self.pending_space = false;
            return;
        }
        if self.pending_break {
            self.text.push('\n');
        } else if self.pending_space && !self.text.ends_with(' ') {
            self.text.push(' ');
        }
        self.pending_break = false;
        self.pending_space = false;
    }

    /// A `sup` or `sub` ended.
    fn end_script(&mut self) {
        self.guard = self.loose;
    }

    fn push(&mut self, s: &str, orig: Range<usize>) {
        self.loose = false;
        let at = self.text.len();
        self.text.push_str(s);
        self.origin.push(
            at..self.text.len(),
            orig.start + self.shift..orig.end + self.shift,
        );
    }

    /// Text that stood at `range` of `src`: verbatim when it reads the same there, else (an
    /// entity) mapped as a whole. `escaped`: a backslash before `range` was eaten by the
    /// parser, so the first character maps to both bytes.
    fn text(&mut self, src: &str, text: &str, range: Range<usize>, escaped: bool) {
        if text.is_empty() {
            return;
        }
        let guard = std::mem::take(&mut self.guard);
        self.separate();
        if self.script.is_some() {
            self.gather(src, text, range, escaped);
            return;
        }
        if guard && would_fuse(self.text.chars().next_back(), text.chars().next()) {
            self.text.push(' ');
        }
        if src.get(range.clone()) == Some(text) {
            let first = text.chars().next().map_or(0, char::len_utf8);
            if escaped && first > 0 {
                self.push(&text[..first], range.start - 1..range.start + first);
                self.push(&text[first..], range.start + first..range.end);
            } else {
                self.push(text, range);
            }
        } else {
            self.push(text, range);
        }
    }

    /// Text inside `sup`/`sub`: its characters, each with the bytes it came from (its own
    /// when the text stands verbatim, else the whole range), kept for [`Writer::flush`].
    fn gather(&mut self, src: &str, text: &str, range: Range<usize>, escaped: bool) {
        let verbatim = src.get(range.clone()) == Some(text);
        for (k, c) in text.char_indices() {
            let orig = if !verbatim {
                range.clone()
            } else if escaped && k == 0 {
                range.start.saturating_sub(1)..range.start + c.len_utf8()
            } else {
                range.start + k..range.start + k + c.len_utf8()
            };
            self.pending.push((c, orig));
        }
    }

    /// Write the gathered `sup`/`sub` text (see `extract::script`): each run between
    /// whitespace in its script's form when every character has one, else as written and set
    /// off from a word before it.
    fn flush(&mut self) {
        let Some(script) = self.script else {
            self.pending.clear();
            return;
        };
        let pending = std::mem::take(&mut self.pending);
        let mut buf = [0u8; 4];
        for run in pending.chunk_by(|a, b| a.0.is_whitespace() == b.0.is_whitespace()) {
            let word: String = run.iter().map(|(c, _)| *c).collect();
            let formed = (!run[0].0.is_whitespace())
                .then(|| script.run(&word))
                .flatten();
            if let Some(formed) = formed {
                for ((_, o), f) in run.iter().zip(formed.chars()) {
                    self.push(f.encode_utf8(&mut buf), o.clone());
                }
                continue;
            }
            let kept = !run[0].0.is_whitespace();
            if kept && !self.loose && would_fuse(self.text.chars().next_back(), Some(run[0].0)) {
                self.text.push(' ');
            }
            for (c, o) in run {
                self.push(c.encode_utf8(&mut buf), o.clone());
            }
            self.loose = kept && run[run.len() - 1].0.is_alphanumeric();
        }
    }

    /// A break the source wrote as markup (`\n`, `  \n`, `\` + newline).
    fn literal(&mut self, s: &str, range: Range<usize>) {
        if self.text.is_empty() || self.text.ends_with('\n') {
            return;
        }
        if s == " " && self.text.ends_with(' ') {
            return;
        }
        self.push(s, range);
    }

    fn finish(mut self) -> Extracted {
        self.flush();
        Extracted {
            text: self.text,
            origin: self.origin,
            pages: Vec::new(),
            extractor: format!("pulldown-cmark {PULLDOWN_CMARK_VERSION} (rules {RULES})"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(md: &str) -> String {
        extract(md.as_bytes()).expect("UTF-8").text
    }

    /// The source bytes each word of the text maps back to.
    fn origins(md: &str) -> Vec<(String, String)> {
        let e = extract(md.as_bytes()).expect("UTF-8");
        let mut out = Vec::new();
        let mut at = 0;
        for w in e.text.split(|c: char| c.is_whitespace()) {
            let start = at;
            at += w.len() + 1;
            if w.is_empty() {
                continue;
            }
            let span = e.origin.span(start, start + w.len()).expect("mapped");
            out.push((w.to_string(), md[span].to_string()));
        }
        out
    }

    #[test]
    fn markup_goes_and_blocks_become_lines() {
        let md = "---\ntitle: x\n---\n# Head *em*\n\nA \\*b\\* &amp; c &#8220;q&rdquo; \
                  <!-- hid --> <b>bold</b> [link **t**](http://x) ![alt](i.png)\nsoft  \n\
                  hard `co de` x\\\ny\n\n```\ncode\n```\n\n    indented\n\n- item\n\
                  - [ ] task[^1]\n\n[^1]: note\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n\
                  <div>\nblock html\n</div>\n\n> quoted ~~struck~~ kept\n";
        assert_eq!(
            text(md),
            "Head em\nA *b* & c \u{201c}q\u{201d}  bold link t soft\nhard co de x\ny\n\
             item\ntask\nnote\na b\n1 2\nquoted  kept"
        );
    }

    #[test]
    fn words_map_back_to_their_source() {
        let md = "Say \\*this\\* &amp; [that **one**](http://x.example/y)\nnow.";
        let got = origins(md);
        let want = [
            ("Say", "Say"),
            ("*this*", "\\*this\\*"),
            ("&", "&amp;"),
            ("that", "that"),
            ("one", "one"),
            ("now.", "now."),
        ];
        assert_eq!(got.len(), want.len(), "{got:?}");
        for ((w, o), (ww, wo)) in got.iter().zip(want) {
            assert_eq!((w.as_str(), o.as_str()), (ww, wo));
        }
    }

    #[test]
    fn a_byte_order_mark_shifts_the_map_and_bad_utf8_is_refused_with_its_place() {
        let e = extract(b"\xEF\xBB\xBFHello").unwrap();
        assert_eq!(e.text, "Hello");
        assert_eq!(e.origin.span(0, 5), Some(3..8));
        let err = extract(b"ok\nab\xFFc").unwrap_err().to_string();
        assert!(err.contains("byte 5 (line 2, column 3)"), "{err}");
    }

    /// The version Cargo.lock records for `name`.
    fn locked_version<'a>(lock: &'a str, name: &str) -> Option<&'a str> {
        let mut lines = lock.lines();
        lines.find(|l| *l == format!("name = \"{name}\""))?;
        lines
            .next()?
            .strip_prefix("version = \"")?
            .strip_suffix('"')
    }

    #[test]
    fn the_version_is_the_locked_one() {
        let lock = include_str!("../../Cargo.lock");
        assert_eq!(
            locked_version(lock, "pulldown-cmark"),
            Some(PULLDOWN_CMARK_VERSION)
        );
    }
}
