"""Stage 5: paragraphs -> articles, with every paragraph labelled by its role.

A page reads as a sequence of articles, each opened by a run of headings (kicker, title,
subtitle or decks) or a "continued from" marker and closed by a byline, a "continued on"
marker or the next article's headings. Page furniture (folios, prices) and advertisements
are taken out with their reason. Each label goes into a `Role` record.

Two decisions are weighed with fitted weights of the page's language profile (see
`bench/fit_articles.py`; `heading-layout` and `article-layout` when the input has a layout,
`heading` and `article` for plain text): whether a paragraph is a heading (`heading`: its words, its
capitals, and how it was set, from `layout`), and whether a new article starts at a run of
headings or at a paragraph of text (`article`: what precedes it, what follows it, how far
it stands apart). Headings inside an article that goes on are its subheads.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from . import lexicon
from .languages import FALLBACK, Weights, detect_language, probability, profile
from .layout import DISPLAY_STEP, PageStyle, page_style, setting
from .model import (
    Article,
    Block,
    Decision,
    Feature,
    Paragraph,
    Removal,
    Role,
    SourceText,
    Start,
)
from .patterns import CJK_RE, MINOR_WORDS, SUBTITLE_DASH_RE
from .signals import (
    Marker,
    byline_score,
    capitalised,
    closing_credit,
    continuation_marker,
    ends_advertisement,
    ends_sentence,
    has_punctuation,
    inline_marker,
    is_caption,
    is_cjk,
    is_credit,
    is_furniture,
    is_heading,
    latin_headline,
    mostly_upper,
    spaced_heading,
    split_dateline,
    title_case,
    unspaced_cjk,
    visible_length,
)

#: The features of the heading decision, named once (layout ones come from `layout`).
HEADING_FEATURES = (
    "rule-heading", "capitals", "title-case", "headline-words", "ends-sentence",
    "ends-period", "starts-lower", "digits", "words", "lines",
    "block-start", "one-line", "short-line", "has-layout", "taller", "bold", "centred",
    "narrow", "space-above", "new-text-block",
)
#: The features of the article-start decision.
START_FEATURES = (
    "rule-new-article", "heading-run", "heading", "run-length", "dateline-follows",
    "credit-follows", "after-sentence-end", "after-signature", "after-short-line",
    "article-lines", "capitals", "block-start", "has-layout", "taller", "bold", "centred",
    "space-above", "new-text-block",
)
#: Clip of a heading score used as a feature of the start decision.
HEADING_SCORE_CAP = 6.0
_LETTER_CAP = 200
#: Fewer letters than this (`L.`, `-`, `I f`) is a speck of OCR noise, not a headline.
FEW_LETTERS = 3


def capital_share(text: str) -> float:
    """Share of capitals among the letters of the first `_LETTER_CAP` characters."""
    head = text[:_LETTER_CAP]
    upper = sum(map(str.isupper, head))
    letters = upper + sum(map(str.islower, head))
    return upper / letters if letters else 0.0


def text_features(text: str, lines: int) -> dict[str, float]:
    """What a paragraph's words say about it being a heading."""
    head = text[:_LETTER_CAP]
    digits = sum(map(str.isdigit, head))
    words = len(text.split())
    stripped = text.rstrip()
    return {
        # a Chinese heading never holds a full stop (`…光，两组。无形…`: text cut at a column)
        "rule-heading": float(is_heading(text) and not (is_cjk(head) and "。" in text)),
        "capitals": capital_share(head),
        "title-case": float(not is_cjk(head) and title_case(head)),
        "headline-words": float(not is_cjk(head) and latin_headline(text)),
        "ends-sentence": float(ends_sentence(text)),
        "ends-period": float(stripped.endswith(".")),
        "starts-lower": float(text.lstrip()[:1].islower()),
        "digits": digits / len(head) if head else 0.0,
        "words": math.log2(1 + words),
        "lines": math.log2(lines),
    }


@dataclass(frozen=True)
class PageModel:
    """What the article stage knows of the page before it walks it: its language's
    weights and, for each paragraph, its heading decision and its layout."""

    article: Weights
    language: str
    headings: tuple[tuple[float, tuple[Feature, ...]], ...]
    settings: tuple[dict[str, float], ...]
    line_length: float = 0.0  # the page's median line, in characters

    def is_heading(self, index: int) -> bool:
        return self.headings[index][0] > 0


def page_language(paragraphs: Sequence[Paragraph]) -> str:
    """The profile the page's article decisions read in (zh for a Chinese page)."""
    sample = "".join(p.text for p in paragraphs[:40])[:4000]
    if is_cjk(sample):
        return "zh"
    return detect_language(p.text for p in paragraphs)


def page_model(paragraphs: Sequence[Paragraph], source: SourceText | None = None,
               blocks: Sequence[Block] = ()) -> PageModel:
    language = page_language(paragraphs)
    weights = profile(language)
    style = page_style(source, blocks) if source is not None else PageStyle(0.0, 0.0,
                                                                            frozenset())
    settings = [setting(p, source, style) if source is not None else {} for p in paragraphs]
    observed = [text_features(p.text, p.last - p.first + 1) | laid
                for p, laid in zip(paragraphs, settings, strict=True)]
    text_heading = weights.weights("heading")
    text_scores = [text_heading.score(o) for o in observed]
    laid_out = source is not None and bool(source.layout)
    suffix = ("-layout" if laid_out and "heading-layout" in weights.decisions
              and blocks_part_headings(paragraphs, text_scores, style.block_starts) else "")
    headings = ([weights.weights("heading" + suffix).score(o) for o in observed] if suffix
                else text_scores)
    return PageModel(weights.weights("article" + suffix), language or FALLBACK,
                     tuple(headings), tuple(settings), style.line_length)


def blocks_part_headings(paragraphs: Sequence[Paragraph],
                         text_scores: Sequence[tuple[float, tuple[Feature, ...]]],
                         block_starts: Collection[int]) -> bool:
    """Whether the page's layout blocks set its headlines apart, as the pages the layout
    weights were fitted on do (their METS articles are made of whole blocks, so every
    article starts a block). An engine's zoning may put a column's headlines and text in
    one block: there a heading that starts no block is the rule, the layout weights
    would decline every article it opens, and the page is weighed as plain text is.
    Told by the paragraphs the plain-text heading decision takes."""
    starts = [p.first in block_starts for p, (score, _) in zip(paragraphs, text_scores,
                                                                 strict=True) if score > 0]
    return (len(starts) < BLOCK_HEADINGS_MIN
            or sum(starts) >= BLOCKS_PART_HEADINGS_MIN * len(starts))


def heading_roles(headings: Sequence[Paragraph],
                  sizes: Sequence[float] = ()) -> list[tuple[str, str]]:
    """Name the headings that open an article: (role, reason) for each.

    One heading is the title. Chinese pages set the title in the largest type, a kicker
    (引题) above it and subtitles under it in smaller type; where the layout does not tell
    (plain text, one size), a kicker stands above the title unless the second heading is
    introduced by a dash (a subtitle), and a third is a subtitle. English
    headlines are followed by their decks, all subtitles, unless the layout shows a short
    first line set in smaller type than the second (`sizes`: log2 type size against the
    page's body type): then that line is the kicker over the headline. Specks of OCR
    noise over a headline (`L.`; one character over a Chinese one) are `noise`: a note of
    the article, not its title.
    """
    n = len(headings)
    if n == 0:
        return []
    if n == 1:
        return [("title", "single heading before the body")]
    cjk = is_cjk("".join(h.text for h in headings))
    speck = _cjk_speck if cjk else _speck
    if cjk and 0 < sum(speck(h.text) for h in headings) < n:
        return _around_specks(headings, sizes)
    specks = 0
    while specks < n - 1 and speck(headings[specks].text):
        specks += 1
    if specks:  # `L.` over `TOWN COUNCIL MEETING.`: the headline is the first of words
        return ([("noise", "a speck of OCR noise over the headline")] * specks
                + heading_roles(headings[specks:], sizes[specks:]))
    if not cjk:
        if (len(sizes) >= 2 and sizes[1] - sizes[0] >= KICKER_STEP
                and len(headings[0].text.split()) <= KICKER_WORDS):
            return ([("kicker", "a short line in smaller type over the headline"),
                     ("title", "the headline under a kicker")]
                    + [("subtitle", "deck under the headline")] * (n - 2))
        return [("title", "first headline")] + [("subtitle", "deck under the headline")] * (n - 1)
    tallest = _tallest(sizes[:n])
    if tallest is not None and tallest <= 1:  # the main title is set in the largest type
        return ([("kicker", "a Chinese heading in smaller type over the title")] * tallest
                + [("title", "the heading of a run set in the largest type")]
                + [("subtitle", "a heading in smaller type under the title")] * (n - 1 - tallest))
    if n == 2:
        if dash_subtitle(headings[1].text):
            return [("title", "first of two headings"), ("subtitle", "second heading after a dash")]
        return [("kicker", "first of two Chinese headings"), ("title", "main heading")]
    return ([("kicker", "first of a heading run"), ("title", "second of a heading run")]
            + [("subtitle", "later heading of a run")] * (n - 2))


def _speck(text: str) -> bool:
    """A heading of fewer than `FEW_LETTERS` letters (`L.`, `-`, `I f`): OCR noise."""
    return sum(map(str.isalpha, text)) < FEW_LETTERS


def _around_specks(headings: Sequence[Paragraph],
                   sizes: Sequence[float]) -> list[tuple[str, str]]:
    """A Chinese heading run with specks of one character anywhere in it (`和` a rule's
    edge read as a tall character): the specks are noise, the other headings take their
    roles among themselves."""
    kept = [k for k, h in enumerate(headings) if not _cjk_speck(h.text)]
    kept_sizes = [sizes[k] for k in kept] if len(sizes) >= len(headings) else ()
    roles = iter(heading_roles([headings[k] for k in kept], kept_sizes))
    return [next(roles) if k in kept else ("noise", "a speck of OCR noise among the headings")
            for k in range(len(headings))]


def _cjk_speck(text: str) -> bool:
    """A heading over a Chinese headline that holds one character at most (`O`, `台`):
    noise an engine read in a rule or a picture; a Chinese title has two or more."""
    return sum(map(str.isalpha, text)) < 2


def _tallest(sizes: Sequence[float]) -> int | None:
    """The heading of a run set clearly larger than every other one (`sizes`: log2 type
    size against the body type), or None when the layout does not say."""
    if len(sizes) < 2:
        return None
    top = max(range(len(sizes)), key=sizes.__getitem__)
    if all(sizes[top] - size >= TITLE_STEP for k, size in enumerate(sizes) if k != top):
        return top
    return None


@dataclass
class _Draft:
    """An article while it is being assembled."""

    article: Article = field(default_factory=Article)
    first: int = 0
    last: int = 0
    closed: bool = False
    signable: bool = False  # closed by "continued on page N" or a byline: a signature may follow

    def touch(self, paragraph: Paragraph) -> None:
        self.first = min(self.first, paragraph.first) if self.first else paragraph.first
        self.last = max(self.last, paragraph.last)


class _Segmenter:
    """Walks the paragraphs once; kept as a class only to share the running state."""

    def __init__(self, model: PageModel, paragraphs: Sequence[Paragraph],
                 audit_margin: float) -> None:
        self.model = model
        self._index_of = {id(p): i for i, p in enumerate(paragraphs)}
        self._index_at = {p.first: i for i, p in reversed(list(enumerate(paragraphs)))}
        self.audit_margin = audit_margin
        self.previous: Paragraph | None = None  # the paragraph handled last, of any kind
        self.before_run: Paragraph | None = None  # the one before the pending headings
        self.starts: list[Decision] = []
        self.drafts: list[_Draft] = []
        self.pending: list[Paragraph] = []
        self.credits: list[Paragraph] = []
        self.removed: list[Decision] = []
        self.roles: list[Decision] = []
        self.edges: set[int] = set()  # first lines of paragraphs that start a layout block
        #: Whether the page's blocks say anything: a text with no blank lines is one block.
        self.blocked = len({b for p in paragraphs for b in p.blocks}) > 1
        self.headlines_end_with_period = _headlines_end_with_period(
            [p.text for i, p in enumerate(paragraphs) if model.is_heading(i)])

    def index(self, paragraph: Paragraph) -> int:
        """The paragraph's place on the page (a headline joined from two lines: its first)."""
        return self._index_of.get(id(paragraph), self._index_at.get(paragraph.first, 0))

    def is_heading(self, paragraph: Paragraph) -> bool:
        return self.model.is_heading(self.index(paragraph))

    def headline_goes_on(self, paragraph: Paragraph) -> bool:
        """A line no longer than a line of text, under a headline line waiting for its
        text, in its block and in its style (`EVERYONE CONCENTRATED` / `HOPEFULLY BITCH`):
        the headline's next line, where the heading decision alone would not call it one.
        Only after finished text: labels of a figure set inside a sentence are not one."""
        return (self.blocked and bool(self.pending)
                and len(paragraph.text) <= self.model.line_length
                and (self.before_run is None or ends_sentence(self.before_run.text))
                and _runs_on_in_its_style(self.pending[-1], paragraph))

    @property
    def current(self) -> _Draft | None:
        return self.drafts[-1] if self.drafts and not self.drafts[-1].closed else None

    def role(self, paragraph: Paragraph, role: str, reason: str, score: float,
             text: str | None = None) -> None:
        self.roles.append(Role(paragraph.span, role, text if text is not None else paragraph.text,
                               reason, score))

    def open(self) -> _Draft:
        if self.current:
            self.current.closed = True
        self.drafts.append(_Draft())
        return self.drafts[-1]

    def take_headings(self, draft: _Draft) -> None:
        article = draft.article
        self.pending = joined_headline(self.pending, self.model.line_length)
        signed = [p for p in self.pending[1:] if signs_under_headline(p.text)]
        if signed:  # `本报记者 王芳` set under the headline
            article.byline = signed[0].text
            self.role(signed[0], "byline", "a reporter's name under the headline",
                      byline_score(signed[0].text))
            draft.touch(signed[0])
            self.pending = [p for p in self.pending if p is not signed[0]]
        sizes = [self.model.settings[self.index(p)].get("taller", 0.0) for p in self.pending]
        for paragraph, (role, reason) in zip(self.pending, heading_roles(self.pending, sizes),
                                             strict=True):
            if role == "subtitle" and article.subtitle:
                article.subtitle += "\n" + paragraph.text
            elif role == "noise":  # kept with the article it stands over, as a note
                article.notes.append(paragraph.text)
            else:
                setattr(article, role, paragraph.text)
            self.heading_role(paragraph, role, reason)
            draft.touch(paragraph)
        self.pending = []

    def heading_role(self, paragraph: Paragraph, role: str, reason: str) -> None:
        """A heading's role, with the evidence of the heading decision."""
        score, evidence = self.model.headings[self.index(paragraph)]
        self.roles.append(Role(paragraph.span, role, paragraph.text, reason,
                               probability(score), evidence, score, self.model.language))

    def start_decision(self, paragraph: Paragraph, body: str, rule: bool,
                       reason: str) -> bool:
        """Whether an article starts at `paragraph` (the first of a run of headings, or a
        paragraph of text) while another is open, weighed with the `article` weights."""
        draft = self.current
        index = self.index(paragraph)
        previous = self.before_run if self.pending else self.previous
        last = previous.text.rstrip().rsplit("\n", 1)[-1] if previous else ""
        style_length = self.model.line_length
        heading_score = self.model.headings[index][0]
        observed = {
            "rule-new-article": float(rule),
            "heading-run": float(bool(self.pending)),
            "heading": max(-HEADING_SCORE_CAP, min(HEADING_SCORE_CAP, heading_score))
                       / HEADING_SCORE_CAP,
            "run-length": float(len(self.headline_run())),
            "dateline-follows": float(split_dateline(body) is not None),
            "credit-follows": float(bool(self.credits)),
            "after-sentence-end": float(bool(previous) and ends_sentence(previous.text)),
            "after-signature": float(bool(previous) and _signature_like(previous.text)),
            "after-short-line": (max(0.0, 1 - len(last) / style_length)
                                 if previous and style_length else 0.0),
            "article-lines": math.log2(1 + (draft.last - draft.first + 1 if draft else 0)),
            "capitals": capital_share(paragraph.text),
        }
        laid = self.model.settings[index]
        observed |= {k: laid[k] for k in _START_LAYOUT if k in laid}
        score, evidence = self.model.article.score(observed)
        new = score > 0
        if new or abs(score) < self.audit_margin or self.pending:
            self.starts.append(Start(paragraph.span, new, score, probability(score),
                                     paragraph.text[:80], evidence, self.model.language,
                                     reason))
        return new

    def headline_run(self) -> list[Paragraph]:
        """The pending headings as printed headlines: one broken over lines counts once,
        a byline set among them not at all."""
        run = joined_headline(self.pending, self.model.line_length)
        return [p for p in run if not signs_under_headline(p.text)] or run

    def take_credits(self, draft: _Draft) -> None:
        self.attach(draft, self.credits, draft.article.credits, "credit",
                    "a wire or copyright credit", 0.9)
        self.credits = []

    def attach(self, draft: _Draft, paragraphs: Sequence[Paragraph], into: list[str],
               role: str, reason: str, score: float) -> None:
        """Put the paragraphs' text in one of the draft's lists, each with its role."""
        for paragraph in paragraphs:
            into.append(paragraph.text)
            draft.touch(paragraph)
            self.role(paragraph, role, reason, score)

    def headings_open_new_article(self, body: str) -> tuple[bool, str]:
        """Whether the headings before the `body` text start a new article or are subheads."""
        if split_dateline(body):
            return True, "the paragraph after them opens with a dateline"
        if self.credits:
            return True, "a credit line follows them"
        if any(signs_under_headline(p.text) for p in self.pending[1:]):
            return True, "a reporter's name under them"
        if any(dash_subtitle(p.text) for p in self.pending[1:]):
            return True, "a title with its dash subtitle"
        if any(spaced_heading(p.text) for p in self.pending):
            return True, "a headline set in spaced parts"
        if len(self.pending) > 1 and not is_cjk(self.pending[0].text):
            return True, "an English headline with its deck"
        if any(_wrapped_cjk_headline(a, b, self.model.line_length)
               for a, b in pairwise(self.pending)):
            return True, "a Chinese headline over two lines"
        if is_cjk(self.pending[0].text) and max(
                self.model.settings[self.index(p)].get("taller", 0.0)
                for p in self.pending) >= DISPLAY_STEP:
            return True, "a Chinese headline set in display type"
        return False, "inside an open article, no dateline follows"

    def remove(self, paragraphs: Sequence[Paragraph], reason: str, detail: str) -> None:
        first, last = paragraphs[0].first, paragraphs[-1].last
        text = "\n".join(p.text for p in paragraphs)
        self.removed.append(Removal((first, last), reason, text, detail=detail))
        for paragraph in paragraphs:
            self.role(paragraph, reason, detail, 0.8)

    def marker(self, paragraph: Paragraph) -> bool:
        marker = continuation_marker(paragraph.text)
        if not marker:
            return False
        self.continuation(paragraph, marker, paragraph.text)
        return True

    def continuation(self, paragraph: Paragraph, marker: Marker, text: str) -> None:
        """A "continued from" marker opens an article; a "continued on" marker closes one."""
        detail = f"continued {marker.direction} page {marker.page}"
        self.removed.append(Removal(paragraph.span, "continuation-marker", text, detail=detail))
        if marker.direction == "from":
            draft = self.open()
            draft.article.continued_from = marker.page
            draft.touch(paragraph)
            if self.pending:
                self.take_headings(draft)
        else:
            draft = self.current or self.open()
            draft.article.continued_to = marker.page
            draft.touch(paragraph)
            draft.closed = draft.signable = True
        self.role(paragraph, "continuation-marker", detail, 1.0, text=text)

    def set_beside(self, paragraph: Paragraph) -> None:
        """A line read beside another column's headline or line (a headline standing next
        to it, a first line of the next column): a note of the article it stands in, or
        of the one before it. Where its own article's text is, a text file does not say."""
        drafts = [d for d in self.drafts if d.first <= paragraph.first] or self.drafts[:1]
        if not drafts:
            self.body(paragraph)
            self.finish()
            return
        draft = drafts[-1]
        draft.article.notes.append(paragraph.text)
        draft.touch(paragraph)
        self.role(paragraph, "beside", "read beside another column's line across the "
                  "gutter", 0.8)

    def note(self, paragraph: Paragraph, following: Paragraph | None) -> bool:
        """An editor's or source line (`（编辑：王红）`) closes the article it follows; a
        photo caption belongs to the article beside it and leaves it open. Before any
        article, or between headings and their text, either waits for the next article."""
        closing = closing_credit(paragraph.text)
        caption = is_caption(paragraph.text) or (
            latin_caption(paragraph.text) and following is not None
            and self.is_heading(following) and not self.headlines_end_with_period)
        if not closing and not caption:
            return False
        draft = next((d for d in reversed(self.drafts) if d.article.has_body), None)
        if draft is None or self.pending:
            self.credits.append(paragraph)
            return True
        draft.article.notes.append(paragraph.text)
        draft.touch(paragraph)
        draft.closed = draft.closed or closing
        if closing:
            self.role(paragraph, "credit", "an editor, source or end-of-instalment line closing "
                      "the article", 0.9)
        else:
            self.role(paragraph, "caption", "a photo caption beside the article", 0.8)
        return True

    def body(self, paragraph: Paragraph) -> None:
        """A paragraph of running text, with a marker it opens or closes with taken out."""
        inline = inline_marker(paragraph.text)
        if inline is None:
            self.running_text(paragraph, paragraph.text)
        elif inline.marker.direction == "from" and not inline.before:
            self.continuation(paragraph, inline.marker, inline.text)
            self.running_text(paragraph, inline.after)
        elif inline.marker.direction == "to" and not inline.after:
            self.running_text(paragraph, inline.before)
            self.continuation(paragraph, inline.marker, inline.text)
        else:  # a "continued from" after the text or "continued on" before it: leave it be
            self.running_text(paragraph, paragraph.text)

    def running_text(self, paragraph: Paragraph, text: str) -> None:
        if ends_advertisement(paragraph.text):
            advert = [*self.pending, paragraph]
            self.remove(advert, "advertisement", "ends with Advt.")
            self.edges.add(advert[0].first)
            self.pending = []
            if self.current:  # an advertisement sits between articles
                self.current.closed = True
            return
        draft = self.current
        if self.pending and draft and draft.article.has_body and all(
                _speck(p.text) for p in self.pending):
            self.noise(draft)  # `4`, `_`, `I`: no headline, so no article starts here
        elif (not self.pending and draft and draft.article.has_body
              and _speck(paragraph.text)):
            pass  # a speck of text goes on with the article it stands in
        elif self.pending:
            if draft and draft.article.has_body:
                rule, reason = self.headings_open_new_article(text)
                if self.start_decision(self.pending[0], text, rule, reason):
                    draft = self.open()
                    self.take_headings(draft)
                else:
                    for heading in self.pending:
                        draft.article.subheads.append(heading.text)
                        draft.article.paragraphs.append(heading.text)
                        draft.touch(heading)
                        self.heading_role(heading, "subhead", "a heading inside an article "
                                          "that goes on")
                    self.pending = []
            else:
                draft = draft or self.open()
                self.take_headings(draft)
        elif draft and draft.article.has_body and self.start_decision(
                paragraph, text, False, "a paragraph of text"):
            draft = self.open()
        draft = draft or self.open()
        self.take_credits(draft)
        if not draft.article.has_body:
            dateline = split_dateline(text)
            if dateline:
                draft.article.dateline, text = dateline
                self.role(paragraph, "dateline", "short place or source before the first "
                          "sentence", 0.9, text=dateline[0])
        draft.article.paragraphs.append(unspaced_cjk(text))
        draft.touch(paragraph)

    def noise(self, draft: _Draft) -> None:
        """Pending headings that are only specks of OCR noise: notes of the open article."""
        self.attach(draft, self.pending, draft.article.notes, "noise",
                    "a speck of OCR noise inside the article", 0.8)
        self.pending = []

    def byline(self, paragraph: Paragraph, following: Paragraph | None) -> bool:
        """A name line right after the body, with no body text after it, closes the article."""
        score = byline_score(paragraph.text)
        if not score and self.current and self._signs_off(paragraph, following):
            score = SIGNATURE_SCORE  # `PUBLIUS`, `JOHN SMITH.` under the last sentence
        draft = self.current
        if draft is None and self.drafts and self.drafts[-1].signable:
            draft = self.drafts[-1]  # `…（下转第3版）` then the reporter's name
        if not score or not draft or not draft.article.has_body or self.pending:
            return False
        if (following is not None and not self.is_heading(following)
                and not is_credit(following.text)):
            return False
        if draft.article.byline:  # named under the headline and signed again at the end
            draft.article.notes.append(paragraph.text)
        else:
            draft.article.byline = paragraph.text
        draft.touch(paragraph)
        draft.closed = draft.signable = True
        self.role(paragraph, "byline", "a short line of names closing the article", score)
        return True

    def _signs_off(self, paragraph: Paragraph, following: Paragraph | None) -> bool:
        """A signature by its look: a line of capitals under the last sentence, followed
        by the page's end or the next headline in capitals. A headline ending with a period
        (`RIOTOUS STUDENTS.`) is followed by its deck in upper and lower case instead."""
        if (self.previous is None or not ends_sentence(self.previous.text)
                or not _signature_like(paragraph.text)):
            return False
        if self.blocked and following is not None and _runs_on_in_its_style(paragraph, following):
            return False  # the first line of a headline broken for the column
        if following is None or len(paragraph.text.split()) == 1:
            return True
        return self.is_heading(following) and mostly_upper(following.text)

    def finish(self) -> None:
        """Headings with no body after them (a caption, the page's last lines) stand alone."""
        if self.pending or self.credits:
            draft = self.current if self.current and not self.current.article.has_body else None
            draft = draft or self.open()
            self.take_headings(draft)
            self.take_credits(draft)
            draft.closed = True


def dash_subtitle(text: str) -> bool:
    """A heading introduced by a dash (`——主标题下的副题`), also where an OCR engine read the
    dash as `一` (the character one): a `一` that the words after it leave alone (`一遮掩…`,
    `一发展…`, where `一年来…` is a heading of its own), or two of them (`一一专家…`: the
    two dashes of `——`)."""
    if SUBTITLE_DASH_RE.match(text):
        return True
    text = text.strip()
    if not (text[:1] == MISREAD_DASH and len(text) >= DASH_SUBTITLE_MIN
            and CJK_RE.match(text[1:2])):
        return False
    if text[1:2] == MISREAD_DASH:
        return bool(CJK_RE.match(text[2:3]))
    first = next(iter(lexicon.tokenize(text[:DASH_SCAN])), None)
    return first is not None and first[0] == MISREAD_DASH


def signs_under_headline(text: str) -> bool:
    """A byline set among the headings: named as one (`本报记者 王芳`, `By JOHN SMITH`)."""
    score = byline_score(text)
    return score >= 1.0 or (score > 0 and text.strip()[:3].lower() == "by ")


def _signature_like(text: str) -> bool:
    """A closing signature the byline rule may not know (`PUBLIUS`, `JOHN SMITH.`): one
    short line of capitals and no digits, one word or ending with a period (a kicker or a
    headline of a few words rarely does)."""
    text = text.strip()
    words = text.split()
    return (0 < len(text) <= SIGNATURE_MAX and "\n" not in text and mostly_upper(text)
            and 1 <= len(words) <= SIGNATURE_WORDS and not any(map(str.isdigit, text))
            and (len(words) == 1 or text.endswith(".")))


def latin_caption(text: str) -> bool:
    """An English photo caption set like a headline: a whole sentence in capitals, ending
    with a period (`THE NEW COURTHOUSE AS IT WILL APPEAR WHEN COMPLETED.`)."""
    text = text.strip()
    return (not is_cjk(text) and "\n" not in text and text.endswith(".")
            and len(text.split()) >= CAPTION_MIN_WORDS and mostly_upper(text)
            and not is_furniture(text))


def _headlines_end_with_period(headings: Sequence[str]) -> bool:
    """Whether most of a page's headlines in capitals end with a period, as British
    papers of the 1890s set them (`EPITOME OF NEWS.`). On such a page a sentence in
    capitals with a period is a headline like the others, not a photo caption."""
    capitals = [t.strip() for t in headings
                if not is_cjk(t) and len(t.split()) >= 2 and mostly_upper(t)]
    return (len(capitals) >= PERIOD_HEADLINES_MIN
            and sum(t.endswith(".") for t in capitals) > PERIOD_HEADLINES_SHARE * len(capitals))


def _next_line_in_block(before: Paragraph, after: Paragraph) -> bool:
    """`after` starts on the line under `before`, in the same block of the source."""
    return (after.first == before.last + 1 and bool(before.blocks) and bool(after.blocks)
            and before.blocks[-1] == after.blocks[0])


#: Marks a headline line ends on when it does not run on into the next heading.
_HEADLINE_STOPS = ".,:;!?"


def _runs_on_in_its_style(before: Paragraph, after: Paragraph) -> bool:
    """Two lines of one block in one style, both in capitals or both in title case, the
    first with no closing punctuation: an English headline broken for the column
    (`NATIONALISTIC` / `RECYCLING`, `Council Votes New` / `Harbour`); an OCR engine puts
    a deck or the next headline in a block of its own, and a deck is set in another style."""
    if not _next_line_in_block(before, after) or is_cjk(before.text + after.text):
        return False
    same_style = ((mostly_upper(before.text) and _in_capitals(after.text))
                  or (capitalised(before.text) and capitalised(after.text)))
    return same_style and before.text.rstrip()[-1:] not in _HEADLINE_STOPS


def _in_capitals(text: str) -> bool:
    """Set in capitals, a word of two letters too (`BE`, which `mostly_upper` leaves
    out as too short to tell)."""
    return mostly_upper(text) or (text.isupper() and sum(map(str.isalpha, text)) >= 2)


def _last_word_set_apart(before: Paragraph, after: Paragraph) -> bool:
    """One word in capitals under a headline in capitals that has no closing
    punctuation, on the next line or after one blank: the headline's last word, which an
    engine set in a block of its own (`ENROLLMENT INFORMING` / `BLAND`). A deck is a
    phrase, never one word."""
    words = after.text.split()
    return (len(words) == 1 and not is_cjk(before.text + after.text)
            and sum(map(str.isalpha, words[0])) >= FEW_LETTERS
            and after.first - before.last <= 2
            and mostly_upper(before.text) and mostly_upper(after.text)
            and before.text.rstrip()[-1:] not in _HEADLINE_STOPS)


def joined_headline(headings: Sequence[Paragraph], line_length: float = 0.0,
                    ) -> list[Paragraph]:
    """A headline printed over two lines (`GREAT FIRE IN THE` / `BUSINESS DISTRICT`) is one
    heading: the first line ends on a minor word, with no punctuation, or runs on in its
    style (capitals, title case) on the next line of its block, or its last word stands
    apart (`_last_word_set_apart`); a Chinese one fills its line and goes on in a
    shorter one (`_wrapped_cjk_headline`). A reporter's line (`By Clark SMITH`) under a
    deck ending on `the` is the byline, not the deck's last words."""
    out: list[Paragraph] = []
    for heading in headings:
        before = out[-1] if out else None
        last = before.text.split()[-1] if before and before.text.split() else ""
        if before is not None and not is_cjk(last) and not signs_under_headline(heading.text) and (
                last.lower() in MINOR_WORDS or _runs_on_in_its_style(before, heading)
                or _last_word_set_apart(before, heading)):
            out[-1] = _joined(before, heading, " ")
        elif before is not None and _wrapped_cjk_headline(before, heading, line_length):
            out[-1] = _joined(before, heading, "")
        else:
            out.append(heading)
    return out


def _joined(before: Paragraph, heading: Paragraph, glue: str) -> Paragraph:
    return Paragraph(f"{before.text}{glue}{heading.text}", before.first, heading.last,
                     before.blocks + heading.blocks,
                     before.starts + tuple((n, o + len(before.text) + len(glue))
                                           for n, o in heading.starts))


#: A Chinese headline line this long against the page's median line fills its measure: set
#: in display type (1.5 times the text here) it holds fewer characters than a line of
#: text; a subhead, in a few words, holds fewer still.
CJK_WRAPPED_HEADLINE = 0.6
#: A line of this many Chinese characters under a heading is its last word wrapped
#: (`近年甘休两千多年情` / `急`): no headline is one character.
CJK_ORPHAN = 1
#: The dash of a subtitle as OCR engines misread it, and the shortest subtitle read so.
MISREAD_DASH = "一"
DASH_SUBTITLE_MIN = 4
#: Characters of a heading segmented to tell a misread dash from a word opening with `一`.
DASH_SCAN = 8


def _wrapped_cjk_headline(before: Paragraph, heading: Paragraph, line_length: float) -> bool:
    """A Chinese headline broken for its width (`租界抗争马朝旭对付交` / `出市声`): one line
    each, no punctuation, the first nearly as long as a line of text and the second
    shorter, on the next line or after one blank (OCR engines set each headline line
    apart). A kicker over its title is shorter than the title; two subheads are short.
    Two lines at most: a third is more often the text's first line. Two lines of one
    block, the second no longer, are one headline however short the first
    (`失常核战争小型` / `时有发生滑翔尽`): a kicker in smaller type holds more characters
    than the title under it, and an engine mostly sets it in a block of its own."""
    first, second = before.text, heading.text
    if not (bool(line_length) and before.first == before.last
            and heading.first == heading.last and is_cjk(first) and is_cjk(second)
            and not has_punctuation(first) and not has_punctuation(second)
            and not signs_under_headline(second) and heading.first - before.last <= 2
            and not dash_subtitle(second)):
        return False
    width, rest = visible_length(first), visible_length(second)
    if _next_line_in_block(before, heading):
        return rest <= width
    return rest < width and (width >= CJK_WRAPPED_HEADLINE * line_length or rest <= CJK_ORPHAN)


#: A kicker is set at least this much smaller than its headline (log2 of the size ratio),
#: in a few words.
KICKER_STEP = 0.5
KICKER_WORDS = 6
#: A Chinese title is set at least this much larger than the other headings of its run
#: (log2 of the size ratio: 1.15 times; line heights of one size differ by a few percent).
TITLE_STEP = 0.2
#: Longest closing signature line, in characters and in words.
SIGNATURE_MAX = 32
SIGNATURE_WORDS = 3
#: How sure a signature read by its look is (a byline by its words is 0.8-0.9).
SIGNATURE_SCORE = 0.7
#: A page's blocks set its headlines apart when at least this share of its headings (by
#: the plain-text decision) start a block; the 30 pages with METS truth hold 0.18-1.00,
#: engine-zoned pages with a whole column in a block 0.04-0.10.
BLOCKS_PART_HEADINGS_MIN = 0.12
#: Fewer headings than this say nothing of how a page's blocks stand.
BLOCK_HEADINGS_MIN = 10
#: A caption set in capitals is a sentence of at least this many words.
CAPTION_MIN_WORDS = 6
#: A page sets its headlines with a period when more than this share of its headlines in
#: capitals (at least `PERIOD_HEADLINES_MIN` of them) end with one.
PERIOD_HEADLINES_SHARE = 0.5
PERIOD_HEADLINES_MIN = 3
#: Layout features the start decision reads off the paragraph it is taken at.
_START_LAYOUT = ("block-start", "has-layout", "taller", "bold", "centred", "space-above",
                 "new-text-block")


def segment_articles(paragraphs: Sequence[Paragraph], source: SourceText | None = None,
                     blocks: Sequence[Block] = (), audit_margin: float = 2.0,
                     beside: Collection[int] = frozenset(),
                     ) -> tuple[list[Article], list[Decision], list[Decision], set[int]]:
    """Group paragraphs into articles; markers, furniture and adverts go to removals.

    `source` and `blocks` give the layout (line boxes from ALTO, block starts). Returns
    the articles, the removals, the roles and article-start decisions (those taken, and
    those declined at a run of headings or by less than `audit_margin`), and the lines
    where a new layout block starts (article starts, headlines in capitals, furniture,
    markers, after bylines and advertisements). `beside` are lines an engine read beside
    another column's line (`columns`): no part of that line's headline.
    """
    model = page_model(paragraphs, source, blocks)
    seg = _Segmenter(model, paragraphs, audit_margin)
    aside = []
    for i, paragraph in enumerate(paragraphs):
        if paragraph.first == paragraph.last and paragraph.first in beside:
            aside.append(paragraph)
            continue
        following = paragraphs[i + 1] if i + 1 < len(paragraphs) else None
        handled = (seg.marker(paragraph) or seg.byline(paragraph, following)
                   or seg.note(paragraph, following))
        if handled:
            pass
        elif is_furniture(paragraph.text):
            seg.remove([paragraph], "page-furniture", "folio, masthead or price line")
            continue  # read past, as a reader's eye does: what stood before it comes before
        elif is_credit(paragraph.text):
            seg.credits.append(paragraph)
        elif ((not model.is_heading(i) and not seg.headline_goes_on(paragraph))
              or ends_advertisement(paragraph.text)):
            seg.body(paragraph)
        else:
            if seg.credits and seg.pending:  # a credit closed a caption; new headings now
                seg.finish()
            if not seg.pending:
                seg.before_run = seg.previous
            seg.pending.append(paragraph)
        seg.previous = paragraph
    seg.finish()
    for paragraph in aside:
        seg.set_beside(paragraph)
    articles = []
    for draft in seg.drafts:
        draft.article.lines = (draft.first, draft.last)
        articles.append(draft.article)
    return (articles, seg.removed, [*seg.roles, *seg.starts],
            layout_edges(paragraphs, seg.roles, seg.removed, articles))


#: Roles that stand in a layout block of their own, and roles that end one.
_STANDALONE = {"page-furniture", "continuation-marker"}
_HEADLINES = {"title", "kicker", "subtitle"}
_CLOSERS = {"byline"}


def layout_edges(paragraphs: Sequence[Paragraph], roles: Sequence[Decision],
                 removed: Sequence[Decision], articles: Sequence[Article]) -> set[int]:
    """Lines where a new layout block starts, read off the roles.

    Articles start blocks; furniture, markers and headlines set in capitals stand alone,
    up to the first deck in body type: what follows a deck (credits, taglines, the text)
    is set with it. A subhead starts a block that its body continues; a byline or an
    advertisement ends one, and an advertisement with its own heading starts one.
    """
    following = {p.first: q.first for p, q in pairwise(paragraphs)}
    starts = [p.first for p in paragraphs]

    def paragraph_start(line: int) -> int:
        """First line of the paragraph holding `line`."""
        k = bisect.bisect_right(starts, line) - 1
        return starts[k] if k >= 0 else line

    edges = {a.lines[0] for a in articles}
    inside: set[int] = set()
    deck_seen = False
    for role in roles:
        first, last = role.lines
        after = following.get(paragraph_start(last))
        if role.role == "title":
            deck_seen = False
        capitals = mostly_upper(role.text)
        if role.role in _HEADLINES and not capitals:
            deck_seen = True
        if role.role in _STANDALONE or (role.role in _HEADLINES and capitals and not deck_seen):
            edges.add(first)
            if after:
                edges.add(after)
        elif role.role == "subhead" and mostly_upper(role.text):
            edges.add(first)
        elif role.role in _CLOSERS and after:
            edges.add(after)
        if role.role == "credit":
            inside.add(first)
    for removal in removed:
        if removal.reason == "advertisement":
            first, last = removal.lines
            if "\n" in removal.text:  # it opens with its own heading
                edges.add(first)
            after = following.get(paragraph_start(last))
            if after:
                edges.add(after)
            inside |= set(range(first + 1, last + 1))
    return edges - inside
