//! Judging an archive a few sources at a time (one per thread), so that only their word
//! indexes are held.
//!
//! An entry is judged against its own source, but a quote missing from it is looked for in
//! every other source too (`found_in`). Judged in one parallel sweep, that needs every index
//! at once: at 1 GB of sources, 0.7 GB of indexes on top of the texts. Here the entries are
//! judged a few sources at a time, each source's index built (or read from the cache) before
//! its entries and released after them. The questions "does this missing text occur in that
//! source?" are written down as the rules ask them ([`Deferred`]) and answered afterwards,
//! one source at a time. The answers fill `found_in` in the order the rules asked, so the
//! verdicts are the ones a single sweep gives.
//!
//! A released index leaves its [`Presence`] behind (a few bits per word): a question whose
//! text has an anchor the source certainly lacks is answered no without the index
//! ([`Locator::may_occur`]); of the few left, a scan of the source's text rules out more
//! ([`Locator::may_occur_by_scan`]), and only what is left then, or many, is answered with
//! its index again. A text missing everywhere, the common case, costs no second index.

use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::claims::Entry;
use crate::judge::{self, Thresholds, Verdict};
use crate::locate::{Locator, Match, Needle};
use crate::source::Source;
use crate::text::index::Presence;

/// Up to this many substring scans of a source (one for each text asked about it, and one per
/// part of an elided one) are tried before its word index. On the 1 GB
/// project (2 cores) building a 100 MB source's index took 0.78 s and a scan about 5 ms; a
/// text of common words scans slower, hence the margin.
const SCANS_OVER_INDEX: usize = 32;

/// The questions one entry's judging wrote down: "does needle `n` occur in source `s`?"
/// (`s` numbering the sources `found_in` may list), in the order asked.
#[derive(Default)]
struct Asked {
    needles: Vec<Needle>,
    questions: Vec<(usize, usize)>,
}

/// A locator that does everything its inner one does, but answers "does `needle` occur in
/// that source?" with no, writing the question down to be answered later. The rules ask it
/// only to fill `found_in`, which nothing else in a verdict depends on.
struct Deferred<'a> {
    inner: &'a dyn Locator,
    /// Where each source is among those `found_in` may list.
    number: &'a BTreeMap<&'a str, usize>,
    asked: Mutex<Asked>,
}

/// Whether two needles are one text prepared one way (the fields everything else in a
/// needle is made from).
fn same_needle(a: &Needle, b: &Needle) -> bool {
    a.raw == b.raw
        && a.norm == b.norm
        && a.parts.len() == b.parts.len()
        && a.marked_ends() == b.marked_ends()
}

impl Locator for Deferred<'_> {
    fn each_occurrence(
        &self,
        source: &Source,
        needle: &Needle,
        visit: &mut dyn FnMut(Match) -> ControlFlow<()>,
    ) {
        self.inner.each_occurrence(source, needle, visit);
    }

    fn occurrences(&self, source: &Source, needle: &Needle) -> Vec<Match> {
        self.inner.occurrences(source, needle)
    }

    fn occurs(&self, source: &Source, needle: &Needle) -> bool {
        let Some(&s) = self.number.get(source.id.as_str()) else {
            // Not a source of the run: asked of the inner locator now.
            return self.inner.occurs(source, needle);
        };
        let mut asked = self.asked.lock().unwrap_or_else(|e| e.into_inner());
        // One missing text is asked about every other source: its needle is kept once.
        let n = match asked.needles.last() {
            Some(last) if same_needle(last, needle) => asked.needles.len() - 1,
            _ => {
                asked.needles.push(needle.clone());
                asked.needles.len() - 1
            }
        };
        asked.questions.push((s, n));
        false
    }

    fn may_occur(&self, source: &Source, needle: &Needle, presence: &Presence) -> bool {
        self.inner.may_occur(source, needle, presence)
    }

    fn approximate(
        &self,
        source: &Source,
        needle: &Needle,
        near: Option<usize>,
        floor: f64,
    ) -> Option<Match> {
        self.inner.approximate(source, needle, near, floor)
    }
}

/// Verdicts of entries (by their number) with the questions their judging wrote down.
type Judged = Vec<(usize, Verdict, Asked)>;

/// What judging an entry needs besides its source.
struct Judging<'a> {
    locator: &'a dyn Locator,
    entries: &'a [Entry],
    /// Every source, in the order `found_in` lists them.
    all: &'a [&'a Source],
    /// Where each source is in `all`.
    number: BTreeMap<&'a str, usize>,
    thresholds: &'a Thresholds,
    progress: Option<&'a Arc<AtomicUsize>>,
}

impl Judging<'_> {
    /// The verdicts of the entries `at` against `src`, each with the questions its judging
    /// wrote down.
    fn entries_of(&self, src: &Source, at: &[usize]) -> Judged {
        at.par_iter()
            .map(|&i| {
                let deferred = Deferred {
                    inner: self.locator,
                    number: &self.number,
                    asked: Mutex::new(Asked::default()),
                };
                let v = judge::judge(&deferred, &self.entries[i], src, self.all, self.thresholds);
                if let Some(p) = self.progress {
                    p.fetch_add(1, Ordering::Relaxed);
                }
                let asked = deferred
                    .asked
                    .into_inner()
                    .unwrap_or_else(|e| e.into_inner());
                (i, v, asked)
            })
            .collect()
    }
}

/// The verdict of every entry (in `entries`' order) against its source in `by_id`, `all`
/// being every source (in the order `found_in` lists them); judged a few sources at a time,
/// each source's word index released when its work is done.
pub(super) fn judge_all(
    locator: &dyn Locator,
    entries: &[Entry],
    by_id: &BTreeMap<&str, &Source>,
    all: &[&Source],
    thresholds: &Thresholds,
    progress: Option<&Arc<AtomicUsize>>,
) -> Vec<Verdict> {
    let judging = Judging {
        locator,
        entries,
        all,
        number: all
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect(),
        thresholds,
        progress,
    };
    let mut cited: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, e) in entries.iter().enumerate() {
        cited.entry(e.source.as_str()).or_default().push(i);
    }
    let mut judged: Vec<Option<(Verdict, Asked)>> = Vec::new();
    judged.resize_with(entries.len(), || None);
    let mut presence: Vec<Option<Presence>> = vec![None; all.len()];
    // Validation guarantees every cited source exists.
    let order: Vec<(&Source, &Vec<usize>)> = cited.iter().map(|(id, at)| (by_id[id], at)).collect();
    // As many sources at a time as there are threads: one index build (or cache read) does
    // not keep every core busy on its own, and a few indexes are still a fraction of all of
    // them. (1 GB, 2 cores: one source at a time, the next index built alongside, filled the
    // cache in 16.6 s and re-checked warm in 4.9 s; two at a time, 15.7 s and 4.5 s.)
    let at_once = rayon::current_num_threads().max(1);
    for group in order.chunks(at_once) {
        group.par_iter().for_each(|(src, _)| {
            src.index();
        });
        let done: Vec<(Judged, Option<Presence>)> = group
            .par_iter()
            .map(|&(src, at)| {
                // Only entries of other sources can ask about this one.
                let asked_about = cited.keys().any(|id| *id != src.id);
                rayon::join(
                    || judging.entries_of(src, at),
                    || asked_about.then(|| src.index().presence()),
                )
            })
            .collect();
        for (&(src, _), (verdicts, bits)) in group.iter().zip(done) {
            for (i, v, asked) in verdicts {
                judged[i] = Some((v, asked));
            }
            if let Some(&s) = judging.number.get(src.id.as_str()) {
                presence[s] = bits;
            }
            src.release_index();
        }
    }
    let judged: Vec<(Verdict, Asked)> = judged.into_iter().flatten().collect();
    let answers = answer(locator, all, &presence, &judged);
    judged
        .into_iter()
        .zip(answers)
        .map(|((mut v, asked), yes)| {
            v.found_in = asked
                .questions
                .iter()
                .zip(yes)
                .filter(|(_, y)| *y)
                .map(|(&(s, _), _)| all[s].path.clone())
                .collect();
            v
        })
        .collect()
}

/// The answer to every question written down in `judged` (per entry, in the order asked),
/// one source at a time.
fn answer(
    locator: &dyn Locator,
    all: &[&Source],
    presence: &[Option<Presence>],
    judged: &[(Verdict, Asked)],
) -> Vec<Vec<bool>> {
    let mut by_source: Vec<Vec<(usize, usize)>> = vec![Vec::new(); all.len()];
    for (i, (_, asked)) in judged.iter().enumerate() {
        for (q, &(s, _)) in asked.questions.iter().enumerate() {
            by_source[s].push((i, q));
        }
    }
    let mut answers: Vec<Vec<bool>> = judged
        .iter()
        .map(|(_, a)| vec![false; a.questions.len()])
        .collect();
    for ((source, questions), presence) in all.iter().zip(by_source).zip(presence) {
        let needle = |&(i, q): &(usize, usize)| {
            let asked: &Asked = &judged[i].1;
            &asked.needles[asked.questions[q].1]
        };
        // Those the source's presence bits cannot answer no.
        let questions: Vec<(usize, usize)> = match presence {
            Some(p) => questions
                .into_iter()
                .filter(|q| locator.may_occur(source, needle(q), p))
                .collect(),
            None => questions,
        };
        if questions.is_empty() {
            continue;
        }
        // A few are ruled out by scanning the source (a scan can only say no: it takes starts
        // the index does not); what a scan cannot rule out, and many, pay for its index again.
        let scans: usize = questions.iter().map(|q| 1 + needle(q).parts.len()).sum();
        let questions: Vec<(usize, usize)> = if scans <= SCANS_OVER_INDEX {
            let maybe: Vec<bool> = questions
                .par_iter()
                .map(|q| locator.may_occur_by_scan(source, needle(q)))
                .collect();
            questions
                .into_iter()
                .zip(maybe)
                .filter_map(|(q, m)| m.then_some(q))
                .collect()
        } else {
            questions
        };
        if questions.is_empty() {
            continue;
        }
        source.index();
        let yes: Vec<bool> = questions
            .par_iter()
            .map(|q| locator.occurs(source, needle(q)))
            .collect();
        for ((i, q), y) in questions.into_iter().zip(yes) {
            answers[i][q] = y;
        }
        source.release_index();
    }
    answers
}
