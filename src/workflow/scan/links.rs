//! Which web page a manuscript's quotation cites: the link its sentence carries, else the one
//! its paragraph carries (for a block quote: its own, else the paragraph leading into it, else
//! the one right after it, where an attribution goes).
//!
//! Links are read with a CommonMark parser (inline links, reference links, autolinks) plus
//! `<a href>` in raw HTML (not inside an HTML comment), and only `http`/`https` ones count. A place with two different
//! links is not resolved: which one the quotation comes from is for a person to say, never
//! guessed.

use pulldown_cmark::{Event, LinkType, Parser, Tag};

use crate::model::Span;

/// A link of the manuscript: where it is and where it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// Byte range of the link in the manuscript.
    pub span: Span,
    /// The URL.
    pub url: String,
}

/// What the text around a quotation links to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cited {
    /// One page.
    Url(String),
    /// Nothing: no link near it.
    NoLink,
    /// Several different pages in the same place: a person must choose.
    Several(Vec<String>),
}

/// The manuscript's links and paragraphs (byte ranges of paragraphs and block quotes).
#[derive(Debug, Default)]
pub struct Links {
    links: Vec<Link>,
    blocks: Vec<Span>,
}

fn web(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// `href` values in a piece of raw HTML, with their offsets in it.
fn hrefs(html: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let lower = html.to_ascii_lowercase();
    let mut at = 0;
    while let Some(i) = lower[at..].find("href") {
        let mut j = at + i + 4;
        at = j;
        let rest = &html[j..];
        let skipped = rest.len() - rest.trim_start().len();
        j += skipped;
        if !html[j..].starts_with('=') {
            continue;
        }
        j += 1;
        let rest = &html[j..];
        j += rest.len() - rest.trim_start().len();
        let value = match html[j..].chars().next() {
            Some(q @ ('"' | '\'')) => html[j + 1..].split(q).next().unwrap_or(""),
            Some(_) => html[j..]
                .split(|c: char| c.is_whitespace() || c == '>')
                .next()
                .unwrap_or(""),
            None => "",
        };
        out.push((j, value.to_string()));
    }
    out
}

/// The web links of a piece of raw HTML starting at byte `at` of the manuscript; a link inside
/// an HTML comment (`<!-- <a href=…> -->`) is commented out, not cited.
fn html_links(html: &str, at: usize, links: &mut Vec<Link>) {
    let mut visible = html.as_bytes().to_vec();
    let mut from = 0;
    while let Some(i) = html[from..].find("<!--") {
        let start = from + i;
        let end = html[start + 4..]
            .find("-->")
            .map_or(html.len(), |j| start + 4 + j + 3);
        visible[start..end].fill(b' ');
        from = end;
    }
    // Only ASCII was replaced, by ASCII: still UTF-8, offsets unchanged.
    let visible = String::from_utf8(visible).unwrap_or_default();
    for (off, url) in hrefs(&visible) {
        if web(&url) {
            let start = at + off.min(html.len());
            links.push(Link {
                span: Span::new(start, start + url.len().min(at + html.len() - start)),
                url: url.trim().to_string(),
            });
        }
    }
}

impl Links {
    /// Read the links and paragraphs of a Markdown (or plain text) manuscript.
    pub fn read(text: &str) -> Links {
        let mut links = Vec::new();
        let mut blocks = Vec::new();
        let parser = Parser::new_ext(text, super::quotations::markdown_options());
        for (event, range) in parser.into_offset_iter() {
            match event {
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    ..
                }) if link_type != LinkType::Email && web(&dest_url) => links.push(Link {
                    span: Span::new(range.start, range.end),
                    url: dest_url.trim().to_string(),
                }),
                Event::Start(Tag::Paragraph | Tag::BlockQuote(_) | Tag::Item) => {
                    blocks.push(Span::new(range.start, range.end));
                }
                // A block's raw text as a whole (its events come a line at a time, and a
                // comment may run over several lines).
                Event::Start(Tag::HtmlBlock) => {
                    html_links(&text[range.clone()], range.start, &mut links)
                }
                Event::InlineHtml(h) => html_links(&h, range.start, &mut links),
                _ => {}
            }
        }
        links.sort_by_key(|l| l.span.start);
        Links { links, blocks }
    }

    /// The innermost paragraph (or list item, or block quote) holding `span`.
    fn block_of(&self, span: Span) -> Option<Span> {
        self.blocks
            .iter()
            .filter(|b| b.start <= span.start && span.end <= b.end)
            .min_by_key(|b| b.len())
            .copied()
    }

    /// The distinct URLs of the links inside `within`.
    fn urls_in(&self, within: Span) -> Vec<String> {
        let mut urls: Vec<String> = self
            .links
            .iter()
            .filter(|l| within.start <= l.span.start && l.span.end <= within.end)
            .map(|l| l.url.clone())
            .collect();
        urls.sort();
        urls.dedup();
        urls
    }

    /// What the quotation at `span` of `text` cites (see the module docs).
    pub fn cited(&self, text: &str, span: Span, block: bool) -> Cited {
        let verdict = |urls: Vec<String>| match urls.len() {
            0 => None,
            1 => urls.into_iter().next().map(Cited::Url),
            _ => Some(Cited::Several(urls)),
        };
        let Some(para) = self.block_of(span) else {
            return Cited::NoLink;
        };
        if block {
            // The block quote's own links, then the paragraph leading into it, then the one
            // right after (an attribution line).
            let quote = self
                .blocks
                .iter()
                .filter(|b| b.start <= span.start && span.end <= b.end)
                .max_by_key(|b| b.len())
                .copied()
                .unwrap_or(para);
            if let Some(c) = verdict(self.urls_in(quote)) {
                return c;
            }
            let before = self
                .blocks
                .iter()
                .filter(|b| b.end <= quote.start && text[b.end..quote.start].trim().is_empty())
                .max_by_key(|b| b.end)
                .copied();
            let after = self
                .blocks
                .iter()
                .filter(|b| b.start >= quote.end && text[quote.end..b.start].trim().is_empty())
                .min_by_key(|b| b.start)
                .copied();
            for b in [before, after].into_iter().flatten() {
                if let Some(c) = verdict(self.urls_in(b)) {
                    return c;
                }
            }
            return Cited::NoLink;
        }
        let sentence = sentence_of(text, para, span);
        verdict(self.urls_in(sentence))
            .or_else(|| verdict(self.urls_in(para)))
            .unwrap_or(Cited::NoLink)
    }
}

/// The sentence of paragraph `para` holding `span`: from after the last sentence end before it
/// (`.`, `!` or `?` then white space, outside the quotation) to the first one after it.
fn sentence_of(text: &str, para: Span, span: Span) -> Span {
    let ends = |s: &str| -> Vec<usize> {
        let b = s.as_bytes();
        (0..b.len().saturating_sub(1))
            .filter(|&i| matches!(b[i], b'.' | b'!' | b'?') && b[i + 1].is_ascii_whitespace())
            .map(|i| i + 1)
            .collect()
    };
    let start = ends(&text[para.start..span.start])
        .last()
        .map_or(para.start, |i| para.start + i);
    let end = ends(&text[span.end..para.end])
        .first()
        .map_or(para.end, |i| span.end + i);
    Span::new(start, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cited(text: &str, quote: &str) -> Cited {
        let at = text.find(quote).unwrap();
        let block = text[..at].trim_end_matches(' ').ends_with('>');
        Links::read(text).cited(text, Span::new(at, at + quote.len()), block)
    }

    #[test]
    fn the_sentence_link_wins_then_the_paragraph_link() {
        let text = "The cable says \"they have no support\" ([cable](https://example.org/cable)). \
                    Another source says \"it is popular\" per <https://example.org/other>.\n\n\
                    No link for \"this one here\".\n\n\
                    A paragraph with [a page](http://example.org/p). Later it says \"four words in it\".\n";
        assert_eq!(
            cited(text, "they have no support"),
            Cited::Url("https://example.org/cable".into())
        );
        assert_eq!(
            cited(text, "it is popular"),
            Cited::Url("https://example.org/other".into())
        );
        assert_eq!(cited(text, "this one here"), Cited::NoLink);
        assert_eq!(
            cited(text, "four words in it"),
            Cited::Url("http://example.org/p".into())
        );
    }

    #[test]
    fn two_pages_in_one_place_are_not_guessed() {
        let text = "Both [one](https://a.example/1) and [two](https://b.example/2) say \"the same words here\".\n";
        assert_eq!(
            cited(text, "the same words here"),
            Cited::Several(vec![
                "https://a.example/1".into(),
                "https://b.example/2".into()
            ])
        );
    }

    #[test]
    fn a_block_quote_takes_its_lead_in_or_attribution_link_and_html_links_count() {
        let text = "As the <a href=\"https://example.org/cable\">cable</a> put it:\n\n\
                    > Iranians were almost uniformly dismissive.\n\n\
                    Next paragraph [elsewhere](https://example.org/x).\n";
        assert_eq!(
            cited(text, "Iranians were almost uniformly dismissive."),
            Cited::Url("https://example.org/cable".into())
        );
        let text = "> Quoted words without a link here.\n\n— [the cable](https://example.org/c)\n";
        assert_eq!(
            cited(text, "Quoted words without a link here."),
            Cited::Url("https://example.org/c".into())
        );
    }

    #[test]
    fn a_link_in_an_html_comment_is_not_cited() {
        let text = "<!-- old source:\n<a href=\"https://old.example/x\">x</a>\n-->\n\n\
                    The cable <!-- <a href=\"https://old.example/y\">y</a> --> says \"four quoted words here\" \
                    (<a href=\"https://example.org/cable\">cable</a>).\n";
        assert_eq!(
            cited(text, "four quoted words here"),
            Cited::Url("https://example.org/cable".into())
        );
        let urls: Vec<String> = Links::read(text).links.into_iter().map(|l| l.url).collect();
        assert_eq!(urls, ["https://example.org/cable"]);
    }

    #[test]
    fn only_web_links_count_and_code_is_not_a_link() {
        let text = "See [mail](mailto:a@b.c) and [file](file:///etc/passwd), and `[x](https://e.org)`: \"some quoted words here\".\n";
        assert_eq!(cited(text, "some quoted words here"), Cited::NoLink);
    }
}
