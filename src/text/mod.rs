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
    /// Column checkpoints inside long lines, ascending: (byte offset, characters from its
    /// line's start to it). One every [`CHECKPOINT_BYTES`] or so of a longer line, so a
    /// column costs a scan of at most that many bytes, not of the whole line: a minified
    /// page is one line of megabytes, and asked for a column per stretch of text.
    marks: Vec<(u32, u32)>,
}

/// Bytes of a line between column checkpoints (see [`LineIndex`]).
const CHECKPOINT_BYTES: usize = 4096;

/// The characters of a lossy decoding of `bytes` (one U+FFFD per invalid sequence, as
/// `String::from_utf8_lossy` makes), counted without making it.
fn lossy_chars(bytes: &[u8]) -> usize {
    bytes
        .utf8_chunks()
        .map(|c| c.valid().chars().count() + usize::from(!c.invalid().is_empty()))
        .sum()
}

/// Whether a lossy decoding of any text holding `bytes` starts a new character at `at`
/// whatever follows: `bytes[at]` is not a continuation byte (it ends any sequence before it),
/// or the three bytes before it are (a sequence is at most four bytes long). So counting the
/// characters before and from `at` apart sums to counting them together.
fn splits_cleanly(bytes: &[u8], at: usize) -> bool {
    let cont = |b: u8| b & 0xC0 == 0x80;
    !cont(bytes[at]) || (at >= 3 && bytes[at - 3..at].iter().all(|&b| cont(b)))
}

/// The column checkpoints of the lines of `bytes` starting at `starts` (see [`LineIndex`]).
fn checkpoints(bytes: &[u8], starts: &[u32]) -> Vec<(u32, u32)> {
    let mut marks = Vec::new();
    for (i, &s) in starts.iter().enumerate() {
        let start = s as usize;
        let end = starts.get(i + 1).map_or(bytes.len(), |&e| e as usize);
        if end - start <= CHECKPOINT_BYTES {
            continue;
        }
        let (mut at, mut col) = (start, 0usize);
        // Each checkpoint at the first clean split at or after the next step (at most three
        // bytes on).
        while let Some(next) = (at + CHECKPOINT_BYTES..end).find(|&b| splits_cleanly(bytes, b)) {
            col += lossy_chars(&bytes[at..next]);
            let (Ok(o), Ok(c)) = (u32::try_from(next), u32::try_from(col)) else {
                break;
            };
            marks.push((o, c));
            at = next;
        }
    }
    marks
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
            marks: checkpoints(bytes, &starts),
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
        // Count from the last checkpoint of this line at or before `at`, if any.
        let i = self.marks.partition_point(|&(o, _)| o as usize <= at);
        let (from, before) = match i.checked_sub(1).map(|i| self.marks[i]) {
            Some((o, c)) if o as usize >= start && self.len == bytes.len() => {
                (o as usize, c as usize)
            }
            _ => (start, 0),
        };
        let col = before + lossy_chars(&bytes[from..at]) + 1;
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

    proptest::proptest! {
        /// Long lines (past several column checkpoints) of any bytes, valid UTF-8 or not:
        /// every offset's line and column are the ones counting from the line's start gives.
        #[test]
        fn columns_in_long_lines_equal_counting(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                &b"a"[..], b"\n", b"\xC3\xA9", b"\xE2\x80\xA6", b"\xF0\x9F\x98\x80", b"\x80",
                b"\xE2\x80", b"\xF0", b"\xBF\xBF\xBF\xBF", b"xyz",
            ]), 0..200),
            repeat in 1usize..40,
        ) {
            let bytes: Vec<u8> = pieces.concat().repeat(repeat * 20);
            let lines = LineIndex::new(&bytes);
            let naive = |at: usize| {
                let before = &bytes[..at];
                let line = memchr::memchr_iter(b'\n', before).count() + 1;
                let start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
                (line, String::from_utf8_lossy(&before[start..]).chars().count() + 1)
            };
            for at in (0..=bytes.len()).step_by(97).chain([bytes.len()]) {
                let want = naive(at);
                let got = lines.line_col_bytes(&bytes, at);
                // The start after a trailing newline is the next line's first column.
                if !(at == bytes.len() && bytes.last() == Some(&b'\n')) {
                    proptest::prop_assert_eq!(got, want, "at {}", at);
                }
            }
        }
    }
}
