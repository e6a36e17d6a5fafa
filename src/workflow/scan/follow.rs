//! `scan --fetch`: the pages a manuscript's quotations link to, fetched once each (their
//! provenance recorded as `citecheck fetch` records it), so each linked quotation is located
//! in the page it cites — and only there.

use std::collections::BTreeSet;

use crate::config::Project;
use crate::error::Result;
use crate::fetch::{Clock, Options};
use crate::workflow::fetch::{fetch_new, Request};

/// How `scan --fetch` downloads.
pub struct Follow<'a> {
    /// Timeouts and the size limit of each download.
    pub options: Options,
    /// The clock the retrieval times are read from.
    pub clock: &'a dyn Clock,
}

/// One page the manuscript links to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The URL as the manuscript gives it.
    pub url: String,
    /// The source holding it (its id), or why there is none (the download failed or was
    /// refused; nothing was written for it).
    pub source: std::result::Result<String, String>,
    /// True when this scan downloaded it (false: a source already fetched from that URL).
    pub fetched_now: bool,
}

/// Each of `urls` as a source of the project at `root`: one already fetched from it, or
/// fetched now (each download recorded before the next, so two links to one page fetch it
/// once). Returns the pages and the project as it stands after the downloads.
pub fn pages(
    project: Project,
    urls: &BTreeSet<String>,
    follow: &Follow<'_>,
) -> Result<(Vec<Page>, Project)> {
    let mut project = project;
    let mut out = Vec::new();
    for url in urls {
        if let Some(id) = project.config.fetched_from(url) {
            out.push(Page {
                url: url.clone(),
                source: Ok(id.to_string()),
                fetched_now: false,
            });
            continue;
        }
        let request = Request {
            url: url.clone(),
            options: follow.options.clone(),
            ..Request::default()
        };
        match fetch_new(&project, &request, follow.clock) {
            Ok(saved) => {
                let use_cache = project.use_cache;
                project = crate::check::open(&project.root)?;
                project.use_cache = use_cache;
                out.push(Page {
                    url: url.clone(),
                    source: Ok(saved.name),
                    fetched_now: true,
                });
            }
            Err(e) => out.push(Page {
                url: url.clone(),
                source: Err(e.to_string()),
                fetched_now: false,
            }),
        }
    }
    Ok((out, project))
}
