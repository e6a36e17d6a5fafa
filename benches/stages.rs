//! Stage benchmarks: hash, normalize, index, locate, judge (`cargo bench`).
//!
//! The text is synthetic and deterministic (a Zipf-ish vocabulary with curly quotes, dashes,
//! accents and hard-wrapped lines, like the peer harness's corpora), 8 MB by default or
//! `CITECHECK_BENCH_MB` megabytes. Quotes are cut from it (exact, typographic variants, edited)
//! or made up (absent), as in the harness.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use sha2::{Digest, Sha256};

use citecheck::cache::{Cache, Secret};
use citecheck::judge::{locate_text, Query, Thresholds};
use citecheck::locate::{IndexLocator, Locator, Needle};
use citecheck::source::derived;
use citecheck::text::normalize;
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

const WORDS: &[&str] = &[
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "is",
    "that",
    "for",
    "it",
    "as",
    "was",
    "with",
    "be",
    "by",
    "on",
    "not",
    "he",
    "this",
    "are",
    "or",
    "his",
    "from",
    "at",
    "which",
    "but",
    "have",
    "an",
    "had",
    "they",
    "you",
    "were",
    "their",
    "one",
    "all",
    "we",
    "can",
    "her",
    "has",
    "there",
    "been",
    "if",
    "more",
    "when",
    "will",
    "would",
    "who",
    "so",
    "no",
    "café",
    "naïve",
    "Ζεύς",
    "Москва",
    "archive",
    "witness",
    "record",
    "minister",
    "cable",
    "embassy",
    "source",
];

fn word(rng: &mut Rng) -> String {
    // Zipf-like: common words often, a long tail of made-up ones.
    if rng.below(3) > 0 {
        let i = rng.below(WORDS.len()).min(rng.below(WORDS.len()));
        WORDS[i].to_string()
    } else {
        let len = 3 + rng.below(7);
        (0..len)
            .map(|_| (b'a' + rng.below(26) as u8) as char)
            .collect()
    }
}

fn corpus(bytes: usize) -> String {
    let mut rng = Rng(42);
    let mut text = String::with_capacity(bytes + 100);
    let mut col = 0;
    while text.len() < bytes {
        let w = word(&mut rng);
        let piece = match rng.below(40) {
            0 => format!("“{w}”"),
            1 => format!("{w}’s"),
            2 => format!("{w} —"),
            3 => format!("{w}."),
            4 => format!("{w},"),
            _ => w,
        };
        col += piece.len() + 1;
        text.push_str(&piece);
        text.push(if col > 72 {
            col = 0;
            '\n'
        } else {
            ' '
        });
    }
    text
}

/// Quotes: 25% exact, 25% typographic variants, 25% edited, 25% absent.
fn quotes(text: &str, n: usize) -> Vec<String> {
    let mut rng = Rng(7);
    (0..n)
        .map(|i| {
            let mut start = rng.below(text.len() - 600);
            while !text.is_char_boundary(start) {
                start += 1;
            }
            let mut end = start + 60 + rng.below(400);
            while !text.is_char_boundary(end) {
                end += 1;
            }
            let q = &text[start..end];
            match i % 4 {
                0 => q.to_string(),
                1 => q.replace('\n', " ").replace('“', "\"").replace('’', "'"),
                2 => {
                    let mut w: Vec<&str> = q.split(' ').collect();
                    let k = 1 + rng.below(w.len() - 2);
                    w[k] = "substituted";
                    w.join(" ")
                }
                _ => (0..12)
                    .map(|_| word(&mut rng))
                    .collect::<Vec<_>>()
                    .join(" "),
            }
        })
        .collect()
}

fn size() -> usize {
    std::env::var("CITECHECK_BENCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(8)
        << 20
}

/// A group with few, short samples: the stages take milliseconds to a second each, and a whole
/// `cargo bench` should stay well under a minute on a shared machine.
fn group<'c>(
    c: &'c mut Criterion,
    name: &str,
) -> criterion::BenchmarkGroup<'c, criterion::measurement::WallTime> {
    let mut g = c.benchmark_group(name);
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    g
}

fn stages(c: &mut Criterion) {
    let text = corpus(size());
    let mut g = group(c, "stages");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("hash_sha256", |b| {
        b.iter(|| Sha256::digest(black_box(text.as_bytes())))
    });
    g.bench_function("normalize", |b| b.iter(|| normalize(black_box(&text))));
    let norm = normalize(&text);
    g.bench_function("index", |b| {
        b.iter(|| citecheck::text::index::WordIndex::build(black_box(norm.as_str())))
    });
    // A warm re-check reads both from the cache instead (file read, signature, checks).
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().canonicalize().expect("root");
    let cache = Cache::with_secret(&root, Some(Secret::from_text("bench")));
    let key = "bench";
    derived::normalized(Some(&cache), key, &text);
    derived::index(Some(&cache), key, norm.as_str());
    g.bench_function("normalize_from_cache", |b| {
        b.iter(|| derived::normalized(Some(&cache), key, black_box(&text)))
    });
    g.bench_function("index_from_cache", |b| {
        b.iter(|| derived::index(Some(&cache), key, black_box(norm.as_str())))
    });
    g.finish();

    let source = Source::from_text("bench.txt", text.clone());
    source.index();
    let qs = quotes(&text, 1000);
    let needles: Vec<Needle> = qs.iter().map(|q| Needle::new(q)).collect();
    let mut g = group(c, "per_1000_quotes");
    g.throughput(Throughput::Elements(needles.len() as u64));
    g.bench_function("locate_occurrences", |b| {
        b.iter(|| {
            needles
                .iter()
                .map(|n| IndexLocator.occurrences(&source, n).len())
                .sum::<usize>()
        })
    });
    let thresholds = Thresholds::default();
    g.bench_function("locate_approximate", |b| {
        b.iter(|| {
            needles
                .iter()
                .filter_map(|n| {
                    let floor = thresholds.required_similarity(n.words.len());
                    IndexLocator.approximate(&source, n, None, floor)
                })
                .count()
        })
    });
    g.bench_function("judge", |b| {
        b.iter(|| judge_all(&source, &needles, &thresholds))
    });
    g.finish();
}

/// Judge every needle against `source` with no pointer (each is searched); the number failing.
fn judge_all(source: &Source, needles: &[Needle], thresholds: &Thresholds) -> usize {
    needles
        .iter()
        .map(|needle| {
            let q = Query {
                needle,
                region: None,
                prefix: None,
                suffix: None,
            };
            locate_text(&IndexLocator, source, &[source], q, thresholds).status
        })
        .filter(|s| s.fails_by_default())
        .count()
}

/// The large size of the by-size benchmarks: 64 MB under `cargo bench`, 2 MB when `cargo test`
/// runs the benchmarks once as tests (unoptimized, where building 64 MB would take minutes).
fn large_mb() -> usize {
    if std::env::args().any(|a| a == "--bench") {
        64
    } else {
        2
    }
}

/// Judging cost per quote against the size of the text, in one run: the index is built once
/// per text, so a quote should cost about the same in 1 MB as in 64 MB. (What still differs is
/// memory latency: at 1 MB the text and its index sit in the caches, at 64 MB every lookup is a
/// trip to DRAM; `memory_latency` below measures that trip on the same machine.)
fn per_quote_by_corpus(c: &mut Criterion) {
    let thresholds = Thresholds::default();
    let mut g = group(c, "judge_1000_quotes_by_corpus");
    g.throughput(Throughput::Elements(1000));
    for mb in [1, large_mb()] {
        let text = corpus(mb << 20);
        let needles: Vec<Needle> = quotes(&text, 1000).iter().map(|q| Needle::new(q)).collect();
        let source = Source::from_text("bench.txt", text);
        source.index();
        g.bench_function(format!("{mb}MB"), |b| {
            b.iter(|| judge_all(&source, &needles, &thresholds))
        });
    }
    g.finish();
}

/// Dependent random reads (pointer chasing through a random cycle) in a 1 MB and a 64 MB
/// buffer: the machine's cache-versus-DRAM latency, the yardstick for the per-quote figures.
fn memory_latency(c: &mut Criterion) {
    const STEPS: u64 = 100_000;
    let mut g = group(c, "dependent_reads");
    g.throughput(Throughput::Elements(STEPS));
    for mb in [1, large_mb()] {
        let n = (mb << 20) / 4;
        // Sattolo's shuffle: one cycle through every slot, so the chase never settles into a
        // short loop the caches could hold.
        let mut next: Vec<u32> = (0..n as u32).collect();
        let mut rng = Rng(99);
        for i in (1..n).rev() {
            let j = rng.below(i);
            next.swap(i, j);
        }
        g.bench_function(format!("{mb}MB"), |b| {
            b.iter(|| {
                let mut at = 0u32;
                for _ in 0..STEPS {
                    at = next[at as usize];
                }
                black_box(at)
            })
        });
    }
    g.finish();
}

criterion_group!(benches, stages, per_quote_by_corpus, memory_latency);
criterion_main!(benches);
