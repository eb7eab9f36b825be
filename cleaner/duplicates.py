"""Stage 4: find passages printed twice -- on one page or across a batch -- and drop the
stray copies.

Runs on paragraphs, after the joins. The steps:

1. candidates: passages sharing rare n-grams (`shingles.py`), never all pairs;
2. verification: rapidfuzz aligns the shorter passage inside the longer one; the
   similarity must clear `Options.similarity`, and the copy must be (almost) the whole of
   the shorter passage, so two articles sharing a stock phrase are not copies. The span
   in the longer passage is refined with Levenshtein opcodes, so a copy printed inside a
   longer paragraph is cut out precisely;
3. runs: copies of neighbouring paragraphs in the same order form one passage (with the
   byline that closes them);
4. clusters: star clustering -- every copy in a cluster matches its centre directly -- so
   weak matches never chain into a mega-cluster; each cluster keeps exactly one copy,
   chosen by `Options.keep`;
5. removal: the stray copies go to `removed`, each naming the copy that stayed; when a copy
   sat inside a paragraph, the text around it is offered to the join scorer again.

`context` (the default) keeps the copy that reads as part of its surroundings: its
neighbours are on the same topic and flow into it, while the stray copy interrupts the
text it sits in.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from .joins import join_context, score_break
from .model import Decision, Feature, Join, Options, Paragraph, Ref, Removal
from .patterns import CLOSERS, OPENERS, PUNCTUATION, SENTENCE_FINAL
from .shingles import candidate_pairs
from .signals import byline_score, continuation_marker, is_cjk, is_credit, is_heading

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
    a: Span
    b: Span
    similarity: float


# --- normalisation with a way back ---------------------------------------------------------

@lru_cache(maxsize=4096)
def _normalised(text: str) -> tuple[str, tuple[int, ...]]:
    """Letters and digits, NFKC and case-folded, with the offset of each in `text`."""
    chars, where = [], []
    for offset, char in enumerate(text):
        for folded in unicodedata.normalize("NFKC", char).casefold():
            if not _NOT_ALNUM_RE.match(folded):
                chars.append(folded)
                where.append(offset)
    return "".join(chars), tuple(where)


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    """Take in the punctuation that belongs to a span: an opening quote before it, the
    sentence end and closing quotes after it -- not the previous sentence's full stop."""
    while start > 0 and text[start - 1] in OPENERS:
        start -= 1
    while end < len(text) and text[end] in SENTENCE_FINAL + CLOSERS:
        end += 1
    return start, end


def _snap(text: str, start: int, end: int, tolerance: int) -> tuple[int, int]:
    """Move span edges to the paragraph's edges when only a few letters lie beyond them:
    a dropped or doubled character in the copy shifts the aligned edge by about as much."""
    if len(_normalised(text[:start])[0]) <= tolerance:
        start = 0
    if len(_normalised(text[end:])[0]) <= tolerance:
        end = len(text)
    return start, end


# --- verification --------------------------------------------------------------------------

def verify(a: Paragraph, b: Paragraph, options: Options) -> tuple[Span, Span, float] | None:
    """Align the shorter passage inside the longer one: (span in a, span in b, similarity),
    with span offsets in the paragraphs' own text, or None when they are not copies."""
    norm_a, where_a = _normalised(a.text)
    norm_b, where_b = _normalised(b.text)
    swap = len(norm_a) > len(norm_b)
    (short, where_short), (long, where_long) = (((norm_b, where_b), (norm_a, where_a)) if swap
                                                else ((norm_a, where_a), (norm_b, where_b)))
    if len(short) < options.min_length or not long:
        return None
    cutoff = options.similarity * 100
    found = fuzz.partial_ratio_alignment(short, long, score_cutoff=cutoff)
    if found is None or found.score < cutoff:
        return None
    edges = _edges(short, long, found.dest_start, found.dest_end)
    if edges is None:
        return None
    d0, d1, s0, s1 = edges
    similarity = fuzz.ratio(short[s0:s1], long[d0:d1]) / 100
    if similarity < options.similarity:
        return None
    tolerance = max(3, len(short) // 20)
    long_text = (a if swap else b).text
    start, end = _widen(long_text, where_long[d0], where_long[d1 - 1] + 1)
    start, end = _snap(long_text, start, end, tolerance)
    short_text = (b if swap else a).text
    short_span = _snap(short_text, *_widen(short_text, where_short[s0], where_short[s1 - 1] + 1),
                       tolerance)
    whole_copies = (start, end) == (0, len(long_text)) and short_span == (0, len(short_text))
    embedded_min = EMBEDDED_FACTOR["cjk" if is_cjk(short) else "latin"] * options.min_length
    if not whole_copies and (s1 - s0 < embedded_min or is_heading(short_text)):
        return None  # a phrase or a headline quoted in running text, not a passage twice
    long_span = (start, end)
    span_a, span_b = (long_span, short_span) if swap else (short_span, long_span)
    return span_a, span_b, round(similarity, 4)


#: Characters of each end of a copy aligned on their own to place that end precisely.
EDGE_PROBE = 24
#: A probe placed with less than this score is not where the copy begins (or ends).
EDGE_SCORE = 65
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


def indexed(paragraphs: Sequence[Paragraph]) -> list[int]:
    """The paragraphs that take part in duplicate search (wire credits recur by design)."""
    return [i for i, paragraph in enumerate(paragraphs) if not is_credit(paragraph.text)]


def verify_pairs(pages: Pages,
                 pairs: Sequence[tuple[tuple[int, int], tuple[int, int]]],
                 options: Options) -> list[Match]:
    """Verify candidate pairs of (page, paragraph) units; the verified ones as matches."""
    matches = []
    for (pa, ia), (pb, ib) in pairs:
        checked = verify(pages[pa].paragraphs[ia], pages[pb].paragraphs[ib], options)
        if checked:
            (s0, e0), (s1, e1), similarity = checked
            matches.append(Match(Span(pa, ia, ia, s0, e0), Span(pb, ib, ib, s1, e1), similarity))
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
    return _normalised(ta)[0] == _normalised(tb)[0] and bool(_normalised(ta)[0])


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
        return m if _whole(m.a, pages) and not _whole(m.b, pages) else Match(m.b, m.a,
                                                                              m.similarity)

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
            merged[-1] = Match(Span(last.a.page, last.a.first, m.a.last, 0, m.a.end),
                               Span(m.b.page, m.b.first, m.b.last, last.b.start, m.b.end),
                               round((last.similarity + m.similarity) / 2, 4))
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
        length, sims = 0, []
        while (pa, ia + length, pb, ib + length) in whole:
            seen.add((pa, ia + length, pb, ib + length))
            sims.append(whole[(pa, ia + length, pb, ib + length)].similarity)
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
        out.append(Match(Span(pa, first_a, last_a, 0, end_a), Span(pb, first_b, last_b, 0, end_b),
                         round(sum(sims) / len(sims), 4)))
    return out


# --- clusters ------------------------------------------------------------------------------

def star_clusters(matches: Sequence[Match], order_key=lambda span: span,
                  ) -> list[tuple[Span, list[tuple[Span, float]]]]:
    """(centre, [(member, similarity to centre)]) clusters; every member matches its centre.

    The span with the most matches becomes a centre first, so three copies of one passage
    form one cluster, while a chain of weak matches a~b~c~d is cut where it stops matching.
    Ties are broken by `order_key` (page names, so the input order does not matter).
    """
    neighbours: dict[Span, list[tuple[Span, float]]] = {}
    for m in matches:
        neighbours.setdefault(m.a, []).append((m.b, m.similarity))
        neighbours.setdefault(m.b, []).append((m.a, m.similarity))
    order = sorted(neighbours, key=lambda s: (-len(neighbours[s]),
                                              -round(sum(x for _, x in neighbours[s]), 6),
                                              order_key(s)))
    taken: set[Span] = set()
    clusters = []
    for centre in order:
        if centre in taken:
            continue
        taken.add(centre)
        members = []
        for other, similarity in sorted(neighbours[centre],
                                        key=lambda x: (-x[1], order_key(x[0]))):
            if other not in taken and not _overlaps(other, taken):
                taken.add(other)
                members.append((other, similarity))
        if members:
            clusters.append((centre, members))
    return clusters


def _overlaps(span: Span, spans: set[Span]) -> bool:
    """Whether `span` shares text with a span already clustered (a few edge characters,
    where aligned copies of neighbouring passages meet, do not count)."""
    return any(s.page == span.page and s.first <= span.last and span.first <= s.last
               and (s.first != s.last or span.first != span.last
                    or min(s.end, span.end) - max(s.start, span.start) > EDGE_TOLERANCE)
               for s in spans)


# --- which copy stays ----------------------------------------------------------------------

def _bag(text: str) -> Counter[str]:
    """Character bigrams for Chinese, words for alphabetic text: what a topic is made of."""
    if is_cjk(text):
        chars = list(_normalised(text)[0])
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
    of its own paragraph first when the copy is only part of it."""
    found: list[str] = []
    if step < 0 and span.start > 0:
        found.append(paragraphs[span.first].text[:span.start])
    if step > 0 and span.end < len(paragraphs[span.last].text):
        found.append(paragraphs[span.last].text[span.end:])
    i = (span.first - 1) if step < 0 else (span.last + 1)
    while 0 <= i < len(paragraphs) and len(found) < CONTEXT_PARAGRAPHS:
        if i not in gone:
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
    article). Flow: a copy set inside a longer paragraph is bound into running text; a
    standalone copy whose neighbours would run on without it interrupts them.
    """
    paragraphs = pages[span.page].paragraphs
    bag = _bag(_text(pages, span))
    before = _neighbours(paragraphs, span, gone, -1)
    after = _neighbours(paragraphs, span, gone, +1)
    sides = [_cosine(bag, _bag("\n".join(side))) for side in (before, after) if side]
    topic = sum(sides) / len(sides) if sides else 0.0
    flow = 0.0
    if not _whole(span, pages):
        flow += 0.3
    elif before and after and score_break(before[0], after[0], within_block=False).join:
        flow -= 0.3
    return round(topic + flow, 4), f"topic {topic:.2f}, flow {flow:+.1f}"


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
                  ) -> tuple[Span, dict[Span, str], dict[Span, float]]:
    """The copy that stays under the policy, why each copy scored as it did, and the
    score itself (higher stays). Equal scores go to the copy that comes first by page name
    and position."""
    if keep == "first":  # first in the batch as given: the one policy that follows order
        keeper = min(copies)
        return keeper, {c: "keep=first" for c in copies}, {
            c: float(c == keeper) for c in copies}
    if keep == "longest":
        lengths = {c: len(_text(pages, c)) for c in copies}
        keeper = min(copies, key=lambda c: (-lengths[c], _place(pages, c)))
        return keeper, {c: f"keep=longest ({lengths[c]} chars)" for c in copies}, {
            c: float(n) for c, n in lengths.items()}
    if keep == "cleanest":
        noise = {c: _noise(_text(pages, c)) for c in copies}
        return min(copies, key=lambda c: (noise[c], _place(pages, c))), {
            c: f"keep=cleanest ({noise[c]} noise signs)" for c in copies}, {
            c: -float(n) for c, n in noise.items()}
    scored = {}
    for copy in copies:
        others = {i for c in copies if c != copy and c.page == copy.page
                  for i in range(c.first, c.last + 1)}
        scored[copy] = context_score(pages, copy, others)
    keeper = min(copies, key=lambda c: (-scored[c][0], _place(pages, c)))
    return keeper, {c: f"context: {why}" for c, (_, why) in scored.items()}, {
        c: value for c, (value, _) in scored.items()}


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
    """What goes from one page: the spans to cut and their removal records."""

    cuts: tuple[Span, ...] = ()
    removed: tuple[Decision, ...] = ()


def decide(pages: Pages, matches: Sequence[Match],
           options: Options) -> dict[int, CopyPlan]:
    """Cluster the matches and pick the copy that stays in each cluster. `pages` needs to
    hold only the pages that have matches; pages without a decision keep everything."""
    removals: dict[int, list[Decision]] = {}
    cuts: dict[int, list[Span]] = {}
    def key(span: Span) -> tuple[str, int, int]:
        return _place(pages, span)

    ordered = sorted(matches, key=lambda m: (key(m.a), key(m.b)))
    for centre, members in star_clusters(ordered, key):
        copies = [centre] + [m for m, _ in members]
        similarity = {m: s for m, s in members}
        keeper, why, value = choose_keeper(pages, copies, options.keep)
        kept_ref = Ref(pages[keeper.page].name, _lines(pages, keeper))
        for copy in copies:
            if copy == keeper:
                continue
            score = similarity.get(copy) or similarity.get(keeper, 0.0)
            detail = f"{why[copy]}; kept copy {why[keeper].split(': ', 1)[-1]}"
            evidence = (Feature("similarity", round(score, 4), 1.0),
                        Feature(f"keep={options.keep}:this-copy", round(value[copy], 4), 1.0),
                        Feature(f"keep={options.keep}:kept-copy", round(value[keeper], 4), 1.0))
            removals.setdefault(copy.page, []).append(Removal(
                _lines(pages, copy), "duplicate", _removal_text(pages, copy), similarity=score,
                duplicate_of=kept_ref, detail=detail, confidence=round(score, 3),
                evidence=evidence))
            cuts.setdefault(copy.page, []).append(copy)
    return {p: CopyPlan(tuple(cuts[p]), tuple(sorted(removals[p], key=lambda r: r.lines)))
            for p in cuts}


#: Rounds of duplicate search: cutting a copy out of a paragraph can leave a piece that is
#: itself a copy, too short against the whole paragraph for the index to see it before.
ROUNDS = 3


def dedupe(pages: Sequence[PageText], options: Options) -> list[PageCopies]:
    """Drop every stray copy in the pages (compared with each other too); per page, return
    the paragraphs left, the removals and any joins made across a removed copy. Searches
    again on what is left while a round still finds copies."""
    done = [PageCopies(list(page.paragraphs), [], []) for page in pages]
    for _ in range(ROUNDS):
        current = [PageText(page.name, page.lines, copies.paragraphs)
                   for page, copies in zip(pages, done, strict=True)]
        decisions = decide(current, find_matches(current, options), options)
        if not decisions:
            break
        for p, decision in decisions.items():
            step = apply(current[p], decision)
            done[p] = PageCopies(step.paragraphs,
                                 sorted(done[p].removed + step.removed, key=lambda r: r.lines),
                                 done[p].joins + step.joins)
    return done


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
    return "" if is_cjk(left[-1:] + right[:1]) else " "


def _concat(left: Paragraph, right: Paragraph, glue: str) -> Paragraph:
    """Two paragraphs as one, their line offsets kept."""
    shift = len(left.text) + len(glue)
    return Paragraph(left.text + glue + right.text, left.first, right.last,
                     tuple(dict.fromkeys(left.blocks + right.blocks)),
                     left.starts + tuple((n, s + shift) for n, s in right.starts))


def _mend(pieces: list[tuple[Paragraph, bool]], removed: list[Decision]) -> PageCopies:
    """Where a copy was cut out, glue the text on both sides again if it runs on."""
    kept: list[Paragraph] = []
    joins: list[Decision] = []
    for paragraph, after_cut in pieces:
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
                paragraph = _concat(left, paragraph, verdict.glue)
        kept.append(paragraph)
    return PageCopies(kept, removed, joins)
