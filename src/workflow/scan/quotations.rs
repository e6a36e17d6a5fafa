//! Finding the quotations in a manuscript (plain text or Markdown).
//!
//! A quotation is a passage in double quotation marks, straight (`"…"`) or curly (`“…”`), or a
//! Markdown block quote (lines starting with `>`). Single quotation marks inside a quotation are
//! part of it (a quote within the quote), and outside one they are left alone: an apostrophe
//! (`Iran's`) and a single-quoted term cannot be told apart reliably, and a paraphrase, which
//! carries no quotation marks, is not a quotation at all. Fenced code blocks are skipped.
//! Locating the quotations is the pipeline's job (`judge::locate_text`); this module only reads.

use crate::model::Span;

/// One quotation found in a manuscript.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quotation {
    /// The quoted words, without the quotation marks; a block quote's lines joined by spaces.
    pub text: String,
    /// Byte range of the quoted words in the manuscript.
    pub span: Span,
    /// 1-based line of the manuscript where the quotation starts.
    pub line: usize,
    /// True for a Markdown block quote.
    pub block: bool,
}

/// Every quotation in `text`, in order of appearance.
pub fn quotations(text: &str) -> Vec<Quotation> {
    let mut out = Vec::new();
    let mut in_fence = false;
    let mut block: Option<(usize, usize, String)> = None; // (start, end, joined text)
    let mut para_start: Option<usize> = None;
    let mut offset = 0;
    let flush_para = |out: &mut Vec<Quotation>, start: Option<usize>, end: usize| {
        if let Some(s) = start {
            inline(text, s, end, out);
        }
    };
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let trimmed = body.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            flush_para(&mut out, para_start.take(), start);
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        let indent = body.len() - trimmed.len();
        if indent <= 3 && trimmed.starts_with('>') {
            flush_para(&mut out, para_start.take(), start);
            let inner = trimmed.trim_start_matches(['>', ' ']).trim_end();
            let inner_start = start + (body.len() - trimmed.trim_start_matches(['>', ' ']).len());
            if inner.is_empty() {
                // An empty `>` line separates paragraphs of a block quote: one quotation each.
                if let Some(b) = block.take() {
                    push_block(text, b, &mut out);
                }
                continue;
            }
            match &mut block {
                Some((_, end, joined)) => {
                    joined.push(' ');
                    joined.push_str(inner);
                    *end = inner_start + inner.len();
                }
                None => block = Some((inner_start, inner_start + inner.len(), inner.to_string())),
            }
            continue;
        }
        if let Some(b) = block.take() {
            push_block(text, b, &mut out);
        }
        if trimmed.is_empty() {
            flush_para(&mut out, para_start.take(), start);
        } else if para_start.is_none() {
            para_start = Some(start);
        }
    }
    if let Some(b) = block.take() {
        push_block(text, b, &mut out);
    }
    flush_para(&mut out, para_start.take(), text.len());
    out.sort_by_key(|q| q.span.start);
    out
}

fn push_block(text: &str, (start, end, joined): (usize, usize, String), out: &mut Vec<Quotation>) {
    // A block quote that is itself one quotation in marks is that quotation.
    let t = crate::text::strip_quotation_marks(&joined).to_string();
    if !t.is_empty() {
        out.push(Quotation {
            text: t,
            span: Span::new(start, end),
            line: crate::text::line_col(text, start).0,
            block: true,
        });
    }
}

/// Double-quoted passages in the paragraph `text[from..to]`. A quotation still open at the end
/// of its paragraph ends there (the convention for quotes running over several paragraphs).
fn inline(text: &str, from: usize, to: usize, out: &mut Vec<Quotation>) {
    let para = &text[from..to];
    let mut open: Option<(char, usize, usize)> = None; // (opening mark, start, nesting depth)
    for (i, c) in para.char_indices() {
        match (open, c) {
            (None, '"' | '\u{201C}') => open = Some((c, i + c.len_utf8(), 0)),
            (Some((m, s, d)), '\u{201C}') if m != '"' => open = Some((m, s, d + 1)),
            (Some((m, s, d)), '\u{201D}') if m != '"' && d > 0 => open = Some((m, s, d - 1)),
            (Some(('"', s, _)), '"') | (Some((_, s, 0)), '\u{201D}' | '"') => {
                push_inline(text, from + s, from + i, out);
                open = None;
            }
            _ => {}
        }
    }
    if let Some((_, s, _)) = open {
        push_inline(text, from + s, to, out);
    }
}

fn push_inline(text: &str, start: usize, end: usize, out: &mut Vec<Quotation>) {
    let raw = &text[start..end];
    let lead = raw.len() - raw.trim_start().len();
    let t = raw.trim();
    if t.is_empty() {
        return;
    }
    out.push(Quotation {
        text: t.split_whitespace().collect::<Vec<_>>().join(" "),
        span: Span::new(start + lead, start + lead + t.len()),
        line: crate::text::line_col(text, start + lead).0,
        block: false,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        quotations(s).into_iter().map(|q| q.text).collect()
    }

    #[test]
    fn straight_and_curly_double_quotes() {
        assert_eq!(
            texts("He said \"no support here\" and “far more likely” too."),
            ["no support here", "far more likely"]
        );
    }

    #[test]
    fn nested_single_quotes_stay_inside() {
        assert_eq!(
            texts("It said “the ‘Mujahedin-e Khalq’ (MEK) group” and \"the 'People's' army\"."),
            ["the ‘Mujahedin-e Khalq’ (MEK) group", "the 'People's' army"]
        );
    }

    #[test]
    fn apostrophes_and_paraphrases_are_not_quotations() {
        assert!(texts("Iran's MEK has no popular support, the cable's authors said.").is_empty());
    }

    #[test]
    fn markdown_block_quotes_and_fences() {
        let md = "Intro line.\n\n> They have no support\n> in Iran.\n>\n> Nobody likes them.\n\n```\n\"code\"\n```\nafter \"this one\"\n";
        let q = quotations(md);
        let t: Vec<&str> = q.iter().map(|q| q.text.as_str()).collect();
        assert_eq!(
            t,
            [
                "They have no support in Iran.",
                "Nobody likes them.",
                "this one"
            ]
        );
        assert!(q[0].block && q[0].line == 3);
        assert_eq!(&md[q[2].span.start..q[2].span.end], "this one");
    }

    #[test]
    fn unclosed_quote_ends_with_its_paragraph() {
        assert_eq!(texts("“one two three\n\nnext"), ["one two three"]);
    }
}
