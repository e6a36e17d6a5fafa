//! Superscript and subscript markup (`<sup>`, `<sub>`) read as text that stays distinct from
//! ordinary text, so `10<sup>4</sup>` never reads as the number `104`, nor `km<sup>2</sup>`
//! as `km2`.
//!
//! A run of characters inside the element (up to whitespace) whose every character has a
//! Unicode superscript (subscript) form is written in that form: digits, `+ - = ( )` and, for
//! superscripts, `n` and `i`; for subscripts, `a e o x ə h k l m n p s t` (`10⁴`, `km²`,
//! `H₂O`, `xⁿ⁺¹`). These are exactly the forms normalization keeps as themselves (it does not
//! fold them back into plain digits and letters). A run with any other character (`1<sup>st</sup>`,
//! `<sup>[12]</sup>`, `<sup>†</sup>`) stays as written; the readers set it off by a space from
//! a word it would otherwise run into (`1 st`), on either side, so it never becomes part of a
//! word of the text (`[12]`, which starts with a bracket, stays attached: a footnote marker).

/// Which of the two the text is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Script {
    /// `<sup>`.
    Super,
    /// `<sub>`.
    Sub,
}

impl Script {
    /// The script an element name sets (`sup`, `sub`, any case), if any.
    pub(crate) fn of(name: &str) -> Option<Script> {
        if name.eq_ignore_ascii_case("sup") {
            Some(Script::Super)
        } else if name.eq_ignore_ascii_case("sub") {
            Some(Script::Sub)
        } else {
            None
        }
    }

    /// The form of `c` in this script: itself when it already is a superscript or subscript
    /// character normalization keeps, `None` when Unicode has no form normalization keeps.
    pub(crate) fn form(self, c: char) -> Option<char> {
        if crate::text::normalize::is_super_or_subscript(c) {
            return Some(c);
        }
        let digits: [char; 10] = match self {
            Script::Super => [
                '\u{2070}', '\u{00B9}', '\u{00B2}', '\u{00B3}', '\u{2074}', '\u{2075}', '\u{2076}',
                '\u{2077}', '\u{2078}', '\u{2079}',
            ],
            Script::Sub => [
                '\u{2080}', '\u{2081}', '\u{2082}', '\u{2083}', '\u{2084}', '\u{2085}', '\u{2086}',
                '\u{2087}', '\u{2088}', '\u{2089}',
            ],
        };
        if let Some(d) = c.to_digit(10) {
            return Some(digits[d as usize]);
        }
        let sup = self == Script::Super;
        Some(match c {
            '+' => pick(sup, '\u{207A}', '\u{208A}'),
            // A hyphen or a minus sign: the superscript minus.
            '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2212}' => {
                pick(sup, '\u{207B}', '\u{208B}')
            }
            '=' => pick(sup, '\u{207C}', '\u{208C}'),
            '(' => pick(sup, '\u{207D}', '\u{208D}'),
            ')' => pick(sup, '\u{207E}', '\u{208E}'),
            'n' if sup => '\u{207F}',
            'i' if sup => '\u{2071}',
            _ if sup => return None,
            'a' => '\u{2090}',
            'e' => '\u{2091}',
            'o' => '\u{2092}',
            'x' => '\u{2093}',
            '\u{0259}' => '\u{2094}',
            'h' => '\u{2095}',
            'k' => '\u{2096}',
            'l' => '\u{2097}',
            'm' => '\u{2098}',
            'n' => '\u{2099}',
            'p' => '\u{209A}',
            's' => '\u{209B}',
            't' => '\u{209C}',
            _ => return None,
        })
    }

    /// `run` (no whitespace) in this script when every character has a form, else `None`.
    pub(crate) fn run(self, run: &str) -> Option<String> {
        run.chars().map(|c| self.form(c)).collect()
    }
}

fn pick(sup: bool, a: char, b: char) -> char {
    if sup {
        a
    } else {
        b
    }
}

/// Whether a run kept as written (no script form) would fuse with a neighbouring word: both
/// characters are letters or digits.
pub(crate) fn would_fuse(a: Option<char>, b: Option<char>) -> bool {
    matches!((a, b), (Some(a), Some(b)) if a.is_alphanumeric() && b.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_with_forms_are_written_in_them_and_others_are_not() {
        assert_eq!(Script::Super.run("4").as_deref(), Some("\u{2074}"));
        assert_eq!(
            Script::Super.run("-12").as_deref(),
            Some("\u{207B}\u{B9}\u{B2}")
        );
        assert_eq!(
            Script::Super.run("n+1").as_deref(),
            Some("\u{207F}\u{207A}\u{B9}")
        );
        assert_eq!(Script::Sub.run("2").as_deref(), Some("\u{2082}"));
        assert_eq!(
            Script::Sub.run("max").as_deref(),
            Some("\u{2098}\u{2090}\u{2093}")
        );
        assert_eq!(Script::Super.run("\u{B2}").as_deref(), Some("\u{B2}"));
        assert_eq!(Script::Super.run("st"), None);
        assert_eq!(Script::Super.run("[12]"), None);
        assert_eq!(Script::Sub.run("i"), None);
        // Non-ASCII digits have no form here: kept as written.
        assert_eq!(Script::Super.run("\u{0664}"), None);
        assert!(would_fuse(Some('1'), Some('s')));
        assert!(!would_fuse(Some('d'), Some('[')));
        assert!(!would_fuse(None, Some('a')));
    }
}
