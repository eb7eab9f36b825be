"""Fit the copy decision (are two aligned passages one passage printed twice?) on real
reprints, and write its weights into the Latin-script profile.

    python bench/fit_copies.py [--corpus ../shared/corpus/reprints] [--dry-run]

Examples are the candidate pairs the n-gram index finds between files of the passim
reprint corpus (`bench/reprints.py` builds it and its variants): the corpus as it is, with
10 % and 20 % of its letters corrupted, and abridged / with junk / with hard negatives.
Random pairs of files from different clusters are added as negatives, so the fit sees what
a chance alignment looks like. Each pair is aligned as `duplicates.align` aligns it
(no decision yet) and labelled 1 when both files are printings of one cluster.

The label is the files', not the text's: two distractors may share a real formula or an
address, and count as negatives. That is what the corpus scorer counts too.

Held-out figures: five folds by cluster (every pair of a cluster in one fold; negatives by
their first file), pair-level P/R at the decision threshold. The Chinese profile keeps the
former rule as weights (no Chinese reprint truth).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import reprints  # noqa: E402

from cleaner.duplicates import COPY_FEATURES, Alignment, align, copy_features, indexed  # noqa: E402
from cleaner.model import Options  # noqa: E402
from cleaner.shingles import candidate_pairs  # noqa: E402

PROFILES = HERE.parent / "cleaner" / "profiles"
VARIANTS = ("real", "noise10", "noise20", "hard")
#: Random cross-cluster pairs added per variant as negatives.
RANDOM_PAIRS = 3000
FOLDS = 5
#: Pull of the weights towards 0 (a Gaussian prior): keeps them finite on separable data.
STRENGTH = 1.0
#: Evidence that can only speak one way: a closer, longer, more complete alignment is
#: never less of a copy, a reworded one never more.
SIGNS = {"similarity": 1, "coverage": 1, "log-length": 1, "reworded": -1}
#: Weight of a negative pair against a copy: dropping text that is no copy costs more than
#: keeping a copy (and copies outnumber the negatives that align at all fifty to one).
NEGATIVE_WEIGHT = 10.0


def examples(name: str, texts: dict, labels: dict, options: Options, rng: random.Random):
    """(features, label, group) of every aligned candidate pair of one variant."""
    vtexts, vlabels = reprints.variant(name, texts, labels)
    from cleaner.pipeline import prepare_bytes

    prepared = [prepare_bytes(t.encode("utf-8"), f, options) for f, t in vtexts.items()]
    units = [(p, i) for p, page in enumerate(prepared) for i in indexed(page.paragraphs)]
    unit_text = [prepared[p].paragraphs[i].text for p, i in units]
    names = [page.source.name for page in prepared]
    pairs = {(x, y) for x, y in candidate_pairs(unit_text, options.min_length)
             if units[x][0] != units[y][0]}
    wanted = len(pairs) + RANDOM_PAIRS
    for _ in range(20 * RANDOM_PAIRS):  # random negatives
        x, y = sorted(rng.sample(range(len(units)), 2))
        if vlabels[names[units[x][0]]] != vlabels[names[units[y][0]]]:
            pairs.add((x, y))
        if len(pairs) >= wanted:
            break
    rows = []
    for x, y in sorted(pairs):
        found = align(unit_text[x], unit_text[y], options)
        if found is None:
            continue
        a, b = names[units[x][0]], names[units[y][0]]
        same = vlabels[a] == vlabels[b] and not vlabels[a].startswith("single:")
        group = zlib.crc32((vlabels[a] if same else min(a, b)).encode()) % FOLDS
        rows.append((copy_features(found), int(same), group))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=reprints.CORPUS)
    parser.add_argument("--dry-run", action="store_true", help="print, do not write")
    args = parser.parse_args()
    if not (args.corpus / "truth.json").exists():
        raise SystemExit(f"no reprint corpus at {args.corpus} (give --corpus)")
    import numpy as np
    from fit import fit_with_prior

    texts, labels = reprints.load(args.corpus)
    options = Options(across_files=True)
    rows = []
    for name in VARIANTS:
        got = examples(name, texts, labels, options, random.Random(f"fit-copies-{name}"))
        print(f"{name}: {len(got)} aligned pairs, {sum(r[1] for r in got)} copies", flush=True)
        rows += got
    x = np.array([r[0] for r in rows])
    y = np.array([r[1] for r in rows])
    groups = np.array([r[2] for r in rows])

    def fitted(mask):
        weight = np.where(y[mask] == 1, 1.0, NEGATIVE_WEIGHT)
        return fit_with_prior(x[mask], y[mask], COPY_FEATURES, {}, weight, STRENGTH, SIGNS)

    tp = fp = fn = 0
    for fold in range(FOLDS):
        w, b = fitted(groups != fold)
        predicted = x[groups == fold] @ w + b > 0
        truth = y[groups == fold] == 1
        tp += int((predicted & truth).sum())
        fp += int((predicted & ~truth).sum())
        fn += int((~predicted & truth).sum())
    held_out = {"P": round(tp / max(tp + fp, 1), 4), "R": round(tp / max(tp + fn, 1), 4)}
    w, b = fitted(np.ones(len(y), dtype=bool))
    weights = {n: round(float(v), 4) for n, v in zip(COPY_FEATURES, w, strict=True)}
    decision = {"bias": round(b, 4), "weights": weights,
                "threshold": 0.0,
                "fitted_on": f"{len(y)} aligned pairs ({int(y.sum())} copies) of the passim "
                             f"reprint corpus: {', '.join(VARIANTS)}",
                "held_out_by_cluster": held_out}
    print(json.dumps(decision, indent=1))
    for similarity in (0.6, 0.7, 0.8, 0.9):
        lengths = [n for n in range(20, 2000) if decision["bias"] + sum(
            weights[f] * v for f, v in zip(COPY_FEATURES, copy_features(Alignment(
                (0, n), (0, n), similarity, 1.0, n, False, 0.0)), strict=True)) > 0]
        print(f"a whole copy at similarity {similarity}, nothing reworded: taken from "
              f"{lengths[0] if lengths else '-'} letters on")
    if not args.dry_run:
        path = PROFILES / "latin.json"
        profile = json.loads(path.read_text(encoding="utf-8"))
        profile["decisions"]["copy"] = decision
        path.write_text(json.dumps(profile, ensure_ascii=False, indent=1) + "\n",
                        encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
