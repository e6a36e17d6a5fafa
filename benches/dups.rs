//! Benchmark of `dups::find_duplicates` on generated sources with planted copies.
//!
//! `cargo bench --bench dups` measures the search alone (sources already loaded and
//! normalized) at 1 MB and 10 MB, and on 1 MB with 20 paragraphs pasted 40 times back to back
//! (periodic stretches). The end-to-end figures for 20 MB and 100 MB, recall included, come
//! from `scripts/dups_bench.py`, which runs the real command on the peer harness's corpus.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use citecheck::dups::{find_duplicates, DupOptions};
use citecheck::Source;

/// Deterministic prose-like text of about `bytes` bytes in paragraphs, with `plants` passages of
/// 20-60 words copied elsewhere (every third with one word changed).
fn corpus(bytes: usize, plants: usize) -> String {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        x = x
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        x >> 33
    };
    // A Zipf-ish vocabulary: common words often, rare ones seldom.
    let common = [
        "the", "of", "and", "to", "a", "in", "that", "was", "he", "it", "for", "on", "with", "as",
        "his", "at", "by", "from", "they", "we",
    ];
    let mut paras: Vec<Vec<String>> = Vec::new();
    let mut size = 0;
    while size < bytes {
        let n = 40 + (next() % 120) as usize;
        let p: Vec<String> = (0..n)
            .map(|_| {
                let r = next() % 100;
                if r < 45 {
                    common[(next() % common.len() as u64) as usize].to_string()
                } else {
                    format!("w{}", next() % (1 + r * r * 2))
                }
            })
            .collect();
        size += p.iter().map(|w| w.len() + 1).sum::<usize>() + 1;
        paras.push(p);
    }
    for i in 0..plants {
        let from = (next() as usize) % paras.len();
        let len = 20 + (next() % 41) as usize;
        let src = &paras[from];
        if src.len() <= len {
            continue;
        }
        let at = (next() as usize) % (src.len() - len);
        let mut copy: Vec<String> = src[at..at + len].to_vec();
        if i % 3 == 2 {
            copy[len / 2] = "changed".to_string();
        }
        let to = (next() as usize) % paras.len();
        paras.insert(to, copy);
    }
    paras
        .iter()
        .map(|p| p.join(" "))
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("find_duplicates");
    g.sample_size(10);
    for (label, bytes, plants) in [("1MB", 1 << 20, 50), ("10MB", 10 << 20, 300)] {
        let text = corpus(bytes, plants);
        let sources = vec![Source::from_text("corpus.txt", text)];
        g.throughput(Throughput::Bytes(sources[0].len() as u64));
        g.bench_function(label, |b| {
            b.iter(|| find_duplicates(black_box(&sources), &DupOptions::default()))
        });
    }
    // Copies back to back (issue 13): 1 MB in which 20 paragraphs are each pasted 40 times
    // in a row, so the search meets passages overlapping themselves (periodic stretches).
    let text = corpus(1 << 20, 50);
    let paras: Vec<&str> = text.split("\n\n").collect();
    let mut out = Vec::with_capacity(paras.len() + 20 * 40);
    for (i, p) in paras.iter().enumerate() {
        let times = if i % (paras.len() / 20).max(1) == 0 {
            40
        } else {
            1
        };
        out.extend(std::iter::repeat_n(*p, times));
    }
    let sources = vec![Source::from_text("corpus.txt", out.join("\n\n"))];
    g.throughput(Throughput::Bytes(sources[0].len() as u64));
    g.bench_function("1MB+back-to-back", |b| {
        b.iter(|| find_duplicates(black_box(&sources), &DupOptions::default()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
