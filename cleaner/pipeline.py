"""The stages in order: read -> blocks -> joins -> duplicates -> articles -> links -> layout.

Each stage is a plain function over plain data; this module only threads them together,
so a caller (the CLI, a notebook, a test) can run the whole page or any stage alone.
Duplicates may span pages, so a page is `prepare`d (read, blocks, joins), then all pages
of a batch go through `dedupe` together, then each is `finish`ed (articles, layout).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from .articles import segment_articles
from .blocks import layout_blocks, split_blocks
from .columns import renumber, split_columns
from .duplicates import PageCopies, PageText, dedupe
from .joins import Hint, build_paragraphs
from .layout import type_sizes, type_steps
from .links import PageMarkers, page_markers, page_ref, plan_links
from .model import (
    Article,
    Block,
    Decision,
    Options,
    PageResult,
    Paragraph,
    Removal,
    SourceText,
)
from .read import decode


@dataclass(frozen=True)
class Prepared:
    """A page read, split into blocks and joined into paragraphs, before duplicates."""

    source: SourceText
    blocks: list[Block]
    paragraphs: list[Paragraph]
    joins: list[Decision]
    flags: list[Decision]
    breaks: list[Decision]
    #: When lines read across a column gutter were split or the layout's reading order
    #: moved lines (`columns`): the input as read, and for each line of `source` the input
    #: line it came from.
    read: SourceText | None = None
    source_line: tuple[int, ...] = ()
    beside: frozenset[int] = frozenset()  # lines read beside another column's line
    rule_marks: tuple[tuple[int, str], ...] = ()  # column rules read as marks, by input line

    def page_text(self) -> PageText:
        named = any(b.id for b in self.blocks)  # ALTO: blocks are not blank-line runs
        return PageText(self.source.name, self.source.lines, self.paragraphs,
                        frozenset(b.first for b in self.blocks) if named else frozenset(),
                        self.source_line)

    def markers(self) -> PageMarkers:
        """Its page number and continuation markers, to link pages before finishing."""
        return page_markers(self.source.name, (self.read or self.source).lines)


def prepare(source: SourceText, options: Options | None = None,
            blocks: Sequence[Block] | None = None,
            hints: Mapping[int, Hint] | None = None) -> Prepared:
    """Read -> columns -> blocks -> joins. `blocks` and `hints` come from a layout format
    (ALTO)."""
    read, source_line, beside, rule_marks = None, (), frozenset(), ()
    if (columned := split_columns(source, blocks, hints)) is not None:
        read, source, source_line = source, columned.source, columned.source_line
        blocks, hints, beside = columned.blocks, columned.hints, columned.beside
        rule_marks = columned.rule_marks
    blocks = list(blocks) if blocks is not None else split_blocks(source.lines)
    paragraphs, joins, flags, breaks = build_paragraphs(blocks, options, hints, source.indents,
                                                        type_sizes(source), type_steps(source))
    return Prepared(source, blocks, paragraphs, joins, flags, breaks, read, source_line,
                    beside, rule_marks)


def finish(prepared: Prepared, copies: PageCopies, options: Options | None = None,
           links: Mapping[str, str] | None = None) -> PageResult:
    """Articles and layout blocks of a page whose duplicates are decided; `links` names,
    by page reference, the inputs of the run that hold continuations (`links.plan_links`)."""
    options = options or Options()
    articles, removed, roles, edges = segment_articles(
        copies.paragraphs, prepared.source, prepared.blocks, options.audit_margin,
        prepared.beside)
    if links:
        articles = [replace(a, continues=links.get(page_ref(a.continued_to)))
                    if a.continued_to else a for a in articles]
    edges |= {line for r in copies.removed for line in (r.lines[0], r.lines[1] + 1)}
    layout = layout_blocks(prepared.blocks, edges)
    articles = [_with_blocks(a, layout) for a in articles]
    decisions = (*prepared.joins, *copies.joins, *prepared.breaks, *prepared.flags,
                 *copies.removed, *removed, *roles)
    result = PageResult(prepared.source, tuple(articles), tuple(decisions), tuple(layout))
    if prepared.read is not None:
        result = renumber(result, prepared.read, prepared.source_line)
    rules = tuple(Removal((line, line), "column-rule", marks,
                          detail="a printed column rule the engine read as text between two "
                                 "columns")
                  for line, marks in prepared.rule_marks)  # numbered by the input already
    return replace(result, decisions=tuple(sorted(
        result.decisions + rules, key=lambda d: (d.lines, _KIND_ORDER[d.kind]))))


_KIND_ORDER = {"join": 0, "break": 1, "flag": 2, "removal": 3, "role": 4, "start": 5}


def finish_pages(pages: Sequence[Prepared], options: Options | None = None,
                 ) -> list[PageResult]:
    """Finish prepared pages, with duplicates looked for across all of them, and articles
    continued on another of them linked to it."""
    options = options or Options()
    copies = dedupe([p.page_text() for p in pages], options)
    links = plan_links([p.markers() for p in pages]) if len(pages) > 1 else [{}] * len(pages)
    return [finish(p, c, options, link) for p, c, link in zip(pages, copies, links, strict=True)]



def clean_source(source: SourceText, options: Options | None = None,
                 blocks: Sequence[Block] | None = None,
                 hints: Mapping[int, Hint] | None = None) -> PageResult:
    """Clean one decoded page."""
    return finish_pages([prepare(source, options, blocks, hints)], options)[0]


def _with_blocks(article: Article, layout: Sequence[Block]) -> Article:
    first, last = article.lines
    return replace(article, blocks=[b.id for b in layout if b.first <= last and b.last >= first])


def prepare_bytes(data: bytes, name: str, options: Options | None = None) -> Prepared:
    """Read raw bytes -- plain text in any common encoding, or ALTO XML -- and prepare them."""
    options = options or Options()
    from .alto import looks_like_alto, read_alto

    digest = hashlib.sha256(data).hexdigest()
    if looks_like_alto(data):
        page = read_alto(data, name)
        return prepare(replace(page.source, sha256=digest), options, page.blocks, page.hints)
    return prepare(replace(decode(data, name, options.encoding), sha256=digest), options)


def clean_bytes(data: bytes, name: str, options: Options | None = None) -> PageResult:
    """Clean one page given as raw bytes in any common encoding (plain text or ALTO XML)."""
    return finish_pages([prepare_bytes(data, name, options)], options)[0]


def clean_text(text: str, name: str = "<text>", options: Options | None = None) -> PageResult:
    """Clean one page given as a string (the library entry point).

    >>> result = clean_text("标题\\n\\n正文第一段。")
    >>> result.articles[0].title, result.articles[0].paragraphs
    ('标题', ['正文第一段。'])
    """
    from .read import read_lines

    lines, indents, splits = read_lines(text)
    return clean_source(SourceText(name, "utf-8", lines, indents=indents, splits=splits),
                        options)


def shift_lines(result: PageResult, offset: int) -> PageResult:
    """The same result with every line number moved by `offset` (a page of a larger file)."""
    if offset == 0:
        return result

    return replace(
        result,
        articles=tuple(replace(a, lines=(a.lines[0] + offset, a.lines[1] + offset))
                       for a in result.articles),
        decisions=tuple(d.moved(offset, result.source.name) for d in result.decisions),
        blocks=tuple(replace(b, first=b.first + offset, last=b.last + offset)
                     for b in result.blocks))


def clean_large_file(path: Path, name: str, options: Options | None = None,
                     ) -> Iterator[PageResult]:
    """Clean a large plain-text file page by page (pages end at form feeds and page-marker
    lines); each result carries the file's own line numbers. Duplicates are looked for
    within each page."""
    from .read import stream_pages

    options = options or Options()
    for first, source in stream_pages(path, name, options.encoding):
        yield shift_lines(clean_source(source, options), first - 1)
