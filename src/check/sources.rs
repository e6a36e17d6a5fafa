//! The provenance rows of a report: every source read, and every source the lock pins whose
//! file is gone.

use std::collections::BTreeMap;

use crate::config::{Project, SourceMeta};
use crate::judge::Policy;
use crate::model::{SourceReport, StalePin};
use crate::source::Source;

use super::entry::stale_pin;
use super::load::Loaded;

/// True when citecheck.lock pins other bytes for `s`, or another extractor (a source absent
/// from the lock does not differ: it is new, which only `--locked` refuses).
pub(crate) fn lock_differs(project: &Project, s: &Source) -> bool {
    project
        .lock
        .as_ref()
        .and_then(|l| l.get(&s.id))
        .is_some_and(|p| {
            // The lock pins the bytes and, for a document, the extractor that read them: the
            // same bytes read by another extractor may be other words.
            let extractor = s.document.as_ref().map(|d| &d.extractor);
            p.sha256 != s.sha256 || p.extractor.as_ref() != extractor
        })
}

/// One row per source, sorted by id. A source is changed when the lock or any entry's pin
/// names another hash.
pub(crate) fn rows(project: &Project, loaded: &Loaded, policy: &Policy) -> Vec<SourceReport> {
    let lock = project.lock.as_ref();
    let by_id: BTreeMap<&str, &Source> =
        loaded.sources.iter().map(|s| (s.id.as_str(), s)).collect();
    // The entries whose pin differs, per source, in entry order (claims file, line).
    let mut stale_pins: BTreeMap<&str, Vec<StalePin>> = BTreeMap::new();
    for e in &loaded.entries {
        if let (Some(s), Some(pin)) = (by_id.get(e.source.as_str()), &e.sha256) {
            if stale_pin(e, s) {
                stale_pins
                    .entry(e.source.as_str())
                    .or_default()
                    .push(StalePin {
                        id: e.id.clone(),
                        file: e.origin.file.clone(),
                        line: e.origin.line,
                        sha256: pin.clone(),
                    });
            }
        }
    }
    for pins in stale_pins.values_mut() {
        pins.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    }
    let mut sources: Vec<SourceReport> = loaded
        .sources
        .iter()
        .map(|s| {
            let pin = lock.and_then(|l| l.get(&s.id));
            let meta = project
                .config
                .sources
                .get(&s.id)
                .cloned()
                .unwrap_or_default();
            let differs = lock_differs(project, s);
            let pins = stale_pins.remove(s.id.as_str()).unwrap_or_default();
            let changed = differs || !pins.is_empty();
            let doc = s.document.as_ref();
            SourceReport {
                id: s.id.clone(),
                path: s.path.clone(),
                sha256: s.sha256.clone(),
                bytes: s.file_bytes,
                lines: s.lines.count(),
                locked_sha256: pin.map(|p| p.sha256.clone()),
                changed,
                fails: policy.source_fails(pin.is_some(), differs),
                missing: false,
                format: doc.map(|d| d.format.name().to_string()),
                extractor: doc.map(|d| d.extractor.clone()),
                stale_pins: pins,
                ..described(meta)
            }
        })
        .collect();
    // A pinned source whose file is gone differs from the lock too: `--locked` must not pass.
    for pin in lock.map_or(&[][..], |l| &l.sources) {
        // A source another shard reads is not gone.
        if !by_id.contains_key(pin.path.as_str()) && !loaded.skipped.contains(&pin.path) {
            sources.push(SourceReport {
                id: pin.path.clone(),
                path: format!("sources/{}", pin.path),
                sha256: String::new(),
                bytes: 0,
                lines: 0,
                locked_sha256: Some(pin.sha256.clone()),
                changed: true,
                fails: policy.gone_source_fails(),
                missing: true,
                ..described(pin.meta.clone())
            });
        }
    }
    sources.sort_by(|a, b| a.id.cmp(&b.id));
    sources
}

/// A source's report with what citecheck.toml (or the lock) says about it: title, origin and
/// provenance; the rest empty, for the caller to fill.
fn described(meta: SourceMeta) -> SourceReport {
    // The final URL only when a redirect made it differ.
    let final_url = meta.final_url.filter(|f| Some(f) != meta.url.as_ref());
    SourceReport {
        title: meta.title,
        origin: meta.origin,
        retrieved: meta.retrieved,
        url: meta.url,
        final_url,
        version_url: meta.version_url,
        version_date: meta.version_date,
        ..SourceReport::default()
    }
}
