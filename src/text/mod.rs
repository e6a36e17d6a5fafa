//! Text processing shared by every stage: typographic normalization with an offset map back to
//! source bytes ([`normalize`](mod@normalize)), word tokens and keys ([`words`]), and the vocabulary used to judge
//! whether a claim is supported ([`terms`]).

pub mod bytes;
pub mod codepoints;
pub mod conventions;
pub mod elision;
pub mod guide;
pub mod index;
pub mod normalize;
pub mod numerals;
pub mod original;
pub mod terms;
pub mod words;

pub use normalize::{normalize, strip_quotation_marks, NormalizedText};

/// 1-based line and column (in characters) of byte offset `at` in `text`.
pub fn line_col(text: &str, at: usize) -> (usize, usize) {
    let at = at.min(text.len());
    let before = &text.as_bytes()[..at];
    let line = memchr::memchr_iter(b'\n', before).count() + 1;
    let line_start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
    let col = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, col)
}

/// Byte offsets where each line starts; `lines[0] == 0`. Offsets are 32-bit, like every
/// table of a source (sources are limited to 4 GiB): an archive's sources have millions of
/// lines.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<u32>,
    guide: guide::Guide<u32>,
    len: usize,
}

impl LineIndex {
    /// Index the line starts of `bytes`.
    pub fn new(bytes: &[u8]) -> Self {
        // Counted first: the table is made at its size, not grown (and left) half empty.
        let mut starts = Vec::with_capacity(memchr::memchr_iter(b'\n', bytes).count() + 1);
        starts.push(0);
        let at = |i: usize| u32::try_from(i).unwrap_or(u32::MAX);
        starts.extend(memchr::memchr_iter(b'\n', bytes).map(|i| at(i + 1)));
        // A trailing newline does not open a new (empty) line.
        if starts.len() > 1 && starts.last().map(|&s| s as usize) == Some(bytes.len()) {
            starts.pop();
        }
        LineIndex {
            guide: guide::Guide::new(&starts, |&s| s),
            starts,
            len: bytes.len(),
        }
    }

    /// Byte offsets of the line starts, ascending, the first 0.
    pub fn starts(&self) -> &[u32] {
        &self.starts
    }

    /// Number of lines.
    pub fn count(&self) -> usize {
        self.starts.len()
    }

    /// 1-based line holding byte `at`.
    pub fn line_of(&self, at: usize) -> usize {
        self.guide
            .partition_point(&self.starts, |&s| s, |s| s as usize <= at)
            .max(1)
    }

    /// Byte offset where 1-based line `n` starts (the text's end past the last line).
    pub fn start_of(&self, n: usize) -> usize {
        n.checked_sub(1)
            .and_then(|i| self.starts.get(i))
            .map_or(self.len, |&s| s as usize)
    }

    /// 1-based first and last line of the byte span `[start, end)`.
    pub fn lines_of(&self, start: usize, end: usize) -> [usize; 2] {
        let last = if end > start { end - 1 } else { start };
        [self.line_of(start), self.line_of(last)]
    }

    /// 1-based line and column (in characters) of byte offset `at` in `text` (the indexed
    /// text): what [`line_col`] returns, without counting lines from the start each time (a
    /// claims file of 10,000 entries asks for 20,000 positions).
    pub fn line_col(&self, text: &str, at: usize) -> (usize, usize) {
        self.line_col_bytes(text.as_bytes(), at)
    }

    /// [`LineIndex::line_col`] of bytes that need not be UTF-8 (an HTML file in another
    /// encoding): columns count the characters of a lossy decoding.
    pub fn line_col_bytes(&self, bytes: &[u8], at: usize) -> (usize, usize) {
        let at = at.min(bytes.len());
        let mut line = self.line_of(at);
        let mut start = self.starts[line - 1] as usize;
        // The start after a trailing newline is not kept (it opens no line of its own).
        if at == bytes.len() && at > start && bytes[at - 1] == b'\n' {
            line += 1;
            start = at;
        }
        let col = String::from_utf8_lossy(&bytes[start..at]).chars().count() + 1;
        (line, col)
    }

    /// Byte range covering lines `first..=last` (1-based), without the final line break.
    /// `None` when a line is out of range.
    pub fn span_of_lines(
        &self,
        byte: impl Fn(usize) -> Option<u8>,
        first: usize,
        last: usize,
    ) -> Option<(usize, usize)> {
        if first == 0 || last < first || last > self.count() {
            return None;
        }
        let start = self.starts[first - 1] as usize;
        let mut end = self.starts.get(last).map_or(self.len, |&s| s as usize);
        while end > start && matches!(byte(end - 1), Some(b'\n' | b'\r')) {
            end -= 1;
        }
        Some((start, end))
    }
}

/// A deterministic pseudo-random concatenation of `pieces`, at least `len` bytes long (tests of
/// the parallel paths, which only start above a megabyte).
#[cfg(test)]
pub(crate) fn random_text(pieces: &[&str], seed: u64, len: usize) -> String {
    let mut text = String::new();
    let mut state = seed;
    while text.len() < len {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        text.push_str(pieces[(state >> 33) as usize % pieces.len()]);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexed_line_col_equals_counting() {
        for text in ["", "a", "\n", "ab\ncd\n", "é\n\nxyz", "a\r\nb"] {
            let lines = LineIndex::new(text.as_bytes());
            for at in (0..=text.len()).filter(|&p| text.is_char_boundary(p)) {
                assert_eq!(
                    lines.line_col(text, at),
                    line_col(text, at),
                    "{text:?} {at}"
                );
            }
        }
    }
}
