"""Stage 1b: lines an OCR engine read across two columns -> one line per column.

Headlines standing side by side, or a headline beside the first line of the next column,
come out of an engine as one line with a wide gap between the two (Tesseract writes a run
of spaces in its text and a wide `SP` in its ALTO): `生前一具发达          螺旋改革物力`.
Read as one line, two articles run into one. The reader notes where such gaps are (`Split`); here
each part becomes a line of its own, so the later stages see the columns apart.

The page is also read in its reading order: Tesseract's ALTO blocks by their position
(`reading_order`), and the blocks of a Chinese text that an engine read into each other
by how their text runs (`thread_order`).

The parts are numbered as lines of their own while the page is cleaned, and the result is
numbered back (`renumber`): every line number a user sees is still a line of the input,
and both parts of a split line carry that line's number.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from . import lexicon
from .blocks import split_blocks
from .joins import INDENT_MIN_WIDTH, INDENT_SHORTFALL
from .model import Block, Decision, LineBox, PageResult, SourceText, Split
from .patterns import CJK_RE
from .signals import ends_sentence, has_punctuation, is_cjk, is_furniture, visible_length

#: Spaces in a row, between two visible characters, that an engine writes only for a gap
#: wider than any space between words: a column gutter in plain text (`read`).
GAP_SPACES = 4
#: A gap between two Strings of an ALTO TextLine this many times the line's height wide is
#: a column gutter (a folio sets its fields about two heights apart; `alto`). Plain text
#: marks a gutter by a run of GAP_SPACES spaces.
GAP_HEIGHTS = 3.0
#: An ALTO line is split only when it is this many times as wide as the page's median
#: line: read across two columns, not a line of one column with wide gaps in it.
SPANNED = 1.6
#: Fewest letters or digits of each part: a mark or a rule beside a line is no column.
PART_LETTERS = 2
#: What an engine reads a printed column rule as, in a line it read across the columns.
RULE_MARKS = "|¦｜丨"
#: Within one column of a page whose rules were read, two lines this many line heights
#: farther apart than its lines usually are start a block of its own (a headline, a
#: paragraph set apart).
RULE_BLOCK_GAP = 0.5

#: A continuation is looked for this many blocks after the block it continues, at most.
THREAD_REACH = 6
#: Share of a plain-text page's lines in Chinese for its blocks to be threaded.
THREAD_CJK_SHARE = 0.6
#: Punctuation no line of running Chinese text begins a paragraph with.
CLOSING_PUNCTUATION = "，。、；：！？）」』”’》"
#: How far apart (in blocks) an open block and its continuation may be read when a word
#: across them, or closing punctuation, says which continues which.
THREAD_FAR = 12
#: A word read across two blocks threads them only if it is this common (Zipf): two
#: characters that happen to make a rare word are no evidence.
THREAD_WORD_ZIPF = 2.0
#: Fewest lines inside blocks for a page's column width to be told.
THREAD_MIN_LINES = 8
#: A separator line in a reading sequence: a blank line where a moved block ends.
SEPARATOR = 0

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
    #: Column rules read as marks at the edge of a part (`|`), taken out of the text: (input
    #: line, marks), for the result's `removed`.
    rule_marks: tuple[tuple[int, str], ...] = ()


def column_text(parts: Sequence[str]) -> bool:
    """Every part holds PART_LETTERS letters or digits, or a Chinese character (a word
    of its own: `有` of a line's end beside the next column): text of a column, not a
    stray mark or a rule beside a line."""
    return all(sum(map(str.isalnum, part)) >= PART_LETTERS or CJK_RE.search(part)
               for part in parts)


def split_line(text: str, offsets: Sequence[int]) -> list[str]:
    """The parts of a line at `offsets`, without the spaces between them."""
    return split_parts(text, offsets)[0]


def split_parts(text: str, offsets: Sequence[int]) -> tuple[list[str], str]:
    """The parts of a line at `offsets`, without the spaces and the column rules read as
    marks (`|`) between them, and those marks.

    >>> split_parts("左栏文字 | 右栏文字 |", (7,))
    (['左栏文字', '右栏文字'], '||')
    """
    edges = [0, *offsets, len(text)]
    parts, marks = [], ""
    for a, b in pairwise(edges):
        piece = text[a:b].strip()
        part = piece.strip(" " + RULE_MARKS)
        if part:
            start = piece.index(part)
            marks += (piece[:start] + piece[start + len(part):]).replace(" ", "")
            parts.append(part)
        else:
            marks += piece.replace(" ", "")
    return parts, marks


def _runs(sequence: Sequence[int], splits: Mapping[int, Split]) -> dict[int, list[int]]:
    """Runs of lines split into the same number of parts, next to each other in reading
    order, by first line: an engine that read across a gutter for several lines read two
    columns side by side."""
    runs: dict[int, list[int]] = {}
    previous, start = None, 0
    for k, number in enumerate(sequence):
        if number not in splits:
            previous = None
            continue
        # lines placed by the page's column rules run together, however many parts
        parts = -1 if splits[number].columns else len(splits[number].offsets)
        if previous is not None and previous == (k - 1, parts):
            runs[start].append(number)
        else:
            start = number
            runs[start] = [number]
        previous = (k, parts)
    return runs


#: A block this many times as wide as the page's median block spans columns (a masthead, a
#: headline over several columns): the columns under it are read after it.
SPANNING = 1.5


def reading_order(boxes: Sequence[tuple[int, int, int, int] | None]) -> list[int]:
    """The order of a page's blocks read column by column (indices into `boxes`, each
    HPOS, VPOS, WIDTH, HEIGHT): a block spanning columns opens a band; in a band, the
    blocks of the first column top to bottom, then those of the next. An engine's
    layout analysis lists blocks as it found them (Tesseract: a column's head, then the
    next column's head, then the first column again)."""
    if len(boxes) < 2 or any(b is None or b[2] <= 0 for b in boxes):
        return list(range(len(boxes)))
    placed = [b for b in boxes if b is not None]
    column = sorted(b[2] for b in placed)[len(placed) // 2]
    left = min(b[0] for b in placed)
    tops = sorted(b[1] for b in placed if b[2] >= SPANNING * column)

    def key(k: int) -> tuple[int, int, int, int]:
        hpos, vpos, width, _ = placed[k]
        band = sum(1 for top in tops if top <= vpos)
        if width >= SPANNING * column:
            return (band, -1, vpos, k)
        return (band, int((hpos + width / 2 - left) // column), vpos, k)

    return sorted(range(len(placed)), key=key)


def _column_width(blocks: Sequence[Block]) -> int:
    """The page's full line: the commonest length of the lines inside its blocks (a
    block's last line stops where its paragraph ends), 0 with too few lines to tell."""
    lengths = Counter(visible_length(line) for b in blocks for line in b.lines[:-1])
    return lengths.most_common(1)[0][0] if sum(lengths.values()) >= THREAD_MIN_LINES else 0


def continuations(source: SourceText) -> tuple[list[Block], dict[int, int]]:
    """The page's blocks and, for each open block that another continues, the index of
    that block (see `thread_order`); no pairs for a page it does not apply to."""
    blocks = split_blocks(source.lines)
    if source.layout or len(blocks) < 3:
        return blocks, {}
    texts = [line for b in blocks for line in b.lines]
    if sum(map(is_cjk, texts)) < THREAD_CJK_SHARE * len(texts):
        return blocks, {}
    width = _column_width(blocks)
    if width < INDENT_MIN_WIDTH:
        return blocks, {}

    def is_open(block: Block) -> bool:
        last = block.lines[-1].strip()
        if ends_sentence(last) or is_furniture(last) or not is_cjk(last):
            return False
        short = width - visible_length(last)
        before = block.lines[-2].strip() if len(block.lines) > 1 else ""
        if not before or visible_length(before) < width - INDENT_SHORTFALL[1]:
            # a paragraph's first line (alone, or under a byline or a heading) is full
            # for it an indent short of the column
            return has_punctuation(last) and short <= INDENT_SHORTFALL[1]
        return short <= 1

    def continues(block: Block, next_to_it: bool = False) -> bool:
        """A block that goes on with a paragraph begun before it. Right after an open
        block, one that begins with its paragraph's short last line (`…如果说。`) is one
        too."""
        first = block.lines[0].strip()
        if block.first in source.indents or is_furniture(first) or not is_cjk(first):
            return False  # a paragraph's first line stands an indent short of the column
        if first[0] in CLOSING_PUNCTUATION or visible_length(first) >= width:
            return True
        return next_to_it and ends_sentence(first)

    opened = [k for k, block in enumerate(blocks) if is_open(block)]
    open_blocks = set(opened)
    going_on = {k for k, block in enumerate(blocks) if continues(block)}
    next_to_open = {k + 1 for k in opened if k + 1 < len(blocks)
                    and continues(blocks[k + 1], next_to_it=True)}
    in_order = going_on <= next_to_open and len(next_to_open) == len(opened)
    after = {} if in_order else _by_words(blocks, open_blocks, going_on)
    taken = set(after.values())
    waiting: list[int] = []
    for k, block in enumerate(blocks):
        waiting = [j for j in waiting if k - j <= THREAD_REACH]
        if k in taken:
            pass
        elif waiting == [k - 1] and continues(block, next_to_it=True):
            after[waiting.pop()] = k  # the block right after the one open block goes on
        elif waiting and k in going_on:
            after[waiting.pop(0)] = k
        if k in open_blocks and k not in after:
            waiting.append(k)
    return blocks, after | _read_before(blocks, opened, after)


def _by_words(blocks: Sequence[Block], opened: Collection[int],
              going_on: Collection[int]) -> dict[int, int]:
    """Open blocks and the continuations that finish a word they broke off (`…将领岁` |
    `月世纪…`: 岁月), within THREAD_FAR blocks after them, the commonest words first.

    Blocks next to each other keep each other when a word runs across them: an open
    block whose next block finishes a word of it, a continuation that finishes a word of
    the open block before it, stand as the page has them."""
    def across(j: int, k: int) -> tuple[str, float] | None:
        return lexicon.cjk_word_across(blocks[j].lines[-1].strip(), blocks[k].lines[0])

    def held(k: int) -> bool:
        return k - 1 in opened and across(k - 1, k) is not None

    pairs = []
    for j in opened:
        if j + 1 < len(blocks) and across(j, j + 1):
            continue
        for k in range(j + 2, min(len(blocks), j + THREAD_FAR + 1)):
            word = across(j, k) if k in going_on and not held(k) else None
            if word and word[1] >= THREAD_WORD_ZIPF:
                pairs.append((-word[1], j, k))
    after: dict[int, int] = {}
    for _, j, k in sorted(pairs):
        if j not in after and k not in after.values():  # a few pairs a page
            after[j] = k
    return after


def _read_before(blocks: Sequence[Block], opened: Sequence[int],
                 after: Mapping[int, int]) -> dict[int, int]:
    """Blocks that open with closing punctuation (`。漫漫…`) no block before them went on
    into, paired with the first open block still unpaired after them (within
    THREAD_FAR): the engine read a column's top before the foot of the column before it.
    Not one after an unfinished block that nothing else continues: it finishes that one."""
    taken = set(after.values())
    free = [j for j in opened if j not in after]
    more: dict[int, int] = {}
    for k, block in enumerate(blocks):
        if k in taken or block.lines[0].strip()[:1] not in CLOSING_PUNCTUATION:
            continue
        before = blocks[k - 1].lines[-1].strip() if k else ""
        if before and not ends_sentence(before) and k - 1 not in after:
            continue  # it may finish the block before it, whatever the column's width
        links = {**after, **more}
        later = next((j for j in free if k < j <= k + THREAD_FAR and j not in more
                      and not _reaches(links, k, j)), None)
        if later is not None:
            more[later] = k
    return more


def _reaches(after: Mapping[int, int], start: int, goal: int) -> bool:
    """Whether the chain of continuations from `start` comes to `goal` (linking `goal`
    to `start` would close a ring, and a ring of blocks would never be read)."""
    seen = {start}
    while start in after:
        start = after[start]
        if start == goal:
            return True
        if start in seen:
            return False
        seen.add(start)
    return False


def thread_order(source: SourceText) -> tuple[int, ...]:
    """Blocks of a Chinese plain-text page put back in the order their text runs.

    An engine's layout analysis may read a page's columns into each other block by block
    (Tesseract: the first line of column 1, column 2's head and lines, then the rest of
    column 1). A text file keeps no positions, but the text shows it: a block whose last
    line is full and ends mid-sentence is *open*; a block whose first line is full (not a
    paragraph's first line, which stands an indent short) or starts with closing
    punctuation is a *continuation*. On a page where they do not alternate open,
    continuation, open, … as a page in its order has them, a word read across an open
    block's end and a continuation's start pairs them first (`_by_words`). Engines
    alternate between the columns, so each continuation left continues the oldest
    block still open (within THREAD_REACH blocks); one opening with closing punctuation
    that nothing before it continues goes after an open block read later
    (`_read_before`). Each continuation is moved to stand right after its block
    (`continuations`). Returns the page's line numbers in that order, with SEPARATOR
    where a moved block needs a blank line, or () when nothing moves."""
    blocks, after = continuations(source)
    if all(k == j + 1 for j, k in after.items()):
        return ()
    placed = set(after.values())
    order: list[int] = []
    for k in range(len(blocks)):
        if k in placed:
            continue
        chain = k
        while True:
            if order:
                order.append(SEPARATOR)
            order.extend(range(blocks[chain].first, blocks[chain].last + 1))
            if chain not in after:
                break
            chain = after[chain]
    if sum(n != SEPARATOR for n in order) != sum(len(b.lines) for b in blocks):
        return ()  # never a line twice or none: the pairs hold no ring (`_reaches`)
    return tuple(order)


def split_columns(source: SourceText, blocks: Sequence[Block] | None = None,
                  hints: Mapping[int, object] | None = None) -> Columned | None:
    """The page in its reading order (`SourceText.reading_order`, when the layout gives
    one), each run of split lines read column by column: the parts of the first column,
    then those of the next, each column a block of its own (None: nothing to split or
    move). Indents, boxes, blocks and hints move with their lines; the column rules an
    engine read as marks between the parts (`|`) are taken out and listed."""
    splits = {s.line: s for s in source.splits if s.line <= len(source.lines)}
    threaded = () if source.reading_order else thread_order(source)
    if not splits and not source.reading_order and not threaded:
        return None
    sequence = (list(source.reading_order) or list(threaded)
                or list(range(1, len(source.lines) + 1)))
    runs = _runs(sequence, splits)
    lines: list[str] = []
    origin: list[int] = []
    boxes: list[LineBox | None] = []
    first_part: dict[int, int] = {}
    last_part: dict[int, int] = {}
    beside: set[int] = set()
    ruled: set[int] = set()  # positions of parts placed by the page's column rules
    ruled_indents: set[int] = set()  # ... that stand indented in their column
    marks: list[tuple[int, str]] = []

    def put(text: str, number: int, box: LineBox | None) -> int:
        lines.append(text)
        origin.append(number)
        boxes.append(box)
        return len(lines)

    def place(text: str, number: int, box: LineBox | None) -> int:
        at = put(text, number, box)
        first_part.setdefault(number, at)
        last_part[number] = at
        return at

    k = 0
    while k < len(sequence):
        number = sequence[k]
        if number == SEPARATOR:  # a blank line after a block moved in `thread_order`
            put("", origin[-1], None)
            k += 1
            continue
        run = runs.get(number)
        if run is None:
            place(source.lines[number - 1], number, source.box(number))
            k += 1
            continue
        parted: dict[int, list[str]] = {}
        for n in run:
            parted[n], taken = split_parts(source.lines[n - 1], splits[n].offsets)
            if taken:
                marks.append((n, taken))
        if splits[number].columns:
            for piece in _ruled_pieces(run, splits, parted, source):
                if lines and lines[-1]:
                    put("", origin[-1], None)  # a column, or a piece of it, is a block apart
                for (n, part, box), indent in piece:
                    at = place(part, n, box)
                    ruled.add(at)
                    if indent:
                        ruled_indents.add(at)
        else:
            for column in range(len(splits[number].offsets) + 1):
                if column:
                    put("", run[-1], None)  # a column of its own: a block apart
                for n in run:
                    if column >= len(parted[n]):
                        continue
                    own = splits[n].boxes
                    at = place(parted[n][column], n,
                               own[column] if len(own) == len(parted[n]) else source.box(n))
                    if column and len(run) == 1:
                        beside.add(at)
        k += len(run)
        if k < len(sequence) and sequence[k] != SEPARATOR and source.lines[sequence[k] - 1]:
            put("", run[-1], None)  # what follows the last column is no part of it
    moved = replace(source, lines=tuple(lines), splits=(), reading_order=(),
                    indents=frozenset(first_part[n] for n in source.indents if n in first_part)
                    | ruled_indents,
                    layout=tuple(boxes) if source.layout else ())
    new_blocks = None if blocks is None else _blocks(blocks, lines, first_part, last_part,
                                                     ruled, origin, boxes)
    new_hints = None if hints is None else {last_part[n]: h for n, h in hints.items()
                                            if n in last_part}
    return Columned(moved, tuple(origin), new_blocks, new_hints, frozenset(beside),
                    tuple(marks))


Placed = tuple[int, str, LineBox | None]


def _ruled_pieces(run: Sequence[int], splits: Mapping[int, Split],
                  parted: Mapping[int, list[str]], source: SourceText,
                  ) -> list[list[tuple[Placed, bool]]]:
    """The parts of lines placed by the page's column rules, column by column and top to
    bottom in each, cut into pieces where a column's lines stand farther apart than its
    lines usually do (a headline, a paragraph set apart, the next article); with each part,
    whether it stands indented in its column (`_indented`)."""
    by_column: dict[int, list[tuple[float, int, Placed]]] = {}
    for order, n in enumerate(run):
        split, parts = splits[n], parted[n]
        if len(parts) != len(split.columns):  # not as the reader measured it: kept whole
            parts, columns = [source.lines[n - 1].strip()], split.columns[:1]
        else:
            columns = split.columns
        own = split.boxes if len(split.boxes) == len(parts) else (source.box(n),) * len(parts)
        for column, part, box in zip(columns, parts, own, strict=True):
            top = box.vpos if box is not None else float(order)
            by_column.setdefault(column, []).append((top, order, (n, part, box)))
    pieces: list[list[tuple[Placed, bool]]] = []
    for column in sorted(by_column):
        placed = [item[2] for item in sorted(by_column[column], key=lambda item: item[:2])]
        leading = _leading([box for _, _, box in placed])
        previous: LineBox | None = None
        for item, indent in zip(placed, _indented(placed), strict=True):
            box = item[2]
            if previous is None or box is None or _set_apart(previous, box, leading):
                pieces.append([])
            pieces[-1].append((item, indent))
            previous = box
    return pieces


#: A part of a column standing this many of its characters' widths right of the column's
#: left edge is indented: a paragraph's first line (Chinese indents two characters, English
#: about one em).
RULE_INDENT_CHARS = 1.2


def _indented(placed: Sequence[Placed]) -> list[bool]:
    """For each part of one column, whether it starts an indent right of the column's edge
    (the leftmost start shared by a few of its lines), measured in its own characters."""
    lefts = sorted(box.hpos for _, _, box in placed if box is not None)
    if len(lefts) < THREAD_MIN_LINES:
        return [False] * len(placed)
    edge = lefts[len(lefts) // 10]
    out = []
    for _, part, box in placed:
        length = visible_length(part)
        out.append(box is not None and length > 1
                   and box.hpos - edge >= RULE_INDENT_CHARS * box.width / length)
    return out


def _gap(above: LineBox, below: LineBox) -> float:
    return below.vpos - (above.vpos + above.height)


def _leading(boxes: Sequence[LineBox | None]) -> float:
    """The usual gap between two lines of a column (its median)."""
    gaps = sorted(_gap(a, b) for a, b in pairwise(boxes) if a is not None and b is not None)
    return gaps[len(gaps) // 2] if gaps else 0.0


def _set_apart(above: LineBox, below: LineBox, leading: float) -> bool:
    """Two lines of a column farther apart than its lines usually are, by RULE_BLOCK_GAP
    of a line's height."""
    return _gap(above, below) - leading >= RULE_BLOCK_GAP * min(above.height, below.height)


def _blocks(blocks: Sequence[Block], lines: Sequence[str], first_part: Mapping[int, int],
            last_part: Mapping[int, int], ruled: Collection[int] = frozenset(),
            origin: Sequence[int] = (), boxes: Sequence[LineBox | None] = ()) -> list[Block]:
    """A layout's blocks over the split lines; a block a column was set apart in becomes
    one block per run of lines (`ID`, `ID.c2`, ...). Parts placed by the page's column
    rules (`ruled`) make blocks of their own, one per piece of a column (`ID.r1`, ...)."""
    out: list[Block] = []
    for block in blocks:
        own = [n for n in range(block.first, block.last + 1)
               if n in first_part and first_part[n] not in ruled]
        if not own:
            continue
        low, high = first_part[own[0]], max(last_part[n] for n in own)
        run: list[int] = []
        pieces: list[list[int]] = []
        for at in range(low, high + 1):
            if lines[at - 1] and at not in ruled:
                run.append(at)
            elif run:
                pieces.append(run)
                run = []
        if run:
            pieces.append(run)
        for k, piece in enumerate(pieces):
            out.append(replace(block, first=piece[0], last=piece[-1],
                               lines=tuple(lines[a - 1] for a in piece),
                               id=block.id + (f".c{k + 1}" if k else "")))
    if ruled:
        out += _ruled_blocks(blocks, lines, sorted(ruled), origin, boxes)
    out.sort(key=lambda b: b.first)  # in reading order
    return [replace(b, index=k) for k, b in enumerate(out)]


def _ruled_blocks(blocks: Sequence[Block], lines: Sequence[str], ruled: Sequence[int],
                  origin: Sequence[int], boxes: Sequence[LineBox | None]) -> list[Block]:
    """One block per run of ruled parts with no blank line between them, named after the
    layout block their first line was in."""
    owner = {n: b.id for b in blocks for n in range(b.first, b.last + 1)}
    pieces: list[list[int]] = []
    for at in ruled:
        if pieces and at == pieces[-1][-1] + 1:
            pieces[-1].append(at)
        else:
            pieces.append([at])
    out, count = [], Counter()
    for piece in pieces:
        name = owner.get(origin[piece[0] - 1], "ruled")
        count[name] += 1
        placed = [b for a in piece if (b := boxes[a - 1]) is not None]
        box = None
        if placed:
            left, top = min(b.hpos for b in placed), min(b.vpos for b in placed)
            box = (int(left), int(top), int(max(b.hpos + b.width for b in placed) - left),
                   int(max(b.vpos + b.height for b in placed) - top))
        out.append(Block(0, piece[0], piece[-1], tuple(lines[a - 1] for a in piece),
                         id=f"{name}.r{count[name]}", box=box))
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
