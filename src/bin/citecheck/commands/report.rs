//! `citecheck report`: check once, write every configured format into reports/.

use std::io::Write;

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
    )?;
    let dir = project.root.join("reports");
    let mut out = anstream::stdout();
    for &format in &project.config.report.formats {
        let path = dir.join(format.file_name());
        emit(&reporter(format).render(&report), Some(&path))
            .map_err(|e| Failure::at(&project.root, e))?;
        let _ = writeln!(out, "wrote reports/{}", format.file_name());
    }
    Ok(report.exit_code() as u8)
}
