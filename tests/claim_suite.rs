//! The claim suite of issue 11 (tests/claims/suite.toml): claim/evidence pairs in news, science
//! and business register, written from the issue's rule categories rather than from any
//! implementation.
//!
//! Every case becomes one throw-away source, `sources/<id>.txt` holding its evidence on one
//! line, and one `[[claim]]` pointing at it with `lines = [1, 1]`; one run of the binary judges
//! them all. The issue's bar: no adversarial case is `supported` and every honest paraphrase is.
//! A second test wants each adversarial case's exact status (`contradicted` when the best passage
//! says something incompatible, `unsupported` when no passage holds the claim's terms, numbers or
//! entities). Both print a table of every mismatch and the counts per rule.
//!
//! The checks of the suite file itself (sizes, categories, ids) and the runs against the binary
//! all run by default.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The adversarial categories, in the issue's order (each needs at least [`MIN_PER_RULE`]).
const RULES: [&str; 12] = [
    "negation",
    "antonym",
    "comparison",
    "quantifier",
    "certainty",
    "number",
    "role",
    "new-entity",
    "causality",
    "scattered",
    "split-passage",
    "subject",
];
/// The `rule` of a faithful paraphrase.
const HONEST: &str = "honest";
/// The registers, each of which the suite must use.
const REGISTERS: [&str; 3] = ["news", "science", "business"];
/// What an adversarial case may expect.
const ADVERSARIAL_EXPECT: [&str; 2] = ["contradicted", "unsupported"];

/// The issue's minimums.
const MIN_ADVERSARIAL: usize = 80;
const MIN_PER_RULE: usize = 6;
const MIN_HONEST: usize = 30;
/// Evidence is 1 to 5 sentences; a scattered case needs enough of them for terms to sit
/// further apart than one passage (three adjacent sentences).
const MAX_EVIDENCE_SENTENCES: usize = 5;
const MIN_SCATTERED_SENTENCES: usize = 4;

/// tests/claims/suite.toml.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Suite {
    case: Vec<Case>,
}

/// One claim/evidence pair.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    id: String,
    register: String,
    rule: String,
    evidence: String,
    claim: String,
    expect: String,
    #[serde(default)]
    note: Option<String>,
}

impl Case {
    fn honest(&self) -> bool {
        self.rule == HONEST
    }

    /// True when `got` misses the issue's bar: an adversarial case `supported`, or an honest
    /// one anything else.
    fn fails_bar(&self, got: &str) -> bool {
        if self.honest() {
            got != "supported"
        } else {
            got == "supported"
        }
    }
}

/// The suite, parsed once.
fn suite() -> &'static [Case] {
    static SUITE: OnceLock<Vec<Case>> = OnceLock::new();
    SUITE.get_or_init(|| {
        let path = common::repo().join("tests/claims/suite.toml");
        let text = std::fs::read_to_string(&path).expect("read tests/claims/suite.toml");
        let suite: Suite = toml::from_str(&text).expect("parse tests/claims/suite.toml");
        suite.case
    })
}

// ------------------------------------------------------------------------ the run

/// The generated claims file.
#[derive(Serialize)]
struct ClaimsFile<'a> {
    claim: Vec<ClaimEntry<'a>>,
}

#[derive(Serialize)]
struct ClaimEntry<'a> {
    id: &'a str,
    source: String,
    text: &'a str,
    lines: [usize; 2],
}

/// What the binary said about one case.
#[derive(Debug)]
struct Got {
    status: String,
    missing_terms: Vec<String>,
    /// The report's `findings`, one line each (absent before the rules engine).
    findings: Vec<String>,
}

/// One finding in a line: its rule and, when present, the claim's and the evidence's words.
fn finding_line(f: &Value) -> String {
    let field = |k: &str| f.get(k).and_then(Value::as_str);
    match field("rule") {
        Some(rule) => {
            let mut s = rule.to_owned();
            if let Some(c) = field("claim") {
                let _ = write!(s, ": claim {c:?}");
            }
            if let Some(e) = field("evidence") {
                let _ = write!(s, " / evidence {e:?}");
            }
            s
        }
        None => f.to_string(),
    }
}

/// Write every case as a source and a claim under `root`.
fn write_project(root: &Path, cases: &[Case]) {
    std::fs::create_dir_all(root.join("sources")).expect("mkdir sources");
    std::fs::create_dir_all(root.join("claims")).expect("mkdir claims");
    let mut claims = Vec::with_capacity(cases.len());
    for c in cases {
        let file = format!("{}.txt", c.id);
        let text = format!("{}\n", c.evidence);
        let lines = text.lines().count();
        std::fs::write(root.join("sources").join(&file), &text).expect("write source");
        claims.push(ClaimEntry {
            id: &c.id,
            source: file,
            text: &c.claim,
            lines: [1, lines],
        });
    }
    let toml = toml::to_string(&ClaimsFile { claim: claims }).expect("serialize claims");
    std::fs::write(root.join("claims/suite.toml"), toml).expect("write claims");
}

/// Every case judged by one run of the binary (`check --format json --no-dups`), by id.
fn judged() -> &'static BTreeMap<String, Got> {
    static JUDGED: OnceLock<BTreeMap<String, Got>> = OnceLock::new();
    JUDGED.get_or_init(|| {
        let cases = suite();
        let dir = tempfile::tempdir().expect("temp dir");
        write_project(dir.path(), cases);
        let root = dir.path().to_str().expect("UTF-8 temp path");
        let run = common::run(
            dir.path(),
            &["check", "--format", "json", "--no-dups", "--root", root],
        );
        assert!(
            run.code == 0 || run.code == 1,
            "citecheck check exited {} (an error, not a verdict)\nstderr:\n{}",
            run.code,
            run.stderr
        );
        let report: Value = serde_json::from_str(&run.stdout).expect("JSON report");
        let results = report["results"].as_array().expect("results array");
        let mut judged = BTreeMap::new();
        for r in results {
            let id = r["id"].as_str().expect("result id").to_owned();
            let strings = |v: &Value| -> Vec<String> {
                v.as_array()
                    .map(|a| {
                        a.iter()
                            .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_owned))
                            .collect()
                    })
                    .unwrap_or_default()
            };
            let got = Got {
                status: r["status"].as_str().expect("result status").to_owned(),
                missing_terms: strings(&r["missing_terms"]),
                findings: r["findings"]
                    .as_array()
                    .map(|a| a.iter().map(finding_line).collect())
                    .unwrap_or_default(),
            };
            assert!(
                judged.insert(id.clone(), got).is_none(),
                "two results for {id}"
            );
        }
        let missing: Vec<&str> = cases
            .iter()
            .map(|c| c.id.as_str())
            .filter(|id| !judged.contains_key(*id))
            .collect();
        assert!(missing.is_empty(), "no result for {missing:?}");
        judged
    })
}

// ------------------------------------------------------------------------- tables

/// Counts per rule: cases, each status, cases missing the bar, cases with the exact status.
fn counts_table(judged: &BTreeMap<String, Got>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<12} {:>5} {:>9} {:>12} {:>11} {:>5} {:>8} {:>5}",
        "rule", "cases", "supported", "contradicted", "unsupported", "other", "bar-fail", "exact"
    );
    let mut total = [0usize; 7];
    for rule in RULES.iter().chain([&HONEST]) {
        let mut row = [0usize; 7];
        for c in suite().iter().filter(|c| c.rule == *rule) {
            let got = &judged[&c.id].status;
            row[0] += 1;
            match got.as_str() {
                "supported" => row[1] += 1,
                "contradicted" => row[2] += 1,
                "unsupported" => row[3] += 1,
                _ => row[4] += 1,
            }
            row[5] += usize::from(c.fails_bar(got));
            row[6] += usize::from(*got == c.expect);
        }
        for (t, r) in total.iter_mut().zip(row) {
            *t += r;
        }
        let _ = writeln!(
            out,
            "{:<12} {:>5} {:>9} {:>12} {:>11} {:>5} {:>8} {:>5}",
            rule, row[0], row[1], row[2], row[3], row[4], row[5], row[6]
        );
    }
    let _ = writeln!(
        out,
        "{:<12} {:>5} {:>9} {:>12} {:>11} {:>5} {:>8} {:>5}",
        "total", total[0], total[1], total[2], total[3], total[4], total[5], total[6]
    );
    out
}

/// One line per case in `cases`: id, rule, expected, got, and what the report says why.
fn mismatch_table(title: &str, cases: &[&Case], judged: &BTreeMap<String, Got>) -> String {
    let mut out = format!("{title}: {}\n", cases.len());
    if cases.is_empty() {
        return out;
    }
    let _ = writeln!(
        out,
        "{:<34} {:<11} {:<12} {:<12} details",
        "id", "rule", "expected", "got"
    );
    for c in cases {
        let got = &judged[&c.id];
        let mut details = Vec::new();
        if !got.missing_terms.is_empty() {
            details.push(format!("missing_terms: {}", got.missing_terms.join(", ")));
        }
        if !got.findings.is_empty() {
            details.push(format!("findings: {}", got.findings.join("; ")));
        }
        let _ = writeln!(
            out,
            "{:<34} {:<11} {:<12} {:<12} {}",
            c.id,
            c.rule,
            c.expect,
            got.status,
            details.join(" | ")
        );
    }
    out
}

// -------------------------------------------------------------------------- tests

/// The issue's bar: no adversarial case `supported`, every honest paraphrase `supported`.
#[test]
fn adversarial_never_supported_and_honest_always_supported() {
    let judged = judged();
    let failing: Vec<&Case> = suite()
        .iter()
        .filter(|c| c.fails_bar(&judged[&c.id].status))
        .collect();
    let adversarial = failing.iter().filter(|c| !c.honest()).count();
    let honest = failing.len() - adversarial;
    println!(
        "{}\n{}",
        counts_table(judged),
        mismatch_table(
            "adversarial cases supported, honest cases not supported",
            &failing,
            judged
        )
    );
    assert!(
        failing.is_empty(),
        "{adversarial} adversarial case(s) judged supported and {honest} honest case(s) not \
         supported (tables above)"
    );
}

/// Each case's exact status: `contradicted` or `unsupported` as the issue's definitions imply,
/// `supported` for the honest ones.
#[test]
fn every_case_gets_its_exact_status() {
    let judged = judged();
    let wrong: Vec<&Case> = suite()
        .iter()
        .filter(|c| judged[&c.id].status != c.expect)
        .collect();
    println!(
        "{}\n{}",
        counts_table(judged),
        mismatch_table("cases whose status is not the expected one", &wrong, judged)
    );
    assert!(
        wrong.is_empty(),
        "{} case(s) with another status than expected (tables above)",
        wrong.len()
    );
}

/// Sentences in `text`: sentence ends (`.`, `!`, `?`, optionally closed by a quote or bracket)
/// followed by a space and a capital letter or digit, plus one. Decimals ("3.5m") and
/// mid-sentence abbreviations followed by lower case don't count.
fn sentences(text: &str) -> usize {
    let chars: Vec<char> = text.trim().chars().collect();
    let mut n = 1;
    for i in 0..chars.len() {
        if !matches!(chars[i], '.' | '!' | '?') {
            continue;
        }
        let mut j = i + 1;
        while j < chars.len() && matches!(chars[j], '"' | '\'' | ')' | '”' | '’') {
            j += 1;
        }
        if chars.get(j) == Some(&' ')
            && chars
                .get(j + 1)
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        {
            n += 1;
        }
    }
    n
}

fn kebab(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

/// The suite file itself: the issue's minimums, known categories and registers, unique ids,
/// valid expectations, one-line evidence of 1-5 sentences, one-sentence claims.
#[test]
fn suite_file_meets_the_issue() {
    let cases = suite();
    let mut problems = Vec::new();
    let mut ids = BTreeSet::new();
    let mut per_rule: BTreeMap<&str, usize> = BTreeMap::new();
    let mut registers = BTreeSet::new();
    for c in cases {
        let id = &c.id;
        if !kebab(id) {
            problems.push(format!("{id}: id is not kebab-case"));
        }
        if !ids.insert(id.as_str()) {
            problems.push(format!("{id}: duplicate id"));
        }
        if REGISTERS.contains(&c.register.as_str()) {
            registers.insert(c.register.as_str());
        } else {
            problems.push(format!("{id}: unknown register {:?}", c.register));
        }
        if c.honest() {
            if c.expect != "supported" {
                problems.push(format!("{id}: honest case expects {:?}", c.expect));
            }
        } else if !RULES.contains(&c.rule.as_str()) {
            problems.push(format!("{id}: unknown rule {:?}", c.rule));
        } else if !ADVERSARIAL_EXPECT.contains(&c.expect.as_str()) {
            problems.push(format!(
                "{id}: adversarial case expects {:?} (contradicted or unsupported)",
                c.expect
            ));
        }
        *per_rule.entry(c.rule.as_str()).or_default() += 1;
        if c.evidence.trim().is_empty() || c.evidence.contains(['\n', '\r']) {
            problems.push(format!("{id}: evidence must be one non-empty line"));
        }
        let n = sentences(&c.evidence);
        if n > MAX_EVIDENCE_SENTENCES {
            problems.push(format!("{id}: evidence has {n} sentences"));
        }
        if c.rule == "scattered" && n < MIN_SCATTERED_SENTENCES {
            problems.push(format!(
                "{id}: scattered evidence has {n} sentences (needs {MIN_SCATTERED_SENTENCES}+)"
            ));
        }
        if c.claim.contains(['\n', '\r']) || !c.claim.ends_with('.') || sentences(&c.claim) != 1 {
            problems.push(format!("{id}: claim must be one sentence on one line"));
        }
        if c.claim == c.evidence {
            problems.push(format!("{id}: claim repeats the evidence verbatim"));
        }
        if c.note.as_deref().is_some_and(|n| n.trim().is_empty()) {
            problems.push(format!("{id}: empty note"));
        }
    }
    let adversarial = cases.iter().filter(|c| !c.honest()).count();
    if adversarial < MIN_ADVERSARIAL {
        problems.push(format!(
            "{adversarial} adversarial cases (needs {MIN_ADVERSARIAL}+)"
        ));
    }
    for rule in RULES {
        let n = per_rule.get(rule).copied().unwrap_or(0);
        if n < MIN_PER_RULE {
            problems.push(format!("rule {rule}: {n} cases (needs {MIN_PER_RULE}+)"));
        }
    }
    let honest = per_rule.get(HONEST).copied().unwrap_or(0);
    if honest < MIN_HONEST {
        problems.push(format!("{honest} honest cases (needs {MIN_HONEST}+)"));
    }
    for register in REGISTERS {
        if !registers.contains(register) {
            problems.push(format!("no case in the {register} register"));
        }
    }
    assert!(
        problems.is_empty(),
        "tests/claims/suite.toml:\n{}",
        problems.join("\n")
    );
}

/// The sentence counter the suite check relies on.
#[test]
fn sentence_counter() {
    assert_eq!(sentences("One. Two two. Three!"), 3);
    assert_eq!(
        sentences("Vantor raised $3.5m in a round led by Greyfield."),
        1
    );
    assert_eq!(sentences("It rose 2.5 per cent. Then 1,250 left."), 2);
    assert_eq!(sentences("He said \"no.\" Then left."), 2);
}
