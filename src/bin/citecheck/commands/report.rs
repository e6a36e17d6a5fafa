//! `citecheck report`: check once, write every configured format into reports/.

use std::io::Write;
use std::path::Path;

use citecheck::report::reporter;

use super::check::check_project;
use super::Failure;
use crate::args::{unwrap, ReportArgs};
use crate::output::emit;

/// Run `report`.
pub fn run(args: ReportArgs) -> Result<u8, Failure> {
    let (project, report) = check_project(
        &args.common,
        unwrap(&args.fail_on),
        args.locked,
        None,
        false,
        args.allow_judge,
    )?;
    let fail = |e| Failure::at(&project.root, e);
    // Every target resolves inside reports/ (itself inside the root) and is a regular file or
    // none: all are checked before the first is written.
    let targets = project
        .config
        .report
        .formats
        .iter()
        .map(|&format| {
            let file = Path::new("reports").join(format.file_name());
            citecheck::fs::confine_write(&project.root, "reports", &file)
                .map(|(path, _)| (format, path))
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(fail)?;
    let mut out = anstream::stdout();
    for (format, path) in targets {
        emit(
            &reporter(format).render(&report),
            Some(&path),
            Some(&project.root),
        )
        .map_err(fail)?;
        let _ = writeln!(out, "wrote reports/{}", format.file_name());
    }
    crate::output::note(&crate::output::summary_line(&report));
    Ok(report.exit_code() as u8)
}
