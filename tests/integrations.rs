//! The places people run checkers: the GitHub Action's script run locally against the example
//! (no network, the binary just built), the pre-commit hook's entry run as pre-commit runs it,
//! shell completions, man pages, `--version`'s commit, the README's install lines, and every
//! subcommand's `--help` (an example in each, no rustdoc link syntax leaking).

mod common;

use std::path::Path;
use std::process::Command;

use common::{copy_example, fixture, repo, run, run_ok, sandbox};
use yaml_rust2::{Yaml, YamlLoader};

// ---------------------------------------------------------------------------- the action

/// `bash scripts/action.sh` as action.yml runs it: inputs in `INPUT_*`, the binary in
/// `CITECHECK`, a fake step summary and output file; nothing from the caller's CI leaks in.
fn action(root: &Path, inputs: &[(&str, &str)]) -> (i32, String, String, String) {
    let work = tempfile::tempdir().expect("tempdir");
    let summary = work.path().join("summary.md");
    let outputs = work.path().join("outputs");
    let mut cmd = Command::new("bash");
    cmd.arg(repo().join("scripts/action.sh"))
        .current_dir(work.path())
        .env("CITECHECK", env!("CARGO_BIN_EXE_citecheck"))
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("GITHUB_OUTPUT", &outputs)
        .env("RUNNER_TEMP", work.path())
        .env("INPUT_ROOT", root)
        .env("NO_COLOR", "1")
        .env("CITECHECK_CACHE_KEY", "citecheck tests")
        .env_remove("CI")
        .env_remove("RAYON_NUM_THREADS");
    for (k, v) in inputs {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("bash runs");
    let read = |p: &Path| std::fs::read_to_string(p).unwrap_or_default();
    let result = (
        out.status.code().expect("exit code"),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        read(&summary),
        read(&outputs),
    );
    // Reports live in RUNNER_TEMP: keep the folder until the caller read the outputs' paths.
    std::mem::forget(work);
    result
}

/// `key=value` of a GITHUB_OUTPUT file.
fn output<'a>(outputs: &'a str, key: &str) -> Option<&'a str> {
    outputs
        .lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix('='))
}

#[test]
fn action_script_annotates_summarises_and_writes_sarif_on_the_example() {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_example(dir.path());
    let (code, stdout, summary, outputs) = action(
        dir.path(),
        &[("INPUT_SARIF", "true"), ("INPUT_FORMAT", "html")],
    );
    // The example holds deliberate failures: the step fails, and says so in its outputs.
    assert_eq!(code, 1, "{stdout}");
    assert_eq!(output(&outputs, "exit-code"), Some("1"), "{outputs}");
    // Annotations: one workflow command per failing entry, on the claims file.
    let errors = stdout.lines().filter(|l| l.starts_with("::error ")).count();
    assert!(errors >= 11, "{stdout}");
    assert!(stdout.contains("claims/cable.toml"), "{stdout}");
    // The job summary holds the Markdown report.
    assert!(
        summary.contains("## citecheck: 11 failing (21 entries, 3 sources)"),
        "{summary}"
    );
    // SARIF, for upload-sarif.
    let sarif = output(&outputs, "sarif").expect("sarif output");
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(sarif).expect("sarif file")).expect("json");
    assert_eq!(sarif["version"], "2.1.0");
    assert!(!sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .is_empty());
    // The report in the requested format.
    let report = output(&outputs, "report").expect("report output");
    assert!(report.ends_with(".html"), "{report}");
    let html = std::fs::read_to_string(report).expect("html report");
    assert!(
        html.starts_with("<!DOCTYPE html>"),
        "{}",
        &html[..80.min(html.len())]
    );
}

#[test]
fn action_script_passes_a_passing_project_and_honours_fail_on_and_fail() {
    let dir = sandbox(&fixture("passing.in"));
    let (code, _, summary, outputs) = action(dir.path(), &[]);
    assert_eq!(code, 0);
    assert_eq!(output(&outputs, "exit-code"), Some("0"));
    assert_eq!(output(&outputs, "sarif"), None, "no SARIF unless asked");
    assert!(summary.contains("citecheck"), "{summary}");
    // `fail-on: relocated` makes its relocated quote fail ...
    let (code, stdout, _, outputs) = action(dir.path(), &[("INPUT_FAIL_ON", "relocated")]);
    assert_eq!(code, 1, "{stdout}");
    assert_eq!(output(&outputs, "exit-code"), Some("1"));
    // ... and `fail: false` keeps the step green while still reporting it.
    let (code, _, _, outputs) = action(
        dir.path(),
        &[("INPUT_FAIL_ON", "relocated"), ("INPUT_FAIL", "false")],
    );
    assert_eq!(code, 0);
    assert_eq!(output(&outputs, "exit-code"), Some("1"));
    // `args` reach citecheck: --locked on a project without a lock fails.
    let (code, _, _, _) = action(dir.path(), &[("INPUT_ARGS", "--locked --no-dups")]);
    assert_eq!(code, 1);
}

#[test]
fn action_script_stops_on_bad_input_with_exit_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (code, stdout, _, outputs) = action(&dir.path().join("nowhere"), &[]);
    assert_eq!(code, 2, "{stdout}");
    assert_eq!(output(&outputs, "exit-code"), Some("2"));
    assert!(stdout.contains("::error title=citecheck::"), "{stdout}");
}

/// The one YAML document of `path` (relative to the repository root), parsed.
fn yaml(path: &str) -> Yaml {
    let text = std::fs::read_to_string(repo().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut docs = YamlLoader::load_from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    assert_eq!(docs.len(), 1, "{path}: one document");
    docs.remove(0)
}

/// Every `run:` and `uses:` of a list of steps.
fn steps(steps: &Yaml, key: &str) -> Vec<String> {
    steps
        .as_vec()
        .expect("steps")
        .iter()
        .filter_map(|s| s[key].as_str().map(str::to_string))
        .collect()
}

#[test]
fn action_yml_runs_the_script_with_every_input_and_a_workflow_uses_it() {
    let action = yaml("action.yml");
    assert_eq!(action["runs"]["using"].as_str(), Some("composite"));
    for input in ["root", "fail-on", "format", "args", "sarif", "fail"] {
        assert!(
            action["inputs"][input]["description"].as_str().is_some(),
            "input {input}"
        );
    }
    for out in ["exit-code", "sarif", "report"] {
        assert!(
            action["outputs"][out]["value"].as_str().is_some(),
            "output {out}"
        );
    }
    let all = &action["runs"]["steps"];
    let runs = steps(all, "run").join("\n");
    let uses = steps(all, "uses").join("\n");
    assert!(runs.contains("scripts/action.sh"), "{runs}");
    assert!(runs.contains("cargo install --locked --path"), "{runs}");
    assert!(uses.contains("actions/cache@"), "{uses}");
    assert!(action["inputs"]["cache"]["description"].as_str().is_some());
    // The project's cache is kept keyed on the lock's hash, with the secret that signs it, and
    // whatever cache the checkout brings is deleted before it is restored.
    let list = all.as_vec().expect("steps");
    let data = list
        .iter()
        .position(|s| {
            s["with"]["path"]
                .as_str()
                .is_some_and(|p| p.contains(".citecheck/cache") && p.contains("~/.cache/citecheck"))
        })
        .expect("a step caching .citecheck/cache and the secret");
    assert!(list[data]["with"]["key"]
        .as_str()
        .is_some_and(|k| k.contains("hashFiles(") && k.contains("citecheck.lock")));
    assert!(
        list[..data].iter().any(|s| s["run"]
            .as_str()
            .is_some_and(|r| r.contains("rm -rf") && r.contains(".citecheck/cache"))),
        "the checkout's own cache is deleted before the restore"
    );
    assert!(
        uses.contains("github/codeql-action/upload-sarif@"),
        "{uses}"
    );
    // Every input reaches the script.
    let script_env = all
        .as_vec()
        .expect("steps")
        .iter()
        .find(|s| {
            s["run"]
                .as_str()
                .is_some_and(|r| r.contains("scripts/action.sh"))
        })
        .map(|s| s["env"].clone())
        .expect("the script's step");
    for (var, input) in [
        ("INPUT_ROOT", "root"),
        ("INPUT_FAIL_ON", "fail-on"),
        ("INPUT_FORMAT", "format"),
        ("INPUT_ARGS", "args"),
        ("INPUT_SARIF", "sarif"),
    ] {
        assert_eq!(
            script_env[var].as_str(),
            Some(format!("${{{{ inputs.{input} }}}}").as_str()),
            "{var}"
        );
    }
    let workflow = yaml(".github/workflows/citecheck.yml");
    let jobs = workflow["jobs"].as_hash().expect("jobs");
    let job_steps = &jobs.values().next().expect("a job")["steps"];
    assert!(
        steps(job_steps, "uses").iter().any(|u| u == "./"),
        "uses: ./"
    );
    let checkout = job_steps
        .as_vec()
        .expect("steps")
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/checkout"))
        })
        .expect("checkout");
    assert_eq!(checkout["with"]["fetch-depth"].as_i64(), Some(0));
}

// ------------------------------------------------------------------------------ pre-commit

/// A key of the one hook of .pre-commit-hooks.yaml, as text.
fn hook_key(key: &str) -> String {
    let hooks = yaml(".pre-commit-hooks.yaml");
    let hooks = hooks.as_vec().expect("a list of hooks");
    assert_eq!(hooks.len(), 1);
    match &hooks[0][key] {
        Yaml::String(s) => s.clone(),
        Yaml::Boolean(b) => b.to_string(),
        other => panic!("no `{key}` in .pre-commit-hooks.yaml: {other:?}"),
    }
}

#[test]
fn pre_commit_entry_checks_the_project_it_runs_in() {
    assert_eq!(hook_key("id"), "citecheck");
    assert_eq!(hook_key("pass_filenames"), "false");
    let entry = hook_key("entry");
    let mut words = entry.split_whitespace();
    assert_eq!(words.next(), Some("citecheck"), "{entry}");
    let args: Vec<&str> = words.collect();
    // pre-commit runs the entry in the repository root: the example fails ...
    let dir = tempfile::tempdir().expect("tempdir");
    copy_example(dir.path());
    let r = run_ok(dir.path(), &args, 1);
    assert!(r.stdout.contains("21 entries"), "{}", r.stdout);
    // ... and a passing project passes.
    let passing = sandbox(&fixture("passing.in"));
    run_ok(passing.path(), &args, 0);
}

#[test]
fn pre_commit_files_pattern_is_claims_sources_lock_and_settings() {
    let files = regex::Regex::new(&hook_key("files")).expect("files is a regex");
    for hit in [
        "claims/cable.toml",
        "claims/deep/more.toml",
        "docs/claims/a.toml",
        "sources/cable.txt",
        "sources/news/story.html",
        "citecheck.toml",
        "citecheck.lock",
        "docs/citecheck.lock",
    ] {
        assert!(files.is_match(hit), "{hit} should run the hook");
    }
    for miss in [
        "src/main.rs",
        "README.md",
        "claims/notes.md",
        "mysources/x.txt",
    ] {
        assert!(!files.is_match(miss), "{miss} should not run the hook");
    }
}

// ----------------------------------------------------------------- completions and man

/// The subcommands `citecheck --help` lists (help aside).
fn subcommands() -> Vec<String> {
    let help = run_ok(&repo(), &["--help"], 0).stdout;
    let list = help
        .split("Commands:\n")
        .nth(1)
        .expect("a Commands: section")
        .split("\n\n")
        .next()
        .unwrap_or_default();
    let names: Vec<String> = list
        .lines()
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|n| *n != "help")
        .map(str::to_string)
        .collect();
    assert!(names.len() >= 16, "{names:?}");
    names
}

#[test]
fn completions_for_bash_zsh_and_fish_name_every_subcommand() {
    let subs = subcommands();
    for shell in ["bash", "zsh", "fish"] {
        let r = run_ok(&repo(), &["completions", shell], 0);
        for sub in &subs {
            assert!(r.stdout.contains(sub.as_str()), "{shell}: no {sub}");
        }
        assert!(r.stdout.contains("--changed-since"), "{shell}: flags too");
    }
    assert!(run_ok(&repo(), &["completions", "bash"], 0)
        .stdout
        .contains("complete -F"));
    assert!(run_ok(&repo(), &["completions", "zsh"], 0)
        .stdout
        .starts_with("#compdef citecheck"));
    assert!(run_ok(&repo(), &["completions", "fish"], 0)
        .stdout
        .contains("complete -c citecheck"));
    for shell in ["powershell", "elvish"] {
        assert!(run_ok(&repo(), &["completions", shell], 0)
            .stdout
            .contains("citecheck"));
    }
    let r = run(&repo(), &["completions", "tcsh"]);
    assert_eq!(r.code, 2, "an unknown shell is a usage error");
}

#[test]
fn man_prints_roff_and_writes_a_page_per_subcommand() {
    let r = run_ok(&repo(), &["man"], 0);
    assert!(r.stdout.contains("\n.TH citecheck 1"), "{}", r.stdout);
    assert!(r.stdout.contains("\n.SH NAME\n"));
    assert!(r.stdout.contains("\n.SH SUBCOMMANDS\n"));
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("man1");
    run_ok(&repo(), &["man", "--dir", out.to_str().expect("utf-8")], 0);
    let main = std::fs::read_to_string(out.join("citecheck.1")).expect("citecheck.1");
    assert!(main.contains(".TH citecheck 1"));
    for sub in subcommands() {
        let page = std::fs::read_to_string(out.join(format!("citecheck-{sub}.1")))
            .unwrap_or_else(|e| panic!("citecheck-{sub}.1: {e}"));
        assert!(page.contains(&format!(".TH citecheck-{sub} 1")), "{sub}");
        assert!(page.contains("Examples:"), "{sub}: its examples");
    }
}

// -------------------------------------------------------------------------------- --help

#[test]
fn every_help_has_examples_and_no_rustdoc_links() {
    let top = run_ok(&repo(), &["--help"], 0).stdout;
    assert!(top.contains("Examples:\n  "), "{top}");
    for sub in subcommands() {
        for flag in ["--help", "-h"] {
            let help = run_ok(&repo(), &[sub.as_str(), flag], 0).stdout;
            let examples = help
                .split("Examples:\n")
                .nth(1)
                .unwrap_or_else(|| panic!("`{sub} {flag}` has no Examples: block\n{help}"));
            assert!(
                examples.contains(&format!("citecheck {sub}")),
                "`{sub} {flag}`: an example runs it\n{help}"
            );
            for leak in ["[`", "`]"] {
                assert!(!help.contains(leak), "`{sub} {flag}` leaks {leak}\n{help}");
            }
        }
    }
}

#[test]
fn init_help_says_its_root_defaults_to_the_current_folder() {
    let help = run_ok(&repo(), &["init", "--help"], 0).stdout;
    assert!(help.contains("default: the current folder"), "{help}");
    assert!(!help.contains("nearest folder upward holding"), "{help}");
    // And it does: from a subfolder of a project, init creates a new project there.
    let dir = tempfile::tempdir().expect("tempdir");
    copy_example(dir.path());
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).expect("mkdir");
    run_ok(&sub, &["init"], 0);
    assert!(sub.join("citecheck.toml").is_file());
}

// --------------------------------------------------------------- version and the README

#[test]
fn version_names_the_commit_it_was_built_from() {
    let r = run_ok(&repo(), &["--version"], 0);
    let version = r.stdout.trim();
    let head = Command::new("git")
        .arg("-C")
        .arg(repo())
        .args(["rev-parse", "--short=12", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    let expected = match head {
        Some(hash) => format!("citecheck {} ({hash})", env!("CARGO_PKG_VERSION")),
        None => format!("citecheck {} (unknown commit)", env!("CARGO_PKG_VERSION")),
    };
    assert_eq!(version, expected);
    // Every subcommand says the same.
    let sub = run_ok(&repo(), &["check", "--version"], 0).stdout;
    assert_eq!(
        sub.trim(),
        expected.replace("citecheck ", "citecheck-check ")
    );
}

#[test]
fn readme_says_how_to_install_right_after_the_two_commands() {
    let readme = std::fs::read_to_string(repo().join("README.md")).expect("README");
    let manifest = std::fs::read_to_string(repo().join("Cargo.toml")).expect("Cargo.toml");
    let url = manifest
        .lines()
        .find_map(|l| l.strip_prefix("repository = \""))
        .and_then(|l| l.strip_suffix('"'))
        .expect("Cargo.toml names its repository");
    let two = readme
        .find("cargo test --all-targets --locked")
        .expect("the two commands");
    // Within the lines that follow the two commands, before the first section.
    let head = &readme[two..readme[two..]
        .find("\n## ")
        .map_or(readme.len(), |i| two + i)];
    assert!(head.contains("cargo install --locked --path ."), "{head}");
    assert!(
        head.contains(&format!("cargo install --git {url}")),
        "README's --git URL is Cargo.toml's repository ({url})"
    );
}

// ------------------------------------------------------------------------------- GitLab CI

/// The GitLab snippet parses, attaches the files its script writes, and its JUnit line runs
/// as written against the example (citecheck on PATH, CITECHECK_ROOT set as the job sets it).
/// The Code Quality line runs as written too: its `|| test $? -eq 1` lets the job go on to
/// the JUnit line, and what it writes is GitLab's Code Quality array.
#[test]
fn gitlab_snippet_writes_the_reports_it_attaches() {
    let doc = yaml("docs/integrations/gitlab-ci.yml");
    let job = &doc["citecheck"];
    let reports = &job["artifacts"]["reports"];
    let quality = reports["codequality"].as_str().expect("codequality report");
    let junit = reports["junit"].as_str().expect("junit report");
    assert_eq!(job["variables"]["GIT_DEPTH"].as_i64(), Some(0));
    let script: Vec<&str> = job["script"]
        .as_vec()
        .expect("script")
        .iter()
        .map(|l| l.as_str().expect("a command"))
        .collect();
    let gitlab = script
        .iter()
        .find(|l| l.contains("--format gitlab"))
        .expect("a gitlab line");
    assert!(gitlab.contains(&format!("-o {quality}")), "{gitlab}");
    let junit_line = script
        .iter()
        .find(|l| l.contains("--format junit"))
        .expect("a junit line");
    assert!(junit_line.contains(&format!("-o {junit}")), "{junit_line}");
    let dir = tempfile::tempdir().expect("tempdir");
    let project = dir.path().join("docs");
    copy_example(&project);
    let bin = Path::new(env!("CARGO_BIN_EXE_citecheck"));
    let path = format!(
        "{}:{}",
        bin.parent().expect("bin dir").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let run = |line: &str| {
        Command::new("bash")
            .args(["-c", line])
            .current_dir(dir.path())
            .env("PATH", &path)
            .env("CITECHECK_ROOT", "docs")
            .env("NO_COLOR", "1")
            .env("CITECHECK_CACHE_KEY", "citecheck tests")
            .output()
            .expect("bash runs")
    };
    // The example fails: the Code Quality line goes on regardless, the JUnit line fails the
    // job, each with its report written for GitLab to show.
    let out = run(gitlab);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let issues: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join(quality)).unwrap())
            .expect("code quality JSON");
    let issues = issues.as_array().expect("an array of issues");
    assert!(!issues.is_empty());
    for i in issues {
        for key in ["description", "check_name", "fingerprint", "severity"] {
            assert!(i[key].is_string(), "{key} in {i}");
        }
        assert!(i["location"]["path"].is_string(), "{i}");
        assert!(
            i["location"]["lines"]["begin"].as_u64().unwrap_or(0) >= 1,
            "{i}"
        );
    }
    let out = run(junit_line);
    assert_eq!(out.status.code(), Some(1));
    let xml = std::fs::read_to_string(dir.path().join(junit)).expect("junit written");
    assert!(xml.contains("<testsuites"), "{xml}");
}
