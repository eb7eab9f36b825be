"""Stage 3: blocks -> paragraphs, by deciding at every break whether the text goes on.

Each break (between two lines of a block, or between two blocks) is scored from evidence
that holds on any page: how the first piece ends, how the second begins, whether the
characters across the break make a dictionary word, how long the line is against the
column, and whether either side looks like a heading, byline, dateline or marker. The score
is a sum of log-odds weights; the evidence names and the confidence go into the `Join`.

When the text goes on, a second decision says how: Chinese joins without a space; English
joins with a space unless a word was cut (`cot|ton`, with or without a printed hyphen), in
which case the hyphen is dropped, or kept for a real compound (`New-|York`).
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from . import lexicon
from .lexicon import PageVocabulary
from .model import Block, Flag, Join, Options, Paragraph
from .patterns import (
    CJK_CHAR,
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
    MINOR_WORDS,
    PUNCTUATION,
    SHORT_BLOCK,
    SUBTITLE_DASH_RE,
)
from .signals import (
    byline_score,
    closing_credit,
    continuation_marker,
    ends_advertisement,
    ends_mid_sentence,
    ends_sentence,
    has_punctuation,
    heading_like,
    inline_marker,
    is_cjk,
    is_furniture,
    latin_headline,
    mostly_upper,
    spaced_heading,
    split_dateline,
    visible_length,
)

#: A break inside a block starts from this prior: the page kept the lines together.
WITHIN_BLOCK_PRIOR = 3.0
#: A line at least this share of the column width is "full": the text ran on past it.
FULL_LINE = 0.85
#: A line shorter than this share of the column width stopped early: a paragraph end.
SHORT_LINE = 0.7
#: This many all-capital lines in a row are a text box set in capitals, not headlines.
CAPS_TEXT_RUN = 4
#: Brackets: a block that opens one and a block that starts by closing it belong together.
BRACKET_OPENERS = "（(【[「『《〈"
BRACKET_CLOSERS = "）)】]」』》〉"
_OPENER_RE = re.compile(f"[{re.escape(BRACKET_OPENERS)}]")
#: Characters at the end of a piece searched for an unclosed bracket.
BRACKET_SCAN = 40
#: Share of indented lines that must follow a sentence end for indentation to mark paragraphs.
INDENT_AGREEMENT = 0.8
#: Lines on each side used to estimate the column width around a line.
WIDTH_WINDOW = 4

_DECIMAL_CUT_RE = re.compile(r"\d\.$")
_STUB_RE = re.compile(f"^([{CJK_CHAR}])[{re.escape(PUNCTUATION)}]")
_TAIL_WORD_RE = re.compile(r"([A-Za-z]+)$")
#: The word starting a line, allowing one stray mark the OCR put before it (`"roads`).
_HEAD_WORD_RE = re.compile(r"^[\"'\[(*]?([A-Za-z]+)")


@dataclass(frozen=True)
class Hint:
    """A decision the input format already made (ALTO's HypPart words)."""

    word: str
    reason: str


@dataclass(frozen=True)
class Break:
    """Everything known at one break: the paragraph so far, its last line, the next line."""

    left: str
    right: str
    within_block: bool = False
    left_line: str = ""
    width: float = 0.0
    caps_run: int = 0  # how many all-capital lines in a row hold the left line
    left_alone: bool = True  # the left line is a block of its own
    right_alone: bool = True  # the right line is a block of its own
    right_indented: bool = False  # the right line is indented on a page that indents paragraphs
    vocabulary: PageVocabulary = field(default_factory=PageVocabulary)

    @property
    def line(self) -> str:
        return self.left_line or self.left

    @cached_property
    def bracket_goes_on(self) -> bool:
        """The left piece leaves a bracket open that the right piece closes (`（下` | `转第9版）`):
        asked by the marker veto and by the evidence, answered once."""
        return unclosed_bracket(self.line) and closes_bracket(self.right)


@dataclass(frozen=True)
class Verdict:
    """The decision at one break, before it becomes a `Join` record."""

    join: bool
    score: float
    rule: str
    glue: str  # what goes between the two pieces: "" or " "
    drop_hyphen: bool
    evidence: tuple[str, ...]
    word: str | None = None  # the repaired word when a word was cut

    @property
    def confidence(self) -> float:
        """The score as a probability, so users can sort and threshold joins."""
        return round(1 / (1 + math.exp(-max(-30.0, min(30.0, self.score)))), 3)


@dataclass(frozen=True)
class _Cut:
    glue: str
    drop_hyphen: bool
    rule: str
    word: str | None
    evidence: tuple[tuple[str, float], ...]


def _common_evidence(brk: Break, long_block: int) -> list[tuple[str, float]]:
    left, right, line = brk.left, brk.right, brk.line
    evidence: list[tuple[str, float]] = []
    if brk.within_block:
        evidence.append(("same-block", WITHIN_BLOCK_PRIOR))
    if (_DECIMAL_CUT_RE.search(line[-3:]) and right[:1].isdigit()
            and CJK_RE.search(right[:JOIN_CONTEXT])):  # Chinese breaks anywhere, even in 587.685
        evidence.append(("number-cut-at-decimal-point", 6.0))
    elif ends_sentence(line):
        evidence.append(("left-ends-sentence", -4.0))
        if brk.width and len(line) >= FULL_LINE * brk.width:
            evidence.append(("left-line-full", 2.0))
    elif ends_mid_sentence(line):
        evidence.append(("left-ends-mid-sentence", 3.0))
    elif not brk.within_block and visible_length(left) >= long_block:
        evidence.append(("left-long-unfinished", 2.0))
    elif visible_length(left) < SHORT_BLOCK and not has_punctuation(left):
        evidence.append(("left-short", -1.0))
    if (brk.width and len(line) < SHORT_LINE * brk.width and not ends_mid_sentence(line)
            and line[-1:] not in HYPHENS):
        evidence.append(("left-line-short", -1.5))
    if brk.bracket_goes_on:  # `（下` | `转第9版）`: it goes on
        evidence.append(("right-closes-bracket", 3.0))
    elif right[:1] in BRACKET_CLOSERS:
        pass  # a stray bracket, not a continuation
    elif right[:1] in CLOSERS or right[:1] in CONTINUING:
        evidence.append(("right-starts-with-punctuation", 3.0))
    if brk.right_indented:
        evidence.append(("right-line-indented", -4.0))
    if byline_score(left):
        evidence.append(("left-is-byline", -3.0))
    if byline_score(right) and not ends_mid_sentence(line):
        evidence.append(("right-is-byline", -3.0))
    if ends_advertisement(line):
        evidence.append(("left-ends-advertisement", -5.0))
    if is_furniture(line) or is_furniture(right):
        evidence.append(("page-furniture", -5.0))
    if split_dateline(right):
        evidence.append(("right-starts-with-dateline", -4.0))
    if closing_credit(line):
        evidence.append(("left-is-credit", -4.0))
    if closing_credit(right):
        evidence.append(("right-is-credit", -4.0))
    evidence += _inline_marker_evidence(line, right)
    return evidence


def _inline_marker_evidence(line: str, right: str) -> list[tuple[str, float]]:
    """A piece that ends on "continued on page 3" stops here; one that opens with
    "continued from page 1" starts a new piece, whatever the words across the break say."""
    evidence = []
    closing = inline_marker(line)
    if closing and not closing.after and closing.marker.direction == "to":
        evidence.append(("left-ends-with-marker", -6.0))
    opening = inline_marker(right)
    if opening and not opening.before and opening.marker.direction == "from":
        evidence.append(("right-starts-with-marker", -6.0))
    return evidence


def _cjk_evidence(brk: Break) -> list[tuple[str, float]]:
    left, right = brk.left, brk.right
    evidence: list[tuple[str, float]] = []
    if heading_like(right) and visible_length(right) <= LONG_BLOCK and not has_punctuation(right):
        evidence.append(("right-is-heading-like", -1.5))
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
    if (SUBTITLE_DASH_RE.match(right) and heading_like(left) and not has_punctuation(left)
            and visible_length(left) <= LONG_BLOCK):
        evidence.append(("right-is-dash-subtitle", -6.0))  # title | ——subtitle
    if (SUBTITLE_DASH_RE.match(left) and heading_like(left) and visible_length(left) <= LONG_BLOCK
            and not brk.within_block):
        evidence.append(("left-is-dash-subtitle", -3.0))  # ——subtitle | the text
    return evidence


def _function_word_end(line: str) -> str | None:
    """The function word (`of`, `the`) a line ends on: such a line cannot end a sentence."""
    last_word = _TAIL_WORD_RE.search(line)
    return last_word.group(1) if last_word and last_word.group(1).lower() in MINOR_WORDS else None


def _headline_evidence(brk: Break) -> list[tuple[str, float]]:
    """English headlines and decks: a break after a headline unless the deck runs on.

    Two headline lines are one deck wrapped over two lines when they share a style (all
    capitals or not), the first does not end a sentence and fills its line; stacked decks
    are short lines of their own.
    """
    line, right = brk.line, brk.right
    if brk.caps_run >= CAPS_TEXT_RUN:  # a box of text set in capitals, not a headline
        return []
    runs_on = ends_mid_sentence(line) or _function_word_end(line) is not None
    full = brk.width and len(line) >= FULL_LINE * brk.width and not ends_sentence(line)
    # a full line in title case runs on (body text); one in capitals is still a headline
    left_head = latin_headline(line) and (not full or mostly_upper(line))
    right_head = latin_headline(right)
    lower_start = right[:1].islower()
    if left_head and right_head:
        same_style = mostly_upper(line) == mostly_upper(right)
        short = brk.width and len(line) < SHORT_LINE * brk.width
        if (brk.within_block and same_style and not ends_sentence(line)
                and (runs_on or not short)):
            return [("deck-continues", 1.0)]
        return [("headline-ends", -4.0)]
    if left_head and not lower_start and not runs_on:
        return [("left-is-headline", -3.0)]
    if right_head and not lower_start:
        return [("right-is-headline", -2.5)]
    return []


def _cut(brk: Break) -> _Cut:
    """How two English lines are glued: a space, or no space when a word was cut."""
    line, right, vocabulary = brk.line, brk.right, brk.vocabulary
    hyphen = line[-1:] in HYPHENS
    tail = _TAIL_WORD_RE.search(line[:-1] if hyphen else line)
    head = _HEAD_WORD_RE.match(right)
    space = _Cut(" ", False, "line-wrap", None, ())
    if not tail or not head:
        return _Cut("", False, "hyphen", None, (("hyphen-at-line-end", 1.0),)) if (
            hyphen and tail and right[:1].isalnum()) else space
    a, b = tail.group(1), head.group(1)
    caps = a.isupper() and b.isupper()
    if b[0].isupper() and not caps:
        if hyphen and a[0].isupper():  # New-|York, Ex-|President
            return _Cut("", False, "hyphen", f"{a}-{b}", (("hyphenated-name", 3.0),))
        return space
    score = lexicon.english_cut_score(a, b)
    evidence = []
    joined = (a + b).lower()
    if joined in vocabulary.words:
        score += 3.0
        evidence.append(f"seen-whole-on-page:{a + b}")
    if (a.lower(), b.lower()) in vocabulary.bigrams:
        score -= 3.0
        evidence.append(f"seen-apart-on-page:{a} {b}")
    if hyphen:
        if f"{a}-{b}".lower() in vocabulary.hyphenated:
            return _Cut("", False, "hyphen", f"{a}-{b}", (("compound-seen-on-page", 3.0),))
        if score + 2.0 > 0:
            return _Cut("", True, "hyphen", a + b,
                        ((f"hyphen-cut-word:{a + b}", 3.0), *((e, 0.0) for e in evidence)))
        return _Cut("", False, "hyphen", f"{a}-{b}", (("hyphenated-compound", 1.0),))
    if score > 0:
        weight = round(min(3.0, score), 2)
        return _Cut("", False, "dropped-hyphen", a + b,
                    ((f"word-cut:{a + b}", weight), *((e, 0.0) for e in evidence)))
    return space


def score_break(left: str | Break, right: str | None = None, *,
                within_block: bool = False) -> Verdict:
    """Decide whether the next line or block continues the paragraph, and how."""
    brk = left if isinstance(left, Break) else Break(left, right or "", within_block)
    if not brk.bracket_goes_on and (_marker_line(brk.line, brk.width, brk.left_alone)
                           or _marker_line(brk.right, brk.width, brk.right_alone)):
        return Verdict(False, -99.0, "marker", "", False, ("continuation-marker",))
    edge = brk.line[-JOIN_CONTEXT:] + brk.right[:JOIN_CONTEXT]
    cjk = is_cjk(edge) and bool(CJK_RE.match(brk.line[-1:]) or CJK_RE.match(brk.right[:1])
                                or is_cjk(brk.right[:JOIN_CONTEXT]))
    evidence = _common_evidence(brk, LONG_BLOCK if cjk else LATIN_LONG_BLOCK)
    word = None
    if cjk:
        evidence += _cjk_evidence(brk)
        glue, drop_hyphen = "", False
        rule = "line-wrap" if brk.within_block else "cjk-column-break"
    else:
        if brk.right[:1].islower():
            evidence.append(("right-starts-lowercase", 2.5))
        evidence += _headline_evidence(brk)
        function_word = _function_word_end(brk.line)
        if function_word:
            evidence.append((f"left-ends-with-function-word:{function_word}", 2.5))
        cut = _cut(brk)
        evidence += cut.evidence
        glue, drop_hyphen, rule, word = cut.glue, cut.drop_hyphen, cut.rule, cut.word
    score = round(sum(weight for _, weight in evidence), 3)
    names = tuple(f"{name} {weight:+g}" if weight else name for name, weight in evidence)
    return Verdict(score > 0, score, rule, glue, drop_hyphen, names, word)


def unclosed_bracket(text: str) -> bool:
    """The text's end opens a bracket it does not close (`…（接第9版`).

    >>> unclosed_bracket("（接第9版"), unclosed_bracket("（编辑：王红）"), unclosed_bracket("[9]")
    (True, False, False)
    """
    tail = text[-BRACKET_SCAN:]
    if not _OPENER_RE.search(tail):
        return False
    depth = 0
    for char in tail:
        if char in BRACKET_OPENERS:
            depth += 1
        elif char in BRACKET_CLOSERS:
            depth = max(0, depth - 1)
    return depth > 0


def closes_bracket(text: str) -> bool:
    """The text's start closes a bracket it did not open (`转第9版）…`).

    >>> closes_bracket("转第9版）神殿"), closes_bracket("（编辑：王红）"), closes_bracket("）")
    (True, False, True)
    """
    depth = 0
    for char in text[:BRACKET_SCAN]:
        if char in BRACKET_OPENERS:
            depth += 1
        elif char in BRACKET_CLOSERS:
            depth -= 1
            if depth < 0:
                return True
    return False


def _marker_line(line: str, width: float, alone: bool) -> bool:
    """A continuation marker on a line of its own. An OCR-garbled marker is only taken on a
    block of one line, or on a line shorter than its column: a line of running text is
    text, however it reads."""
    fuzzy = alone or bool(width and len(line) < SHORT_LINE * width)
    return continuation_marker(line, fuzzy) is not None


def doubled_break_char(left: str, right: str) -> str | None:
    """A Chinese character printed on both sides of a break (`工作|作、`) that is not a
    reduplicated word like `天天`: the scan or layout likely repeated it."""
    a, b = left[-1:], right[:1]
    if a and a == b and CJK_RE.match(a) and not lexicon.cjk_is_word(a + b):
        return a
    return None


def join_context(left: str, right: str) -> tuple[str, str]:
    """The two sides of a break as a join record shows them (`…立`, `项…`)."""
    tail = left[-JOIN_CONTEXT:]
    head = right[:JOIN_CONTEXT]
    return (("…" if len(left) > JOIN_CONTEXT else "") + tail,
            head + ("…" if len(right) > JOIN_CONTEXT else ""))


def column_widths(lines: Sequence[str], page_width: float = 0.0) -> list[float]:
    """The typical full line length around each line of a block.

    The upper quartile of the neighbours' lengths: most lines of a column are full, a
    paragraph's last line and a heading are not. A block of fewer than four lines has too
    few neighbours; it gets the page's typical width (0 when unknown).
    """
    if len(lines) < 4:
        return [page_width] * len(lines)
    widths = []
    for i in range(len(lines)):
        around = [len(lines[j]) for j in range(max(0, i - WIDTH_WINDOW),
                                              min(len(lines), i + WIDTH_WINDOW + 1)) if j != i]
        widths.append(statistics.quantiles(around, n=4)[2] if len(around) >= 2 else 0.0)
    return widths


def _page_width(blocks: Sequence[Block]) -> float:
    """The page's typical full line length, from its blocks of several lines (0 if none:
    a page of one-line blocks, where every block is a paragraph, has no column to measure)."""
    lengths = [len(line) for b in blocks if len(b.lines) >= 2 for line in b.lines]
    return statistics.quantiles(lengths, n=4)[2] if len(lengths) >= 8 else 0.0


def caps_runs(lines: Sequence[str]) -> list[int]:
    """For each line, the length of the run of all-capital lines it belongs to (0 if not)."""
    runs = [0] * len(lines)
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and mostly_upper(lines[j]):
            j += 1
        for k in range(i, j):
            runs[k] = j - i
        i = max(j, i + 1)
    return runs


def _hinted(hint: Hint, left: str) -> Verdict:
    """Join as the layout file says; its whole word tells whether the hyphen stays."""
    hyphen = left[-1:] in HYPHENS
    part = left.split()[-1][:-1] if hyphen and left.split() else ""
    keep = hyphen and hint.word.startswith(part + left[-1])
    return Verdict(True, 10.0, "hyphen", "", hyphen and not keep, (hint.reason,), hint.word)


def paragraph_indents(blocks: Sequence[Block], indents: Collection[int]) -> frozenset[int]:
    """The indented lines, if this page indents the first line of its paragraphs.

    Some pages do (`　　` before each paragraph); on others OCR leaves stray spaces at line
    starts. Indentation counts only when nearly every indented line inside a block follows
    a line that ends a sentence or stops short (a heading, a paragraph's last line).
    """
    follows_end = total = 0
    for block in blocks:
        full = max((len(line) for line in block.lines), default=0)
        for offset in range(1, len(block.lines)):
            if block.first + offset in indents:
                before = block.lines[offset - 1]
                total += 1
                follows_end += ends_sentence(before) or len(before) < SHORT_LINE * full
    if not total or follows_end < INDENT_AGREEMENT * total:
        return frozenset()
    return frozenset(indents)


def build_paragraphs(blocks: Sequence[Block], options: Options | None = None,
                     hints: Mapping[int, Hint] | None = None,
                     indents: Collection[int] = frozenset(),
                     ) -> tuple[list[Paragraph], list[Join], list[Flag]]:
    """Walk the blocks in reading order and glue every piece that continues.

    `hints` maps a line number to a decision the input already made about the break after
    it (ALTO hyphenation); `indents` are the lines the source indented. Returns the
    paragraphs, one `Join` per glued break and one `Flag` per doubled character found at a
    break.
    """
    threshold = (options or Options()).join_threshold
    hints = hints or {}
    indents = paragraph_indents(blocks, indents)
    vocabulary = PageVocabulary.from_lines(line for b in blocks for line in b.lines)
    page_width = _page_width(blocks)
    paragraphs: list[Paragraph] = []
    joins: list[Join] = []
    flags: list[Flag] = []
    current: _Running | None = None
    for block in blocks:
        widths = column_widths(block.lines, page_width)
        runs = caps_runs(block.lines)
        for offset, line in enumerate(block.lines):
            number = block.first + offset
            if current is None:
                current = _Running.begin(line, number, block)
                continue
            if current.last in hints:
                verdict = _hinted(hints[current.last], current.line)
            else:
                verdict = score_break(Break(
                    current.text, line, within_block=offset > 0, left_line=current.line,
                    width=widths[offset - 1] if offset > 0 else 0.0,
                    caps_run=runs[offset - 1] if offset > 0 else 0, vocabulary=vocabulary,
                    left_alone=len(current.block.lines) == 1,
                    right_alone=len(block.lines) == 1, right_indented=number in indents))
            if verdict.score <= threshold:
                paragraphs.append(current.paragraph())
                current = _Running.begin(line, number, block)
                continue
            joins.append(Join((current.last, number), *join_context(current.text, line),
                              verdict.rule, verdict.confidence, verdict.evidence, verdict.word,
                              current.text[-1] if verdict.drop_hyphen else ""))
            if doubled_break_char(current.text, line):
                flags.append(Flag((current.last, number), "repeated-char-at-break",
                                  f"{current.text[-FLAG_CONTEXT_LEFT:]}|"
                                  f"{line[:FLAG_CONTEXT_RIGHT]}"))
            current.extend(line, number, block, verdict)
    if current is not None:
        paragraphs.append(current.paragraph())
    return paragraphs, joins, flags


@dataclass
class _Running:
    """The paragraph being glued together, and where each of its lines starts."""

    text: str
    first: int
    last: int
    line: str  # its last source line
    block: Block  # the block holding that line
    blocks: list[int]
    starts: list[tuple[int, int]]

    @classmethod
    def begin(cls, line: str, number: int, block: Block) -> _Running:
        return cls(line, number, number, line, block, [block.index], [(number, 0)])

    def extend(self, line: str, number: int, block: Block, verdict: Verdict) -> None:
        text = self.text[:-1] if verdict.drop_hyphen else self.text
        text += verdict.glue
        self.starts.append((number, len(text)))
        self.text = text + line
        self.last, self.line, self.block = number, line, block
        if block.index not in self.blocks:
            self.blocks.append(block.index)

    def paragraph(self) -> Paragraph:
        return Paragraph(self.text, self.first, self.last, tuple(self.blocks),
                         tuple(self.starts))
