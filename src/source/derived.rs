//! What is derived from a source's text and kept between runs: its normalized text (with the
//! map back to the text) and its word index, in the project's cache under a key naming the
//! text exactly (see [`text_key`]), so a re-check of an unchanged archive reads them instead of
//! normalizing and indexing again.
//!
//! A cached copy is used only when the cache's signature holds and the tables are consistent
//! with the text ([`NormalizedText::from_owned_bytes`], [`WordIndex::from_bytes`]); anything
//! else is built again and stored. Either way the source reads the same.

use sha2::{Digest, Sha256};

use crate::cache::{through, Cache, Payload, Reader};
use crate::extract::{Format, Options as ExtractOptions};
use crate::text::index::WordIndex;
use crate::text::{normalize, NormalizedText};

/// Bump when normalization or the word index may turn the same text into other tables:
/// entries of older versions are then not used. (The key also names the build, see
/// [`text_key`], so a released binary never reads another's entries.)
pub const DERIVED_VERSION: u32 = 2;

/// The cache folder's kind for normalized texts.
const NORM_KIND: &str = "norm";
/// The cache folder's kind for word indexes.
const INDEX_KIND: &str = "index";

/// The key of what is derived from the text `format` reads (with `opts`) out of the bytes
/// whose SHA-256 is `sha256`, by this build: the text is a function of all of them, and the
/// tables of the text and this code.
pub fn text_key(sha256: &str, format: Format, opts: &ExtractOptions) -> String {
    let version = format!("{DERIVED_VERSION} {}", env!("CITECHECK_VERSION"));
    key(sha256, format, opts, &version)
}

/// The key of what `version` of some code derives from the text `format` reads (with `opts`)
/// out of the bytes whose SHA-256 is `sha256` (hex SHA-256 of all of them).
pub(super) fn key(sha256: &str, format: Format, opts: &ExtractOptions, version: &str) -> String {
    let id = format!("{sha256} {} {opts:?} {version}", format.name());
    crate::fs::hex(&Sha256::digest(id.as_bytes()))
}

/// The normalized `text`: the cached one under `key` when there is a sound one, else
/// normalized now (and stored).
pub fn normalized(cache: Option<&Cache>, key: &str, text: &str) -> NormalizedText {
    let read = |p: Payload| {
        let (bytes, at) = p.into_parts();
        NormalizedText::from_owned_bytes(bytes, at, text.len())
    };
    // The normalized text (a character can grow about eighteenfold) and a 16-byte edit per
    // changed source byte at most.
    let bound = crate::cache::bound(text.len(), 64);
    through(cache, NORM_KIND, key, bound, read, || normalize(text))
}

/// The word index of `norm` (a normalized text): the cached one under `key` when there is a
/// sound one, else built now (and stored).
pub fn index(cache: Option<&Cache>, key: &str, norm: &str) -> WordIndex {
    let read = |p: Payload| {
        let mut r = Reader(&p);
        WordIndex::from_bytes(&mut r, norm).filter(|_| r.is_done())
    };
    // A few `u32`s per word (postings, buckets, marks), and a word takes a byte or more.
    let bound = crate::cache::bound(norm.len(), 32);
    through(cache, INDEX_KIND, key, bound, read, || {
        WordIndex::build(norm)
    })
}
