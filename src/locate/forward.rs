//! A part of an elided quote found forward from a point on demand (see [`Forward`]), so a
//! quote's later parts are never gathered whole (a part of punctuation alone excepted: its
//! occurrences are listed once): `a … b … c` against a text of the words a, b and c would
//! otherwise hold every occurrence of every part at once.

use super::ends::{punctuation_occurrences, with_marks};
use super::{How, Match, Needle};
use crate::model::Span;
use crate::source::Source;
use crate::text::words::inside_word;

/// The occurrences of one needle (without elisions) in a source, asked for forward: the
/// first starting at or after a source byte. Found by a scan of the normalized text from
/// there to the next occurrence, and remembered: placements ask in ascending order, so each
/// stretch of the text is scanned about once per part, whatever the number of placements.
/// The occurrences are those a substring scan finds (what short parts and small texts always
/// use), exact or normalized, on word boundaries, each spanning its marks.
pub(super) struct Forward<'a> {
    source: &'a Source,
    needle: &'a Needle,
    finder: memchr::memmem::Finder<'a>,
    /// A needle of punctuation alone: its occurrences, matched on the text's own bytes.
    listed: Option<Vec<Match>>,
    /// The last question and its answer: the first occurrence starting at or after it.
    last: Option<(usize, Option<Match>)>,
}

impl<'a> Forward<'a> {
    /// The occurrences of `needle` in `source`, asked for forward.
    pub(super) fn new(source: &'a Source, needle: &'a Needle) -> Forward<'a> {
        let listed = needle
            .words
            .is_empty()
            .then(|| punctuation_occurrences(source, needle));
        Forward {
            source,
            needle,
            finder: memchr::memmem::Finder::new(needle.norm.as_bytes()),
            listed,
            last: None,
        }
    }

    /// The first occurrence whose span starts at or after source byte `end`.
    pub(super) fn first_from(&mut self, end: usize) -> Option<Match> {
        if let Some((from, found)) = &self.last {
            // Asked further on, but not past what was found: the same answer.
            if *from <= end && found.as_ref().is_none_or(|m| m.span.start >= end) {
                return found.clone();
            }
        }
        let found = match &self.listed {
            Some(list) => list
                .get(list.partition_point(|o| o.span.start < end))
                .cloned(),
            None => self.scan(end),
        };
        self.last = Some((end, found.clone()));
        found
    }

    /// The first occurrence starting at or after `end`, by a scan of the normalized text.
    fn scan(&self, end: usize) -> Option<Match> {
        let norm = &self.source.norm;
        let hay = norm.as_str();
        let pat = self.needle.norm.as_str();
        if pat.is_empty() {
            return None;
        }
        // Whole words only, as `each_normalized_start` finds them.
        let first = pat.chars().next();
        let last = pat.chars().next_back();
        let cuts =
            |a: Option<char>, b: Option<char>| a.zip(b).is_some_and(|(a, b)| inside_word(a, b));
        let mut at = norm.from_source(end).min(hay.len());
        while let Some(i) = self.finder.find(&hay.as_bytes()[at..]) {
            // A match starts on a character boundary (UTF-8 synchronizes on lead bytes).
            let s = at + i;
            at = s + 1;
            let before = hay[..s].chars().next_back();
            let after = hay[s + pat.len()..].chars().next();
            if cuts(before, first) || cuts(last, after) {
                continue;
            }
            let (a, b) = norm.to_source(s, s + pat.len());
            let how = if self.source.bytes(a..b).as_deref() == Some(self.needle.raw.as_bytes()) {
                How::Exact
            } else {
                How::Normalized
            };
            let span = with_marks(self.source, self.needle, Span::new(a, b));
            if span.start >= end {
                return Some(Match { span, how });
            }
        }
        None
    }
}
