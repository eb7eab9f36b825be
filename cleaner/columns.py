"""Stage 1b: lines an OCR engine read across two columns -> one line per column.

Headlines standing side by side, or a headline beside the first line of the next column,
come out of an engine as one line with a wide gap between the two (Tesseract writes a run
of spaces in its text and a wide `SP` in its ALTO): `生前一具发达          螺旋改革物力`.
Read as one line, two articles run into one. The reader notes where such gaps are (`Split`); here
each part becomes a line of its own, so the later stages see the columns apart.

The parts are numbered as lines of their own while the page is cleaned, and the result is
numbered back (`renumber`): every line number a user sees is still a line of the input,
and both parts of a split line carry that line's number.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from .model import Block, Decision, LineBox, PageResult, SourceText, Split

#: A gap between two Strings of an ALTO TextLine this many times the line's height wide is
#: a column gutter (a folio sets its fields about two heights apart; `alto`). Plain text
#: marks a gutter by a run of spaces (`read.GAP_SPACES`).
GAP_HEIGHTS = 3.0
#: An ALTO line is split only when it is this many times as wide as the page's median
#: line: read across two columns, not a line of one column with wide gaps in it.
SPANNED = 1.6
#: Fewest letters or digits of each part: a mark or a rule beside a line is no column.
PART_LETTERS = 2

@dataclass(frozen=True)
class Columned:
    """A page with its side-by-side lines split; `source_line[i]` is the input line that
    line i+1 of `source` came from. `beside` are the lines that stood to the right of
    another column's line on their own: a headline or a first line of another column."""

    source: SourceText
    source_line: tuple[int, ...]
    blocks: list[Block] | None
    hints: Mapping[int, object] | None
    beside: frozenset[int] = frozenset()


def split_line(text: str, offsets: Sequence[int]) -> list[str]:
    """The parts of a line at `offsets`, without the spaces between them."""
    edges = [0, *offsets, len(text)]
    return [text[a:b].strip() for a, b in pairwise(edges) if text[a:b].strip()]


def _runs(source: SourceText, splits: Mapping[int, Split]) -> dict[int, list[int]]:
    """Runs of consecutive lines split into the same number of parts, by first line:
    an engine that read across a gutter for several lines read two columns side by side."""
    runs: dict[int, list[int]] = {}
    previous, start = None, 0
    for number in sorted(splits):
        parts = len(splits[number].offsets)
        if previous is not None and number == previous[0] + 1 and parts == previous[1]:
            runs[start].append(number)
        else:
            start = number
            runs[start] = [number]
        previous = (number, parts)
    return runs


def split_columns(source: SourceText, blocks: Sequence[Block] | None = None,
                  hints: Mapping[int, object] | None = None) -> Columned | None:
    """The page with each run of split lines read column by column: the parts of the first
    column, then those of the next, each column a block of its own (None: nothing to
    split). Indents, boxes, blocks and hints move with their lines."""
    splits = {s.line: s for s in source.splits if s.line <= len(source.lines)}
    if not splits:
        return None
    runs = _runs(source, splits)
    lines: list[str] = []
    origin: list[int] = []
    boxes: list[LineBox | None] = []
    first_part: dict[int, int] = {}
    last_part: dict[int, int] = {}
    beside: set[int] = set()

    def put(text: str, number: int, box: LineBox | None) -> int:
        lines.append(text)
        origin.append(number)
        boxes.append(box)
        return len(lines)

    number = 1
    while number <= len(source.lines):
        run = runs.get(number)
        if run is None:
            at = put(source.lines[number - 1], number, source.box(number))
            first_part[number] = last_part[number] = at
            number += 1
            continue
        columns = len(splits[number].offsets) + 1
        parted = {n: split_line(source.lines[n - 1], splits[n].offsets) for n in run}
        for column in range(columns):
            if column:
                put("", run[-1], None)  # a column of its own: a block apart
            for n in run:
                if column >= len(parted[n]):
                    continue
                own = splits[n].boxes
                at = put(parted[n][column], n,
                         own[column] if len(own) == len(parted[n]) else source.box(n))
                first_part.setdefault(n, at)
                last_part[n] = at
                if column and len(run) == 1:
                    beside.add(at)
        if run[-1] < len(source.lines) and source.lines[run[-1]]:
            put("", run[-1], None)  # what follows the last column is no part of it
        number = run[-1] + 1
    moved = replace(source, lines=tuple(lines), splits=(),
                    indents=frozenset(first_part[n] for n in source.indents if n in first_part),
                    layout=tuple(boxes) if source.layout else ())
    new_blocks = None if blocks is None else _blocks(blocks, lines, first_part, last_part)
    new_hints = None if hints is None else {last_part[n]: h for n, h in hints.items()
                                            if n in last_part}
    return Columned(moved, tuple(origin), new_blocks, new_hints, frozenset(beside))


def _blocks(blocks: Sequence[Block], lines: Sequence[str], first_part: Mapping[int, int],
            last_part: Mapping[int, int]) -> list[Block]:
    """A layout's blocks over the split lines; a block a column was set apart in becomes
    one block per run of lines (`ID`, `ID.c2`, ...)."""
    out: list[Block] = []
    for block in blocks:
        low, high = first_part[block.first], max(last_part[n] for n in
                                                 range(block.first, block.last + 1))
        run: list[int] = []
        pieces: list[list[int]] = []
        for at in range(low, high + 1):
            if lines[at - 1]:
                run.append(at)
            elif run:
                pieces.append(run)
                run = []
        if run:
            pieces.append(run)
        for k, piece in enumerate(pieces):
            out.append(replace(block, index=len(out), first=piece[0], last=piece[-1],
                               lines=tuple(lines[a - 1] for a in piece),
                               id=block.id + (f".c{k + 1}" if k else "")))
    return out


def renumber(result: PageResult, source: SourceText, source_line: Sequence[int],
             ) -> PageResult:
    """The result of a split page numbered by the input's lines again, with the input
    itself as its source. A join or break names its two lines; every other record a range.
    Pointers to a kept copy are numbered by their input already (the duplicate stage
    does so, for pages of the batch that are not this one too)."""

    def moved(decision: Decision) -> Decision:
        if decision.kind in ("join", "break"):
            left, right = decision.lines
            return replace(decision, lines=(source_line[left - 1], source_line[right - 1]))
        return replace(decision, lines=input_lines(source_line, decision.lines))

    return replace(
        result, source=source,
        articles=tuple(replace(a, lines=input_lines(source_line, a.lines))
                       for a in result.articles),
        decisions=tuple(moved(d) for d in result.decisions),
        blocks=tuple(replace(b, first=first, last=last) for b in result.blocks
                     for first, last in [input_lines(source_line, b.span)]))


def input_lines(source_line: Sequence[int], span: tuple[int, int]) -> tuple[int, int]:
    """A range of split lines as a range of the input's lines (unchanged for a page not
    split). A range that runs from one column into the next may end on an earlier input
    line than it starts on, so it is the lowest to the highest line it covers."""
    if not source_line:
        return span
    covered = source_line[span[0] - 1:span[1]] or (source_line[span[0] - 1],)
    return (min(covered), max(covered))
