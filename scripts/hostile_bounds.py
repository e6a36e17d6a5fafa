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
  sameline               the same sentence without the line number: one identical line
                         repeated, 117 MB
  abcd                   "ab cd " repeated, 48 MB (a two-word period)
  phrase5                a five-word phrase repeated, 62 MB
  alt2                   two words in random order (a coin toss each), 40 MB: every 8-word
                         run occurs tens of thousands of times, not back to back
  para                   a 300-word paragraph repeated back to back, 60 MB
  vocab10                random words from a vocabulary of ten, 50 MB

  scripts/hostile_bounds.py [--bin target/release/citecheck] [--cases drift20k,repword]
                            [--data DIR] [--check-args=--no-dups] [--split]

With --split, each case also gets three rows on a copy of its project whose quote occurs nowhere
(DATA/base-CASE, the same source): `check` ("base"), `check --no-dups` ("base --no-dups"), and
`citecheck dups --format json` alone ("dups alone"; its status column gives the clusters, its
occurrences column the copies they count): the duplicate search's share of the peak, apart from
the locator's work on the quote.
"""
import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys

CASES = ["drift20k", "drift100k", "repword", "repline"]
# Further repetitive shapes, run when named with --cases.
MORE = ["sameline", "abcd", "phrase5", "alt2", "para", "vocab10"]


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
    """A project of one source (`source_text`; None leaves the source as it is) and one quote."""
    os.makedirs(os.path.join(root, "sources"), exist_ok=True)
    os.makedirs(os.path.join(root, "claims"), exist_ok=True)
    if source_text is not None:
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
    elif case == "sameline":
        line = "The committee met again on Tuesday and adjourned without a decision.\n"
        write_project(root, line * (117_000_000 // len(line)),
                      "The committee met again on Tuesday and adjourned")
    elif case == "abcd":
        write_project(root, "ab cd " * 8_000_000, "ab cd ab cd ab cd ab cd")
    elif case == "phrase5":
        phrase = "the cat sat on mats "
        write_project(root, phrase * (62_000_000 // len(phrase)), phrase * 3)
    elif case == "alt2":
        words = [rng.choice(("yes", "no")) for _ in range(12_000_000)]
        write_project(root, " ".join(words) + "\n", " ".join(words[5000:5050]))
    elif case == "para":
        vocab = vocabulary(rng)
        para = " ".join(rng.choice(vocab) for _ in range(300)) + "\n"
        write_project(root, para * (60_000_000 // len(para)), " ".join(para.split()[:40]))
    elif case == "vocab10":
        vocab = vocabulary(rng)[:10]
        words = [rng.choice(vocab) for _ in range(50_000_000 // 7)]
        write_project(root, " ".join(words) + "\n", " ".join(words[1000:1030]))
    else:
        sys.exit("unknown case %s" % case)


ABSENT_QUOTE = "zebra quagga unicorn dances"


def base_project(case_root, base_root):
    """A copy of a case's project (its source hard-linked) whose quote occurs nowhere."""
    src = os.path.join(case_root, "sources", "src.txt")
    dst = os.path.join(base_root, "sources", "src.txt")
    if os.path.exists(dst) and os.path.getsize(dst) == os.path.getsize(src):
        return
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    if os.path.exists(dst):
        os.remove(dst)
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)
    write_project(base_root, None, ABSENT_QUOTE)


def timed(binary, args, out):
    """Run citecheck with `args` under /usr/bin/time -v, stdout to `out`: (process, seconds,
    peak RSS in bytes), or None when time printed nothing (the run was killed)."""
    with open(out, "w") as f:
        p = subprocess.run(["/usr/bin/time", "-v", binary] + args, stdout=f,
                           stderr=subprocess.PIPE, text=True)
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", p.stderr)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr)
    if not wall or not rss:
        return None
    h, m, s = wall.groups()
    return p, int(h or 0) * 3600 + int(m) * 60 + float(s), int(rss.group(1)) * 1024


def run_dups(binary, root):
    """`citecheck dups` alone: like `run`, with the clusters and the copies they count."""
    out = os.path.join(root, "dups.json")
    res = timed(binary, ["dups", "--root", root, "--format", "json"], out)
    if res is None:
        return None
    p, seconds, rss = res
    try:
        with open(out, encoding="utf-8") as f:
            clusters = json.load(f)["duplicates"]
        status = "%d clusters" % len(clusters)
        copies = sum(c.get("copies", len(c["occurrences"])) for c in clusters)
    except (ValueError, KeyError):
        status, copies = "exit %d: %s" % (p.returncode, p.stderr.strip().splitlines()[0][:60]), "-"
    return seconds, rss, os.path.getsize(out), status, copies, "-"


def run(binary, root, extra):
    out = os.path.join(root, "report.json")
    res = timed(binary, ["check", "--root", root, "--format", "json"] + extra, out)
    if res is None:
        return None
    p, seconds, rss = res
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
    return seconds, rss, os.path.getsize(out), status, occurrences, similarity


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="target/release/citecheck")
    ap.add_argument("--cases", default=",".join(CASES))
    ap.add_argument("--data", default="/tmp/citecheck-hostile")
    ap.add_argument("--check-args", default="")
    ap.add_argument("--split", action="store_true",
                    help="also run each case with an absent quote, with --no-dups, and dups alone")
    args = ap.parse_args()
    print("| case | source MB | wall s | peak RSS MB | report MB | status | occurrences | similarity |")
    print("|---|---|---|---|---|---|---|---|")
    for case in args.cases.split(","):
        root = os.path.join(args.data, case)
        generate(case, root)
        src = os.path.getsize(os.path.join(root, "sources", "src.txt")) / 1e6
        rows = [(case, lambda: run(args.bin, root, args.check_args.split()))]
        if args.split:
            base = os.path.join(args.data, "base-" + case)
            base_project(root, base)
            rows += [
                (case + " base", lambda: run(args.bin, base, [])),
                (case + " base --no-dups", lambda: run(args.bin, base, ["--no-dups"])),
                (case + " dups alone", lambda: run_dups(args.bin, base)),
            ]
        for name, go in rows:
            res = go()
            if res is None:
                print("| %s | %.1f | aborted | | | | | |" % (name, src))
                continue
            t, rss, size, status, occ, sim = res
            print("| %s | %.1f | %.2f | %.0f | %.2f | %s | %s | %s |"
                  % (name, src, t, rss / 1e6, size / 1e6, status, occ, sim))
            sys.stdout.flush()


if __name__ == "__main__":
    main()
