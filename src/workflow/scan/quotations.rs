//! Finding the quotations in a manuscript (Markdown, or plain text read as Markdown).
//!
//! A quotation is a passage in double quotation marks, straight (`"…"`) or curly (`“…”`), or a
//! Markdown block quote (`> …`; each paragraph of it one quotation). Single quotation marks
//! inside a quotation are part of it (a quote within the quote), and outside one they are left
//! alone: an apostrophe (`Iran's`) and a single-quoted term cannot be told apart reliably, and a
//! paraphrase, which carries no quotation marks, is not a quotation at all.
//!
//! The manuscript is parsed as CommonMark (pulldown-cmark, the parser [`super::links`] reads
//! links with), and quotation marks count only in the prose a reader sees: the text of
//! paragraphs, headings, list items, table cells and footnotes, emphasis and link text
//! included. Inline code, an autolink's URL, code blocks (fenced or indented), HTML (blocks,
//! inline tags, comments), link destinations and titles, image descriptions and front matter
//! (`---` YAML, `+++` TOML) never open or close a quotation, and the last four are never part
//! of one. Inline code and autolinks inside a quotation keep their words. Positions are the
//! manuscript's own bytes: a quotation's span, line and column point at its first word there.
//! Locating the quotations is the pipeline's job (`judge::locate_text`); this module only reads.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::model::Span;

/// One quotation found in a manuscript.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quotation {
    /// The quoted words, without the quotation marks and Markdown markup (emphasis, link
    /// syntax), white space collapsed; a block quote's lines joined by spaces.
    pub text: String,
    /// Byte range of the quoted words in the manuscript (markup inside them included).
    pub span: Span,
    /// 1-based line of the manuscript where the quotation starts.
    pub line: usize,
    /// 1-based column (in characters) of the manuscript where the quotation starts.
    pub column: usize,
    /// True for a Markdown block quote.
    pub block: bool,
}

/// The CommonMark extensions a manuscript is read with (quotations and links alike): tables,
/// footnotes and front matter, which must be recognised to be skipped.
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
}

/// A run of a prose block's visible text, and where it is in the manuscript.
struct Piece {
    /// Offset of the run in the block's joined text.
    at: usize,
    /// The run's text.
    text: String,
    /// Its bytes in the manuscript.
    src: Range<usize>,
    /// True when `text` is exactly the manuscript's `src` bytes (so offsets map one to one);
    /// false for an entity (`&quot;`) or a line break.
    exact: bool,
    /// True when its quotation marks count (prose); false for inline code and autolinks,
    /// whose words belong to a quotation around them but whose marks are not quotation marks.
    marks: bool,
}

/// One block of prose (a paragraph, heading, list item's text, table cell): its joined text
/// and the pieces it was joined from.
#[derive(Default)]
struct Block {
    text: String,
    pieces: Vec<Piece>,
}

impl Block {
    fn push(&mut self, manuscript: &str, text: &str, src: Range<usize>, marks: bool) {
        let exact = manuscript.get(src.clone()) == Some(text);
        self.pieces.push(Piece {
            at: self.text.len(),
            text: text.to_string(),
            src,
            exact,
            marks,
        });
        self.text.push_str(text);
    }

    /// The manuscript offset of offset `off` of the joined text: exact inside a piece copied
    /// verbatim, else the start (`end == false`) or end of the piece holding it.
    fn map(&self, off: usize, end: bool) -> usize {
        let holds = |p: &&Piece| {
            let to = p.at + p.text.len();
            if end {
                p.at < off && off <= to
            } else {
                p.at <= off && off < to
            }
        };
        let Some(p) = self.pieces.iter().find(holds) else {
            return self.pieces.last().map_or(0, |p| p.src.end);
        };
        match (p.exact, end) {
            (true, _) => p.src.start + (off - p.at),
            (false, false) => p.src.start,
            (false, true) => p.src.end,
        }
    }
}

/// How a manuscript is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Manuscript {
    /// Markdown (CommonMark): an indented block is code.
    Markdown,
    /// Plain text: Markdown, except that an indented paragraph is prose (plain text indents
    /// paragraphs; it has no code blocks to indent).
    PlainText,
}

impl Manuscript {
    /// How the manuscript at `path` is read: plain text for `.txt` and `.text`, else Markdown.
    pub fn of(path: &std::path::Path) -> Manuscript {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        match ext.as_deref() {
            Some("txt" | "text") => Manuscript::PlainText,
            _ => Manuscript::Markdown,
        }
    }
}

/// Every quotation in `text` (a Markdown manuscript), in order of appearance.
pub fn quotations(text: &str) -> Vec<Quotation> {
    quotations_in(text, Manuscript::Markdown)
}

/// Every quotation in `text`, read as `kind`, in order of appearance.
pub fn quotations_in(text: &str, kind: Manuscript) -> Vec<Quotation> {
    let mut out = Vec::new();
    let mut block = Block::default();
    let mut quote_depth = 0usize; // block quotes open around the current event
    let mut hidden = 0usize; // code blocks, front matter, images open: nothing of them is read
    let mut opaque = 0usize; // autolinks open: their words are read, their marks are not
    let mut code_as_prose = 0usize; // an indented paragraph of plain text open
    for (event, range) in Parser::new_ext(text, markdown_options()).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                match &tag {
                    Tag::CodeBlock(CodeBlockKind::Indented) if kind == Manuscript::PlainText => {
                        code_as_prose += 1
                    }
                    Tag::CodeBlock(_) | Tag::MetadataBlock(_) | Tag::Image { .. } => hidden += 1,
                    Tag::Link {
                        link_type: LinkType::Autolink | LinkType::Email,
                        ..
                    } => opaque += 1,
                    _ => {}
                }
                if is_block(&tag) {
                    flush(text, &mut block, quote_depth > 0, &mut out);
                }
                if matches!(tag, Tag::BlockQuote(_)) {
                    quote_depth += 1;
                }
            }
            Event::End(end) => {
                if is_block_end(&end) {
                    flush(text, &mut block, quote_depth > 0, &mut out);
                }
                match end {
                    TagEnd::BlockQuote(_) => quote_depth = quote_depth.saturating_sub(1),
                    TagEnd::CodeBlock if code_as_prose > 0 => code_as_prose -= 1,
                    TagEnd::CodeBlock | TagEnd::MetadataBlock(_) | TagEnd::Image => {
                        hidden = hidden.saturating_sub(1)
                    }
                    TagEnd::Link if opaque > 0 => opaque -= 1,
                    _ => {}
                }
            }
            _ if hidden > 0 => {}
            Event::Text(t) => block.push(text, &t, range, opaque == 0),
            Event::Code(c) => block.push(text, &c, range, false),
            Event::SoftBreak | Event::HardBreak => block.push(text, " ", range, false),
            // HTML (a comment, a tag) is neither words nor marks.
            _ => {}
        }
    }
    flush(text, &mut block, quote_depth > 0, &mut out);
    out.sort_by_key(|q| q.span.start);
    out
}

/// Tags that start or end a block of prose: text never runs from one into the next. Inline
/// tags (emphasis, links, images) do not break a quotation.
fn is_block(tag: &Tag<'_>) -> bool {
    !matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

fn is_block_end(end: &TagEnd) -> bool {
    !matches!(
        end,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

/// The quotations of the prose block read so far (the whole block for a block quote), and a
/// fresh block for what follows.
fn flush(text: &str, block: &mut Block, in_block_quote: bool, out: &mut Vec<Quotation>) {
    let b = std::mem::take(block);
    if b.pieces.is_empty() {
        return;
    }
    if in_block_quote {
        // Only prose makes a block quote a quotation: one holding nothing but inline code
        // (`` > `"key": "value"` ``) or a bare URL is not one.
        if !b
            .pieces
            .iter()
            .any(|p| p.marks && !p.text.trim().is_empty())
        {
            return;
        }
        // A block quote that is itself one quotation in marks is that quotation.
        let joined = collapse(&b.text);
        let words = crate::text::strip_quotation_marks(&joined).to_string();
        let lead = b.text.len() - b.text.trim_start().len();
        let end = b.text.trim_end().len();
        if !words.is_empty() {
            push(text, words, b.map(lead, false), b.map(end, true), true, out);
        }
        return;
    }
    // Double-quoted passages. A quotation still open at the end of its paragraph ends there
    // (the convention for quotes running over several paragraphs).
    let mut open: Option<(char, usize, usize)> = None; // (opening mark, start, nesting depth)
    for p in b.pieces.iter().filter(|p| p.marks) {
        for (i, c) in p.text.char_indices() {
            let i = p.at + i;
            match (open, c) {
                (None, '"' | '\u{201C}') => open = Some((c, i + c.len_utf8(), 0)),
                (Some((m, s, d)), '\u{201C}') if m != '"' => open = Some((m, s, d + 1)),
                (Some((m, s, d)), '\u{201D}') if m != '"' && d > 0 => open = Some((m, s, d - 1)),
                (Some(('"', s, _)), '"') | (Some((_, s, 0)), '\u{201D}' | '"') => {
                    inline(text, &b, s, i, out);
                    open = None;
                }
                _ => {}
            }
        }
    }
    if let Some((_, s, _)) = open {
        inline(text, &b, s, b.text.len(), out);
    }
}

/// The quotation between offsets `start` and `end` of block `b`'s joined text.
fn inline(text: &str, b: &Block, start: usize, end: usize, out: &mut Vec<Quotation>) {
    let raw = &b.text[start..end];
    let lead = raw.len() - raw.trim_start().len();
    let t = raw.trim();
    if t.is_empty() {
        return;
    }
    let from = b.map(start + lead, false);
    let to = b.map(start + lead + t.len(), true);
    push(text, collapse(t), from, to, false, out);
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn push(
    text: &str,
    words: String,
    start: usize,
    end: usize,
    block: bool,
    out: &mut Vec<Quotation>,
) {
    let (line, column) = crate::text::line_col(text, start);
    out.push(Quotation {
        text: words,
        span: Span::new(start, end.max(start)),
        line,
        column,
        block,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        quotations(s).into_iter().map(|q| q.text).collect()
    }

    #[test]
    fn straight_and_curly_double_quotes() {
        assert_eq!(
            texts("He said \"no support here\" and “far more likely” too."),
            ["no support here", "far more likely"]
        );
    }

    #[test]
    fn nested_single_quotes_stay_inside() {
        assert_eq!(
            texts("It said “the ‘Mujahedin-e Khalq’ (MEK) group” and \"the 'People's' army\"."),
            ["the ‘Mujahedin-e Khalq’ (MEK) group", "the 'People's' army"]
        );
    }

    #[test]
    fn apostrophes_and_paraphrases_are_not_quotations() {
        assert!(texts("Iran's MEK has no popular support, the cable's authors said.").is_empty());
    }

    #[test]
    fn markdown_block_quotes_and_fences() {
        let md = "Intro line.\n\n> They have no support\n> in Iran.\n>\n> Nobody likes them.\n\n```\n\"code\"\n```\nafter \"this one\"\n";
        let q = quotations(md);
        let t: Vec<&str> = q.iter().map(|q| q.text.as_str()).collect();
        assert_eq!(
            t,
            [
                "They have no support in Iran.",
                "Nobody likes them.",
                "this one"
            ]
        );
        assert!(q[0].block && q[0].line == 3);
        assert_eq!(
            &md[q[0].span.start..q[0].span.end],
            "They have no support\n> in Iran."
        );
        assert_eq!(&md[q[2].span.start..q[2].span.end], "this one");
    }

    #[test]
    fn unclosed_quote_ends_with_its_paragraph() {
        assert_eq!(texts("“one two three\n\nnext"), ["one two three"]);
    }
}
