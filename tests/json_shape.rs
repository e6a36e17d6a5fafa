//! The JSON report's contract, checked on the bundled example project (the repository root,
//! which the README demo runs): field names and types, a count per status, every verdict
//! present (byte-identical output across runs is tests/determinism.rs).

mod common;

use serde_json::Value;

use common::{repo, run, Run};

const STATUSES: &[&str] = &[
    "verified",
    "normalized",
    "relocated",
    "ambiguous",
    "drifted",
    "missing",
    "supported",
    "contradicted",
    "unsupported",
];

const RULES: &[&str] = &[
    "negation",
    "antonym",
    "comparison",
    "quantifier",
    "certainty",
    "number",
    "role",
    "new-entity",
    "causality",
    "missing-terms",
    "split-passage",
    "missing-subject",
];

fn example_json() -> Value {
    let Run {
        code,
        stdout,
        stderr,
    } = run(&repo(), &["check", "--format", "json"]);
    assert_eq!(code, 1, "the example holds deliberate failures\n{stderr}");
    serde_json::from_str(&stdout).expect("stdout is one JSON document")
}

fn is_span(v: &Value) -> bool {
    v.as_array()
        .is_some_and(|a| a.len() == 2 && a[0].as_u64().is_some() && a[1].as_u64() >= a[0].as_u64())
}

#[test]
fn report_has_the_documented_shape() {
    let report = example_json();
    assert_eq!(report["version"], 1);

    let sources = report["sources"].as_array().expect("sources[]");
    assert!(!sources.is_empty());
    for s in sources {
        assert!(s["path"].as_str().unwrap().starts_with("sources/"), "{s}");
        let sha = s["sha256"].as_str().expect("sha256");
        assert!(
            sha.len() == 64 && sha.chars().all(|c| c.is_ascii_hexdigit()),
            "{s}"
        );
        assert!(s["bytes"].as_u64().unwrap() > 0, "{s}");
        assert!(s["changed"].is_boolean(), "{s}");
        assert_eq!(s["missing"], false, "{s}");
        // The entries whose own pin makes the source changed: each names where it is and the
        // other hash it pins.
        for p in s
            .get("stale_pins")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            assert_eq!(s["changed"], true, "{s}");
            assert!(p["id"].is_string() && p["line"].as_u64() >= Some(1), "{p}");
            assert!(p["file"].as_str().unwrap().starts_with("claims/"), "{p}");
            let pinned = p["sha256"].as_str().expect("sha256");
            assert!(pinned.len() == 64 && pinned != sha, "{p}");
        }
    }
    // The example's one stale pin is named.
    assert!(
        sources
            .iter()
            .any(|s| s["stale_pins"][0]["id"] == "hated-blood"),
        "no source names its stale pin"
    );
    // Its project root is the repository's top level: no `project_dir`.
    assert!(report.get("project_dir").is_none());

    let results = report["results"].as_array().expect("results[]");
    assert!(!results.is_empty());
    for r in results {
        for key in ["id", "file", "source"] {
            assert!(r[key].is_string(), "{key}: {r}");
        }
        assert!(
            ["quote", "claim"].contains(&r["kind"].as_str().unwrap()),
            "{r}"
        );
        assert!(r["file"].as_str().unwrap().starts_with("claims/"), "{r}");
        assert!(r["line"].as_u64().unwrap() >= 1, "{r}");
        assert!(STATUSES.contains(&r["status"].as_str().unwrap()), "{r}");
        let sim = &r["similarity"];
        assert!(
            sim.is_null() || (0.0..=1.0).contains(&sim.as_f64().unwrap()),
            "{r}"
        );
        for key in ["declared_span", "found_span"] {
            assert!(r[key].is_null() || is_span(&r[key]), "{key}: {r}");
        }
        assert!(r["source_changed"].is_boolean(), "{r}");
        let diff = &r["diff"];
        assert!(diff.is_null() || diff.is_array(), "{r}");
        for op in diff.as_array().into_iter().flatten() {
            assert!(
                ["equal", "delete", "insert"].contains(&op["op"].as_str().unwrap()),
                "{op}"
            );
            assert!(op["text"].is_string(), "{op}");
        }
        assert!(r["missing_terms"].is_array(), "{r}");
        assert!(r["found_in"].is_array(), "{r}");
        // A claim's evidence passage and findings, and its declared evidence text; a quote
        // has none of them.
        if r["kind"] == "quote" {
            assert!(
                r.get("evidence_passage").is_none()
                    && r.get("findings").is_none()
                    && r.get("evidence").is_none(),
                "{r}"
            );
        }
        if let Some(e) = r.get("evidence") {
            assert!(e.as_str().is_some_and(|e| !e.is_empty()), "{r}");
        }
        if let Some(p) = r.get("evidence_passage") {
            assert!(is_span(&p["span"]) && p["text"].is_string(), "{r}");
        }
        for f in r
            .get("findings")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            assert!(RULES.contains(&f["rule"].as_str().unwrap()), "{f}");
            assert!(
                is_span(&f["claim_span"]) && is_span(&f["evidence_span"]),
                "{f}"
            );
            for key in ["claim", "evidence", "explanation"] {
                assert!(f[key].is_string(), "{key}: {f}");
            }
        }
        // Every contradicted claim says why.
        if r["status"] == "contradicted" {
            assert!(!r["findings"].as_array().unwrap().is_empty(), "{r}");
        }
    }

    // A count per status, every status present (zero included), adding up to the entries.
    let counts = report["summary"]["statuses"]
        .as_object()
        .expect("summary.statuses");
    let mut total = 0;
    for status in STATUSES {
        let n = counts[*status]
            .as_u64()
            .unwrap_or_else(|| panic!("no count for {status}"));
        let actual = results.iter().filter(|r| r["status"] == *status).count() as u64;
        assert_eq!(n, actual, "{status}");
        total += n;
    }
    assert_eq!(total, results.len() as u64);
    assert_eq!(counts.len(), STATUSES.len(), "{counts:?}");
}

#[test]
fn example_project_shows_every_verdict() {
    let report = example_json();
    let results = report["results"].as_array().unwrap();
    for status in STATUSES {
        assert!(
            results.iter().any(|r| r["status"] == *status),
            "the README demo lacks a `{status}` entry"
        );
    }
    let any = |f: &dyn Fn(&Value) -> bool| results.iter().any(f);
    assert!(
        any(&|r| r["source_changed"] == true),
        "no source_changed entry"
    );
    assert!(
        any(&|r| r["found_in"].as_array().is_some_and(|a| !a.is_empty())),
        "no found_in"
    );
    assert!(
        any(&|r| r["status"] == "drifted" && r["kind"] == "claim"),
        "no drifted claim"
    );
    assert!(
        any(&|r| r["status"] == "relocated" && r["kind"] == "claim"),
        "no relocated claim"
    );
    assert!(
        any(&|r| r["status"] == "missing" && r["kind"] == "claim"),
        "no missing claim"
    );
}
