"""Stage 5: paragraphs -> articles, with every paragraph labelled by its role.

A page reads as a sequence of articles, each opened by a run of headings (kicker, title,
subtitle) or a "continued from" marker and closed by a byline, a "continued on" marker or
the next article's headings. Between those, short unfinished paragraphs are subheads. Each
label goes into a `Role` record with the reason it was given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .model import Article, Paragraph, Removal, Role
from .patterns import SUBTITLE_DASH_RE
from .signals import (
    byline_score,
    continuation_marker,
    heading_like,
    is_cjk,
    spaced_heading,
    split_dateline,
)


def is_body(paragraph: Paragraph) -> bool:
    """Running text: anything that cannot stand alone as a heading."""
    return not heading_like(paragraph.text)


def heading_roles(headings: Sequence[Paragraph]) -> list[tuple[str, str]]:
    """Name the headings that open an article: (role, reason) for each.

    One heading is the title. Of two, Chinese pages put the kicker (引题) above the title
    unless the second is introduced by a dash (a subtitle); English decks follow the title.
    """
    n = len(headings)
    if n == 1:
        return [("title", "single heading before the body")]
    second_is_dashed = bool(SUBTITLE_DASH_RE.match(headings[1].text))
    if n == 2:
        if second_is_dashed or not is_cjk(headings[0].text + headings[1].text):
            return [("title", "first of two headings"),
                    ("subtitle", "second heading" + (" after a dash" if second_is_dashed else ""))]
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

    def touch(self, paragraph: Paragraph) -> None:
        self.first = self.first or paragraph.first
        self.last = max(self.last, paragraph.last)


class _Segmenter:
    """Walks the paragraphs once; kept as a class only to share the running state."""

    def __init__(self) -> None:
        self.drafts: list[_Draft] = []
        self.pending: list[Paragraph] = []
        self.removed: list[Removal] = []
        self.roles: list[Role] = []

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
        for paragraph, (role, reason) in zip(self.pending, heading_roles(self.pending),
                                             strict=True):
            if role == "subtitle" and article.subtitle:
                article.subtitle += " " + paragraph.text
            else:
                setattr(article, role, paragraph.text)
            self.role(paragraph, role, reason, 0.9)
            draft.touch(paragraph)
        self.pending = []

    def headings_open_new_article(self, body: Paragraph) -> tuple[bool, str]:
        """Whether the headings before `body` start a new article or are subheads."""
        if split_dateline(body.text):
            return True, "the paragraph after them opens with a dateline"
        if any(spaced_heading(p.text) for p in self.pending):
            return True, "a headline set in spaced parts"
        return False, "inside an open article, no dateline follows"

    def marker(self, paragraph: Paragraph) -> bool:
        marker = continuation_marker(paragraph.text)
        if not marker:
            return False
        self.removed.append(Removal(paragraph.span, "continuation-marker", paragraph.text,
                                    detail=f"continued {marker.direction} page {marker.page}"))
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
            draft.closed = True
        self.role(paragraph, "continuation-marker", f"continued {marker.direction} page "
                  f"{marker.page}", 1.0)
        return True

    def body(self, paragraph: Paragraph) -> None:
        draft = self.current
        if self.pending:
            if draft and draft.article.has_body:
                new, reason = self.headings_open_new_article(paragraph)
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
        text = paragraph.text
        if not draft.article.has_body:
            dateline = split_dateline(text)
            if dateline:
                draft.article.dateline, text = dateline
                self.role(paragraph, "dateline", "short tokens before the first sentence", 0.9,
                          text=dateline[0])
        draft.article.paragraphs.append(text)
        draft.touch(paragraph)

    def byline(self, paragraph: Paragraph, following: Paragraph | None) -> bool:
        """A name line right after the body, with no body text after it, closes the article."""
        score = byline_score(paragraph.text)
        draft = self.current
        if not score or not draft or not draft.article.has_body or self.pending:
            return False
        if following is not None and is_body(following):
            return False
        draft.article.byline = paragraph.text
        draft.touch(paragraph)
        draft.closed = True
        self.role(paragraph, "byline", "a short line of names closing the article", score)
        return True

    def finish(self) -> None:
        if self.pending:
            draft = self.current if self.current and not self.current.article.has_body else None
            self.take_headings(draft or self.open())


def segment_articles(paragraphs: Sequence[Paragraph],
                     ) -> tuple[list[Article], list[Removal], list[Role]]:
    """Group paragraphs into articles; markers go to removals, every label to roles."""
    seg = _Segmenter()
    for i, paragraph in enumerate(paragraphs):
        following = paragraphs[i + 1] if i + 1 < len(paragraphs) else None
        if seg.marker(paragraph) or seg.byline(paragraph, following):
            continue
        if is_body(paragraph):
            seg.body(paragraph)
        else:
            seg.pending.append(paragraph)
    seg.finish()
    articles = []
    for draft in seg.drafts:
        draft.article.lines = (draft.first, draft.last)
        articles.append(draft.article)
    return articles, seg.removed, seg.roles
