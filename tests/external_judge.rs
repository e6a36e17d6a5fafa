//! The external judge (`[claims] judge`): the binary run on the bundled example (and one small
//! project of its own) with a judge script written by the test. The script answers
//! `contradicted` for the claim id it is given and `supported` for every other, logs each call
//! (its mode and how many claims it was asked about) to judge.log, and misbehaves on request:
//! exits 1, prints garbage, sleeps past the timeout, leaves a claim out, names a claim it was
//! not asked about, or answers a status that does not exist.

mod common;

use std::path::Path;

use common::{command, example_sandbox, finish, result, run, run_ok, write_files};
use serde_json::Value;

/// The judge: `judge.sh MODE TARGET`.
const JUDGE: &str = r#"#!/bin/sh
mode=$1
target=$2
ids=$(grep -o '"id":"[^"]*"' | sed 's/^"id":"//; s/"$//')
echo "$mode $(echo $ids | wc -w)" >> judge.log
case $mode in
  fail) echo "the judge broke" >&2; exit 1 ;;
  garbage) echo "this is not JSON"; exit 0 ;;
  sleep) exec sleep 10 ;;
esac
printf '{"results": ['
sep=''
for id in $ids; do
  status=supported
  if [ "$id" = "$target" ]; then
    case $mode in
      omit) continue ;;
      badstatus) status=maybe ;;
      *) status=contradicted ;;
    esac
  fi
  printf '%s{"id": "%s", "status": "%s", "score": 0.75, "rationale": "said the test judge"}' "$sep" "$id" "$status"
  sep=', '
done
if [ "$mode" = unknown ]; then
  printf '%s{"id": "no-such-claim", "status": "supported"}' "$sep"
fi
printf ']}\n'
"#;

/// Write the judge script into `root` and configure it with `args` (and `timeout`, if any).
fn install_judge(root: &Path, args: &[&str], timeout: Option<u64>) {
    let path = root.join("judge.sh");
    std::fs::write(&path, JUDGE).expect("write judge");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    let mut command = vec!["./judge.sh".to_string()];
    command.extend(args.iter().map(|a| a.to_string()));
    let mut toml = std::fs::read_to_string(root.join("citecheck.toml")).unwrap_or_default();
    toml.push_str(&format!(
        "\n[claims]\njudge = {}\n",
        serde_json::to_string(&command).expect("json")
    ));
    if let Some(t) = timeout {
        toml.push_str(&format!("judge_timeout = {t}\n"));
    }
    std::fs::write(root.join("citecheck.toml"), toml).expect("write citecheck.toml");
}

/// The judge's calls so far: one `MODE CLAIMS` line each.
fn calls(root: &Path) -> Vec<String> {
    std::fs::read_to_string(root.join("judge.log"))
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect()
}

fn json(stdout: &str) -> Value {
    serde_json::from_str(stdout).expect("JSON report")
}

/// The results the judge is asked about: claims the rules judged supported, contradicted or
/// unsupported.
fn judged_ids(report: &Value) -> Vec<String> {
    report["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter(|r| {
            r["kind"] == "claim"
                && ["supported", "contradicted", "unsupported"]
                    .contains(&r["status"].as_str().expect("status"))
        })
        .map(|r| r["id"].as_str().expect("id").to_string())
        .collect()
}

/// The example without a judge, and the first claim the rules call supported.
fn baseline(root: &Path) -> (Value, String) {
    let before = run(root, &["check", "--allow-judge", "--format", "json"]);
    let before = json(&before.stdout);
    let target = before["results"]
        .as_array()
        .expect("results")
        .iter()
        .find(|r| r["kind"] == "claim" && r["status"] == "supported")
        .expect("the example has a supported claim")["id"]
        .as_str()
        .expect("id")
        .to_string();
    (before, target)
}

#[test]
fn the_stricter_of_the_rules_and_the_judge_decides() {
    let dir = example_sandbox();
    let root = dir.path();
    let (before, target) = baseline(root);
    install_judge(root, &["ok", &target], None);
    let after = run_ok(root, &["check", "--allow-judge", "--format", "json"], 1);
    let after = json(&after.stdout);
    let asked = judged_ids(&before);
    assert_eq!(calls(root), [format!("ok {}", asked.len())]);

    let t = result(&after, &target);
    assert_eq!(t["status"], "contradicted");
    assert_eq!(t["code"], "claim-contradicted");
    assert_eq!(t["fails"], true);
    assert_eq!(
        t["judge"],
        serde_json::json!({
            "name": "judge.sh",
            "status": "contradicted",
            "score": 0.75,
            "rationale": "said the test judge"
        })
    );
    // The judge said supported of the rest: the rules' status stands, stricter or not.
    for b in before["results"].as_array().expect("results") {
        let id = b["id"].as_str().expect("id");
        let a = result(&after, id);
        if id == target {
            continue;
        }
        assert_eq!(a["status"], b["status"], "{id}");
        assert_eq!(a["fails"], b["fails"], "{id}");
        if asked.iter().any(|x| x == id) {
            assert_eq!(a["judge"]["status"], "supported", "{id}");
            assert_eq!(a["judge"]["name"], "judge.sh", "{id}");
        } else {
            assert!(a.get("judge").is_none(), "{id} was not asked: {a}");
        }
    }
    let count = |r: &Value, s: &str| r["summary"]["statuses"][s].as_u64().expect("count");
    assert_eq!(
        count(&after, "contradicted"),
        count(&before, "contradicted") + 1
    );
    assert_eq!(count(&after, "supported"), count(&before, "supported") - 1);
    assert_eq!(
        after["summary"]["failed"].as_u64(),
        before["summary"]["failed"].as_u64().map(|f| f + 1)
    );
}

/// A project whose two claims the rules support: the run passes until the judge contradicts one.
#[test]
fn a_contradicting_judge_fails_a_run_the_rules_pass() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    write_files(
        root,
        &[
            ("citecheck.toml", "[check]\n"),
            (
                "sources/filing.txt",
                "The company reported revenue of 12 million dollars in 2020.\n\
                 Its chief executive resigned in March after the audit.\n",
            ),
            (
                "claims/filing.toml",
                "[[claim]]\nid = \"revenue\"\nsource = \"filing.txt\"\n\
                 text = \"The company reported revenue of 12 million dollars in 2020.\"\n\
                 lines = [1, 1]\n\n\
                 [[claim]]\nid = \"resigned\"\nsource = \"filing.txt\"\n\
                 text = \"Its chief executive resigned in March after the audit.\"\n\
                 lines = [2, 2]\n",
            ),
        ],
    );
    let plain = run_ok(root, &["check", "--allow-judge", "--format", "json"], 0);
    assert_eq!(judged_ids(&json(&plain.stdout)), ["revenue", "resigned"]);
    install_judge(root, &["ok", "resigned"], None);
    let judged = run_ok(root, &["check", "--allow-judge", "--format", "json"], 1);
    let report = json(&judged.stdout);
    assert_eq!(result(&report, "revenue")["status"], "supported");
    assert_eq!(result(&report, "revenue")["fails"], false);
    assert_eq!(result(&report, "resigned")["status"], "contradicted");
    assert_eq!(result(&report, "resigned")["fails"], true);
    assert_eq!(report["summary"]["failed"], 1);
    // The text format renders a judged report and exits the same way.
    run_ok(root, &["check", "--allow-judge"], 1);
}

#[test]
fn answers_are_cached_and_not_asked_again() {
    let dir = example_sandbox();
    let root = dir.path();
    let (before, target) = baseline(root);
    let asked = judged_ids(&before).len();
    install_judge(root, &["ok", &target], None);
    let first = run_ok(root, &["check", "--allow-judge", "--format", "json"], 1);
    let second = run_ok(root, &["check", "--allow-judge", "--format", "json"], 1);
    assert_eq!(
        calls(root),
        [format!("ok {asked}")],
        "the second run asked again"
    );
    assert_eq!(
        first.stdout, second.stdout,
        "a cached answer reports the same"
    );

    let cache = root.join(".citecheck/cache/judge");
    let mut files: Vec<_> = std::fs::read_dir(&cache)
        .expect("cache folder")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    assert!(!files.is_empty() && files.len() <= asked, "{files:?}");
    for f in &files {
        let name = f.file_name().expect("name").to_string_lossy().into_owned();
        assert!(
            name.len() == 64 + ".bin".len() && name.ends_with(".bin"),
            "{name}"
        );
    }
    assert!(common::temp_leftovers(root).is_empty());

    // A damaged entry is ignored: that one claim is asked again, and its entry rewritten.
    let kept = std::fs::read(&files[0]).expect("entry");
    std::fs::write(&files[0], "{ not json").expect("corrupt");
    let third = run_ok(root, &["check", "--allow-judge", "--format", "json"], 1);
    assert_eq!(calls(root)[1..], [String::from("ok 1")]);
    assert_eq!(first.stdout, third.stdout);
    assert_eq!(std::fs::read(&files[0]).expect("rewritten"), kept);

    // An answer someone else signed (what a pull request could commit: the same entry under
    // another secret, saying whatever it likes) is asked again, never believed.
    let payload = &kept[kept.iter().position(|&b| b == b'\n').unwrap() + 1..];
    let payload = &payload[payload.iter().position(|&b| b == b'\n').unwrap() + 1..];
    let key = files[0].file_stem().unwrap().to_string_lossy().into_owned();
    let forged = String::from_utf8(payload.to_vec())
        .unwrap()
        .replace("\"contradicted\"", "\"supported\"")
        .replace("\"unsupported\"", "\"supported\"");
    let root_c = root.canonicalize().unwrap();
    citecheck::cache::Cache::with_secret(
        &root_c,
        Some(citecheck::cache::Secret::from_text("attacker")),
    )
    .put("judge", &key, forged.as_bytes());
    let fourth = run_ok(root, &["check", "--allow-judge", "--format", "json"], 1);
    assert_eq!(calls(root)[2..], [String::from("ok 1")]);
    assert_eq!(first.stdout, fourth.stdout);
    // `--no-cache`: every claim asked, nothing read or written.
    std::fs::remove_dir_all(&cache).unwrap();
    let fifth = run_ok(
        root,
        &["check", "--allow-judge", "--format", "json", "--no-cache"],
        1,
    );
    assert_eq!(calls(root)[3..], [format!("ok {asked}")]);
    assert_eq!(first.stdout, fifth.stdout);
    assert!(!cache.exists());
}

/// Run the example with the judge in `mode`: exit 2, nothing reported, an error naming the
/// judge and the config key, and nothing cached.
#[track_caller]
fn fails_closed(mode: &str, timeout: Option<u64>, expect: &str) {
    let dir = example_sandbox();
    let root = dir.path();
    let (_, target) = baseline(root);
    install_judge(root, &[mode, &target], timeout);
    let r = run_ok(root, &["check", "--allow-judge", "--format", "json"], 2);
    assert!(
        r.stdout.is_empty(),
        "reported on a failed judge: {}",
        r.stdout
    );
    assert!(
        r.stderr.contains("the external judge `judge.sh`")
            && r.stderr.contains("[claims] judge")
            && r.stderr.contains(expect),
        "{mode}: {}",
        r.stderr
    );
    assert!(
        !root.join(".citecheck/cache/judge").exists(),
        "{mode} cached"
    );
    // `report` fails the same way (not repeated for the timeout, to keep that test short).
    // Allowed here by the environment instead of the flag.
    if timeout.is_none() {
        let r = finish(command(root, &["report"]).env("CITECHECK_ALLOW_JUDGE", "1"));
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(r.stderr.contains("the external judge `judge.sh`"));
    }
}

#[test]
fn a_judge_that_exits_non_zero_fails_the_run() {
    fails_closed(
        "fail",
        None,
        "exited with status 1; its stderr ends: the judge broke",
    );
}

#[test]
fn a_judge_that_answers_garbage_fails_the_run() {
    fails_closed("garbage", None, "not the expected JSON");
}

#[test]
fn a_judge_that_outlives_its_timeout_is_stopped_and_fails_the_run() {
    let start = std::time::Instant::now();
    fails_closed("sleep", Some(1), "did not answer within 1 s");
    // Stopped after about a second, not after the judge's ten.
    assert!(start.elapsed().as_secs_f64() < 4.0, "{:?}", start.elapsed());
}

#[test]
fn a_judge_that_leaves_a_claim_out_fails_the_run() {
    fails_closed("omit", None, "left out 1 of the");
}

#[test]
fn a_judge_that_answers_an_unknown_id_fails_the_run() {
    fails_closed(
        "unknown",
        None,
        "`no-such-claim`, a claim it was not asked about",
    );
}

#[test]
fn a_judge_that_answers_an_invalid_status_fails_the_run() {
    fails_closed("badstatus", None, "answered status `maybe`");
}

#[test]
fn a_judge_that_cannot_start_fails_the_run() {
    let dir = example_sandbox();
    let root = dir.path();
    let mut toml = std::fs::read_to_string(root.join("citecheck.toml")).expect("read");
    toml.push_str("\n[claims]\njudge = [\"./no-such-judge\"]\n");
    std::fs::write(root.join("citecheck.toml"), toml).expect("write");
    let r = run_ok(root, &["check", "--allow-judge", "--format", "json"], 2);
    assert!(r.stdout.is_empty());
    assert!(
        r.stderr.contains("the external judge `no-such-judge`")
            && r.stderr.contains("could not be started"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_zero_timeout_is_bad_input() {
    let dir = example_sandbox();
    let root = dir.path();
    install_judge(root, &["ok", "none"], Some(0));
    let r = run_ok(root, &["check", "--allow-judge", "--format", "json"], 2);
    assert!(r.stdout.is_empty());
    assert!(
        r.stderr.contains("`claims.judge_timeout` is 0"),
        "{}",
        r.stderr
    );
    assert!(calls(root).is_empty(), "the judge ran");
}

/// The line (1-based) of `judge = ` in the project's citecheck.toml.
fn judge_line(root: &Path) -> usize {
    let toml = std::fs::read_to_string(root.join("citecheck.toml")).expect("read");
    toml.lines()
        .position(|l| l.starts_with("judge = "))
        .expect("judge line")
        + 1
}

#[test]
fn a_judge_the_user_did_not_allow_is_never_run() {
    let dir = example_sandbox();
    let root = dir.path();
    let (_, target) = baseline(root);
    install_judge(root, &["ok", &target], None);
    let at = format!("citecheck.toml:{}:9", judge_line(root));
    let refused = |r: &common::Run, what: &str| {
        assert_eq!(r.code, 2, "{what}: {}", r.stderr);
        assert!(r.stdout.is_empty(), "{what} reported: {}", r.stdout);
        assert!(
            r.stderr.contains(&at)
                && r.stderr.contains("the project asks to run the program")
                && r.stderr.contains("judge.sh")
                && r.stderr.contains("--allow-judge")
                && r.stderr.contains("CITECHECK_ALLOW_JUDGE=1"),
            "{what}: {}",
            r.stderr
        );
        // The judge logs every call to judge.log: the file was never created.
        assert!(!root.join("judge.log").exists(), "{what} ran the judge");
    };
    refused(&run(root, &["check", "--format", "json"]), "check");
    refused(&run(root, &["check", "--no-cache"]), "check --no-cache");
    refused(&run(root, &["report"]), "report");
    // Only `1` allows it.
    for value in ["0", "", "yes"] {
        let r = finish(command(root, &["check"]).env("CITECHECK_ALLOW_JUDGE", value));
        refused(&r, &format!("CITECHECK_ALLOW_JUDGE={value:?}"));
    }
    // Allowed, it runs.
    run_ok(root, &["check", "--allow-judge"], 1);
    assert_eq!(calls(root).len(), 1);
}

#[test]
fn a_timeout_past_a_day_is_bad_input_not_a_panic() {
    for t in [86_401, u64::from(u32::MAX), i64::MAX as u64] {
        let dir = example_sandbox();
        let root = dir.path();
        install_judge(root, &["ok", "none"], Some(t));
        let line = judge_line(root) + 1;
        let r = run_ok(root, &["check", "--allow-judge", "--format", "json"], 2);
        assert!(r.stdout.is_empty());
        assert!(
            r.stderr.contains(&format!(
                "`claims.judge_timeout` is {t}, outside 1 to 86400"
            )) && r.stderr.contains(&format!("citecheck.toml:{line}:17")),
            "{}",
            r.stderr
        );
        assert!(calls(root).is_empty(), "the judge ran");
    }
    // A day is accepted.
    let dir = example_sandbox();
    let root = dir.path();
    install_judge(root, &["ok", "none"], Some(86_400));
    run_ok(root, &["check", "--allow-judge"], 1);
}
