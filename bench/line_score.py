"""Position-aware line-end scoring against a page's own ALTO, in process.

The same counting as `../shared/corpus/alto/score_lines.py` (which runs the `clean` command):
a HypPart1/HypPart2 pair on lines a|a+1 is repaired when the manifest has a `hyphen` or
`dropped-hyphen` join [a, a+1]; any such join at another line end is a false fusion; a
TextBlock boundary is kept when no join crosses it. In process, so tests and the fit script
can score many pages quickly.

    python bench/line_score.py PAGE.txt [PAGE.txt ...]      # NAME.alto.xml beside each
    python bench/line_score.py ../shared/corpus/alto        # every page of a folder
"""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

WORD_CUT = {"hyphen", "dropped-hyphen"}
_EDGE = re.compile(r"^\W+|\W+$")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def alto_lines(path: Path) -> list[tuple[int, list[tuple[str, str | None, str | None]]]]:
    """[(TextBlock index, [(CONTENT, SUBS_TYPE, SUBS_CONTENT), ...]), ...] per TextLine."""
    out, block = [], -1
    for event, el in ET.iterparse(path, events=("start", "end")):
        tag = _local(el.tag)
        if event == "start" and tag == "TextBlock":
            block += 1
        elif event == "end" and tag == "TextLine":
            out.append((block, [(s.get("CONTENT", ""), s.get("SUBS_TYPE"), s.get("SUBS_CONTENT"))
                                for s in el.iter() if _local(s.tag) == "String"]))
            el.clear()
    return out


@dataclass
class LineScore:
    cuts: int = 0
    repaired: int = 0
    word_ok: int = 0
    other_ends: int = 0
    fusions: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    bounds: int = 0
    bounds_kept: int = 0

    def add(self, other: LineScore) -> LineScore:
        return LineScore(self.cuts + other.cuts, self.repaired + other.repaired,
                         self.word_ok + other.word_ok, self.other_ends + other.other_ends,
                         self.fusions + other.fusions, self.misses + other.misses,
                         self.bounds + other.bounds, self.bounds_kept + other.bounds_kept)

    @property
    def precision(self) -> float:
        joined = self.repaired + len(self.fusions)
        return self.repaired / joined if joined else 0.0

    @property
    def recall(self) -> float:
        return self.repaired / self.cuts if self.cuts else 0.0

    @property
    def fusion_rate(self) -> float:
        return len(self.fusions) / self.other_ends if self.other_ends else 0.0

    @property
    def block_breaks(self) -> float:
        return self.bounds_kept / self.bounds if self.bounds else 0.0

    def summary(self) -> str:
        return (f"P={self.precision:.3f} R={self.recall:.3f} "
                f"wordOK={self.word_ok / self.cuts if self.cuts else 0:.3f} "
                f"fusion%={100 * self.fusion_rate:.2f} blockbreaks={self.block_breaks:.2f} "
                f"({self.repaired}/{self.cuts} cuts, {len(self.fusions)} fusions)")


def _norm(word: str | None) -> str:
    return _EDGE.sub("", word or "").lower()


def score_joins(joins: list[dict], lines: list, name: str = "") -> LineScore:
    """Score a manifest's `joins` against the ALTO lines of the same page."""
    by_lines = {tuple(j["lines"]): j for j in joins}
    score = LineScore()
    for a in range(len(lines) - 1):
        (block_a, left), (block_b, right) = lines[a], lines[a + 1]
        if not left or not right:
            continue
        join = by_lines.get((a + 1, a + 2))
        cut = join is not None and join.get("rule") in WORD_CUT
        if block_a != block_b:
            score.bounds += 1
            score.bounds_kept += join is None
        pair = f"{name}:{a + 1} {left[-1][0]}|{right[0][0]}"
        if left[-1][1] == "HypPart1" and right[0][1] == "HypPart2":
            score.cuts += 1
            if cut:
                score.repaired += 1
                want, got = _norm(left[-1][2]), _norm(join.get("word"))
                score.word_ok += got == want or got.replace("-", "") == want.replace("-", "")
            else:
                score.misses.append(pair)
        else:
            score.other_ends += 1
            if cut:
                score.fusions.append(f"{pair} -> {join.get('word')}")
    return score


def score_page(txt: Path, alto: Path | None = None) -> LineScore:
    """Clean the .txt in process and score its joins against the ALTO beside it."""
    from cleaner import clean_bytes
    from cleaner.write import manifest

    alto = alto or txt.with_name(txt.name.removesuffix(".txt") + ".alto.xml")
    record = manifest(clean_bytes(txt.read_bytes(), txt.name))
    return score_joins(record["joins"], alto_lines(alto), txt.name.removesuffix(".txt"))


def score_pages(paths: list[Path], jobs: int = 2) -> dict[str, LineScore]:
    """Score many pages, `jobs` at a time."""
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(jobs) as pool:
        return dict(zip((p.name.removesuffix(".txt") for p in paths),
                        pool.map(score_page, paths), strict=True))


def by_language(scores: dict[str, LineScore], paths: list[Path]) -> dict[str, LineScore]:
    """Totals per language (as the profile detection reads each page) and overall."""
    from cleaner.languages import detect_language

    texts = {p.name.removesuffix(".txt"): p for p in paths}
    out: dict[str, LineScore] = {}
    for page, score in scores.items():
        language = detect_language(texts[page].read_text(encoding="utf-8").split("\n"))
        for key in (language, "all"):
            out[key] = out.get(key, LineScore()).add(score)
    return out


def main(args: list[str]) -> int:
    paths = [Path(a) for a in args]
    if len(paths) == 1 and paths[0].is_dir():
        paths = sorted(p for p in paths[0].glob("*.txt")
                       if p.with_name(p.name.removesuffix(".txt") + ".alto.xml").exists())
    scores = score_pages(paths)
    for page, score in scores.items():
        print(f"{page:50} {score.summary()}")
    for key, score in sorted(by_language(scores, paths).items()):
        print(f"{key:6} {score.summary()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
