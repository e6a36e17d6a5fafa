#!/usr/bin/env python3
"""Time and memory on hostile inputs (issue 13): long drifted quotes and repetitive sources.

Generates, reproducibly (fixed seeds, no third-party modules), one throw-away project per case
and runs `citecheck check --format json` on it under /usr/bin/time -v, printing a Markdown table
of wall time, peak RSS, report size, the status of the quote and its occurrence count:

  drift20k / drift100k   a 20,000 / 100,000-word quote taken from a larger text, drifted: about
                         one word in 25 replaced, one in 50 dropped, one in 50 added (so the
                         alignment's diagonal wanders by hundreds of words over the quote)
  repword                one word repeated 10 million times; a 50-word quote of it (ambiguous)
  repline                a 117 MB source of one sentence repeated with a line number (the
                         duplicate search's worst case), a short quote of one line

  scripts/hostile_bounds.py [--bin target/release/citecheck] [--cases drift20k,repword]
                            [--data DIR] [--check-args=--no-dups]
"""
import argparse
import json
import os
import random
import re
import subprocess
import sys

CASES = ["drift20k", "drift100k", "repword", "repline"]


def vocabulary(rng, size=6000):
    """Pseudo-words of 2-9 letters: distinct enough that trigrams anchor, as in prose."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(letters) for _ in range(rng.randint(2, 9))))
    return sorted(words)


def drifted(rng, words, vocab):
    """`words` with about 4 % substituted, 2 % dropped and 2 % added."""
    out = []
    for w in words:
        r = rng.random()
        if r < 0.04:
            out.append(rng.choice(vocab))
        elif r < 0.06:
            continue
        elif r < 0.08:
            out.extend([w, rng.choice(vocab)])
        else:
            out.append(w)
    return out


def write_project(root, source_text, quote):
    os.makedirs(os.path.join(root, "sources"), exist_ok=True)
    os.makedirs(os.path.join(root, "claims"), exist_ok=True)
    with open(os.path.join(root, "sources", "src.txt"), "w", encoding="utf-8") as f:
        f.write(source_text)
    with open(os.path.join(root, "claims", "q.toml"), "w", encoding="utf-8") as f:
        f.write('[[quote]]\nid = "q"\nsource = "src.txt"\ntext = %s\n' % json.dumps(quote))


def generate(case, root):
    if os.path.exists(os.path.join(root, "claims", "q.toml")):
        return
    rng = random.Random(13)
    if case.startswith("drift"):
        n = int(case[len("drift"):-1]) * 1000
        vocab = vocabulary(rng)
        text = [rng.choice(vocab) for _ in range(n * 2)]
        at = n // 2
        quote = drifted(rng, text[at:at + n], vocab)
        write_project(root, " ".join(text) + "\n", " ".join(quote))
    elif case == "repword":
        write_project(root, "word " * 10_000_000, " ".join(["word"] * 50))
    elif case == "repline":
        line = "The committee met again on Tuesday and adjourned without a decision, line %d.\n"
        parts, size, i = [], 0, 0
        while size < 117_000_000:
            s = line % i
            parts.append(s)
            size += len(s)
            i += 1
        write_project(root, "".join(parts), "The committee met again on Tuesday and adjourned")
    else:
        sys.exit("unknown case %s" % case)


def run(binary, root, extra):
    out = os.path.join(root, "report.json")
    with open(out, "w") as f:
        p = subprocess.run(["/usr/bin/time", "-v", binary, "check", "--root", root, "--format",
                            "json"] + extra, stdout=f, stderr=subprocess.PIPE, text=True)
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", p.stderr)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr)
    if not wall or not rss:
        return None
    h, m, s = wall.groups()
    seconds = int(h or 0) * 3600 + int(m) * 60 + float(s)
    status, occurrences, similarity = "-", "-", "-"
    try:
        with open(out, encoding="utf-8") as f:
            report = json.load(f)
        r = report["results"][0]
        status = r.get("status", "-")
        occurrences = r.get("occurrence_count", len(r.get("occurrences") or []))
        similarity = r.get("similarity", "-")
    except (ValueError, KeyError, IndexError):
        status = "exit %d: %s" % (p.returncode, p.stderr.strip().splitlines()[0][:60])
    return seconds, int(rss.group(1)) * 1024, os.path.getsize(out), status, occurrences, similarity


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="target/release/citecheck")
    ap.add_argument("--cases", default=",".join(CASES))
    ap.add_argument("--data", default="/tmp/citecheck-hostile")
    ap.add_argument("--check-args", default="")
    args = ap.parse_args()
    print("| case | source MB | wall s | peak RSS MB | report MB | status | occurrences | similarity |")
    print("|---|---|---|---|---|---|---|---|")
    for case in args.cases.split(","):
        root = os.path.join(args.data, case)
        generate(case, root)
        src = os.path.getsize(os.path.join(root, "sources", "src.txt")) / 1e6
        res = run(args.bin, root, args.check_args.split())
        if res is None:
            print("| %s | %.1f | aborted | | | | | |" % (case, src))
            continue
        t, rss, size, status, occ, sim = res
        print("| %s | %.1f | %.2f | %.0f | %.2f | %s | %s | %s |"
              % (case, src, t, rss / 1e6, size / 1e6, status, occ, sim))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
