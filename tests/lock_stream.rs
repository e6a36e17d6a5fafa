//! `lock` streams plain-text sources through SHA-256 instead of loading them (issue 16): the
//! lock it writes must be the one loading gave. Every pin is checked against the file's own
//! SHA-256 and size and against what `check`'s loader reads from the same file (its hash, its
//! size, its extractor), for files larger than the streaming buffer with characters cut at
//! every buffer boundary, UTF-16, HTML and Markdown; and files `check` refuses are refused by
//! `lock` with the same words.

mod common;

use common::{run, run_ok, sha256_hex, write_files};

/// Text of `n` bytes or a little more, mixing 1-, 2-, 3- and 4-byte characters so that some
/// character straddles any offset, in particular every multiple of the streaming buffer.
fn mixed_text(n: usize) -> String {
    let pieces = [
        "The minister said ",
        "caf\u{e9} ",
        "\u{201c}quoted\u{201d} ",
        "\u{1f600} ",
        "\u{3b1}\u{3b2}\u{3b3} ",
        "end of line\n",
    ];
    let mut s = String::with_capacity(n + 32);
    let mut i = 0usize;
    while s.len() < n {
        s.push_str(pieces[i % pieces.len()]);
        // An odd shift now and then so boundaries fall inside different characters.
        if i % 7 == 3 {
            s.push('x');
        }
        i += 1;
    }
    s
}

fn utf16le(text: &str) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        out.extend(u.to_le_bytes());
    }
    out
}

#[test]
fn streamed_pins_equal_the_files_hashes_and_what_check_loads() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_files(
        root,
        &[
            ("citecheck.toml", ""),
            ("claims/none.toml", ""),
            ("sources/small.txt", "A short source.\n"),
            ("sources/empty.txt", ""),
            (
                "sources/page.html",
                "<html><body><p>The text of a page.</p></body></html>\n",
            ),
            ("sources/notes.md", "# Notes\n\nSome *Markdown* text.\n"),
        ],
    );
    // Several buffers, with 2-, 3- and 4-byte characters cut between them.
    std::fs::write(root.join("sources/big.txt"), mixed_text(700 << 10)).unwrap();
    std::fs::write(
        root.join("sources/wide.txt"),
        utf16le("UTF-16 text, caf\u{e9} \u{1f600}.\n"),
    )
    .unwrap();

    run_ok(root, &["lock"], 0);
    let lock: citecheck::Lock =
        toml::from_str(&std::fs::read_to_string(root.join("citecheck.lock")).unwrap()).unwrap();

    let (project, problems) = citecheck::Project::read(root).unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    let mut problems = Vec::new();
    let loaded = citecheck::source::load_project(&project, &mut problems).unwrap();
    assert!(problems.is_empty(), "{problems:?}");

    let ids: Vec<&str> = lock.sources.iter().map(|s| s.path.as_str()).collect();
    assert_eq!(
        ids,
        [
            "big.txt",
            "empty.txt",
            "notes.md",
            "page.html",
            "small.txt",
            "wide.txt"
        ]
    );
    assert_eq!(loaded.len(), lock.sources.len());
    for (pin, source) in lock.sources.iter().zip(&loaded) {
        let bytes = std::fs::read(root.join("sources").join(&pin.path)).unwrap();
        assert_eq!(pin.sha256, sha256_hex(&bytes), "{}", pin.path);
        assert_eq!(pin.bytes, bytes.len() as u64, "{}", pin.path);
        assert_eq!(pin.path, source.id);
        assert_eq!(pin.sha256, source.sha256, "{}", pin.path);
        assert_eq!(pin.bytes, source.file_bytes, "{}", pin.path);
        assert_eq!(
            pin.extractor,
            source.document.as_ref().map(|d| d.extractor.clone()),
            "{}",
            pin.path
        );
    }
    // Documents still name the extractor that decides their text; text files name none.
    let extractor = |id: &str| lock.get(id).unwrap().extractor.clone();
    assert!(extractor("page.html").is_some());
    assert!(extractor("notes.md").is_some());
    assert_eq!(extractor("big.txt"), None);
    assert_eq!(extractor("wide.txt"), None);

    // `check --locked` hashes by loading: it agrees with the streamed pins.
    run_ok(root, &["check", "--locked"], 0);
}

#[test]
fn files_check_refuses_are_refused_by_lock_with_the_same_words() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_files(
        root,
        &[
            ("citecheck.toml", ""),
            ("claims/none.toml", ""),
            ("sources/good.txt", "Fine text.\n"),
        ],
    );
    // Invalid UTF-8 on line 3, past the first streaming buffer; a NUL byte; a character cut
    // by the end of the file.
    let mut bad = mixed_text(300 << 10).into_bytes();
    bad.extend_from_slice(b"\nline two\nbad \xff byte\n");
    std::fs::write(root.join("sources/bad.txt"), &bad).unwrap();
    std::fs::write(root.join("sources/nul.txt"), b"text\0more\n").unwrap();
    std::fs::write(root.join("sources/cut.txt"), b"cut \xe2\x80").unwrap();

    let lock = run(root, &["lock"]);
    assert_eq!(lock.code, 2, "{}", lock.stderr);
    assert!(!root.join("citecheck.lock").exists());
    let check = run(root, &["check"]);
    assert_eq!(check.code, 2, "{}", check.stderr);
    // Each refusal names the file and what is wrong, exactly as `check` says it.
    for needle in [
        "sources/bad.txt",
        "not valid UTF-8 (byte 0xff",
        "sources/nul.txt",
        "contains a NUL byte (at offset 4)",
        "sources/cut.txt",
    ] {
        assert!(lock.stderr.contains(needle), "{needle}\n{}", lock.stderr);
    }
    let said = |s: &str| -> Vec<String> {
        s.lines()
            .filter(|l| l.contains("sources/"))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(said(&lock.stderr), said(&check.stderr));
}
