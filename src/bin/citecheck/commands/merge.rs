//! `citecheck merge`: the reports of sharded runs combined into the whole run's report.

use citecheck::report::reporter;

use super::{read_report, Failure};
use crate::args::MergeArgs;
use crate::output::emit;

/// Run `merge`.
pub fn run(args: MergeArgs) -> Result<u8, Failure> {
    crate::output::refuse_protected(args.output.as_deref(), None)?;
    let format = super::check::chosen_format(args.format.map(|c| c.0), args.output.as_deref())?;
    let mut shards = Vec::with_capacity(args.reports.len());
    for path in &args.reports {
        let shown = path.display().to_string();
        let report = read_report(path, shown.clone(), |e| {
            format!("not a citecheck JSON report: {e}")
        })?;
        shards.push((shown, report));
    }
    let report = citecheck::check::merge(shards)?;
    let rendered = reporter(format).render(&report);
    emit(&rendered, args.output.as_deref(), None)?;
    super::check::note_summary(&report, format, args.output.as_deref());
    Ok(report.exit_code() as u8)
}
