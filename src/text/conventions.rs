//! Which source-side conventions explain the difference between a quote and the source text
//! it was found at: a line-broken hyphen or spaces around a dash (`hyphenation`), a footnote
//! marker left out (`footnote`), double quotation marks as single or the reverse
//! (`nested-quotes`).
//!
//! Both texts are normalized ([`normalize`]) and cut into tokens: words, superscript digits,
//! whitespace, dashes (with the space on either side, read from the original bytes through the
//! offset map, so a line break is seen even where normalization made it one space), quotation
//! marks and other punctuation. The tokens are then walked in step; every difference must be
//! one of the conventions below, else the answer is `None` (fail closed: the caller keeps the
//! quote `drifted`).
//!
//! - `hyphenation`: a source word broken at a line end by one hyphen (`-` or `‐`, no space
//!   before it, a line break after it, or a soft hyphen before the line break) matches the
//!   quote's whole word (`organi-` / `zation` ≡ `organization`). A hyphen inside a line is a real
//!   hyphen: `re-sign` is not `resign`. Spaces on either side of a dash (`word — word` ≡
//!   `word—word`) are house style; a line break beside a dash is compatible with either and is
//!   only typography (a hard-wrapped `well-`/`known` reads as `well-known`).
//! - `footnote`: a footnote marker in the source that the quote leaves out. Two forms, digits
//!   only: 1-3 superscript digits (`¹²`), or `[1]`-`[999]` in brackets. A marker stands right
//!   after (no space) a word or after clause punctuation, and is followed by a space,
//!   punctuation or the end. Superscript digits are also exponents (`m²`, `x²`, `10⁶`,
//!   `(a+b)²`, `m/sec²`), so they count as a marker only after a word of at least three
//!   letters (no digits) that does not read as a unit (a unit of length or time spelt out or
//!   abbreviated, `metres²`; after `/`, `^`, `*`, `·`, `×`; or after a number and a space:
//!   `10 sec²`), after `. , ; :` or after a closing quotation mark;
//!   anywhere else the superscript must be quoted. A bracketed number needs a word of at least two characters with a letter
//!   (not `x[1]`), or `. , ; : )` or a closing quotation mark, before it.
//! - `nested-quotes`: a quotation mark that is `'` on one side and `"` on the other (straight
//!   or curly: normalization has already unified those) is a nested quotation turned inside
//!   out. Each swapped mark must open (nothing or space/bracket before, text after) or close
//!   (text before, nothing, space or punctuation after), and the swapped marks must pair up
//!   (every opening mark closed, with the same swap, nested properly). An apostrophe between
//!   two letters (`don’t`, `MEK’s`) neither opens nor closes, so it can never be swapped.

use crate::model::Convention;
use crate::text::normalize::{normalize, NormalizedText};

/// Whether `quote` (the text as written, quote-side conventions already undone) reads as
/// `found` (the source's own bytes where it was found) up to typographic normalization and the
/// source-side conventions (`hyphenation`, `footnote`, `nested-quotes`): `Some` with the
/// conventions needed, in [`Convention::ALL`] order (empty when normalization alone explains
/// the difference), `None` when some difference is neither.
pub fn source_side(quote: &str, found: &str) -> Option<Vec<Convention>> {
    // Surrounding whitespace is part of neither text (nor of a dash's spacing).
    let (quote, found) = (quote.trim(), found.trim());
    let (qn, fn_) = (normalize(quote), normalize(found));
    let q = tokens(&qn, quote);
    let f = tokens(&fn_, found);
    let used = walk(&q, &f)?;
    Some(
        Convention::ALL
            .into_iter()
            .filter(|c| used.contains(c))
            .collect(),
    )
}

/// Whitespace on one side of a dash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gap {
    None,
    Space,
    /// Whitespace holding a line break.
    Break,
}

impl Gap {
    fn of(ws: &str) -> Gap {
        if ws.chars().any(is_line_break) {
            Gap::Break
        } else if ws.chars().any(char::is_whitespace) {
            Gap::Space
        } else {
            Gap::None
        }
    }

    fn max(self, other: Gap) -> Gap {
        let rank = |g: Gap| match g {
            Gap::None => 0,
            Gap::Space => 1,
            Gap::Break => 2,
        };
        if rank(other) > rank(self) {
            other
        } else {
            self
        }
    }

    /// Whether two gaps differ only by typography: equal, or one is a line break (a wrapped
    /// text says nothing about whether a space stood there).
    fn compatible(self, other: Gap) -> bool {
        self == other || self == Gap::Break || other == Gap::Break
    }
}

/// A token of normalized text.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok<'a> {
    /// A run of letters, digits and combining marks (superscript digits excluded).
    Word(&'a str),
    /// A run of superscript digits.
    Sup(&'a str),
    /// A whitespace run; `brk` when the original had a line break in it, `soft` when it had a
    /// soft hyphen (a discretionary break).
    Space { brk: bool, soft: bool },
    /// A dash, with the whitespace around it folded in. `hyphen` when the original was one
    /// hyphen character (not a dash, not `--`).
    Dash {
        before: Gap,
        after: Gap,
        hyphen: bool,
    },
    /// A quotation mark or apostrophe (`'` or `"` in normal form).
    Mark(char),
    /// Any other character.
    Punct(char),
}

fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

fn is_superscript_digit(c: char) -> bool {
    matches!(
        c,
        '\u{2070}' | '\u{00B9}' | '\u{00B2}' | '\u{00B3}' | '\u{2074}'..='\u{2079}'
    )
}

fn is_word_char(c: char) -> bool {
    (c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c))
        && !is_superscript_digit(c)
}

/// The tokens of `n` (the normal form of `raw`), reading line breaks and dash spacing from
/// `raw` through the offset map.
fn tokens<'a>(n: &'a NormalizedText, raw: &str) -> Vec<Tok<'a>> {
    let t = n.as_str();
    let mut out: Vec<Tok<'a>> = Vec::new();
    let mut chars = t.char_indices().peekable();
    while let Some((p, c)) = chars.next() {
        let run_end = |chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>,
                       keep: fn(char) -> bool| {
            while let Some(&(_, d)) = chars.peek() {
                if !keep(d) {
                    break;
                }
                chars.next();
            }
            chars.peek().map_or(t.len(), |&(e, _)| e)
        };
        if c.is_whitespace() {
            let e = run_end(&mut chars, char::is_whitespace);
            let (s, se) = n.to_source(p, e);
            let src = &raw[s..se];
            let (brk, soft) = (src.chars().any(is_line_break), src.contains('\u{AD}'));
            match out.last_mut() {
                // Whitespace after a dash is the dash's.
                Some(Tok::Dash { after, .. }) => *after = after.max(Gap::of(src)),
                _ => out.push(Tok::Space { brk, soft }),
            }
        } else if c == '-' {
            let (s, se) = n.to_source(p, p + 1);
            // The dash's own characters, and the whitespace standing right next to them in the
            // original (normalization folds it into the dash).
            let core = raw[s..se].trim_matches(|d: char| d.is_whitespace() || d == '\u{AD}');
            let lead = &raw[..s][raw[..s].trim_end().len()..];
            let trail = &raw[se..][..raw[se..].len() - raw[se..].trim_start().len()];
            let hyphen = matches!(core, "-" | "\u{2010}");
            let mut before = Gap::of(lead);
            if let Some(Tok::Space { brk, .. }) = out.last() {
                before = before.max(if *brk { Gap::Break } else { Gap::Space });
                out.pop();
            }
            out.push(Tok::Dash {
                before,
                after: Gap::of(trail),
                hyphen,
            });
        } else if c == '\'' || c == '"' {
            out.push(Tok::Mark(c));
        } else if is_superscript_digit(c) {
            let e = run_end(&mut chars, is_superscript_digit);
            out.push(Tok::Sup(&t[p..e]));
        } else if is_word_char(c) {
            let e = run_end(&mut chars, is_word_char);
            out.push(Tok::Word(&t[p..e]));
        } else {
            out.push(Tok::Punct(c));
        }
    }
    // Surrounding whitespace is not part of either text.
    while matches!(out.last(), Some(Tok::Space { .. })) {
        out.pop();
    }
    if matches!(out.first(), Some(Tok::Space { .. })) {
        out.remove(0);
    }
    out
}

/// Walk the quote's tokens `q` against the found text's `f`: the conventions every difference
/// needs, or `None` when a difference is not one of them.
fn walk(q: &[Tok<'_>], f: &[Tok<'_>]) -> Option<Vec<Convention>> {
    let mut used: Vec<Convention> = Vec::new();
    let mut note = |c: Convention| {
        if !used.contains(&c) {
            used.push(c);
        }
    };
    // Swapped quotation marks still open: (the quote's mark, the source's).
    let mut open: Vec<(char, char)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    loop {
        // A footnote marker the quote does not have is skipped.
        if let Some(len) = footnote_at(f, j) {
            if !q[i..].starts_with(&f[j..j + len]) {
                note(Convention::Footnote);
                j += len;
                continue;
            }
        }
        let (Some(a), Some(b)) = (q.get(i), f.get(j)) else {
            break;
        };
        match (a, b) {
            (Tok::Word(w), Tok::Word(x)) if w != x => {
                if !line_broken_word(w, x, &f[j + 1..]) {
                    return None;
                }
                note(Convention::Hyphenation);
                j += 2;
            }
            (
                Tok::Dash { before, after, .. },
                Tok::Dash {
                    before: b2,
                    after: a2,
                    ..
                },
            ) => {
                if !(before.compatible(*b2) && after.compatible(*a2)) {
                    note(Convention::Hyphenation);
                }
            }
            (Tok::Space { .. }, Tok::Space { .. }) => {}
            (Tok::Mark(m), Tok::Mark(n)) if m != n => {
                match mark_role(q, i)? {
                    Role::Opens => open.push((*m, *n)),
                    Role::Closes => {
                        if open.pop() != Some((*m, *n)) {
                            return None;
                        }
                    }
                }
                // The source's mark must be a quotation mark where it stands too.
                mark_role(f, j)?;
                note(Convention::NestedQuotes);
            }
            (a, b) if a == b => {}
            _ => return None,
        }
        i += 1;
        j += 1;
    }
    (i == q.len() && j == f.len() && open.is_empty()).then_some(used)
}

/// Whether the quote's word `w` is the source's word `x` broken at a line end, continued by
/// the tokens `rest` (a line-broken hyphen or soft hyphen, then the word's second half).
fn line_broken_word(w: &str, x: &str, rest: &[Tok<'_>]) -> bool {
    let broken = matches!(
        rest.first(),
        Some(Tok::Dash {
            before: Gap::None,
            after: Gap::Break,
            hyphen: true,
        }) | Some(Tok::Space {
            brk: true,
            soft: true
        })
    );
    let letter_end = x.chars().next_back().is_some_and(char::is_alphabetic);
    match rest.get(1) {
        Some(Tok::Word(y)) if broken && letter_end => {
            y.chars().next().is_some_and(char::is_alphabetic)
                && w.len() == x.len() + y.len()
                && w.starts_with(x)
                && w.ends_with(y)
        }
        _ => false,
    }
}

/// Where a quotation mark stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Opens,
    Closes,
}

/// Whether the mark at `k` opens or closes a quotation; `None` when it does neither (an
/// apostrophe between letters, a mark standing alone between spaces).
fn mark_role(t: &[Tok<'_>], k: usize) -> Option<Role> {
    let before = k.checked_sub(1).and_then(|p| t.get(p));
    let after = t.get(k + 1);
    let opening = |c: &char| matches!(c, '(' | '[' | '{');
    let starts_text = match before {
        None | Some(Tok::Space { .. } | Tok::Dash { .. } | Tok::Mark(_)) => true,
        Some(Tok::Punct(c)) => opening(c),
        Some(Tok::Word(_) | Tok::Sup(_)) => false,
    };
    let ends_text = match after {
        None | Some(Tok::Space { .. } | Tok::Dash { .. } | Tok::Mark(_) | Tok::Sup(_)) => true,
        Some(Tok::Punct(c)) => !opening(c),
        Some(Tok::Word(_)) => false,
    };
    // A dash before a closing mark is an interrupted quotation (`he said --'`).
    let text_before = match before {
        Some(Tok::Word(_) | Tok::Sup(_) | Tok::Mark(_) | Tok::Dash { .. }) => true,
        Some(Tok::Punct(c)) => !opening(c),
        _ => false,
    };
    let text_after = matches!(
        after,
        Some(Tok::Word(_) | Tok::Punct(_) | Tok::Mark(_) | Tok::Dash { .. })
    );
    if starts_text && text_after {
        Some(Role::Opens)
    } else if text_before && ends_text {
        Some(Role::Closes)
    } else {
        // Between two words (an apostrophe), or alone between spaces.
        None
    }
}

/// The length in tokens of a footnote marker starting at `f[j]`, if one stands there (see the
/// module docs for the rule).
fn footnote_at(f: &[Tok<'_>], j: usize) -> Option<usize> {
    let before = f.get(j.checked_sub(1)?)?;
    let closing_mark = matches!(before, Tok::Mark(_)) && mark_role(f, j - 1) == Some(Role::Closes);
    let clause = |c: &char| matches!(c, '.' | ',' | ';' | ':');
    let (len, fits) = match f.get(j)? {
        Tok::Sup(s) if s.chars().count() <= 3 => {
            let fits = match before {
                Tok::Word(w) => {
                    w.chars().count() >= 3 && w.chars().all(char::is_alphabetic) && !unit(f, j - 1)
                }
                Tok::Punct(c) => clause(c),
                _ => closing_mark,
            };
            (1, fits)
        }
        Tok::Punct('[') => {
            let Some((Tok::Word(d), Tok::Punct(']'))) = f.get(j + 1).zip(f.get(j + 2)) else {
                return None;
            };
            if d.len() > 3 || !d.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let fits = match before {
                Tok::Word(w) => w.chars().count() >= 2 && w.chars().any(char::is_alphabetic),
                Tok::Punct(c) => clause(c) || *c == ')',
                _ => closing_mark,
            };
            (3, fits)
        }
        _ => return None,
    };
    // A marker ends where the word does: not glued to a following word or number.
    let ends = !matches!(f.get(j + len), Some(Tok::Word(_) | Tok::Sup(_)));
    (fits && ends).then_some(len)
}

/// Units of length (whose square and cube are areas and volumes) and of time, spelt out or
/// abbreviated: a superscript after one is an exponent wherever it stands (`40 sq. metres²`).
const UNITS: &[&str] = &[
    "centimeter",
    "centimeters",
    "centimetre",
    "centimetres",
    "cms",
    "feet",
    "foot",
    "inch",
    "inches",
    "kilometer",
    "kilometers",
    "kilometre",
    "kilometres",
    "kms",
    "meter",
    "meters",
    "metre",
    "metres",
    "mile",
    "miles",
    "millimeter",
    "millimeters",
    "millimetre",
    "millimetres",
    "secs",
    "sec",
    "second",
    "seconds",
    "yard",
    "yards",
    "yds",
];

/// Whether the word at `f[k]` reads as a unit of measure, whose superscript is an exponent:
/// one of [`UNITS`], or after `/`, `^`, `*`, `·` or `×` (`m/sec²`), or after a number and a
/// space (`10 sec²`).
fn unit(f: &[Tok<'_>], k: usize) -> bool {
    if matches!(f.get(k), Some(Tok::Word(w)) if UNITS.contains(&w.to_lowercase().as_str())) {
        return true;
    }
    let at = |d: usize| k.checked_sub(d).and_then(|p| f.get(p));
    match at(1) {
        Some(Tok::Punct(c)) => matches!(c, '/' | '^' | '*' | '\u{B7}' | '\u{D7}'),
        Some(Tok::Space { .. }) => {
            matches!(at(2), Some(Tok::Word(w)) if w.chars().any(|c| c.is_ascii_digit()))
        }
        _ => false,
    }
}

/// A word a text breaks across a line end with a hyphen (`infor-` / `mation`): the whole word
/// as its letters stand and where the break falls, in characters from its start.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct BrokenWord {
    /// The two halves joined (`information`).
    pub word: String,
    /// Characters before the break (`5`).
    pub at: usize,
}

/// Every word `text` breaks across a line end with a hyphen (`-` or `‐` right after a letter,
/// spaces or tabs allowed before the line break and after it, then a letter), sorted and
/// without repeats. A quote that writes such a word whole can be located as the source writes
/// it, which an approximate match cannot do for a quote of a few words.
pub fn line_broken_words(text: &str) -> Vec<BrokenWord> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    for nl in memchr::memchr_iter(b'\n', bytes) {
        let head = text[..nl].trim_end_matches(['\r', ' ', '\t']);
        let Some(head) = head
            .strip_suffix('-')
            .or_else(|| head.strip_suffix('\u{2010}'))
        else {
            continue;
        };
        let first = &head[head.trim_end_matches(char::is_alphabetic).len()..];
        let rest = text[nl + 1..].trim_start_matches([' ', '\t']);
        let second = &rest[..rest
            .find(|c: char| !c.is_alphabetic())
            .unwrap_or(rest.len())];
        if first.is_empty() || second.is_empty() {
            continue;
        }
        out.push(BrokenWord {
            word: format!("{first}{second}"),
            at: first.chars().count(),
        });
    }
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use Convention::{Footnote, Hyphenation, NestedQuotes};

    fn ok(quote: &str, found: &str) -> Option<Vec<Convention>> {
        source_side(quote, found)
    }

    #[test]
    fn normalization_alone_names_nothing() {
        assert_eq!(ok("Don't say \"no\"", "Don’t say “no”"), Some(vec![]));
        assert_eq!(ok("a  b\nc", "a b c"), Some(vec![]));
        assert_eq!(ok("they are", "they were"), None);
        assert_eq!(ok("they are", "they are not"), None);
        assert_eq!(ok("They are", "they are"), None);
    }

    #[test]
    fn line_broken_words_are_listed_with_their_break() {
        let text = "the infor-\n  mation and the well-\r\nknown cases; a dash --\nhere, x-\n2";
        let found = line_broken_words(text);
        let words: Vec<(&str, usize)> = found.iter().map(|b| (b.word.as_str(), b.at)).collect();
        assert_eq!(words, [("information", 5), ("wellknown", 4)]);
    }

    #[test]
    fn line_broken_word_is_hyphenation() {
        let found = "the organi-\n    zation of labour";
        assert_eq!(
            ok("the organization of labour", found),
            Some(vec![Hyphenation])
        );
        assert_eq!(
            ok("the organization", "the organi\u{AD}\nzation"),
            Some(vec![Hyphenation])
        );
        assert_eq!(
            ok("an organization", "an organi‐\r\nzation"),
            Some(vec![Hyphenation])
        );
        // A hard-wrapped compound keeps its hyphen: only typography.
        assert_eq!(ok("a well-known man", "a well-\nknown man"), Some(vec![]));
    }

    #[test]
    fn hyphen_inside_a_line_is_a_real_hyphen() {
        assert_eq!(ok("they resign", "they re-sign"), None);
        assert_eq!(ok("they re-sign", "they resign"), None);
        assert_eq!(ok("they resign", "they re- sign"), None);
        assert_eq!(ok("they resign", "they re -\nsign"), None);
        // A dash, or two hyphens, at a line end is not a broken word.
        assert_eq!(ok("wordplay", "word—\nplay"), None);
        assert_eq!(ok("wordplay", "word--\nplay"), None);
        // The halves must make exactly the quoted word.
        assert_eq!(ok("the organisation", "the organi-\nzation"), None);
        assert_eq!(ok("the organizations", "the organi-\nzation"), None);
    }

    #[test]
    fn dash_spacing_is_house_style() {
        assert_eq!(ok("war — peace", "war—peace"), Some(vec![Hyphenation]));
        assert_eq!(ok("war--peace", "war – peace"), Some(vec![Hyphenation]));
        assert_eq!(ok("war — peace", "war -- peace"), Some(vec![]));
        assert_eq!(ok("war — peace", "war —\npeace"), Some(vec![]));
        assert_eq!(ok("war — peace", "war — a peace"), None);
        assert_eq!(ok("war peace", "war — peace"), None);
        assert_eq!(ok(" —war", "—war "), Some(vec![]));
    }

    #[test]
    fn footnote_marker_left_out() {
        assert_eq!(
            ok("support inside Iran.", "support inside Iran.¹²"),
            Some(vec![Footnote])
        );
        assert_eq!(
            ok("support inside Iran. It", "support inside Iran.³ It"),
            Some(vec![Footnote])
        );
        assert_eq!(
            ok("the cables said", "the cables¹ said"),
            Some(vec![Footnote])
        );
        assert_eq!(
            ok("the cables said", "the cables[12] said"),
            Some(vec![Footnote])
        );
        assert_eq!(ok("as said, it", "as said,[3] it"), Some(vec![Footnote]));
        assert_eq!(ok("a “cult” that", "a “cult”⁴ that"), Some(vec![Footnote]));
        // Kept in the quote: nothing to name.
        assert_eq!(ok("the cables¹ said", "the cables¹ said"), Some(vec![]));
    }

    #[test]
    fn exponent_is_not_a_footnote() {
        assert_eq!(ok("an area of 5 m", "an area of 5 m²"), None);
        assert_eq!(ok("5 km of land", "5 km² of land"), None);
        assert_eq!(ok("where x is", "where x² is"), None);
        assert_eq!(ok("about 10 people", "about 10⁶ people"), None);
        assert_eq!(ok("then (a+b) is", "then (a+b)² is"), None);
        assert_eq!(ok("of 9.8 m/sec on", "of 9.8 m/sec² on"), None);
        assert_eq!(ok("of 40 feet in", "of 40 feet² in"), None);
        assert_eq!(
            ok("was 40 sq. metres in all", "was 40 sq. metres² in all"),
            None
        );
        assert_eq!(ok("a plot of Metres and", "a plot of Metres³ and"), None);
        assert_eq!(ok("x^abc and", "x^abc² and"), None);
        assert_eq!(ok("the array x is", "the array x[1] is"), None);
        // Not a plain digit either: a ² is not a 2.
        assert_eq!(ok("5 m2", "5 m²"), None);
        assert_eq!(ok("the cables2 said", "the cables² said"), None);
    }

    #[test]
    fn word_changed_next_to_a_marker_fails() {
        assert_eq!(ok("the cable said", "the cables¹ said"), None);
        assert_eq!(ok("the cables says", "the cables¹ said"), None);
        assert_eq!(ok("the cable said", "the cables[1] said"), None);
        // A marker the source does not have may not be added either.
        assert_eq!(ok("the cables¹ said", "the cables said"), None);
        // A number glued to a word is not a marker.
        assert_eq!(ok("the cables said", "the cables[12]b said"), None);
        assert_eq!(ok("the cables said", "the cables[1234] said"), None);
    }

    #[test]
    fn nested_quotes_swapped() {
        let found = "He said “the ‘plan’ works” today";
        assert_eq!(
            ok("He said “the “plan” works” today", found),
            Some(vec![NestedQuotes])
        );
        assert_eq!(
            ok("the \"plan\" works", "the ‘plan’ works"),
            Some(vec![NestedQuotes])
        );
        assert_eq!(
            ok("the 'plan' works", "the “plan” works"),
            Some(vec![NestedQuotes])
        );
        assert_eq!(ok("'a \"b\" c'", "\"a 'b' c\""), Some(vec![NestedQuotes]));
        assert_eq!(
            ok("it said 'no.' Then", "it said “no.” Then"),
            Some(vec![NestedQuotes])
        );
        assert_eq!(
            ok("'policy --' was", "“policy --” was"),
            Some(vec![NestedQuotes])
        );
        assert_eq!(
            ok("Post '-2003:' High", "Post “-2003:” High"),
            Some(vec![NestedQuotes])
        );
    }

    #[test]
    fn apostrophe_never_becomes_a_double_mark() {
        assert_eq!(ok("they don\"t know", "they don’t know"), None);
        assert_eq!(ok("the MEK\"s leaders", "the MEK’s leaders"), None);
        // Both marks of a pair must be swapped the same way, and pairs must close.
        assert_eq!(ok("the 'plan\" works", "the “plan” works"), None);
        assert_eq!(ok("the 'plan works", "the “plan works"), None);
        assert_eq!(ok("the plan' works", "the plan” works"), None);
        assert_eq!(ok("a ' b", "a \" b"), None);
    }

    #[test]
    fn several_conventions_in_order() {
        let found = "the “organi-\nzation”¹ said";
        assert_eq!(
            ok("the 'organization' said", found),
            Some(vec![NestedQuotes, Hyphenation, Footnote])
        );
    }
}
