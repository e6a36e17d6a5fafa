//! The HTML report in a real browser: headless Chromium renders the example project's report
//! (with a hostile quote injected), and the DOM it dumps must hold the counts, a diff mark, the
//! duplicated passages with their diffs, and the script text as text. The screenshot lands in `target/tmp/browser/report.png`.
//! Outside CI, without Chromium, the test is reported `ignored` (its own harness, libtest-mimic,
//! decides before running it, so a skip never reads as `ok`); under CI (`CI` set to anything
//! but `false`/`0`; .ci/run sets it and installs Chromium) a missing browser fails the test.

use std::path::Path;
use std::process::Command;

use citecheck::report::reporter;
use citecheck::CheckOptions;
use citecheck::Format;
use libtest_mimic::{Arguments, Trial};

/// The browsers tests/browser.sh looks for, in its order.
const BROWSERS: [&str; 4] = [
    "chromium",
    "chromium-browser",
    "google-chrome-stable",
    "google-chrome",
];

fn on_path(name: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(name).is_file()))
}

fn under_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !["", "0", "false"].contains(&v.as_str()))
}

fn main() {
    let args = Arguments::from_args();
    let name = "html_report_renders_in_chromium";
    let has_browser = BROWSERS.iter().any(|b| on_path(b));
    let trial = Trial::test(name, || {
        html_report_renders_in_chromium();
        Ok(())
    });
    // Without a browser, outside CI: ignored, with the reason in the test's label.
    let trial = if has_browser || under_ci() {
        trial
    } else {
        eprintln!(
            "{name}: chromium is not installed (apt-get install -y chromium); \
             reported as ignored here, failing under CI"
        );
        trial.with_ignored_flag(true).with_kind("no chromium")
    };
    libtest_mimic::run(&args, vec![trial]).exit();
}

fn html_report_renders_in_chromium() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let project = citecheck::open(root).expect("example project");
    let mut report = citecheck::check(&project, &CheckOptions::default()).expect("checks");
    let hostile = report
        .results
        .iter_mut()
        .find(|r| r.id == "want-power")
        .expect("entry");
    hostile.text =
        "<script>document.body.setAttribute('data-pwned','1')</script> they just want power".into();
    hostile.note = Some("<img src=x onerror=\"document.title='pwned'\">".into());
    let html = reporter(Format::Html).render(&report);

    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let page = dir.join("report.html");
    std::fs::write(&page, &html).expect("write page");
    let status = Command::new("bash")
        .arg(root.join("tests/browser.sh"))
        .arg(&page)
        .arg(&dir)
        .status()
        .expect("bash runs");
    // Run although no browser was found: under CI (which installs one), or asked for with
    // `--ignored`. Either way a missing browser is a failure here, never a pass.
    assert_ne!(
        status.code(),
        Some(77),
        "chromium is not installed{}",
        if under_ci() {
            " but CI is set: .ci/run must install it"
        } else {
            ""
        }
    );
    assert!(status.success(), "browser.sh failed; see {}", dir.display());
    let dom = std::fs::read_to_string(dir.join("dom.html")).expect("dom dumped");

    // Counts: one card per entry, the summary numbers as rendered (from the report, which
    // the other tests pin).
    assert_eq!(
        dom.matches("<article class=\"card").count(),
        report.results.len()
    );
    for (status, n) in &report.summary.statuses {
        if *n > 0 {
            let cell = format!(
                "data-status=\"{}\"><span class=\"n\">{n}</span>",
                status.as_str()
            );
            assert!(dom.contains(&cell), "count for {status:?}");
        }
    }
    assert!(dom.contains(&format!(
        "{} failing · {} entries",
        report.summary.failed, report.summary.entries
    )));
    // A diff mark: the word the drifted quote added.
    assert!(dom.contains("than <del>to </del>support it."));
    // The injected markup is text: escaped in the DOM, and nothing of it ran.
    assert!(dom.contains("&lt;script&gt;document.body.setAttribute"));
    assert!(dom.contains("&lt;img src=x onerror="));
    assert!(!dom.contains("data-pwned=\"1\""));
    assert!(!dom.contains("<title>pwned"));
    // Provenance: every source with its hash.
    for s in &report.sources {
        assert!(dom.contains(&s.sha256), "{}", s.path);
    }
    // Duplicated passages: one block per cluster, the drifted summary paragraph's diff marking
    // exactly its changed words, and the quote cards naming their other copies.
    assert!(dom.contains("<section id=\"duplicates\"><h2>Duplicated passages</h2>"));
    assert_eq!(
        dom.matches("<article class=\"dup").count(),
        report.duplicates.len()
    );
    assert!(report.duplicates.len() >= 5);
    assert!(dom.contains("has <del>not </del><ins>no </ins>significant"));
    assert!(dom.contains("for <del>this </del><ins>the </ins>group"));
    let card = &dom[dom.find("id=\"entry-summary-says\"").expect("card")..];
    let card = &card[..card.find("</article>").expect("card end")];
    assert!(card.contains("copies differ"));
    assert!(card.contains("<li class=\"differs\"><code>sources/cable.txt</code> line 3"));
    // Cards fold: failing and warning ones open, passing ones closed (their summary line
    // only), as the browser parsed them.
    let not_passing = report
        .results
        .iter()
        .filter(|r| r.severity() != citecheck::model::Severity::Pass)
        .count();
    assert_eq!(
        dom.matches("<details open=\"\"><summary>").count(),
        not_passing
    );
    assert_eq!(
        dom.matches("<details><summary>").count(),
        report.results.len() - not_passing
    );
    let png = std::fs::metadata(dir.join("report.png")).expect("screenshot");
    assert!(png.len() > 10_000, "screenshot suspiciously small");
}
