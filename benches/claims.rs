//! Claim judging cost per claim (`cargo bench --bench claims`): every claim of the claim suite
//! (tests/claims/suite.toml, 142 claim/evidence pairs in news, science and business register)
//! judged against its evidence through `judge::judge`, as `check` judges a claim with a
//! `lines` pointer. The same file runs unchanged against earlier versions of the crate, so the
//! cost per claim before and after a change to the rules is measured in one run.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use citecheck::judge::{judge, Thresholds};
use citecheck::locate::IndexLocator;
use citecheck::{Entry, Source};

/// One suite case as a source and a claim entry pointing at its one line.
fn cases() -> Vec<(Source, Entry)> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/claims/suite.toml");
    let suite: toml::Value =
        toml::from_str(&std::fs::read_to_string(path).expect("suite")).expect("suite parses");
    let mut out = Vec::new();
    for case in suite["case"].as_array().expect("cases") {
        let id = case["id"].as_str().expect("id");
        let evidence = case["evidence"]
            .as_str()
            .expect("evidence")
            .replace('\n', " ");
        let claim = case["claim"].as_str().expect("claim");
        let source = Source::from_text(&format!("{id}.txt"), evidence);
        let toml = format!(
            "[[claim]]\nid = {id:?}\nsource = \"{id}.txt\"\ntext = {claim:?}\nlines = [1, 1]\n"
        );
        let mut problems = Vec::new();
        let entry = citecheck::claims::parse_file("claims/bench.toml", &toml, &mut problems)
            .pop()
            .expect("one claim");
        assert!(problems.is_empty(), "{id}: {problems:?}");
        out.push((source, entry));
    }
    out
}

fn claims(c: &mut Criterion) {
    let cases = cases();
    let thresholds = Thresholds::default();
    let mut g = c.benchmark_group("claims");
    g.sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .throughput(Throughput::Elements(cases.len() as u64));
    g.bench_function("judge_suite", |b| {
        b.iter(|| {
            for (source, entry) in &cases {
                black_box(judge(&IndexLocator, entry, source, &[source], &thresholds));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, claims);
criterion_main!(benches);
