//! What `scan` and `add` share: locating a text as `check` will, a new entry's id and its
//! `prefix`/`suffix` anchors, and the claims file an entry is written to.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::check::{ContextWindow, Loaded};
use crate::config::Project;
use crate::error::Result;
use crate::judge::{self, Query, Thresholds, Verdict};
use crate::locate::{IndexLocator, Needle};
use crate::model::{Span, Status};
use crate::source::Source;
use crate::text::terms;

/// Where a text stands in one source: the verdict and the exact words that were located (the
/// text itself, or without trailing punctuation a manuscript added inside its quotation marks).
#[derive(Debug, Clone)]
pub struct Located {
    /// The verdict of the pipeline.
    pub verdict: Verdict,
    /// The text that was located.
    pub text: String,
}

/// Locate `text` in `source` with the check pipeline. When it is not found as written, the same
/// words without trailing punctuation or ellipses are tried: manuscripts put a sentence's full
/// stop inside the closing quotation mark whether or not the source has one there.
pub fn locate(
    source: &Source,
    others: &[&Source],
    text: &str,
    region: Option<Span>,
    thresholds: &Thresholds,
) -> Located {
    let run = |t: &str| {
        let needle = Needle::new(t);
        let q = Query {
            needle: &needle,
            region,
            prefix: None,
            suffix: None,
        };
        judge::locate_text(&IndexLocator, source, others, q, thresholds)
    };
    let verdict = run(text);
    if matches!(verdict.status, Status::Missing | Status::Drifted) {
        let trimmed = text
            .trim()
            .trim_start_matches(['.', '…', ' '])
            .trim_end_matches(['.', ',', ';', ':', '!', '?', '…', ' ']);
        if !trimmed.is_empty() && trimmed != text.trim() {
            let v = run(trimmed);
            if !matches!(v.status, Status::Missing | Status::Drifted) {
                return Located {
                    verdict: v,
                    text: trimmed.to_string(),
                };
            }
        }
    }
    Located {
        verdict,
        text: text.to_string(),
    }
}

/// An id from the first content words of `text` (`extent-iranians-know-group`), made unique
/// against `taken` with a numeric suffix.
pub fn derive_id(text: &str, taken: &BTreeSet<String>) -> String {
    let folded = crate::text::normalize(text).as_str().to_lowercase();
    let words: Vec<String> = folded
        .split(|c: char| !c.is_alphanumeric())
        .map(|w| {
            w.chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
        })
        .filter(|w| w.len() > 1)
        .collect();
    let content: Vec<&String> = words.iter().filter(|w| !terms::is_stop_word(w)).collect();
    let chosen: Vec<&String> = if content.len() >= 2 {
        content.into_iter().take(4).collect()
    } else {
        words.iter().take(4).collect()
    };
    let base = if chosen.is_empty() {
        "quote".to_string()
    } else {
        chosen
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("-")
    };
    if !taken.contains(&base) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken.contains(id))
        .unwrap_or(base)
}

/// The ids already declared in the project (a new entry's id must be none of them).
pub(crate) fn taken_ids(loaded: &Loaded) -> BTreeSet<String> {
    loaded.entries.iter().map(|e| e.id.clone()).collect()
}

/// The window an entry's `prefix` and `suffix` are cut from: a few words of the same line, cut
/// only at a space, and empty rather than part of a word: `judge` never matches an anchor that
/// starts or ends inside a word (`splits_word`), so a partial word would anchor nothing.
const ANCHOR: ContextWindow = ContextWindow {
    max_bytes: 40,
    word_break: is_space,
    keep_partial_word: false,
};

fn is_space(c: char) -> bool {
    c == ' '
}

/// A few words of the same line before and after `span`: the `prefix` and `suffix` that let
/// `check` and `fix` tell copies of a passage apart.
pub fn context(source: &Source, span: Span) -> (Option<String>, Option<String>) {
    let keep = |s: &str| {
        let s = s.trim();
        (!s.is_empty()).then(|| s.to_string())
    };
    (
        keep(&ANCHOR.before_in(source, span.start)),
        keep(&ANCHOR.after_in(source, span.end)),
    )
}

/// Resolve a claims file argument (see [`crate::claims::target::resolve`]).
pub(crate) fn claims_target(project: &Project, file: &Path) -> Result<(PathBuf, String)> {
    crate::claims::target::resolve(&project.root, file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_come_from_content_words_and_stay_unique() {
        let mut taken = BTreeSet::new();
        let a = derive_id("They have no support in Iran.", &taken);
        assert_eq!(a, "no-support-iran");
        taken.insert(a);
        assert_eq!(
            derive_id("They have NO support in Iran!", &taken),
            "no-support-iran-2"
        );
        assert_eq!(derive_id("“…”", &taken), "quote");
    }

    #[test]
    fn context_stays_on_the_line_and_on_word_boundaries() {
        let src = Source::from_text(
            "s.txt",
            "first line\nsome long words before the quoted words and some long words after it\n"
                .into(),
        );
        let at = src.text().find("quoted words").unwrap_or(0);
        let (p, s) = context(&src, Span::new(at, at + "quoted words".len()));
        assert_eq!(p.as_deref(), Some("some long words before the"));
        assert_eq!(s.as_deref(), Some("and some long words after it"));
    }
}
