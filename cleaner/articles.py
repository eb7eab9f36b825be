"""Stage 5: paragraphs -> articles, with every paragraph labelled by its role.

A page reads as a sequence of articles, each opened by a run of headings (kicker, title,
subtitle or decks) or a "continued from" marker and closed by a byline, a "continued on"
marker or the next article's headings. Between those, short unfinished paragraphs are
subheads. Page furniture (folios, prices) and advertisements are taken out with their
reason. Each label goes into a `Role` record with the reason it was given.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from .model import Article, Decision, Paragraph, Removal, Role
from .patterns import SUBTITLE_DASH_RE
from .signals import (
    Marker,
    byline_score,
    closing_credit,
    continuation_marker,
    ends_advertisement,
    inline_marker,
    is_caption,
    is_cjk,
    is_credit,
    is_furniture,
    is_heading,
    mostly_upper,
    spaced_heading,
    split_dateline,
)


def is_body(paragraph: Paragraph) -> bool:
    """Running text: anything that cannot stand alone as a heading."""
    return not is_heading(paragraph.text)


def heading_roles(headings: Sequence[Paragraph]) -> list[tuple[str, str]]:
    """Name the headings that open an article: (role, reason) for each.

    One heading is the title. Chinese pages put a kicker (引题) above the title unless the
    second heading is introduced by a dash (a subtitle); a third is a subtitle. English
    headlines are followed by their decks, all subtitles.
    """
    n = len(headings)
    if n == 0:
        return []
    if n == 1:
        return [("title", "single heading before the body")]
    if not is_cjk("".join(h.text for h in headings)):
        return [("title", "first headline")] + [("subtitle", "deck under the headline")] * (n - 1)
    if n == 2:
        if SUBTITLE_DASH_RE.match(headings[1].text):
            return [("title", "first of two headings"), ("subtitle", "second heading after a dash")]
        return [("kicker", "first of two Chinese headings"), ("title", "main heading")]
    return ([("kicker", "first of a heading run"), ("title", "second of a heading run")]
            + [("subtitle", "later heading of a run")] * (n - 2))


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

    def __init__(self) -> None:
        self.drafts: list[_Draft] = []
        self.pending: list[Paragraph] = []
        self.credits: list[Paragraph] = []
        self.removed: list[Decision] = []
        self.roles: list[Decision] = []
        self.edges: set[int] = set()  # first lines of paragraphs that start a layout block

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
        signed = [p for p in self.pending[1:] if signs_under_headline(p.text)]
        if signed:  # `本报记者 王芳` set under the headline
            article.byline = signed[0].text
            self.role(signed[0], "byline", "a reporter's name under the headline",
                      byline_score(signed[0].text))
            draft.touch(signed[0])
            self.pending = [p for p in self.pending if p is not signed[0]]
        for paragraph, (role, reason) in zip(self.pending, heading_roles(self.pending),
                                             strict=True):
            if role == "subtitle" and article.subtitle:
                article.subtitle += "\n" + paragraph.text
            else:
                setattr(article, role, paragraph.text)
            self.role(paragraph, role, reason, 0.9)
            draft.touch(paragraph)
        self.pending = []

    def take_credits(self, draft: _Draft) -> None:
        for paragraph in self.credits:
            draft.article.credits.append(paragraph.text)
            draft.touch(paragraph)
            self.role(paragraph, "credit", "a wire or copyright credit", 0.9)
        self.credits = []

    def headings_open_new_article(self, body: str) -> tuple[bool, str]:
        """Whether the headings before the `body` text start a new article or are subheads."""
        if split_dateline(body):
            return True, "the paragraph after them opens with a dateline"
        if self.credits:
            return True, "a credit line follows them"
        if any(signs_under_headline(p.text) for p in self.pending[1:]):
            return True, "a reporter's name under them"
        if any(SUBTITLE_DASH_RE.match(p.text) for p in self.pending[1:]):
            return True, "a title with its dash subtitle"
        if any(spaced_heading(p.text) for p in self.pending):
            return True, "a headline set in spaced parts"
        if len(self.pending) > 1 and not is_cjk(self.pending[0].text):
            return True, "an English headline with its deck"
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

    def note(self, paragraph: Paragraph) -> bool:
        """An editor's or source line (`（编辑：王红）`) closes the article it follows; a
        photo caption belongs to the article beside it and leaves it open. Before any
        article, or between headings and their text, either waits for the next article."""
        closing = closing_credit(paragraph.text)
        if not closing and not is_caption(paragraph.text):
            return False
        draft = next((d for d in reversed(self.drafts) if d.article.has_body), None)
        if draft is None or self.pending:
            self.credits.append(paragraph)
            return True
        draft.article.notes.append(paragraph.text)
        draft.touch(paragraph)
        draft.closed = draft.closed or closing
        if closing:
            self.role(paragraph, "credit", "an editor or source line closing the article", 0.9)
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
        if self.pending:
            if draft and draft.article.has_body:
                new, reason = self.headings_open_new_article(text)
                if new:
                    draft = self.open()
                    self.take_headings(draft)
                else:
                    for heading in self.pending:
                        draft.article.subheads.append(heading.text)
                        draft.article.paragraphs.append(heading.text)
                        draft.touch(heading)
                        self.role(heading, "subhead", reason, 0.8)
                    self.pending = []
            else:
                draft = draft or self.open()
                self.take_headings(draft)
        draft = draft or self.open()
        self.take_credits(draft)
        if not draft.article.has_body:
            dateline = split_dateline(text)
            if dateline:
                draft.article.dateline, text = dateline
                self.role(paragraph, "dateline", "short place or source before the first "
                          "sentence", 0.9, text=dateline[0])
        draft.article.paragraphs.append(text)
        draft.touch(paragraph)

    def byline(self, paragraph: Paragraph, following: Paragraph | None) -> bool:
        """A name line right after the body, with no body text after it, closes the article."""
        score = byline_score(paragraph.text)
        draft = self.current
        if draft is None and self.drafts and self.drafts[-1].signable:
            draft = self.drafts[-1]  # `…（下转第3版）` then the reporter's name
        if not score or not draft or not draft.article.has_body or self.pending:
            return False
        if following is not None and is_body(following) and not is_credit(following.text):
            return False
        if draft.article.byline:  # named under the headline and signed again at the end
            draft.article.notes.append(paragraph.text)
        else:
            draft.article.byline = paragraph.text
        draft.touch(paragraph)
        draft.closed = draft.signable = True
        self.role(paragraph, "byline", "a short line of names closing the article", score)
        return True

    def finish(self) -> None:
        """Headings with no body after them (a caption, the page's last lines) stand alone."""
        if self.pending or self.credits:
            draft = self.current if self.current and not self.current.article.has_body else None
            draft = draft or self.open()
            self.take_headings(draft)
            self.take_credits(draft)
            draft.closed = True


def signs_under_headline(text: str) -> bool:
    """A byline set among the headings: named as one (`本报记者 王芳`, `By JOHN SMITH`)."""
    score = byline_score(text)
    return score >= 1.0 or (score > 0 and text.strip()[:3].lower() == "by ")


def segment_articles(paragraphs: Sequence[Paragraph],
                     ) -> tuple[list[Article], list[Decision], list[Decision], set[int]]:
    """Group paragraphs into articles; markers, furniture and adverts go to removals.

    Also returns the lines where a new layout block starts (article starts, headlines in
    capitals, furniture, markers, after bylines and advertisements).
    """
    seg = _Segmenter()
    for i, paragraph in enumerate(paragraphs):
        following = paragraphs[i + 1] if i + 1 < len(paragraphs) else None
        if (seg.marker(paragraph) or seg.byline(paragraph, following)
                or seg.note(paragraph)):
            continue
        if is_furniture(paragraph.text):
            seg.remove([paragraph], "page-furniture", "folio, masthead or price line")
        elif is_credit(paragraph.text):
            seg.credits.append(paragraph)
        elif is_body(paragraph) or ends_advertisement(paragraph.text):
            seg.body(paragraph)
        else:
            if seg.credits and seg.pending:  # a credit closed a caption; new headings now
                seg.finish()
            seg.pending.append(paragraph)
    seg.finish()
    articles = []
    for draft in seg.drafts:
        draft.article.lines = (draft.first, draft.last)
        articles.append(draft.article)
    return (articles, seg.removed, seg.roles,
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
