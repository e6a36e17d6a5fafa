//! The cache (`.citecheck/cache`): a run reads the same report with it, without it
//! (`--no-cache`) and after a source changes; an entry it did not sign, or a damaged one, is
//! never trusted (ignored and rebuilt); the folder stays within its bound.

mod common;

use std::path::Path;

use citecheck::cache::{Cache, Encode, Pieces, Secret, CACHE_DIR};
use citecheck::extract::{Format, Options};
use citecheck::source::{self, text_key, SourceFile};
use citecheck::text::index::WordIndex;
use citecheck::text::normalize;
use common::{command, finish, write_files, Run};

/// The secret every run of this file signs with (what `common::command` sets).
const KEY: &str = "citecheck tests";

/// Words for filler text, fixed so the project is the same on every run.
const VOCAB: [&str; 16] = [
    "archive", "ledger", "minister", "harbour", "treaty", "signal", "morning", "council", "river",
    "paper", "garden", "letter", "winter", "station", "market", "window",
];

/// `n` pseudo-random filler sentences from `seed`.
fn filler(seed: u64, n: usize) -> String {
    let mut x = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut out = String::new();
    for _ in 0..n {
        for w in 0..9 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let word = VOCAB[(x >> 33) as usize % VOCAB.len()];
            out.push_str(if w == 0 { "The " } else { " " });
            out.push_str(word);
        }
        out.push_str(".\n");
    }
    out
}

const SHARED: &str = "Officials confirmed on Tuesday that the shipment had been delayed by \
                      three weeks at the northern border crossing";

/// `text` with every `every`-th word (counted across spaces) replaced: an edited copy.
fn edited(text: &str, every: usize) -> String {
    let words: Vec<&str> = text.split(' ').collect();
    let out: Vec<&str> = words
        .iter()
        .enumerate()
        .map(|(i, w)| if i % every == every - 1 { "altered" } else { w })
        .collect();
    out.join(" ")
}

/// A project of three sources (one Markdown) sharing a passage, and quotes of every kind.
/// `b` and `c` also hold edited copies of a stretch of `a`, so every pair of sources shares
/// passages enough for the duplicate search to keep its result per pair.
fn project(root: &Path) {
    let a = format!(
        "{}The quick brown fox jumps over the lazy dog near the harbour.\n{SHARED}.\n{}\
         He called it \u{201C}a well\u{2014}known failure of the council\u{201D} at the time.\n{}",
        filler(1, 40),
        filler(2, 40),
        filler(3, 40)
    );
    let copied = format!("{}{}{}", filler(1, 40), filler(2, 40), filler(3, 40));
    let b = format!(
        "{}{SHARED}, a spokesman said.\n{}The treaty was signed in the winter of that year.\n\n{}",
        filler(4, 60),
        filler(5, 30),
        edited(&copied, 10)
    );
    let c = format!(
        "# Notes\n\n{}\n\nThe *garden* market opened its doors at dawn every Sunday.\n\n{}\n",
        filler(6, 20),
        edited(&copied, 11)
    );
    write_files(
        root,
        &[
            ("citecheck.toml", ""),
            ("sources/a.txt", &a),
            ("sources/b.txt", &b),
            ("sources/c.md", &c),
            (
                "claims/q.toml",
                r#"[[quote]]
id = "exact"
source = "a.txt"
text = "The quick brown fox jumps over the lazy dog"

[[quote]]
id = "typography"
source = "a.txt"
text = "a well-known failure of the council"

[[quote]]
id = "edited"
source = "b.txt"
text = "The treaty was signed in the spring of that year"

[[quote]]
id = "absent"
source = "a.txt"
text = "The quick brown cat jumps over the lazy dog"

[[quote]]
id = "markdown"
source = "c.md"
text = "The garden market opened its doors at dawn"
"#,
            ),
        ],
    );
}

fn check(root: &Path, extra: &[&str]) -> Run {
    let mut args = vec!["check", "--format", "json", "-q"];
    args.extend_from_slice(extra);
    let r = finish(&mut command(root, &args));
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    r
}

fn dups(root: &Path, extra: &[&str]) -> Run {
    let mut args = vec!["dups", "--format", "json", "-q"];
    args.extend_from_slice(extra);
    let r = finish(&mut command(root, &args));
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    r
}

/// The entry files of one kind of the cache.
fn entries(root: &Path, kind: &str) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(root.join(CACHE_DIR).join(kind))
        .map(|d| d.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    v.sort();
    v
}

/// The status of entry `id` in a JSON report.
fn status(report: &str, id: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(report).unwrap();
    v["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .map(|r| r["status"].as_str().unwrap().to_string())
        .unwrap()
}

#[test]
fn cached_and_uncached_reports_are_byte_identical_also_after_a_source_changes() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    project(root);
    let cold = check(root, &[]);
    for kind in ["norm", "index", "dups", "dups-pairs", "prints"] {
        assert!(
            !entries(root, kind).is_empty(),
            "the first run keeps its {kind}"
        );
    }
    // (Seen once, not reproduced: two entries here. The message lists what the folder held
    // and what the run said, for the next time.)
    assert_eq!(
        entries(root, "norm").len(),
        3,
        "one normalized text per source: {:?} in the cache folder; stderr: {}",
        std::fs::read_dir(root.join(CACHE_DIR))
            .map(|d| d.flatten().map(|e| e.path()).collect::<Vec<_>>())
            .unwrap_or_default()
            .iter()
            .flat_map(|k| std::fs::read_dir(k)
                .map(|d| d.flatten().map(|e| e.path()).collect::<Vec<_>>())
                .unwrap_or_default())
            .collect::<Vec<_>>(),
        cold.stderr
    );
    let warm = check(root, &[]);
    let uncached = check(root, &["--no-cache"]);
    assert_eq!(warm, cold);
    assert_eq!(uncached, cold);
    let v: serde_json::Value = serde_json::from_str(&cold.stdout).unwrap();
    assert!(
        !v["duplicates"].as_array().unwrap().is_empty(),
        "the shared passage is reported (so the cached search result is not empty)"
    );
    assert_eq!(status(&cold.stdout, "exact"), "verified");
    assert_eq!(status(&cold.stdout, "typography"), "normalized");
    assert_eq!(dups(root, &[]), dups(root, &["--no-cache"]));

    // One source changes: the quote cited in it and the shared passage move with it, and the
    // report with the other sources' entries cached is the report without any cache. The
    // duplicate search winnows the changed source only: the others' fingerprints are read
    // (their entries are not written again).
    let inodes = |root: &Path, kind: &str| -> Vec<(std::path::PathBuf, u64)> {
        entries(root, kind)
            .into_iter()
            .map(|p| {
                // An entry is written to a new file renamed over the old (a new inode).
                #[cfg(unix)]
                let ino = std::os::unix::fs::MetadataExt::ino(&p.metadata().unwrap());
                #[cfg(not(unix))]
                let ino = 0;
                (p, ino)
            })
            .collect()
    };
    let prints = |root: &Path| inodes(root, "prints");
    let before = prints(root);
    assert_eq!(before.len(), 3, "one entry of fingerprints per source");
    let pairs_before = inodes(root, "dups-pairs");
    assert_eq!(
        pairs_before.len(),
        3,
        "a result per pair of sources sharing passages: a-b, a-c, b-c"
    );
    let b = std::fs::read_to_string(root.join("sources/b.txt")).unwrap();
    let b = b
        .replace("in the winter of that year", "in the spring of that year")
        .replace("by three weeks", "by four weeks");
    std::fs::write(root.join("sources/b.txt"), b).unwrap();
    let changed = check(root, &[]);
    assert_ne!(changed.stdout, cold.stdout);
    assert_eq!(status(&changed.stdout, "edited"), "verified");
    assert_eq!(changed, check(root, &["--no-cache"]));
    assert_eq!(changed, check(root, &[]), "and again, all cached");
    assert_eq!(dups(root, &[]), dups(root, &["--no-cache"]));
    assert_eq!(
        entries(root, "norm").len(),
        4,
        "the new text kept beside the old"
    );
    let after = prints(root);
    assert_eq!(after.len(), 4, "{after:?}");
    for entry in &before {
        assert!(after.contains(entry), "{entry:?} was written again");
    }
    // Only the pairs with b were compared again: a-b and b-c were stored anew (under new
    // keys, beside the old ones), a-c was read (a pair compared is always stored: had it
    // been, its entry would have been written again).
    let pairs_after = inodes(root, "dups-pairs");
    for entry in &pairs_before {
        assert!(pairs_after.contains(entry), "{entry:?} was written again");
    }
    assert_eq!(pairs_after.len(), 5, "{pairs_after:?}");
}

/// A normalized text of `sources/a.txt` in which "fox" reads "cat", as a payload.
fn forged_norm(root: &Path) -> (String, Vec<u8>) {
    let bytes = std::fs::read(root.join("sources/a.txt")).unwrap();
    let key = text_key(
        &common::sha256_hex(&bytes),
        Format::Text,
        &Options::default(),
    );
    let text = String::from_utf8(bytes).unwrap();
    let honest = normalize(&text);
    // Same length, so the forged map is as consistent as the honest one.
    let lie = honest.as_str().replace("brown fox", "brown cat");
    let mut forged = Pieces::default();
    forged.str(&lie);
    let mut forged = forged.concat();
    // The honest map's edits, copied after the text.
    let honest_bytes = honest.pieces().concat();
    forged.extend_from_slice(&honest_bytes[8 + honest.as_str().len()..]);
    (key, forged)
}

#[test]
fn an_entry_this_user_did_not_sign_is_never_trusted() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    project(root);
    let honest = check(root, &[]);
    assert_eq!(status(&honest.stdout, "absent"), "drifted");
    let (key, payload) = forged_norm(root);
    // A word index of no words: well formed for any text, and it finds nothing.
    let blind = WordIndex::build("").pieces().concat();
    let reset = |root: &Path| {
        for kind in ["norm", "index", "dups", "dups-pairs", "prints"] {
            let _ = std::fs::remove_dir_all(root.join(CACHE_DIR).join(kind));
        }
    };
    // What a pull request could carry: a well-formed entry under the right key, signed with
    // any secret but this user's.
    reset(root);
    let root_c = root.canonicalize().unwrap();
    let attacker = Cache::with_secret(&root_c, Some(Secret::from_text("attacker")));
    attacker.put("norm", &key, &payload);
    attacker.put("index", &key, &blind);
    assert_eq!(check(root, &[]), honest);
    // Under this user's secret the entries are read (the secret is what the cache trusts)
    // and then checked against the source where they can be: the normalized text that says
    // "cat" where the source says "fox" is refused, and the source normalized again.
    reset(root);
    let user = Cache::with_secret(&root_c, Some(Secret::from_text(KEY)));
    user.put("norm", &key, &payload);
    assert_eq!(check(root, &[]), honest);
    // An index cannot be checked word by word without building it again: one that finds
    // nothing is taken as it is, which is why no other secret may sign an entry.
    reset(root);
    user.put("index", &key, &blind);
    let fooled = check(root, &[]);
    assert_ne!(fooled, honest);
    // A run under another secret (another user, another CI key) ignores every entry.
    let mut other = command(root, &["check", "--format", "json", "-q"]);
    other.env("CITECHECK_CACHE_KEY", "someone else");
    assert_eq!(finish(&mut other), honest);
    reset(root);
    assert_eq!(check(root, &[]), honest);
}

#[test]
fn a_damaged_entry_is_ignored_and_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    project(root);
    let cold = check(root, &[]);
    let kept: Vec<_> = ["norm", "index", "dups", "dups-pairs", "prints"]
        .iter()
        .flat_map(|k| entries(root, k))
        .map(|p| (std::fs::read(&p).unwrap(), p))
        .collect();
    for (damage, what) in [(0usize, "a flipped byte"), (1, "cut short"), (2, "emptied")] {
        for (bytes, path) in &kept {
            let mut b = bytes.clone();
            match damage {
                0 => *b.last_mut().unwrap() ^= 0x20,
                1 => b.truncate(b.len() / 2),
                _ => b.clear(),
            }
            std::fs::write(path, &b).unwrap();
        }
        assert_eq!(check(root, &[]), cold, "{what}");
        for (bytes, path) in &kept {
            assert_eq!(&std::fs::read(path).unwrap(), bytes, "{what}: rebuilt");
        }
    }
    // An entry of one source copied over another's: foreign (its key is in its header).
    let norms = entries(root, "norm");
    std::fs::copy(&norms[0], &norms[1]).unwrap();
    assert_eq!(check(root, &[]), cold);
}

/// An entry planted under its predictable name as a huge (sparse) file: refused from its
/// size without being read (reading it would take gigabytes of memory), then rebuilt.
#[test]
fn an_oversized_planted_entry_is_not_read_but_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    project(root);
    let cold = check(root, &[]);
    let kept: Vec<_> = ["extract", "norm", "index", "dups", "dups-pairs", "prints"]
        .iter()
        .flat_map(|k| entries(root, k))
        .map(|p| (std::fs::read(&p).unwrap(), p))
        .collect();
    assert!(kept.len() >= 4, "{kept:?}");
    for (_, path) in &kept {
        let f = std::fs::File::create(path).unwrap();
        f.set_len(3 << 30).unwrap();
    }
    assert_eq!(check(root, &[]), cold);
    for (bytes, path) in &kept {
        assert_eq!(&std::fs::read(path).unwrap(), bytes, "{path:?} rebuilt");
    }
}

#[test]
fn the_cache_never_grows_past_its_bound() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    project(&root);
    let bound = 60_000;
    for text in 0..6 {
        std::fs::write(root.join("sources/a.txt"), filler(100 + text, 300)).unwrap();
        let mut cache = Cache::with_secret(&root, Some(Secret::from_text(KEY)));
        cache.max_bytes = bound;
        let file = SourceFile {
            id: "a.txt".into(),
            path: root.join("sources/a.txt"),
            max_bytes: 1 << 30,
            format: None,
            options: Options::default(),
            cache: Some(cache),
        };
        let s = source::load_one(&file).unwrap().unwrap();
        assert!(s.index().len() > 2_000);
        let total: u64 = ["norm", "index"]
            .iter()
            .flat_map(|k| entries(&root, k))
            .map(|p| p.metadata().unwrap().len())
            .sum();
        assert!(total <= bound, "{total} bytes after text {text}");
    }
    assert!(
        !entries(&root, "index").is_empty(),
        "the newest entry stays"
    );
}

#[test]
fn the_bound_citecheck_toml_sets_holds_for_a_whole_run() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    project(root);
    // Two sources of about 400 KB: their texts and indexes take more than 1 MiB.
    for (name, seed) in [("sources/big1.txt", 11), ("sources/big2.txt", 12)] {
        std::fs::write(root.join(name), filler(seed, 6_000)).unwrap();
    }
    std::fs::write(
        root.join("claims/big.toml"),
        "[[quote]]\nid = \"big1\"\nsource = \"big1.txt\"\ntext = \"x y z\"\n\n\
         [[quote]]\nid = \"big2\"\nsource = \"big2.txt\"\ntext = \"x y z\"\n",
    )
    .unwrap();
    std::fs::write(root.join("citecheck.toml"), "[cache]\nmax_mib = 1\n").unwrap();
    let cached = check(root, &[]);
    let total: u64 = ["norm", "index", "dups", "dups-pairs", "prints"]
        .iter()
        .flat_map(|k| entries(root, k))
        .map(|p| p.metadata().unwrap().len())
        .sum();
    assert!(total > 0 && total <= 1 << 20, "{total} bytes");
    assert_eq!(cached, check(root, &[]));
    assert_eq!(cached, check(root, &["--no-cache"]));
    // A bound of zero is a mistake, said as one.
    std::fs::write(root.join("citecheck.toml"), "[cache]\nmax_mib = 0\n").unwrap();
    let r = finish(&mut command(root, &["check"]));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("`cache.max_mib` is 0"), "{}", r.stderr);
}

/// Without `CITECHECK_CACHE_KEY`, the secret is made once in the user's cache folder
/// (owner-only) and kept: a second run reads the first run's entries instead of rebuilding
/// them, and a damaged key file is replaced. (Linux: where `XDG_CACHE_HOME` names the user's
/// cache folder.)
#[cfg(target_os = "linux")]
#[test]
fn the_secret_is_kept_in_the_user_cache_folder_and_entries_are_reused() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("proj");
    let home = dir.path().join("xdg");
    std::fs::create_dir_all(&root).unwrap();
    project(&root);
    let run = |root: &Path| {
        let mut cmd = command(root, &["check", "--format", "json", "-q"]);
        cmd.env_remove("CITECHECK_CACHE_KEY")
            .env("XDG_CACHE_HOME", &home);
        finish(&mut cmd)
    };
    let first = run(&root);
    let key = home.join("citecheck/cache-key");
    let meta = std::fs::metadata(&key).unwrap();
    assert_eq!(meta.len(), 32);
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    let inodes = |root: &Path| -> Vec<u64> {
        ["norm", "index", "dups", "dups-pairs", "prints"]
            .iter()
            .flat_map(|k| entries(root, k))
            .map(|p| p.metadata().unwrap().ino())
            .collect()
    };
    let before = inodes(&root);
    assert!(!before.is_empty());
    assert_eq!(run(&root), first);
    assert_eq!(
        inodes(&root),
        before,
        "the entries were read, not written again"
    );
    // A key file cut short is replaced; entries signed with the old key are rebuilt.
    std::fs::write(&key, b"short").unwrap();
    assert_eq!(run(&root), first);
    assert_eq!(std::fs::metadata(&key).unwrap().len(), 32);
    assert_ne!(inodes(&root), before);
}
