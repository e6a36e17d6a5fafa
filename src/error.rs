//! The library's one error type and the diagnostics it carries.
//!
//! Bad input is never fatal on first sight: loaders collect every problem as a [`Diagnostic`]
//! (file, byte span, line and column, what is wrong, how to fix it) and the run fails once, with
//! all of them, as [`Error::Invalid`]. The binary renders diagnostics rustc-style and exits 2.

use std::fmt;
use std::path::PathBuf;

/// A problem in the user's input, located in a file of the project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Path relative to the project root, with forward slashes (`claims/cable.toml`).
    pub file: String,
    /// Byte range in that file the problem is about, when known.
    pub span: Option<(usize, usize)>,
    /// 1-based line (0 when the problem concerns the whole file).
    pub line: usize,
    /// 1-based column in characters (0 when the problem concerns the whole file).
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// Short label under the span.
    pub label: String,
    /// How to fix it.
    pub help: Option<String>,
    /// Another place that matters (the first definition of a duplicate id, ...).
    pub related: Option<Box<Diagnostic>>,
}

impl Diagnostic {
    /// A diagnostic at byte `span` of `file`, whose text is `text` (to compute line and column).
    pub fn at(file: &str, text: &str, span: (usize, usize), message: impl Into<String>) -> Self {
        let (line, column) = crate::text::line_col(text, span.0);
        Diagnostic {
            file: file.to_string(),
            span: Some(span),
            line,
            column,
            message: message.into(),
            label: String::new(),
            help: None,
            related: None,
        }
    }

    /// A diagnostic about a whole file.
    pub fn file(file: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.to_string(),
            span: None,
            line: 0,
            column: 0,
            message: message.into(),
            label: String::new(),
            help: None,
            related: None,
        }
    }

    /// Set the label shown under the span.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    /// Set the advice on how to fix the problem.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Attach a related location.
    pub fn related(mut self, other: Diagnostic) -> Self {
        self.related = Some(Box::new(other));
        self
    }
}

/// The name in `known` closest to `unknown` by `similarity` (in [0, 1]), when it scores above
/// `min`: the "did you mean" of a diagnostic.
pub fn closest<'a>(
    unknown: &str,
    known: impl IntoIterator<Item = &'a str>,
    similarity: fn(&str, &str) -> f64,
    min: f64,
) -> Option<&'a str> {
    known
        .into_iter()
        .map(|k| (similarity(k, unknown), k))
        .filter(|(score, _)| *score > min)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(
                f,
                "{}:{}:{}: {}",
                self.file, self.line, self.column, self.message
            )?;
        } else {
            write!(f, "{}: {}", self.file, self.message)?;
        }
        if let Some(h) = &self.help {
            write!(f, " (help: {h})")?;
        }
        Ok(())
    }
}

/// Everything that can go wrong in the library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input (claims, sources, configuration, lock) has problems; all of them are listed.
    #[error("{} problem(s) in the input", .0.len())]
    Invalid(Vec<Diagnostic>),
    /// No project folder was found.
    #[error("no citecheck project found in {} or any parent (looked for citecheck.toml or claims/)", .0.display())]
    NoProject(PathBuf),
    /// An I/O failure outside the user's control.
    #[error("{}: {source}", path.display())]
    Io {
        /// The path being read or written.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A command was asked for something it cannot do (an unknown source, a taken id, a file
    /// that already exists); the message says what and how to proceed.
    #[error("{0}")]
    Usage(String),
    /// The external judge (`[claims] judge` in citecheck.toml) could not be started, exited
    /// non-zero, outlived `judge_timeout`, or did not answer every claim it was asked about
    /// with a valid status: the run fails (exit 2) rather than pass a claim unjudged.
    #[error(
        "the external judge `{judge}` (`[claims] judge` in citecheck.toml) {message} (help: \
         it reads {{\"version\": 1, \"claims\": [...]}} on stdin and must exit 0 with \
         {{\"results\": [{{\"id\", \"status\", \"score\", \"rationale\"}}]}} on stdout, \
         one per claim, status supported, contradicted or unsupported; see the README's \
         \"An external judge\". Fix it, raise `judge_timeout`, or remove `judge` to use the \
         rules alone)"
    )]
    Judge {
        /// The judge's name (its program's file name).
        judge: String,
        /// What went wrong.
        message: String,
    },
    /// A report file given to `merge`/`diff` could not be read.
    #[error("{path}: {message}")]
    Report {
        /// The report path.
        path: String,
        /// What is wrong.
        message: String,
    },
}

impl Error {
    /// Wrap an I/O error with its path.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// Result with the library's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
