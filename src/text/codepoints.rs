//! Byte offsets to Unicode code-point offsets (W3C TextPositionSelector counts code points).
//!
//! Counting the characters before every offset from the start would cost a pass over the
//! source per entry; a checkpoint every [`STRIDE`] bytes makes each lookup at most one stride
//! of work after one pass per source.

use std::borrow::Cow;

/// Bytes between checkpoints.
pub const STRIDE: usize = 1024;

/// Cumulative code-point counts at every [`STRIDE`] bytes of one text.
#[derive(Debug, Clone)]
pub struct CodePoints {
    checkpoints: Vec<usize>,
}

/// Code points in `bytes`: every byte that is not a UTF-8 continuation byte (`10xxxxxx`)
/// starts one. Eight bytes at a time: an archive's sources are indexed whole, a gigabyte.
fn count(bytes: &[u8]) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let words = bytes.chunks_exact(8);
    let tail = words.remainder();
    let continuation: usize = words
        .map(|w| {
            let x = u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
            // Bit 7 set and bit 6 clear, in each byte.
            (x & !(x << 1) & HIGH).count_ones() as usize
        })
        .sum();
    let tail_starts = tail.iter().filter(|&&b| (b as i8) >= -0x40).count();
    bytes.len() - tail.len() - continuation + tail_starts
}

impl CodePoints {
    /// Index `text`.
    pub fn new(text: &str) -> Self {
        let mut checkpoints = vec![0];
        let mut total = 0;
        for chunk in text.as_bytes().chunks(STRIDE) {
            total += count(chunk);
            checkpoints.push(total);
        }
        CodePoints { checkpoints }
    }

    /// Index a text of `len` bytes read through `bytes` (its bytes `[a, b)`): a text not
    /// held whole (a source rebuilt as it is read) is read a stride at a time.
    pub fn of<'t>(len: usize, bytes: impl Fn(usize, usize) -> Cow<'t, [u8]>) -> Self {
        let mut checkpoints = vec![0];
        let mut total = 0;
        for a in (0..len).step_by(STRIDE) {
            total += count(&bytes(a, (a + STRIDE).min(len)));
            checkpoints.push(total);
        }
        CodePoints { checkpoints }
    }

    /// Code points before byte `at` of the text [`CodePoints::of`] indexed, read through
    /// `bytes` as there.
    pub fn at_in<'t>(&self, at: usize, bytes: impl Fn(usize, usize) -> Cow<'t, [u8]>) -> usize {
        let k = (at / STRIDE).min(self.checkpoints.len() - 1);
        self.checkpoints[k] + count(&bytes(k * STRIDE, at.max(k * STRIDE)))
    }

    /// Code points before byte `at` of `text` (the text given to [`CodePoints::new`]).
    pub fn at(&self, text: &str, at: usize) -> usize {
        let at = at.min(text.len());
        let k = at / STRIDE;
        self.checkpoints[k] + count(&text.as_bytes()[k * STRIDE..at])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_counting_chars() {
        let text = "“curly” é ☃ plain ".repeat(800);
        let cp = CodePoints::new(&text);
        for (i, _) in text.char_indices().step_by(97).chain([(text.len(), ' ')]) {
            assert_eq!(cp.at(&text, i), text[..i].chars().count(), "at {i}");
        }
    }

    #[test]
    fn a_text_read_in_pieces_counts_the_same() {
        let text = "“curly” é ☃ plain \u{1F600}".repeat(300);
        let bytes = |a: usize, b: usize| Cow::Borrowed(&text.as_bytes()[a..b]);
        let cp = CodePoints::of(text.len(), bytes);
        for (i, _) in text.char_indices().step_by(89).chain([(text.len(), ' ')]) {
            assert_eq!(cp.at_in(i, bytes), text[..i].chars().count(), "at {i}");
        }
    }

    #[test]
    fn every_offset_counts_what_chars_counts() {
        // 1- to 4-byte characters at every alignment to the eight-byte words.
        let text = "a\u{e9}\u{2603}\u{1F600}bc\u{10FFFF}\u{80}\u{7FF}\u{800}".repeat(37);
        let cp = CodePoints::new(&text);
        for (i, _) in text.char_indices() {
            assert_eq!(cp.at(&text, i), text[..i].chars().count(), "at {i}");
            assert_eq!(
                count(&text.as_bytes()[i..]),
                text[i..].chars().count(),
                "from {i}"
            );
        }
    }
}
