//! A small PDF writer for the PDF extraction tests, fuzz seeds and benchmark: uncompressed
//! content streams, text in Helvetica (WinAnsiEncoding, one of the standard 14 fonts, no
//! widths given: the reader needs its own metrics) or in a Type0/Identity-H font with a
//! ToUnicode CMap (how word processors write TrueType text), a running header and page
//! numbers, and U+FB01 "ﬁ" shown as a single ligature glyph mapped by a ToUnicode CMap.
//!
//! The writer also lays text out into lines and pages and keeps, beside the printed lines,
//! the lines a correct reader should give back (a word hyphenated at a line end printed in two
//! halves but expected whole), so the tests derive their expectations from the layout and not
//! from the reader under test.

#![allow(dead_code)]

use std::fmt::Write as _;

/// The font body text is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyFont {
    /// Helvetica, WinAnsiEncoding, no embedded program or widths (a standard 14 font).
    Helvetica,
    /// A Type0 font, Identity-H, two-byte codes mapped to text by a ToUnicode CMap only.
    Cid,
}

/// How the document is dressed.
#[derive(Debug, Clone)]
pub struct Style {
    /// A line printed at the top of every page.
    pub header: Option<String>,
    /// `Page N of M` printed at the bottom of every page.
    pub page_numbers: bool,
    /// The body font.
    pub font: BodyFont,
}

/// Lines laid out on pages: what is printed, and what a reader should return.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    /// The body lines printed on each page (a hyphenated word in two halves).
    pub printed: Vec<Vec<String>>,
    /// The body lines a reader should give back for each page (the hyphenated word whole on
    /// the line where it starts, its second half gone from the next line).
    pub expected: Vec<Vec<String>>,
    /// The word printed in two halves across a line end, if any.
    pub hyphenated: Option<String>,
}

impl Layout {
    /// The expected text of page `i` (0-based): its lines joined by line breaks.
    pub fn page_text(&self, i: usize) -> String {
        self.expected[i].join("\n")
    }
}

/// Lay `paragraphs` out in lines of at most `width` characters, `per_page` lines a page,
/// each paragraph starting a new line. With `hyphenate_from = Some(p)`, the first word of 8 or
/// more lowercase letters that falls at a line end (it doesn't fit the line) on page `p`
/// (0-based) or later is broken with a hyphen after its first half instead of being moved whole
/// to the next line; [`Layout::hyphenated`] names it.
pub fn layout(
    paragraphs: &[&str],
    width: usize,
    per_page: usize,
    hyphenate_from: Option<usize>,
) -> Layout {
    let mut printed: Vec<String> = Vec::new();
    let mut expected: Vec<String> = Vec::new();
    let mut done = hyphenate_from.is_none();
    let mut hyphenated = None;
    for para in paragraphs {
        let mut line = String::new();
        let mut exp = String::new();
        for word in para.split_whitespace() {
            let fits = line.is_empty() || line.chars().count() + 1 + word.chars().count() <= width;
            if fits {
                if !line.is_empty() {
                    line.push(' ');
                }
                if !exp.is_empty() {
                    exp.push(' ');
                }
                line.push_str(word);
                exp.push_str(word);
                continue;
            }
            let page_now = printed.len() / per_page;
            if let Some(from_page) = hyphenate_from {
                let half = word.len() / 2;
                if !done
                    && word.len() >= 8
                    && word.bytes().all(|b| b.is_ascii_lowercase())
                    && page_now >= from_page
                    && word.is_char_boundary(half)
                    && line.chars().count() + 1 + half < width
                    && !(printed.len() + 1).is_multiple_of(per_page)
                {
                    // Printed: "... accord-" / "ing ..."; expected: "... according" / "...".
                    line.push(' ');
                    line.push_str(&word[..half]);
                    line.push('-');
                    exp.push(' ');
                    exp.push_str(word);
                    printed.push(std::mem::take(&mut line));
                    expected.push(std::mem::take(&mut exp));
                    line.push_str(&word[half..]);
                    done = true;
                    hyphenated = Some(word.to_string());
                    continue;
                }
            }
            printed.push(std::mem::replace(&mut line, word.to_string()));
            expected.push(std::mem::replace(&mut exp, word.to_string()));
        }
        if !line.is_empty() {
            printed.push(line);
            expected.push(exp);
        }
    }
    assert!(done, "the word to hyphenate never fell at a line end");
    // A continuation line that held only the hyphenated word's second half is no line of
    // the expected text.
    let expected = expected
        .chunks(per_page)
        .map(|c| c.iter().filter(|l| !l.is_empty()).cloned().collect())
        .collect();
    Layout {
        printed: printed.chunks(per_page).map(<[String]>::to_vec).collect(),
        expected,
        hyphenated,
    }
}

/// The WinAnsiEncoding code of `c` (the characters the fixtures use), or None.
fn win_ansi(c: char) -> Option<u8> {
    Some(match c {
        ' '..='~' => c as u8,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '–' => 0x96,
        '—' => 0x97,
        '\u{a0}'..='\u{ff}' => c as u32 as u8,
        _ => return None,
    })
}

/// A PDF literal string of WinAnsi codes, escaped.
fn literal(codes: &[u8]) -> String {
    let mut s = String::from("(");
    for &b in codes {
        match b {
            b'(' | b')' | b'\\' => {
                s.push('\\');
                s.push(b as char);
            }
            0x20..=0x7e => s.push(b as char),
            _ => {
                let _ = write!(s, "\\{b:03o}");
            }
        }
    }
    s.push(')');
    s
}

/// Two-byte codes for the Type0 font: one per distinct character, in order of first use.
#[derive(Default)]
struct CidCodes {
    chars: Vec<char>,
}

impl CidCodes {
    fn code(&mut self, c: char) -> u16 {
        match self.chars.iter().position(|&x| x == c) {
            Some(i) => i as u16 + 1,
            None => {
                self.chars.push(c);
                self.chars.len() as u16
            }
        }
    }
}

/// The text-showing operators for one line in `font` (font switches for the ligature).
fn show(line: &str, font: BodyFont, size: u32, cid: &mut CidCodes) -> String {
    match font {
        BodyFont::Cid => {
            let mut hex = String::from("<");
            for c in line.chars() {
                let _ = write!(hex, "{:04X}", cid.code(c));
            }
            hex.push('>');
            format!("{hex} Tj")
        }
        BodyFont::Helvetica => {
            let mut ops = String::new();
            let mut run: Vec<u8> = Vec::new();
            for c in line.chars() {
                if c == '\u{fb01}' {
                    if !run.is_empty() {
                        let _ = write!(ops, "{} Tj ", literal(&run));
                        run.clear();
                    }
                    let _ = write!(ops, "/F2 {size} Tf <01> Tj /F1 {size} Tf ");
                } else {
                    run.push(win_ansi(c).unwrap_or_else(|| panic!("{c:?} is not in WinAnsi")));
                }
            }
            if !run.is_empty() {
                let _ = write!(ops, "{} Tj", literal(&run));
            }
            ops
        }
    }
}

/// A ToUnicode CMap mapping each one-byte or two-byte code to its character.
fn to_unicode(pairs: &[(u16, char)], two_bytes: bool) -> String {
    let range = if two_bytes {
        "<0000> <FFFF>"
    } else {
        "<00> <FF>"
    };
    let mut s = format!(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n{range}\nendcodespacerange\n"
    );
    for chunk in pairs.chunks(100) {
        let _ = writeln!(s, "{} beginbfchar", chunk.len());
        for &(code, c) in chunk {
            let mut utf16 = [0u16; 2];
            let units: String = c
                .encode_utf16(&mut utf16)
                .iter()
                .map(|u| format!("{u:04X}"))
                .collect();
            if two_bytes {
                let _ = writeln!(s, "<{code:04X}> <{units}>");
            } else {
                let _ = writeln!(s, "<{code:02X}> <{units}>");
            }
        }
        s.push_str("endbfchar\n");
    }
    s.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    s
}

/// A stream object's body.
fn stream(data: &str) -> String {
    format!("<< /Length {} >>\nstream\n{data}\nendstream", data.len())
}

/// Write the pages of body lines as a PDF, dressed by `style`.
pub fn pdf(pages: &[Vec<String>], style: &Style) -> Vec<u8> {
    // Objects 1..=8 are fixed; each page adds a page object and its content stream.
    let mut cid = CidCodes::default();
    let n = pages.len();
    let mut contents = Vec::new();
    for (i, lines) in pages.iter().enumerate() {
        let mut c = String::new();
        if let Some(h) = &style.header {
            let _ = writeln!(
                c,
                "BT /F1 9 Tf 72 760 Td {} ET",
                show(h, BodyFont::Helvetica, 9, &mut cid)
            );
        }
        let body_font = if style.font == BodyFont::Cid {
            "/F3"
        } else {
            "/F1"
        };
        let _ = writeln!(c, "BT {body_font} 10 Tf 72 730 Td");
        for (j, line) in lines.iter().enumerate() {
            if j > 0 {
                c.push_str("0 -13 Td\n");
            }
            let _ = writeln!(c, "{}", show(line, style.font, 10, &mut cid));
        }
        c.push_str("ET\n");
        if style.page_numbers {
            let footer = format!("Page {} of {n}", i + 1);
            let _ = writeln!(
                c,
                "BT /F1 9 Tf 280 40 Td {} ET",
                show(&footer, BodyFont::Helvetica, 9, &mut cid)
            );
        }
        contents.push(c);
    }

    let first_page = 9;
    let kids: Vec<String> = (0..n)
        .map(|i| format!("{} 0 R", first_page + 2 * i))
        .collect();
    let mut objects: Vec<String> = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".into(),
        format!("<< /Type /Pages /Kids [{}] /Count {n} >>", kids.join(" ")),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".into(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Type /Encoding \
         /BaseEncoding /WinAnsiEncoding /Differences [1 /fi] >> /FirstChar 1 /LastChar 1 \
         /Widths [556] /ToUnicode 5 0 R >>"
            .into(),
        stream(&to_unicode(&[(1, '\u{fb01}')], false)),
        "<< /Type /Font /Subtype /Type0 /BaseFont /ArialMT /Encoding /Identity-H \
         /DescendantFonts [7 0 R] /ToUnicode 8 0 R >>"
            .into(),
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ArialMT /CIDSystemInfo << /Registry \
         (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 9999 0 R /DW 556 \
         /CIDToGIDMap /Identity >>"
            .into(),
    ];
    let pairs: Vec<(u16, char)> = cid
        .chars
        .iter()
        .enumerate()
        .map(|(i, &c)| (i as u16 + 1, c))
        .collect();
    objects.push(stream(&to_unicode(&pairs, true)));
    for (i, c) in contents.iter().enumerate() {
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R \
             /F2 4 0 R /F3 6 0 R >> >> /Contents {} 0 R >>",
            first_page + 2 * i + 1
        ));
        objects.push(stream(c));
    }
    // The font descriptor goes last (its number depends on the page count).
    let descriptor = objects.len() + 1;
    objects[6] = objects[6].replace("9999 0 R", &format!("{descriptor} 0 R"));
    objects.push(
        "<< /Type /FontDescriptor /FontName /ArialMT /Flags 32 /FontBBox [-665 -325 2000 1006] \
         /ItalicAngle 0 /Ascent 905 /Descent -212 /CapHeight 716 /StemV 80 >>"
            .into(),
    );
    assemble(&objects)
}

/// Number the objects from 1, write them with a cross-reference table and trailer.
pub fn assemble(objects: &[String]) -> Vec<u8> {
    // The writer emits text only; WinAnsi codes above 0x7f are octal-escaped in literals.
    let mut out = String::from("%PDF-1.4\n%\u{e2}\u{e3}\u{cf}\u{d3}\n");
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        let _ = write!(out, "{} 0 obj\n{o}\nendobj\n", i + 1);
    }
    let xref = out.len();
    let _ = write!(out, "xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for off in offsets {
        // Each entry is 20 bytes: the space before the line feed is part of it.
        let _ = writeln!(out, "{off:010} 00000 n ");
    }
    let _ = write!(
        out,
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    );
    out.into_bytes()
}
