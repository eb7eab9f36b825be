"""Encoding detection on whole real pages: each page saved in the code pages people meet
(latin-1, cp1252, iso8859-15 for Western pages; gb18030, gbk, big5 for Chinese; UTF-16
with and without a BOM), read back by `cleaner.read.detect_encoding`.

A page counts as read right when every character comes back as the bytes say (a
character the code page cannot hold is saved as `?` first). Prints, per code page, pages
read right and the wrong names given.

    python bench/encodings.py                    # the corpus pages and ../shared/pages
    PYTHONPATH=/tmp/old python bench/encodings.py   # the same with older code
"""

from __future__ import annotations

import argparse
import time
from collections import Counter, defaultdict
from pathlib import Path

from cleaner.read import InputError, detect_encoding

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
WESTERN = ("latin-1", "cp1252", "iso8859_15")
CHINESE = ("gb18030", "gbk", "big5")
UNICODE = ("utf-16", "utf-16-le", "utf-16-be")


def pages(folders: list[Path]) -> list[Path]:
    return sorted(p for folder in folders for p in folder.glob("*.txt"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="*", type=Path,
                        default=[SHARED / "corpus" / "alto", SHARED / "pages"])
    args = parser.parse_args()
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    named: dict[str, Counter[str]] = defaultdict(Counter)
    started = time.perf_counter()
    for path in pages(args.folders):
        text = path.read_text(encoding="utf-8")
        chinese = sum("\u4e00" <= c <= "\u9fff" for c in text) > len(text) // 10
        for encoding in (CHINESE if chinese else WESTERN) + UNICODE:
            data = text.encode(encoding, errors="replace")
            if data.isascii() and encoding not in UNICODE:
                continue  # nothing to tell code pages apart
            want = data.decode(encoding)
            try:
                got, name, _ = detect_encoding(data)
            except InputError as exc:
                got, name = "", f"error ({exc})"
            total[encoding] += 1
            right[encoding] += got == want
            named[encoding][name] += 1
    seconds = time.perf_counter() - started
    print(f"{'saved as':12} {'read right':>12}  names given")
    for encoding in total:
        names = ", ".join(f"{n} {c}" for n, c in named[encoding].most_common())
        print(f"{encoding:12} {right[encoding]:>5} / {total[encoding]:<5}  {names}")
    print(f"all          {sum(right.values()):>5} / {sum(total.values()):<5}  "
          f"({seconds:.1f} s)")


if __name__ == "__main__":
    main()
