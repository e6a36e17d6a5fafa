//! The cases of tests/hostile.rs about what citecheck writes: reports/, the claims targets of
//! `--into`, `--to` and `--write`, `-o`, the modes of written files, line endings.

use std::os::unix::fs::FileTypeExt;

use super::harness::*;

/// Cases that write (or must refuse to write).
pub fn cases() -> Vec<Case> {
    vec![
        // ------------------------------------------------------ 1. confinement, reports/
        Case {
            name: "reports/ symlinked outside: report writes nothing",
            setup: |t| t.link("proj/reports", t.p("outside/docs")),
            args: &["report"],
            code: 2,
            says: "leads outside the project",
            project_untouched: true,
            after: no_check,
        },
        Case {
            name: "reports/ linked to sources/ inside the root: report writes no source",
            setup: |t| t.link("proj/reports", "sources"),
            args: &["report"],
            code: 2,
            says: "citecheck never writes a source",
            project_untouched: true,
            after: no_check,
        },
        Case {
            name: "claims/ linked to sources/: add writes no source",
            setup: |t| {
                std::fs::remove_dir_all(t.p("proj/claims")).unwrap();
                t.link("proj/claims", "sources");
                t.write("proj/sources/a.toml", CLAIMS);
                // Declared a text source, so the tree loads and the write is what is refused.
                t.write(
                    "proj/citecheck.toml",
                    "[sources.\"a.toml\"]\nformat = \"text\"\n",
                );
            },
            args: &["add", "--source", "a.txt", "met on Tuesday"],
            code: 2,
            says: "citecheck never writes a source",
            project_untouched: true,
            after: no_check,
        },
        Case {
            name: "a report file symlinked outside: report writes nothing",
            setup: |t| {
                std::fs::create_dir_all(t.p("proj/reports")).unwrap();
                t.link("proj/reports/citecheck.md", t.p("outside/secret.txt"));
            },
            args: &["report"],
            code: 2,
            says: "leads outside reports/",
            project_untouched: true,
            after: |t, _| assert!(!t.p("proj/reports/citecheck.json").exists()),
        },
        Case {
            name: "a FIFO as a report file: report refuses instead of blocking",
            setup: |t| {
                std::fs::create_dir_all(t.p("proj/reports")).unwrap();
                t.fifo("proj/reports/citecheck.json");
            },
            args: &["report"],
            code: 2,
            says: "not a regular file (a FIFO)",
            project_untouched: true,
            after: no_check,
        },
        // ---------------------------------------------------------------- 2. --into & co
        Case {
            name: "import-w3c --into an absolute path outside",
            setup: write_annotations,
            args: &[
                "import-w3c",
                "{tmp}/ann.json",
                "--into",
                "{tmp}/outside/x.toml",
            ],
            code: 2,
            says: "leads outside claims/",
            project_untouched: true,
            after: no_check,
        },
        Case {
            name: "import-w3c --into ../x.toml",
            setup: write_annotations,
            args: &["import-w3c", "{tmp}/ann.json", "--into", "../x.toml"],
            code: 2,
            says: "leads outside claims/",
            project_untouched: true,
            after: |t, _| assert!(!t.p("x.toml").exists()),
        },
        Case {
            name: "import-w3c --into sources/meta.txt never writes a source",
            setup: |t| {
                write_annotations(t);
                t.write("proj/sources/meta.txt", "meta\n");
            },
            args: &["import-w3c", "{tmp}/ann.json", "--into", "sources/meta.txt"],
            code: 2,
            says: "is not a claims file",
            project_untouched: true,
            after: no_check,
        },
        Case {
            name: "import-w3c --into sources/meta.toml never writes under sources/",
            setup: write_annotations,
            args: &[
                "import-w3c",
                "{tmp}/ann.json",
                "--into",
                "sources/meta.toml",
            ],
            code: 2,
            says: "leads outside claims/",
            project_untouched: true,
            after: |t, _| assert!(!t.p("proj/sources/meta.toml").exists()),
        },
        Case {
            name: "import-w3c --into a claims file linked outside",
            setup: |t| {
                write_annotations(t);
                t.link("proj/claims/imported.toml", t.p("outside/x.toml"));
            },
            args: &["import-w3c", "{tmp}/ann.json"],
            code: 2,
            says: "leads outside claims/",
            project_untouched: true,
            after: no_check,
        },
        Case {
            name: "import-w3c --into claims/new.toml works",
            setup: write_annotations,
            args: &["import-w3c", "{tmp}/ann.json", "--into", "claims/new.toml"],
            code: 0,
            says: "added 1 quote(s) to claims/new.toml",
            project_untouched: false,
            after: |t, _| assert!(t.read("proj/claims/new.toml").contains("w3c-1")),
        },
        Case {
            name: "add --to ../x.toml",
            setup: nothing,
            args: &[
                "add",
                "--source",
                "a.txt",
                "--to",
                "../x.toml",
                "met on Tuesday",
            ],
            code: 2,
            says: "leads outside claims/",
            project_untouched: true,
            after: |t, _| assert!(!t.p("x.toml").exists()),
        },
        Case {
            name: "add --to an absolute path outside",
            setup: nothing,
            args: &[
                "add",
                "--source",
                "a.txt",
                "--to",
                "{tmp}/outside/x.toml",
                "met on Tuesday",
            ],
            code: 2,
            says: "leads outside claims/",
            project_untouched: true,
            after: no_check,
        },
        Case {
            name: "scan --write into a claims file linked outside",
            setup: |t| {
                t.write(
                    "manuscript.md",
                    "They \u{201c}decided to postpone the vote\u{201d}.\n",
                );
                t.link("proj/claims/scan.toml", t.p("outside/x.toml"));
            },
            args: &["scan", "{tmp}/manuscript.md", "--write", "claims/scan.toml"],
            code: 2,
            says: "leads outside claims/",
            project_untouched: true,
            after: no_check,
        },
        // ----------------------------------------------------------------------- 3. -o
        Case {
            name: "check -o a source",
            setup: nothing,
            args: &["check", "-o", "sources/a.txt"],
            code: 2,
            says: "citecheck never writes a source",
            project_untouched: true,
            after: no_check,
        },
        Case {
            name: "check -o a link to a source",
            setup: |t| t.link("link.txt", t.p("proj/sources/a.txt")),
            args: &["check", "-o", "{tmp}/link.txt"],
            code: 2,
            says: "citecheck never writes a source",
            project_untouched: true,
            after: no_check,
        },
        Case {
            name: "check -o the lock",
            setup: nothing,
            args: &["check", "-o", "citecheck.lock"],
            code: 2,
            says: "only `citecheck lock` writes it",
            project_untouched: true,
            after: |t, _| assert!(!t.p("proj/citecheck.lock").exists()),
        },
        Case {
            // A private copy of /dev/null when the tests can make one (as root, where a rename
            // would replace the device), else /dev/null through a link.
            name: "check -o a device (/dev/null) writes in place",
            setup: |t| {
                if !t.device("devnull", 3) {
                    t.link("devnull", "/dev/null");
                }
            },
            args: &["check", "-o", "{tmp}/devnull"],
            code: 0,
            says: "",
            project_untouched: true,
            after: |t, _| {
                let m = std::fs::metadata(t.p("devnull")).unwrap();
                assert!(m.file_type().is_char_device(), "still a device");
                let m = std::fs::metadata("/dev/null").unwrap();
                assert!(
                    m.file_type().is_char_device(),
                    "/dev/null is still a device"
                );
            },
        },
        Case {
            // Through a link of the test's own: a regression would replace the link, not the
            // machine's /dev/stdout.
            name: "check -o /dev/stdout writes to standard output",
            setup: |t| t.link("stdout", "/dev/stdout"),
            args: &["check", "-o", "{tmp}/stdout"],
            code: 0,
            says: "1 verified",
            project_untouched: true,
            after: |t, _| {
                let ft = t.p("stdout").symlink_metadata().unwrap().file_type();
                assert!(ft.is_symlink(), "the link was not replaced");
            },
        },
        Case {
            name: "check -o a file elsewhere keeps the file's mode",
            setup: |t| {
                t.write("out.json", "old\n");
                t.mode("out.json", 0o640);
            },
            args: &["check", "--format", "json", "-o", "{tmp}/out.json"],
            code: 0,
            says: "",
            project_untouched: true,
            after: |t, _| {
                assert!(t.read("out.json").contains("\"postpone\""));
                assert_eq!(t.mode_of("out.json"), 0o640);
            },
        },
        // ---------------------------------------------------------------------- 4. modes
        Case {
            name: "add keeps a 0640 claims file 0640",
            setup: |t| t.mode("proj/claims/a.toml", 0o640),
            args: &["add", "--source", "a.txt", "met on Tuesday"],
            code: 0,
            says: "appended to claims/a.toml",
            project_untouched: false,
            after: |t, _| assert_eq!(t.mode_of("proj/claims/a.toml"), 0o640),
        },
        Case {
            name: "the lock is created with the umask's mode, not 0600",
            setup: nothing,
            args: &["lock"],
            code: 0,
            says: "wrote citecheck.lock",
            project_untouched: false,
            after: |t, _| assert_eq!(t.mode_of("proj/citecheck.lock"), t.umask_mode()),
        },
        Case {
            name: "reports are created with the umask's mode",
            setup: nothing,
            args: &["report"],
            code: 0,
            says: "wrote reports/citecheck.json",
            project_untouched: false,
            after: |t, _| assert_eq!(t.mode_of("proj/reports/citecheck.json"), t.umask_mode()),
        },
        // --------------------------------------------------------------- 11. line endings
        Case {
            name: "add keeps a CRLF claims file CRLF",
            setup: |t| t.write("proj/claims/a.toml", &CLAIMS.replace('\n', "\r\n")),
            args: &["add", "--source", "a.txt", "met on Tuesday"],
            code: 0,
            says: "appended to claims/a.toml",
            project_untouched: false,
            after: |t, _| assert_crlf(&t.read("proj/claims/a.toml"), "met on Tuesday"),
        },
        Case {
            name: "fix keeps a CRLF claims file CRLF",
            setup: |t| {
                let stale = format!("{}span = [0, 10]\n", CLAIMS);
                t.write("proj/claims/a.toml", &stale.replace('\n', "\r\n"));
            },
            args: &["fix"],
            code: 0,
            says: "span [0, 10] -> [33, 61]",
            project_untouched: false,
            after: |t, _| assert_crlf(&t.read("proj/claims/a.toml"), "span = [33, 61]"),
        },
        Case {
            name: "import-w3c keeps a CRLF claims file CRLF",
            setup: |t| {
                write_annotations(t);
                t.write("proj/claims/imported.toml", "# imported\r\n");
            },
            args: &["import-w3c", "{tmp}/ann.json"],
            code: 0,
            says: "added 1 quote(s)",
            project_untouched: false,
            after: |t, _| assert_crlf(&t.read("proj/claims/imported.toml"), "w3c-1"),
        },
    ]
}
