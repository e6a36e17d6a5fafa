//! Sentence boundaries of a text, as byte ranges.
//!
//! A passage is a sentence or a few adjacent ones, so a wrong boundary either glues two
//! claims' worth of text together or cuts one statement in two. The splitter therefore only
//! breaks after `.`, `!`, `?` or an ellipsis followed by white space and something that can
//! start a sentence, never after a known abbreviation ("Mr.", "U.S.", "e.g.") or an initial,
//! never inside a number ("3.5"); closing quotes and brackets stay with their sentence. Line
//! breaks end a sentence at a blank line, before a list item, and after a short line without
//! final punctuation (a heading such as "POPULAR FEEDBACK"); hard-wrapped prose runs on.

/// Abbreviations (lower case, without their final period) after which a period does not end
/// a sentence.
const ABBREVIATIONS: &[&str] = &[
    "adm", "al", "approx", "apr", "aug", "capt", "cf", "co", "col", "corp", "dec", "dept", "dr",
    "e.g", "esp", "est", "etc", "feb", "fig", "gen", "gov", "hon", "i.e", "inc", "jan", "jr",
    "jul", "jun", "lt", "ltd", "maj", "mar", "messrs", "mr", "mrs", "ms", "mt", "no", "nos", "nov",
    "oct", "op", "p", "pp", "prof", "rep", "rev", "sen", "sep", "sept", "sgt", "sr", "st", "vol",
    "vs",
];

/// A line shorter than this without final punctuation is a heading or a list line.
const SHORT_LINE: usize = 60;

/// The sentences of `text`: byte ranges without surrounding white space, in order, covering
/// every non-blank part of the text.
pub(crate) fn sentences(text: &str) -> Vec<(usize, usize)> {
    let mut cuts = Vec::new();
    for (i, c) in text.char_indices() {
        let after = i + c.len_utf8();
        match c {
            '.' | '!' | '?' | '\u{2026}' => {
                if let Some(cut) = end_of_sentence(text, i, after) {
                    cuts.push(cut);
                }
            }
            '\n' if line_break_ends_sentence(text, i) => cuts.push(after),
            _ => {}
        }
    }
    cuts.push(text.len());
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = Vec::new();
    let mut from = 0;
    for cut in cuts {
        if cut < from {
            continue;
        }
        if let Some(span) = trimmed(text, from, cut) {
            out.push(span);
        }
        from = cut;
    }
    out
}

/// `[a, b)` without leading and trailing white space, or `None` when nothing is left.
fn trimmed(text: &str, a: usize, b: usize) -> Option<(usize, usize)> {
    let s = &text[a..b];
    let start = a + (s.len() - s.trim_start().len());
    let end = a + s.trim_end().len();
    (end > start).then_some((start, end))
}

/// Where the sentence ends when the mark at `[i, after)` closes it, or `None`.
fn end_of_sentence(text: &str, i: usize, after: usize) -> Option<usize> {
    let rest = &text[after..];
    // Runs of marks ("?!", "...") end where the run ends.
    if rest.starts_with(['.', '!', '?', '\u{2026}']) {
        return None;
    }
    // Closing quotes and brackets belong to the sentence they close.
    let closers = rest
        .char_indices()
        .take_while(|(_, c)| is_closer(*c))
        .last()
        .map_or(0, |(j, c)| j + c.len_utf8());
    let end = after + closers;
    let next = &text[end..];
    if !next.starts_with(char::is_whitespace) && !next.is_empty() {
        return None; // "3.5", "U.S.A", "e.g.,"
    }
    let following = next.trim_start().chars().next();
    let Some(f) = following else {
        return Some(end);
    };
    if text[i..after] == *"." && is_abbreviation(text, i) {
        return None;
    }
    // A lower-case continuation ("... and then", "approx. two") is the same sentence.
    if f.is_lowercase() {
        return None;
    }
    Some(end)
}

fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | ')' | ']' | '\u{201d}' | '\u{2019}' | '\u{bb}'
    )
}

/// True when the period at `dot` ends an abbreviation or an initial.
fn is_abbreviation(text: &str, dot: usize) -> bool {
    let before = &text[..dot];
    let word_start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric() || *c == '.')
        .last()
        .map_or(dot, |(j, _)| j);
    let word = &before[word_start..];
    if word.is_empty() {
        return false;
    }
    // "5. (SBU) ...": a paragraph number opening its line.
    let line_start = before.rfind('\n').map_or(0, |j| j + 1);
    if word.chars().all(|c| c.is_ascii_digit()) && before[line_start..word_start].trim().is_empty()
    {
        return true;
    }
    // "U.S", "a.k.a": letters between periods.
    if word.contains('.') && word.split('.').all(|p| p.chars().count() <= 2) {
        return true;
    }
    let mut chars = word.chars();
    // A single capital letter is an initial ("J. Smith").
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return c.is_uppercase();
    }
    ABBREVIATIONS.contains(&word.to_lowercase().as_str())
}

/// True when the line break at `nl` ends a sentence (see the module docs).
fn line_break_ends_sentence(text: &str, nl: usize) -> bool {
    let line_start = text[..nl].rfind('\n').map_or(0, |j| j + 1);
    let line = text[line_start..nl].trim();
    let next_line = text[nl + 1..].split('\n').next().unwrap_or("").trim();
    if line.is_empty() || next_line.is_empty() {
        return true;
    }
    if starts_list_item(next_line) {
        return true;
    }
    // A line going on in lower case continues its sentence.
    if next_line.starts_with(char::is_lowercase) {
        return false;
    }
    let ends_open = line.ends_with([',', ';', ':', '-', '\u{2013}', '\u{2014}', '(']);
    line.chars().count() < SHORT_LINE && !ends_open
}

/// True for a line opening with a bullet, a dash or a number and a period or parenthesis.
fn starts_list_item(line: &str) -> bool {
    if line.starts_with(['-', '*', '\u{2022}', '\u{2013}', '\u{2014}']) {
        return true;
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && digits < 4 && line[digits..].starts_with(['.', ')'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text)
            .into_iter()
            .map(|(a, b)| &text[a..b])
            .collect()
    }

    #[test]
    fn abbreviations_decimals_and_initials_do_not_split() {
        assert_eq!(
            split("Mr. Smith paid $3.5 million to the U.S. Treasury. J. Doe agreed."),
            [
                "Mr. Smith paid $3.5 million to the U.S. Treasury.",
                "J. Doe agreed."
            ]
        );
        assert_eq!(
            split("Prices rose, e.g. for rice. Then they fell."),
            ["Prices rose, e.g. for rice.", "Then they fell."]
        );
    }

    #[test]
    fn quotes_ellipses_and_newlines() {
        assert_eq!(
            split("He said “We won.” The rest… was silence. Wait... Then go!"),
            [
                "He said “We won.”",
                "The rest… was silence.",
                "Wait...",
                "Then go!"
            ]
        );
        assert_eq!(
            split("POPULAR FEEDBACK\n5. Iranians were dismissive\nof the group.\n\nNext"),
            [
                "POPULAR FEEDBACK",
                "5. Iranians were dismissive\nof the group.",
                "Next"
            ]
        );
    }

    #[test]
    fn list_lines_split() {
        assert_eq!(
            split("Quotes:\n---“Nobody likes them.”\n---“They have no support in Iran.”"),
            [
                "Quotes:",
                "---“Nobody likes them.”",
                "---“They have no support in Iran.”"
            ]
        );
    }

    #[test]
    fn odd_input() {
        assert!(sentences("").is_empty());
        assert!(sentences(" \n\n ").is_empty());
        assert_eq!(split("..."), ["..."]);
        assert_eq!(split("é."), ["é."]);
    }
}
