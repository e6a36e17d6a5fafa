//! Every report format on the bundled example project: snapshots (committed under
//! tests/snapshots/) plus checks of what each format's consumer relies on.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use citecheck::report::reporter;
use citecheck::CheckOptions;
use citecheck::{Format, Report};

/// Every format (the match below stops compiling when one is added and not listed).
const FORMATS: [Format; 9] = [
    Format::Text,
    Format::Json,
    Format::Markdown,
    Format::Sarif,
    Format::Junit,
    Format::Github,
    Format::Gitlab,
    Format::Html,
    Format::W3c,
];

#[allow(dead_code)]
fn every_format_is_listed(f: Format) {
    match f {
        Format::Text
        | Format::Json
        | Format::Markdown
        | Format::Sarif
        | Format::Junit
        | Format::Github
        | Format::Gitlab
        | Format::Html
        | Format::W3c => {}
    }
}

fn example() -> Report {
    let project = citecheck::open(Path::new(env!("CARGO_MANIFEST_DIR"))).expect("example project");
    citecheck::check(&project, &CheckOptions::default()).expect("example checks")
}

fn render(format: Format) -> String {
    reporter(format).render(&example())
}

/// Where the drifted quote `oppose-support` stands: the line of its entry in
/// claims/cable.toml, and the line and byte offset of the words it was found at in the cable.
fn oppose_support() -> (usize, usize, usize) {
    let read = |p: &str| std::fs::read_to_string(common::repo().join(p)).expect("read");
    let (_, entry_line) = common::unique(
        &read("claims/cable.toml"),
        "[[quote]]\nid = \"oppose-support\"\n",
    );
    let ([at, _], line) = common::unique(
        &read("sources/cable.txt"),
        "to the extent Iranians know about this group they are far more likely to oppose it than support it.",
    );
    (entry_line, line, at)
}

/// A report whose entry text tries to inject markup into every format.
fn hostile() -> Report {
    let mut report = example();
    let r = report
        .results
        .iter_mut()
        .find(|r| r.id == "oppose-support")
        .expect("entry");
    r.text = "<script>alert('x')</script> | *bold* ::error::".into();
    r.note = Some("a & b </details>".into());
    report
}

#[test]
fn snapshot_markdown() {
    insta::assert_snapshot!(render(Format::Markdown));
}

#[test]
fn snapshot_sarif() {
    insta::assert_snapshot!(render(Format::Sarif));
}

#[test]
fn snapshot_junit() {
    insta::assert_snapshot!(render(Format::Junit));
}

#[test]
fn snapshot_github() {
    insta::assert_snapshot!(render(Format::Github));
}

#[test]
fn snapshot_gitlab() {
    insta::assert_snapshot!(render(Format::Gitlab));
}

#[test]
fn snapshot_html() {
    insta::assert_snapshot!(render(Format::Html));
}

#[test]
fn snapshot_w3c() {
    insta::assert_snapshot!(render(Format::W3c));
}

#[test]
fn snapshot_json() {
    insta::assert_snapshot!(render(Format::Json));
}

#[test]
fn snapshot_text() {
    let text = render(Format::Text);
    insta::assert_snapshot!(anstream::adapter::strip_str(&text).to_string());
}

#[test]
fn markdown_puts_summary_first_failures_with_diffs_and_folds_passing() {
    let md = render(Format::Markdown);
    let table = md.find("| Status | Entries |").expect("summary table");
    let failures = md.find("### Failures (11)").expect("failures section");
    let details = md.find("<details>").expect("passing entries folded");
    assert!(table < failures && failures < details);
    // The drifted quote's diff marks the word the quote added.
    assert!(md.contains("than <del>to </del>support it."), "{md}");
    // Every passing entry is inside <details>, not among the failures.
    let folded = &md[details..];
    for id in ["no-support", "intro-damage", "hostages"] {
        assert!(folded.contains(&format!("`{id}`")), "{id} not folded");
        assert!(
            !md[..details].contains(&format!("`{id}`")),
            "{id} shown unfolded"
        );
    }
}

#[test]
fn markdown_lists_duplicates_with_diffs_and_folds_identical_ones() {
    let report = example();
    let md = reporter(Format::Markdown).render(&report);
    let section = md
        .find(&format!(
            "### Duplicated passages ({})",
            report.duplicates.len()
        ))
        .expect("duplicates section");
    assert!(md.find("### Failures").expect("failures") < section);
    let dups = &md[section..md.find("entries passing</summary>").expect("passing")];
    // Near duplicates open, with exactly their changed words marked; long runs elided.
    // The cable's summary, twice: from "Summary Showing…" / "SUMMARY: Showing…" to "END SUMMARY".
    let cable = std::fs::read_to_string(common::repo().join("sources/cable.txt")).expect("cable");
    let starts = common::occurrences(&cable, "Showing a unanimity rare among Iranians");
    let ends = common::occurrences(&cable, "END SUMMARY");
    assert_eq!((starts.len(), ends.len()), (2, 2));
    let copy = |i: usize, heading: &str| {
        let ([at, _], line) = starts[i];
        assert!(cable[..at].ends_with(heading), "{heading}");
        let end = ends[i].0[1];
        format!(
            "`sources/cable.txt` line {line} [{}, {end})",
            at - heading.len()
        )
    };
    let near = format!(
        "**164 words, 2 copies, similarity 0.99**: {}; {}",
        copy(0, "Summary "),
        copy(1, "SUMMARY: ")
    );
    assert!(dups.contains(&near), "{near}\n{dups}");
    assert!(dups.contains(
        "has <del>not </del><ins>no </ins>significant popular support inside … express severe dislike for <del>this </del><ins>the </ins>group"
    ));
    // The 8 identical ones are folded, every copy listed.
    let folded = &dups[dups
        .find("<details><summary>8 identical duplicated passages</summary>")
        .expect("folded")..];
    assert_eq!(folded.matches(", identical**").count(), 8);
    assert!(!dups[..dups.find("<details>").expect("details")].contains(", identical**"));
    // A quote whose passage is duplicated names the other copy and whether it differs.
    assert!(md.contains(
        "The passage is duplicated; also at `sources/cable.txt` line 3 (**differs within the quote**)."
    ));
}

#[test]
fn markdown_escapes_user_text() {
    let md = reporter(Format::Markdown).render(&hostile());
    assert!(!md.contains("<script>"));
    assert!(md.contains("&lt;script&gt;"));
    assert_eq!(
        md.matches("</details>").count(),
        md.matches("<details>").count(),
        "a note closed the details early"
    );
    assert!(md.contains("\\| \\*bold\\*"));
}

#[test]
fn sarif_validates_against_the_official_schema() {
    // The fixture is the official schema byte for byte. Its two `language` patterns end in a
    // lone `]`, a literal for ECMA-262 regexes but an error for the validator's regex engine;
    // escaping it keeps the meaning and lets the schema compile.
    let official = include_str!("fixtures/sarif-2.1.0.json");
    let lone = r#"{2}-[a-zA-Z]{2}]?$"#;
    assert_eq!(official.matches(lone).count(), 2, "schema fixture changed");
    let schema: serde_json::Value =
        serde_json::from_str(&official.replace(lone, r#"{2}-[a-zA-Z]{2}\\]?$"#))
            .expect("schema parses");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    for report in [example(), hostile()] {
        let sarif: serde_json::Value =
            serde_json::from_str(&reporter(Format::Sarif).render(&report)).expect("valid JSON");
        let errors: Vec<String> = validator
            .iter_errors(&sarif)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "schema errors: {errors:#?}");
    }
    // The validator does reject a broken document (the test can fail).
    let broken = serde_json::json!({"version": "2.1.0", "runs": [{"results": []}]});
    assert!(!validator.is_valid(&broken));
}

#[test]
fn sarif_has_one_rule_per_code_and_locates_results() {
    let sarif: serde_json::Value =
        serde_json::from_str(&render(Format::Sarif)).expect("valid JSON");
    let run = &sarif["runs"][0];
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .map(|r| r["id"].as_str().expect("id"))
        .collect();
    let codes: Vec<&str> = citecheck::Code::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(rules, codes);
    let results = run["results"].as_array().expect("results");
    // 11 failing + 2 relocated warnings + 1 normalized warning + 1 changed source.
    assert_eq!(results.len(), 15);
    let drifted = results
        .iter()
        .find(|r| r["locations"][0]["logicalLocations"][0]["name"] == "oppose-support")
        .expect("drifted result");
    assert_eq!(drifted["ruleId"], "quote-drifted");
    assert_eq!(drifted["level"], "error");
    let (entry_line, line, at) = oppose_support();
    let loc = &drifted["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "claims/cable.toml");
    assert_eq!(loc["region"]["startLine"], entry_line);
    let rel = &drifted["relatedLocations"][0]["physicalLocation"];
    assert_eq!(rel["artifactLocation"]["uri"], "sources/cable.txt");
    assert_eq!(rel["region"]["startLine"], line);
    assert_eq!(rel["region"]["byteOffset"], at);
    for r in results {
        let idx = r["ruleIndex"].as_u64().expect("index") as usize;
        assert_eq!(rules[idx], r["ruleId"].as_str().expect("rule id"));
    }
}

#[test]
fn junit_is_well_formed_and_grouped_by_claims_file() {
    for report in [example(), hostile()] {
        let xml = reporter(Format::Junit).render(&report);
        let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
        let suites: Vec<_> = doc
            .root_element()
            .children()
            .filter(|n| n.has_tag_name("testsuite"))
            .collect();
        let names: Vec<_> = suites.iter().filter_map(|s| s.attribute("name")).collect();
        assert_eq!(names, ["claims/cable.toml", "claims/intro.toml"]);
        let mut cases = 0;
        let mut failures = 0;
        for s in &suites {
            let mut seen = BTreeSet::new();
            for c in s.children().filter(|n| n.has_tag_name("testcase")) {
                cases += 1;
                assert!(
                    seen.insert(c.attribute("name").expect("name")),
                    "duplicate name"
                );
                assert_eq!(c.attribute("file"), s.attribute("name"));
                assert!(c
                    .attribute("line")
                    .is_some_and(|l| l.parse::<usize>().is_ok()));
                // The test's identity is where the entry is declared; the finding code is
                // the failure's type.
                assert_eq!(c.attribute("classname"), s.attribute("name"));
                for f in c.children().filter(|n| n.has_tag_name("failure")) {
                    let code = f.attribute("type").expect("type");
                    assert!(citecheck::model::Code::parse(code).is_some(), "{code}");
                    assert!(f.attribute("message").expect("message").contains(code));
                    failures += 1;
                }
            }
        }
        assert_eq!(cases, 21);
        assert_eq!(failures, 11);
        assert_eq!(doc.root_element().attribute("failures"), Some("11"));
    }
    let xml = render(Format::Junit);
    assert!(xml.contains("than [-to -]support it."), "diff in failure");
}

#[test]
fn github_annotates_failures_and_warnings() {
    let gh = render(Format::Github);
    let (entry_line, _, _) = oppose_support();
    let annotation = format!(
        "::error file=claims/cable.toml,line={entry_line},col=1,title=quote oppose-support%3A drifted (quote-drifted)::"
    );
    assert!(gh.contains(&annotation), "{annotation}\n{gh}");
    assert_eq!(gh.lines().filter(|l| l.starts_with("::error ")).count(), 11);
    // 2 relocated + 1 normalized + the changed source.
    assert_eq!(
        gh.lines().filter(|l| l.starts_with("::warning ")).count(),
        4
    );
    // Every command is one line: newlines in messages are escaped.
    let hostile = reporter(Format::Github).render(&hostile());
    assert!(hostile
        .lines()
        .all(|l| l.starts_with("::") || l.starts_with("citecheck:")));
}

#[test]
fn github_format_appends_markdown_to_the_step_summary() {
    let dir = tempfile::tempdir().expect("tempdir");
    let summary = dir.path().join("summary.md");
    std::fs::write(&summary, "earlier step\n").expect("write");
    let out = common::finish(
        common::command(&common::repo(), &["check", "--format", "github"])
            .env("GITHUB_STEP_SUMMARY", &summary),
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    let stdout = out.stdout;
    let (entry_line, _, _) = oppose_support();
    let annotation = format!("\n::error file=claims/cable.toml,line={entry_line},");
    assert!(stdout.contains(&annotation), "{stdout}");
    let written = std::fs::read_to_string(&summary).expect("read");
    assert_eq!(
        written,
        format!("earlier step\n{}", render(Format::Markdown))
    );
}

#[test]
fn every_path_is_root_relative_with_forward_slashes() {
    // The report is made from a copy of the example in a temporary folder (a path that cannot
    // occur by coincidence): no format may name that folder, and each names the project's files
    // root-relative with forward slashes. A `\` separator can only come from a Windows path, so
    // that check runs there.
    let dir = common::example_sandbox();
    let project = citecheck::open(dir.path()).expect("copied example");
    let report = citecheck::check(&project, &CheckOptions::default()).expect("checks");
    let root = dir.path().to_str().expect("UTF-8 temp path");
    let canonical = dir.path().canonicalize().expect("canonical");
    let canonical = canonical.to_str().expect("UTF-8 temp path");
    let folder = dir.path().file_name().unwrap().to_str().unwrap();
    let mut paths: BTreeSet<String> = BTreeSet::new();
    for sub in ["sources", "claims"] {
        for entry in std::fs::read_dir(dir.path().join(sub)).expect("read_dir") {
            let name = entry.expect("entry").file_name();
            paths.insert(format!("{sub}/{}", name.to_str().expect("UTF-8 name")));
        }
    }
    assert_eq!(paths.len(), 5, "{paths:?}");
    for format in FORMATS {
        let out = reporter(format).render(&report);
        for leak in [root, canonical, folder] {
            assert!(!out.contains(leak), "{format:?} names the folder {leak}");
        }
        if cfg!(windows) {
            for backslashed in ["claims\\", "sources\\"] {
                assert!(!out.contains(backslashed), "{format:?}: {backslashed}");
            }
        }
        // Every source, and (but in W3C annotations, which target sources only) every claims
        // file, is named the one way: root-relative, with forward slashes.
        for path in &paths {
            if format == Format::W3c && path.starts_with("claims/") {
                continue;
            }
            assert!(out.contains(path.as_str()), "{format:?} never names {path}");
        }
    }
}

#[test]
fn html_is_self_contained_and_escapes_user_text() {
    let html = reporter(Format::Html).render(&hostile());
    // Nothing loaded from elsewhere: no scripts, no external stylesheets, images or fonts.
    for banned in [
        "<script", "src=", "<link", "@import", "url(", "http://", "https://",
    ] {
        assert!(!html.contains(banned), "found {banned}");
    }
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    assert!(html.contains("a &amp; b &lt;/details&gt;"));
    assert_eq!(html.matches("<article class=\"card").count(), 21);
    // Failing cards come first; the drifted one shows its diff marks.
    let first_pass = html
        .find("<article class=\"card pass s-verified")
        .expect("verified card");
    let drifted = html
        .find("id=\"entry-oppose-support\"")
        .expect("drifted card");
    assert!(drifted < first_pass);
    assert!(html.contains("than <del>to </del>support it."));
    // The provenance table lists every source with hash and size (thousands separated).
    let report = example();
    for source in &report.sources {
        let bytes = std::fs::metadata(common::repo().join(&source.path))
            .expect("source")
            .len()
            .to_string();
        let mut grouped = String::new();
        for (i, c) in bytes.chars().enumerate() {
            if i > 0 && (bytes.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        assert!(
            html.contains(&format!("<td class=\"num\">{grouped}</td>")),
            "{}: {grouped}",
            source.path
        );
        assert!(html.contains(&source.sha256), "{}", source.path);
    }
}

#[test]
fn html_lists_duplicated_passages_with_escaped_diffs() {
    let mut report = example();
    let near = report
        .duplicates
        .iter_mut()
        .find(|c| !c.diff.is_empty())
        .expect("a near duplicate in the example");
    near.diff[0].text = "<script>alert(1)</script> ".into();
    near.occurrences[0].source = "sources/<b>.txt".into();
    let html = reporter(Format::Html).render(&report);
    let section = &html[html.find("<section id=\"duplicates\">").expect("section")..];
    assert_eq!(
        section.matches("<article class=\"dup").count(),
        report.duplicates.len()
    );
    assert!(!section.contains("<script>") && !section.contains("<b>"));
    assert!(section.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(section.contains("<code>sources/&lt;b&gt;.txt</code>"));
    // Identical and near copies are told apart; copies are counted.
    assert!(section.contains("<span class=\"badge pass\">identical</span>"));
    assert!(section.contains("2 copies · similarity 0.99"));
    assert!(section.contains("has <del>not </del><ins>no </ins>significant"));
    // A card whose passage is duplicated links to its cluster.
    assert!(html.contains("<a href=\"#dup-"));
}

#[test]
fn every_code_has_a_documented_anchor() {
    // Each finding code has a heading in the README: the anchor SARIF help and the docs link to
    // (`#quote-drifted`).
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let docs = ["README.md"]
        .iter()
        .filter_map(|f| std::fs::read_to_string(root.join(f)).ok())
        .collect::<Vec<_>>()
        .join("\n");
    for c in citecheck::Code::ALL {
        let heading = format!("\n### {c}\n");
        assert!(docs.contains(&heading), "no heading for {c}");
    }
}

#[test]
fn markdown_stays_postable_when_many_entries_fail() {
    let mut report = example();
    let failing = report
        .results
        .iter()
        .find(|r| r.id == "oppose-support")
        .expect("entry")
        .clone();
    for i in 0..200 {
        let mut r = failing.clone();
        r.id = format!("copy-{i}");
        report.results.push(r);
    }
    let md = reporter(Format::Markdown).render(&report);
    assert!(md.contains("### Failures (211)"));
    let n = citecheck::report::markdown::MAX_DETAILED;
    assert!(md.contains(&format!("… and {} more failures", 211 - n)));
    assert!(md.len() < 65_536, "{} bytes", md.len());
}
