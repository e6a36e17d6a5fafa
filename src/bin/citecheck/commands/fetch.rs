//! `citecheck fetch`: a URL downloaded into sources/ with its provenance, or (`--refresh`)
//! fetched sources downloaded again and compared.

use std::fmt::Write as _;
use std::time::{Duration, SystemTime};

use citecheck::fetch::{Clock, FixedClock, Options, SystemClock};
use citecheck::workflow::fetch::{Change, Refresh, Refreshed, Request, Saved};
use citecheck::Error;

use super::{in_project, Failure};
use crate::args::FetchArgs;
use crate::output::print_safe;

/// Run `fetch`: exit 0 when fetched (or, refreshing, when nothing changed or `--update`
/// wrote the changes), 1 when `--refresh` found changes it did not write, 2 on bad input or a
/// failed download.
pub fn run(args: FetchArgs) -> Result<u8, Failure> {
    super::refuse_config(&args.common, "fetch")?;
    let mut options = download_options(args.timeout);
    if let Some(t) = args.max_time {
        options.total_timeout = t;
    }
    if let Some(n) = args.max_bytes {
        options.max_bytes = n;
    }
    let clock = &*retrieval_clock(args.retrieved_at);
    if args.refresh {
        let request = Refresh {
            names: args.targets.clone(),
            update: args.update,
            options,
        };
        let results = in_project(&args.common, |p| {
            citecheck::workflow::fetch::refresh(p, &request, clock)
        })?;
        print_safe(&render_refresh(&results, args.update));
        let failed = results
            .iter()
            .any(|r| matches!(r.change, Change::Failed(_)));
        let unwritten = results
            .iter()
            .any(|r| matches!(r.change, Change::Changed { written: false, .. }));
        return Ok(if failed {
            2
        } else if unwritten {
            1
        } else {
            0
        });
    }
    let url = match args.targets.as_slice() {
        [url] => url.clone(),
        [] => {
            return Err(Error::Usage(
                "give the URL to fetch (`citecheck fetch https://example.org/page`), or \
                 --refresh"
                    .into(),
            )
            .into())
        }
        _ => {
            return Err(Error::Usage(
                "give one URL per `citecheck fetch` (with --refresh, any number of source \
                 names)"
                    .into(),
            )
            .into())
        }
    };
    let request = Request {
        url,
        name: args.name.clone(),
        version_url: args.version_url.clone(),
        version_date: args.version_date.clone(),
        options,
    };
    let saved = in_project(&args.common, |p| {
        citecheck::workflow::fetch::fetch_new(p, &request, clock)
    })?;
    print_safe(&render_saved(&saved));
    Ok(0)
}

/// What was fetched and recorded.
fn render_saved(saved: &Saved) -> String {
    let p = &saved.provenance;
    let mut out = String::new();
    let _ = writeln!(out, "fetched {} -> sources/{}", p.url, saved.name);
    if p.final_url != p.url {
        let _ = writeln!(out, "  final URL     {}", p.final_url);
    }
    let _ = writeln!(out, "  status        {}", p.status);
    if let Some(t) = &p.content_type {
        let _ = writeln!(out, "  content type  {t}");
    }
    if let Some(e) = &p.etag {
        let _ = writeln!(out, "  ETag          {e}");
    }
    if let Some(l) = &p.last_modified {
        let _ = writeln!(out, "  Last-Modified {l}");
    }
    let _ = writeln!(out, "  size          {} bytes", p.size);
    let _ = writeln!(out, "  sha256        {}", p.sha256);
    let _ = writeln!(out, "  retrieved     {}", p.retrieved);
    let _ = writeln!(
        out,
        "recorded in citecheck.toml [sources.\"{}\"], pinned in citecheck.lock",
        saved.name
    );
    out
}

/// One line per source, then what to do about the changes.
fn render_refresh(results: &[Refreshed], update: bool) -> String {
    let mut out = String::new();
    if results.is_empty() {
        out.push_str(
            "no fetched sources (citecheck.toml has no [sources.\"NAME\"] with a `url`)\n",
        );
        return out;
    }
    let short = |s: &str| s.chars().take(12).collect::<String>();
    let (mut changed, mut failed) = (0, 0);
    for r in results {
        match &r.change {
            Change::Unchanged => {
                let _ = writeln!(out, "unchanged     {}", r.name);
            }
            Change::NotModified => {
                let _ = writeln!(out, "unchanged     {}  (304 Not Modified)", r.name);
            }
            Change::Changed {
                old_sha256,
                new_sha256,
                written,
            } => {
                changed += 1;
                let old = old_sha256
                    .as_deref()
                    .map_or("(missing)".to_string(), &short);
                let what = if *written { "updated" } else { "changed" };
                let _ = writeln!(
                    out,
                    "{what:<13} {}  sha256 {old} -> {}",
                    r.name,
                    short(new_sha256)
                );
            }
            Change::Failed(message) => {
                failed += 1;
                let _ = writeln!(out, "failed        {}  {message}", r.name);
            }
        }
    }
    let _ = write!(out, "{} sources: {changed} changed", results.len());
    if failed > 0 {
        let _ = write!(out, ", {failed} failed");
    }
    out.push('\n');
    if changed > 0 && !update {
        out.push_str(
            "nothing was written: run `citecheck fetch --refresh --update` to take the new \
             versions (entries pinned to the old bytes then report source_changed until \
             `citecheck fix` re-pins them)\n",
        );
    }
    out
}

/// The download options of `--timeout` (the connection and every read; defaults otherwise),
/// for `fetch` and `scan --fetch`.
pub fn download_options(timeout: Option<Duration>) -> Options {
    let mut options = Options::default();
    if let Some(t) = timeout {
        options.connect_timeout = t;
        options.read_timeout = t;
    }
    options
}

/// The clock retrieval times are read from: the system's, or the fixed time of the hidden
/// `--retrieved-at` (reproducible fixtures), for `fetch` and `scan --fetch`.
pub fn retrieval_clock(retrieved_at: Option<SystemTime>) -> Box<dyn Clock> {
    match retrieved_at {
        Some(t) => Box::new(FixedClock(t)),
        None => Box::new(SystemClock),
    }
}
