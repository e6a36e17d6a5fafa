//! `scan` reads a manuscript as CommonMark (issue 15): quotation marks count only in the prose
//! a reader sees. Quoted words inside link titles and destinations, inline code, fenced and
//! indented code blocks, HTML comments and blocks, image descriptions and front matter are never
//! taken for quotations — nor do their stray marks pair up with a real quotation — while every
//! ordinary quotation is still found, at its exact line, column and bytes in the manuscript.

mod common;

use citecheck::workflow::scan::quotations::{quotations, quotations_in, Manuscript, Quotation};
use common::{example_sandbox, run};

fn texts(md: &str) -> Vec<String> {
    quotations(md).into_iter().map(|q| q.text).collect()
}

/// Where `q` is in `md`: its bytes, line and column.
fn at<'a>(md: &'a str, q: &Quotation) -> (&'a str, usize, usize) {
    (&md[q.span.start..q.span.end], q.line, q.column)
}

/// Each construct holds quoted words (`hidden words here`) that must not be taken; the prose
/// after it holds a real quotation that must be, alone and whole.
#[test]
fn quoted_words_outside_prose_are_never_quotations() {
    let cases: &[(&str, &str)] = &[
        (
            "link title",
            "See [the cable](https://example.org/c \"hidden words here\") which says \"real words here\".\n",
        ),
        (
            "reference definition title",
            "See [the cable][c], which says \"real words here\".\n\n[c]: https://example.org/c \"hidden words here\"\n",
        ),
        (
            "link destination",
            "See [the cable](<https://example.org/\"hidden words here\">) which says \"real words here\".\n",
        ),
        (
            "autolink",
            "See <https://example.org/?q=\"hidden> which says \"real words here\".\n",
        ),
        (
            "inline code",
            "Type `\"hidden words here\"` or `\"`; the cable says \"real words here\".\n",
        ),
        (
            "fenced code block",
            "```toml\ntext = \"hidden words here\"\n```\n\nThe cable says \"real words here\".\n",
        ),
        (
            "tilde fence in a list",
            "- item\n\n  ~~~\n  \"hidden words here\n  ~~~\n\nThe cable says \"real words here\".\n",
        ),
        (
            "indented code block",
            "Intro.\n\n    let s = \"hidden words here\";\n    let t = \"\n\nThe cable says \"real words here\".\n",
        ),
        (
            "HTML comment block",
            "<!-- draft: \"hidden words here\"\n     and an unclosed \" mark -->\n\nThe cable says \"real words here\".\n",
        ),
        (
            "inline HTML comment over two lines",
            "The cable <!-- not \"hidden words\nhere\" and \" --> says \"real words here\".\n",
        ),
        (
            "raw HTML block",
            "<div class=\"note\" title=\"hidden words here\">\n<p>\"hidden words here\"</p>\n</div>\n\nThe cable says \"real words here\".\n",
        ),
        (
            "inline HTML attribute",
            "The <abbr title=\"hidden words here\">cable</abbr> says \"real words here\".\n",
        ),
        (
            "image description",
            "![a chart of \"hidden words here](chart.png) The cable says \"real words here\".\n",
        ),
        (
            "YAML front matter",
            "---\ntitle: \"hidden words here\"\nnote: \"\n---\n\nThe cable says \"real words here\".\n",
        ),
        (
            "TOML front matter",
            "+++\ntitle = \"hidden words here\"\n+++\n\nThe cable says \"real words here\".\n",
        ),
    ];
    for (name, md) in cases {
        let q = quotations(md);
        let t: Vec<&str> = q.iter().map(|q| q.text.as_str()).collect();
        assert_eq!(t, ["real words here"], "{name}: {md}");
        let real = md.rfind("real words here").unwrap();
        assert_eq!(
            (q[0].span.start, q[0].span.end),
            (real, real + "real words here".len()),
            "{name}"
        );
        assert!(!q[0].block, "{name}");
    }
}

#[test]
fn ordinary_quotations_are_found_at_their_exact_place() {
    let md = "# A heading with “four words in it”\n\
              \n\
              The cable says “to the extent *Iranians* know\n\
              about this group” and, with a [link](https://e.org \"t\"), \"[linked words](https://e.org) here\".\n\
              \n\
              - a list item: \"listed quoted words\"\n\
              \n\
              | Col | Quote |\n\
              |-----|-------|\n\
              | 1 | \"a table cell quote\" |\n\
              \n\
              Entities: &quot;entity quoted words&quot; and an escaped \\\"escaped quoted words\\\".\n\
              \n\
              Ünïcödé before “words after accents” here.\n";
    let q = quotations(md);
    let got: Vec<(&str, &str, usize, usize)> = q
        .iter()
        .map(|q| {
            let (bytes, line, col) = at(md, q);
            (q.text.as_str(), bytes, line, col)
        })
        .collect();
    assert_eq!(
        got,
        [
            ("four words in it", "four words in it", 1, 19),
            (
                "to the extent Iranians know about this group",
                "to the extent *Iranians* know\nabout this group",
                3,
                17
            ),
            (
                "linked words here",
                "linked words](https://e.org) here",
                4,
                60
            ),
            ("listed quoted words", "listed quoted words", 6, 17),
            ("a table cell quote", "a table cell quote", 10, 8),
            ("entity quoted words", "entity quoted words", 12, 17),
            ("escaped quoted words", "escaped quoted words", 12, 60),
            ("words after accents", "words after accents", 14, 17),
        ]
    );
}

#[test]
fn block_quotes_are_one_quotation_per_paragraph_without_markup() {
    let md = "Intro \"lead in words\".\n\n> They have *no* support\n> in `Iran`.\n>\n> > Nested quoted paragraph here.\n\n```\n> not a block quote\n```\n";
    let q = quotations(md);
    let got: Vec<(&str, bool, usize, usize)> = q
        .iter()
        .map(|q| (q.text.as_str(), q.block, q.line, q.column))
        .collect();
    assert_eq!(
        got,
        [
            ("lead in words", false, 1, 8),
            ("They have no support in Iran.", true, 3, 3),
            ("Nested quoted paragraph here.", true, 6, 5),
        ]
    );
    assert_eq!(
        &md[q[1].span.start..q[1].span.end],
        "They have *no* support\n> in `Iran`."
    );
    // A block quote of nothing but code or a URL quotes no one.
    assert!(texts("> `\"key\": \"value in code\"`\n>\n> <https://example.org/a>\n").is_empty());
    // Quotation marks inside a block quote do not split it.
    assert_eq!(
        texts("> “All of it,” he said.\n"),
        ["“All of it,” he said."]
    );
    assert_eq!(texts("> “All of it in marks.”\n"), ["All of it in marks."]);
}

#[test]
fn scan_lists_only_the_prose_quotations_of_a_manuscript() {
    let dir = example_sandbox();
    let root = dir.path();
    let sentence = "to the extent Iranians know about this group they are far more likely to oppose it than support it.";
    let article = format!(
        "---\ntitle: \"{sentence}\"\n---\n\n\
         The cable says “{sentence}”\n\n\
         ```\n\"{sentence}\"\n```\n\n\
         <!-- \"{sentence}\" -->\n\n\
         See [it](https://example.org \"{sentence}\") and `\"{sentence}\"`.\n"
    );
    std::fs::write(root.join("article.md"), &article).unwrap();
    let r = run(root, &["scan", "article.md"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("1 quotation(s)"), "{}", r.stdout);
    let row = r
        .stdout
        .lines()
        .find(|l| l.contains("verified"))
        .unwrap_or_else(|| panic!("{}", r.stdout));
    assert!(row.starts_with("5 "), "the line of the quotation: {row}");
}

/// A plain text manuscript indents paragraphs; it has no code blocks. Read as Markdown the same
/// paragraph would be code.
#[test]
fn an_indented_paragraph_is_prose_in_plain_text_and_code_in_markdown() {
    let text = "Title\n\n    The cable says \"they have no support\"\n    and \"nobody likes them\".\n\n\tA tab: \"indented by a tab\".\n";
    let plain = quotations_in(text, Manuscript::PlainText);
    let got: Vec<(&str, &str, usize, usize)> = plain
        .iter()
        .map(|q| {
            let (bytes, line, col) = at(text, q);
            (q.text.as_str(), bytes, line, col)
        })
        .collect();
    assert_eq!(
        got,
        [
            ("they have no support", "they have no support", 3, 21),
            ("nobody likes them", "nobody likes them", 4, 10),
            ("indented by a tab", "indented by a tab", 6, 10),
        ]
    );
    assert!(quotations(text).is_empty());
    assert_eq!(
        Manuscript::of(std::path::Path::new("draft.TXT")),
        Manuscript::PlainText
    );
    assert_eq!(
        Manuscript::of(std::path::Path::new("draft.md")),
        Manuscript::Markdown
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 512, ..Default::default() })]

    /// Whatever the Markdown (or plain text), reading it never panics and every quotation is
    /// well placed: a span on character boundaries inside the manuscript, its line and column
    /// those of its first byte, in manuscript order, its words trimmed and not empty.
    #[test]
    fn quotations_are_well_placed_in_any_markdown(
        md in proptest::string::string_regex(
            "([a-zé ]{1,6}|[\"“”'`*_>#\\[\\]()<>!-]|\n|\n\n|\r\n|    |\t|&quot;|\\\\\"|<!--|-->|```|https://e.org)*"
        ).unwrap()
    ) {
        for kind in [Manuscript::Markdown, Manuscript::PlainText] {
            let qs = quotations_in(&md, kind);
            let mut last = 0;
            for q in &qs {
                proptest::prop_assert!(q.span.start <= q.span.end && q.span.end <= md.len());
                proptest::prop_assert!(md.is_char_boundary(q.span.start) && md.is_char_boundary(q.span.end));
                proptest::prop_assert!(q.span.start >= last, "out of order: {:?}", qs);
                last = q.span.start;
                proptest::prop_assert!(!q.text.is_empty() && q.text == q.text.trim());
                let before = &md[..q.span.start];
                let line = before.matches('\n').count() + 1;
                let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
                proptest::prop_assert_eq!((q.line, q.column), (line, column));
            }
        }
    }
}
