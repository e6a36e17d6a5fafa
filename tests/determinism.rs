//! The same inputs give byte-identical reports (lib.rs states it as an invariant): the example
//! project copied twice, into different folders and with every folder's entries created in
//! opposite orders, is checked by separate processes with different thread counts, in every
//! format. A missing sort (of `read_dir` entries, of parallel results) shows here: on tmpfs a
//! folder lists its entries in creation order, and rayon splits the work differently.

mod common;

use std::path::Path;

use common::{command, copy_tree_ordered, finish, repo, Run, EXAMPLE};

/// Where the copies go: tmpfs when there is one (its listing order follows creation order, so
/// the two copies list differently), else the usual temporary folder.
fn scratch() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        if let Ok(dir) = tempfile::tempdir_in(shm) {
            return dir;
        }
    }
    tempfile::tempdir().expect("temp dir")
}

/// The example project copied into `to`, every folder's entries created in name order or in
/// reverse.
fn copy_example(to: &Path, reverse: bool) {
    let mut names = EXAMPLE.to_vec();
    if reverse {
        names.reverse();
    }
    std::fs::create_dir_all(to).expect("mkdir");
    for name in names {
        let from = repo().join(name);
        if from.is_dir() {
            copy_tree_ordered(&from, &to.join(name), reverse);
        } else {
            std::fs::copy(&from, to.join(name)).expect("copy");
        }
    }
}

/// File names of `dir` in the order the file system lists them.
fn listing(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("read_dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect()
}

fn run_with_threads(root: &Path, args: &[&str], threads: &str) -> Run {
    finish(command(root, args).env("RAYON_NUM_THREADS", threads))
}

#[test]
fn every_format_is_byte_identical_across_processes_threads_and_listing_orders() {
    let scratch = scratch();
    let (a, b) = (scratch.path().join("a"), scratch.path().join("copy-b"));
    copy_example(&a, false);
    copy_example(&b, true);
    let on_tmpfs = scratch.path().starts_with("/dev/shm");
    for sub in ["sources", "claims"] {
        let (la, lb) = (listing(&a.join(sub)), listing(&b.join(sub)));
        let (mut sa, mut sb) = (la.clone(), lb.clone());
        sa.sort();
        sb.sort();
        assert_eq!(sa, sb, "{sub}: the copies hold the same files");
        if on_tmpfs {
            // The premise of the test: the two copies list their entries differently.
            assert_ne!(la, lb, "{sub}: tmpfs listed both copies in one order");
        } else {
            eprintln!("no /dev/shm: both copies may list {sub}/ in one order");
        }
    }

    let mut runs: Vec<Vec<&str>> = [
        "text", "json", "markdown", "sarif", "junit", "github", "html", "w3c",
    ]
    .iter()
    .map(|f| vec!["check", "--format", f])
    .collect();
    runs.push(vec!["dups", "--format", "text"]);
    runs.push(vec!["dups", "--format", "json"]);
    for args in &runs {
        let one = run_with_threads(&a, args, "1");
        let many = run_with_threads(&b, args, "4");
        // The example holds deliberate failures; dups only lists.
        let code = if args[0] == "check" { 1 } else { 0 };
        assert_eq!(one.code, code, "{args:?}: {}", one.stderr);
        assert!(!one.stdout.is_empty(), "{args:?}");
        assert!(
            one == many,
            "{args:?}: the reports differ between the two copies\n--- 1 thread, name order\n{}\n--- 4 threads, reverse order\n{}",
            one.stdout,
            many.stdout
        );
    }
}
