//! Locating a quote in a source: exact, normalized and approximate occurrences.
//!
//! Locating answers "where could this text be?", never "is it right?": that is `judge`'s job.
//! Everything here works on the normalized text and its word index; every span handed back is
//! mapped to the source's original bytes first, so normalized offsets never leave this module.
//! The engine sits behind [`Locator`] so a faster one can replace it without touching the rules.

pub mod align;
pub mod diff;
pub mod elided;
mod ends;
mod forward;
pub mod linear_align;

use std::ops::ControlFlow;

use crate::model::{DiffOp, DiffTag, Span};
use crate::source::Source;
use crate::text::elision::{split_elisions, strip_elision_ends, Stripped};
use crate::text::index::Presence;
use crate::text::words::{fold_case, inside_word, words, Word};
use crate::text::{normalize, strip_quotation_marks};
use align::{align, extend_ends, AWord, Alignment, Pairing};
use ends::{
    approximate_span_and_diff, break_strength, marks_at, punctuation_occurrences,
    widen_to_punctuation, with_marks,
};

/// A quote (or evidence text) prepared for locating: stripped, normalized and split into words.
#[derive(Debug, Clone)]
pub struct Needle {
    /// The text as written, without surrounding quotation marks or whitespace.
    pub raw: String,
    /// The normalized text.
    pub norm: String,
    /// Words of `norm`.
    pub words: Vec<Word>,
    /// The parts between elision marks (`…`, `[...]`) inside the text, each prepared alone;
    /// empty when the text has none. An elided quote is found part by part, in order (see
    /// [`elided`]).
    pub parts: Vec<Needle>,
    /// Whether the text as written began and ended with an elision mark (stripped from `raw`).
    marked_ends: (bool, bool),
}

impl Needle {
    /// Prepare `text` for locating. Surrounding quotation marks and elision marks at either end
    /// are not part of the quote.
    pub fn new(text: &str) -> Needle {
        let quoted = strip_quotation_marks(text);
        let mut stripped = strip_elision_ends(quoted);
        if !stripped.text.chars().any(char::is_alphanumeric) {
            // Punctuation alone ("...", "?!") is the text itself, not marks around it.
            stripped = Stripped {
                text: quoted,
                lead: false,
                trail: false,
            };
        }
        let raw = stripped.text.to_string();
        let marked_ends = (stripped.lead, stripped.trail);
        let norm = normalize(&raw).as_str().trim().to_string();
        let words = words(&norm).collect();
        let pieces = split_elisions(&raw);
        // Past `elided::MAX_PARTS` the marks are read as text (see `elided`): the quote
        // is then found only where the source has them too.
        let parts = if pieces.len() > 1 && pieces.len() <= elided::MAX_PARTS {
            pieces.into_iter().map(Needle::new).collect()
        } else {
            Vec::new()
        };
        Needle {
            raw,
            norm,
            words,
            parts,
            marked_ends,
        }
    }

    /// Prepare `text` as plain words, elision marks and all (the `elision` convention off):
    /// surrounding quotation marks stripped, nothing else.
    pub fn plain(text: &str) -> Needle {
        let raw = strip_quotation_marks(text).to_string();
        let norm = normalize(&raw).as_str().trim().to_string();
        let words = words(&norm).collect();
        Needle {
            raw,
            norm,
            words,
            parts: Vec::new(),
            marked_ends: (false, false),
        }
    }

    /// Whether the text as written began, and ended, with an elision mark.
    pub fn marked_ends(&self) -> (bool, bool) {
        self.marked_ends
    }

    fn keys(&self) -> Vec<u32> {
        self.words.iter().map(|w| w.key).collect()
    }
}

/// How an occurrence matched.
#[derive(Debug, Clone, PartialEq)]
pub enum How {
    /// The source bytes equal the quote's bytes.
    Exact,
    /// Equal after typographic normalization.
    Normalized,
    /// A close approximate match (boxed: a source repeating a quote ten million times holds as
    /// many exact occurrences, and each would otherwise carry an approximate match's room).
    Approx(Box<Approx>),
}

/// Details of an approximate match.
#[derive(Debug, Clone, PartialEq)]
pub struct Approx {
    /// Word-level similarity in [0, 1].
    pub similarity: f64,
    /// Word edits (case changes aside).
    pub edits: usize,
    /// True when the only differences are letter case.
    pub case_only: bool,
    /// Number of words in the quote.
    pub quote_words: usize,
    /// Word diff, quote (deleted) versus source (inserted).
    pub diff: Vec<DiffOp>,
}

/// One occurrence in a source, in source bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    /// Byte span `[start, end)` in the source's original bytes.
    pub span: Span,
    /// How it matched.
    pub how: How,
}

/// A locating engine.
pub trait Locator: Sync {
    /// Hand every exact or normalized occurrence of `needle` in `source` to `visit`, in
    /// position order, until `visit` breaks; for a needle with elision marks inside that does
    /// not occur whole, every placement of its parts in order (see [`elided`]). Streaming, so
    /// a source repeating a quote ten million times costs its caller only what it keeps.
    fn each_occurrence(
        &self,
        source: &Source,
        needle: &Needle,
        visit: &mut dyn FnMut(Match) -> ControlFlow<()>,
    );
    /// Every occurrence (see [`Locator::each_occurrence`]), sorted by position.
    fn occurrences(&self, source: &Source, needle: &Needle) -> Vec<Match> {
        let mut out = Vec::new();
        self.each_occurrence(source, needle, &mut |m| {
            out.push(m);
            ControlFlow::Continue(())
        });
        out
    }
    /// Whether `needle` occurs at all (stops at the first occurrence).
    fn occurs(&self, source: &Source, needle: &Needle) -> bool {
        let mut any = false;
        self.each_occurrence(source, needle, &mut |_| {
            any = true;
            ControlFlow::Break(())
        });
        any
    }
    /// Whether `needle` may occur in `source`, found without the source's word index (a
    /// substring scan of its text per part of the needle): false only when
    /// [`Locator::occurs`] is false. It may be true where `occurs` is not: the scan takes a
    /// start the index does not (a needle beginning with a combining mark, inside a source
    /// word), so it can only rule out. (A locator without an index just answers.)
    fn may_occur_by_scan(&self, source: &Source, needle: &Needle) -> bool {
        self.occurs(source, needle)
    }
    /// Whether `needle` may occur in `source` as far as `presence`, what is left of the
    /// source's released word index, tells: false only when [`Locator::occurs`] certainly
    /// finds nothing. (A locator that does not search the index cannot tell: true.)
    fn may_occur(&self, source: &Source, needle: &Needle, presence: &Presence) -> bool {
        let _ = (source, needle, presence);
        true
    }
    /// The best approximate candidate, preferring, among equals, the one nearest the source
    /// byte `near`. Candidates whose similarity is below `floor` are not returned (0 returns
    /// the best whatever its similarity), except a match differing only in letter case; a
    /// locator may skip aligning a candidate that provably cannot reach `floor`. Whether the
    /// match is close enough is still `judge`'s decision.
    fn approximate(
        &self,
        source: &Source,
        needle: &Needle,
        near: Option<usize>,
        floor: f64,
    ) -> Option<Match>;
}

/// The default engine: word-trigram index plus word alignment (see [`crate::text::index`]).
#[derive(Debug, Default, Clone, Copy)]
pub struct IndexLocator;

/// Trigrams with more hits than this are too common to vote (unless nothing rarer exists).
const MAX_POSTINGS: usize = 4096;
/// Candidate regions aligned per quote.
const MAX_CANDIDATES: usize = 4;
/// Trigrams of a quote looked up to anchor its exact search.
const ANCHORS: usize = 8;
/// Index hits checked together (their words fetched from memory at once).
const HIT_BATCH: usize = 1024;
/// Below this many bytes a plain substring scan is as fast as the index.
const SCAN_BELOW: usize = 64 * 1024;

/// Every start of `pat` in `hay`, overlapping ones included: "ha ha" occurs twice in "ha ha ha",
/// and a quote that occurs twice is ambiguous however the copies overlap (the index path finds
/// every position anyway). A match starts on a character boundary: a pattern's first byte is
/// never a UTF-8 continuation byte.
fn overlapping_matches(hay: &[u8], pat: &[u8]) -> Vec<usize> {
    let finder = memchr::memmem::Finder::new(pat);
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = finder.find(&hay[at..]) {
        out.push(at + i);
        at += i + 1;
    }
    out
}

/// The trigrams (by first word) a needle of `n` words may be anchored at in the index (see
/// [`IndexLocator::each_normalized_start`]): inner ones, as the first and last words may be
/// partial words of the source (they anchor only quotes too short to have an inner one, and a
/// partial first or last word fails the whole-word test either way). Every occurrence holds
/// all of them.
fn anchors(n: usize) -> std::ops::Range<usize> {
    if n >= 5 {
        1..n - 3
    } else {
        0..n - 2
    }
}

/// The anchors (see [`anchors`]) a needle of `n` words is looked up at. A few spread over the
/// quote are enough to find a rare one, and every lookup is a cache miss in a large text: a
/// long quote looks up at most `ANCHORS` of its trigrams, not all of them. (Which anchor is
/// used never changes what is found: every occurrence holds all of them.)
fn anchor_picks(n: usize) -> Vec<usize> {
    let anchors = anchors(n);
    if anchors.len() <= ANCHORS {
        anchors.collect()
    } else {
        let span = anchors.len() - 1;
        (0..ANCHORS)
            .map(|k| anchors.start + k * span / (ANCHORS - 1))
            .collect()
    }
}

impl IndexLocator {
    /// [`Locator::each_occurrence`], through the word index or (`scan`) by substring scans.
    fn each_occurrence_by(
        &self,
        source: &Source,
        needle: &Needle,
        scan: bool,
        visit: &mut dyn FnMut(Match) -> ControlFlow<()>,
    ) {
        let found = self.each_whole_occurrence(source, needle, scan, visit);
        if found || needle.parts.is_empty() {
            return;
        }
        // Streaming: the first part's occurrences one at a time, each later part found forward
        // from the end of the one before (see `forward`), placements handed on as they become
        // final; nothing is held per occurrence.
        let Some((first, later)) = needle.parts.split_first() else {
            return;
        };
        let mut later: Vec<forward::Forward<'_>> = later
            .iter()
            .map(|p| forward::Forward::new(source, p))
            .collect();
        let mut merge = elided::Merge::default();
        let mut stopped = false;
        self.each_whole_occurrence(source, first, scan, &mut |m| {
            let placed = elided::follow(&m, later.len(), |k, end| later[k].first_from(end));
            let Some(done) = placed.and_then(|p| merge.push(p)) else {
                return ControlFlow::Continue(());
            };
            let span = with_marks(source, needle, done.span);
            let flow = visit(Match {
                span,
                how: done.how,
            });
            stopped = flow.is_break();
            flow
        });
        if let Some(done) = merge.finish().filter(|_| !stopped) {
            let span = with_marks(source, needle, done.span);
            let _ = visit(Match {
                span,
                how: done.how,
            });
        }
    }

    /// Hand `visit` each normalized-text start offset where `needle.norm` occurs on word
    /// boundaries, in ascending order, until it breaks.
    ///
    /// `scan`: find them by a substring scan of the whole text instead of the word index
    /// (what texts below `SCAN_BELOW` always get): the same starts, found without the index.
    fn each_normalized_start(
        &self,
        source: &Source,
        needle: &Needle,
        scan: bool,
        visit: &mut dyn FnMut(usize) -> ControlFlow<()>,
    ) {
        let hay = source.norm.as_str();
        let pat = needle.norm.as_str();
        if pat.is_empty() {
            return;
        }
        // Whole words only: "Iran" is not found inside "Iranians" (in a script written without
        // spaces any character may start a word).
        let first = pat.chars().next();
        let last = pat.chars().next_back();
        let cuts =
            |a: Option<char>, b: Option<char>| a.zip(b).is_some_and(|(a, b)| inside_word(a, b));
        let mut whole = |s: usize| -> ControlFlow<()> {
            let before = hay[..s].chars().next_back();
            let after = hay[s + pat.len()..].chars().next();
            if cuts(before, first) || cuts(last, after) {
                ControlFlow::Continue(())
            } else {
                visit(s)
            }
        };
        let n = needle.words.len();
        if scan || hay.len() < SCAN_BELOW || n < 3 {
            for s in overlapping_matches(hay.as_bytes(), pat.as_bytes()) {
                if whole(s).is_break() {
                    return;
                }
            }
            return;
        }
        // The anchor (see `anchor_picks`) with the fewest hits.
        let idx = source.index();
        let keys = needle.keys();
        let picks = anchor_picks(n);
        let runs = idx.runs_of(&keys, &picks);
        let Some((t, run)) = picks.iter().copied().zip(runs).min_by_key(|(_, r)| r.len()) else {
            return;
        };
        let offset = needle.words[t].start;
        // One trigram's postings are in ascending position order (see `text::index`), so the
        // starts come out sorted and distinct. They are checked a batch at a time, the batch's
        // words fetched together, so memory stays flat however many there are.
        let mut batch: Vec<usize> = Vec::with_capacity(HIT_BATCH);
        let mut hits = idx.positions(run).peekable();
        while hits.peek().is_some() {
            batch.clear();
            batch.extend(hits.by_ref().take(HIT_BATCH));
            idx.prefetch_words(hay, &batch, 3);
            for &p in &batch {
                let Some(s) = idx
                    .trigram_start(hay, p, &keys[t..t + 3])
                    .and_then(|start| start.checked_sub(offset))
                else {
                    continue;
                };
                if hay.as_bytes().get(s..s + pat.len()) == Some(pat.as_bytes())
                    && whole(s).is_break()
                {
                    return;
                }
            }
        }
    }

    /// Hand `visit` the exact and normalized occurrences of the needle's whole text, in
    /// position order, until it breaks; whether any was found.
    fn each_whole_occurrence(
        &self,
        source: &Source,
        needle: &Needle,
        scan: bool,
        visit: &mut dyn FnMut(Match) -> ControlFlow<()>,
    ) -> bool {
        let mut any = false;
        if needle.words.is_empty() {
            for m in punctuation_occurrences(source, needle) {
                any = true;
                if visit(m).is_break() {
                    break;
                }
            }
            return any;
        }
        let len = needle.norm.len();
        self.each_normalized_start(source, needle, scan, &mut |s| {
            any = true;
            let (a, b) = source.norm.to_source(s, s + len);
            let how = if source.bytes(a..b).as_deref() == Some(needle.raw.as_bytes()) {
                How::Exact
            } else {
                How::Normalized
            };
            visit(Match {
                span: with_marks(source, needle, Span::new(a, b)),
                how,
            })
        });
        any
    }

    /// The best approximate match of the needle's whole text (see [`Locator::approximate`]).
    fn whole_approximate(
        &self,
        source: &Source,
        needle: &Needle,
        near: Option<usize>,
        floor: f64,
    ) -> Option<Match> {
        let n = needle.words.len();
        if n == 0 {
            return None;
        }
        let idx = source.index();
        let keys = needle.keys();
        let hay = source.norm.as_str();
        let diags = vote(&idx, hay, &keys);
        let near_norm = near.map(|b| source.norm.from_source(b));
        let qwords: Vec<AWord<'_>> = needle
            .words
            .iter()
            .map(|w| AWord {
                key: w.key,
                text: &needle.norm[w.start..w.end],
            })
            .collect();
        let slack = 2 + n * 2 / 5;
        let mut sorted_keys = keys.clone();
        sorted_keys.sort_unstable();
        let mut window_keys: Vec<u32> = Vec::new();
        // (sim, distance, alignment, first and one-past-last byte of the match)
        let mut best: Option<(f64, usize, Alignment, (usize, usize))> = None;
        let window_from = |lo: i64| (lo - slack as i64).max(0) as usize;
        let starts: Vec<usize> = diags.iter().map(|d| window_from(d.0)).collect();
        idx.prefetch_words(hay, &starts, n + 2 * slack);
        for (lo, hi) in diags {
            let from = window_from(lo);
            let to = ((hi + (n + slack) as i64).max(0) as usize).min(idx.len());
            if from >= to {
                continue;
            }
            let window_words: Vec<Word> = idx.words_from(hay, from).take(to - from).collect();
            // A window sharing only `shared` words with the quote scores at most
            // `2 shared / (n + shared)`: when that cannot reach the floor or beat the best so
            // far, skip the alignment (the costly part; most candidates in a large text are
            // chance hits, and their number grows with the text).
            let need = best.as_ref().map_or(floor, |b| b.0.max(floor));
            if need > 0.0 {
                window_keys.clear();
                window_keys.extend(window_words.iter().map(|w| w.key));
                window_keys.sort_unstable();
                let shared = shared_count(&sorted_keys, &window_keys);
                if 2.0 * shared as f64 / (n + shared) as f64 + 1e-9 < need {
                    continue;
                }
            }
            let window: Vec<AWord<'_>> = window_words
                .iter()
                .map(|w| AWord {
                    key: w.key,
                    text: &hay[w.start..w.end],
                })
                .collect();
            let Some(a) = align(&qwords, &window) else {
                continue;
            };
            let a = extend_ends(a, window.len(), |k, pairing| {
                let wgap = &hay[window_words[k].end..window_words[k + 1].start];
                let q = match pairing {
                    Pairing::Head(q) => q,
                    Pairing::Tail(t) => n - 2 - t,
                };
                let qgap = &needle.norm[needle.words[q].end..needle.words[q + 1].start];
                break_strength(wgap) <= break_strength(qgap)
            });
            if a.end == a.start {
                continue;
            }
            let sim = a.similarity(n);
            // Below the floor only a case-only match is worth returning (it is judged by its
            // case, not its similarity: see `judge::Thresholds::accepts`).
            if sim + 1e-9 < floor && !(a.edits == 0 && a.case_only > 0) {
                continue;
            }
            let at = window_words[a.start].start;
            let dist = near_norm.map_or(0, |p| p.abs_diff(at));
            let better = match &best {
                None => true,
                Some((bs, bd, _, _)) => {
                    sim > *bs + 1e-12 || ((sim - bs).abs() <= 1e-12 && dist < *bd)
                }
            };
            if better {
                best = Some((sim, dist, a, (at, window_words[a.end - 1].end)));
            }
        }
        let (sim, _, a, (s, e)) = best?;
        let (s, e) = widen_to_punctuation(needle, hay, s, e);
        let (span, diff) = approximate_span_and_diff(source, needle, s, e);
        Some(Match {
            span,
            how: How::Approx(Box::new(Approx {
                similarity: sim,
                edits: a.edits,
                case_only: a.edits == 0
                    && a.case_only > 0
                    && (e - s) >= needle.norm.len().saturating_sub(2)
                    && diff_is_case_only(&diff),
                quote_words: n,
                diff,
            })),
        })
    }
}

impl Locator for IndexLocator {
    /// False only when the search would look the needle up in the
    /// index and one of the anchors it looks up is certainly not there (the search takes the
    /// anchor with the fewest hits, then none), so that no occurrence can be found; for an
    /// elided needle, when neither the whole text nor every part can be found. Only the
    /// anchors looked up: that every occurrence holds all of a needle's inner trigrams is
    /// true where words split the same in the needle and the source, which a script written
    /// without spaces need not do.
    fn may_occur(&self, source: &Source, needle: &Needle, presence: &Presence) -> bool {
        let whole = |n: &Needle| {
            let words = n.words.len();
            // Texts without words, short texts and small sources are not looked up in the
            // index (see `each_whole_occurrence` and `each_normalized_start`).
            if n.norm.is_empty() || words < 3 || source.norm.as_str().len() < SCAN_BELOW {
                return true;
            }
            let keys = n.keys();
            anchor_picks(words)
                .into_iter()
                .all(|i| presence.may_hold(&keys[i..i + 3]))
        };
        whole(needle) || (!needle.parts.is_empty() && needle.parts.iter().all(whole))
    }

    fn each_occurrence(
        &self,
        source: &Source,
        needle: &Needle,
        visit: &mut dyn FnMut(Match) -> ControlFlow<()>,
    ) {
        self.each_occurrence_by(source, needle, false, visit);
    }

    fn may_occur_by_scan(&self, source: &Source, needle: &Needle) -> bool {
        // The index path keeps a subset of the starts a scan keeps (both test the bytes and
        // the word edges; the index also needs the anchor's words where the needle has them).
        let mut any = false;
        self.each_occurrence_by(source, needle, true, &mut |_| {
            any = true;
            ControlFlow::Break(())
        });
        any
    }

    fn approximate(
        &self,
        source: &Source,
        needle: &Needle,
        near: Option<usize>,
        floor: f64,
    ) -> Option<Match> {
        let whole = self.whole_approximate(source, needle, near, floor);
        if needle.parts.is_empty() {
            return whole;
        }
        // The marks may be the source's own (an ellipsis in the passage quoted): the whole
        // text's match competes with the part-by-part one.
        let parts = elided::approximate(self, source, needle, near, floor).map(|mut m| {
            let (before, after) = marks_at(source, needle, m.span);
            if let How::Approx(a) = &mut m.how {
                let mut diff = Vec::with_capacity(a.diff.len() + 2);
                diff::push(
                    &mut diff,
                    DiffTag::Equal,
                    &source.slice(m.span.start - before..m.span.start),
                );
                for op in a.diff.drain(..) {
                    diff::push(&mut diff, op.op, &op.text);
                }
                diff::push(
                    &mut diff,
                    DiffTag::Equal,
                    &source.slice(m.span.end..m.span.end + after),
                );
                a.diff = diff;
            }
            m.span = Span::new(m.span.start - before, m.span.end + after);
            m
        });
        let sim = |m: &Option<Match>| match m {
            Some(Match {
                how: How::Approx(a),
                ..
            }) => a.similarity,
            _ => -1.0,
        };
        if sim(&parts) > sim(&whole) + 1e-12 {
            parts
        } else {
            whole
        }
    }
}

/// Most words of a text given a [`closest`] hint when missing: a long text that is missing has
/// no single near passage worth naming, and a short one is where a reader most needs to see
/// what the source says instead.
pub const CLOSEST_WORDS: usize = 12;

/// The nearest text to a short `needle` in `source`, whatever its similarity, and that
/// similarity: a hint for a text judged missing (see `model::Closest`). `None` for a text of
/// more than [`CLOSEST_WORDS`] words or fewer than three (one or two words match only whole,
/// ignoring case, and such a match is never missing), or when no candidate shares a word
/// trigram with it.
pub fn closest(
    locator: &dyn Locator,
    source: &Source,
    needle: &Needle,
    near: Option<usize>,
) -> Option<(Span, f64)> {
    if !(3..=CLOSEST_WORDS).contains(&needle.words.len()) {
        return None;
    }
    match locator.approximate(source, needle, near, 0.0)? {
        Match {
            span,
            how: How::Approx(a),
        } if a.similarity > 0.0 => Some((span, a.similarity)),
        _ => None,
    }
}

/// Size of the multiset intersection of two sorted key lists: an upper bound on the words an
/// alignment of one against the other can match.
fn shared_count(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    shared
}

/// True when every change in `diff` only changes letter case (deleted and inserted pieces pair
/// up and are equal ignoring case).
fn diff_is_case_only(diff: &[DiffOp]) -> bool {
    let del: String = diff
        .iter()
        .filter(|d| d.op != DiffTag::Insert)
        .map(|d| d.text.as_str())
        .collect();
    let ins: String = diff
        .iter()
        .filter(|d| d.op != DiffTag::Delete)
        .map(|d| d.text.as_str())
        .collect();
    del != ins && fold_case(&del) == fold_case(&ins)
}

/// A trigram with at most this many hits always votes.
const CHEAP_POSTINGS: usize = 8;
/// ... as does one with at most this many times the hits of the quote's rarest trigram found.
const RELATIVE_POSTINGS: usize = 4;
/// The rarest trigrams vote, however common, until this many of them are disjoint.
const MIN_PIECES: usize = 3;

/// Fewest word places that hit every trigram starting at the quote words `starts` (sorted):
/// the fewest word edits that destroy them all. Greedy stabbing by right end is optimal.
fn stab_count(starts: &[usize]) -> usize {
    let mut count = 0;
    let mut last: Option<usize> = None;
    for &s in starts {
        if last.is_none_or(|p| p < s) {
            count += 1;
            last = Some(s + 2);
        }
    }
    count
}

/// Candidate diagonal ranges `(lowest, highest)` of `source word - quote word`, most voted first.
///
/// Trigrams vote rarest first. A common trigram's hits are nearly all noise, and a quote's
/// cost would grow with the text if they all voted: once [`MIN_PIECES`] disjoint trigrams have
/// been taken (trigrams with no hit count: a match with fewer word edits keeps one of them
/// intact, and that one has hits and voted), a trigram votes only when its hits are few
/// ([`CHEAP_POSTINGS`]) or few next to the rarest one's ([`RELATIVE_POSTINGS`]). The place a
/// quote was taken from has its rare trigrams, and those are the ones that vote.
///
/// A vote is a posting whose bucket and fingerprint match (28 bits of the trigram's hash at
/// 100 MB, more in smaller texts), not re-read from the text: a rare false vote only adds a
/// candidate window, which the alignment reads anyway, while checking every vote against the
/// text was a random read per hit (measured at 100 MB: 30 checks per searched quote, 96 % of
/// them confirmed; reports unchanged on 30,000 quotes without them).
fn vote(idx: &crate::text::index::WordIndex, hay: &str, keys: &[u32]) -> Vec<(i64, i64)> {
    let n = keys.len();
    let mut diags: Vec<i64> = Vec::new();
    if n >= 3 {
        let runs = idx.runs(keys);
        let mut grams: Vec<(usize, usize)> =
            runs.iter().enumerate().map(|(i, r)| (r.len(), i)).collect();
        grams.sort_unstable();
        let rarest = grams.iter().map(|g| g.0).find(|&c| c > 0).unwrap_or(0);
        let bound = CHEAP_POSTINGS.max(RELATIVE_POSTINGS.saturating_mul(rarest));
        let mut voted: Vec<usize> = Vec::new();
        for (k, &(count, i)) in grams.iter().enumerate() {
            // Common trigrams vote only when nothing rarer did.
            if count > MAX_POSTINGS && (k >= 3 || !diags.is_empty()) {
                break;
            }
            if count > bound && stab_count(&voted) >= MIN_PIECES {
                break;
            }
            // A trigram with no hits counts as a piece too: no match keeps it intact, so
            // the edits of any match already spend one place on it.
            let at = voted.partition_point(|&v| v < i);
            voted.insert(at, i);
            diags.extend(idx.positions(runs[i]).map(|p| p as i64 - i as i64));
        }
    } else {
        // One or two words: only a case-insensitive exact run can match; scan the words (the
        // one search whose cost grows with the source: trigrams cannot anchor it).
        let mut prev = 0u32;
        for (p, w) in idx.words_from(hay, 0).enumerate() {
            if (n == 1 && w.key == keys[0]) || (n == 2 && p > 0 && [prev, w.key] == keys[..2]) {
                diags.push((p + 1 - n) as i64);
            }
            prev = w.key;
        }
    }
    if diags.is_empty() {
        return Vec::new();
    }
    diags.sort_unstable();
    let band = (2 + n / 4) as i64;
    let mut clusters: Vec<(usize, i64, i64)> = Vec::new(); // (votes, lo, hi)
    for d in diags {
        match clusters.last_mut() {
            Some((votes, lo, hi)) if d - *lo <= band => {
                *votes += 1;
                *hi = d;
            }
            _ => clusters.push((1, d, d)),
        }
    }
    clusters.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    clusters.truncate(MAX_CANDIDATES);
    // A lone vote is noise when some place got several: the place a lightly edited quote came
    // from keeps several of its rare trigrams, while lone hits of them elsewhere multiply with
    // the text (dropping them read 41 % fewer windows at 100 MB; reports unchanged).
    if clusters[0].0 > 1 {
        clusters.retain(|c| c.0 > 1);
    }
    clusters.into_iter().map(|(_, lo, hi)| (lo, hi)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(t: &str) -> Source {
        Source::from_text("t.txt", t.to_string())
    }

    #[test]
    fn overlapping_copies_are_each_an_occurrence() {
        let s = src("He laughed: ha ha ha. Then silence.");
        let occ = IndexLocator.occurrences(&s, &Needle::new("ha ha"));
        let spans: Vec<&str> = occ
            .iter()
            .map(|m| &s.text()[m.span.start..m.span.end])
            .collect();
        assert_eq!(spans, ["ha ha", "ha ha"]);
        assert_ne!(occ[0].span, occ[1].span);
        assert_eq!(overlapping_matches(b"aaaa", b"aa"), [0, 1, 2]);
        assert_eq!(
            overlapping_matches("é é é".as_bytes(), "é é".as_bytes()),
            [0, 3]
        );
    }

    #[test]
    fn exact_and_normalized_occurrences_in_source_bytes() {
        let s = src("He said “they have no support” here. They have no support anywhere.");
        let occ = IndexLocator.occurrences(&s, &Needle::new("They have no support"));
        assert_eq!(occ.len(), 1);
        assert_eq!(
            &s.text()[occ[0].span.start..occ[0].span.end],
            "They have no support"
        );
        assert_eq!(occ[0].how, How::Exact);
        let occ = IndexLocator.occurrences(&s, &Needle::new("\"they have no support\" here"));
        assert_eq!(occ.len(), 1);
        assert_eq!(occ[0].how, How::Normalized);
        assert_eq!(
            &s.text()[occ[0].span.start..occ[0].span.end],
            "“they have no support” here"
        );
    }

    #[test]
    fn whole_words_only() {
        let s = src("Iranians in Iran");
        assert_eq!(IndexLocator.occurrences(&s, &Needle::new("Iran")).len(), 1);
    }

    #[test]
    fn stabbing_counts_disjoint_trigrams() {
        assert_eq!(stab_count(&[]), 0);
        assert_eq!(stab_count(&[0, 1, 2, 3]), 2);
        assert_eq!(stab_count(&[0, 3, 6]), 3);
        assert_eq!(stab_count(&[0, 2, 4]), 2);
    }

    #[test]
    fn shared_words_bound_counts_repeats_once_each() {
        assert_eq!(shared_count(&[1, 1, 2, 5], &[1, 2, 2, 5, 7]), 3);
        assert_eq!(shared_count(&[1, 1], &[1, 1, 1]), 2);
        assert_eq!(shared_count(&[3], &[]), 0);
    }

    #[test]
    fn edited_quote_found_among_common_trigrams() {
        // The quote's trigrams also occur hundreds of times elsewhere; only its rare ones vote,
        // and they must still lead to the one edited copy.
        let common = "we said that the plan would work and the plan would fail. ".repeat(300);
        let text = format!(
            "{common}Then at noon we said that the plan would work for the old harbour town. {common}"
        );
        let s = src(&text);
        let quote = "we said that the plan would work for the new harbour town";
        let m = IndexLocator
            .approximate(&s, &Needle::new(quote), None, 0.0)
            .unwrap();
        let How::Approx(a) = m.how else {
            panic!("not approximate")
        };
        assert_eq!(a.edits, 1);
        assert_eq!(
            &s.text()[m.span.start..m.span.end],
            "we said that the plan would work for the old harbour town"
        );
    }

    #[test]
    fn approximate_reports_diff() {
        let s = src("the opposition group has not significant popular support inside Iran today.");
        let m = IndexLocator
            .approximate(
                &s,
                &Needle::new("the opposition group has no significant popular support inside Iran"),
                None,
                0.0,
            )
            .unwrap();
        let How::Approx(a) = m.how else {
            panic!("not approximate")
        };
        assert_eq!(a.edits, 1);
        let changed: Vec<_> = a
            .diff
            .iter()
            .filter(|d| d.op != DiffTag::Equal)
            .map(|d| d.text.as_str())
            .collect();
        assert_eq!(changed, ["no", "not"]);
        assert_eq!(
            &s.text()[m.span.start..m.span.end],
            "the opposition group has not significant popular support inside Iran"
        );
    }
}
