//! Tokens: the words, numbers and punctuation marks the rules read, each with its byte span in
//! the text it came from, its sentence and its clause.
//!
//! Words keep inner apostrophes ("don't", "MEK’s", "Baha’i") because negation and possessives
//! live there, and inner periods of abbreviations ("U.S."); hyphens split ("Iran-Iraq" is two
//! names, "anti-American" two words). Numbers keep their separators and an attached scale or
//! ordinal ("3,500", "3.5m", "1970s").

use crate::text::terms;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tk {
    /// Letters (and digits after a letter).
    Word,
    /// Starts with a digit.
    Number,
    /// Any other visible character, one per token.
    Punct,
}

/// One token of a text.
#[derive(Debug, Clone)]
pub(crate) struct Token {
    /// Start byte in the text.
    pub start: usize,
    /// End byte (exclusive).
    pub end: usize,
    /// What it is.
    pub tk: Tk,
    /// Lower case, typographic apostrophes folded to `'`.
    pub lower: String,
    /// The matching key: the Snowball stem of the word without possessive and apostrophes
    /// ("mek’s" -> "mek", "baha’i" -> "bahai"); the lower-case text otherwise.
    pub stem: String,
    /// Starts with an upper-case letter.
    pub cap: bool,
    /// Two or more letters, all upper case ("MEK", "USG").
    pub acronym: bool,
    /// An upper-case letter after the first character ("iPhone", "BioNTech").
    pub inner_cap: bool,
    /// Index of its sentence.
    pub sentence: usize,
    /// Index of its clause (see `doc::clauses`).
    pub clause: usize,
    /// The first word of its sentence, or of a quotation or list item within it.
    pub initial: bool,
}

impl Token {
    /// True for a word whose lower-case text is `w`.
    pub fn is(&self, w: &str) -> bool {
        self.tk == Tk::Word && self.lower == w
    }

    /// True for the punctuation mark `c`.
    pub fn is_punct(&self, c: char) -> bool {
        self.tk == Tk::Punct && self.lower.starts_with(c)
    }

    /// True for a word or number.
    pub fn is_wordlike(&self) -> bool {
        self.tk != Tk::Punct
    }
}

/// The tokens of `text`, without sentence and clause (the caller fills those in).
pub(crate) fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut it = text.char_indices().peekable();
    while let Some(&(i, c)) = it.peek() {
        if c.is_whitespace() {
            it.next();
            continue;
        }
        let (end, tk) = if c.is_ascii_digit() {
            (number_end(text, i), Tk::Number)
        } else if c.is_alphanumeric() {
            (word_end(text, i), Tk::Word)
        } else {
            (i + c.len_utf8(), Tk::Punct)
        };
        out.push(make(text, i, end, tk));
        while it.peek().is_some_and(|&(j, _)| j < end) {
            it.next();
        }
    }
    out
}

fn make(text: &str, start: usize, end: usize, tk: Tk) -> Token {
    let raw = &text[start..end];
    let lower: String = raw.to_lowercase().replace('\u{2019}', "'");
    let stem = match tk {
        Tk::Word => key(&lower),
        _ => lower.clone(),
    };
    let letters = raw.chars().filter(|c| c.is_alphabetic());
    let acronym = letters.clone().count() >= 2 && letters.clone().all(char::is_uppercase);
    Token {
        start,
        end,
        tk,
        cap: raw.chars().next().is_some_and(char::is_uppercase),
        inner_cap: !acronym && raw.chars().skip(1).any(char::is_uppercase),
        acronym,
        lower,
        stem,
        sentence: 0,
        clause: 0,
        initial: false,
    }
}

/// The matching key of a lower-case word: possessive dropped, apostrophes and abbreviation
/// periods removed, Snowball-stemmed.
pub(crate) fn key(lower: &str) -> String {
    let w = lower
        .strip_suffix("'s")
        .or_else(|| lower.strip_suffix('\''))
        .unwrap_or(lower);
    let bare: String = w.chars().filter(|c| *c != '\'' && *c != '.').collect();
    terms::stem(&bare)
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// End of the word starting at `start`: letters and digits, an apostrophe between letters,
/// and periods of a dotted abbreviation ("U.S.", "a.k.a.").
fn word_end(text: &str, start: usize) -> usize {
    let mut end = start;
    let mut chars = text[start..].char_indices().peekable();
    let mut dotted = false;
    let mut segment = 0; // letters since the last period
    while let Some((j, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        if c.is_alphanumeric() {
            segment += 1;
            end = start + j + c.len_utf8();
        } else if is_apostrophe(c) && next.is_some_and(char::is_alphabetic) {
            segment = 0;
            end = start + j + c.len_utf8();
        } else if c == '.' && segment == 1 && (dotted || next.is_some_and(char::is_alphabetic)) {
            // Only single letters between periods: "U.S." but not "end.Next".
            let after_next = text[start + j + 1..].chars().nth(1);
            if next.is_some_and(char::is_alphabetic)
                && after_next.is_some_and(|a| a == '.' || !a.is_alphanumeric())
            {
                dotted = true;
                segment = 0;
                end = start + j + 1;
            } else if dotted {
                end = start + j + 1;
                break;
            } else {
                break;
            }
        } else {
            break;
        }
    }
    end
}

/// End of the number starting at `start`: digits with `,` or `.` between digits, then attached
/// letters ("3.5m", "1970s", "3rd").
fn number_end(text: &str, start: usize) -> usize {
    let b = text.as_bytes();
    let mut i = start;
    while i < b.len() {
        let sep = (b[i] == b',' || b[i] == b'.') && b.get(i + 1).is_some_and(u8::is_ascii_digit);
        if b[i].is_ascii_digit() || (sep && i > start) {
            i += 1;
        } else {
            break;
        }
    }
    while i < b.len() && b[i].is_ascii_alphabetic() {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<&str> {
        tokenize(text)
            .iter()
            .map(|t| &text[t.start..t.end])
            .collect()
    }

    #[test]
    fn words_numbers_and_marks() {
        assert_eq!(
            texts("The MEK’s U.S. allies don't pay $3,500 (3.5m) in the 1970s."),
            [
                "The", "MEK’s", "U.S.", "allies", "don't", "pay", "$", "3,500", "(", "3.5m", ")",
                "in", "the", "1970s", "."
            ]
        );
        assert_eq!(
            texts("Iran-Iraq war, end.Next"),
            ["Iran", "-", "Iraq", "war", ",", "end", ".", "Next"]
        );
        assert_eq!(texts("a.k.a. ‘x’"), ["a.k.a.", "‘", "x", "’"]);
    }

    #[test]
    fn keys_fold_possessives_and_apostrophes() {
        let t = tokenize("MEK’s Baha’i Iranians’ USG");
        assert_eq!(t[0].stem, "mek");
        assert_eq!(t[1].stem, key("bahai"));
        assert_eq!(t[2].stem, key("iranians"));
        assert!(t[4].acronym && t[4].cap && !t[4].inner_cap);
    }
}
