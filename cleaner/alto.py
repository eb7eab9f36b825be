"""Stage 1, layout flavour: ALTO XML -> numbered lines, TextBlocks and hyphenation hints.

ALTO is the standard layout format of newspaper OCR (v1 to v4, with or without a
namespace). Its `TextBlock`s are the page's real blocks and its `HypPart1`/`HypPart2`
words say which words were hyphenated across lines, with the whole word in
`SUBS_CONTENT`: the cleaner takes both as given instead of guessing them.

Line N here is the Nth `TextLine` of the file, which is also line N of the plain-text
rendering libraries serve beside it, so manifests of the two can be compared.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from statistics import median

from .columns import (
    GAP_HEIGHTS,
    RULE_MARKS,
    SPANNED,
    column_text,
    reading_order,
    split_line,
    split_parts,
)
from .joins import Hint
from .model import Block, LineBox, SourceText, Split
from .patterns import CJK_CHAR
from .read import InputError, normalise_line
from .signals import is_cjk

#: Bytes read to decide whether an input is ALTO, whatever its file name.
SNIFF_BYTES = 4096
_ROOT_RE = re.compile(rb"<(?:[\w.-]+:)?alto[\s>]", re.IGNORECASE)
#: The namespaces ALTO v1-v4 have been published under (LoC, and CCS for v1).
_ALTO_NAMESPACE_RE = re.compile(r"loc\.gov/standards/alto|ccs-gmbh\.com/(?:.*/)?alto",
                                re.IGNORECASE)


@dataclass(frozen=True)
class AltoPage:
    source: SourceText
    blocks: list[Block]
    hints: dict[int, Hint]


def looks_like_alto(data: bytes) -> bool:
    """ALTO is recognised by its root element, not by the file's extension."""
    head = data[:SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<") and bool(_ROOT_RE.search(head))


def _local(tag: str) -> tuple[str, str]:
    """(namespace, local name) of an ElementTree tag."""
    if tag.startswith("{"):
        namespace, _, name = tag[1:].partition("}")
        return namespace, name
    return "", tag


def _box(element: ET.Element) -> tuple[int, int, int, int] | None:
    try:
        return tuple(int(float(element.get(k, ""))) for k in ("HPOS", "VPOS", "WIDTH", "HEIGHT"))
    except ValueError:
        return None


def read_alto(data: bytes, name: str) -> AltoPage:
    """Parse ALTO with a streaming parser; raise InputError with a reason on bad files."""
    lines: list[str] = []
    boxes: list[LineBox | None] = []
    bold_styles: set[str] = set()
    bold_letters = letters = 0
    text_blocks = 0
    blocks: list[Block] = []
    hints: dict[int, Hint] = {}
    software = ""
    splits: list[Split] = []
    gaps: list[int] = []
    strings: list[tuple[int, int, int, int] | None] = []
    gutter = 0.0
    block_lines: list[tuple[int, str]] = []
    words: list[str] = []
    hyphen_word: str | None = None
    seen_root = False
    # the Strings of every line, kept only for a page that may hold column rules read as marks
    ruled_lines: list[tuple[int, list[str], list[Box | None]]] | None = (
        [] if may_hold_rules(data) else None)
    try:
        for event, element in ET.iterparse(io.BytesIO(data), events=("start", "end")):
            namespace, tag = _local(element.tag)
            if event == "start":
                if tag == "TextLine":
                    gutter = GAP_HEIGHTS * _number(element.get("HEIGHT"))
                    gaps, strings = [], []
                if not seen_root:
                    seen_root = True
                    if tag.lower() != "alto":
                        raise InputError(f"not ALTO: the root element is <{tag}>")
                    if namespace and not _ALTO_NAMESPACE_RE.search(namespace):
                        raise InputError(f"not ALTO: unknown namespace {namespace!r}")
                continue
            if tag == "softwareName":
                software = (element.text or "").strip().lower()
            elif tag == "TextStyle":
                if "bold" in (element.get("FONTSTYLE") or "").lower():
                    bold_styles.add(element.get("ID", ""))
            elif tag == "String":
                content = element.get("CONTENT", "")
                box = _box(element)
                if (gutter > 0 and box and strings and strings[-1]
                        and box[0] - strings[-1][0] - strings[-1][2] >= gutter):
                    gaps.append(len(words))  # measured between the Strings: some engines'
                strings.append(box)  # SP widths overlap the words around them
                words.append(content)
                letters += len(content)
                if _is_bold(element, bold_styles):
                    bold_letters += len(content)
                if element.get("SUBS_TYPE") == "HypPart1":
                    hyphen_word = element.get("SUBS_CONTENT") or None
            elif tag == "HYP":
                words[-1:] = [(words[-1] if words else "") + element.get("CONTENT", "-")]
            elif tag == "TextLine":
                lines.append(normalise_line(join_strings(words)))
                if hyphen_word:
                    hints[len(lines)] = Hint(hyphen_word, "alto-hyppart")
                block_lines.append((len(lines), lines[-1]))
                boxes.append(_line_box(element, bold_letters / letters if letters else 0.0,
                                       text_blocks, strings if is_cjk(lines[-1]) else ()))
                if gaps and (split := _split(len(lines), words, strings, gaps, boxes[-1])):
                    splits.append(split)
                if ruled_lines is not None and len(words) == len(strings):
                    ruled_lines.append((len(lines), words, strings))
                words, hyphen_word = [], None
                bold_letters = letters = 0
                element.clear()
            elif tag == "TextBlock":
                text_blocks += 1
                blocks += _blocks_of(element.get("ID") or f"block{len(blocks) + 1}",
                                     _box(element), block_lines, len(blocks))
                block_lines = []
                element.clear()
    except ET.ParseError as exc:
        raise InputError(f"not well-formed ALTO XML ({exc})") from exc
    if not blocks:
        raise InputError("ALTO file without any TextBlock holding text")
    layout = tuple(boxes) if any(boxes) else ()
    order = _reading_order(blocks, len(lines)) if software.startswith(LAYOUT_ORDER) else ()
    found = _across_columns(splits, boxes)
    if ruled_lines and (rules := column_rules(ruled_lines)):
        ruled = {n: split for n, words, strings in ruled_lines
                 if (split := rule_split(n, words, strings, rules, boxes[n - 1])) is not None}
        found = tuple(sorted([*(s for s in found if s.line not in ruled), *ruled.values()],
                             key=lambda s: s.line))
    return AltoPage(SourceText(name, "alto-xml", tuple(lines), layout=layout,
                               splits=found, reading_order=order),
                    blocks, hints)


Box = tuple[int, int, int, int]
#: Fewest Strings of a Chinese line for their median height to be the line's type size.
CJK_GLYPHS_MEASURED = 3
#: A Chinese TextLine this many times as tall as its median String was stretched by the
#: engine over something beside the line (a line box spans its characters otherwise).
STRETCHED_LINE = 1.5

#: Fewest lines, and least share of the page's lines, an engine read across a column rule
#: (RULE_SIDE_LETTERS letters or digits on each side of the mark it read the rule as) for
#: the page's rules to be taken as its columns. A vendor's ALTO, read column by column,
#: has a `|` only where a column's edge or a table's rule was caught in a line.
RULE_MIN_LINES = 3
RULE_MIN_SHARE = 0.25
RULE_SIDE_LETTERS = 4
#: Marks of one rule stand this many line heights apart across the page, at most.
RULE_SPREAD = 0.5
#: A rule reaches this many line heights above its top mark and below its bottom one.
RULE_REACH = 2.0
_RULE_CONTENTS = tuple(f'CONTENT="{mark}"'.encode() for mark in RULE_MARKS)


@dataclass(frozen=True)
class Rule:
    """A printed column rule, found where an engine read it as a mark in many lines."""

    x: float
    top: float
    bottom: float


def may_hold_rules(data: bytes) -> bool:
    """A page with any String that is a rule mark: only there are the Strings of every
    line kept to look for rules."""
    return any(content in data for content in _RULE_CONTENTS)


def _is_mark(word: str) -> bool:
    return bool(word.strip()) and all(c in RULE_MARKS for c in word.strip())


def column_rules(lines: list[tuple[int, list[str], list[Box | None]]]) -> tuple[Rule, ...]:
    """The column rules of a page an engine read across its columns: marks (`|`) with
    text on both sides, in many of its lines (RULE_MIN_LINES, RULE_MIN_SHARE), standing
    one above the other (within RULE_SPREAD line heights across). A rule at a line's end
    is no column."""
    marks: list[tuple[float, float, float]] = []
    heights: list[int] = []
    across = 0
    for _, words, strings in lines:
        letters = [(b[0] + b[2] / 2, sum(map(str.isalnum, w)))
                   for w, b in zip(words, strings, strict=True)
                   if b is not None and not _is_mark(w)]
        found = len(marks)
        for word, box in zip(words, strings, strict=True):
            if box is None or not _is_mark(word):
                continue
            x = box[0] + box[2] / 2
            if (sum(n for c, n in letters if c < x) >= RULE_SIDE_LETTERS
                    and sum(n for c, n in letters if c > x) >= RULE_SIDE_LETTERS):
                marks.append((x, box[1], box[1] + box[3]))
                heights.append(box[3])
        across += len(marks) > found
    if across < max(RULE_MIN_LINES, RULE_MIN_SHARE * sum(1 for _, w, _ in lines if w)):
        return ()
    spread = RULE_SPREAD * median(heights)
    marks.sort()
    groups: list[list[tuple[float, float, float]]] = [[marks[0]]]
    for mark in marks[1:]:
        if mark[0] - groups[-1][-1][0] <= spread:
            groups[-1].append(mark)
        else:
            groups.append([mark])
    return tuple(Rule(median(m[0] for m in g), min(m[1] for m in g), max(m[2] for m in g))
                 for g in groups if len(g) >= RULE_MIN_LINES)


def _clear(x: float, strings: list[Box | None]) -> bool:
    """No String of the line stands across `x`: the line is cut there, rule or not."""
    return not any(s is not None and s[0] < x < s[0] + s[2] for s in strings)


def rule_split(number: int, words: list[str], strings: list[Box | None],
               rules: tuple[Rule, ...], box: LineBox | None) -> Split | None:
    """A line of a page with column rules as its parts, one per column it reaches, each
    with its column (counted by the rules left of it) and its box; marks go with the part
    before them. None for a line above or below all rules, and for one that runs across a
    rule's place with no rule standing at its height and no gap there (a headline over
    two columns)."""
    if box is None or not words:
        return None
    reach = RULE_REACH * box.height
    middle = box.vpos + box.height / 2
    standing = [r.top - reach <= middle <= r.bottom + reach for r in rules]
    if not (min(r.top for r in rules) - reach <= middle <= max(r.bottom for r in rules) + reach):
        return None
    starts: list[int] = []
    columns: list[int] = []
    for k, (word, string) in enumerate(zip(words, strings, strict=True)):
        if string is None or _is_mark(word) or not word.strip():
            continue
        column = sum(r.x < string[0] + string[2] / 2 for r in rules)
        if columns and column == columns[-1]:
            continue
        if columns and (column < columns[-1] or not all(
                standing[r] or _clear(rules[r].x, strings)
                for r in range(columns[-1], column))):
            return None
        starts.append(k if columns else 0)
        columns.append(column)
    if not columns:
        return None
    text = normalise_line(join_strings(words))
    offsets = part_offsets(words, text, starts[1:])
    if offsets is None or len(split_parts(text, offsets)[0]) != len(columns):
        return None
    parts = []
    for a, b in pairwise([*starts, len(words)]):
        placed = [s for w, s in zip(words[a:b], strings[a:b], strict=True)
                  if s is not None and not _is_mark(w)]
        left = min(s[0] for s in placed)
        # the top and height most of its Strings share: a misread glyph may run tall
        parts.append(replace(box, hpos=left, vpos=median(s[1] for s in placed),
                             width=max(s[0] + s[2] for s in placed) - left,
                             height=median(s[3] for s in placed)))
    return Split(number, tuple(offsets), tuple(parts), tuple(columns))


#: Engines whose ALTO lists TextBlocks in the order their layout analysis found them, not
#: in reading order (`processingSoftware/softwareName`). Digitisation vendors' ALTO keeps
#: the order an operator or their article segmentation set, and is read as it stands.
LAYOUT_ORDER = ("tesseract",)


def _reading_order(blocks: list[Block], count: int) -> tuple[int, ...]:
    """The page's line numbers with its blocks in reading order (`columns.reading_order`);
    lines outside any block (empty TextLines) go with the block before them. Empty when
    that is the file's order."""
    order = reading_order([b.box for b in blocks])
    if order == sorted(order):
        return ()
    ends = [b.first for b in blocks[1:]] + [count + 1]
    head = list(range(1, blocks[0].first)) if blocks else []
    sequence = head + [n for k in order for n in range(blocks[k].first, ends[k])]
    return tuple(sequence) if sorted(sequence) == list(range(1, count + 1)) else ()


def _across_columns(splits: list[Split], boxes: list[LineBox | None]) -> tuple[Split, ...]:
    """The splits of lines as wide as two columns or more: a justified line, a table row or
    a price list has wide gaps too, within its column."""
    widths = sorted(b.width for b in boxes if b is not None and b.width > 0)
    if not widths:
        return ()
    column = widths[len(widths) // 2]
    return tuple(s for s in splits
                 if (box := boxes[s.line - 1]) is not None and box.width >= SPANNED * column)


def _number(value: str | None) -> float:
    try:
        return float(value or 0)
    except ValueError:
        return 0.0


def part_offsets(words: list[str], text: str, starts: list[int]) -> list[int] | None:
    """Where the parts beginning at words `starts` begin in the line's `text` (None when
    the joined words do not make its start)."""
    offsets = []
    for start in starts:
        head = normalise_line(join_strings(words[:start]))
        if not head or not text.startswith(head):
            return None
        offsets.append(len(head) + (text[len(head):len(head) + 1] == " "))
    return offsets


def _split(number: int, words: list[str], strings: list[tuple[int, int, int, int] | None],
           gaps: list[int], box: LineBox | None) -> Split | None:
    """A TextLine whose Strings stand apart by a column gutter (GAP_HEIGHTS line heights
    between their boxes, found as the Strings are read), as the offsets of its parts in
    the line's text and their boxes."""
    text = normalise_line(join_strings(words))
    offsets = part_offsets(words, text, gaps)
    if offsets is None:
        return None
    parts: list[LineBox | None] = []
    for a, b in pairwise([0, *gaps, len(words)]):
        placed = [s for s in strings[a:b] if s is not None]
        if box is None or not placed:
            parts.append(None)
            continue
        left = min(s[0] for s in placed)
        right = max(s[0] + s[2] for s in placed)
        parts.append(replace(box, hpos=left, width=right - left))
    if len(set(offsets)) < len(offsets) or offsets[0] <= 0 or offsets[-1] >= len(text):
        return None
    if not column_text(split_line(text, offsets)):
        return None
    return Split(number, tuple(offsets), tuple(parts) if all(parts) else ())


#: Characters written without spaces between them: Han characters, and CJK and full-width
#: punctuation (`，`, `。`, `（`, `、`).
_UNSPACED_RE = re.compile(f"[{CJK_CHAR}\u3000-\u303f\uff00-\uffef]")
_HAN_RE = re.compile(f"[{CJK_CHAR}]")
#: Signs Chinese shares with English (`“`, `”`, `…`): glued to a Han character only.
_SHARED_SIGNS = "\u2018\u2019\u201c\u201d\u2026\u2014"
#: Digits, glued to a Han character too: Chinese sets `1998年`, `第4版` without a space.
_DIGITS = "0123456789"


def join_strings(words: list[str]) -> str:
    """The text of a TextLine from its Strings. Words stand apart (the `SP` between
    them); Chinese does not: an engine that writes one `String` per character or two
    (Tesseract's chi_sim, with an `SP` between each) would read `中 国 总 理`. Two
    Strings meeting at Chinese characters or punctuation are glued; so are quotes and
    dashes and digits next to a Chinese character (`“` `中国` -> `“中国`, `第` `4` `版` ->
    `第4版`), not between English words.

    >>> join_strings(["中国", "总理", "，", "the", "Premier"])
    '中国总理， the Premier'
    >>> join_strings(["说", "“", "好", "”"]), join_strings(["word”", "“Next"])
    ('说“好”', 'word” “Next')
    >>> join_strings(["第", "4", "版", "1998", "年", "in", "1998"])
    '第4版1998年 in 1998'
    """
    out = ""
    for word in words:
        if not word:
            continue
        if out and not _glued(out[-1], word[0]):
            out += " "
        out += word
    return out


def _glued(left: str, right: str) -> bool:
    if _UNSPACED_RE.match(left) and _UNSPACED_RE.match(right):
        return True
    return bool((_HAN_RE.match(left) and (right in _SHARED_SIGNS or right in _DIGITS))
                or (_HAN_RE.match(right) and (left in _SHARED_SIGNS or left in _DIGITS)))


def _is_bold(string: ET.Element, bold_styles: set[str]) -> bool:
    """A word set in bold: by its own `STYLE` or by a `TextStyle` it refers to."""
    if "bold" in (string.get("STYLE") or "").lower():
        return True
    refs = string.get("STYLEREFS")
    return bool(refs and bold_styles.intersection(refs.split()))


def _line_box(line: ET.Element, bold: float, block: int,
              glyphs: Sequence[Box | None] = ()) -> LineBox | None:
    """The line's box. A Chinese line whose TextLine an engine stretched over a speck or a
    misread glyph beside it (58 pixels over 28-pixel type) takes its height and top from
    its characters (the median String: every character fills the type's height): it is
    no headline set in display type."""
    box = _box(line)
    if box is None:
        return None
    hpos, vpos, width, height = box
    placed = [g for g in glyphs if g is not None and g[3] > 0]
    if (len(placed) >= CJK_GLYPHS_MEASURED
            and height > STRETCHED_LINE * (type_size := median(g[3] for g in placed))):
        vpos, height = median(g[1] for g in placed), type_size
    return LineBox(hpos, vpos, width, height, bold=round(bold, 3), block=block)


def _blocks_of(block_id: str, box: tuple[int, int, int, int] | None,
               numbered: list[tuple[int, str]], index: int) -> list[Block]:
    """One TextBlock as `Block`s; empty lines inside it split it (`ID`, `ID.2`, ...)."""
    runs: list[list[tuple[int, str]]] = [[]]
    for number, text in numbered:
        if text:
            runs[-1].append((number, text))
        elif runs[-1]:
            runs.append([])
    out = []
    for run in (r for r in runs if r):
        suffix = f".{len(out) + 1}" if out else ""
        out.append(Block(index + len(out), run[0][0], run[-1][0], tuple(t for _, t in run),
                         id=block_id + suffix, box=box))
    return out
