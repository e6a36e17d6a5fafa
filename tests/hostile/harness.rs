//! The harness of tests/hostile.rs: a hostile tree in a temporary folder, a snapshot of what
//! must stay untouched, and a run of the binary under a deadline.

use std::collections::BTreeMap;
use std::io::Read;
use std::os::unix::fs::{symlink, FileTypeExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

/// What a private file outside the project holds: it must never be printed.
pub const SECRET: &str = "PRIVATE-KEY-7f3a9c";
pub const SOURCE: &str =
    "The committee met on Tuesday.\nIt decided to postpone the vote until spring.\n";
pub const CLAIMS: &str =
    "[[quote]]\nid = \"postpone\"\nsource = \"a.txt\"\ntext = \"decided to postpone the vote\"\n";
/// A run longer than this hung: 60 s, or `HOSTILE_DEADLINE_SECS` (to try the cases quickly
/// against a binary that does hang).
pub fn deadline() -> Duration {
    let secs = std::env::var("HOSTILE_DEADLINE_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    Duration::from_secs(secs)
}

/// The tree of one case: `tmp/proj` (the project) and `tmp/outside` (files an attacker would
/// like read or overwritten).
pub struct Tree {
    pub tmp: tempfile::TempDir,
}

impl Tree {
    pub fn new() -> Tree {
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

    pub fn tmp(&self) -> &Path {
        self.tmp.path()
    }

    pub fn root(&self) -> PathBuf {
        self.tmp().join("proj")
    }

    pub fn p(&self, rel: &str) -> PathBuf {
        self.tmp().join(rel)
    }

    pub fn write(&self, rel: &str, text: &str) {
        self.bytes(rel, text.as_bytes());
    }

    pub fn bytes(&self, rel: &str, bytes: &[u8]) {
        let p = self.p(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }

    /// `rel` (under tmp) becomes a symlink to `target` (absolute, or as given).
    pub fn link(&self, rel: &str, target: impl AsRef<Path>) {
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

    pub fn fifo(&self, rel: &str) {
        let p = self.p(rel);
        let _ = std::fs::remove_file(&p);
        let ok = Command::new("mkfifo").arg(&p).status().expect("mkfifo");
        assert!(ok.success(), "mkfifo {}", p.display());
    }

    /// `rel` becomes a character device like /dev/null (minor 3) or /dev/zero (minor 5), when
    /// the tests may create one (as root); false otherwise.
    pub fn device(&self, rel: &str, minor: u32) -> bool {
        Command::new("mknod")
            .arg(self.p(rel))
            .args(["c", "1", &minor.to_string()])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    }

    pub fn mode(&self, rel: &str, mode: u32) {
        std::fs::set_permissions(self.p(rel), std::fs::Permissions::from_mode(mode)).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.p(rel)).unwrap_or_default()
    }

    pub fn mode_of(&self, rel: &str) -> u32 {
        std::fs::metadata(self.p(rel)).unwrap().permissions().mode() & 0o777
    }

    /// The mode a new file gets here (the umask's).
    pub fn umask_mode(&self) -> u32 {
        let p = self.p("umask-probe");
        std::fs::File::create(&p).unwrap();
        let m = self.mode_of("umask-probe");
        std::fs::remove_file(p).unwrap();
        m
    }
}

/// Every entry under `dir` (links not followed): path -> content hash and mode, link target,
/// or kind of special file. Comparing two snapshots shows any write, creation or removal.
pub fn snapshot(dir: &Path) -> BTreeMap<String, String> {
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

/// A snapshot without the cache folder (`.citecheck/cache/`, which a run may write; writes
/// that leave it are still seen, in the snapshot of what is outside).
pub fn without_cache(mut snap: BTreeMap<String, String>) -> BTreeMap<String, String> {
    let cache = Path::new(".citecheck").join("cache");
    snap.retain(|k, v| !(Path::new(k).starts_with(&cache) || (k == ".citecheck" && v == "dir")));
    snap
}

/// A finished run.
pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// `citecheck ARGS` in the project folder, killed (and the case failed) past the deadline.
/// `{tmp}` in an argument is the case's temporary folder.
pub fn run(t: &Tree, args: &[&str]) -> Out {
    let tmp = t.tmp().display().to_string();
    let args: Vec<String> = args.iter().map(|a| a.replace("{tmp}", &tmp)).collect();
    let mut child = crate::common::command(&t.root(), &[])
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
pub struct Case {
    pub name: &'static str,
    /// Builds the tree (on top of the base project).
    pub setup: fn(&Tree),
    pub args: &'static [&'static str],
    pub code: i32,
    /// Said on stderr or stdout: every `|`-separated part (`--> FILE|message`).
    pub says: &'static str,
    /// The whole project must be left as it was (read-only commands, and refusals).
    pub project_untouched: bool,
    /// Further checks after the run.
    pub after: fn(&Tree, &Out),
}

pub fn nothing(_: &Tree) {}
pub fn no_check(_: &Tree, _: &Out) {}

/// A W3C annotation of one quote of sources/a.txt in `tmp/ann.json`.
pub fn write_annotations(t: &Tree) {
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

pub fn utf16(text: &str, le: bool) -> Vec<u8> {
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
pub fn assert_crlf(text: &str, holds: &str) {
    assert!(text.contains(holds), "{text:?} lacks {holds:?}");
    let lf = text.matches('\n').count();
    assert!(lf > 1, "{text:?}");
    assert_eq!(
        text.matches("\r\n").count(),
        lf,
        "every line ends CRLF: {text:?}"
    );
}
