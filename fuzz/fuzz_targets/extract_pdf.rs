//! Fuzz target `extract_pdf`: see `tests/pdf_fuzz/mod.rs` for the property it checks. Seed
//! corpus: tests/fuzz_cases/extract_pdf/ (a one-page PDF from tests/pdf_writer).
#![no_main]

#[path = "../../tests/pdf_fuzz/mod.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::extract_pdf(data));
