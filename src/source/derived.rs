//! What is derived from a source's text and kept between runs: its normalized text (with the
//! map back to the text) and its word index, in the project's cache under a key naming the
//! text exactly (see [`text_key`]), so a re-check of an unchanged archive reads them instead of
//! normalizing and indexing again.
//!
//! A cached copy is used only when the cache's signature holds and the tables are consistent
//! with the text ([`NormalizedText::from_bytes`], [`WordIndex::from_bytes`]); anything else is
//! built again and stored. Either way the source reads the same.

use sha2::{Digest, Sha256};

use crate::cache::{Cache, Reader};
use crate::extract::{Format, Options as ExtractOptions};
use crate::text::index::WordIndex;
use crate::text::{normalize, NormalizedText};

/// Bump when normalization or the word index may turn the same text into other tables:
/// entries of older versions are then not used. (The key also names the build, see
/// [`text_key`], so a released binary never reads another's entries.)
pub const DERIVED_VERSION: u32 = 1;

/// The cache folder's kind for normalized texts.
const NORM_KIND: &str = "norm";
/// The cache folder's kind for word indexes.
const INDEX_KIND: &str = "index";

/// The key of what is derived from the text `format` reads (with `opts`) out of the bytes
/// whose SHA-256 is `sha256`, by this build: the text is a function of all of them, and the
/// tables of the text and this code.
pub fn text_key(sha256: &str, format: Format, opts: &ExtractOptions) -> String {
    let id = format!(
        "{sha256} {} {opts:?} {DERIVED_VERSION} {}",
        format.name(),
        env!("CITECHECK_VERSION")
    );
    crate::fs::hex(&Sha256::digest(id.as_bytes()))
}

/// The normalized `text`: the cached one under `key` when there is a sound one, else
/// normalized now (and stored).
pub fn normalized(cache: Option<&Cache>, key: &str, text: &str) -> NormalizedText {
    if let Some(p) = cache.and_then(|c| c.get(NORM_KIND, key)) {
        let (bytes, at) = p.into_parts();
        if let Some(n) = NormalizedText::from_owned_bytes(bytes, at, text.len()) {
            return n;
        }
    }
    let n = normalize(text);
    if let Some(c) = cache {
        let flat = n.flat_edits();
        c.put_parts(NORM_KIND, key, &n.pieces(&flat).slices());
    }
    n
}

/// The word index of `norm` (a normalized text): the cached one under `key` when there is a
/// sound one, else built now (and stored).
pub fn index(cache: Option<&Cache>, key: &str, norm: &str) -> WordIndex {
    if let Some(p) = cache.and_then(|c| c.get(INDEX_KIND, key)) {
        let mut r = Reader(&p);
        if let Some(i) = WordIndex::from_bytes(&mut r, norm).filter(|_| r.is_done()) {
            return i;
        }
    }
    let i = WordIndex::build(norm);
    if let Some(c) = cache {
        c.put_parts(INDEX_KIND, key, &i.pieces().slices());
    }
    i
}
