"""Where the time of a page goes: cProfile over generated pages, steady state.

    python bench/profile_pages.py [--pages 200] [--lang zh|en|both] [--top 30] [--sort tottime]

Pages come from `synth.page` (as in `bench/batch.py`); the first four are cleaned before
profiling starts, so the one-off loading of dictionaries and profiles is left out (it is
measured by `time clean samples/... -o out/`). Prints the MB/min of the run without and
with the profiler, then the top functions.

py-spy gives the same without the profiler's overhead, on a real batch:

    py-spy record -o profile.svg -- python -m cleaner scans/ -o out/ -j 1 -q
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import page

from cleaner import clean_bytes
from cleaner.write import manifest


def pages(count: int, lang: str, seed: int) -> list[bytes]:
    rng = random.Random(seed)
    langs = {"zh": ["zh"], "en": ["en"], "both": ["zh", "en"]}[lang]
    return [page(rng, langs[i % len(langs)]).encode() for i in range(count)]


def clean_all(batch: list[bytes]) -> None:
    for i, data in enumerate(batch):
        json.dumps(manifest(clean_bytes(data, f"page{i}.txt")), ensure_ascii=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--lang", choices=("zh", "en", "both"), default="both")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sort", default="tottime", choices=("tottime", "cumulative"))
    args = parser.parse_args()
    batch = pages(args.pages, args.lang, args.seed)
    size = sum(map(len, batch)) / 1e6
    clean_all(batch[:4])
    started = time.perf_counter()
    clean_all(batch)
    plain = time.perf_counter() - started
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.runcall(clean_all, batch)
    profiled = time.perf_counter() - started
    print(f"{args.pages} pages, {size:.2f} MB: {plain:.1f} s, {size / plain * 60:.1f} MB/min "
          f"({profiled:.1f} s under the profiler)")
    pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
