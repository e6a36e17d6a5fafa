use std::fmt::Write as _;

use citecheck::report::common::lines_phrase;
use citecheck::workflow::add::AddOutcome;

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
                    c.span.0,
                    c.span.1,
                    lines_phrase(&c.lines),
                    c.context
                );
            }
        }
    }
    out
}
