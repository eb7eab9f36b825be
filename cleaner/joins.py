"""Stage 3: blocks -> paragraphs, by deciding at every break whether the text goes on.

Each break (between two lines of a block, or between two blocks) is scored from evidence
that holds on any page: how the first piece ends, how the second begins, whether the
characters across the break make a dictionary word, how long the pieces are and whether
either looks like a heading, byline, dateline or marker. The score is a sum of log-odds
weights; the evidence names and the confidence go into the `Join` record.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from . import lexicon
from .model import Block, Flag, Join, Options, Paragraph
from .patterns import (
    CJK_ENUMERATORS,
    CJK_RE,
    CLOSERS,
    CONTINUING,
    FLAG_CONTEXT_LEFT,
    FLAG_CONTEXT_RIGHT,
    HYPHENS,
    JOIN_CONTEXT,
    LATIN_LONG_BLOCK,
    LONG_BLOCK,
    PUNCTUATION,
    SHORT_BLOCK,
)
from .signals import (
    byline_score,
    continuation_marker,
    ends_mid_sentence,
    ends_sentence,
    has_punctuation,
    heading_like,
    is_cjk,
    latin_headline,
    spaced_heading,
    split_dateline,
    visible_length,
)

#: A break inside a block starts from this prior: the page kept the lines together.
WITHIN_BLOCK_PRIOR = 3.0

_STUB_RE = re.compile(f"^([{CJK_RE.pattern[1:-1]}])[{re.escape(PUNCTUATION)}]")
_LATIN_TAIL_RE = re.compile(r"([A-Za-z]+)[" + re.escape(HYPHENS) + r"]?$")
_LATIN_HEAD_RE = re.compile(r"^([A-Za-z]+)")


@dataclass(frozen=True)
class Verdict:
    """The decision at one break, before it becomes a `Join` record."""

    join: bool
    score: float
    rule: str
    glue: str  # what goes between the two pieces: "" or " "
    drop_hyphen: bool
    evidence: tuple[str, ...]

    @property
    def confidence(self) -> float:
        """The score as a probability, so users can sort and threshold joins."""
        return round(1 / (1 + math.exp(-self.score)), 3)


def _cjk_evidence(left: str, right: str) -> list[tuple[str, float]]:
    evidence: list[tuple[str, float]] = []
    stub = _STUB_RE.match(right)
    if stub and stub.group(1) not in CJK_ENUMERATORS:
        evidence.append((f"right-starts-with-stub:{right[:2]}", 3.0))
    across = lexicon.cjk_word_across(left, right)
    if across:
        word, frequency = across
        weight = 1.5 + min(1.0, max(0.0, (frequency - 2.0) / 3.0))
        evidence.append((f"word-across-break:{word}", round(weight, 2)))
    if spaced_heading(left):
        evidence.append(("left-is-spaced-heading", -2.0))
    return evidence


def _latin_evidence(left: str, right: str) -> tuple[list[tuple[str, float]], str, bool]:
    """English evidence, plus the glue and whether a break hyphen is dropped."""
    evidence: list[tuple[str, float]] = []
    glue, drop_hyphen = " ", False
    starts_lower = right[:1].islower()
    if starts_lower:
        evidence.append(("right-starts-lowercase", 2.5))
    tail, head = _LATIN_TAIL_RE.search(left), _LATIN_HEAD_RE.match(right)
    if latin_headline(left) and not ends_mid_sentence(left):
        evidence.append(("left-is-headline", -2.5))
    if left[-1:] in HYPHENS and tail and head and starts_lower:
        whole = tail.group(1) + head.group(1)
        compound = f"{tail.group(1)}-{head.group(1)}"
        if lexicon.zipf(whole.lower(), "en") >= lexicon.zipf(compound.lower(), "en"):
            evidence.append((f"hyphen-cut-word:{whole}", 3.0))
            glue, drop_hyphen = "", True
        else:
            evidence.append((f"hyphenated-compound:{compound}", 3.0))
            glue = ""
    return evidence, glue, drop_hyphen


def score_break(left: str, right: str, *, within_block: bool) -> Verdict:
    """Decide whether `right` continues `left` in the same paragraph."""
    if continuation_marker(left) or continuation_marker(right):
        return Verdict(False, -99.0, "marker", "", False, ("continuation-marker",))
    cjk = is_cjk(left[-JOIN_CONTEXT:] + right[:JOIN_CONTEXT]) and bool(
        CJK_RE.match(left[-1:]) or CJK_RE.match(right[:1]) or is_cjk(right[:JOIN_CONTEXT]))
    long_block = LONG_BLOCK if cjk else LATIN_LONG_BLOCK
    evidence: list[tuple[str, float]] = []
    if within_block:
        evidence.append(("same-block", WITHIN_BLOCK_PRIOR))
    if ends_sentence(left):
        evidence.append(("left-ends-sentence", -4.0))
    elif ends_mid_sentence(left):
        evidence.append(("left-ends-mid-sentence", 3.0))
    elif visible_length(left) >= long_block:
        evidence.append(("left-long-unfinished", 2.0))
    elif visible_length(left) < SHORT_BLOCK and not has_punctuation(left):
        evidence.append(("left-short", -1.0))
    if right[:1] in CLOSERS or right[:1] in CONTINUING:
        evidence.append(("right-starts-with-punctuation", 3.0))
    if byline_score(left):
        evidence.append(("left-is-byline", -3.0))
    if split_dateline(right):
        evidence.append(("right-starts-with-dateline", -4.0))
    elif heading_like(right) and visible_length(right) <= long_block and not has_punctuation(right):
        evidence.append(("right-is-heading-like", -1.5))

    if cjk:
        evidence += _cjk_evidence(left, right)
        glue, drop_hyphen = "", False
        rule = "line-wrap" if within_block else "cjk-column-break"
    else:
        latin, glue, drop_hyphen = _latin_evidence(left, right)
        evidence += latin
        rule = "hyphen" if glue == "" else "line-wrap"
    score = round(sum(weight for _, weight in evidence), 3)
    names = tuple(f"{name} {weight:+g}" for name, weight in evidence)
    return Verdict(score > 0, score, rule, glue, drop_hyphen, names)


def doubled_break_char(left: str, right: str) -> str | None:
    """A Chinese character printed on both sides of a break (`产业|业、`) that is not a
    reduplicated word like `天天`: the scan or layout likely repeated it."""
    a, b = left[-1:], right[:1]
    if a and a == b and CJK_RE.match(a) and not lexicon.cjk_is_word(a + b):
        return a
    return None


def _context(left: str, right: str) -> tuple[str, str]:
    tail = left[-JOIN_CONTEXT:]
    head = right[:JOIN_CONTEXT]
    return (("…" if len(left) > JOIN_CONTEXT else "") + tail,
            head + ("…" if len(right) > JOIN_CONTEXT else ""))


def build_paragraphs(blocks: Sequence[Block], options: Options | None = None,
                     ) -> tuple[list[Paragraph], list[Join], list[Flag]]:
    """Walk the kept blocks in reading order and glue every piece that continues.

    Returns the paragraphs, one `Join` per glued break and one `Flag` per doubled
    character found at a break.
    """
    threshold = (options or Options()).join_threshold
    paragraphs: list[Paragraph] = []
    joins: list[Join] = []
    flags: list[Flag] = []
    text, first, last, members = "", 0, 0, []

    def flush() -> None:
        if members:
            paragraphs.append(Paragraph(text, first, last, tuple(members)))

    for block in blocks:
        for offset, line in enumerate(block.lines):
            number = block.first + offset
            if not text:
                text, first, last, members = line, number, number, [block.index]
                continue
            verdict = score_break(text, line, within_block=offset > 0)
            if verdict.score <= threshold:
                flush()
                text, first, last, members = line, number, number, [block.index]
                continue
            left, right = _context(text, line)
            joins.append(Join((last, number), left, right, verdict.rule, verdict.confidence,
                              verdict.evidence))
            doubled = doubled_break_char(text, line)
            if doubled:
                flags.append(Flag((last, number), "repeated-char-at-break",
                                  f"{text[-FLAG_CONTEXT_LEFT:]}|{line[:FLAG_CONTEXT_RIGHT]}"))
            if verdict.drop_hyphen:
                text = text[:-1]
            text = text + verdict.glue + line
            last = number
            if block.index not in members:
                members.append(block.index)
    flush()
    return paragraphs, joins, flags
