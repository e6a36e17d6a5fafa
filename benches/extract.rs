//! Benchmark of the document readers (`citecheck::extract`) on large generated documents.
//!
//! `cargo bench --bench extract` reads a 20 MB HTML index page made of repeated article
//! markup (teasers, paragraphs with entities and links, scripts, navigation, hidden blocks)
//! in both modes, and a 20 MB Markdown file. Extraction must stay linear: the HTML page
//! should take about a second or less in release.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use citecheck::extract::{html, markdown, HtmlMode};

/// Deterministic sentences of prose-like words.
fn sentence(x: &mut u64, words: usize) -> String {
    const VOCAB: [&str; 24] = [
        "the",
        "cable",
        "says",
        "Iranians",
        "support",
        "group",
        "popular",
        "inside",
        "analysts",
        "of",
        "and",
        "to",
        "a",
        "in",
        "that",
        "MEK",
        "government",
        "human",
        "rights",
        "were",
        "dismissive",
        "ordinary",
        "regime",
        "members",
    ];
    let mut s = String::new();
    for i in 0..words {
        *x = x
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        if i > 0 {
            s.push(' ');
        }
        s.push_str(VOCAB[(*x >> 33) as usize % VOCAB.len()]);
    }
    s.push('.');
    s
}

/// An HTML index page of about `bytes` bytes.
fn html_page(bytes: usize) -> String {
    let mut x = 7u64;
    let mut page = String::from(
        "<!DOCTYPE html><html><head><meta charset=utf-8><title>Index</title>\
         <style>p{margin:0}</style></head><body><header><p>Site</p></header>\
         <nav><ul><li><a href=/>Home</a></li><li><a href=/n>News</a></li></ul></nav>\n",
    );
    let mut n = 0;
    while page.len() < bytes {
        n += 1;
        page.push_str(&format!(
            "<article class=\"story\" id=\"s{n}\">\n  <header><h2><a href=\"/s/{n}\">{}</a></h2>\n  \
             <p class=teaser>&hellip; {} &ldquo;{}&rdquo;</p></header>\n",
            sentence(&mut x, 8),
            sentence(&mut x, 25),
            sentence(&mut x, 10),
        ));
        for _ in 0..4 {
            page.push_str(&format!(
                "  <p>{} <a href=\"/t\">{}</a> it&rsquo;s <em>{}</em> &amp; {}\n    {}</p>\n",
                sentence(&mut x, 20),
                sentence(&mut x, 3),
                sentence(&mut x, 4),
                sentence(&mut x, 15),
                sentence(&mut x, 20),
            ));
        }
        page.push_str(&format!(
            "  <ul><li>{}</li><li>{}</li></ul>\n  <script>var q = \"{}\";</script>\n  \
             <div hidden><p>{}</p></div>\n  <footer>Filed under <a href=/mek>MEK</a></footer>\n\
             </article>\n",
            sentence(&mut x, 12),
            sentence(&mut x, 12),
            sentence(&mut x, 10),
            sentence(&mut x, 10),
        ));
    }
    page.push_str("<footer><p>&copy; Site</p></footer></body></html>\n");
    page
}

/// A Markdown file of about `bytes` bytes.
fn markdown_file(bytes: usize) -> String {
    let mut x = 11u64;
    let mut md = String::new();
    let mut n = 0;
    while md.len() < bytes {
        n += 1;
        md.push_str(&format!(
            "## Section {n}\n\n{} *{}* [{}](https://example.org/{n}) &amp; {}\n{}\n\n\
             - {}\n- {}\n\n> {}\n\n```\ncode {n}\n```\n\n",
            sentence(&mut x, 20),
            sentence(&mut x, 4),
            sentence(&mut x, 3),
            sentence(&mut x, 15),
            sentence(&mut x, 20),
            sentence(&mut x, 10),
            sentence(&mut x, 10),
            sentence(&mut x, 15),
        ));
    }
    md
}

fn bench(c: &mut Criterion) {
    let page = html_page(20 << 20);
    let md = markdown_file(20 << 20);
    let mut g = c.benchmark_group("extract");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(page.len() as u64));
    g.bench_function("html_main_20MB", |b| {
        b.iter(|| html::extract(black_box(page.as_bytes()), HtmlMode::Main))
    });
    g.bench_function("html_all_20MB", |b| {
        b.iter(|| html::extract(black_box(page.as_bytes()), HtmlMode::All))
    });
    g.throughput(Throughput::Bytes(md.len() as u64));
    g.bench_function("markdown_20MB", |b| {
        b.iter(|| markdown::extract(black_box(md.as_bytes())))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
