//! `[claims] antonyms` in citecheck.toml extends the `antonym` rule: a pair the built-in
//! lexicon lacks makes a claim that swaps it contradicted, through the binary.

mod common;

use common::{run_ok, write_files};

fn status_and_rules(dir: &std::path::Path) -> (String, Vec<String>) {
    let out = run_ok(dir, &["check", "--format", "json", "--no-dups"], 1);
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
                  text = \"Traders were hawkish about the currency on Monday.\"\nlines = [1, 1]\n";
    write_files(
        dir.path(),
        &[
            (
                "sources/note.txt",
                "Traders were dovish about the currency on Monday, the bank said.\n",
            ),
            ("claims/c.toml", claims),
        ],
    );
    // Without the pair, the claim's word is simply not in the evidence: not supported.
    let (status, rules) = status_and_rules(dir.path());
    assert_eq!(status, "unsupported", "{rules:?}");
    assert!(!rules.contains(&"antonym".to_string()), "{rules:?}");
    // With it, the evidence says the opposite, and the finding names the rule.
    write_files(
        dir.path(),
        &[(
            "citecheck.toml",
            "[claims]\nantonyms = [[\"hawkish\", \"dovish\"]]\n",
        )],
    );
    let (status, rules) = status_and_rules(dir.path());
    assert_eq!(status, "contradicted", "{rules:?}");
    assert!(rules.contains(&"antonym".to_string()), "{rules:?}");
}
