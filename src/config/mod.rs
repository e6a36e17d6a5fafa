//! The project a user keeps: root discovery, `citecheck.toml` settings, `citecheck.lock` pins.
//!
//! ```text
//! citecheck.toml   optional settings (thresholds, which verdicts fail, source metadata)
//! citecheck.lock   SHA-256 pins of every source, written by `citecheck lock`
//! sources/         the documents; a source's id is its path relative to sources/
//! claims/          *.toml files (any depth) declaring quotes and claims
//! reports/         where reports go
//! ```

use std::path::{Path, PathBuf};

pub mod lock;
mod place;
pub mod settings;

use settings::did_you_mean;

use crate::error::{Diagnostic, Error, Result};

pub use lock::{Lock, LockedSource};
pub use settings::{
    config_schema, CheckConfig, ClaimsConfig, Config, DupsConfig, FailOn, ReportConfig, SourceMeta,
};

/// Name of the settings file.
pub const CONFIG_FILE: &str = "citecheck.toml";
/// Name of the lock file.
pub const LOCK_FILE: &str = "citecheck.lock";

/// A discovered project: its root folder, settings and lock.
#[derive(Debug, Clone)]
pub struct Project {
    /// The project folder (holds sources/ and claims/).
    pub root: PathBuf,
    /// Settings from citecheck.toml (defaults when absent).
    pub config: Config,
    /// Pins from citecheck.lock, when present.
    pub lock: Option<Lock>,
    /// Whether work derived from sources (extracted text) is kept in and read from
    /// `.citecheck/cache` (true unless `--no-cache`).
    pub use_cache: bool,
    /// Whether the person running citecheck allowed the project's external judge
    /// (`[claims] judge`) to run (`--allow-judge` or `CITECHECK_ALLOW_JUDGE=1`). The settings
    /// are part of a tree that may come from a stranger, so they alone never start a program:
    /// false unless the caller sets it.
    pub allow_judge: bool,
    /// Where the settings name the external judge (a diagnostic at `judge`), when they do.
    judge_at: Option<Diagnostic>,
}

impl Project {
    /// Read the project rooted exactly at `root`: its settings and lock. Problems in them
    /// (syntax, unknown keys, values out of range) are returned beside a project holding
    /// whatever parsed (defaults for the rest), not raised: the caller goes on to read the
    /// claims and sources too, so a user sees every problem of the project in one run
    /// (`check::open` does). Only a root that is not a folder, or a file that cannot be read,
    /// is an error here.
    pub fn read(root: &Path) -> Result<(Project, Vec<Diagnostic>)> {
        Project::read_with_settings(root, None)
    }

    /// [`Project::read`], with the settings read from `settings` instead of the root's
    /// citecheck.toml when given (`--config PATH`). That path comes from the command line, so
    /// it may lie outside the root; it is still read only as a regular file of bounded size,
    /// and its problems are reported under the path as given.
    pub fn read_with_settings(
        root: &Path,
        settings: Option<&Path>,
    ) -> Result<(Project, Vec<Diagnostic>)> {
        // A mistyped `--root` must not pass as an empty project that checks nothing.
        if !root.is_dir() {
            return Err(Error::io(
                root,
                std::io::Error::new(std::io::ErrorKind::NotFound, "no such project folder"),
            ));
        }
        // The root comes from the command line (trusted); resolved once, it is what every
        // path of the tree must stay inside (`crate::fs::confine`).
        let root = &root.canonicalize().map_err(|e| Error::io(root, e))?;
        let mut problems = Vec::new();
        let (config, place) = match settings {
            Some(path) => read_settings_file(path, &mut problems)?,
            None => read_toml::<Config>(root, CONFIG_FILE, &mut problems)?,
        }
        .map_or_else(
            || (Config::default(), None),
            |(config, text, name)| (config, Some(place::Settings::new(name, text))),
        );
        // A value that parsed but is refused is shown where it is written.
        let at = |table: &str, key: &str, message: String| match &place {
            Some(p) => p.at(table, key, message),
            None => Diagnostic::file(CONFIG_FILE, message),
        };
        let lock = read_toml::<Lock>(root, LOCK_FILE, &mut problems)?.map(|(mut lock, text, _)| {
            lock::validate(&lock, &text, &mut problems);
            // Sorted by path, as `citecheck lock` writes it, so a pin is found by bisection
            // (a project of 30,000 sources looked each one up in a list of 30,000).
            lock.sources.sort_by(|a, b| a.path.cmp(&b.path));
            lock
        });
        for (table, key, value) in [
            ("check", "min_similarity", config.check.min_similarity),
            ("check", "support_threshold", config.check.support_threshold),
            ("dups", "similarity", config.dups.similarity),
        ] {
            if !(0.0..=1.0).contains(&value) {
                problems.push(
                    at(
                        table,
                        key,
                        format!("`{table}.{key}` is {value}, outside [0, 1]"),
                    )
                    .help("use a fraction between 0 and 1"),
                );
            }
        }
        if config.check.max_source_bytes == 0 {
            problems.push(
                at(
                    "check",
                    "max_source_bytes",
                    "`check.max_source_bytes` is 0".into(),
                )
                .help("give the size limit of a source in bytes (the default is 268435456)"),
            );
        }
        if config.check.max_source_bytes > u64::from(u32::MAX) {
            // Offsets into a source (its normalized text's map, its word index, its lines)
            // are 32-bit.
            problems.push(
                at(
                    "check",
                    "max_source_bytes",
                    format!(
                        "`check.max_source_bytes` is {}, over the 4 GiB a source may hold",
                        config.check.max_source_bytes
                    ),
                )
                .help("give at most 4294967295 (split a larger document into several sources)"),
            );
        }
        if config.cache.max_mib == 0 {
            problems.push(at("cache", "max_mib", "`cache.max_mib` is 0".into()).help(
                "give the cache's bound in MiB (the default is 4096), or run with --no-cache",
            ));
        }
        if !(1..=ClaimsConfig::MAX_JUDGE_TIMEOUT).contains(&config.claims.judge_timeout) {
            problems.push(
                at(
                    "claims",
                    "judge_timeout",
                    format!(
                        "`claims.judge_timeout` is {}, outside 1 to {} seconds",
                        config.claims.judge_timeout,
                        ClaimsConfig::MAX_JUDGE_TIMEOUT
                    ),
                )
                .help("give the external judge from 1 second to a day (the default is 300)"),
            );
        }
        let words = DupsConfig::MIN_WORDS_RANGE;
        if !words.contains(&config.dups.min_words) {
            problems.push(
                at(
                    "dups",
                    "min_words",
                    format!(
                        "`dups.min_words` is {}, outside {} to {}",
                        config.dups.min_words,
                        words.start(),
                        words.end()
                    ),
                )
                .help("give the shortest repeated passage reported, in words (the default is 8)"),
            );
        }
        let judge_at =
            (!config.claims.judge.is_empty()).then(|| at("claims", "judge", String::new()));
        let project = Project {
            use_cache: true,
            allow_judge: false,
            judge_at,
            root: root.to_path_buf(),
            config,
            lock,
        };
        Ok((project, problems))
    }

    /// When the settings ask for an external judge and the person running citecheck has not
    /// allowed it ([`Project::allow_judge`]): the problem to report, at `judge` in the
    /// settings. Checked before anything runs, so an unallowed judge is never started.
    pub fn judge_refusal(&self) -> Option<Diagnostic> {
        let command = &self.config.claims.judge;
        if command.is_empty() || self.allow_judge {
            return None;
        }
        let shown = serde_json::to_string(command).unwrap_or_default();
        let d = self
            .judge_at
            .clone()
            .unwrap_or_else(|| Diagnostic::file(CONFIG_FILE, String::new()));
        Some(
            Diagnostic {
                message: format!(
                    "the project asks to run the program {shown} as its external judge \
                     (`[claims] judge`); citecheck runs a program a project names only when \
                     you allow it"
                ),
                ..d
            }
            .label("the program")
            .help(
                "if you trust this project and that program, run again with `--allow-judge` \
                 (or set CITECHECK_ALLOW_JUDGE=1); otherwise remove `judge` from `[claims]` \
                 to judge claims by the rules alone",
            ),
        )
    }

    /// The project's cache (`.citecheck/cache`, bounded by `[cache] max_mib`), unless
    /// `--no-cache` turned it off.
    pub fn cache(&self) -> Option<crate::cache::Cache> {
        self.use_cache.then(|| {
            let mut c = crate::cache::Cache::new(&self.root);
            c.max_bytes = self.config.cache.max_mib.saturating_mul(1 << 20);
            c
        })
    }

    /// The sources/ folder.
    pub fn sources_dir(&self) -> PathBuf {
        self.root.join("sources")
    }

    /// The claims/ folder.
    pub fn claims_dir(&self) -> PathBuf {
        self.root.join("claims")
    }
}

/// The nearest folder from `start` upward that holds citecheck.toml or claims/.
pub fn find_root(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|d| d.join(CONFIG_FILE).is_file() || d.join("claims").is_dir())
        .map(Path::to_path_buf)
}

/// A parsed file: its value, its text and its name as diagnostics give it.
type Parsed<T> = Option<(T, String, String)>;

/// Read and parse the settings file the command line names (`--config PATH`): it must exist
/// (a mistyped path must not pass as defaults) and be a regular file of bounded size.
fn read_settings_file(path: &Path, problems: &mut Vec<Diagnostic>) -> Result<Parsed<Config>> {
    let bytes = match crate::fs::read_regular(path, crate::fs::DEFAULT_MAX_BYTES, |_| {}) {
        Ok(b) => b,
        Err(crate::fs::ReadError::Refused(r)) => {
            problems
                .push(Diagnostic::file(&path.display().to_string(), r.message()).help(r.help()));
            return Ok(None);
        }
        Err(crate::fs::ReadError::Io(e)) => return Err(Error::io(path, e)),
    };
    parse_toml(&path.display().to_string(), bytes, problems)
}

/// Read and parse an optional TOML file of the project; a parse error becomes a diagnostic.
fn read_toml<T: serde::de::DeserializeOwned>(
    root: &Path,
    name: &str,
    problems: &mut Vec<Diagnostic>,
) -> Result<Parsed<T>> {
    let path = root.join(name);
    if path.symlink_metadata().is_err() {
        return Ok(None);
    }
    // The file is part of the untrusted tree: it must resolve inside the root and be a regular
    // file of bounded size (a FIFO would hang the run, a link could show a private file).
    let read = match crate::fs::confine(&path, root, "the project") {
        Ok(real) => crate::fs::read_regular(&real, crate::fs::DEFAULT_MAX_BYTES, |_| {}),
        Err(crate::fs::ConfineError::Refused(r)) => Err(crate::fs::ReadError::Refused(r)),
        Err(crate::fs::ConfineError::Io(e)) => Err(crate::fs::ReadError::Io(e)),
    };
    let bytes = match read {
        Ok(b) => b,
        Err(crate::fs::ReadError::Refused(r)) => {
            problems.push(Diagnostic::file(name, r.message()).help(r.help()));
            return Ok(None);
        }
        Err(crate::fs::ReadError::Io(e)) => return Err(Error::io(path, e)),
    };
    parse_toml(name, bytes, problems)
}

/// Parse the bytes of TOML file `name` (as diagnostics name it); a problem becomes a
/// diagnostic.
fn parse_toml<T: serde::de::DeserializeOwned>(
    name: &str,
    bytes: Vec<u8>,
    problems: &mut Vec<Diagnostic>,
) -> Result<Parsed<T>> {
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            problems.push(
                Diagnostic::file(name, format!("not valid UTF-8 (at offset {at})"))
                    .help("save it as UTF-8, e.g. `iconv -f latin1 -t utf-8`"),
            );
            return Ok(None);
        }
    };
    match toml::from_str::<T>(&text) {
        Ok(v) => Ok(Some((v, text, name.to_string()))),
        Err(e) => {
            let span = e.span().map_or((0, 0), |r| (r.start, r.end));
            let help = if name == LOCK_FILE {
                "citecheck.lock is written by `citecheck lock`: run it again to rewrite the \
                 file (see the README's `citecheck lock` section)"
                    .to_string()
            } else {
                let guess = did_you_mean(e.message())
                    .map(|k| format!("did you mean `{k}`? "))
                    .unwrap_or_default();
                format!("{guess}see the README's `citecheck.toml` section for the accepted keys")
            };
            problems.push(
                Diagnostic::at(name, &text, span, e.message().to_string())
                    .label("here")
                    .help(help),
            );
            Ok(None)
        }
    }
}
