//! Tests of the HTML reader.

use proptest::prelude::*;

use super::*;

fn main(html: &str) -> String {
    extract(html.as_bytes(), HtmlMode::Main).text
}

fn all(html: &str) -> String {
    extract(html.as_bytes(), HtmlMode::All).text
}

/// The file bytes text range `a..b` maps to, as a string.
fn orig(html: &str, e: &Extracted, a: usize, b: usize) -> String {
    let r = e.origin.span(a, b).expect("mapped");
    html[r].to_string()
}

/// Decode the few references these tests write (an independent check of the reader's
/// decoding, not a copy of it).
fn decode_refs(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let (c, len) = match tail.find(';') {
            Some(end) => {
                let name = &tail[1..end];
                let c = match name {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "rsquo" => Some('\u{2019}'),
                    "nbsp" => Some('\u{a0}'),
                    _ => name
                        .strip_prefix("#x")
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                        .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                        .and_then(char::from_u32),
                };
                match c {
                    Some(c) => (c, end + 1),
                    None => ('&', 1),
                }
            }
            None => ('&', 1),
        };
        out.push(c);
        rest = &tail[len..];
    }
    out.push_str(rest);
    out
}

/// Every character of the text maps inside the file, on character boundaries, in order.
fn assert_map_sane(html: &str, e: &Extracted) {
    let mut last = 0;
    for (i, c) in e.text.char_indices() {
        let r = e.origin.span(i, i + c.len_utf8()).expect("mapped");
        assert!(
            r.start <= r.end && r.end <= html.len(),
            "{r:?} of {}",
            html.len()
        );
        assert!(html.is_char_boundary(r.start) && html.is_char_boundary(r.end));
        assert!(
            r.start >= last,
            "{c:?} at {i} maps back to {r:?} before {last}"
        );
        last = r.start;
    }
}

#[test]
fn blocks_become_lines_and_whitespace_collapses() {
    let html = "<html><head><title>T</title></head><body>\n  <h1> Head\n line </h1>\
                <p>one\n   two <b>three</b><i> four</i></p><div>five<br>six<br><br>seven</div>\
                <ul><li>a</li><li>b <a href='x'>link</a></li></ul>\
                <table><tr><td>c1</td><td>c2</td></tr><tr><th>d</th></tr></table>\
                <pre>  keep\n    this  </pre>x<span>y</span> z</body></html>";
    assert_eq!(
        all(html),
        "Head line\none two three four\nfive\nsix\n\nseven\na\nb link\nc1 c2\nd\n  keep\n    this  \nxy z"
    );
}

#[test]
fn scripts_styles_navigation_chrome_and_hidden_text_are_dropped() {
    let html = "<body><header><p>Site banner</p></header><nav><a>Home</a></nav>\
                <script>var s = 'Scripted sentence.';</script><style>p{color:red}</style>\
                <template><p>Template text</p></template><noscript>Enable JS</noscript>\
                <p>Visible one.</p><div hidden>Hidden attr</div><p aria-hidden=\"TRUE\">Aria</p>\
                <p style=\"color: red; display : none\">Styled away</p>\
                <span style='visibility:hidden'>Invisible</span><aside>Aside text</aside>\
                <section><header>Section head</header><p>Visible two.</p></section>\
                <button>Share</button><footer>Copyright</footer></body>";
    assert_eq!(
        all(html),
        "Visible one.\nAside text\nSection head\nVisible two."
    );
    // No main, no article: the densest block; the aside goes in main mode.
    let m = main(html);
    assert!(!m.contains("Aside"), "{m}");
    assert!(!m.contains("Scripted"), "{m}");
}

#[test]
fn main_mode_keeps_main_else_every_article_else_the_densest_block() {
    let with_main = "<body><div>Intro outside</div><main><h1>Title</h1><p>Body text.</p>\
                     <aside>Pull quote</aside></main><div>After</div></body>";
    assert_eq!(main(with_main), "Title\nBody text.");
    assert_eq!(
        all(with_main),
        "Intro outside\nTitle\nBody text.\nPull quote\nAfter"
    );

    let index = "<body><div class=menu>Menu</div><article><header><h2>First</h2></header>\
                 <p>One.</p><footer>By A</footer></article><div>Between</div>\
                 <article><h2>Second</h2><p>Two.</p><article><p>Nested comment.</p></article>\
                 </article><footer>Site footer</footer></body>";
    assert_eq!(
        main(index),
        "First\nOne.\nBy A\nSecond\nTwo.\nNested comment."
    );

    let long = "It was the best of times, it was the worst of times, it was the age of \
                wisdom, it was the age of foolishness, it was the epoch of belief.";
    let soup = format!(
        "<body><div id=menu><a href=1>Home page link</a> <a href=2>Another link to somewhere \
         else</a> <a href=3>Third link with many words in it</a></div>\
         <div class=story><p>{long}</p><p>{long}</p><p>Short close.</p></div>\
         <div class=comments><p>Nice post, really enjoyed it, thanks!</p></div></body>"
    );
    assert_eq!(main(&soup), format!("{long}\n{long}\nShort close."));
}

#[test]
fn a_hidden_main_or_article_is_not_the_main_content() {
    let html = "<body><main hidden><p>Old main.</p></main><article><p>Real.</p></article></body>";
    assert_eq!(main(html), "Real.");
}

#[test]
fn entities_decode_and_map_to_their_whole_reference() {
    let html = "<p>Tom &amp; Jerry&rsquo;s &#8220;show&#x201D; &notit; &nbsp;x</p>";
    let e = extract(html.as_bytes(), HtmlMode::All);
    assert_eq!(
        e.text,
        "Tom & Jerry\u{2019}s \u{201c}show\u{201d} \u{ac}it; \u{a0}x"
    );
    assert_map_sane(html, &e);
    let amp = e.text.find('&').unwrap();
    assert_eq!(orig(html, &e, amp, amp + 1), "&amp;");
    let s = e.text.find("Jerry").unwrap();
    assert_eq!(
        orig(html, &e, s, s + "Jerry\u{2019}s".len()),
        "Jerry&rsquo;s"
    );
    let q = e.text.find('\u{201c}').unwrap();
    let end = e.text.find('\u{201d}').unwrap() + 3;
    assert_eq!(orig(html, &e, q, end), "&#8220;show&#x201D;");
}

#[test]
fn collapsed_whitespace_maps_to_the_whole_run_and_words_byte_for_byte() {
    let html = "<div>\r\n  alpha \r\n\t beta<b>gamma</b>\n</div>";
    let e = extract(html.as_bytes(), HtmlMode::All);
    assert_eq!(e.text, "alpha betagamma");
    assert_map_sane(html, &e);
    assert_eq!(orig(html, &e, 5, 6), " \r\n\t ");
    assert_eq!(orig(html, &e, 0, 5), "alpha");
    assert_eq!(orig(html, &e, 6, 15), "beta<b>gamma");
}

#[test]
fn text_in_tricky_markup_still_maps_exactly() {
    let html = "<!DOCTYPE html><!-- <p>comment</p> --><p title='a > b' data-x=\"<p>\">First</p>\
                <script>document.write('<p>First</p>')</script><p>Sec<!-- x -->ond</p>\
                <textarea>Form</textarea><p>Third</p></br><p>Fourth</p>";
    let e = extract(html.as_bytes(), HtmlMode::All);
    // `</br>` is read as `<br>` (as browsers do): a blank line between the blocks.
    assert_eq!(e.text, "First\nSecond\nThird\n\nFourth");
    assert_map_sane(html, &e);
    for w in ["First", "Third", "Fourth"] {
        let at = e.text.find(w).unwrap();
        let r = e.origin.span(at, at + w.len()).unwrap();
        assert_eq!(&html[r.clone()], w);
        // The visible paragraph, not the one inside the attribute or the script.
        assert_eq!(&html[r.start - 1..r.start], ">");
    }
    let at = e.text.find("Second").unwrap();
    assert_eq!(orig(html, &e, at, at + 6), "Sec<!-- x -->ond");
}

#[test]
fn text_moved_by_the_parser_maps_inside_the_file_and_nothing_panics() {
    // "stray" sits inside the table but is moved before it (foster parenting).
    let html = "<table><tr><td>cell one</td></tr>stray text<tr><td>cell two</td></tr></table>";
    let e = extract(html.as_bytes(), HtmlMode::All);
    assert_eq!(e.text, "stray text\ncell one\ncell two");
    for w in ["stray text", "cell one", "cell two"] {
        let at = e.text.find(w).unwrap();
        assert_eq!(orig(html, &e, at, at + w.len()), w);
    }
    for junk in [
        "<",
        "&",
        "<a",
        "</",
        "<!--",
        "<![CDATA[x",
        "&#",
        "&#x;",
        "<p>\0</p>",
        "<table>x<td>",
        "<svg><style>s</style></svg>",
        "<plaintext>&amp;<p>",
        "<select><option>o</select>",
        "<b><p>mis</b>nested</p>",
        "<frameset><frame>",
    ] {
        let e = extract(junk.as_bytes(), HtmlMode::All);
        for (i, c) in e.text.char_indices() {
            let r = e.origin.span(i, i + c.len_utf8()).expect("mapped");
            assert!(r.end <= junk.len(), "{junk:?}: {r:?}");
        }
        let _ = extract(junk.as_bytes(), HtmlMode::Main);
    }
}

#[test]
fn a_declared_windows_1252_page_maps_to_its_single_bytes() {
    let page = b"<meta charset=windows-1252><p>caf\xE9 \x93quoted\x94</p>";
    let e = extract(page, HtmlMode::All);
    assert_eq!(e.text, "caf\u{e9} \u{201c}quoted\u{201d}");
    let at = e.text.find('\u{201c}').unwrap();
    let r = e.origin.span(at, e.text.len()).unwrap();
    assert_eq!(&page[r], b"\x93quoted\x94");
    let r = e.origin.span(0, 5).unwrap();
    assert_eq!(&page[r], b"caf\xE9");
}

#[test]
fn invalid_utf8_is_read_and_mapped() {
    let page = b"<p>ok \xFF\xFE bad</p>";
    let e = extract(page, HtmlMode::All);
    assert_eq!(e.text, "ok \u{FFFD}\u{FFFD} bad");
    let at = e.text.find("bad").unwrap();
    assert_eq!(&page[e.origin.span(at, at + 3).unwrap()], b"bad");
}

#[test]
fn output_is_deterministic_and_names_the_extractor() {
    let html = "<article><p>a, b, c</p></article>";
    let a = extract(html.as_bytes(), HtmlMode::Main);
    let b = extract(html.as_bytes(), HtmlMode::Main);
    assert_eq!(a, b);
    assert_eq!(
        a.extractor,
        format!("html5ever {HTML5EVER_VERSION} main (rules {RULES})")
    );
    assert!(extract(b"", HtmlMode::All).extractor.contains(" all "));
}

#[test]
fn the_version_is_the_locked_one() {
    let lock = include_str!("../../../Cargo.lock");
    let mut lines = lock.lines();
    lines
        .find(|l| *l == "name = \"html5ever\"")
        .expect("html5ever in Cargo.lock");
    let version = lines
        .next()
        .and_then(|l| l.strip_prefix("version = \"")?.strip_suffix('"'));
    assert_eq!(version, Some(HTML5EVER_VERSION));
}

/// Words and references a random paragraph is made of.
fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9.,;:!?'()-]{1,8}",
        Just("&amp;".to_string()),
        Just("&lt;".to_string()),
        Just("&gt;".to_string()),
        Just("&quot;".to_string()),
        Just("&#8220;".to_string()),
        Just("&#x201D;".to_string()),
        Just("&rsquo;".to_string()),
    ]
}

proptest! {
    /// Every word of a paragraph of random text with references maps back to bytes that
    /// decode to that word.
    #[test]
    fn every_word_maps_back_to_bytes_that_decode_to_it(
        words in prop::collection::vec(token(), 1..40),
        seps in prop::collection::vec(prop_oneof![Just(" "), Just("  "), Just("\n"), Just(" \t ")], 40),
    ) {
        let mut body = String::new();
        for (i, w) in words.iter().enumerate() {
            if i > 0 {
                body.push_str(seps[i % seps.len()]);
            }
            body.push_str(w);
        }
        let html = format!("<html><body><nav>menu</nav><p>{body}</p><p>tail</p></body></html>");
        for mode in [HtmlMode::Main, HtmlMode::All] {
            let e = extract(html.as_bytes(), mode);
            assert_map_sane(&html, &e);
            let mut at = 0;
            for w in e.text.split([' ', '\n']) {
                let start = at;
                at += w.len() + 1;
                if w.is_empty() {
                    continue;
                }
                let r = e.origin.span(start, start + w.len()).expect("mapped");
                prop_assert_eq!(decode_refs(&html[r]), w);
            }
            let want: Vec<String> = body.split_ascii_whitespace().map(decode_refs).collect();
            let got: Vec<&str> = e.text.split([' ', '\n']).collect();
            prop_assert_eq!(&got[..got.len() - 1], &want[..]);
        }
    }
}
