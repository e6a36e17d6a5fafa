//! One module per subcommand: each runs its command with the library and renders the result;
//! here, what several share (opening the project, reading a JSON report) and the dispatch.

pub mod add;
pub mod check;
pub mod completions;
pub mod diff;
pub mod dups;
pub mod extract;
pub mod fetch;
pub mod fix;
pub mod import_w3c;
pub mod init;
pub mod lock;
pub mod man;
pub mod merge;
pub mod report;
pub mod scan;
pub mod show;

use std::path::{Path, PathBuf};

use citecheck::{Error, Project, Report};

use crate::args::{Command, Common};

/// An error, with the project root it happened in when there is one: diagnostics read the
/// lines they show from the project's files.
#[derive(Debug)]
pub struct Failure {
    /// The project folder, when known.
    pub root: Option<PathBuf>,
    /// What went wrong.
    pub error: Error,
}

impl Failure {
    /// `error`, which happened in the project at `root`.
    pub fn at(root: &Path, error: Error) -> Failure {
        Failure {
            root: Some(root.to_path_buf()),
            error,
        }
    }
}

impl From<Error> for Failure {
    /// An error outside any project.
    fn from(error: Error) -> Failure {
        Failure { root: None, error }
    }
}

/// Run `command`; the exit code (0 nothing fails, 1 something does), or the failure.
pub fn run(command: Command) -> Result<u8, Failure> {
    match command {
        Command::Check(args) => check::run(args),
        Command::Report(args) => report::run(args),
        Command::ImportW3c(args) => import_w3c::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Dups(args) => dups::run(args),
        Command::Merge(args) => merge::run(args),
        Command::Lock(args) => lock::run(args),
        Command::Init(args) => init::run(args),
        Command::Extract(args) => extract::run(args),
        Command::Scan(args) => scan::run(args),
        Command::Add(args) => add::run(args),
        Command::Fix(args) => fix::run(args),
        Command::Show(args) => show::run(args),
        Command::Fetch(args) => fetch::run(args),
        Command::Completions(args) => completions::run(args),
        Command::Man(args) => man::run(args),
    }
}

/// The project `--root` names, or the one found upward from the current folder.
pub fn open(common: &Common) -> Result<Project, Failure> {
    let mut project = open_at(common)?;
    project.use_cache = !common.no_cache;
    Ok(project)
}

fn open_at(common: &Common) -> Result<Project, Failure> {
    let settings = common.config.as_deref();
    match &common.root {
        Some(r) => citecheck::check::open_with_settings(r, settings).map_err(|e| Failure::at(r, e)),
        None => {
            let cwd = std::env::current_dir().map_err(|e| Error::io(".", e))?;
            // On bad input, keep the root so diagnostics can show their source lines.
            let root = citecheck::config::find_root(&cwd);
            let project = match &root {
                Some(r) => citecheck::check::open_with_settings(r, settings),
                None => Err(Error::NoProject(cwd)),
            };
            project.map_err(|error| Failure { root, error })
        }
    }
}

/// Refuse `--config` for `command`, which writes settings or pins into the project's own
/// citecheck.toml or citecheck.lock: reading one file and writing another would split them.
pub fn refuse_config(common: &Common, command: &str) -> Result<(), Failure> {
    match &common.config {
        Some(path) => Err(Error::Usage(format!(
            "`{command}` writes the project's own citecheck.toml and citecheck.lock, so it \
             does not take --config {} (drop --config, or run it where that file is the \
             project's citecheck.toml)",
            path.display()
        ))
        .into()),
        None => Ok(()),
    }
}

/// Open the project and run `f` on it; a failure carries the root for rendering diagnostics.
pub fn in_project<T>(
    common: &Common,
    f: impl FnOnce(&Project) -> Result<T, Error>,
) -> Result<T, Failure> {
    let project = open(common)?;
    f(&project).map_err(|e| Failure::at(&project.root, e))
}

/// Read a JSON report written by `check --format json`. A file that is none is an
/// [`Error::Report`] naming it `shown`, with the message `explain` makes of serde's error
/// (`merge` and `diff` word it differently, as they always have).
pub fn read_report(
    path: &Path,
    shown: String,
    explain: impl FnOnce(serde_json::Error) -> String,
) -> Result<Report, Error> {
    let text = citecheck::fs::read_input(path, &shown)?;
    serde_json::from_str(&text).map_err(|e| Error::Report {
        path: shown,
        message: explain(e),
    })
}
