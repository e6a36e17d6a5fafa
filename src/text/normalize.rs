//! Typographic normalization with a sparse offset map back to the source bytes.
//!
//! The normal form is: Unicode NFKC; curly and straight quotes and apostrophes unified (`"` and
//! `'`); hyphens, en/em dashes, minus signs and runs of them (`--`) unified to one `-`; `…` as
//! `...` (NFKC does that); every run of whitespace (newlines, NBSP, tabs) as one space; zero-width
//! characters and soft hyphens dropped. Letter case is kept: a change of case is drift, not
//! typography.
//!
//! Normalizing a 100 MB source must not cost a 4-byte map entry per byte, so the map records only
//! the places where the normalized text differs from the source ([`Edit`]s); between edits the two
//! run in lockstep. Every span that leaves the library is mapped back through
//! [`NormalizedText::to_source`], so normalized offsets never escape `locate`.

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::UnicodeNormalization;

/// One place where the normalized text differs from the source: `src_len` source bytes at `src`
/// became `norm_len` normalized bytes at `norm`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Edit {
    norm: usize,
    norm_len: usize,
    src: usize,
    src_len: usize,
}

/// A text in normal form plus the map from its byte offsets back to the original's.
#[derive(Debug, Clone, Default)]
pub struct NormalizedText {
    text: String,
    edits: Vec<Edit>,
}

impl NormalizedText {
    /// The normalized text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// True when normalization changed nothing.
    pub fn is_identity(&self) -> bool {
        self.edits.is_empty()
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
        let i = self.edits.partition_point(|e| e.norm <= p);
        if i == 0 {
            return p;
        }
        let e = self.edits[i - 1];
        if p < e.norm + e.norm_len {
            e.src
        } else {
            e.src + e.src_len + (p - e.norm - e.norm_len)
        }
    }

    fn map_end(&self, p: usize) -> usize {
        // The last edit starting strictly before p; dropped characters at p stay outside.
        let i = self.edits.partition_point(|e| e.norm < p);
        if i == 0 {
            return p;
        }
        let e = self.edits[i - 1];
        if p <= e.norm + e.norm_len {
            e.src + e.src_len
        } else {
            e.src + e.src_len + (p - e.norm - e.norm_len)
        }
    }

    /// Map a source byte offset to the normalized offset of the first normalized byte at or
    /// after it (used to turn a declared source span into a normalized region).
    pub fn from_source(&self, src: usize) -> usize {
        let i = self.edits.partition_point(|e| e.src < src);
        if i == 0 {
            return src;
        }
        let e = self.edits[i - 1];
        if src < e.src + e.src_len {
            // Inside a replaced unit: the unit's normalized output starts the region.
            e.norm
        } else {
            e.norm + e.norm_len + (src - e.src - e.src_len)
        }
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
    /// Emit `replacement` for source bytes `[start, end)`, recording an edit unless identical.
    fn replace(&mut self, start: usize, end: usize, replacement: &str) {
        if &self.src[start..end] == replacement {
            self.out.push_str(replacement);
            return;
        }
        self.edits.push(Edit {
            norm: self.out.len(),
            norm_len: replacement.len(),
            src: start,
            src_len: end - start,
        });
        self.out.push_str(replacement);
    }
}

/// Normalize `src` (see the module docs), keeping the offset map.
pub fn normalize(src: &str) -> NormalizedText {
    let bytes = src.as_bytes();
    let mut b = Builder {
        src,
        out: String::with_capacity(src.len()),
        edits: Vec::new(),
    };
    let mut i = 0;
    while i < bytes.len() {
        // Fast path: copy the run of plain ASCII that needs no change.
        let run_end = bytes[i..]
            .iter()
            .position(|&c| !c.is_ascii() || c.is_ascii_whitespace() || c == b'-' || c == b'`')
            .map_or(bytes.len(), |p| i + p);
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
            b.replace(i, j, if saw_space { " " } else { "" });
            i = j;
        } else if is_dash(c) {
            let mut j = i;
            let mut end = i;
            for ch in src[i..].chars() {
                if is_dash(ch) {
                    end = j + ch.len_utf8();
                } else if !is_ignorable(ch) {
                    break;
                }
                j += ch.len_utf8();
            }
            // Ignorable characters inside a dash run belong to it; trailing ones do not.
            let j = end;
            b.replace(i, j, "-");
            i = j;
        } else if let Some(f) = fold_char(c) {
            let mut tmp = [0u8; 4];
            b.replace(i, i + clen, f.encode_utf8(&mut tmp));
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
    NormalizedText {
        text: b.out,
        edits: b.edits,
    }
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
        assert_eq!(n.as_str(), "\"Don't\" - he said... next-lines");
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
            "—", "–", "…", "...", "\u{200B}", "\u{00AD}", "e\u{301}", "é", "ﬁ", "\t", "x",
        ]);
        prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
    }

    proptest! {
        /// Every normalized range between unit boundaries maps to source bytes that normalize to
        /// exactly that range: the offset map is exact.
        #[test]
        fn offset_map_round_trips(src in text_strategy(), a in 0usize..200, b in 0usize..200) {
            let n = normalize(&src);
            let t = n.as_str();
            let bounds: Vec<usize> = (0..=t.len())
                .filter(|&p| t.is_char_boundary(p) && !n.edits.iter().any(|e| p > e.norm && p < e.norm + e.norm_len))
                .collect();
            let (a, b) = (bounds[a % bounds.len()], bounds[b % bounds.len()]);
            let (a, b) = (a.min(b), a.max(b));
            let (s, e) = n.to_source(a, b);
            prop_assert!(s <= e && e <= src.len());
            prop_assert!(src.is_char_boundary(s) && src.is_char_boundary(e));
            let renorm = normalize(&src[s..e]);
            prop_assert_eq!(renorm.as_str(), &t[a..b]);
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
}
