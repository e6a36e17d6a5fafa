//! The editor's workflow end to end: `init`, `scan`, `add`, `fix`, `show` and `lock`, run as a
//! user runs them, on copies of the bundled example project (or small projects made here).

mod common;

use std::path::{Path, PathBuf};

use serde_json::Value;

use common::{example_sandbox, occurrences, run, sha256_hex, unique, Run};

/// A copy of the example project without its lock (the editor's commands refresh entry pins;
/// a lock would keep every edited source `source_changed`).
fn example() -> tempfile::TempDir {
    let dir = example_sandbox();
    std::fs::remove_file(dir.path().join("citecheck.lock")).unwrap();
    dir
}

fn read(p: impl AsRef<Path>) -> String {
    std::fs::read_to_string(p).unwrap()
}

/// `check --format json`, as (id -> result).
fn results(root: &Path) -> Vec<Value> {
    let r = run(root, &["check", "--format", "json"]);
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    v["results"].as_array().unwrap().clone()
}

fn result<'a>(all: &'a [Value], id: &str) -> &'a Value {
    all.iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no result for {id}"))
}

fn status(all: &[Value], id: &str) -> String {
    result(all, id)["status"].as_str().unwrap().to_string()
}

fn ids_in(all: &[Value], file: &str) -> Vec<String> {
    all.iter()
        .filter(|r| r["file"] == file)
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

/// `scan` the news intro (a source of the example project), optionally `--write`-ing its
/// quotations to claims/intro-quotes.toml.
fn scan_intro(root: &Path, write: bool) -> Run {
    let intro = root.join("sources/news-intro.txt");
    let mut args = vec!["scan", intro.to_str().unwrap()];
    if write {
        args.extend(["--write", "claims/intro-quotes.toml"]);
    }
    run(root, &args)
}

/// The example's cable, as the project in `root` holds it.
fn cable(root: &Path) -> String {
    read(root.join("sources/cable.txt"))
}

const UNANIMITY: &str = "Showing a unanimity rare among Iranians";
const HATED: &str = "They are hated among Iranians, since their hands are stained with the blood of their fellow countrymen.";
const NOBODY: &str = "Nobody likes them.";

const OPPOSE: &str = "to the extent Iranians know about this group they are far more likely to oppose it than support it.";
const DAMAGE: &str = "Any U.S. support for MEK would extremely damage its reputation amongst Iranians and would increase anti-American sentiments in Iran.";

#[test]
fn init_creates_a_green_project_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let r = run(root, &["init"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for p in [
        "citecheck.toml",
        "sources/example.txt",
        "claims/example.toml",
        "reports",
    ] {
        assert!(root.join(p).exists(), "{p} not created");
    }
    assert!(read(root.join("citecheck.toml")).contains("# Similarity"));
    let r = run(root, &["check"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("word-for-word"), "{}", r.stdout);

    // A second init, even over a partial project, refuses and changes nothing.
    std::fs::write(root.join("citecheck.toml"), "# mine\n").unwrap();
    std::fs::remove_file(root.join("claims/example.toml")).unwrap();
    let r = run(root, &["init"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("never overwrites"), "{}", r.stderr);
    assert_eq!(read(root.join("citecheck.toml")), "# mine\n");
    assert!(!root.join("claims/example.toml").exists());
}

#[test]
fn scan_finds_the_news_intro_quotations_and_written_entries_verify() {
    let dir = example();
    let root = dir.path();
    let r = scan_intro(root, false);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // The intro prints its paragraph twice: two quotations, each twice, all from the cable.
    assert!(r.stdout.starts_with("4 quotation(s)"), "{}", r.stdout);
    for quote in [OPPOSE, DAMAGE] {
        let (_, line) = unique(&cable(root), quote);
        let at = format!("cable.txt:{line}");
        assert_eq!(r.stdout.matches(&at).count(), 2, "{at}\n{}", r.stdout);
    }
    // Its paraphrases carry no quotation marks and are not quotations.
    assert!(!r.stdout.contains("no popular support inside Iran"));
    assert!(
        !root.join("claims/intro-quotes.toml").exists(),
        "scan alone writes nothing"
    );
    // The example project already records them in claims/intro.toml.
    assert_eq!(
        r.stdout
            .matches("already recorded as `intro-oppose`")
            .count(),
        2,
        "{}",
        r.stdout
    );

    // Starting from the sources alone, scan records them.
    std::fs::remove_file(root.join("claims/intro.toml")).unwrap();
    let r = scan_intro(root, true);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("wrote 2 entries"), "{}", r.stdout);
    let written = read(root.join("claims/intro-quotes.toml"));
    assert!(
        written.contains(OPPOSE) && written.contains(DAMAGE),
        "{written}"
    );
    assert!(written.contains("sha256 = ") && written.contains("prefix = "));

    // Scanning again records nothing twice.
    let r = scan_intro(root, true);
    assert!(r.stdout.contains("wrote 0 entries"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("already recorded as `extent-iranians-know-group`"),
        "{}",
        r.stdout
    );
    assert_eq!(read(root.join("claims/intro-quotes.toml")), written);

    let all = results(root);
    let ids = ids_in(&all, "claims/intro-quotes.toml");
    assert_eq!(ids.len(), 2);
    for id in &ids {
        assert_eq!(status(&all, id), "verified", "{id}");
        assert_eq!(result(&all, id)["source_changed"], false);
    }
}

#[test]
fn scan_reads_markdown_block_quotes_and_lists_missing_without_writing_them() {
    let dir = example();
    let root = dir.path();
    let article = root.join("article.md");
    std::fs::write(
        &article,
        "# Notes\n\nThe cable says the group is unpopular.\n\n> They are like Fidel Castro\n> in Cuba.\n\nA respondent called it \"a group that enjoys broad popular support among the young\", a \"cult\". One said: “They are hated among Iranians.”\n",
    )
    .unwrap();
    let r = run(
        root,
        &[
            "scan",
            article.to_str().unwrap(),
            "--write",
            "claims/article.toml",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("3 quotation(s)"), "{}", r.stdout);
    assert!(r.stdout.contains("1 missing"), "{}", r.stdout);
    assert!(r.stdout.contains("1 shorter quotation(s)"), "{}", r.stdout);
    let written = read(root.join("claims/article.toml"));
    assert!(
        written.contains("text = \"They are like Fidel Castro in Cuba.\""),
        "{written}"
    );
    assert!(!written.contains("broad popular support"), "{written}");
    // The full stop the article put inside the quotation marks is not the cable's (a comma).
    assert!(
        written.contains("text = \"They are hated among Iranians\"\n"),
        "{written}"
    );
    let all = results(root);
    let ids = ids_in(&all, "claims/article.toml");
    assert_eq!(ids.len(), 2);
    for id in &ids {
        assert_eq!(status(&all, id), "verified", "{id}");
    }
}

#[test]
fn add_refuses_missing_and_ambiguous_and_occurrence_chooses() {
    let dir = example();
    let root = dir.path();
    let claims = root.join("claims/cable.toml");
    let before = read(&claims);

    let copies = occurrences(&cable(root), UNANIMITY);
    assert_eq!(copies.len(), 2, "the cable repeats its summary");
    let r = add(root, "cable.txt", &[UNANIMITY]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("ambiguous"), "{}", r.stdout);
    // Every copy listed with its span, line and the words before it.
    for (n, ([a, b], line), before) in [
        (1, copies[0], "…Summary [Showing"),
        (2, copies[1], "…2. (SBU) SUMMARY: [Showing"),
    ] {
        let listed = format!("{n}. [{a}, {b}) line {line}: {before}");
        assert!(r.stdout.contains(&listed), "{listed}\n{}", r.stdout);
    }
    assert_eq!(read(&claims), before, "a refusal writes nothing");

    let r = add(
        root,
        "cable.txt",
        &["The MEK enjoys broad support among the young."],
    );
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("missing"), "{}", r.stdout);
    assert_eq!(read(&claims), before);

    let r = add(
        root,
        "cable.txt",
        &["--id", "unanimity-2", "--occurrence", "2", UNANIMITY],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .contains("appended to claims/cable.toml (verified)"),
        "{}",
        r.stdout
    );
    let after = read(&claims);
    assert!(after.starts_with(&before), "existing bytes are kept");
    let all = results(root);
    assert_eq!(status(&all, "unanimity-2"), "verified");
    let line = copies[1].1;
    assert_eq!(
        result(&all, "unanimity-2")["found_lines"],
        serde_json::json!([line, line])
    );

    // Ids are unique across the project.
    let r = add(
        root,
        "cable.txt",
        &["--id", "no-support", "Nobody likes them."],
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("already taken"), "{}", r.stderr);
}

#[test]
fn add_quotes_and_claims_that_check_then_verifies() {
    let dir = example();
    let root = dir.path();
    let r = add(
        root,
        "cable.txt",
        &[
            "--to",
            "claims/new.toml",
            "They are like Fidel Castro in Cuba.",
        ],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let r = add(
        root,
        "cable.txt",
        &[
            "--claim",
            "--to",
            "claims/new.toml",
            "--evidence",
            "has no significant popular support inside Iran",
            "The MEK lacks popular support in Iran.",
        ],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let all = results(root);
    let ids = ids_in(&all, "claims/new.toml");
    assert_eq!(ids.len(), 2, "{ids:?}");
    assert_eq!(status(&all, &ids[0]), "verified");
    assert_eq!(status(&all, &ids[1]), "supported");

    // A near miss is recorded with a warning and its diff, and `check` calls it drifted.
    let r = add(
        root,
        "cable.txt",
        &[
            "--to",
            "claims/new.toml",
            "--id",
            "castro-typo",
            "They are like Fidel Castro in Havana Cuba.",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("warning: only an approximate match"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("[-Havana -]"), "{}", r.stdout);
    assert_eq!(status(&results(root), "castro-typo"), "drifted");
}

/// `add --source SOURCE ARGS…`.
fn add(root: &Path, source: &str, args: &[&str]) -> Run {
    let mut all = vec!["add", "--source", source];
    all.extend(args);
    run(root, &all)
}

/// Insert a paragraph at the top of the cable: every pointer after it is stale.
fn edit_cable(root: &Path) {
    let p = root.join("sources/cable.txt");
    let text = read(&p);
    std::fs::write(&p, format!("RELEASED IN FULL (inserted later)\n{text}")).unwrap();
}

#[test]
fn fix_after_a_source_edit_relocates_refreshes_pins_and_is_idempotent() {
    let dir = example();
    let root = dir.path();
    std::fs::remove_file(root.join("claims/intro.toml")).unwrap();
    let r = scan_intro(root, true);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (_, nobody_line) = unique(&cable(root), NOBODY);
    edit_cable(root);
    // One quotation's words change in the source: that one is for a person.
    let p = root.join("sources/cable.txt");
    std::fs::write(
        &p,
        read(&p).replace("would extremely damage", "would severely damage"),
    )
    .unwrap();

    let all = results(root);
    let scanned = ids_in(&all, "claims/intro-quotes.toml");
    assert_eq!(scanned.len(), 2);
    assert!(scanned
        .iter()
        .all(|id| result(&all, id)["source_changed"] == true));

    // One quotation was changed by hand: fix leaves it for a person, and says so with exit 1.
    let dry = run(root, &["fix", "--dry-run"]);
    assert_eq!(dry.code, 1, "{}", dry.stderr);
    assert!(
        dry.stdout
            .contains("--- a/claims/cable.toml\n+++ b/claims/cable.toml"),
        "{}",
        dry.stdout
    );
    // nobody-likes-them's `lines` pointer follows its sentence one line down.
    let (l, m) = (nobody_line, nobody_line + 1);
    let moved = format!("-lines = [{l}, {l}]\n+lines = [{m}, {m}]");
    assert!(dry.stdout.contains(&moved), "{moved}\n{}", dry.stdout);
    assert!(dry.stdout.contains("nothing was written"));
    let unchanged = results(root);
    assert_eq!(status(&unchanged, "nobody-likes-them"), "relocated");

    let r = run(root, &["fix"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.contains("cannot fix"), "{}", r.stdout);
    let all = results(root);
    // Every quote whose words are unchanged is verified again, pins refreshed.
    for id in ["no-support", "nobody-likes-them", "hated-blood"]
        .iter()
        .map(|s| s.to_string())
        .chain(
            scanned
                .iter()
                .filter(|id| id.starts_with("extent"))
                .cloned(),
        )
    {
        assert_eq!(status(&all, &id), "verified", "{id}");
        assert_eq!(result(&all, &id)["source_changed"], false, "{id}");
    }
    assert_eq!(status(&all, "bahai-prefer"), "normalized");
    // The changed quotation is left drifted, with its diff, and its text untouched.
    let damaged = scanned.iter().find(|id| !id.starts_with("extent")).unwrap();
    assert_eq!(status(&all, damaged), "drifted");
    let diff = serde_json::to_string(&result(&all, damaged)["diff"]).unwrap();
    assert!(
        diff.contains("extremely") && diff.contains("severely"),
        "{diff}"
    );
    assert!(read(root.join("claims/intro-quotes.toml")).contains(DAMAGE));
    assert!(
        r.stdout.contains(&format!("{damaged}  drifted")),
        "{}",
        r.stdout
    );

    // A second run changes nothing.
    let snapshot = || -> Vec<String> {
        ["claims/cable.toml", "claims/intro-quotes.toml"]
            .iter()
            .map(|f| read(root.join(f)))
            .collect()
    };
    let before = snapshot();
    let again = run(root, &["fix"]);
    assert_eq!(again.code, 1, "the drifted quotation is still there");
    assert!(again.stdout.contains("0 entries fixed"), "{}", again.stdout);
    assert!(
        again.stdout.contains("nothing to write"),
        "{}",
        again.stdout
    );
    assert_eq!(before, snapshot());
    assert!(!run(root, &["fix", "--dry-run"]).stdout.contains("--- a/"));
}

#[test]
fn fix_keeps_a_commented_claims_file_intact_outside_the_changed_values() {
    let dir = example();
    let root = dir.path();
    let path = root.join("claims/cable.toml");
    let before = read(&path);
    // What fix must write for hated-blood: where its words are now, and the cable's hash.
    let claims: toml::Value = toml::from_str(&before).unwrap();
    let entry = claims["quote"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["id"].as_str() == Some("hated-blood"))
        .unwrap();
    assert_eq!(entry["text"].as_str(), Some(HATED));
    let span = |v: &toml::Value| format!("span = [{}, {}]", v[0], v[1]);
    let pin = |h: &str| format!("sha256 = \"{h}\"");
    let (old_span, old_pin) = (span(&entry["span"]), pin(entry["sha256"].as_str().unwrap()));
    let ([a, b], _) = unique(&cable(root), HATED);
    let (new_span, new_pin) = (
        format!("span = [{a}, {b}]"),
        pin(&sha256_hex(cable(root).as_bytes())),
    );
    assert!(
        old_span != new_span && old_pin != new_pin,
        "the example keeps both stale"
    );
    let r = run(root, &["fix"]);
    // The example keeps drifted and missing quotations on purpose: left for a person, exit 1.
    assert_eq!(r.code, 1, "{}", r.stderr);
    let after = read(&path);
    assert_ne!(before, after);
    let (old, new): (Vec<&str>, Vec<&str>) = (before.lines().collect(), after.lines().collect());
    assert_eq!(old.len(), new.len(), "no line added or removed");
    let changed: Vec<(&str, &str)> = old
        .iter()
        .zip(&new)
        .filter(|(a, b)| a != b)
        .map(|(a, b)| (*a, *b))
        .collect();
    // hated-blood: its span and its stale pin; every comment, blank line and other entry is
    // byte for byte what it was.
    assert_eq!(
        changed,
        [
            (old_span.as_str(), new_span.as_str()),
            (old_pin.as_str(), new_pin.as_str()),
        ]
    );
    assert_eq!(before.ends_with('\n'), after.ends_with('\n'));
    assert_eq!(status(&results(root), "hated-blood"), "verified");
}

/// A source with the same sentence twice, in different company.
fn duplicated_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("sources")).unwrap();
    std::fs::create_dir_all(root.join("claims")).unwrap();
    let filler = "Minutes of an ordinary meeting with nothing of note in them. ".repeat(4);
    std::fs::write(
        root.join("sources/minutes.txt"),
        format!("Alpha said: The vote was unanimous today.\n{filler}\nBeta said: The vote was unanimous today.\n"),
    )
    .unwrap();
    dir
}

#[test]
fn a_duplicated_passage_is_chosen_by_prefix_and_suffix_when_fixing() {
    let dir = duplicated_project();
    let root = dir.path();
    let r = add(
        root,
        "minutes.txt",
        &[
            "--id",
            "beta-vote",
            "--occurrence",
            "2",
            "The vote was unanimous today.",
        ],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let written = read(root.join("claims/minutes.toml"));
    assert!(written.contains("prefix = \"Beta said:\""), "{written}");

    // Text inserted above moves the second copy to where the first one was: nearness alone
    // would pick the wrong copy; the prefix picks Beta's.
    let p = root.join("sources/minutes.txt");
    let old = read(&p);
    let beta = old.find("Beta").unwrap();
    let pad = "x".repeat(beta - 1);
    std::fs::write(&p, format!("{pad}\n{old}")).unwrap();
    let r = run(root, &["fix"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("fixed claims/minutes.toml"),
        "{}",
        r.stdout
    );
    let all = results(root);
    assert_eq!(status(&all, "beta-vote"), "verified");
    let found = result(&all, "beta-vote")["found_span"][0].as_u64().unwrap() as usize;
    let text = read(&p);
    assert!(
        text[..found].ends_with("Beta said: "),
        "chose the wrong copy"
    );
    let shown = run(root, &["show", "beta-vote"]);
    assert!(
        shown
            .stdout
            .contains("Beta said: «The vote was unanimous today.»"),
        "{}",
        shown.stdout
    );
}

#[test]
fn show_prints_the_entry_its_verdict_and_the_passage() {
    let dir = example();
    let text = cable(dir.path());
    let ([a, b], line) = unique(&text, HATED);
    let r = run(dir.path(), &["show", "hated-blood"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("verdict: relocated"), "{}", r.stdout);
    let found = format!("found:   [{a}, {b}) line {line}");
    assert!(r.stdout.contains(&found), "{found}\n{}", r.stdout);
    // The found line, its words marked, and two lines of context before it.
    let start = text[..a].rfind('\n').map_or(0, |i| i + 1);
    let end = text[b..].find('\n').map_or(text.len(), |i| b + i);
    let marked = format!(">{line:>5} | {}«{HATED}»{}", &text[start..a], &text[b..end]);
    assert!(r.stdout.contains(&marked), "{marked}\n{}", r.stdout);
    let before = line - 2;
    let context = format!("{before:>6} | {}\n", text.lines().nth(before - 1).unwrap());
    assert!(r.stdout.contains(&context), "{context}\n{}", r.stdout);
    let r = run(dir.path(), &["show", "oppose-support"]);
    assert!(r.stdout.contains("[-to -]"), "{}", r.stdout);
    let r = run(dir.path(), &["show", "no-such-id"]);
    assert_eq!(r.code, 2);
}

#[test]
fn lock_carries_provenance_and_check_locked_catches_an_edit() {
    let dir = example();
    let root = dir.path();
    let r = run(root, &["lock"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lock = read(root.join("citecheck.lock"));
    assert!(
        lock.contains(
            "title = \"Iranian popular attitudes towards the MEK (State Department cable, 2011)\""
        ),
        "{lock}"
    );
    assert!(lock.contains("origin = \"seed page 000_8737ac8363dbb42b, lines 7-68\""));
    assert!(lock.contains("retrieved = \"2011-05\""));

    // A green project stays green when locked, and fails once a source changes.
    let green = tempfile::tempdir().unwrap();
    assert_eq!(run(green.path(), &["init"]).code, 0);
    assert_eq!(run(green.path(), &["lock"]).code, 0);
    assert_eq!(run(green.path(), &["check", "--locked"]).code, 0);
    let src: PathBuf = green.path().join("sources/example.txt");
    std::fs::write(&src, format!("{}An added line.\n", read(&src))).unwrap();
    assert_eq!(run(green.path(), &["check"]).code, 0);
    assert_eq!(run(green.path(), &["check", "--locked"]).code, 1);
}

#[test]
fn add_with_an_explicit_pointer_checks_it() {
    let dir = example();
    let root = dir.path();
    let ([a, b], line) = unique(&cable(root), NOBODY);
    let lines = format!("{line}-{line}");
    let r = add(
        root,
        "cable.txt",
        &["--id", "nobody-2", "--lines", &lines, NOBODY],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let pointer = format!("lines = [{line}, {line}]");
    assert!(r.stdout.contains(&pointer), "{pointer}\n{}", r.stdout);
    assert_eq!(status(&results(root), "nobody-2"), "verified");

    // Words that are elsewhere than the lines given: refused, with where they are.
    let before = read(root.join("claims/cable.toml"));
    assert_ne!(line, 3);
    let r = add(root, "cable.txt", &["--lines", "3-3", NOBODY]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(
        r.stdout.contains("not within the given lines"),
        "{}",
        r.stdout
    );
    let listed = format!("1. [{a}, {b}) line {line}");
    assert!(r.stdout.contains(&listed), "{listed}\n{}", r.stdout);
    assert_eq!(read(root.join("claims/cable.toml")), before);
}

#[test]
fn fix_does_not_re_pin_a_claim_it_cannot_find_again() {
    let dir = duplicated_project();
    let root = dir.path();
    let r = add(
        root,
        "minutes.txt",
        &[
            "--claim",
            "--id",
            "beta-agrees",
            "--lines",
            "3-3",
            "Beta said the vote was unanimous.",
        ],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let claims = root.join("claims/minutes.toml");
    let before = read(&claims);
    let p = root.join("sources/minutes.txt");
    std::fs::write(&p, format!("A new first line.\n{}", read(&p))).unwrap();
    let r = run(root, &["fix"]);
    assert_eq!(r.code, 1, "left for a person: {}", r.stderr);
    assert!(
        r.stdout.contains("beta-agrees") && r.stdout.contains("no `evidence` to find again"),
        "{}",
        r.stdout
    );
    assert_eq!(read(&claims), before);
}

/// Runs adding to one claims file at the same time all keep their entries: each reads, appends
/// and renames under the folder's lock (without it, most of the 16 entries were lost).
#[cfg(target_os = "linux")]
#[test]
fn concurrent_adds_to_one_file_lose_no_entry() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("sources")).unwrap();
    std::fs::create_dir_all(root.join("claims")).unwrap();
    std::fs::write(root.join("citecheck.toml"), "").unwrap();
    let text: String = (0..16)
        .map(|i| format!("alpha{i} beta{i} gamma{i} delta{i}. "))
        .collect();
    std::fs::write(root.join("sources/w.txt"), text).unwrap();
    let children: Vec<_> = (0..16)
        .map(|i| {
            common::command(
                root,
                &[
                    "add",
                    "--source",
                    "w.txt",
                    "--to",
                    "claims/w.toml",
                    &format!("alpha{i} beta{i} gamma{i}"),
                ],
            )
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap()
        })
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    let file = read(root.join("claims/w.toml"));
    assert_eq!(file.matches("[[quote]]").count(), 16, "{file}");
    for i in 0..16 {
        assert!(
            file.contains(&format!("alpha{i} beta{i} gamma{i}")),
            "{i}: {file}"
        );
    }
}

/// A claims file `check` would not read (a hidden name, in a hidden folder) is refused as a
/// target by `add --to`, `scan --write` and `import-w3c --into`: exit 2, nothing written, the
/// reason said. Otherwise the entry would be reported written and then never checked.
#[test]
fn writes_to_a_claims_file_check_skips_are_refused() {
    let dir = example();
    let root = dir.path();
    // Annotations to import, written outside the project.
    let out = tempfile::tempdir().unwrap();
    let ann = out.path().join("ann.jsonld");
    let ann = ann.to_str().unwrap();
    let r = run(root, &["check", "--format", "w3c", "--output", ann]);
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    let before = common::project_files(root);
    for to in [
        "claims/.hidden.toml",
        "claims/.d/x.toml",
        "claims/team/.drafts/x.toml",
        "./claims/.hidden.toml",
    ] {
        let abs = root.join(to);
        for target in [to, abs.to_str().unwrap()] {
            let r = add(
                root,
                "cable.txt",
                &["--to", target, "They are like Fidel Castro in Cuba."],
            );
            assert_eq!(r.code, 2, "{target}: {}{}", r.stdout, r.stderr);
            assert!(
                r.stderr.contains("check would not read this claims file"),
                "{target}: {}",
                r.stderr
            );
            assert!(!r.stdout.contains("appended"), "{target}: {}", r.stdout);
            let r = run(root, &["import-w3c", ann, "--into", target]);
            assert_eq!(r.code, 2, "import into {target}: {}{}", r.stdout, r.stderr);
            assert!(r.stderr.contains("check would not read"), "{}", r.stderr);
        }
    }
    let intro = root.join("sources/news-intro.txt");
    let r = run(
        root,
        &[
            "scan",
            intro.to_str().unwrap(),
            "--write",
            "claims/.scan.toml",
        ],
    );
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("check would not read"), "{}", r.stderr);
    assert_eq!(common::project_files(root), before, "nothing was written");
}
