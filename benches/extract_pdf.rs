//! Benchmark of PDF extraction (issue 14): `cargo bench --bench extract_pdf` reads a
//! generated 200-page PDF (the cable from sources/cable.txt repeated, Helvetica, a running
//! header and page numbers, tests/pdf_writer) with the built-in engine, clean-up included.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use citecheck::extract::{pdf, PdfEngine};

#[path = "../tests/pdf_writer/mod.rs"]
mod pdf_writer;

use pdf_writer::{layout, BodyFont, Style};

/// A PDF of `pages` pages of the cable's paragraphs, over and over.
fn document(pages: usize) -> Vec<u8> {
    let cable = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/sources/cable.txt"))
        .expect("sources/cable.txt");
    let paras: Vec<&str> = cable.lines().collect();
    let mut all = Vec::new();
    let mut lay = layout(&all, 95, 45, None);
    while lay.printed.len() < pages {
        all.extend_from_slice(&paras);
        lay = layout(&all, 95, 45, None);
    }
    lay.printed.truncate(pages);
    let style = Style {
        header: Some("UNCLASSIFIED".into()),
        page_numbers: true,
        font: BodyFont::Helvetica,
    };
    pdf_writer::pdf(&lay.printed, &style)
}

fn bench(c: &mut Criterion) {
    let bytes = document(200);
    let e = pdf::extract(&bytes, PdfEngine::Builtin).expect("the benchmark PDF reads");
    assert_eq!(e.pages.len(), 200);
    let mut g = c.benchmark_group("extract_pdf");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function("builtin_200_pages", |b| {
        b.iter(|| pdf::extract(black_box(&bytes), PdfEngine::Builtin).unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
