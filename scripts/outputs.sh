#!/usr/bin/env bash
# Record every output citecheck gives on the example project (every report format, dups, diff,
# merge, show, scan, fix --dry-run, lock, init, add) and the JSON reports of two harness
# corpora, each command's stdout, stderr and exit code in its own file, so a refactoring can be
# shown byte-identical:
#
#   scripts/outputs.sh /tmp/before            # with the old binary
#   scripts/outputs.sh /tmp/after             # after the change (rebuilds target/release)
#   diff -r /tmp/before /tmp/after && echo identical
#
# BIN overrides the binary (default: target/release/citecheck, built first). The harness
# corpora need numpy (../shared/peers/gen_corpus.py); CORPORA=0 skips them.
set -euo pipefail
out=${1:?usage: scripts/outputs.sh OUTDIR}
repo=$(cd "$(dirname "$0")/.." && pwd)
if [ -z "${BIN:-}" ]; then
  (cd "$repo" && cargo build --release -q)
  BIN=$repo/target/release/citecheck
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)
# Commands get relative paths where reports name them, so two recordings compare whatever
# folder they ran in.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# run NAME CMD...: stdout, stderr and exit code of one command, run in $PWD.
run() {
  local name=$1
  shift
  set +e
  NO_COLOR=1 "$@" >"$out/$name.stdout" 2>"$out/$name.stderr"
  echo $? >"$out/$name.rc"
  set -e
}

# The example project, copied so that nothing here touches the repository.
cp -r "$repo/sources" "$repo/claims" "$repo/citecheck.toml" "$repo/citecheck.lock" "$work/"
mkdir -p "$work/ex" && mv "$work/sources" "$work/claims" "$work/citecheck.toml" \
  "$work/citecheck.lock" "$work/ex/"
cd "$work/ex"
for f in text json markdown sarif junit github html w3c; do
  run "check-$f" "$BIN" check --format "$f"
done
run check-no-dups "$BIN" check --format json --no-dups
run check-fail-on "$BIN" check --fail-on relocated,normalized,source_changed
run check-locked "$BIN" check --locked --format json
for f in text json; do run "dups-$f" "$BIN" dups --format "$f"; done
run dups-tight "$BIN" dups --min-words 5 --similarity 0.9
for id in no-support want-power hostages dismissive broad-support up-to-200; do
  run "show-$id" "$BIN" show "$id"
done
run show-unknown "$BIN" show no-such-id
run fix-dry-run "$BIN" fix --dry-run
for k in 1 2 3; do run "shard-$k" "$BIN" check --format json --shard "$k/3" -o "$work/shard$k.json"; done
for f in text json markdown; do
  run "merge-$f" "$BIN" merge --format "$f" "$work/shard3.json" "$work/shard1.json" "$work/shard2.json"
done
cp "$out/check-json.stdout" "$work/old.json"

# A later state of the project: a source edited, a claim moved, an entry added and one removed.
cp -r "$work/ex" "$work/later"
cd "$work/later"
# Same-length edit (spans after it stay on character boundaries), and a line put before a source.
sed -i 's/no significant popular support/no substantial popular support/' sources/cable.txt
{ echo "Editor's note: reprinted."; cat sources/articles.txt; } >"$work/a" && mv "$work/a" sources/articles.txt
printf '\n[[quote]]\nid = "added-later"\nsource = "cable.txt"\ntext = "uniformly dismissive of the MEK"\n' >>claims/cable.toml
run fix-later "$BIN" fix
run later-check "$BIN" check --format json -o "$work/new.json"
for f in text markdown html json; do
  run "diff-$f" "$BIN" diff --format "$f" "$work/old.json" "$work/new.json"
done
run diff-same "$BIN" diff "$work/old.json" "$work/old.json"
cp claims/cable.toml "$out/fix-later.cable.toml"
run lock-later "$BIN" lock
cp citecheck.lock "$out/lock-later.citecheck.lock"

# Editing commands on another copy.
cp -r "$work/ex" "$work/edit"
cd "$work/edit"
run add-quote "$BIN" add --source cable.txt "uniformly dismissive of the MEK"
run add-claim "$BIN" add --claim --source cable.txt --evidence "no significant popular support inside Iran" "The MEK is unpopular in Iran."
run add-lines "$BIN" add --source cable.txt --lines 3-4 --id by-lines "Iranian"
run add-missing "$BIN" add --source cable.txt "words that are nowhere at all in it"
run add-bad-id "$BIN" add --source cable.txt --id "bad id" "uniformly dismissive"
cp claims/cable.toml "$out/add.cable.toml"
cat >manuscript.md <<'EOF'
# A draft

The cable said the group has "no significant popular support inside Iran" and that
Iranians are "uniformly dismissive of the MEK". One contact called them "a cult that
loves nobody at all".

> to the extent Iranians know about this group they are far more likely to oppose it
EOF
run scan "$BIN" scan manuscript.md
run scan-write "$BIN" scan manuscript.md --write claims/scanned.toml
cp claims/scanned.toml "$out/scan-write.scanned.toml" 2>/dev/null || true
run w3c-import "$BIN" import-w3c "$out/check-w3c.stdout" --into claims/imported.toml
cp claims/imported.toml "$out/w3c-import.imported.toml" 2>/dev/null || true
run report "$BIN" report
for f in reports/*; do cp "$f" "$out/report.$(basename "$f")"; done
mkdir -p "$work/fresh"
run init "$BIN" init --root "$work/fresh"
(cd "$work/fresh" && find . -type f | sort | xargs sha256sum) >"$out/init.files"

# Two harness corpora (one source, every quote searched), as the harness's citecheck peer runs.
if [ "${CORPORA:-1}" != 0 ]; then
  gen=$repo/../shared/peers/gen_corpus.py
  for size in 1M 10M; do
    python3 "$gen" --size "$size" --seed 7 --n-quotes 1000 --out-dir "$work/gen" >/dev/null
    p=$work/h$size
    mkdir -p "$p/sources" "$p/claims"
    cp "$work/gen/corpus_${size}_s7.txt" "$p/sources/corpus.txt"
    python3 - "$work/gen/corpus_${size}_s7.quotes.json" "$p/claims/bench.toml" <<'EOF'
import json, sys
with open(sys.argv[2], "w", encoding="utf-8") as f:
    for q in json.load(open(sys.argv[1], encoding="utf-8")):
        f.write("[[quote]]\nid = %s\nsource = \"corpus.txt\"\ntext = %s\n\n"
                % (json.dumps(q["id"]), json.dumps(q["text"], ensure_ascii=False)))
EOF
    cd "$p"
    run "harness-$size" "$BIN" check --format json
  done
fi
echo "recorded $(ls "$out" | wc -l) files in $out"
