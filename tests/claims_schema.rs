//! The JSON Schema of claims files (issue 15): generated from types that mirror what the loader
//! accepts, committed as docs/claims.schema.json for TOML language servers (`#:schema` line),
//! kept current, and in agreement with the loader — on the example project's claims files, on
//! every claims file of the repository, and on typos and malformed entries.

mod common;

use std::path::{Path, PathBuf};

use citecheck::claims::parse_file;
use citecheck::claims::schema::claims_schema;
use common::{compare_or_bless, repo};

fn validator() -> jsonschema::Validator {
    let schema: serde_json::Value = serde_json::from_str(&claims_schema()).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

/// A claims file's TOML as the JSON a schema validates (what an editor does).
fn as_json(toml_text: &str) -> serde_json::Value {
    let value: toml::Value = toml::from_str(toml_text).unwrap();
    serde_json::to_value(value).unwrap()
}

/// The loader's problems with `text` (none: it accepts the file).
fn loader_problems(text: &str) -> Vec<String> {
    let mut problems = Vec::new();
    parse_file("claims/x.toml", text, &mut problems);
    problems.into_iter().map(|d| d.message).collect()
}

fn schema_errors(v: &jsonschema::Validator, text: &str) -> Vec<String> {
    v.iter_errors(&as_json(text))
        .map(|e| e.to_string())
        .collect()
}

#[test]
fn the_committed_claims_schema_is_current() {
    // A blessing run (`CITECHECK_BLESS=1`) rewrites the file and still fails when it was stale.
    compare_or_bless("docs/claims.schema.json", &claims_schema());
}

#[test]
fn the_example_claims_files_are_valid_for_the_schema_and_the_loader() {
    let v = validator();
    let dir = repo().join("claims");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let text = std::fs::read_to_string(&path).unwrap();
            assert_eq!(loader_problems(&text), Vec::<String>::new(), "{path:?}");
            assert_eq!(schema_errors(&v, &text), Vec::<String>::new(), "{path:?}");
            seen += 1;
        }
    }
    assert!(seen >= 2, "the example's claims files were not found");
}

fn claims_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name == "target" || name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            claims_files(&path, out);
        } else if name.ends_with(".toml") && path.to_string_lossy().contains("claims") {
            out.push(path);
        }
    }
}

/// The schema never flags a file the loader accepts (an editor's red line on a valid file
/// would teach people to ignore it), over every claims file in the repository.
#[test]
fn every_claims_file_the_loader_accepts_the_schema_accepts() {
    let v = validator();
    let mut files = Vec::new();
    claims_files(&repo(), &mut files);
    let mut accepted = 0;
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        if toml::from_str::<toml::Value>(&text).is_err() {
            continue; // not TOML at all: nothing for a schema to say
        }
        if loader_problems(&text).is_empty() {
            assert_eq!(schema_errors(&v, &text), Vec::<String>::new(), "{path:?}");
            accepted += 1;
        }
    }
    assert!(accepted >= 5, "only {accepted} of {} files", files.len());
}

const QUOTE: &str =
    "[[quote]]\nid = \"q-1\"\nsource = \"dir/cable.txt\"\ntext = \"They have no support.\"\n";
const CLAIM: &str =
    "[[claim]]\nid = \"c.1\"\nsource = \"cable.txt\"\ntext = \"The group is unpopular.\"\n";

#[test]
fn the_loader_and_the_schema_agree_on_valid_entries_typos_and_malformed_ones() {
    let v = validator();
    let sha = "3882".repeat(16);
    let cases: Vec<(String, bool)> = vec![
        // accepted
        (QUOTE.to_string(), true),
        (format!("#:schema ./docs/claims.schema.json\n{QUOTE}"), true),
        (format!("{QUOTE}span = [0, 5]\nsha256 = \"{sha}\"\nprefix = \"a\"\nsuffix = \"b\"\nnote = \"n\"\n"), true),
        (format!("{QUOTE}lines = [1, 1]\n"), true),
        (format!("{CLAIM}lines = [6, 6]\nevidence = \"no support\"\n"), true),
        (format!("{CLAIM}span = [0, 9]\nsha256 = \"{}\"\n", sha.to_uppercase()), true),
        ("# nothing declared yet\n".to_string(), true),
        // typos and unknown keys
        (QUOTE.replace("source =", "sourse ="), false),
        (format!("{QUOTE}spam = [0, 5]\n"), false),
        (format!("{CLAIM}lines = [6, 6]\nevidense = \"x\"\n"), false),
        (QUOTE.replace("[[quote]]", "[[quotes]]"), false),
        (format!("title = \"x\"\n{QUOTE}"), false),
        (format!("{QUOTE}evidence = \"quotes carry no evidence\"\n"), false),
        // missing or mistyped values
        (QUOTE.replace("id = \"q-1\"\n", ""), false),
        (QUOTE.replace("text = \"They have no support.\"\n", ""), false),
        (QUOTE.replace("\"They have no support.\"", "42"), false),
        (QUOTE.replace("\"They have no support.\"", "\"  \""), false),
        (QUOTE.replace("q-1", "q 1"), false),
        (QUOTE.replace("dir/cable.txt", "../secret.txt"), false),
        (QUOTE.replace("dir/cable.txt", "/etc/passwd"), false),
        (QUOTE.replace("dir/cable.txt", "dir\\\\cable.txt"), false),
        (QUOTE.replace("dir/cable.txt", "./cable.txt"), false),
        (QUOTE.replace("dir/cable.txt", ""), false),
        (format!("{QUOTE}sha256 = \"abc\"\n"), false),
        (format!("{QUOTE}span = [-1, 5]\n"), false),
        (format!("{QUOTE}span = [1, 2, 3]\n"), false),
        (format!("{QUOTE}span = \"1:5\"\n"), false),
        (format!("{QUOTE}lines = [0, 1]\n"), false),
        (format!("{QUOTE}span = [0, 5]\nlines = [1, 1]\n"), false),
        (CLAIM.to_string(), false),
        (format!("{CLAIM}span = [0, 5]\nlines = [1, 1]\n"), false),
        ("[quote]\nid = \"q\"\nsource = \"a.txt\"\ntext = \"x y\"\n".to_string(), false),
    ];
    for (text, accepted) in &cases {
        let loader = loader_problems(text);
        let schema = schema_errors(&v, text);
        assert_eq!(
            loader.is_empty(),
            *accepted,
            "loader on:\n{text}\n{loader:?}"
        );
        assert_eq!(
            schema.is_empty(),
            *accepted,
            "schema on:\n{text}\n{schema:?}"
        );
    }
    // What a schema cannot compare (one number with another) the loader still refuses.
    for text in [
        format!("{QUOTE}span = [5, 2]\n"),
        format!("{QUOTE}span = [4, 4]\n"),
        format!("{QUOTE}lines = [3, 1]\n"),
    ] {
        assert!(!loader_problems(&text).is_empty(), "{text}");
    }
}
