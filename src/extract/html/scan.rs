//! Where html5ever's text came from. The parser gives text nodes but no byte offsets, so this
//! walks the raw document once as the HTML tokenizer does — skipping tags (quoted attribute
//! values included), comments, doctypes and the contents of raw text elements (`script`,
//! `style`, ...), decoding character references and line ends — and keeps the character data
//! it finds as one string (`dec`) with a map from each part of it back to the source. A text
//! node is then found in `dec` from a cursor that moves forward through the document
//! ([`Matcher`]), and its characters map back through the pieces.
//!
//! This mirrors the tokenizer closely enough for real pages; where it does not (script data
//! escapes, rare foreign-content cases), a node is simply not found at the cursor, the matcher
//! searches around it, and at worst the node maps as a whole to the cursor's place.

use std::ops::Range;

use html5ever::data::{C1_REPLACEMENTS, NAMED_ENTITIES};

/// One stretch of `dec` and the source bytes it came from: equal lengths map byte for byte,
/// unequal ones as a whole (a character reference, `\r\n`).
#[derive(Debug, Clone, Copy)]
struct Piece {
    dec: usize,
    src: usize,
    dec_len: usize,
    src_len: usize,
}

impl Piece {
    fn verbatim(&self) -> bool {
        self.dec_len == self.src_len
    }
}

/// The document's character data in order, with its map back to the source.
#[derive(Debug, Default)]
pub(super) struct Scanned {
    /// The text the tokenizer would emit outside raw text elements: references decoded,
    /// `\r\n` and `\r` read as `\n`, NUL dropped.
    pub dec: String,
    pieces: Vec<Piece>,
}

/// Elements whose content the tokenizer reads as raw text (no tags, no references) and no
/// reader sees: their text is not in `dec` (html5ever runs with scripting on, so `noscript`
/// is one of them).
pub(super) const RAWTEXT: [&str; 6] = [
    "script", "style", "iframe", "noembed", "noframes", "noscript",
];

/// Elements whose content is text with references but no tags.
const RCDATA: [&str; 2] = ["title", "textarea"];

/// HTML start tags that end foreign (SVG, MathML) content.
const BREAKOUT: [&str; 44] = [
    "b",
    "big",
    "blockquote",
    "body",
    "br",
    "center",
    "code",
    "dd",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "hr",
    "i",
    "img",
    "li",
    "listing",
    "menu",
    "meta",
    "nobr",
    "ol",
    "p",
    "pre",
    "ruby",
    "s",
    "small",
    "span",
    "strong",
    "strike",
    "sub",
    "sup",
    "table",
    "tt",
    "u",
    "ul",
    "var",
];

/// HTML's whitespace.
pub(super) fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ')
}

impl Scanned {
    /// Append `s`, which came from `src`.
    fn push(&mut self, s: &str, src: Range<usize>) {
        if s.is_empty() {
            return;
        }
        let p = Piece {
            dec: self.dec.len(),
            src: src.start,
            dec_len: s.len(),
            src_len: src.len(),
        };
        self.dec.push_str(s);
        if let Some(last) = self.pieces.last_mut() {
            if last.verbatim() && p.verbatim() && last.src + last.src_len == p.src {
                last.dec_len += p.dec_len;
                last.src_len += p.src_len;
                return;
            }
        }
        self.pieces.push(p);
    }

    /// The index of the piece holding `dec` offset `at` (the last piece when past the end),
    /// starting the search at `hint` since callers walk forward.
    fn piece_at(&self, at: usize, hint: &mut usize) -> Option<usize> {
        let n = self.pieces.len();
        if n == 0 {
            return None;
        }
        let h = (*hint).min(n - 1);
        let p = self.pieces[h];
        let i = if p.dec <= at && at < p.dec + p.dec_len {
            h
        } else if h + 1 < n
            && self.pieces[h + 1].dec <= at
            && at < self.pieces[h + 1].dec + self.pieces[h + 1].dec_len
        {
            h + 1
        } else {
            self.pieces
                .partition_point(|p| p.dec + p.dec_len <= at)
                .min(n - 1)
        };
        *hint = i;
        Some(i)
    }

    /// The source offset where `dec` offset `at` starts.
    pub fn src_start(&self, at: usize, hint: &mut usize) -> usize {
        let Some(i) = self.piece_at(at, hint) else {
            return 0;
        };
        let p = self.pieces[i];
        if at >= p.dec + p.dec_len {
            p.src + p.src_len
        } else if p.verbatim() {
            p.src + (at.max(p.dec) - p.dec)
        } else {
            p.src
        }
    }

    /// The source offset where a `dec` range ending at `at` (exclusive, > 0) ends.
    pub fn src_end(&self, at: usize, hint: &mut usize) -> usize {
        let Some(i) = self.piece_at(at.saturating_sub(1), hint) else {
            return 0;
        };
        let p = self.pieces[i];
        if at >= p.dec + p.dec_len || !p.verbatim() {
            p.src + p.src_len
        } else {
            p.src + (at.max(p.dec) - p.dec)
        }
    }

    /// Split `dec` range `range` at piece boundaries: each part with the source range it
    /// came from (a part of an unequal piece maps to the whole piece).
    pub fn parts(
        &self,
        range: Range<usize>,
        hint: &mut usize,
        mut f: impl FnMut(Range<usize>, Range<usize>),
    ) {
        let mut at = range.start;
        while at < range.end {
            let Some(i) = self.piece_at(at, hint) else {
                return;
            };
            let p = self.pieces[i];
            if at < p.dec || at >= p.dec + p.dec_len {
                // Not covered (cannot happen: every dec byte has a piece); never loop.
                return;
            }
            let end = range.end.min(p.dec + p.dec_len);
            if p.verbatim() {
                f(at..end, p.src + (at - p.dec)..p.src + (end - p.dec));
            } else {
                f(at..end, p.src..p.src + p.src_len);
            }
            at = end;
        }
    }
}

/// Scan `s`, a whole decoded document.
pub(super) fn scan(s: &str) -> Scanned {
    let mut out = Scanned {
        dec: String::with_capacity(s.len()),
        pieces: Vec::new(),
    };
    let b = s.as_bytes();
    let mut foreign = 0usize;
    let mut i = 0;
    while i < b.len() {
        let run = b[i..]
            .iter()
            .position(|&c| matches!(c, b'<' | b'&' | b'\r' | b'\0'))
            .map_or(b.len(), |k| i + k);
        out.push(&s[i..run], i..run);
        i = run;
        if i >= b.len() {
            break;
        }
        i = match b[i] {
            b'<' => markup(s, i, &mut foreign, &mut out),
            b'\0' => i + 1,
            _ => special(s, i, &mut out, true),
        };
    }
    out
}

/// A `&`, `\r` or NUL at `i` in text: push what it reads as and return the offset after it.
/// `refs`: character references are decoded (not in CDATA or plain text).
fn special(s: &str, i: usize, out: &mut Scanned, refs: bool) -> usize {
    let b = s.as_bytes();
    match b[i] {
        b'&' if refs => match char_ref(s, i) {
            Some((chars, len)) => {
                let mut buf = [0u8; 8];
                let mut n = 0;
                for c in chars.into_iter().flatten() {
                    n += c.encode_utf8(&mut buf[n..]).len();
                }
                out.push(
                    std::str::from_utf8(&buf[..n]).unwrap_or("\u{FFFD}"),
                    i..i + len,
                );
                i + len
            }
            None => {
                out.push("&", i..i + 1);
                i + 1
            }
        },
        b'\r' => {
            let len = if b.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
            out.push("\n", i..i + len);
            i + len
        }
        b'\0' => {
            out.push("\u{FFFD}", i..i + 1);
            i + 1
        }
        _ => {
            out.push(&s[i..i + 1], i..i + 1);
            i + 1
        }
    }
}

/// Text up to `end` that the tokenizer reads as RCDATA (`refs`) or raw characters.
fn text_run(s: &str, mut i: usize, end: usize, out: &mut Scanned, refs: bool) {
    let b = s.as_bytes();
    while i < end {
        let run = b[i..end]
            .iter()
            .position(|&c| matches!(c, b'&' | b'\r' | b'\0'))
            .map_or(end, |k| i + k);
        out.push(&s[i..run], i..run);
        i = run;
        if i < end {
            i = special(s, i, out, refs);
        }
    }
}

/// The `<` at `i`: skip the markup it opens, scanning raw text and RCDATA elements it starts,
/// and return where data resumes.
fn markup(s: &str, i: usize, foreign: &mut usize, out: &mut Scanned) -> usize {
    let b = s.as_bytes();
    let n = b.len();
    match b.get(i + 1) {
        Some(b'!') => {
            if b[i..].starts_with(b"<!--") {
                comment_end(b, i + 4)
            } else if *foreign > 0 && b[i + 2..].starts_with(b"[CDATA[") {
                let start = i + 9;
                let end = memchr::memmem::find(&b[start..], b"]]>").map_or(n, |k| start + k);
                text_run(s, start, end, out, false);
                (end + 3).min(n)
            } else {
                gt(b, i + 2)
            }
        }
        Some(b'?') => gt(b, i + 2),
        Some(b'/') => match b.get(i + 2) {
            Some(c) if c.is_ascii_alphabetic() => {
                let (name, end, _) = tag(b, i + 2);
                let name = name.as_str();
                if *foreign > 0 && (name == "svg" || name == "math") {
                    *foreign -= 1;
                }
                end
            }
            Some(b'>') => i + 3,
            None => {
                out.push("</", i..n);
                n
            }
            Some(_) => gt(b, i + 2),
        },
        Some(c) if c.is_ascii_alphabetic() => {
            let (name, end, closed) = tag(b, i + 1);
            let name = name.as_str();
            let self_closing = closed && end >= 2 && b[end - 2] == b'/';
            if !closed {
                // A tag cut off by the end of the file is dropped whole.
                return n;
            }
            if *foreign > 0 {
                if name == "svg" || name == "math" {
                    *foreign += usize::from(!self_closing);
                } else if BREAKOUT.contains(&name) {
                    *foreign = 0;
                }
                return end;
            }
            if name == "svg" || name == "math" {
                *foreign += usize::from(!self_closing);
                end
            } else if RAWTEXT.contains(&name) {
                let close = end_tag(b, end, name);
                close.map_or(n, |c| tag(b, c + 2).1)
            } else if RCDATA.contains(&name) {
                let close = end_tag(b, end, name);
                text_run(s, end, close.unwrap_or(n), out, true);
                close.map_or(n, |c| tag(b, c + 2).1)
            } else if name == "xmp" {
                // Raw text a reader does see.
                let close = end_tag(b, end, name);
                text_run(s, end, close.unwrap_or(n), out, false);
                close.map_or(n, |c| tag(b, c + 2).1)
            } else if name == "plaintext" {
                text_run(s, end, n, out, false);
                n
            } else {
                end
            }
        }
        // A `<` that opens nothing is text.
        _ => {
            out.push("<", i..i + 1);
            i + 1
        }
    }
}

/// After `<!--` at `start`-4: the offset after the comment's end (`-->`, `--!>`, or the
/// abrupt `<!-->` and `<!--->`), or the end of the file.
fn comment_end(b: &[u8], start: usize) -> usize {
    let n = b.len();
    if b[start..].starts_with(b">") {
        return start + 1;
    }
    if b[start..].starts_with(b"->") {
        return start + 2;
    }
    let mut at = start;
    while let Some(k) = memchr::memmem::find(&b[at..], b"--") {
        let mut j = at + k + 2;
        while b.get(j) == Some(&b'-') {
            j += 1;
        }
        match b.get(j) {
            Some(b'>') => return j + 1,
            Some(b'!') if b.get(j + 1) == Some(&b'>') => return j + 2,
            _ => at = j,
        }
    }
    n
}

/// The offset after the next `>` from `at` (a bogus comment or doctype), or the end.
fn gt(b: &[u8], at: usize) -> usize {
    memchr::memchr(b'>', &b[at.min(b.len())..]).map_or(b.len(), |k| at + k + 1)
}

/// A tag's name, lowercased, without an allocation; names longer than any this module
/// looks for read as empty.
#[derive(Clone, Copy)]
struct TagName {
    buf: [u8; 12],
    len: usize,
}

impl TagName {
    fn new(raw: &[u8]) -> TagName {
        let mut buf = [0u8; 12];
        if raw.len() > buf.len() || !raw.is_ascii() {
            return TagName { buf, len: 0 };
        }
        for (d, s) in buf.iter_mut().zip(raw) {
            *d = s.to_ascii_lowercase();
        }
        TagName {
            buf,
            len: raw.len(),
        }
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }
}

/// A tag whose name starts at `at`: its lowercased name, the offset after its `>` (the end of
/// the file when it has none) and whether it has one; attribute values quoted with `"` or `'`
/// are skipped whole.
fn tag(b: &[u8], at: usize) -> (TagName, usize, bool) {
    let n = b.len();
    let mut i = at;
    while i < n && !is_space(b[i]) && b[i] != b'/' && b[i] != b'>' {
        i += 1;
    }
    let name = TagName::new(&b[at.min(n)..i]);
    loop {
        while i < n && (is_space(b[i]) || b[i] == b'/') {
            i += 1;
        }
        if i >= n {
            return (name, n, false);
        }
        if b[i] == b'>' {
            return (name, i + 1, true);
        }
        // An attribute name (a leading `=` belongs to it).
        i += 1;
        while i < n && !is_space(b[i]) && !matches!(b[i], b'/' | b'>' | b'=') {
            i += 1;
        }
        while i < n && is_space(b[i]) {
            i += 1;
        }
        if i < n && b[i] == b'=' {
            i += 1;
            while i < n && is_space(b[i]) {
                i += 1;
            }
            match b.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    i = memchr::memchr(q, &b[i + 1..]).map_or(n, |k| i + 1 + k + 1);
                }
                Some(b'>') => {}
                Some(_) => {
                    while i < n && !is_space(b[i]) && b[i] != b'>' {
                        i += 1;
                    }
                }
                None => return (name, n, false),
            }
        }
    }
}

/// The offset of the `</name` that ends a raw text or RCDATA element whose content starts at
/// `from`: `</` + the name in any case + a space, `/` or `>`.
fn end_tag(b: &[u8], from: usize, name: &str) -> Option<usize> {
    let mut at = from;
    while let Some(k) = memchr::memmem::find(&b[at.min(b.len())..], b"</") {
        let p = at + k;
        let after = p + 2 + name.len();
        if b.len() >= after
            && b[p + 2..after].eq_ignore_ascii_case(name.as_bytes())
            && b.get(after)
                .is_some_and(|&c| is_space(c) || c == b'/' || c == b'>')
        {
            return Some(p);
        }
        at = p + 2;
    }
    None
}

/// The character reference at `i` (a `&`) in text, as the tokenizer reads it: the
/// characters and its length in bytes, or `None` when the `&` is a plain character.
pub(super) fn char_ref(s: &str, i: usize) -> Option<([Option<char>; 2], usize)> {
    let b = s.as_bytes();
    match b.get(i + 1) {
        Some(b'#') => numeric(b, i),
        Some(c) if c.is_ascii_alphanumeric() => named(s, i),
        _ => None,
    }
}

fn numeric(b: &[u8], i: usize) -> Option<([Option<char>; 2], usize)> {
    let (hex, start) = match b.get(i + 2) {
        Some(b'x' | b'X') => (true, i + 3),
        _ => (false, i + 2),
    };
    let mut j = start;
    let mut value: u32 = 0;
    let mut too_big = false;
    while let Some(&c) = b.get(j) {
        let d = match c {
            b'0'..=b'9' => u32::from(c - b'0'),
            b'a'..=b'f' if hex => u32::from(c - b'a' + 10),
            b'A'..=b'F' if hex => u32::from(c - b'A' + 10),
            _ => break,
        };
        match value
            .checked_mul(if hex { 16 } else { 10 })
            .and_then(|v| v.checked_add(d))
        {
            Some(v) => value = v,
            None => too_big = true,
        }
        j += 1;
    }
    if j == start {
        return None;
    }
    if b.get(j) == Some(&b';') {
        j += 1;
    }
    let c = match value {
        _ if too_big => '\u{FFFD}',
        v if v > 0x10_FFFF => '\u{FFFD}',
        0 | 0xD800..=0xDFFF => '\u{FFFD}',
        v @ 0x80..=0x9F => C1_REPLACEMENTS[(v - 0x80) as usize]
            .unwrap_or_else(|| char::from_u32(v).unwrap_or('\u{FFFD}')),
        v => char::from_u32(v).unwrap_or('\u{FFFD}'),
    };
    Some(([Some(c), None], j - i))
}

/// A named reference: the longest name in the table (with or without its `;`, as the table
/// allows), as html5ever matches it.
fn named(s: &str, i: usize) -> Option<([Option<char>; 2], usize)> {
    let b = s.as_bytes();
    let mut best = None;
    let mut j = i + 1;
    while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b';') {
        j += 1;
        match NAMED_ENTITIES.get(&s[i + 1..j]) {
            Some(&(0, _)) => {}
            Some(&(c1, c2)) => best = Some((c1, c2, j - i)),
            None => break,
        }
        if b[j - 1] == b';' {
            break;
        }
    }
    let (c1, c2, len) = best?;
    let chars = [char::from_u32(c1), char::from_u32(c2).filter(|_| c2 != 0)];
    Some((chars, len))
}

/// Finds each text node of the tree in `dec`, in document order.
pub(super) struct Matcher<'a> {
    scanned: &'a Scanned,
    /// Where the next node's text is expected.
    pub cursor: usize,
    /// Bytes still allowed for searching away from the cursor: keeps a document whose nodes
    /// keep failing to match linear in its size.
    budget: usize,
}

/// How far from the cursor a node is looked for (foster-parented table text moves by at most
/// a table).
const WINDOW: usize = 1 << 16;

impl<'a> Matcher<'a> {
    pub fn new(scanned: &'a Scanned) -> Matcher<'a> {
        Matcher {
            scanned,
            cursor: 0,
            budget: 8 * scanned.dec.len() + (1 << 20),
        }
    }

    /// The `dec` offset of `text`, the next text node: at the cursor, else the nearest
    /// occurrence after it (skipping text the tree dropped), else before it (text the parser
    /// moved ahead of where it stood). The cursor moves past a match found at or after it.
    pub fn find(&mut self, text: &str) -> Option<usize> {
        let dec = self.scanned.dec.as_bytes();
        let t = text.as_bytes();
        let c = self.cursor;
        if dec[c..].starts_with(t) {
            self.cursor = c + t.len();
            return Some(c);
        }
        if self.budget == 0 || t.is_empty() {
            return None;
        }
        let span = WINDOW.max(4 * t.len()).min(self.budget);
        self.budget -= span;
        let ahead = &dec[c..dec.len().min(c + span + t.len())];
        if let Some(k) = memchr::memmem::find(ahead, t) {
            self.cursor = c + k + t.len();
            return Some(c + k);
        }
        let from = c.saturating_sub(span);
        memchr::memmem::rfind(&dec[from..c], t).map(|k| from + k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> String {
        scan(s).dec
    }

    #[test]
    fn markup_is_skipped_and_text_decoded() {
        assert_eq!(
            dec("<!DOCTYPE html><p class='a>b' title=\"x>\">A &amp; B&#8220;&#x201D;&notit; &notin;</p>"),
            "A & B\u{201c}\u{201d}\u{ac}it; \u{2209}"
        );
        assert_eq!(dec("a<!-- x -- > y -->b<!-->c<?php x ?>d</ >e"), "abcde");
        assert_eq!(dec("a<script>if (a<b) x = '</p>';</script >b"), "ab");
        assert_eq!(
            dec("<title>T &lt;b&gt;</title><style>p{}</style>x\r\ny\rz\0"),
            "T <b>x\ny\nz"
        );
        assert_eq!(
            dec("a < b &#0; &#x80; &#99999999999; &; &x"),
            "a < b \u{FFFD} \u{20ac} \u{FFFD} &; &x"
        );
        assert_eq!(
            dec("<svg><![CDATA[x<y]]><style>s</style></svg><p>z"),
            "x<ysz"
        );
        assert_eq!(dec("text <unterminated attr='x"), "text ");
    }

    #[test]
    fn pieces_map_text_back_to_the_source() {
        let src = "<p>Tom &amp; Jerry</p>";
        let sc = scan(src);
        assert_eq!(sc.dec, "Tom & Jerry");
        let mut hint = 0;
        let mut parts = Vec::new();
        sc.parts(0..sc.dec.len(), &mut hint, |d, s| parts.push((d, s)));
        assert_eq!(parts, vec![(0..4, 3..7), (4..5, 7..12), (5..11, 12..18)]);
        assert_eq!(sc.src_start(4, &mut hint), 7);
        assert_eq!(sc.src_end(5, &mut hint), 12);
        assert_eq!(sc.src_end(11, &mut hint), 18);
    }

    #[test]
    fn the_matcher_skips_dropped_text_and_finds_moved_text_behind() {
        let sc = scan("<p>one</p><p>two</p><p>three</p>");
        let mut m = Matcher::new(&sc);
        assert_eq!(m.find("one"), Some(0));
        assert_eq!(m.find("three"), Some(6));
        assert_eq!(m.find("two"), Some(3));
        assert_eq!(m.find("four"), None);
    }
}
