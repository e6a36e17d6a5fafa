//! `citecheck init`: a new project with commented defaults and one example entry.

use std::path::Path;

use crate::error::{Error, Result};

const INIT_CONFIG: &str = r#"# citecheck settings. Every key is optional; unknown keys are errors.

[check]
# Statuses that fail the run besides drifted, missing, ambiguous, contradicted and unsupported:
# any of "relocated", "normalized", "source_changed".
fail_on = []
# Similarity a long quote needs to count as drifted rather than missing (shorter quotes need more).
min_similarity = 0.65
# Share of a claim's content words its evidence must contain.
support_threshold = 0.6

# Provenance of each source, carried into citecheck.lock and the reports:
# [sources."example.txt"]
# title = "An example source"
# origin = "https://example.org/document"
# retrieved = "2026-01-01"
"#;

const INIT_SOURCE: &str = "An example source.\n\
Sources are UTF-8 text files under sources/; a source's id is its path relative to sources/.\n\
Every quotation must be found here, word for word.\n";

const INIT_CLAIMS: &str = r#"# Quotes and claims citing sources/example.txt. `citecheck add` and `citecheck scan --write`
# append entries here; `citecheck fix` keeps their pointers up to date.

[[quote]]
id = "word-for-word"
source = "example.txt"
text = "Every quotation must be found here, word for word."
lines = [3, 3]
"#;

/// Create a new project in `dir`: citecheck.toml (commented defaults), sources/, claims/ and
/// reports/ with a short example. Refuses, creating nothing, when any of them exists. Returns
/// the paths created (relative to `dir`).
pub fn init(dir: &Path) -> Result<Vec<String>> {
    let planned: [(&str, Option<&str>); 6] = [
        (crate::config::CONFIG_FILE, Some(INIT_CONFIG)),
        ("sources", None),
        ("claims", None),
        ("reports", None),
        ("sources/example.txt", Some(INIT_SOURCE)),
        ("claims/example.toml", Some(INIT_CLAIMS)),
    ];
    let existing: Vec<&str> = planned
        .iter()
        .map(|(p, _)| *p)
        .filter(|p| dir.join(p).symlink_metadata().is_ok())
        .collect();
    if !existing.is_empty() {
        return Err(Error::Usage(format!(
            "{} already holds {}; `citecheck init` never overwrites anything (nothing was created)",
            dir.display(),
            existing.join(", ")
        )));
    }
    let mut created = Vec::new();
    for (path, content) in planned {
        let full = dir.join(path);
        match content {
            Some(text) => crate::fs::write_atomic(&full, text.as_bytes())?,
            None => std::fs::create_dir_all(&full).map_err(|e| Error::io(&full, e))?,
        }
        created.push(path.to_string());
    }
    crate::fs::write_atomic(&dir.join("reports/.gitkeep"), b"")?;
    Ok(created)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    /// The defaults live in `config::settings`; the commented file `init` writes repeats them
    /// for people to read, so it must say the same.
    #[test]
    fn the_written_settings_are_the_defaults() {
        let written: Config = toml::from_str(INIT_CONFIG).expect("INIT_CONFIG parses");
        let default = Config::default();
        assert_eq!(written.check.fail_on, default.check.fail_on);
        assert_eq!(written.check.min_similarity, default.check.min_similarity);
        assert_eq!(
            written.check.support_threshold,
            default.check.support_threshold
        );
    }
}
