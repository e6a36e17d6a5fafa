//! Word diffs as reports show them: computed on normal forms, rendered in each side's own
//! characters.
//!
//! Which words differ is decided on the normalized texts (a curly apostrophe against a straight
//! one is typography, not a change). What a reader sees must be what is there, though: equal and
//! inserted pieces are the source's own bytes (its curly apostrophes, its `²`, its hyphen
//! broken across a line), deleted pieces the quote as written. Each piece's normalized range is
//! mapped back through the side's offset map ([`NormalizedText::to_source`]). Only spacing is
//! not shown as is: a diff compares words, and every reporter shows it on one line, so a run of
//! whitespace (a line break, a tab) is shown as one space.

use crate::model::{DiffOp, DiffTag};
use crate::text::NormalizedText;

/// One side of a diff: its normalized text (a slice of `map`'s text) and where that slice lies
/// in the text `map` was built from.
pub struct Side<'a> {
    /// The full normalized text and its map back to `original`.
    pub map: &'a NormalizedText,
    /// The text `map` normalizes, from byte `base` on: the whole text, or as much of it as
    /// the diffed range maps back to (a source is not held whole).
    pub original: &'a str,
    /// Where `original` starts in the text `map` normalizes.
    pub base: usize,
    /// The normalized range `[start, end)` diffed.
    pub range: (usize, usize),
}

impl Side<'_> {
    fn norm(&self) -> &str {
        &self.map.as_str()[self.range.0..self.range.1]
    }

    /// Original-text cut points for the normalized cut points `cuts` (offsets into the diffed
    /// range, ascending, first 0 and last the range's length): each mapped back, never before the
    /// previous one, the ends being the range's own mapping.
    fn cuts(&self, cuts: &[usize]) -> Vec<usize> {
        let (a, b) = self.map.to_source(self.range.0, self.range.1);
        let mut out: Vec<usize> = Vec::with_capacity(cuts.len());
        for (k, &c) in cuts.iter().enumerate() {
            let p = if k == 0 {
                a
            } else if k + 1 == cuts.len() {
                b
            } else {
                let p = self.range.0 + c;
                self.map.to_source(p, p).0.clamp(a, b)
            };
            let floor = out.last().copied().unwrap_or(a);
            let mut p = p.max(floor);
            while !self.original.is_char_boundary(p - self.base) {
                p += 1;
            }
            out.push(p);
        }
        out
    }
}

/// Word diff from `quote` (as written) to `found` (source bytes), both whole: see
/// [`source_diff`].
pub fn text_diff(quote: &str, found: &str) -> Vec<DiffOp> {
    let (q, f) = (crate::text::normalize(quote), crate::text::normalize(found));
    let whole = |n: &NormalizedText| (0, n.as_str().len());
    source_diff(
        &Side {
            map: &q,
            original: quote,
            base: 0,
            range: whole(&q),
        },
        &Side {
            map: &f,
            original: found,
            base: 0,
            range: whole(&f),
        },
    )
}

/// Word diff from the quote side `old` to the source side `new`: decided on their normal forms,
/// equal and inserted pieces rendered from `new`'s original text, deleted pieces from `old`'s;
/// adjacent pieces of one kind merged and runs of changed words shown as one change.
pub fn source_diff(old: &Side<'_>, new: &Side<'_>) -> Vec<DiffOp> {
    let (o, n) = (old.norm(), new.norm());
    let diff = similar::TextDiff::configure().diff_words(o, n);
    let changes: Vec<(DiffTag, usize, usize)> = {
        // (tag, start, end) in the side the piece is rendered from.
        let (mut at_old, mut at_new) = (0usize, 0usize);
        diff.iter_all_changes()
            .map(|c| {
                let len = c.value().len();
                match c.tag() {
                    similar::ChangeTag::Equal => {
                        at_old += len;
                        at_new += len;
                        (DiffTag::Equal, at_new - len, at_new)
                    }
                    similar::ChangeTag::Delete => {
                        at_old += len;
                        (DiffTag::Delete, at_old - len, at_old)
                    }
                    similar::ChangeTag::Insert => {
                        at_new += len;
                        (DiffTag::Insert, at_new - len, at_new)
                    }
                }
            })
            .collect()
    };
    let render = |side: &Side<'_>, tag: DiffTag| -> Vec<usize> {
        let mut cuts = vec![0];
        for &(t, a, b) in &changes {
            if (t == DiffTag::Delete) == (tag == DiffTag::Delete) {
                if cuts.last() != Some(&a) {
                    cuts.push(a);
                }
                cuts.push(b);
            }
        }
        let len = side.range.1 - side.range.0;
        if cuts.last() != Some(&len) {
            cuts.push(len);
        }
        cuts.dedup();
        cuts
    };
    let new_cuts = render(new, DiffTag::Insert);
    let old_cuts = render(old, DiffTag::Delete);
    let new_at = new.cuts(&new_cuts);
    let old_at = old.cuts(&old_cuts);
    let text = |side: &Side<'_>, cuts: &[usize], at: &[usize], a: usize, b: usize| -> String {
        let i = cuts.partition_point(|&c| c < a);
        let j = cuts.partition_point(|&c| c < b);
        one_line(&side.original[at[i] - side.base..at[j].max(at[i]) - side.base])
    };
    let mut ops: Vec<DiffOp> = Vec::new();
    for &(tag, a, b) in &changes {
        let piece = match tag {
            DiffTag::Delete => text(old, &old_cuts, &old_at, a, b),
            _ => text(new, &new_cuts, &new_at, a, b),
        };
        push(&mut ops, tag, &piece);
    }
    merge_change_runs(ops)
}

/// `text` with every run of whitespace as one space.
pub(super) fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            if !space {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
    out
}

/// Append `text` as a `tag` piece, merged into the last piece when that has the same tag.
pub fn push(ops: &mut Vec<DiffOp>, tag: DiffTag, text: &str) {
    if text.is_empty() {
        return;
    }
    match ops.last_mut() {
        Some(last) if last.op == tag => last.text.push_str(text),
        _ => ops.push(DiffOp {
            op: tag,
            text: text.to_string(),
        }),
    }
}

/// Fold whitespace-only equal pieces between changes into the changes, so a run of changed
/// words reads as one `[-old words-]{+new words+}` instead of a word-by-word staircase.
pub fn merge_change_runs(ops: Vec<DiffOp>) -> Vec<DiffOp> {
    let mut out: Vec<DiffOp> = Vec::new();
    let mut del = String::new();
    let mut ins = String::new();
    let mut gap = String::new(); // whitespace seen since the last change, not yet placed
    let flush = |out: &mut Vec<DiffOp>, del: &mut String, ins: &mut String| {
        for (op, text) in [(DiffTag::Delete, del), (DiffTag::Insert, ins)] {
            if !text.is_empty() {
                out.push(DiffOp {
                    op,
                    text: std::mem::take(text),
                });
            }
        }
    };
    for op in ops {
        match op.op {
            DiffTag::Equal if op.text.trim().is_empty() && !(del.is_empty() && ins.is_empty()) => {
                gap.push_str(&op.text)
            }
            DiffTag::Equal => {
                flush(&mut out, &mut del, &mut ins);
                push(&mut out, DiffTag::Equal, &std::mem::take(&mut gap));
                push(&mut out, DiffTag::Equal, &op.text);
            }
            DiffTag::Delete | DiffTag::Insert => {
                if !gap.is_empty() {
                    del.push_str(&gap);
                    ins.push_str(&gap);
                    gap.clear();
                }
                if op.op == DiffTag::Delete {
                    del.push_str(&op.text)
                } else {
                    ins.push_str(&op.text)
                }
            }
        }
    }
    flush(&mut out, &mut del, &mut ins);
    push(&mut out, DiffTag::Equal, &gap);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::normalize;

    fn side<'a>(map: &'a NormalizedText, original: &'a str) -> Side<'a> {
        Side {
            map,
            original,
            base: 0,
            range: (0, map.as_str().len()),
        }
    }

    fn show(ops: &[DiffOp]) -> String {
        ops.iter()
            .map(|d| match d.op {
                DiffTag::Equal => d.text.clone(),
                DiffTag::Delete => format!("[-{}-]", d.text),
                DiffTag::Insert => format!("{{+{}+}}", d.text),
            })
            .collect()
    }

    #[test]
    fn each_side_is_shown_in_its_own_characters() {
        let quote = "they don't know it's true, — said";
        let source = "they don’t know that it’s true,\n  — said";
        let (q, s) = (normalize(quote), normalize(source));
        let ops = source_diff(&side(&q, quote), &side(&s, source));
        assert_eq!(show(&ops), "they don’t know {+that +}it’s true, — said");
        // The source side is the source, its spacing aside.
        let new: String = ops
            .iter()
            .filter(|d| d.op != DiffTag::Delete)
            .map(|d| d.text.as_str())
            .collect();
        assert_eq!(new, one_line(source));
    }

    #[test]
    fn a_deleted_piece_is_the_quote_as_written() {
        let quote = "the group’s “real” aim";
        let source = "the group's aim";
        let (q, s) = (normalize(quote), normalize(source));
        let ops = source_diff(&side(&q, quote), &side(&s, source));
        assert_eq!(show(&ops), "the group's [-“real” -]aim");
    }
}
