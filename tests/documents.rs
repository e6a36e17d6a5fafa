//! Sources as people cite them (issue 14): an HTML page and a PDF made from the seed
//! document, quoted and checked like text — quotes verified against both, a sentence that only
//! a `<script>` holds missing, every found text mapped back to the file (line and column in
//! the HTML, the page of the PDF), the extractor pinned in the lock, and the extraction cache
//! giving byte-identical reports (and ignoring an entry that was tampered with).

mod common;

use std::path::Path;

use common::{repo, run_ok};

const CLAIMS: &str = r#"
[[quote]]
id = "html-quote"
source = "articles.html"
text = "ordinary Iranians were almost uniformly dismissive of the MEK"

[[quote]]
id = "script-quote"
source = "articles.html"
text = "The MEK is a joke."

[[quote]]
id = "pdf-quote"
source = "cable.pdf"
text = "the MEK they express severe dislike for this"
"#;

fn project(root: &Path) {
    std::fs::create_dir_all(root.join("sources")).unwrap();
    std::fs::create_dir_all(root.join("claims")).unwrap();
    std::fs::copy(
        repo().join("tests/fixtures/html/articles.html"),
        root.join("sources/articles.html"),
    )
    .unwrap();
    std::fs::copy(
        repo().join("tests/fuzz_cases/extract_pdf/seed-cable-3-pages.pdf"),
        root.join("sources/cable.pdf"),
    )
    .unwrap();
    std::fs::write(root.join("claims/doc.toml"), CLAIMS).unwrap();
}

fn report(root: &Path, extra: &[&str]) -> (String, serde_json::Value) {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(extra);
    // The script's sentence is missing: the run fails (exit 1).
    let out = run_ok(root, &args, 1);
    let json = serde_json::from_str(&out.stdout).expect("JSON report");
    (out.stdout, json)
}

fn entry<'a>(report: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    report["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no entry {id}"))
}

#[test]
fn html_and_pdf_sources_are_checked_and_mapped_back_to_their_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    project(root);
    let (first, r) = report(root, &[]);

    let html = entry(&r, "html-quote");
    assert_eq!(html["status"], "verified", "{first}");
    let at = &html["found_in_file"];
    let file = std::fs::read_to_string(root.join("sources/articles.html")).unwrap();
    let (a, b) = (
        at["span"][0].as_u64().unwrap() as usize,
        at["span"][1].as_u64().unwrap() as usize,
    );
    assert_eq!(
        &file[a..b],
        "ordinary Iranians were almost uniformly dismissive of the MEK"
    );
    // Line and column (in characters) of that byte in the file.
    let line = file[..a].matches('\n').count() + 1;
    let column = file[..a].rsplit('\n').next().unwrap().chars().count() + 1;
    assert_eq!(
        (at["line"].as_u64(), at["column"].as_u64()),
        (Some(line as u64), Some(column as u64))
    );

    // Only the page's script holds this sentence: not part of the readable text.
    assert!(file.contains("The MEK is a joke."));
    assert_eq!(entry(&r, "script-quote")["status"], "missing", "{first}");

    let pdf = entry(&r, "pdf-quote");
    assert_eq!(pdf["status"], "verified", "{first}");
    assert_eq!(pdf["found_in_file"]["page"], 2, "{first}");
    assert!(
        pdf["found_in_file"].get("line").is_none(),
        "a PDF position is a page"
    );

    let sources = r["sources"].as_array().unwrap();
    let by_id = |id: &str| sources.iter().find(|s| s["id"] == id).unwrap();
    assert_eq!(by_id("articles.html")["format"], "html");
    assert!(by_id("articles.html")["extractor"]
        .as_str()
        .unwrap()
        .starts_with("html5ever "));
    assert_eq!(by_id("cable.pdf")["format"], "pdf");

    // The text report says where in the file.
    let text = run_ok(root, &["check"], 1).stdout;
    assert!(
        text.contains(&format!(
            "in the file: sources/articles.html:{line}:{column}"
        )),
        "{text}"
    );
    assert!(
        text.contains("in the file: sources/cable.pdf, page 2"),
        "{text}"
    );

    // Every human and CI format says how each document was read, and where the words are.
    for format in ["markdown", "html", "junit", "sarif"] {
        let out = run_ok(root, &["check", "--format", format], 1).stdout;
        assert!(
            out.contains("read as html by html5ever "),
            "{format}: {out}"
        );
        assert!(
            out.contains("read as pdf by pdf-extract "),
            "{format}: {out}"
        );
    }
    let markdown = run_ok(root, &["check", "--format", "markdown"], 1).stdout;
    assert!(markdown.contains("sources/articles.html:"), "{markdown}");

    // The lock pins bytes and extractor; a lock naming another extractor is a changed source.
    run_ok(root, &["lock"], 0);
    let lock = std::fs::read_to_string(root.join("citecheck.lock")).unwrap();
    assert!(lock.contains("extractor = \"pdf-extract "), "{lock}");
    let (_, locked) = report(root, &["--locked"]);
    assert!(locked["sources"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["changed"] == false));
    std::fs::write(
        root.join("citecheck.lock"),
        lock.replace("extractor = \"pdf-extract ", "extractor = \"other-reader "),
    )
    .unwrap();
    let (_, other) = report(root, &["--locked"]);
    let cable = other["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "cable.pdf")
        .unwrap();
    assert_eq!(
        (cable["changed"].as_bool(), cable["fails"].as_bool()),
        (Some(true), Some(true))
    );
}

#[test]
fn cached_extractions_give_the_same_report_and_a_tampered_entry_is_not_trusted() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    project(root);
    let (uncached, _) = report(root, &["--no-cache"]);
    let cache = root.join(".citecheck/cache/extract");
    assert!(!cache.exists(), "--no-cache writes nothing");
    let (cold, _) = report(root, &[]);
    let entries: Vec<_> = std::fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(entries.len(), 2, "one extraction per document");
    let (warm, _) = report(root, &[]);
    assert_eq!(uncached, cold);
    assert_eq!(cold, warm);
    // Change the words inside every cached entry (keeping its length): the recorded SHA-256
    // no longer matches, so the entry is ignored and the document read again.
    for e in &entries {
        let bytes = std::fs::read(e).unwrap();
        let tampered = String::from_utf8_lossy(&bytes).replace("MEK", "KEM");
        assert_ne!(
            tampered.as_bytes(),
            &bytes[..],
            "{} holds no MEK to change",
            e.display()
        );
        std::fs::write(e, tampered.as_bytes()).unwrap();
    }
    let (after, r) = report(root, &[]);
    assert_eq!(after, cold);
    assert_eq!(entry(&r, "html-quote")["status"], "verified");
}
