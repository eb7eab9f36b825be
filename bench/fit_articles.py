"""Fit the article decisions (`heading`, `article`) on the corpus pages with METS article
truth and write them into the Latin profiles.

    pip install '.[fit]'
    python bench/fit_articles.py                # fit, report leave-one-title-out, write
    python bench/fit_articles.py --report-only  # the figures, nothing written

Data: the pages of `../shared/corpus/alto/` that have `NAME.articles.json` (METS article
truth: which lines form which article, with its title), each read as .txt and as ALTO.
1. heading: every paragraph the pipeline builds, labelled 1 when its text is (a part of)
   the title of the truth article it lies in, near that article's start; 0 when it lies in
   a titled article and is not its title, or is text of two lines or more. Paragraphs of
   adverts and of untitled units near their start are left out (their headings are not
   named). The features are `cleaner.articles.HEADING_FEATURES`.
2. article: every point where the article stage could start a new article (a run of
   headings or a paragraph of text while an article is open), with its features
   (`START_FEATURES`) extracted under the prior article weights and the fitted heading
   weights; labelled 1 when the truth unit of the first line there differs from that of
   the line before.
Both are logistic regressions pulled towards the prior (the old hand-written rules, which
the Chinese profile keeps: there is no Chinese article truth). Figures are
leave-one-newspaper-title-out: heading and article weights fitted without the title, then
the whole article stage run on its pages and scored by `article_score`. The truth is only
English; the same weights go to every Latin profile (the layout cues are the same).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import fit  # noqa: E402
from article_score import (  # noqa: E402
    ArticleScore,
    page_input,
    score_record,
    truth_lines,
    truth_pages,
    ws,
)
from fit import CORPUS, LEXICONS, PROFILES, fit_with_prior, title_of  # noqa: E402

from cleaner.articles import (  # noqa: E402
    HEADING_FEATURES,
    START_FEATURES,
    page_model,
    segment_articles,
    text_features,
)

#: The old rules as weights: a heading when the rule says so, a new article when it did.
HEADING_PRIOR = {"bias": -5.0, "weights": {"rule-heading": 10.0}, "threshold": 0.0}
ARTICLE_PRIOR = {"bias": -6.0, "weights": {"rule-new-article": 12.0}, "threshold": 0.0}
#: A heading lies within this many lines of its article's first line.
HEADING_ZONE = 15
#: fuzz.ratio for a paragraph to be (a part of) its article's title; partial matches must
#: also cover this share of the longer text.
TITLE_RATIO = 70
TITLE_PARTIAL = 85
TITLE_COVER = 0.4
#: How far the classes are reweighed towards equal weight (0: as counted, 1: equal).
HEADING_BALANCE = 1.0
#: Pull towards the old rules (a Gaussian prior of variance 1 / (2 * this)).
PRIOR_STRENGTH = 0.5
START_BALANCE = 0.3


@dataclass
class Page:
    name: str
    fmt: str
    lines: list[str]
    truth: dict
    prepared: object
    copies: object


def load_pages(corpus: Path) -> list[Page]:
    from cleaner.duplicates import dedupe
    from cleaner.model import Options
    from cleaner.pipeline import prepare_bytes

    pages = []
    for truth_path in truth_pages(corpus):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        lines = page_input(truth_path, "txt").read_text(encoding="utf-8").split("\n")
        for fmt in ("txt", "alto"):
            source = page_input(truth_path, fmt)
            prepared = prepare_bytes(source.read_bytes(), source.name)
            copies = dedupe([prepared.page_text()], Options())[0]
            pages.append(Page(truth_path.name.removesuffix(".articles.json"), fmt, lines,
                              truth, prepared, copies))
    return pages


def _title_parts(unit: dict) -> list[str]:
    return [ws(part) for part in (unit.get("title") or "").split(" / ") if len(ws(part)) >= 3]


def _is_title(text: str, parts: list[str]) -> bool:
    from rapidfuzz import fuzz

    text = ws(text)
    for part in parts:
        if fuzz.ratio(text, part) >= TITLE_RATIO:
            return True
        if (fuzz.partial_ratio(text, part) >= TITLE_PARTIAL
                and min(len(text), len(part)) >= TITLE_COVER * max(len(text), len(part))):
            return True
    return False


def heading_label(paragraph, units: dict[int, int], truth: dict) -> int | None:
    """1 a title (part), 0 not a heading, None unknown (see the module's docstring)."""
    lines = [units[n] for n in range(paragraph.first, paragraph.last + 1) if n in units]
    if not lines:
        return None
    unit = truth["articles"][max(set(lines), key=lines.count)]
    if "advert" in (unit.get("type") or "").lower():
        return None
    start = min(low for low, _ in unit["lines"])
    parts = _title_parts(unit)
    near = paragraph.first - start <= HEADING_ZONE
    if parts and near and _is_title(paragraph.text, parts):
        return 1
    if paragraph.last > paragraph.first:
        return 0
    if parts and not near:
        return 0
    return None


def heading_rows(pages: list[Page]) -> dict[str, list[tuple[dict, int]]]:
    rows = defaultdict(list)
    for page in pages:
        units = truth_lines(page.lines, page.truth)
        paragraphs = page.copies.paragraphs
        model = page_model(paragraphs, page.prepared.source, page.prepared.blocks)
        for paragraph, laid in zip(paragraphs, model.settings, strict=True):
            label = heading_label(paragraph, units, page.truth)
            if label is not None:
                observed = text_features(paragraph.text,
                                         paragraph.last - paragraph.first + 1) | laid
                rows[title_of(page.name)].append((observed, label))
    return rows


def start_label(start, units: dict[int, int]) -> int | None:
    first = next((n for n in range(start.lines[0], start.lines[0] + 6) if n in units), None)
    before = next((n for n in range(start.lines[0] - 1, max(0, start.lines[0] - 30), -1)
                   if n in units), None)
    if first is None or before is None:
        return None
    return int(units[first] != units[before])


def start_rows(pages: list[Page]) -> dict[str, list[tuple[dict, int]]]:
    """Start candidates of every page under the current profiles (all, not only close)."""
    rows = defaultdict(list)
    for page in pages:
        units = truth_lines(page.lines, page.truth)
        _, _, decisions, _ = segment_articles(page.copies.paragraphs, page.prepared.source,
                                              page.prepared.blocks, math.inf)
        for start in (d for d in decisions if d.kind == "start"):
            label = start_label(start, units)
            if label is not None:
                observed = {f.name: f.value for f in start.evidence if f.name != "bias"}
                rows[title_of(page.name)].append((observed, label))
    return rows


def fit_decision(rows: list[tuple[dict, int]], names: tuple[str, ...], prior: dict,
                 balance: float) -> dict:
    """Logistic regression towards the prior, each class weighing as much as the other:
    headings and article starts are rare, and a missed one costs more than a false one
    (a false heading inside an article becomes a subhead)."""
    import numpy as np

    x = np.array([[r.get(n, 0.0) for n in names] for r, _ in rows])
    y = np.array([label for _, label in rows])
    positives = max(1, int(y.sum()))
    weight = np.where(y == 1, len(y) / (2 * positives), len(y) / (2 * max(1, len(y) - positives)))
    weights, bias = fit_with_prior(x, y, names, prior["weights"], weight * balance
                                   + (1 - balance), PRIOR_STRENGTH)
    return {"bias": round(bias, 4),
            "weights": {n: round(float(w), 4) for n, w in zip(names, weights, strict=True)
                        if abs(w) > 1e-4},
            "threshold": 0.0}


def profiles_with(decisions: dict[str, dict]):
    """Score under these article decisions in every Latin profile (zh keeps its own)."""
    return fit.profiles_with(decisions, tuple(LEXICONS))


def score_pages(pages: list[Page]) -> dict[str, ArticleScore]:
    from cleaner.pipeline import finish
    from cleaner.write import manifest

    totals: dict[str, ArticleScore] = defaultdict(ArticleScore)
    for page in pages:
        record = manifest(finish(page.prepared, page.copies))
        totals[page.fmt] = totals[page.fmt].add(score_record(record, page.lines, page.truth))
    return dict(totals)


PRIORS = {"heading": HEADING_PRIOR, "article": ARTICLE_PRIOR,
          "heading-layout": HEADING_PRIOR, "article-layout": ARTICLE_PRIOR}


def fit_all(pages: list[Page]) -> dict[str, dict]:
    """Heading then article weights, for plain text (.txt) and for layout (ALTO) input."""
    out = {}
    for fmt, suffix in (("txt", ""), ("alto", "-layout")):
        some = [p for p in pages if p.fmt == fmt]
        with profiles_with(PRIORS):
            heading_data = [r for rows in heading_rows(some).values() for r in rows]
        heading = fit_decision(heading_data, HEADING_FEATURES, HEADING_PRIOR, HEADING_BALANCE)
        with profiles_with(PRIORS | {"heading" + suffix: heading}):
            start_data = [r for rows in start_rows(some).values() for r in rows]
        article = fit_decision(start_data, START_FEATURES, ARTICLE_PRIOR, START_BALANCE)
        heading["fitted_on"] = (f"{len(heading_data)} paragraphs ({sum(y for _, y in heading_data)}"
                                f" titles) of {len(some)} {fmt} pages with METS article truth")
        article["fitted_on"] = (f"{len(start_data)} article-start candidates "
                                f"({sum(y for _, y in start_data)} starts) of the same pages")
        out["heading" + suffix], out["article" + suffix] = heading, article
    return out


def leave_one_title_out(pages: list[Page]) -> dict[str, ArticleScore]:
    totals: dict[str, ArticleScore] = defaultdict(ArticleScore)
    for title in sorted({title_of(p.name) for p in pages}):
        train = [p for p in pages if title_of(p.name) != title]
        test = [p for p in pages if title_of(p.name) == title]
        with profiles_with(fit_all(train)):
            scores = score_pages(test)
        for fmt, score in scores.items():
            print(f"  held out {title:28} {fmt:4} {score.line()}")
            totals[fmt] = totals[fmt].add(score)
    return dict(totals)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--report-only", action="store_true")
    args = parser.parse_args()
    pages = load_pages(args.corpus)
    with profiles_with(PRIORS):
        prior = score_pages(pages)
    for fmt, score in prior.items():
        print(f"prior (the old rules)       {fmt:4} {score.line()}")
    held_out = leave_one_title_out(pages)
    for fmt, score in held_out.items():
        print(f"leave-one-title-out         {fmt:4} {score.line()}")
    if args.report_only:
        return 0
    decisions = fit_all(pages)
    figures = {fmt: {"bcubed_P": round(s.precision, 3), "bcubed_R": round(s.recall, 3),
                     "bcubed_F1": round(s.f1, 3), "title": round(s.title, 3),
                     "title_all": round(s.title_all, 3)} for fmt, s in held_out.items()}
    for decision in decisions.values():
        decision["leave_one_title_out"] = figures
    for name in LEXICONS:
        path = PROFILES / f"{name}.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        data["decisions"].update(decisions)
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote heading and article weights to {', '.join(LEXICONS)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
