//! From manuscript to checked citations (issue 14): `scan --fetch` follows the links a
//! manuscript gives for its quotations to pages served on 127.0.0.1 by the test (never the
//! network), fetches each once with its provenance, locates each linked quotation in its page
//! only, and lists — never guesses — what has no link, several, or a page that failed. Then a
//! Hypothesis export of annotations made on the same page is imported by its URL.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;

use common::run_ok;

/// An HTTP/1.1 server on 127.0.0.1 answering `/articles` with the HTML fixture, `/notes`
/// with a short text page, and 404 for anything else; one request per connection.
fn serve() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let port = listener.local_addr().expect("addr").port();
    let page = std::fs::read(common::repo().join("tests/fixtures/html/articles.html"))
        .expect("the HTML fixture");
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            let mut first = String::new();
            if reader.read_line(&mut first).is_err() {
                continue;
            }
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let path = first.split_whitespace().nth(1).unwrap_or("/");
            let (status, kind, body): (&str, &str, Vec<u8>) = match path {
                "/articles" => ("200 OK", "text/html; charset=utf-8", page.clone()),
                "/notes" => (
                    "200 OK",
                    "text/plain",
                    b"Nothing quoted here at all.\n".to_vec(),
                ),
                _ => ("404 Not Found", "text/plain", b"gone".to_vec()),
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(&body);
        }
    });
    port
}

fn project(root: &Path) {
    std::fs::create_dir_all(root.join("sources")).unwrap();
    std::fs::create_dir_all(root.join("claims")).unwrap();
    // A source with the same words as the page, not fetched: a linked quotation must not be
    // located here.
    std::fs::write(
        root.join("sources/copy.txt"),
        "They express severe dislike for the group, primarily due to its alliance.\n",
    )
    .unwrap();
    std::fs::write(root.join("citecheck.toml"), "# settings\n").unwrap();
}

#[test]
fn linked_quotations_are_located_in_their_pages_only_and_the_rest_listed() {
    let port = serve();
    let url = |p: &str| format!("http://127.0.0.1:{port}{p}");
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    project(root);
    let manuscript = format!(
        "# Draft\n\n\
         The cable found that Iranians \"express severe dislike for the group\" ([cable]({a})).\n\n\
         It also says \"the regime pays them handsomely\", as [the page]({a}) shows.\n\n\
         Unlinked: \"express severe dislike for the group\" again.\n\n\
         Both [one]({a}) and [two]({n}) say \"nothing quoted here at all\".\n\n\
         A dead link: \"some words quoted from it\" ([gone]({g})).\n",
        a = url("/articles"),
        n = url("/notes"),
        g = url("/gone"),
    );
    std::fs::write(root.join("draft.md"), &manuscript).unwrap();
    let out = run_ok(
        root,
        &[
            "scan",
            "draft.md",
            "--fetch",
            "--write",
            "claims/draft.toml",
            "--timeout",
            "5",
            "--retrieved-at",
            "2026-01-02T03:04:05Z",
        ],
        0,
    );
    let s = &out.stdout;
    // The page was fetched once, into sources/, with its provenance.
    let name = format!("127.0.0.1_{port}/articles.html");
    assert!(
        s.contains(&format!("fetched  {} -> sources/{name}", url("/articles"))),
        "{s}"
    );
    assert!(s.contains(&format!("failed   {}", url("/gone"))), "{s}");
    let config = std::fs::read_to_string(root.join("citecheck.toml")).unwrap();
    assert!(config.contains("# settings\n"), "comments kept: {config}");
    assert!(
        config.contains(&format!("url = \"{}\"", url("/articles"))),
        "{config}"
    );
    // The linked quotation: verified in the page, not in copy.txt.
    let line_of = |needle: &str| {
        s.lines()
            .find(|l| l.contains(needle) && !l.contains("Unlinked"))
            .unwrap_or_else(|| panic!("no line for {needle}: {s}"))
            .to_string()
    };
    let first = line_of("express severe dislike");
    assert!(
        first.contains(&name) && first.contains("verified"),
        "{first}\n{s}"
    );
    // Not in its page: missing, never taken from another source.
    assert!(line_of("the regime pays them").contains("missing"), "{s}");
    assert!(s.contains("no link near it: not located"), "{s}");
    assert!(s.contains("several links near it"), "{s}");
    assert!(s.contains("which could not be read"), "{s}");
    // One entry written, pointing at the fetched page; check passes on it.
    let claims = std::fs::read_to_string(root.join("claims/draft.toml")).unwrap();
    assert_eq!(claims.matches("[[quote]]").count(), 1, "{claims}");
    assert!(claims.contains(&format!("source = \"{name}\"")), "{claims}");
    let check = run_ok(root, &["check", "--format", "json"], 0);
    let report: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    let r = &report["results"][0];
    assert_eq!(r["status"], "verified");
    // Found in the page's extracted text, and mapped back to the HTML file's own bytes.
    let at = &r["found_in_file"];
    let html = std::fs::read(root.join("sources").join(&name)).unwrap();
    let span = &at["span"];
    let (a, b) = (
        span[0].as_u64().expect("span start") as usize,
        span[1].as_u64().expect("span end") as usize,
    );
    assert_eq!(&html[a..b], b"express severe dislike for the group");
    let source = report["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == name.as_str())
        .unwrap();
    assert_eq!(source["url"], url("/articles"));
    assert_eq!(source["format"], "html");

    // A Hypothesis export of annotations made on that page: the URL names the source; the
    // browser's positions are hints, the quoted words and their context the truth.
    let export = serde_json::json!({
        "total": 2,
        "rows": [
            {"id": "h1", "uri": url("/articles"),
             "target": [{"source": url("/articles"), "selector": [
                {"type": "TextPositionSelector", "start": 5000, "end": 5036},
                {"type": "TextQuoteSelector", "exact": "consular interviewing officers",
                 "prefix": "Iran-watchers and ", "suffix": " in the main posts"}]}]},
            {"id": "h2", "uri": url("/articles"), "target": [{"source": url("/articles")}],
             "text": "a page note"}
        ]
    });
    std::fs::write(root.join("export.json"), export.to_string()).unwrap();
    let imported = run_ok(root, &["import-w3c", "export.json"], 0);
    assert!(
        imported.stdout.contains("added 1 quote(s)"),
        "{}",
        imported.stdout
    );
    assert!(
        imported.stdout.contains("annotation 2 is a page note"),
        "{}",
        imported.stdout
    );
    let claims = std::fs::read_to_string(root.join("claims/imported.toml")).unwrap();
    assert!(claims.contains(&format!("source = \"{name}\"")), "{claims}");
    assert!(
        claims.contains("prefix = \"Iran-watchers and \""),
        "{claims}"
    );
    let check = run_ok(root, &["check", "--format", "json"], 0);
    let report: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    let statuses: Vec<&str> = report["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["verified", "verified"], "{}", check.stdout);
}
