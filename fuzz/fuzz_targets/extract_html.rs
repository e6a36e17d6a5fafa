//! Fuzz target `extract_html`: see `tests/fuzz_checks.rs` for the property it checks.
#![no_main]

#[path = "../../tests/fuzz_checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::extract_html(data));
