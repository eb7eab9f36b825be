"""The real sample page against its hand-checked expectation, field by field.

The expectation file is a copy of ../shared/pages/NAME.expected.json and is never edited
to match the tool. One known difference in its *form*: its `dropped[].text` separates the
blocks of the passage with three blank lines while the source page has one, so removed
text is compared with blank-line runs collapsed (the characters must still be identical).
"""

from __future__ import annotations

import io
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from conservation import lost_characters

from cleaner import clean_bytes
from cleaner.write import manifest, manifest_fields, write_manifest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [p.name.removesuffix(".expected.json")
         for p in sorted((ROOT / "tests").glob("*.expected.json"))]
ARTICLE_FIELDS = ("kicker", "title", "subtitle", "dateline", "byline", "continued_from",
                  "continued_to", "subheads", "paragraphs", "lines")


def _blank_runs(text: str) -> str:
    return re.sub(r"\n\s*\n+", "\n\n", text.strip())


@pytest.fixture(scope="module", params=PAGES)
def case_result(request):
    source = ROOT / "samples" / f"{request.param}.txt"
    return clean_bytes(source.read_bytes(), source.name)


@pytest.fixture(scope="module")
def case(case_result):
    name = case_result.source.name.removesuffix(".txt")
    expected = json.loads((ROOT / "tests" / f"{name}.expected.json").read_text("utf-8"))
    return manifest(case_result), expected


def test_article_count(case):
    got, expected = case
    assert [a["title"] for a in got["articles"]] == [a["title"] for a in expected["articles"]]


@pytest.mark.parametrize("field", ARTICLE_FIELDS)
def test_article_field(case, field):
    got, expected = case
    for number, (mine, theirs) in enumerate(zip(got["articles"], expected["articles"],
                                                strict=True), start=1):
        assert mine[field] == theirs[field], f"article {number}: {field}"


def test_dropped_duplicates(case):
    got, expected = case
    dropped = [r for r in got["removed"] if r["reason"] == "duplicate"]
    assert [r["lines"] for r in dropped] == [d["lines"] for d in expected["dropped"]]
    for mine, theirs in zip(dropped, expected["dropped"], strict=True):
        assert mine["duplicate_of"]["lines"] == theirs["duplicate_of"]
        assert mine["duplicate_of"]["source"] == got["source"]
        assert 0.85 <= mine["similarity"] <= 1.0
        assert _blank_runs(mine["text"]) == _blank_runs(theirs["text"])


def test_continuation_markers(case):
    got, expected = case
    markers = [{"lines": r["lines"], "text": r["text"], "reason": r["reason"]}
               for r in got["removed"] if r["reason"] == "continuation-marker"]
    assert markers == expected["markers"]


def test_nothing_else_removed(case):
    got, _ = case
    assert {r["reason"] for r in got["removed"]} <= {"duplicate", "continuation-marker"}


def test_joins_exactly(case):
    got, expected = case
    assert sorted(j["lines"] for j in got["joins"]) == sorted(expected["joins"])
    for join in got["joins"]:
        assert 0.5 < join["confidence"] <= 1.0
        assert join["rule"] == "cjk-column-break"
        assert join["evidence"], "every join says why"


def test_questionable_spots_flagged(case):
    got, expected = case
    flagged = {f["text"] for f in got["flags"]}
    for spot in expected["questionable"]:
        assert spot in flagged


def test_subheads(case):
    got, expected = case
    assert [s for a in got["articles"] for s in a["subheads"]] == expected["subheads"]


def test_nothing_lost(case_result):
    """Every non-space character of the input is in an article or a removed entry."""
    assert lost_characters(case_result) == Counter()


def test_the_written_manifest_is_the_manifest_record(case_result):
    """The writer makes each record as it writes it; the file must read back as the record."""
    handle = io.StringIO()
    write_manifest(manifest_fields(case_result), handle)
    assert json.loads(handle.getvalue()) == manifest(case_result)
