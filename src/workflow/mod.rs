//! Commands that change or explain a project: each returns data; the binary renders it.

pub mod editor;
pub mod lock;
pub mod scan_quotes;
