#!/usr/bin/env bash
# Render an HTML report in headless Chromium: dump the DOM after load and take a screenshot.
# Usage: tests/browser.sh REPORT.html OUTDIR
# Writes OUTDIR/dom.html and OUTDIR/report.png. Exits 77 when no Chromium is installed (the
# Rust test skips then; .ci/run installs Debian's chromium so CI always runs it).
set -euo pipefail
browser=""
for b in chromium chromium-browser google-chrome-stable google-chrome; do
  if command -v "$b" >/dev/null 2>&1; then browser=$b; break; fi
done
if [ -z "$browser" ]; then
  echo "no chromium on PATH" >&2
  exit 77
fi
html=$(realpath "$1")
out=$2
mkdir -p "$out"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
# No network, no first-run, no background services: the page must render from disk alone.
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
  --disable-background-networking --disable-component-update --disable-sync
  --disable-extensions --hide-scrollbars --user-data-dir="$profile")
timeout 120 "$browser" "${flags[@]}" --dump-dom "file://$html" >"$out/dom.html" 2>"$out/chromium-dom.log"
timeout 120 "$browser" "${flags[@]}" --window-size=1280,2200 \
  --screenshot="$out/report.png" "file://$html" >"$out/chromium-shot.log" 2>&1
test -s "$out/dom.html"
test -s "$out/report.png"
