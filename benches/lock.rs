//! `lock` hashing (issue 16): `compute_lock` on a project of plain-text sources against a
//! plain sha2 loop over the same bytes already in memory (`cargo bench --bench lock`).
//!
//! The project holds 4 files of 16 MB each by default (`CITECHECK_BENCH_MB` megabytes in all),
//! of mixed 1- to 4-byte UTF-8 text, written once to a temporary folder (read from the page
//! cache thereafter). The target is `lock` within 1.5x of hashing alone: streaming, UTF-8
//! checking and parallelism (rayon) must cost next to nothing beside SHA-256 itself.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use rayon::prelude::*;
use sha2::{Digest, Sha256};

const FILES: usize = 4;

fn text(bytes: usize, salt: usize) -> Vec<u8> {
    let pieces = [
        "The minister said ",
        "caf\u{e9} ",
        "\u{201c}quoted\u{201d} ",
        "\u{1f600} ",
        "\u{3b1}\u{3b2}\u{3b3} ",
        "end of line\n",
        "and the committee ",
    ];
    let mut s = String::with_capacity(bytes + 32);
    let mut i = salt;
    while s.len() < bytes {
        s.push_str(pieces[(i * 7 + i / 5) % pieces.len()]);
        i += 1;
    }
    s.into_bytes()
}

fn bench(c: &mut Criterion) {
    let mb: usize = std::env::var("CITECHECK_BENCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64);
    let per_file = (mb << 20) / FILES;
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    std::fs::create_dir_all(root.join("sources")).unwrap();
    std::fs::create_dir_all(root.join("claims")).unwrap();
    std::fs::write(root.join("citecheck.toml"), "").unwrap();
    let files: Vec<Vec<u8>> = (0..FILES).map(|i| text(per_file, i)).collect();
    for (i, bytes) in files.iter().enumerate() {
        std::fs::write(root.join(format!("sources/s{i}.txt")), bytes).unwrap();
    }
    let total: usize = files.iter().map(Vec::len).sum();
    let (project, problems) = citecheck::Project::read(root).unwrap();
    assert!(problems.is_empty());

    let mut g = c.benchmark_group("lock");
    g.sample_size(10)
        .measurement_time(Duration::from_secs(8))
        .throughput(Throughput::Bytes(total as u64));
    g.bench_function("compute_lock", |b| {
        b.iter(|| black_box(citecheck::workflow::lock::compute_lock(&project).unwrap()))
    });
    // The floor: the same bytes, already in memory, hashed file by file on the same threads.
    g.bench_function("sha2_in_memory", |b| {
        b.iter(|| black_box(files.par_iter().map(Sha256::digest).collect::<Vec<_>>()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
