//! `citecheck diff`: two JSON reports compared.

use std::path::Path;

use citecheck::{Error, Report};

use super::{read_report, Failure};
use crate::args::DiffArgs;
use crate::output::emit;

/// Run `diff`: exit 1 when a verdict got worse.
pub fn run(args: DiffArgs) -> Result<u8, Failure> {
    let old = read(&args.old)?;
    let new = read(&args.new)?;
    let diff = citecheck::compare::diff(&old, &new);
    emit(&diff.render(args.format.0), args.output.as_deref(), None)?;
    Ok(diff.exit_code() as u8)
}

fn read(path: &Path) -> Result<Report, Error> {
    read_report(path, path.to_string_lossy().replace('\\', "/"), |e| {
        format!(
            "not a citecheck JSON report ({e}); write one with `citecheck check --format json --output FILE`"
        )
    })
}
