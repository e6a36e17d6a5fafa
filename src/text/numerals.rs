//! Numbers as written: where the number holding a digit begins and ends, separators and sign
//! included, and whether a quoted stretch of text begins or ends inside one.
//!
//! Words split at every mark (see [`super::words`]), so "1,200" is the words "1" and "200",
//! and a quote may begin at "200" on a word boundary. As numbers, "200" and "1,200" differ:
//! a quote whose first or last word is only part of a number of the source does not say what
//! the source says. This module finds such cuts; `judge` decides what they mean.
//!
//! A number here is a run of digits joined by single separators each between two digits
//! ("1,200", "3.5", "2/3", "12:30", "1.2.3", "10-12", "1 200" with a no-break space), with
//! a leading decimal point or comma (".5", ",5"; not after a letter: "No.5" is a number 5)
//! and a sign
//! ("-40", "−40", "+3", not after a letter or digit: "COVID-19" holds the number 19, and in
//! "10-12" the hyphen joins two numbers). A separator followed by anything but a digit ends
//! the number: "in 2011. The" holds 2011, "a 200-page report" holds 200.

use std::ops::Range;

/// Whether `c` is a digit of a number: a numeric character but a superscript or subscript
/// (a footnote marker "10²" follows the number, it does not continue it).
pub fn is_digit(c: char) -> bool {
    c.is_numeric() && !super::normalize::is_super_or_subscript(c)
}

/// Whether `c` joins two digits into one number: thousands and decimal separators (`,` `.`
/// `'` `’` `·`, the Arabic `٫` `٬`, the no-break and thin spaces), fractions and ratios (`/`
/// `:` `×`), and ranges and dates (hyphens and dashes).
fn is_joiner(c: char) -> bool {
    matches!(
        c,
        ',' | '.'
            | '\''
            | '\u{2019}' // ’
            | '\u{B7}' // ·
            | '\u{66B}' // ٫
            | '\u{66C}' // ٬
            | '\u{A0}' // no-break space
            | '\u{202F}' // narrow no-break space
            | '\u{2009}' // thin space
            | '/'
            | '\u{2044}' // ⁄
            | ':'
            | '\u{D7}' // ×
            | '-'
            | '\u{2010}'
            ..='\u{2015}' // hyphens and dashes
            | '\u{2212}' // −
    )
}

/// Whether `c` before a number gives its sign: `-`, `−`, `–` (a minus set as an en dash),
/// `+`, `±`.
fn is_sign(c: char) -> bool {
    matches!(c, '-' | '\u{2212}' | '\u{2013}' | '+' | '\u{B1}')
}

fn before(text: &str, at: usize) -> Option<char> {
    text.get(..at)?.chars().next_back()
}

fn after(text: &str, at: usize) -> Option<char> {
    text.get(at..)?.chars().next()
}

/// Where the number holding the digit at byte `at` of `text` begins (its sign or leading
/// decimal point included).
pub fn number_start(text: &str, at: usize) -> usize {
    let mut s = at;
    loop {
        while let Some(c) = before(text, s).filter(|&c| is_digit(c)) {
            s -= c.len_utf8();
        }
        match before(text, s) {
            Some(j) if is_joiner(j) && before(text, s - j.len_utf8()).is_some_and(is_digit) => {
                s -= j.len_utf8();
            }
            _ => break,
        }
    }
    let after_letter = |at: usize| before(text, at).is_some_and(char::is_alphanumeric);
    if let Some(c) = before(text, s).filter(|&c| matches!(c, '.' | ',')) {
        if !after_letter(s - 1) {
            s -= c.len_utf8();
        }
    }
    if let Some(c) = before(text, s).filter(|&c| is_sign(c)) {
        if !after_letter(s - c.len_utf8()) {
            s -= c.len_utf8();
        }
    }
    s
}

/// Where the number holding the digit that ends at byte `at` of `text` ends.
pub fn number_end(text: &str, at: usize) -> usize {
    let mut e = at;
    loop {
        while let Some(c) = after(text, e).filter(|&c| is_digit(c)) {
            e += c.len_utf8();
        }
        match after(text, e) {
            Some(j) if is_joiner(j) && after(text, e + j.len_utf8()).is_some_and(is_digit) => {
                e += j.len_utf8();
            }
            _ => break,
        }
    }
    e
}

/// A number of a text that a stretch of it begins or ends inside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cut {
    /// The whole number, in bytes of the text.
    pub number: Range<usize>,
    /// The part of it inside the stretch.
    pub quoted: Range<usize>,
}

/// The number the stretch `[start, end)` of `text` begins inside: its first word is a number
/// (after marks such as `$`, `(`, `.`) and the number goes on before `start` ("200" of
/// "1,200", "5" of "3.5", "40" of "-40", ".5" of "1.5").
pub fn cut_at_start(text: &str, start: usize, end: usize) -> Option<Cut> {
    let (i, c) = text
        .get(start..end)?
        .char_indices()
        .find(|&(_, c)| c.is_alphanumeric())?;
    if !is_digit(c) {
        return None;
    }
    let at = start + i;
    let s = number_start(text, at);
    (s < start).then(|| {
        let e = number_end(text, at + c.len_utf8());
        Cut {
            number: s..e,
            quoted: start..e.min(end),
        }
    })
}

/// The number the stretch `[start, end)` of `text` ends inside: its last word is a number
/// (before marks such as `.`, `)`, `%`) and the number goes on after `end` ("10" of
/// "10,000", "1" of "1.5", "2" of "2/3", "12" of "12:30").
pub fn cut_at_end(text: &str, start: usize, end: usize) -> Option<Cut> {
    let (i, c) = text
        .get(start..end)?
        .char_indices()
        .rfind(|&(_, c)| c.is_alphanumeric())?;
    if !is_digit(c) {
        return None;
    }
    let at = start + i + c.len_utf8();
    let e = number_end(text, at);
    (e > end).then(|| {
        let s = number_start(text, at - c.len_utf8());
        Cut {
            number: s..e,
            quoted: s.max(start)..end,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole number and the quoted part where `quote`, found at its first occurrence in
    /// `source`, begins inside a number.
    fn start_cut(source: &str, quote: &str) -> Option<(String, String)> {
        let a = source.find(quote).expect("quote in source");
        cut_at_start(source, a, a + quote.len())
            .map(|c| (source[c.number].to_string(), source[c.quoted].to_string()))
    }

    /// The same where it ends inside one.
    fn end_cut(source: &str, quote: &str) -> Option<(String, String)> {
        let a = source.find(quote).expect("quote in source");
        cut_at_end(source, a, a + quote.len())
            .map(|c| (source[c.number].to_string(), source[c.quoted].to_string()))
    }

    fn pair(whole: &str, quoted: &str) -> Option<(String, String)> {
        Some((whole.to_string(), quoted.to_string()))
    }

    #[test]
    fn a_quote_beginning_inside_a_number_is_cut_for_every_separator() {
        let cases = [
            (
                "Officials said 1,200 people died.",
                "200 people died.",
                "1,200",
                "200",
            ),
            ("Turnout was 3.5 percent.", "5 percent.", "3.5", "5"),
            ("It reached 0.5% in May.", "5% in May.", "0.5", "5"),
            ("The fund lost $1.5 million.", "5 million.", "1.5", "5"),
            ("The fund lost $1.5 million.", ".5 million.", "1.5", ".5"),
            ("The vote was 2/3 in favour.", "3 in favour.", "2/3", "3"),
            ("It began at 12:30 sharp.", "30 sharp.", "12:30", "30"),
            ("Release 1.2.3 shipped.", "3 shipped.", "1.2.3", "3"),
            (
                "The group had 10,000 fighters.",
                "000 fighters.",
                "10,000",
                "000",
            ),
            ("Pages 10-12 were lost.", "12 were lost.", "10-12", "12"),
            ("Pages 10–12 were lost.", "12 were lost.", "10–12", "12"),
            (
                "Il y avait 1\u{202F}200 morts.",
                "200 morts.",
                "1\u{202F}200",
                "200",
            ),
            ("Es waren 1'200 Tote.", "200 Tote.", "1'200", "200"),
            ("It fell to -40 degrees.", "40 degrees.", "-40", "40"),
            (
                "It fell to \u{2212}40 degrees.",
                "40 degrees.",
                "\u{2212}40",
                "40",
            ),
            ("It rose by +3 points.", "3 points.", "+3", "3"),
            ("It was (-40) then.", "40) then.", "-40", "40"),
            ("Rates of .5 percent.", "5 percent.", ".5", "5"),
            ("Taux de 3,5 pour cent.", "5 pour cent.", "3,5", "5"),
            ("A line\n-40 degrees.", "40 degrees.", "-40", "40"),
        ];
        for (source, quote, whole, quoted) in cases {
            assert_eq!(
                start_cut(source, quote),
                pair(whole, quoted),
                "{source} / {quote}"
            );
        }
    }

    #[test]
    fn a_quote_ending_inside_a_number_is_cut_for_every_separator() {
        let cases = [
            (
                "The group had 10,000 fighters.",
                "The group had 10",
                "10,000",
                "10",
            ),
            (
                "The fund lost $1.5 million.",
                "The fund lost $1",
                "1.5",
                "1",
            ),
            (
                "The fund lost $1.5 million.",
                "The fund lost $1.",
                "1.5",
                "1.",
            ),
            ("The vote was 2/3 in favour.", "The vote was 2", "2/3", "2"),
            ("It began at 12:30 sharp.", "It began at 12", "12:30", "12"),
            ("Pages 10-12 were lost.", "Pages 10", "10-12", "10"),
            (
                "It fell to -40.5 degrees.",
                "It fell to -40",
                "-40.5",
                "-40",
            ),
            ("Es waren 1’200 Tote.", "Es waren 1", "1’200", "1"),
        ];
        for (source, quote, whole, quoted) in cases {
            assert_eq!(
                end_cut(source, quote),
                pair(whole, quoted),
                "{source} / {quote}"
            );
        }
    }

    #[test]
    fn whole_numbers_and_words_around_numbers_are_no_cut() {
        // (source, quote): neither end of the quote is inside a number.
        let cases = [
            // A sentence's period followed by a space ends the number.
            ("He left in 2011. The war went on.", "He left in 2011."),
            ("He left in 2011. The war went on.", "in 2011"),
            ("He left in 2011.The war went on.", "in 2011."),
            // A range quoted whole.
            ("See pages 10-12 here.", "pages 10-12"),
            ("See pages 10-12 here.", "10-12 here"),
            // A hyphen after the number joins a word, not another number.
            ("It was a 200-page report.", "200-page report"),
            ("It was a 200-page report.", "a 200"),
            // A hyphen after a word is no sign.
            ("There were COVID-19 cases.", "19 cases"),
            ("They flew F-16 jets.", "16 jets."),
            // The sign, point or separator quoted with the number.
            ("It fell to -40 degrees.", "-40 degrees"),
            ("It fell to -40 degrees.", "to -40"),
            ("The fund lost $1.5 million.", "$1.5 million"),
            ("The fund lost $1.5 million.", "1.5 million"),
            ("Officials said 1,200 people died.", "1,200 people"),
            // Separators followed by a space separate numbers.
            ("In 2011, 200 people died.", "200 people died."),
            ("In 2011, 200 people died.", "In 2011"),
            ("Scores were 3, 4 and 5.", "4 and 5."),
            ("Scores were 3: 4 and 5.", "4 and 5."),
            // "No.5": the point after a letter is an abbreviation's.
            ("He wore No.5 that day.", "5 that day"),
            // A footnote marker is no digit of the number.
            ("It had 10² members.", "It had 10"),
            // Words that are not numbers.
            ("The price-war ended.", "war ended."),
            ("It was 5 a.m. then.", "5 a.m."),
        ];
        for (source, quote) in cases {
            assert_eq!(start_cut(source, quote), None, "start: {source} / {quote}");
            assert_eq!(end_cut(source, quote), None, "end: {source} / {quote}");
        }
    }

    #[test]
    fn a_number_cut_at_both_ends_is_one_number() {
        let s = "It cost 1,200,000 dollars.";
        let a = s.find("200").unwrap();
        let start = cut_at_start(s, a, a + 3).unwrap();
        let end = cut_at_end(s, a, a + 3).unwrap();
        assert_eq!(&s[start.number.clone()], "1,200,000");
        assert_eq!(start.number, end.number);
        assert_eq!(&s[start.quoted], "200");
    }

    #[test]
    fn number_extents_stop_at_the_text_ends_and_take_signs_only_where_they_are_signs() {
        assert_eq!(number_start("12", 1), 0);
        assert_eq!(number_end("12", 1), 2);
        assert_eq!(number_start("-5", 1), 0);
        assert_eq!(number_start("a-5", 2), 2);
        assert_eq!(number_start("3-5", 2), 0);
        assert_eq!(number_end("3-", 1), 1);
        assert_eq!(number_end("3-x", 1), 1);
        assert_eq!(number_end("1,2,", 1), 3);
        // Positions past the text are no panic.
        assert_eq!(cut_at_start("12", 5, 9), None);
        assert_eq!(cut_at_end("12", 5, 9), None);
    }
}
