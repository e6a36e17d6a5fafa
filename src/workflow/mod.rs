//! The editor's workflow, and the lock: commands that change or explain a project.
//!
//! Nobody should compute byte offsets by hand. These commands turn a manuscript and a folder of
//! sources into pinned, checkable entries and keep them true as sources change:
//!
//! - [`init`]: a new project with commented defaults and an example;
//! - [`scan`]: a manuscript's quotations located in the sources, optionally written as entries;
//! - [`add`]: one quote or claim located and appended;
//! - [`fix`]: pointers moved to where their words are, stale pins refreshed;
//! - [`show`]: one entry judged, with its source passage;
//! - [`extract`]: a source's text as citecheck matches it, with its map back to the file;
//! - [`lock`]: citecheck.lock written;
//! - [`fetch`]: a web page or PDF downloaded into sources/ with its provenance, or fetched
//!   sources downloaded again.
//!
//! They locate with the same pipeline `check` uses
//! ([`judge::locate_text`](crate::judge::locate_text) over
//! [`IndexLocator`](crate::locate::IndexLocator)), so an entry written here is judged by `check`
//! exactly as it was judged when written; they write claims files only through
//! [`claims::write`](crate::claims::write) (toml_edit, atomic writes). Every function returns
//! data; the binary renders it. [`common`] holds what `scan` and `add` share.

pub mod add;
pub mod common;
pub mod extract;
pub mod fetch;
pub mod fix;
pub mod init;
pub mod lock;
pub mod scan;
pub mod show;
