//! `citecheck scan`: a manuscript's quotations and where each stands, as a table.

use std::fmt::Write as _;

use super::fetch::{download_options, retrieval_clock};
use citecheck::report::common::{clip, diff_plain};
use citecheck::workflow::scan::follow::Follow;
use citecheck::workflow::scan::{Linked, Scan, MIN_SCAN_WORDS};
use citecheck::Status;

use super::{in_project, Failure};
use crate::args::ScanArgs;
use crate::output::print_safe;

/// Run `scan`.
pub fn run(args: ScanArgs) -> Result<u8, Failure> {
    if args.fetch {
        super::refuse_config(&args.common, "scan --fetch")?;
    }
    let clock = retrieval_clock(args.retrieved_at);
    let follow = args.fetch.then_some(Follow {
        options: download_options(args.timeout),
        clock: &*clock,
    });
    let scan = in_project(&args.common, |p| {
        citecheck::workflow::scan::scan(p, &args.manuscript, args.write.as_deref(), follow.as_ref())
    })?;
    print_safe(&render(&scan));
    Ok(0)
}

/// The table people read: quote, best source, verdict, similarity; then what was written.
pub fn render(scan: &Scan) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} quotation(s) in {}",
        scan.items.len(),
        scan.manuscript
    );
    let _ = writeln!(
        out,
        "{:<6} {:<50} {:<22} {:<11} {:>5}",
        "LINE", "QUOTE", "SOURCE", "VERDICT", "SIM"
    );
    for i in &scan.items {
        let where_ = match (&i.source, i.found) {
            (Some(s), Some((_, l))) => format!("{s}:{}", l[0]),
            (Some(s), None) => s.clone(),
            (None, _) => "-".into(),
        };
        let sim = i.similarity.map_or("-".into(), |s| format!("{s:.2}"));
        let _ = writeln!(
            out,
            "{:<6} {:<50} {:<22} {:<11} {:>5}",
            i.quotation.line,
            clip(&i.quotation.text, 48),
            where_,
            i.status.as_str(),
            sim
        );
        if let Some(d) = &i.diff {
            let _ = writeln!(out, "       diff: {}", diff_plain(d));
        }
        match &i.link {
            Some(Linked::Page { url }) => {
                let _ = writeln!(out, "       cites {url}");
            }
            Some(Linked::NoLink) => {
                let _ = writeln!(
                    out,
                    "       no link near it: not located (say where it is from)"
                );
            }
            Some(Linked::Several(urls)) => {
                let _ = writeln!(
                    out,
                    "       several links near it ({}): not located (say which it cites)",
                    urls.join(", ")
                );
            }
            Some(Linked::Failed { url, reason }) => {
                let _ = writeln!(out, "       cites {url}, which could not be read: {reason}");
            }
            None => {}
        }
        if let Some(id) = &i.recorded {
            let _ = writeln!(out, "       already recorded as `{id}`");
        }
        if i.status == Status::Ambiguous {
            let _ = writeln!(
                out,
                "       {} copies; use `citecheck add --occurrence N` to choose",
                i.copies
            );
        }
    }
    if !scan.pages.is_empty() {
        let _ = writeln!(out, "linked pages:");
        for p in &scan.pages {
            let _ = match (&p.source, p.fetched_now) {
                (Ok(id), true) => writeln!(out, "  fetched  {} -> sources/{id}", p.url),
                (Ok(id), false) => writeln!(out, "  known    {} = sources/{id}", p.url),
                (Err(e), _) => writeln!(out, "  failed   {}: {e}", p.url),
            };
        }
    }
    match &scan.written {
        Some(w) => {
            let n = w.entries;
            let _ = writeln!(
                out,
                "wrote {n} entr{} to {}",
                if n == 1 { "y" } else { "ies" },
                w.file
            );
            for e in scan.items.iter().filter_map(|i| i.entry.as_ref()) {
                let _ = writeln!(out, "  [[quote]] {}", e.id);
            }
        }
        None => {
            let n = scan.items.iter().filter(|i| i.entry.is_some()).count();
            if n > 0 {
                let _ = writeln!(out, "{n} located; `--write FILE` appends them as entries");
            }
        }
    }
    if scan.short > 0 {
        let _ = writeln!(
            out,
            "{} shorter quotation(s) (under {MIN_SCAN_WORDS} words) skipped",
            scan.short
        );
    }
    let missing = scan
        .items
        .iter()
        .filter(|i| i.status == Status::Missing)
        .count();
    if missing > 0 {
        let _ = writeln!(out, "{missing} missing: found in no source (never written)");
    }
    out
}
