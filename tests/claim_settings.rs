//! `[claims] antonyms` in citecheck.toml extends the `antonym` rule: a pair the built-in
//! lexicon lacks makes a claim that swaps it contradicted, through the binary.

mod common;

use common::{run, write_files};

fn status_and_rules(dir: &std::path::Path) -> (String, Vec<String>) {
    let out = run(dir, &["check", "--format", "json", "--no-dups"]);
    assert!(out.code == 0 || out.code == 1, "{}", out.stderr);
    let report: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    let r = &report["results"][0];
    let rules = r["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| f["rule"].as_str().expect("rule").to_string())
        .collect();
    (r["status"].as_str().expect("status").to_string(), rules)
}

#[test]
fn configured_antonyms_contradict_a_claim_that_swaps_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let claims = "[[claim]]\nid = \"mood\"\nsource = \"note.txt\"\n\
                  text = \"Analysts rated the stock overweight on Monday.\"\nlines = [1, 1]\n";
    write_files(
        dir.path(),
        &[
            (
                "sources/note.txt",
                "Analysts rated the stock underweight on Monday, the bank said.\n",
            ),
            ("claims/c.toml", claims),
        ],
    );
    // Without the pair, one differing word of five is within the 60 % share the terms rule
    // allows: only an antonym the rules know can catch it (which is what the setting is for).
    let (status, rules) = status_and_rules(dir.path());
    assert_ne!(status, "contradicted", "{rules:?}");
    assert!(!rules.contains(&"antonym".to_string()), "{rules:?}");
    // With it, the evidence says the opposite, and the finding names the rule.
    write_files(
        dir.path(),
        &[(
            "citecheck.toml",
            "[claims]\nantonyms = [[\"overweight\", \"underweight\"]]\n",
        )],
    );
    let (status, rules) = status_and_rules(dir.path());
    assert_eq!(status, "contradicted", "{rules:?}");
    assert!(rules.contains(&"antonym".to_string()), "{rules:?}");
}
