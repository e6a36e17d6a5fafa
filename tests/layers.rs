//! The library's modules are layers: each may import only from the layers below it, so the
//! report model never depends on a stage, a stage never on a format, and no two modules import
//! each other. This test reads `src/` and fails on any `crate::` path that goes sideways or up
//! against the order declared here (the same order as the README's "How it works" and the
//! crate docs).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Bottom first. A module may import the modules before it in this list, and nothing else of
/// the crate.
const LAYERS: &[&str] = &[
    "model", "text", "extract", "error", "fs", "cache", "fetch", "config", "source", "claims",
    "locate", "judge", "dups", "check", "report", "compare", "import", "workflow",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a Rust file without its comments (doc links name modules without importing
/// them) and without string literals' contents.
fn code_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let mut in_str = false;
        let mut prev = ' ';
        let mut kept = String::new();
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if !in_str && c == '/' && chars.get(i + 1) == Some(&'/') {
                break;
            }
            if c == '"' && prev != '\\' {
                in_str = !in_str;
            } else if !in_str {
                kept.push(c);
            }
            prev = c;
            i += 1;
        }
        out.push_str(&kept);
        out.push('\n');
    }
    out
}

/// The top-level modules a file's code names through `crate::`.
fn imports(code: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        let after = &rest[at + "crate::".len()..];
        let before_ok = rest[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
        if before_ok {
            if let Some(group) = after.strip_prefix('{') {
                // `use crate::{a::X, b};`: every first segment inside the braces, at depth 0.
                let mut depth = 0;
                let mut item = String::new();
                for c in group.chars() {
                    match c {
                        '{' => depth += 1,
                        '}' if depth == 0 => break,
                        '}' => depth -= 1,
                        ',' if depth == 0 => {
                            found.insert(first_segment(&item));
                            item.clear();
                            continue;
                        }
                        _ => {}
                    }
                    if depth == 0 {
                        item.push(c);
                    }
                }
                found.insert(first_segment(&item));
            } else {
                found.insert(first_segment(after));
            }
        }
        rest = after;
    }
    found.retain(|m| !m.is_empty());
    found
}

fn first_segment(s: &str) -> String {
    s.trim()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// The top-level module a file under `src/` belongs to (`None` for lib.rs and the binary).
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).expect("under src");
    let first = rel.components().next()?.as_os_str().to_str()?.to_string();
    match first.as_str() {
        "lib.rs" | "bin" | "main.rs" => None,
        _ => Some(first.trim_end_matches(".rs").to_string()),
    }
}

#[test]
fn every_module_imports_only_the_layers_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut seen_modules = BTreeSet::new();
    let mut wrong = Vec::new();
    for file in &files {
        let Some(module) = module_of(&src, file) else {
            continue;
        };
        seen_modules.insert(module.clone());
        let Some(level) = LAYERS.iter().position(|m| *m == module) else {
            wrong.push(format!(
                "{}: module `{module}` is in no layer; add it to LAYERS (and the README)",
                file.display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(file).expect("read");
        for used in imports(&code_only(&text)) {
            if used == module || used == "self" {
                continue;
            }
            match LAYERS.iter().position(|m| *m == used) {
                Some(l) if l < level => {}
                Some(_) => wrong.push(format!(
                    "{}: `{module}` imports `crate::{used}`, which is not below it",
                    file.display()
                )),
                None => wrong.push(format!(
                    "{}: `{module}` imports `crate::{used}`, which is no layer",
                    file.display()
                )),
            }
        }
    }
    assert!(wrong.is_empty(), "layering broken:\n{}", wrong.join("\n"));
    // Every declared layer exists: the list can't go stale and pass by naming nothing.
    for m in LAYERS {
        assert!(
            seen_modules.contains(*m),
            "LAYERS names `{m}`, which src/ lacks"
        );
    }
}

#[test]
fn the_checker_sees_imports_of_every_form() {
    let code = code_only(
        "use crate::model::Report;\nuse crate::{judge::Policy, text::{a, b}};\n\
         fn f() { crate::fs::write_atomic(); } // crate::workflow in a comment\n\
         let s = \"crate::check in a string\"; let mycrate::x = 1;",
    );
    let got: Vec<String> = imports(&code).into_iter().collect();
    assert_eq!(got, ["fs", "judge", "model", "text"]);
}

#[test]
fn the_crate_docs_and_readme_state_the_same_layers() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let lib = std::fs::read_to_string(root.join("src/lib.rs")).expect("lib.rs");
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README");
    for (name, text) in [("src/lib.rs", &lib), ("README.md", &readme)] {
        let mut last = 0;
        for m in LAYERS {
            // The layer list in each document starts its line with the module name.
            let needle = format!("\n{m} ");
            let alt = format!("\n//! {m} ");
            let at = text[last..]
                .find(&needle)
                .or_else(|| text[last..].find(&alt))
                .map(|i| last + i)
                .unwrap_or_else(|| panic!("{name}: layer `{m}` missing or out of order"));
            last = at + 1;
        }
    }
}
