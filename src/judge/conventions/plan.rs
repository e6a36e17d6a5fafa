//! Reading a quote's editorial marks: what the editor wrote that is not the source's words.
//!
//! A quote is read into literal parts (the source's words as quoted) and what stands between
//! them: an elision (`…`, `[...]`), a bracket (`[the MEK]`), or a bracketed letter joining the
//! next word (`[t]hey`). `[sic]` markers and emphasis notes are taken out and remembered. The
//! parts are then located in order and every mark verified against the source text found (see
//! [`super::verify`]); nothing here decides whether the quote passes.

use crate::model::Convention;
use crate::text::elision::{elision_at, is_mark, strip_elision_ends};
use crate::text::strip_quotation_marks;
use crate::text::words::word_vec;

/// Most words a bracket may hold (`[the Mujahedin-e Khalq]` is four): a longer one is the
/// editor's own sentence, not a stand-in for a few source words.
pub const MAX_BRACKET_WORDS: usize = 6;

/// What stands between two literal parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sep {
    /// Words left out (`…`, `[...]`): the parts may lie up to `elided::MAX_GAP` bytes apart.
    Elision,
    /// `[text]`, standing for at most `verify::MAX_REPLACED` source words (or none: it adds).
    /// `elided` when an elision mark stands next to it (the gap is then the elision's).
    Bracket {
        /// The bracket's text.
        text: String,
        /// An elision mark stands beside the bracket.
        elided: bool,
    },
    /// A bracketed letter starting the next word (`as he said [t]he group`): no source word
    /// between the parts, and the next part's first letter may differ in case.
    Join,
}

/// A literal part of the quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The part as written (marks taken out, trimmed).
    pub text: String,
    /// Its first letter may stand in the other case in the source (the `capital` convention
    /// at the quote's start or after an elision or bracket; a bracketed letter).
    pub fold_first: bool,
    /// Its first letter was written in brackets (`[t]hey`): a case change there is the
    /// `bracket` convention, not `capital`.
    pub letter: bool,
}

/// A `[sic]` marker: the word before it, by index among its part's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sic {
    /// The part holding the word.
    pub part: usize,
    /// The word's index among the part's words.
    pub word: usize,
}

/// A quote read into parts and marks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The literal parts, in order (at least one, each with a word).
    pub parts: Vec<Part>,
    /// What stands between part `k` and part `k + 1`.
    pub seps: Vec<Sep>,
    /// A bracket before the first part (`[The MEK] has …`).
    pub lead: Option<String>,
    /// A bracket after the last part (`… much about [the MEK]`).
    pub trail: Option<String>,
    /// `[sic]` markers.
    pub sics: Vec<Sic>,
    /// The quote-side conventions its marks use (`elision`, `bracket`, `sic`, `emphasis`);
    /// `capital` is named only once a case change is found to be needed.
    pub uses: Vec<Convention>,
}

impl Plan {
    /// Whether the quote uses a mark beyond elision (a bracket, `[sic]`, an emphasis note).
    pub fn is_editorial(&self) -> bool {
        self.uses.iter().any(|c| *c != Convention::Elision)
    }

    /// Whether a part's first letter may change case.
    pub fn folds(&self) -> bool {
        self.parts.iter().any(|p| p.fold_first)
    }
}

/// Whether a bracket's text is `sic` (`[sic]`, `(sic)`, `[sic!]`, any case).
fn is_sic(inner: &str) -> bool {
    matches!(
        inner.trim().trim_end_matches('.').to_lowercase().as_str(),
        "sic" | "sic!"
    )
}

/// Whether a bracket's text is an emphasis note: `emphasis added`, `emphasis mine`, `emphasis
/// in original`, `italics added`, `my emphasis`, `emphasis supplied`, `original emphasis` and
/// the like. The note names emphasis (emphasis, italics, bold, underlining) and who set it
/// (added, mine, ours, supplied, in original …), and says nothing else.
pub fn is_emphasis_note(inner: &str) -> bool {
    let t = inner.trim().trim_end_matches('.').to_lowercase();
    let words: Vec<&str> = t
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .filter(|w| !w.is_empty())
        .collect();
    const KIND: &[&str] = &[
        "emphasis",
        "emphases",
        "italics",
        "italic",
        "italicized",
        "italicised",
        "bold",
        "underlining",
        "underline",
        "underlined",
    ];
    const WHO: &[&str] = &[
        "added", "mine", "ours", "supplied", "original", "in", "the", "my", "our", "by", "author",
        "editor", "authors", "editors", "as", "is", "are",
    ];
    words.iter().filter(|w| KIND.contains(w)).count() == 1
        && words.len() >= 2
        && words.len() <= 6
        && words.iter().all(|w| KIND.contains(w) || WHO.contains(w))
}

/// The byte index of the bracket closing the one opening at `text[at]` (`[` or `(`), with no
/// other bracket inside.
fn closing(text: &str, at: usize) -> Option<usize> {
    let (open, close) = match text.as_bytes()[at] {
        b'[' => ('[', ']'),
        b'(' => ('(', ')'),
        _ => return None,
    };
    let rest = &text[at + 1..];
    let end = rest.find(close)?;
    (!rest[..end].contains(open) && !rest[..end].contains(['[', '(', ']', ')']))
        .then_some(at + 1 + end)
}

fn word_char(c: Option<char>) -> bool {
    c.is_some_and(char::is_alphanumeric)
}

/// One token of a quote.
enum Tok {
    /// Literal text, with the indexes of the words `[sic]` follows.
    Text(String, Vec<usize>),
    Elision,
    Bracket(String),
    Join,
}

/// Read `text` (a quote as written) into a plan. `None` when it has no literal word, or a
/// bracket sits inside a word (`organi[z]ation`), which no convention here covers. `capital`
/// says whether first letters may change case at part starts.
pub fn parse(text: &str, capital: bool) -> Option<Plan> {
    let quoted = strip_quotation_marks(text);
    let ends = strip_elision_ends(quoted);
    let t = ends.text;
    let mut uses = Vec::new();
    if ends.lead || ends.trail {
        uses.push(Convention::Elision);
    }
    let mut toks: Vec<Tok> = Vec::new();
    let mut cur = String::new();
    let mut cur_sics: Vec<usize> = Vec::new();
    let flush = |cur: &mut String, sics: &mut Vec<usize>, toks: &mut Vec<Tok>| {
        if !cur.trim().is_empty() {
            toks.push(Tok::Text(std::mem::take(cur), std::mem::take(sics)));
        }
        cur.clear();
        sics.clear();
    };
    let mut at = 0;
    while at < t.len() {
        if let Some(len) = elision_at(t, at) {
            flush(&mut cur, &mut cur_sics, &mut toks);
            toks.push(Tok::Elision);
            uses.push(Convention::Elision);
            at += len;
            continue;
        }
        let c = t[at..].chars().next()?;
        if let Some(close) = (c == '[' || c == '(').then(|| closing(t, at)).flatten() {
            let inner = &t[at + 1..close];
            let before = t[..at].chars().next_back();
            let after = t[close + 1..].chars().next();
            if is_sic(inner) {
                // The marker and the space before it go; the part goes on after it.
                let trimmed = cur.trim_end().len();
                cur.truncate(trimmed);
                let n = word_vec(crate::text::normalize(&cur).as_str()).len();
                cur_sics.push(n.checked_sub(1)?);
                uses.push(Convention::Sic);
                at = close + 1;
                continue;
            }
            if is_emphasis_note(inner) {
                uses.push(Convention::Emphasis);
                // The note and the space before it go; what follows (`.`) stays.
                let trimmed = cur.trim_end().len();
                cur.truncate(trimmed);
                at = close + 1;
                continue;
            }
            // A bracket without a word (`[]`, `[,]`) stands for nothing an editor writes: it
            // stays literal text (an elision mark says words were left out).
            let has_word = inner.chars().any(char::is_alphanumeric);
            if c == '[' && has_word && !is_mark(&t[at..=close]) {
                let letter = inner.chars().count() == 1 && word_char(inner.chars().next());
                if letter && word_char(after) && !word_char(before) {
                    flush(&mut cur, &mut cur_sics, &mut toks);
                    toks.push(Tok::Join);
                    cur.push_str(inner);
                    uses.push(Convention::Bracket);
                    at = close + 1;
                    continue;
                }
                if word_char(before) || word_char(after) {
                    return None;
                }
                flush(&mut cur, &mut cur_sics, &mut toks);
                toks.push(Tok::Bracket(inner.trim().to_string()));
                uses.push(Convention::Bracket);
                at = close + 1;
                continue;
            }
        }
        cur.push(c);
        at += c.len_utf8();
    }
    flush(&mut cur, &mut cur_sics, &mut toks);
    build(toks, uses, capital)
}

/// Parts and separators from tokens: marks next to each other join (an elision beside a
/// bracket), marks at either end become the lead and trail brackets, `[sic]` attaches to the
/// word before it, and a part without words (punctuation left between marks) goes.
fn build(toks: Vec<Tok>, mut uses: Vec<Convention>, capital: bool) -> Option<Plan> {
    let mut parts: Vec<Part> = Vec::new();
    let mut seps: Vec<Sep> = Vec::new();
    let mut pending: Option<Sep> = None; // the mark since the last part
    let mut lead: Option<String> = None;
    let mut sics = Vec::new();
    let merge = |p: Option<Sep>, new: Sep| -> Sep {
        match (p, new) {
            (None | Some(Sep::Join), n) => n,
            (Some(Sep::Elision), Sep::Bracket { text, .. })
            | (Some(Sep::Bracket { text, .. }), Sep::Elision) => {
                Sep::Bracket { text, elided: true }
            }
            (
                Some(Sep::Bracket { text: a, elided }),
                Sep::Bracket {
                    text: b,
                    elided: e2,
                },
            ) => Sep::Bracket {
                text: format!("{a} {b}"),
                elided: elided || e2,
            },
            (Some(p), _) => p,
        }
    };
    // The next part's first letter was written in brackets.
    let mut letter_next = false;
    for tok in toks {
        match tok {
            Tok::Text(s, marks) => {
                let text = s.trim().to_string();
                if word_vec(&text).is_empty() {
                    continue; // punctuation between marks
                }
                sics.extend(marks.into_iter().map(|word| Sic {
                    part: parts.len(),
                    word,
                }));
                let join = std::mem::take(&mut letter_next);
                let after_mark = parts.is_empty() || pending.is_some();
                if parts.is_empty() {
                    if let Some(p) = pending.take() {
                        match p {
                            // An elision beside it says more words may be left out there;
                            // the words next to the quote are checked all the same.
                            Sep::Bracket { text, .. } => lead = Some(text),
                            Sep::Elision | Sep::Join => {}
                        }
                    }
                } else {
                    seps.push(pending.take().unwrap_or(Sep::Join));
                }
                parts.push(Part {
                    text,
                    fold_first: join || (capital && after_mark),
                    letter: join,
                });
            }
            Tok::Elision => pending = Some(merge(pending, Sep::Elision)),
            Tok::Bracket(text) => {
                pending = Some(merge(
                    pending,
                    Sep::Bracket {
                        text,
                        elided: false,
                    },
                ))
            }
            Tok::Join => {
                letter_next = true;
                if pending.is_none() {
                    pending = Some(Sep::Join);
                }
            }
        }
    }
    let trail = match pending {
        Some(Sep::Bracket { text, .. }) => Some(text),
        Some(Sep::Join) => return None,
        _ => None,
    };
    if parts.is_empty() || letter_next {
        return None;
    }
    uses.sort();
    uses.dedup();
    Some(Plan {
        parts,
        seps,
        lead,
        trail,
        sics,
        uses,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_are_read_into_parts() {
        let p = parse("many young Iranians don’t know much about [the MEK]", true).unwrap();
        assert_eq!(p.parts.len(), 1);
        assert_eq!(p.trail.as_deref(), Some("the MEK"));
        assert_eq!(p.uses, [Convention::Bracket]);

        let p = parse("They MEK [sic] under the leadership", true).unwrap();
        assert_eq!(p.sics, [Sic { part: 0, word: 1 }]);
        assert_eq!(p.uses, [Convention::Sic]);

        let p = parse("as he said [t]he group … is here [emphasis added].", true).unwrap();
        assert_eq!(p.parts.len(), 3);
        assert_eq!(p.seps, [Sep::Join, Sep::Elision]);
        assert_eq!(p.parts[1].text, "the group");
        assert!(p.parts[1].fold_first);
        assert_eq!(p.parts[2].text, "is here.");
        assert_eq!(
            p.uses,
            [
                Convention::Elision,
                Convention::Bracket,
                Convention::Emphasis
            ]
        );

        assert!(parse("organi[z]ation here", true).is_none());
        // A bracket without a word is no bracket convention.
        assert!(!parse("the group [] is here", true).unwrap().is_editorial());
        assert!(parse("[the MEK]", true).is_none());
    }

    #[test]
    fn emphasis_notes_and_sic_variants() {
        for n in [
            "emphasis added",
            "Emphasis mine.",
            "emphasis in original",
            "italics added",
            "my emphasis",
            "emphasis supplied",
            "italics in the original",
        ] {
            assert!(is_emphasis_note(n), "{n}");
        }
        for n in ["emphasis", "the MEK", "added", "not added emphasis"] {
            assert!(!is_emphasis_note(n), "{n}");
        }
        assert!(is_sic("sic") && is_sic("SIC!") && is_sic(" sic "));
        assert!(!is_sic("sick"));
    }
}
