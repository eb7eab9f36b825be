"""Batch throughput: pages/s, MB of text per minute and peak memory of `clean` on a
generated batch, with one worker, two workers and a Dask LocalCluster.

    python bench/batch.py [--pages 2000] [--seed 1] [--keep DIR] [--baseline e09b8eb]
    python bench/batch.py --pages 1000 --baseline e09b8eb --only "--jobs 1"

With `--baseline COMMIT`, that commit is checked out (git worktree) and installed with its
dependencies into a temporary venv of its own (not `--system-site-packages`: an editable
install of this checkout there would shadow the commit's code), and `--jobs 1` is run
with it on the same batch in the same run, so the figures stand side by side.
`--only NAME` runs one configuration of this code.

Pages come from `synth.page`: half Chinese (blocks, some paragraphs cut at a column
break), half English (one printed line per line, words cut at line ends). Each run is
`python -m cleaner DIR -o OUT -q ...` in a subprocess; peak memory is the largest
ru_maxrss among the processes it started (the main process or one worker), read with
RUSAGE_CHILDREN, so each configuration runs in a fresh interpreter.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import page

CONFIGS = {
    "--jobs 1": ["-j", "1"],
    "--jobs 2": ["-j", "2"],
    "--engine dask (2 workers)": ["--engine", "dask", "-j", "2"],
}


def generate(folder: Path, pages: int, seed: int) -> int:
    rng = random.Random(seed)
    size = 0
    for i in range(pages):
        text = page(rng, "zh" if i % 2 == 0 else "en")
        (folder / f"page{i:05d}.txt").write_text(text, encoding="utf-8")
        size += len(text.encode())
    return size


def measure(args: list[str], cwd: Path | None = None) -> dict:
    """Run `args` in a fresh interpreter: seconds, peak memory, exit code. `cwd` should be
    outside the checkout: `python -m cleaner` run from it imports the checkout's code
    whatever the interpreter (the current folder comes first on sys.path)."""
    code = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
            "rc = subprocess.run(sys.argv[1:]).returncode; "
            "print(time.perf_counter() - t, "
            "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, rc)")
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                         check=True, cwd=cwd)
    seconds, peak_kb, rc = out.stdout.split()[-3:]
    return {"seconds": float(seconds), "peak_mb": int(peak_kb) // 1024, "exit": int(rc)}


def baseline_python(commit: str, work: Path) -> str:
    """The interpreter of a temporary venv holding `commit`'s code and dependencies, for
    a side-by-side run."""
    repo = Path(__file__).resolve().parents[1]
    tree, venv = work / f"tree-{commit}", work / f"venv-{commit}"
    subprocess.run(["git", "-C", str(repo), "worktree", "add", "--detach", "-f", str(tree),
                    commit], check=True, capture_output=True)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    subprocess.run([python, "-m", "pip", "install", "-q", str(tree)], check=True)
    where = subprocess.run([python, "-c", "import cleaner; print(cleaner.__file__)"],
                           capture_output=True, text=True, check=True, cwd=work).stdout
    if str(venv) not in where:
        raise SystemExit(f"the baseline venv imports cleaner from {where.strip()}")
    return python


def remove_worktrees(work: Path) -> None:
    repo = Path(__file__).resolve().parents[1]
    for tree in work.glob("tree-*"):
        subprocess.run(["git", "-C", str(repo), "worktree", "remove", "--force", str(tree)],
                       capture_output=True)


def main(argv: list[str]) -> int:
    args = dict(zip(argv[::2], argv[1::2], strict=False))
    pages = int(args.get("--pages", 2000))
    work = Path(args.get("--keep") or tempfile.mkdtemp(prefix="clean-bench-"))
    scans = work / "scans"
    scans.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    size = generate(scans, pages, int(args.get("--seed", 1)))
    print(f"{pages} pages, {size / 1e6:.1f} MB generated in "
          f"{time.perf_counter() - started:.0f} s under {scans}", flush=True)
    rows = {}
    configs = {name: (sys.executable, extra) for name, extra in CONFIGS.items()
               if args.get("--only") in (None, name)}
    if "--baseline" in args:
        commit = args["--baseline"]
        configs = {f"--jobs 1 at {commit}": (baseline_python(commit, work), ["-j", "1"]),
                   **configs}
    for name, (python, extra) in configs.items():
        out = work / "out"
        shutil.rmtree(out, ignore_errors=True)
        row = measure([python, "-m", "cleaner", str(scans), "-o", str(out), "-q", *extra],
                      cwd=work)
        written = sum(1 for _ in out.glob("*/manifest.json"))
        row |= {"pages_per_s": round(pages / row["seconds"], 1),
                "mb_per_min": round(size / 1e6 / row["seconds"] * 60, 1), "written": written}
        rows[name] = row
        print(f"{name:28} {row['seconds']:7.1f} s {row['pages_per_s']:7.1f} pages/s "
              f"{row['mb_per_min']:6.1f} MB/min  peak {row['peak_mb']} MB  "
              f"({written} written, exit {row['exit']})", flush=True)
    cores = {"--jobs 1": 1, "--jobs 2": 2, "--engine dask (2 workers)": 2}
    for name, row in rows.items():
        row["mb_per_min_per_core"] = round(row["mb_per_min"] / cores.get(name, 1), 1)
    if "--jobs 1" in rows and "--jobs 2" in rows:
        one, two = rows["--jobs 1"]["seconds"], rows["--jobs 2"]["seconds"]
        print(f"speed-up with 2 jobs: {one / two:.2f}x")
    for name, row in rows.items():
        if name.startswith("--jobs 1 at ") and "--jobs 1" in rows:
            print(f"--jobs 1 against {name[len('--jobs 1 at '):]}: "
                  f"{row['seconds'] / rows['--jobs 1']['seconds']:.2f}x as fast "
                  f"({rows['--jobs 1']['mb_per_min']} vs {row['mb_per_min']} MB/min per core)")
    print(json.dumps(rows))
    remove_worktrees(work)
    if "--keep" not in args:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
