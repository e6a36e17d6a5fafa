//! What an element's markup says about reading its text, shared by the HTML reader and the
//! inline HTML tags of Markdown: inline styles that hide text or strike it out, and a small
//! reader of one tag (`<del>`, `<span hidden>`, `</sup>`) as Markdown hands it over.

/// Whether an inline style hides the element: `display:none`, `visibility:hidden` or
/// `visibility:collapse`, or text drawn at no size or fully transparent (`font-size:0`,
/// `opacity:0`), in any case and spacing. A reader sees none of it, so the page does not say
/// it to them.
pub(crate) fn style_hides(css: &str) -> bool {
    let css: String = css
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    let zero = |value: &str| {
        let number: String = value
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        !number.is_empty() && number.parse::<f64>().is_ok_and(|n| n == 0.0)
    };
    css.contains("display:none")
        || css.contains("visibility:hidden")
        || css.contains("visibility:collapse")
        || css.split(';').any(|decl| {
            decl.split_once(':').is_some_and(|(name, value)| {
                matches!(name, "font-size" | "opacity") && zero(value.trim_start_matches('+'))
            })
        })
}

/// Whether a `class` attribute names one of the conventional classes that hide an element
/// from sighted readers (Bootstrap's `d-none`, `hidden`, `invisible`, `sr-only`,
/// `visually-hidden`; WordPress's `screen-reader-text`). A stylesheet is not read, so other
/// classes are not known to hide; these are, on almost every site that uses them.
pub(crate) fn class_hides(classes: &str) -> bool {
    classes.split_ascii_whitespace().any(|c| {
        matches!(
            c.to_ascii_lowercase().as_str(),
            "d-none"
                | "hidden"
                | "invisible"
                | "sr-only"
                | "visually-hidden"
                | "screen-reader-text"
        )
    })
}

/// Whether an inline style draws a line through the text: a `text-decoration` or
/// `text-decoration-line` declaration (vendor prefixes too) naming `line-through`, in any
/// case and spacing. Such text is struck out as `<del>` is; a child cannot take the line off.
pub(crate) fn style_strikes(css: &str) -> bool {
    let css = css.to_ascii_lowercase();
    css.split(';').any(|decl| {
        decl.split_once(':').is_some_and(|(name, value)| {
            let name = name.trim();
            (name.ends_with("text-decoration") || name.ends_with("text-decoration-line"))
                && value.contains("line-through")
        })
    })
}

/// Elements whose text is struck out: deleted from what the document says (`ins`, inserted
/// text, is the document's current text and stays).
pub(crate) fn struck(name: &str) -> bool {
    matches!(name, "del" | "s" | "strike")
}

/// One HTML tag written inline, as read from its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Tag {
    /// `<name ...>`: its lowercased name and whether its attributes hide or strike its text
    /// (`hidden`, `aria-hidden="true"`, a hiding or striking style, or a struck element).
    Open { name: String, drops: bool },
    /// `</name>`, lowercased.
    Close(String),
}

/// Read `raw`, one inline HTML tag (`<span hidden>`, `</del>`); `None` for anything else
/// (a comment, a declaration, a self-closing tag, which holds no text).
pub(crate) fn tag(raw: &str) -> Option<Tag> {
    let raw = raw.trim();
    let inner = raw.strip_prefix('<')?.strip_suffix('>')?;
    if let Some(rest) = inner.strip_prefix('/') {
        let name = rest.trim();
        let ok = !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        return ok.then(|| Tag::Close(name.to_ascii_lowercase()));
    }
    if inner.ends_with('/') {
        return None;
    }
    let b = inner.as_bytes();
    let mut i = b
        .iter()
        .position(|&c| c.is_ascii_whitespace() || c == b'/')
        .unwrap_or(b.len());
    let name = inner[..i].to_ascii_lowercase();
    if name.is_empty() || !name.bytes().next().is_some_and(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let mut drops = struck(&name);
    // Attributes: name, optionally `=` and a value (quoted with `"` or `'`, or bare).
    while i < b.len() {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'/') {
            i += 1;
        }
        let attr = inner[start..i].to_ascii_lowercase();
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = "";
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            match b.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    let end = memchr::memchr(q, &b[i + 1..]).map_or(b.len(), |k| i + 1 + k);
                    value = &inner[i + 1..end];
                    i = (end + 1).min(b.len());
                }
                _ => {
                    let s = i;
                    while i < b.len() && !b[i].is_ascii_whitespace() {
                        i += 1;
                    }
                    value = &inner[s..i];
                }
            }
        }
        drops |= match attr.as_str() {
            "hidden" => true,
            "aria-hidden" => value.trim().eq_ignore_ascii_case("true"),
            "style" => style_hides(value) || style_strikes(value),
            "class" => class_hides(value),
            _ => false,
        };
        if start == i {
            i += 1;
        }
    }
    Some(Tag::Open { name, drops })
}

/// Elements a browser re-opens in the next block when one is left open at a block's end (the
/// HTML parser's "formatting elements"); any other open inline element ends with its block.
pub(crate) fn reopened(name: &str) -> bool {
    matches!(
        name,
        "a" | "b"
            | "big"
            | "code"
            | "em"
            | "font"
            | "i"
            | "nobr"
            | "s"
            | "small"
            | "strike"
            | "strong"
            | "tt"
            | "u"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(name: &str, drops: bool) -> Option<Tag> {
        Some(Tag::Open {
            name: name.into(),
            drops,
        })
    }

    #[test]
    fn tags_and_what_their_attributes_say() {
        assert_eq!(tag("<del>"), open("del", true));
        assert_eq!(tag("<S>"), open("s", true));
        assert_eq!(tag("<ins>"), open("ins", false));
        assert_eq!(tag("<span hidden>"), open("span", true));
        assert_eq!(tag("<span HIDDEN=\"until-found\">"), open("span", true));
        assert_eq!(tag("<span aria-hidden='true'>"), open("span", true));
        assert_eq!(tag("<span title='hidden'>"), open("span", false));
        assert_eq!(
            tag("<span style=\"Text-Decoration : underline LINE-THROUGH\">"),
            open("span", true)
        );
        assert_eq!(
            tag("<span style='text-decoration-line:line-through'>"),
            open("span", true)
        );
        assert_eq!(tag("<span style='display: none'>"), open("span", true));
        assert_eq!(tag("<span style='color:red'>"), open("span", false));
        assert_eq!(tag("<sup>"), open("sup", false));
        assert_eq!(tag("</Del >"), Some(Tag::Close("del".into())));
        assert_eq!(tag("<br/>"), None);
        assert_eq!(tag("<!-- x -->"), None);
    }

    #[test]
    fn styles() {
        assert!(style_strikes("color: red; text-decoration: line-through"));
        assert!(style_strikes("-webkit-text-decoration-line: line-through"));
        assert!(!style_strikes("text-decoration: underline"));
        assert!(!style_strikes("content: 'line-through'"));
        assert!(style_hides("DISPLAY : NONE"));
        assert!(!style_hides("display: block"));
        assert!(style_hides("font-size: 0"));
        assert!(style_hides("color:red; FONT-SIZE:0px"));
        assert!(style_hides("opacity: 0.0"));
        assert!(!style_hides("opacity: 0.5"));
        assert!(!style_hides("font-size: 0.8em"));
        assert!(class_hides("btn sr-only"));
        assert!(class_hides("Visually-Hidden"));
        assert!(!class_hides("hidden-xs lead"));
    }
}
