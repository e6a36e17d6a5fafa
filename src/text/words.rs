//! Words: the unit of approximate matching, word diffs and duplicate detection.
//!
//! A word is a maximal run of alphanumeric characters in normalized text; punctuation and
//! whitespace separate words and are ignored when comparing word sequences. Each word has a
//! case-insensitive 32-bit key, so `THEY` and `they` compare equal for locating while the
//! original letters stay available for the diff.

/// A word: its byte range in the text it was read from and its case-insensitive key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    /// Start byte offset.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
    /// Case-insensitive hash of the word.
    pub key: u32,
}

#[inline]
fn is_word_byte_ascii(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

/// Iterate over the words of `text`.
pub fn words(text: &str) -> impl Iterator<Item = Word> + '_ {
    WordIter { text, pos: 0 }
}

/// The words of `text` collected.
pub fn word_vec(text: &str) -> Vec<Word> {
    words(text).collect()
}

struct WordIter<'a> {
    text: &'a str,
    pos: usize,
}

impl Iterator for WordIter<'_> {
    type Item = Word;

    fn next(&mut self) -> Option<Word> {
        let bytes = self.text.as_bytes();
        // Skip separators.
        while self.pos < bytes.len() {
            let b = bytes[self.pos];
            if b.is_ascii() {
                if is_word_byte_ascii(b) {
                    break;
                }
                self.pos += 1;
            } else {
                let c = self.text[self.pos..].chars().next()?;
                if c.is_alphanumeric() {
                    break;
                }
                self.pos += c.len_utf8();
            }
        }
        if self.pos >= bytes.len() {
            return None;
        }
        let start = self.pos;
        let mut h = Hasher::new();
        while self.pos < bytes.len() {
            let b = bytes[self.pos];
            if b.is_ascii() {
                if !is_word_byte_ascii(b) {
                    break;
                }
                h.byte(b.to_ascii_lowercase());
                self.pos += 1;
            } else {
                let Some(c) = self.text[self.pos..].chars().next() else {
                    break;
                };
                if !(c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c)) {
                    break;
                }
                for l in c.to_lowercase() {
                    let mut buf = [0u8; 4];
                    for &x in l.encode_utf8(&mut buf).as_bytes() {
                        h.byte(x);
                    }
                }
                self.pos += c.len_utf8();
            }
        }
        Some(Word {
            start,
            end: self.pos,
            key: h.finish(),
        })
    }
}

/// FNV-1a, 32-bit: fast, and good enough for keys that are always verified or only vote.
struct Hasher(u32);

impl Hasher {
    fn new() -> Self {
        Hasher(0x811c_9dc5)
    }
    #[inline]
    fn byte(&mut self, b: u8) {
        self.0 ^= u32::from(b);
        self.0 = self.0.wrapping_mul(0x0100_0193);
    }
    fn finish(&self) -> u32 {
        // Avoid 0 so it can never collide with an "empty" marker.
        self.0 | 1
    }
}

/// Combine word keys into one n-gram key.
#[inline]
pub fn ngram_key(keys: &[u32]) -> u64 {
    let mut h: u64 = 0x9E37_79B9_7F4A_7C15;
    for &k in keys {
        h = (h ^ u64::from(k)).wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 29;
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_punctuation_and_ignores_case() {
        let t = "THEY do-not, Iran’s café";
        let w: Vec<&str> = words(t).map(|w| &t[w.start..w.end]).collect();
        assert_eq!(w, ["THEY", "do", "not", "Iran", "s", "café"]);
        let a = word_vec("They");
        let b = word_vec("tHEY");
        assert_eq!(a[0].key, b[0].key);
        assert_ne!(word_vec("they")[0].key, word_vec("them")[0].key);
    }
}
