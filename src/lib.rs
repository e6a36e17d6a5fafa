//! # citecheck
//!
//! Prove quotations and claims against their sources. A project keeps its documents in
//! `sources/`, declares quotes and claims in `claims/*.toml`, and pins every source's SHA-256 in
//! `citecheck.lock`. [`check()`] runs the pipeline and returns a [`Report`]; the binary only
//! parses arguments and renders.
//!
//! The modules are layers; each imports only from the layers above it in this list (a test,
//! `tests/layers.rs`, reads `src/` and fails on any other edge):
//!
//! ```text
//! model      the report model every stage and format shares (serde only)
//! text       normalization with its offset map, words and terms, elision marks, the word index
//! extract    HTML, Markdown and PDF documents read as text, with a map back to the file
//! error      Error and Diagnostic: every problem with its file, line and column
//! fs         atomic writes of the user's files
//! cache      .citecheck/cache: derived work keyed by SHA-256, verified on read, bounded
//! fetch      one URL downloaded (http/https, limits, timeouts) with its provenance
//! config     root discovery, citecheck.toml, citecheck.lock (returns problems, never loads)
//! source     reading and hashing a source; its normalized text and index
//! claims     claims files: schema, parsing, validation, rewriting (toml_edit)
//! locate     the Locator trait: exact, normalized, approximate, elided parts
//! judge      the verdict rules, thresholds, and the failure Policy
//! dups       duplicated passages
//! check      the pipeline: load -> locate -> judge -> Report; shard merge; changed-since
//! report     the Reporter trait and one file per format (model in, text out)
//! compare    `citecheck diff`: two reports compared
//! import     W3C Web Annotations read back as quotes
//! workflow   init, scan, add, fix, show, lock: commands that return data
//! ```
//!
//! Invariants: every span that leaves the library is a byte range into the source's original
//! bytes; the library never prints; a source is read once per run and the bytes hashed are the
//! bytes matched; the same inputs give byte-identical reports; a verdict is decided in `judge`
//! alone and whether it fails in [`judge::Policy`] alone.

#![warn(missing_docs)]
// No unsafe code, except in the one module that measured a need for it: the word index
// (`text::index`: a prefetch hint and the parallel build's disjoint writes, see issue 3's
// figures), which allows it for itself.
#![deny(unsafe_code)]

pub mod model;
pub mod text;
// Reading HTML, Markdown and PDF documents as text, with positions back to the file.
pub mod extract;

pub mod error;
pub mod fs;
// What a run derives from a source's bytes, kept between runs (.citecheck/cache).
pub mod cache;
// Downloading a document over HTTP(S) with its provenance.
pub mod fetch;

pub mod config;

pub mod source;

pub mod claims;

pub mod locate;

pub mod judge;

pub mod dups;

pub mod check;

pub mod report;

pub mod compare;

pub mod import;

pub mod workflow;

pub use check::{check, discover, load, open, CheckOptions, Loaded};
pub use claims::{Entry, Pointer};
pub use config::{Config, FailOn, Lock, Project};
pub use error::{Diagnostic, Error, Result};
pub use judge::{Policy, Thresholds, Verdict};
pub use model::{Code, Format, Kind, Report, Shard, Status};
pub use source::Source;
