//! Where each byte of an extracted text came from in the original file.

use std::ops::Range;

/// One stretch of extracted text and the original bytes it came from. Equal lengths map byte
/// for byte (text copied as it stood); unequal ones as a whole (`&amp;` became `&`: the `&`
/// maps to all five bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Piece {
    text: usize,
    text_len: usize,
    orig: usize,
    orig_len: usize,
}

/// A map from byte offsets of an extracted text to byte offsets of the original file, built
/// by the extractor as it emits text, in text order. Text no piece covers (a line break put
/// between two blocks) maps to the end of the piece before it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OriginMap {
    pieces: Vec<Piece>,
}

impl OriginMap {
    /// Record that `text` (a byte range of the extracted text, after every range pushed so
    /// far) came from `orig` in the original file. Adjacent verbatim pieces are merged.
    pub fn push(&mut self, text: Range<usize>, orig: Range<usize>) {
        let p = Piece {
            text: text.start,
            text_len: text.len(),
            orig: orig.start,
            orig_len: orig.len(),
        };
        debug_assert!(self
            .pieces
            .last()
            .is_none_or(|l| l.text + l.text_len <= p.text));
        if let Some(last) = self.pieces.last_mut() {
            let verbatim = |q: &Piece| q.text_len == q.orig_len;
            if verbatim(last)
                && verbatim(&p)
                && last.text + last.text_len == p.text
                && last.orig + last.orig_len == p.orig
            {
                last.text_len += p.text_len;
                last.orig_len += p.orig_len;
                return;
            }
        }
        if p.text_len > 0 {
            self.pieces.push(p);
        }
    }

    /// Every stretch of text and the file bytes it came from, in text order.
    pub fn pieces(&self) -> impl Iterator<Item = (Range<usize>, Range<usize>)> + '_ {
        self.pieces
            .iter()
            .map(|p| (p.text..p.text + p.text_len, p.orig..p.orig + p.orig_len))
    }

    /// True when nothing maps (a PDF, whose positions are pages).
    pub fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }

    /// The original offset of text byte `at` taken as the start of a span.
    pub fn start(&self, at: usize) -> Option<usize> {
        let i = self.pieces.partition_point(|p| p.text + p.text_len <= at);
        match self.pieces.get(i) {
            Some(p) if p.text <= at => Some(if p.text_len == p.orig_len {
                p.orig + (at - p.text)
            } else {
                p.orig
            }),
            // Between pieces: where the next piece starts (the span begins with its text).
            Some(p) => Some(p.orig),
            None => self.pieces.last().map(|p| p.orig + p.orig_len),
        }
    }

    /// The original offset of text byte `at` taken as the (exclusive) end of a span.
    pub fn end(&self, at: usize) -> Option<usize> {
        let i = self.pieces.partition_point(|p| p.text < at);
        let p = self.pieces.get(i.checked_sub(1)?)?;
        Some(if at >= p.text + p.text_len {
            p.orig + p.orig_len
        } else if p.text_len == p.orig_len {
            p.orig + (at - p.text)
        } else {
            p.orig + p.orig_len
        })
    }

    /// The original byte range of text bytes `start..end`.
    pub fn span(&self, start: usize, end: usize) -> Option<Range<usize>> {
        let a = self.start(start)?;
        let b = self.end(end.max(start + 1))?.max(a);
        Some(a..b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `<p>Tom &amp; Jerry</p>\n<p>run</p>` extracted as "Tom & Jerry\nrun".
    fn sample() -> OriginMap {
        let mut m = OriginMap::default();
        m.push(0..4, 3..7); // "Tom "
        m.push(4..5, 7..12); // "&" from "&amp;"
        m.push(5..11, 12..18); // " Jerry"
                               // "\n" at 11 is the block break: no piece
        m.push(12..15, 26..29); // "run"
        m
    }

    #[test]
    fn verbatim_text_maps_byte_for_byte_and_entities_as_a_whole() {
        let m = sample();
        assert_eq!(m.span(0, 3), Some(3..6)); // Tom
        assert_eq!(m.span(4, 5), Some(7..12)); // & -> &amp;
        assert_eq!(m.span(0, 11), Some(3..18)); // the whole paragraph
        assert_eq!(m.span(6, 11), Some(13..18)); // Jerry
        assert_eq!(m.span(12, 15), Some(26..29)); // run
    }

    #[test]
    fn a_span_over_a_block_break_covers_the_markup_between() {
        let m = sample();
        assert_eq!(m.span(6, 15), Some(13..29));
        // Starting on the break itself: the next block's text.
        assert_eq!(m.start(11), Some(26));
        assert_eq!(m.end(12), Some(18));
    }

    #[test]
    fn adjacent_verbatim_pieces_merge_and_an_empty_map_answers_none() {
        let mut m = OriginMap::default();
        m.push(0..2, 10..12);
        m.push(2..5, 12..15);
        assert_eq!(m.pieces.len(), 1);
        assert_eq!(m.span(1, 4), Some(11..14));
        assert!(OriginMap::default().span(0, 1).is_none());
        assert!(OriginMap::default().is_empty());
    }
}
