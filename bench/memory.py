"""Peak memory on the two shapes that threaten it: one 100 MB input file (pages separated
by form feeds) and a batch of 10,000 files.

    python bench/memory.py [--mb 100] [--files 10000] [--jobs 2]

Each run is `python -m cleaner ... -o OUT -q` in a fresh subprocess; peak memory is the
largest ru_maxrss among its processes (RUSAGE_CHILDREN), the target being under 1 GB.
"""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from batch import measure
from synth import page


def big_file(path: Path, megabytes: int, rng: random.Random) -> int:
    size = 0
    with open(path, "w", encoding="utf-8") as out:
        k = 0
        while size < megabytes * 1_000_000:
            text = page(rng, "zh" if k % 2 == 0 else "en") + "\f"
            out.write(text)
            size += len(text.encode())
            k += 1
    return size


def many_files(folder: Path, count: int, rng: random.Random) -> int:
    size = 0
    for i in range(count):
        text = page(rng, "zh" if i % 2 == 0 else "en", articles=rng.randint(1, 3))
        (folder / f"p{i:05d}.txt").write_text(text, encoding="utf-8")
        size += len(text.encode())
    return size


def main(argv: list[str]) -> int:
    args = dict(zip(argv[::2], argv[1::2], strict=False))
    rng = random.Random(int(args.get("--seed", 1)))
    jobs = args.get("--jobs", "2")
    work = Path(tempfile.mkdtemp(prefix="clean-memory-"))
    try:
        big = work / "big.txt"
        size = big_file(big, int(args.get("--mb", 100)), rng)
        row = measure([sys.executable, "-m", "cleaner", str(big), "-o", str(work / "out1"),
                       "-q", "-j", jobs])
        print(f"one {size / 1e6:.0f} MB file:   {row['seconds']:6.0f} s  peak {row['peak_mb']} MB"
              f"  exit {row['exit']}", flush=True)
        shutil.rmtree(work / "out1", ignore_errors=True)
        big.unlink()
        folder = work / "many"
        folder.mkdir()
        count = int(args.get("--files", 10000))
        size = many_files(folder, count, rng)
        row = measure([sys.executable, "-m", "cleaner", str(folder), "-o", str(work / "out2"),
                       "-q", "-j", jobs])
        written = sum(1 for _ in (work / "out2").glob("*/manifest.json"))
        print(f"{count} files ({size / 1e6:.0f} MB): {row['seconds']:6.0f} s  peak "
              f"{row['peak_mb']} MB  exit {row['exit']}  ({written} written)", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
