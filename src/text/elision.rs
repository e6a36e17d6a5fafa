//! Elision marks in quotations: `…`, `...`, `. . .`, `[…]`, `[...]`, `(…)`, `(...)`.
//!
//! Writers mark omitted words with an ellipsis. At either end of a quote the mark only says the
//! quote starts or stops mid-sentence and is not part of the quoted text; inside a quote it
//! stands for words left out, so the parts around it are quoted separately (see
//! `locate::Needle::parts`).

/// Byte length of the elision mark starting at `text[at..]`, if one starts there.
fn mark_at(text: &str, at: usize) -> Option<usize> {
    let rest = &text[at..];
    if let Some(m) = BRACKETED.iter().find(|m| rest.starts_with(**m)) {
        return Some(m.len());
    }
    for m in [". . .", "…"] {
        if rest.starts_with(m) {
            return Some(m.len());
        }
    }
    let dots = rest.bytes().take_while(|&b| b == b'.').count();
    (dots >= 3).then_some(dots)
}

/// Marks that only an editor writes.
const BRACKETED: [&str; 5] = ["[. . .]", "[...]", "[…]", "(...)", "(…)"];

/// Whether the mark at `text[at..at + len]` splits the text: a bracketed mark always does; a
/// bare ellipsis only with a space on both sides (`word … word`), as editors set an elision.
/// One attached to a word (`word... Word`) is more likely the source's own punctuation: taking
/// it for an elision would let a quote drop the word after it unnoticed.
fn splits(text: &str, at: usize, len: usize) -> bool {
    BRACKETED.iter().any(|m| text[at..].starts_with(m))
        || (text[..at].ends_with(char::is_whitespace)
            && text[at + len..].starts_with(char::is_whitespace))
}

/// Where the mark that ends `t` starts, if one does: the earliest such start, so a run of four
/// dots is one mark.
fn mark_ending(t: &str) -> Option<usize> {
    t.char_indices()
        .rev()
        .take(16)
        .map(|(i, _)| i)
        .filter(|&i| mark_at(t, i).is_some_and(|len| i + len == t.len()))
        .last()
}

/// Byte length of the elision mark ending right before `text[at..]` (0 when none does).
pub fn mark_before(text: &str, at: usize) -> usize {
    mark_ending(&text[..at]).map_or(0, |i| at - i)
}

/// Byte length of the elision mark starting at `text[at..]` (0 when none does).
pub fn mark_after(text: &str, at: usize) -> usize {
    mark_at(text, at).unwrap_or(0)
}

/// Byte length of the elision mark starting at `text[at..]` when it stands for words left
/// out there (a bracketed mark, or a bare one with a space on both sides); `None` otherwise.
pub fn elision_at(text: &str, at: usize) -> Option<usize> {
    mark_at(text, at).filter(|&len| splits(text, at, len))
}

/// Whether `text` is one elision mark and nothing else (`[...]`, `(…)`, `…`).
pub fn is_mark(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty() && mark_at(t, 0) == Some(t.len())
}

/// A text without the elision marks at its ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stripped<'a> {
    /// The text without the marks (and the whitespace next to them), trimmed.
    pub text: &'a str,
    /// Whether a mark was removed from the start.
    pub lead: bool,
    /// Whether a mark was removed from the end.
    pub trail: bool,
}

/// `text` without elision marks (and the whitespace next to them) at its start and end.
pub fn strip_elision_ends(text: &str) -> Stripped<'_> {
    let mut t = text.trim();
    let mut lead = false;
    while let Some(len) = mark_at(t, 0) {
        t = t[len..].trim_start();
        lead = true;
    }
    let mut trail = false;
    while let Some(at) = mark_ending(t) {
        t = t[..at].trim_end();
        trail = true;
    }
    Stripped {
        text: t,
        lead,
        trail,
    }
}

/// The parts of `text` between elision marks inside it (see `splits`), each trimmed;
/// `[text]` when there is no such mark with words on both sides.
pub fn split_elisions(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut from = 0;
    let mut at = 0;
    while at < text.len() {
        match mark_at(text, at) {
            Some(len) if splits(text, at, len) => {
                parts.push(text[from..at].trim());
                at += len;
                from = at;
            }
            Some(len) => at += len,
            None => at += text[at..].chars().next().map_or(1, char::len_utf8),
        }
    }
    parts.push(text[from..].trim());
    let has_word = |p: &&str| p.chars().any(char::is_alphanumeric);
    if parts.len() > 1 && parts.iter().all(has_word) {
        parts
    } else {
        vec![text]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A part of a quote: 1-4 words (letters, digits, an accented letter), single spaces.
    fn part() -> impl Strategy<Value = String> {
        prop::collection::vec("[a-zA-Z0-9é]{1,8}", 1..5).prop_map(|w| w.join(" "))
    }

    /// A mark as an editor sets it between parts: spaced, or bracketed (which splits even
    /// when attached).
    fn inner_mark() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            " … ",
            " ... ",
            " .... ",
            " . . . ",
            " [...] ",
            " […] ",
            " (…) ",
            " (...) ",
            "[...]",
            "[…]",
            " [. . .] ",
        ])
    }

    fn end_mark() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec!["", "… ", "...", "[...] ", "(…)", ". . . "])
    }

    proptest! {
        /// Parts joined by elision marks, with or without marks at the ends, come back as
        /// exactly those parts, in order, and the end marks are reported as stripped.
        #[test]
        fn marks_split_a_quote_into_its_parts(
            parts in prop::collection::vec(part(), 1..5),
            marks in prop::collection::vec(inner_mark(), 4),
            lead in end_mark(),
            trail in end_mark(),
        ) {
            let mut text = lead.to_string();
            for (i, p) in parts.iter().enumerate() {
                if i > 0 {
                    text.push_str(marks[i - 1]);
                }
                text.push_str(p);
            }
            text.push(' ');
            text.push_str(trail);
            let stripped = strip_elision_ends(&text);
            prop_assert_eq!(stripped.lead, !lead.is_empty());
            prop_assert_eq!(stripped.trail, !trail.is_empty());
            let got = split_elisions(stripped.text);
            prop_assert_eq!(got, parts.iter().map(String::as_str).collect::<Vec<_>>());
        }

        /// An ellipsis attached to a word is punctuation, not an elision: the text stays one
        /// part (else a quote could drop the word after it unnoticed).
        #[test]
        fn attached_ellipses_do_not_split(a in part(), b in part(), dots in "(\\.{3,4}|…)") {
            let text = format!("{a}{dots} {b}");
            prop_assert_eq!(split_elisions(&text), vec![text.as_str()]);
        }

        /// Any text at all: no panic, and the parts are slices of the stripped text, in order.
        #[test]
        fn any_text_splits_without_panicking(pieces in prop::collection::vec(prop::sample::select(vec![
            "a", "Word", " ", "…", "...", "....", ". . .", "[...]", "[…]", "(…)", ".", "[", "é", "\n",
        ]), 0..30)) {
            let text = pieces.concat();
            let stripped = strip_elision_ends(&text).text;
            prop_assert!(text.contains(stripped));
            let mut rest = stripped;
            for p in split_elisions(stripped) {
                let at = rest.find(p);
                prop_assert!(at.is_some(), "{:?} not in {:?}", p, rest);
                rest = &rest[at.unwrap_or(0) + p.len()..];
            }
        }
    }

    #[test]
    fn ends_are_stripped() {
        let s = |t, lead, trail| Stripped {
            text: t,
            lead,
            trail,
        };
        assert_eq!(
            strip_elision_ends("… ordinary Iranians …"),
            s("ordinary Iranians", true, true)
        );
        assert_eq!(strip_elision_ends("... a b...."), s("a b", true, true));
        assert_eq!(
            strip_elision_ends("[...] a b [. . .]"),
            s("a b", true, true)
        );
        assert_eq!(strip_elision_ends("a b …"), s("a b", false, true));
        assert_eq!(strip_elision_ends("a. b"), s("a. b", false, false));
        assert_eq!(strip_elision_ends("…").text, "");
    }

    #[test]
    fn marks_next_to_a_place() {
        let t = "he paused.... Then [...] left…";
        let then = t.find(" Then").unwrap();
        assert_eq!(mark_before(t, then), 4, "four dots are one mark");
        assert_eq!(mark_before(t, t.len()), "…".len());
        assert_eq!(mark_before(t, 2), 0);
        assert_eq!(mark_after(t, t.find('[').unwrap()), "[...]".len());
        assert_eq!(mark_after(t, 0), 0);
    }

    #[test]
    fn inner_marks_split() {
        assert_eq!(split_elisions("a b … c d"), ["a b", "c d"]);
        assert_eq!(split_elisions("a [...] b (…) c"), ["a", "b", "c"]);
        assert_eq!(split_elisions("a. [...]b"), ["a.", "b"]);
        assert_eq!(split_elisions("a . . . b"), ["a", "b"]);
        // An ellipsis attached to a word is punctuation, not an elision.
        assert_eq!(
            split_elisions("took the four... vouschork"),
            ["took the four... vouschork"]
        );
        assert_eq!(split_elisions("a …b"), ["a …b"]);
        // No words on one side: not an elision between two parts.
        assert_eq!(split_elisions("a b … ,"), ["a b … ,"]);
        assert_eq!(split_elisions("a b. c"), ["a b. c"]);
        assert_eq!(split_elisions("U.S. policy"), ["U.S. policy"]);
    }
}
