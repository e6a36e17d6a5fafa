//! The command line, as clap reads it: one `Args` struct per subcommand, the library's enums
//! wrapped for clap, and the parsers of `--span`, `--lines` and `--similarity`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use citecheck::compare::DiffFormat;
use citecheck::model::{DupsFormat, Format};
use citecheck::{FailOn, Shard};

/// A clap value for a library enum with `ALL`, `as_str` and `description` (the library does not
/// depend on clap).
#[derive(Debug, Clone, Copy)]
pub struct Choice<T: 'static>(pub T);

macro_rules! choice {
    ($t:ty) => {
        impl clap::ValueEnum for Choice<$t> {
            fn value_variants<'a>() -> &'a [Self] {
                const ALL: [Choice<$t>; <$t>::ALL.len()] = {
                    let mut out = [Choice(<$t>::ALL[0]); <$t>::ALL.len()];
                    let mut i = 0;
                    while i < out.len() {
                        out[i] = Choice(<$t>::ALL[i]);
                        i += 1;
                    }
                    out
                };
                &ALL
            }
            fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
                Some(clap::builder::PossibleValue::new(self.0.as_str()).help(self.0.description()))
            }
        }
    };
}
choice!(Format);
choice!(DupsFormat);
choice!(DiffFormat);
choice!(FailOn);

/// The wrapped values, unwrapped.
pub fn unwrap<T: Copy>(choices: &[Choice<T>]) -> Vec<T> {
    choices.iter().map(|c| c.0).collect()
}

/// Prove quotations and claims against their sources.
#[derive(Parser, Debug)]
#[command(
    name = "citecheck",
    version = env!("CITECHECK_VERSION"),
    about,
    propagate_version = true,
    after_help = TOP_EXAMPLES
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

const TOP_EXAMPLES: &str = "\
Examples:
  # check the project here (or the nearest one above)
  citecheck check
  # the HTML report (the format from the extension)
  citecheck check -o report.html
  # a project in a subfolder, annotations for GitHub Actions
  citecheck check --root docs --format github
  # shell completions
  citecheck completions bash > ~/.local/share/bash-completion/completions/citecheck";

// Flags every subcommand takes, before or after its name.
#[derive(Args, Debug, Clone)]
pub struct Global {
    /// When to colour: auto (a terminal, unless NO_COLOR is set or CLICOLOR_FORCE forces
    /// it), always, never. Reports written with -o are never coloured.
    #[arg(
        long,
        global = true,
        value_enum,
        default_value = "auto",
        value_name = "WHEN"
    )]
    pub color: ColorWhen,
    /// Print nothing on standard error but errors: no summary line, no progress (the report
    /// is still written).
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Never show the progress spinner (it shows only on a terminal, outside CI, anyway).
    #[arg(long, global = true)]
    pub no_progress: bool,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorWhen {
    /// Colour on a terminal, unless NO_COLOR is set (CLICOLOR_FORCE forces it on).
    Auto,
    /// Always colour standard output and errors, even into a pipe.
    Always,
    /// Never colour.
    Never,
}

// What every subcommand that works on a project takes. (Doc comments on the `Args` structs
// would become the subcommands' help, so these structs carry plain comments.)
#[derive(Args, Debug, Clone)]
pub struct Common {
    /// Project folder (default: the nearest folder upward holding citecheck.toml or claims/).
    #[arg(long, global = true, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Read the settings from PATH instead of the project's citecheck.toml (relative to the
    /// current folder; it may be outside the project).
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Neither read nor write .citecheck/cache (every source is then extracted, normalized and
    /// indexed again, and duplicates searched again).
    #[arg(long, global = true)]
    pub no_cache: bool,
}

// The variants' doc comments are the subcommands' help; each has an `Examples:` block
// (tests/integrations.rs checks every one).
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Verify every quote and claim against its source.
    #[command(after_help = CHECK_EXAMPLES)]
    Check(CheckArgs),
    /// Check, then write every format listed in citecheck.toml's `[report] formats` into
    /// reports/ (default: json, html, markdown, sarif, junit).
    #[command(after_help = REPORT_EXAMPLES)]
    Report(ReportArgs),
    /// Read W3C Web Annotations (JSON-LD, e.g. from `check --format w3c`, or a Hypothesis
    /// API export) back as quotes, appended to a claims file.
    #[command(after_help = IMPORT_W3C_EXAMPLES)]
    ImportW3c(ImportW3cArgs),
    /// Compare two JSON reports (`check --format json`): changed sources, verdicts, moved
    /// passages, new and removed entries. Exit 1 when a verdict got worse.
    #[command(after_help = DIFF_EXAMPLES)]
    Diff(DiffArgs),
    /// Find passages repeated within or across sources, identically or nearly.
    #[command(after_help = DUPS_EXAMPLES)]
    Dups(DupsArgs),
    /// Combine the JSON reports of `check --shard K/N` runs into the report of the whole run.
    #[command(after_help = MERGE_EXAMPLES)]
    Merge(MergeArgs),
    /// Write citecheck.lock: the SHA-256 and size of every source.
    #[command(after_help = LOCK_EXAMPLES)]
    Lock(ProjectArgs),
    /// Create a project in the current folder (or in --root): citecheck.toml, sources/,
    /// claims/, reports/.
    #[command(after_help = INIT_EXAMPLES)]
    Init(InitArgs),
    /// List a manuscript's quotations and where each stands in the sources.
    #[command(after_help = SCAN_EXAMPLES)]
    Scan(ScanArgs),
    /// Locate a quote (or claim evidence) in a source and append it as an entry.
    #[command(after_help = ADD_EXAMPLES)]
    Add(AddArgs),
    /// Move pointers of relocated entries to where their words are and refresh stale pins.
    #[command(after_help = FIX_EXAMPLES)]
    Fix(FixArgs),
    /// Show one entry, its verdict and the source passage around it.
    #[command(after_help = SHOW_EXAMPLES)]
    Show(ShowArgs),
    /// Print a source's text as citecheck matches it (for HTML, Markdown and PDF: the
    /// extracted text, which spans and lines count); with --map, where each part is in the
    /// file.
    #[command(after_help = EXTRACT_EXAMPLES)]
    Extract(ExtractArgs),
    /// Download a web page or PDF into sources/, recording where it came from (URL, final
    /// URL, status, Content-Type, ETag, Last-Modified, retrieval time) in citecheck.toml and
    /// its SHA-256 in citecheck.lock; or, with --refresh, download fetched sources again and
    /// report which changed.
    #[command(after_help = FETCH_EXAMPLES)]
    Fetch(FetchArgs),
    /// Print a shell completion script to standard output.
    #[command(after_help = COMPLETIONS_EXAMPLES)]
    Completions(CompletionsArgs),
    /// Print the manual page (roff) to standard output, or write one page per subcommand
    /// into a folder.
    #[command(after_help = MAN_EXAMPLES)]
    Man(ManArgs),
}

const FETCH_EXAMPLES: &str = "\
Examples:
  citecheck fetch https://example.org/news/story
      saves sources/example.org/news/story.html
  citecheck fetch https://example.org/cable.pdf --as cables/cable.pdf \\
      --version-url https://web.archive.org/web/2020/https://example.org/cable.pdf \\
      --version-date 2020-01-31
  citecheck fetch --refresh              which fetched sources changed? (exit 1 if any)
  citecheck fetch --refresh --update     take the new versions (bytes, provenance, lock)

Exit codes: 0 fetched (refresh: nothing changed, or --update wrote the changes); 1 --refresh
found changes it did not write; 2 bad input or a failed download (nothing written).";

const CHECK_EXAMPLES: &str = "\
Examples:
  # every entry, grouped by verdict (exit 1 if any fails)
  citecheck check
  # format from the extension: .html .json .sarif .xml (junit) .md .txt
  citecheck check -o reports/citecheck.html
  citecheck check --format sarif -o citecheck.sarif --fail-on relocated
  # also fail on sources that differ from citecheck.lock
  citecheck check --locked
  # only what a pull request touched (needs the git history)
  citecheck check --changed-since origin/main --format github
  # settings kept elsewhere
  citecheck check --config ci/citecheck.toml --root docs";

const REPORT_EXAMPLES: &str = "\
Examples:
  # reports/citecheck.json, .html, .md, .sarif and junit.xml
  citecheck report
  citecheck report --locked --fail-on relocated,source_changed";

const IMPORT_W3C_EXAMPLES: &str = "\
Examples:
  citecheck import-w3c annotations.jsonld
  # a Hypothesis export of one page
  citecheck import-w3c export.json --source news/story.html --into claims/story.toml";

const DIFF_EXAMPLES: &str = "\
Examples:
  citecheck check --format json -o new.json
  # exit 1 when a verdict got worse
  citecheck diff old.json new.json
  citecheck diff old.json new.json --format markdown -o diff.md";

const DUPS_EXAMPLES: &str = "\
Examples:
  citecheck dups
  citecheck dups --min-words 12 --similarity 0.9
  citecheck dups --format json -o dups.json";

const MERGE_EXAMPLES: &str = "\
Examples:
  citecheck check --shard 1/2 --format json -o s1.json
  citecheck check --shard 2/2 --format json -o s2.json
  citecheck merge s1.json s2.json --format html -o report.html";

const LOCK_EXAMPLES: &str = "\
Examples:
  # pin every source in sources/ (SHA-256 and size)
  citecheck lock
  # later: fail when a source differs from its pin
  citecheck check --locked";

const INIT_EXAMPLES: &str = "\
Examples:
  # a project in the current folder
  citecheck init
  # a project in the existing folder docs/
  citecheck init --root docs";

const SCAN_EXAMPLES: &str = "\
Examples:
  citecheck scan draft.md
  citecheck scan draft.md --write claims/draft.toml
  # locate each quotation in the page it links to
  citecheck scan draft.md --fetch --write claims/draft.toml";

const ADD_EXAMPLES: &str = "\
Examples:
  citecheck add --source cable.txt \"They are hated among Iranians\"
  # the second of two occurrences
  citecheck add --source cable.txt --occurrence 2 \"a unanimity rare among Iranians\"
  # a claim, with its evidence on line 40
  citecheck add --claim --source cable.txt --lines 40-40 \"U.S. support would hurt the MEK\"";

const FIX_EXAMPLES: &str = "\
Examples:
  # the changes as a unified diff (exit 1 if entries need a person)
  citecheck fix --dry-run
  citecheck fix";

const SHOW_EXAMPLES: &str = "\
Examples:
  citecheck show oppose-support";

const EXTRACT_EXAMPLES: &str = "\
Examples:
  citecheck extract news/story.html
  citecheck extract report.pdf --map";

const COMPLETIONS_EXAMPLES: &str = "\
Examples:
  citecheck completions bash > ~/.local/share/bash-completion/completions/citecheck
  citecheck completions zsh > ~/.zfunc/_citecheck
  citecheck completions fish > ~/.config/fish/completions/citecheck.fish
  citecheck completions powershell >> $PROFILE";

const MAN_EXAMPLES: &str = "\
Examples:
  citecheck man | man -l -
  # citecheck.1, citecheck-check.1, ...
  citecheck man --dir ~/.local/share/man/man1";

#[derive(Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    pub common: Common,
    /// Output format (default: text, or what -o's extension says: .html .json .sarif
    /// .sarif.json .xml for junit, .md .txt).
    #[arg(long, value_enum)]
    pub format: Option<Choice<Format>>,
    /// Write the report to FILE (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also fail on these (comma-separated): relocated, normalized, source_changed.
    /// drifted, missing, ambiguous, contradicted and unsupported always fail.
    #[arg(long, value_enum, value_delimiter = ',', value_name = "LIST")]
    pub fail_on: Vec<Choice<FailOn>>,
    /// Fail when any source differs from citecheck.lock (or is not in it).
    #[arg(long)]
    pub locked: bool,
    /// Check only shard K of N (a deterministic 1/N of the entries, reading only the
    /// sources they cite); combine the shards' JSON reports with `citecheck merge`.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<Shard>,
    /// Skip the search for duplicated passages (sharded runs always skip it: it needs every
    /// source; run `citecheck dups` once instead).
    #[arg(long)]
    pub no_dups: bool,
    /// Report only entries whose claims lines or cited sources changed since this git
    /// revision (the full check still decides the exit code).
    #[arg(long, value_name = "REV", value_parser = revision)]
    pub changed_since: Option<String>,
    /// With --changed-since: exit by the reported entries only.
    #[arg(long, requires = "changed_since")]
    pub changed_only_exit: bool,
    /// Accept no editorial convention (elision, bracket, sic, emphasis, capital, …): a quote
    /// must be the source's words as they stand, whatever `[check] conventions` says.
    #[arg(long)]
    pub strict: bool,
    /// Run the external judge the project's citecheck.toml names (`[claims] judge`); without
    /// this (or CITECHECK_ALLOW_JUDGE=1) a project that names one fails, nothing run.
    #[arg(long)]
    pub allow_judge: bool,
}

#[derive(Args, Debug)]
pub struct ReportArgs {
    #[command(flatten)]
    pub common: Common,
    /// Also fail on these (comma-separated): relocated, normalized, source_changed.
    #[arg(long, value_enum, value_delimiter = ',', value_name = "LIST")]
    pub fail_on: Vec<Choice<FailOn>>,
    /// Fail when any source differs from citecheck.lock (or is not in it).
    #[arg(long)]
    pub locked: bool,
    /// Run the external judge the project's citecheck.toml names (`[claims] judge`); without
    /// this (or CITECHECK_ALLOW_JUDGE=1) a project that names one fails, nothing run.
    #[arg(long)]
    pub allow_judge: bool,
}

#[derive(Args, Debug)]
pub struct ImportW3cArgs {
    #[command(flatten)]
    pub common: Common,
    /// The annotations file.
    pub file: PathBuf,
    /// Claims file to append to, relative to the project root.
    #[arg(long, value_name = "FILE", default_value = "claims/imported.toml")]
    pub into: PathBuf,
    /// Assign every annotation to this source (its path relative to sources/): for an
    /// export of one page whose URL no source records.
    #[arg(long, value_name = "NAME")]
    pub source: Option<String>,
}

#[derive(Args, Debug)]
pub struct DiffArgs {
    /// The earlier report.
    pub old: PathBuf,
    /// The later report.
    pub new: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Choice<DiffFormat>,
    /// Write to FILE (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct DupsArgs {
    #[command(flatten)]
    pub common: Common,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Choice<DupsFormat>,
    /// Shortest passage reported, in words, 1-1000 (default: citecheck.toml `[dups] min_words`,
    /// 8).
    #[arg(long, value_name = "N", value_parser = min_words)]
    pub min_words: Option<usize>,
    /// Lowest word-level similarity of near duplicates, 0-1 (default: `[dups] similarity`,
    /// 0.8).
    #[arg(long, value_name = "X", value_parser = fraction)]
    pub similarity: Option<f64>,
    /// Write the report to FILE (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct MergeArgs {
    /// The shard reports (every shard of one run, any order).
    #[arg(required = true, value_name = "REPORT.json")]
    pub reports: Vec<PathBuf>,
    /// Output format (default: text, or what -o's extension says, as for check).
    #[arg(long, value_enum)]
    pub format: Option<Choice<Format>>,
    /// Write the report to FILE (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

// `lock` takes only the project folder.
#[derive(Args, Debug)]
pub struct ProjectArgs {
    #[command(flatten)]
    pub common: Common,
}

// `init` creates the project, so there is none to discover: --root defaults to the current
// folder (not the discovery the other commands do).
#[derive(Args, Debug)]
pub struct InitArgs {
    /// Folder to create the project in, which must exist (default: the current folder; no
    /// search upward, unlike the other commands).
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Args, Debug)]
pub struct ManArgs {
    /// Write citecheck.1 and one page per subcommand (citecheck-check.1, ...) into DIR
    /// instead of printing the main page.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct ScanArgs {
    #[command(flatten)]
    pub common: Common,
    /// The article (plain text or Markdown).
    pub manuscript: PathBuf,
    /// Append an entry for every located quotation to this claims file (under claims/,
    /// relative to the project root).
    #[arg(long, value_name = "FILE")]
    pub write: Option<PathBuf>,
    /// Follow the manuscript's links: each quotation is located in the page its sentence or
    /// paragraph links to (fetched once into sources/, its provenance recorded as `citecheck
    /// fetch` records it), and nowhere else. Quotations without a link, with several, or
    /// whose page fails are listed, not located.
    #[arg(long)]
    pub fetch: bool,
    /// With --fetch: seconds to wait for each connection and read (default 30).
    #[arg(long, value_name = "SECS", value_parser = seconds, requires = "fetch")]
    pub timeout: Option<std::time::Duration>,
    /// With --fetch: the retrieval time to record instead of the clock's (RFC 3339 UTC), for
    /// reproducible test fixtures.
    #[arg(long, hide = true, value_name = "TIME", value_parser = timestamp, requires = "fetch")]
    pub retrieved_at: Option<std::time::SystemTime>,
}

#[derive(Args, Debug)]
pub struct AddArgs {
    #[command(flatten)]
    pub common: Common,
    /// Source id: path relative to sources/.
    #[arg(long, value_name = "S")]
    pub source: String,
    /// Entry id (default: derived from the words).
    #[arg(long)]
    pub id: Option<String>,
    /// Record a claim (a paraphrase) rather than a verbatim quote.
    #[arg(long)]
    pub claim: bool,
    /// For a claim: the source words that support it.
    #[arg(long, value_name = "TEXT", conflicts_with_all = ["span", "lines"])]
    pub evidence: Option<String>,
    /// Byte span A:B in the source (0-based, end exclusive).
    #[arg(long, value_name = "A:B", value_parser = parse_span, conflicts_with = "lines")]
    pub span: Option<(usize, usize)>,
    /// Lines A-B in the source (1-based, inclusive).
    #[arg(long, value_name = "A-B", value_parser = parse_lines)]
    pub lines: Option<(usize, usize)>,
    /// Choose the Nth (1-based) of several occurrences.
    #[arg(long, value_name = "N")]
    pub occurrence: Option<usize>,
    /// Claims file to append to (default: claims/<source stem>.toml).
    #[arg(long, value_name = "FILE")]
    pub to: Option<PathBuf>,
    /// The quoted words (or, with --claim, the claim).
    pub text: String,
}

#[derive(Args, Debug)]
pub struct FixArgs {
    #[command(flatten)]
    pub common: Common,
    /// Print the changes as a unified diff; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Args, Debug)]
pub struct ShowArgs {
    #[command(flatten)]
    pub common: Common,
    /// The entry's id.
    pub id: String,
}

#[derive(Args, Debug)]
pub struct ExtractArgs {
    #[command(flatten)]
    pub common: Common,
    /// The source: its path relative to sources/ (as claims name it).
    pub source: String,
    /// Print the map instead of the text: for each stretch of text, its byte range in the
    /// text and where it is in the file (byte range, line:column; page for PDF).
    #[arg(long)]
    pub map: bool,
}

#[derive(Args, Debug)]
pub struct FetchArgs {
    #[command(flatten)]
    pub common: Common,
    /// The URL to download (http or https); with --refresh, the names of fetched sources
    /// (default: all of them).
    #[arg(value_name = "URL | NAME")]
    pub targets: Vec<String>,
    /// Save as sources/NAME (default: host and path of the URL, with an extension from the
    /// Content-Type: .html, .pdf, .md, .txt).
    #[arg(long = "as", value_name = "NAME", conflicts_with = "refresh")]
    pub name: Option<String>,
    /// Download the fetched sources again and report which changed; writes nothing unless
    /// --update.
    #[arg(long)]
    pub refresh: bool,
    /// With --refresh: write the changed sources, their provenance and their pins.
    #[arg(long, requires = "refresh")]
    pub update: bool,
    /// An archived snapshot of the page as cited (a web archive's memento URL).
    #[arg(long, value_name = "URL", conflicts_with = "refresh")]
    pub version_url: Option<String>,
    /// The date of that snapshot (2026-01-31, or 2026-01-31T12:00:00Z).
    #[arg(long, value_name = "DATE", conflicts_with = "refresh")]
    pub version_date: Option<String>,
    /// Seconds to wait for the connection, and for the server at each read (default 30;
    /// fractions allowed).
    #[arg(long, value_name = "SECS", value_parser = seconds)]
    pub timeout: Option<std::time::Duration>,
    /// Seconds the whole download may take, redirects included (default 300; fractions
    /// allowed): a server sending a byte now and then cannot hold the run.
    #[arg(long, value_name = "SECS", value_parser = seconds)]
    pub max_time: Option<std::time::Duration>,
    /// Largest document downloaded, in bytes (default 67108864, 64 MiB; never more than
    /// `[check] max_source_bytes`).
    #[arg(long, value_name = "BYTES", value_parser = clap::value_parser!(u64).range(1..))]
    pub max_bytes: Option<u64>,
    /// The retrieval time to record instead of the clock's (RFC 3339 UTC), for reproducible
    /// test fixtures.
    #[arg(long, hide = true, value_name = "TIME", value_parser = timestamp)]
    pub retrieved_at: Option<std::time::SystemTime>,
}

/// A positive number of seconds, fractions allowed.
fn seconds(s: &str) -> Result<std::time::Duration, String> {
    let x: f64 = s.parse().map_err(|e| format!("{e}"))?;
    if x.is_finite() && x > 0.0 && x <= 86_400.0 {
        Ok(std::time::Duration::from_secs_f64(x))
    } else {
        Err(format!(
            "{s} is not a number of seconds between 0 and 86400"
        ))
    }
}

/// An RFC 3339 UTC timestamp.
fn timestamp(s: &str) -> Result<std::time::SystemTime, String> {
    citecheck::fetch::parse_rfc3339(s)
        .ok_or_else(|| format!("`{s}` is not an RFC 3339 UTC time (2026-01-31T12:00:00Z)"))
}

fn parse_pair(s: &str, sep: char) -> Result<(usize, usize), String> {
    let (a, b) = s
        .split_once(sep)
        .ok_or_else(|| format!("expected two numbers separated by `{sep}`"))?;
    let n = |x: &str| x.trim().parse::<usize>().map_err(|e| format!("`{x}`: {e}"));
    Ok((n(a)?, n(b)?))
}

fn parse_span(s: &str) -> Result<(usize, usize), String> {
    let (a, b) = parse_pair(s, ':')?;
    if b <= a {
        return Err("the end must come after the start".into());
    }
    Ok((a, b))
}

fn parse_lines(s: &str) -> Result<(usize, usize), String> {
    let (a, b) = parse_pair(s, '-')?;
    if a == 0 || b < a {
        return Err("lines are 1-based and the last must not come before the first".into());
    }
    Ok((a, b))
}

/// A number in [0, 1].
/// A `--changed-since` revision: never one git would read as an option.
fn revision(s: &str) -> Result<String, String> {
    match citecheck::check::changes::bad_revision(s) {
        Some(why) => Err(why),
        None => Ok(s.to_string()),
    }
}

/// A `dups --min-words` count, in the range citecheck.toml accepts.
fn min_words(s: &str) -> Result<usize, String> {
    let range = citecheck::config::DupsConfig::MIN_WORDS_RANGE;
    let n: usize = s
        .parse()
        .map_err(|e| format!("{e} (give a whole number of words)"))?;
    if range.contains(&n) {
        Ok(n)
    } else {
        Err(format!(
            "{n} is outside {} to {} words",
            range.start(),
            range.end()
        ))
    }
}

fn fraction(s: &str) -> Result<f64, String> {
    let x: f64 = s.parse().map_err(|e| format!("{e}"))?;
    if (0.0..=1.0).contains(&x) {
        Ok(x)
    } else {
        Err(format!("{x} is outside [0, 1]"))
    }
}
