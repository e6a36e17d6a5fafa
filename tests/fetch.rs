//! `citecheck fetch` against an HTTP server on 127.0.0.1 that the test starts (never the
//! network): pages and PDFs saved with their provenance, redirects followed and recorded, and
//! every failure — an error status, a redirect loop, a stalled server, a body over the limit, a
//! URL or a name that must be refused — leaving the project exactly as it was. `--refresh`
//! reports a changed page without writing, and `--update` takes it.

mod common;

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{command, finish, hash_tree, sha256_hex, Run};

// ---------------------------------------------------------------------------- the server

/// What the server answers on a path.
#[derive(Clone)]
enum Reply {
    /// A document. With an ETag, a request whose If-None-Match matches gets 304.
    Doc {
        status: u16,
        content_type: Option<&'static str>,
        body: Vec<u8>,
        etag: Option<String>,
        last_modified: Option<&'static str>,
        /// Leave out Content-Length and end the body by closing the connection.
        no_length: bool,
    },
    /// 302 to this path (or absolute URL).
    Redirect(String),
    /// Read the request, then say nothing for 10 s.
    Stall,
    /// Read the request, promise a long body, then send one byte of it every 100 ms for 10 s:
    /// no single read waits long.
    Drip,
}

fn doc(content_type: &'static str, body: &[u8]) -> Reply {
    Reply::Doc {
        status: 200,
        content_type: Some(content_type),
        body: body.to_vec(),
        etag: None,
        last_modified: None,
        no_length: false,
    }
}

/// An HTTP/1.1 server on 127.0.0.1: one thread per connection, one request per connection.
/// It stops with the test process; every reply is bounded (a stall ends after 10 s).
struct Server {
    port: u16,
    routes: Arc<Mutex<HashMap<String, Reply>>>,
    /// The head of every request received.
    log: Arc<Mutex<Vec<String>>>,
    /// Bytes of body written for each no_length reply, sent when its connection ends.
    sent: Arc<Mutex<Option<mpsc::Sender<usize>>>>,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let port = listener.local_addr().expect("addr").port();
        let routes: Arc<Mutex<HashMap<String, Reply>>> = Arc::default();
        let log: Arc<Mutex<Vec<String>>> = Arc::default();
        let sent: Arc<Mutex<Option<mpsc::Sender<usize>>>> = Arc::default();
        let (r, l, s) = (routes.clone(), log.clone(), sent.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (r, l, s) = (r.clone(), l.clone(), s.clone());
                std::thread::spawn(move || serve(stream, &r, &l, &s));
            }
        });
        Server {
            port,
            routes,
            log,
            sent,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// The source name a URL of this server is saved as by default, for `path`.
    fn name(&self, path: &str) -> String {
        format!("127.0.0.1_{}{path}", self.port)
    }

    fn set(&self, path: &str, reply: Reply) {
        self.routes.lock().unwrap().insert(path.into(), reply);
    }

    fn requests(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }
}

fn serve(
    mut stream: TcpStream,
    routes: &Mutex<HashMap<String, Reply>>,
    log: &Mutex<Vec<String>>,
    sent: &Mutex<Option<mpsc::Sender<usize>>>,
) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && head.len() < 65536 {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return,
        }
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    log.lock().unwrap().push(head.clone());
    let path = head.split(' ').nth(1).unwrap_or("/").to_string();
    let header = |name: &str| {
        head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    };
    let reply = routes.lock().unwrap().get(&path).cloned();
    let out = match reply {
        None => "HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot found"
            .as_bytes()
            .to_vec(),
        Some(Reply::Stall) => {
            std::thread::sleep(Duration::from_secs(10));
            return;
        }
        Some(Reply::Drip) => {
            let head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\
                        Connection: close\r\n\r\n";
            if stream.write_all(head.as_bytes()).is_err() {
                return;
            }
            for _ in 0..100 {
                std::thread::sleep(Duration::from_millis(100));
                if stream
                    .write_all(b"x")
                    .and_then(|()| stream.flush())
                    .is_err()
                {
                    return;
                }
            }
            return;
        }
        Some(Reply::Redirect(to)) => format!(
            "HTTP/1.1 302 Found\r\nLocation: {to}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        )
        .into_bytes(),
        Some(Reply::Doc {
            status,
            content_type,
            body,
            etag,
            last_modified,
            no_length,
        }) => {
            if etag.is_some() && header("if-none-match") == etag {
                let _ = stream.write_all(
                    b"HTTP/1.1 304 Not Modified\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                );
                return;
            }
            let reason = match status {
                200 => "OK",
                404 => "Not Found",
                500 => "Internal Server Error",
                _ => "Whatever",
            };
            let mut h = format!("HTTP/1.1 {status} {reason}\r\nConnection: close\r\n");
            if let Some(t) = content_type {
                h.push_str(&format!("Content-Type: {t}\r\n"));
            }
            if let Some(e) = &etag {
                h.push_str(&format!("ETag: {e}\r\n"));
            }
            if let Some(l) = last_modified {
                h.push_str(&format!("Last-Modified: {l}\r\n"));
            }
            if no_length {
                h.push_str("\r\n");
                if stream.write_all(h.as_bytes()).is_err() {
                    return;
                }
                let mut n = 0;
                for chunk in body.chunks(16 << 10) {
                    if stream.write_all(chunk).is_err() {
                        break;
                    }
                    n += chunk.len();
                }
                if let Some(tx) = sent.lock().unwrap().as_ref() {
                    let _ = tx.send(n);
                }
                return;
            }
            h.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
            let mut out = h.into_bytes();
            out.extend_from_slice(&body);
            out
        }
    };
    let _ = stream.write_all(&out);
}

// ---------------------------------------------------------------------------- the project

const CONFIG: &str = "\
# Settings of the test project. This comment must survive every fetch.
[check]
min_similarity = 0.7   # kept as written
";

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("sources")).unwrap();
    std::fs::create_dir_all(dir.path().join("claims")).unwrap();
    std::fs::write(dir.path().join("citecheck.toml"), CONFIG).unwrap();
    dir
}

/// `citecheck fetch ARGS` in `root`, with no proxy settings inherited (the requests must go
/// straight to 127.0.0.1) and a fixed retrieval time.
fn fetch(root: &Path, args: &[&str]) -> Run {
    let mut all = vec!["fetch", "--retrieved-at", "2026-01-02T03:04:05Z"];
    all.extend_from_slice(args);
    let mut cmd = command(root, &all);
    for var in [
        "http_proxy",
        "HTTP_PROXY",
        "https_proxy",
        "HTTPS_PROXY",
        "all_proxy",
        "ALL_PROXY",
    ] {
        cmd.env_remove(var);
    }
    finish(&mut cmd)
}

#[track_caller]
fn expect(run: &Run, code: i32) {
    assert_eq!(
        run.code, code,
        "exit {}\nstdout:\n{}\nstderr:\n{}",
        run.code, run.stdout, run.stderr
    );
}

/// Everything in the project (path, SHA-256), to show a refused fetch wrote nothing.
fn snapshot(root: &Path) -> Vec<(String, String)> {
    hash_tree(root)
}

fn config(root: &Path) -> String {
    std::fs::read_to_string(root.join("citecheck.toml")).unwrap()
}

/// citecheck.toml's `[sources."NAME"]` table.
fn provenance(root: &Path, name: &str) -> toml::Table {
    let doc: toml::Table = toml::from_str(&config(root)).expect("citecheck.toml parses");
    doc["sources"][name]
        .as_table()
        .unwrap_or_else(|| panic!("no [sources.\"{name}\"] in\n{}", config(root)))
        .clone()
}

/// The lock's entry for `name`.
fn pin(root: &Path, name: &str) -> toml::Table {
    let text = std::fs::read_to_string(root.join("citecheck.lock")).expect("lock written");
    let doc: toml::Table = toml::from_str(&text).expect("lock parses");
    doc["source"]
        .as_array()
        .expect("[[source]]")
        .iter()
        .filter_map(|s| s.as_table())
        .find(|s| s["path"].as_str() == Some(name))
        .unwrap_or_else(|| panic!("{name} not in the lock:\n{text}"))
        .clone()
}

// ---------------------------------------------------------------------------- the tests

const PAGE: &str =
    "<!doctype html><html><body><article><p>The page as cited.</p></article></body></html>\n";

#[test]
fn a_page_is_saved_with_its_provenance_and_pinned() {
    let server = Server::start();
    server.set(
        "/news/story",
        Reply::Doc {
            status: 200,
            content_type: Some("text/html; charset=utf-8"),
            body: PAGE.as_bytes().to_vec(),
            etag: Some("\"abc\"".into()),
            last_modified: Some("Tue, 01 Dec 2025 10:00:00 GMT"),
            no_length: false,
        },
    );
    let dir = project();
    let root = dir.path();
    let url = server.url("/news/story");
    let run = fetch(
        root,
        &[
            &url,
            "--version-url",
            "https://web.archive.org/web/20251201000000/https://example.org/news/story",
            "--version-date",
            "2025-12-01",
        ],
    );
    expect(&run, 0);
    let name = server.name("/news/story.html");
    assert!(
        run.stdout.contains(&format!("-> sources/{name}")),
        "{}",
        run.stdout
    );
    assert_eq!(
        std::fs::read(root.join("sources").join(&name)).unwrap(),
        PAGE.as_bytes()
    );

    let p = provenance(root, &name);
    assert_eq!(p["url"].as_str(), Some(url.as_str()));
    assert_eq!(p["final_url"].as_str(), Some(url.as_str()));
    assert_eq!(p["http_status"].as_integer(), Some(200));
    assert_eq!(p["content_type"].as_str(), Some("text/html; charset=utf-8"));
    assert_eq!(p["etag"].as_str(), Some("\"abc\""));
    assert_eq!(
        p["last_modified"].as_str(),
        Some("Tue, 01 Dec 2025 10:00:00 GMT")
    );
    assert_eq!(p["retrieved"].as_str(), Some("2026-01-02T03:04:05Z"));
    assert_eq!(p["version_date"].as_str(), Some("2025-12-01"));
    assert!(p["version_url"]
        .as_str()
        .unwrap()
        .starts_with("https://web.archive.org/"));
    // The user's file is kept as written; the provenance comes after it.
    assert!(config(root).starts_with(CONFIG), "{}", config(root));

    let lock = pin(root, &name);
    assert_eq!(
        lock["sha256"].as_str(),
        Some(sha256_hex(PAGE.as_bytes()).as_str())
    );
    assert_eq!(lock["bytes"].as_integer(), Some(PAGE.len() as i64));
    assert_eq!(lock["url"].as_str(), Some(url.as_str()));
    assert_eq!(lock["retrieved"].as_str(), Some("2026-01-02T03:04:05Z"));

    // The project checks against its new lock.
    let run = finish(&mut command(root, &["check", "--locked"]));
    expect(&run, 0);

    // The same name again is refused: only `--refresh --update` replaces a fetched source.
    let before = snapshot(root);
    let run = fetch(root, &[&url]);
    expect(&run, 2);
    assert!(run.stderr.contains("already fetched"), "{}", run.stderr);
    assert!(run.stderr.contains("--refresh --update"), "{}", run.stderr);
    assert_eq!(snapshot(root), before);
}

#[test]
fn pdfs_are_named_by_their_content_not_their_address() {
    let server = Server::start();
    // A real PDF (three pages of the cable, made by tests/pdf_writer): what fetch saves must
    // be a document `check` can read.
    let pdf = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fuzz_cases/extract_pdf/seed-cable-3-pages.pdf"),
    )
    .expect("the committed seed PDF");
    server.set("/files/cable", doc("application/pdf", &pdf));
    server.set("/get.php?id=7", doc("application/octet-stream", &pdf));
    let dir = project();
    let root = dir.path();

    expect(&fetch(root, &[&server.url("/files/cable")]), 0);
    let name = server.name("/files/cable.pdf");
    assert_eq!(
        std::fs::read(root.join("sources").join(&name)).unwrap(),
        pdf
    );
    assert_eq!(
        provenance(root, &name)["content_type"].as_str(),
        Some("application/pdf")
    );
    assert_eq!(
        pin(root, &name)["sha256"].as_str(),
        Some(sha256_hex(&pdf).as_str())
    );

    // No useful Content-Type: the %PDF- header says what it is.
    expect(&fetch(root, &[&server.url("/get.php?id=7")]), 0);
    assert!(root
        .join("sources")
        .join(server.name("/get.php_id_7.pdf"))
        .is_file());

    // A PDF under a name that is not .pdf, or a page under a .pdf name, is refused.
    server.set("/paywall", doc("text/html", PAGE.as_bytes()));
    let before = snapshot(root);
    let run = fetch(root, &[&server.url("/paywall"), "--as", "report.pdf"]);
    expect(&run, 2);
    assert!(run.stderr.contains("not a PDF"), "{}", run.stderr);
    let run = fetch(root, &[&server.url("/files/cable"), "--as", "cable.txt"]);
    expect(&run, 2);
    assert!(run.stderr.contains("sent a PDF"), "{}", run.stderr);
    assert_eq!(snapshot(root), before);
    // A PDF with no readable text (a shell of a file) is not saved: `check` could not read it.
    let junk =
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n".to_vec();
    server.set("/files/junk", doc("application/pdf", &junk));
    let before = snapshot(root);
    let run = fetch(root, &[&server.url("/files/junk")]);
    expect(&run, 2);
    assert!(
        run.stderr.contains("cannot be read as pdf"),
        "{}",
        run.stderr
    );
    assert_eq!(snapshot(root), before);
}

#[test]
fn redirects_are_followed_and_the_final_url_recorded() {
    let server = Server::start();
    server.set("/old", Reply::Redirect("/moved/new".into()));
    server.set("/moved/new", doc("text/html", PAGE.as_bytes()));
    // Five redirects are followed; a sixth is one too many.
    for i in 1..=6 {
        server.set(&format!("/r{i}"), Reply::Redirect(format!("/r{}", i + 1)));
    }
    server.set("/r7", doc("text/plain", b"the end of the chain\n"));
    let dir = project();
    let root = dir.path();

    let run = fetch(root, &[&server.url("/old"), "--as", "moved.html"]);
    expect(&run, 0);
    let p = provenance(root, "moved.html");
    assert_eq!(p["url"].as_str(), Some(server.url("/old").as_str()));
    assert_eq!(
        p["final_url"].as_str(),
        Some(server.url("/moved/new").as_str())
    );
    assert!(run.stdout.contains("final URL"), "{}", run.stdout);

    expect(&fetch(root, &[&server.url("/r2"), "--as", "five.txt"]), 0);
    assert_eq!(
        provenance(root, "five.txt")["final_url"].as_str(),
        Some(server.url("/r7").as_str())
    );

    let before = snapshot(root);
    let run = fetch(root, &[&server.url("/r1"), "--as", "six.txt"]);
    expect(&run, 2);
    assert!(
        run.stderr.contains("more than 5 redirects"),
        "{}",
        run.stderr
    );
    server.set("/loop", Reply::Redirect("/loop".into()));
    let run = fetch(root, &[&server.url("/loop")]);
    expect(&run, 2);
    assert!(run.stderr.contains("redirects"), "{}", run.stderr);
    assert_eq!(snapshot(root), before);
}

#[test]
fn error_statuses_write_nothing() {
    let server = Server::start();
    server.set(
        "/broken",
        Reply::Doc {
            status: 500,
            content_type: Some("text/html"),
            body: b"<p>oops</p>".to_vec(),
            etag: None,
            last_modified: None,
            no_length: false,
        },
    );
    let dir = project();
    let root = dir.path();
    let before = snapshot(root);
    let run = fetch(root, &[&server.url("/nothing-here")]);
    expect(&run, 2);
    assert!(run.stderr.contains("404 Not Found"), "{}", run.stderr);
    assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
    let run = fetch(root, &[&server.url("/broken"), "--as", "b.html"]);
    expect(&run, 2);
    assert!(run.stderr.contains("500"), "{}", run.stderr);
    assert_eq!(snapshot(root), before);
    assert!(!root.join("citecheck.lock").exists());
}

#[test]
fn a_stalled_server_times_out() {
    let server = Server::start();
    server.set("/slow", Reply::Stall);
    let dir = project();
    let root = dir.path();
    let before = snapshot(root);
    // The server says nothing for 10 s; the run must end on its own timeout, not the
    // server's close (which would be another error).
    let run = fetch(root, &[&server.url("/slow"), "--timeout", "0.5"]);
    expect(&run, 2);
    assert!(run.stderr.contains("timed out"), "{}", run.stderr);
    assert_eq!(snapshot(root), before);
}

#[test]
fn a_server_dripping_bytes_is_cut_off_by_the_whole_downloads_limit() {
    let server = Server::start();
    server.set("/drip", Reply::Drip);
    let dir = project();
    let root = dir.path();
    let before = snapshot(root);
    // Each read gets a byte within 0.1 s, well inside --timeout; only --max-time ends it.
    let run = fetch(
        root,
        &[&server.url("/drip"), "--timeout", "5", "--max-time", "1"],
    );
    expect(&run, 2);
    assert!(
        run.stderr.contains("timed out (in all) after 1 s"),
        "{}",
        run.stderr
    );
    assert_eq!(snapshot(root), before);
}

#[test]
fn a_body_over_the_limit_is_abandoned_while_streaming() {
    let server = Server::start();
    let (tx, rx) = mpsc::channel();
    *server.sent.lock().unwrap() = Some(tx);
    let big = vec![b'a'; 32 << 20];
    server.set(
        "/huge",
        Reply::Doc {
            status: 200,
            content_type: Some("text/plain"),
            body: big.clone(),
            etag: None,
            last_modified: None,
            no_length: true,
        },
    );
    server.set("/declared", doc("text/plain", &big[..200_000]));
    let dir = project();
    let root = dir.path();
    let before = snapshot(root);

    let run = fetch(root, &[&server.url("/huge"), "--max-bytes", "100000"]);
    expect(&run, 2);
    assert!(
        run.stderr.contains("larger than the limit of 100000 bytes"),
        "{}",
        run.stderr
    );
    // The client hung up long before the end: the server could not send it all.
    let sent = rx
        .recv_timeout(Duration::from_secs(20))
        .expect("server done");
    assert!(sent < big.len(), "the whole body was read ({sent} bytes)");

    // A Content-Length over the limit is refused before the body is read.
    let run = fetch(root, &[&server.url("/declared"), "--max-bytes", "100000"]);
    expect(&run, 2);
    assert!(
        run.stderr.contains("larger than the limit"),
        "{}",
        run.stderr
    );
    assert_eq!(snapshot(root), before);

    // Exactly at the limit is fine.
    let run = fetch(root, &[&server.url("/declared"), "--max-bytes", "200000"]);
    expect(&run, 0);
}

#[test]
fn urls_and_names_that_must_be_refused_are_refused_before_any_request() {
    let server = Server::start();
    server.set("/page", doc("text/html", PAGE.as_bytes()));
    let dir = project();
    let root = dir.path();
    std::fs::write(
        root.join("sources/speech.txt"),
        "A speech a person saved.\n",
    )
    .unwrap();
    let before = snapshot(root);

    for (url, says) in [
        ("file:///etc/passwd", "only http and https"),
        ("ftp://127.0.0.1/x", "only http and https"),
        ("127.0.0.1/page", "starting with https://"),
        ("http://user:secret@127.0.0.1/page", "password"),
    ] {
        let run = fetch(root, &[url]);
        expect(&run, 2);
        assert!(run.stderr.contains(says), "{url}: {}", run.stderr);
    }
    let url = server.url("/page");
    for (name, says) in [
        ("../x.html", "`..`"),
        ("a/../../x.html", "`..`"),
        ("/tmp/x.html", "relative path"),
        (".hidden.html", "hidden"),
        ("page.exe", "does not read `.exe`"),
        ("speech.txt", "was not fetched"),
    ] {
        let run = fetch(root, &[&url, "--as", name]);
        expect(&run, 2);
        assert!(run.stderr.contains(says), "--as {name}: {}", run.stderr);
    }
    // A folder of sources/ that links out of the project is no way out either.
    #[cfg(unix)]
    {
        let outside = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), root.join("sources/out")).unwrap();
        let run = fetch(root, &[&url, "--as", "out/x.html"]);
        expect(&run, 2);
        assert!(
            run.stderr.contains("leads outside sources/"),
            "{}",
            run.stderr
        );
        assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
        std::fs::remove_file(root.join("sources/out")).unwrap();
    }
    for (flag, value) in [
        ("--version-url", "not a url"),
        ("--version-date", "last week"),
    ] {
        let run = fetch(root, &[&url, flag, value]);
        expect(&run, 2);
        assert!(run.stderr.contains(flag), "{}", run.stderr);
    }
    assert!(server.requests().is_empty(), "{:?}", server.requests());
    assert_eq!(snapshot(root), before);

    // `--refresh` of a source that was not fetched is refused too.
    let run = fetch(root, &["--refresh", "speech.txt"]);
    expect(&run, 2);
    assert!(
        run.stderr.contains("not a fetched source"),
        "{}",
        run.stderr
    );
    assert_eq!(snapshot(root), before);

    // citecheck.toml is part of the tree: a recorded name that leaves sources/ is refused
    // before anything is requested.
    let hostile = format!("{CONFIG}\n[sources.\"../escape.txt\"]\nurl = \"{url}\"\n");
    std::fs::write(root.join("citecheck.toml"), hostile).unwrap();
    let before = snapshot(root);
    let run = fetch(root, &["--refresh", "--update"]);
    expect(&run, 2);
    assert!(run.stderr.contains("`..`"), "{}", run.stderr);
    assert!(server.requests().is_empty(), "{:?}", server.requests());
    assert_eq!(snapshot(root), before);
    assert!(!root.join("escape.txt").exists());
}

#[test]
fn refresh_reports_a_change_and_update_takes_it() {
    let server = Server::start();
    let v1 = b"The first version of the statement.\n";
    // The new version keeps the quoted words: only the pin tells it changed.
    let v2 = b"The first version of the statement.\nA paragraph added later.\n";
    let versioned = |body: &[u8], etag: &str| Reply::Doc {
        status: 200,
        content_type: Some("text/plain; charset=utf-8"),
        body: body.to_vec(),
        etag: Some(etag.into()),
        last_modified: None,
        no_length: false,
    };
    server.set("/statement", versioned(v1, "\"v1\""));
    server.set("/other", doc("text/html", PAGE.as_bytes()));
    let dir = project();
    let root = dir.path();
    // The user declared a title (with a comment) before fetching: both stay.
    let declared = format!(
        "{CONFIG}\n[sources.\"statement.txt\"]\ntitle = \"The statement\"  # as cited in ch. 2\n"
    );
    std::fs::write(root.join("citecheck.toml"), &declared).unwrap();
    expect(
        &fetch(root, &[&server.url("/statement"), "--as", "statement.txt"]),
        0,
    );
    expect(
        &fetch(root, &[&server.url("/other"), "--as", "other.html"]),
        0,
    );
    assert!(config(root).contains("title = \"The statement\"  # as cited in ch. 2"));
    // A quote pinned to the bytes as fetched.
    std::fs::write(
        root.join("claims/c.toml"),
        format!(
            "[[quote]]\nid = \"first\"\nsource = \"statement.txt\"\ntext = \"The first version \
             of the statement.\"\nsha256 = \"{}\"\n",
            sha256_hex(v1)
        ),
    )
    .unwrap();
    let run = finish(&mut command(
        root,
        &["check", "--locked", "--format", "json"],
    ));
    expect(&run, 0);
    assert!(
        run.stdout.contains("\"status\": \"verified\""),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains("\"source_changed\": true"),
        "{}",
        run.stdout
    );

    // Unchanged: the recorded ETag is sent, the server answers 304.
    let run = fetch(root, &["--refresh"]);
    expect(&run, 0);
    assert!(
        run.stdout
            .contains("unchanged     statement.txt  (304 Not Modified)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("unchanged     other.html"),
        "{}",
        run.stdout
    );
    assert!(server
        .requests()
        .iter()
        .any(|r| r.contains("/statement")
            && r.to_ascii_lowercase().contains("if-none-match: \"v1\"")));

    server.set("/statement", versioned(v2, "\"v2\""));
    let before = snapshot(root);
    let run = fetch(root, &["--refresh"]);
    expect(&run, 1);
    assert!(
        run.stdout.contains("changed       statement.txt"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("--refresh --update"), "{}", run.stdout);
    assert_eq!(snapshot(root), before, "--refresh alone writes nothing");

    // Named: only that source is fetched.
    let asked = server.requests().len();
    let run = fetch(root, &["--refresh", "other.html"]);
    expect(&run, 0);
    assert_eq!(server.requests().len(), asked + 1);

    let run = fetch(root, &["--refresh", "--update"]);
    expect(&run, 0);
    assert!(
        run.stdout.contains("updated       statement.txt"),
        "{}",
        run.stdout
    );
    assert_eq!(
        std::fs::read(root.join("sources/statement.txt")).unwrap(),
        v2
    );
    let p = provenance(root, "statement.txt");
    assert_eq!(p["etag"].as_str(), Some("\"v2\""));
    assert_eq!(p["title"].as_str(), Some("The statement"));
    assert!(config(root).starts_with(&declared[..CONFIG.len()]));
    assert!(config(root).contains("title = \"The statement\"  # as cited in ch. 2"));
    assert_eq!(
        pin(root, "statement.txt")["sha256"].as_str(),
        Some(sha256_hex(v2).as_str())
    );
    // The lock holds the new bytes; the quote's own pin still names the old ones.
    let run = finish(&mut command(
        root,
        &["check", "--locked", "--format", "json"],
    ));
    expect(&run, 0);
    assert!(
        run.stdout.contains("\"source_changed\": true"),
        "{}",
        run.stdout
    );
    let run = finish(&mut command(
        root,
        &["check", "--locked", "--fail-on", "source_changed"],
    ));
    expect(&run, 1);

    // Changed back by hand: the file no longer matches its pin, so no 304 is accepted; the
    // whole document is compared.
    std::fs::write(root.join("sources/statement.txt"), v1).unwrap();
    let run = fetch(root, &["--refresh", "statement.txt"]);
    expect(&run, 1);
    assert!(
        run.stdout.contains("changed       statement.txt"),
        "{}",
        run.stdout
    );

    // A source whose server now fails is reported, not lost.
    server.routes.lock().unwrap().remove("/other");
    let run = fetch(root, &["--refresh", "other.html"]);
    expect(&run, 2);
    assert!(
        run.stdout.contains("failed        other.html"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("404"), "{}", run.stdout);
}
