"""Stage 4: find passages printed twice -- on one page or across a batch -- and drop the
stray copies.

Runs on paragraphs, after the joins. The steps:

1. candidates: passages sharing rare n-grams (`shingles.py`), never all pairs;
2. verification: rapidfuzz aligns the shorter passage inside the longer one and the
   fitted copy decision weighs the alignment (`COPY_FEATURES`: similarity, how much of
   the shorter passage it covers, its length, how much of it differs in whole stretches
   rather than in the odd letter); a phrase quoted in running text is no copy. The span
   in the longer passage is refined with Levenshtein opcodes, so a copy printed inside a
   longer paragraph is cut out precisely;
3. runs: copies of neighbouring paragraphs in the same order form one passage (with the
   byline that closes them);
4. passage clusters: the matched spans of a page form printings (overlapping spans, and
   neighbouring ones whose copies stand together in the same order elsewhere too); the
   printings that matches link are one cluster. Each cluster keeps one complete printing
   (chosen by `Options.keep` among those that hold the whole passage), and every other
   printing loses the pieces that are copies of the kept one -- matched with it, or
   aligned with it now -- so `duplicate_of` always names the copy that stays. Printings
   that are no copy of it (linked through a third) settle among themselves. A short copy
   on a page that is otherwise no copy is a stock phrase and stays;
5. removal: the stray copies go to `removed`, each naming the copy that stayed; when a copy
   sat inside a paragraph, the text around it is offered to the join scorer again. What a
   mostly-copied page has left between its cuts is aligned with the kept copy too.

`context` (the default) keeps the copy that reads as part of its surroundings: its
neighbours are on the same topic and flow into it, while the stray copy interrupts the
text it sits in.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from itertools import pairwise

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from .columns import input_lines
from .joins import join_context, score_break
from .languages import FALLBACK, probability, profile
from .model import Decision, Feature, Join, Options, Paragraph, Ref, Removal
from .patterns import CLOSERS, OPENERS, PUNCTUATION, SENTENCE_FINAL
from .shingles import ASCII_ALNUM, candidate_pairs, fold_ascii
from .signals import (
    byline_score,
    continuation_marker,
    is_cjk,
    is_credit,
    is_furniture,
    is_heading,
)

#: The profile whose copy decision Chinese passages take (Latin-script ones: FALLBACK).
CJK_PROFILE = "zh"
#: Neighbouring paragraphs read on each side of a copy to judge whether it sits in context.
CONTEXT_PARAGRAPHS = 3
#: A copy cut from inside a longer paragraph must be this many times `min_length`: short
#: phrases recur in running text (names, formulas) without being a passage printed twice.
#: Chinese characters carry more than letters do, hence a lower factor.
EMBEDDED_FACTOR = {"latin": 2.0, "cjk": 1.5}

_WORD_RE = re.compile(r"\w+")
_NOT_ALNUM_RE = re.compile(r"[\W_]")


@dataclass(frozen=True)
class PageText:
    """One page as the duplicate stage sees it."""

    name: str
    lines: Sequence[str]
    paragraphs: Sequence[Paragraph]
    #: First lines of the page's blocks when a layout named them (ALTO TextBlocks);
    #: otherwise blocks are the runs between blank lines.
    block_firsts: frozenset[int] = frozenset()
    #: The input line each line came from, when lines read across a column gutter were
    #: split (`columns`); a pointer into the page is given in the input's lines.
    source_line: tuple[int, ...] = ()

    def starts_block(self, line: int) -> bool:
        if self.block_firsts:
            return line in self.block_firsts
        return line == 1 or not self.lines[line - 2]

    def ends_block(self, line: int) -> bool:
        if self.block_firsts:
            return line + 1 in self.block_firsts or line >= len(self.lines)
        return line >= len(self.lines) or not self.lines[line]


Pages = Mapping[int, "PageText"] | Sequence["PageText"]
"""Pages by their index in the batch; a mapping when only some of them are at hand."""


@dataclass(frozen=True)
class PageCopies:
    """What the duplicate stage decided for one page."""

    paragraphs: list[Paragraph]
    removed: list[Decision]
    joins: list[Decision]


@dataclass(frozen=True, order=True)
class Span:
    """Text of paragraphs `first..last` of a page, from `start` in the first paragraph to
    `end` (exclusive) in the last. A whole-paragraph span runs from 0 to the text's end."""

    page: int
    first: int
    last: int
    start: int
    end: int


@dataclass(frozen=True)
class Match:
    """Two spans found to be one passage, with the copy decision that said so."""

    a: Span
    b: Span
    similarity: float
    score: float = 0.0
    evidence: tuple[Feature, ...] = ()


# --- normalisation with a way back ---------------------------------------------------------

@cache
def _folded(char: str) -> str:
    """A character's letters and digits, NFKC and case-folded ('' for space, punctuation)."""
    return "".join(f for f in unicodedata.normalize("NFKC", char).casefold()
                   if not _NOT_ALNUM_RE.match(f))


class _FoldTable(dict):
    """`str.translate` tables filled on first sight of a character: to its folded letters,
    or (with `lengths`) to a character whose code is how many letters that is."""

    def __init__(self, lengths: bool) -> None:
        super().__init__()
        self.lengths = lengths

    def __missing__(self, code: int) -> str:
        folded = _folded(chr(code))
        self[code] = chr(len(folded)) if self.lengths else folded
        return self[code]


_FOLD = _FoldTable(lengths=False)
_FOLD_LENGTHS = _FoldTable(lengths=True)


def _fold(text: str) -> str:
    """Letters and digits, NFKC and case-folded character by character (ASCII in one C
    call)."""
    return fold_ascii(text) if text.isascii() else text.translate(_FOLD)


@lru_cache(maxsize=4096)
def _normalised(text: str) -> tuple[str, tuple[int, ...]]:
    """Letters and digits, NFKC and case-folded, with the offset of each in `text`."""
    if text.isascii():
        kept = ASCII_ALNUM[np.frombuffer(text.encode("ascii"), dtype=np.uint8)]
        return fold_ascii(text), tuple(np.flatnonzero(kept).tolist())
    lengths = np.frombuffer(text.translate(_FOLD_LENGTHS).encode("latin-1"), dtype=np.uint8)
    where = np.repeat(np.arange(len(text)), lengths)
    return text.translate(_FOLD), tuple(where.tolist())


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    """Take in the punctuation that belongs to a span: an opening quote before it, the
    sentence end and closing quotes after it -- not the previous sentence's full stop."""
    while start > 0 and text[start - 1] in OPENERS:
        start -= 1
    while end < len(text) and text[end] in SENTENCE_FINAL + CLOSERS:
        end += 1
    return start, end


def _shared_marks(a: str, span_a: tuple[int, int], b: str, span_b: tuple[int, int],
                  ) -> tuple[tuple[int, int], tuple[int, int]]:
    """Take in the punctuation printed right after both copies (`…学习，`): where a copy
    ends mid-sentence, its comma is printed with it, and cutting the copy without it
    would leave a stray comma in the text around the cut."""
    (a0, a1), (b0, b1) = span_a, span_b
    while (a1 < len(a) and b1 < len(b) and a[a1] == b[b1] and not a[a1].isalnum()
           and not a[a1].isspace()):
        a1, b1 = a1 + 1, b1 + 1
    return (a0, a1), (b0, b1)


def _snap(text: str, start: int, end: int, tolerance: int) -> tuple[int, int]:
    """Move span edges to the paragraph's edges when only a few letters lie beyond them:
    a dropped or doubled character in the copy shifts the aligned edge by about as much."""
    if len(_fold(text[:start])) <= tolerance:
        start = 0
    if len(_fold(text[end:])) <= tolerance:
        end = len(text)
    return start, end


# --- verification --------------------------------------------------------------------------

#: Alignments below this similarity are not refined: no copy decision takes them.
SIMILARITY_FLOOR = 0.5
#: The features of the copy decision, named once: the similarity of the aligned text,
#: the share of the shorter passage inside the alignment, log2 of its letters (short
#: passages match by chance and as formulae; long ones stay copies under heavy noise),
#: and the share of it in stretches of REWORDED_RUN or more letters that differ (OCR
#: noise changes a letter or two at a time; another wording of the text, whole words).
COPY_FEATURES = ("similarity", "coverage", "log-length", "reworded")
REWORDED_RUN = 4


def copy_features(found: Alignment) -> tuple[float, ...]:
    """The values of COPY_FEATURES, in that order."""
    return (found.similarity, round(found.coverage, 4), round(math.log2(max(found.length, 1)), 4),
            found.reworded)


def reworded(short: str, long: str) -> float:
    """Share of `short` in stretches of REWORDED_RUN or more letters that differ from
    `long` (both aligned, normalised)."""
    changed = 0
    for op in Levenshtein.opcodes(short, long):
        if op.tag != "equal":
            size = max(op.src_end - op.src_start, op.dest_end - op.dest_start)
            if size >= REWORDED_RUN:
                changed += size
    return round(min(1.0, changed / max(len(short), 1)), 4)


#: The copy decision's name in the profiles, across pages and within one page. Within a
#: page a copy is far rarer than between the printings of a batch of reprints, and there is
#: no within-page truth on real pages: there the former rule (similarity 0.85) stays.
COPY_DECISION = {False: "copy", True: "copy-page"}


def copy_score(found: Alignment, options: Options, same_page: bool = False,
               ) -> tuple[float, tuple[Feature, ...]]:
    """The copy decision: log-odds that an aligned pair is one passage printed twice,
    and its evidence. Fitted on real reprints (`bench/fit_copies.py`), per script; with
    `options.similarity` set, the similarity threshold alone decides."""
    similarity, cjk = found.similarity, found.cjk
    values = copy_features(found)
    if options.similarity is not None:
        margin = round((similarity - options.similarity) * 100, 3)
        return margin, (Feature("bias", 1.0, -options.similarity * 100),
                        Feature("similarity", similarity, 100.0))
    weights = profile(CJK_PROFILE if cjk else FALLBACK).weights(COPY_DECISION[same_page])
    return weights.apply(zip(COPY_FEATURES, values, strict=True))


@dataclass(frozen=True)
class Alignment:
    """The shorter of two passages aligned inside the longer: the aligned spans in each
    (offsets in their own text) and the copy decision's features."""

    span_a: tuple[int, int]
    span_b: tuple[int, int]
    similarity: float
    coverage: float
    length: int  # letters and digits of the shorter passage inside the alignment
    cjk: bool
    reworded: float


def align(a: str, b: str, options: Options, narrow: bool = False) -> Alignment | None:
    """Align the shorter text inside the longer one, or None when no alignment reaches the
    similarity floor (or the aligned part is a phrase quoted in running text). With
    `narrow`, the edges close in on the stretch where the texts agree (`_agreeing`)."""
    norm_a, where_a = _normalised(a)
    norm_b, where_b = _normalised(b)
    swap = len(norm_a) > len(norm_b)
    (short, where_short), (long, where_long) = (((norm_b, where_b), (norm_a, where_a)) if swap
                                                else ((norm_a, where_a), (norm_b, where_b)))
    if len(short) < options.min_length or not long:
        return None
    floor = options.similarity if options.similarity is not None else SIMILARITY_FLOOR
    found = fuzz.partial_ratio_alignment(short, long, score_cutoff=floor * 100)
    tolerance = max(3, len(short) // 20)
    if found is None:
        if not narrow:
            return None
        # within a page, a stray copy of the middle of a paragraph may stand inside another
        # paragraph (run on into the halves of a paragraph cut at a column's foot): neither
        # holds the other, so the stretch where they agree is looked for over both
        edges = _agreeing(short, long, 0, len(long), 0, len(short), tolerance)
        found_edges = edges if edges != (0, len(long), 0, len(short)) else None
        return _aligned(a, b, short, long, where_short, where_long, swap, found_edges, floor,
                        tolerance, options)
    edges = _edges(short, long, found.dest_start, found.dest_end)
    if narrow:
        # when the edges cannot be placed (more of `short` than UNMATCHED_SHARE lies
        # outside the copy: a stray copy of an article's opening run on into the text
        # after it, against the whole opening), the stretch where the two agree is looked
        # for over the whole of both
        edges = _agreeing(short, long, *(edges or (0, len(long), 0, len(short))), tolerance)
    return _aligned(a, b, short, long, where_short, where_long, swap, edges, floor, tolerance,
                    options)


def _aligned(a: str, b: str, short: str, long: str, where_short: Sequence[int],
             where_long: Sequence[int], swap: bool, edges: tuple[int, int, int, int] | None,
             floor: float, tolerance: int, options: Options) -> Alignment | None:
    """The alignment of `short` in `long` between `edges`, mapped back onto `a` and `b`."""
    if edges is None:
        return None
    d0, d1, s0, s1 = edges
    similarity = round(fuzz.ratio(short[s0:s1], long[d0:d1]) / 100, 4)
    if similarity < floor:
        return None
    cjk = is_cjk(short)
    long_text, short_text = (a, b) if swap else (b, a)
    long_span, short_span = _shared_marks(
        long_text, _widen(long_text, where_long[d0], where_long[d1 - 1] + 1),
        short_text, _widen(short_text, where_short[s0], where_short[s1 - 1] + 1))
    start, end = _snap(long_text, *long_span, tolerance)
    short_span = _snap(short_text, *short_span, tolerance)
    whole_copies = (start, end) == (0, len(long_text)) and short_span == (0, len(short_text))
    embedded_min = EMBEDDED_FACTOR["cjk" if cjk else "latin"] * options.min_length
    if not whole_copies and (s1 - s0 < embedded_min or is_heading(short_text)):
        return None  # a phrase or a headline quoted in running text, not a passage twice
    long_span = (start, end)
    span_a, span_b = (long_span, short_span) if swap else (short_span, long_span)
    return Alignment(span_a, span_b, similarity, round((s1 - s0) / len(short), 4), s1 - s0, cjk,
                     reworded(short[s0:s1], long[d0:d1]))


def verify(a: Paragraph, b: Paragraph, options: Options, same_page: bool = False,
           ) -> Verdict | None:
    """Align the shorter passage inside the longer one and take the copy decision (the
    within-page one when both are on one page): the spans in a and in b and the
    decision, or None when they are no copies."""
    found = align(a.text, b.text, options, narrow=same_page)
    if found is None:
        return None
    score, evidence = copy_score(found, options, same_page)
    if score <= 0:
        return None
    return Verdict(found.span_a, found.span_b, found.similarity, score, evidence)


@dataclass(frozen=True)
class Verdict:
    """Two paragraphs found to hold one passage: where in each, and the copy decision."""

    span_a: tuple[int, int]
    span_b: tuple[int, int]
    similarity: float
    score: float
    evidence: tuple[Feature, ...]


#: Characters of each end of a copy aligned on their own to place that end precisely.
EDGE_PROBE = 24
#: A probe placed with less than this score is not where the copy begins (or ends). Two
#: copies each with a fifth of their letters misread share about 60 % of a probe.
EDGE_SCORE = 55
#: Share of the shorter passage that may lie outside the copy (a headline glued to it).
UNMATCHED_SHARE = 1 / 3
#: Once a probe has had to move inwards (the passage starts with text that is not part of
#: the copy), its leading characters up to its first run of equal ones are that text too,
#: when there are at least this many; fewer are OCR noise on the copy's own characters.
UNMATCHED_RUN = 3


def _first_run(probe: str, window: str, run: int = 3) -> tuple[int, int]:
    """Offsets in `probe` and `window` where their first run of `run` equal characters
    starts: an aligned probe whose first characters belong to other text starts there."""
    for op in Levenshtein.opcodes(probe, window):
        if op.tag == "equal" and op.src_end - op.src_start >= run:
            return op.src_start, op.dest_start
    return 0, 0


def _edges(short: str, long: str, start: int, end: int,
           ) -> tuple[int, int, int, int] | None:
    """(start, end) of the copy in `long` and (start, end) of the matched part of `short`,
    near the rough window `[start, end)` that `partial_ratio_alignment` found (its window
    has the length of `short`, so insertions and drops in the copy shift its edges).

    Each end is placed by aligning EDGE_PROBE characters of `short` alone, in a slack
    around the rough edge: a global alignment of the whole copy would let stray
    single-character matches in the surrounding text pull the edges outwards. When the
    probe at the very start (end) of `short` finds no good match -- `short` begins with
    text that is not part of the copy -- it moves inwards, up to UNMATCHED_SHARE of `short`.
    """
    if len(short) <= EDGE_PROBE:
        return start, end, 0, len(short)
    slack = max(8, len(short) // 8)
    reach = int(len(short) * UNMATCHED_SHARE)
    head = tail = None
    for skip in range(0, reach + 1, 8):
        low = max(0, start - slack)
        probe = short[skip:skip + EDGE_PROBE]
        found = fuzz.partial_ratio_alignment(probe, long[low:start + skip + EDGE_PROBE + slack])
        if found and found.score >= EDGE_SCORE:
            window = long[low + found.dest_start:low + found.dest_end]
            i, j = _first_run(probe, window)
            head = ((low + found.dest_start + j, skip + i) if skip and i >= UNMATCHED_RUN
                    else (low + found.dest_start, skip))
            break
    for skip in range(0, reach + 1, 8):
        low = max(0, end - skip - EDGE_PROBE - slack)
        probe = short[len(short) - skip - EDGE_PROBE:len(short) - skip]
        found = fuzz.partial_ratio_alignment(probe, long[low:end + slack])
        if found and found.score >= EDGE_SCORE:
            window = long[low + found.dest_start:low + found.dest_end]
            i, j = _first_run(probe[::-1], window[::-1])
            tail = ((low + found.dest_end - j, len(short) - skip - i)
                    if skip and i >= UNMATCHED_RUN else (low + found.dest_end, len(short) - skip))
            break
    if head is None or tail is None or tail[0] <= head[0]:
        return None
    return head[0], tail[0], head[1], tail[1]


def _agreeing(short: str, long: str, d0: int, d1: int, s0: int, s1: int,
              tolerance: int) -> tuple[int, int, int, int]:
    """The aligned edges narrowed to the stretch where the two texts agree most (equal
    characters less differing ones, the best-scoring run of the alignment's operations).

    OCR noise on a copy is a letter here and there, so a whole copy keeps its edges; but
    when only part of `short` was printed again (a stray copy of an article's opening,
    run on into other text), the rest of it aligns against unrelated text, and that part
    is left out. Edges move only when more than `tolerance` letters of `short` go.

    Used within a page only: between the printings of a batch, noise on both copies
    makes stretches of a whole copy score low (real reprints, strict recall 0.975 ->
    0.968, and 0.775 -> 0.678 at 20 % noise, `bench/reprints.py`)."""
    ops = Levenshtein.opcodes(short[s0:s1], long[d0:d1])
    best, run, first, span = 0, 0, 0, None
    for k, op in enumerate(ops):
        if run <= 0:
            run, first = 0, k
        size = max(op.src_end - op.src_start, op.dest_end - op.dest_start)
        run += size if op.tag == "equal" else -size
        if run > best:
            best, span = run, (first, k)
    if span is None:
        return d0, d1, s0, s1
    head, tail = ops[span[0]], ops[span[1]]
    if head.src_start + (s1 - s0 - tail.src_end) <= tolerance:
        return d0, d1, s0, s1
    start_s, start_d = s0 + head.src_start, d0 + head.dest_start
    end_s, end_d = s0 + tail.src_end, d0 + tail.dest_end
    while end_s < len(short) and end_d < len(long) and short[end_s] == long[end_d]:
        end_s, end_d = end_s + 1, end_d + 1  # the global alignment may end a run early
    while start_s > 0 and start_d > 0 and short[start_s - 1] == long[start_d - 1]:
        start_s, start_d = start_s - 1, start_d - 1
    return start_d, end_d, start_s, end_s


def indexed(paragraphs: Sequence[Paragraph]) -> list[int]:
    """The paragraphs that take part in duplicate search (wire credits recur by design)."""
    return [i for i, paragraph in enumerate(paragraphs) if not is_credit(paragraph.text)]


def verify_pairs(pages: Pages,
                 pairs: Sequence[tuple[tuple[int, int], tuple[int, int]]],
                 options: Options) -> list[Match]:
    """Verify candidate pairs of (page, paragraph) units; the verified ones as matches."""
    matches = []
    for (pa, ia), (pb, ib) in pairs:
        found = verify(pages[pa].paragraphs[ia], pages[pb].paragraphs[ib], options, pa == pb)
        if found:
            (s0, e0), (s1, e1) = found.span_a, found.span_b
            matches.append(Match(Span(pa, ia, ia, s0, e0), Span(pb, ib, ib, s1, e1),
                                 found.similarity, found.score, found.evidence))
    return matches


def find_matches(pages: Sequence[PageText], options: Options) -> list[Match]:
    """Verified copies among all paragraphs of all pages (candidates from the n-gram index)."""
    units = [(p, i) for p, page in enumerate(pages) for i in indexed(page.paragraphs)]
    texts = [pages[p].paragraphs[i].text for p, i in units]
    pairs = [(units[x], units[y]) for x, y in candidate_pairs(texts, options.min_length)]
    return merge_runs(verify_pairs(pages, pairs, options), pages)


# --- runs of paragraphs --------------------------------------------------------------------

def _whole(span: Span, pages: Sequence[PageText]) -> bool:
    return span.start == 0 and span.end == len(pages[span.page].paragraphs[span.last].text)


def _short_twin(pages: Pages, a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Neighbours too short to index (a byline) still extend a run when they are equal."""
    ta = pages[a[0]].paragraphs[a[1]].text
    tb = pages[b[0]].paragraphs[b[1]].text
    return _fold(ta) == _fold(tb) and bool(_fold(ta))


#: Characters by which span edges may miss each other and still meet (OCR noise at edges).
EDGE_TOLERANCE = 8


def merge_runs(matches: list[Match], pages: Pages) -> list[Match]:
    """Merge copies of neighbouring paragraphs, in the same order, into one passage: whole
    paragraphs matching whole paragraphs, or paragraphs that one page split and the other
    printed as one (their spans meet inside the other page's paragraph)."""
    return _merge_split(_merge_whole(matches, pages), pages)


def _merge_split(matches: list[Match], pages: Pages) -> list[Match]:
    """Paragraphs i, i+1, ... of one page matched into adjacent spans of one paragraph of
    another become one match."""
    def oriented(m: Match) -> Match:
        return m if _whole(m.a, pages) and not _whole(m.b, pages) else replace(m, a=m.b, b=m.a)

    split = sorted((oriented(m) for m in matches
                    if _whole(m.a, pages) != _whole(m.b, pages)),
                   key=lambda m: (m.b.page, m.b.first, m.b.start))
    others = [m for m in matches if _whole(m.a, pages) == _whole(m.b, pages)]
    merged: list[Match] = []
    for m in split:
        last = merged[-1] if merged else None
        if (last and last.a.page == m.a.page and last.a.last + 1 == m.a.first
                and last.b.page == m.b.page and last.b.first == m.b.first == m.b.last
                and abs(m.b.start - last.b.end) <= EDGE_TOLERANCE):
            merged[-1] = _joined(Span(last.a.page, last.a.first, m.a.last, 0, m.a.end),
                                 Span(m.b.page, m.b.first, m.b.last, last.b.start, m.b.end),
                                 [last, m])
        else:
            merged.append(m)
    return others + merged


def _merge_whole(matches: list[Match], pages: Pages) -> list[Match]:
    """Merge copies of neighbouring whole paragraphs, in the same order, into one passage."""
    whole = {(m.a.page, m.a.first, m.b.page, m.b.first): m for m in matches
             if _whole(m.a, pages) and _whole(m.b, pages)}
    out = [m for m in matches if not (_whole(m.a, pages) and _whole(m.b, pages))]
    seen: set[tuple[int, int, int, int]] = set()
    for key in sorted(whole):
        if key in seen:
            continue
        pa, ia, pb, ib = key
        length, parts = 0, []
        while (pa, ia + length, pb, ib + length) in whole:
            seen.add((pa, ia + length, pb, ib + length))
            parts.append(whole[(pa, ia + length, pb, ib + length)])
            length += 1
        first_a, first_b, last_a, last_b = ia, ib, ia + length - 1, ib + length - 1

        def apart(fa: int, la: int, fb: int, lb: int, pa: int = pa, pb: int = pb) -> bool:
            return pa != pb or la < fb or lb < fa

        while (first_a > 0 and first_b > 0 and apart(first_a - 1, last_a, first_b - 1, last_b)
               and _short_twin(pages, (pa, first_a - 1), (pb, first_b - 1))):
            first_a, first_b = first_a - 1, first_b - 1
        while (last_a + 1 < len(pages[pa].paragraphs) and last_b + 1 < len(pages[pb].paragraphs)
               and apart(first_a, last_a + 1, first_b, last_b + 1)
               and _short_twin(pages, (pa, last_a + 1), (pb, last_b + 1))):
            last_a, last_b = last_a + 1, last_b + 1
        if not apart(first_a, last_a, first_b, last_b):
            continue
        end_a = len(pages[pa].paragraphs[last_a].text)
        end_b = len(pages[pb].paragraphs[last_b].text)
        out.append(_joined(Span(pa, first_a, last_a, 0, end_a),
                           Span(pb, first_b, last_b, 0, end_b), parts))
    return out


def _joined(a: Span, b: Span, parts: Sequence[Match]) -> Match:
    """One match of the spans that `parts` cover: their mean similarity, and the copy
    decision of the weakest of them."""
    weakest = min(parts, key=lambda m: m.score)
    return Match(a, b, round(sum(m.similarity for m in parts) / len(parts), 4),
                 weakest.score, weakest.evidence)


# --- passage clusters ----------------------------------------------------------------------

@dataclass(frozen=True)
class Printing:
    """One printing of a passage: the matched spans (pieces) on one page that overlap or
    follow each other with no more than a byline between them, and their union."""

    span: Span
    pieces: tuple[Span, ...]


def _key(span: Span) -> tuple[int, int, int, int]:
    return (span.page, span.first, span.start, span.last)


def _union(a: Span, b: Span) -> Span:
    start = min((a.first, a.start), (b.first, b.start))
    end = max((a.last, a.end), (b.last, b.end))
    return Span(a.page, start[0], end[0], start[1], end[1])


def _gap_letters(pages: Pages, left: Span, right: Span) -> int:
    """Letters and digits between the end of `left` and the start of `right` (same page);
    negative when they overlap."""
    if (right.first, right.start) < (left.last, left.end):
        return -1
    paragraphs = pages[left.page].paragraphs
    if left.last == right.first:
        between = paragraphs[left.last].text[left.end:right.start]
    else:
        between = "".join([paragraphs[left.last].text[left.end:],
                           *(p.text for p in paragraphs[left.last + 1:right.first]),
                           paragraphs[right.first].text[:right.start]])
    return len(_fold(between))


def printings(pages: Pages, matches: Sequence[Match], options: Options) -> list[Printing]:
    """The spans of the matches, grouped per page into printings.

    Spans that overlap by more than a few edge characters are one printing, unless they
    are copies of each other. Printings that follow each other with less than
    `min_length` letters between them (a byline, a rule: too short to be indexed) are one
    when their copies follow each other in the same order on another page too: two
    paragraphs of one story, matched one by one, are one printing of the story -- while
    two items that happen to stand together on one page stay two.
    """
    partners: dict[Span, set[Span]] = {}
    for m in matches:
        partners.setdefault(m.a, set()).add(m.b)
        partners.setdefault(m.b, set()).add(m.a)
    found: list[Printing] = []
    for span in sorted(partners, key=_key):
        last = found[-1] if found else None
        if (last and last.span.page == span.page
                and _gap_letters(pages, last.span, span) < 0 and not _meets(last.span, span)
                and not any(piece in partners[span] for piece in last.pieces)):
            found[-1] = Printing(_union(last.span, span), (*last.pieces, span))
        else:
            found.append(Printing(span, (span,)))
    of_piece = {piece: k for k, printing in enumerate(found) for piece in printing.pieces}
    follows = {k: k + 1 for k in range(len(found) - 1)
               if found[k].span.page == found[k + 1].span.page
               and 0 <= _gap_letters(pages, found[k].span, found[k + 1].span) < options.min_length}

    def copies(k: int) -> set[int]:
        return {of_piece[q] for piece in found[k].pieces for q in partners[piece]}

    run_with_next = {k for k, n in follows.items()
                     if any(follows.get(x) in copies(n) - {k, n} for x in copies(k) - {k, n})}
    out: list[Printing] = []
    for k, printing in enumerate(found):
        if out and k - 1 in run_with_next:
            last = out[-1]
            out[-1] = Printing(_union(last.span, printing.span), (*last.pieces, *printing.pieces))
        else:
            out.append(printing)
    return out


def _meets(left: Span, right: Span) -> bool:
    """Two single-paragraph spans that overlap by no more than EDGE_TOLERANCE characters:
    the edges of two neighbouring passages aligned with a little slack, not one passage."""
    return (left.first == left.last == right.first == right.last
            and left.end - right.start <= EDGE_TOLERANCE)


def passage_clusters(pages: Pages, matches: Sequence[Match], options: Options,
                     ) -> list[list[Printing]]:
    """Printings linked by matches, directly or through other printings: each list is
    every printing of one passage (or of passages always printed together) in the
    batch, ordered by page name and position."""
    return linked(pages, printings(pages, matches, options), matches)


def linked(pages: Pages, found: Sequence[Printing], matches: Sequence[Match],
           ) -> list[list[Printing]]:
    """The printings of `found` in groups of two or more that the matches between their
    pieces link (connected components), each and all in page-name order."""
    of_piece = {piece: k for k, printing in enumerate(found) for piece in printing.pieces}
    parent = list(range(len(found)))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for m in matches:
        if m.a in of_piece and m.b in of_piece:
            ra, rb = root(of_piece[m.a]), root(of_piece[m.b])
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[Printing]] = {}
    for k, printing in enumerate(found):
        groups.setdefault(root(k), []).append(printing)
    ordered = [sorted(g, key=lambda p: _place(pages, p.span)) for g in groups.values()
               if len(g) > 1]
    return sorted(ordered, key=lambda g: _place(pages, g[0].span))


# --- which copy stays ----------------------------------------------------------------------

def _bag(text: str) -> Counter[str]:
    """Character bigrams for Chinese, words for alphabetic text: what a topic is made of."""
    if is_cjk(text):
        chars = list(_fold(text))
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

    Returns `stop` (the paragraph belongs to another article), `last` (it is the edge of
    the copy's own article: read it, then stop) or `` (keep reading).
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


def _neighbours(paragraphs: Sequence[Paragraph], span: Span, gone: set[int],
                step: int) -> list[str]:
    """Up to CONTEXT_PARAGRAPHS texts on one side of a copy, within its article; the rest
    of its own paragraph first when the copy is only part of it. Page furniture between
    (a folio line at a column top) is no part of the text's flow and is passed over."""
    found: list[str] = []
    if step < 0 and (rest := paragraphs[span.first].text[:span.start].strip()):
        found.append(rest)
    if step > 0 and (rest := paragraphs[span.last].text[span.end:].strip()):
        found.append(rest)
    i = (span.first - 1) if step < 0 else (span.last + 1)
    while 0 <= i < len(paragraphs) and len(found) < CONTEXT_PARAGRAPHS:
        if i not in gone and not is_furniture(paragraphs[i].text):
            edge = _edge(paragraphs[i], step)
            if edge == "stop":
                break
            found.append(paragraphs[i].text)
            if edge == "last":
                break
        i += step
    return found


def _text(pages: Pages, span: Span, separator: str = "\n") -> str:
    paragraphs = pages[span.page].paragraphs
    if span.first == span.last:
        return paragraphs[span.first].text[span.start:span.end]
    middle = [p.text for p in paragraphs[span.first + 1:span.last]]
    return separator.join([paragraphs[span.first].text[span.start:], *middle,
                           paragraphs[span.last].text[:span.end]])


def context_score(pages: Pages, span: Span, gone: set[int]) -> tuple[float, str]:
    """How well a copy sits where it is; higher means it belongs there.

    Topic: cosine similarity of the copy with the text around it (up to the edges of the
    article). Flow: a copy set inside a longer paragraph, with its text on both sides, is
    bound into running text; a standalone copy whose neighbours would run on without it
    interrupts them.
    """
    paragraphs = pages[span.page].paragraphs
    bag = _bag(_text(pages, span))
    before = _neighbours(paragraphs, span, gone, -1)
    after = _neighbours(paragraphs, span, gone, +1)
    sides = [_cosine(bag, _bag("\n".join(side))) for side in (before, after) if side]
    topic = sum(sides) / len(sides) if sides else 0.0
    flow = 0.0
    if (span.start > 0 and span.end < len(paragraphs[span.last].text)
            and not _at_a_block_edge(pages[span.page], span)):
        flow += 0.3  # bound into running text on both sides (a stray glued on is on one)
    elif (before and after and not is_heading(before[0])
          and score_break(before[0], after[0], within_block=False).join):
        flow -= 0.3  # a headline over the copy is no text the copy interrupts
    elif _opens_under_headline(paragraphs, span):
        flow += 0.3  # an article's own opening; a stray stands where a column goes on
    return round(topic + flow, 4), f"topic {topic:.2f}, flow {flow:+.1f}"


def _at_a_block_edge(page: PageText, span: Span) -> bool:
    """The copy starts where a block of the source starts, or ends where one ends, though
    the join stage continued the text across: a stray glued into a column's flow by a
    column-break join (at a column's head, before the text that goes on under it), not a
    passage bound into running text."""
    first, last = page.paragraphs[span.first], page.paragraphs[span.last]
    top = first.line_at(span.start)
    bottom = last.line_at(span.end - 1)
    return ((_letters_between(first, top, span.start, before=True) and page.starts_block(top))
            or (_letters_between(last, bottom, span.end, before=False)
                and page.ends_block(bottom)))


def _letters_between(paragraph: Paragraph, line: int, offset: int, before: bool) -> bool:
    """No letter of `line` lies before (after) `offset` in the paragraph's text: the copy
    starts (ends) where that source line does."""
    starts = dict(paragraph.starts) or {paragraph.first: 0}
    begin = starts.get(line, 0)
    if before:
        return not _fold(paragraph.text[begin:offset])
    ends = [s for n, s in paragraph.starts if n > line]
    return not _fold(paragraph.text[offset:ends[0] if ends else len(paragraph.text)])


def _opens_under_headline(paragraphs: Sequence[Paragraph], span: Span) -> bool:
    """The copy starts the paragraph right under a headline: not under a folio line (a
    column's head, where strays stand), nor under the byline that closed the article
    before (a short line of names after its text); a name-like line under another
    heading is the headline's last line."""
    if span.start or span.first == 0:
        return False
    above = paragraphs[span.first - 1].text
    if is_furniture(above) or not is_heading(above):
        return False
    higher = paragraphs[span.first - 2].text if span.first > 1 else ""
    return not byline_score(above) or (is_heading(higher) and not is_furniture(higher))


_STRAY_SYMBOL_RE = re.compile(r"[^\w\s" + re.escape(PUNCTUATION) + "]")
_MIXED_RE = re.compile(r"[A-Za-z]\d|\d[A-Za-z]")


def _noise(text: str) -> int:
    """OCR-noise signals: replacement characters, stray symbols, letters mixed with digits."""
    return (text.count("\ufffd") + len(_STRAY_SYMBOL_RE.findall(text))
            + len(_MIXED_RE.findall(text)))


def _place(pages: Pages, span: Span) -> tuple[str, int, int]:
    """Where a span is, by page name: ties are broken by it, not by the input order."""
    return (pages[span.page].name, span.first, span.start)


def choose_keeper(pages: Pages, copies: Sequence[Span], keep: str,
                  eligible: Sequence[Span] | None = None,
                  ) -> tuple[Span, dict[Span, str], dict[Span, float]]:
    """The copy that stays under the policy (one of `eligible`, by default any), why each
    copy scored as it did, and the score itself (higher stays). Equal scores go to the
    copy that comes first by page name and position."""
    if keep == "first":  # first in the batch as given: the one policy that follows order
        ranked = sorted(copies)
        why = {c: "keep=first" for c in copies}
        value = {c: -float(ranked.index(c)) for c in copies}
    elif keep == "longest":
        lengths = {c: len(_text(pages, c)) for c in copies}
        why = {c: f"keep=longest ({lengths[c]} chars)" for c in copies}
        value = {c: float(n) for c, n in lengths.items()}
    elif keep == "cleanest":
        noise = {c: _noise(_text(pages, c)) for c in copies}
        why = {c: f"keep=cleanest ({noise[c]} noise signs)" for c in copies}
        value = {c: -float(n) for c, n in noise.items()}
    else:
        scored = {}
        for copy in copies:
            others = {i for c in copies if c != copy and c.page == copy.page
                      for i in range(c.first, c.last + 1)}
            scored[copy] = context_score(pages, copy, others)
        why = {c: f"context: {reason}" for c, (_, reason) in scored.items()}
        value = {c: score for c, (score, _) in scored.items()}
    keeper = min(eligible or copies, key=lambda c: (-value[c], _place(pages, c)))
    return keeper, why, value


# --- removal -------------------------------------------------------------------------------

def _lines(pages: Pages, span: Span) -> tuple[int, int]:
    paragraphs = pages[span.page].paragraphs
    first = paragraphs[span.first].line_at(span.start)
    last = paragraphs[span.last].line_at(max(span.start if span.first == span.last else 0,
                                             span.end - 1))
    return first, last


def _removal_text(pages: Pages, span: Span) -> str:
    """The copy as it reads: its paragraphs separated by blank lines."""
    return _text(pages, span, separator="\n\n")


@dataclass(frozen=True)
class CopyPlan:
    """What goes from one page: the spans to cut and their removal records; and the lines
    of the printings on it that were kept as the copy others point to."""

    cuts: tuple[Span, ...] = ()
    removed: tuple[Decision, ...] = ()
    kept: tuple[tuple[int, int], ...] = ()


#: A printing is complete when it holds at least this share of the letters of the
#: longest printing of its passage; the copy that stays is chosen among complete ones.
COMPLETE_SHARE = 0.9


LineRanges = Mapping[int, Sequence[tuple[int, int]]]
"""Per page index, ranges of source lines."""


@dataclass(frozen=True)
class Earlier:
    """What earlier rounds decided, per page index: the lines of the printings kept (they
    stay, and are chosen to stay again, so no pointer ever names removed text), the
    lines removed (a printing with a hole in it is kept only when no intact one is
    left) and how many letters were removed as copies of a page, by (page, that page)."""

    kept: LineRanges = field(default_factory=dict)
    cut: LineRanges = field(default_factory=dict)
    letters: Mapping[tuple[int, int], int] = field(default_factory=dict)


@dataclass(frozen=True)
class _Drop:
    region: Span
    matches: list[Match]
    printing: Printing
    keeper: Printing


def decide(pages: Pages, matches: Sequence[Match], options: Options,
           earlier: Earlier | None = None) -> dict[int, CopyPlan]:
    """Per passage cluster, keep one whole printing and drop the others' copied pieces,
    each removal naming the printing that stayed. `pages` needs to hold only the pages
    that have matches; pages without a decision keep everything.

    Printings that are no copy of the kept one (linked to it through another printing)
    settle among themselves. A short copy in a page that is otherwise no copy is a stock
    phrase: it stays."""
    earlier = earlier or Earlier()
    by_piece: dict[Span, list[Match]] = {}
    for m in matches:
        by_piece.setdefault(m.a, []).append(m)
        by_piece.setdefault(m.b, []).append(m)
    drops: list[_Drop] = []
    reasons: dict[Span, tuple[str, float]] = {}
    keepers: dict[int, list[tuple[int, int]]] = {}
    kept_by_page: dict[int, list[tuple[tuple[int, int], Printing]]] = {}
    # per (page, page of the kept copy): letters dropped as long copies
    copied_letters: dict[tuple[int, int], int] = dict(earlier.letters)
    level = passage_clusters(pages, matches, options)
    spread: dict[int, list[tuple[tuple[int, int], int]]] = {}  # page: (lines, cluster id)
    for c, cluster in enumerate(level):
        for printing in cluster:
            spread.setdefault(printing.span.page, []).append((_lines(pages, printing.span), c))
    while level:  # clusters, then the sub-clusters of what their keepers left alone
        proposed: list[tuple[list[Printing], list[_Drop], list[Printing]]] = []
        for cluster in level:
            protected = [p for p in cluster if _touches(pages, p.span, earlier.kept)]
            complete = _complete(pages, cluster)
            eligible = protected or _preferred(complete, [
                lambda p, cluster=cluster: not _shares_lines(pages, p, cluster, spread),
                # the page that keeps the story's other passages keeps this one too, so no
                # two printings each keep half of it
                lambda p: p.span.page in keepers or p.span.page in earlier.kept,
                lambda p: p.span.page not in earlier.cut,
                lambda p: not _touches(pages, p.span, earlier.cut)])
            keeper, why, value = _keeper(pages, cluster, eligible, options)
            reasons.update({span: (why[span], value[span]) for span in why})
            lines = _kept_lines(pages, keeper.span, earlier.cut)
            keepers.setdefault(keeper.span.page, []).append(lines)
            kept_by_page.setdefault(keeper.span.page, []).append((lines, keeper))
            found = [_Drop(region, copies, printing, keeper)
                     for printing in cluster if printing is not keeper
                     and printing not in protected
                     for region, copies in _regions(pages, [
                         (m.a, m) for m in (_copied(pages, piece, keeper, by_piece, options)
                                            for piece in printing.pieces
                                            if not _inside(piece, keeper.span)) if m], options)]
            for drop in found:
                if not _short(pages, drop.region, options):
                    pair = (drop.region.page, keeper.span.page)
                    copied_letters[pair] = (copied_letters.get(pair, 0)
                                            + _letters(pages, drop.region))
            proposed.append((cluster, found, [keeper]))
        level = []
        for cluster, found, (keeper,) in proposed:
            taken = [d for d in found if not _short(pages, d.region, options)
                     or copied_letters.get((d.region.page, keeper.span.page), 0)
                     >= PHRASE_SHARE * _page_letters(pages[d.region.page])]
            drops += taken
            dropped_from = {d.printing.span for d in taken}
            untouched = [p for p in cluster if p is not keeper and p.span not in dropped_from]
            level += linked(pages, untouched, matches)
    removals: dict[int, list[Decision]] = {}
    cuts: dict[int, list[Span]] = {}
    for drop in drops:
        region = drop.region
        others = {region.page: [lines for lines, keeper in kept_by_page.get(region.page, ())
                                if keeper is not drop.keeper]}
        if _touches(pages, region, others) or _touches(pages, region, earlier.kept):
            continue  # it shares a line with another kept printing, which must stay whole
        weakest = min(drop.matches, key=lambda v: v.score)
        (this_why, this_value), (kept_why, kept_value) = (reasons[drop.printing.span],
                                                          reasons[drop.keeper.span])
        evidence = (*weakest.evidence,
                    Feature(f"keep={options.keep}:this-copy", round(this_value, 4), 0.0),
                    Feature(f"keep={options.keep}:kept-copy", round(kept_value, 4), 0.0))
        removals.setdefault(region.page, []).append(Removal(
            _lines(pages, region), "duplicate", _removal_text(pages, region),
            similarity=weakest.similarity,
            duplicate_of=Ref(pages[drop.keeper.span.page].name,
                             input_lines(pages[drop.keeper.span.page].source_line,
                                         _kept_lines(pages, drop.keeper.span, earlier.cut))),
            detail=f"{this_why}; kept copy {kept_why.split(': ', 1)[-1]}",
            confidence=probability(weakest.score), evidence=evidence, score=weakest.score))
        cuts.setdefault(region.page, []).append(region)
    return {p: CopyPlan(tuple(cuts.get(p, ())),
                        tuple(sorted(removals.get(p, ()), key=lambda r: r.lines)),
                        tuple(keepers.get(p, ())))
            for p in sorted(set(cuts) | set(keepers))}


#: A copy shorter than this many times `min_length` letters, and less than PHRASE_SHARE
#: of its page as printed, may be a stock phrase (a formula, a shop's address) that two
#: different items share rather than a passage printed twice: it is dropped only when
#: PHRASE_SHARE of its page is dropped as copies anyway.
PHRASE_FACTOR = {"latin": 5.0, "cjk": 2.0}
PHRASE_SHARE = 0.3


def _page_letters(page: PageText) -> int:
    """Letters and digits of the page as printed (whatever was cut from it since)."""
    return sum(len(_fold(line)) for line in page.lines)


def _short(pages: Pages, region: Span, options: Options) -> bool:
    """A copy that may be a stock phrase: short, and, in Chinese, run into other text
    where it stands (a Chinese paragraph that is nothing but the copy is a stray printed
    apart; a short English one may be a notice or an advertisement printed twice)."""
    script = "cjk" if is_cjk(_text(pages, region)) else "latin"
    if script == "cjk" and _whole(region, pages):
        return False
    letters = _letters(pages, region)
    if letters >= PHRASE_FACTOR[script] * options.min_length:
        return False
    return letters < PHRASE_SHARE * _page_letters(pages[region.page])


def _preferred(candidates: list[Printing], preferences) -> list[Printing]:
    """The candidates that meet the preferences, each taken in turn as long as some
    candidate meets it."""
    for prefer in preferences:
        kept = [p for p in candidates if prefer(p)]
        candidates = kept or candidates
    return candidates


def _shares_lines(pages: Pages, printing: Printing, cluster: Sequence[Printing],
                  spread: Mapping[int, list[tuple[tuple[int, int], int]]]) -> bool:
    """Whether a printing shares a source line with a printing of another passage (the
    end of one copy and the start of another on one line): kept, it would make the other
    one's removal cut into the lines its pointers name."""
    first, last = _lines(pages, printing.span)
    own = {_lines(pages, p.span) for p in cluster if p.span.page == printing.span.page}
    return any(lo <= last and first <= hi and (lo, hi) not in own
               for (lo, hi), _ in spread.get(printing.span.page, ()))


def _kept_lines(pages: Pages, span: Span, cut: LineRanges) -> tuple[int, int]:
    """The lines of a kept printing without the lines at its edges that lost text before
    (a printing kept from what a cut left of a paragraph may start on the cut's line)."""
    first, last = _lines(pages, span)
    ranges = cut.get(span.page, ())

    def was_cut(line: int) -> bool:
        return any(lo <= line <= hi for lo, hi in ranges)

    while first < last and was_cut(first):
        first += 1
    while last > first and was_cut(last):
        last -= 1
    return first, last


def _touches(pages: Pages, span: Span, ranges: LineRanges) -> bool:
    first, last = _lines(pages, span)
    return any(lo <= last and first <= hi for lo, hi in ranges.get(span.page, ()))


def _inside(piece: Span, kept: Span) -> bool:
    """Whether a piece shares more than a few edge characters with the kept printing (a
    stray glued to its original): cutting it would cut the copy that stays."""
    if piece.page != kept.page:
        return False
    start, end = max((piece.first, piece.start), (kept.first, kept.start)), min(
        (piece.last, piece.end), (kept.last, kept.end))
    if start >= end:
        return False
    return start[0] != end[0] or end[1] - start[1] > EDGE_TOLERANCE


def _letters(pages: Pages, span: Span) -> int:
    return len(_fold(_text(pages, span)))


def _complete(pages: Pages, cluster: Sequence[Printing]) -> list[Printing]:
    """The printings that hold (almost) all of the passage: only they may stay."""
    letters = {p.span: _letters(pages, p.span) for p in cluster}
    longest = max(letters.values())
    return [p for p in cluster if letters[p.span] >= COMPLETE_SHARE * longest]


def _keeper(pages: Pages, cluster: Sequence[Printing], eligible: Sequence[Printing],
            options: Options) -> tuple[Printing, dict[Span, str], dict[Span, float]]:
    """The printing that stays (one of `eligible`), with every printing's score."""
    best, why, value = choose_keeper(pages, [p.span for p in cluster], options.keep,
                                     [p.span for p in eligible])
    return next(p for p in eligible if p.span == best), why, value


def _copied(pages: Pages, piece: Span, keeper: Printing, by_piece: Mapping[Span, list[Match]],
            options: Options) -> Match | None:
    """How `piece` is a copy of the kept printing: its match with a piece of the keeper,
    or else an alignment made now of the piece and the keeper's text (the piece was found
    through another printing). When the piece holds more than the kept printing, only the
    part of it aligned with the keeper is the copy. None when it is no copy of it: then
    it stays."""
    direct = [m for m in by_piece.get(piece, ()) if (m.b if m.a == piece else m.a)
              in keeper.pieces]
    if direct:
        best = max(direct, key=lambda m: m.score)
        return best if best.a == piece else replace(best, a=best.b, b=best.a)
    text = _text(pages, piece)
    found = verify(_as_paragraph(text), _as_paragraph(_text(pages, keeper.span)), options,
                   piece.page == keeper.span.page)
    if found is None:
        return None
    return Match(_within(pages, piece, *found.span_a), keeper.span, found.similarity,
                 found.score, found.evidence)


def _within(pages: Pages, span: Span, start: int, end: int) -> Span:
    """The part [start, end) of a span's text (as `_text` joins it) as a span."""
    paragraphs = pages[span.page].paragraphs
    places = []  # (paragraph, offset of its first character in the joined text, its start)
    offset = 0
    for i in range(span.first, span.last + 1):
        low = span.start if i == span.first else 0
        high = span.end if i == span.last else len(paragraphs[i].text)
        places.append((i, offset, low))
        offset += high - low + 1

    def where(at: int) -> tuple[int, int]:
        i, base, low = next(p for p in reversed(places) if p[1] <= at)
        return i, low + at - base

    (first, s), (last, e) = where(start), where(max(start, end - 1))
    return Span(span.page, first, last, s, e + 1)


def _as_paragraph(text: str) -> Paragraph:
    return Paragraph(text, 1, 1, (), ((1, 0),))


def _regions(pages: Pages, dropped: Sequence[tuple[Span, Match]], options: Options,
             ) -> list[tuple[Span, list[Match]]]:
    """Dropped pieces of one printing as the regions to cut: pieces that overlap or
    touch are one region (one removal), with the matches that dropped them."""
    regions: list[tuple[Span, list[Match]]] = []
    for piece, match in sorted(dropped, key=lambda x: _key(x[0])):
        if regions and _gap_letters(pages, regions[-1][0], piece) < options.min_length:
            span, found = regions[-1]
            regions[-1] = (_union(span, piece), [*found, match])
        else:
            regions.append((piece, [match]))
    return regions


#: Rounds of duplicate search: cutting a copy out of a paragraph can leave a piece that is
#: itself a copy, too short against the whole paragraph for the index to see it before.
ROUNDS = 3


def dedupe(pages: Sequence[PageText], options: Options) -> list[PageCopies]:
    """Drop every stray copy in the pages (compared with each other too); per page, return
    the paragraphs left, the removals and any joins made across a removed copy. Searches
    again on what is left while a round still finds copies."""
    done = [PageCopies(list(page.paragraphs), [], []) for page in pages]
    kept: dict[int, list[tuple[int, int]]] = {}
    for _ in range(ROUNDS):
        current = [replace(page, paragraphs=copies.paragraphs)
                   for page, copies in zip(pages, done, strict=True)]
        earlier = Earlier(kept, {p: [r.lines for r in copies.removed]
                                 for p, copies in enumerate(done) if copies.removed},
                          _copied_letters(pages, done))
        decisions = decide(current, find_matches(current, options), options, earlier)
        if not any(decision.cuts for decision in decisions.values()):
            break
        for p, decision in decisions.items():
            kept.setdefault(p, []).extend(decision.kept)
            done[p] = _applied(current[p], done[p], decision)
        current = [replace(page, paragraphs=copies.paragraphs)
                   for page, copies in zip(pages, done, strict=True)]
        for p, decision in leftovers(current, done, kept, options).items():
            done[p] = _applied(current[p], done[p], decision)
    return done


def _applied(page: PageText, done: PageCopies, decision: CopyPlan) -> PageCopies:
    step = apply(page, decision)
    return PageCopies(step.paragraphs, sorted(done.removed + step.removed, key=lambda r: r.lines),
                      done.joins + step.joins)


#: A page that lost this share of its letters as copies of one page is a printing of
#: what that page keeps: the bits left between its cuts (lines too short to be indexed,
#: set in another order) are aligned with the kept copy too.
LEFTOVER_SHARE = 0.25


def leftovers(pages: Sequence[PageText], done: Sequence[PageCopies], kept_lines: LineRanges,
              options: Options) -> dict[int, CopyPlan]:
    """The parts of mostly-copied pages that are copies of the kept text too: each run of
    paragraphs left between cuts, aligned with the kept printing's text. Text that some
    copy points to stays, and so does everything when the kept printing lost text."""
    copied: dict[int, dict[int, int]] = {}  # page: {page of the kept copy: letters}
    for (p, q), letters in _copied_letters(pages, done).items():
        copied.setdefault(p, {})[q] = letters
    plans: dict[int, CopyPlan] = {}
    for p, targets in copied.items():
        q, letters = max(targets.items(), key=lambda x: (x[1], pages[x[0]].name))
        if q == p or not pages[p].paragraphs or (
                letters < LEFTOVER_SHARE * _page_letters(pages[p])):
            continue
        removals = [r for r in done[p].removed
                    if r.duplicate_of is not None and r.duplicate_of.source == pages[q].name]
        ref = max(removals, key=lambda r: len(r.text or "")).duplicate_of

        def meets_ref(lines: tuple[int, int], q: int = q, ref: Ref = ref) -> bool:
            first, last = input_lines(pages[q].source_line, lines)  # as the Ref counts them
            return first <= ref.lines[1] and ref.lines[0] <= last

        if any(meets_ref(r.lines) for r in done[q].removed):
            continue
        kept = [para.text for para in pages[q].paragraphs if meets_ref(para.span)]
        if not kept:
            continue
        cuts, removed = [], []
        for run in _runs(pages[p], p, [r.lines for r in done[p].removed]):
            found = verify(_as_paragraph(_text(pages, run)), _as_paragraph("\n".join(kept)),
                           options)
            if found is None:
                continue
            span = _within(pages, run, *found.span_a)
            if _letters(pages, span) < options.min_length or _touches(pages, span, kept_lines):
                continue
            cuts.append(span)
            removed.append(Removal(
                _lines(pages, span), "duplicate", _removal_text(pages, span),
                similarity=found.similarity, duplicate_of=ref,
                detail="left between the cuts of a printing of the kept copy",
                confidence=probability(found.score), evidence=found.evidence,
                score=found.score))
        if cuts:
            plans[p] = CopyPlan(tuple(cuts), tuple(removed))
    return plans


def _runs(page: PageText, index: int, removed: Sequence[tuple[int, int]]) -> list[Span]:
    """Runs of paragraphs with no removed text between them, as whole-paragraph spans."""
    out: list[Span] = []
    start = 0
    paragraphs = page.paragraphs
    for i in range(1, len(paragraphs) + 1):
        if i == len(paragraphs) or any(paragraphs[i - 1].last <= lo and hi <= paragraphs[i].first
                                       for lo, hi in removed):
            out.append(Span(index, start, i - 1, 0, len(paragraphs[i - 1].text)))
            start = i
    return out


def _copied_letters(pages: Sequence[PageText], done: Sequence[PageCopies],
                    ) -> dict[tuple[int, int], int]:
    """Letters removed so far from each page as copies of each other page."""
    index = {page.name: p for p, page in enumerate(pages)}
    out: dict[tuple[int, int], int] = {}
    for p, copies in enumerate(done):
        for r in copies.removed:
            if r.duplicate_of is not None and r.duplicate_of.source in index:
                pair = (p, index[r.duplicate_of.source])
                out[pair] = out.get(pair, 0) + len(_fold(r.text or ""))
    return out


def apply(page: PageText, decision: CopyPlan) -> PageCopies:
    """Take the cut spans out of the page's paragraphs and mend the text around them.

    What is left of one paragraph stays one paragraph; paragraphs on both sides of a
    removed whole paragraph are offered to the join scorer again.
    """
    holes: dict[int, list[tuple[int, int]]] = {}
    for span in decision.cuts:
        for i in range(span.first, span.last + 1):
            low = span.start if i == span.first else 0
            high = span.end if i == span.last else len(page.paragraphs[i].text)
            holes.setdefault(i, []).append((low, high))
    pieces: list[tuple[Paragraph, bool]] = []  # (paragraph, a copy was cut right before it)
    cut_before = False
    for i, paragraph in enumerate(page.paragraphs):
        spans = sorted(holes.get(i, []))
        kept = _outside(paragraph, spans)
        if kept is None:
            cut_before = True
            continue
        starts_with_cut = bool(spans) and spans[0][0] == 0
        pieces.append((kept, cut_before or starts_with_cut))
        cut_before = bool(spans) and max(high for _, high in spans) >= len(paragraph.text)
    return _mend(pieces, list(decision.removed))


def _outside(paragraph: Paragraph, holes: list[tuple[int, int]]) -> Paragraph | None:
    """The text of `paragraph` outside the (sorted) holes, still one paragraph."""
    kept: Paragraph | None = None
    cursor = 0
    for low, high in [*holes, (len(paragraph.text), len(paragraph.text))]:
        piece = paragraph.part(cursor, low) if low > cursor else None
        if piece:
            kept = _concat(kept, piece, _glue(kept.text, piece.text)) if kept else piece
        cursor = max(cursor, high)
    return kept


def _glue(left: str, right: str) -> str:
    """No space where Chinese text or its full-width punctuation (`，`) meets the cut."""
    edge = left[-1:] + right[:1]
    return "" if is_cjk(edge) or any(unicodedata.east_asian_width(c) in "FW"
                                      for c in edge) else " "


def _concat(left: Paragraph, right: Paragraph, glue: str) -> Paragraph:
    """Two paragraphs as one, their line offsets kept."""
    shift = len(left.text) + len(glue)
    return Paragraph(left.text + glue + right.text, left.first, right.last,
                     tuple(dict.fromkeys(left.blocks + right.blocks)),
                     left.starts + tuple((n, s + shift) for n, s in right.starts))


def _mend(pieces: list[tuple[Paragraph, bool]], removed: list[Decision]) -> PageCopies:
    """Where a copy was cut out, glue the text on both sides again if it runs on. A folio
    line between them (the copy stood at a column's head) stays where it is: the text
    runs on past it, as a reader's eye does."""
    kept: list[Paragraph] = []
    joins: list[Decision] = []
    for paragraph, after_cut in pieces:
        furniture: list[Paragraph] = []
        if after_cut:
            while len(kept) > 1 and is_furniture(kept[-1].text):
                furniture.insert(0, kept.pop())
        if kept and after_cut:
            left = kept[-1]
            verdict = score_break(left.text, paragraph.text, within_block=False)
            if verdict.join:
                kept.pop()
                dropped = left.text[-1] if verdict.drop_hyphen else ""
                joins.append(Join((left.last, paragraph.first),
                                  *join_context(left.text, paragraph.text),
                                  verdict.rule, verdict.confidence,
                                  (Feature("around-removed-copy", 1.0, 0.0), *verdict.evidence),
                                  verdict.word, dropped, verdict.score, verdict.language))
                if dropped:
                    left = replace(left, text=left.text[:-1])
                kept.append(_concat(left, paragraph, verdict.glue))
                kept += furniture
                continue
        kept += furniture
        kept.append(paragraph)
    return PageCopies(kept, removed, joins)
