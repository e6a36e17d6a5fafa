//! Hostile text in sources, claims and file names never acts on the reader (issue 13): on a
//! terminal no control character or bidi override gets through (`check` and `show` print
//! them as `\u{1b}`-style escapes), JSON keeps the text exact, and Markdown renders every
//! such text literally: no raw HTML, no table cell split by a `|`, no code span broken by a
//! backtick, nobody mentioned.

mod common;

use std::path::Path;

use common::{run, run_ok, write_files};
use serde_json::Value;

/// Characters that act on a terminal: ESC (CSI, OSC), BEL, CR, C1 CSI, and the bidi
/// embeddings, overrides, isolates and marks.
const ACTING: [char; 14] = [
    '\u{1b}', '\u{7}', '\r', '\u{9b}', '\u{9d}', '\u{202a}', '\u{202b}', '\u{202d}', '\u{202e}',
    '\u{2066}', '\u{2067}', '\u{2069}', '\u{200e}', '\u{200f}',
];

/// A source line full of escape sequences: an OSC 0 title, an OSC 8 link, a screen clear, a
/// right-to-left override, an isolate, a carriage return, C1 controls.
const HOSTILE_LINE: &str = "The minister said \u{1b}]0;pwned\u{7}the budget \u{1b}]8;;https://evil.example/\u{1b}\\would grow\u{1b}]8;;\u{1b}\\ by \u{1b}[2Jfour percent \u{202e}next year\u{202c} in \u{2066}every\u{2069} region\r of the \u{9b}31mcountry.";

fn assert_terminal_safe(out: &str, what: &str) {
    for c in ACTING {
        assert!(
            !out.contains(c),
            "{what} prints {c:?} raw:\n{}",
            out.escape_debug()
        );
    }
}

/// A project whose source holds [`HOSTILE_LINE`] and whose claims quote it (found, drifted,
/// missing) with escapes in their text and notes too.
fn hostile_project(root: &Path) {
    let source = format!(
        "Preamble line one.\n{HOSTILE_LINE}\nA quiet line that follows it, long enough to \
         show as context around the found words.\n"
    );
    write_files(
        root,
        &[
            ("sources/news.txt", &source),
            (
                "claims/c.toml",
                concat!(
                    "[[quote]]\n",
                    "id = \"found\"\n",
                    "source = \"news.txt\"\n",
                    "text = \"the budget \\u001b]8;;https://evil.example/\\u001b\\\\would grow\"\n",
                    "note = \"see \\u001b]0;title\\u0007 and \\u202eoverride\"\n",
                    "\n",
                    "[[quote]]\n",
                    "id = \"missing\"\n",
                    "source = \"news.txt\"\n",
                    "text = \"nothing like \\u001b[2J this \\u202e is in the source at all anywhere\"\n",
                ),
            ),
        ],
    );
}

#[test]
fn text_output_shows_controls_and_bidi_escaped() {
    let dir = tempfile::tempdir().expect("tmp");
    hostile_project(dir.path());
    let r = run_ok(dir.path(), &["check", "--format", "text"], 1);
    assert_terminal_safe(&r.stdout, "check --format text");
    assert_terminal_safe(&r.stderr, "check's diagnostics");
    // Shown, not dropped: the reader sees that something was there.
    assert!(r.stdout.contains("\\u{1b}"), "{}", r.stdout);
    assert!(r.stdout.contains("\\u{202e}"), "{}", r.stdout);
}

#[test]
fn show_never_prints_a_control_or_leaves_a_sequence_open() {
    let dir = tempfile::tempdir().expect("tmp");
    hostile_project(dir.path());
    for id in ["found", "missing"] {
        let r = run_ok(dir.path(), &["show", id], 0);
        assert_terminal_safe(&r.stdout, "show");
        assert!(r.stdout.contains("\\u{1b}"), "{}", r.stdout);
    }
}

#[test]
fn show_sanitizes_before_clipping_a_long_line() {
    // An OSC link opened just before where `show` clips a line of context.
    let dir = tempfile::tempdir().expect("tmp");
    let filler = "word ".repeat(30);
    let line = format!("{filler}\u{1b}]8;;https://evil.example/{}", "x".repeat(200));
    write_files(
        dir.path(),
        &[
            (
                "sources/s.txt",
                &format!("{line}\nThe quoted sentence stands on its own line here.\n{line}\n"),
            ),
            (
                "claims/c.toml",
                "[[quote]]\nid = \"q\"\nsource = \"s.txt\"\ntext = \"The quoted sentence stands on its own line here.\"\n",
            ),
        ],
    );
    let r = run_ok(dir.path(), &["show", "q"], 0);
    assert_terminal_safe(&r.stdout, "show");
}

#[test]
fn json_keeps_the_text_exact() {
    let dir = tempfile::tempdir().expect("tmp");
    hostile_project(dir.path());
    let r = run_ok(dir.path(), &["check", "--format", "json"], 1);
    let doc: Value = serde_json::from_str(&r.stdout).expect("json");
    let found = doc["results"]
        .as_array()
        .expect("results")
        .iter()
        .find(|e| e["id"] == "found")
        .expect("found");
    assert_eq!(
        found["text"],
        "the budget \u{1b}]8;;https://evil.example/\u{1b}\\would grow"
    );
    assert_eq!(
        found["note"],
        "see \u{1b}]0;title\u{7} and \u{202e}override"
    );
    let ft = found["found_text"].as_str().expect("found_text");
    assert!(HOSTILE_LINE.contains(ft), "{ft:?}");
    assert!(ft.contains('\u{1b}'));
}

/// Cells of a GitHub table row: split on `|` not escaped by a backslash.
fn cells(row: &str) -> usize {
    let mut n: usize = 0;
    let mut escaped = false;
    for c in row.chars() {
        match c {
            '\\' if !escaped => {
                escaped = true;
                continue;
            }
            '|' if !escaped => n += 1,
            _ => {}
        }
        escaped = false;
    }
    n.saturating_sub(1)
}

/// `md` without its code spans (CommonMark: a run of N backticks not escaped opens one, the
/// next run of exactly N closes it; nothing inside acts). An unclosed run stays as text.
fn outside_code(md: &str) -> String {
    let b = md.as_bytes();
    let mut out = String::new();
    let (mut i, mut last) = (0, 0);
    while i < b.len() {
        if b[i] == b'\\' {
            i += 2;
            continue;
        }
        if b[i] != b'`' {
            i += 1;
            continue;
        }
        let run = b[i..].iter().take_while(|&&c| c == b'`').count();
        let mut j = i + run;
        let mut close = None;
        while j < b.len() {
            if b[j] == b'`' {
                let r = b[j..].iter().take_while(|&&c| c == b'`').count();
                if r == run {
                    close = Some(j + r);
                    break;
                }
                j += r;
            } else {
                j += 1;
            }
        }
        match close {
            Some(end) => {
                out.push_str(&md[last..i]);
                out.push_str("CODE");
                last = end;
                i = end;
            }
            None => i += run,
        }
    }
    out.push_str(&md[last..]);
    out
}

/// Raw HTML tags a renderer would act on outside code spans (entities and escaped text are
/// fine; the report's own marks are allowed).
fn raw_tags(md: &str) -> Vec<String> {
    const OURS: [&str; 7] = [
        "<del>",
        "<ins>",
        "<details>",
        "<summary>",
        "</",
        "<br>",
        "<sub>",
    ];
    let text = outside_code(md);
    text.match_indices('<')
        .map(|(i, _)| text[i..].chars().take(12).collect::<String>())
        .filter(|t| !OURS.iter().any(|o| t.starts_with(o)))
        .collect()
}

/// Whether `md` mentions anyone outside code spans: `@` directly followed by a name.
fn mentions(md: &str) -> bool {
    let text = outside_code(md);
    text.match_indices('@').any(|(i, _)| {
        text[i + 1..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
    })
}

#[test]
fn markdown_renders_names_and_quotes_literally() {
    let dir = tempfile::tempdir().expect("tmp");
    let sentence = "Officials said the <b>plan</b> would cost `ten` million | says @octocat and *all* [others](x).";
    write_files(
        dir.path(),
        &[
            ("sources/we|ird`name<img src=x onerror=alert(1)>.txt", sentence),
            ("sources/plain.txt", "Nothing to see in this one at all, truly nothing."),
            (
                "claims/c.toml",
                concat!(
                    "[[quote]]\n",
                    "id = \"passes\"\n",
                    "source = \"we|ird`name<img src=x onerror=alert(1)>.txt\"\n",
                    "text = \"the <b>plan</b> would cost `ten` million | says @octocat\"\n",
                    "\n",
                    "[[quote]]\n",
                    "id = \"fails\"\n",
                    "source = \"we|ird`name<img src=x onerror=alert(1)>.txt\"\n",
                    "text = \"the <script>plan</script> is `free` | cc @octocat @org/team and <!-- x -->\"\n",
                    "note = \"ping @someone <img src=y>\"\n",
                ),
            ),
        ],
    );
    let r = run_ok(dir.path(), &["check", "--format", "markdown"], 1);
    let md = &r.stdout;
    assert!(
        raw_tags(md).is_empty(),
        "raw HTML: {:?}\n{md}",
        raw_tags(md)
    );
    assert!(!mentions(md), "a mention:\n{md}");
    // The texts are still there to read.
    assert!(md.contains("&lt;script&gt;"), "{md}");
    // Every table row keeps its columns, whatever the file name holds.
    let mut rows = 0;
    for line in md.lines().filter(|l| l.starts_with('|')) {
        let header_cells = if line.contains("Entry") || line.contains("Status") {
            None
        } else {
            Some(cells(line))
        };
        if let Some(n) = header_cells {
            assert!(n == 4 || n == 2, "row split into {n} cells: {line}");
            rows += 1;
        }
    }
    assert!(rows > 0, "{md}");
    let passing_row = md
        .lines()
        .find(|l| l.contains("passes"))
        .expect("passing row");
    assert_eq!(cells(passing_row), 4, "{passing_row}");
    // A backtick in a name never closes its code span early: the span's fence is longer.
    assert!(passing_row.contains("``"), "{passing_row}");
}

#[test]
fn markdown_diff_of_reports_escapes_too() {
    // `citecheck diff` echoes ids, paths and texts of two reports into a PR comment.
    let dir = tempfile::tempdir().expect("tmp");
    let body = "A sentence about <b>budgets</b> and @octocat in the region | today.";
    write_files(
        dir.path(),
        &[
            ("sources/a|b.txt", body),
            (
                "claims/c.toml",
                "[[quote]]\nid = \"q\"\nsource = \"a|b.txt\"\ntext = \"about <b>budgets</b> and @octocat in the region\"\n",
            ),
        ],
    );
    let before = run_ok(dir.path(), &["check", "--format", "json"], 0);
    std::fs::write(dir.path().join("before.json"), &before.stdout).expect("write");
    write_files(
        dir.path(),
        &[(
            "sources/a|b.txt",
            "A sentence about <b>costs</b> and @octocat in the region | today.",
        )],
    );
    let after = run(dir.path(), &["check", "--format", "json"]);
    std::fs::write(dir.path().join("after.json"), &after.stdout).expect("write");
    let d = run(
        dir.path(),
        &["diff", "before.json", "after.json", "--format", "markdown"],
    );
    assert!(
        raw_tags(&d.stdout).is_empty(),
        "raw HTML: {:?}\n{}",
        raw_tags(&d.stdout),
        d.stdout
    );
    assert!(!mentions(&d.stdout), "{}", d.stdout);
}
