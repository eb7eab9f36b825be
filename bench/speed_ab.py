"""This checkout's speed against a commit's, in one process, alternated over the same pages.

    python bench/speed_ab.py [--commit HEAD] [--lang en|zh|both] [--pages 40] [--rounds 5]

The commit's `cleaner/` is copied (`git archive`) under a temporary folder as the package
`cleaner_base` (its imports are relative, so it runs as itself), and both clean the same
generated pages (`synth.page`) in turn, round after round, in CPU time. On a VM whose
speed drifts by a third from one minute to the next, runs in separate processes minutes
apart (`bench/batch.py --baseline`) cannot tell a change of 10 %; rounds alternated in one
process can. Prints the best round of each, in MB of text per minute, and their ratio.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]


def base_package(commit: str, folder: Path):
    """The commit's package, imported as `cleaner_base`, reading its own profiles."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit, "cleaner"],
                             check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    (folder / "cleaner").rename(folder / "cleaner_base")
    sys.path.insert(0, str(folder))
    import cleaner_base
    import cleaner_base.languages as languages

    languages.use_profiles(languages.resources.files("cleaner_base") / "profiles")
    return cleaner_base


def clean_all(package, pages: list[bytes]) -> float:
    """CPU seconds to clean the pages and encode their manifests."""
    from importlib import import_module

    manifest = import_module(f"{package.__name__}.write").manifest
    started = time.process_time()
    for i, data in enumerate(pages):
        json.dumps(manifest(package.clean_bytes(data, f"page{i}.txt")), ensure_ascii=False)
    return time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--commit", default="HEAD")
    parser.add_argument("--lang", choices=("zh", "en", "both"), default="en")
    parser.add_argument("--pages", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    from synth import page

    import cleaner

    rng = random.Random(args.seed)
    langs = {"zh": ["zh"], "en": ["en"], "both": ["en", "zh"]}[args.lang]
    pages = [page(rng, langs[i % len(langs)]).encode() for i in range(args.pages)]
    size = sum(map(len, pages)) / 1e6
    with tempfile.TemporaryDirectory() as folder:
        base = base_package(args.commit, Path(folder))
        for package in (base, cleaner):
            clean_all(package, pages[:5])  # word lists, models and caches loaded
        rounds: dict[str, list[float]] = {"base": [], "work": []}
        for _ in range(args.rounds):
            rounds["base"].append(clean_all(base, pages))
            rounds["work"].append(clean_all(cleaner, pages))
    best_base, best_work = min(rounds["base"]), min(rounds["work"])
    print(f"{args.lang}, {args.pages} pages, {size:.2f} MB, best of {args.rounds} rounds: "
          f"{args.commit} {size / best_base * 60:.1f} MB/min, this checkout "
          f"{size / best_work * 60:.1f} MB/min: {best_base / best_work:.2f}x")
    print("rounds (s):", {k: [round(v, 2) for v in vs] for k, vs in rounds.items()})


if __name__ == "__main__":
    main()
