//! `citecheck fix`: what it moved and refreshed, and what it leaves for a person.

use std::fmt::Write as _;

use citecheck::workflow::fix::FixPlan;

use super::{in_project, Failure};
use crate::args::FixArgs;
use crate::output::print_safe;

/// Run `fix` (or, with `--dry-run`, say what it would do).
pub fn run(args: FixArgs) -> Result<u8, Failure> {
    let dry_run = args.dry_run;
    let plan = in_project(&args.common, |p| {
        let plan = citecheck::workflow::fix::plan_fix(p)?;
        if !dry_run {
            citecheck::workflow::fix::apply_fix(p, &plan)?;
        }
        Ok(plan)
    })?;
    print_safe(&render(&plan, dry_run));
    // Like `check`: 1 while entries are left for a person, so a CI step running
    // `fix --dry-run` fails until they are dealt with.
    Ok(u8::from(!plan.unfixed.is_empty()))
}

/// What people read after a fix (or a dry run, with `dry_run`: the unified diff first).
pub fn render(plan: &FixPlan, dry_run: bool) -> String {
    let mut out = String::new();
    if dry_run {
        out.push_str(&plan.diff());
    }
    let verb = if dry_run { "would fix" } else { "fixed" };
    for f in &plan.fixed {
        let _ = writeln!(
            out,
            "{verb} {}:{}  {}  {}",
            f.file,
            f.line,
            f.id,
            f.what.join("; ")
        );
    }
    for u in &plan.unfixed {
        let _ = writeln!(
            out,
            "cannot fix {}:{}  {}  {}: {}",
            u.file,
            u.line,
            u.id,
            u.status.as_str(),
            u.detail
        );
    }
    let _ = writeln!(
        out,
        "{} entr{} {}, {} left for a person{}",
        plan.fixed.len(),
        if plan.fixed.len() == 1 { "y" } else { "ies" },
        if dry_run { "to fix" } else { "fixed" },
        plan.unfixed.len(),
        if dry_run {
            "; nothing was written (dry run)".to_string()
        } else if plan.files.is_empty() {
            "; nothing to write".to_string()
        } else {
            format!(
                "; wrote {}",
                plan.files
                    .iter()
                    .map(|r| r.file.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
    );
    out
}
