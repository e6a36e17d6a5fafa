//! `citecheck init`: a new project in the current folder or `--root`.

use citecheck::Error;

use super::Failure;
use crate::args::InitArgs;
use crate::output::print;

/// Run `init`. There is no project yet, so no failure carries a root.
pub fn run(args: InitArgs) -> Result<u8, Failure> {
    let dir = match args.root {
        Some(r) => r,
        None => std::env::current_dir().map_err(|e| Error::io(".", e))?,
    };
    let created = citecheck::workflow::init::init(&dir)?;
    for p in &created {
        print(&format!("created {p}\n"));
    }
    print("next: put documents in sources/, then `citecheck scan ARTICLE --write claims/FILE.toml` or `citecheck add`\n");
    Ok(0)
}
