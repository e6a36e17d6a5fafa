//! From the page texts a PDF reader gives to the text citecheck matches on: the same steps
//! for every engine.
//!
//! 1. Each page: line ends made `\n`, ligature glyphs (ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ) made letters, each
//!    line trimmed, runs of blank lines (readers mark paragraph gaps with them) made one, and
//!    blank lines at the page's top and bottom dropped.
//! 2. Running headers and footers: a line among the first (last) [`EDGE`] lines of a page
//!    whose shape — its text with every run of digits read as one digit, so "Page 3 of 9"
//!    and "Page 4 of 9" are one shape — stands at the top (bottom) of most pages (more than
//!    half, and at least two, of a document of three or more pages) is removed from the top
//!    (bottom) of every page, each shape once per page and only while the lines from the edge
//!    inward are such lines, so the same words in the body stay. A line that is only a
//!    number (and punctuation: "- 3 -") needs only a third of the pages, as books number
//!    their pages at alternating edges. A line at the same edge of [`RUN`] or more pages in
//!    a row is running on those pages too (a chapter's title with the page number, "Chapter
//!    2: Syntax 17", above each page of chapter 2).
//! 3. Hyphenation: a line ending in a hyphen (or soft hyphen) right after a letter, followed
//!    by a line starting with a lowercase letter, is a word broken at the line end: the
//!    continuation's first word moves up and the hyphen goes ("accord-" / "ing to" becomes
//!    "according" / "to"), also across a page end. The limit: a compound that happens to
//!    break at its own hyphen ("cult-" / "like") is joined too ("cultlike"), unless the
//!    document writes it with its hyphen elsewhere ("cult-like" within a line), which keeps
//!    the hyphen. A continuation in capitals ("Islamic-" / "Marxist") is never joined.
//! 4. Lines inside a paragraph stay lines: citecheck's matching treats line breaks as spaces.

use std::collections::{HashMap, HashSet};

/// How many lines at each edge of a page may be a running header or footer.
pub const EDGE: usize = 3;

/// The page separator in the joined text: a form feed.
pub const PAGE_BREAK: char = '\u{c}';

/// Clean each page's text (steps 1–3 of the module docs); one string per page, lines joined
/// by `\n`, no form feed inside.
pub fn clean(pages: &[String]) -> Vec<String> {
    let mut lines: Vec<Vec<String>> = pages.iter().map(|p| page_lines(p)).collect();
    strip_running(&mut lines);
    join_hyphenated(&mut lines);
    lines.into_iter().map(|l| l.join("\n")).collect()
}

/// The pages joined by form feeds, and where each page's text starts.
pub fn join(pages: &[String]) -> (String, Vec<usize>) {
    let mut text = String::with_capacity(pages.iter().map(|p| p.len() + 1).sum());
    let mut starts = Vec::with_capacity(pages.len());
    for (i, page) in pages.iter().enumerate() {
        if i > 0 {
            text.push(PAGE_BREAK);
        }
        starts.push(text.len());
        text.push_str(page);
    }
    (text, starts)
}

/// The letters a ligature glyph stands for, or None for any other character.
pub fn ligature(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{fb00}' => "ff",
        '\u{fb01}' => "fi",
        '\u{fb02}' => "fl",
        '\u{fb03}' => "ffi",
        '\u{fb04}' => "ffl",
        '\u{fb05}' | '\u{fb06}' => "st",
        _ => return None,
    })
}

/// Step 1 for one page.
fn page_lines(page: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for raw in page.split(['\n', '\r', PAGE_BREAK]) {
        let mut line = String::with_capacity(raw.len());
        for c in raw.trim().chars() {
            match ligature(c) {
                Some(s) => line.push_str(s),
                // Other control characters are no text (a reader's stray NUL or tab stays a
                // space, so words stay apart).
                None if c.is_control() => line.push(' '),
                None => line.push(c),
            }
        }
        let line = line.trim();
        if line.is_empty() && out.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        out.push(line.to_string());
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out
}

/// A line's shape for header/footer detection: digits runs as one `0`, spaces collapsed.
fn shape(line: &str) -> String {
    let mut s = String::with_capacity(line.len());
    let mut prev_digit = false;
    for w in line.split_whitespace() {
        if !s.is_empty() {
            s.push(' ');
            prev_digit = false;
        }
        for c in w.chars() {
            let digit = c.is_ascii_digit();
            if !(digit && prev_digit) {
                s.push(if digit { '0' } else { c });
            }
            prev_digit = digit;
        }
    }
    s
}

/// Step 2: find the shapes at the top and bottom of most pages (or of a run of
/// [`RUN`] pages in a row) and remove them there.
fn strip_running(pages: &mut [Vec<String>]) {
    let n = pages.len();
    if n < 3 {
        return;
    }
    let mut heads: Vec<HashSet<String>> = Vec::with_capacity(n);
    let mut tails: Vec<HashSet<String>> = Vec::with_capacity(n);
    for page in pages.iter() {
        let shapes: Vec<String> = page
            .iter()
            .filter(|l| !l.is_empty())
            .map(|l| shape(l))
            .collect();
        // On a short page the edges would overlap: the top takes the first half, the
        // bottom the rest, so a header is never counted as a footer too.
        let head_len = EDGE.min(shapes.len().div_ceil(2));
        let tail_len = EDGE.min(shapes.len() - head_len);
        heads.push(shapes.iter().take(head_len).cloned().collect());
        tails.push(shapes.iter().rev().take(tail_len).cloned().collect());
    }
    let top = running(&heads);
    let bottom = running(&tails);
    for (i, page) in pages.iter_mut().enumerate() {
        strip_edge(page, &top[i], false);
        strip_edge(page, &bottom[i], true);
    }
}

/// How many pages in a row must carry a line at the same edge for it to be a running line
/// of that stretch (a chapter's title above each of its pages).
pub const RUN: usize = 3;

/// For each page, the shapes at one edge that are running there: on more than half of all
/// pages (a number alone: a third), or on [`RUN`] or more pages in a row.
fn running(edges: &[HashSet<String>]) -> Vec<HashSet<String>> {
    let n = edges.len();
    let mut on: HashMap<&String, Vec<usize>> = HashMap::new();
    for (i, set) in edges.iter().enumerate() {
        for s in set {
            on.entry(s).or_default().push(i);
        }
    }
    let mut out: Vec<HashSet<String>> = vec![HashSet::new(); n];
    for (s, at) in on {
        let c = at.len();
        if c >= 2 && (c * 2 > n || (page_number(s) && c * 3 >= n)) {
            for &i in &at {
                out[i].insert(s.clone());
            }
            continue;
        }
        // Runs of consecutive pages.
        let mut run_start = 0;
        for k in 1..=at.len() {
            if k == at.len() || at[k] != at[k - 1] + 1 {
                if k - run_start >= RUN {
                    for &i in &at[run_start..k] {
                        out[i].insert(s.clone());
                    }
                }
                run_start = k;
            }
        }
    }
    out
}

/// A shape with no letters, only numbers and punctuation ("0", "- 0 -", "0/0"): a page
/// number, which books print on alternate edges (odd pages at the bottom, even at the top).
fn page_number(shape: &str) -> bool {
    shape.contains('0') && shape.chars().all(|c| c == '0' || !c.is_alphanumeric())
}

/// Remove running lines from one edge of a page: from the edge inward, within [`EDGE`]
/// non-blank lines, while each line is a running shape not yet removed from this edge.
fn strip_edge(page: &mut Vec<String>, running: &HashSet<String>, from_end: bool) {
    let mut used: HashSet<String> = HashSet::new();
    let mut seen = 0;
    loop {
        let idx = if from_end {
            page.len().checked_sub(1)
        } else {
            (!page.is_empty()).then_some(0)
        };
        let Some(idx) = idx else { break };
        if page[idx].is_empty() {
            page.remove(idx);
            continue;
        }
        let s = shape(&page[idx]);
        if seen >= EDGE || !running.contains(&s) || used.contains(&s) {
            break;
        }
        page.remove(idx);
        used.insert(s);
        seen += 1;
    }
}

/// Hyphen characters a line may end with when a word is broken there.
fn broken_at(line: &str) -> Option<&str> {
    let stem = line
        .strip_suffix('-')
        .or_else(|| line.strip_suffix('\u{ad}'))
        .or_else(|| line.strip_suffix('\u{2010}'))?;
    stem.chars()
        .last()
        .filter(|c| c.is_alphabetic())
        .map(|_| stem)
}

/// Step 3: join words broken at line ends (also across page ends).
fn join_hyphenated(pages: &mut [Vec<String>]) {
    let compounds = hyphenated_words(pages);
    // Positions of every line, page by page, so a continuation may be on the next page.
    let order: Vec<(usize, usize)> = pages
        .iter()
        .enumerate()
        .flat_map(|(p, lines)| (0..lines.len()).map(move |l| (p, l)))
        .collect();
    for w in order.windows(2) {
        let ((pa, la), (pb, lb)) = (w[0], w[1]);
        let Some(stem) = broken_at(&pages[pa][la]) else {
            continue;
        };
        let next = &pages[pb][lb];
        if !next.chars().next().is_some_and(char::is_lowercase) {
            continue;
        }
        let cont_end = next.find(char::is_whitespace).unwrap_or(next.len());
        let cont = &next[..cont_end];
        let head_start = stem.rfind(|c: char| !c.is_alphabetic()).map_or(0, |i| {
            i + stem[i..].chars().next().map_or(1, char::len_utf8)
        });
        let head = &stem[head_start..];
        let cont_word: String = cont.chars().take_while(|c| c.is_alphabetic()).collect();
        let ends_hard = pages[pa][la].ends_with('-');
        let compound = format!("{head}-{cont_word}").to_lowercase();
        let joined = if ends_hard && compounds.contains(&compound) {
            format!("{}{cont}", pages[pa][la])
        } else {
            format!("{stem}{cont}")
        };
        let rest = next[cont_end..].trim_start().to_string();
        pages[pa][la] = joined;
        pages[pb][lb] = rest;
    }
    for page in pages.iter_mut() {
        // A continuation line that was one word is now empty: it goes.
        let mut prev_blank = true;
        page.retain(|l| {
            let keep = !(l.is_empty() && prev_blank);
            prev_blank = l.is_empty();
            keep
        });
        while page.last().is_some_and(|l| l.is_empty()) {
            page.pop();
        }
    }
}

/// Every "word-word" written with its hyphen inside a line, lowercased: the document's own
/// evidence that a compound keeps its hyphen when it breaks at a line end.
fn hyphenated_words(pages: &[Vec<String>]) -> HashSet<String> {
    let mut out = HashSet::new();
    for line in pages.iter().flatten() {
        for token in line.split_whitespace() {
            let core = token.trim_matches(|c: char| !c.is_alphanumeric());
            let mut parts = core.split('-');
            let first = parts.next().unwrap_or_default();
            let rest: Vec<&str> = parts.collect();
            if rest.len() == 1
                && !first.is_empty()
                && !rest[0].is_empty()
                && first
                    .chars()
                    .chain(rest[0].chars())
                    .all(char::is_alphabetic)
            {
                out.insert(core.to_lowercase());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(pages: &[&str]) -> Vec<String> {
        clean(&pages.iter().map(|p| p.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn ligatures_become_letters_and_lines_are_trimmed() {
        let got = run(&["\n\n  e\u{fb03}cient \u{fb02}ow, \u{fb00}, \u{fb04}, \u{fb06}  \r\n\n\n\nnext\u{0}word\n\n"]);
        assert_eq!(got, vec!["efficient flow, ff, ffl, st\n\nnext word"]);
    }

    #[test]
    fn a_word_broken_at_a_line_end_is_joined_with_its_punctuation() {
        let got = run(&["it was accord-\ning, to plan\nand a soft\u{ad}\nhyphen"]);
        assert_eq!(got, vec!["it was according,\nto plan\nand a softhyphen"]);
    }

    #[test]
    fn capitalised_continuations_numbers_and_known_compounds_keep_their_hyphen() {
        let got = run(&[
            "the Islamic-\nMarxist group",
            "in 1980-\n1988 they",
            "a cult-like group and a cult-\nlike structure",
        ]);
        assert_eq!(got[0], "the Islamic-\nMarxist group");
        assert_eq!(got[1], "in 1980-\n1988 they");
        assert_eq!(got[2], "a cult-like group and a cult-like\nstructure");
    }

    #[test]
    fn a_word_broken_across_a_page_end_moves_to_the_first_page() {
        let got = run(&["the deci-", "sion was made"]);
        assert_eq!(got, vec!["the decision", "was made"]);
    }

    #[test]
    fn running_lines_modulo_digits_go_from_most_pages_only_at_the_edges() {
        let pages = [
            "Title page\nbody one",
            "REPORT\nbody two mentions REPORT\n- 2 -",
            "REPORT\nbody three\n- 3 -",
            "REPORT\nbody four\nREPORT\n- 4 -",
        ];
        let got = run(&pages);
        assert_eq!(got[0], "Title page\nbody one");
        assert_eq!(got[1], "body two mentions REPORT");
        assert_eq!(got[2], "body three");
        // The body's own "REPORT" just above the footer is a bottom line too, but no bottom
        // shape: it stays.
        assert_eq!(got[3], "body four\nREPORT");
    }

    #[test]
    fn page_numbers_on_alternating_edges_go() {
        let pages = [
            "Intro text\n1",
            "2\nbody two",
            "body three\n3",
            "4\nbody four",
            "body five\n5",
            "6\nbody six has 6",
        ];
        let got = run(&pages);
        let want = [
            "Intro text",
            "body two",
            "body three",
            "body four",
            "body five",
            "body six has 6",
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn a_chapter_title_over_three_pages_in_a_row_goes_there_only() {
        let pages = [
            "Cover",
            "Chapter 1: Intro 2\nintro one",
            "Chapter 1: Intro 3\nintro two",
            "Chapter 1: Intro 4\nintro three",
            "Chapter 2: Use 5\nuse one",
            "Chapter 2: Use 6\nuse two",
            "Chapter 1: Intro 7 is quoted here\nend",
        ];
        let got = run(&pages);
        let want = [
            "Cover",
            "intro one",
            "intro two",
            "intro three",
            "Chapter 2: Use 5\nuse one",
            "Chapter 2: Use 6\nuse two",
            "Chapter 1: Intro 7 is quoted here\nend",
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn two_pages_are_too_few_to_call_a_line_running() {
        let got = run(&["Chapter 1\ntext", "Chapter 1\nmore"]);
        assert_eq!(got, vec!["Chapter 1\ntext", "Chapter 1\nmore"]);
    }

    #[test]
    fn pages_join_with_form_feeds_and_their_starts() {
        let (text, starts) = join(&["ab".into(), String::new(), "c".into()]);
        assert_eq!(text, "ab\u{c}\u{c}c");
        assert_eq!(starts, vec![0, 3, 4]);
    }
}
