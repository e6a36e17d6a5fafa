#!/usr/bin/env python3
"""Score `citecheck dups` on the peer harness's duplicated-passage corpus.

The harness (../shared/peers/dups/dup_bench.py) runs its own peers only, so this script plugs
citecheck in beside them: it generates (or reuses) the same corpus with the harness's generator,
puts it in a throwaway project as one source, runs `citecheck dups --format json` under
/usr/bin/time -v, turns every cluster into pairs of occurrences and scores them with the
harness's own `evaluate` (recall over planted pairs, precision of reported pairs). With
--peers it also runs the harness's winnowing and MinHash-LSH peers on the same text, in the
same run, so the numbers compare.

Run it with the harness's virtualenv (numpy, datasketch), after `../shared/peers/run.sh dups`
created it:

  ~/.cache/citecheck-peers/.venv/bin/python scripts/dups_bench.py --size 20M --peers \
      --bin target/release/citecheck
  ~/.cache/citecheck-peers/.venv/bin/python scripts/dups_bench.py --size 100M \
      --bin target/release/citecheck
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def harness_dir(arg):
    """The writable copy run.sh made (data/ lives there), else the shared original."""
    for d in (arg, os.environ.get("PEERS_WORK"), os.path.expanduser("~/.cache/citecheck-peers"),
              os.path.join(REPO, "..", "shared", "peers")):
        if d and os.path.isfile(os.path.join(d, "dups", "dup_bench.py")):
            return os.path.abspath(d)
    sys.exit("peer harness not found: pass --harness DIR")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", default="20M")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--plants", type=int, default=300)
    ap.add_argument("--bin", default=os.path.join(REPO, "target", "release", "citecheck"))
    ap.add_argument("--harness", default=None, help="peer harness folder (holds dups/)")
    ap.add_argument("--work", default="/tmp/citecheck-dups-bench", help="scratch folder")
    ap.add_argument("--peers", action="store_true", help="also run winnowing and MinHash-LSH")
    a = ap.parse_args()

    h = harness_dir(a.harness)
    sys.path.insert(0, h)
    sys.path.insert(0, os.path.join(h, "dups"))
    import dup_bench  # noqa: E402
    from gen_corpus import parse_size  # noqa: E402

    data = os.path.join(h, "data")
    os.makedirs(data, exist_ok=True)
    base = os.path.join(data, "dups_%s_s%d" % (a.size, a.seed))
    if os.path.isfile(base + ".txt") and os.path.isfile(base + ".truth.json"):
        text = open(base + ".txt", encoding="utf-8").read()
        truth = json.load(open(base + ".truth.json"))
        print("reusing %s.txt (%d planted pairs)" % (base, len(truth)))
    else:
        t = time.perf_counter()
        text, truth, ranges = dup_bench.generate(parse_size(a.size), a.seed, a.plants)
        with open(base + ".txt", "w", encoding="utf-8") as f:
            f.write(text)
        json.dump(truth, open(base + ".truth.json", "w"), indent=0)
        json.dump(ranges, open(base + ".docs.json", "w"))
        print("generated %s.txt: %d planted pairs (%.1fs)" % (base, len(truth),
                                                             time.perf_counter() - t))
    nbytes = os.path.getsize(base + ".txt")

    # A throwaway project holding the corpus as its one source.
    proj = os.path.join(a.work, "dups_%s_s%d" % (a.size, a.seed))
    src_dir = os.path.join(proj, "sources")
    os.makedirs(src_dir, exist_ok=True)
    open(os.path.join(proj, "citecheck.toml"), "w").write("[dups]\n")
    corpus = os.path.join(src_dir, "corpus.txt")
    if not (os.path.isfile(corpus) and os.path.getsize(corpus) == nbytes):
        shutil.copyfile(base + ".txt", corpus)

    out = os.path.join(a.work, "dups_%s_s%d.json" % (a.size, a.seed))
    cmd = ["/usr/bin/time", "-v", a.bin, "dups", "--root", proj, "--format", "json"]
    t = time.perf_counter()
    with open(out, "w") as f:
        r = subprocess.run(cmd, stdout=f, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t
    if r.returncode != 0:
        sys.exit("citecheck failed (%d):\n%s" % (r.returncode, r.stderr))
    rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", r.stderr).group(1))
    cpu = sum(float(x) for x in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)",
                                           r.stderr))
    report = json.load(open(out))
    # Every cluster as pairs of occurrences (spans are byte offsets into the one source).
    pairs = []
    for c in report["duplicates"]:
        occ = [tuple(o["span"]) for o in c["occurrences"]]
        for i in range(len(occ)):
            for j in range(i + 1, len(occ)):
                pairs.append((occ[i], occ[j]))
    ev = dup_bench.evaluate(truth, pairs)
    rows = [("citecheck dups (k=4, w=3 winnowing + extension + chaining)", wall, ev,
             "max RSS %.0f MB = %.2fx corpus, CPU %.1fs, %d clusters" % (
                 rss_kb / 1024, rss_kb * 1024 / nbytes, cpu, len(report["duplicates"])))]
    missed = sorted(t["id"] for t in truth if not any(
        (min(p[0][1], t["src"][1]) > max(p[0][0], t["src"][0]) and
         min(p[1][1], t["dst"][1]) > max(p[1][0], t["dst"][0])) or
        (min(p[1][1], t["src"][1]) > max(p[1][0], t["src"][0]) and
         min(p[0][1], t["dst"][1]) > max(p[0][0], t["dst"][0])) for p in pairs))

    # Tightness: planted pairs whose best reported pair covers both sides with IoU >= 0.8.
    def iou(x, y):
        inter = min(x[1], y[1]) - max(x[0], y[0])
        return max(0, inter) / (max(x[1], y[1]) - min(x[0], y[0]))
    tight = sum(1 for t in truth if any(
        min(iou(p[0], t["src"]), iou(p[1], t["dst"])) >= 0.8 or
        min(iou(p[1], t["src"]), iou(p[0], t["dst"])) >= 0.8 for p in pairs))
    rows[0] = rows[0][:3] + (rows[0][3] + ", tight (IoU >= 0.8) %d/%d" % (tight, len(truth)),)

    if a.peers:
        for name, fn in (("winnowing (numpy, k=5 words, w=4)", dup_bench.peer_winnowing),
                         ("datasketch MinHashLSH (paragraphs, 5-word shingles, t=0.5)",
                          dup_bench.peer_minhash)):
            t = time.perf_counter()
            rep = fn(text)
            dt = time.perf_counter() - t
            rows.append((name, dt, dup_bench.evaluate(truth, rep), ""))

    print("\ncorpus %s: %d bytes, %d planted pairs\n" % (a.size, nbytes, len(truth)))
    print("| tool | seconds | MB/s | recall | precision | reported | notes |")
    print("|---|---|---|---|---|---|---|")
    for name, dt, ev, note in rows:
        print("| %s | %.2f | %.1f | %.3f | %.3f | %d | %s |" % (
            name, dt, nbytes / dt / 1e6, ev["recall"], ev["precision"], ev["reported"], note))
        print("|  |  |  | %s |  |  |  |" % "  ".join(
            "%s %d/%d" % (k, v[0], v[1]) for k, v in sorted(ev["per"].items())))
    if missed:
        print("\ncitecheck missed: " + ", ".join(missed))


if __name__ == "__main__":
    main()
