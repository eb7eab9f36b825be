"""Article segmentation against METS article truth, in process, for .txt and ALTO input.

The same counting as `../shared/corpus/alto/score_articles.py` (which runs the `clean`
command on the .txt): every output article's `lines` range is one cluster, every removal
another; over the non-blank lines the truth puts in exactly one unit, B-cubed precision and
recall (micro over the lines of all pages), and the share of titled truth ARTICLEs of 5+
lines whose output article (the one holding most of their lines) carries their title
(rapidfuzz token_set_ratio >= 80). `title_all` also counts NDNP `Article/article` units,
which the shared scorer leaves out.

    python bench/article_score.py                       # every page with truth, txt and ALTO
    python bench/article_score.py --format txt PAGE.articles.json ...
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]
CORPUS = ROOT.parent / "shared" / "corpus" / "alto"
TITLE_MIN_LINES = 5
TITLE_MATCH = 80


def ws(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip().lower()


@dataclass
class ArticleScore:
    n: int = 0
    bp: float = 0.0
    br: float = 0.0
    titles: int = 0
    title_ok: int = 0
    titles_all: int = 0
    title_all_ok: int = 0

    def add(self, other: ArticleScore) -> ArticleScore:
        return ArticleScore(*(a + b for a, b in zip(self.row(), other.row(), strict=True)))

    def row(self) -> tuple:
        return (self.n, self.bp, self.br, self.titles, self.title_ok, self.titles_all,
                self.title_all_ok)

    @property
    def precision(self) -> float:
        return self.bp / self.n if self.n else 0.0

    @property
    def recall(self) -> float:
        return self.br / self.n if self.n else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def title(self) -> float:
        return self.title_ok / self.titles if self.titles else 0.0

    @property
    def title_all(self) -> float:
        return self.title_all_ok / self.titles_all if self.titles_all else 0.0

    def line(self) -> str:
        return (f"bcubedP={self.precision:.3f} bcubedR={self.recall:.3f} "
                f"bcubedF1={self.f1:.3f} title={self.title:.3f} ({self.title_ok}/{self.titles})"
                f" title_all={self.title_all:.3f} ({self.title_all_ok}/{self.titles_all})")


def truth_lines(lines: list[str], truth: dict) -> dict[int, int]:
    """Line -> index of the one truth unit holding it (non-blank lines in exactly one)."""
    units = defaultdict(list)
    for k, unit in enumerate(truth["articles"]):
        for low, high in unit["lines"]:
            for n in range(low, high + 1):
                units[n].append(k)
    return {n: ks[0] for n, ks in units.items()
            if len(ks) == 1 and n <= len(lines) and lines[n - 1].strip()}


def predicted_lines(record: dict) -> dict[int, str]:
    """Line -> output cluster (an article or a removal), as the shared scorer reads it."""
    label: dict[int, str] = {}
    for i, article in enumerate(record.get("articles", [])):
        for n in range(article["lines"][0], article["lines"][1] + 1):
            label.setdefault(n, f"a{i}")
    for i, removal in enumerate(record.get("removed", [])):
        for n in range(removal["lines"][0], removal["lines"][1] + 1):
            label[n] = f"r{i}"
    return label


def score_record(record: dict, lines: list[str], truth: dict) -> ArticleScore:
    """Score one manifest against its page's truth."""
    from rapidfuzz import fuzz

    tlabel = truth_lines(lines, truth)
    plabel = predicted_lines(record)
    items = [(tlabel[n], plabel.get(n, f"none{n}")) for n in tlabel]
    joint = Counter(items)
    tsize = Counter(t for t, _ in items)
    psize = Counter(p for _, p in items)
    out = ArticleScore(n=len(items),
                       bp=sum(c * c / psize[p] for (_, p), c in joint.items()),
                       br=sum(c * c / tsize[t] for (t, _), c in joint.items()))
    articles = record.get("articles", [])
    for k, unit in enumerate(truth["articles"]):
        kind = (unit.get("type") or "").lower()
        size = sum(1 for lab in tlabel.values() if lab == k)
        if not unit.get("title") or size < TITLE_MIN_LINES or not kind.endswith("article"):
            continue
        over = Counter(plabel.get(n) for n, lab in tlabel.items() if lab == k)
        best = next((lab for lab, _ in over.most_common() if lab and lab.startswith("a")), None)
        ok = best is not None and fuzz.token_set_ratio(
            ws(unit["title"]), ws(articles[int(best[1:])].get("title"))) >= TITLE_MATCH
        out.titles_all += 1
        out.title_all_ok += ok
        if unit.get("type") == "ARTICLE":
            out.titles += 1
            out.title_ok += ok
    return out


def truth_pages(folder: Path = CORPUS) -> list[Path]:
    return sorted(folder.glob("*.articles.json"))


def page_input(truth: Path, fmt: str) -> Path:
    stem = truth.name.removesuffix(".articles.json")
    return truth.with_name(f"{stem}.txt" if fmt == "txt" else f"{stem}.alto.xml")


def score_page(truth: Path, fmt: str) -> ArticleScore:
    from cleaner.pipeline import clean_bytes
    from cleaner.write import manifest

    source = page_input(truth, fmt)
    lines = page_input(truth, "txt").read_text(encoding="utf-8").split("\n")
    record = manifest(clean_bytes(source.read_bytes(), source.name))
    return score_record(record, lines, json.loads(truth.read_text(encoding="utf-8")))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("truth", nargs="*", type=Path, help="NAME.articles.json files")
    parser.add_argument("--format", choices=("txt", "alto", "both"), default="both")
    args = parser.parse_args(argv)
    pages = args.truth or truth_pages()
    formats = ("txt", "alto") if args.format == "both" else (args.format,)
    for fmt in formats:
        total = ArticleScore()
        for truth in pages:
            score = score_page(truth, fmt)
            total = total.add(score)
            print(f"{fmt:4} {truth.name.removesuffix('.articles.json'):44} {score.n:>5} "
                  f"P={score.precision:.2f} R={score.recall:.2f} "
                  f"titles {score.title_all_ok}/{score.titles_all}")
        print(f"{fmt}: pages={len(pages)} {total.line()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
