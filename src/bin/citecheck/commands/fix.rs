use std::fmt::Write as _;

use citecheck::workflow::fix::FixPlan;

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
