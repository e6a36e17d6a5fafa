//! `citecheck add`: one quote or claim located and appended, or refused with the reason.

use std::fmt::Write as _;

use citecheck::report::common::lines_phrase;
use citecheck::workflow::add::{AddOutcome, AddRequest};
use citecheck::Pointer;

use super::{in_project, Failure};
use crate::args::AddArgs;
use crate::output::print_safe;

/// Run `add`: exit 1 when it refuses (the text missing, ambiguous, or not at the pointer given).
pub fn run(args: AddArgs) -> Result<u8, Failure> {
    let pointer = args
        .span
        .map(|(a, b)| Pointer::Span(a, b))
        .or(args.lines.map(|(a, b)| Pointer::Lines(a, b)));
    let req = AddRequest {
        source: args.source,
        text: args.text,
        id: args.id,
        claim: args.claim,
        evidence: args.evidence,
        pointer,
        occurrence: args.occurrence,
        to: args.to,
    };
    let outcome = in_project(&args.common, |p| citecheck::workflow::add::add(p, &req))?;
    print_safe(&render(&outcome));
    Ok(match outcome {
        AddOutcome::Written { .. } => 0,
        AddOutcome::Refused { .. } => 1,
    })
}

/// What people read: the entry appended (after any warning), or why nothing was, with the
/// occurrences to choose from.
pub fn render(outcome: &AddOutcome) -> String {
    let mut out = String::new();
    match outcome {
        AddOutcome::Written {
            file,
            rendered,
            status,
            warning,
        } => {
            if let Some(w) = warning {
                let _ = writeln!(out, "warning: {w}");
            }
            let _ = writeln!(out, "appended to {file} ({}):", status.as_str());
            let _ = write!(out, "{rendered}");
        }
        AddOutcome::Refused { reason, candidates } => {
            let _ = writeln!(out, "refused: {reason}; nothing was written");
            for (n, c) in candidates.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "  {}. [{}, {}) {}: {}",
                    n + 1,
                    c.span.start,
                    c.span.end,
                    lines_phrase(&c.lines),
                    c.context
                );
            }
        }
    }
    out
}
