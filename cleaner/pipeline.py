"""The stages in order: read -> blocks -> joins -> duplicates -> articles -> layout blocks.

Each stage is a plain function over plain data; this module only threads them together,
so a caller (the CLI, a notebook, a test) can run the whole page or any stage alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from .articles import segment_articles
from .blocks import layout_blocks, split_blocks
from .duplicates import remove_duplicates
from .joins import Hint, build_paragraphs
from .model import Article, Block, Options, PageResult, SourceText
from .read import decode


def clean_source(source: SourceText, options: Options | None = None,
                 blocks: Sequence[Block] | None = None,
                 hints: Mapping[int, Hint] | None = None) -> PageResult:
    """Clean one decoded page. `blocks` and `hints` come from a layout format (ALTO)."""
    options = options or Options()
    blocks = list(blocks) if blocks is not None else split_blocks(source.lines)
    paragraphs, joins, flags = build_paragraphs(blocks, options, hints)
    kept, duplicates, rejoins = remove_duplicates(paragraphs, source.lines, source.name, options)
    articles, removed, roles, edges = segment_articles(kept)
    edges |= {line for r in duplicates for line in (r.lines[0], r.lines[1] + 1)}
    layout = layout_blocks(blocks, edges)
    articles = [_with_blocks(a, layout) for a in articles]
    return PageResult(source, tuple(articles),
                      tuple(sorted(duplicates + removed, key=lambda r: r.lines)),
                      tuple(sorted(joins + rejoins, key=lambda j: j.lines)), tuple(flags),
                      tuple(roles), tuple(layout))


def _with_blocks(article: Article, layout: Sequence[Block]) -> Article:
    first, last = article.lines
    return replace(article, blocks=[b.id for b in layout if b.first <= last and b.last >= first])


def clean_bytes(data: bytes, name: str, options: Options | None = None) -> PageResult:
    """Clean one page given as raw bytes in any common encoding (plain text or ALTO XML)."""
    options = options or Options()
    from .alto import looks_like_alto, read_alto

    if looks_like_alto(data):
        page = read_alto(data, name)
        return clean_source(page.source, options, page.blocks, page.hints)
    return clean_source(decode(data, name, options.encoding), options)


def clean_text(text: str, name: str = "<text>", options: Options | None = None) -> PageResult:
    """Clean one page given as a string (the library entry point).

    >>> result = clean_text("标题\\n\\n正文第一段。")
    >>> result.articles[0].title, result.articles[0].paragraphs
    ('标题', ['正文第一段。'])
    """
    from .read import split_lines

    return clean_source(SourceText(name, "utf-8", split_lines(text)), options)
