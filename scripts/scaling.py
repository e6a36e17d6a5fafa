#!/usr/bin/env python3
"""Scaling table for `citecheck check`: corpus size x quote count, wall time and peak RSS.

For each size (default 1M,10M,100M) and quote count (default 100,1000,10000) this generates a
deterministic corpus with ../shared/peers/gen_corpus.py (numpy needed: run it with the peer
harness's venv, e.g. ~/.cache/citecheck-peers/.venv/bin/python), builds a throw-away project
exactly as the harness's peers/peer_citecheck.py does (one source, one [[quote]] per quote, no
pointers, so every quote is searched), runs `citecheck check --format json` under
/usr/bin/time -v (best wall time of --repeat runs, the highest peak RSS of them), scores the
verdicts against the ground truth and prints a Markdown table.

A second table gives the marginal cost of a quote per corpus size, (wall(most quotes) -
wall(fewest quotes)) / (most - fewest), which removes the fixed per-corpus cost (reading,
hashing, normalizing, indexing, the duplicate search), and its ratio to the smallest corpus's:
the figure that shows whether a quote costs more in a larger text.

  scripts/scaling.py [--bin target/release/citecheck] [--sizes 1M,10M,100M]
                     [--quotes 100,1000,10000] [--repeat 3] [--check-args=--no-dups]
                     [--data DIR] [--gen PATH/gen_corpus.py]
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
FOUND = {"verified", "normalized", "relocated", "ambiguous", "drifted"}


def corpus(gen, data, size, n):
    name = os.path.join(data, "corpus_%s_s42" % size)
    quotes = "%s.q%d.json" % (name, n)
    if not os.path.exists(quotes):
        tmp = tempfile.mkdtemp(prefix="scaling-gen-")
        subprocess.run([sys.executable, gen, "--size", size, "--seed", "42", "--n-quotes", str(n),
                        "--out-dir", tmp], check=True, stdout=subprocess.DEVNULL)
        base = os.path.join(tmp, "corpus_%s_s42" % size)
        if not os.path.exists(name + ".txt"):
            shutil.move(base + ".txt", name + ".txt")
        shutil.move(base + ".quotes.json", quotes)
        shutil.rmtree(tmp, ignore_errors=True)
    return name + ".txt", quotes


def project(text, quotes):
    root = tempfile.mkdtemp(prefix="scaling-project-")
    os.makedirs(os.path.join(root, "sources"))
    os.makedirs(os.path.join(root, "claims"))
    src = os.path.join(root, "sources", "corpus.txt")
    try:
        os.link(text, src)
    except OSError:
        shutil.copyfile(text, src)
    qs = json.load(open(quotes, encoding="utf-8"))
    with open(os.path.join(root, "claims", "bench.toml"), "w", encoding="utf-8") as f:
        for q in qs:
            f.write("[[quote]]\nid = %s\nsource = \"corpus.txt\"\ntext = %s\n\n"
                    % (json.dumps(q["id"]), json.dumps(q["text"], ensure_ascii=False)))
    return root, qs


def accuracy(report, qs):
    by_id = {r["id"]: r for r in report["results"]}
    right = 0
    for q in qs:
        r = by_id.get(q["id"], {})
        span = r.get("found_span") or (r.get("occurrences") or [{}])[0].get("span")
        found = r.get("status") in FOUND and bool(span)
        if q["truth_start"] is None:
            right += not found
        elif found:
            right += span[0] < q["truth_end"] and span[1] > q["truth_start"]
    return right / len(qs)


def timed(argv, ok=(0,)):
    """Run argv under /usr/bin/time -v: (wall seconds, peak RSS bytes, stdout). Exits on a
    return code outside `ok`."""
    p = subprocess.run(["/usr/bin/time", "-v"] + argv, capture_output=True, text=True)
    if p.returncode not in ok:
        sys.exit("%s failed (%d): %s" % (" ".join(argv[:3]), p.returncode, p.stderr[-2000:]))
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", p.stderr)
    h, m, s = wall.groups()
    seconds = int(h or 0) * 3600 + int(m) * 60 + float(s)
    rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr).group(1))
    return seconds, rss_kb * 1024, p.stdout


def run(binary, root, extra):
    seconds, rss, out = timed([binary, "check", "--root", root, "--format", "json"] + extra,
                              ok=(0, 1))
    return seconds, rss, json.loads(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(REPO, "target", "release", "citecheck"))
    ap.add_argument("--sizes", default="1M,10M,100M")
    ap.add_argument("--quotes", default="100,1000,10000")
    ap.add_argument("--data", default=os.path.expanduser("~/.cache/citecheck-scaling"))
    ap.add_argument("--gen", default=os.path.join(REPO, "..", "shared", "peers", "gen_corpus.py"))
    ap.add_argument("--repeat", type=int, default=3, help="runs per cell; the best wall time counts")
    ap.add_argument("--check-args", default="", help="extra arguments for `citecheck check`")
    a = ap.parse_args()
    extra = a.check_args.split()
    os.makedirs(a.data, exist_ok=True)
    counts = [int(x) for x in a.quotes.split(",")]
    print("| corpus | quotes | wall s | peak RSS MB | RSS / corpus | ms per quote (wall) | quotes/s | accuracy |")
    print("|---|---|---|---|---|---|---|---|")
    walls = {}
    for size in a.sizes.split(","):
        for n in counts:
            text, quotes = corpus(a.gen, a.data, size, n)
            root, qs = project(text, quotes)
            try:
                runs = [run(a.bin, root, extra) for _ in range(max(1, a.repeat))]
            finally:
                shutil.rmtree(root, ignore_errors=True)
            wall = min(r[0] for r in runs)
            rss = max(r[1] for r in runs)
            report = runs[0][2]
            walls[size, n] = wall
            mb = os.path.getsize(text)
            print("| %s | %d | %.2f | %.0f | %.2fx | %.3f | %.0f | %.3f |" % (
                size, n, wall, rss / 1e6, rss / mb, 1000 * wall / n, n / wall, accuracy(report, qs)),
                flush=True)
    lo, hi = min(counts), max(counts)
    if hi > lo:
        print()
        print("| corpus | marginal ms per quote, (wall(%d) - wall(%d)) / %d | vs %s |"
              % (hi, lo, hi - lo, a.sizes.split(",")[0]))
        print("|---|---|---|")
        base = None
        for size in a.sizes.split(","):
            m = 1000 * (walls[size, hi] - walls[size, lo]) / (hi - lo)
            base = m if base is None else base
            print("| %s | %.4f | %.2fx |" % (size, m, m / base if base > 0 else float("nan")))


if __name__ == "__main__":
    main()
