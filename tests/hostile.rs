//! Hostile trees (issue 13): the project is untrusted — CI runs citecheck on strangers' pull
//! requests — so every case below builds a tree an attacker could commit (symlinks out of the
//! root, loops, FIFOs, devices, undecodable or oversized files, link targets for writes) and
//! runs one command on it. Each case states the exit code, a fragment of what is said, what
//! must never be said (the private file's contents), and what must stay untouched: for every
//! case, the files outside the root and the sources are hashed (content and mode) before and
//! after; for read-only commands, the whole project too. Every run has a deadline: a command
//! that hangs (a FIFO opened for reading) fails the case instead of the suite.

#![cfg(unix)]

mod common;

use std::collections::BTreeMap;
use std::io::Read;
use std::os::unix::fs::{symlink, FileTypeExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

/// What a private file outside the project holds: it must never be printed.
const SECRET: &str = "PRIVATE-KEY-7f3a9c";
const SOURCE: &str =
    "The committee met on Tuesday.\nIt decided to postpone the vote until spring.\n";
const CLAIMS: &str =
    "[[quote]]\nid = \"postpone\"\nsource = \"a.txt\"\ntext = \"decided to postpone the vote\"\n";
/// A run longer than this hung: 60 s, or `HOSTILE_DEADLINE_SECS` (to try the cases quickly
/// against a binary that does hang).
fn deadline() -> Duration {
    let secs = std::env::var("HOSTILE_DEADLINE_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    Duration::from_secs(secs)
}

/// The tree of one case: `tmp/proj` (the project) and `tmp/outside` (files an attacker would
/// like read or overwritten).
struct Tree {
    tmp: tempfile::TempDir,
}

impl Tree {
    fn new() -> Tree {
        let tmp = tempfile::tempdir().expect("tempdir");
        let t = Tree { tmp };
        for d in [
            "proj/sources",
            "proj/claims",
            "outside/docs",
            "outside/claims",
        ] {
            std::fs::create_dir_all(t.tmp.path().join(d)).unwrap();
        }
        t.write("proj/sources/a.txt", SOURCE);
        t.write("proj/claims/a.toml", CLAIMS);
        t.write(
            "outside/secret.txt",
            &format!("{SECRET} first line\nsecond line\n"),
        );
        t.write("outside/docs/a.txt", SOURCE);
        t.write("outside/docs/key.txt", &format!("{SECRET}\n"));
        t.write(
            "outside/claims/x.toml",
            &format!(
                "{CLAIMS}\n[[quote]]\nid = \"key\"\nsource = \"key.txt\"\ntext = \"{SECRET}\"\n"
            ),
        );
        t.write("outside/x.toml", CLAIMS);
        t
    }

    fn tmp(&self) -> &Path {
        self.tmp.path()
    }

    fn root(&self) -> PathBuf {
        self.tmp().join("proj")
    }

    fn p(&self, rel: &str) -> PathBuf {
        self.tmp().join(rel)
    }

    fn write(&self, rel: &str, text: &str) {
        self.bytes(rel, text.as_bytes());
    }

    fn bytes(&self, rel: &str, bytes: &[u8]) {
        let p = self.p(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }

    /// `rel` (under tmp) becomes a symlink to `target` (absolute, or as given).
    fn link(&self, rel: &str, target: impl AsRef<Path>) {
        let p = self.p(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        if p.symlink_metadata().is_ok() {
            if p.is_dir() && !p.symlink_metadata().unwrap().file_type().is_symlink() {
                std::fs::remove_dir_all(&p).unwrap();
            } else {
                std::fs::remove_file(&p).unwrap();
            }
        }
        symlink(target, p).unwrap();
    }

    fn fifo(&self, rel: &str) {
        let p = self.p(rel);
        let _ = std::fs::remove_file(&p);
        let ok = Command::new("mkfifo").arg(&p).status().expect("mkfifo");
        assert!(ok.success(), "mkfifo {}", p.display());
    }

    /// `rel` becomes a character device like /dev/null (minor 3) or /dev/zero (minor 5), when
    /// the tests may create one (as root); false otherwise.
    fn device(&self, rel: &str, minor: u32) -> bool {
        Command::new("mknod")
            .arg(self.p(rel))
            .args(["c", "1", &minor.to_string()])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    }

    fn mode(&self, rel: &str, mode: u32) {
        std::fs::set_permissions(self.p(rel), std::fs::Permissions::from_mode(mode)).unwrap();
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.p(rel)).unwrap_or_default()
    }

    fn mode_of(&self, rel: &str) -> u32 {
        std::fs::metadata(self.p(rel)).unwrap().permissions().mode() & 0o777
    }

    /// The mode a new file gets here (the umask's).
    fn umask_mode(&self) -> u32 {
        let p = self.p("umask-probe");
        std::fs::File::create(&p).unwrap();
        let m = self.mode_of("umask-probe");
        std::fs::remove_file(p).unwrap();
        m
    }
}

/// Every entry under `dir` (links not followed): path -> content hash and mode, link target,
/// or kind of special file. Comparing two snapshots shows any write, creation or removal.
fn snapshot(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            let key = p.strip_prefix(dir).unwrap().display().to_string();
            let meta = p.symlink_metadata().unwrap();
            let ft = meta.file_type();
            let mode = meta.permissions().mode();
            let value = if ft.is_symlink() {
                format!("link -> {}", std::fs::read_link(&p).unwrap().display())
            } else if ft.is_dir() {
                stack.push(p);
                "dir".into()
            } else if ft.is_file() {
                let bytes = std::fs::read(&p).unwrap();
                format!("{:x} {mode:o}", Sha256::digest(&bytes))
            } else {
                format!("special {mode:o} fifo={}", ft.is_fifo())
            };
            out.insert(key, value);
        }
    }
    out
}

/// A finished run.
struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

/// `citecheck ARGS` in the project folder, killed (and the case failed) past the deadline.
/// `{tmp}` in an argument is the case's temporary folder.
fn run(t: &Tree, args: &[&str]) -> Out {
    let tmp = t.tmp().display().to_string();
    let args: Vec<String> = args.iter().map(|a| a.replace("{tmp}", &tmp)).collect();
    let mut child = common::command(&t.root(), &[])
        .args(&args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn citecheck");
    let mut so = child.stdout.take().unwrap();
    let mut se = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = so.read_to_end(&mut s);
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = se.read_to_end(&mut s);
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait") {
            break s;
        }
        if start.elapsed() > deadline() {
            // A hang fails its case (exit -1), and the other cases still run.
            let _ = child.kill();
            let _ = child.wait();
            return Out {
                code: -1,
                stdout: String::new(),
                stderr: format!("citecheck {args:?} hung (killed after {:?})", deadline()),
            };
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Out {
        code: status.code().expect("exit code, not a signal"),
        stdout: String::from_utf8_lossy(&out.join().unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&err.join().unwrap()).into_owned(),
    }
}

/// One hostile tree and what the command must do with it.
struct Case {
    name: &'static str,
    /// Builds the tree (on top of the base project).
    setup: fn(&Tree),
    args: &'static [&'static str],
    code: i32,
    /// Said on stderr or stdout: every `|`-separated part (`--> FILE|message`).
    says: &'static str,
    /// The whole project must be left as it was (read-only commands, and refusals).
    project_untouched: bool,
    /// Further checks after the run.
    after: fn(&Tree, &Out),
}

fn nothing(_: &Tree) {}
fn no_check(_: &Tree, _: &Out) {}

fn cases() -> Vec<Case> {
    vec![
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
    ]
}

/// A W3C annotation of one quote of sources/a.txt in `tmp/ann.json`.
fn write_annotations(t: &Tree) {
    let json = serde_json::json!({
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "Annotation",
        "target": {
            "source": "sources/a.txt",
            "selector": {"type": "TextQuoteSelector", "exact": "met on Tuesday"}
        }
    });
    t.write("ann.json", &json.to_string());
}

fn utf16(text: &str, le: bool) -> Vec<u8> {
    let mut out = if le {
        vec![0xFF, 0xFE]
    } else {
        vec![0xFE, 0xFF]
    };
    for u in text.encode_utf16() {
        out.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
    }
    out
}

#[track_caller]
fn assert_crlf(text: &str, holds: &str) {
    assert!(text.contains(holds), "{text:?} lacks {holds:?}");
    let lf = text.matches('\n').count();
    assert!(lf > 1, "{text:?}");
    assert_eq!(
        text.matches("\r\n").count(),
        lf,
        "every line ends CRLF: {text:?}"
    );
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
        let project = snapshot(&t.root());
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
        if case.project_untouched && snapshot(&t.root()) != project {
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
    assert_eq!(o.code, 0, "{}", o.stderr);
    let got = reader.join().unwrap();
    assert!(got.contains("\"postpone\""), "{got}");
    let ft = t.p("out.fifo").symlink_metadata().unwrap().file_type();
    assert!(ft.is_fifo(), "still a FIFO");
}
