"""Stage 5b: articles continued on another page of the batch -> the file that holds the rest.

A story that breaks off with `(Continued on Page 4)` goes on under `(Continued from Page 1)`
on page 4. When a run holds both pages (`--across-files`, where every page is prepared
before any is finished), the article on page 1 names the input that holds its
continuation (`continues`). A page's number is its folio (`PAGE 4`, `第B4版`) or, failing
that, its file name (`…-p4.txt`); a link is made only when the continuation page answers
with a marker naming the first page, and only one page of the run does.

The plan is made from the prepared pages, before any is finished: both engines deliver a
page where they finish it (the Dask engine on its workers).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from .signals import Marker, continuation_marker, inline_marker, is_furniture, mostly_upper

#: Lines at each end of a page where its folio is looked for.
FOLIO_LINES = 4
#: A folio's page number: `PAGE 4`, `Page A-3`, `第B4版`.
_FOLIO_RE = re.compile(r"\bPAGE\s+([A-Z]?-?\d{1,3})\b|第\s*([A-Z]?\d{1,3})\s*版", re.IGNORECASE)
#: A page number in a file name: `…-p4`, `page_12`, `pg3` (not `seq0006`, a scan's sequence).
_NAME_RE = re.compile(r"(?:^|[^a-z])(?:p|pg|page)[-_ ]?0*(\d{1,3})(?!\d)", re.IGNORECASE)


@dataclass(frozen=True)
class PageMarkers:
    """What one page of a run says about continuations: its own number, and the pages
    its markers send the reader to and bring the reader from."""

    name: str
    page: str | None
    to: frozenset[str]
    came_from: frozenset[str]


def page_ref(text: str) -> str:
    """A page reference as markers and folios are compared: `A-3`, `a3` and `A03` are `A3`."""
    ref = text.replace("-", "").upper()
    letters = ref.rstrip("0123456789")
    return letters + (ref[len(letters):].lstrip("0") or "0")


def _folio(line: str) -> bool:
    """A folio line: page furniture, or a line in capitals (`PAGE 4  THE EVENING LEDGER`)
    that is no marker (`(Continued from Page 1)` names another page, not its own)."""
    return is_furniture(line) or (mostly_upper(line) and _marker(line) is None)


def _marker(line: str) -> Marker | None:
    """A continuation marker on the line, alone or in brackets at an end of it."""
    marker = continuation_marker(line, fuzzy=False)
    if marker is None and (inline := inline_marker(line)) is not None:
        marker = inline.marker
    return marker


def page_number(name: str, lines: Sequence[str]) -> str | None:
    """The page's number: from a folio among its first or last lines, else its file name."""
    ends = [*lines[:FOLIO_LINES], *lines[-FOLIO_LINES:]]
    for line in ends:
        match = _FOLIO_RE.search(line)
        if match and _folio(line):
            return page_ref(match[1] or match[2])
    match = _NAME_RE.search(name.rsplit("/", 1)[-1].rsplit(".", 1)[0])
    return page_ref(match[1]) if match else None


def page_markers(name: str, lines: Sequence[str]) -> PageMarkers:
    """The continuation markers of a page: a marker on a line of its own, or in brackets
    at a line's start or end. Only markers that read cleanly count (no OCR-garbled ones,
    which the article stage also takes on a line of their own): a link is made on them."""
    to, came_from = set(), set()
    for line in lines:
        marker = _marker(line)
        if marker is not None:
            (to if marker.direction == "to" else came_from).add(page_ref(marker.page))
    return PageMarkers(name, page_number(name, lines), frozenset(to), frozenset(came_from))


def plan_links(pages: Sequence[PageMarkers]) -> list[dict[str, str]]:
    """For each page, the input that continues it, by the page reference of its markers:
    the one page of the run numbered so that answers with a marker naming this page (run
    one issue's pages together: two issues' pages 4 answering alike link neither)."""
    answering: dict[str, list[int]] = defaultdict(list)
    for k, page in enumerate(pages):
        if page.page is not None and page.came_from:
            answering[page.page].append(k)
    plans: list[dict[str, str]] = []
    for k, page in enumerate(pages):
        plan = {}
        for ref in sorted(page.to) if page.page is not None else ():
            answers = [pages[j].name for j in answering.get(ref, ())
                       if j != k and page.page in pages[j].came_from]
            if len(answers) == 1:
                plan[ref] = answers[0]
        plans.append(plan)
    return plans
