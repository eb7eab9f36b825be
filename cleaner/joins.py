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

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from . import cuts, lexicon
from .languages import FALLBACK, detect_language, probability, profile
from .layout import DISPLAY_STEP
from .lexicon import PageVocabulary
from .model import Block, Decision, Feature, Flag, Join, Options, Paragraph, ParagraphBreak
from .patterns import (
    CJK_CAPTION_END_RE,
    CJK_CHAR,
    CJK_ENUMERATORS,
    CJK_RE,
    CJK_SENTENCE_FINAL,
    CLOSERS,
    CONTINUING,
    FLAG_CONTEXT_LEFT,
    FLAG_CONTEXT_RIGHT,
    HYPHENS,
    JOIN_CONTEXT,
    LATIN_LETTER_RE,
    LATIN_LONG_BLOCK,
    LONG_BLOCK,
    MINOR_WORDS,
    MISREAD_FULL_STOP,
    PAGE_REFERENCE_NOTE_RE,
    PUNCTUATION,
    SHORT_BLOCK,
    SUBTITLE_DASH_RE,
)
from .signals import (
    byline_score,
    byline_too_long,
    capitalised,
    closing_credit,
    continuation_marker,
    ends_advertisement,
    ends_mid_sentence,
    ends_sentence,
    has_punctuation,
    heading_like,
    inline_marker,
    is_caption,
    is_cjk,
    is_furniture,
    latin_headline,
    mostly_upper,
    spaced_heading,
    split_dateline,
    title_case,
    visible_length,
)

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
#: Longest line read as a note in brackets of its own (`[from page 3]`).
BRACKETED_NOTE_MAX = 40
#: Characters at the end of a piece searched for an unclosed bracket.
BRACKET_SCAN = 40
#: Share of indented lines that must follow a sentence end for indentation to mark paragraphs.
INDENT_AGREEMENT = 0.8
#: A Chinese paragraph's first line is indented two characters; OCR text drops the spaces,
#: so the line stands this many characters short of its column (fewer: a line of the
#: column; more: a heading or a paragraph's last line).
INDENT_SHORTFALL = (2, 3)
#: Narrowest column (characters) in which a shortfall can be told from a short line.
INDENT_MIN_WIDTH = 8
#: Lines on each side used to estimate the column width around a line.
WIDTH_WINDOW = 4
#: The score of a join the input format made (ALTO HypPart): as sure as the producer.
HINT_SCORE = 10.0
#: Blocks with fewer tokens than this read in the page's language, not their own.
LANGUAGE_MIN_TOKENS = 60
#: The word-cut score enters the paragraph decision up to this value (log-odds).
WORD_CUT_CAP = 6.0

_DECIMAL_CUT_RE = re.compile(r"\d\.$")
_STUB_RE = re.compile(f"^([{CJK_CHAR}])[{re.escape(PUNCTUATION)}]")
#: The ASCII letters ending a line, matched on the line read backwards (`cuts.pair_at`).
_REVERSED_TAIL_WORD_RE = re.compile(r"[A-Za-z]+")


#: Every feature of the paragraph decision, named once; the profiles weigh them.
PARAGRAPH_FEATURES = (
    "same-block", "number-cut-at-decimal-point", "left-ends-sentence", "left-line-full",
    "left-ends-mid-sentence", "left-long-unfinished", "left-short", "left-line-short",
    "right-closes-bracket", "right-starts-with-punctuation", "right-line-indented",
    "left-is-byline", "right-is-byline", "left-ends-advertisement", "page-furniture",
    "right-starts-with-dateline", "left-is-credit", "right-is-credit", "left-is-caption",
    "right-is-caption",
    "left-ends-with-marker", "right-starts-with-marker", "left-ends-with-closing-bracket",
    "right-is-bracketed-note", "left-is-bracketed-note",
    # Chinese
    "right-is-heading-like", "right-short-by-indent", "right-starts-with-stub", "word-across-break",
    "word-across-break-frequency", "left-is-spaced-heading", "right-is-dash-subtitle",
    "left-is-dash-subtitle", "left-is-reporter-line",
    # Latin script
    "right-starts-lowercase", "right-starts-capitalised", "next-block-starts-capitalised",
    "left-ends-with-function-word", "left-ends-with-hyphen",
    "deck-continues", "deck-runs-on", "headline-ends", "left-is-headline", "right-is-headline",
    "word-cut",
    "capitals-to-lower-case", "lower-case-to-capitals", "left-in-title-case",
    "both-in-title-case", "short-unfinished-after-sentence", "sentence-end-in-paragraph-block",
    "page-reference-note", "left-is-signed-caption",
)
#: How a line ends that a sentence, a clause or a word goes on from: not a heading.
_UNFINISHED_ENDS = frozenset(",;:" + HYPHENS)
#: Features that decide alone, whatever the weights: the layout rule they stand for has no
#: exception (a dash subtitle stands apart from its title and from the text under it; a
#: Chinese reporter's line, `本报记者 张明`, from the text under it; the page reference
#: this tool writes under an article's headings, from both; a photo caption closed by its
#: photographer's credit, `… 本报记者 张明 摄`, from what follows it).
VETOES = frozenset({"right-is-dash-subtitle", "left-is-dash-subtitle", "left-is-reporter-line",
                    "page-reference-note", "left-is-signed-caption"})
#: `byline_score` of a Chinese byline whose names follow a reporter's word (`本报记者`).
REPORTER_LINE = 1.0
#: The score of a break a veto or a continuation marker decided.
VETO_SCORE = -99.0
#: One observed feature: (name, value) or (name, value, what it was measured on).
Observed = tuple[str, float] | tuple[str, float, str]


class _once:
    """`functools.cached_property` without its lock: Python 3.11 takes one on every call,
    and a page asks tens of thousands of times. The value is stored on the instance, which
    then answers by itself."""

    def __init__(self, func):
        self.func, self.name, self.__doc__ = func, func.__name__, func.__doc__

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.func(obj)
        return value


@dataclass(frozen=True)
class Hint:
    """A decision the input format already made (ALTO's HypPart words)."""

    word: str
    reason: str


@dataclass
class Break:
    """Everything known at one break: the paragraph so far, its last line, the next line.

    Not frozen, like `Verdict` and `_Cut`: one is built at every line end, and a frozen
    dataclass sets each field through `object.__setattr__`."""

    left: str
    right: str
    within_block: bool = False
    left_line: str = ""
    width: float = 0.0
    caps_run: int = 0  # how many all-capital lines in a row hold the left line
    left_alone: bool = True  # the left line is a block of its own
    right_alone: bool = True  # the right line is a block of its own
    right_indented: bool = False  # the right line is indented on a page that indents paragraphs
    right_short: bool = False  # an indent short of its column (`short_by_indent`)
    right_width: float = 0.0  # the column width around the right line (0: not known)
    vocabulary: PageVocabulary = field(default_factory=PageVocabulary)
    language: str = "en"  # the profile of the block the break is in (Latin text)
    left_visible: int = -1  # visible_length(left), when the paragraph being built counted it
    paragraph_blocks: bool = False  # the page's blocks are its paragraphs (`blocks_are_paragraphs`)

    @property
    def line(self) -> str:
        return self.left_line or self.left

    @_once
    def pair(self) -> cuts.Pair | None:
        """The letters on both sides of the break (Latin script), asked by the paragraph
        features and by the word-cut decision, found once."""
        return cuts.pair_at(self.line, self.right)

    @_once
    def left_size(self) -> int:
        """The visible length of the paragraph so far: counted as it grows, since counting
        a long paragraph again at each of its line ends made a page's time grow with the
        square of its longest paragraph."""
        return self.left_visible if self.left_visible >= 0 else visible_length(self.left)

    @_once
    def bracket_goes_on(self) -> bool:
        """The left piece leaves a bracket open that the right piece closes (`（下` | `转第9版）`):
        asked by the marker veto and by the evidence, answered once."""
        return unclosed_bracket(self.line) and closes_bracket(self.right)


@dataclass
class Verdict:
    """The decision at one break, before it becomes a `Join` record."""

    join: bool
    score: float
    rule: str
    glue: str  # what goes between the two pieces: "", " " or a restored "-"
    drop_hyphen: bool
    evidence: tuple[Feature, ...]
    word: str | None = None  # the repaired word when a word was cut
    language: str = ""

    @property
    def confidence(self) -> float:
        """The probability of the decision taken, so users can sort and threshold."""
        return probability(self.score)


#: A headline line next to a line of body type (the layout's type sizes): never one
#: paragraph, whatever the words say.
TYPE_CHANGE = Verdict(False, VETO_SCORE, "veto", "", False,
                      (Feature("type-size-change", 1.0, VETO_SCORE),))


@dataclass
class _Cut:
    glue: str
    drop_hyphen: bool
    rule: str
    word: str | None
    evidence: tuple[Feature, ...]
    score: float | None = None  # the fitted cut score, when the cut model was asked


def _lone_full_stop(line: str) -> bool:
    """A line of one `O`: an OCR engine's `。` set on a line of its own (`signals.last_char`
    reads it after the character it follows)."""
    mark = line.strip()
    return len(mark) == 1 and mark in MISREAD_FULL_STOP


def _common_evidence(brk: Break, long_block: int) -> list[Observed]:
    left, right, line = brk.left, brk.right, brk.line
    evidence: list[Observed] = []
    if brk.within_block:
        evidence.append(("same-block", 1.0))
    if (_DECIMAL_CUT_RE.search(line[-3:]) and right[:1].isdigit()
            and CJK_RE.search(right[:JOIN_CONTEXT])):  # Chinese breaks anywhere, even in 587.685
        evidence.append(("number-cut-at-decimal-point", 1.0))
    elif ends_sentence(line) or (_lone_full_stop(line) and ends_sentence(left)):
        evidence.append(("left-ends-sentence", 1.0))
        if brk.width and len(line) >= FULL_LINE * brk.width:
            evidence.append(("left-line-full", 1.0))
        if brk.within_block and brk.paragraph_blocks:
            evidence.append(("sentence-end-in-paragraph-block", 1.0))
    elif ends_mid_sentence(line):
        evidence.append(("left-ends-mid-sentence", 1.0))
    elif not brk.within_block and brk.left_size >= long_block:
        evidence.append(("left-long-unfinished", 1.0))
    elif brk.left_size < SHORT_BLOCK and not has_punctuation(left):
        evidence.append(("left-short", 1.0))
    if (brk.width and len(line) < SHORT_LINE * brk.width and not ends_mid_sentence(line)
            and line[-1:] not in HYPHENS):
        evidence.append(("left-line-short", 1.0))
    if line.rstrip()[-1:] in BRACKET_CLOSERS and not ends_sentence(line):
        evidence.append(("left-ends-with-closing-bracket", 1.0))  # a note, a page reference
    if (right[:1] in BRACKET_OPENERS and right.rstrip()[-1:] in BRACKET_CLOSERS
            and len(right) <= BRACKETED_NOTE_MAX):
        evidence.append(("right-is-bracketed-note", 1.0))  # `[from page 3]`, `（完）`
    if (left[:1] in BRACKET_OPENERS and left.rstrip()[-1:] in BRACKET_CLOSERS
            and len(left) <= BRACKETED_NOTE_MAX):
        evidence.append(("left-is-bracketed-note", 1.0))  # the note stands apart either way
    if brk.bracket_goes_on:  # `（下` | `转第9版）`: it goes on
        evidence.append(("right-closes-bracket", 1.0))
    elif right[:1] in BRACKET_CLOSERS:
        pass  # a stray bracket, not a continuation
    elif (right[:1] in CLOSERS or right[:1] in CONTINUING or right[:1] in CJK_SENTENCE_FINAL
          or (_lone_full_stop(right) and CJK_RE.match(line.rstrip()[-1:]))):
        evidence.append(("right-starts-with-punctuation", 1.0))
    if brk.right_indented:
        evidence.append(("right-line-indented", 1.0))
    if not byline_too_long(left, brk.left_size) and byline_score(left):
        evidence.append(("left-is-byline", 1.0))
    if byline_score(right) and not ends_mid_sentence(line):
        evidence.append(("right-is-byline", 1.0))
    if ends_advertisement(line):
        evidence.append(("left-ends-advertisement", 1.0))
    if is_furniture(line) or is_furniture(right):
        evidence.append(("page-furniture", 1.0))
    if split_dateline(right):
        evidence.append(("right-starts-with-dateline", 1.0))
    if is_caption(line):
        evidence.append(("left-is-caption", 1.0))  # `图为…`, `… 本报记者 陈光 摄`
        if CJK_CAPTION_END_RE.search(line):
            evidence.append(("left-is-signed-caption", 1.0))  # its credit ends it
    if is_caption(right):
        evidence.append(("right-is-caption", 1.0))
    if closing_credit(line):
        evidence.append(("left-is-credit", 1.0))
    if closing_credit(right):
        evidence.append(("right-is-credit", 1.0))
    if PAGE_REFERENCE_NOTE_RE.match(line.strip()) or PAGE_REFERENCE_NOTE_RE.match(right.strip()):
        evidence.append(("page-reference-note", 1.0))  # this tool's own, written by render
    evidence += _inline_marker_evidence(line, right)
    return evidence


def _inline_marker_evidence(line: str, right: str) -> list[Observed]:
    """A piece that ends on "continued on page 3" stops here; one that opens with
    "continued from page 1" starts a new piece, whatever the words across the break say."""
    evidence = []
    closing = inline_marker(line)
    if closing and not closing.after and closing.marker.direction == "to":
        evidence.append(("left-ends-with-marker", 1.0))
    opening = inline_marker(right)
    if opening and not opening.before and opening.marker.direction == "from":
        evidence.append(("right-starts-with-marker", 1.0))
    return evidence


def _fills_its_column(line: str, width: float) -> bool:
    """A line as wide as the lines of its column around it: running text that happens to
    hold no punctuation, not a heading (one set in display type holds fewer characters)."""
    return bool(width) and visible_length(line) >= FULL_LINE * width


def _cjk_evidence(brk: Break) -> list[Observed]:
    left, right = brk.left, brk.right
    evidence: list[Observed] = []
    # a line as wide as its column is running text, not display type; and a short line
    # after a full one in the same block is a paragraph's last line, not a heading, unless
    # the full one finished a sentence (a last line would end on punctuation of its own)
    if (heading_like(right) and visible_length(right) <= LONG_BLOCK and not has_punctuation(right)
            and not _fills_its_column(right, brk.right_width)
            and not (brk.within_block and _fills_its_column(brk.line, brk.width)
                     and not ends_sentence(brk.line))):
        evidence.append(("right-is-heading-like", 1.0))
    if brk.right_short and not brk.right_indented:
        evidence.append(("right-short-by-indent", 1.0))
    stub = _STUB_RE.match(right)
    if stub and stub.group(1) not in CJK_ENUMERATORS:
        evidence.append(("right-starts-with-stub", 1.0, right[:2]))
    across = lexicon.cjk_word_across(left, right)
    if across:
        word, frequency = across
        evidence.append(("word-across-break", 1.0, word))
        evidence.append(("word-across-break-frequency",
                         round(min(1.0, max(0.0, (frequency - 2.0) / 3.0)), 3), word))
    if spaced_heading(left):
        evidence.append(("left-is-spaced-heading", 1.0))
    if (SUBTITLE_DASH_RE.match(right) and heading_like(left) and not has_punctuation(left)
            and brk.left_size <= LONG_BLOCK):
        evidence.append(("right-is-dash-subtitle", 1.0))  # title | ——subtitle
    if (SUBTITLE_DASH_RE.match(left) and heading_like(left) and brk.left_size <= LONG_BLOCK
            and not brk.within_block):
        evidence.append(("left-is-dash-subtitle", 1.0))  # ——subtitle | the text
    if not byline_too_long(left, brk.left_size) and byline_score(left) >= REPORTER_LINE:
        evidence.append(("left-is-reporter-line", 1.0))  # 本报记者 张明 | the text
    return evidence


def _function_word_end(line: str) -> str | None:
    """The function word (`of`, `the`) a line ends on: such a line cannot end a sentence."""
    last_word = _REVERSED_TAIL_WORD_RE.match(line[::-1])
    word = last_word.group()[::-1] if last_word else ""
    return word if word.lower() in MINOR_WORDS else None


def _headline_evidence(brk: Break) -> list[Observed]:
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
        if brk.within_block and same_style and runs_on:
            return [("deck-runs-on", 1.0)]  # `… Turn Her Out of` | `Manchuria …`
        if brk.within_block and same_style and not ends_sentence(line) and not short:
            return [("deck-continues", 1.0)]
        return [("headline-ends", 1.0)]
    if left_head and not lower_start and not runs_on:
        return [("left-is-headline", 1.0)]
    if right_head and not lower_start:
        return [("right-is-headline", 1.0)]
    return []


def _cut(brk: Break) -> _Cut:
    """How two Latin-script lines are glued: a space, or none when a word was cut.

    A printed hyphen after letters says the word goes on; whether the hyphen stays is the
    compound question (`New-|York` keeps it, `Mün-|chen` loses it). Without one, the fitted
    cut decision of the block's language profile weighs the fragments (`cuts.feature_values`).
    """
    line, right, vocabulary = brk.line, brk.right, brk.vocabulary
    pair = brk.pair
    if pair is None:
        if (line[-1:] in HYPHENS and _REVERSED_TAIL_WORD_RE.match(line[-2::-1])
                and right[:1].isalnum()):
            return _Cut("", False, "hyphen", None, (Feature("hyphen-at-line-end", 1.0, 1.0),))
        return _Cut(" ", False, "line-wrap", None, ())
    prof = cuts.cut_profile(brk.language)
    if pair.hyphen:
        word, drop = cuts.repaired_word(pair, prof, vocabulary)
        name = "hyphen-dropped" if drop else "hyphen-kept"
        return _Cut("", drop, "hyphen", word, (Feature(name, 1.0, 1.0),))
    fill = len(line) / brk.width if brk.width else 1.0
    weights = prof.weights("cut")
    values = cuts.feature_values(pair, prof, vocabulary, fill)
    score = weights.total_of(cuts.CUT_FEATURES, values)
    if score > 0:  # the evidence is built only for a cut taken: it goes in the join's record
        score, evidence = weights.apply(zip(cuts.CUT_FEATURES, values, strict=True),
                                          prefix="cut:")
        word, _ = cuts.repaired_word(pair, prof, vocabulary)
        glue = "-" if word == f"{pair.left}-{pair.right}" else ""
        return _Cut(glue, False, "dropped-hyphen", word, evidence, score)
    return _Cut(" ", False, "line-wrap", None, (), score)


def score_break(left: str | Break, right: str | None = None, *,
                within_block: bool = False) -> Verdict:
    """Decide whether the next line or block continues the paragraph, and how.

    The paragraph decision weighs the features of the break with the fitted weights of the
    block's language profile; in Latin-script text the word-cut decision is one of its
    features, and when a word was cut the pieces are glued without a space.
    """
    brk = left if isinstance(left, Break) else Break(left, right or "", within_block)
    if not brk.bracket_goes_on and (_marker_line(brk.line, brk.width, brk.left_alone)
                           or _marker_line(brk.right, brk.width, brk.right_alone)):
        return Verdict(False, VETO_SCORE, "marker", "", False,
                       (Feature("continuation-marker", 1.0, VETO_SCORE),))
    if (brk.left == brk.line and is_furniture(brk.line)) or is_furniture(brk.right):
        return Verdict(False, VETO_SCORE, "furniture", "", False,
                       (Feature("page-furniture", 1.0, VETO_SCORE),))  # a folio line
    edge = brk.line[-JOIN_CONTEXT:] + brk.right[:JOIN_CONTEXT]
    cjk = is_cjk(edge) and bool(CJK_RE.match(brk.line[-1:]) or CJK_RE.match(brk.right[:1])
                                or is_cjk(brk.right[:JOIN_CONTEXT]))
    observed = paragraph_features(brk, cjk)
    language = "zh" if cjk else brk.language
    vetoed = [name for name, *_ in observed if name in VETOES]
    if vetoed:
        return Verdict(False, VETO_SCORE, "veto", "", False,
                       (Feature(vetoed[0], 1.0, VETO_SCORE),), None, language)
    cut = None if cjk else _cut(brk)
    if cut is not None and cut.score is not None and cut.score > 0:
        observed.append(("word-cut", min(cut.score, WORD_CUT_CAP), cut.word or ""))
    score, evidence = profile(language).weights("paragraph").apply(observed)
    if cut is None:
        return Verdict(score > 0, score, "line-wrap" if brk.within_block else "cjk-column-break",
                       "", False, evidence, None, language)
    if cut.rule == "line-wrap" or score <= 0:
        if cut.score is not None and cut.score <= 0:  # why no word was cut, for the audit
            evidence += (Feature("word-cut-score", cut.score, 0.0),)
        return Verdict(score > 0, score, "line-wrap", " ", False, evidence, None, language)
    return Verdict(True, score, cut.rule, cut.glue, cut.drop_hyphen, evidence + cut.evidence,
                   cut.word, language)


def paragraph_features(brk: Break, cjk: bool) -> list[Observed]:
    """The named features of the paragraph decision at one break."""
    observed = _common_evidence(brk, LONG_BLOCK if cjk else LATIN_LONG_BLOCK)
    if cjk:
        return observed + _cjk_evidence(brk)
    if brk.right[:1].islower():
        observed.append(("right-starts-lowercase", 1.0))
    elif brk.right[:1].isupper():  # inside a block a name, after a block a new paragraph
        observed.append(("right-starts-capitalised" if brk.within_block
                         else "next-block-starts-capitalised", 1.0))
    observed += _headline_evidence(brk)
    function_word = _function_word_end(brk.line)
    if function_word:
        observed.append(("left-ends-with-function-word", 1.0, function_word))
    if brk.line[-1:] in HYPHENS and brk.pair is not None:
        observed.append(("left-ends-with-hyphen", 1.0))
    if title_case(brk.line):
        observed.append(("left-in-title-case" if not title_case(brk.right)
                         else "both-in-title-case", 1.0))
    if _short_unfinished_after_sentence(brk):
        observed.append(("short-unfinished-after-sentence", 1.0))
    left_caps, right_caps = mostly_upper(brk.line), mostly_upper(brk.right)
    if left_caps != right_caps and LATIN_LETTER_RE.search(brk.right[:JOIN_CONTEXT]):
        observed.append(("capitals-to-lower-case" if left_caps else "lower-case-to-capitals",
                         1.0))
    return observed


def _short_unfinished_after_sentence(brk: Break) -> bool:
    """After a finished sentence, a line in capitals or title case that stops well short
    of its column without finishing a sentence itself: the first line of a heading
    (`Carlisle and District Sunday`), not the last line of a paragraph, which ends on a
    full stop, nor a speck of noise (`/`)."""
    right = brk.right.rstrip()
    return (brk.within_block and bool(brk.right_width)
            and len(right) < SHORT_LINE * brk.right_width
            and right[-1:] not in _UNFINISHED_ENDS and not ends_sentence(right)
            and ends_sentence(brk.line) and (mostly_upper(right) or capitalised(right)))


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
    lengths = list(map(len, lines))
    widths = []
    for i in range(len(lengths)):
        around = lengths[max(0, i - WIDTH_WINDOW):i] + lengths[i + 1:i + WIDTH_WINDOW + 1]
        widths.append(upper_quartile(around) if len(around) >= 2 else 0.0)
    return widths


def upper_quartile(values: Sequence[int]) -> float:
    """`statistics.quantiles(values, n=4)[2]` (its default, exclusive method, the same
    arithmetic) without the other two quartiles: asked at every line of a page.

    >>> upper_quartile([40, 42, 41, 12, 40]), upper_quartile([3, 5])
    (41.5, 5.5)
    """
    data = sorted(values)
    size = len(data)
    m = size + 1
    j = min(max(3 * m // 4, 1), size - 1)
    delta = 3 * m - j * 4
    return (data[j - 1] * (4 - delta) + data[j] * delta) / 4


def short_by_indent(lines: Sequence[str], offset: int, width: float) -> bool:
    """Line `offset` of a block stands an indent short of its column and more lines of the
    block follow: a paragraph's first line whose indent the OCR text dropped. (A block's
    last line that stops short is as likely a paragraph's end.)"""
    if offset >= len(lines) - 1 or width < INDENT_MIN_WIDTH:
        return False
    low, high = INDENT_SHORTFALL
    return low <= width - visible_length(lines[offset]) <= high


def _page_width(blocks: Sequence[Block]) -> float:
    """The page's typical full line length, from its blocks of several lines (0 if none:
    a page of one-line blocks, where every block is a paragraph, has no column to measure)."""
    lengths = [len(line) for b in blocks if len(b.lines) >= 2 for line in b.lines]
    return upper_quartile(lengths) if len(lengths) >= 8 else 0.0


#: A page's blocks are its paragraphs when it has this many blocks of three lines or more
#: and at most this share of them ends a sentence short of the column inside the block.
PARAGRAPH_BLOCKS_MIN = 4
PARAGRAPH_BLOCKS_MIXED = 0.1


def blocks_are_paragraphs(blocks: Sequence[Block],
                          widths: Sequence[Sequence[float]] | None = None) -> bool:
    """Whether the input sets each paragraph in a block of its own (Tesseract's text puts a
    blank line after every paragraph it finds). Where it does, a sentence that ends inside
    a block short of the ragged right edge is no paragraph's end; where blocks hold several
    paragraphs, most of them show one such end inside. `widths`: each block's
    `column_widths`, when the caller has them."""
    if widths is None:
        page_width = _page_width(blocks)
        widths = [column_widths(b.lines, page_width) for b in blocks]
    sized = [(b, w) for b, w in zip(blocks, widths, strict=True)
             if len(b.lines) >= 3 and not is_cjk("".join(b.lines[:2]))]
    if len(sized) < PARAGRAPH_BLOCKS_MIN:
        return False
    mixed = sum(any(ends_sentence(line) and width and len(line) < SHORT_LINE * width
                    for line, width in zip(block.lines[:-1], block_widths, strict=False))
                for block, block_widths in sized)
    return mixed <= PARAGRAPH_BLOCKS_MIXED * len(sized)


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
    return Verdict(True, HINT_SCORE, "hyphen", "", hyphen and not keep,
                   (Feature(hint.reason, 1.0, HINT_SCORE),), hint.word)


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


def block_languages(blocks: Sequence[Block]) -> list[str]:
    """The language profile of each block: its own when it holds enough words to tell,
    else the page's (a headline says little about its language)."""
    page = detect_language(line for b in blocks for line in b.lines)
    out = []
    for block in blocks:
        words = sum(line.count(" ") + 1 for line in block.lines[:LANGUAGE_MIN_TOKENS])
        out.append(detect_language(block.lines) if words >= LANGUAGE_MIN_TOKENS else page)
    return [page if lang == FALLBACK and page != FALLBACK else lang for lang in out]


#: A Latin line this much larger than the body type (log2: 1.5 times) is set in display
#: type beyond doubt; real ALTO line boxes vary by half that in running text.
LATIN_DISPLAY_STEP = 2 * DISPLAY_STEP


def _display_size_change(steps: Mapping[int, float], left: int, right: int,
                         left_line: str, right_line: str) -> bool:
    """Two Latin lines in two blocks, the first set clearly in display type and a size
    larger than the second, with no sentence running across (the first ends on no comma
    or hyphen, the second starts in capitals): a headline over its deck
    (`layout.type_steps`). Only that way round: with the larger line second, or both
    lines nearer body type, real ALTO pages (line boxes varying with their glyphs) had
    127 sentences cut across blocks, and the leave-one-title-out article figures lost."""
    return (left in steps and right in steps
            and steps[left] >= LATIN_DISPLAY_STEP
            and steps[left] - steps[right] >= DISPLAY_STEP
            and left_line.rstrip()[-1:] not in _UNFINISHED_ENDS
            and not right_line[:1].islower())


def build_paragraphs(blocks: Sequence[Block], options: Options | None = None,
                     hints: Mapping[int, Hint] | None = None,
                     indents: Collection[int] = frozenset(),
                     type_sizes: Mapping[int, str] | None = None,
                     type_steps: Mapping[int, float] | None = None,
                     ) -> tuple[list[Paragraph], list[Decision], list[Decision], list[Decision]]:
    """Walk the blocks in reading order and glue every piece that continues.

    `hints` maps a line number to a decision the input already made about the break after
    it (ALTO hyphenation); `indents` are the lines the source indented; `type_sizes` says
    which lines the layout shows set in display or body type (`layout.type_sizes`), and
    `type_steps` how large each Latin line is set (`layout.type_steps`). Returns the
    paragraphs, one join per glued break, one flag per doubled character found at a break,
    and the breaks decided against a join by less than `options.audit_margin`.
    """
    options = options or Options()
    threshold, audit_margin = options.join_threshold, options.audit_margin
    hints = hints or {}
    type_sizes = type_sizes or {}
    type_steps = type_steps or {}
    indents = paragraph_indents(blocks, indents)
    vocabulary = PageVocabulary.from_lines(line for b in blocks for line in b.lines)
    page_width = _page_width(blocks)
    languages = block_languages(blocks)
    paragraphs: list[Paragraph] = []
    joins: list[Decision] = []
    flags: list[Decision] = []
    breaks: list[Decision] = []
    current: _Running | None = None
    block_widths = [column_widths(b.lines, page_width) for b in blocks]
    paragraph_blocks = blocks_are_paragraphs(blocks, block_widths)
    for block, language, widths in zip(blocks, languages, block_widths, strict=True):
        runs = caps_runs(block.lines)
        for offset, line in enumerate(block.lines):
            number = block.first + offset
            if current is None:
                current = _Running.begin(line, number, block)
                continue
            if current.last in hints:
                verdict = _hinted(hints[current.last], current.line)
            elif ({type_sizes.get(current.last), type_sizes.get(number)} == {"display", "body"}
                  or (offset == 0 and _display_size_change(type_steps, current.last, number,
                                                           current.line, line))):
                verdict = TYPE_CHANGE
            else:
                verdict = score_break(Break(
                    current.text, line, within_block=offset > 0, left_line=current.line,
                    width=widths[offset - 1] if offset > 0 else 0.0,
                    caps_run=runs[offset - 1] if offset > 0 else 0, vocabulary=vocabulary,
                    left_alone=len(current.block.lines) == 1,
                    right_alone=len(block.lines) == 1, right_indented=number in indents,
                    right_short=short_by_indent(block.lines, offset, widths[offset]),
                    right_width=widths[offset],
                    language=language, left_visible=current.visible,
                    paragraph_blocks=paragraph_blocks))
            context = join_context(current.text, line)
            if verdict.score <= threshold:
                if verdict.score > threshold - audit_margin:
                    breaks.append(ParagraphBreak((current.last, number), *context,
                                                 verdict.score, verdict.confidence,
                                                 verdict.evidence, verdict.language))
                paragraphs.append(current.paragraph())
                current = _Running.begin(line, number, block)
                continue
            joins.append(Join((current.last, number), *context, verdict.rule,
                              verdict.confidence, verdict.evidence, verdict.word,
                              current.text[-1] if verdict.drop_hyphen else "",
                              verdict.score, verdict.language))
            if doubled_break_char(current.text, line):
                flags.append(Flag((current.last, number), "repeated-char-at-break",
                                  f"{current.text[-FLAG_CONTEXT_LEFT:]}|"
                                  f"{line[:FLAG_CONTEXT_RIGHT]}"))
            current.extend(line, number, block, verdict)
    if current is not None:
        paragraphs.append(current.paragraph())
    return paragraphs, joins, flags, breaks


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
    visible: int  # visible_length(text), counted as it grows

    @classmethod
    def begin(cls, line: str, number: int, block: Block) -> _Running:
        return cls(line, number, number, line, block, [block.index], [(number, 0)],
                   visible_length(line))

    def extend(self, line: str, number: int, block: Block, verdict: Verdict) -> None:
        text = self.text[:-1] if verdict.drop_hyphen else self.text  # a hyphen: visible
        text += verdict.glue
        self.visible += (visible_length(verdict.glue) + visible_length(line)
                         - verdict.drop_hyphen)
        self.starts.append((number, len(text)))
        self.text = text + line
        self.last, self.line, self.block = number, line, block
        if block.index not in self.blocks:
            self.blocks.append(block.index)

    def paragraph(self) -> Paragraph:
        return Paragraph(self.text, self.first, self.last, tuple(self.blocks),
                         tuple(self.starts))
