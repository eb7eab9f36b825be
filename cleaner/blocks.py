"""Stage 2: numbered lines -> blocks, the runs of text the page set apart with blank lines."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from .model import Block


def split_blocks(lines: Iterable[str]) -> list[Block]:
    """Group non-blank lines into blocks; any number of blank lines separates two blocks.

    >>> [b.span for b in split_blocks(["", "a", "b", "", "", "c"])]
    [(2, 3), (6, 6)]
    """
    blocks: list[Block] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(lines, start=1):
        if line:
            if not current:
                start = number
            current.append(line)
        elif current:
            blocks.append(Block(len(blocks), start, start + len(current) - 1, tuple(current)))
            current = []
    if current:
        blocks.append(Block(len(blocks), start, start + len(current) - 1, tuple(current)))
    return blocks


def layout_blocks(blocks: Sequence[Block], edges: Iterable[int]) -> list[Block]:
    """Split blocks where a new layout block starts (`edges`: line numbers), and number them.

    Text without blank lines arrives as one tall block; the article stage knows where its
    headlines, furniture and article starts are, and those lines start blocks here.

    >>> [b.span for b in layout_blocks(split_blocks(["a", "b", "c", "", "d"]), {2})]
    [(1, 1), (2, 3), (5, 5)]
    """
    if any(b.id for b in blocks):  # the source named its blocks (ALTO): keep them as they are
        return list(blocks)
    edges = set(edges)
    out: list[Block] = []
    for block in blocks:
        start = 0
        for offset in range(1, len(block.lines) + 1):
            if offset == len(block.lines) or block.first + offset in edges:
                first = block.first + start
                out.append(replace(block, index=len(out), first=first,
                                   last=block.first + offset - 1,
                                   lines=block.lines[start:offset],
                                   id=f"b{len(out) + 1}"))
                start = offset
    return out
