//! Hostile trees (issue 13): the project is untrusted — CI runs citecheck on strangers' pull
//! requests — so every case below builds a tree an attacker could commit (symlinks out of the
//! root, loops, FIFOs, devices, undecodable or oversized files, link targets for writes) and
//! runs one command on it. Each case states the exit code, a fragment of what is said, what
//! must never be said (the private file's contents), and what must stay untouched: for every
//! case, the files outside the root and the sources are hashed (content and mode) before and
//! after; for read-only commands, the whole project too. Every run has a deadline: a command
//! that hangs (a FIFO opened for reading) fails the case instead of the suite.

mod common;
#[path = "hostile/harness.rs"]
mod harness;
#[path = "hostile/writes.rs"]
mod writes;

use std::os::unix::fs::FileTypeExt;

use harness::*;

/// Cases that read (or must refuse to read).
fn cases() -> Vec<Case> {
    let mut cases = vec![
        // ---------------------------------------------------------- 1. confinement, reading
        Case {
            name: "sources/ is a symlink to a folder outside the root",
            setup: |t| t.link("proj/sources", t.p("outside/docs")),
            args: &["check"],
            code: 2,
            says: "the folder `sources/`: leads outside the project",
            project_untouched: true,
            after: |_, o| assert!(!o.stderr.contains("unknown source"), "{}", o.stderr),
        },
        Case {
            name: "lock does not pin sources reached through a symlinked sources/",
            setup: |t| t.link("proj/sources", t.p("outside/docs")),
            args: &["lock"],
            code: 2,
            says: "leads outside the project",
            project_untouched: true,
            after: |t, _| assert!(!t.p("proj/citecheck.lock").exists()),
        },
        Case {
            name: "a source symlinked to a private file outside",
            setup: |t| t.link("proj/sources/key.txt", t.p("outside/secret.txt")),
            args: &["check", "--format", "json"],
            code: 2,
            says: "--> sources/key.txt|symlink leads outside sources/",
            project_untouched: true,
            after: no_check,
        },
        Case {
            name: "a folder under sources/ symlinked outside",
            setup: |t| t.link("proj/sources/sub", t.p("outside/docs")),
            args: &["check"],
            code: 2,
            says: "--> sources/sub|symlink leads outside sources/",
            project_untouched: true,
            after: no_check,
        },
        Case {
            name: "a source linked (by ..) to another project file outside sources/",
            setup: |t| t.link("proj/sources/conf.txt", "../claims/a.toml"),
            args: &["check"],
            code: 2,
            says: "symlink leads outside sources/",
            project_untouched: true,
            after: no_check,
        },
        Case {
            name: "a symlink to /dev/zero under sources/ is refused, never read",
            setup: |t| t.link("proj/sources/zero.txt", "/dev/zero"),
            args: &["check"],
            code: 2,
            says: "--> sources/zero.txt|symlink leads outside sources/",
            project_untouched: true,
            after: no_check,
        },
        Case {
            name: "a dangling symlink under sources/",
            setup: |t| t.link("proj/sources/gone.txt", t.p("outside/nothing-here.txt")),
            args: &["check"],
            code: 2,
            says: "symlink leads nowhere",
            project_untouched: true,
            after: no_check,
        },
        Case {
            name: "a symlink loop is called a loop",
            setup: |t| {
                t.link("proj/sources/x.txt", "y.txt");
                t.link("proj/sources/y.txt", "x.txt");
            },
            args: &["check"],
            code: 2,
            says: "--> sources/x.txt|symlink loop",
            project_untouched: true,
            after: |_, o| assert!(!o.stderr.contains("outside"), "{}", o.stderr),
        },
        Case {
            name: "a folder linked to its parent is a loop, reported once, not 40 levels deep",
            setup: |t| t.link("proj/sources/sub/up", ".."),
            args: &["check"],
            code: 2,
            says: "--> sources/sub/up|symlink loop",
            project_untouched: true,
            after: |_, o| assert!(!o.stderr.contains("up/up"), "{}", o.stderr),
        },
        Case {
            name: "a symlink to another source inside sources/ is accepted",
            setup: |t| t.link("proj/sources/alias.txt", "a.txt"),
            args: &["check"],
            code: 0,
            says: "1 verified",
            project_untouched: true,
            after: no_check,
        },
        Case {
            name: "claims/ symlinked outside: check reads nothing there",
            setup: |t| t.link("proj/claims", t.p("outside/claims")),
            args: &["check"],
            code: 2,
            says: "the folder `claims/`: leads outside the project",
            project_untouched: true,
            after: no_check,
        },
        Case {
            name: "claims/ symlinked outside: fix rewrites nothing outside",
            setup: |t| t.link("proj/claims", t.p("outside/claims")),
            args: &["fix"],
            code: 2,
            says: "leads outside the project",
            project_untouched: true,
            after: no_check,
        },
        Case {
            name: "claims/ symlinked outside: add appends nothing outside",
            setup: |t| t.link("proj/claims", t.p("outside/claims")),
            args: &["add", "--source", "a.txt", "met on Tuesday"],
            code: 2,
            says: "leads outside the project",
            project_untouched: true,
            after: no_check,
        },
        Case {
            name: "a claims file symlinked outside",
            setup: |t| t.link("proj/claims/x.toml", t.p("outside/x.toml")),
            args: &["check"],
            code: 2,
            says: "--> claims/x.toml|symlink leads outside claims/",
            project_untouched: true,
            after: no_check,
        },
        Case {
            name: "citecheck.toml symlinked to a private file: refused, not shown",
            setup: |t| t.link("proj/citecheck.toml", t.p("outside/secret.txt")),
            args: &["check"],
            code: 2,
            says: "--> citecheck.toml|leads outside the project",
            project_untouched: true,
            after: no_check,
        },
        Case {
            name: "citecheck.lock symlinked to a private file: its first line is never shown",
            setup: |t| t.link("proj/citecheck.lock", t.p("outside/secret.txt")),
            args: &["check"],
            code: 2,
            says: "--> citecheck.lock|leads outside the project",
            project_untouched: true,
            after: no_check,
        },
        Case {
            name: "citecheck.lock linked to a source: lock refuses to overwrite the source",
            setup: |t| t.link("proj/citecheck.lock", "sources/a.txt"),
            args: &["lock"],
            code: 2,
            says: "citecheck never writes a source (help: make it a regular file, not a link)",
            project_untouched: true,
            after: no_check,
        },
        Case {
            name: "citecheck.lock linked to a claims file: lock overwrites nothing",
            setup: |t| t.link("proj/citecheck.lock", "claims/a.toml"),
            args: &["lock"],
            code: 2,
            says: "writing the lock would overwrite it",
            project_untouched: true,
            after: no_check,
        },
        // -------------------------------------------------------- 6. non-regular files
        Case {
            name: "a FIFO under sources/ is refused without hanging",
            setup: |t| t.fifo("proj/sources/pipe.txt"),
            args: &["check"],
            code: 2,
            says: "--> sources/pipe.txt|not a regular file (a FIFO)",
            project_untouched: true,
            after: no_check,
        },
        Case {
            name: "a character device under sources/ is refused, never read",
            setup: |t| {
                if !t.device("proj/sources/zero.txt", 5) {
                    t.fifo("proj/sources/zero.txt");
                }
            },
            args: &["check"],
            code: 2,
            says: "--> sources/zero.txt|not a regular file",
            project_untouched: true,
            after: no_check,
        },
        Case {
            name: "sources/ that is a FIFO, not a folder",
            setup: |t| {
                std::fs::remove_dir_all(t.p("proj/sources")).unwrap();
                t.fifo("proj/sources");
            },
            args: &["check"],
            code: 2,
            says: "`sources` is not a folder",
            project_untouched: true,
            after: no_check,
        },
        Case {
            name: "a FIFO as a claims file is refused without hanging",
            setup: |t| t.fifo("proj/claims/pipe.toml"),
            args: &["check"],
            code: 2,
            says: "--> claims/pipe.toml|not a regular file (a FIFO)",
            project_untouched: true,
            after: no_check,
        },
        Case {
            name: "a FIFO under claims/ that is no claims file is ignored",
            setup: |t| t.fifo("proj/claims/notes"),
            args: &["check"],
            code: 0,
            says: "1 verified",
            project_untouched: true,
            after: no_check,
        },
        Case {
            name: "citecheck.toml as a FIFO is refused without hanging",
            setup: |t| t.fifo("proj/citecheck.toml"),
            args: &["check"],
            code: 2,
            says: "--> citecheck.toml|not a regular file (a FIFO)",
            project_untouched: true,
            after: no_check,
        },
        Case {
            name: "citecheck.lock as a FIFO is refused without hanging",
            setup: |t| t.fifo("proj/citecheck.lock"),
            args: &["check"],
            code: 2,
            says: "--> citecheck.lock|not a regular file (a FIFO)",
            project_untouched: true,
            after: no_check,
        },
        Case {
            name: "lock will not write into a FIFO",
            setup: |t| t.fifo("proj/citecheck.lock"),
            args: &["lock"],
            code: 2,
            says: "not a regular file (a FIFO)",
            project_untouched: true,
            after: no_check,
        },
        Case {
            name: "a source over the configured size limit",
            setup: |t| {
                t.write("proj/citecheck.toml", "[check]\nmax_source_bytes = 100\n");
                t.write("proj/sources/big.txt", &"word ".repeat(40));
            },
            args: &["check"],
            code: 2,
            says: "--> sources/big.txt|larger than the limit of 100 bytes",
            project_untouched: true,
            after: |_, o| assert!(o.stderr.contains("max_source_bytes"), "{}", o.stderr),
        },
        Case {
            name: "a size limit of 0",
            setup: |t| t.write("proj/citecheck.toml", "[check]\nmax_source_bytes = 0\n"),
            args: &["check"],
            code: 2,
            says: "`check.max_source_bytes` is 0",
            project_untouched: true,
            after: no_check,
        },
        Case {
            name: "a size limit past what 32-bit offsets hold",
            setup: |t| {
                t.write(
                    "proj/citecheck.toml",
                    "[check]\nmax_source_bytes = 4294967296\n",
                )
            },
            args: &["check"],
            code: 2,
            says: "`check.max_source_bytes` is 4294967296, over the 4 GiB a source may hold",
            project_untouched: true,
            after: no_check,
        },
        // -------------------------------------------------------------- 12. encodings
        Case {
            name: "a UTF-16LE source with a byte-order mark is decoded and checked",
            setup: |t| t.bytes("proj/sources/a.txt", &utf16(SOURCE, true)),
            args: &["check"],
            code: 0,
            says: "1 verified",
            project_untouched: true,
            after: no_check,
        },
        Case {
            name: "a UTF-16BE source with a byte-order mark is decoded and checked",
            setup: |t| t.bytes("proj/sources/a.txt", &utf16(SOURCE, false)),
            args: &["check"],
            code: 0,
            says: "1 verified",
            project_untouched: true,
            after: no_check,
        },
        Case {
            name: "UTF-16 without a byte-order mark: the offset and how to convert",
            setup: |t| {
                let mut b = utf16(SOURCE, true);
                b.drain(..2);
                t.bytes("proj/sources/a.txt", &b);
            },
            args: &["check"],
            code: 2,
            says: "NUL byte (at offset 1)",
            project_untouched: true,
            after: |_, o| assert!(o.stderr.contains("iconv -f latin1"), "{}", o.stderr),
        },
        Case {
            name: "UTF-16 with an unpaired surrogate: the offset",
            setup: |t| {
                let mut b = utf16("ab", true);
                b.extend([0x00, 0xDC, b'c', 0]);
                t.bytes("proj/sources/a.txt", &b);
            },
            args: &["check"],
            code: 2,
            says: "unpaired surrogate at offset 6",
            project_untouched: true,
            after: no_check,
        },
        Case {
            name: "an undecodable source gives no false `unknown source` for its claims",
            setup: |t| {
                t.bytes(
                    "proj/sources/a.txt",
                    b"The caf\xe9 decided to postpone the vote\n",
                )
            },
            args: &["check"],
            code: 2,
            says: "not valid UTF-8 (byte 0xe9 at offset 7)",
            project_untouched: true,
            after: |_, o| assert!(!o.stderr.contains("unknown source"), "{}", o.stderr),
        },
        Case {
            name: "a refused source gives no false `unknown source` for its claims",
            setup: |t| {
                std::fs::remove_file(t.p("proj/sources/a.txt")).unwrap();
                t.fifo("proj/sources/a.txt");
            },
            args: &["check"],
            code: 2,
            says: "not a regular file",
            project_untouched: true,
            after: |_, o| assert!(!o.stderr.contains("unknown source"), "{}", o.stderr),
        },
        Case {
            name: "a claims file in UTF-16: the offset and how to convert",
            setup: |t| t.bytes("proj/claims/a.toml", &utf16(CLAIMS, true)),
            args: &["check"],
            code: 2,
            says: "claims file is not valid UTF-8 (byte 0xff at offset 0)",
            project_untouched: true,
            after: |_, o| assert!(o.stderr.contains("iconv"), "{}", o.stderr),
        },
        // --------------------------------------------------------------- 12. messages
        Case {
            name: "`./a.txt` is inside sources/, only not written as an id",
            setup: |t| {
                t.write(
                    "proj/claims/a.toml",
                    &CLAIMS.replace("\"a.txt\"", "\"./a.txt\""),
                )
            },
            args: &["check"],
            code: 2,
            says: "source path `./a.txt` is not written as an id",
            project_untouched: true,
            after: |_, o| {
                assert!(o.stderr.contains("write `a.txt`"), "{}", o.stderr);
                assert!(!o.stderr.contains("leaves sources/"), "{}", o.stderr);
            },
        },
        Case {
            name: "`span = [10, 10]` is an empty span",
            setup: |t| t.write("proj/claims/a.toml", &format!("{CLAIMS}span = [10, 10]\n")),
            args: &["check"],
            code: 2,
            says: "`span` is [10, 10]: an empty span",
            project_untouched: true,
            after: |_, o| assert!(!o.stderr.contains("before the start"), "{}", o.stderr),
        },
        Case {
            name: "a bad lock's help names a README section that exists",
            setup: |t| t.write("proj/citecheck.lock", "version = 1 [\n"),
            args: &["check"],
            code: 2,
            says: "see the README's `citecheck lock` section",
            project_untouched: true,
            after: |_, _| {
                let readme = std::fs::read_to_string(common::repo().join("README.md")).unwrap();
                assert!(readme.lines().any(|l| l == "### citecheck lock"));
            },
        },
        Case {
            name: "`citecheck lock` rewrites a lock that does not parse, as its help says",
            setup: |t| t.write("proj/citecheck.lock", "version = 1 [\n"),
            args: &["lock"],
            code: 0,
            says: "wrote citecheck.lock",
            project_untouched: false,
            after: |t, _| assert!(t.read("proj/citecheck.lock").contains("path = \"a.txt\"")),
        },
        // ------------------------------------------- 13. files named on the command line
        Case {
            name: "scan of a FIFO manuscript is refused without hanging",
            setup: |t| t.fifo("proj/article.md"),
            args: &["scan", "article.md"],
            code: 2,
            says: "`article.md`: not a regular file (a FIFO)",
            project_untouched: true,
            after: no_check,
        },
        Case {
            name: "import-w3c of a FIFO is refused without hanging",
            setup: |t| t.fifo("proj/article.md"),
            args: &["import-w3c", "article.md"],
            code: 2,
            says: "`article.md`: not a regular file (a FIFO)",
            project_untouched: true,
            after: no_check,
        },
        Case {
            name: "diff of a FIFO is refused without hanging",
            setup: |t| t.fifo("proj/old.json"),
            args: &["diff", "old.json", "old.json"],
            code: 2,
            says: "`old.json`: not a regular file (a FIFO)",
            project_untouched: true,
            after: no_check,
        },
        Case {
            name: "merge of a link to /dev/zero is refused, never read",
            setup: |t| t.link("proj/report.json", "/dev/zero"),
            args: &["merge", "report.json"],
            code: 2,
            says: "`report.json`: not a regular file (a character device)",
            project_untouched: true,
            after: no_check,
        },
        Case {
            name: "diff of a link to /dev/zero is refused, never read",
            setup: |t| t.link("proj/report.json", "/dev/zero"),
            args: &["diff", "report.json", "report.json"],
            code: 2,
            says: "`report.json`: not a regular file (a character device)",
            project_untouched: true,
            after: no_check,
        },
        Case {
            name: "scan of a link to /dev/zero is refused, never read",
            setup: |t| t.link("proj/article.md", "/dev/zero"),
            args: &["scan", "article.md"],
            code: 2,
            says: "`article.md`: not a regular file (a character device)",
            project_untouched: true,
            after: no_check,
        },
    ];
    cases.extend(writes::cases());
    cases
}

#[test]
fn hostile_trees_are_refused_or_handled_and_nothing_outside_is_touched() {
    let cases = cases();
    assert!(cases.len() >= 50, "{} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let t = Tree::new();
        (case.setup)(&t);
        let outside = snapshot(&t.p("outside"));
        let sources = snapshot(&t.p("proj/sources"));
        let project = without_cache(snapshot(&t.root()));
        let o = run(&t, case.args);
        let said = format!("{}{}", o.stdout, o.stderr);
        let mut problems = Vec::new();
        if o.code != case.code {
            problems.push(format!("exit {} (expected {})", o.code, case.code));
        }
        if !case.says.split('|').all(|part| said.contains(part)) {
            problems.push(format!("does not say {:?}", case.says));
        }
        if said.contains(SECRET) {
            problems.push("printed the private file".into());
        }
        if said.contains("panicked") {
            problems.push("panicked".into());
        }
        if snapshot(&t.p("outside")) != outside {
            problems.push("changed a file outside the root".into());
        }
        if snapshot(&t.p("proj/sources")) != sources {
            problems.push("changed a source".into());
        }
        if case.project_untouched && without_cache(snapshot(&t.root())) != project {
            problems.push("changed the project".into());
        }
        if problems.is_empty() {
            if let Err(e) =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| (case.after)(&t, &o)))
            {
                let msg = e
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                problems.push(format!("after: {msg}"));
            }
        }
        if !problems.is_empty() {
            failures.push(format!(
                "{}: {}\n  stdout: {}\n  stderr: {}",
                case.name,
                problems.join("; "),
                o.stdout.trim_end(),
                o.stderr.trim_end()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// `-o` a FIFO: written in place (a reader receives the report), never replaced by a file.
#[test]
fn output_to_a_fifo_is_written_in_place() {
    let t = Tree::new();
    t.fifo("out.fifo");
    let path = t.p("out.fifo");
    let reader = std::thread::spawn(move || std::fs::read_to_string(path).unwrap_or_default());
    let o = run(&t, &["check", "--format", "json", "-o", "{tmp}/out.fifo"]);
    // Should the run not have written (a regression), release the reader: open the FIFO for
    // writing without blocking (which fails harmlessly when the reader is gone) and close it.
    {
        use std::os::unix::fs::OpenOptionsExt;
        let _ = std::fs::OpenOptions::new()
            .write(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(t.p("out.fifo"));
    }
    assert_eq!(o.code, 0, "{}", o.stderr);
    let got = reader.join().unwrap();
    assert!(got.contains("\"postpone\""), "{got}");
    let ft = t.p("out.fifo").symlink_metadata().unwrap().file_type();
    assert!(ft.is_fifo(), "still a FIFO");
}
