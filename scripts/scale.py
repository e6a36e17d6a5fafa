#!/usr/bin/env python3
"""Archive scale (issue 16): one project of 10 sources and 10,000 quotes, per stage wall time,
peak memory, accuracy, and the read+hash baseline measured in the same run.

The project is built from the shared harness's generator (../shared/peers/gen_corpus.py; numpy
needed: run this with the harness's venv, e.g. ~/.cache/citecheck-peers/.venv/bin/python):
10 corpora (seeds 101-110) of --size each (default 100M: 1 GB in all), 1,000 quotes each (the
generator's kinds: exact, typographic, edited, absent). Each corpus becomes sources/cNNN.txt
(a hard link to the generated file when possible) and its quotes claims/cNNN.toml, built as
scripts/scaling.py builds its one-source project (no pointers, so every quote is searched);
verdicts are scored against the generator's truth with scaling.py's `accuracy`.

Every stage runs under /usr/bin/time -v, the page cache warm (the files are read once first,
the baseline included), in this order:

  read+hash  sha256sum of the 10 files, 2 in parallel (`xargs -P2 -n1 sha256sum`): the floor
             any stage that reads and hashes the corpus pays; best of --baseline-runs. Every
             time is also given as a ratio to `openssl dgst -sha256` run the same way, which
             uses the CPU's SHA instructions where coreutils' sha256sum may not: the stricter
             floor.
  lock       citecheck lock
  check --no-dups
  dups       citecheck dups --format json
  check      (duplicate search included), no cache yet: it fills .citecheck/cache
  warm       the same `check` again, every source's derived tables and the duplicate search
             read from the cache
  claims     the claims changed (the last 10 quotes of every claims file removed; accuracy
             scored on the rest), the sources not: a re-check from the cache
  source     then one source changed (a line appended to sources/c101.txt, a new file, so the
             generated corpus is untouched): nine sources from the cache, one derived again,
             the duplicate search run again

Every stage before `check` starts without a cache (.citecheck removed), so each is cold.

and one Markdown table is printed: wall s, ratio to read+hash, peak RSS MB, peak RSS / corpus
bytes, accuracy (check rows). Nothing is timed that this script does itself.

  scripts/scale.py [--bin target/release/citecheck] [--size 100M] [--data DIR]
                   [--stages lock,check-no-dups,dups,check,warm] [--keep]
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from scaling import REPO, accuracy, timed  # noqa: E402

import json  # noqa: E402

SEEDS = range(101, 111)
QUOTES = 1000
STAGES = ["lock", "check-no-dups", "dups", "check", "warm", "claims", "source"]
DROPPED = 10


def corpora(gen, data, size):
    """The 10 generated corpora (generated once into `data`): [(seed, text path, quotes)]."""
    out = []
    for seed in SEEDS:
        base = os.path.join(data, "corpus_%s_s%d" % (size, seed))
        if not (os.path.exists(base + ".txt") and os.path.exists(base + ".quotes.json")):
            print("generating %s (seed %d)..." % (size, seed), file=sys.stderr, flush=True)
            subprocess.run([sys.executable, gen, "--size", size, "--seed", str(seed),
                            "--n-quotes", str(QUOTES), "--out-dir", data],
                           check=True, stdout=subprocess.DEVNULL)
        qs = json.load(open(base + ".quotes.json", encoding="utf-8"))
        out.append((seed, base + ".txt", qs))
    return out


def project(corp):
    """A throw-away project: sources/cSEED.txt and claims/cSEED.toml per corpus. Quote ids are
    prefixed with the seed (the generator numbers each corpus's quotes from 0). Returns the
    root and every quote with its prefixed id."""
    root = tempfile.mkdtemp(prefix="scale-project-")
    os.makedirs(os.path.join(root, "sources"))
    os.makedirs(os.path.join(root, "claims"))
    open(os.path.join(root, "citecheck.toml"), "w").close()
    every = []
    for seed, text, qs in corp:
        name = "c%d.txt" % seed
        src = os.path.join(root, "sources", name)
        try:
            os.link(text, src)
        except OSError:
            shutil.copyfile(text, src)
        with open(os.path.join(root, "claims", "c%d.toml" % seed), "w", encoding="utf-8") as f:
            for q in qs:
                qid = "s%d-%s" % (seed, q["id"])
                f.write("[[quote]]\nid = %s\nsource = \"%s\"\ntext = %s\n\n"
                        % (json.dumps(qid), name, json.dumps(q["text"], ensure_ascii=False)))
                every.append(dict(q, id=qid))
    return root, every


def drop_last_quotes(root, corp):
    """Rewrite every claims file without its last DROPPED quotes; the ids still declared."""
    kept = set()
    for seed, _, _ in corp:
        path = os.path.join(root, "claims", "c%d.toml" % seed)
        blocks = open(path, encoding="utf-8").read().split("[[quote]]\n")[1:]
        blocks = blocks[:len(blocks) - DROPPED]
        with open(path, "w", encoding="utf-8") as f:
            f.write("".join("[[quote]]\n" + b for b in blocks))
        for b in blocks:
            kept.add(json.loads(b.split("\n", 1)[0].split(" = ", 1)[1]))
    return kept


def append_line(path):
    """Replace `path` (a hard link to a generated corpus) by a copy with one more line."""
    tmp = path + ".new"
    shutil.copyfile(path, tmp)
    with open(tmp, "a", encoding="utf-8") as f:
        f.write("\nA line appended after the corpus was generated.\n")
    os.replace(tmp, path)


def baseline(files, runs, hasher="sha256sum"):
    """Best wall time (and its peak RSS) of `hasher FILE` over `files`, two at a time."""
    best = None
    listing = "\n".join(files) + "\n"
    for _ in range(max(1, runs)):
        with tempfile.NamedTemporaryFile("w", suffix=".list", delete=False) as f:
            f.write(listing)
        try:
            r = timed(["sh", "-c", "xargs -P2 -n1 %s < '%s' > /dev/null" % (hasher, f.name)])
        finally:
            os.unlink(f.name)
        best = r if best is None or r[0] < best[0] else best
    return best[0], best[1]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", default=os.path.join(REPO, "target", "release", "citecheck"))
    ap.add_argument("--size", default="100M", help="bytes per corpus (10 corpora): 100M, 10M, ...")
    ap.add_argument("--data", default=os.path.expanduser("~/.cache/citecheck-scale"))
    ap.add_argument("--gen", default=os.path.join(REPO, "..", "shared", "peers", "gen_corpus.py"))
    ap.add_argument("--stages", default=",".join(STAGES),
                    help="which of %s to run, in that order" % ",".join(STAGES))
    ap.add_argument("--baseline-runs", type=int, default=3)
    ap.add_argument("--keep", action="store_true", help="keep the project folder (printed)")
    a = ap.parse_args()
    stages = [s for s in STAGES if s in a.stages.split(",")]
    unknown = set(a.stages.split(",")) - set(STAGES)
    if unknown:
        sys.exit("unknown stages: %s" % ", ".join(sorted(unknown)))
    binary = os.path.abspath(a.bin)
    os.makedirs(a.data, exist_ok=True)
    corp = corpora(a.gen, a.data, a.size)
    root, qs = project(corp)
    files = [os.path.join(root, "sources", "c%d.txt" % seed) for seed, _, _ in corp]
    total = sum(os.path.getsize(f) for f in files)
    try:
        for f in files:  # warm the page cache: every stage, the baseline too, reads from it
            with open(f, "rb") as h:
                while h.read(1 << 24):
                    pass
        base, base_rss = baseline(files, a.baseline_runs)
        ossl, ossl_rss = baseline(files, a.baseline_runs, "openssl dgst -sha256")
        rows = [("read+hash (`xargs -P2 -n1 sha256sum`)", base, base_rss, None),
                ("read+hash (`xargs -P2 -n1 openssl dgst -sha256`)", ossl, ossl_rss, None)]
        scored = qs
        for stage in stages:
            if stage in ("lock", "check-no-dups", "dups", "check"):
                shutil.rmtree(os.path.join(root, ".citecheck"), ignore_errors=True)
            if stage == "claims":
                kept = drop_last_quotes(root, corp)
                scored = [q for q in qs if q["id"] in kept]
            if stage == "source":
                append_line(os.path.join(root, "sources", "c%d.txt" % corp[0][0]))
            if stage == "lock":
                wall, rss, _ = timed([binary, "lock", "--root", root, "-q"])
                rows.append(("`lock`", wall, rss, None))
            elif stage == "dups":
                wall, rss, _ = timed([binary, "dups", "--root", root, "--format", "json", "-q"],
                                     ok=(0, 1))
                rows.append(("`dups`", wall, rss, None))
            else:
                extra = ["--no-dups"] if stage == "check-no-dups" else []
                wall, rss, out = timed([binary, "check", "--root", root, "--format", "json",
                                        "-q"] + extra, ok=(0, 1))
                name = {"check-no-dups": "`check --no-dups`", "check": "`check` (cold)",
                        "warm": "`check` again (warm)",
                        "claims": "`check`, claims changed (warm)",
                        "source": "`check`, one source changed"}[stage]
                rows.append((name, wall, rss, accuracy(json.loads(out), scored)))
    finally:
        if a.keep:
            print("project kept in %s" % root, file=sys.stderr)
        else:
            shutil.rmtree(root, ignore_errors=True)
    print("%d sources, %d quotes, %.1f MB of text (%s per corpus, seeds %d-%d); %s"
          % (len(files), len(qs), total / 1e6, a.size, SEEDS[0], SEEDS[-1], binary))
    print()
    print("| stage | wall s | x read+hash (sha256sum) | x openssl | peak RSS MB | RSS / corpus "
          "| accuracy |")
    print("|---|---|---|---|---|---|---|")
    for name, wall, rss, acc in rows:
        print("| %s | %.2f | %.2fx | %.2fx | %.0f | %.2fx | %s |" % (
            name, wall, wall / base if base > 0 else float("nan"),
            wall / ossl if ossl > 0 else float("nan"), rss / 1e6, rss / total,
            "" if acc is None else "%.4f" % acc))


if __name__ == "__main__":
    main()
