//! `citecheck man`: manual pages in roff, generated from the clap definition (clap_mangen).

use std::path::Path;

use citecheck::Error;
use clap::CommandFactory;

use super::Failure;
use crate::args::{Cli, ManArgs};

/// Run `man`: the main page on standard output, or with `--dir` every page written there.
pub fn run(args: ManArgs) -> Result<u8, Failure> {
    let mut command = Cli::command();
    // Built, so each subcommand carries the global flags it accepts.
    command.build();
    match &args.dir {
        None => {
            crate::output::print(&String::from_utf8_lossy(&page(&command)?));
        }
        Some(dir) => {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
            let mut written = vec![write_page(dir, "citecheck", &command)?];
            for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
                let name = format!("citecheck-{}", sub.get_name());
                // The page names the command as a user types it.
                let sub = sub.clone().name(name.clone());
                written.push(write_page(dir, &name, &sub)?);
            }
            for file in written {
                crate::output::note(&format!("wrote {file}"));
            }
        }
    }
    Ok(0)
}

/// One page in roff.
fn page(command: &clap::Command) -> Result<Vec<u8>, Error> {
    let mut out = Vec::new();
    clap_mangen::Man::new(command.clone())
        .render(&mut out)
        .map_err(|e| Error::io("man page", e))?;
    Ok(out)
}

/// Write `NAME.1` into `dir` (atomically); its path as shown.
fn write_page(dir: &Path, name: &str, command: &clap::Command) -> Result<String, Error> {
    let path = dir.join(format!("{name}.1"));
    citecheck::fs::write_atomic(&path, &page(command)?)?;
    Ok(path.display().to_string())
}
