//! Reports attach where CI shows them (issue 15): paths from the repository's top level for a
//! project in a subfolder (SARIF, GitHub annotations, GitLab Code Quality), absolute rule help
//! links, GitLab's shape and stable fingerprints, JUnit test identities that survive a status
//! change, and what every report says of a claim's evidence, of a changed source, and of
//! counts of one.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use citecheck::report::reporter;
use citecheck::{CheckOptions, Format, Report};
use serde_json::Value;

fn check(root: &Path) -> Report {
    let project = citecheck::open(root).expect("project opens");
    citecheck::check(&project, &CheckOptions::default()).expect("checks")
}

/// The example copied into `docs/` of a repository (a `.git` folder at its top level, as
/// `git init` makes; no git binary needed).
fn example_in_subfolder() -> (tempfile::TempDir, std::path::PathBuf) {
    let repo = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(repo.path().join(".git")).expect("mkdir .git");
    let docs = repo.path().join("docs");
    common::copy_example(&docs);
    (repo, docs)
}

#[test]
fn a_project_in_a_subfolder_reports_repository_paths() {
    let (repo, docs) = example_in_subfolder();
    let report = check(&docs);
    assert_eq!(report.project_dir, "docs");
    let claims = std::fs::read_to_string(docs.join("claims/cable.toml")).expect("read");
    let ([_, _], entry_line) = common::unique(&claims, "[[quote]]\nid = \"oppose-support\"\n");
    // Every path a repository view resolves names a file that exists from the repository's
    // top level.
    let exists = |p: &str| repo.path().join(p).is_file();

    // SARIF: uris from SRCROOT, the project root declared as PROJECTROOT.
    let sarif: Value =
        serde_json::from_str(&reporter(Format::Sarif).render(&report)).expect("json");
    let run = &sarif["runs"][0];
    assert_eq!(run["originalUriBaseIds"]["PROJECTROOT"]["uri"], "docs/");
    assert_eq!(
        run["originalUriBaseIds"]["PROJECTROOT"]["uriBaseId"],
        "SRCROOT"
    );
    let mut uris = BTreeSet::new();
    for result in run["results"].as_array().expect("results") {
        let mut locations: Vec<&Value> = result["locations"].as_array().unwrap().iter().collect();
        if let Some(rel) = result["relatedLocations"].as_array() {
            locations.extend(rel);
        }
        for l in locations {
            let a = &l["physicalLocation"]["artifactLocation"];
            assert_eq!(a["uriBaseId"], "SRCROOT", "{a}");
            uris.insert(a["uri"].as_str().expect("uri").to_string());
        }
    }
    for a in run["artifacts"].as_array().expect("artifacts") {
        uris.insert(a["location"]["uri"].as_str().expect("uri").to_string());
    }
    assert!(uris.contains("docs/claims/cable.toml"), "{uris:?}");
    assert!(uris.contains("docs/sources/cable.txt"), "{uris:?}");
    for u in &uris {
        assert!(exists(u), "SARIF names {u}, not a file of the repository");
    }
    let drifted = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["locations"][0]["logicalLocations"][0]["name"] == "oppose-support")
        .expect("drifted result");
    let at = &drifted["locations"][0]["physicalLocation"];
    assert_eq!(at["artifactLocation"]["uri"], "docs/claims/cable.toml");
    assert_eq!(at["region"]["startLine"], entry_line);

    // GitHub annotations.
    let gh = reporter(Format::Github).render(&report);
    assert!(
        gh.contains(&format!(
            "::error file=docs/claims/cable.toml,line={entry_line},col=1,"
        )),
        "{gh}"
    );
    for line in gh.lines().filter(|l| l.starts_with("::")) {
        let file = line
            .split("file=")
            .nth(1)
            .and_then(|r| r.split([',', ':']).next())
            .expect("file=");
        assert!(exists(file), "annotation names {file}: {line}");
    }

    // GitLab Code Quality.
    let gl: Value = serde_json::from_str(&reporter(Format::Gitlab).render(&report)).expect("json");
    for issue in gl.as_array().expect("array") {
        let path = issue["location"]["path"].as_str().expect("path");
        assert!(path.starts_with("docs/"), "{path}");
        assert!(exists(path), "{path}");
    }
}

#[test]
fn a_project_in_no_repository_keeps_root_relative_paths() {
    let dir = common::example_sandbox();
    let report = check(dir.path());
    // The temp folder may itself sit inside some repository; only when it does not is the
    // answer knowable here. (Unit tests in src/check/repo.rs cover both cases.)
    if report.project_dir.is_empty() {
        let sarif: Value =
            serde_json::from_str(&reporter(Format::Sarif).render(&report)).expect("json");
        let run = &sarif["runs"][0];
        assert_eq!(run["originalUriBaseIds"]["PROJECTROOT"]["uri"], "./");
        assert_eq!(
            run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .map(|u| u.starts_with("claims/")),
            Some(true)
        );
        let gh = reporter(Format::Github).render(&report);
        assert!(gh.contains("::error file=claims/cable.toml,"));
        // The JSON report says nothing of a repository it is not in.
        assert!(!reporter(Format::Json)
            .render(&report)
            .contains("project_dir"));
    }
}

#[test]
fn sarif_rule_help_links_are_absolute() {
    let report = check(&common::repo());
    let sarif: Value =
        serde_json::from_str(&reporter(Format::Sarif).render(&report)).expect("json");
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    let repository = env!("CARGO_PKG_REPOSITORY");
    assert!(repository.starts_with("https://"), "{repository}");
    for rule in rules {
        let id = rule["id"].as_str().expect("id");
        let uri = rule["helpUri"].as_str().expect("helpUri");
        assert_eq!(uri, format!("{repository}/blob/main/README.md#{id}"));
        assert!(rule["help"]["markdown"]
            .as_str()
            .unwrap()
            .contains(&format!("({uri})")));
        assert!(!rule["help"]["text"]
            .as_str()
            .unwrap()
            .contains(" README.md#"));
    }
}

#[test]
fn gitlab_code_quality_has_its_shape() {
    let report = check(&common::repo());
    let gl: Value = serde_json::from_str(&reporter(Format::Gitlab).render(&report)).expect("json");
    let issues = gl.as_array().expect("a JSON array");
    // One issue per failing or warning entry, one per changed source.
    let entries = report
        .results
        .iter()
        .filter(|r| r.severity() != citecheck::model::Severity::Pass)
        .count();
    let sources = report.sources.iter().filter(|s| s.changed).count();
    assert_eq!(issues.len(), entries + sources);
    let mut fingerprints = BTreeSet::new();
    for i in issues {
        assert!(!i["description"].as_str().expect("description").is_empty());
        let code = i["check_name"].as_str().expect("check_name");
        assert!(citecheck::model::Code::parse(code).is_some(), "{code}");
        let fp = i["fingerprint"].as_str().expect("fingerprint");
        assert!(fp.len() == 64 && fp.chars().all(|c| c.is_ascii_hexdigit()));
        assert!(fingerprints.insert(fp.to_string()), "fingerprint repeated");
        let severity = i["severity"].as_str().expect("severity");
        assert!(
            ["info", "minor", "major", "critical", "blocker"].contains(&severity),
            "{severity}"
        );
        let path = i["location"]["path"].as_str().expect("path");
        assert!(common::repo().join(path).is_file(), "{path}");
        assert!(i["location"]["lines"]["begin"].as_u64().expect("begin") >= 1);
    }
    // A failing entry is at its header, with its code and a failing severity; a warning is
    // minor.
    let find = |id: &str| {
        let r = report.results.iter().find(|r| r.id == id).expect("entry");
        issues
            .iter()
            .find(|i| {
                i["location"]["path"] == r.file.as_str()
                    && i["location"]["lines"]["begin"] == r.line
            })
            .unwrap_or_else(|| panic!("no issue for {id}"))
    };
    assert_eq!(find("oppose-support")["check_name"], "quote-drifted");
    assert_eq!(find("broad-support")["severity"], "critical");
    assert_eq!(find("oppose-support")["severity"], "major");
    assert_eq!(find("bahai-prefer")["severity"], "minor");
}

#[test]
fn gitlab_fingerprints_survive_an_entry_moving() {
    let dir = common::example_sandbox();
    let before = check(dir.path());
    let path = dir.path().join("claims/cable.toml");
    let text = std::fs::read_to_string(&path).expect("read");
    // Ten lines of comment on top: every entry moves down, none changes.
    std::fs::write(&path, format!("{}{text}", "# moved\n".repeat(10))).expect("write");
    let after = check(dir.path());
    let issues = |r: &Report| -> Vec<(String, String, u64)> {
        let v: Value = serde_json::from_str(&reporter(Format::Gitlab).render(r)).unwrap();
        v.as_array()
            .unwrap()
            .iter()
            .map(|i| {
                (
                    i["fingerprint"].as_str().unwrap().to_string(),
                    i["location"]["path"].as_str().unwrap().to_string(),
                    i["location"]["lines"]["begin"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    let (a, b) = (issues(&before), issues(&after));
    assert_eq!(a.len(), b.len());
    let mut moved = 0;
    for ((fa, pa, la), (fb, _, lb)) in a.iter().zip(&b) {
        assert_eq!(fa, fb, "fingerprint changed when {pa}:{la} moved to {lb}");
        if pa == "claims/cable.toml" {
            assert_eq!(*lb, la + 10);
            moved += 1;
        }
    }
    assert!(moved > 0);
}

/// (classname, name, failure type) of each testcase.
fn junit_cases(report: &Report) -> Vec<(String, String, Option<String>)> {
    let xml = reporter(Format::Junit).render(report);
    let doc = roxmltree::Document::parse(&xml).expect("XML");
    doc.descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .map(|c| {
            (
                c.attribute("classname").unwrap_or_default().to_string(),
                c.attribute("name").unwrap_or_default().to_string(),
                c.children()
                    .find(|n| n.has_tag_name("failure"))
                    .and_then(|f| f.attribute("type"))
                    .map(str::to_string),
            )
        })
        .collect()
}

#[test]
fn junit_identity_is_stable_when_an_entry_goes_from_verified_to_drifted() {
    let dir = common::example_sandbox();
    let before = check(dir.path());
    let r = before
        .results
        .iter()
        .find(|r| r.id == "no-support")
        .expect("entry");
    assert_eq!(r.status, citecheck::Status::Verified);
    let case = |cases: &[(String, String, Option<String>)]| {
        cases
            .iter()
            .find(|c| c.1 == "no-support")
            .cloned()
            .expect("testcase")
    };
    let was = case(&junit_cases(&before));
    assert_eq!(
        (was.0.as_str(), was.1.as_str(), was.2.as_deref()),
        ("claims/cable.toml", "no-support", None)
    );
    // Edit the source: one word of the quoted sentence changes.
    let cable = dir.path().join("sources/cable.txt");
    let text = std::fs::read_to_string(&cable).expect("read");
    assert_eq!(text.matches("They have no support in Iran.").count(), 1);
    std::fs::write(
        &cable,
        text.replace(
            "They have no support in Iran.",
            "They have little support in Iran.",
        ),
    )
    .expect("write");
    let after = check(dir.path());
    let r = after
        .results
        .iter()
        .find(|r| r.id == "no-support")
        .expect("entry");
    assert_eq!(r.status, citecheck::Status::Drifted);
    let now = case(&junit_cases(&after));
    // The same test (classname, name), now failing with the finding's code.
    assert_eq!((&now.0, &now.1), (&was.0, &was.1));
    assert_eq!(now.2.as_deref(), Some("quote-drifted"));
    // And every test of the run keeps its identity.
    let ids = |cases: Vec<(String, String, Option<String>)>| -> BTreeSet<(String, String)> {
        cases.into_iter().map(|(c, n, _)| (c, n)).collect()
    };
    assert_eq!(ids(junit_cases(&before)), ids(junit_cases(&after)));
}

#[test]
fn every_report_shows_a_claims_evidence_text() {
    let report = check(&common::repo());
    let r = report
        .results
        .iter()
        .find(|r| r.id == "support-helps")
        .expect("claim");
    let evidence = r.evidence.clone().expect("declared evidence");
    assert!(evidence.contains("would extremely damage its reputation"));
    // Each format shows it under its own label (the found passage holds the same words, so
    // the words alone would prove nothing).
    let e = "would extremely damage its reputation amongst Iranians and would increase anti";
    for (format, shown) in [
        (Format::Text, format!("    evidence: {e}")),
        (Format::Markdown, format!("Evidence as cited: {e}")),
        (
            Format::Html,
            format!("Evidence as cited</div><blockquote class=\"evidence-cited\">{e}"),
        ),
        (Format::Junit, format!("Evidence as cited: {e}")),
        (Format::Junit, format!("Evidence as cited: “{e}")),
        (Format::Sarif, format!("Evidence as cited: “{e}")),
        (Format::Github, format!("%0AEvidence as cited: {e}")),
        (Format::Gitlab, format!("Evidence as cited: “{e}")),
    ] {
        let out = reporter(format).render(&report);
        assert!(
            out.contains(&shown),
            "{format:?} does not show the evidence"
        );
    }
    let json: Value = serde_json::from_str(&reporter(Format::Json).render(&report)).unwrap();
    let entry = json["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "support-helps")
        .expect("entry");
    assert_eq!(entry["evidence"], evidence.as_str());
    // A passing claim's row in Markdown's folded table names its evidence too.
    let md = reporter(Format::Markdown).render(&report);
    let row = md
        .lines()
        .find(|l| l.starts_with("| `no-popular-support` |"))
        .expect("passing row");
    assert!(
        row.contains("evidence as cited: has no significant popular support inside Iran"),
        "{row}"
    );
}

#[test]
fn html_marks_missing_terms_and_folds_passing_cards() {
    let report = check(&common::repo());
    let html = reporter(Format::Html).render(&report);
    let card = |id: &str| -> &str {
        let at = html
            .find(&format!("id=\"entry-{id}\""))
            .unwrap_or_else(|| panic!("card {id}"));
        let start = html[..at].rfind("<article").unwrap();
        let end = at + html[at..].find("</article>").unwrap();
        &html[start..end]
    };
    // The unsupported claim: each missing term marked in the claim, the passage not marked
    // as a whole.
    let unsupported = report
        .results
        .iter()
        .find(|r| r.status == citecheck::Status::Unsupported)
        .expect("an unsupported claim");
    assert!(!unsupported.missing_terms.is_empty());
    let c = card(&unsupported.id);
    for term in &unsupported.missing_terms {
        assert!(
            c.to_lowercase()
                .contains(&format!("<mark class=\"missing\">{term}")),
            "{term} not marked"
        );
    }
    assert!(!c.contains("<mark>"), "the passage is highlighted whole");
    // A supported claim still shows its found passage marked, and marks no missing term.
    let supported = card("no-popular-support");
    assert!(supported.contains("<mark>has no significant popular support inside Iran</mark>"));
    assert!(!supported.contains("class=\"missing\""));
    // Passing cards folded, failing and warning ones open.
    for r in &report.results {
        let c = card(&r.id);
        let open = c.contains("<details open>");
        assert!(c.contains("<details"), "{}", r.id);
        assert_eq!(
            open,
            r.severity() != citecheck::model::Severity::Pass,
            "{}",
            r.id
        );
    }
}

#[test]
fn a_source_changed_by_a_pin_names_the_entries_and_both_hashes() {
    let report = check(&common::repo());
    let cable = report
        .sources
        .iter()
        .find(|s| s.path == "sources/cable.txt")
        .expect("cable");
    // The example's lock agrees with the cable; one entry pins an earlier release.
    assert_eq!(cable.locked_sha256.as_deref(), Some(cable.sha256.as_str()));
    assert!(cable.changed);
    let pins: Vec<_> = cable.stale_pins.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(pins, ["hated-blood"]);
    let pinned = &cable.stale_pins[0].sha256;
    assert_ne!(pinned, &cable.sha256);
    for format in [
        Format::Text,
        Format::Json,
        Format::Markdown,
        Format::Html,
        Format::Sarif,
        Format::Github,
        Format::Gitlab,
    ] {
        let out = reporter(format).render(&report);
        assert!(out.contains("hated-blood"), "{format:?}");
        assert!(
            out.contains(pinned.as_str()),
            "{format:?} hides the pinned hash"
        );
        assert!(
            out.contains(&cable.sha256),
            "{format:?} hides the current hash"
        );
    }
    // The text report no longer prints the one hash twice as if it were two.
    let text = anstream::adapter::strip_str(&reporter(Format::Text).render(&report)).to_string();
    assert!(
        !text.contains(&format!("(lock: {})", cable.sha256)),
        "{text}"
    );
    assert!(
        text.contains(&format!("hated-blood pins {pinned}")),
        "{text}"
    );
}

#[test]
fn text_colours_normalized_as_a_warning_and_does_not_dim_locations() {
    use anstyle::{AnsiColor, Effects};
    let report = check(&common::repo());
    let text = reporter(Format::Text).render(&report);
    let warn = AnsiColor::Yellow.on_default().effects(Effects::BOLD);
    assert!(
        text.contains(&format!("{warn}1 normalized{warn:#}")),
        "normalized not coloured: {text}"
    );
    let dim = anstyle::Style::new()
        .effects(Effects::DIMMED)
        .render()
        .to_string();
    assert!(!text.contains(&dim), "something is dimmed");
    let r = &report.results[0];
    assert!(text.contains(&format!("  {}:{}:{}  ", r.file, r.line, r.column)));
}

#[test]
fn counts_of_one_are_singular_in_every_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    common::write_files(
        dir.path(),
        &[
            ("sources/only.txt", "The only source says one thing.\n"),
            (
                "claims/only.toml",
                "[[quote]]\nid = \"one\"\nsource = \"only.txt\"\ntext = \"says one thing\"\n",
            ),
        ],
    );
    let report = check(dir.path());
    assert_eq!((report.summary.entries, report.summary.sources), (1, 1));
    for format in Format::ALL {
        let out = reporter(format).render(&report);
        for wrong in ["1 entries", "1 sources"] {
            assert!(!out.contains(wrong), "{format:?} says {wrong}");
        }
    }
    let text = anstream::adapter::strip_str(&reporter(Format::Text).render(&report)).to_string();
    assert!(
        text.contains("1 entry: 1 verified; 1 source (0 changed)"),
        "{text}"
    );
    let md = reporter(Format::Markdown).render(&report);
    assert!(md.contains("all passing (1 entry, 1 source)"), "{md}");
    assert!(reporter(Format::Html)
        .render(&report)
        .contains("all passing · 1 entry · 1 source"));
    assert!(reporter(Format::Github)
        .render(&report)
        .contains("citecheck: 1 entry, 0 failing, 1 source"));
}

#[test]
fn check_with_root_in_a_git_repository_annotates_repository_paths() {
    // A real repository when git is installed (`git init`), else the `.git` folder it makes:
    // either way the binary, given `--root docs` from the top level, names repository paths.
    let repo = tempfile::tempdir().expect("tempdir");
    let git_made_it = std::process::Command::new("git")
        .args(["init", "-q"])
        .current_dir(repo.path())
        .status()
        .is_ok_and(|s| s.success());
    if !git_made_it {
        std::fs::create_dir(repo.path().join(".git")).expect("mkdir .git");
    }
    common::copy_example(&repo.path().join("docs"));
    let gh = common::run(
        repo.path(),
        &["check", "--root", "docs", "--format", "github"],
    );
    assert_eq!(gh.code, 1, "{}", gh.stderr);
    let errors: Vec<&str> = gh
        .stdout
        .lines()
        .filter(|l| l.starts_with("::error "))
        .collect();
    assert!(!errors.is_empty());
    for l in errors {
        assert!(l.starts_with("::error file=docs/claims/"), "{l}");
    }
    let sarif = common::run(
        repo.path(),
        &["check", "--root", "docs", "--format", "sarif"],
    );
    let v: Value = serde_json::from_str(&sarif.stdout).expect("json");
    assert_eq!(
        v["runs"][0]["originalUriBaseIds"]["PROJECTROOT"]["uri"],
        "docs/"
    );
    let uri =
        &v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
    assert!(
        uri.as_str().is_some_and(|u| u.starts_with("docs/claims/")),
        "{uri}"
    );
}
