//! The report model: the data every stage produces and every format renders.
//!
//! This is the bottom layer of the crate: it depends on serde (and schemars, which describes
//! the same serialized shape) and imports nothing else of citecheck, so adding a field to the
//! JSON report means opening this folder and the one stage that fills it, nothing else.
//!
//! - [`verdict`]: what an entry is ([`Kind`]), what was found ([`Status`]), how serious that is
//!   ([`Severity`]), and the stable finding [`Code`]s.
//! - [`report`]: [`Report`], the result of `check`, whose JSON serialization is the format's
//!   contract, and its parts ([`EntryResult`], [`SourceReport`], [`Summary`], [`AlsoAt`]).
//! - [`dups`]: duplicated passages ([`Cluster`], [`DupsReport`]).
//! - [`convention`]: the editorial conventions a quote may use ([`Convention`]).
//! - [`finding`]: why a claim is not supported ([`Finding`], naming its [`Rule`]).
//! - [`diff`]: word diffs ([`DiffOp`]); [`span`]: byte spans and line ranges;
//!   [`shard`]: which share of a run a report covers; [`format`](mod@format): the output formats.

pub mod code;
pub mod convention;
pub mod diff;
pub mod dups;
pub mod finding;
pub mod format;
pub mod report;
pub mod shard;
pub mod span;
pub mod verdict;

pub use code::Code;
pub use convention::Convention;
pub use diff::{DiffOp, DiffTag};
pub use dups::{Cluster, DupOccurrence, DupsReport};
pub use finding::{Finding, Rule};
pub use format::{DupsFormat, Format};
pub use report::{
    AlsoAt, Closest, EntryResult, InFile, Occurrence, Opinion, Passage, Report, SourceReport,
    StalePin, Summary, Tool, REPORT_VERSION,
};
pub use shard::Shard;
pub use span::Span;
pub use verdict::{Kind, Severity, Status};
