"""cleaner: turn the OCR text of scanned newspaper pages into clean, audited articles.

    >>> from cleaner import clean_text
    >>> clean_text(open("page.txt").read()).articles   # doctest: +SKIP
"""

from .model import (
    Article,
    Decision,
    Feature,
    Flag,
    Join,
    Options,
    PageResult,
    Removal,
    Role,
    SourceText,
)
from .pipeline import clean_bytes, clean_source, clean_text

__all__ = [
    "Article", "Decision", "Feature", "Flag", "Join", "Options", "PageResult", "Removal",
    "Role", "SourceText",
    "clean_bytes", "clean_source", "clean_text",
]
__version__ = "0.1.0"
