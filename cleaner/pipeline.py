"""The stages in order: read -> blocks -> duplicates -> joins -> articles.

Each stage is a plain function over plain data; this module only threads them together,
so a caller (the CLI, a notebook, a test) can run the whole page or any stage alone.
"""

from __future__ import annotations

from .articles import segment_articles
from .blocks import split_blocks
from .duplicates import remove_duplicates
from .joins import build_paragraphs
from .model import Options, PageResult, SourceText
from .read import decode


def clean_source(source: SourceText, options: Options | None = None) -> PageResult:
    """Clean one decoded page."""
    options = options or Options()
    blocks = split_blocks(source.lines)
    kept, duplicates = remove_duplicates(blocks, source.lines, source.name, options)
    paragraphs, joins, flags = build_paragraphs(kept, options)
    articles, markers, roles = segment_articles(paragraphs)
    removed = tuple(sorted(duplicates + markers, key=lambda r: r.lines))
    return PageResult(source, tuple(articles), removed, tuple(joins), tuple(flags),
                      tuple(roles))


def clean_bytes(data: bytes, name: str, options: Options | None = None) -> PageResult:
    """Clean one page given as raw bytes in any common encoding."""
    options = options or Options()
    return clean_source(decode(data, name, options.encoding), options)


def clean_text(text: str, name: str = "<text>", options: Options | None = None) -> PageResult:
    """Clean one page given as a string (the library entry point).

    >>> result = clean_text("标题\\n\\n正文第一段。")
    >>> result.articles[0].title, result.articles[0].paragraphs
    ('标题', ['正文第一段。'])
    """
    from .read import split_lines

    return clean_source(SourceText(name, "utf-8", split_lines(text)), options)
