"""Duplicates on real reprints: `--across-files` over the passim clusters in
`../shared/corpus/reprints/`, scored as that corpus's `score.py` scores it, in process.

    python bench/reprints.py [--corpus DIR] [--variants real,noise10,noise20,hard,df100]
                             [--similarity 0.85] [--json FILE]

Besides the corpus as it is, it builds harder cases from the same printings (seeded, so
every run sees the same text):

- `noise10`, `noise20`: every file with that share of its letters corrupted (OCR-like
  substitutions, drops and doublings, `synth.ocr_noise`);
- `hard`: each printing abridged (a quarter of its words cut from its end) or given junk
  from another text (the next article: 20-45 % of its length, so that the printing stays
  mostly a copy, as the strict count needs), with 8 % noise; plus hard
  negatives: for a third of the clusters, a file that opens with the cluster's first
  sentence and goes on with another text (a shared formula, not a copy). Junk and the
  negatives' bodies come from a quarter of the distractors, left out of the batch;
- `df100`: the three largest clusters grown to 120 printings each with 5 % noise, so their
  n-grams are shared by more passages than the index pairs exhaustively.

For each: strict and lenient pairwise P/R and ARI (the corpus scorer's counting), how many
`duplicate_of` pointers name text that was itself removed, how many clusters keep no whole
copy, how many printings were cut in pieces (some but under half of them dropped), and the
time of the duplicate stage.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from synth import ocr_noise  # noqa: E402

from cleaner.duplicates import dedupe  # noqa: E402
from cleaner.model import Options  # noqa: E402
from cleaner.pipeline import prepare_bytes  # noqa: E402

CORPUS = HERE.parent.parent / "shared" / "corpus" / "reprints"
#: A printing keeps a whole copy when less than this share of it was dropped.
WHOLE_LEFT = 0.1
STRICT = 0.5


def alnum(text: str) -> int:
    return sum(ch.isalnum() for ch in text)


def load(corpus: Path) -> tuple[dict[str, str], dict[str, str]]:
    """{file: text}, {file: cluster label (a distractor is its own)}."""
    truth = json.loads((corpus / "truth.json").read_text(encoding="utf-8"))
    texts = {f: (corpus / "texts" / f).read_text(encoding="utf-8") for f in sorted(truth["docs"])}
    labels = {f: truth["docs"][f]["cluster"] or "single:" + f for f in texts}
    return texts, labels


def variant(name: str, texts: dict[str, str], labels: dict[str, str],
            ) -> tuple[dict[str, str], dict[str, str]]:
    rng = random.Random(f"reprints-{name}")
    if name == "real":
        return texts, labels
    if name.startswith("noise"):
        rate = int(name[5:]) / 100
        return {f: ocr_noise(t, rate, rng) for f, t in texts.items()}, labels
    clusters: dict[str, list[str]] = defaultdict(list)
    for f, label in labels.items():
        clusters[label].append(f)
    singles = sorted(f for f, label in labels.items() if label.startswith("single:"))
    if name == "hard":
        # junk and the negatives' bodies come from distractors left out of this batch, each
        # piece used once, so that no two files of the batch share them
        pool = set(singles[::4])
        spare = iter("".join(texts[f].replace("\n", " ") for f in sorted(pool)).split(". "))
        out, out_labels = {}, {f: label for f, label in labels.items() if f not in pool}

        def fresh(chars: int) -> str:
            text = ""
            while len(text) < chars:
                text += next(spare, "fin") + ". "
            return text

        for f, text in texts.items():
            if f in pool:
                continue
            if not labels[f].startswith("single:"):
                roll = rng.random()
                if roll < 0.4:
                    words = text.split(" ")
                    text = " ".join(words[:max(8, len(words) * 3 // 4)])
                elif roll < 0.8:  # junk of 20-45 % of the printing: still mostly a copy
                    junk = fresh(len(text) * rng.randint(20, 45) // 100)
                    text = text.rstrip("\n") + "\n" + junk + "\n"
            out[f] = ocr_noise(text, 0.08, rng)
        reprinted = sorted(label for label in clusters if not label.startswith("single:"))
        for k, label in enumerate(reprinted[::3]):
            first = texts[sorted(clusters[label])[0]]
            opening = first.split(". ")[0][:200] + ". "
            name_ = f"negative-{k:03d}.txt"
            out[name_] = opening + fresh(3 * len(opening))
            out_labels[name_] = "single:" + name_
        return out, out_labels
    if name == "df100":
        out, out_labels = dict(texts), dict(labels)
        biggest = sorted((label for label in clusters if not label.startswith("single:")),
                         key=lambda label: (-len(clusters[label]), label))[:3]
        for label in biggest:
            members = sorted(clusters[label])
            for k in range(len(members), 120):
                name_ = f"grown-{label.split(':')[-1]}-{k:03d}.txt"
                out[name_] = ocr_noise(texts[members[k % len(members)]], 0.05, rng)
                out_labels[name_] = label
        return out, out_labels
    raise SystemExit(f"unknown variant {name!r}")


def run(texts: dict[str, str], options: Options) -> tuple[list, float, float]:
    """Prepared pages, their duplicate decisions, and the seconds each step took."""
    t0 = time.perf_counter()
    prepared = [prepare_bytes(t.encode("utf-8"), f, options) for f, t in texts.items()]
    t1 = time.perf_counter()
    copies = dedupe([p.page_text() for p in prepared], options)
    t2 = time.perf_counter()
    return list(zip(prepared, copies, strict=True)), t1 - t0, t2 - t1


def components(files: list[str], edges: list[tuple[str, str]]) -> dict[str, str]:
    parent = {f: f for f in files}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {f: find(f) for f in files}


def pairwise(files: list[str], truth: dict[str, str], pred: dict[str, str]) -> dict[str, float]:
    from collections import Counter
    from math import comb

    tp = sum(comb(v, 2) for v in Counter((truth[f], pred[f]) for f in files).values())
    t_pairs = sum(comb(v, 2) for v in Counter(truth.values()).values())
    p_pairs = sum(comb(v, 2) for v in Counter(pred.values()).values())
    p = tp / p_pairs if p_pairs else 0.0
    r = tp / t_pairs if t_pairs else 0.0
    expected = t_pairs * p_pairs / comb(len(files), 2)
    top = (t_pairs + p_pairs) / 2
    ari = (tp - expected) / (top - expected) if top != expected else 1.0
    return {"P": round(p, 4), "R": round(r, 4), "F1": round(2 * p * r / (p + r) if p + r else 0, 4),
            "ARI": round(ari, 4)}


def score(texts: dict[str, str], labels: dict[str, str], results: list) -> dict:
    files = list(texts)
    size = {f: alnum(t) or 1 for f, t in texts.items()}
    got: dict[tuple[str, str], int] = defaultdict(int)
    removed_lines: dict[str, list[tuple[int, int]]] = defaultdict(list)
    pointers = []
    for prepared, copies in results:
        name = prepared.source.name
        for r in copies.removed:
            if r.label != "duplicate" or r.duplicate_of is None:
                continue
            removed_lines[name].append(r.lines)
            pointers.append(r.duplicate_of)
            if r.duplicate_of.source != name:
                got[(name, r.duplicate_of.source)] += alnum(r.text)
    cover: dict[str, float] = defaultdict(float)
    for (a, _), n in got.items():
        cover[a] += n / size[a]
    out: dict = {}
    for mode, floor in (("strict", STRICT), ("lenient", 0.0)):
        edges = [(a, b) for (a, b) in got if cover[a] >= floor]
        out[mode] = pairwise(files, labels, components(files, edges))
        out[mode]["wrong_links"] = sum(labels[a] != labels[b] for a, b in edges)
    out["pointers_to_removed"] = sum(
        any(lo <= p.lines[1] and p.lines[0] <= hi for lo, hi in removed_lines[p.source])
        for p in pointers)
    clusters: dict[str, list[str]] = defaultdict(list)
    for f, label in labels.items():
        clusters[label].append(f)
    out["clusters_without_whole_copy"] = sum(
        not any(cover[f] < WHOLE_LEFT for f in members)
        for label, members in clusters.items() if len(members) > 1)
    out["printings_in_pieces"] = sum(WHOLE_LEFT <= cover[f] < STRICT for f in files
                                     if not labels[f].startswith("single:"))
    out["dropped_files"] = sum(cover[f] >= STRICT for f in files)
    out["perfect_drops"] = sum(len(m) - 1 for m in clusters.values())
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--variants", default="real,noise10,noise20,hard,df100")
    parser.add_argument("--similarity", type=float, default=Options.similarity)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if not (args.corpus / "truth.json").exists():
        raise SystemExit(f"no reprint corpus at {args.corpus} (give --corpus)")
    texts, labels = load(args.corpus)
    options = Options(similarity=args.similarity, across_files=True)
    report = {}
    print(f"{'variant':8s} {'files':>5s}  strict P   R     ARI   lenient P   R    "
          f"wrong  ->removed  no-whole  pieces  drops/perfect  dedupe s")
    for name in args.variants.split(","):
        vtexts, vlabels = variant(name, texts, labels)
        results, _, seconds = run(vtexts, options)
        s = score(vtexts, vlabels, results)
        s["dedupe_seconds"] = round(seconds, 2)
        report[name] = s
        st, le = s["strict"], s["lenient"]
        print(f"{name:8s} {len(vtexts):5d}  {st['P']:.3f} {st['R']:.3f} {st['ARI']:.3f}   "
              f"{le['P']:.3f} {le['R']:.3f}  {le['wrong_links']:5d}  "
              f"{s['pointers_to_removed']:8d}  "
              f"{s['clusters_without_whole_copy']:8d}  {s['printings_in_pieces']:6d}  "
              f"{s['dropped_files']:5d}/{s['perfect_drops']:<5d}  {seconds:8.1f}", flush=True)
    if args.json:
        args.json.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
