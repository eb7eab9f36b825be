"""The plain data that flows between the stages.

Each stage takes these and returns these; nothing here knows how it was computed. Every
decision -- a join, a break, a removal, a flag, a role -- is one `Decision` record with the
source lines it is about, its label, score, confidence and evidence, because the manifest,
the preview and the stats are built from them alone. `Join`, `Removal`, `Flag`, `Role` and
`ParagraphBreak` only make `Decision`s of their kind.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Literal, NamedTuple


class InputError(Exception):
    """An input that cannot be cleaned; the message names what is wrong with it."""


Lines = tuple[int, int]
"""A 1-based, inclusive range of source lines."""

#: The `--similarity` values that make sense: below 0.5 two different texts look alike.
SIMILARITY_RANGE = (0.5, 1.0)
#: Which copy of a duplicate stays (`Options.keep`, `--keep`).
KEEP_POLICIES = ("context", "first", "longest", "cleanest")


class Feature(NamedTuple):
    """One piece of evidence of a decision: a named value and the weight it was given.
    (A named tuple: a page makes tens of thousands of them.)"""

    name: str
    value: float
    weight: float
    detail: str = ""  # what the feature was measured on (`管理` for word-across-break)

    @property
    def contribution(self) -> float:
        return self.value * self.weight


@dataclass(frozen=True)
class Options:
    """Every knob of the pipeline, built once by the CLI (or a caller) and passed down."""

    #: Two passages are copies when the fitted copy decision says so (None, the default),
    #: or, when set, when their rapidfuzz similarity (0-1) is at least this.
    similarity: float | None = None
    #: Shortest passage, in non-space characters, that can be reported as a duplicate.
    min_length: int = 20
    #: Which copy of a duplicate stays: `context`, `first`, `longest`, `cleanest`.
    keep: Literal["context", "first", "longest", "cleanest"] = "context"
    #: Join score above which two pieces are continued (the score is a log-odds).
    join_threshold: float = 0.0
    #: Breaks decided against a join by less than this margin (log-odds) are recorded in
    #: the manifest's `breaks`, so a user can audit a paragraph that was split.
    audit_margin: float = 2.0
    #: Force an input encoding instead of detecting it.
    encoding: str | None = None
    #: Look for duplicates between the pages of a batch, not only within each page.
    across_files: bool = False

    def __post_init__(self) -> None:
        """Refuse what the command line refuses, with the same words, so a library caller
        learns of a bad value at once and not from a page cleaned wrong."""
        problems = []
        if self.similarity is not None and not (SIMILARITY_RANGE[0] <= self.similarity
                                                <= SIMILARITY_RANGE[1]):
            problems.append(f"similarity must be between {SIMILARITY_RANGE[0]} and "
                            f"{SIMILARITY_RANGE[1]} (or None for the fitted decision), "
                            f"not {self.similarity!r}")
        if not isinstance(self.min_length, int) or self.min_length < 1:
            problems.append(f"min_length must be a whole number of at least 1, "
                            f"not {self.min_length!r}")
        if self.keep not in KEEP_POLICIES:
            problems.append(f"keep must be one of {', '.join(KEEP_POLICIES)}, not {self.keep!r}")
        for name in ("join_threshold", "audit_margin"):
            if not math.isfinite(getattr(self, name)):
                problems.append(f"{name} must be a finite number")
        if self.audit_margin < 0:
            problems.append("audit_margin must not be negative")
        if self.encoding is not None:
            import codecs

            try:
                codecs.lookup(self.encoding)
            except LookupError:
                problems.append(f"unknown encoding {self.encoding!r}")
        if problems:
            raise ValueError("Options: " + "; ".join(problems))


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
    #: How each line was set, when the input says (ALTO): `layout[i]` is line i+1's box.
    layout: tuple[LineBox | None, ...] = ()
    #: Lines an OCR engine read across a column gutter, to be split into their parts.
    splits: tuple[Split, ...] = ()
    #: The line numbers in reading order, when the layout says it is not the file's order
    #: (an engine's ALTO lists blocks in the order its layout analysis found them).
    reading_order: tuple[int, ...] = ()
    #: SHA-256 of the input's bytes, when it was read from bytes: what a resumed run
    #: compares to tell a changed input from one already cleaned.
    sha256: str = ""

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def box(self, line: int) -> LineBox | None:
        """The box of source line `line` (1-based), None for plain text."""
        return self.layout[line - 1] if 0 < line <= len(self.layout) else None


@dataclass(frozen=True)
class LineBox:
    """Where and how a line was printed (ALTO `TextLine`): headlines are set taller,
    bolder, centred, and stand apart from the line above."""

    hpos: float
    vpos: float
    width: float
    height: float
    bold: float = 0.0  # share of the line's letters in bold type
    block: int = -1  # index of its TextBlock on the page


@dataclass(frozen=True)
class Split:
    """Where a source line holds the parts of two (or more) columns, read as one line
    across the gutter between them (see `columns`)."""

    line: int
    offsets: tuple[int, ...]  # where each part after the first starts, in the line's text
    boxes: tuple[LineBox | None, ...] = ()  # each part's box, when a layout gives them
    #: The column of each part, counted from the left, on a page whose column rules the
    #: engine read (`alto.rule_split`); a line inside one column has a single part. Empty:
    #: the parts are the columns the line spans, in order.
    columns: tuple[int, ...] = ()


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


DecisionKind = Literal["join", "break", "removal", "flag", "role", "start"]


@dataclass(frozen=True)
class Decision:
    """One decision of the pipeline, of any kind, with what it was based on.

    `kind` says what was decided: a `join` (a line or block continued), a `break` decided
    against a join by a small margin, a `removal` (text taken out, never lost), a `flag`
    (a spot to look at), a `role` (what a paragraph is) or a `start` (whether an article
    starts at a paragraph: `new-article` or `same-article`). `label` names the outcome: the
    join's rule, the removal's reason, the flag's kind, the role. `score` is the log-odds
    the decision was taken with, `confidence` the probability of its label, and
    `evidence` the features with their values and fitted weights. The manifest, the
    preview, the stats and line shifting read these records alone.
    """

    kind: DecisionKind
    lines: Lines
    label: str
    score: float = 0.0
    confidence: float = 1.0
    evidence: tuple[Feature, ...] = ()
    language: str = ""
    text: str = ""  # the text removed, flagged or labelled
    left: str = ""  # the two sides of a join or break, as the record shows them
    right: str = ""
    word: str | None = None  # the repaired word, when a word was cut at the break
    dropped: str = ""  # characters the join removed (a break hyphen), for the audit
    similarity: float | None = None  # a duplicate's similarity to the kept copy
    duplicate_of: Ref | None = None  # the copy that stays
    detail: str = ""  # a removal's detail, a role's reason in words

    @property
    def rule(self) -> str:
        """A join's rule (`hyphen`, `line-wrap`, ...)."""
        return self.label

    @property
    def reason(self) -> str:
        """A removal's reason (`duplicate`, ...); a role's reason in words."""
        return self.detail if self.kind == "role" else self.label

    @property
    def role(self) -> str:
        return self.label

    def moved(self, offset: int, source: str) -> Decision:
        """The same decision with its lines (and a pointer into `source`) moved."""
        ref = self.duplicate_of
        if ref is not None and ref.source == source:
            ref = Ref(ref.source, (ref.lines[0] + offset, ref.lines[1] + offset))
        return replace(self, lines=(self.lines[0] + offset, self.lines[1] + offset),
                       duplicate_of=ref)


def Join(lines: Lines, left: str, right: str, rule: str, confidence: float,
         evidence: tuple[Feature, ...] = (), word: str | None = None, dropped: str = "",
         score: float = 0.0, language: str = "") -> Decision:
    """The decision to continue one line or block on the next inside a paragraph."""
    return Decision("join", lines, rule, score, confidence, evidence, language, left=left,
                    right=right, word=word, dropped=dropped)


def ParagraphBreak(lines: Lines, left: str, right: str, score: float,
                   confidence: float,
                   evidence: tuple[Feature, ...] = (), language: str = "") -> Decision:
    """A paragraph break the tool took against a join by a small margin (for the audit)."""
    return Decision("break", lines, "break", score, confidence, evidence, language,
                    left=left, right=right)


def Flag(lines: Lines, kind: str, text: str,
         evidence: tuple[Feature, ...] = ()) -> Decision:
    """A spot the tool changed or kept but a careful reader should look at."""
    return Decision("flag", lines, kind, CERTAIN, 1.0,
                    evidence or _rule_evidence(kind, 1.0, text), text=text)


def Removal(lines: Lines, reason: str, text: str,
            similarity: float | None = None, duplicate_of: Ref | None = None,
            detail: str = "", confidence: float = 1.0,
            evidence: tuple[Feature, ...] = (), score: float | None = None) -> Decision:
    """Text taken out of the articles; `reason` says why, so nothing is lost silently. A
    fitted decision gives its `score` (log-odds) and `evidence`; a rule, its confidence."""
    evidence = evidence or _rule_evidence(reason, confidence, detail)
    return Decision("removal", lines, reason, _logit(confidence) if score is None else score,
                    confidence, evidence,
                    text=text, similarity=similarity, duplicate_of=duplicate_of, detail=detail)


def Role(lines: Lines, role: str, text: str, reason: str, score: float,
         evidence: tuple[Feature, ...] = (), logit: float | None = None,
         language: str = "") -> Decision:
    """What the article stage decided a paragraph is (title, byline, subhead, ...). A
    fitted role gives its `logit` and `evidence`, `score` being its probability; a rule's
    role gives the rule's confidence as `score`."""
    evidence = evidence or _rule_evidence(role, score, reason)
    return Decision("role", lines, role, _logit(score) if logit is None else logit,
                    round(score, 3), evidence, language, text=text, detail=reason)


def Start(lines: Lines, new: bool, score: float, confidence: float, text: str,
          evidence: tuple[Feature, ...], language: str = "", reason: str = "") -> Decision:
    """The decision whether an article starts at a paragraph (a run of headings or text)."""
    return Decision("start", lines, "new-article" if new else "same-article", score,
                    confidence, evidence, language, text=text, detail=reason)


#: Log-odds given to a decision a rule takes for certain.
CERTAIN = 10.0


def _logit(p: float) -> float:
    return CERTAIN if p >= 1 else -CERTAIN if p <= 0 else round(math.log(p / (1 - p)), 3)


def _rule_evidence(label: str, confidence: float, why: str) -> tuple[Feature, ...]:
    """The evidence of a decision a hand-written rule took: the rule, with its confidence
    as the weight (log-odds), and in words why it fired."""
    return (Feature(f"rule:{label}", 1.0, _logit(confidence), why),)


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
    continues: str | None = None  # the input of the run holding its continuation (`links`)

    @property
    def has_body(self) -> bool:
        return bool(self.paragraphs)


@dataclass(frozen=True)
class PageResult:
    """Everything the pipeline decided about one input."""

    source: SourceText
    articles: tuple[Article, ...]
    decisions: tuple[Decision, ...] = ()
    blocks: tuple[Block, ...] = ()  # the page's layout blocks, with ids

    def of_kind(self, kind: DecisionKind) -> tuple[Decision, ...]:
        return tuple(d for d in self.decisions if d.kind == kind)

    @property
    def joins(self) -> tuple[Decision, ...]:
        return self.of_kind("join")

    @property
    def breaks(self) -> tuple[Decision, ...]:
        return self.of_kind("break")

    @property
    def removed(self) -> tuple[Decision, ...]:
        return self.of_kind("removal")

    @property
    def flags(self) -> tuple[Decision, ...]:
        return self.of_kind("flag")

    @property
    def starts(self) -> tuple[Decision, ...]:
        return self.of_kind("start")

    @property
    def roles(self) -> tuple[Decision, ...]:
        return self.of_kind("role")
