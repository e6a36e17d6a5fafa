//! Hostile inputs (issue 13), `cargo bench --bench hostile`: the work that used to grow with
//! the square of a quote or of a repetition, now bounded.
//!
//! - `drifted_quote/{20k,100k}_words`: a quote of that many words cut from a text twice as
//!   long and drifted (one word in 25 replaced, one in 50 dropped, one in 50 added, so the
//!   alignment's diagonal wanders), located approximately. The word alignment was an
//!   `(n + 1) x (m + 1)` matrix: 35 s and 6.3 GB at 20,000 words, an abort at 100,000.
//! - `repetition/ambiguous_quote`: a 50-word quote of a source of one word repeated a million
//!   times, judged (every copy is an occurrence; the report lists the first 100).
//! - `repetition/dups_repeated_line`: the duplicate search on 8 MB of one sentence repeated
//!   with a line number.
//!
//! The inputs are generated here, deterministically; `scripts/hostile_bounds.py` builds the
//! same kinds of projects at full size for the binary, with peak memory.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};

use citecheck::dups::{find_duplicates, DupOptions};
use citecheck::judge::{locate_text, Query, Thresholds};
use citecheck::locate::{IndexLocator, Locator, Needle};
use citecheck::Source;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        self.next() as usize % n
    }
}

/// A pseudo-word vocabulary: distinct enough that trigrams anchor, as in prose.
fn vocabulary(rng: &mut Rng) -> Vec<String> {
    (0..6000)
        .map(|_| {
            let len = 2 + rng.below(8);
            (0..len)
                .map(|_| (b'a' + rng.below(26) as u8) as char)
                .collect()
        })
        .collect()
}

/// A source of `2 n` words and a drifted quote of `n` of them.
fn drifted(n: usize) -> (Source, Needle) {
    let mut rng = Rng(13);
    let vocab = vocabulary(&mut rng);
    let text: Vec<&str> = (0..2 * n)
        .map(|_| vocab[rng.below(vocab.len())].as_str())
        .collect();
    let mut quote: Vec<&str> = Vec::with_capacity(n);
    for &w in &text[n / 2..n / 2 + n] {
        match rng.below(100) {
            0..=3 => quote.push(&vocab[rng.below(vocab.len())]),
            4..=5 => {}
            6..=7 => {
                quote.push(w);
                quote.push(&vocab[rng.below(vocab.len())]);
            }
            _ => quote.push(w),
        }
    }
    (
        Source::from_text("src.txt", text.join(" ")),
        Needle::new(&quote.join(" ")),
    )
}

fn group<'c>(
    c: &'c mut Criterion,
    name: &str,
) -> criterion::BenchmarkGroup<'c, criterion::measurement::WallTime> {
    let mut g = c.benchmark_group(name);
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(200))
        .measurement_time(Duration::from_secs(5));
    g
}

fn drifted_quote(c: &mut Criterion) {
    let mut g = group(c, "drifted_quote");
    for n in [20_000, 100_000] {
        let (source, needle) = drifted(n);
        source.index();
        g.bench_function(format!("{}k_words", n / 1000), |b| {
            b.iter(|| {
                let m = IndexLocator.approximate(black_box(&source), &needle, None, 0.0);
                assert!(m.is_some());
                m
            })
        });
    }
}

fn repetition(c: &mut Criterion) {
    let mut g = group(c, "repetition");
    let source = Source::from_text("word.txt", "word ".repeat(1_000_000));
    source.index();
    let needle = Needle::new(&["word"; 50].join(" "));
    let thresholds = Thresholds::default();
    g.bench_function("ambiguous_quote", |b| {
        b.iter(|| {
            let q = Query {
                needle: &needle,
                region: None,
                prefix: None,
                suffix: None,
            };
            locate_text(&IndexLocator, black_box(&source), &[], q, &thresholds)
        })
    });
    let text: String = (0..100_000)
        .map(|i| {
            format!(
                "The committee met again on Tuesday and adjourned without a decision, line {i}.\n"
            )
        })
        .collect();
    let sources = vec![Source::from_text("lines.txt", text)];
    g.bench_function("dups_repeated_line", |b| {
        b.iter(|| find_duplicates(black_box(&sources), &DupOptions::default()))
    });
}

criterion_group!(benches, drifted_quote, repetition);
criterion_main!(benches);
