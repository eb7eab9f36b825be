"""Duplicate passages at archive scale: this tool against the usual approaches.

    python bench/dedup.py quality [--n 4000] [--seed 1]
    python bench/dedup.py speed [--n 10000]
    python bench/dedup.py scale [--sizes 10000,100000,1000000]
    python bench/dedup.py real [--variants real,noise10,noise20,hard,df100]
    python bench/dedup.py one METHOD N RATE SEED     (one run, prints JSON; used by the others)

Batches come from `synth.planted_batch`: half Chinese, half English passages, 5% of them
planted copies of others with OCR-like noise (a third of those inside a longer passage),
and 2% near-miss pairs (two different passages sharing a stock sentence) that must not
match. A detection counts when it links two copies of one planted group and each span's
boundaries are within 5 characters of the planted ones.

Methods:
- `tool`: cleaner's n-gram index + rapidfuzz verification (`duplicates.find_matches`);
- `allpairs`: every pair scored by rapidfuzz (`process.cdist` with `partial_ratio`, in C++
  on all cores), then the same verification on the pairs that clear the threshold;
- `minhash`: document-level MinHash-LSH (datasketch, 128 permutations, character 5-grams,
  threshold 0.5), the usual corpus-dedup baseline; its spans are whole passages.

Each run happens in a fresh subprocess, so peak memory (ru_maxrss) is that run's alone.

`real` runs `bench/reprints.py`: the whole cluster stage (`--across-files`) on the real
passim reprints of `../shared/corpus/reprints/` and harder variants built from them,
scored as that corpus's `score.py` scores it.
"""

from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import PlantedBatch, planted_batch

TOLERANCE = 5
RATES = (0.0, 0.02, 0.05, 0.10)
LENGTHS = {"zh": (30, 120), "en": (60, 240)}


def make_batch(n: int, rate: float, seed: int) -> PlantedBatch:
    return planted_batch(n, rate, random.Random(seed), lengths=LENGTHS)


# --- methods: each returns detections as ((passage, start, end), (passage, start, end)) ---

def _pages(passages):
    from cleaner.duplicates import PageText
    from cleaner.model import Paragraph

    return [PageText(str(i), (text,), (Paragraph(text, 1, 1, (), ((1, 0),)),))
            for i, text in enumerate(passages)]


def run_tool(passages, options):
    from cleaner.duplicates import find_matches

    return [((m.a.page, m.a.start, m.a.end), (m.b.page, m.b.start, m.b.end))
            for m in find_matches(_pages(passages), options)]


def run_allpairs(passages, options):
    from rapidfuzz import fuzz, process

    from cleaner.duplicates import SIMILARITY_FLOOR, verify
    from cleaner.model import Paragraph
    from cleaner.shingles import normalise

    norms = [normalise(p) for p in passages]
    hits = []
    step = 2000
    for low in range(0, len(norms), step):
        scores = process.cdist(norms[low:low + step], norms, scorer=fuzz.partial_ratio,
                               score_cutoff=(options.similarity or SIMILARITY_FLOOR) * 100,
                               workers=-1,
                               dtype="uint8")
        rows, cols = scores.nonzero()
        hits += [(low + r, c) for r, c in zip(rows.tolist(), cols.tolist(), strict=True)
                 if low + r < c and min(len(norms[low + r]), len(norms[c])) >= options.min_length]
    out = []
    for i, j in hits:
        checked = verify(Paragraph(passages[i], 1, 1), Paragraph(passages[j], 1, 1), options)
        if checked:
            (s0, e0), (s1, e1) = checked.span_a, checked.span_b
            out.append(((i, s0, e0), (j, s1, e1)))
    return out


def run_minhash(passages, options):
    from datasketch import MinHash, MinHashLSH

    from cleaner.shingles import normalise

    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    hashes = []
    for i, text in enumerate(passages):
        norm = normalise(text)
        minhash = MinHash(num_perm=128)
        minhash.update_batch([norm[k:k + 5].encode() for k in range(max(1, len(norm) - 4))])
        lsh.insert(str(i), minhash)
        hashes.append(minhash)
    out = []
    for i, minhash in enumerate(hashes):
        for key in lsh.query(minhash):
            j = int(key)
            if i < j:
                out.append(((i, 0, len(passages[i])), (j, 0, len(passages[j]))))
    return out


METHODS = {"tool": run_tool, "allpairs": run_allpairs, "minhash": run_minhash}


# --- scoring -------------------------------------------------------------------------------

def evaluate(detections, batch: PlantedBatch) -> tuple[float, float, int]:
    """(precision, recall, detections) against the planted groups."""
    planted: dict[int, tuple[int, int, int]] = {}
    for g, group in enumerate(batch.groups):
        for passage, start, end in group:
            planted[passage] = (g, start, end)

    def close(side) -> tuple[int, bool]:
        passage, start, end = side
        if passage not in planted:
            return -1, False
        g, s, e = planted[passage]
        return g, abs(start - s) <= TOLERANCE and abs(end - e) <= TOLERANCE

    correct, found = 0, set()
    for a, b in detections:
        (ga, ok_a), (gb, ok_b) = close(a), close(b)
        if ga == gb >= 0 and ok_a and ok_b:
            correct += 1
            found |= {a[0], b[0]}
    copies = [p for group in batch.groups for p, _, _ in group[1:]]
    recall = sum(1 for p in copies if p in found) / len(copies) if copies else 1.0
    precision = correct / len(detections) if detections else 1.0
    return precision, recall, len(detections)


def one(method: str, n: int, rate: float, seed: int) -> dict:
    from cleaner.model import Options

    batch = make_batch(n, rate, seed)
    started = time.perf_counter()
    detections = METHODS[method](batch.passages, Options())
    seconds = time.perf_counter() - started
    precision, recall, count = evaluate(detections, batch)
    return {"method": method, "n": n, "rate": rate, "precision": round(precision, 4),
            "recall": round(recall, 4), "detections": count, "seconds": round(seconds, 2),
            "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "mb_text": round(sum(len(p.encode()) for p in batch.passages) / 1e6, 1)}


def _spawn(method: str, n: int, rate: float, seed: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "one", method, str(n), str(rate), str(seed)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _header() -> None:
    print(f"{'method':9} {'n':>8} {'rate':>5} {'P':>6} {'R':>6} {'found':>6} {'sec':>8} "
          f"{'peak MB':>8} {'MB text':>8}")


def _table(rows: list[dict]) -> None:
    for r in rows:
        print(f"{r['method']:9} {r['n']:>8} {r['rate']:>5} {r['precision']:>6} {r['recall']:>6} "
              f"{r['detections']:>6} {r['seconds']:>8} {r['peak_mb']:>8} {r['mb_text']:>8}",
              flush=True)


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "quality"
    args = dict(zip(argv[1::2], argv[2::2], strict=False))
    seed = int(args.get("--seed", 1))
    if command == "one":
        print(json.dumps(one(argv[1], int(argv[2]), float(argv[3]), int(argv[4]))))
        return 0
    if command == "real":
        import reprints

        sys.argv = [reprints.__file__, *argv[1:]]
        reprints.main()
        return 0
    runs: list[tuple[str, int, float]]
    if command == "quality":
        n = int(args.get("--n", 4000))
        methods = args.get("--methods", "tool,allpairs,minhash").split(",")
        runs = [(m, n, rate) for rate in RATES for m in methods]
    elif command == "speed":
        runs = [(m, int(args.get("--n", 10000)), 0.05) for m in ("tool", "allpairs")]
    elif command == "scale":
        runs = [("tool", int(x), 0.05)
                for x in args.get("--sizes", "10000,100000,1000000").split(",")]
    else:
        print(__doc__)
        return 2
    _header()
    for method, n, rate in runs:
        _table([_spawn(method, n, rate, seed)])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
