//! What `citecheck lock` records of a source (its SHA-256, size and extractor), found without
//! keeping the file.
//!
//! A plain-text source's pin needs only its hash, and the proof that `check` would read it
//! (UTF-8 without a NUL byte): both are computed chunk by chunk as the file streams through
//! one buffer ([`crate::fs::stream_regular`]), so locking a gigabyte costs a buffer per thread,
//! not the gigabyte (nor its normalized copy and line index). Anything else (an HTML, Markdown
//! or PDF document, whose extractor must be named; a UTF-16 file; a file `check` would refuse)
//! is loaded exactly as `check` loads it, so its pin and its diagnostics are the same as ever.

use sha2::{Digest, Sha256};

use super::{hex, load_one, SourceFile};
use crate::error::{Diagnostic, Error, Result};
use crate::extract::Format;
use crate::fs::ReadError;

/// One source's pin: what citecheck.lock records of its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pin {
    /// Source id: path relative to `sources/`.
    pub id: String,
    /// Hex SHA-256 of the file's bytes.
    pub sha256: String,
    /// Size of the file in bytes.
    pub bytes: u64,
    /// For a document read through an extractor: its name and version.
    pub extractor: Option<String>,
}

/// Pin every file, in parallel, in the files' order; a file `check` would refuse is a
/// diagnostic (the same one `check` gives), an I/O failure an error.
pub fn pin_files(files: &[SourceFile], problems: &mut Vec<Diagnostic>) -> Result<Vec<Pin>> {
    super::each_file(files, problems, pin_one)
}

/// Pin one file: streamed when it is plain UTF-8 text, loaded as `check` loads it otherwise.
pub fn pin_one(file: &SourceFile) -> Result<std::result::Result<Pin, Diagnostic>> {
    if matches!(file.format(), Ok(Format::Text)) {
        let mut hasher = Sha256::new();
        let mut text = Utf8Stream::default();
        match crate::fs::stream_regular(&file.path, file.max_bytes, |chunk| {
            hasher.update(chunk);
            text.feed(chunk);
        }) {
            Ok(bytes) if text.finish() => {
                return Ok(Ok(Pin {
                    id: file.id.clone(),
                    sha256: hex(&hasher.finalize()),
                    bytes,
                    extractor: None,
                }));
            }
            // UTF-16, undecodable or binary: the load below decodes it or says why not,
            // with the line and column `check` would give.
            Ok(_) => {}
            Err(ReadError::Refused(r)) => {
                let rel = format!("sources/{}", file.id);
                return Ok(Err(Diagnostic::file(&rel, r.message()).help(r.help())));
            }
            Err(ReadError::Io(e)) => return Err(Error::io(&file.path, e)),
        }
    }
    Ok(load_one(file)?.map(|s| Pin {
        sha256: s.sha256.clone(),
        bytes: s.file_bytes,
        extractor: s.document.as_ref().map(|d| d.extractor.clone()),
        id: s.id,
    }))
}

/// A UTF-8 validator fed a file chunk by chunk: true at the end only when the whole file is
/// text `check` reads as it is (valid UTF-8, no NUL byte), whatever the chunks' boundaries.
#[derive(Debug, Default)]
pub struct Utf8Stream {
    /// The start of a character cut by the end of the last chunk (at most 3 bytes).
    carry: Vec<u8>,
    /// Set at the first invalid sequence or NUL byte.
    bad: bool,
}

impl Utf8Stream {
    /// Validate the next chunk of the file.
    pub fn feed(&mut self, mut chunk: &[u8]) {
        if self.bad {
            return;
        }
        if memchr::memchr(0, chunk).is_some() {
            self.bad = true;
            return;
        }
        if !self.carry.is_empty() {
            // Complete the cut character with as many bytes as it still lacks.
            let width = match self.carry[0] {
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                _ => 4,
            };
            let take = (width - self.carry.len()).min(chunk.len());
            self.carry.extend_from_slice(&chunk[..take]);
            chunk = &chunk[take..];
            match std::str::from_utf8(&self.carry) {
                Ok(_) => self.carry.clear(),
                Err(e) if e.error_len().is_none() && chunk.is_empty() => return,
                Err(_) => {
                    self.bad = true;
                    return;
                }
            }
        }
        if let Err(e) = std::str::from_utf8(chunk) {
            if e.error_len().is_some() {
                self.bad = true;
            } else {
                self.carry.extend_from_slice(&chunk[e.valid_up_to()..]);
            }
        }
    }

    /// True when every byte fed was valid UTF-8 without a NUL, and no character is left cut.
    pub fn finish(&self) -> bool {
        !self.bad && self.carry.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn streamed(bytes: &[u8], cuts: &[usize]) -> bool {
        let mut v = Utf8Stream::default();
        let mut at = 0;
        let mut cuts: Vec<usize> = cuts.iter().map(|c| c % (bytes.len() + 1)).collect();
        cuts.sort_unstable();
        for c in cuts {
            v.feed(&bytes[at..c]);
            at = c;
        }
        v.feed(&bytes[at..]);
        v.finish()
    }

    fn whole(bytes: &[u8]) -> bool {
        std::str::from_utf8(bytes).is_ok() && !bytes.contains(&0)
    }

    #[test]
    fn characters_cut_anywhere_are_still_valid_and_bad_bytes_anywhere_are_caught() {
        let text = "a\u{e9}\u{201c}\u{1f600}z".as_bytes();
        for i in 0..=text.len() {
            for j in i..=text.len() {
                assert!(streamed(text, &[i, j]), "cut at {i}, {j}");
                // A character left unfinished at the end of the file is not text.
                assert_eq!(streamed(&text[..j], &[i]), whole(&text[..j]), "{i} {j}");
            }
        }
        assert!(!streamed(b"ab\xff", &[1]));
        assert!(!streamed(b"ab\0c", &[3]));
        assert!(!streamed(b"\xe2\x80", &[1])); // cut, never finished
        assert!(!streamed(b"\xe2\x80A", &[2])); // cut, then not continued
        assert!(!streamed(&[0xFF, 0xFE, b'a', 0], &[])); // UTF-16: loaded, not streamed
    }

    proptest! {
        #[test]
        fn streaming_agrees_with_validating_the_whole_file(
            bytes in proptest::collection::vec(
                prop_oneof![Just(0x41u8), Just(0xC3), Just(0xA9), Just(0xE2), Just(0x80),
                            Just(0x9C), Just(0xF0), Just(0x9F), Just(0x98), Just(0x00),
                            any::<u8>()],
                0..40),
            cuts in proptest::collection::vec(0usize..64, 0..6),
        ) {
            prop_assert_eq!(streamed(&bytes, &cuts), whole(&bytes));
        }
    }
}
