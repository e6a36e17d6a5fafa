//! The external judge (`[claims] judge` in citecheck.toml): a program run once per check,
//! after the rules, on every claim whose evidence was found.
//!
//! ```text
//! claims judged supported / contradicted / unsupported by the rules
//!   └▶ answers cached in .citecheck/cache/judge/<sha256>.bin (signed, see crate::cache)
//!   └▶ the rest, in one JSON request on the judge's stdin ─▶ its JSON answer on stdout
//!   └▶ per claim: judge = {name, status, score, rationale}; the stricter status decides
//! ```
//!
//! The request is `{"version": 1, "claims": [{"id", "claim", "evidence", "source"}]}`; the
//! answer `{"results": [...]}` or a bare array of `{"id", "status", "score"?, "rationale"?}`,
//! one per claim asked, with `status` one of `supported`, `contradicted`, `unsupported`.
//!
//! Fails closed: a judge that cannot start, exits non-zero, outlives `judge_timeout`, answers
//! something that is not that JSON, leaves a claim out, names a claim it was not asked about or
//! answers one twice is [`Error::Judge`], never a pass.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::cache::Cache;
use crate::config::Project;
use crate::error::{Error, Result};
use crate::judge::{self, Policy};
use crate::model::{Kind, Opinion, Report, Status, Summary};
use crate::source::hex;

/// Version of the request written on the judge's stdin.
pub const REQUEST_VERSION: u32 = 1;

/// The cache folder's kind for the judge's answers (`.citecheck/cache/judge/`). Like every
/// cache entry, an answer is signed with the user's secret: one a pull request commits is
/// asked again, never believed.
pub const CACHE_KIND: &str = "judge";

/// How often a running judge is polled for its exit.
const POLL: Duration = Duration::from_millis(5);

/// Most bytes of the judge's stderr quoted in an error.
const STDERR_TAIL: usize = 600;

/// One claim in the request.
#[derive(Debug, Serialize)]
struct Asked<'a> {
    id: &'a str,
    claim: &'a str,
    evidence: &'a str,
    source: &'a str,
}

/// The request written on the judge's stdin.
#[derive(Debug, Serialize)]
struct Request<'a> {
    version: u32,
    claims: Vec<Asked<'a>>,
}

/// One answer of the judge (unknown fields are ignored).
#[derive(Debug, Deserialize)]
struct Answer {
    id: String,
    status: String,
    #[serde(default)]
    score: Option<f64>,
    #[serde(default)]
    rationale: Option<String>,
}

/// The judge's answer: `{"results": [...]}` or the bare array.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Answers {
    Wrapped { results: Vec<Answer> },
    Bare(Vec<Answer>),
}

/// What the cache keeps of an answer (the claim's id is not part of it: the same claim and
/// evidence under another id reuse it).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct Cached {
    status: Status,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    score: Option<f64>,
    #[serde(default)]
    rationale: String,
}

/// A claim of the report the judge is to give its opinion on.
struct Candidate<'a> {
    /// Index in `report.results`.
    index: usize,
    id: &'a str,
    claim: &'a str,
    evidence: &'a str,
    source: &'a str,
    /// Cache key of (judge, claim, evidence).
    key: String,
}

/// The judge's name in reports and errors: the file name of its program as configured.
pub fn judge_name(command: &[String]) -> String {
    command.first().map_or_else(String::new, |p| {
        Path::new(p)
            .file_name()
            .map_or_else(|| p.clone(), |n| n.to_string_lossy().into_owned())
    })
}

/// The cache key of `claim` with `evidence` judged by `command`: lower-case hex SHA-256 of the
/// command (its argv as a JSON array), NUL, the claim, NUL, the evidence.
pub fn cache_key(command: &[String], claim: &str, evidence: &str) -> String {
    let mut h = Sha256::new();
    h.update(
        serde_json::to_string(command)
            .unwrap_or_default()
            .as_bytes(),
    );
    h.update([0]);
    h.update(claim.as_bytes());
    h.update([0]);
    h.update(evidence.as_bytes());
    hex(&h.finalize())
}

/// The stricter of two claim statuses: contradicted, then unsupported, then supported.
pub fn stricter(a: Status, b: Status) -> Status {
    let rank = |s: Status| match s {
        Status::Contradicted => 0,
        Status::Unsupported => 1,
        _ => 2,
    };
    if rank(b) < rank(a) {
        b
    } else {
        a
    }
}

/// When the project configures an external judge, give it every claim of `report` whose
/// evidence was found (cached answers aside), record its opinions, let the stricter status
/// decide, and recompute what fails under `policy` and the summary.
pub fn apply(project: &Project, policy: &Policy, report: &mut Report) -> Result<()> {
    let command = &project.config.claims.judge;
    if command.is_empty() {
        return Ok(());
    }
    // The settings come with the project tree: its program runs only with the opt-in of the
    // person running citecheck (`check` refuses earlier; this keeps every caller safe).
    if let Some(refusal) = project.judge_refusal() {
        return Err(Error::Invalid(vec![refusal]));
    }
    let name = judge_name(command);
    let cache = project.cache();
    let candidates: Vec<Candidate<'_>> = report
        .results
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            r.kind == Kind::Claim
                && matches!(
                    r.status,
                    Status::Supported | Status::Contradicted | Status::Unsupported
                )
        })
        .filter_map(|(index, r)| {
            let evidence = r
                .evidence_passage
                .as_ref()
                .map(|p| p.text.as_str())
                .or(r.found_text.as_deref())?;
            let key = cache_key(command, &r.text, evidence);
            Some(Candidate {
                index,
                id: &r.id,
                claim: &r.text,
                evidence,
                source: &r.source,
                key,
            })
        })
        .collect();

    let mut opinions: BTreeMap<usize, Cached> = BTreeMap::new();
    let mut ask: Vec<&Candidate<'_>> = Vec::new();
    for c in &candidates {
        match cache.as_ref().and_then(|cache| read_cached(cache, &c.key)) {
            Some(cached) => {
                opinions.insert(c.index, cached);
            }
            None => ask.push(c),
        }
    }
    let mut fresh: Vec<(&str, Cached)> = Vec::new();
    if !ask.is_empty() {
        let request = Request {
            version: REQUEST_VERSION,
            claims: ask
                .iter()
                .map(|c| Asked {
                    id: c.id,
                    claim: c.claim,
                    evidence: c.evidence,
                    source: c.source,
                })
                .collect(),
        };
        let input = serde_json::to_vec(&request).map_err(|e| failure(&name, e.to_string()))?;
        let timeout = Duration::from_secs(project.config.claims.judge_timeout.max(1));
        let output = run(&project.root, command, &name, input, timeout)?;
        let answers = parse(&name, &output, &ask)?;
        for c in &ask {
            let cached = answers[c.id].clone();
            fresh.push((&c.key, cached.clone()));
            opinions.insert(c.index, cached);
        }
    }
    // Only a complete, valid answer is cached: a failed run leaves the cache as it was.
    if let Some(cache) = &cache {
        for (key, cached) in &fresh {
            let mut json = serde_json::to_string_pretty(cached).unwrap_or_default();
            json.push('\n');
            cache.put(CACHE_KIND, key, json.as_bytes());
        }
    }

    // Sources citecheck.lock pins other bytes for (as `sources::lock_differs` decides).
    let lock_differs: BTreeSet<String> = report
        .sources
        .iter()
        .filter(|s| s.locked_sha256.as_ref().is_some_and(|l| *l != s.sha256))
        .map(|s| s.path.clone())
        .collect();
    for (index, cached) in opinions {
        let r = &mut report.results[index];
        r.status = stricter(r.status, cached.status);
        r.code = judge::code(r.kind, r.status);
        r.fails = policy.entry_fails(r.status, r.source_changed, lock_differs.contains(&r.source));
        r.judge = Some(Opinion {
            name: name.clone(),
            status: cached.status,
            score: cached.score,
            rationale: cached.rationale,
        });
    }
    report.summary = Summary::compute(&report.results, &report.sources);
    Ok(())
}

/// A cached answer, when the cache holds a sound one under `key` (anything else is asked
/// again).
fn read_cached(cache: &Cache, key: &str) -> Option<Cached> {
    // One claim's answer: a status, a score and a rationale (a paragraph, not a book).
    let payload = cache.get(CACHE_KIND, key, 16 << 20)?;
    let cached: Cached = serde_json::from_slice(&payload).ok()?;
    valid_status(cached.status).then_some(cached)
}

fn valid_status(s: Status) -> bool {
    matches!(
        s,
        Status::Supported | Status::Contradicted | Status::Unsupported
    )
}

/// An [`Error::Judge`] about the judge `name`.
fn failure(name: &str, message: impl Into<String>) -> Error {
    Error::Judge {
        judge: name.to_string(),
        message: message.into(),
    }
}

/// Run `command` in `root` with `input` on its stdin; its stdout once it exits 0 within
/// `timeout`.
fn run(
    root: &Path,
    command: &[String],
    name: &str,
    input: Vec<u8>,
    timeout: Duration,
) -> Result<Vec<u8>> {
    // A relative program path with a folder in it is relative to the project root (where the
    // judge runs); a bare name is looked up on PATH.
    let program = Path::new(&command[0]);
    let program = if program.is_relative() && program.components().count() > 1 {
        root.join(program)
    } else {
        program.to_path_buf()
    };
    let mut child = Command::new(&program)
        .args(&command[1..])
        .current_dir(root)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| failure(name, format!("could not be started ({}): {e}", command[0])))?;

    // Feed stdin and drain stdout and stderr on their own threads, so a judge that writes
    // before it has read everything never blocks on a full pipe.
    let stdin = child.stdin.take();
    thread::spawn(move || {
        if let Some(mut w) = stdin {
            // A judge that exits without reading is judged by its answer, not by EPIPE.
            let _ = w.write_all(&input);
        }
    });
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());

    let status = wait(&mut child, timeout).ok_or_else(|| {
        failure(
            name,
            format!(
                "did not answer within {} s and was stopped",
                timeout.as_secs()
            ),
        )
    })?;
    // The judge has exited; its pipes close unless a process it started still holds them,
    // which is given the same deadline.
    let grace = Duration::from_secs(1);
    let err_text = stderr
        .recv_timeout(grace)
        .map(|b| tail(&b))
        .unwrap_or_default();
    if !status.success() {
        let how = status.code().map_or_else(
            || "was killed by a signal".to_string(),
            |c| format!("exited with status {c}"),
        );
        let msg = if err_text.is_empty() {
            how
        } else {
            format!("{how}; its stderr ends: {err_text}")
        };
        return Err(failure(name, msg));
    }
    stdout
        .recv_timeout(grace)
        .map_err(|_| failure(name, "exited but its output did not end"))
}

/// Read `pipe` to its end on a thread; the bytes arrive on the returned channel.
fn drain<R: Read + Send + 'static>(pipe: Option<R>) -> mpsc::Receiver<Vec<u8>> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(mut p) = pipe {
            let _ = p.read_to_end(&mut buf);
        }
        let _ = tx.send(buf);
    });
    rx
}

/// Wait for `child` until `timeout`; past it, kill it and answer `None`.
fn wait(child: &mut Child, timeout: Duration) -> Option<ExitStatus> {
    // Settings bound the timeout to a day; a deadline past what the clock holds is none.
    let deadline = Instant::now().checked_add(timeout);
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Some(status),
            Ok(None) if deadline.is_none_or(|d| Instant::now() < d) => thread::sleep(POLL),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
        }
    }
}

/// The last [`STDERR_TAIL`] bytes of `bytes`, trimmed, as text.
fn tail(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let text = text.trim();
    let mut from = text.len().saturating_sub(STDERR_TAIL);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    text[from..].to_string()
}

/// The judge's answers by claim id, checked against what was asked.
fn parse(name: &str, output: &[u8], asked: &[&Candidate<'_>]) -> Result<BTreeMap<String, Cached>> {
    let answers: Answers = serde_json::from_slice(output).map_err(|e| {
        failure(
            name,
            format!(
                "answered something that is not the expected JSON ({e}); expected \
                 {{\"results\": [{{\"id\", \"status\", \"score\"?, \"rationale\"?}}]}} or the bare array"
            ),
        )
    })?;
    let answers = match answers {
        Answers::Wrapped { results } | Answers::Bare(results) => results,
    };
    let wanted: BTreeSet<&str> = asked.iter().map(|c| c.id).collect();
    let mut out = BTreeMap::new();
    for a in answers {
        if !wanted.contains(a.id.as_str()) {
            return Err(failure(
                name,
                format!("answered about `{}`, a claim it was not asked about", a.id),
            ));
        }
        let status = match a.status.as_str() {
            "supported" => Status::Supported,
            "contradicted" => Status::Contradicted,
            "unsupported" => Status::Unsupported,
            other => {
                return Err(failure(
                    name,
                    format!(
                        "answered status `{other}` for `{}`; expected supported, contradicted \
                         or unsupported",
                        a.id
                    ),
                ))
            }
        };
        if a.score.is_some_and(|s| !s.is_finite()) {
            return Err(failure(
                name,
                format!("answered a score that is not a number for `{}`", a.id),
            ));
        }
        let cached = Cached {
            status,
            score: a.score,
            rationale: a.rationale.unwrap_or_default(),
        };
        if out.insert(a.id.clone(), cached).is_some() {
            return Err(failure(name, format!("answered `{}` twice", a.id)));
        }
    }
    let left_out: Vec<&str> = wanted
        .iter()
        .filter(|id| !out.contains_key(**id))
        .copied()
        .collect();
    if !left_out.is_empty() {
        return Err(failure(
            name,
            format!(
                "left out {} of the {} claims asked: {}",
                left_out.len(),
                wanted.len(),
                left_out.join(", ")
            ),
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stricter_status_wins_either_way() {
        use Status::*;
        for (a, b, want) in [
            (Supported, Contradicted, Contradicted),
            (Contradicted, Supported, Contradicted),
            (Unsupported, Supported, Unsupported),
            (Supported, Unsupported, Unsupported),
            (Unsupported, Contradicted, Contradicted),
            (Contradicted, Unsupported, Contradicted),
            (Supported, Supported, Supported),
        ] {
            assert_eq!(stricter(a, b), want, "{a:?} {b:?}");
        }
    }

    #[test]
    fn the_cache_key_separates_command_claim_and_evidence() {
        let cmd = vec!["judge".to_string()];
        let k = cache_key(&cmd, "a b", "c");
        assert_eq!(k.len(), 64);
        assert_ne!(k, cache_key(&cmd, "a", "b c"));
        assert_ne!(k, cache_key(&["other".to_string()], "a b", "c"));
        assert_eq!(k, cache_key(&cmd, "a b", "c"));
    }

    #[test]
    fn the_name_is_the_program_file_name() {
        assert_eq!(
            judge_name(&["./tools/nli.py".into(), "--x".into()]),
            "nli.py"
        );
        assert_eq!(judge_name(&["python3".into()]), "python3");
    }
}
