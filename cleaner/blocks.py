"""Stage 2: numbered lines -> blocks, the runs of text the page set apart with blank lines."""

from __future__ import annotations

from collections.abc import Iterable

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
