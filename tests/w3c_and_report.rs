//! W3C Web Annotations out and back in, and `citecheck report` writing every configured format.

mod common;
use common::{copy_example, run, run_ok};

use std::path::Path;

use citecheck::report::reporter;
use citecheck::Format;
use citecheck::{CheckOptions, Status};

#[test]
fn w3c_positions_are_code_points_of_the_exact_text() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let report = citecheck::check(
        &citecheck::open(root).expect("project"),
        &CheckOptions::default(),
    )
    .expect("checks");
    let doc: serde_json::Value =
        serde_json::from_str(&reporter(Format::W3c).render(&report)).expect("json");
    assert_eq!(doc["@context"], "http://www.w3.org/ns/anno.jsonld");
    let items = doc["first"]["items"].as_array().expect("items");
    // One annotation per entry of the example.
    assert_eq!(items.len(), report.results.len());
    assert!(items.len() >= 19);
    let mut positioned = 0;
    for a in items {
        let target = &a["target"];
        let path = target["source"].as_str().expect("source");
        let text = std::fs::read_to_string(root.join(path)).expect("source text");
        let sel = target["selector"].as_array().expect("selectors");
        let exact = sel[0]["exact"].as_str().expect("exact");
        if let Some(pos) = sel.iter().find(|s| s["type"] == "TextPositionSelector") {
            let (start, end) = (
                pos["start"].as_u64().unwrap() as usize,
                pos["end"].as_u64().unwrap() as usize,
            );
            let slice: String = text.chars().skip(start).take(end - start).collect();
            assert_eq!(slice, exact, "{}", a["id"]);
            // The prefix really precedes the quote in the source.
            if let Some(prefix) = sel[0]["prefix"].as_str() {
                let before: String = text.chars().take(start).collect();
                assert!(before.ends_with(prefix), "{}", a["id"]);
            }
            positioned += 1;
        }
    }
    // Every entry with a found span is located (all but the missing and the ambiguous ones).
    let located = report
        .results
        .iter()
        .filter(|r| r.found_span.is_some())
        .count();
    assert_eq!(positioned, located);
    assert_eq!(
        located,
        report.results.len() - 4,
        "the example has 3 missing entries and 1 ambiguous one"
    );
}

#[test]
fn import_w3c_reads_annotations_back_as_verified_quotes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    copy_example(root);
    let ann = root.join("ann.jsonld");
    let ann = ann.to_str().expect("utf-8 path");
    run_ok(root, &["check", "--format", "w3c", "--output", ann], 1);
    // A fresh project with the same sources and no claims.
    let fresh = root.join("fresh");
    copy_example(&fresh);
    for f in std::fs::read_dir(fresh.join("claims")).expect("claims") {
        std::fs::remove_file(f.expect("entry").path()).expect("rm");
    }
    std::fs::write(fresh.join("claims/keep.toml"), "# hand-written\n").expect("write");
    let out = run_ok(&fresh, &["import-w3c", ann], 0);
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(ann).expect("read")).expect("json");
    let n = written["first"]["items"].as_array().expect("items").len();
    assert!(n >= 19);
    assert!(
        out.stdout
            .contains(&format!("added {n} quote(s) to claims/imported.toml")),
        "{}",
        out.stdout
    );
    let report = citecheck::check(
        &citecheck::open(&fresh).expect("project"),
        &CheckOptions::default(),
    )
    .expect("checks");
    let status = |id: &str| report.results.iter().find(|r| r.id == id).expect(id).status;
    // Located entries come back as quotes of the exact source text at their span.
    for id in [
        "no-support",
        "oppose-support",
        "bahai-prefer",
        "hostages",
        "rajavi-conduct",
    ] {
        assert_eq!(status(id), Status::Verified, "{id}");
    }
    assert_eq!(status("broad-support"), Status::Missing);
    assert_eq!(status("unanimity"), Status::Ambiguous);
    // Importing again adds nothing: the ids exist.
    let again = run_ok(&fresh, &["import-w3c", ann], 0);
    assert!(
        again.stdout.contains("added 0 quote(s)"),
        "{}",
        again.stdout
    );
    // A target outside sources/ is bad input: exit 2, nothing written.
    std::fs::write(
        root.join("bad.jsonld"),
        r#"{"type": "Annotation", "target": {"source": "https://example.org/x", "selector": {"type": "TextQuoteSelector", "exact": "x"}}}"#,
    )
    .expect("write");
    let before = std::fs::read_to_string(fresh.join("claims/imported.toml")).expect("read");
    let bad = run(
        &fresh,
        &["import-w3c", root.join("bad.jsonld").to_str().unwrap()],
    );
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("is not in sources/"), "{}", bad.stderr);
    assert_eq!(
        std::fs::read_to_string(fresh.join("claims/imported.toml")).expect("read"),
        before
    );
}

#[test]
fn report_writes_every_configured_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    copy_example(root);
    // The example has failures: exit 1.
    run_ok(root, &["report"], 1);
    let report = citecheck::check(
        &citecheck::open(root).expect("project"),
        &CheckOptions::default(),
    )
    .expect("checks");
    let formats = [
        Format::Json,
        Format::Html,
        Format::Markdown,
        Format::Sarif,
        Format::Junit,
        Format::W3c,
    ];
    for f in formats {
        let written = std::fs::read_to_string(root.join("reports").join(f.file_name()))
            .unwrap_or_else(|e| panic!("{f:?}: {e}"));
        assert_eq!(written, reporter(f).render(&report), "{f:?}");
    }
    let listed = std::fs::read_dir(root.join("reports"))
        .expect("reports")
        .count();
    assert_eq!(listed, formats.len());
}

#[test]
fn report_writes_every_format_at_once_gitlab_included() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    copy_example(root);
    let config = std::fs::read_to_string(root.join("citecheck.toml")).expect("read");
    let line = config
        .lines()
        .find(|l| l.starts_with("formats = "))
        .expect("formats line");
    let all: Vec<String> = Format::ALL
        .iter()
        .map(|f| format!("\"{}\"", f.as_str()))
        .collect();
    std::fs::write(
        root.join("citecheck.toml"),
        config.replace(line, &format!("formats = [{}]", all.join(", "))),
    )
    .expect("write");
    run_ok(root, &["report"], 1);
    let report = citecheck::check(
        &citecheck::open(root).expect("project"),
        &CheckOptions::default(),
    )
    .expect("checks");
    assert!(Format::ALL.contains(&Format::Gitlab));
    for f in Format::ALL {
        let written = std::fs::read_to_string(root.join("reports").join(f.file_name()))
            .unwrap_or_else(|e| panic!("{f:?}: {e}"));
        // Files are written without colour.
        let rendered = anstream::adapter::strip_str(&reporter(f).render(&report)).to_string();
        assert_eq!(written, rendered, "{f:?}");
    }
    let gitlab = root.join("reports/gl-code-quality-report.json");
    let issues: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(gitlab).expect("read")).expect("json");
    assert!(!issues.as_array().expect("array").is_empty());
}

/// `import-w3c` into a new claims file writes its header comment first, then the entries; into
/// a file of comments only, the comments stay on top. (toml_edit keeps a comment-only file's
/// comments as the document's trailing text, which used to land after the new entries.)
#[test]
fn import_w3c_keeps_header_comments_above_the_entries() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    copy_example(root);
    let ann = root.join("ann.jsonld");
    let ann = ann.to_str().expect("utf-8 path");
    run_ok(root, &["check", "--format", "w3c", "--output", ann], 1);
    for f in std::fs::read_dir(root.join("claims")).expect("claims") {
        std::fs::remove_file(f.expect("entry").path()).expect("rm");
    }
    std::fs::write(root.join("claims/mine.toml"), "# Mine.\n# Two lines.\n\n").expect("write");
    run_ok(root, &["import-w3c", ann, "--into", "claims/mine.toml"], 0);
    let mine = std::fs::read_to_string(root.join("claims/mine.toml")).expect("read");
    assert!(mine.starts_with("# Mine.\n# Two lines.\n"), "{mine}");
    assert!(mine.contains("[[quote]]"), "{mine}");
    // Into a new file (the ids are free again once mine.toml is gone).
    std::fs::remove_file(root.join("claims/mine.toml")).expect("rm");
    run_ok(root, &["import-w3c", ann], 0);
    let new = std::fs::read_to_string(root.join("claims/imported.toml")).expect("read");
    assert!(
        new.starts_with("# Quotes imported from W3C Web Annotations"),
        "{new}"
    );
    assert_eq!(new.matches("# Quotes imported").count(), 1, "{new}");
    assert!(new.contains("[[quote]]"), "{new}");
}
