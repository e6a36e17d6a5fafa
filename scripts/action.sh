#!/usr/bin/env bash
# The logic of the GitHub Action (action.yml): run `citecheck check` on a project, leaving
#   - annotations on the changed files (the github format's workflow commands, on stdout),
#   - the Markdown report in the job summary ($GITHUB_STEP_SUMMARY; the github format appends it),
#   - optionally a SARIF file for code scanning and a report in another format,
#   - outputs in $GITHUB_OUTPUT: exit-code, sarif (path), report (path).
# Kept out of action.yml so it runs anywhere: tests/integrations.rs runs it against the example
# project with a fake GITHUB_STEP_SUMMARY and GITHUB_OUTPUT, no network, and the binary it built.
#
# Inputs (environment):
#   CITECHECK        the binary (default: citecheck on PATH)
#   INPUT_ROOT       project folder (default: .)
#   INPUT_FAIL_ON    comma-separated extra verdicts that fail (relocated,normalized,source_changed)
#   INPUT_FORMAT     also write the report in this format (html, json, junit, markdown, ...)
#   INPUT_ARGS       further arguments for every `citecheck check` (split on whitespace)
#   INPUT_SARIF      "true": also write citecheck.sarif (action.yml then uploads it)
#   INPUT_FAIL       "false": exit 0 even when entries fail (exit-code still says 1)
#   INPUT_OUTPUT_DIR where report files go (default: $RUNNER_TEMP/citecheck, else ./citecheck-reports)
set -u

bin="${CITECHECK:-citecheck}"
root="${INPUT_ROOT:-.}"
format="${INPUT_FORMAT:-}"
out_dir="${INPUT_OUTPUT_DIR:-}"
if [ -z "$out_dir" ]; then
  if [ -n "${RUNNER_TEMP:-}" ]; then out_dir="$RUNNER_TEMP/citecheck"; else out_dir="citecheck-reports"; fi
fi

common=(--root "$root")
if [ -n "${INPUT_FAIL_ON:-}" ]; then common+=(--fail-on "$INPUT_FAIL_ON"); fi
# shellcheck disable=SC2206 # word splitting of `args` is the documented behaviour
extra=(${INPUT_ARGS:-})

output() {
  if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "$1=$2" >>"$GITHUB_OUTPUT"; fi
}

mkdir -p "$out_dir" || exit 2

# Annotations and the job summary: one run in the github format decides the exit code.
"$bin" check "${common[@]}" --format github "${extra[@]}"
code=$?
if [ "$code" -ge 2 ]; then
  echo "::error title=citecheck::citecheck could not check the project (exit $code); see the log above"
  output exit-code "$code"
  exit "$code"
fi

if [ "${INPUT_SARIF:-false}" = "true" ]; then
  sarif="$out_dir/citecheck.sarif"
  "$bin" check "${common[@]}" --format sarif -o "$sarif" "${extra[@]}"
  [ $? -ge 2 ] && exit 2
  output sarif "$sarif"
fi

if [ -n "$format" ] && [ "$format" != "github" ]; then
  case "$format" in
    html) ext=html ;; json | w3c | gitlab) ext=json ;; sarif) ext=sarif ;;
    junit) ext=xml ;; markdown) ext=md ;; *) ext=txt ;;
  esac
  report="$out_dir/citecheck.$ext"
  "$bin" check "${common[@]}" --format "$format" -o "$report" "${extra[@]}"
  [ $? -ge 2 ] && exit 2
  output report "$report"
fi

output exit-code "$code"
if [ "${INPUT_FAIL:-true}" = "false" ]; then exit 0; fi
exit "$code"
