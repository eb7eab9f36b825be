"""Stage 4: find passages printed twice and drop the stray copy.

Runs on paragraphs, after the joins. When the stray copy sat inside a paragraph that a
column break cut, the two halves around it are offered to the join scorer again, so the
paragraph is whole once the copy is gone.

A passage is a paragraph or a run of neighbouring paragraphs. Two runs are copies when their
rapidfuzz similarity clears `Options.similarity` (so OCR noise of a few characters does not
hide a copy). Which copy goes is decided by `Options.keep`; the default, `context`, keeps
the copy that reads as part of its surroundings: its neighbours are on the same topic and
flow into it, while the stray copy interrupts the text it sits in.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from rapidfuzz import fuzz, process

from .joins import score_break
from .model import Join, Options, Paragraph, Ref, Removal
from .patterns import PUNCTUATION
from .signals import byline_score, continuation_marker, is_cjk, is_heading

#: Neighbouring paragraphs read on each side of a copy to judge whether it sits in context.
CONTEXT_PARAGRAPHS = 3

_WORD_RE = re.compile(r"\w+")


def normalise(text: str) -> str:
    """The text as compared: NFKC (full-width forms folded), lower case, no spacing."""
    return "".join(unicodedata.normalize("NFKC", text).lower().split())


@dataclass(frozen=True)
class Copy:
    """A run of paragraphs `start..end` (indexes into the paragraph list)."""

    start: int
    end: int


@dataclass(frozen=True)
class Match:
    a: Copy
    b: Copy
    similarity: float


def _same(a: str, b: str, threshold: float, min_length: int) -> bool:
    """Two paragraphs of a run match: long ones fuzzily, short ones (bylines) exactly."""
    if min(len(a), len(b)) >= min_length:
        return fuzz.ratio(a, b) >= threshold * 100
    return a == b and len(a) > 0


def find_matches(paragraphs: Sequence[Paragraph], options: Options) -> list[Match]:
    """Pairs of non-overlapping runs of paragraphs that hold the same text."""
    norms = [normalise(p.text) for p in paragraphs]
    long_ones = [i for i, n in enumerate(norms) if len(n) >= options.min_length]
    if len(long_ones) < 2:
        return []
    candidates = [norms[i] for i in long_ones]
    seeds = sorted(
        (long_ones[x], long_ones[y])
        for x in range(len(long_ones))
        for _, _, y in process.extract(candidates[x], candidates, scorer=fuzz.ratio,
                                       score_cutoff=options.similarity * 100, limit=None)
        if y > x)
    matches: list[Match] = []
    covered: set[tuple[int, int]] = set()
    for i, j in seeds:
        if (i, j) in covered:
            continue
        start = end = 0
        while (i - start - 1 >= 0 and j - start - 1 > i + end
               and _same(norms[i - start - 1], norms[j - start - 1], options.similarity,
                         options.min_length)):
            start += 1
        while (j + end + 1 < len(paragraphs) and j - start > i + end + 1
               and _same(norms[i + end + 1], norms[j + end + 1], options.similarity,
                         options.min_length)):
            end += 1
        a, b = Copy(i - start, i + end), Copy(j - start, j + end)
        for k in range(-start, end + 1):
            covered.add((i + k, j + k))
        text_a = "".join(norms[a.start:a.end + 1])
        text_b = "".join(norms[b.start:b.end + 1])
        matches.append(Match(a, b, round(fuzz.ratio(text_a, text_b) / 100, 4)))
    return matches


def _bag(text: str) -> Counter[str]:
    """Character bigrams for Chinese, words for alphabetic text: what a topic is made of."""
    if is_cjk(text):
        chars = [c for c in normalise(text) if c.isalnum()]
        return Counter(a + b for a, b in pairwise(chars))
    return Counter(w.lower() for w in _WORD_RE.findall(text) if len(w) > 3)


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    if not a or not b:
        return 0.0
    dot = sum(count * b[key] for key, count in a.items() if key in b)
    norm = (sum(v * v for v in a.values()) * sum(v * v for v in b.values())) ** 0.5
    return dot / norm


def _edge(paragraph: Paragraph, step: int) -> str:
    """Where walking away from a copy meets an article edge.

    Returns `stop` (the paragraph belongs to another article), `last` (it is the edge of the
    copy's own article: read it, then stop) or `` (keep reading).
    """
    text = paragraph.text
    marker = continuation_marker(text)
    if step < 0:  # walking back: a byline or "continued on" ended the previous article
        if byline_score(text) > 0 or (marker and marker.direction == "to"):
            return "stop"
        if (marker and marker.direction == "from") or is_heading(text):
            return "last"
    else:  # walking on: a heading or "continued from" starts the next article
        if (marker and marker.direction == "from") or (is_heading(text)
                                                        and not byline_score(text)):
            return "stop"
        if byline_score(text) > 0 or marker:
            return "last"
    return ""


def _neighbours(paragraphs: Sequence[Paragraph], copy: Copy, gone: set[int],
                step: int) -> list[Paragraph]:
    """Up to CONTEXT_PARAGRAPHS kept paragraphs on one side of a copy, within its article."""
    found: list[Paragraph] = []
    i = (copy.start - 1) if step < 0 else (copy.end + 1)
    while 0 <= i < len(paragraphs) and len(found) < CONTEXT_PARAGRAPHS:
        if i not in gone:
            edge = _edge(paragraphs[i], step)
            if edge == "stop":
                break
            found.append(paragraphs[i])
            if edge == "last":
                break
        i += step
    return found


def context_score(paragraphs: Sequence[Paragraph], copy: Copy,
                  gone: set[int]) -> tuple[float, str]:
    """How well a copy sits where it is; higher means it belongs there.

    Topic: cosine similarity of the copy with the paragraphs around it (up to the edges of
    the article). Flow: whether the paragraph before continues into the copy, and whether
    the text around the copy would flow on without it (then the copy interrupts it).
    """
    text = "\n".join(p.text for p in paragraphs[copy.start:copy.end + 1])
    bag = _bag(text)
    before = _neighbours(paragraphs, copy, gone, -1)
    after = _neighbours(paragraphs, copy, gone, +1)
    sides = [_cosine(bag, _bag("\n".join(p.text for p in side))) for side in (before, after)
             if side]
    topic = sum(sides) / len(sides) if sides else 0.0
    flow = 0.0
    first, last = paragraphs[copy.start].text, paragraphs[copy.end].text
    if before and score_break(before[0].text, first, within_block=False).join:
        flow += 0.2
    if after and score_break(last, after[0].text, within_block=False).join:
        flow += 0.2
    if before and after and score_break(before[0].text, after[0].text, within_block=False).join:
        flow -= 0.3
    return round(topic + flow, 4), f"topic {topic:.2f}, flow {flow:+.1f}"


_STRAY_SYMBOL_RE = re.compile(r"[^\w\s" + re.escape(PUNCTUATION) + "]")
_MIXED_RE = re.compile(r"[A-Za-z]\d|\d[A-Za-z]")


def _noise(text: str) -> int:
    """OCR-noise signals: replacement characters, stray symbols, letters mixed with digits."""
    return (text.count("\ufffd") + len(_STRAY_SYMBOL_RE.findall(text))
            + len(_MIXED_RE.findall(text)))


def choose_stray(paragraphs: Sequence[Paragraph], match: Match, gone: set[int],
                 keep: str) -> tuple[Copy, Copy, str]:
    """(copy to drop, copy to keep, why) under the chosen keep policy."""
    a, b = match.a, match.b

    def text(c: Copy) -> str:
        return "\n".join(x.text for x in paragraphs[c.start:c.end + 1])

    if keep == "first":
        return b, a, "keep=first"
    if keep == "longest":
        b_wins = len(text(b)) > len(text(a))
        return (a, b, "keep=longest") if b_wins else (b, a, "keep=longest")
    if keep == "cleanest":
        b_wins = _noise(text(b)) < _noise(text(a))
        return (a, b, "keep=cleanest") if b_wins else (b, a, "keep=cleanest")
    score_a, why_a = context_score(paragraphs, a, gone | set(range(b.start, b.end + 1)))
    score_b, why_b = context_score(paragraphs, b, gone | set(range(a.start, a.end + 1)))
    detail = "context: this copy {}; kept copy {}"
    if score_b > score_a:
        return a, b, detail.format(why_a, why_b)
    return b, a, detail.format(why_b, why_a)


def rejoin_around(paragraphs: Sequence[Paragraph], gone: set[int],
                  ) -> tuple[list[Paragraph], list[Join]]:
    """Keep the paragraphs not in `gone`; where a removed copy had split a paragraph, glue
    the two halves again if the join scorer says the text runs on."""
    kept: list[Paragraph] = []
    joins: list[Join] = []
    for i, paragraph in enumerate(paragraphs):
        if i in gone:
            continue
        if kept and i - 1 in gone:
            verdict = score_break(kept[-1].text, paragraph.text, within_block=False)
            if verdict.join:
                left = kept.pop()
                joins.append(Join((left.last, paragraph.first), left.text[-6:],
                                  paragraph.text[:6], verdict.rule, verdict.confidence,
                                  ("around-removed-copy", *verdict.evidence), verdict.word,
                                  left.text[-1] if verdict.drop_hyphen else ""))
                text = left.text[:-1] if verdict.drop_hyphen else left.text
                paragraph = Paragraph(text + verdict.glue + paragraph.text, left.first,
                                      paragraph.last, left.blocks + paragraph.blocks)
        kept.append(paragraph)
    return kept, joins


def remove_duplicates(paragraphs: Sequence[Paragraph], lines: Sequence[str], source: str,
                      options: Options) -> tuple[list[Paragraph], list[Removal], list[Join]]:
    """Drop one copy of every repeated passage; return the kept paragraphs, the removals
    and any joins made across a removed copy."""
    gone: set[int] = set()
    removals: list[Removal] = []
    for match in sorted(find_matches(paragraphs, options),
                        key=lambda m: (-(m.a.end - m.a.start), m.a.start)):
        span_a = set(range(match.a.start, match.a.end + 1))
        span_b = set(range(match.b.start, match.b.end + 1))
        if span_a & gone or span_b & gone:
            continue
        stray, kept, why = choose_stray(paragraphs, match, gone, options.keep)
        first, last = paragraphs[stray.start].first, paragraphs[stray.end].last
        kept_lines = (paragraphs[kept.start].first, paragraphs[kept.end].last)
        removals.append(Removal(
            lines=(first, last), reason="duplicate", text="\n".join(lines[first - 1:last]),
            similarity=match.similarity, duplicate_of=Ref(source, kept_lines), detail=why))
        gone |= set(range(stray.start, stray.end + 1))
    kept, joins = rejoin_around(paragraphs, gone)
    return kept, sorted(removals, key=lambda r: r.lines), joins
