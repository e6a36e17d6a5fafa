//! A source text held once: rebuilt from its normalized form and the few bytes where the two
//! differ.
//!
//! The search needs the normalized text whole (the word index, alignment, the duplicate search
//! read it), and reports need the source's own bytes, but only at the spans they show. Between
//! normalization's edits the two texts run in lockstep and are the same bytes, but for the
//! one-for-one replacements normalization makes without an edit (a newline or tab read as a
//! space, a backtick as an apostrophe). So the source is the normalized text plus those
//! replaced bytes plus the source bytes of each edit: at 1 GB of prose a few percent of the
//! text instead of a second copy of it.
//!
//! The line breaks among those replaced bytes (most of them, in hard-wrapped prose) are not
//! kept here: the text's line index already holds every one ([`Basis::line_starts`]).
//!
//! Building an [`Original`] compares the two texts wherever they should agree, so it also
//! checks a normalized text that came from elsewhere (the cache): a difference that is not one
//! of those replacements means the normalized text is not this source's, and none is built.

use std::borrow::Cow;

use super::normalize::Edit;
use super::NormalizedText;

/// The bytes a source has where its normalized text, between edits, has others: the
/// one-for-one replacements normalization makes without an edit.
fn is_swap(source: u8, normalized: u8) -> bool {
    matches!(
        (source, normalized),
        (b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r', b' ') | (b'`', b'\'')
    )
}

/// What an [`Original`] rebuilds its text from besides itself: the normalized text it was
/// built with, and where the text's lines start (a line break is the byte before each
/// start but the first).
#[derive(Debug, Clone, Copy)]
pub struct Basis<'a> {
    /// The normalized text.
    pub norm: &'a NormalizedText,
    /// Byte offsets of the text's line starts, ascending, the first 0 (see
    /// [`super::LineIndex::starts`]).
    pub line_starts: &'a [u32],
}

impl Basis<'_> {
    /// Offsets of the line breaks in `[a, b)`: each line start in `(a, b]`, less one.
    fn breaks_in(&self, a: usize, b: usize) -> impl Iterator<Item = usize> + '_ {
        let lo = self.line_starts.partition_point(|&s| (s as usize) <= a);
        let hi = self.line_starts.partition_point(|&s| (s as usize) <= b);
        self.line_starts[lo..hi].iter().map(|&s| s as usize - 1)
    }

    /// Whether the byte at `at` is a line break.
    fn is_break(&self, at: usize) -> bool {
        u32::try_from(at + 1).is_ok_and(|s| self.line_starts.binary_search(&s).is_ok())
    }
}

/// One edit in this many has its place in `cut_bytes` kept (see [`Original::cut_every`]).
const CUT_STEP: usize = 32;

/// What rebuilds a source text from its normalized text (see the module docs).
#[derive(Debug, Clone)]
pub struct Original {
    /// The source text's length in bytes.
    len: usize,
    /// Source offsets of the bytes normalization replaced one for one, ascending; not the
    /// line breaks that start a line (the line index has them), but a final one.
    swap_at: Vec<u32>,
    /// The source's byte at each of them.
    swap_byte: Vec<u8>,
    /// The source bytes of every edit, end to end.
    cut_bytes: Vec<u8>,
    /// Where every `CUT_STEP`-th edit's source bytes start in `cut_bytes` (the others are
    /// found by adding up the edits' lengths from there: a table per edit would be 4 bytes
    /// each, a 100 MB source of typography has most of a million edits).
    cut_every: Vec<u32>,
}

impl Original {
    /// What rebuilds `text` from `norm`, when `norm` is `text`'s normal form as far as the
    /// lockstep runs between edits show (same bytes, but for the one-for-one replacements);
    /// `None` when it is not.
    pub fn of(text: &str, norm: &NormalizedText) -> Option<Original> {
        let (src, nt) = (text.as_bytes(), norm.as_str().as_bytes());
        let edits = norm.edits();
        let mut o = Original {
            len: src.len(),
            swap_at: Vec::new(),
            swap_byte: Vec::new(),
            cut_bytes: Vec::with_capacity(edits.iter().map(|e| e.src_end() - e.src()).sum()),
            cut_every: Vec::with_capacity(edits.len() / CUT_STEP + 1),
        };
        let (mut s, mut n) = (0, 0);
        for (k, e) in edits.iter().enumerate() {
            if e.src() - s != e.norm() - n {
                return None;
            }
            o.lockstep(src.get(s..e.src())?, nt.get(n..e.norm())?, s)?;
            if o.cut_every.len() * CUT_STEP == k {
                o.cut_every.push(u32::try_from(o.cut_bytes.len()).ok()?);
            }
            o.cut_bytes
                .extend_from_slice(src.get(e.src()..e.src_end())?);
            (s, n) = (e.src_end(), e.norm_end());
        }
        // Offsets into the cut bytes are 32-bit.
        u32::try_from(o.cut_bytes.len()).ok()?;
        if src.len() - s != nt.len().checked_sub(n)? {
            return None;
        }
        o.lockstep(&src[s..], &nt[n..], s)?;
        // Held as long as the source: without the room they grew into.
        o.swap_at.shrink_to_fit();
        o.swap_byte.shrink_to_fit();
        Some(o)
    }

    /// Record the replaced bytes of the lockstep run `src` (at source offset `at`) against
    /// its normalized bytes `norm`; `None` at any other difference.
    fn lockstep(&mut self, src: &[u8], norm: &[u8], at: usize) -> Option<()> {
        // Whole blocks first: most of a prose text has no replacement in 64 bytes.
        const BLOCK: usize = 64;
        let mut i = 0;
        while i < src.len() {
            let j = (i + BLOCK).min(src.len());
            if src[i..j] != norm[i..j] {
                for k in i..j {
                    if src[k] != norm[k] {
                        if !is_swap(src[k], norm[k]) {
                            return None;
                        }
                        // A break that starts a line is in the line index; one that ends
                        // the text starts none (see `LineIndex::new`).
                        if src[k] == b'\n' && at + k + 1 < self.len {
                            continue;
                        }
                        self.swap_at.push(u32::try_from(at + k).ok()?);
                        self.swap_byte.push(src[k]);
                    }
                }
            }
            i = j;
        }
        Some(())
    }

    /// Where edit `i`'s source bytes start in `cut_bytes` (`edits` being the normalized
    /// text's).
    fn cut_at(&self, edits: &[Edit], i: usize) -> usize {
        let j = i / CUT_STEP;
        let base = self.cut_every.get(j).map_or(0, |&c| c as usize);
        base + edits[j * CUT_STEP..i]
            .iter()
            .map(|e| e.src_end() - e.src())
            .sum::<usize>()
    }

    /// Length of the source text in bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True for an empty source text.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Bytes this holds besides the normalized text (to judge whether holding the text this
    /// way saves anything).
    pub fn heap_bytes(&self) -> usize {
        self.swap_at.len() * 5 + self.cut_bytes.len() + self.cut_every.len() * 4
    }

    /// The source text `[a, b)`: borrowed from the normalized text where the two agree
    /// there, else rebuilt. `None` when the range is out of bounds or not at character
    /// boundaries.
    pub fn get<'n>(&self, basis: Basis<'n>, a: usize, b: usize) -> Option<Cow<'n, str>> {
        if !self.is_char_boundary(basis, a) || !self.is_char_boundary(basis, b) {
            return None;
        }
        // Between two boundaries the bytes are whole characters (the source is UTF-8).
        match self.bytes(basis, a, b)? {
            Cow::Borrowed(s) => std::str::from_utf8(s).ok().map(Cow::Borrowed),
            Cow::Owned(v) => String::from_utf8(v).ok().map(Cow::Owned),
        }
    }

    /// The source text's bytes `[a, b)` (`None` when out of bounds), at any offsets.
    pub fn bytes<'n>(&self, basis: Basis<'n>, a: usize, b: usize) -> Option<Cow<'n, [u8]>> {
        if a > b || b > self.len {
            return None;
        }
        let norm = basis.norm;
        let edits = norm.edits();
        let nt = norm.as_str().as_bytes();
        let mut i = norm.first_edit_after(a);
        let swaps = self.swaps_in(a, b);
        if swaps.is_empty()
            && edits.get(i).is_none_or(|e| e.src() >= b)
            && basis.breaks_in(a, b).next().is_none()
        {
            let at = norm.from_source(a);
            return nt.get(at..at + (b - a)).map(Cow::Borrowed);
        }
        let mut out = Vec::with_capacity(b - a);
        let mut pos = a;
        while pos < b {
            match edits.get(i) {
                Some(e) if e.src() <= pos => {
                    let end = b.min(e.src_end());
                    let from = self.cut_at(edits, i) + (pos - e.src());
                    out.extend_from_slice(self.cut_bytes.get(from..from + (end - pos))?);
                    pos = end;
                    i += 1;
                }
                next => {
                    let end = next.map_or(b, |e| b.min(e.src()));
                    let at = norm.from_source(pos);
                    out.extend_from_slice(nt.get(at..at + (end - pos))?);
                    pos = end;
                }
            }
        }
        for (&at, &byte) in self.swap_at[swaps.clone()]
            .iter()
            .zip(&self.swap_byte[swaps])
        {
            out[at as usize - a] = byte;
        }
        // Every line break, whether a replaced byte or inside an edit (where it is one
        // already).
        for at in basis.breaks_in(a, b) {
            out[at - a] = b'\n';
        }
        Some(Cow::Owned(out))
    }

    /// The source text's byte at `at`.
    pub fn byte(&self, basis: Basis<'_>, at: usize) -> Option<u8> {
        if at >= self.len {
            return None;
        }
        if let Ok(k) = self.swap_at.binary_search(&(at as u32)) {
            return Some(self.swap_byte[k]);
        }
        if basis.is_break(at) {
            return Some(b'\n');
        }
        let norm = basis.norm;
        let i = norm.first_edit_after(at);
        match norm.edits().get(i) {
            Some(e) if e.src() <= at => self
                .cut_bytes
                .get(self.cut_at(norm.edits(), i) + at - e.src())
                .copied(),
            _ => norm.as_str().as_bytes().get(norm.from_source(at)).copied(),
        }
    }

    /// True when `at` is the start or end of one of the source text's characters.
    pub fn is_char_boundary(&self, basis: Basis<'_>, at: usize) -> bool {
        at == self.len || self.byte(basis, at).is_some_and(|b| (b as i8) >= -0x40)
    }

    /// The whole source text.
    pub fn rebuild(&self, basis: Basis<'_>) -> String {
        self.get(basis, 0, self.len)
            .map_or_else(String::new, Cow::into_owned)
    }

    /// Which of the replaced bytes (their places in `swap_at` and `swap_byte`) lie in
    /// `[a, b)`.
    fn swaps_in(&self, a: usize, b: usize) -> std::ops::Range<usize> {
        let lo = self.swap_at.partition_point(|&s| (s as usize) < a);
        let hi = self.swap_at.partition_point(|&s| (s as usize) < b);
        lo..hi
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::normalize;
    use proptest::prelude::*;

    fn rebuilt(text: &str) -> Original {
        Original::of(text, &normalize(text)).expect("a text's own normal form")
    }

    fn lines(text: &str) -> crate::text::LineIndex {
        crate::text::LineIndex::new(text.as_bytes())
    }

    #[test]
    fn rebuilds_every_span_of_a_text_with_edits_and_replacements() {
        let text = "He said\n“Don’t”\t— and `left`…\r\n  Caf\u{65}\u{301}  ok-\nay \u{00AD}x";
        let o = rebuilt(text);
        assert!(!o.swap_at.is_empty() && !o.cut_bytes.is_empty());
        assert_rebuilds(text, 1, text.len());
        let (norm, lines) = (normalize(text), lines(text));
        let basis = Basis {
            norm: &norm,
            line_starts: lines.starts(),
        };
        assert_eq!(o.get(basis, 3, text.len() + 1), None);
    }

    /// `text` rebuilt whole, byte by byte and span by span from its normal form: spans
    /// starting every `step` bytes, of lengths up to `reach` (every one for a step of 1).
    fn assert_rebuilds(text: &str, step: usize, reach: usize) {
        let (norm, lines) = (normalize(text), lines(text));
        let basis = Basis {
            norm: &norm,
            line_starts: lines.starts(),
        };
        let o = rebuilt(text);
        assert_eq!(o.rebuild(basis), text);
        for a in (0..=text.len()).step_by(step) {
            assert_eq!(o.byte(basis, a), text.as_bytes().get(a).copied(), "{a}");
            for b in (a..=text.len().min(a + reach)).step_by(step.min(5)) {
                assert_eq!(o.get(basis, a, b).as_deref(), text.get(a..b), "[{a}, {b})");
            }
        }
    }

    #[test]
    fn a_text_of_many_edits_rebuilds_past_the_kept_places() {
        // Several edits a line, hundreds of lines: most edits' places are added up from the
        // last kept one.
        let text = &"“a” ‘b’ — c…\tx\n".repeat(300);
        assert!(normalize(text).edits().len() > 10 * CUT_STEP);
        assert_rebuilds(text, 7, 300);
    }

    #[test]
    fn a_span_without_differences_is_borrowed() {
        let text = &"plain words\nmore plain words".repeat(10);
        let norm = normalize(text);
        let lines = lines(text);
        let basis = Basis {
            norm: &norm,
            line_starts: lines.starts(),
        };
        let o = rebuilt(text);
        assert!(matches!(
            o.get(basis, 0, 11),
            Some(Cow::Borrowed("plain words"))
        ));
        assert!(matches!(o.get(basis, 5, 15), Some(Cow::Owned(_))));
        assert!(o.heap_bytes() < text.len() / 4);
    }

    #[test]
    fn a_normalized_text_of_other_words_is_refused() {
        let text = "the source says this";
        let forged = normalize("the source says that");
        assert!(Original::of(text, &forged).is_none());
        // A replacement normalization never makes (a letter for a space) is refused too.
        assert!(Original::of("a b", &normalize("a\nb")).is_some());
        assert!(Original::of("axb", &normalize("a b")).is_none());
        assert!(Original::of("the source says", &forged).is_none());
    }

    proptest! {
        #[test]
        fn any_text_rebuilds_from_its_normal_form(
            text in "([a-c`'\"\u{2019}\u{201C} \t\r\n\u{0b}\u{0c}\u{85}\u{00A0}\u{2014}-]|\u{65}\u{301}|\u{200B}|\u{2026}|\u{00B2}|\u{FB01}){0,40}"
        ) {
            let norm = normalize(&text);
            let lines = lines(&text);
            let basis = Basis { norm: &norm, line_starts: lines.starts() };
            let o = Original::of(&text, &norm);
            prop_assert!(o.is_some(), "{:?} -> {:?}", text, norm.as_str());
            let o = o.expect("checked just above");
            prop_assert_eq!(o.rebuild(basis), text.clone());
            for a in 0..=text.len() {
                prop_assert_eq!(o.is_char_boundary(basis, a), text.is_char_boundary(a));
                for b in a..=text.len() {
                    let got = o.get(basis, a, b);
                    prop_assert_eq!(got.as_deref(), text.get(a..b));
                }
                prop_assert_eq!(o.byte(basis, a), text.as_bytes().get(a).copied());
                let bytes = o.bytes(basis, a, text.len());
                prop_assert_eq!(bytes.as_deref(), Some(&text.as_bytes()[a..]));
            }
        }
    }
}
