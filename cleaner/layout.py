"""How a paragraph was set on the page: type size, weight, centring, space above, length
against the column. The article stage weighs these with the paragraph's words.

Headlines are printed taller, bolder, centred and apart from the text above them. ALTO
says so for every line (`TextLine` boxes and styles); plain text keeps only the number of
characters a line holds, which is smaller for a line in large type. Every measure here is
relative to the page itself (its median line), so pages of any scan resolution compare.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import median

from .model import Block, LineBox, Paragraph, SourceText
from .signals import is_cjk

#: Lines either side of a line that may show the width of the column it stands in.
COLUMN_NEIGHBOURS = 4
#: Clip of the log2 height ratio (a masthead is 10 times the body type).
HEIGHT_RATIO_MAX = 3.0
#: Clip of the space above a line, in median line heights.
SPACE_ABOVE_MAX = 4.0
#: Margins each at least this share of the column, and within this share of each other:
#: the line is centred.
CENTRED_MARGIN = 0.06
CENTRED_BALANCE = 0.35
#: A Chinese line at least this much taller than the page's body type (log2 of the height
#: ratio: 1.23 times) is set in display type, a headline; one at most BODY_STEP taller is
#: set in body type. A paragraph is set in one type.
DISPLAY_STEP = 0.3
BODY_STEP = 0.15
#: A line set in capitals has no descenders and nothing above its capitals: its box is
#: about the capital height, some 0.7 of its type size, where a line of lower-case text
#: with ascenders and descenders spans about 0.95 of it (common Latin faces; engines such
#: as Tesseract measure a line by its glyphs). Its height times this is the height the
#: same type shows in running text, so a headline in capitals reads as large as it is.
CAPITALS_BOX = 1.35
#: Fewer letters than this say too little about a line's case.
CAPITALS_MIN_LETTERS = 3
#: A Latin line in upper and lower case with no descender (`Collaborative Line`) spans its
#: ascenders to its baseline only: Tesseract 5 measures such body lines 20 px against 25
#: for lines with descenders, the corpus engines 1.08-1.1 times shorter.
NO_DESCENDER_BOX = 1.2
DESCENDERS = frozenset("gjpqy,;")


@dataclass(frozen=True)
class PageStyle:
    """The page's body type: what a plain line of running text looks like."""

    line_length: float  # median characters per non-empty line
    line_height: float  # median line height, 0 without layout
    block_starts: frozenset[int]  # first lines of the page's blocks
    #: Share of bold letters in the page's median line: some engines mark a whole page
    #: bold, and bold type says something only where the running text is not.
    body_bold: float = 0.0


def in_capitals(text: str) -> bool:
    """A Latin line with no lower-case letter (and enough letters to tell)."""
    letters = [c for c in text if c.isalpha() and not is_cjk(c)]
    return len(letters) >= CAPITALS_MIN_LETTERS and not any(c.islower() for c in letters)


def type_height(text: str, box: LineBox) -> float:
    """A line's height as its type size shows in running text (`CAPITALS_BOX`)."""
    return box.height * CAPITALS_BOX if in_capitals(text) else box.height


def body_height(source: SourceText) -> float:
    """The height of the page's body type: its median line, 0 without layout."""
    heights = [type_height(text, box) for text, box in zip(source.lines, source.layout,
                                                           strict=False)
               if box is not None and box.height > 0]
    return float(median(heights)) if heights else 0.0


def body_bold(source: SourceText) -> float:
    """How bold the page's running text is: the median line's share of bold letters."""
    shares = [box.bold for box in source.layout if box is not None]
    return float(median(shares)) if shares else 0.0


def page_style(source: SourceText, blocks: list[Block] | tuple[Block, ...] = ()) -> PageStyle:
    lengths = [len(line) for line in source.lines if line.strip()]
    return PageStyle(float(median(lengths)) if lengths else 0.0, body_height(source),
                     frozenset(b.first for b in blocks), body_bold(source))


def _overlaps(a: LineBox, b: LineBox) -> bool:
    return a.hpos < b.hpos + b.width and b.hpos < a.hpos + a.width


def _spans_centre(near: LineBox, box: LineBox) -> bool:
    """`near` runs under or over the middle of `box`: a line of the same column. A line
    that only overlaps an edge (a folio or a banner across the columns beside) does not
    show where this column's edges are."""
    centre = box.hpos + box.width / 2
    return near.hpos <= centre <= near.hpos + near.width


def _column(source: SourceText, line: int, box: LineBox) -> tuple[float, float]:
    """Left and right edge of the column a line stands in: the widest extent of the
    nearby lines of the same column (`_spans_centre`)."""
    left, right = box.hpos, box.hpos + box.width
    for other in range(line - COLUMN_NEIGHBOURS, line + COLUMN_NEIGHBOURS + 1):
        near = source.box(other)
        if other != line and near is not None and _spans_centre(near, box):
            left, right = min(left, near.hpos), max(right, near.hpos + near.width)
    return left, right


def _space_above(source: SourceText, line: int, box: LineBox, height: float) -> float:
    above = source.box(line - 1)
    if above is None or not _overlaps(above, box) or above.vpos >= box.vpos:
        return 0.0
    gap = box.vpos - (above.vpos + above.height)
    return max(0.0, min(SPACE_ABOVE_MAX, gap / height)) if height else 0.0


def setting(paragraph: Paragraph, source: SourceText, style: PageStyle) -> dict[str, float]:
    """The layout features of a paragraph (named as the profiles' weights name them)."""
    one_line = paragraph.first == paragraph.last
    features = {
        "block-start": float(paragraph.first in style.block_starts),
        "one-line": float(one_line),
        "short-line": (max(0.0, 1 - len(paragraph.text) / style.line_length)
                       if one_line and style.line_length else 0.0),
    }
    box = source.box(paragraph.first)
    if box is None or not style.line_height:
        return features
    numbered = [(n, b) for n in range(paragraph.first, paragraph.last + 1)
                if (b := source.box(n)) is not None and b.height > 0]
    boxes = [b for _, b in numbered]
    height = (median(type_height(source.lines[n - 1], b) for n, b in numbered) if numbered
              else box.height)
    left, right = _column(source, paragraph.first, box)
    width = right - left
    margin_left, margin_right = box.hpos - left, right - (box.hpos + box.width)
    centred = (width > 0 and min(margin_left, margin_right) >= CENTRED_MARGIN * width
               and abs(margin_left - margin_right) <= CENTRED_BALANCE * max(margin_left,
                                                                            margin_right))
    above = source.box(paragraph.first - 1)
    features |= {
        "has-layout": 1.0,
        "taller": max(-1.0, min(HEIGHT_RATIO_MAX, math.log2(max(height, 1) / style.line_height))),
        "bold": (max(0.0, sum(b.bold for b in boxes) / len(boxes) - style.body_bold)
                 if boxes else 0.0),
        "centred": float(centred),
        "narrow": max(0.0, 1 - box.width / width) if width > 0 else 0.0,
        "space-above": _space_above(source, paragraph.first, box, style.line_height),
        "new-text-block": float(above is None or above.block != box.block),
    }
    return features


def type_steps(source: SourceText) -> dict[int, float]:
    """For each Latin line of a laid-out page, how much larger than the body type it is
    set (log2 of the height ratio; a line with no descender measured as if it had one).

    A headline in display type over a deck in smaller type, each in a block of its own,
    are two headings, even when both are in title case (`Carrier Hospital Never` over
    `Transfers Organizational Set`): the joins stage reads the step between them. A body
    line is not told by its height alone (a drop capital makes its line taller). Empty
    for plain text."""
    body = body_height(source)
    if not body:
        return {}
    return {number: math.log2(_glyph_height(line, box) / body)
            for number, (line, box) in enumerate(zip(source.lines, source.layout,
                                                     strict=False), 1)
            if box is not None and box.height > 0 and not is_cjk(line)}


def _glyph_height(text: str, box: LineBox) -> float:
    """The height a Latin line's type would show with capitals and descenders."""
    if not in_capitals(text) and not any(c in DESCENDERS for c in text):
        return box.height * NO_DESCENDER_BOX
    return type_height(text, box)


def type_sizes(source: SourceText) -> dict[int, str]:
    """`display` or `body` for each Chinese line of a laid-out page whose height says which.

    Ideographs fill their line box, so a Chinese line's height is its type size; a Latin
    line's height varies with its ascenders and descenders (and a drop capital), so Latin
    lines are left out. Empty for plain text."""
    body = body_height(source)
    if not body:
        return {}
    sizes = {}
    for number, (line, box) in enumerate(zip(source.lines, source.layout, strict=False), 1):
        if box is None or box.height <= 0 or not is_cjk(line):
            continue
        step = math.log2(box.height / body)
        if step >= DISPLAY_STEP:
            sizes[number] = "display"
        elif step <= BODY_STEP:
            sizes[number] = "body"
    return sizes
