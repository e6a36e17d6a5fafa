//! Typographic normalization with a sparse offset map back to the source bytes.
//!
//! The normal form is: Unicode NFKC; curly and straight quotes and apostrophes unified (`"` and
//! `'`); hyphens, en/em dashes, minus signs and runs of them (`--`) unified to one `-`, with the
//! whitespace on either side of it dropped (house style: `word — word` is `word—word`, and a
//! hard-wrapped `well-` / `known` reads `well-known`); `…` as `...` (NFKC does that); every other
//! run of whitespace (newlines, NBSP, tabs) as one space; zero-width characters and soft hyphens
//! dropped; superscript and subscript characters kept (a `²` is not a `2`), and so are letterlike
//! symbols NFKC spells out as words (`№` is not "No"). Letter case is kept:
//! a change of case is drift, not typography. A word hyphenated at a line end keeps its hyphen
//! here (`organi-zation`): whether that hyphen is the word's own is `text::conventions`' call.
//!
//! Normalizing a 100 MB source must not cost a 4-byte map entry per byte, so the map records only
//! the places where the normalized text differs from the source (edits); between edits the two
//! run in lockstep. Every span that leaves the library is mapped back through
//! [`NormalizedText::to_source`], so normalized offsets never escape `locate`.

use unicode_normalization::char::canonical_combining_class;

use super::guide::Guide;
use unicode_normalization::UnicodeNormalization;

/// One place where the normalized text differs from the source: `src_len` source bytes at `src`
/// became `norm_len` normalized bytes at `norm`. Offsets are u32 (sources are limited to 4 GiB,
/// like the word index) so a 100 MB source with a million edits keeps the map at 16 MB.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Edit {
    norm: u32,
    norm_len: u32,
    src: u32,
    src_len: u32,
}

impl Edit {
    pub(super) fn norm(&self) -> usize {
        self.norm as usize
    }
    pub(super) fn norm_end(&self) -> usize {
        (self.norm + self.norm_len) as usize
    }
    pub(super) fn src(&self) -> usize {
        self.src as usize
    }
    pub(super) fn src_end(&self) -> usize {
        (self.src + self.src_len) as usize
    }
}

/// A text in normal form plus the map from its byte offsets back to the original's.
#[derive(Debug, Clone, Default)]
pub struct NormalizedText {
    text: String,
    edits: Vec<Edit>,
    /// Guides to `edits` by normalized and by source offset: a lookup at 100 MB (a million
    /// edits, 16 MB) would otherwise miss the cache at nearly every step of its search.
    norm_guide: Guide<u32>,
    src_guide: Guide<u32>,
}

impl NormalizedText {
    fn new(text: String, edits: Vec<Edit>) -> NormalizedText {
        NormalizedText {
            norm_guide: Guide::new(&edits, |e| e.norm),
            src_guide: Guide::new(&edits, |e| e.src),
            text,
            edits,
        }
    }

    /// The normalized text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// True when no offset moved: the normalized text is the source byte for byte, but for
    /// one-byte replacements (a newline read as a space).
    pub fn is_identity(&self) -> bool {
        self.edits.is_empty()
    }

    /// The places where the text differs from the source, in order (for rebuilding the
    /// source, [`super::original`]).
    pub(super) fn edits(&self) -> &[Edit] {
        &self.edits
    }

    /// Index of the first edit whose source bytes end after source offset `src`.
    pub(super) fn first_edit_after(&self, src: usize) -> usize {
        let i = self
            .src_guide
            .partition_point(&self.edits, |e| e.src, |k| (k as usize) < src);
        if i > 0 && self.edits[i - 1].src_end() > src {
            i - 1
        } else {
            i
        }
    }

    /// Map a normalized byte range `[start, end)` to the smallest source byte range that
    /// normalizes to it. A boundary inside a replaced unit (a whitespace run, a dash run, a
    /// decomposed character) widens to the whole unit.
    pub fn to_source(&self, start: usize, end: usize) -> (usize, usize) {
        let s = self.map_start(start);
        let e = self.map_end(end).max(s);
        (s, e)
    }

    fn map_start(&self, p: usize) -> usize {
        // The last edit starting at or before p; zero-length edits at p (dropped characters)
        // lie before p, so a start maps past them.
        let i = self
            .norm_guide
            .partition_point(&self.edits, |e| e.norm, |k| k as usize <= p);
        if i == 0 {
            return p;
        }
        let e = self.edits[i - 1];
        if p < e.norm_end() {
            e.src()
        } else {
            e.src_end() + (p - e.norm_end())
        }
    }

    fn map_end(&self, p: usize) -> usize {
        // The last edit starting strictly before p; dropped characters at p stay outside.
        let i = self
            .norm_guide
            .partition_point(&self.edits, |e| e.norm, |k| (k as usize) < p);
        if i == 0 {
            return p;
        }
        let e = self.edits[i - 1];
        if p <= e.norm_end() {
            e.src_end()
        } else {
            e.src_end() + (p - e.norm_end())
        }
    }

    /// Map a source byte offset to the normalized offset of the first normalized byte at or
    /// after it (used to turn a declared source span into a normalized region).
    pub fn from_source(&self, src: usize) -> usize {
        let i = self
            .src_guide
            .partition_point(&self.edits, |e| e.src, |k| (k as usize) < src);
        if i == 0 {
            return src;
        }
        let e = self.edits[i - 1];
        if src < e.src_end() {
            // Inside a replaced unit: the unit's normalized output starts the region.
            e.norm()
        } else {
            e.norm_end() + (src - e.src_end())
        }
    }
}

/// Kept between runs (the cache): the text, then the map's edits, four numbers each.
impl super::bytes::Encode for NormalizedText {
    fn pieces(&self) -> super::bytes::Pieces<'_> {
        let flat: Vec<u32> = self
            .edits
            .iter()
            .flat_map(|e| [e.norm, e.norm_len, e.src, e.src_len])
            .collect();
        let mut p = super::bytes::Pieces::default();
        p.str(&self.text);
        p.u32s(flat);
        p
    }
}

impl NormalizedText {
    /// The normalized text stored in `bytes[at..]` (its [`Encode`](super::bytes::Encode)
    /// payload, nothing after it) for a source of `src_len` bytes, when the map is whole and
    /// consistent with both lengths (edits in order, the texts in lockstep between them):
    /// anything else reads as `None`. The text is taken out of `bytes`, not copied (a cached
    /// 100 MB text is moved down in place, not allocated again).
    pub fn from_owned_bytes(
        mut bytes: Vec<u8>,
        at: usize,
        src_len: usize,
    ) -> Option<NormalizedText> {
        let mut r = super::bytes::Reader(bytes.get(at..)?);
        let len = r.usize()?;
        let text_at = at + 8;
        let text_end = text_at.checked_add(len)?;
        let mut r = super::bytes::Reader(bytes.get(text_end..)?);
        let flat = r.u32s()?;
        if !r.is_done() {
            return None;
        }
        bytes.truncate(text_end);
        bytes.drain(..text_at);
        // Held for the whole run: without the room the map took in the entry.
        bytes.shrink_to_fit();
        NormalizedText::checked(String::from_utf8(bytes).ok()?, &flat, src_len)
    }

    /// The normalized text `text` with the map `flat` (four numbers an edit), when they are
    /// consistent with each other and a source of `src_len` bytes.
    fn checked(text: String, flat: &[u32], src_len: usize) -> Option<NormalizedText> {
        if !flat.len().is_multiple_of(4) {
            return None;
        }
        let edits: Vec<Edit> = flat
            .chunks_exact(4)
            .map(|c| Edit {
                norm: c[0],
                norm_len: c[1],
                src: c[2],
                src_len: c[3],
            })
            .collect();
        let (mut norm_at, mut src_at) = (0u64, 0u64);
        for e in &edits {
            let (n, s) = (u64::from(e.norm), u64::from(e.src));
            if n < norm_at || s < src_at || n - norm_at != s - src_at {
                return None;
            }
            norm_at = n + u64::from(e.norm_len);
            src_at = s + u64::from(e.src_len);
        }
        let (tl, sl) = (text.len() as u64, src_len as u64);
        if norm_at > tl || src_at > sl || tl - norm_at != sl - src_at {
            return None;
        }
        let boundaries = edits
            .iter()
            .all(|e| text.is_char_boundary(e.norm()) && text.is_char_boundary(e.norm_end()));
        boundaries.then(|| NormalizedText::new(text, edits))
    }
}

/// What a character becomes in normal form, for the characters the fold treats specially.
fn fold_char(c: char) -> Option<char> {
    Some(match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' | '`' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => '-',
        _ => return None,
    })
}

fn is_dash(c: char) -> bool {
    c == '-' || fold_char(c) == Some('-')
}

/// Characters that vanish: zero-width spaces and joiners, word joiner, BOM, soft hyphen.
fn is_ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    )
}

struct Builder<'a> {
    src: &'a str,
    out: String,
    edits: Vec<Edit>,
}

impl Builder<'_> {
    /// Emit `replacement` for source bytes `[start, end)`, recording an edit unless every
    /// offset stays where it was: identical bytes, or one byte for one byte (a newline or tab
    /// read as a space, a backtick as an apostrophe), where no offset can fall inside the unit.
    fn replace(&mut self, start: usize, end: usize, replacement: &str) {
        if end - start == 1 && replacement.len() == 1 || &self.src[start..end] == replacement {
            self.out.push_str(replacement);
            return;
        }
        self.edits.push(Edit {
            norm: self.out.len() as u32,
            norm_len: replacement.len() as u32,
            src: start as u32,
            src_len: (end - start) as u32,
        });
        self.out.push_str(replacement);
    }
}

/// Below this many bytes a text is normalized on one thread.
const PARALLEL_ABOVE: usize = 1 << 20;

/// Normalize `src` (see the module docs), keeping the offset map.
///
/// Large texts are cut into pieces normalized in parallel. A cut falls only between two ASCII
/// letters or digits: no normalization unit (whitespace run, dash run, character with its
/// combining marks) spans such a place, so the pieces' results concatenate to exactly the
/// result of one pass.
pub fn normalize(src: &str) -> NormalizedText {
    if src.len() < PARALLEL_ABOVE {
        return normalize_piece(src);
    }
    use rayon::prelude::*;
    let pieces = rayon::current_num_threads().max(1) * 4;
    let bytes = src.as_bytes();
    let mut cuts = vec![0];
    for k in 1..pieces {
        let from = (src.len() * k / pieces).max(*cuts.last().unwrap_or(&0) + 1);
        let cut = (from..bytes.len())
            .find(|&p| bytes[p - 1].is_ascii_alphanumeric() && bytes[p].is_ascii_alphanumeric());
        if let Some(cut) = cut {
            cuts.push(cut);
        }
    }
    cuts.push(src.len());
    cuts.dedup();
    let parts: Vec<NormalizedText> = cuts
        .par_windows(2)
        .map(|w| normalize_piece(&src[w[0]..w[1]]))
        .collect();
    let mut text = String::with_capacity(parts.iter().map(|p| p.text.len()).sum());
    let mut edits = Vec::with_capacity(parts.iter().map(|p| p.edits.len()).sum());
    // Each piece is freed as soon as it is copied: the pieces and the whole are never all
    // held at once (a second normalized copy of a large source at its peak).
    for (part, &src_at) in parts.into_iter().zip(&cuts) {
        let norm_at = text.len() as u32;
        edits.extend(part.edits.iter().map(|e| Edit {
            norm: e.norm + norm_at,
            src: e.src + src_at as u32,
            ..*e
        }));
        text.push_str(&part.text);
    }
    NormalizedText::new(text, edits)
}

/// Bit 1: ASCII the fast path copies unchanged (not ASCII whitespace, `-` or `` ` ``, which
/// change). Bit 2: ASCII that may follow a lone space without joining its whitespace run (not
/// whitespace for `char::is_whitespace`).
const fn byte_classes() -> [u8; 256] {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 0x80 {
        let copy = !matches!(b, 0x09 | 0x0a | 0x0c | 0x0d | 0x20 | 0x2d | 0x60);
        let after_space = !matches!(b, 0x09..=0x0d | 0x20 | 0x2d);
        t[b] = copy as u8 | ((after_space as u8) << 1);
        b += 1;
    }
    t
}
static CLASS: [u8; 256] = byte_classes();

/// End of the run of bytes from `i` that normalize to themselves: plain ASCII, and a single
/// space followed by ASCII that is not whitespace (the common case: a one-space run needs no
/// edit). Whitespace runs always start in the slow path, so a space seen here starts a run.
fn plain_run(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() {
        let c = bytes[i];
        if CLASS[c as usize] & 1 != 0
            || (c == b' '
                && bytes
                    .get(i + 1)
                    .is_some_and(|&n| CLASS[n as usize] & 2 != 0))
        {
            i += 1;
        } else {
            break;
        }
    }
    i
}

fn normalize_piece(src: &str) -> NormalizedText {
    let bytes = src.as_bytes();
    let mut b = Builder {
        src,
        out: String::with_capacity(src.len()),
        edits: Vec::new(),
    };
    let mut i = 0;
    while i < bytes.len() {
        // Fast path: copy the run of plain ASCII that needs no change.
        let run_end = plain_run(bytes, i);
        // An ASCII letter followed by a combining mark belongs to the mark's NFKC unit.
        let mut run_end = run_end;
        if run_end > i && run_end < bytes.len() && !bytes[run_end].is_ascii() {
            let next = src[run_end..].chars().next().unwrap_or(' ');
            if canonical_combining_class(next) != 0 {
                run_end -= 1;
            }
        }
        if run_end > i {
            b.out.push_str(&src[i..run_end]);
            i = run_end;
            continue;
        }
        // A lone newline, tab or form feed between words reads as a space, one byte for one
        // (no edit): the common case of hard-wrapped text, kept out of the slow path.
        if matches!(bytes[i], b'\n' | b'\t' | b'\x0c' | b'\r')
            && bytes
                .get(i + 1)
                .is_some_and(|&n| CLASS[n as usize] & 2 != 0)
        {
            b.out.push(' ');
            i += 1;
            continue;
        }
        let c = src[i..].chars().next().unwrap_or(' ');
        let clen = c.len_utf8();
        if c.is_whitespace() || is_ignorable(c) {
            // A run of whitespace (with any ignorable characters inside it) becomes one space;
            // a lone ignorable character between letters disappears.
            let mut j = i;
            let mut saw_space = false;
            for ch in src[i..].chars() {
                if ch.is_whitespace() {
                    saw_space = true;
                } else if !is_ignorable(ch) {
                    break;
                }
                j += ch.len_utf8();
            }
            if saw_space && src[j..].chars().next().is_some_and(is_dash) {
                // Whitespace before a dash belongs to the dash (house style, see below).
                i = dash_unit(&mut b, i, j);
            } else {
                b.replace(i, j, if saw_space { " " } else { "" });
                i = j;
            }
        } else if is_dash(c) {
            i = dash_unit(&mut b, i, i);
        } else if let Some(f) = fold_char(c) {
            let mut tmp = [0u8; 4];
            b.replace(i, i + clen, f.encode_utf8(&mut tmp));
            i += clen;
        } else if is_super_or_subscript(c) || is_letterlike_abbreviation(c) {
            // NFKC folds `²` into `2` and `₂` into `2`: "5 m2" is not "5 m²", nor "CO2" a
            // typographic variant of a footnote-marked "CO²". They stay themselves.
            b.replace(i, i + clen, &src[i..i + clen]);
            i += clen;
        } else {
            // A character and the combining marks that follow it form one unit for NFKC.
            let mut j = i + clen;
            for ch in src[j..].chars() {
                if canonical_combining_class(ch) == 0 {
                    break;
                }
                j += ch.len_utf8();
            }
            let unit = &src[i..j];
            let nf: String = unit
                .nfkc()
                .map(|ch| fold_char(ch).unwrap_or(ch))
                .filter(|&ch| !is_ignorable(ch))
                .collect();
            // NFKC may yield whitespace (NBSP-like compatibility spaces); keep it one space.
            let nf = if nf.chars().all(char::is_whitespace) && !nf.is_empty() {
                " ".to_string()
            } else {
                nf
            };
            b.replace(i, j, &nf);
            i = j;
        }
    }
    NormalizedText::new(b.out, b.edits)
}

/// Emit the dash unit whose first dash is at `dash` (`start` before it when whitespace before
/// the dash belongs to the unit) and return where the unit ends.
///
/// A unit is a run of dashes, with the whitespace and ignorable characters between them, and
/// the whitespace after the last one: it becomes one `-`. Spaces around a dash are house style
/// (`word — word` is `word—word`), and a hard-wrapped `well-` / `known` reads `well-known`.
/// Ignorable characters after the last dash stay outside unless whitespace follows them.
fn dash_unit(b: &mut Builder<'_>, start: usize, dash: usize) -> usize {
    let src = b.src;
    let mut j = dash;
    let mut end = dash;
    for ch in src[dash..].chars() {
        if is_dash(ch) {
            end = j + ch.len_utf8();
        } else if !(ch.is_whitespace() || is_ignorable(ch)) {
            break;
        }
        j += ch.len_utf8();
    }
    // The whitespace before the first dash and after the last one vanish as edits of their
    // own, so a span ending at the dash maps back to source bytes ending at the dash (not at
    // the next line's indentation), and one starting after it to the next word.
    if start < dash {
        b.replace(start, dash, "");
    }
    b.replace(dash, end, "-");
    // After the last dash: the whitespace run (with its ignorables) joins the unit when there
    // is whitespace in it.
    if src[end..j].chars().any(char::is_whitespace) {
        b.replace(end, j, "");
        end = j;
    }
    end
}

/// Superscript and subscript digits, signs and letters, which NFKC would fold into plain ones
/// and normalization keeps as themselves (the extractors write `<sup>` text in them; a number
/// does not run on into them).
pub(crate) fn is_super_or_subscript(c: char) -> bool {
    matches!(
        c,
        '\u{00B2}' | '\u{00B3}' | '\u{00B9}' | '\u{2070}'..='\u{209F}'
    )
}

/// Letterlike symbols NFKC would spell out as words: `№` is "No" (the numero sign, not the
/// negation: "has № 5 left" is not "has No 5 left"), `™` "TM", `℡` "TEL", `℅` "c/o". They stay
/// symbols; single-letter ones (`ℓ`) and units (`㎏`) still fold.
fn is_letterlike_abbreviation(c: char) -> bool {
    matches!(
        c,
        '\u{2100}' | '\u{2101}' | '\u{2105}' | '\u{2106}' | '\u{2116}' | '\u{2120}'..='\u{2122}'
    )
}

/// The text of a quote as written in a claims file, without surrounding whitespace and without
/// one pair of surrounding quotation marks (`"…"`, `“…”`, `'…'`, `‘…’`), which are not part of
/// the quote.
pub fn strip_quotation_marks(text: &str) -> &str {
    let t = text.trim();
    let mut chars = t.chars();
    let (Some(first), Some(last)) = (chars.next(), chars.next_back()) else {
        return t;
    };
    let pair = matches!(
        (first, last),
        ('"', '"')
            | ('\u{201C}', '\u{201D}')
            | ('\u{201C}', '"')
            | ('"', '\u{201D}')
            | ('\u{2018}', '\u{2019}')
            | ('\'', '\'')
    );
    if pair {
        t[first.len_utf8()..t.len() - last.len_utf8()].trim()
    } else {
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn folds_typography() {
        let n = normalize("“Don’t” – he said…\n\u{00A0} next--line\u{00AD}s");
        assert_eq!(n.as_str(), "\"Don't\"-he said... next-lines");
    }

    #[test]
    fn space_around_a_dash_is_house_style() {
        for spaced in [
            "war — peace",
            "war—peace",
            "war -- peace",
            "war –\n  peace",
            "war\t-  peace",
        ] {
            assert_eq!(normalize(spaced).as_str(), "war-peace", "{spaced:?}");
        }
        // A hard-wrapped compound reads as written; a word broken at a line end keeps its
        // hyphen (only `text::conventions` may join it, naming `hyphenation`).
        assert_eq!(normalize("a well-\nknown man").as_str(), "a well-known man");
        assert_eq!(
            normalize("the organi-\n   zation").as_str(),
            "the organi-zation"
        );
        // Dashes with whitespace between them are one unit; ignorables after the last dash
        // stay outside unless whitespace follows.
        assert_eq!(normalize("a - - b").as_str(), "a-b");
        assert_eq!(normalize("a -\u{200B}b").as_str(), "a-b");
        assert_eq!(normalize("a-\u{200B} b").as_str(), "a-b");
        assert_eq!(normalize("- item\n- next").as_str(), "-item-next");
        assert_eq!(normalize("end -  ").as_str(), "end-");
    }

    #[test]
    fn dash_unit_maps_back_with_its_spaces() {
        let src = "war —\n  peace";
        let n = normalize(src);
        assert_eq!(n.as_str(), "war-peace");
        let (s, e) = n.to_source(3, 4);
        assert_eq!(&src[s..e], "—", "the dash without the spaces around it");
        let (s, e) = n.to_source(0, 4);
        assert_eq!(&src[s..e], "war —");
        let (s, e) = n.to_source(0, 9);
        assert_eq!(&src[s..e], src);
        let (s, e) = n.to_source(4, 9);
        assert_eq!(&src[s..e], "peace");
        assert_eq!(n.from_source(src.find('p').unwrap()), 4);
        assert_eq!(
            n.from_source(4),
            3,
            "inside the unit: the unit's output starts the region"
        );
    }

    #[test]
    fn superscripts_and_subscripts_stay_themselves() {
        assert_eq!(normalize("5 m² of CO₂, x³").as_str(), "5 m² of CO₂, x³");
        assert_ne!(normalize("5 m²").as_str(), normalize("5 m2").as_str());
        // Other compatibility forms still fold.
        assert_eq!(normalize("ﬁne").as_str(), "fine");
    }

    #[test]
    fn letterlike_symbols_are_not_spelled_out_as_words() {
        assert_eq!(
            normalize("has № members, Acme™").as_str(),
            "has № members, Acme™"
        );
        assert_ne!(normalize("№ 5").as_str(), normalize("No 5").as_str());
        assert_eq!(normalize("ℓ").as_str(), "l");
    }

    #[test]
    fn keeps_case() {
        assert_eq!(normalize("THEY Do").as_str(), "THEY Do");
    }

    #[test]
    fn nfd_accents_compose() {
        assert_eq!(normalize("cafe\u{301}").as_str(), "café");
    }

    #[test]
    fn maps_spans_back_to_source_bytes() {
        let src = "a  “b” c";
        let n = normalize(src);
        assert_eq!(n.as_str(), "a \"b\" c");
        let (s, e) = n.to_source(2, 5); // "b" with its quotes
        assert_eq!(&src[s..e], "“b”");
        let (s, e) = n.to_source(3, 4);
        assert_eq!(&src[s..e], "b");
    }

    #[test]
    fn strips_surrounding_quotes_only_in_pairs() {
        assert_eq!(strip_quotation_marks(" “They hate.” "), "They hate.");
        assert_eq!(strip_quotation_marks("\"x\""), "x");
        assert_eq!(strip_quotation_marks("Baha’i"), "Baha’i");
    }

    fn text_strategy() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "a", "B", "word", " ", "  ", "\n", "\u{00A0}", "“", "”", "’", "'", "\"", "-", "--",
            "—", "–", "…", "...", "\u{200B}", "\u{00AD}", "e\u{301}", "é", "ﬁ", "\t", "x", " - ",
            " — ", "-\n  ", "\u{2010}", "¹", "²", "[12]",
        ]);
        prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
    }

    #[test]
    fn parallel_pieces_equal_one_pass() {
        // Above PARALLEL_ABOVE the text is cut into pieces; the result must not change.
        let pieces = [
            "word", " ", "  ", "\n", "\u{00A0}", "“", "”", "’", "-", "--", "—", "…", "e\u{301}",
            "\u{200B}", "ﬁ", "\t", "x", "Ab", "9", " - ", " — ", "-\n ",
        ];
        let text = crate::text::random_text(&pieces, 7, 3 * PARALLEL_ABOVE);
        let whole = normalize_piece(&text);
        let parallel = normalize(&text);
        assert_eq!(parallel.text, whole.text);
        assert_eq!(parallel.edits, whole.edits);
    }

    proptest! {
        /// A damaged payload (any byte changed, or cut anywhere) is refused or reads as a map
        /// whose every lookup stays inside both texts: never a panic, never an offset past the
        /// end.
        #[test]
        fn a_damaged_map_is_refused_or_stays_in_bounds(
            src in text_strategy(),
            at in any::<prop::sample::Index>(),
            flip in 1u8..=255,
            cut in any::<bool>(),
        ) {
            use crate::text::bytes::{damage, Encode};
            let bytes = damage(normalize(&src).pieces().concat(), at, flip, cut);
            let read = NormalizedText::from_owned_bytes(bytes, 0, src.len());
            if let Some(n) = read {
                for p in 0..=n.as_str().len() {
                    let (s, e) = n.to_source(p, p);
                    prop_assert!(s <= e && e <= src.len());
                }
                for p in 0..=src.len() {
                    prop_assert!(n.from_source(p) <= n.as_str().len());
                }
            }
        }
    }

    proptest! {
        /// Every normalized range between unit boundaries maps to source bytes that normalize to
        /// exactly that range: the offset map is exact.
        #[test]
        fn offset_map_round_trips(src in text_strategy(), a in 0usize..200, b in 0usize..200) {
            let n = normalize(&src);
            let t = n.as_str();
            let bounds: Vec<usize> = (0..=t.len())
                .filter(|&p| t.is_char_boundary(p) && !n.edits.iter().any(|e| p > e.norm() && p < e.norm_end()))
                .collect();
            let (a, b) = (bounds[a % bounds.len()], bounds[b % bounds.len()]);
            let (a, b) = (a.min(b), a.max(b));
            let (s, e) = n.to_source(a, b);
            prop_assert!(s <= e && e <= src.len());
            prop_assert!(src.is_char_boundary(s) && src.is_char_boundary(e));
            let renorm = normalize(&src[s..e]);
            prop_assert_eq!(renorm.as_str(), &t[a..b]);
        }

        /// Whitespace next to a dash (a space, a line break with indentation) never changes the
        /// normal form: dash spacing is house style.
        #[test]
        fn dash_spacing_is_invisible(src in text_strategy(), k in any::<prop::sample::Index>(),
                                     ws in prop::sample::select(vec![" ", "\n", "\n    ", "\u{00A0}", "\t "]),
                                     after in any::<bool>()) {
            let dashes: Vec<usize> = src.char_indices().filter(|&(_, c)| is_dash(c)).map(|(i, _)| i).collect();
            prop_assume!(!dashes.is_empty());
            let at = dashes[k.index(dashes.len())];
            let at = if after { at + src[at..].chars().next().map_or(0, char::len_utf8) } else { at };
            let spaced = format!("{}{ws}{}", &src[..at], &src[at..]);
            let (a, b) = (normalize(&spaced), normalize(&src));
            prop_assert_eq!(a.as_str(), b.as_str());
        }

        /// Normalizing is idempotent.
        #[test]
        fn idempotent(src in text_strategy()) {
            let once = normalize(&src);
            let twice = normalize(once.as_str());
            prop_assert_eq!(once.as_str(), twice.as_str());
            prop_assert!(twice.is_identity());
        }
    }

    #[test]
    fn the_map_round_trips_through_bytes_and_an_inconsistent_one_is_refused() {
        use crate::text::bytes::{Encode, Pieces};
        let src = "He said \u{201C}well\u{2014}known\u{201D}  facts\n\u{00AD}in  caf\u{0065}\u{0301} \u{FB01}ne.";
        let n = normalize(src);
        assert!(!n.is_identity());
        let stored = n.pieces().concat();
        let mut at3 = vec![1, 2, 3];
        at3.extend_from_slice(&stored);
        let back = NormalizedText::from_owned_bytes(at3, 3, src.len()).unwrap();
        assert_eq!(back.as_str(), n.as_str());
        assert_eq!(back.edits, n.edits);
        for p in 0..=n.as_str().len() {
            assert_eq!(back.to_source(p, p), n.to_source(p, p));
        }
        for p in 0..=src.len() {
            assert_eq!(back.from_source(p), n.from_source(p));
        }
        // Another source length, a cut payload, or edits out of order: refused.
        let read = |bytes: &[u8], len| NormalizedText::from_owned_bytes(bytes.to_vec(), 0, len);
        assert!(read(&stored, src.len() + 1).is_none());
        assert!(read(&stored[..stored.len() - 4], src.len()).is_none());
        let mut flat: Vec<u32> = n
            .edits
            .iter()
            .flat_map(|e| [e.norm, e.norm_len, e.src, e.src_len])
            .collect();
        flat.swap(0, 4);
        let mut swapped = Pieces::default();
        swapped.str(n.as_str());
        swapped.u32s(flat);
        assert!(read(&swapped.concat(), src.len()).is_none());
    }
}
