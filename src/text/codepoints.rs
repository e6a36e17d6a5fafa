//! Byte offsets to Unicode code-point offsets (W3C TextPositionSelector counts code points).
//!
//! Counting the characters before every offset from the start would cost a pass over the
//! source per entry; a checkpoint every [`STRIDE`] bytes makes each lookup at most one stride
//! of work after one pass per source.

/// Bytes between checkpoints.
pub const STRIDE: usize = 1024;

/// Cumulative code-point counts at every [`STRIDE`] bytes of one text.
#[derive(Debug, Clone)]
pub struct CodePoints {
    checkpoints: Vec<usize>,
}

/// Code points in `bytes`: every byte that is not a UTF-8 continuation byte starts one.
fn count(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
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
}
