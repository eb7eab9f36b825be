"""The plain data that flows between the stages.

Each stage takes these and returns these; nothing here knows how it was computed. Every
decision record (`Join`, `Removal`, `Flag`, `Role`) carries the source lines it is about,
a reason and a score, because the manifest and the preview are built from them alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Lines = tuple[int, int]
"""A 1-based, inclusive range of source lines."""


@dataclass(frozen=True)
class Options:
    """Every knob of the pipeline, built once by the CLI (or a caller) and passed down."""

    #: Lowest rapidfuzz similarity (0-1) for two passages to count as the same text.
    similarity: float = 0.85
    #: Shortest passage, in non-space characters, that can be reported as a duplicate.
    min_length: int = 20
    #: Which copy of a duplicate stays: `context`, `first`, `longest`, `cleanest`.
    keep: Literal["context", "first", "longest", "cleanest"] = "context"
    #: Join score above which two pieces are continued (the score is a log-odds).
    join_threshold: float = 0.0
    #: Force an input encoding instead of detecting it.
    encoding: str | None = None
    #: Look for duplicates between the pages of a batch, not only within each page.
    across_files: bool = False


@dataclass(frozen=True)
class SourceText:
    """A decoded input; `lines[i]` is source line i+1 with its spacing normalised."""

    name: str
    encoding: str
    lines: tuple[str, ...]
    replaced_bytes: int = 0
    #: Numbers of the lines the source indented (`　　` or spaces before the text): on many
    #: pages the start of a paragraph. Indentation itself is not kept in `lines`.
    indents: frozenset[int] = frozenset()

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass(frozen=True)
class Block:
    """A run of non-blank source lines, as the page put them together."""

    index: int
    first: int
    last: int
    lines: tuple[str, ...]
    id: str = ""
    box: tuple[int, int, int, int] | None = None  # HPOS, VPOS, WIDTH, HEIGHT (ALTO)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def span(self) -> Lines:
        return (self.first, self.last)


@dataclass(frozen=True)
class Ref:
    """A passage somewhere in the batch: the file and its lines."""

    source: str
    lines: Lines


@dataclass(frozen=True)
class Join:
    """The decision to continue one line or block on the next inside a paragraph."""

    lines: Lines
    left: str
    right: str
    rule: str
    confidence: float
    evidence: tuple[str, ...] = ()
    word: str | None = None  # the repaired word, when a word was cut at the break
    dropped: str = ""  # characters the join removed (a break hyphen), for the audit


@dataclass(frozen=True)
class Flag:
    """A spot the tool changed or kept but a careful reader should look at."""

    lines: Lines
    kind: str
    text: str


@dataclass(frozen=True)
class Removal:
    """Text taken out of the articles; `reason` says why, so nothing is lost silently."""

    lines: Lines
    reason: str
    text: str
    similarity: float | None = None
    duplicate_of: Ref | None = None
    detail: str = ""


@dataclass(frozen=True)
class Paragraph:
    """Joined text of one or more blocks, the unit the article stage labels."""

    text: str
    first: int
    last: int
    blocks: tuple[int, ...] = ()
    #: (source line, offset in `text` where that line's text begins), in order.
    starts: tuple[tuple[int, int], ...] = ()

    @property
    def span(self) -> Lines:
        return (self.first, self.last)

    def line_at(self, offset: int) -> int:
        """The source line that holds the character at `offset` of the text."""
        line = self.first
        for number, start in self.starts:
            if start > offset:
                break
            line = number
        return line

    def part(self, low: int, high: int) -> Paragraph | None:
        """The text in `[low, high)` as a paragraph of its own (None if only spaces)."""
        text = self.text[low:high]
        low += len(text) - len(text.lstrip())
        text = text.strip()
        if not text:
            return None
        first, last = self.line_at(low), self.line_at(low + len(text) - 1)
        starts = ((first, 0), *((n, s - low) for n, s in self.starts
                                if low < s < low + len(text)))
        return Paragraph(text, first, last, self.blocks, starts)


@dataclass(frozen=True)
class Role:
    """What the article stage decided a paragraph is (title, byline, subhead, ...)."""

    lines: Lines
    role: str
    text: str
    reason: str
    score: float


@dataclass
class Article:
    kicker: str | None = None
    title: str | None = None
    subtitle: str | None = None
    dateline: str | None = None
    byline: str | None = None
    continued_from: str | None = None
    continued_to: str | None = None
    subheads: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)  # wire/copyright lines under headings
    notes: list[str] = field(default_factory=list)  # editor, source and photo-caption lines
    lines: Lines = (0, 0)
    blocks: list[str] = field(default_factory=list)  # ids of the layout blocks it spans
    file: str = ""

    @property
    def has_body(self) -> bool:
        return bool(self.paragraphs)


@dataclass(frozen=True)
class PageResult:
    """Everything the pipeline decided about one input."""

    source: SourceText
    articles: tuple[Article, ...]
    removed: tuple[Removal, ...]
    joins: tuple[Join, ...]
    flags: tuple[Flag, ...]
    roles: tuple[Role, ...] = ()
    blocks: tuple[Block, ...] = ()  # the page's layout blocks, with ids
