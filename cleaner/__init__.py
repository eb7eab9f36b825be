"""cleaner: turn the OCR text of scanned newspaper pages into clean, audited articles.

    >>> from cleaner import clean_text
    >>> clean_text(open("page.txt").read()).articles   # doctest: +SKIP

The names below are loaded on first use (PEP 562), so `clean --help` and the parent
process of a batch do not import the stages and their dictionaries.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

__version__ = "0.1.0"

#: Public name -> the module that defines it.
_EXPORTS = {
    **dict.fromkeys(("Article", "Decision", "Feature", "Flag", "InputError", "Join",
                     "Options", "PageResult", "Removal", "Role", "SourceText"), "model"),
    **dict.fromkeys(("clean_bytes", "clean_source", "clean_text"), "pipeline"),
}
__all__ = [
    "Article", "Decision", "Feature", "Flag", "InputError", "Join", "Options", "PageResult",
    "Removal", "Role", "SourceText", "clean_bytes", "clean_source", "clean_text",
]

if TYPE_CHECKING:
    from .model import (
        Article,
        Decision,
        Feature,
        Flag,
        InputError,
        Join,
        Options,
        PageResult,
        Removal,
        Role,
        SourceText,
    )
    from .pipeline import clean_bytes, clean_source, clean_text


def __getattr__(name: str):
    if name in _EXPORTS:
        value = getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})
